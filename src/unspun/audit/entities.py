"""Entities: a name of the aligned source sentence replaced by another.

``entity_mismatch`` (major), three ways:

1. "X's Head" in both sentences with the same head and another owner: an institution renamed
   ("Moscow's Defense Ministry" -> "the Kremlin's Defense Ministry").
2. A person, organisation or place of the rewrite sentence that stands nowhere in the sources
   (:meth:`~unspun.audit.unsupported.SourceView.supports_name`), standing where a name of the
   aligned source sentence went missing (:func:`_replaced_names`): one of the same group, or
   of any group or in a neighbouring source sentence when a word next to both names shows the
   same place ("President Trump announced" / "President Balladur announced"); a country is
   never taken for a mislabelled name of another group. Speakers of quotations are left to the
   quotation rule; a cited party ("Kirk Douglas said") counts when it replaces a name of the
   same group, and the party of an "according to X" only when it replaces a cited name (an
   "according to" added to a paraphrase that dropped a name is a new source, not a swap). A
   name the recognizer reads with its article ("the Moody's Investors Service Inc.") is a name.
3. A name swapped in words that otherwise match
   (:func:`~unspun.audit.name_swaps.swapped_names`): a word-level diff of the rewrite
   sentence with each source sentence that shares most of its words (the aligned ones, and
   others: a swap can pull the alignment to another sentence that holds the new name)
   replaces capitalised words by capitalised words next to words both keep, whatever the name
   recognizer calls them ("Prime Minister Smith" -> "Prime Minister European"), also at the
   edge of a longer reworded stretch ("returned to Mexico with no" -> "returned to Ebola
   without any"), at the opening of both sentences, and next to the kept words of a rewrite
   sentence that runs a long stretch of its own. A new name found elsewhere in the source
   counts only when the two sentences are near copies.

The old name must be missing from the rewrite sentence (a person's surname given only with
another first name names a relative: "Melania Trump's husband" / "her husband, Donald Trump");
in a near copy (3), or where the name alone changed between kept words ("six White House
staffers" -> "six Bank staffers"), it may stand there fewer times than in the source sentence
(a swap may leave another mention: "said Cook, the son of Nancy Cook" -> "said Boyle, the son
of Nancy Cook").

Measured on real text by the planted-change benchmark (``python -m benchmarks.quality.planted
--split test``, session 9): 418 of the 431 ``entity_mismatch`` findings (precision 0.970) stand
on a planted name swap (7 of the 13 others on a swapped quotation speaker the quotation rule did
not resolve, 2 on an added "according to X", 1 each on an antonym, a number and a year, 1 on an
unchanged sentence, a twin). A planted swap is reported as one in 0.920 (people), 0.927
(organisations) and 0.940 (places) of 150 sentences each.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from wordfreq import zipf_frequency

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.name_swaps import LABEL_GROUP, SentenceWords, name_mentions, same_name, swapped_names
from unspun.audit.parties import party_key
from unspun.audit.unsupported import SourceView
from unspun.config import AuditSettings
from unspun.facts.entities import written_as_name
from unspun.gazetteer import country_of
from unspun.types import Entity, Finding, FindingType, Sentence, Severity, Span, TextRef

__all__ = ["EntityRule"]

_POSSESSIVE = re.compile(
    r"\b((?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s\s+((?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*)"
)


class EntityRule:
    """``entity_mismatch``: a renamed institution or a replaced name in an aligned sentence."""

    name = "entities"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per renamed owner and per replaced name."""
        words = SentenceWords()
        src = SourceView.of(ctx)
        for line in ctx.linked_lines:
            # A quotation's speaker is left to the quotation rule. A cited party that stands
            # nowhere in the sources and replaces a name of the aligned sentence is a swap too
            # ("Ms Whitefield said" -> "Kirk Douglas said"): the attribution rules say that the
            # party is new, this rule which name it replaced.
            speakers = " ".join(q.speaker_text or "" for q in line.facts.quotes)
            done: list[tuple[int, int]] = []
            owners = list(_renamed_owners(line))
            found_here = (
                *_replaced_names(line, src, ctx.settings, speakers),
                *swapped_names(line, words, src, ctx.settings),
            )
            for f in (*owners, *found_here):
                if any(a < f.rewrite.end and f.rewrite.start < b for a, b in done):
                    continue
                if not any(f is o for o in owners) and speakers and f.rewrite.text in speakers:
                    continue
                done.append((f.rewrite.start, f.rewrite.end))
                yield f


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


def _replaced_names(line: Line, src: SourceView, cfg: AuditSettings, speakers: str) -> Iterator[Finding]:
    """A name of the aligned source sentence replaced by one that stands nowhere in the sources.

    The source name must be missing from the rewrite sentence. A source name of the same group
    is taken first; one the recognizer puts in another group (the small model calls
    "Baltimore" a person, "Silver" an organisation) only when a word stands next to both on
    the same side ("President Trump announced" / "President Balladur announced", "Merkel's
    coalition" / "Silver's coalition"): the position shows the swap that the labels do not.
    The same holds for a name of a source sentence next to an aligned one, which a rewrite
    sentence merging the two restates ("Thomas was a former gang member. In 2008, he was
    sentenced ..." -> "Ivers was a former member of the gang and was sentenced in 2008 ..."),
    always with a shared word around it. ``speakers``: the line's quotation speakers, joined
    (their names are the quotation rule's).
    """
    rewrite, rs, rf = line.rewrite, line.sentence, line.facts
    places = [(d, ss, True) for d, ss, _ in line.linked] + _neighbours(line)
    s_ents = [
        (d, ss, e, aligned)
        for d, ss, aligned in places
        for e in d.facts_of(ss.index).entities
        if e.label in LABEL_GROUP and e.label != "NORP"
    ]
    r_norms = {x.norm for x in rf.entities}
    spent: set[int] = set()
    for e in rf.entities:
        if speakers and e.text in speakers:
            continue  # a quoted speaker: checked with the quotation (quote_misattributed)
        group = LABEL_GROUP.get(e.label)
        if group is None or group == "NORP" or not _capitalised(e.text) or src.supports_name(e, rewrite.text):
            continue
        if (
            e.span.start == rs.span.start
            and " " not in e.text
            and zipf_frequency(e.text, "en") >= cfg.name_common_zipf
        ):
            continue  # "Media reports allege": a common word that opens the sentence, no name
        cites = [a for a in rf.attributions if a.span.start < e.span.end and e.span.start < a.span.end]
        is_cited = bool(cites)
        # "according to X" names where the claim comes from, not who acts in it: X replaces only
        # a cited name (a paraphrase that dropped a name and gained a source is no swap)
        source_only = any(a.cue == "according to" for a in cites)
        if country_of(e.text) and any(country_of(x[2].text) == country_of(e.text) for x in s_ents):
            continue
        lacking = [
            (k, d, ss, se, aligned)
            for k, (d, ss, se, aligned) in enumerate(s_ents)
            if k not in spent
            and _capitalised(se.text)
            and se.norm not in r_norms
            and _lacks(se, rs.text, rf.entities)
            and (not source_only or _cited(d, ss, se))
            and not same_name(se.text, e.text)
        ]
        same = [x for x in lacking if x[4] and LABEL_GROUP[x[3].label] == group]
        # A cited party of another group is left to the attribution rules ("The GOP argued"); a
        # country is never a mislabelled name of another group ("the United States" / "Patricia
        # D'Alesandro"): only the same group's names are its swaps.
        near = [
            x
            for x in lacking
            if (
                LABEL_GROUP[x[3].label] == group
                or not (is_cited or country_of(e.text) or country_of(x[3].text))
            )
            and _shared_context(
                cfg.name_context_words,
                (rewrite.text, rs.span, e.span),
                (x[1].article.text, x[2].span, x[3].span),
            )
        ]
        if not (same or near):
            continue
        k, d, _, se, _ = (same or near)[0]
        spent.add(k)
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


def _cited(d: SourceDoc, ss: Sentence, se: Entity) -> bool:
    """True if ``se`` stands in an attribution or a quotation's speaker of its source sentence."""
    facts = d.facts_of(ss.index)
    if any(a.span.start < se.span.end and se.span.start < a.span.end for a in facts.attributions):
        return True
    return any(q.speaker and (se.norm in q.speaker or q.speaker in se.norm) for q in facts.quotes)


def _capitalised(name: str) -> bool:
    """True if ``name`` is written as a name (:func:`~unspun.facts.entities.written_as_name`:
    a capital after an article or a particle, "the Moody's Investors Service Inc.", "al
    Qaeda"): a lower-case "name" is a recognizer's slip."""
    return written_as_name(name)


def _neighbours(line: Line) -> list[tuple[SourceDoc, Sentence, bool]]:
    """The body sentences right before and after the aligned ones, not aligned themselves."""
    linked = {(d.article.doc_id, s.index) for d, s, _ in line.linked}
    out: list[tuple[SourceDoc, Sentence, bool]] = []
    for d, s, _ in line.linked:
        for idx in (s.index - 1, s.index + 1):
            if (d.article.doc_id, idx) in linked or not 0 <= idx < len(d.article.sentences):
                continue
            linked.add((d.article.doc_id, idx))
            out.append((d, d.sentence(idx), False))
    return out


def _lacks(se: Entity, rewrite_sentence: str, r_ents: Sequence[Entity] = ()) -> bool:
    """True if the rewrite sentence does not name ``se`` (a person: by surname, "Putin" keeps
    "Vladimir Putin"; "a White House butler" does not name "Butler").

    A surname that the rewrite sentence gives only with another first name names a relative,
    not the person ("Melania Trump's husband" -> "her husband, President Donald Trump").
    """
    words = se.text.split()
    if se.label != "PERSON" or len(words) < 2:
        return name_mentions(se.text, rewrite_sentence) == 0
    first, surname = words[0].casefold(), words[-1]
    kin = sum(
        1
        for x in r_ents
        if x.label == "PERSON"
        and len(x.text.split()) > 1
        and x.text.split()[-1] == surname
        and x.text.split()[0].casefold() != first
    )
    return name_mentions(surname, rewrite_sentence) <= kin


_WEAK = frozenset(
    re.findall(
        r"\w+",
        "the a an and or of to in on at for with by as from is was are were be been has have had it "
        "its this that his her their s",
    )
)


def _around(n: int, text: str, sentence: Span, span: Span) -> tuple[set[str], set[str]]:
    """The content words among the ``n`` words just before and just after ``span`` in its sentence."""
    before = re.findall(r"\w+", text[max(sentence.start, span.start - 80) : span.start])[-n:] if n else []
    rest = re.sub(r"^['’]s\b", "", text[span.end : min(sentence.end, span.end + 80)])
    after = re.findall(r"\w+", rest)[:n]
    return {w.casefold() for w in before} - _WEAK, {w.casefold() for w in after} - _WEAK


_Place = tuple[str, Span, Span]  # an article's text, a sentence, a name in it


def _shared_context(n: int, a: _Place, b: _Place) -> bool:
    """True if a word (not a function word) stands within ``n`` words of both names, on the same side."""
    ab, aa = _around(n, *a)
    bb, ba = _around(n, *b)
    return bool(ab & bb or aa & ba)


def _owner_same(a: str, b: str) -> bool:
    ka, kb = party_key(a), party_key(b)
    wa, wb = set(ka.split()), set(kb.split())
    if ka == kb or (wa and wb and (wa <= wb or wb <= wa)):
        return True  # "President Donald Trump's State ..." / "Donald Trump's State ..."
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb
