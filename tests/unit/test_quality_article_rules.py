"""The article-level rules benchmark's planting and scoring (benchmarks/quality/article_rules.py)."""

from __future__ import annotations

from benchmarks.quality.article_rules import Item, Tally, _without_credits, score
from benchmarks.quality.scorers import Audit, FoundSpan


def test_a_short_credit_line_goes_whole_and_a_long_line_keeps_its_other_words() -> None:
    text = (
        "By Jane Roe, Reuters\nThe plant will close.\n"
        "Workers gathered at the gate of the plant on Monday to hear the news from the union "
        "(Photo: John Doe/AP)."
    )
    byline = (text.index("Jane Roe"), text.index("Jane Roe") + len("Jane Roe"))
    photo = (text.index("John Doe/AP"), text.index("John Doe/AP") + len("John Doe/AP"))
    out = _without_credits(text, [byline, photo])
    assert "Jane Roe" not in out
    assert "Reuters" not in out  # the byline line went whole
    assert out.startswith("The plant will close.")
    assert "John Doe/AP" not in out
    assert "Workers gathered at the gate of the plant on Monday" in out


def _audit(*found: FoundSpan) -> Audit:
    return Audit("rewrite", 1.0, tuple(found), 0.0)


def test_a_finding_counts_right_only_where_the_change_was_planted() -> None:
    tally = Tally()
    cut = FoundSpan("truncated", "major", 0.9, 10, 20, "truncated")
    score(Item("a", "cut", "x"), _audit(cut), tally)
    score(Item("a", "copy", "x"), _audit(cut), tally)
    inserted = Item("a", "inserted", "x", span=(30, 60))
    claim = FoundSpan("unsupported_claim", "major", 0.7, 30, 60, "unsupported_claim")
    elsewhere = FoundSpan("unsupported_claim", "minor", 0.7, 0, 20, "unsupported_claim")
    score(inserted, _audit(claim, elsewhere), tally)
    assert (tally.right["truncated"], tally.wrong["truncated"], tally.caught["truncated"]) == (1, 1, 1)
    assert tally.planted["truncated"] == 1
    assert (tally.right["unsupported_claim"], tally.wrong["unsupported_claim"]) == (1, 1)
    assert tally.caught["unsupported_claim"] == 1


def test_credit_findings_outside_the_prefix_are_not_counted() -> None:
    tally = Tally()
    kept = FoundSpan("credit_dropped", "major", 0.95, 0, 0, "credit_dropped: 'Jane Roe' -> None")
    outside = FoundSpan("credit_dropped", "minor", 0.95, 0, 0, "credit_dropped: 'https://x.org/a' -> None")
    score(Item("a", "copy", "x", kept=("Jane Roe",)), _audit(kept, outside), tally)
    score(Item("a", "uncredited", "x", removed=("Jane Roe",), kept=("Jane Roe",)), _audit(kept), tally)
    assert tally.wrong["credit_dropped"] == 1  # the copy keeps Jane Roe: a false finding
    assert tally.right["credit_dropped"] == 1
    assert tally.caught["credit_dropped"] == 1
    assert tally.planted["credit_dropped"] == 1
