"""Attributions: who a claim is put in the mouth of ("according to X", "X said", "X noted that").

Patterns over words, not the dependency parser: on the example pair the parser costs about
160 ms more than NER alone (see :mod:`unspun.facts.nlp`), over the whole time budget of
fact extraction, while the news forms below cover the attributions seen in wire copy:

* ``according to SOURCE``;
* ``SOURCE [has|also|...] CUE`` -- the source is the noun phrase just before the cue verb,
  found by walking back over words until a clause boundary (punctuation, a conjunction or
  a relative pronoun); a relative clause between commas (", which has been fighting ...,")
  is skipped;
* ``"...," CUE SOURCE`` (inverted, after a quote or a comma);
* ``as SOURCE put it``.

``source`` is normalised with :func:`unspun.facts.entities.normalize_entity` after leading
quantifiers ("some", "many") are dropped; ``cue`` is the lemma of the verb.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import NamedTuple

from unspun.facts.cue_words import (
    AUX as _AUX,
)
from unspun.facts.cue_words import (
    CLAUSE_VERB as _CLAUSE_VERB,
)
from unspun.facts.cue_words import (
    CUE_LEMMAS,
)
from unspun.facts.cue_words import (
    DETERMINERS_AFTER_VERB as _DETERMINERS_AFTER_VERB,
)
from unspun.facts.cue_words import (
    DETS as _DETS,
)
from unspun.facts.cue_words import (
    INVERTED_CUES as _INVERTED_CUES,
)
from unspun.facts.cue_words import (
    NAME_JOINERS as _NAME_JOINERS,
)
from unspun.facts.cue_words import (
    NOUN_BEFORE as _NOUN_BEFORE,
)
from unspun.facts.cue_words import (
    NOUN_LIKE as _NOUN_LIKE,
)
from unspun.facts.cue_words import (
    POSSESSIVE_ONLY as _POSSESSIVE_ONLY,
)
from unspun.facts.cue_words import (
    PRONOUNS as _PRONOUNS,
)
from unspun.facts.cue_words import (
    QUANTIFIERS as _QUANTIFIERS,
)
from unspun.facts.cue_words import (
    STOP as _STOP,
)
from unspun.facts.cue_words import (
    WEEKDAYS as _WEEKDAYS,
)
from unspun.facts.entities import normalize_entity
from unspun.types import Attribution, Span

logger = logging.getLogger(__name__)

_CUE_RE = re.compile(r"\b(?P<cue>" + "|".join(sorted(CUE_LEMMAS, key=len, reverse=True)) + r")\b")
# clause boundaries; a period after a lowercase word ends a sentence the splitter missed
# ("... covid-19. they say"), while "U.S.", "Dr." and a company's "Corp." / "Inc." / "Ltd." do not
_BOUNDARY = re.compile(
    r"[,;:()\[\]\"“”‘—–!?]|(?<!\w)'|'(?!\w)|\s-\s"
    r"|(?<=[a-z]{2})(?<!\bCorp)(?<!\bInc)(?<!\bLtd)(?<!\bBros)(?<!\bJr)(?<!\bSr)\.(?=\s)"
)
_WORD = re.compile(r"[\w][\w'’.&-]*")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
# the party after "according to", up to a clause mark; the dots of "U.S." and "D.C." are no mark,
# nor the "!" inside a name ("OK! Magazine", "E! News")
_ACCORDING_REST = re.compile(r"((?:[^,.;:!?\"“”()]|(?<=\b[A-Z])\.|(?<=[A-Z])!(?=\s+[A-Z]))+)")
_AS_PUT = re.compile(r"\b[Aa]s\s+(?P<src>[\w'’. -]{1,60}?)\s+(?:has\s+)?put\s+it\b")
_MAX_WORDS = 8
_CLAUSE_AFTER = re.compile(
    r"\s*(?:$|[.,;:!?]|(?:that|to|the|a|an|it|he|she|they|we|there|this|these|its|their|his|her|in|on|[A-Z])\b)"
)
# ", which has been fighting ...," / ", speaking in Kyiv," / ", who visited ...,": skipped
_PARENTHETICAL = re.compile(r"(?:which|who|whose|where|whom|[a-z]+ing|[a-z]+ed)\b")
# a noun-like cue that ends its clause after "the"/"a" and one lowercase word is that word's noun
_NOUN_AT_END = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Tt]heir|[Hh]is|[Hh]er|[Ii]ts|[Oo]ur"
    r"|[Mm]ost|[Mm]any|[Ss]ome|[Ss]everal|[Nn]umerous|[Oo]ther|[Rr]egular|[Aa]ll)\s+[a-z]+\s+$"
)
# a noun-like cue after the text's only word, ending its clause: a heading ("Current reports.")
_ONE_WORD = re.compile(r"\s*[\w'’-]+\s+")
# a preposition one or two words before a noun-like cue: the cue is the noun of that phrase
_PREP_BEFORE = re.compile(
    r"\b(?:[Dd]espite|[Aa]mid|over|about|against|[Ff]ollowing|[Rr]egarding|without|under)\s+(?:[\w'’]+\s+){1,2}$"
)
_END_AFTER = re.compile(r"\s*(?:$|[.,;:!?]|of\b)")
_CUT_SUBJECT = frozenset({"to", "who", "whom", "whose"})  # not "which": "which officials said"
# "estimated to be", "alleged to have": a participle, not a cue
_PARTICIPLE_AFTER = re.compile(r"\s+to\s+(?:be|have)\b")
# "added that", "adds:", '... ," he added.': "add" is a cue only before a clause or at the end
_ADD_AFTER = re.compile(r"\s*(?:$|[.,;:!?\"“”]|that\b)")
# "is warning", "were saying": an -ing cue is a verb only after a form of "be"
_BE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|been|be|am)\s+(?:[a-z]+ly\s+|also\s+|still\s+)?$", re.IGNORECASE
)


def _inside(pos: int, mask: Sequence[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in mask)


def _clean_source(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    while words and words[0][2].lower() in _DETS:
        words = words[1:]
    while words and words[-1][2].lower() in _DETS:
        words = words[:-1]
    return words


def _trailing_name(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep only a trailing capitalised name when lowercase content words precede it.

    "largest settlement Russia" -> "Russia"; "military correspondent Alexander Kots" ->
    "Alexander Kots"; "Institute for the Study of War" and "local administration" stay whole,
    and so does a name after "for" or "of" ("a spokesperson for the late George H.W. Bush").
    """
    if not words or not words[-1][2][:1].isupper():
        return words
    i = len(words) - 1
    while i > 0 and (
        words[i - 1][2][:1].isupper()
        or words[i - 1][2][:1].isdigit()
        or (words[i - 1][2].lower() in _NAME_JOINERS and i > 1 and words[i - 2][2][:1].isupper())
    ):
        i -= 1
    while i < len(words) - 1 and words[i][2].lower() in _NAME_JOINERS:
        i += 1
    lead = words[:i]
    if any(w[2].lower() in {"for", "of"} for w in lead[-3:]):
        return words  # "the spokesperson for the late George H.W. Bush": the name is whose, not who
    if any(
        w[2][:1].islower() and w[2].lower() not in _DETS and w[2].lower() not in _NAME_JOINERS for w in lead
    ):
        return words[i:]
    return words


def _source_before(text: str, cue_start: int) -> tuple[int, int] | None:
    """Return the (start, end) of the noun phrase just before a cue verb, if any."""
    pos = cue_start
    # skip auxiliaries and adverbs between source and cue ("has also noted")
    while True:
        m = re.search(r"([\w']+)\s+$", text[:pos])
        if not m or not (m.group(1).lower() in _AUX or (m.group(1).endswith("ly") and m.group(1).islower())):
            break
        pos = m.start(1)
    pron = re.search(r"(?<![\w'’])([\w]+)\s+$", text[:pos])
    if pron and pron.group(1).lower() in _PRONOUNS:
        return pron.start(1), pron.end(1)  # "support a candidate you believe" -> "you"
    head = text[:pos]
    segments: list[tuple[int, int]] = []
    last = 0
    for b in _BOUNDARY.finditer(head):
        segments.append((last, b.start()))
        last = b.end()
    segments.append((last, len(head)))
    # the segment just before the cue; skip an empty one and a relative clause between commas
    s, e = segments.pop()
    if not head[s:e].strip():
        # ", which has been fighting for control of Toretsk, said": skip the relative clause
        if (
            len(segments) >= 2
            and head[s - 1 : s] == ","
            and _PARENTHETICAL.match(head[slice(*segments[-1])].strip())
        ):
            segments.pop()
            s, e = segments.pop()
        elif len(segments) >= 2 and head[s - 1 : s] == ",":
            return _name_before_apposition(head, segments)
        else:
            return None
    words = [(m.start() + s, m.end() + s, m.group(0)) for m in _WORD.finditer(head[s:e])]
    kept: list[tuple[int, int, str]] = []
    stopper = ""
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        # "the report said": a cue word after a determiner is the party's noun
        noun = w[2] in _NOUN_LIKE and i > 0 and words[i - 1][2].lower() in _NOUN_DETS
        if w[2].lower() in _STOP or (w[2] in CUE_LEMMAS and not noun) or len(kept) >= _MAX_WORDS:
            stopper = w[2].lower() if len(kept) < _MAX_WORDS else ""
            break
        kept.append(w)
    kept.reverse()
    if stopper in _CUT_SUBJECT or stopper in CUE_LEMMAS:
        # "sources close to the situation suggest", "those who support it argue", "the
        # statement announcing the birth noted": the party is further back; none is taken
        return None
    kept = _clean_source(_trailing_name(kept))
    if not kept or all(w[2].lower() in _POSSESSIVE_ONLY for w in kept):
        return None
    if _holds_verb(kept):
        return None  # "The Met Office has issued an amber warning": a clause, not a name
    if kept[-1][2].lower() in {"to", "not", "of", "for", "by", "in", "on", "with"}:
        return None
    return kept[0][0], kept[-1][1]


# an apposition between a name and its cue: "the federal controller for ...", "a senior at ...",
# "spokesman for ...", "however", "Director of the NCMI"
_APPOSITION = re.compile(r"(?:[a-z][\w'’-]*|[A-Z][a-z]+\s+(?:of|for|at))(?:\s|$)")
_APPOSITION_WORDS = 14
_NOUN_DETS = _DETS | _POSSESSIVE_ONLY | _QUANTIFIERS


def _name_before_apposition(head: str, segments: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The name before an apposition that ends at a cue: "Jacob Shoemaker, a senior at ..., said".

    ``segments[-1]`` is the apposition (between commas), ``segments[-2]`` what stands before
    it; the name is the capitalised words that end ``segments[-2]`` (planted dev: "Danny
    Werfel, the federal controller for the White House's Office of Management and Budget,
    told reporters" had given "reporters" as the speaker).
    """
    app = head[slice(*segments[-1])].strip()
    s, e = segments[-2]
    if not _APPOSITION.match(app) or len(app.split()) > _APPOSITION_WORDS or head[e : e + 1] != ",":
        return None
    words = [(m.start() + s, m.end() + s, m.group(0)) for m in _WORD.finditer(head[s:e])]
    name: list[tuple[int, int, str]] = []
    for w in reversed(words):
        if not w[2][:1].isupper() or w[2].lower() in _STOP | _NOUN_BEFORE:
            # "In Kyiv, the ministry, said": a name after a preposition is a place, not the party
            if w[2].lower() in (_STOP | _NOUN_BEFORE) - _DETS:
                return None
            break
        name.append(w)
    if not 1 <= len(name) <= 5 or name[0][2] in CUE_LEMMAS:
        return None
    return name[-1][0], name[0][1]


def _holds_verb(words: list[tuple[int, int, str]]) -> bool:
    """True if the words before a cue make a clause: an auxiliary, or a past tense and its object."""
    low = [w[2].lower() for w in words]
    if any(w in _CLAUSE_VERB for w in low):
        return True
    return any(
        w.endswith("ed") and words[i][2].islower() and low[i + 1] in _DETERMINERS_AFTER_VERB
        for i, w in enumerate(low[:-1])
    )


# a capitalised name right before an -ing cue, inside a sentence ("show Gruber saying", "heard
# Jones warning"): that person speaks (planted dev); not at the sentence's start ("Speaking ...")
_NAME_BEFORE = re.compile(r"(?<=[a-z] )((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’.-]+)\s+$")
# ... or before when or where it was said: "said Huckabee in a separate interview" (whose last
# two words made any speaker "... in a separate interview" the same party), "said Mnuchin Tuesday"
_AFTER_PARTY = re.compile(
    r"[a-z]{3,}ing|who|whose|which|in|on|during|after|before|while|when|last|earlier|later|yesterday"
    r"|today|tonight|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)


def _source_after(text: str, cue_end: int) -> tuple[int, int] | None:
    """Return the (start, end) of the source after an inverted cue ("," said X)."""
    m = re.match(r"\s+([^,.;:!?\"“”()]+?)(?=\s*(?:[,.;:!?\"“”()]|$))", text[cue_end:])
    if not m:
        return None
    s = cue_end + m.start(1)
    words = [(w.start() + s, w.end() + s, w.group(0)) for w in _WORD.finditer(m.group(1))][:_MAX_WORDS]
    # "said a World Bank official attending the talks": the party ends before a participle
    cut = next((i for i, w in enumerate(words) if i > 0 and _AFTER_PARTY.fullmatch(w[2])), len(words))
    words = _clean_source(words[:cut])
    if not words:
        return None
    first = words[0][2]
    if first in _WEEKDAYS:
        return None
    if any(w[2].lower() in _STOP for w in words):
        return None  # "said the aid was vital": a clause, not a name
    if not (first[0].isupper() or first.lower() in {"it", "he", "she", "they"} or len(words) <= 3):
        return None
    return words[0][0], words[-1][1]


def normalize_source(text: str) -> str:
    """Return the comparison key of an attributed party: "the local administration" -> "local administration".

    Leading determiners and quantifiers are dropped, then :func:`normalize_entity` applies.
    """
    words = text.split()
    while words and words[0].lower().strip("'’") in _DETS:
        words = words[1:]
    return normalize_entity(" ".join(words))


class FoundAttribution(NamedTuple):
    """An attribution with positions relative to the searched text (no offset)."""

    start: int
    end: int
    source_start: int
    source_end: int
    source: str
    cue: str


def find_attributions(text: str, *, mask: Sequence[tuple[int, int]] = ()) -> list[FoundAttribution]:
    """Find attributions in ``text`` with the source's own position (see :func:`extract_attributions`)."""
    found: list[tuple[int, int, int, int, str]] = []  # start, end, source start, source end, cue
    for m in _ACCORDING.finditer(text):
        if _inside(m.start(), mask):
            continue
        rest = _ACCORDING_REST.match(text[m.end() :])
        if not rest:
            continue
        words = [(w.start() + m.end(), w.end() + m.end(), w.group(0)) for w in _WORD.finditer(rest.group(1))]
        cut: list[tuple[int, int, str]] = []
        for w in words:
            if w[2].lower() in _STOP or len(cut) >= _MAX_WORDS:
                break
            cut.append(w)
        cut = _clean_source(cut)
        if cut:
            found.append((m.start(), cut[-1][1], cut[0][0], cut[-1][1], "according to"))
    for m in _AS_PUT.finditer(text):
        if not _inside(m.start(), mask):
            found.append((m.start(), m.end(), m.start("src"), m.end("src"), "put"))
    for m in _CUE_RE.finditer(text):
        if _inside(m.start(), mask):
            continue
        cue = m.group("cue")
        before = text[: m.start()]
        if re.search(r"(?:\b(?:to|not|never)|n['’]t|['’]ll|['’]d)\s+$", before, re.IGNORECASE):
            continue  # "refused to say", "don't say", "I'll say"
        after = text[m.end() :]
        if cue.endswith("ed") and _PARTICIPLE_AFTER.match(after):
            continue  # "fees estimated to be", "alleged to have"
        inverted = cue in _INVERTED_CUES and re.search(r"(?:[,\"”]|^)\s*$", before) is not None
        named_after = inverted and after[1:2].isupper()
        if CUE_LEMMAS[cue] == "add" and not _ADD_AFTER.match(after) and not named_after:
            continue  # "the accent adds more dimension": not a claim ('," added Welch.' is one)
        if cue in _NOUN_LIKE and not _CLAUSE_AFTER.match(after) and not named_after:
            continue  # "annual reports show", "Trump's alleged affair": nouns and adjectives
        if re.search(r"['’]s\s+$", before) and (
            cue in _NOUN_LIKE or not re.search(r"[A-Z][\w&.-]*['’]s\s+$", before)
        ):
            # "the ministry's claims"; but "Moody's said", "Scotty's said" (a company's name ends so;
            # planted dev: a dropped "Moody's said" went unreported) cite the company
            continue
        prev = re.search(r"([\w']+)\s+$", before)
        if prev and prev.group(1).lower() in _NOUN_BEFORE:
            continue  # "a report", "his claims": a noun, not a cue verb
        if prev and cue in _NOUN_LIKE and prev.group(1).lower() in _QUANTIFIERS:
            continue  # "there are regular reports that": a noun ("many say" stays a cue)
        if cue in _NOUN_LIKE and (
            ((_NOUN_AT_END.search(before) or _ONE_WORD.fullmatch(before)) and _END_AFTER.match(after))
            or _PREP_BEFORE.search(before)
        ):
            continue  # "with the present report.", "despite her public claims": a noun
        cue_at = m.start()
        if cue.endswith("ing"):
            be = _BE_BEFORE.search(before)
            named = _NAME_BEFORE.search(before)
            lead = re.search(r"([\w'’]+)\s+$", before[: named.start(1)]) if named else None
            if named is not None and (lead is None or lead.group(1).lower() in _DETS | _NOUN_BEFORE):
                named = None  # "The Kremlin warning", "reports from Kyiv saying": a noun, a place
            if be is None and named is not None:
                # "videos that show Gruber saying the act was written in a 'very tortured way'"
                found.append((named.start(1), m.end(), named.start(1), named.end(1), CUE_LEMMAS[cue]))
                continue
            if be is None:
                continue  # "an amber warning", "a statement saying ...": a noun or a participle
            cue_at = be.start()
        src = _source_before(text, cue_at)
        if src is not None:
            found.append((src[0], m.end(), src[0], src[1], CUE_LEMMAS[cue]))
            continue
        if cue in _INVERTED_CUES and re.search(r"(?:[,\"”]|^)\s*$", before):
            src = _source_after(text, m.end())
            if src is not None:
                found.append((m.start(), src[1], src[0], src[1], CUE_LEMMAS[cue]))
    out: list[FoundAttribution] = []
    for start, end, ss, se, cue in sorted(found):
        source = normalize_source(text[ss:se])
        if not source or any(a.start == start for a in out):
            continue
        out.append(FoundAttribution(start, end, ss, se, source, cue))
    return out


def extract_attributions(
    text: str, *, offset: int = 0, mask: Sequence[tuple[int, int]] = ()
) -> tuple[Attribution, ...]:
    """Find attributions in ``text`` (a sentence).

    ``mask`` holds (start, end) ranges of ``text`` (no offset) inside quotation marks:
    cues there are the speaker's words, not an attribution by the writer. Spans are
    ``offset`` + positions in ``text``.
    """
    return tuple(
        Attribution(Span(offset + a.start, offset + a.end), text[a.start : a.end], a.source, a.cue)
        for a in find_attributions(text, mask=mask)
    )
