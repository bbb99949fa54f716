"""meaning_reversed on a lone negation the cross-encoder rules out (session 10, issue 10): the
source covers the rewrite sentence without its negation with P at least
``audit.meaning_cover_band_min`` and with it at most ``audit.meaning_cover_band_with``
(unspun.audit.meaning_sentence; off by default, 0.05 when on). Cases from the planted benchmark's
dev half (the catches) and faithful LLMFake train rewrites (kept out), shortened."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sentence_articles import TAIL
from unspun.audit.meaning_sentence import _covered_without
from unspun.config import AuditSettings, Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType

_ON = replace(Settings(), audit=replace(Settings().audit, meaning_cover_band_with=0.05))


def _reversed(source: str, rewrite: str, settings: Settings = _ON) -> list[Finding]:
    report = compare_articles(
        article_from_text(rewrite + TAIL, doc_id="rw"),
        [article_from_text(source + TAIL, doc_id="src")],
        settings=settings,
    )
    return [f for f in report.findings if f.type is FindingType.MEANING_REVERSED]


_RESULTED = (
    "This surprising new development is the result of several years of a sustained propaganda that "
    "has actually led to Australian citizens voluntarily putting themselves forward for the "
    "controversial program.",
    "This surprising development follows several years of sustained propaganda that has not resulted "
    "in Australian citizens voluntarily undergoing the controversial procedure.",
)
_ARISEN = (
    "A dispute in Angela Merkel’s coalition over migration policy has swiftly escalated into one of "
    "the biggest tests of her chancellorship.",
    "A dispute has not arisen within Angela Merkel’s coalition regarding migration policy, which has "
    "now escalated into one of the biggest tests of her chancellorship.",
)


@pytest.mark.parametrize(("pair", "after"), [(_RESULTED, "has not resulted"), (_ARISEN, "has not arisen")])
def test_a_negation_the_source_rules_out_is_reversed(pair: tuple[str, str], after: str) -> None:
    (f,) = _reversed(*pair)
    assert f.after == after


def test_the_band_is_off_by_default() -> None:
    assert _reversed(*_RESULTED, settings=Settings()) == []


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # P with the negation 0.064, without it 0.661: a faithful negation keeps some P
        (
            "While Puerto Rico’s Governor has praised Donald Trump’s efforts to quell the suffering of the "
            "people affected by Hurricane Maria, many of those efforts have been in vain because supplies "
            "come into San Juan, and the mayor has been stingy with distribution.",
            "The governor of Puerto Rico has appreciated Donald Trump's efforts to help hurricane-affected "
            "individuals but the mayor of San Juan has not distributed supplies.",
        ),
        # P with the negation 0.027, without it 0.252 (below the band)
        (
            "Although the Kardashian-Jenner clan is said to be ‘wholly supportive’ of Jenner’s transition, "
            "sources close to the family say the prospect of a nude shoot is ‘their worst nightmare’.",
            "While the Kardashian-Jenner family supports Jenner's transition, they are not in favor of the "
            "nude shoot.",
        ),
        (
            "HollywoodLife reached out to Rob and Sienna’s reps for comment.",
            "Representatives for Rob and Sienna have not commented on the matter when reached by "
            "HollywoodLife.",
        ),
    ],
)
def test_a_faithful_negation_is_no_reversal(source: str, rewrite: str) -> None:
    assert _reversed(source, rewrite) == []


_P = st.floats(min_value=0.0, max_value=1.0)


@given(_P, _P, _P, _P)
def test_less_cover_with_the_negation_or_more_without_never_undoes_a_flip(
    with_neg: float, without: float, lower: float, higher: float
) -> None:
    s = replace(AuditSettings(), meaning_cover_band_with=0.05)
    if _covered_without(with_neg, without, s):
        assert _covered_without(with_neg * lower, without + (1.0 - without) * higher, s)


def test_the_band() -> None:
    s = _ON.audit
    assert _covered_without(0.01, 0.79, s)  # the band
    assert _covered_without(0.2, 0.85, s)  # the first test
    assert not _covered_without(0.064, 0.661, s)  # P with the negation above the band
    assert not _covered_without(0.026, 0.43, s)  # P without it below the band
    assert not _covered_without(0.01, 0.79, replace(s, meaning_cover_band_with=0.0))
