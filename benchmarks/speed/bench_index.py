"""Index speed and size at scale (issue 3): add throughput vs datasketch MinHashLSH, query p50,
bytes per article, peak memory as the index grows.

Synthetic articles are built from real text: every sentence of the distractor corpus
(``../shared/data/distractors``, about 1.1 M sentences) goes into one pool; article ``i`` takes
15-40 sentences drawn with ``random.Random(i)`` and gets its own id. So vocabulary, sentence
lengths and term rarity are those of real news, while any number of distinct articles can be made.
Queries are "rewrites" of indexed articles: 60% of their sentences, shuffled, with every fifth word
dropped; query time is ``unspun.index.search`` end to end (tokenise, candidates, re-rank, verify)
and excludes the audit (``compare_articles``).

Run (from the repo root)::

    .venv/bin/python benchmarks/speed/bench_index.py --docs 100000
    nice -n 10 .venv/bin/python benchmarks/speed/bench_index.py --docs 1000000 --index /tmp/idx1m
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results"
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sentence_pool() -> list[str]:
    pool: list[str] = []
    for f in sorted((DATA / "distractors").glob("*.jsonl*")):
        opener: Any = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                pool.extend(s for s in _SENT.split(text.replace("\n", " ")) if 40 <= len(s) <= 400)
    return pool


def synthetic(pool: list[str], i: int) -> str:
    rng = random.Random(i)
    n = rng.randint(15, 40)
    return " ".join(pool[rng.randrange(len(pool))] for _ in range(n))


def rewrite_of(text: str, seed: int) -> str:
    rng = random.Random(seed)
    sents = _SENT.split(text)
    keep = rng.sample(sents, max(3, int(len(sents) * 0.6)))
    out = []
    for s in keep:
        words = s.split()
        out.append(" ".join(w for j, w in enumerate(words) if j % 5 != 4))
    return " ".join(out)


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * 4096 / 2**20


def bench_minhash(texts: list[str]) -> dict[str, float]:
    from datasketch import MinHash, MinHashLSH

    tok = re.compile(r"\w+")
    c0 = time.process_time()
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for i, text in enumerate(texts):
        words = tok.findall(text.lower())
        m = MinHash(num_perm=128)
        m.update_batch([" ".join(words[j : j + 5]).encode() for j in range(max(1, len(words) - 4))])
        lsh.insert(str(i), m)
    cpu = time.process_time() - c0
    return {
        "docs": len(texts),
        "docs_per_cpu_s": len(texts) / cpu,
        "docs_per_s": len(texts) / (time.perf_counter() - t0),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--chunk", type=int, default=20_000, help="articles per add call (one measurement each)")
    ap.add_argument("--index", type=Path, default=None, help="index directory (default: a temporary one)")
    ap.add_argument("--minhash-docs", type=int, default=5_000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved MinHash/unspun throughput rounds")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--max-rss-mib", type=float, default=6144, help="stop the build past this resident size")
    args = ap.parse_args(argv)
    from unspun.index import Record, open_index, prepare, search
    from unspun.index.terms import weigher

    weigher()  # load the static table before timing
    t = time.perf_counter()
    pool = sentence_pool()
    print(f"sentence pool: {len(pool)} sentences ({time.perf_counter() - t:.1f}s)", flush=True)
    # Throughput ratio: MinHash+LSH and unspun add on the same articles, interleaved in rounds so
    # that both see the same machine load (this machine is shared); the median ratio is reported.
    sample = [synthetic(pool, i) for i in range(args.minhash_docs)]
    ratios: list[float] = []
    mh: dict[str, Any] = {
        "rounds": [],
        "docs_per_cpu_s": None,
        "unspun_docs_per_cpu_s": None,
        "ratio_median": None,
    }
    scratch = Path(tempfile.mkdtemp(prefix="unspun-ratio-"))
    for r in range(args.rounds):
        m = bench_minhash(sample)
        c0 = time.process_time()
        with open_index(scratch / f"r{r}", mode="w") as sidx:
            sidx.add(Record(f"s-{i}", t) for i, t in enumerate(sample))
        ours = len(sample) / (time.process_time() - c0)
        ratios.append(ours / m["docs_per_cpu_s"])
        mh["rounds"].append({"minhash_docs_per_cpu_s": m["docs_per_cpu_s"], "unspun_docs_per_cpu_s": ours})
        print(f"round {r}: MinHash+LSH {m['docs_per_cpu_s']:.0f} vs unspun {ours:.0f} docs/CPU-s", flush=True)
    if ratios:  # --rounds 0 skips the comparison (a query-only run on an existing index)
        mh["docs_per_cpu_s"] = float(np.median([x["minhash_docs_per_cpu_s"] for x in mh["rounds"]]))
        mh["unspun_docs_per_cpu_s"] = float(np.median([x["unspun_docs_per_cpu_s"] for x in mh["rounds"]]))
        mh["ratio_median"] = float(np.median(ratios))
    path = args.index or Path(tempfile.mkdtemp(prefix="unspun-bench-")) / "idx"
    rows: list[dict[str, Any]] = []
    with open_index(path, mode="w") as idx:
        start = len(idx)
        n = start
        while n < args.docs:
            m = min(args.chunk, args.docs - n)
            recs = [Record(f"syn-{i}", synthetic(pool, i)) for i in range(n, n + m)]
            c0 = time.process_time()
            t0 = time.perf_counter()
            idx.add(recs)
            cpu = time.process_time() - c0
            wall = time.perf_counter() - t0
            n += m
            row = {
                "articles": n,
                "docs_per_cpu_s": m / cpu,
                "docs_per_s": m / wall,
                "rss_mib": rss_mib(),
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
            row["load1"] = os.getloadavg()[0]
            rows.append(row)
            print(json.dumps(row), flush=True)
            if row["rss_mib"] > args.max_rss_mib:
                raise SystemExit(f"resident size {row['rss_mib']:.0f} MiB passed --max-rss-mib; stopped")
            del recs
        stats = idx.stats()
    print(json.dumps({k: v for k, v in stats.items() if k != "tables"}), flush=True)
    rng = random.Random(7)
    targets = [rng.randrange(args.docs) for _ in range(args.queries)]
    lat: list[float] = []
    lat_cpu: list[float] = []
    hits_at1 = 0
    load_before = os.getloadavg()
    with open_index(path) as idx:
        search(idx, rewrite_of(synthetic(pool, 0), 0))  # warm
        for j, i in enumerate(targets):
            q = rewrite_of(synthetic(pool, i), j)
            t0 = time.perf_counter()
            c0 = time.process_time()
            hits = search(idx, prepare(q), k=5)
            lat.append(time.perf_counter() - t0)
            lat_cpu.append(time.process_time() - c0)
            hits_at1 += bool(hits) and hits[0].id == f"syn-{i}"
    out = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join(["benchmarks/speed/bench_index.py", *(argv or sys.argv[1:])]),
        "articles": args.docs,
        "minhash": mh,
        "add": rows,
        "add_docs_per_cpu_s_median": float(np.median([r["docs_per_cpu_s"] for r in rows])) if rows else None,
        "speedup_vs_minhash": mh["ratio_median"],
        "index": {k: v for k, v in stats.items() if k != "tables"},
        "query_ms_p50": float(np.median(lat) * 1000),
        "query_ms_p90": float(np.percentile(lat, 90) * 1000),
        "query_cpu_ms_p50": float(np.median(lat_cpu) * 1000),
        "query_cpu_ms_p90": float(np.percentile(lat_cpu, 90) * 1000),
        "load_during_queries": {"before": load_before, "after": os.getloadavg()},
        "query_recall_at_1": hits_at1 / len(targets),
    }
    print(json.dumps(out, indent=1), flush=True)
    dest = args.out or RESULTS / f"bench_index_{args.docs}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
