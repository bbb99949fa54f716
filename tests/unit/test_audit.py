from __future__ import annotations

import pytest

from unspun.audit import compute_metrics, decide_verdict
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import AlignmentLink, Article, FindingType, LinkKind, Metrics, VerdictLabel

SOURCE = """# Factory to close in Leeds

By Jane Smith for Reuters

March 3, 2025

The factory in Leeds will close in June, the company said on Monday.

About 400 workers will lose their jobs at the plant, according to the union.

"This is a betrayal of the workforce," union leader Mark Jones said.

The plant opened in 1987 and once employed 2,000 people.
"""


def _art(text: str, doc_id: str) -> Article:
    return article_from_text(text, doc_id=doc_id)


def _types(rewrite: str) -> list[str]:
    report = compare_articles(_art(rewrite, "rw"), [_art(SOURCE, "src")])
    return sorted(f.type.value for f in report.findings if f.type is not FindingType.CREDIT_DROPPED)


def test_credits_of_the_source_missing_from_the_rewrite_are_reported() -> None:
    body = SOURCE.split("March 3, 2025", 1)[1]
    report = compare_articles(_art(body, "rw"), [_art(SOURCE, "src")])
    dropped = {f.before for f in report.findings if f.type is FindingType.CREDIT_DROPPED}
    assert {"Jane Smith", "Reuters"} <= dropped


def test_faithful_restatement_has_no_fact_findings() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "According to the union, about 400 workers at the plant will lose their jobs.\n\n"
        '"This is a betrayal of the workforce," union leader Mark Jones said.\n\n'
        "The plant opened in 1987 and once employed 2,000 people."
    )
    assert _types(rewrite) == []


def test_changed_number_and_dropped_attribution() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "About 600 workers at the plant will lose their jobs.\n\n"
        '"This is a betrayal of the workforce," union leader Mark Jones said.\n\n'
        "The plant opened in 1987 and once employed 2,000 people."
    )
    assert _types(rewrite) == ["attribution_dropped", "number_mismatch"]


def test_cut_off_rewrite_is_truncated() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "According to the union, about 400 workers at the plant will lose"
    )
    types = _types(rewrite)
    assert "truncated" in types
    assert "unsupported_claim" not in types


def test_unrelated_article_is_independent_without_findings() -> None:
    other = (
        "The central bank left interest rates unchanged on Thursday, citing stubborn inflation.\n\n"
        "Economists had expected the decision after a run of strong wage data.\n\n"
        "The governor said further rises could not be ruled out this year."
    )
    report = compare_articles(_art(other, "rw"), [_art(SOURCE, "src")])
    assert report.verdict.label is VerdictLabel.INDEPENDENT
    assert report.findings == ()


def _metrics(d: float, v: float, aligned: int, n: int = 10) -> Metrics:
    return Metrics(d, 0.5, v, n, n, aligned)


@pytest.mark.parametrize(
    ("metrics", "label"),
    [
        (_metrics(1.0, 1.0, 10), VerdictLabel.COPY),
        (_metrics(0.8, 0.1, 8), VerdictLabel.REWRITE),
        (_metrics(0.3, 0.0, 3), VerdictLabel.PARTIAL),
        (_metrics(0.4, 0.0, 1, n=2), VerdictLabel.PARTIAL),
        (_metrics(0.1, 0.0, 1), VerdictLabel.INDEPENDENT),
        (_metrics(0.0, 0.0, 0), VerdictLabel.INDEPENDENT),
    ],
    ids=["copy", "rewrite", "partial", "short-partial", "independent", "nothing"],
)
def test_verdict_thresholds(metrics: Metrics, label: VerdictLabel) -> None:
    verdict = decide_verdict(metrics)
    assert verdict.label is label
    assert 0.0 <= verdict.confidence <= 1.0


def test_metrics_are_character_weighted_shares() -> None:
    src = _art("One sentence here is long enough to count.\n\nAnother sentence follows it here.", "s")
    rw = _art("One sentence here is long enough to count.\n\nSomething else entirely is said now.", "r")
    link = AlignmentLink(rw.body[0].index, "s", src.body[0].index, 1.0, LinkKind.VERBATIM)
    m = compute_metrics(rw, [src], [link])
    r_total = sum(len(s.text) for s in rw.body)
    assert m.derived_share == pytest.approx(len(rw.body[0].text) / r_total)
    assert m.verbatim_share == m.derived_share
    assert 0.0 < m.source_coverage < 1.0
