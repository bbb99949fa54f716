"""Time `unspun.compare` on the example pair: warm, one core, median of several runs.

    python -m benchmarks.speed.bench_compare --runs 15 --out benchmarks/results/compare.json
    python -m benchmarks.speed.bench_compare --runs 21 --similarity lexical combined

Reports the median and spread of the whole call (ingest of both files + facts + alignment +
audit + report object) and of each stage, after one warm-up call that loads the models, and
beside them a baseline timed in the same runs: spaCy's small English pipeline (every component)
parsing the same two texts, with the ratio of each compare to it.
With several ``--similarity`` views (``align.similarity``), each run times every stage of every
view in turn (interleaved, so that a change in the machine's load touches all views alike).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _pin_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return "not pinned"


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _stages(
    args: argparse.Namespace, cfg: Any, rw_dated: Any, src: Any, facts: Any, links: Any
) -> dict[str, Callable[[], object]]:
    """The timed calls of one settings view (closures over this call's arguments)."""
    from unspun.align import align
    from unspun.audit import audit
    from unspun.facts import extract_facts
    from unspun.ingest import load_article
    from unspun.pipeline import compare

    return {
        "compare (total)": lambda: compare(args.rewrite, [args.source], settings=cfg),
        "ingest (both)": lambda: (load_article(args.rewrite), load_article(args.source)),
        "facts (both)": lambda: (extract_facts(rw_dated), extract_facts(src)),
        "align": lambda: align(rw_dated, [src], settings=cfg.align),
        "audit": lambda: audit(rw_dated, [src], facts, links, settings=cfg),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rewrite", type=Path, default=ROOT / "examples/toretsk/rewrite.txt")
    parser.add_argument("--source", type=Path, default=ROOT / "examples/toretsk/source.md")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--similarity", nargs="+", default=["combined"], choices=["lexical", "combined"])
    args = parser.parse_args(argv)
    pinned = _pin_one_core()

    from unspun import __version__
    from unspun.align import align
    from unspun.config import Settings, SimilarityView
    from unspun.facts import extract_facts
    from unspun.ingest import load_article
    from unspun.pipeline import compare, compare_articles
    from unspun.types import FactSheet

    stages: dict[str, Callable[[], object]] = {}
    settings = Settings()
    for view in args.similarity:
        # "lexical": as before the semantic layer (no static cosine in align nor in quote matching)
        off = 1.0 if view == "lexical" else settings.audit.quote_semantic_similarity
        cfg = dataclasses.replace(
            settings,
            align=dataclasses.replace(settings.align, similarity=SimilarityView(view)),
            audit=dataclasses.replace(settings.audit, quote_semantic_similarity=off),
        )
        settings = cfg if len(args.similarity) == 1 else settings
        compare(args.rewrite, [args.source], settings=cfg)  # warm-up: loads spaCy, word lists, models
        rw = load_article(args.rewrite)
        src = load_article(args.source)
        rw_dated = compare_articles(rw, [src], settings=cfg).rewrite
        facts = FactSheet({rw_dated.doc_id: extract_facts(rw_dated), src.doc_id: extract_facts(src)})
        links = align(rw_dated, [src], settings=cfg.align)
        tag = f" [{view}]" if len(args.similarity) > 1 else ""
        stages |= {f"{name}{tag}": fn for name, fn in _stages(args, cfg, rw_dated, src, facts, links).items()}
    # Baseline of issue 11's target (compare <= 1.5x spaCy's small English pipeline parsing the same
    # two texts): the whole pipeline, every component, on both texts, in the same interleaved runs.
    import spacy

    from unspun.facts.nlp import MODEL_NAMES

    installed = set(spacy.util.get_installed_models())
    parser_nlp = spacy.load(next(n for n in MODEL_NAMES if n in installed))
    texts = (load_article(args.rewrite).text, load_article(args.source).text)
    for t in texts:
        parser_nlp(t)  # warm-up
    baseline = "spaCy sm full parse (both)"
    stages[baseline] = lambda: [parser_nlp(t) for t in texts]
    times_by: dict[str, list[float]] = {name: [] for name in stages}
    for _ in range(args.runs):
        for name, fn in stages.items():
            times_by[name] += _time(fn, 1)
    results: dict[str, Any] = {}
    for name, times in times_by.items():
        results[name] = {
            "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2),
            "max_ms": round(max(times), 2),
            "runs": args.runs,
        }
        print(
            f"{name:29s} median {results[name]['median_ms']:8.2f} ms  (min {results[name]['min_ms']:.2f}, "
            f"max {results[name]['max_ms']:.2f}, n={args.runs})"
        )
    base = results[baseline]["median_ms"]
    for name in results:
        if name.startswith("compare (total)"):
            results[name]["ratio_to_spacy_parse"] = round(results[name]["median_ms"] / base, 3)
            print(f"{name} / {baseline}: {results[name]['ratio_to_spacy_parse']:.2f}x (medians, same runs)")
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        sha = ""
    record = {
        "benchmark": "compare",
        "git_sha": sha,
        "unspun": __version__,
        "python": sys.version.split()[0],
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "affinity": pinned},
        "settings": settings.to_dict(),
        "similarity_views": list(args.similarity),
        "inputs": [str(args.rewrite.relative_to(ROOT)), str(args.source.relative_to(ROOT))],
        "results": results,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
