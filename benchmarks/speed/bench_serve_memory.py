"""Peak memory of `unspun serve` answering /v1/compare and /v1/trace (issue 11: <= 1 GiB).

    python -m benchmarks.speed.bench_serve_memory --index-docs 20000 --workers 1 --clients 4 \\
        --out benchmarks/results/serve-memory.json
    python -m benchmarks.speed.bench_serve_memory --index DIR --src /tmp/before/src   # another checkout

Builds an index in a temporary folder (``--index`` reuses one): the example's source, every
LLMFake and MixSet original, then distractor articles up to ``--index-docs`` (texts read in
place from ../shared/data, never copied into the repository). Starts a real server on 127.0.0.1
with that index, then sends, one after another: ``--repeat`` compares of the example pair,
``--repeat`` traces of the example rewrite, and a compare and a trace for each of ``--pairs``
LLMFake rewrites from ``--clients`` concurrent clients (every worker process busy; a new
article each time, so the caches grow as in service). After each phase
it reads, for the server and every process below it, the resident set (``VmRSS``) and its
lifetime peak (``VmHWM``) and proportional set (``Pss``: a page shared by k processes counts
1/k) from /proc, and it samples the tree's totals every 0.2 s during the requests. The workers
are forked from a fork server that loaded the models, so they share most of their pages and the
sum of their RSS counts those pages once per process; the PSS total is the memory the service
really holds. Reported: each process's peak RSS, the largest, the sum of the peaks, and the
sampled peaks of the total RSS and of the total PSS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

from benchmarks.serve_process import clean_env, descendants, free_port, start_server, stop_server
from unspun.service import DEFAULT_MAX_CONCURRENCY

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # loopback only
MIB = 1024 * 1024


def _status_kib(pid: int, field: str, file: str = "status") -> int:
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> dict[int, dict[str, Any]]:
    """{pid: {"name", "rss_mib", "peak_mib", "pss_mib"}} for ``pid`` and its descendants."""
    out = {}
    for p in [pid, *descendants(pid)]:
        try:
            name = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:80].strip()
        except OSError:
            continue
        out[p] = {
            "name": name,
            "rss_mib": round(_status_kib(p, "VmRSS") / 1024, 1),
            "peak_mib": round(_status_kib(p, "VmHWM") / 1024, 1),
            "pss_mib": round(_status_kib(p, "Pss", "smaps_rollup") / 1024, 1),
        }
    return out


class _Sampler(threading.Thread):
    """Samples the total RSS and PSS of a process tree until stopped."""

    def __init__(self, pid: int, every_s: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every_s = pid, every_s
        self.peak_mib = 0.0
        self.peak_pss_mib = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            tree = _tree(self.pid).values()
            self.peak_mib = max(self.peak_mib, sum(p["rss_mib"] for p in tree))
            self.peak_pss_mib = max(self.peak_pss_mib, sum(p["pss_mib"] for p in tree))
            self._stop_event.wait(self.every_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _build_index(path: Path, n_docs: int, source_text: str) -> int:
    from benchmarks.quality import data as ds
    from unspun.index import Record, open_index

    def records() -> Any:
        yield Record("example-source", source_text)
        n = 1
        for r in ds.load_llmfake():
            yield Record(f"llmfake-{r.doc_id}", r.text)
            n += 1
        for m in ds.load_mixset():
            yield Record(m.doc_id, m.text)
            n += 1
        for doc_id, text in ds.iter_distractors():
            if n >= n_docs:
                return
            yield Record(f"distractor-{doc_id}", text)
            n += 1

    with open_index(path, mode="w") as idx:
        result = idx.add(records())
    return int(result.added)


def _llmfake_rewrites(n: int) -> list[tuple[str, str]]:
    from benchmarks.quality import data as ds
    from benchmarks.quality.tasks import SEED, sample

    pairs = [(text, r.text) for r in ds.load_llmfake() for _, text in sorted(r.rewrites.items()) if text]
    return sample(pairs, n, seed=SEED + 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="an existing index (else one is built)")
    parser.add_argument("--index-docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument(
        "--clients",
        type=int,
        default=DEFAULT_MAX_CONCURRENCY,
        help="concurrent clients for the LLMFake phase",
    )
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the unspun the server runs (A/B)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    rewrite = (ROOT / "examples/toretsk/rewrite.txt").read_text(encoding="utf-8")
    source = (ROOT / "examples/toretsk/source.md").read_text(encoding="utf-8")
    phases: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="unspun-serve-mem-") as tmp:
        index = args.index
        if index is None:
            index = Path(tmp) / "index"
            t0 = time.perf_counter()
            added = _build_index(index, args.index_docs, source)
            print(f"index: {added} articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        port = free_port()
        env = clean_env(PYTHONPATH=os.pathsep.join([str(args.src.resolve()), str(ROOT)]))
        extra = ["--index", str(index), "--workers", str(args.workers)]
        proc = start_server(port, env, cwd=ROOT, log=Path(tmp) / "serve.log", extra_args=extra)
        sampler = _Sampler(proc.pid)
        try:
            phases["started (idle)"] = _tree(proc.pid)
            sampler.start()
            compare = {"rewrite": {"text": rewrite}, "sources": [{"text": source, "format": "markdown"}]}
            statuses: dict[str, int] = {}
            lock = threading.Lock()
            with httpx.Client(base_url=f"http://{HOST}:{port}", timeout=300.0) as client:

                def post(path: str, body: dict[str, Any]) -> None:
                    code = client.post(path, json=body).status_code
                    with lock:
                        statuses[f"{path} {code}"] = statuses.get(f"{path} {code}", 0) + 1

                for _ in range(args.repeat):
                    post("/v1/compare", compare)
                phases["after example compares"] = _tree(proc.pid)
                for _ in range(args.repeat):
                    post("/v1/trace", {"article": {"text": rewrite}})
                phases["after example traces"] = _tree(proc.pid)

                def pair(rw_src: tuple[str, str]) -> None:
                    rw, src = rw_src
                    post("/v1/compare", {"rewrite": {"text": rw}, "sources": [{"text": src}]})
                    post("/v1/trace", {"article": {"text": rw}})

                with ThreadPoolExecutor(max_workers=args.clients) as pool:
                    list(pool.map(pair, _llmfake_rewrites(args.pairs)))
                phases["after LLMFake compares and traces"] = _tree(proc.pid)
        finally:
            sampler.stop()
            stop_server(proc)
    last = phases["after LLMFake compares and traces"]
    peak_sum = sum(p["peak_mib"] for p in last.values())
    for phase, tree in phases.items():
        print(f"{phase}:")
        for pid, p in tree.items():
            print(
                f"  {pid:>7d} RSS {p['rss_mib']:7.1f} MiB  peak {p['peak_mib']:7.1f} MiB  "
                f"PSS {p['pss_mib']:7.1f} MiB  {p['name'][:60]}"
            )
    print(f"requests: {statuses}")
    print(
        f"largest process peak RSS: {max(p['peak_mib'] for p in last.values()):.1f} MiB; sum of the "
        f"processes' peak RSS: {peak_sum:.1f} MiB; sampled peak of the total RSS: {sampler.peak_mib:.1f} "
        f"MiB, of the total PSS (shared pages counted once): {sampler.peak_pss_mib:.1f} MiB"
    )
    if args.out:
        record = {
            "benchmark": "serve_memory",
            "python": sys.version.split()[0],
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg()},
            "args": {k: str(v) for k, v in vars(args).items()},
            "requests": statuses,
            "phases": {k: {str(p): v for p, v in t.items()} for k, t in phases.items()},
            "sum_of_peaks_mib": round(peak_sum, 1),
            "largest_process_peak_mib": max(p["peak_mib"] for p in last.values()),
            "sampled_total_peak_mib": round(sampler.peak_mib, 1),
            "sampled_total_pss_peak_mib": round(sampler.peak_pss_mib, 1),
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
