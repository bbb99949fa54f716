"""What any correct extractor must find in the example pair (examples/toretsk).

These are facts of the real text, read by an editor: the source dates the 90% fall to
"July last year" (2024-07 for a report of 2025-02-07); the rewrite says "By July 2023".
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from unspun.facts import (
    dates_conflict,
    extract_facts,
    normalize_quote,
    quantities_equivalent,
    quote_contained,
    same_party,
)
from unspun.ingest import load_article
from unspun.types import Article, QuantityKind, SentenceFacts, Span

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "toretsk"


def _spans(f: SentenceFacts) -> list[tuple[Span, str]]:
    """(span, text) of every fact in ``f``."""
    return [
        *((x.span, x.text) for x in f.quantities),
        *((x.span, x.text) for x in f.dates),
        *((x.span, x.text) for x in f.quotes),
        *((x.span, x.text) for x in f.entities),
        *((x.span, x.text) for x in f.attributions),
    ]


Extracted = tuple[Article, tuple[SentenceFacts, ...]]
Pair = tuple[Extracted, Extracted]  # (source, rewrite)


@pytest.fixture(scope="module")
def pair() -> Pair:
    src = load_article(EXAMPLE / "source.md")
    rw = load_article(EXAMPLE / "rewrite.txt")
    if rw.published is None:  # a rewrite without a date is read against its source's date
        rw = dataclasses.replace(rw, published=src.published)
    return (src, extract_facts(src)), (rw, extract_facts(rw))


def _all(facts: tuple[SentenceFacts, ...], field: str) -> list[Any]:
    return [x for f in facts for x in getattr(f, field)]


def test_spans_are_valid(pair: Pair) -> None:
    for art, facts in pair:
        assert len(facts) == len(art.sentences)
        for s, f in zip(art.sentences, facts, strict=True):
            for span, fact_text in _spans(f):
                assert s.span.contains(span)
                assert art.text[span.start : span.end] == fact_text


def test_july_last_year_vs_july_2023(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    src_date = next(d for d in _all(sf, "dates") if d.text == "July last year")
    rw_date = next(d for d in _all(rf, "dates") if d.text == "July 2023")
    assert src_date.value == "2024-07"
    assert src_date.is_relative
    assert rw_date.value == "2023-07"
    assert not rw_date.is_relative
    assert dates_conflict(src_date, rw_date)


def test_last_july_agrees(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    assert {d.value for d in _all(sf, "dates") if d.text == "last July"} == {"2024-07"}
    assert {d.value for d in _all(rf, "dates") if d.text == "last July"} == {"2024-07"}


def test_fell_by_90_equals_10_remained(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    fell = next(q for q in _all(sf, "quantities") if q.kind is QuantityKind.PERCENT and q.value == 90)
    remained = next(q for q in _all(rf, "quantities") if q.kind is QuantityKind.PERCENT and q.value == 10)
    assert fell.direction == "decrease"
    assert remained.direction == "remain"
    assert quantities_equivalent(fell, remained)


def test_population_about_vs_around(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    a = next(q for q in _all(sf, "quantities") if q.value == 30000)
    b = next(q for q in _all(rf, "quantities") if q.value == 30000)
    assert a.is_approx
    assert b.is_approx
    assert quantities_equivalent(a, b)


def test_kots_quote_same_after_normalisation(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    sq = next(q for q in _all(sf, "quotes") if "negotiations" in q.text)
    rq = next(q for q in _all(rf, "quotes") if "negotiations" in q.text)
    assert normalize_quote(sq.text) == normalize_quote(rq.text)
    assert sq.speaker is not None
    assert rq.speaker is not None
    assert same_party(sq.speaker, rq.speaker)


def test_ministry_quotes_match_despite_curly_apostrophes(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    src_norm = {normalize_quote(q.text) for q in _all(sf, "quotes")}
    rw_home = [q for q in _all(rf, "quotes") if "someone" in q.text]
    assert rw_home
    assert all(normalize_quote(q.text) in src_norm for q in rw_home)


def test_liberated_scare_quote_is_contained(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    frag = next(q for q in _all(rf, "quotes") if q.text == "liberated")
    assert any(quote_contained(frag.text, q.text) for q in _all(sf, "quotes"))


def test_attributions(pair: Pair) -> None:
    (_, sf), (_, rf) = pair
    src = {(a.source, a.cue) for a in _all(sf, "attributions")}
    rw = {(a.source, a.cue) for a in _all(rf, "attributions")}
    assert ("military analysts", "according to") in src
    assert ("local administration", "according to") in src
    assert ("russian military bloggers", "according to") in src
    assert ("institute for the study of war", "say") in src
    assert ("military analysts", "suggest") in rw
    assert ("think tank", "emphasize") in rw
    assert ("institute for the study of war", "note") in rw
    assert not same_party("think tank", "institute for the study of war")


def test_entities(pair: Pair) -> None:
    for _, facts in pair:
        norms = {e.norm for e in _all(facts, "entities")}
        assert {"toretsk", "vladimir putin", "donald trump", "russia"} <= norms
