"""Entities: a name of the aligned source sentence replaced by another.

``entity_mismatch`` (major), two ways:

1. "X's Head" in both sentences with the same head and another owner: an institution renamed
   ("Moscow's Defense Ministry" -> "the Kremlin's Defense Ministry").
2. A person, organisation or place of the rewrite sentence that is nowhere in the source,
   standing where a name of the same group in the aligned source sentence went missing.
   Speakers of quotations are left to the quotation rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, changed
from unspun.audit.parties import party_key
from unspun.gazetteer import country_of
from unspun.types import Entity, Finding, FindingType, Severity, TextRef

__all__ = ["EntityRule"]

_POSSESSIVE = re.compile(
    r"\b((?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s\s+((?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*)"
)

# The small NER model often confuses people, organisations and places ("Chasiv Yar" as a
# person), so names of those kinds are compared as one group; a new name that is nowhere in
# the source, standing where a source name went missing, is a substitution whatever its label.
_LABEL_GROUP = {"PERSON": "NAME", "ORG": "NAME", "GPE": "NAME", "LOC": "NAME", "FAC": "NAME", "NORP": "NORP"}


class EntityRule:
    """``entity_mismatch``: a renamed institution or a replaced name in an aligned sentence."""

    name = "entities"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per renamed owner and per replaced name."""
        for line in ctx.linked_lines:
            yield from _renamed_owners(line)
            yield from _replaced_names(line)


def _renamed_owners(line: Line) -> Iterator[Finding]:
    """ "X's Head" in both with the same head and another owner: an institution renamed."""
    rewrite, rs = line.rewrite, line.sentence
    r_pos = {(h.casefold(), o) for o, h in _POSSESSIVE.findall(rs.text)}
    for d, ss, _ in line.linked:
        for m in _POSSESSIVE.finditer(ss.text):
            owner, head = m.group(1), m.group(2)
            for r_head, r_owner in r_pos:
                if r_head != head.casefold() or _owner_same(owner, r_owner):
                    continue
                r_at = rs.text.find(f"{r_owner}")
                start = rs.span.start + max(0, r_at)
                yield Finding(
                    FindingType.ENTITY_MISMATCH,
                    Severity.MAJOR,
                    TextRef.of(rewrite.text, start, start + len(r_owner) + 3 + len(r_head)),
                    TextRef.of(d.article.text, ss.span.start + m.start(), ss.span.start + m.end()),
                    d.article.doc_id,
                    f"The source names {m.group(0)!r}; the rewrite names it {r_owner}'s {head!r}.",
                    f"{owner}'s {head}",
                    f"{r_owner}'s {head}",
                    0.8,
                )


def _replaced_names(line: Line) -> Iterator[Finding]:
    """An entity of the aligned source sentence replaced by another of the same kind."""
    rewrite, rs, rf, linked, docs = line.rewrite, line.sentence, line.facts, line.linked, line.docs
    linked_text = " ".join(s.text for _, s, _ in linked)
    src_text = docs.text
    s_ents = [(d, e) for d, f in line.linked_facts() for e in f.entities if e.label in _LABEL_GROUP]
    speakers = " ".join(q.speaker_text or "" for q in rf.quotes)
    for e in rf.entities:
        if speakers and e.text in speakers:
            continue  # a quoted speaker: checked with the quotation (quote_misattributed)
        group = _LABEL_GROUP.get(e.label)
        if (
            group is None
            or e.norm in docs.entity_norms
            or _entity_in(linked_text, e)
            or _entity_in(src_text, e)
        ):
            continue
        if country_of(e.text) and any(country_of(x.text) == country_of(e.text) for _, x in s_ents):
            continue
        r_norms = {x.norm for x in rf.entities}
        for d, se in s_ents:
            if _LABEL_GROUP[se.label] != group or se.norm in r_norms or _entity_in(rs.text, se):
                continue
            if country_of(se.text) and country_of(se.text) == country_of(e.text):
                continue
            yield changed(
                FindingType.ENTITY_MISMATCH,
                Severity.MAJOR,
                rewrite,
                e.span,
                d,
                se.span,
                f"The source names {se.text!r} here; the rewrite names {e.text!r}, who is not in the source.",
                (se.norm, e.norm),
                0.75,
            )
            break


def _entity_in(text: str, e: Entity) -> bool:
    low = text.casefold().replace("’", "'")
    if e.text.casefold().replace("’", "'") in low:
        return True
    words = [w for w in re.findall(r"\w+", e.norm) if len(w) > 1]
    if not words:
        return True
    if all(w in low for w in words):
        return True
    # "Putin" for "Vladimir Putin": the last name alone is enough for people.
    return e.label == "PERSON" and words[-1] in low


def _owner_same(a: str, b: str) -> bool:
    ka, kb = party_key(a), party_key(b)
    if ka == kb:
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb
