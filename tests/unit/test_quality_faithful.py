"""The quotation fit of the faithful-rewrites benchmark (benchmarks/quality/faithful.py)."""

from __future__ import annotations

from typing import Any

from benchmarks.quality.faithful import _gap_table


def _q(own: float, foreign: float, gaps: list[tuple[int, int, float, float]]) -> dict[str, Any]:
    return {
        "own": own,
        "foreign": foreign,
        "gap": [{"cols": c, "rows": r, "anchors": 1, "own": o, "foreign": f} for c, r, o, f in gaps],
    }


def test_gap_table_counts_the_window_or_a_gap_within_the_row_limit() -> None:
    rows = [
        (False, _q(0.6, 0.1, [])),  # the window takes it, not its foreign stand-in
        (False, _q(0.2, 0.1, [(1, 1, 0.5, 0.2)])),  # the gap takes it at 0.45
        (False, _q(0.2, 0.1, [(3, 3, 0.9, 0.9)])),  # three claimants: the gap says nothing
        (True, _q(0.1, 0.2, [(2, 2, 0.3, 0.46)])),  # a manipulation: only its stand-in is taken
        (True, _q(0.1, 0.1, [(0, 1, 0.0, 0.0)])),  # an empty gap takes nothing
    ]
    table = _gap_table(rows, 0.5, 2)
    assert table["0.45"] == {
        "faithful_own": round(2 / 3, 3),
        "faithful_foreign": 0.0,
        "manipulated_own": 0.0,
        "manipulated_foreign": 0.5,
        "foreign": 0.2,
    }
    assert table["0.5"]["faithful_own"] == round(2 / 3, 3)
    assert table["0.55"]["faithful_own"] == round(1 / 3, 3)
    assert table["0.55"]["foreign"] == 0.0
