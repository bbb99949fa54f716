"""Spark scan (issue 12): same answers as ``trace``, and throughput at local[1] / local[2] vs a trace loop.

``agree``: the retrieval benchmark's corpus (benchmarks/quality/retrieval.py, minus its 500
held-out distractors) is the reference; ``--queries`` of its rewrites (drawn with
``random.Random(0)``) and ``--distractors`` of the held-out distractors are the crawl. Each crawl
article is traced (``unspun.pipeline.trace``) in an index built from the same reference file, in the
same order, and scanned (``unspun.scan.scan``, local[2]); the top source and verdict are compared
and every disagreement is listed.

``speed``: a reference of ``--reference`` articles (the LLMFake originals, then real distractors)
and a crawl of ``--crawl`` articles: a fifth LLMFake rewrites of reference articles, two fifths
real distractors not in the reference, two fifths synthetic articles made from real sentences as
benchmarks/speed/bench_index.py makes them. Timed: a single-process loop of ``trace`` over the
crawl (index built beforehand, timed apart), then ``scan`` at local[1] and local[2] (each in a
fresh JVM, all stages; the summary gives the time of each).

Run (from the repo root; SPARK_LOCAL_IP=127.0.0.1 is set here)::

    .venv/bin/python -m benchmarks.speed.bench_scan agree --queries 500 --distractors 100
    .venv/bin/python -m benchmarks.speed.bench_scan speed --reference 20000 --crawl 500 --memory-crawl 100
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results"


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def _trace_loop(ref: Path, crawl: list[dict[str, Any]], work: Path) -> dict[str, Any]:
    """Trace every crawl article in an index of ``ref``; kept in WORK/trace.json for a rerun."""
    from unspun.index import open_index, read_records
    from unspun.pipeline import trace

    cache = work / "trace.json"
    if cache.is_file():
        done: dict[str, Any] = json.loads(cache.read_text(encoding="utf-8"))
        if set(done["answers"]) == {row["id"] for row in crawl}:
            print(f"  trace answers reused from {cache}", file=sys.stderr, flush=True)
            return done

    t0 = time.perf_counter()
    c0 = time.process_time()
    with open_index(work / "idx", mode="w") as idx:
        idx.add(read_records([ref]))
    build_s = time.perf_counter() - t0
    build_cpu = time.process_time() - c0
    answers: dict[str, Any] = {}
    t1 = time.perf_counter()
    c1 = time.process_time()
    with open_index(work / "idx") as idx:
        for i, row in enumerate(crawl):
            if i % 100 == 0:
                print(f"  trace {i}/{len(crawl)}", file=sys.stderr, flush=True)
            rep = trace(row["text"], idx)
            top = rep.sources[0].doc_id if rep.sources else None
            score = next((m.score for m in rep.matches if m.id == top), None)
            answers[row["id"]] = {
                "top": top,
                "verdict": rep.verdict.label.value if top else None,
                "score": score,
            }
    wall = time.perf_counter() - t1
    result = {
        "index_build_s": round(build_s, 1),
        "index_build_cpu_s": round(build_cpu, 1),
        "trace_wall_s": round(wall, 1),
        "trace_cpu_s": round(time.process_time() - c1, 1),
        "trace_articles_per_s": round(len(crawl) / wall, 2),
        "answers": answers,
    }
    cache.write_text(json.dumps(result), encoding="utf-8")
    return result


class _TreeSampler:
    """Sample the CPU time and resident memory of a process and all its descendants from /proc.

    Hand-written (psutil is no dependency of unspun; Linux's /proc is enough for a benchmark).
    ``getrusage(RUSAGE_CHILDREN)`` misses the Python workers: they are forked by PySpark's daemon
    and outlive it when the JVM stops, so they are never reaped by this tree. Sampling sees each
    process while it lives; the CPU of its last ``interval`` is missed.
    """

    def __init__(self, root: int, interval: float = 0.5) -> None:
        self.root = root
        self.interval = interval
        self.cpu: dict[int, float] = {}  # pid -> utime + stime (s), last seen
        self.peak_rss_mb = 0.0  # whole tree, summed at one sample
        self.peak_jvm_rss_mb = 0.0
        self.peak_workers_rss_mb = 0.0  # Python workers (and their daemon), summed at one sample
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20

    def __enter__(self) -> _TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _procs(self) -> dict[int, tuple[int, float, float, str]]:
        out: dict[int, tuple[int, float, float, str]] = {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
                rss_pages = int(Path(f"/proc/{d}/statm").read_text().split()[1])
                cmd = Path(f"/proc/{d}/cmdline").read_bytes()[:300].decode(errors="replace")
            except (OSError, IndexError, ValueError):
                continue  # ended while read
            fields = stat[stat.rindex(")") + 2 :].split()
            cpu = (int(fields[11]) + int(fields[12])) / self._tick
            out[int(d)] = (int(fields[1]), cpu, rss_pages * self._page_mb, cmd)
        return out

    def sample(self) -> None:
        procs = self._procs()
        tree, todo = set(), [self.root]
        while todo:
            pid = todo.pop()
            tree.add(pid)
            todo += [p for p, v in procs.items() if v[0] == pid and p not in tree]
        rss = jvm = workers = 0.0
        for pid in tree & procs.keys():
            _, cpu, mb, cmd = procs[pid]
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu)
            rss += mb
            if "java" in cmd.split("\0", 1)[0]:
                jvm += mb
            elif "pyspark.daemon" in cmd or "pyspark.worker" in cmd:
                workers += mb
        self.peak_rss_mb = max(self.peak_rss_mb, rss)
        self.peak_jvm_rss_mb = max(self.peak_jvm_rss_mb, jvm)
        self.peak_workers_rss_mb = max(self.peak_workers_rss_mb, workers)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def figures(self) -> dict[str, float]:
        return {
            "tree_cpu_s_sampled": round(sum(self.cpu.values()), 1),
            "processes_seen": len(self.cpu),
            "peak_tree_rss_mb": round(self.peak_rss_mb),
            "peak_jvm_rss_mb": round(self.peak_jvm_rss_mb),
            "peak_python_workers_rss_mb": round(self.peak_workers_rss_mb),
        }


def _scan(ref: Path, crawl: Path, out: Path, master: str) -> dict[str, Any]:
    """One scan in a fresh process (a fresh JVM per master); returns its summary."""
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1"}
    cmd = [sys.executable, "-m", "unspun", "scan", "--master", master, "--reference", str(ref)]
    cmd += ["--crawl", str(crawl), "--out", str(out), "--json", "--conf", "spark.ui.enabled=false"]
    print(f"  scan {master} {crawl.name}", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    with _TreeSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({proc.returncode}): {stderr[-3000:]}")
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary: dict[str, Any] = json.loads(stdout)
    summary["process_wall_s"] = round(time.perf_counter() - t0, 1)
    # CPU of the processes reaped into this tree (the driver and its JVM; see _TreeSampler).
    summary["process_cpu_s"] = round(u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime, 1)
    summary["process_tree"] = sampler.figures()
    return summary


def _work(args: argparse.Namespace) -> Path:
    if args.work is None:
        return Path(tempfile.mkdtemp(prefix="unspun-bench-scan-"))
    args.work.mkdir(parents=True, exist_ok=True)
    return Path(args.work)


def _matches(out: Path) -> dict[str, dict[str, Any]]:
    import pyarrow.parquet as pq

    return {r["crawl_id"]: r for r in pq.read_table(out / "matches").to_pylist()}


def agree(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.quality.retrieval import load

    work = _work(args)
    b = load()
    held = set(b.heldout)
    ref = _write_jsonl(
        work / "reference.jsonl", [{"id": d, "text": t} for d, t in b.corpus.items() if d not in held]
    )
    qs = random.Random(0).sample(b.queries, args.queries)
    crawl = [{"id": q["qid"], "text": q["text"]} for q in qs]
    crawl += [{"id": d, "text": b.corpus[d]} for d in b.heldout[: args.distractors]]
    crawl_path = _write_jsonl(work / "crawl.jsonl", crawl)
    loop = _trace_loop(ref, crawl, work)
    summary = _scan(ref, crawl_path, work / "out", args.master)
    got = _matches(work / "out")
    diffs = []
    for row in crawl:
        want = loop["answers"][row["id"]]
        m = got.get(row["id"])
        mine = (
            {"top": m["top_source"], "verdict": m["verdict"], "score": m["top_score"]} if m else {"top": None}
        )
        if (mine["top"], mine.get("verdict")) != (want["top"], want["verdict"]):
            diffs.append({"id": row["id"], "trace": want, "scan": mine})
    n = len(crawl)
    return {
        "mode": "agree",
        "reference_articles": summary["reference"]["kept"],
        "crawl_articles": n,
        "queries": args.queries,
        "distractors": args.distractors,
        "traced_to_a_source": sum(a["top"] is not None for a in loop["answers"].values()),
        "agreement": round((n - len(diffs)) / n, 4),
        "disagreements": diffs,
        "trace": {k: v for k, v in loop.items() if k != "answers"},
        "scan": summary,
    }


def speed(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.speed.bench_index import sentence_pool, synthetic

    work = _work(args)
    with (DATA / "llmfake" / "llmfake_chatgpt_rewrites.jsonl").open(encoding="utf-8") as fh:
        lf = [json.loads(x) for x in fh]
    ref_rows = [{"id": f"llmfake-{r['dataset']}-{r['news_id']}", "text": r["news_text"]} for r in lf]
    rewrites = [
        {"id": f"{o['id']}::{m}", "text": t}
        for o, r in zip(ref_rows, lf, strict=True)
        for m, t in sorted(r["rewrites"].items())
    ]
    distractors: list[dict[str, Any]] = []
    for f in sorted((DATA / "distractors").glob("*.jsonl*")):
        opener: Any = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            distractors.extend({"id": r["id"], "text": r["text"]} for r in map(json.loads, fh))
    need = args.reference - len(ref_rows)
    ref_rows += distractors[:need]
    rng = random.Random(0)
    n_rw, n_dis = args.crawl // 5, 2 * args.crawl // 5
    pool = sentence_pool()
    crawl = rng.sample(rewrites, n_rw) + distractors[need : need + n_dis]
    crawl += [
        {"id": f"syn-{i}", "text": synthetic(pool, 10_000_000 + i)} for i in range(args.crawl - len(crawl))
    ]
    ref = _write_jsonl(work / "reference.jsonl", ref_rows)
    crawl_path = _write_jsonl(work / "crawl.jsonl", crawl)
    loop = _trace_loop(ref, crawl, work)
    runs = {}
    for master in ("local[1]", "local[2]"):
        s = _scan(ref, crawl_path, work / f"out-{master[6]}", master)
        crawl_stages = sum(v for k, v in s["seconds"].items() if k in ("crawl", "candidates", "judge"))
        cpu = s["process_tree"]["tree_cpu_s_sampled"]
        runs[master] = {
            "summary": s,
            "crawl_stages_s": round(crawl_stages, 1),
            "articles_per_s_crawl_stages": round(len(crawl) / crawl_stages, 2),
            "articles_per_s_end_to_end": round(len(crawl) / s["process_wall_s"], 2),
            "articles_per_tree_cpu_s_end_to_end": round(len(crawl) / max(cpu, 1e-9), 2),
            "load_average_after": os.getloadavg(),
        }
    memory = {}
    if args.memory_crawl:  # the same reference and mix, a smaller crawl: memory and fixed cost vs size
        every = max(1, len(crawl) // args.memory_crawl)
        small = _write_jsonl(work / "crawl-small.jsonl", crawl[::every][: args.memory_crawl])
        s = _scan(ref, small, work / "out-small", "local[2]")
        memory = {
            "local[2]": {
                f"crawl {args.memory_crawl}": s["process_tree"],
                f"crawl {len(crawl)}": runs["local[2]"]["summary"]["process_tree"],
            },
            "small_summary": s,
        }
    one, two = runs["local[1]"], runs["local[2]"]
    trace_cpu = loop["trace_cpu_s"] + loop.get("index_build_cpu_s", 0.0)
    same = _same_answers(loop["answers"], _matches(work / "out-1"))
    return {
        "mode": "speed",
        "reference_articles": len(ref_rows),
        "crawl_articles": len(crawl),
        "crawl_mix": {"rewrites": n_rw, "distractors": n_dis, "synthetic": len(crawl) - n_rw - n_dis},
        "trace": {k: v for k, v in loop.items() if k != "answers"},
        "trace_traced_to_a_source": sum(a["top"] is not None for a in loop["answers"].values()),
        "local1_same_answers_as_trace": same,
        "scan": runs,
        "memory": memory,
        "speedup_2_over_1_crawl_stages": round(one["crawl_stages_s"] / two["crawl_stages_s"], 2),
        "speedup_2_over_1_end_to_end": round(
            one["summary"]["process_wall_s"] / two["summary"]["process_wall_s"], 2
        ),
        "local1_per_core_vs_trace_loop": round(
            one["articles_per_s_crawl_stages"] / loop["trace_articles_per_s"], 2
        ),
        "trace_articles_per_cpu_s": round(len(crawl) / loop["trace_cpu_s"], 2),
        "trace_with_index_build_articles_per_cpu_s": round(len(crawl) / max(trace_cpu, 1e-9), 2),
        "load_average_at_end": os.getloadavg(),
        "cores": os.cpu_count(),
    }


def _same_answers(answers: dict[str, Any], got: dict[str, dict[str, Any]]) -> str:
    same = 0
    for cid, want in answers.items():
        m = got.get(cid)
        same += (
            (m["top_source"], m["verdict"]) == (want["top"], want["verdict"]) if m else want["top"] is None
        )
    return f"{same}/{len(answers)}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = ap.add_subparsers(dest="mode", required=True)
    a = sub.add_parser("agree", help="top source and verdict of scan vs trace")
    a.add_argument("--queries", type=int, default=500)
    a.add_argument("--distractors", type=int, default=100)
    a.add_argument("--master", default="local[2]")
    s = sub.add_parser("speed", help="throughput at local[1] and local[2] vs a trace loop")
    s.add_argument("--reference", type=int, default=20_000)
    s.add_argument("--crawl", type=int, default=500)
    s.add_argument("--memory-crawl", type=int, default=0, help="also scan this many crawl articles")
    for p in (a, s):
        p.add_argument("--out", type=Path, default=None)
        p.add_argument("--work", type=Path, default=None, help="work directory (trace answers reused)")
    args = ap.parse_args(argv)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    t0 = time.perf_counter()
    result = agree(args) if args.mode == "agree" else speed(args)
    result["bench_wall_s"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(result, indent=1, ensure_ascii=False)
    out = args.out or RESULTS / f"bench_scan_{args.mode}.json"
    out.write_text(text + "\n", encoding="utf-8")
    brief = {k: v for k, v in result.items() if k not in ("disagreements", "scan")}
    print(json.dumps(brief, indent=1))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
