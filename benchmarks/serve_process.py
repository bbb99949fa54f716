"""Start and stop a real `unspun serve` process on 127.0.0.1, and watch its CPU use: for the
end-to-end tests (tests/e2e/serve_helpers.py re-exports this) and benchmarks/speed/bench_serve.py.

CPU times come from /proc (Linux), summed over the server and all its descendant processes
(the worker processes, the fork server that starts them), threads included."""

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


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[1].split()  # fields from the 3rd (state) on; the name may hold spaces


def descendants(pid: int) -> list[int]:
    """Return the ids of the processes below ``pid`` (children, their children, ...), not zombies."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields is not None and fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    out: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return sorted(out)


def cpu_seconds(pids: Sequence[int]) -> dict[int, float]:
    """Return the CPU time (user + system, all threads) each live process of ``pids`` has used."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            out[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return out


def tree_cpu_during(pid: int, seconds: float) -> float:
    """Return the CPU seconds the process ``pid`` and its descendants use in the next ``seconds``
    (processes that end meanwhile count for nothing)."""
    pids = [pid, *descendants(pid)]
    before = cpu_seconds(pids)
    time.sleep(seconds)
    after = cpu_seconds(pids)
    return sum(after[p] - before[p] for p in after if p in before)


def thread_count(pid: int) -> int:
    """Return the number of threads of process ``pid``."""
    fields = _stat(pid)
    return int(fields[17]) if fields is not None else 0


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
