"""The values of English numbers: number words, digit strings and scale words.

The vocabulary under :mod:`unspun.facts.numbers` (which finds quantities in sentences) and
:mod:`unspun.facts.dates` ("three weeks ago"): word tables, the regex fragments that match a
number, and the parsers that turn one into a value ("twenty-five" -> 25, "1.5 million" -> 1.5e6).
Written by hand for the reasons given in :mod:`unspun.facts.numbers`.
"""

from __future__ import annotations

import re

__all__ = [
    "DIGITS_PATTERN",
    "FRACTION_PERCENTS",
    "NUMBER_WORDS_PATTERN",
    "ORDINAL_WORDS",
    "SCALE_SUFFIX_PATTERN",
    "VAGUE_VALUES",
    "parse_number",
    "parse_number_words",
    "render_number",
    "scale_factor",
]

_UNITS_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
# Vague plurals: a conventional value, always approximate.
VAGUE_VALUES: dict[str, float] = {
    "dozens": 24.0,
    "scores": 40.0,
    "hundreds": 200.0,
    "thousands": 2000.0,
    "millions": 2e6,
    "billions": 2e9,
}
# Ordinal words and their numbers ("third" -> 3).
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
    "thirtieth": 30,
    "fiftieth": 50,
    "hundredth": 100,
}
# Fractions written as words, as the percentage they stand for.
FRACTION_PERCENTS: dict[str, float] = {
    "half": 50.0,
    "a third": 100.0 / 3,
    "a quarter": 25.0,
    "two-thirds": 200.0 / 3,
}

_NUMWORD = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS, *_SCALE_WORDS, "dozen"], key=len, reverse=True))
# Regex fragments without groups, to build patterns from: a run of number words ("twenty-five",
# "a hundred and fifty"), a number in digits ("30,000", "2.5"), a scale suffix ("m", " bn").
NUMBER_WORDS_PATTERN = (
    r"(?:a\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"(?:{_NUMWORD})(?:(?:\s+and\s+|[\s-]+)(?:a\s+half|{_NUMWORD}))*"
)
DIGITS_PATTERN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE_SUFFIX_PATTERN = r"(?:\s*(?:million|billion|trillion|thousand|bn|mn|tn|k|m)\b)"


def parse_number_words(text: str) -> float | None:
    """Return the value of an English number phrase ("twenty-five", "three hundred thousand").

    Returns None if ``text`` is not a number phrase.
    """
    words = re.split(r"[\s-]+", text.strip().lower())
    total = 0.0
    current = 0.0
    seen = False
    i = 0
    while i < len(words):
        w = words[i]
        if w == "and":
            i += 1
            continue
        if w == "a":
            if i + 1 < len(words) and words[i + 1] == "half":
                current += 0.5
                i += 2
                seen = True
                continue
            current = max(current, 1.0)
            seen = True
        elif w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
            seen = True
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
            seen = True
        elif w == "dozen":
            current = (current or 1.0) * 12
            seen = True
        elif w == "half":
            current += 0.5
            seen = True
        elif w == "hundred":
            current = (current or 1.0) * 100
            seen = True
        elif w in _SCALE_WORDS:
            total += (current or 1.0) * _SCALE_WORDS[w]
            current = 0.0
            seen = True
        else:
            return None
        i += 1
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Return the value of a number written in digits or words ("30,000", "1.5 million", "ninety").

    Returns None if ``text`` is not a plain number.
    """
    s = text.strip()
    m = re.fullmatch(
        rf"({DIGITS_PATTERN})(?:\s*(million|billion|trillion|thousand|bn|mn|tn|k))?", s, re.IGNORECASE
    )
    if m:
        value = float(m.group(1).replace(",", ""))
        return value * scale_factor(m.group(2)) if m.group(2) else value
    return parse_number_words(s)


def render_number(value: float) -> str:
    """Render a number the way news copy does: thousands separators, no trailing ".0"."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def scale_factor(word: str | None) -> float:
    """The factor a scale word or suffix stands for ("million", "bn", "k" -> 1e6, 1e9, 1e3); 1 if none."""
    if not word:
        return 1.0
    w = word.strip().lower()
    return {
        "thousand": 1e3,
        "k": 1e3,
        "million": 1e6,
        "mn": 1e6,
        "m": 1e6,
        "billion": 1e9,
        "bn": 1e9,
        "trillion": 1e12,
        "tn": 1e12,
    }.get(w, 1.0)
