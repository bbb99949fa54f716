"""Reversed meaning: a negation or an antonym flipped inside an aligned sentence.

* ``meaning_reversed`` (critical): the rewrite sentence and the source sentence(s) it aligns
  to share a predicate about the same thing (a shared argument word, see
  :class:`~unspun.facts.polarity.Predicate`), and one side negates it where the other does
  not ("did not confirm" vs "confirmed", "refused to pay" vs "paid"); or the rewrite uses
  the opposite of the source's word with the same polarity ("rose" vs "fell", "approved"
  vs "rejected"; the list is ``unspun/facts/data/antonyms.tsv``). A source that says both
  ("approved ... then rejected") excuses it; a negated antonym ("did not win" vs "lost")
  is the same claim.

Only sentence pairs whose negation cues differ, or which hold a pair of opposite words, are
parsed (:func:`~unspun.facts.polarity.might_reverse`); at most one finding per rewrite
sentence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.facts.polarity import Predicate, antonyms_of, might_reverse, negative_weight, predicates
from unspun.types import Finding, FindingType, Sentence, Severity, Span

__all__ = ["MeaningRule"]

_NEGATION_CONFIDENCE = 0.8
_ANTONYM_CONFIDENCE = 0.75


class MeaningRule:
    """``meaning_reversed``: negation and antonym flips in aligned sentences."""

    name = "meaning"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield at most one finding per aligned rewrite sentence whose meaning is reversed."""
        for line in ctx.linked_lines:
            f = _check_line(line)
            if f is not None:
                yield f


def _check_line(line: Line) -> Finding | None:
    rs = line.sentence
    source_text = " ".join(s.text for _, s, _ in line.linked)
    if not might_reverse(rs.text, source_text):
        return None
    rp = predicates(rs.text)
    sp = [(d, s, p) for d, s, _ in line.linked for p in predicates(s.text)]
    balance = negative_weight(rs.text) - negative_weight(source_text)
    for p in rp:
        hit = _negation_flip(p, sp, balance)
        if hit is not None:
            return _finding(line, p, *hit, negation=True)
    for p in rp:
        hit = _antonym_flip(p, rp, sp)
        if hit is not None:
            return _finding(line, p, *hit, negation=False)
    return None


def _negation_flip(
    p: Predicate, sp: Sequence[tuple[SourceDoc, Sentence, Predicate]], balance: int
) -> tuple[SourceDoc, Sentence, Predicate] | None:
    """The source clause whose negation the rewrite adds or drops on ``p``, if any.

    ``balance`` is the rewrite sentence's count of negating words minus the source's
    (:func:`~unspun.facts.polarity.negative_weight`): a negation the rewrite adds must raise
    it, one it drops must lower it; otherwise the negation only moved into another word
    ("could not perform" -> "was unable to perform", "hasn't told" -> "without telling").
    """
    if (p.negated and balance <= 0) or (not p.negated and balance >= 0) or p.idiom:
        return None
    same = [x for x in sp if x[2].key == p.key]
    if not same or any(x[2].negated == p.negated for x in same):
        return None  # the source says it the same way somewhere (or never says it)
    for x in same:
        q = x[2]
        positive = q if p.negated else p
        # the asserted side must be a clause with its own subject, asserted: "failure to
        # appoint", "without undermining", "whether the father is", "should be removed" are
        # not claims that it happened
        if q.idiom or not (positive.has_subject and positive.asserted) or not p.shares_context(q):
            continue
        return x
    return None


def _antonym_flip(
    p: Predicate, rp: Sequence[Predicate], sp: Sequence[tuple[SourceDoc, Sentence, Predicate]]
) -> tuple[SourceDoc, Sentence, Predicate] | None:
    opposite = antonyms_of(p.lemma)
    if not opposite:
        return None
    if any(x[2].lemma == p.lemma and x[2].negated == p.negated for x in sp):
        return None  # the source uses the rewrite's word too
    r_lemmas = {x.lemma for x in rp}
    for x in sp:
        q = x[2]
        if q.lemma not in opposite or q.lemma in r_lemmas or q.negated != p.negated:
            continue
        if _group_compatible(p.group, q.group) and p.shares_context(q):
            return x
    return None


def _group_compatible(a: str, b: str) -> bool:
    """Verbs and nouns of change compare with each other ("an increase" vs "fell"); adjectives alone."""
    return a == b or {a, b} == {"v", "n"}


def _finding(line: Line, p: Predicate, d: SourceDoc, s: Sentence, q: Predicate, *, negation: bool) -> Finding:
    r0, s0 = line.sentence.span.start, s.span.start
    after = line.sentence.text[p.phrase_start : p.phrase_end]
    before = s.text[q.phrase_start : q.phrase_end]
    if negation:
        what = "adds a negation" if p.negated else "drops the source's negation"
        message = f"The rewrite {what}: the source says {before!r}, the rewrite {after!r}."
        confidence = _NEGATION_CONFIDENCE
    else:
        message = f"The rewrite says the opposite of the source: {after!r} where the source says {before!r}."
        confidence = _ANTONYM_CONFIDENCE
    return changed(
        FindingType.MEANING_REVERSED,
        Severity.CRITICAL,
        line.rewrite,
        Span(r0 + p.phrase_start, r0 + p.phrase_end),
        d,
        Span(s0 + q.phrase_start, s0 + q.phrase_end),
        message,
        (before, after),
        confidence,
    )
