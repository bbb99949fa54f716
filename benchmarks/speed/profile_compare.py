"""Where `unspun.compare` spends its time: per stage and per audit rule, and the hottest functions.

    python -m benchmarks.speed.profile_compare --pairs 20 --top 25 --out /tmp/profile.json

Pairs: the example pair and ``--pairs`` LLMFake PolitiFact test pairs of the quality harness
(its split by article, seed 0; half manipulations, half faithful rewrites; texts read from
../shared/data in place). On one core, after one warm-up compare, each pair is run once stage
by stage (ingest, facts, align, audit; each audit rule timed inside the audit, in its order)
with CPU time (``time.process_time``: the machine is shared, so wall time says more about the
other jobs than about unspun; the caches unspun keeps between calls stay warm from pair to
pair, as in a long-running service), then the whole set once more under cProfile, whose top
functions (by own time and by cumulative time, unspun's code and the libraries it calls) are
printed. Profiling only: the figures of BENCHMARKS.md section 1 come from ``bench_compare``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from benchmarks.speed.bench_compare import _pin_one_core

ROOT = Path(__file__).resolve().parents[2]


def _pairs(n: int) -> list[tuple[str, str, str]]:
    """``(name, rewrite_text, source_text)``: ``n`` LLMFake test pairs, half manipulated."""
    from benchmarks.quality import data as ds
    from benchmarks.quality.tasks import SEED, llmfake_items, sample, split_keys

    recs = ds.load_llmfake()
    by_id = {r.doc_id: r for r in recs}
    not_rw = ds.load_not_rewrites()
    items = llmfake_items(recs)
    train = split_keys([d for d, _, _, _ in items])
    test = [x for x in items if x[0] not in train and f"{x[0]}::{x[1]}" not in not_rw]
    half = n // 2
    chosen = sample([x for x in test if x[3]], n - half, seed=SEED + 2)
    chosen += sample([x for x in test if not x[3]], half, seed=SEED + 2)
    return [(f"{d}::{m}", text, by_id[d].text) for d, m, text, _ in chosen]


class _TimedRule:
    """An audit rule that adds the CPU time spent inside its ``check`` to ``spent``."""

    def __init__(self, rule: Any, spent: dict[str, float]) -> None:
        self.rule = rule
        self.name = rule.name
        self.spent = spent

    def check(self, ctx: Any, found: Sequence[Any]) -> Iterable[Any]:
        return self._timed(self.rule.check(ctx, found))

    def _timed(self, it: Iterable[Any]) -> Iterator[Any]:
        key = f"audit: {self.name}"
        inner = iter(it)
        while True:
            t0 = time.process_time()
            try:
                item = next(inner)
            except StopIteration:
                self.spent[key] = self.spent.get(key, 0.0) + time.process_time() - t0
                return
            self.spent[key] = self.spent.get(key, 0.0) + time.process_time() - t0
            yield item


def _staged(name: str, rewrite: str, source: str, spent: dict[str, float]) -> None:
    """One compare, stage by stage as :func:`unspun.pipeline.compare_articles` runs them."""
    from unspun.align import align
    from unspun.audit import audit
    from unspun.audit.run import RULES
    from unspun.config import Settings
    from unspun.facts import extract_facts
    from unspun.ingest import article_from_text
    from unspun.types import FactSheet

    cfg = Settings()

    def clock(key: str, t0: float) -> float:
        now = time.process_time()
        spent[key] = spent.get(key, 0.0) + now - t0
        return now

    t = time.process_time()
    fmt = "markdown" if name == "example" else "text"
    rw = article_from_text(rewrite, doc_id="rewrite", fmt="text")
    src = article_from_text(source, doc_id="source", fmt=fmt)
    t = clock("ingest", t)
    facts = FactSheet({a.doc_id: extract_facts(a) for a in (rw, src)})
    t = clock("facts", t)
    links = align(rw, [src], settings=cfg.align)
    t = clock("align", t)
    audit(rw, [src], facts, links, settings=cfg, rules=[_TimedRule(r, spent) for r in RULES])
    clock("audit", t)


def _top(prof: cProfile.Profile, key: str, n: int) -> str:
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats(key).print_stats(n)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20, help="LLMFake test pairs besides the example")
    parser.add_argument("--top", type=int, default=25, help="functions to print per ordering")
    parser.add_argument("--out", type=Path, default=None, help="write the per-stage figures as JSON")
    args = parser.parse_args(argv)
    _pin_one_core()
    from unspun.facts.nlp import load_parser
    from unspun.pipeline import compare

    example = (
        "example",
        (ROOT / "examples/toretsk/rewrite.txt").read_text(encoding="utf-8"),
        (ROOT / "examples/toretsk/source.md").read_text(encoding="utf-8"),
    )
    pairs = [example, *_pairs(args.pairs)]
    compare(example[1], [example[2]])  # warm-up: models and word lists
    load_parser()  # the meaning rule's parser, which the example pair may not need
    per_pair: list[dict[str, float]] = []
    for name, rewrite, source in pairs:
        spent: dict[str, float] = {}
        t0 = time.process_time()
        _staged(name, rewrite, source, spent)
        spent["total"] = time.process_time() - t0
        per_pair.append({k: v * 1000 for k, v in spent.items()})
    keys = sorted({k for p in per_pair for k in p}, key=lambda k: (k != "total", k.startswith("audit: "), k))
    rows: dict[str, Any] = {}
    print(f"{'CPU ms':24s} {'example':>9s} {'LLMFake median':>15s} {'LLMFake sum':>12s}")
    for k in keys:
        rest = [p.get(k, 0.0) for p in per_pair[1:]]
        rows[k] = {
            "example_ms": round(per_pair[0].get(k, 0.0), 2),
            "llmfake_median_ms": round(statistics.median(rest), 2) if rest else None,
            "llmfake_sum_ms": round(sum(rest), 1),
        }
        med = f"{rows[k]['llmfake_median_ms']:15.1f}" if rest else f"{'-':>15s}"
        print(f"{k:24s} {rows[k]['example_ms']:9.1f} {med} {rows[k]['llmfake_sum_ms']:12.1f}")
    prof = cProfile.Profile()
    prof.enable()
    for _, rewrite, source in pairs:
        compare(rewrite, [source])
    prof.disable()
    print(_top(prof, "tottime", args.top))
    print(_top(prof, "cumulative", args.top))
    if args.out:
        record = {"benchmark": "profile_compare", "pairs": [p[0] for p in pairs], "stages": rows}
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
