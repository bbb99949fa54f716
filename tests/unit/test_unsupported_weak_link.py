"""unsupported_fact on a summary sentence that aligns just under the threshold (issue 10, session 9).

A summary sentence compresses several source sentences, so it aligns to none of them and none of
its facts was compared: the edit "$5bn" -> "$5mn" or "2023" -> "2024" went unreported (SummEdits).
"""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from unspun.audit.unsupported import _digits_in, _scale
from unspun.config import Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType

SOURCE = (
    "Moderna's revenues from its COVID-19 vaccines have begun an anticipated decline as the pandemic"
    " winds down.\n\n"
    "Its earnings for October to December, announced on 23 February, showed revenues of $5.1bn.\n\n"
    "Nearly all of that came from global sales of Spikevax, its coronavirus shot.\n\n"
    "Executives expect contracted deliveries worth $5bn during 2023.\n\n"
    "Chief executive Stephane Bancel said the firm was on track to expand its portfolio very soon."
)
KEPT = " Chief executive Stephane Bancel said the firm was on track to expand its portfolio very soon."
SUMMARY = (
    "The company reported a fourth quarter decline in vaccine sales and guided for sales of $5bn in 2023."
)


def _unsupported(rewrite: str, *, on: bool = True) -> list[Finding]:
    s = Settings()
    s = dataclasses.replace(s, audit=dataclasses.replace(s.audit, unsupported_weak_link=on))
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(SOURCE, doc_id="src", fmt="text")],
        settings=s,
    )
    return [f for f in report.findings if f.type is FindingType.UNSUPPORTED_FACT]


def test_an_invented_year_in_a_sentence_under_the_threshold_is_reported_at_its_closest_sentence() -> None:
    found = _unsupported(SUMMARY.replace("2023", "2024") + KEPT)
    assert [f.after for f in found] == ["2024"]
    f = found[0]
    assert f.confidence == 0.5  # weaker evidence than an aligned sentence's
    assert f.source is not None
    assert "deliveries worth $5bn during 2023" in f.source.text
    assert "closest to it" in f.message


def test_a_changed_scale_is_not_supported_by_the_same_digits() -> None:
    found = _unsupported(SUMMARY.replace("$5bn", "$5mn") + KEPT)
    assert [f.after for f in found] == ["$5mn"]


def test_the_faithful_summary_gets_no_finding() -> None:
    assert _unsupported(SUMMARY + KEPT) == []


def test_a_sentence_of_its_own_is_left_to_the_coverage_rule() -> None:
    # closest source sentence far under the floor: a sentence the rewrite adds, not a restatement
    assert _unsupported("Analysts at Barclays expect the shares to gain 12% by March 2024." + KEPT) == []


def test_the_setting_turns_it_off() -> None:
    assert _unsupported(SUMMARY.replace("2023", "2024") + KEPT, on=False) == []


def test_scale_words() -> None:
    assert _scale("$5bn in 2023", 2) == "b"
    assert _scale("5 million people", 1) == "m"
    assert _scale("5 people", 1) == ""
    assert not _digits_in("5", "m", "worth $5bn during 2023")
    assert _digits_in("5", "b", "worth $5 billion during 2023")


@given(
    st.integers(min_value=1, max_value=10**6).map(str),
    st.sampled_from(["", " thousand", "k", " million", "mn", "bn", " billion", " trillion"]),
    st.sampled_from(["", " people", ".", ", said"]),
)
def test_a_number_is_found_in_a_text_that_writes_it_with_the_same_scale(
    digits: str, scale: str, tail: str
) -> None:
    text = f"about {digits}{scale}{tail}"
    assert _digits_in(digits, _scale(text, len("about ") + len(digits)), text)
