"""Numbers and quantities in news text: digits, number words, percentages, money, units.

Written by hand because the libraries measured here get news numbers wrong (see
shared/STACK.md): quantulum3 reads "half a billion dollars" as 1.5e9 and drops "about" and
"more than"; number-parser is worse. The rules below cover what news copy uses: "30,000",
"about 30,000", "less than 20 kilometers (12 miles)", "90%", "ninety per cent", "$5m",
"5 million dollars", "€3bn", "28th brigade", "two-story", "three-year war", "dozens", "half".

Years and days of the month are dates, not quantities: callers pass the date spans to skip,
and a bare four-digit year (1800-2100) after "in", "since", "by" ... is skipped on its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from unspun.facts.number_words import (
    DIGITS_PATTERN,
    FRACTION_PERCENTS,
    NUMBER_WORDS_PATTERN,
    ORDINAL_WORDS,
    SCALE_SUFFIX_PATTERN,
    VAGUE_VALUES,
    parse_number_words,
    scale_factor,
)
from unspun.types import Quantity, QuantityKind, Span

logger = logging.getLogger(__name__)

_CURRENCY_PREFIX: dict[str, str] = {
    "$": "usd",
    "us$": "usd",
    "usd": "usd",
    "€": "eur",
    "eur": "eur",
    "£": "gbp",
    "gbp": "gbp",
    "¥": "jpy",
    "₴": "uah",
    "₽": "rub",
}
_CURRENCY_WORD: dict[str, str] = {
    "dollar": "usd",
    "dollars": "usd",
    "euro": "eur",
    "euros": "eur",
    "pound": "gbp",
    "pounds": "gbp",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
    "hryvnia": "uah",
    "hryvnias": "uah",
    "yuan": "cny",
    "yen": "jpy",
}
_UNIT_CANON: dict[str, str] = {
    "km": "km",
    "kms": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mile": "mile",
    "miles": "mile",
    "mi": "mile",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "cm": "cm",
    "centimeters": "cm",
    "centimetres": "cm",
    "feet": "ft",
    "foot": "ft",
    "ft": "ft",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "tonne": "tonne",
    "tonnes": "tonne",
    "ton": "ton",
    "tons": "ton",
    "sq km": "km2",
    "square kilometers": "km2",
    "square kilometres": "km2",
    "square miles": "mile2",
    "hectares": "ha",
    "hectare": "ha",
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
    "degrees": "degree",
    "mph": "mph",
    "kph": "kph",
    "km/h": "kph",
}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNIT_CANON, key=len, reverse=True))

_APPROX = (
    r"(?:about|around|roughly|approximately|approx\.|nearly|almost|some|over|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|at\s+most|up\s+to|close\s+to|upwards\s+of|an\s+estimated|estimated"
    r"|just\s+over|just\s+under|under|~)"
)

_NUMBER_RE = re.compile(
    rf"""
    (?<!\w)  # never starts inside a word: halves the scan time
    (?P<approx>\b{_APPROX}\s+|~\s*)?
    (?P<cur>US\$|\$|€|£|¥|₴|₽|\b(?:USD|EUR|GBP)\s?)?
    (?:
        (?P<digits>(?<![\w.,:/-])(?:{DIGITS_PATTERN}))(?P<ord>st|nd|rd|th)?(?P<dscale>{SCALE_SUFFIX_PATTERN})?
      | (?P<words>\b{NUMBER_WORDS_PATTERN})\b
      | (?P<vague>\b(?:dozens|scores|hundreds|thousands|millions|billions)\b)
      | (?P<frac>\b(?:half|a\s+third|a\s+quarter|two-thirds)\b)
      | (?P<ordw>\b(?:{"|".join(ORDINAL_WORDS)})\b)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_AFTER_PERCENT = re.compile(r"\s?(?:%|per\s?cent\b|percent\b|pct\b)(?:age\s+points?\b)?", re.IGNORECASE)
_AFTER_PP = re.compile(r"\s+percentage\s+points?\b", re.IGNORECASE)
_AFTER_UNIT = re.compile(rf"(?:\s*|-)(?P<unit>{_UNIT_RE})\b(?!')", re.IGNORECASE)
_AFTER_CURWORD = re.compile(r"\s+(?:of\s+)?(?P<cw>" + "|".join(_CURRENCY_WORD) + r")\b", re.IGNORECASE)
_AFTER_HYPHEN_WORD = re.compile(r"-(?P<hw>[a-z]+)\b")
_AFTER_NOUN = re.compile(r"\s+(?P<noun>[a-z][a-z'-]*)\b")
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s+$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b")
_YEAR_PREP = re.compile(
    r"\b(?:in|since|by|until|till|from|to|before|after|during|early|late|mid|of|year|the|and|or|through)\s+$",
    re.IGNORECASE,
)
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "but",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "that",
        "which",
        "who",
        "this",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "when",
        "while",
        "after",
        "before",
        "since",
        "until",
        "than",
        "then",
    ]
)
_PRONOUN_ONE_BEFORE = re.compile(
    r"\b(?:the|this|that|no|any|every|each|which|anyone|someone)\s+$", re.IGNORECASE
)

_DECREASE = re.compile(
    r"\b(?:fell|fallen|falls?|falling|dropped|drops?|dropping|declined?|declines|declining|decreased?|decreasing"
    r"|plunged?|plummet(?:ed|s)?|slumped?|shr[au]nk|shrinks?|cut|cuts|reduced?|down|lost|loses?|slid|sank"
    r"|tumbled?|lower)\b(?:\s+by)?(?:\s+(?:about|around|some|nearly|almost|roughly|more\s+than|over))?\s*$",
    re.IGNORECASE,
)
_INCREASE = re.compile(
    r"\b(?:rose|risen|rises?|rising|increased?|increases|increasing|grew|grown|grows?|jumped?|jumps|climbed?"
    r"|climbs|surged?|surges|up|gained?|gains|soared?|soars|higher|raised?)\b(?:\s+by)?"
    r"(?:\s+(?:about|around|some|nearly|almost|roughly|more\s+than|over))?\s*$",
    re.IGNORECASE,
)
_REMAIN_BEFORE = re.compile(r"\b(?:only|just|remaining|a\s+mere|mere)\s+$", re.IGNORECASE)
_REMAIN_AFTER = re.compile(
    r"^(?:\s+(?:of\s+)?[\w'’-]+){0,5}?\s+(?:remained|remain|remains|remaining|were\s+left|was\s+left|left|stayed"
    r"|survived?|still\s+live[sd]?)\b",
    re.IGNORECASE,
)


def _singular(noun: str) -> str:
    n = noun.lower().strip("'’")
    if n in {"people", "police", "news", "series", "species"}:
        return n
    if n.endswith("ies") and len(n) > 4:
        return n[:-3] + "y"
    if n.endswith(("ses", "xes", "ches", "shes")):
        return n[:-2]
    if n.endswith("s") and not n.endswith("ss") and len(n) > 3:
        return n[:-1]
    return n


def _direction(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 60) : start]
    after = text[end : end + 80]
    after = re.split(r"[,;:.!?()\"“”]", after, maxsplit=1)[0]
    if _DECREASE.search(before):
        return "decrease"
    if _INCREASE.search(before):
        return "increase"
    if _REMAIN_BEFORE.search(before) or _REMAIN_AFTER.match(after):
        return "remain"
    return None


def extract_quantities(
    text: str, *, offset: int = 0, skip: Sequence[tuple[int, int]] = ()
) -> tuple[Quantity, ...]:
    """Find the quantities in ``text`` (a sentence).

    Spans are ``offset`` + positions in ``text``; ``skip`` holds (start, end) ranges of
    ``text`` (no offset) that are dates, so numbers inside them are not quantities.
    """
    found: list[Quantity] = []
    last_end = 0
    for m in _NUMBER_RE.finditer(text):
        core_start = min(
            x
            for x in (
                m.start("cur"),
                m.start("digits"),
                m.start("words"),
                m.start("vague"),
                m.start("frac"),
                m.start("ordw"),
            )
            if x >= 0
        )
        start, end = (m.start() if m.group("approx") else core_start), m.end()
        if start < last_end or any(s < end and start < e for s, e in skip):
            continue
        q = _interpret(text, m, start, end)
        if q is None:
            continue
        value, kind, unit, end = q
        last_end = end
        approx = (
            bool(m.group("approx"))
            or m.group("vague") is not None
            or (kind is QuantityKind.COUNT and bool(re.match(r"\s+or\s+so\b", text[end:])))
        )
        direction = _direction(text, start, end) if kind is QuantityKind.PERCENT else None
        found.append(
            Quantity(
                span=Span(offset + start, offset + end),
                text=text[start:end],
                value=value,
                kind=kind,
                unit=unit,
                is_approx=approx,
                direction=direction,
            )
        )
    return tuple(found)


def _interpret(
    text: str, m: re.Match[str], start: int, end: int
) -> tuple[float, QuantityKind, str | None, int] | None:
    """Turn one number match into (value, kind, unit, end) or None if it is not a quantity."""
    before = text[:start]
    rest = text[end:]
    cur = m.group("cur")
    currency = _CURRENCY_PREFIX.get(cur.strip().lower()) if cur else None
    if m.group("digits") is not None:
        raw = m.group("digits")
        if not cur:
            sign = _mojibake_sign(before)
            if sign is not None and sign in _CURRENCY_PREFIX:
                currency = _CURRENCY_PREFIX[sign]  # "Â£50,000" is "£50,000" read in the wrong encoding
            elif sign is not None:
                return None  # "â€™08": an elided year behind a garbled apostrophe, not a quantity
        # identifiers (Su-34, COVID-19), times (10:30), versions: not quantities
        if re.search(r"[A-Za-z]-?$", before) and not cur:
            return None
        if re.match(r":\d|\s?(?:a\.?m\.?|p\.?m\.?)\b", rest, re.IGNORECASE):
            return None
        value = float(raw.replace(",", ""))
        if m.group("ord"):
            if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(m.group("ord") + rest):
                return None
            return value, QuantityKind.ORDINAL, None, end
        if _MONTH_BEFORE.search(before) and value <= 31 and "." not in raw:
            return None
        if _MONTH_AFTER.match(rest) and value <= 31:
            return None
        scale_word = m.group("dscale")
        if scale_word:
            sw = scale_word.strip().lower()
            if sw == "m" and not currency:
                # "5m" without a currency is five metres
                return value, QuantityKind.MEASURE, "m", end
            value *= scale_factor(sw)
        is_year = (
            not cur
            and not scale_word
            and re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw) is not None
            and not _AFTER_PERCENT.match(rest)
            and not _AFTER_UNIT.match(rest)
        )
        if is_year:
            nxt = _AFTER_NOUN.match(rest)
            counted = nxt is not None and nxt.group("noun") not in _FUNCTION_WORDS
            if _YEAR_PREP.search(before) or not counted:
                return None
    elif m.group("words") is not None:
        words = m.group("words")
        wl = words.lower()
        if wl == "one" and (_PRONOUN_ONE_BEFORE.search(before) or not re.match(r"\s+(?:of\b|[a-z])", rest)):
            return None  # "the one", "requested one.": a pronoun
        if wl.startswith("a ") and wl[2:].strip() in {"hundred", "thousand", "million", "billion", "dozen"}:
            pass
        elif wl == "a":
            return None
        v = parse_number_words(words)
        if v is None:
            return None
        value = v
        scale_word = None
    elif m.group("vague") is not None:
        value = VAGUE_VALUES[m.group("vague").lower()]
        nxt = re.match(r"\s+of\s+(?:[a-z]+ly\s+)?(?P<noun>[A-Za-z]+)", rest)
        unit = _singular(nxt.group("noun")) if nxt else None
        return value, QuantityKind.COUNT, unit, end
    elif m.group("frac") is not None:
        frac = re.sub(r"\s+", " ", m.group("frac").lower())
        hm = re.match(r"\s+(?:a|an)\s+(million|billion|trillion|thousand|dozen)\b", rest, re.IGNORECASE)
        if frac == "half" and hm:
            value = 0.5 * (scale_factor(hm.group(1)) if hm.group(1).lower() != "dozen" else 12)
            end += hm.end()
            return _with_unit(text, value, end, currency)
        return FRACTION_PERCENTS[frac], QuantityKind.PERCENT, "%", end
    else:
        if not re.match(r"\s+[a-z]", rest):
            return None
        # "second" is a unit of time and a verb: only ordinal before a lowercase noun
        wl = m.group("ordw").lower()
        if wl == "second" and re.match(r"\s+(?:time|half)\b", rest):
            return None
        return float(ORDINAL_WORDS[wl]), QuantityKind.ORDINAL, None, end
    return _with_unit(text, value, end, currency)


_MOJIBAKE_TAIL = re.compile(r"[\u00a0-\u02ff\u2010-\u2122]{2,9}$")


def _mojibake_sign(before: str) -> str | None:
    """The character garbled into the end of ``before`` ("Â£" -> "£", "â€™" -> "’"), or None.

    Mojibake (UTF-8 read as Windows-1252, maybe twice, maybe then lower-cased: "â£") is repaired
    with ftfy, the maintained library for it, on the few characters in front of a number only.
    """
    m = _MOJIBAKE_TAIL.search(before)
    if m is None:
        return None
    import ftfy  # local import: only text with garbled characters in front of a number needs it

    garbled = m.group(0)
    for cand in (garbled, garbled.upper()):
        fixed = ftfy.fix_encoding(cand)
        if fixed != cand and len(fixed) < len(cand):
            return fixed[-1:]
    return None


def _with_unit(
    text: str, value: float, end: int, currency: str | None
) -> tuple[float, QuantityKind, str | None, int]:
    rest = text[end:]
    if currency:
        return value, QuantityKind.MONEY, currency, end
    pp = _AFTER_PP.match(rest)
    if pp:
        return value, QuantityKind.PERCENT, "pp", end + pp.end()
    pm = _AFTER_PERCENT.match(rest)
    if pm:
        return value, QuantityKind.PERCENT, "%", end + pm.end()
    sm = re.match(r"\s+(million|billion|trillion|thousand)\b", rest, re.IGNORECASE)
    if sm:
        value *= scale_factor(sm.group(1))
        end += sm.end()
        rest = text[end:]
    cw = _AFTER_CURWORD.match(rest)
    if cw:
        return value, QuantityKind.MONEY, _CURRENCY_WORD[cw.group("cw").lower()], end + cw.end()
    um = _AFTER_UNIT.match(rest)
    if um and not (um.group("unit").lower() == "m" and not re.match(r"\s*m\b", rest)):
        canon = _UNIT_CANON[um.group("unit").lower()]
        if canon in {"year", "month", "week", "day"} and re.match(r"[\s-]+old\b", rest[um.end() :]):
            canon = "age"  # "14-years-old", "a 35 year old man": an age, not a duration
        return value, QuantityKind.MEASURE, canon, end + um.end()
    hw = _AFTER_HYPHEN_WORD.match(rest)
    if hw:
        return value, QuantityKind.COUNT, _singular(hw.group("hw")), end + hw.end()
    nm = _AFTER_NOUN.match(rest)
    unit: str | None = None
    if nm and nm.group("noun") not in _FUNCTION_WORDS:
        unit = _singular(nm.group("noun"))
    return value, QuantityKind.COUNT, unit, end
