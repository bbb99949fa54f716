"""extract_facts on Articles built here with a tiny splitter (independent of unspun.ingest)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from unspun.facts import extract_facts
from unspun.types import Article, DateOrigin, Role, Sentence, SentenceFacts, Span

_SPLIT = re.compile(r"(?<=[.!?])([\"”]?)\s+(?=[\"“A-Z])")


def _spans(f: SentenceFacts) -> list[tuple[Span, str]]:
    """(span, text) of every fact in ``f``."""
    return [
        *((x.span, x.text) for x in f.quantities),
        *((x.span, x.text) for x in f.dates),
        *((x.span, x.text) for x in f.quotes),
        *((x.span, x.text) for x in f.entities),
        *((x.span, x.text) for x in f.attributions),
    ]


def make_article(paragraphs: list[str], *, published: dt.date | None = dt.date(2025, 2, 7)) -> Article:
    """Join paragraphs with blank lines and split them into sentences at . ! ? before a capital."""
    text = ""
    sentences: list[Sentence] = []
    for p_no, para in enumerate(paragraphs):
        if text:
            text += "\n\n"
        base = len(text)
        text += para
        bounds = [(m.start() + len(m.group(1)), m.end()) for m in _SPLIT.finditer(para)]
        starts = [0] + [b for _, b in bounds]
        ends = [a for a, _ in bounds] + [len(para)]
        for start, end in zip(starts, ends, strict=True):
            chunk = para[start:end]
            if chunk.strip():
                sentences.append(
                    Sentence(len(sentences), Span(base + start, base + end), chunk, Role.BODY, p_no)
                )
    return Article("t", text, tuple(sentences), published=published)


def test_one_facts_per_sentence_in_order() -> None:
    art = make_article(
        ["Russia said Friday it took the town. Kyiv denied it.", "About 30,000 people lived there."]
    )
    facts = extract_facts(art)
    assert [f.sentence_index for f in facts] == [s.index for s in art.sentences]


def test_spans_point_into_article_text() -> None:
    art = make_article(
        [
            "Intro line here.",
            'Russia said Friday its forces had seized Toretsk, about 30,000 people, "liberated," Moscow said.',  # noqa: E501
        ]
    )
    facts = extract_facts(art)
    for s, f in zip(art.sentences, facts, strict=True):
        for span, fact_text in _spans(f):
            assert s.span.contains(span)
            assert art.text[span.start : span.end] == fact_text


def test_non_body_sentences_have_no_facts_but_dateline_keeps_dates() -> None:
    text = "Headline with 3 numbers\n\nFebruary 07, 2025\n\nRussia said 3 people died."
    sents = (
        Sentence(0, Span(0, 23), text[0:23], Role.TITLE, 0),
        Sentence(1, Span(25, 42), text[25:42], Role.DATELINE, 1),
        Sentence(2, Span(44, len(text)), text[44:], Role.BODY, 2),
    )
    facts = extract_facts(Article("t", text, sents, published=dt.date(2025, 2, 7)))
    assert facts[0].quantities == ()
    assert facts[0].dates == ()
    assert [d.value for d in facts[1].dates] == ["2025-02-07"]
    assert [q.value for q in facts[2].quantities] == [3]


def test_entities_found_and_normalised() -> None:
    art = make_article(["Russian President Vladimir Putin met U.S. President Donald Trump in Moscow."])
    norms = {e.norm for f in extract_facts(art) for e in f.entities}
    assert {"vladimir putin", "donald trump", "moscow"} <= norms
    assert "united states" in norms


def test_quote_across_sentences_inherits_speaker() -> None:
    art = make_article(
        ['"This was once a home," the ministry wrote. "A place where people lived. Now, it is ruins."']
    )
    facts = extract_facts(art)
    quotes = [q for f in facts for q in f.quotes]
    assert [q.text for q in quotes] == [
        "This was once a home",
        "A place where people lived.",
        "Now, it is ruins.",
    ]
    assert {q.speaker for q in quotes} == {"ministry"}


def test_quote_speaker_is_the_person_not_the_title() -> None:
    art = make_article(['"Do we need talks?" Russian military correspondent Alexander Kots said on Friday.'])
    (quote,) = extract_facts(art)[0].quotes
    assert quote.speaker == "alexander kots"


def test_relative_dates_follow_published() -> None:
    art = make_article(["Reporters visited the town last July."], published=dt.date(2025, 9, 3))
    assert [d.value for d in extract_facts(art)[0].dates] == ["2025-07"]
    art = make_article(["Reporters visited the town last July."], published=None)
    assert [d.value for d in extract_facts(art)[0].dates] == ["--07"]  # no year to place it in


def test_day_month_without_year_in_an_article_without_a_date_stays_yearless() -> None:
    text = ["The vote was held on 16 June, officials said."]
    dated = make_article(text, published=dt.date(2024, 7, 1))
    assert [(d.value, d.is_relative) for d in extract_facts(dated)[0].dates] == [("2024-06-16", True)]
    borrowed = dataclasses.replace(dated, date_origin=DateOrigin.INHERITED)
    assert [(d.value, d.is_relative) for d in extract_facts(borrowed)[0].dates] == [("--06-16", False)]


def test_dates_are_not_quantities() -> None:
    art = make_article(["The photo was taken on July 29, 2024, when 40 homes burned."])
    f = extract_facts(art)[0]
    assert [q.value for q in f.quantities] == [40]
    assert [d.value for d in f.dates] == ["2024-07-29"]


def test_empty_article() -> None:
    assert extract_facts(Article("e", "", ())) == ()


def test_windowed_ner_matches_whole_sentence_ner() -> None:
    from unspun.facts.entities import ENTITY_LABELS
    from unspun.facts.nlp import load_nlp

    paragraphs = [
        "The European Commission said on Monday that Ursula von der Leyen would travel to Kyiv.",
        "Prosecutors in Sumy said Russian strikes hit a school run by the Red Cross near the Dnipro River.",
        "It was the worst attack since the Geneva Conventions were signed, said Amnesty International.",
        "Officials in Washington and London declined to comment on the report by the New York Times.",
    ]
    art = make_article(paragraphs)
    facts = extract_facts(art)
    nlp = load_nlp()
    for s, f in zip(art.sentences, facts, strict=True):
        whole = {
            (s.span.start + e.start_char, e.label_) for e in nlp(s.text).ents if e.label_ in ENTITY_LABELS
        }
        assert {(e.span.start, e.label) for e in f.entities} == whole
