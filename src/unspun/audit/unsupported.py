"""Unsupported facts: a number, date or name of an aligned rewrite sentence found nowhere in the sources.

``unsupported_fact`` (major): every number, date and named entity of an aligned rewrite
sentence is looked up in the aligned source sentences, then in the whole of every source. One
that replaces a value of the same kind in the aligned sentence was reported by the rules before
this one (``number_mismatch``, ``date_mismatch``, ``entity_mismatch``); one found nowhere at all
is reported here, with the value as the rewrite writes it and the aligned source sentence as the
place a reader would look for it. A sentence aligned to nothing is reported whole by the coverage
rule (``unsupported_claim``), and values inside a quotation by the quotation rule.

What counts as found (each choice keeps a faithful restatement quiet):

* numbers: the same quantity (:func:`~unspun.facts.compare.quantities_equivalent`, units
  converted), the same value in any number or date of the source ("a three-year war" for
  "three years of war"), or its digits anywhere in the source text. Number words under three,
  ordinal words, fractions and vague plurals ("dozens") are not checked: they are counts of
  things the sentence names ("two men") or manners of speaking ("the first time");
* dates: an absolute or yearless date compatible with a source date, or its year in the source
  text; a relative date ("last week") is not checked on its own, its resolution depends on
  publication dates the reader cannot see;
* names: the same comparison key, every word of the name in the source text, a person's
  surname, or the same country (a capital or demonym: "Kyiv", "Ukrainian" for Ukraine).

Precision measured by the planted-change benchmark (``python -m benchmarks.quality.planted``):
see BENCHMARKS.md, section "Planted changes and fact rules (issue 10)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc
from unspun.audit.numbers import is_idiomatic
from unspun.facts.compare import date_stated_by, quantities_equivalent, values_close
from unspun.facts.entities import acronym
from unspun.gazetteer import country_of
from unspun.types import (
    DateMention,
    Entity,
    Finding,
    FindingType,
    Quantity,
    QuantityKind,
    Severity,
    Span,
    TextRef,
)

__all__ = ["UnsupportedRule"]

# Nationalities, religions and parties (NORP: "Americans", "Democrats") are descriptions more
# than facts; faithful paraphrases add them freely.
_CHECKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})
_MIN_WORD_NUMBER = 10  # number words below this ("six-figure", "two men") are not checked


class UnsupportedRule:
    """``unsupported_fact``: a number, date or name of an aligned sentence found nowhere in the sources."""

    name = "unsupported"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per value of an aligned rewrite sentence that no source states."""
        taken = [(f.rewrite.start, f.rewrite.end) for f in found if f.rewrite.end > f.rewrite.start]
        for line in ctx.linked_lines:
            quoted = [(q.span.start, q.span.end) for q in line.facts.quotes]
            speakers = " ".join(q.speaker_text or "" for q in line.facts.quotes)
            for span, text, what in _values(line, speakers):
                if _overlaps(span, taken) or _overlaps(span, quoted):
                    continue
                taken.append((span.start, span.end))
                yield _finding(line, span, text, what)


def _overlaps(span: Span, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a < span.end and span.start < b for a, b in ranges)


def _values(line: Line, speakers: str) -> Iterator[tuple[Span, str, str]]:
    """(span, text, what it is) of each value of the line that no source supports."""
    docs = line.docs
    src_quant = [q for _, _, f in docs.all_facts for q in f.quantities]
    src_dates = [d for _, _, f in docs.all_facts for d in f.dates if d.value is not None]
    src_text = docs.text
    for q in line.facts.quantities:
        if _checked_number(q) and not _number_supported(q, src_quant, src_dates, src_text):
            yield q.span, q.text, "number"
    for d in line.facts.dates:
        if _checked_date(d) and not _date_supported(d, src_dates, src_text):
            yield d.span, d.text, "date"
    src_ents = list(_source_entities(line))
    src_countries = {c for c in (country_of(e.text) or country_of(e.norm) for e in src_ents) if c}
    src_acronyms = {acronym(e.text) for e in src_ents}
    for e in line.facts.entities:
        if e.label not in _CHECKED_LABELS or (speakers and e.text in speakers):
            continue
        if not _name_supported(e, docs.entity_norms, src_text, src_countries, src_acronyms):
            yield e.span, e.text, "name"


def _source_entities(line: Line) -> Iterator[Entity]:
    for _, _, f in line.docs.all_facts:
        yield from f.entities


def _checked_number(q: Quantity) -> bool:
    if is_idiomatic(q) or not re.search(r"\d", q.text):
        # number words: only large ones ("fifteen", "two hundred"), never vague or fractions
        head = q.text.split()[-1].casefold() if q.text.split() else ""
        return (
            not is_idiomatic(q)
            and not q.is_approx
            and q.kind is not QuantityKind.ORDINAL
            and q.unit != "%"
            and q.value >= _MIN_WORD_NUMBER
            and head not in {"dozens", "hundreds", "thousands", "millions", "billions", "half"}
        )
    return True


def _number_supported(
    q: Quantity, src_quant: Sequence[Quantity], src_dates: Sequence[DateMention], src_text: str
) -> bool:
    if any(quantities_equivalent(q, sq, convert=True) for sq in src_quant):
        return True
    if any(values_close(q.value, sq.value) for sq in src_quant):
        return True
    if any(d.year is not None and float(d.year) == q.value for d in src_dates):
        return True
    digits = re.findall(r"\d[\d,.]*\d|\d", q.text)
    return any(re.search(rf"(?<![\d.,]){re.escape(x)}(?![\d]|[.,]\d)", src_text) for x in digits)


def _checked_date(d: DateMention) -> bool:
    return d.value is not None and not d.is_relative


def _date_supported(d: DateMention, src_dates: Sequence[DateMention], src_text: str) -> bool:
    if any(date_stated_by(d, sd) for sd in src_dates):
        return True
    return d.year is not None and re.search(rf"\b{d.year}\b", src_text) is not None


def _name_supported(
    e: Entity, norms: set[str], src_text: str, countries: set[str], acronyms: set[str]
) -> bool:
    src_low = src_text.casefold()
    if e.norm in norms:
        return True
    low = src_low.replace("’", "'")
    if re.search(r"(?<!\w)" + re.escape(e.text.casefold().replace("’", "'")) + r"(?!\w)", low):
        return True
    # every word of the name, singular or plural ("the Clintons" for "Clinton")
    words = [re.sub(r"(?<=\w\w)s$", "", w) for w in re.findall(r"\w+", e.norm) if len(w) > 1]
    if not words or all(re.search(rf"(?<!\w){re.escape(w)}", low) for w in words):
        return True
    if e.label == "PERSON" and re.search(rf"(?<!\w){re.escape(words[-1])}", low):
        return True  # "Vladimir Putin" for "Putin"
    c = country_of(e.text) or country_of(e.norm)
    if c is not None and (c in countries or c in low):
        return True
    # an acronym for a name the source spells out, or the reverse ("DNR", "Department of ...")
    initials = acronym(e.text)
    if len(initials) >= 2 and re.search(rf"\b{re.escape(initials)}\b", src_text):
        return True
    bare = e.text.replace(".", "")
    return bare.isupper() and len(bare) >= 2 and bare in acronyms


def _finding(line: Line, span: Span, text: str, what: str) -> Finding:
    rewrite = line.rewrite
    d: SourceDoc
    d, ss, _ = line.linked[0]
    says = {"number": "states the number", "date": "gives the date", "name": "names"}[what]
    return Finding(
        FindingType.UNSUPPORTED_FACT,
        Severity.MAJOR,
        TextRef.of(rewrite.text, span.start, span.end),
        TextRef(ss.span.start, ss.span.end, ss.text),
        d.article.doc_id,
        f"The rewrite {says} {text!r}, which no source gives; the source sentence it restates does not.",
        None,
        text,
        0.7,
    )
