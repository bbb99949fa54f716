"""Load benchmark of `unspun serve`: POST /v1/compare on the example pair over loopback.

    python -m benchmarks.speed.bench_serve --clients 1 4 16 --requests 32 --max-seconds 60 \\
        [--workers 2] --out benchmarks/results/serve.json

Starts a real server process on 127.0.0.1 (a free port; nothing else is ever contacted), warms
it up, then for each client count runs that many concurrent clients, each sending requests one
after another, until ``--requests`` have completed or ``--max-seconds`` have passed (whichever
comes first: the run is bounded in count and time). Reports requests/s, p50 and p99 latency
(nearest rank; with few requests p99 is close to the maximum) and the status codes seen, and
writes them as JSON. The server is stopped at the end, also on errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.serve_process import clean_env, free_port, start_server, stop_server
from unspun.service import DEFAULT_MAX_CONCURRENCY

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only


def _percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_ms)))
    return sorted_ms[rank - 1]


async def _level(
    base_url: str, payload: bytes, clients: int, requests: int, max_seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    issued = 0
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base_url, timeout=120.0, limits=limits) as client:

        async def worker() -> None:
            nonlocal issued
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                t0 = time.perf_counter()
                try:
                    response = await client.post(
                        "/v1/compare", content=payload, headers={"content-type": "application/json"}
                    )
                    key = str(response.status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                statuses[key] = statuses.get(key, 0) + 1
                if key == "200":
                    latencies.append((time.perf_counter() - t0) * 1000)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - start

    latencies.sort()
    return {
        "clients": clients,
        "completed": len(latencies),
        "wall_s": round(wall, 3),
        "requests_per_s": round(len(latencies) / wall, 3) if wall > 0 else None,
        "p50_ms": round(_percentile(latencies, 50), 1),
        "p99_ms": round(_percentile(latencies, 99), 1),
        "max_ms": round(latencies[-1], 1) if latencies else None,
        "statuses": statuses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--requests", type=int, default=32, help="requests per client count (upper bound)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time budget per client count")
    parser.add_argument("--rewrite", type=Path, default=ROOT / "examples/toretsk/rewrite.txt")
    parser.add_argument("--source", type=Path, default=ROOT / "examples/toretsk/source.md")
    parser.add_argument(
        "--workers", type=int, default=1, help="server worker processes (unspun serve --workers)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/serve.json")
    args = parser.parse_args(argv)

    payload = json.dumps(
        {
            "rewrite": {"text": args.rewrite.read_text(encoding="utf-8")},
            "sources": [{"text": args.source.read_text(encoding="utf-8")}],
        }
    ).encode()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        started = time.perf_counter()
        proc = start_server(
            port,
            clean_env(),
            cwd=ROOT,
            log=log,
            timeout_s=180.0,
            extra_args=("--host", HOST, "--workers", str(args.workers)),
        )
        startup_s = time.perf_counter() - started
        try:
            for _ in range(2 * args.workers):  # warm-up: first requests pay for lazy loading
                httpx.post(
                    base_url + "/v1/compare",
                    content=payload,
                    headers={"content-type": "application/json"},
                    timeout=120,
                ).raise_for_status()
            version = httpx.get(base_url + "/v1/health").json()["version"]
            levels = [
                asyncio.run(_level(base_url, payload, c, args.requests, args.max_seconds))
                for c in args.clients
            ]
        finally:
            stop_server(proc)

    result = {
        "benchmark": "serve: POST /v1/compare, example pair (examples/toretsk), loopback",
        "command": "python -m benchmarks.speed.bench_serve "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "unspun_version": version,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "server": {
            "workers": args.workers,
            "max_concurrency": DEFAULT_MAX_CONCURRENCY,
            "startup_s": round(startup_s, 2),
        },
        "payload_bytes": len(payload),
        "requests_per_level": args.requests,
        "max_seconds_per_level": args.max_seconds,
        "levels": levels,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'clients':>7} {'done':>5} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for lv in levels:
        row = f"{lv['clients']:>7} {lv['completed']:>5} {lv['requests_per_s']:>7}"
        print(f"{row} {lv['p50_ms']:>8} {lv['p99_ms']:>8}  {lv['statuses']}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
