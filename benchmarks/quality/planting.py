"""Planting one change of a given kind into a sentence: pure text edits, one function per kind.

Each planter takes the rewrite sentence, the source text it restates (the aligned source
sentences with their neighbours) and a seeded :class:`random.Random`, and returns a
:class:`Plant` (the edited sentence, where the change stands in it, the old and new value) or
None when the sentence offers nothing of that kind. The value changed must stand in the source
too (a value the rewrite already invented is no planted change), and the value put in must stand
nowhere in the source, so that every plant is a real change. Entities are found with the same
spaCy model unspun uses (the only NER installed), names to put in are drawn from the names of
the other base items (:class:`Pools`).

Written by hand: no library plants controlled fact changes into news text. The antonym pairs
below are common news verbs and adjectives of opposite meaning, chosen by hand for this
benchmark (none that also works as a preposition or particle: "before", "up"); they are kept
apart from whatever resource the detector uses.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from unspun.facts.quotes import is_title


class Kind(StrEnum):
    """The kinds of planted change (the twelve of issue 10, plus an invented number)."""

    NUMBER = "number"
    YEAR = "year"
    MONTH = "month"
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    NEGATION = "negation"
    ANTONYM = "antonym"
    QUOTE_WORD = "quote_word"
    SPEAKER = "speaker"
    ADDED_ATTRIBUTION = "added_attribution"
    DROPPED_ATTRIBUTION = "dropped_attribution"
    INVENTED_NUMBER = "invented_number"


#: The finding type that reports each kind of change.
EXPECTED: dict[Kind, str] = {
    Kind.NUMBER: "number_mismatch",
    Kind.YEAR: "date_mismatch",
    Kind.MONTH: "date_mismatch",
    Kind.PERSON: "entity_mismatch",
    Kind.ORGANISATION: "entity_mismatch",
    Kind.PLACE: "entity_mismatch",
    Kind.NEGATION: "meaning_reversed",
    Kind.ANTONYM: "meaning_reversed",
    Kind.QUOTE_WORD: "quote_altered",
    Kind.SPEAKER: "quote_misattributed",
    Kind.ADDED_ATTRIBUTION: "attribution_added",
    Kind.DROPPED_ATTRIBUTION: "attribution_dropped",
    Kind.INVENTED_NUMBER: "unsupported_fact",
}


@dataclass(frozen=True, slots=True)
class Plant:
    """One planted change: the edited sentence and where the change stands in it.

    ``start == end`` for a change that removes text (a dropped attribution): the place where
    the text was.
    """

    text: str
    start: int
    end: int
    before: str
    after: str


@dataclass
class Pools:
    """Names to put in, by entity label (from the base items), and words to put into a quotation."""

    names: dict[str, list[str]] = field(default_factory=dict)  # "PERSON" / "ORG" / "GPE" -> names
    quote_words: list[str] = field(default_factory=list)


Entities = Sequence[tuple[int, int, str]]  # (start, end, label) in the sentence
Planter = Callable[[str, str, Entities, Pools, random.Random], Plant | None]

_QUOTE = re.compile(r"[“\"]([^”\"]{8,}?)[”\"]")
_SPEECH = r"(?:said|says|say|added|told\s+\w+|wrote|stated|warned|explained|noted|argued|claimed)"
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the a an and or but of to in on at by for from with as is was are were be been being that "
        "this these those it its he she they we i you his her their our my your not no will would "
        "can could should must have has had do does did there here what which who whom when where "
        "why how all any some more most very just also than then so such only into over about after "
        "before ",
    )
)


def _replace(text: str, start: int, end: int, new: str) -> Plant:
    return Plant(text[:start] + new + text[end:], start, start + len(new), text[start:end], new)


def _in(source: str, value: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value.casefold()) + r"(?!\w)", source.casefold()) is not None


def _quoted(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in _QUOTE.finditer(text))


# --------------------------------------------------------------------------- numbers

_NUM = re.compile(r"(?<![\w.,$£€/:-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:]|[.,]\d)")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_MONTH_NEAR = re.compile(r"\b(?:" + "|".join(_MONTHS) + "|" + _MONTH_ABBR + r")\.?\s*$")
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_WORD_NUM = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b(?=\s+[a-z])", re.IGNORECASE)


def _fmt_like(value: int, model: str) -> str:
    return f"{value:,}" if "," in model else str(value)


def plant_number(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A count or amount of the sentence, also in the source, changed to another value."""
    for m in _NUM.finditer(text):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        is_year = "," not in raw and 1900 <= value <= 2100 and not m.group(2)
        before, after = text[: m.start()], text[m.end() :]
        if (
            is_year
            or value == 0
            or _MONTH_NEAR.search(before)
            or re.match(
                r"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:" + "|".join(_MONTHS) + "|" + _MONTH_ABBR + r")\b", after
            )
            or not _in(source, raw + (m.group(2) or ""))
            or _quoted(text, m.start())
        ):
            continue
        for factor in rng.sample([2, 3, 0.5, 4], 4):
            new = int(value * factor)
            new_s = _fmt_like(new, raw) + (m.group(2) or "")
            if new > 0 and new != value and not _in(source, new_s):
                return _replace(text, m.start(), m.end(), new_s)
    for m in _WORD_NUM.finditer(text):
        if not _in(source, m.group(1)) or _quoted(text, m.start()):
            continue
        old = _NUMBER_WORDS[m.group(1).lower()]
        choices = [w for w, v in _NUMBER_WORDS.items() if v != old and not _in(source, w)]
        if choices:
            new_w = rng.choice(sorted(choices))
            new_w = new_w.capitalize() if m.group(1)[0].isupper() else new_w
            return _replace(text, m.start(), m.end(), new_w)
    return None


_VAGUE_COUNT = re.compile(
    r"\b(many|several|some|numerous|a number of|a few)\s+(?=([a-z]{3,}s)\b)", re.IGNORECASE
)


def plant_invented_number(
    text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    """A vague count ("several officials") made a precise one the source never gives ("14 officials")."""
    for m in _VAGUE_COUNT.finditer(text):
        if _quoted(text, m.start()) or m.group(2).lower() in {"times", "years", "days", "months", "weeks"}:
            continue
        for _ in range(5):
            new = str(rng.randint(3, 60))
            if not _in(source, new) and new not in text:
                word = new + " "
                return _replace(text, m.start(), m.end(), word)
    return None


# --------------------------------------------------------------------------- dates

_YEAR = re.compile(r"(?<![\w$£€.,-])(19[5-9]\d|20[0-2]\d)(?![\w%]|[.,]\d|\s*(?:percent|per cent)\b)")


def plant_year(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A year of the sentence, also in the source, moved by one to three years."""
    for m in _YEAR.finditer(text):
        if not _in(source, m.group(1)) or _quoted(text, m.start()):
            continue
        year = int(m.group(1))
        for delta in rng.sample([-3, -2, -1, 1, 2, 3], 6):
            new = str(year + delta)
            if not _in(source, new) and int(new) <= 2025:
                return _replace(text, m.start(), m.end(), new)
    return None


_MONTH_RE = re.compile(r"\b(" + "|".join(m for m in _MONTHS if m != "May") + r")\b")


def plant_month(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A month name of the sentence, also in the source, replaced by another month."""
    for m in _MONTH_RE.finditer(text):
        if m.start() == 0 or not _in(source, m.group(1)) or _quoted(text, m.start()):
            continue
        if m.group(1) == "March" and not re.search(
            r"\b(?:in|since|by|until|of|early|late|mid|from|last)\s+$|\d",
            text[: m.start()] + text[m.end() : m.end() + 3],
        ):
            continue
        day = re.match(r"\s+(\d{1,2})\b", text[m.end() :])
        day_n = int(day.group(1)) if day else 0  # a new month must have that day
        short = ({"February"} if day_n > 28 else set()) | (
            {"April", "June", "September", "November"} if day_n == 31 else set()
        )
        choices = [x for x in _MONTHS if x not in {"May", m.group(1), *short} and not _in(source, x)]
        if choices:
            return _replace(text, m.start(), m.end(), rng.choice(choices))
    return None


# --------------------------------------------------------------------------- names


def stable_order(names: Sequence[str], rng: random.Random) -> list[str]:
    """``names`` in a seeded order that a name added to or left out of the pool does not upset.

    Each name is ranked by a hash of one seeded draw and the name (rendezvous hashing): a name
    that comes into the pool (when the splitter cuts some other article's sentences differently)
    changes an item's pick only where it ranks first, where ``rng.shuffle`` reordered them all.
    """
    salt = rng.getrandbits(64)
    return sorted(set(names), key=lambda n: hashlib.sha1(f"{salt}:{n}".encode()).digest())


_NAME_CAPITAL = re.compile(r"(?<![\w'’])[A-Z]")


def _swap_entity(
    labels: set[str], text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    for start, end, label in ents:
        if label not in labels or _quoted(text, start):
            continue
        name = text[start:end]
        if not _in(source, name) or len(name) < 3 or not _NAME_CAPITAL.search(name):
            continue  # no capitalised word: a recognizer's slip ("50 cts a barrel", "+0.68%"), no name
        pool = stable_order([n for label in sorted(labels) for n in pools.names.get(label, ())], rng)
        words = name.split()
        for cand in pool:
            new = cand.split()[-1] if len(words) == 1 and label == "PERSON" else cand
            new_words = {w.casefold() for w in re.findall(r"\w{3,}", new)}
            if not new_words or any(_in(source, w) or _in(text, w) for w in new_words):
                continue
            return _replace(text, start, end, new)
    return None


def plant_person(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A person of the sentence (not a quoted speaker), also in the source, replaced by another person."""
    if _QUOTE.search(text):
        return None  # a name near a quotation may be its speaker: the speaker kind covers those
    return _swap_entity({"PERSON"}, text, source, ents, pools, rng)


def plant_organisation(
    text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    """An organisation of the sentence, also in the source, replaced by another organisation."""
    if _QUOTE.search(text):
        return None
    return _swap_entity({"ORG"}, text, source, ents, pools, rng)


def plant_place(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A place (country, city, region) of the sentence, also in the source, replaced by another."""
    return _swap_entity({"GPE", "LOC"}, text, source, ents, pools, rng)


# --------------------------------------------------------------------------- meaning

_AUX = r"(?:is|are|was|were|has|have|had|will|would|can|could|should|does|do|did)"
# no "not" before a word it would not negate: "was not just", "should not only" (no negation), "is
# not nothing", "there is not nobody", "had not anything" (a double negative or no English), nor
# after a negation ("didn't do not that", "claims not to have not heard"), as planted on the dev
# and test halves
_NEG_INSERT = re.compile(
    rf"(?<!n't )(?<!n’t )(?<!not )(?<!never )(?<!to )\b({_AUX})\s+(?!not\b|never\b|no\b|n't|to\b|the\b|a\b|"
    rf"an\b|just\b|only\b|merely\b|nothing\b|nobody\b|none\b|anything\b)(?=[a-z]{{3,}}\b)"
)
# an adverb may stand between the auxiliary and its negation ("would probably not improve"): the
# negation is removed there, not doubled ("would not probably not improve")
_NEG_REMOVE = re.compile(rf"\b({_AUX})\s+(?:([a-z]+ly)\s+)?(not|never)\s+|\b(can)not\s+|\bno longer\s+")
# after "might"/"may"/"must" the negation goes before the auxiliary: "might not have been", not
# "might have not been"
_MODAL_BEFORE = re.compile(r"\b(?:might|may|must)\s+$", re.IGNORECASE)


# "cannot help but wonder" is an idiom: "can help but wonder" is no English; "not only", "not just"
# negate nothing: "has only helped X, but has Y" is no reversal of "has not only helped X, but has
# Y" (planted dev half)
_KEEP_NOT = re.compile(r"help\s+but\b|only\b|just\b|merely\b", re.IGNORECASE)
# a clause under "whether" asks, it states nothing: "whether the NRA will not issue a retraction"
# reverses no claim (planted dev half)
_WHETHER = re.compile(r"\bwhether\b[^,;:.!?]*$", re.IGNORECASE)


def plant_negation(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A statement negated ("was" -> "was not") or its negation removed ("did not" -> "did")."""
    for m in _NEG_REMOVE.finditer(text):
        if _quoted(text, m.start()) or _KEEP_NOT.match(text, m.end()):
            continue
        aux, adverb = m.group(1) or m.group(4), m.group(2)
        new = (f"{aux} {adverb} " if adverb else f"{aux} ") if aux else ""
        return _replace(text, m.start(), m.end(), new)
    # a question asserts nothing: "How will not his case be different?" reverses no claim
    for m in _NEG_INSERT.finditer("" if text.rstrip(" \"'”’)").endswith("?") else text):
        if _quoted(text, m.start()) or _WHETHER.search(text, 0, m.start()):
            continue
        aux = m.group(1)
        if text.startswith("also ", m.end()):  # "is also not investigating", not "is not also"
            return _replace(text, m.start(), m.end() + 5, f"{aux} also not ")
        if _MODAL_BEFORE.search(text, 0, m.start()):
            return _replace(text, m.start(), m.end(), f"not {aux} ")
        new = "cannot " if aux == "can" else f"{aux} not "
        return _replace(text, m.start(), m.end(), new)
    return None


_ANTONYMS_ONE_WAY = {
    "rose": "fell",
    "increased": "decreased",
    "increase": "decrease",
    "increases": "decreases",
    "increasing": "decreasing",
    "rising": "falling",
    "higher": "lower",
    "won": "lost",
    "win": "lose",
    "wins": "loses",
    "approved": "rejected",
    "approve": "reject",
    "accepted": "rejected",
    "supported": "opposed",
    "support": "oppose",
    "supports": "opposes",
    "allowed": "banned",
    "gained": "lost",
    "raised": "lowered",
    "strengthened": "weakened",
    "largest": "smallest",
    "highest": "lowest",
    "legal": "illegal",
    "true": "false",
    "guilty": "innocent",
    "confirmed": "denied",
    "agreed": "refused",
    "success": "failure",
    "successful": "unsuccessful",
    "positive": "negative",
    "strong": "weak",
    "best": "worst",
    "better": "worse",
    "more": "less",
    "victory": "defeat",
    "safe": "dangerous",
}
ANTONYMS: dict[str, str] = {**_ANTONYMS_ONE_WAY, **{v: k for k, v in _ANTONYMS_ONE_WAY.items()}}
_WORD = re.compile(r"\b[A-Za-z]+\b")


def plant_antonym(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """A verb or adjective replaced by its antonym ("rose" -> "fell", "approved" -> "rejected")."""
    for m in _WORD.finditer(text):
        w = m.group(0)
        new = ANTONYMS.get(w.lower())
        if (
            new is None
            or _quoted(text, m.start())
            or (w.lower() == "more" and re.match(r"\s+than", text[m.end() :]))
            or not _in(source, w)  # a word the rewrite put in itself: flipping it reverses no source claim
        ):
            continue
        if w[0].isupper():
            new = new.capitalize()
        return _replace(text, m.start(), m.end(), new)
    return None


# --------------------------------------------------------------------------- quotations


def _source_has_quote(source: str, quote: str) -> bool:
    words = re.findall(r"\w+", quote.casefold())
    return len(words) >= 3 and " ".join(words) in " ".join(re.findall(r"\w+", source.casefold()))


def plant_quote_word(
    text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    """One word of a quotation the source also gives replaced by another word."""
    for q in _QUOTE.finditer(text):
        if not _source_has_quote(source, q.group(1)):
            continue
        words = [w for w in re.finditer(r"\b[a-z]{4,}\b", q.group(1)) if w.group(0) not in _STOP]
        if not words:
            continue
        rng.shuffle(words)
        for w in words:
            start, end = q.start(1) + w.start(), q.start(1) + w.end()
            new = ANTONYMS.get(w.group(0))
            if new is None:
                cands = [x for x in pools.quote_words if x != w.group(0) and not _in(source, x)]
                if not cands:
                    continue
                new = rng.choice(cands)
            return _replace(text, start, end, new)
    return None


# a speech verb next to a quotation's speaker (also the present tense of features and posts)
_SAID = (
    rf"{_SPEECH}|notes|adds|asked|asks|insisted|insists|tweeted|tweets|writes|explains|warns|saying|quoted"
)


def _opens_clause(text: str, start: int) -> bool:
    """True if the name at ``start`` opens its clause (after the start, a quotation mark, ":" or ";")."""
    return re.search(r"(?:^|[.:;\"“”]\s*|[,]\s*[”\"]\s*)(?:the\s+)?$", text[:start]) is not None


def plant_speaker(text: str, source: str, ents: Entities, pools: Pools, rng: random.Random) -> Plant | None:
    """The named speaker of a quotation the source also gives replaced by another person."""
    # a quoted title ('Speaking on "The 700 Club," Robertson warned') is nobody's words: the
    # name next to it cites a claim, it speaks no quotation
    quotes = [
        q for q in _QUOTE.finditer(text) if _source_has_quote(source, q.group(1)) and not is_title(q.group(1))
    ]
    if not quotes:
        return None
    for start, end, label in ents:
        if label not in {"PERSON", "ORG"} or _quoted(text, start) or not _in(source, text[start:end]):
            continue
        around = text[max(0, start - 40) : start] + "|" + text[end : end + 40]
        # the name is the quotation's speaker: '," said (the) X', 'X said', or '," X ... said' (a
        # speech verb within the clause after it); not a name that merely follows a quotation
        # ('host of "S.E. Cupp Unfiltered" on CNN', '"domestic terrorist violence," as Antifa ...')
        speech = (
            re.search(rf"[”\"],?\s*(?:{_SAID})\s*(?:\w+\s+)?\|", around)
            or re.search(rf"\|\s*(?:{_SAID})\b", around)
            # 'X, saying' only for a name that opens its clause: in "a contrast between her and
            # Trump, saying the White House lacks "empathy"" the one saying it is the subject
            or re.search(rf"\|\s*,\s*(?!saying\b)(?:{_SAID})\b", around)
            or (re.search(r"\|\s*,\s*saying\b", around) and _opens_clause(text, start))
            or (
                re.search(r"[,?!]\s*[”\"]\s*(?:\w+\s+)?\|", around)
                and re.match(rf"[^.;”\"“]{{0,80}}?\b(?:{_SAID})\b", text[end:])
            )
        )
        if not speech:
            continue
        pool = stable_order(pools.names.get("PERSON", ()), rng)
        name = text[start:end]
        for cand in pool:
            new = cand.split()[-1] if len(name.split()) == 1 else cand
            if any(_in(source, w) or _in(text, w) for w in re.findall(r"\w{3,}", new)):
                continue
            return _replace(text, start, end, new)
    return None


# --------------------------------------------------------------------------- attribution

_CUE = re.compile(
    rf"\b(?:according to|{_SPEECH}|told|reported|announced|confirmed|insisted|believes?)\b", re.I
)
PARTIES = (
    "the World Health Organization",
    "Amnesty International",
    "the Pentagon",
    "the European Commission",
    "Human Rights Watch",
    "the Interior Ministry",
    "the Red Cross",
    "the Federal Reserve",
    "Interpol",
    "the International Monetary Fund",
)


def plant_added_attribution(
    text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    """A claim the source states as fact put in a named party's mouth (", according to X.")."""
    if _QUOTE.search(text) or _CUE.search(text) or _CUE.search(source):
        return None
    m = re.search(r"\s*[.!]\s*$", text)
    if m is None:
        return None
    for party in rng.sample(PARTIES, len(PARTIES)):
        if any(_in(source, w) for w in re.findall(r"[A-Z]\w{2,}", party)):
            continue
        new = f", according to {party}"
        return Plant(text[: m.start()] + new + text[m.start() :], m.start(), m.start() + len(new), "", new)
    return None


_PARTY = r"(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w.'’-]*|the\s+(?:[a-z]+\s+){0,2}[a-z]+"
_DROPS = (
    re.compile(r",\s*according to\s+(?P<p>[^,.;:]+?)(?=\s*[.,;!]\s*$|\s*,)"),
    re.compile(r"^According to\s+(?P<p>[^,]+),\s*(?P<cap>\w)"),
    re.compile(rf",\s*(?P<p>{_PARTY})\s+(?:said|says|reported|added|told\s+\w+)(?=\s*[.!]\s*$)"),
    re.compile(rf",\s*(?:said|says)\s+(?P<p>{_PARTY})(?=\s*[.!]\s*$)"),
    re.compile(rf"^(?P<p>{_PARTY})\s+(?:said|says|reported)(?:\s+that)?\s+(?P<cap>\w)"),
)


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])")


def plant_dropped_attribution(
    text: str, source: str, ents: Entities, pools: Pools, rng: random.Random
) -> Plant | None:
    """An attribution the source also makes ("according to X", "X said") removed from the sentence."""
    if _QUOTE.search(text):
        return None
    for pat in _DROPS:
        m = pat.search(text)
        if m is None:
            continue
        party = m.group("p")
        heads = re.findall(r"\w{3,}", party)
        # the source cites that party: its head and a cue in one source sentence (the window's
        # other sentences may name it for something else: an LLM rewrite's own "according to
        # Trump" dropped is no attribution the source makes)
        names = [heads[-1], *(h for h in heads if h[:1].isupper())] if heads else []
        if not any(_in(s, h) and _CUE.search(s) for s in _SENTENCE_END.split(source) for h in names):
            continue
        if "cap" in m.groupdict() and m.group("cap") is not None:
            start = m.start()
            rest = text[m.start("cap") :]
            new_text = text[:start] + rest[:1].upper() + rest[1:]
            return Plant(new_text, start, start, m.group(0), "")
        return Plant(text[: m.start()] + text[m.end() :], m.start(), m.start(), m.group(0), "")
    return None


PLANTERS: dict[Kind, Planter] = {
    Kind.NUMBER: plant_number,
    Kind.YEAR: plant_year,
    Kind.MONTH: plant_month,
    Kind.PERSON: plant_person,
    Kind.ORGANISATION: plant_organisation,
    Kind.PLACE: plant_place,
    Kind.NEGATION: plant_negation,
    Kind.ANTONYM: plant_antonym,
    Kind.QUOTE_WORD: plant_quote_word,
    Kind.SPEAKER: plant_speaker,
    Kind.ADDED_ATTRIBUTION: plant_added_attribution,
    Kind.DROPPED_ATTRIBUTION: plant_dropped_attribution,
    Kind.INVENTED_NUMBER: plant_invented_number,
}


def entities_of(texts: Sequence[str], nlp: Any) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the PERSON/ORG/GPE/LOC entities of each text, possessives cut."""
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        ents = []
        for e in doc.ents:
            if e.label_ not in {"PERSON", "ORG", "GPE", "LOC"}:
                continue
            end = e.end_char
            if e.text.endswith(("'s", "’s")):
                end -= 2
            if end > e.start_char:
                ents.append((e.start_char, end, e.label_))
        out.append(ents)
    return out
