"""Build an :class:`~unspun.types.Article` straight from a list of body sentences (aligner tests)."""

from __future__ import annotations

from unspun.types import Article, Role, Sentence, Span


def article_of(doc_id: str, sentences: list[str]) -> Article:
    """One body sentence per paragraph, offsets into the joined text."""
    text = ""
    sents = []
    for i, s in enumerate(sentences):
        start = len(text)
        text += s + "\n\n"
        sents.append(Sentence(i, Span(start, start + len(s)), s, Role.BODY, i))
    return Article(doc_id, text, tuple(sents))
