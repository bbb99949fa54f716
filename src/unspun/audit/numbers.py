"""Numbers: a quantity of the rewrite that differs from the aligned source sentence's.

``number_mismatch`` (critical): the rewrite sentence states a number that no source states
(after normalising: "about 30,000" = "some 30 thousand", "fell by 90%" = "10% remained"), and
the aligned source sentence holds a comparable number (same kind, same or no unit) that the
rewrite sentence does not keep. Numbers are kept one to one: a source number the rewrite
states once explains one rewrite number only.

A number whose source value stands in a source sentence next to an aligned one (a merged
sentence the aligner linked to one half) is compared there, for the same unit or counted noun.

Measured on real text by the planted-change benchmark (``python -m benchmarks.quality.planted``,
full run, test half; BENCHMARKS.md section 5, session 6): 144 of the 147 ``number_mismatch``
findings (precision 0.980) stand on a planted number change (the other 3: a percentage whose
rise became a fall); a planted number change is reported as one in 0.960 of 150 sentences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.facts.compare import quantities_equivalent
from unspun.types import Finding, FindingType, Quantity, QuantityKind, Severity

__all__ = ["NumberRule", "is_idiomatic"]

_Located = Sequence[tuple[SourceDoc, Quantity]]


class NumberRule:
    """``number_mismatch``: a changed number in an aligned sentence."""

    name = "numbers"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per rewrite number that replaces an aligned source number."""
        for line in ctx.linked_lines:
            yield from _check_line(line)


def _check_line(line: Line) -> Iterator[Finding]:
    rewrite, rf, docs = line.rewrite, line.facts, line.docs
    linked_q = [(d, q) for d, f in line.linked_facts() for q in f.quantities if not is_idiomatic(q)]
    everywhere = [(d, q) for d, _, f in docs.all_facts for q in f.quantities]
    # A vague plural ("millions of taxpayers" for "almost 28 million") restates, it never changes.
    r_quant = [q for q in rf.quantities if not is_idiomatic(q) and not _is_vague(q)]
    # One-to-one: a source number kept by one rewrite number is spent, so that "50 pct ... the
    # remaining 50 pct" -> "100 pct ... the remaining 50 pct" still shows the changed one.
    used: set[int] = set()
    changed_q: list[Quantity] = []
    for q in r_quant:
        hit = next(
            (i for i, (_, sq) in enumerate(linked_q) if i not in used and quantities_equivalent(q, sq)), None
        )
        if hit is None:
            changed_q.append(q)
        else:
            used.add(hit)
    changed_q = [q for q in changed_q if not any(quantities_equivalent(q, sq) for _, sq in everywhere)]
    for q in changed_q:
        hit = next(
            (i for i in range(len(linked_q)) if i not in used and _comparable(q, linked_q[i][1])), None
        )
        if hit is not None:
            used.add(hit)
            d, sq = linked_q[hit]
        else:
            found = _in_neighbours(q, line, r_quant)
            if found is None:
                continue
            d, sq = found
        yield changed(
            FindingType.NUMBER_MISMATCH,
            Severity.CRITICAL,
            rewrite,
            q.span,
            d,
            sq.span,
            f"The source says {sq.text!r}; the rewrite says {q.text!r}.",
            (_value(sq), _value(q)),
            0.9,
        )


# What the extractor takes for the counted noun of "13 other countries", "five people": no noun
# that shows the same thing is counted (LLM paraphrases restate such counts as totals).
_GENERIC_COUNTED = frozenset({"other", "people", "person", "individual"})


def _in_neighbours(q: Quantity, line: Line, r_quant: Sequence[Quantity]) -> tuple[SourceDoc, Quantity] | None:
    """A number of the same thing in a source sentence next to an aligned one.

    A rewrite sentence that merges two source sentences may align to one of them only ("80
    weeks of pregnancy" / the next sentence's "20 weeks of pregnancy"); the same unit or
    counted noun ("weeks", "residents", "corgis", an age) on both sides stands for the
    alignment the aligner missed.
    """
    if not q.unit or q.unit in _GENERIC_COUNTED:
        return None
    linked = {(d.article.doc_id, s.index) for d, s, _ in line.linked}
    for d, s, _ in line.linked:
        for idx in (s.index - 1, s.index + 1):
            if (d.article.doc_id, idx) in linked:
                continue
            for sq in d.facts_of(idx).quantities:
                if (
                    sq.kind is q.kind
                    and sq.unit == q.unit
                    and not is_idiomatic(sq)
                    and not any(quantities_equivalent(x, sq) for x in r_quant)
                ):
                    return d, sq
    return None


def is_idiomatic(q: Quantity) -> bool:
    """Return True for the word "one": the extractor counts it, but in news prose it is mostly a
    partitive or a pronoun ("one of the last towns", "no one"), so the audit never compares it."""
    return q.text.casefold() == "one"


_VAGUE_WORDS = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions"})


def _is_vague(q: Quantity) -> bool:
    return q.text.split()[-1].casefold() in _VAGUE_WORDS if q.text.split() else False


def _comparable(a: Quantity, b: Quantity) -> bool:
    if a.kind is not b.kind:
        return False
    if a.kind is QuantityKind.ORDINAL:
        return True
    return (a.unit or "") == (b.unit or "") or a.unit is None or b.unit is None


def _value(q: Quantity) -> str:
    v = int(q.value) if float(q.value).is_integer() else q.value
    unit = f" {q.unit}" if q.unit and q.unit != "%" else ("%" if q.unit == "%" else "")
    prefix = "~" if q.is_approx else ""
    direction = f" ({q.direction})" if q.direction else ""
    return f"{prefix}{v}{unit}{direction}"
