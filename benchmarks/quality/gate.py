"""Quality gate: run the quick subset and compare every pinned figure with its floor.

``python -m benchmarks.quality.gate`` exits 1 if a figure is worse than its floor by more
than the tolerance (0.005): below the floor for figures where higher is better, above the
ceiling for false-alarm rates. ``--update`` pins the figures just measured (floor = measured
minus a margin); floors only move up (ceilings only down) unless ``--allow-regression`` is
given, which also needs a sentence in BENCHMARKS.md saying why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FLOORS_FILE = Path(__file__).with_name("floors.json")
TOLERANCE = 0.005
NOT_GATED_METHODS = ("majority class",)


def margin_for(n: int) -> float:
    """Slack left under a measured figure: 0.02, or one item's worth on small samples (max 0.07)."""
    return max(0.02, min(0.07, 1.0 / n)) if n > 0 else 0.07


def gated(figure: Mapping[str, Any]) -> bool:
    """True for figures worth pinning: measured, from a real scorer, on at least 10 items."""
    v = figure.get("value")
    return (
        bool(figure.get("gate", True))
        and v is not None
        and not (isinstance(v, float) and math.isnan(v))
        and figure["method"] not in NOT_GATED_METHODS
        and int(figure.get("n", 0)) >= 10
    )


def check(
    figures: Sequence[Mapping[str, Any]], floors: Mapping[str, Any], *, tolerance: float = TOLERANCE
) -> list[str]:
    """Return one message per pinned figure that is missing or worse than its floor."""
    by_key = {f["key"]: f for f in figures}
    failures: list[str] = []
    for key, pin in sorted(floors.items()):
        fig = by_key.get(key)
        value = None if fig is None else fig.get("value")
        if value is None:
            why = "" if fig is None else f" ({fig.get('note', '')})"
            failures.append(f"{key}: no value in this run{why}; pinned {pin['floor']}")
            continue
        if pin.get("higher_is_better", True):
            if value < pin["floor"] - tolerance:
                failures.append(
                    f"{key}: {value:.4f} < floor {pin['floor']} (measured when pinned {pin['measured']})"
                )
        elif value > pin["floor"] + tolerance:
            failures.append(
                f"{key}: {value:.4f} > ceiling {pin['floor']} (measured when pinned {pin['measured']})"
            )
    return failures


def update(
    figures: Sequence[Mapping[str, Any]], floors: Mapping[str, Any], *, allow_regression: bool, date: str
) -> tuple[dict[str, Any], list[str]]:
    """Return new floors from ``figures`` and the keys whose floor would have moved down.

    A floor moves down (a ceiling up) only with ``allow_regression``; otherwise the old one
    stays and its key is reported.
    """
    new: dict[str, Any] = {k: dict(v) for k, v in floors.items()}
    kept: list[str] = []
    for f in figures:
        if not gated(f):
            continue
        value = float(f["value"])
        higher = bool(f.get("higher_is_better", True))
        m = margin_for(int(f["n"]))
        proposed = round(max(0.0, value - m), 3) if higher else round(min(1.0, value + m), 3)
        old = floors.get(f["key"])
        if old is not None and not allow_regression:
            looser = proposed < old["floor"] if higher else proposed > old["floor"]
            if looser:
                kept.append(f["key"])
                new[f["key"]] = {**old, "measured_last": round(value, 4)}
                continue
        new[f["key"]] = {
            "floor": proposed,
            "measured": round(value, 4),
            "n": int(f["n"]),
            "higher_is_better": higher,
            "pinned": date,
        }
    return new, kept


def load_floors(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"tolerance": TOLERANCE, "floors": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality.gate", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--floors", type=Path, default=FLOORS_FILE)
    parser.add_argument(
        "--from-json", type=Path, default=None, help="check a finished quick run instead of running one"
    )
    parser.add_argument("--out", type=Path, default=Path("quality-quick.json"), help="JSON of the quick run")
    parser.add_argument(
        "--update", action="store_true", help="pin the measured figures as floors (floors only move up)"
    )
    parser.add_argument("--allow-regression", action="store_true", help="with --update: let floors move down")
    parser.add_argument("--jobs", type=int, default=2, help="processes for unspun's pipeline (default 2)")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    if args.from_json is not None:
        result: dict[str, Any] = json.loads(args.from_json.read_text(encoding="utf-8"))
        if result.get("mode") != "quick":
            print(
                f"error: {args.from_json} is a {result.get('mode')} run; the floors pin the quick run",
                file=sys.stderr,
            )
            return 2
    else:
        from benchmarks.quality.run import run
        from benchmarks.quality.tasks import TASKS

        result = run(list(TASKS), quick=True, jobs=args.jobs)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(result["table"])
        print(f"\nquick run, {result['seconds']} s; JSON: {args.out}\n")
    pinned = load_floors(args.floors)
    floors: dict[str, Any] = pinned.get("floors", {})
    tolerance = float(pinned.get("tolerance", TOLERANCE))
    if args.update:
        new, kept = update(
            result["figures"],
            floors,
            allow_regression=args.allow_regression,
            date=result.get("date", dt.date.today().isoformat()),
        )
        doc = {
            "about": (
                "Floors of the quick quality run (python -m benchmarks.quality.gate). "
                "A figure fails if it is worse than its floor by more than the tolerance; "
                "higher_is_better false means the floor is a ceiling. Floors only move up: "
                "lowering one needs --allow-regression and a sentence in BENCHMARKS.md."
            ),
            "tolerance": tolerance,
            "git": result.get("git"),
            "data_hashes": result.get("data_hashes"),
            "floors": dict(sorted(new.items())),
        }
        args.floors.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(
            f"pinned {len(new)} floors in {args.floors}"
            + (f"; kept {len(kept)} stricter old floors" if kept else "")
        )
        for k in kept:
            print(f"  kept: {k}")
        return 0
    pinned_hashes = pinned.get("data_hashes") or {}
    changed = sorted(k for k, v in (result.get("data_hashes") or {}).items() if pinned_hashes.get(k, v) != v)
    if changed:
        print(f"warning: data files differ from those the floors were pinned on: {', '.join(changed)}")
    failures = check(result["figures"], floors, tolerance=tolerance)
    print(f"gate: {len(floors) - len(failures)}/{len(floors)} pinned figures at or above their floors")
    for msg in failures:
        print(f"  FAIL {msg}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
