"""A copy of a real article with one planted change must give exactly the matching finding.

The base articles are real text (the example pair under examples/toretsk). Hypothesis picks
which sentence to change and how; the expected finding type follows from the kind of change.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from unspun.facts import extract_facts
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Article, FindingType

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "toretsk"
BASES = ["source.md", "rewrite.txt"]
PROFILE = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def _base(name: str) -> Article:
    return article_from_text((EXAMPLES / name).read_text(encoding="utf-8"), doc_id=name)


def _with_sentence(base: Article, index: int, new_sentence: str) -> Article:
    s = base.sentences[index]
    text = base.text[: s.span.start] + new_sentence + base.text[s.span.end :]
    fmt = "text"
    return article_from_text(text, doc_id="copy", fmt=fmt, published=base.published)


def _types(base: Article, copy: Article) -> list[FindingType]:
    src = dataclasses.replace(base, doc_id="source")
    copy_text_article = dataclasses.replace(copy, credits=src.credits, url=src.url)
    report = compare_articles(copy_text_article, [src])
    return sorted(f.type for f in report.findings)


def _plain(base: Article) -> Article:
    # Re-ingest the normalised text as plain text so copy and source go through the same reader.
    return article_from_text(base.text, doc_id="base", fmt="text", published=base.published)


@pytest.mark.parametrize("name", BASES)
def test_article_compared_with_itself_has_no_findings(name: str) -> None:
    base = _plain(_base(name))
    report = compare_articles(dataclasses.replace(base, doc_id="copy"), [base])
    assert report.findings == ()
    assert report.metrics.derived_share == 1.0


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w,]|\.\d)")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def _candidates(base: Article, pattern: re.Pattern[str], *, years: bool) -> list[tuple[int, re.Match[str]]]:
    """Numbers (or years) outside quotations: a number changed inside a quote is a quote alteration."""
    facts = extract_facts(base)
    out = []
    for s in base.body:
        quoted = [(q.span.start - s.span.start, q.span.end - s.span.start) for q in facts[s.index].quotes]
        for m in pattern.finditer(s.text):
            is_year = bool(_YEAR.fullmatch(m.group(0)))
            if is_year == years and not any(a <= m.start() < b for a, b in quoted):
                out.append((s.index, m))
    return out


@PROFILE
@given(name=st.sampled_from(BASES), pick=st.integers(0, 10_000), delta=st.integers(2, 40))
def test_planted_number_change_is_a_number_mismatch(name: str, pick: int, delta: int) -> None:
    base = _plain(_base(name))
    cands = _candidates(base, _NUMBER, years=False)
    assume(cands)
    idx, m = cands[pick % len(cands)]
    old = int(m.group(0).replace(",", ""))
    new = f"{old + delta * (10 ** max(0, len(str(old)) - 2)):,}"
    s = base.sentences[idx]
    changed = s.text[: m.start()] + new + s.text[m.end() :]
    assert _types(base, _with_sentence(base, idx, changed)) == [FindingType.NUMBER_MISMATCH]


@PROFILE
@given(name=st.sampled_from(BASES), pick=st.integers(0, 10_000), delta=st.sampled_from([-3, -2, -1, 1, 2]))
def test_planted_year_change_is_a_date_mismatch(name: str, pick: int, delta: int) -> None:
    base = _plain(_base(name))
    cands = _candidates(base, _YEAR, years=True)
    assume(cands)
    idx, m = cands[pick % len(cands)]
    s = base.sentences[idx]
    changed = s.text[: m.start()] + str(int(m.group(0)) + delta) + s.text[m.end() :]
    assert _types(base, _with_sentence(base, idx, changed)) == [FindingType.DATE_MISMATCH]


def _quotes(base: Article) -> list[tuple[int, int, int, str]]:
    out = []
    for f in extract_facts(base):
        for q in f.quotes:
            if len(q.text.split()) >= 4:
                out.append((f.sentence_index, q.span.start, q.span.end, q.text))
    return out


@PROFILE
@given(
    name=st.sampled_from(BASES),
    pick=st.integers(0, 10_000),
    word=st.sampled_from(["never", "perhaps", "truly"]),
)
def test_planted_word_in_quote_is_a_quote_alteration(name: str, pick: int, word: str) -> None:
    base = _plain(_base(name))
    quotes = _quotes(base)
    assume(quotes)
    idx, qs, qe, qtext = quotes[pick % len(quotes)]
    words = qtext.split(" ")
    pos = 1 + pick % max(1, len(words) - 2)
    new_quote = " ".join([*words[:pos], word, *words[pos:]])
    s = base.sentences[idx]
    changed = s.text[: qs - s.span.start] + new_quote + s.text[qe - s.span.start :]
    found = _types(base, _with_sentence(base, idx, changed))
    # A planted negator ("never", "not") also reverses the quote's meaning: that finding may join it.
    assert FindingType.QUOTE_ALTERED in found
    assert set(found) <= {FindingType.QUOTE_ALTERED, FindingType.MEANING_REVERSED}


@PROFILE
@given(
    name=st.sampled_from(BASES),
    pick=st.integers(0, 10_000),
    who=st.sampled_from(["Dmitry Peskov", "Jens Stoltenberg"]),
)
def test_planted_speaker_change_is_a_misattributed_quote(name: str, pick: int, who: str) -> None:
    base = _plain(_base(name))
    cands = []
    for f in extract_facts(base):
        s = base.sentences[f.sentence_index]
        for q in f.quotes:
            if q.speaker and q.speaker_text and len(q.speaker_text.split()) >= 2 and q.speaker_text in s.text:
                cands.append((s.index, q.speaker_text))
    assume(cands)
    idx, speaker = cands[pick % len(cands)]
    s = base.sentences[idx]
    changed = s.text.replace(speaker, who, 1)
    assert _types(base, _with_sentence(base, idx, changed)) == [FindingType.QUOTE_MISATTRIBUTED]


@PROFILE
@given(name=st.sampled_from(BASES), pick=st.integers(0, 10_000))
def test_planted_name_change_is_an_entity_mismatch(name: str, pick: int) -> None:
    base = _plain(_base(name))
    cands = []
    for f in extract_facts(base):
        s = base.sentences[f.sentence_index]
        quoted = [(q.span.start, q.span.end) for q in f.quotes]
        speakers = " ".join(q.speaker_text or "" for q in f.quotes)
        for e in f.entities:
            # People quoted in the sentence are speakers: renaming them misattributes a quote.
            inside_quote = any(a <= e.span.start < b for a, b in quoted) or e.text in speakers
            if e.label == "PERSON" and not inside_quote and len(e.text.split()) >= 2:
                cands.append((s.index, e.text))
    assume(cands)
    idx, person = cands[pick % len(cands)]
    s = base.sentences[idx]
    changed = s.text.replace(person, "Marcus Ellingsworth")
    assert _types(base, _with_sentence(base, idx, changed)) == [FindingType.ENTITY_MISMATCH]


@PROFILE
@given(
    name=st.sampled_from(BASES),
    pick=st.integers(0, 10_000),
    # Parties the base articles never cite (a party they do cite elsewhere, for a similar
    # claim, may be a faithful move of that attribution).
    who=st.sampled_from(["Western intelligence officials", "the Pentagon", "a European Union spokesperson"]),
)
def test_planted_attribution_is_an_added_attribution(name: str, pick: int, who: str) -> None:
    base = _plain(_base(name))
    facts = extract_facts(base)
    cands = [
        s.index
        for s in base.body
        if s.text.endswith(".")
        and not facts[s.index].attributions
        and not facts[s.index].quotes
        and len(s.text.split()) >= 8
    ]
    assume(cands)
    idx = cands[pick % len(cands)]
    s = base.sentences[idx]
    changed = s.text[:-1] + f", according to {who}."
    assert _types(base, _with_sentence(base, idx, changed)) == [FindingType.ATTRIBUTION_ADDED]
