"""Quotations: checked against every quotation of the sources (quotes move around freely).

Quotes are compared word for word (after normalising marks, dashes and case): one word added
inside a quotation is an alteration, however long the quotation.

* ``quote_misattributed`` (critical): the same words, given to another (named) speaker;
* ``quote_altered`` (major): close to a source quotation
  (``audit.quote_altered_similarity``) but not the same words;
* ``quote_fabricated``: nothing close in the sources; critical from
  ``audit.quote_critical_words`` words, else major.

Every rewrite body sentence is checked, aligned or not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.parties import is_vague, mentions, parties_match
from unspun.config import AuditSettings
from unspun.facts.compare import normalize_quote, quote_contained, quote_similarity
from unspun.types import Article, Finding, FindingType, Quote, Severity, TextRef

__all__ = ["QuoteRule"]


class QuoteRule:
    """``quote_altered``, ``quote_fabricated``, ``quote_misattributed``."""

    name = "quotes"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per rewrite quotation that the sources do not hold as it stands."""
        for line in ctx.lines:
            yield from _check_line(line, ctx.settings)


def _check_line(line: Line, settings: AuditSettings) -> Iterator[Finding]:
    rewrite, rf, docs = line.rewrite, line.facts, line.docs
    src_quotes = [(d, q) for d, _, f in docs.all_facts for q in f.quotes]
    src_texts = docs.quote_texts
    for q in rf.quotes:
        nq = normalize_quote(q.text)
        if len(nq) < 2:
            continue
        best: tuple[float, SourceDoc | None, Quote | None] = (0.0, None, None)
        for doc, cand in src_quotes:
            score = (
                1.0 if quote_contained(q.text, cand.text) else min(0.99, quote_similarity(q.text, cand.text))
            )
            if score > best[0]:
                best = (score, doc, cand)
        sim, d, sq = best
        in_text = any(nq in t for t in src_texts)
        if sim == 1.0 or in_text:
            if d is not None and sq is not None and sim == 1.0:
                yield from _check_speaker(rewrite, q, d, sq)
            continue
        words = len(nq.split())
        if d is not None and sq is not None and sim >= settings.quote_altered_similarity:
            yield changed(
                FindingType.QUOTE_ALTERED,
                Severity.MAJOR,
                rewrite,
                q.span,
                d,
                sq.span,
                "A quotation differs from the source's wording.",
                (sq.text, q.text),
                min(1.0, 0.5 + sim / 2),
            )
        else:
            long = words >= settings.quote_critical_words
            yield Finding(
                FindingType.QUOTE_FABRICATED,
                Severity.CRITICAL if long else Severity.MAJOR,
                TextRef.of(rewrite.text, q.span.start, q.span.end),
                None,
                None,
                f"The quotation {q.text!r} is not in the source"
                + (f" (attributed to {q.speaker_text})." if q.speaker_text else "."),
                None,
                q.text,
                0.9 if long else 0.6,
            )


def _check_speaker(rewrite: Article, q: Quote, d: SourceDoc, sq: Quote) -> Iterator[Finding]:
    if not q.speaker or not sq.speaker or is_vague(q.speaker) or is_vague(sq.speaker):
        return
    if parties_match(q.speaker, sq.speaker) or mentions(q.speaker, sq.speaker):
        return
    yield changed(
        FindingType.QUOTE_MISATTRIBUTED,
        Severity.CRITICAL,
        rewrite,
        q.span,
        d,
        sq.span,
        f"The source attributes this quotation to {sq.speaker_text or sq.speaker}; "
        f"the rewrite to {q.speaker_text or q.speaker}.",
        (sq.speaker, q.speaker),
        0.85,
    )
