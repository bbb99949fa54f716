"""Long fuzz run of the ingest entry points and the `index add` readers (issue 13).

Each entry point gets ``--examples`` Hypothesis-generated inputs (10,000 by default; generation
only, no shrinking, derandomised so a run is repeatable), drawn from the strategies in
tests/fuzz_inputs.py that the bounded suite (tests/property/test_ingest_fuzz.py) also uses. A
failure is any exception other than an ``UnspunError`` (or a broken contract: a sentence span
that does not index the text, a good JSONL line that is not a record, a lost WARC response); it is
counted and reported, and the run goes on. Figures go to BENCHMARKS.md.

Run (from the repo root)::

    .venv/bin/python -m benchmarks.fuzz_ingest [--examples 10000] [--only jsonl] \\
        [--out benchmarks/results/fuzz_ingest.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "tests") not in sys.path:  # the strategies live beside the tests that use them
    sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzz_inputs as fi  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "fuzz_ingest.json"

#: entry point -> (strategy of argument tuples, check returning None or a failure)
ENTRY_POINTS: dict[str, tuple[st.SearchStrategy[Any], Callable[..., str | None]]] = {
    "article_from_bytes": (st.tuples(fi.input_bytes, fi.formats), fi.check_article_from_bytes),
    "load_article": (st.tuples(fi.input_bytes, fi.suffixes, fi.formats), fi.check_load_article),
    "read_records (JSONL)": (fi.jsonl_files, fi.check_jsonl),
    "read_records (WARC)": (fi.warc_files, fi.check_warc),
}


def fuzz(name: str, examples: int) -> dict[str, Any]:
    """Run one entry point on ``examples`` inputs; return its figures."""
    strategy, check = ENTRY_POINTS[name]
    tried = 0
    failures: Counter[str] = Counter()
    samples: list[dict[str, str]] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(args=strategy)
    def run(args: tuple[Any, ...]) -> None:
        nonlocal tried
        tried += 1
        failure = check(*args)
        if failure is not None:
            failures[failure.split(":")[0]] += 1
            if len(samples) < 5:
                samples.append({"failure": failure, "input": repr(args)[:300]})

    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run()
    return {
        "entry_point": name,
        "inputs": tried,
        "failures": sum(failures.values()),
        "failure_kinds": dict(failures),
        "failure_samples": samples,
        "python_warnings": dict(Counter(w.category.__name__ for w in caught)),
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per entry point")
    parser.add_argument("--only", choices=list(ENTRY_POINTS), action="append", help="entry points to run")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the figures (JSON)")
    args = parser.parse_args(argv)
    results = []
    for name in args.only or list(ENTRY_POINTS):
        result = fuzz(name, args.examples)
        results.append(result)
        print(
            f"{name:<22} inputs {result['inputs']:>6}  failures {result['failures']:>3}  "
            f"{result['seconds']:>7.1f} s  {result['failure_kinds'] or ''}",
            flush=True,
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"examples": args.examples, "results": results}, indent=2) + "\n")
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
