"""Start and stop a real `unspun serve` process on 127.0.0.1: for the end-to-end tests
(tests/e2e/serve_helpers.py re-exports this) and benchmarks/speed/bench_serve.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without UNSPUN_* settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPUN_")}
    env.update(extra)
    return env


def start_server(
    port: int,
    env: dict[str, str],
    *,
    cwd: Path,
    log: Path,
    timeout_s: float = 90.0,
    extra_args: Sequence[str] = (),
) -> subprocess.Popen[bytes]:
    """Start `python -m unspun serve` (stderr to ``log``) and wait until /v1/health answers."""
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "unspun",
                "serve",
                "--port",
                str(port),
                "--log-level",
                "warning",
                *extra_args,
            ],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = log.read_text(errors="replace")
            raise RuntimeError(f"server exited with {proc.returncode}: {err[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1.0).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"server did not answer on port {port} within {timeout_s} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
