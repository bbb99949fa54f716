"""Load benchmark of `unspun serve`: POST /v1/compare on the example pair over loopback.

    python -m benchmarks.speed.bench_serve --clients 1 4 16 --requests 32 --max-seconds 60 \\
        [--workers 2] --out benchmarks/results/serve.json
    python -m benchmarks.speed.bench_serve --clients --oversize 16 --timeout-s 10 \\
        --out benchmarks/results/serve-oversize.json

Starts a real server process on 127.0.0.1 (a free port; nothing else is ever contacted), warms
it up, then for each client count runs that many concurrent clients, each sending requests one
after another, until ``--requests`` have completed or ``--max-seconds`` have passed (whichever
comes first: the run is bounded in count and time). Reports requests/s, p50 and p99 latency
(nearest rank; with few requests p99 is close to the maximum) and the status codes seen, and
writes them as JSON. The server is stopped at the end, also on errors.

With ``--oversize N`` it then times requests that cannot finish: first the latency of the
example compare on the idle server (``--idle-requests``, one after another), then N concurrent
compares of two ``--oversize-chars`` articles (the example repeated), which must all answer 504
after the server's ``serve.timeout_s`` (``--timeout-s``), while one client sends the example
compare one request after another, from the start of the flood until ``--after-seconds`` after
its last answer. Reported: the probe latencies during the flood and in the first 5 s after it
(target: within 2x the idle p50), the server's CPU seconds (all its processes) in those 5 s,
and its worker processes and threads at the end.
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

from benchmarks.serve_process import (
    clean_env,
    cpu_seconds,
    descendants,
    free_port,
    start_server,
    stop_server,
    thread_count,
)
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


JSON_HEADERS = {"content-type": "application/json"}
AFTER_WINDOW_S = 5.0  # the target: a normal request within 2x the idle latency within 5 s of the timeouts


def _post(client: httpx.Client, payload: bytes) -> tuple[int, float]:
    t0 = time.perf_counter()
    status = client.post("/v1/compare", content=payload, headers=JSON_HEADERS).status_code
    return status, (time.perf_counter() - t0) * 1000


async def _flood(
    base_url: str, payload: bytes, oversize: bytes, n: int, after_s: float, server_pid: int
) -> dict[str, Any]:
    """Send ``n`` oversize requests at once while one client probes with ``payload``."""
    limits = httpx.Limits(max_connections=n + 1, max_keepalive_connections=n + 1)
    flood_codes: list[int] = []
    probes: list[dict[str, Any]] = []
    last_answer: float | None = None
    cpu_window: dict[str, float] = {}
    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, timeout=600.0, limits=limits) as client:

        async def big() -> None:
            nonlocal last_answer
            response = await client.post("/v1/compare", content=oversize, headers=JSON_HEADERS)
            flood_codes.append(response.status_code)
            if len(flood_codes) == n:
                last_answer = time.perf_counter() - start

        async def watch_cpu() -> None:
            while last_answer is None:
                await asyncio.sleep(0.05)
            pids = [server_pid, *descendants(server_pid)]
            before = cpu_seconds(pids)
            await asyncio.sleep(AFTER_WINDOW_S)
            after = cpu_seconds(pids)
            cpu_window["server_cpu_s"] = round(sum(after[p] - before[p] for p in after if p in before), 2)

        async def probe() -> None:
            await asyncio.sleep(0.5)  # let the flood arrive first
            while last_answer is None or time.perf_counter() - start < last_answer + after_s:
                sent = time.perf_counter() - start
                t0 = time.perf_counter()
                response = await client.post("/v1/compare", content=payload, headers=JSON_HEADERS)
                probes.append(
                    {
                        "sent_s": round(sent, 2),
                        "ms": round((time.perf_counter() - t0) * 1000, 1),
                        "status": response.status_code,
                    }
                )

        await asyncio.gather(*(big() for _ in range(n)), probe(), watch_cpu())
    assert last_answer is not None
    return {
        "flood_statuses": flood_codes,
        "last_answer_s": round(last_answer, 2),
        "probes": probes,
        **cpu_window,
    }


def _oversize_case(
    base_url: str, payload: bytes, args: argparse.Namespace, rewrite: str, source: str, server_pid: int
) -> dict[str, Any]:
    with httpx.Client(base_url=base_url, timeout=120.0) as client:
        idle = sorted(_post(client, payload)[1] for _ in range(args.idle_requests))
    idle_p50 = _percentile(idle, 50)

    def grow(text: str) -> str:
        return ("\n\n".join([text] * (args.oversize_chars // max(len(text), 1) + 1)))[: args.oversize_chars]

    oversize = json.dumps({"rewrite": {"text": grow(rewrite)}, "sources": [{"text": grow(source)}]}).encode()
    flood = asyncio.run(_flood(base_url, payload, oversize, args.oversize, args.after_seconds, server_pid))
    end = flood["last_answer_s"]
    codes: list[int] = flood["flood_statuses"]
    during = sorted(p["ms"] for p in flood["probes"] if p["sent_s"] < end)
    after = sorted(p["ms"] for p in flood["probes"] if end <= p["sent_s"] < end + AFTER_WINDOW_S)
    later = sorted(p["ms"] for p in flood["probes"] if p["sent_s"] >= end + AFTER_WINDOW_S)
    workers = descendants(server_pid)
    return {
        "oversize_requests": args.oversize,
        "oversize_chars_per_article": args.oversize_chars,
        "oversize_payload_bytes": len(oversize),
        "timeout_s": args.timeout_s,
        "idle_ms": {"n": len(idle), "p50": round(idle_p50, 1), "max": round(idle[-1], 1)},
        "flood_statuses": {str(c): codes.count(c) for c in sorted(set(codes))},
        "flood_last_answer_s": end,
        "during_ms": _summary(during),
        "after_first_5s_ms": _summary(after),
        "after_5s_on_ms": _summary(later),
        "after_first_5s_p50_over_idle_p50": round(_percentile(after, 50) / idle_p50, 2) if after else None,
        "after_first_5s_max_over_idle_p50": round(after[-1] / idle_p50, 2) if after else None,
        "server_cpu_s_in_first_5s_after": flood.get("server_cpu_s"),
        "server_processes_at_end": len(workers),
        "server_threads_at_end": thread_count(server_pid),
        "probe_statuses": {
            str(c): sum(1 for p in flood["probes"] if p["status"] == c)
            for c in sorted({p["status"] for p in flood["probes"]})
        },
        "probes": flood["probes"],
    }


def _summary(sorted_ms: list[float]) -> dict[str, Any]:
    if not sorted_ms:
        return {"n": 0}
    return {
        "n": len(sorted_ms),
        "p50": round(_percentile(sorted_ms, 50), 1),
        "max": round(sorted_ms[-1], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="*", default=[1, 4, 16], help="none: skip the levels")
    parser.add_argument("--requests", type=int, default=32, help="requests per client count (upper bound)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time budget per client count")
    parser.add_argument("--rewrite", type=Path, default=ROOT / "examples/toretsk/rewrite.txt")
    parser.add_argument("--source", type=Path, default=ROOT / "examples/toretsk/source.md")
    parser.add_argument(
        "--workers", type=int, default=1, help="server worker processes (unspun serve --workers)"
    )
    parser.add_argument("--oversize", type=int, default=0, help="oversize requests sent at once (0: none)")
    parser.add_argument("--oversize-chars", type=int, default=460_000, help="characters per oversize article")
    parser.add_argument("--timeout-s", type=float, default=None, help="the server's serve.timeout_s")
    parser.add_argument("--idle-requests", type=int, default=10, help="idle-latency requests (oversize case)")
    parser.add_argument("--after-seconds", type=float, default=15.0, help="probing after the flood's end")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/serve.json")
    args = parser.parse_args(argv)

    rewrite = args.rewrite.read_text(encoding="utf-8")
    source = args.source.read_text(encoding="utf-8")
    payload = json.dumps({"rewrite": {"text": rewrite}, "sources": [{"text": source}]}).encode()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    env = clean_env()
    if args.timeout_s is not None:
        env["UNSPUN_SERVE_TIMEOUT_S"] = str(args.timeout_s)
    oversize_case = None
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        started = time.perf_counter()
        proc = start_server(
            port,
            env,
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
                    headers=JSON_HEADERS,
                    timeout=120,
                ).raise_for_status()
            version = httpx.get(base_url + "/v1/health").json()["version"]
            levels = [
                asyncio.run(_level(base_url, payload, c, args.requests, args.max_seconds))
                for c in args.clients
            ]
            if args.oversize:
                oversize_case = _oversize_case(base_url, payload, args, rewrite, source, proc.pid)
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
        "oversize": oversize_case,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if levels:
        print(f"{'clients':>7} {'done':>5} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for lv in levels:
        row = f"{lv['clients']:>7} {lv['completed']:>5} {lv['requests_per_s']:>7}"
        print(f"{row} {lv['p50_ms']:>8} {lv['p99_ms']:>8}  {lv['statuses']}")
    if oversize_case is not None:
        shown = {k: v for k, v in oversize_case.items() if k != "probes"}
        print(json.dumps(shown, indent=1))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
