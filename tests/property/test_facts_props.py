"""Hypothesis invariants of the facts stage."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.facts import (
    dates_compatible,
    extract_attributions,
    extract_dates,
    extract_facts,
    extract_quantities,
    extract_quotes,
    normalize_entity,
    normalize_quote,
    parse_number,
    parse_number_words,
    quantities_equivalent,
    quote_similarity,
    render_number,
    same_party,
)
from unspun.types import (
    Article,
    DateGranularity,
    DateMention,
    Quantity,
    QuantityKind,
    Role,
    Sentence,
    SentenceFacts,
    Span,
)

NEWS_WORDS = [
    "Russia",
    "said",
    "Friday",
    "about",
    "30,000",
    "90%",
    "fell",
    "by",
    "only",
    "10%",
    "remained",
    "last",
    "July",
    "year",
    "according",
    "to",
    "analysts",
    "the",
    "ministry",
    '"',
    "“",
    "”",
    "'",
    "’",
    "It's",
    "three",
    "people",
    "2022",
    "in",
    "late",
    "February",
    "2024",
    ",",
    ".",
    "?",
    "$5m",
    "€3bn",
    "km",
    "miles",
    "(12",
    "miles)",
    "28th",
    "two-story",
    "dozens",
    "half",
    "a",
    "ago",
    "almost",
    "summer",
    "noted",
    "that",
    "Kyiv",
    "denied",
    "asked",
    "Putin",
    "—",
    "per",
    "cent",
    "\n\n",
    "-",
    "U.S.",
]
news_text = st.lists(st.sampled_from(NEWS_WORDS), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=200), news_text)
PUB = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)))


def _spans(f: SentenceFacts) -> list[tuple[Span, str]]:
    """(span, text) of every fact in ``f``."""
    return [
        *((x.span, x.text) for x in f.quantities),
        *((x.span, x.text) for x in f.dates),
        *((x.span, x.text) for x in f.quotes),
        *((x.span, x.text) for x in f.entities),
        *((x.span, x.text) for x in f.attributions),
    ]


def _check_spans(text: str, items: tuple[Any, ...], offset: int = 0) -> None:
    for it in items:
        assert 0 <= it.span.start - offset <= it.span.end - offset <= len(text)
        assert text[it.span.start - offset : it.span.end - offset] == it.text


@given(any_text, st.integers(0, 1000))
def test_quantity_spans(text: str, offset: int) -> None:
    _check_spans(text, extract_quantities(text, offset=offset), offset)


@given(any_text, PUB)
def test_date_spans_and_resolution(text: str, published: dt.date | None) -> None:
    dates = extract_dates(text, published)
    _check_spans(text, dates)
    for d in dates:
        if published is None and d.is_relative:
            assert d.value is None
        if d.value is not None:
            assert dates_compatible(d, d)


@given(any_text)
def test_quote_and_attribution_spans(text: str) -> None:
    quotes = extract_quotes(text)
    _check_spans(text, quotes)
    for q in quotes:
        assert q.text
        assert not q.text.startswith(('"', "“"))
        assert not q.text.endswith(('"', "”"))
    _check_spans(text, extract_attributions(text))


_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _article(paragraphs: list[str], published: dt.date | None) -> Article:
    text = "\n\n".join(paragraphs)
    sentences: list[Sentence] = []
    pos = 0
    for p_no, para in enumerate(paragraphs):
        start = text.index(para, pos) if para else pos
        for m in re.finditer(r"[^.!?]+[.!?]*", para):
            chunk = m.group(0).strip()
            if not chunk:
                continue
            a = start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            sentences.append(Sentence(len(sentences), Span(a, a + len(chunk)), chunk, Role.BODY, p_no))
        pos = start + len(para)
    return Article("p", text, tuple(sentences), published=published)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(news_text.filter(lambda t: "\n" not in t), min_size=1, max_size=3), PUB)
def test_extract_facts_spans_inside_sentences(paragraphs: list[str], published: dt.date | None) -> None:
    art = _article(paragraphs, published)
    facts = extract_facts(art)
    assert [f.sentence_index for f in facts] == [s.index for s in art.sentences]
    for s, f in zip(art.sentences, facts, strict=True):
        for span, fact_text in _spans(f):
            assert s.span.contains(span)
            assert art.text[span.start : span.end] == fact_text


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    """Reference English rendering of 0 <= n < 1,000,000 (written independently of the parser)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _ONES[n // 100] + " hundred" + (" and " + _words(n % 100) if n % 100 else "")
    return _words(n // 1000) + " thousand" + (" " + _words(n % 1000) if n % 1000 else "")


@given(st.integers(0, 999_999))
def test_number_words_round_trip(n: int) -> None:
    assert parse_number_words(_words(n)) == n


@given(st.one_of(st.integers(0, 10**12).map(float), st.decimals(0, 10**6, places=2).map(float)))
def test_rendered_numbers_round_trip(v: float) -> None:
    assert parse_number(render_number(v)) == v


@given(st.integers(0, 10**9))
def test_rendered_number_is_extracted(n: int) -> None:
    text = f"Officials counted {render_number(n)} people."
    qs = extract_quantities(text)
    if not (1800 <= n <= 2100):
        assert [q.value for q in qs] == [n]


quantities = st.builds(
    Quantity,
    span=st.just(Span(0, 1)),
    text=st.just("x"),
    value=st.one_of(st.integers(0, 100_000).map(float), st.floats(0, 1e6, allow_nan=False)),
    kind=st.sampled_from(list(QuantityKind)),
    unit=st.sampled_from([None, "%", "pp", "km", "mile", "usd", "eur", "people", "month"]),
    is_approx=st.booleans(),
    direction=st.sampled_from([None, "decrease", "increase", "remain"]),
)


@given(quantities, quantities)
def test_quantities_equivalent_symmetric_and_reflexive(a: Quantity, b: Quantity) -> None:
    assert quantities_equivalent(a, a)
    assert quantities_equivalent(a, b) == quantities_equivalent(b, a)
    assert quantities_equivalent(a, b, convert=True) == quantities_equivalent(b, a, convert=True)


def _date_value(d: dt.date, gran: DateGranularity) -> str:
    if gran is DateGranularity.DAY:
        return d.isoformat()
    if gran is DateGranularity.MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    if gran is DateGranularity.WEEK:
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if gran is DateGranularity.SEASON:
        season = ["winter", "spring", "summer", "autumn"][(d.month % 12) // 3]
        year = d.year - 1 if d.month in (1, 2) else d.year  # a winter is named by the year of its December
        return f"{year:04d}-{season}"
    if gran is DateGranularity.DECADE:
        return f"{d.year // 10 * 10:04d}"
    return f"{d.year:04d}"


mentions = st.builds(
    lambda d, g, none: DateMention(Span(0, 1), "x", None if none else _date_value(d, g), g, none),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(list(DateGranularity)),
    st.booleans(),
)


@given(mentions, mentions)
def test_dates_compatible_reflexive_symmetric(a: DateMention, b: DateMention) -> None:
    assert dates_compatible(a, a)
    assert dates_compatible(a, b) == dates_compatible(b, a)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(list(DateGranularity)),
)
def test_a_day_is_compatible_with_its_coarser_values(d: dt.date, gran: DateGranularity) -> None:
    day = DateMention(Span(0, 1), "x", d.isoformat(), DateGranularity.DAY)
    coarse = DateMention(Span(0, 1), "x", _date_value(d, gran), gran)
    assert dates_compatible(day, coarse)


@given(any_text)
def test_normalize_quote_idempotent(text: str) -> None:
    n = normalize_quote(text)
    assert normalize_quote(n) == n


@given(any_text, any_text)
def test_quote_similarity_bounds(a: str, b: str) -> None:
    s = quote_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert quote_similarity(a, a) == 1.0
    assert quote_similarity(a, b) == quote_similarity(b, a)


@given(any_text)
def test_normalize_entity_idempotent(text: str) -> None:
    n = normalize_entity(text)
    assert normalize_entity(n) == n


@given(any_text, any_text)
def test_same_party_symmetric(a: str, b: str) -> None:
    assert same_party(a, b) == same_party(b, a)
