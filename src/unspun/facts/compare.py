"""Value comparison primitives for the audit: pure functions over extracted facts.

Choices, each tested in tests/unit/test_facts_compare.py:

* numbers: equal within rounding (the more precise value rounded to the significant digits
  of the less precise one, at least two), 5% apart if either side is approximate
  ("about 30,000" == "around 30,000" == "30,000"); a bound holds for values up to 25% past it
  ("over $1m" == "$1,058,161", "nearly 30" == "27"; two bounds compare as values); a
  percentage decrease of X equals a remainder of 100 - X ("fell by 90%" == "only 10%
  remained"); measures compare in the same unit, or across km/mile, m/ft, kg/lb, tonne/ton
  within 10% ("20 kilometers" ~ "12 miles"); counts ignore the counted noun ("three people"
  == "three civilians").
* dates: each value is a calendar interval (a day, a week, a month, a season, a year, a
  decade); two mentions are compatible when the intervals overlap, i.e. they agree at the
  coarser granularity; an unresolved (None) value is compatible with anything.
* quotes: compared after :func:`normalize_quote`, which case-folds; :func:`quote_similarity`
  is the share of words kept (word-level edit distance), so punctuation never counts and
  every inserted, dropped or changed word does. :func:`match_quote` finds the stretch of a
  longer text a quotation was taken from, word by word (RapidFuzz's partial alignment over
  words), and :func:`word_changes` says what changed ("'captured' -> 'liberated'").
* parties: :func:`same_party` is strict string logic; no knowledge that "think tank" is the
  Institute for the Study of War.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from unspun.facts.attribution import normalize_source
from unspun.facts.entities import entity_key_parts, normalize_entity
from unspun.types import DateMention, Quantity, QuantityKind

logger = logging.getLogger(__name__)

__all__ = [
    "date_stated_by",
    "dates_compatible",
    "dates_conflict",
    "match_quote",
    "normalize_entity",
    "normalize_quote",
    "quantities_equivalent",
    "quote_contained",
    "quote_similarity",
    "same_party",
    "word_changes",
]

_APPROX_TOLERANCE = 0.05
_CONVERSION_TOLERANCE = 0.10
# factor to turn the first unit into the second
_CONVERSIONS: dict[tuple[str, str], float] = {
    ("km", "mile"): 0.621371,
    ("m", "ft"): 3.28084,
    ("kg", "lb"): 2.20462,
    ("tonne", "ton"): 1.10231,
    ("km2", "mile2"): 0.386102,
    ("kph", "mph"): 0.621371,
}


def _sig_digits(v: float) -> int:
    s = f"{abs(v):.12g}"
    if "e" in s:
        mant = s.split("e")[0]
        return max(1, len(mant.replace(".", "").strip("0")))
    if "." in s:
        return max(1, len(s.replace(".", "").lstrip("0")))
    return max(1, len(s.lstrip("0").rstrip("0")))


def _round_sig(v: float, n: int) -> float:
    return float(f"{v:.{n}g}")


def values_close(a: float, b: float, *, approx: bool = False) -> bool:
    """Return True if two numbers are the same within rounding (and 5% if ``approx``)."""
    if a == b:
        return True
    if approx and abs(a - b) <= _APPROX_TOLERANCE * max(abs(a), abs(b)):
        return True
    sa, sb = _sig_digits(a), _sig_digits(b)
    if sa == sb:
        return False
    n = max(2, min(sa, sb))
    return _round_sig(a, n) == _round_sig(b, n)


def _percent_view(q: Quantity) -> tuple[float, str | None]:
    """A percentage as (value, direction) with decreases turned into remainders."""
    if q.direction == "decrease":
        return 100.0 - q.value, "remain"
    return q.value, q.direction


_LOWER_BOUND = re.compile(r"^(?:over|more\s+than|upwards\s+of|at\s+least|just\s+over)\b", re.IGNORECASE)
_UPPER_BOUND = re.compile(
    r"^(?:under|less\s+than|fewer\s+than|at\s+most|up\s+to|just\s+under|nearly|almost|close\s+to)\b",
    re.IGNORECASE,
)
_BOUND_SPAN = 0.25  # "over 1 million" holds for up to 1.25 million, "nearly 30" from 22.5


def _within_bound(bound: Quantity, value: float) -> bool:
    """True if ``value`` satisfies the bound ``bound`` states ("over $1m": 1,058,161 does)."""
    if _LOWER_BOUND.match(bound.text):
        return bound.value <= value <= bound.value * (1 + _BOUND_SPAN)
    if _UPPER_BOUND.match(bound.text):
        return bound.value * (1 - _BOUND_SPAN) <= value <= bound.value
    return False


def quantities_equivalent(a: Quantity, b: Quantity, *, convert: bool = False) -> bool:
    """Return True if two quantities state the same fact (symmetric, reflexive).

    See the module docstring for the rules on rounding, approximation and percentage
    complements. Measures compare in the same unit only, unless ``convert`` is True: then
    km/mile, m/ft, kg/lb, tonne/ton also match within 10%. Conversion is off by default
    because news copy gives both ("20 kilometers (12 miles)"), and a changed figure next to an
    unchanged conversion must still differ from the original figure.
    """
    approx = a.is_approx or b.is_approx
    if a.kind is QuantityKind.PERCENT and b.kind is QuantityKind.PERCENT:
        if (a.unit == "pp") != (b.unit == "pp"):
            return False
        if a.direction is None or b.direction is None or a.direction == b.direction:
            return values_close(a.value, b.value, approx=approx)
        if {a.direction, b.direction} == {"decrease", "remain"}:
            return values_close(_percent_view(a)[0], _percent_view(b)[0], approx=approx)
        return False
    if a.kind is not b.kind:
        loose = {a.kind, b.kind} == {QuantityKind.COUNT, QuantityKind.MEASURE} and (
            a.unit is None or b.unit is None
        )
        if not loose:
            return False
        return values_close(a.value, b.value, approx=approx)
    if a.kind is QuantityKind.COUNT or a.kind is QuantityKind.ORDINAL:
        if a.kind is QuantityKind.ORDINAL:
            return a.value == b.value
        return values_close(a.value, b.value, approx=approx) or _bounded(a, b)
    if a.unit == b.unit or a.unit is None or b.unit is None:
        return values_close(a.value, b.value, approx=approx) or _bounded(a, b)
    if a.kind is QuantityKind.MEASURE and convert:
        for (u1, u2), factor in _CONVERSIONS.items():
            for x, y, f in ((a, b, factor), (b, a, factor)):
                if x.unit == u1 and y.unit == u2:
                    converted = x.value * f
                    return abs(converted - y.value) <= _CONVERSION_TOLERANCE * max(
                        abs(converted), abs(y.value)
                    )
    return False


def _is_bound(q: Quantity) -> bool:
    return _LOWER_BOUND.match(q.text) is not None or _UPPER_BOUND.match(q.text) is not None


def _bounded(a: Quantity, b: Quantity) -> bool:
    """One states a bound ("over $1m") that the other's value meets ("$1,058,161").

    Two bounds are two values, compared as such: "over 240,000" does not restate "just over
    226,000", though 240,000 meets that bound.
    """
    if _is_bound(a) and _is_bound(b):
        return False
    return _within_bound(a, b.value) or _within_bound(b, a.value)


# --------------------------------------------------------------------------- dates

_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}


def date_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day a DateMention value covers, or None if it cannot be read."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = dt.date.fromisoformat(value)
            return d, d
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if m:
            y, mo = int(m.group(1)), int(m.group(2))
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            first = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return first, first + dt.timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-(spring|summer|autumn|winter)", value)
        if m:
            y = int(m.group(1))
            lo, hi = _SEASON_MONTHS[m.group(2)]
            if m.group(2) == "winter":
                return dt.date(y, 12, 1), dt.date(y + 1, 2, calendar.monthrange(y + 1, 2)[1])
            return dt.date(y, lo, 1), dt.date(y, hi, calendar.monthrange(y, hi)[1])
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def _interval(d: DateMention) -> tuple[dt.date, dt.date] | None:
    if d.value is None:
        return None
    if d.granularity.value == "decade" and re.fullmatch(r"\d{4}", d.value):
        y = int(d.value)
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    return date_interval(d.value)


_YEARLESS = re.compile(r"--(\d{2})(?:-(\d{2}))?")


def _yearless(d: DateMention) -> tuple[int, int | None] | None:
    """(month, day or None) of a yearless value ("--06-16", "--03"), else None."""
    m = _YEARLESS.fullmatch(d.value or "")
    return (int(m.group(1)), int(m.group(2)) if m.group(2) else None) if m else None


def _days(lo: dt.date, hi: dt.date) -> set[tuple[int, int | None]]:
    """Every (month, day) and (month, None) that the interval [lo, hi] touches (all, past a year)."""
    if (hi - lo).days >= 364:
        return {(mo, d) for mo in range(1, 13) for d in (None, *range(1, 32))}
    out: set[tuple[int, int | None]] = set()
    day = lo
    while day <= hi:
        out |= {(day.month, day.day), (day.month, None)}
        day += dt.timedelta(days=1)
    return out


def dates_compatible(a: DateMention, b: DateMention) -> bool:
    """Return True unless both dates are resolved and name different times.

    Two values agree when their intervals overlap: "2024" matches any day of 2024,
    "2024-summer" matches "2024-07", "2024-07" does not match "2023-07". A yearless value
    ("--06-16", "--03") agrees with any value that touches that month (and day) in some year:
    "--06-16" matches "2022-06-16" and "2022-06", not "2022-06-17". Unresolved or unreadable
    values are compatible with anything.
    """
    ya, yb = _yearless(a), _yearless(b)
    if ya is not None or yb is not None:
        if ya is not None and yb is not None:
            return ya[0] == yb[0] and (ya[1] is None or yb[1] is None or ya[1] == yb[1])
        part, other = (ya, b) if ya is not None else (yb, a)
        assert part is not None
        iv = _interval(other)
        if iv is None:
            return True
        return part in _days(*iv)
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def date_stated_by(d: DateMention, source: DateMention) -> bool:
    """Return True if ``source`` states ``d``: compatible, and giving a year when ``d`` gives one.

    "--01-28" (no year) is compatible with "2016" but does not state it; it states "2018-01-28"
    (the same day, the year aside) but not "2018-01" or "2018-01-29".
    """
    part = _yearless(source)
    if part is not None and _yearless(d) is None and _interval(d) is not None:
        iv = _interval(d)
        assert iv is not None
        if d.granularity.value not in {"day", "month"} or (iv[0].month, iv[0].day) != (
            iv[1].month,
            iv[1].day,
        ):
            return part[1] is None and d.granularity.value == "month" and iv[0].month == part[0]
        return (iv[0].month, iv[0].day) == (part[0], part[1]) or (part[1] is None and iv[0].month == part[0])
    return dates_compatible(d, source)


def _readable(d: DateMention) -> bool:
    return _interval(d) is not None or _yearless(d) is not None


def dates_conflict(a: DateMention, b: DateMention) -> bool:
    """Return True if both dates are resolved and incompatible."""
    return _readable(a) and _readable(b) and not dates_compatible(a, b)


# --------------------------------------------------------------------------- quotes

_QUOTE_CHARS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "\u00a0": " ",
    }
)


_EDGES = re.compile(r"^[\s\"',;:]+|[\s\"',;:.]+$")


_CACHED_QUOTE_CHARS = 2000  # texts up to this long are cached (quotations and sentences, not articles)


def normalize_quote(text: str) -> str:
    """Return quote text in a canonical form for comparison.

    NFKC; curly quotes and apostrophes made straight; dashes made "-"; "…" made "...";
    whitespace collapsed; quotation marks and trailing commas/periods at the edges removed;
    case-folded (a change of case is not a change of words).
    """
    # The audit normalises each source sentence once per rewrite quotation it is matched with:
    # short texts are cached (at most 2,048 of at most 2,000 characters), a whole article is not.
    if len(text) <= _CACHED_QUOTE_CHARS:
        return _normalize_quote_cached(text)
    return _normalize_quote(text)


@functools.lru_cache(maxsize=2048)
def _normalize_quote_cached(text: str) -> str:
    return _normalize_quote(text)


def _normalize_quote(text: str) -> str:
    s = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    s = unicodedata.normalize("NFKC", s.translate(_QUOTE_CHARS)).translate(_QUOTE_CHARS)
    s = s.replace("…", "...")
    s = re.sub(r"\s*-(?:\s*-)+\s*", " - ", s)
    s = " ".join(s.split())
    return _EDGES.sub("", s)


_QUOTE_WORD = re.compile(r"\w+(?:'\w+)*")


def quote_words(text: str) -> list[str]:
    """The words of a quotation after :func:`normalize_quote` (punctuation dropped)."""
    return _QUOTE_WORD.findall(normalize_quote(text))


def quote_similarity(a: str, b: str) -> float:
    """Return the share of words two quotations have in common, in [0, 1].

    Computed on words after :func:`normalize_quote`: 1 - (word-level edit distance) / (length
    of the longer quotation in words). Punctuation, case and typography never count; one word
    inserted into a 19-word quotation gives 0.947, one word changed in four gives 0.75. Texts
    without words fall back to a character ratio.
    """
    na, nb = normalize_quote(a), normalize_quote(b)
    if na == nb:
        return 1.0
    wa, wb = _QUOTE_WORD.findall(na), _QUOTE_WORD.findall(nb)
    if wa == wb and wa:
        return 1.0
    if not wa and not wb:
        return float(fuzz.ratio(na, nb)) / 100.0
    if not wa or not wb:
        return 0.0
    return 1.0 - Levenshtein.distance(wa, wb) / max(len(wa), len(wb))


def quote_contained(fragment: str, full: str) -> bool:
    """Return True if ``fragment`` is taken word for word from ``full`` (after normalisation).

    A scare quote ("liberated") drawn from a longer quotation counts; pieces separated by
    an ellipsis must appear in order. An empty fragment is not contained.
    """
    nf, nfull = normalize_quote(fragment), normalize_quote(full)
    pieces = [p.strip(" ,;:") for p in nf.split("...") if p.strip(" ,;:")]
    if not pieces:
        return False
    pos = 0
    for p in pieces:
        m = re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", nfull[pos:])
        if not m:
            return False
        pos += m.end()
    return True


def _encode(*word_lists: list[str]) -> list[str]:
    """Map each distinct word to one character, so that RapidFuzz aligns words, not letters."""
    codes: dict[str, str] = {}
    return ["".join(codes.setdefault(w, chr(0x4E00 + len(codes))) for w in ws) for ws in word_lists]


def match_quote(quote: str, text: str) -> tuple[float, list[str]]:
    """Return how closely ``quote`` matches its best stretch of ``text``, and that stretch's words.

    The score is RapidFuzz's normalised Indel similarity over words (punctuation, case and
    typography never count), in [0, 1]: 1.0 when the words of ``quote`` stand in ``text`` in
    order, 0.75 for one word changed in four. ``text`` may be longer (a fragment drawn from a
    long quotation or sentence: the best window of about the quotation's length is used) or
    shorter (words added: the whole of ``text``).
    """
    wq, wt = quote_words(quote), quote_words(text)
    if not wq or not wt:
        return 0.0, []
    eq, et = _encode(wq, wt)
    if len(wt) <= len(wq):
        return float(Indel.normalized_similarity(eq, et)), wt
    al = fuzz.partial_ratio_alignment(eq, et)
    if al is None:
        return 0.0, []
    # The alignment's window has the quotation's length; a word added or dropped shifts the
    # best stretch by a word or two, so its edges are moved to where the similarity peaks.
    best = (-1.0, al.dest_start, al.dest_end)
    for lo in range(max(0, al.dest_start - 3), al.dest_start + 4):
        for hi in range(max(lo + 1, al.dest_end - 3), min(len(et), al.dest_end + 3) + 1):
            score = float(Indel.normalized_similarity(eq, et[lo:hi]))
            if score > best[0]:
                best = (score, lo, hi)
    return best[0], wt[best[1] : best[2]]


def word_changes(before: list[str], after: list[str], *, limit: int = 3) -> list[str]:
    """Describe the word-level edits from ``before`` to ``after``, at most ``limit`` of them.

    Words dropped and added between the same two kept words make one edit: "'old' -> 'new'";
    else "adds 'new'" or "drops 'old'".
    """
    eb, ea = _encode(before, after)
    out: list[str] = []
    dropped: list[str] = []
    added: list[str] = []

    def flush() -> None:
        old, new = " ".join(dropped), " ".join(added)
        if dropped and added:
            out.append(f"{old!r} -> {new!r}")
        elif dropped:
            out.append(f"drops {old!r}")
        elif added:
            out.append(f"adds {new!r}")
        dropped.clear()
        added.clear()

    for op in Indel.opcodes(eb, ea):
        if op.tag == "equal":
            flush()
            continue
        dropped.extend(before[op.src_start : op.src_end])
        added.extend(after[op.dest_start : op.dest_end])
    flush()
    if len(out) > limit:
        return [*out[:limit], f"{len(out) - limit} more"]
    return out


# --------------------------------------------------------------------------- parties

_GENERIC_PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})


def _singular_word(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def same_party(a: str, b: str) -> bool:
    """Return True if two attribution sources or speakers may name the same party.

    Strict string logic: equal after normalisation, or the content words of one are a subset
    of the other's with the same head (last) word ("analysts" ~ "military analysts",
    "ministry" ~ "foreign ministry", "putin" ~ "vladimir putin"); singular and plural match.
    A bare pronoun ("it", "they") is unresolved and matches anything. Different names for one
    party ("think tank" vs "institute for the study of war") do NOT match.
    """
    na, nb = normalize_source(a), normalize_source(b)
    if not na or not nb:
        return False
    if na == nb or na in _GENERIC_PRONOUNS or nb in _GENERIC_PRONOUNS:
        return True
    pa = {_singular_word(w) for w in entity_key_parts(na)}
    pb = {_singular_word(w) for w in entity_key_parts(nb)}
    if not pa or not pb:
        return False
    if _singular_word(na.split()[-1]) != _singular_word(nb.split()[-1]):
        return False
    return pa <= pb or pb <= pa
