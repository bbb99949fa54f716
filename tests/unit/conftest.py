"""Shared fixtures for unit tests: a builder of small, fully populated reports.

The articles are invented (not the example pair); every kind of object in the report schema
appears at least once so that renderers and the schema document are exercised in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import pytest

from unspun.config import AlignSettings, AuditSettings, Settings
from unspun.types import (
    AlignedExample,
    AlignmentLink,
    Article,
    Attribution,
    Credit,
    CreditKind,
    DateGranularity,
    DateMention,
    DateOrigin,
    Entity,
    FactSheet,
    Finding,
    FindingType,
    LinkKind,
    MatchAlignment,
    MatchEvidence,
    Metrics,
    Quantity,
    QuantityKind,
    Quote,
    Report,
    Role,
    ScoreFeatures,
    Sentence,
    SentenceFacts,
    Severity,
    SourceMatch,
    Span,
    TextRef,
    Verdict,
    VerdictLabel,
)

Paragraphs = Sequence[Sequence[tuple[Role, str]]]


def make_article(
    doc_id: str,
    paragraphs: Paragraphs,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    credits: Sequence[tuple[CreditKind, str]] = (),
    url: str | None = None,
) -> Article:
    """Build an article: sentences joined by a space, paragraphs by a blank line."""
    text = ""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(paragraphs):
        if p:
            text += "\n\n"
        for k, (role, sentence) in enumerate(paragraph):
            if k:
                text += " "
            start = len(text)
            text += sentence
            sentences.append(Sentence(len(sentences), Span(start, len(text)), sentence, role, p))
    credit_objs = []
    for kind, value in credits:
        at = text.find(value)
        credit_objs.append(Credit(kind, value, Span(at, at + len(value)) if at >= 0 else None))
    return Article(
        doc_id=doc_id,
        text=text,
        sentences=tuple(sentences),
        title=title,
        published=published,
        date_origin=DateOrigin.METADATA if published else DateOrigin.NONE,
        url=url,
        credits=tuple(credit_objs),
    )


def ref(article: Article, needle: str) -> TextRef:
    """Return the TextRef of the first occurrence of ``needle`` in ``article.text``."""
    at = article.text.index(needle)
    return TextRef(at, at + len(needle), needle)


def span(article: Article, needle: str) -> Span:
    at = article.text.index(needle)
    return Span(at, at + len(needle))


def build_report(*, payload: str = "", two_sources: bool = True) -> Report:
    """Build a report with every schema object populated.

    ``payload`` is inserted into article text, titles, doc ids, credits, notes, messages and
    evidence, to test escaping.
    """
    p = payload
    rewrite = make_article(
        f"rewrite{p}.txt",
        [
            [(Role.TITLE, f"Town captured after long siege{p}")],
            [
                (Role.BODY, f"The army said on Friday it captured the town of Northfield{p}."),
                (Role.BODY, "About 30,000 people lived there before the war."),
                (Role.BODY, "Analysts say the capture is a turning point & a warning."),
            ],
            [(Role.HEADING, "Background")],
            [
                (Role.BODY, '"We will hold our positions," a spokesman said.'),
                (Role.BODY, "The town was founded in 1901."),
            ],
        ],
        title=f"Town captured after long siege{p}",
    )
    source_a = make_article(
        f"source-a{p}.md",
        [
            [(Role.TITLE, f"Army captures Northfield{p}")],
            [(Role.BYLINE, f"By Jane Roe{p} for AFP")],
            [
                (Role.BODY, f"The army said on Friday that it had captured Northfield{p}."),
                (Role.BODY, "The town had a population of about 25,000 before the war."),
                (Role.BODY, '"We are holding our positions," a brigade spokesman said.'),
            ],
            [(Role.CAPTION, "A damaged building in the town. AFP")],
        ],
        title=f"Army captures Northfield{p}",
        published=dt.date(2025, 2, 7),
        credits=[(CreditKind.AUTHOR, f"Jane Roe{p}"), (CreditKind.AGENCY, "AFP")],
        url=f"https://example.org/northfield{p}",
    )
    source_b = make_article(
        "source-b.txt",
        [
            [
                (Role.BODY, "Northfield was founded in 1901 by miners."),
                (Role.BODY, "Its last mine closed in 1990 after a long strike."),
            ]
        ],
    )
    sources = [source_a, source_b] if two_sources else [source_a]
    r = rewrite.sentences
    a = source_a.sentences
    alignment = [
        AlignmentLink(r[1].index, source_a.doc_id, a[2].index, 0.78, LinkKind.PARAPHRASE),
        AlignmentLink(r[2].index, source_a.doc_id, a[3].index, 0.61, LinkKind.PARAPHRASE),
        AlignmentLink(r[5].index, source_a.doc_id, a[4].index, 0.88, LinkKind.NEAR_VERBATIM),
    ]
    if two_sources:
        alignment.append(AlignmentLink(r[6].index, "source-b.txt", 0, 0.71, LinkKind.PARAPHRASE))
    findings = [
        Finding(
            FindingType.NUMBER_MISMATCH,
            Severity.MAJOR,
            ref(rewrite, "30,000"),
            ref(source_a, "25,000"),
            source_a.doc_id,
            f"The rewrite says 30,000 people where the source says 25,000{p}.",
            before=f"25000{p}",
            after="30000",
        ),
        Finding(
            FindingType.ATTRIBUTION_ADDED,
            Severity.MAJOR,
            ref(rewrite, "Analysts say"),
            None,
            None,
            "The rewrite attributes a claim to analysts; the source attributes it to no one.",
            before=None,
            after="analysts",
            confidence=0.8,
        ),
        Finding(
            FindingType.UNSUPPORTED_CLAIM,
            Severity.MINOR,
            ref(rewrite, "Analysts say the capture is a turning point & a warning."),
            None,
            None,
            "No source sentence supports this sentence.",
        ),
        Finding(
            FindingType.QUOTE_ALTERED,
            Severity.CRITICAL,
            ref(rewrite, "We will hold our positions,"),
            ref(source_a, "We are holding our positions,"),
            source_a.doc_id,
            "A quotation was changed.",
            before="we are holding our positions",
            after="we will hold our positions",
        ),
        Finding(
            FindingType.CREDIT_DROPPED,
            Severity.MAJOR,
            TextRef(0, 0, ""),
            ref(source_a, f"Jane Roe{p}"),
            source_a.doc_id,
            f"The byline of Jane Roe{p} was dropped.",
            before=f"Jane Roe{p}",
            after=None,
        ),
    ]
    if two_sources:
        findings.append(
            Finding(
                FindingType.OMISSION,
                Severity.INFO,
                TextRef(0, 0, ""),
                ref(source_b, "Its last mine closed in 1990 after a long strike."),
                "source-b.txt",
                "A source sentence is not used by the rewrite.",
            )
        )
    facts = {
        rewrite.doc_id: (
            SentenceFacts(
                r[1].index,
                dates=(
                    DateMention(span(rewrite, "Friday"), "Friday", "2025-02-07", DateGranularity.DAY, True),
                ),
                entities=(Entity(span(rewrite, "Northfield"), "Northfield", "GPE", "northfield"),),
                attributions=(Attribution(span(rewrite, "The army said"), "The army said", "army", "say"),),
            ),
            SentenceFacts(
                r[2].index,
                quantities=(
                    Quantity(
                        span(rewrite, "About 30,000"),
                        "About 30,000",
                        30000.0,
                        QuantityKind.COUNT,
                        "people",
                        True,
                    ),
                ),
            ),
            SentenceFacts(
                r[4].index,
                quotes=(
                    Quote(
                        span(rewrite, "We will hold our positions,"),
                        "We will hold our positions,",
                        "spokesman",
                        "a spokesman",
                    ),
                ),
            ),
        ),
        source_a.doc_id: (
            SentenceFacts(
                a[3].index,
                quantities=(
                    Quantity(
                        span(source_a, "about 25,000"),
                        "about 25,000",
                        25000.0,
                        QuantityKind.COUNT,
                        None,
                        True,
                    ),
                ),
            ),
        ),
    }
    return Report(
        rewrite=rewrite,
        sources=tuple(sources),
        facts=FactSheet(facts),
        alignment=tuple(alignment),
        findings=tuple(findings),
        metrics=Metrics(0.72, 0.66, 0.2, 5, 6 if two_sources else 4, 4 if two_sources else 3),
        verdict=Verdict(VerdictLabel.REWRITE, 0.83, f"most sentences paraphrase the source{p}"),
        notes=(f"The rewrite has no date of its own; read against {source_a.doc_id}.",),
        matches=(
            SourceMatch(
                source_a.doc_id,
                0.91,
                MatchEvidence(
                    cosine=0.74,
                    fact_recall=0.8,
                    score_features=ScoreFeatures(
                        cos=0.74,
                        mean_best=0.61,
                        share=0.7,
                        facts=0.8,
                        coverage=0.5,
                        bigrams=0.3,
                        cos_background=0.32,
                    ),
                    shared_rare_terms=(f"northfield{p}", "siege"),
                    shared_numbers=("30",),
                    shared_names=(),
                    shared_quotes=(f"a turning point{p}",),
                    title=f"Northfield falls{p}",
                    published=dt.date(2025, 2, 6),
                    url=None,
                    alignment=MatchAlignment(
                        0.75,
                        3,
                        4,
                        0.5,
                        (
                            AlignedExample(
                                f"The army said it captured Northfield{p}.", "Northfield fell.", 0.66
                            ),
                        ),
                    ),
                ),
            ),
        ),
        settings=Settings(
            align=AlignSettings(min_similarity=0.35), audit=AuditSettings(report_omissions=True)
        ),
        version="0.1.0",
    )


@pytest.fixture
def report() -> Report:
    """A report comparing a rewrite with two sources, every schema object populated."""
    return build_report()


@pytest.fixture
def report_builder() -> Callable[..., Report]:
    """The :func:`build_report` function, for tests that need variants."""
    return build_report
