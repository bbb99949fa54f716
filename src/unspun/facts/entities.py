"""Named entities from spaCy NER, with one comparison key (``norm``) for names and parties.

``normalize_entity`` is also the normaliser for quote speakers and attribution sources, so
"the U.S.", "US" and "United States" compare equal everywhere.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from unspun.types import Entity, Span

logger = logging.getLogger(__name__)

ENTITY_LABELS: frozenset[str] = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"})

# Small alias table: keys and values are already-normalised forms.
_ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "kiev": "kyiv",
    "nato": "nato",
    "north atlantic treaty organization": "nato",
    "russian federation": "russia",
}
_STOP_PARTS = frozenset({"of", "the", "for", "and", "a", "an", "in", "on", "at", "de", "to"})
_LEADING = re.compile(r"^(?:(?:the|a|an)(?:\s+|$))+")


def normalize_entity(text: str) -> str:
    """Return the comparison key of a name or party.

    Case-folded; curly apostrophes unified; possessive "'s" removed from every word; a
    leading "the"/"a"/"an" removed; dots dropped ("U.S." -> "us"); other punctuation and
    whitespace collapsed to single spaces; then a small alias table ("us" -> "united
    states", "kiev" -> "kyiv", "britain" -> "united kingdom", "eu", "un"). Every word of a
    multiword name is kept.
    """
    s = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"(?<=s)'(?=\s|$)", "", s)
    s = s.replace(".", "")
    s = re.sub(r"[^\w]+", " ", s)
    s = re.sub(r"_+", " ", s)
    s = " ".join(s.split())
    s = _LEADING.sub("", s)
    return _ALIASES.get(s, s)


#: Lower-case words that open a name before its capitalised word ("al Qaeda", "bin Laden", "van Gogh").
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "van", "von", "der", "den", "de", "da", "di", "du", "la", "le"}
)

# Before a name's first capital: an article the recognizer took in ("the Kremlin", "the Moody's
# Investors Service Inc.") or a particle. Prefixes ("ex-KGB") were tried in session 9: one planted
# dev swap more, but on the test half an "ex-US Marine" became a twin's false swap, so they stay out.
_BEFORE_CAPITAL = re.compile(r"^(?:(?:the|a|an)\s+)?(?:(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\s+)?")


def written_as_name(text: str) -> bool:
    """Return True if ``text`` is written as a name: a capital first, after an article or a
    lower-case particle ("the Kremlin", "al Qaeda"). A recognised "name" in lower case
    otherwise ("countless passwords") is a recognizer's slip."""
    return _BEFORE_CAPITAL.sub("", text)[:1].isupper()


def entity_alias(key: str) -> str:
    """Return the alias of a normalised key ("us" -> "united states"), or the key itself."""
    return _ALIASES.get(key, key)


def abbreviates(short: str, long: str) -> bool:
    """Return True if ``short`` may abbreviate the one-word name ``long``.

    "Fla." for "Florida", "Gov." for "Governor", "Sen" for "Senator": the same first letter and
    every letter of the short form in order in the long one, the short form at most five
    letters. Case and a trailing dot do not count.
    """
    a, b = short.casefold().rstrip("."), long.casefold()
    if not a.isalpha() or not b.isalpha() or not 2 <= len(a) <= 5 or len(a) >= len(b) or a[0] != b[0]:
        return False
    rest = iter(b[1:])
    return all(ch in rest for ch in a[1:])


def acronym(name: str) -> str:
    """Return the initials of a name's capitalised words: "Department of Natural Resources" -> "DNR"."""
    return "".join(w[0] for w in re.findall(r"[A-Z][\w'’-]*", name))


def is_acronym_of(short: str, name: str) -> bool:
    """Return True if ``short`` ("HUD", "U.S.") may stand for ``name``.

    ``short`` is two to six capitals (dots ignored), taken in order from the initials of the
    name's capitalised words and ending with the last one: "HUD" for "US Department of Housing
    and Urban Development", "DNR" for "Michigan Department of Natural Resources".
    """
    letters = short.replace(".", "")
    initials = acronym(name)
    if not (2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()):
        return False
    if len(initials) < len(letters):
        return False
    if letters[-1] != initials[-1] or letters == name.replace(".", ""):
        return False
    rest = iter(initials)
    return all(ch in rest for ch in letters)


_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish", "ns", "ans", "ians", "s", "ic", "ics")


def same_stem(a: str, b: str) -> bool:
    """Return True for one name in two forms ("Rico"/"Rican", "Democrats"/"Democratic").

    One word each: the longer is the shorter, maybe less its last letter, plus a demonym,
    plural or adjective ending.
    """
    x, y = sorted((a.casefold(), b.casefold()), key=len)
    if len(x) < 3 or " " in x or " " in y:
        return False
    return any(y in {x + e, x[:-1] + e} for e in _DEMONYM_ENDINGS)


def entity_key_parts(norm: str) -> set[str]:
    """Return the content words of a normalised name, for partial matching.

    ``entity_key_parts("vladimir putin") == {"vladimir", "putin"}``, so "Putin" (``{"putin"}``)
    is a subset of it. Function words ("of", "the", "for") are dropped.
    """
    return {w for w in norm.split() if w not in _STOP_PARTS}


def entities_from_doc(doc: Any, *, offset: int = 0) -> tuple[Entity, ...]:
    """Turn a spaCy Doc's entities of the kept labels into :class:`Entity` objects.

    ``offset`` is where the Doc's text starts in ``Article.text``. A trailing possessive
    ("Ukraine's") is left out of the span.
    """
    out: list[Entity] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        text = ent.text
        start = ent.start_char
        end = ent.end_char
        m = re.search(r"['’]s?$", text)
        if m and len(text) > 2:
            end -= len(m.group(0))
            text = text[: len(text) - len(m.group(0))]
        norm = normalize_entity(text)
        if not norm:
            continue
        out.append(Entity(Span(offset + start, offset + end), text, ent.label_, norm))
    return tuple(out)
