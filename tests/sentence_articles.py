"""Build an :class:`~unspun.types.Article` straight from a list of body sentences (aligner tests),
and compare two one-paragraph texts padded to articles (the meaning rule's tests)."""

from __future__ import annotations

from unspun.config import Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Article, Finding, FindingType, Role, Sentence, Span

#: Two neutral body paragraphs after each text, so that a one-sentence pair reads as an article.
TAIL = "\n\nThe figures were published on the agency's website.\n\nA further update is due next month."


def meaning_findings(source: str, rewrite: str) -> list[Finding]:
    """The ``meaning_reversed`` findings of comparing ``rewrite`` with ``source`` (each + TAIL)."""
    report = compare_articles(
        article_from_text(rewrite + TAIL, doc_id="rw"), [article_from_text(source + TAIL, doc_id="src")]
    )
    return [f for f in report.findings if f.type is FindingType.MEANING_REVERSED]


def article_of(doc_id: str, sentences: list[str]) -> Article:
    """One body sentence per paragraph, offsets into the joined text."""
    text = ""
    sents = []
    for i, s in enumerate(sentences):
        start = len(text)
        text += s + "\n\n"
        sents.append(Sentence(i, Span(start, start + len(s)), s, Role.BODY, i))
    return Article(doc_id, text, tuple(sents))


def dropped_parties(rewrite: str, source: str) -> list[str]:
    """The parties (``before``) of the ``attribution_dropped`` findings of comparing two plain texts."""
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )
    return [f.before or "" for f in report.findings if f.type is FindingType.ATTRIBUTION_DROPPED]


#: The fact rules' finding types (numbers, dates, names).
FACT_TYPES = frozenset(
    {
        FindingType.NUMBER_MISMATCH,
        FindingType.DATE_MISMATCH,
        FindingType.ENTITY_MISMATCH,
        FindingType.UNSUPPORTED_FACT,
    }
)


def fact_findings(rewrite: str, source: str, settings: Settings | None = None) -> list[Finding]:
    """The fact rules' findings (:data:`FACT_TYPES`) of comparing two plain texts."""
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
        settings=settings,
    )
    return [f for f in report.findings if f.type in FACT_TYPES]


def fact_at(findings: list[Finding], kind: FindingType, text: str) -> bool:
    """Whether one of ``findings`` is of ``kind`` with ``text`` in its rewrite span."""
    return any(f.type is kind and text in f.rewrite.text for f in findings)
