"""Speakers: a quotation given to someone else through the words that identify its speaker.

Also the quotation rule's own speaker comparison (:func:`check_speaker`, called by
:mod:`unspun.audit.quotes` with the source quotations it matched; moved here when that module
reached the size limit): the speakers' names compared, a role or a group for a name and a
spokesperson for the party allowed.

The quotation rule (:mod:`unspun.audit.quotes`) compares the speakers' names. A speaker is
also identified by the title, owner and apposition around the name ("Cooper spokeswoman Dory
MacMillan", "Lawrence Jacobs, director of the Center ... at the University of Minnesota", "one
Justice Department official"); a rewrite that changes the organisation there, or gives the
words to a name the patterns do not parse, gives the quotation to someone else though the
name it parses is the same or none.

``quote_misattributed`` (critical): a rewrite quotation whose words stand in a source
quotation (the same words, or the source quotation the quotation rule matched it to as
altered), where the rewrite's speaker phrase (:func:`~unspun.facts.quotes.speaker_phrase`)
holds a name that stands nowhere in the sources, and the source quotation has a speaker phrase
of its own. A name: a capitalised word of the phrase, not the sentence's first, not a weekday
or month, and either rare in English (``audit.name_common_zipf``) or part of a recognised
entity. Only where the quotation rule did not report the quotation as misattributed already.

Measured (2026-11-30, session 7, git 51cbc85): on planted changes (``python -m
benchmarks.quality.planted --split test``) ``quote_misattributed`` (this rule and the quotation
rule's together) is right on 0.826 of 46 findings and catches 0.950 of 40 changed speakers
(0.634 of 41 before this rule and the quotation-mark fixes of :mod:`unspun.facts.quotes`; dev
1.000 of 32, and 0.995 of 203 on an extra dev-only sample, ``planted --extra-dev 1500``); the
8 counted wrong: 4 on a planted person or place (inside a speaker's phrase, which the
benchmark counts as ``entity_mismatch`` only), 2 on unplanted twins, 2 on a year or a quotation
word planted in a quoted sentence. On
faithful LLMFake rewrites (``python -m benchmarks.quality.faithful run --split test|train``)
it adds no finding: ``quote_misattributed`` stays on 2 test and 3 train articles. Session 9
(git f091fa3, with :func:`check_speaker`'s spokesman and the speech tag after a quotation):
0.844 of 45 on planted test changes (as main 3142c92), catching 0.950 of 40; on faithful
rewrites no article left (train 2 -> 0, test 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.parties import SPOKESPEOPLE, is_vague, mentions, parties_match, party_key
from unspun.facts.attribution import find_attributions
from unspun.facts.compare import quote_contained, quote_words
from unspun.facts.cue_words import SPEECH_VERBS
from unspun.facts.nlp import load_parser
from unspun.facts.quotes import speaker_phrase
from unspun.types import Entity, Finding, FindingType, Quote, Sentence, SentenceFacts, Severity, Span

__all__ = ["SpeakerRule", "check_speaker", "new_names"]

_MARKS = "\"”’'“‘"
_CAP_WORD = re.compile(r"[A-Z][\w’'.&]*")
_CALENDAR = frozenset(
    {
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december"),
    }
)


class SpeakerRule:
    """``quote_misattributed`` for a quotation whose speaker phrase names someone the sources do not."""

    name = "speakers"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per quotation given to a speaker phrase with a name new to the sources."""
        done = {(f.rewrite.start, f.rewrite.end) for f in found if f.type is FindingType.QUOTE_MISATTRIBUTED}
        altered = {
            (f.rewrite.start, f.rewrite.end): (f.source_id, f.source.start)
            for f in found
            if f.type is FindingType.QUOTE_ALTERED and f.source is not None
        }
        for line in ctx.lines:
            for q in line.facts.quotes:
                if (q.span.start, q.span.end) in done or len(quote_words(q.text)) < 2:
                    continue
                yield from _check(ctx, line, q, altered.get((q.span.start, q.span.end)))


def _phrase(sentence: Sentence, facts: SentenceFacts, q: Quote) -> tuple[int, int] | None:
    """The absolute span (in its article's text) of ``q``'s speaker phrase in ``sentence``, if any."""
    st, stext = sentence.span.start, sentence.text
    rel_end = q.span.end - st
    while rel_end < len(stext) and stext[rel_end] not in _MARKS:
        rel_end += 1
    if rel_end >= len(stext):
        return None  # the closing mark is beyond the sentence
    mask = [(x.span.start - st, x.span.end - st) for x in facts.quotes]
    found = find_attributions(stext, mask=mask)
    got = speaker_phrase(stext, q.span.start - st, rel_end + 1, found)
    return None if got is None else (st + got[0], st + got[1])


def new_names(
    phrase: str, phrase_start: int, sentence_start: int, sources_text: str, line: Line, zipf: float
) -> list[str]:
    """The names of ``phrase`` that stand nowhere in ``sources_text`` (see the module doc)."""
    from wordfreq import zipf_frequency

    ents = [(e.span.start, e.span.end) for e in line.facts.entities]
    out: list[str] = []
    for m in _CAP_WORD.finditer(phrase):
        at = phrase_start + m.start()
        for part in re.split(r"[-’'.]", m.group(0)):
            word = part.strip()
            if len(word) < 2 or not word[:1].isupper() or word.casefold() in _CALENDAR:
                continue
            if at == sentence_start:
                continue  # the sentence's first word is capitalised anyway
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sources_text, re.IGNORECASE):
                continue
            in_entity = any(s <= at < e for s, e in ents)
            if not in_entity and zipf_frequency(word.casefold(), "en") >= zipf:
                continue
            if word not in out:
                out.append(word)
    return out


def _source_quote(
    ctx: AuditContext, q: Quote, altered: tuple[str | None, int] | None
) -> tuple[SourceDoc, Sentence, SentenceFacts, Quote] | None:
    """The source quotation ``q`` restates: the one matched as altered, else one holding its words."""
    for d, s, f in ctx.docs.all_facts:
        for sq in f.quotes:
            if altered is not None:
                if d.article.doc_id == altered[0] and sq.span.start == altered[1]:
                    return d, s, f, sq
            elif quote_contained(q.text, sq.text):
                return d, s, f, sq
    return None


def _check(
    ctx: AuditContext, line: Line, q: Quote, altered: tuple[str | None, int] | None
) -> Iterator[Finding]:
    rtext = ctx.rewrite.text
    r_at = _phrase(line.sentence, line.facts, q)
    if r_at is None:
        return
    r_phrase = rtext[r_at[0] : r_at[1]]
    new = new_names(
        r_phrase, r_at[0], line.sentence.span.start, ctx.docs.text, line, ctx.settings.name_common_zipf
    )
    if not new:
        return
    got = _source_quote(ctx, q, altered)
    if got is None:
        return
    d, s, f, sq = got
    s_at = _phrase(s, f, sq)
    if s_at is None:
        return
    s_phrase = d.article.text[s_at[0] : s_at[1]]
    clean_s, clean_r = _tidy(s_phrase), _tidy(r_phrase)
    yield changed(
        FindingType.QUOTE_MISATTRIBUTED,
        Severity.CRITICAL,
        ctx.rewrite,
        q.span,
        d,
        Span(*s_at),
        f"The source gives this quotation to {clean_s!r}; the rewrite to {clean_r!r} "
        f"({', '.join(repr(w) for w in new)} stands nowhere in the source).",
        (clean_s, clean_r),
        0.75,
    )


_VERBS = "|".join(sorted(SPEECH_VERBS))
_VERB_EDGE = re.compile(rf"^(?:{_VERBS})\s+|\s+(?:{_VERBS})$")


def _tidy(phrase: str) -> str:
    """The phrase for a message: one line, without its edge punctuation and speech verb."""
    return _VERB_EDGE.sub("", " ".join(phrase.split()).strip(" ,.")).strip(" ,")


# --------------------------------------------------------------------------- the quotation rule's speakers


_HEAD_END = re.compile(r"\s+(?:of|for|at|in|from|with|on|to|who|that)\s+", re.IGNORECASE)
_PLACES = frozenset({"GPE", "LOC", "NORP"})


def _names_someone(q: Quote, sentence: str, entities: Sequence[Entity]) -> bool:
    """Whether the speaker of ``q`` (in ``sentence``) is someone named (a person or an
    organisation), not a role or a group in common words ("the governor of Indiana",
    "advocates for this proposal").

    Named: the sentence tags a person or organisation inside the speaker's words, or the
    tagger (spaCy, :func:`~unspun.facts.nlp.load_parser`) reads a proper noun, not a place, in
    the phrase's head (before "of", "for", ...): "Fallon", "Mr. Pence", but not "the governor".
    """
    text = q.speaker_text or q.speaker or ""
    low = text.casefold()
    if any(e.label in ("PERSON", "ORG") and e.text.casefold() in low for e in entities):
        return True
    places = {w.casefold() for e in entities if e.label in _PLACES for w in e.text.split()}
    head = _HEAD_END.split(text, maxsplit=1)[0]
    at = sentence.casefold().find(head.casefold())
    doc = load_parser()(sentence if at >= 0 else head)
    lo = max(at, 0)
    return any(
        t.pos_ == "PROPN" and t.text.casefold() not in places for t in doc if lo <= t.idx < lo + len(head)
    )


def _role_for_named(line: Line, q: Quote, sq: Quote, doc: SourceDoc) -> bool:
    """A role or a group on one side that may stand for the speaker the other side names.

    The rewrite's role or group for the source's named speaker ("advocates for this proposal"
    for Fallon): the rewrite named no one else. The source's role for the rewrite's named
    speaker ("the governor of Indiana" for Pence): only if the sources name that person too
    (a planted "the company" -> "Clinton" is another speaker).
    """
    rewrite_named = _names_someone(q, line.sentence.text, line.facts.entities)
    source_named = _names_someone(sq, *_sentence_at(doc, sq.span))
    if rewrite_named == source_named:
        return False
    return source_named or mentions(line.docs.text, q.speaker or "")


def _sentence_at(doc: SourceDoc, span: Span) -> tuple[str, tuple[Entity, ...]]:
    """The text and the entities of the source sentence that holds ``span``."""
    for s in doc.article.body:
        if s.span.contains(span):
            return s.text, doc.facts_of(s.index).entities
    return "", ()


def _speaks_for(a: str, b: str) -> bool:
    """True if ``a`` is a spokesperson of ``b``: "the group's spokesman" for "the Islamic activist
    group" (a false ``quote_misattributed`` on a faithful LLMFake rewrite, train split)."""
    wa, wb = party_key(a).split(), set(party_key(b).split())
    return len(wa) >= 2 and wa[-1] in SPOKESPEOPLE and any(len(w) > 2 and w in wb for w in wa[:-1])


def check_speaker(
    line: Line, q: Quote, matches: Sequence[tuple[SourceDoc, Quote | None]]
) -> Iterator[Finding]:
    """``quote_misattributed`` if every matching source quotation has another named speaker.

    The quotation rule's speaker comparison (:mod:`unspun.audit.quotes`): ``matches`` are the
    source quotations (or sentences: None) its quotation ``q`` was matched to.
    """
    said = [
        (d, sq, sq.speaker) for d, sq in matches if sq is not None and sq.speaker and not is_vague(sq.speaker)
    ]
    if not q.speaker or is_vague(q.speaker) or not said or len(said) < len(matches):
        return
    if any(
        parties_match(q.speaker, sp)
        or mentions(q.speaker, sp)
        or mentions(sp, q.speaker)
        or _speaks_for(q.speaker, sp)
        or _speaks_for(sp, q.speaker)
        for _, _, sp in said
    ):
        return
    doc, sq, speaker = said[0]
    if _role_for_named(line, q, sq, doc):
        return
    yield changed(
        FindingType.QUOTE_MISATTRIBUTED,
        Severity.CRITICAL,
        line.rewrite,
        q.span,
        doc,
        sq.span,
        f"The source attributes this quotation to {sq.speaker_text or speaker}; "
        f"the rewrite to {q.speaker_text or q.speaker}.",
        (speaker, q.speaker),
        0.85,
    )
