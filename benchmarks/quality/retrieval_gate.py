"""Quick retrieval gate for CI: a reduced run of :mod:`benchmarks.quality.retrieval` against floors.

Corpus: every LLMFake and MixSet original, their listed copies among the distractors, and 12,000
other distractors (``random.Random(2)``), minus the 500 held-out distractors used as no-source
queries; queries: an evenly spaced 1/8 of the 5,380 rewrites. Checked against
``retrieval_floors.json``: recall@1 and recall@1 at the report threshold may not fall below their
floors, the false-source rate at the threshold (excluding near copies) may not rise above its
ceiling. About two minutes on this machine.

Run (from the repo root)::

    .venv/bin/python -m benchmarks.quality.retrieval_gate            # check
    .venv/bin/python -m benchmarks.quality.retrieval_gate --update   # pin what was just measured
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.quality import retrieval as R

FLOORS = Path(__file__).with_name("retrieval_floors.json")
OTHER_DISTRACTORS = 12_000
QUERY_STEP = 8
TOLERANCE = 0.005


def measure(judge: bool | None = None) -> dict[str, float]:
    """Build the reduced index, run the queries, return the gated figures (and, not gated, the
    query time). ``judge`` overrides ``index.judge`` (the band judge, :mod:`unspun.index.judge`)."""
    import dataclasses

    from unspun.config import IndexSettings

    settings = IndexSettings() if judge is None else dataclasses.replace(IndexSettings(), judge=judge)

    b = R.load()
    answers = {a for q in b.queries for a in q["answers"]}
    keep = {d for d in b.corpus if d.startswith(("llmfake-", "mixset-"))} | answers | set(b.heldout)
    others = sorted(d for d in b.corpus if d not in keep)
    keep |= set(random.Random(2).sample(others, OTHER_DISTRACTORS))
    b.corpus = {d: t for d, t in b.corpus.items() if d in keep}
    b.queries = b.queries[::QUERY_STEP]
    u = R.run_unspun(b, fit=False, limit=None, settings=settings)
    s = R.summarise(b, u, threshold=settings.min_score)
    at = s["at_min_score"]
    return {
        "recall_at_1": s["table"]["overall"]["r1"],
        "recall_at_1_at_threshold": at["r1_at_tau"],
        "false_source_rate_excl_near_copies": at["fsr_excl_near_copies"],
        "query_ms_p50": u["latency_ms_p50"],
        "query_ms_p90": u["latency_ms_p90"],
        "judged_queries": sum(
            1 for hs in u["hits"].values() if hs and any(h["cover"] is not None for h in hs)
        ),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="pin the figures just measured")
    ap.add_argument(
        "--judge", choices=("on", "off"), default=None, help="override index.judge (default: the setting)"
    )
    args = ap.parse_args(argv)
    if not R.DATA.is_dir():
        print(f"retrieval gate: no data at {R.DATA}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    got = measure(None if args.judge is None else args.judge == "on")
    print(f"retrieval gate: {json.dumps(got)} ({time.perf_counter() - t0:.0f}s)")
    if args.update:
        pins: dict[str, Any] = {
            "recall_at_1": {"floor": round(got["recall_at_1"] - 0.02, 3)},
            "recall_at_1_at_threshold": {"floor": round(got["recall_at_1_at_threshold"] - 0.03, 3)},
            "false_source_rate_excl_near_copies": {
                "ceiling": round(got["false_source_rate_excl_near_copies"] + 0.01, 3)
            },
        }
        FLOORS.write_text(json.dumps(pins, indent=1) + "\n")
        print(f"pinned in {FLOORS}")
        return 0
    pins = json.loads(FLOORS.read_text())
    failures = []
    for key, pin in pins.items():
        if "floor" in pin and got[key] < pin["floor"] - TOLERANCE:
            failures.append(f"{key} {got[key]:.3f} below its floor {pin['floor']}")
        if "ceiling" in pin and got[key] > pin["ceiling"] + TOLERANCE:
            failures.append(f"{key} {got[key]:.3f} above its ceiling {pin['ceiling']}")
    for f in failures:
        print(f"retrieval gate FAILED: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
