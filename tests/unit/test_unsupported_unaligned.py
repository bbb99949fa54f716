"""unsupported_fact on a rewrite sentence aligned to nothing (issue 10 item 1: every value of the rewrite)."""

from __future__ import annotations

import dataclasses

from unspun.config import Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType

SOURCE = (
    "Drugmaker Gilead said on Tuesday it would donate its entire supply of remdesivir to hospitals.\n\n"
    "The company said the supply would be enough to treat 140,000 patients with COVID-19.\n\n"
    "Regulators in the United States approved the drug for emergency use last week.\n\n"
    "Shares of the company fell 3% in early trading in New York."
)


def _unsupported(rewrite: str, *, on: bool = True) -> list[Finding]:
    s = Settings()
    settings = dataclasses.replace(s, audit=dataclasses.replace(s.audit, unsupported_unaligned=on))
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(SOURCE, doc_id="src", fmt="text")],
        settings=settings,
    )
    return [f for f in report.findings if f.type is FindingType.UNSUPPORTED_FACT]


REWRITE = (
    "Drugmaker Gilead said on Tuesday it would donate its entire supply of remdesivir to hospitals.\n\n"
    "Analysts at Barclays expect the programme to cost Gilead $5 billion over two years.\n\n"
    "Shares of the company fell 3% in early trading in New York."
)


def test_values_of_an_unaligned_sentence_found_nowhere_are_reported() -> None:
    found = _unsupported(REWRITE)
    unaligned = [f for f in found if f.after and "5 billion" in f.after]
    assert len(unaligned) == 1
    assert unaligned[0].source is None
    assert "no source sentence restates this one" in unaligned[0].message


def test_an_unaligned_sentence_of_source_values_is_not_reported() -> None:
    rewrite = REWRITE.replace(
        "Analysts at Barclays expect the programme to cost Gilead $5 billion over two years.",
        "It is enough for 140,000 COVID-19 patients in the United States, Gilead believes.",
    )
    assert _unsupported(rewrite) == []


def test_the_setting_keeps_the_rule_to_aligned_sentences() -> None:
    assert not any(f.after and "5 billion" in f.after for f in _unsupported(REWRITE, on=False))
