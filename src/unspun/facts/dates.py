"""Date expressions in news text, resolved to calendar values.

Written by hand: dateparser 1.5 (shared/STACK.md) returns nothing for "last July", "July last
year", "last summer" and "earlier this month" with a relative base, puts "last July" in the
future through ``search_dates`` and invents dates from "We", "10% of" or "a year". News copy
anchors nearly every date to the publication day, so the rules below resolve relative
expressions against ``Article.published`` and absolute ones ("July 29, 2024", "29 July 2024",
"late February 2024", "2022") with plain patterns; nothing here needs a full date parser.

Resolution rules (all documented in :func:`extract_dates`):

* weekday ("Friday", "on Friday"): the most recent such day on or before publication
  ("last Friday": strictly before);
* "last July": the most recent July strictly before the publication month; "July last year":
  July of the previous year; a month without a year ("in July"): the most recent one on or
  before the publication month;
* "last summer": the most recent summer that has ended (or started) before publication;
  seasons are Mar-May spring, Jun-Aug summer, Sep-Nov autumn, Dec-Feb winter (named by the
  year of its December);
* "N years ago" / "almost a year ago": YEAR granularity (the year of publication minus N, or
  of publication minus N years plus one month for "almost"/"nearly"), because such phrases
  are loose; "N months ago": MONTH; "N weeks ago": WEEK; "N days ago": DAY; with no
  publication date it is no date at all, and its number is read as a duration;
* in an article with no date of its own (none, or its source's borrowed), a day and month or
  a month without a year is placed in no year: "16 June" -> "--06-16", "in March" -> "--03"
  (the ISO 8601 yearless forms; compared by month and day only); so is, with no date at all,
  the month of "last July" or "July last year" (relative: "--07");
* a day range ("between 16 and 23 June", "June 16-23, 2024") is two day mentions;
* "last month", "this month", "earlier this month": MONTH; "last year", "this year",
  "earlier this year", "late last year": YEAR; "last week", "this week": WEEK;
  "yesterday", "today": DAY.

"recently" and "overnight" are not dates; "eight months of shelling" is a duration (a quantity).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from unspun.facts.number_words import parse_number_words
from unspun.types import DateGranularity, DateMention, Span

logger = logging.getLogger(__name__)

_MONTH_NUM: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        _MONTH_NUM[_n] = _i

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"}
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}

# Month names are matched case-sensitively (capitalised) so "may" the verb and "march" the
# verb are not months; "May" additionally needs a day, a year or a date preposition.
_MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MOD = r"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[\s-]+)?"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMW = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several|\d+)"

_RANGE_SEP = r"\s*(?:-|–|—|to|and|until|through)\s*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # day ranges: 16-23 June (2024) / between 16 and 23 June / June 16 and 23 / June 16-23, 2024
    (
        "range_dm",
        re.compile(
            rf"\b(?P<day>{_DAY}){_RANGE_SEP}(?P<day2>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON})(?:,?\s+(?P<year>{_YEAR}))?\b"
        ),
    ),
    (
        "range_md",
        re.compile(
            rf"\b(?P<mon>{_MON})\s+(?P<day>{_DAY}){_RANGE_SEP}(?P<day2>{_DAY})\b(?!\s*(?:{_MON}|[.,]?\d))"
            rf"(?:,?\s+(?P<year>{_YEAR})\b)?"
        ),
    ),
    # July 29, 2024 / July 29 2024 / Monday, July 29, 2024
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>{_DAY}),?\s+(?P<year>{_YEAR})\b")),
    # 29 July 2024 / 29th of July, 2024
    ("dmy", re.compile(rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<year>{_YEAR})\b")),
    # ISO 2024-07-29
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monn>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")),
    # July last year / July this year / last year in July
    ("mon_rel_year", re.compile(rf"\b(?P<mon>{_MON})\s+(?:of\s+)?(?P<which>last|this|next)\s+year\b")),
    # (late) February 2024 / in the summer of 2023 / summer 2023
    ("my", re.compile(rf"\b{_MOD}(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<year>{_YEAR})\b")),
    (
        "season_year",
        re.compile(
            rf"\b{_MOD}(?:the\s+)?(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\s+(?:of\s+)?(?P<year>{_YEAR})\b"
        ),
    ),
    # last July / last summer / this summer / last Friday
    (
        "last_named",
        re.compile(
            rf"\b(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+(?P<name>{_MON}(?!\s+{_DAY}\b)|{_WD}|spring|summer|autumn|fall|winter)\b"
        ),
    ),
    # earlier this month / later this year / late last year / last week ...
    (
        "rel_unit",
        re.compile(
            r"\b(?P<mod>(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate|[Mm]id)[\s-]+)?(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)"
            r"\s+(?P<unit>week|month|year)\b"
        ),
    ),
    # almost a year ago / three months ago / two years ago
    (
        "ago",
        re.compile(
            rf"\b(?P<approx>(?:almost|nearly|about|around|some|more\s+than|over|just\s+over|less\s+than)\s+)?"
            rf"(?P<n>{_NUMW})\s+(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    ("ydt", re.compile(r"\b(?P<word>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b")),
    # July 29 / 29 July (no year)
    ("md", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<day>{_DAY})\b(?!,?\s*\d)")),
    ("dm", re.compile(rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON})\b")),
    # Friday / on Friday
    ("weekday", re.compile(rf"\b(?P<wd>{_WD})\b")),
    # in (early) July (no year)
    ("mon", re.compile(rf"\b{_MOD}(?P<mon>{_MON})\b(?!\s+\d)")),
    # decades: the 1990s
    ("decade", re.compile(r"\b(?P<dec>(?:1[89]|20)\d0)s\b")),
    # bare year 2022
    (
        "year",
        re.compile(rf"(?<![\d,.$€£-])\b(?P<year>{_YEAR})\b(?![\d%]|,\d|\.\d|\s*(?:percent|per\s+cent)\b)"),
    ),
]

# cheap test run first: every pattern above needs one of these
_MAYBE_DATE = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day\b|[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast|ago\b"
    r"|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter"
)
_ANY_MONTH = re.compile(_MON)
# what a sentence must contain for each pattern to be worth running (a cheap test first)
_NEEDS: dict[str, str] = {
    "range_dm": "month",
    "range_md": "month",
    "mdy": "month",
    "dmy": "month",
    "iso": "digit",
    "mon_rel_year": "month",
    "my": "month",
    "season_year": "digit",
    "last_named": "last|this|next|past",
    "rel_unit": "last|this|next|past",
    "ago": "ago",
    "ydt": "yesterday|today|tomorrow",
    "md": "month",
    "dm": "month",
    "weekday": "day",
    "mon": "month",
    "decade": "digit",
    "year": "digit",
}
# Counts in "three weeks ago", "a few months ago": the number-word parser of numbers.py,
# plus the vague counts a reporter uses for recent time.
_VAGUE_COUNTS = {"a": 1, "an": 1, "a few": 3, "several": 3}
_NOT_MONTH_BEFORE = re.compile(r"(?:\b(?:[Ww]e|[Yy]ou|[Tt]hey|[Ii]t|[Hh]e|[Ss]he|I|who|which|that)\s+)$")
_COUNT_AFTER_YEAR = re.compile(
    r"^\s+(?:people|troops|soldiers|residents|civilians|men|women|children|units)\b"
)


def _month_of(name: str) -> int:
    return _MONTH_NUM[name.lower().rstrip(".")]


def _ym(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _shift_month(d: dt.date, months: int) -> tuple[int, int]:
    idx = d.year * 12 + (d.month - 1) + months
    return idx // 12, idx % 12 + 1


def _season_of(d: dt.date) -> tuple[int, str]:
    if d.month in (3, 4, 5):
        return d.year, "spring"
    if d.month in (6, 7, 8):
        return d.year, "summer"
    if d.month in (9, 10, 11):
        return d.year, "autumn"
    return (d.year if d.month == 12 else d.year - 1), "winter"


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def extract_dates(
    text: str, published: dt.date | None, *, offset: int = 0, own_date: bool = True
) -> tuple[DateMention, ...]:
    """Find date expressions in ``text`` and resolve them.

    Absolute dates get their calendar value; relative ones are resolved against
    ``published`` (value None when it is None). Overlapping matches keep the earliest,
    then longest, pattern in the table above. See the module docstring for the rules.

    ``own_date`` False says the article carries no date of its own (``published`` is None or
    borrowed from its source): a day and month, or a month, without a year ("16 June", "in
    March") is then not placed in any year; its value is the ISO 8601 yearless form
    ("--06-16", "--03"), not relative. A day range ("between 16 and 23 June", "June 16-23")
    gives one mention per day, so neither day is read as a number.
    """
    if not _MAYBE_DATE.search(text):
        return ()
    low = text.lower()
    has_digit = any(c.isdigit() for c in text)
    has_month = _ANY_MONTH.search(text) is not None
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        need = _NEEDS[kind]
        if (need == "digit" and not has_digit) or (need == "month" and not has_month):
            continue
        if need not in {"digit", "month", ""} and not any(w in low for w in need.split("|")):
            continue
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            if kind in {"range_dm", "range_md"}:
                pair = _resolve_range(m, published, own_date=own_date)
                if pair is None:
                    continue
                taken.append((start, end))
                for a, b, value, gran, rel in pair:
                    out.append(DateMention(Span(offset + a, offset + b), text[a:b], value, gran, rel))
                continue
            res = _resolve(kind, m, text, published, own_date=own_date)
            if res is None:
                continue
            value, gran, rel, start, end = res
            taken.append((start, end))
            out.append(DateMention(Span(offset + start, offset + end), text[start:end], value, gran, rel))
    out.sort(key=lambda d: d.span.start)
    return tuple(out)


def _day_value(
    year: str | None, month: int, day: int, pub: dt.date | None, *, own_date: bool
) -> tuple[str | None, bool] | None:
    """(value, is_relative) of a day, or None if no calendar has it; see :func:`extract_dates`."""
    if year is not None:
        value = _day(int(year), month, day)
        return (value, False) if value else None
    if _day(2024, month, day) is None:  # 2024 is a leap year: every valid day-month exists in it
        return None
    if not own_date:
        return f"--{month:02d}-{day:02d}", False
    if pub is None:
        return None, True
    y = pub.year
    if _day(y, month, day) is None or dt.date(y, month, day) > pub + dt.timedelta(days=7):
        y -= 1
    value = _day(y, month, day)
    return (value, True) if value else None


def _resolve_range(
    m: re.Match[str], pub: dt.date | None, *, own_date: bool
) -> list[tuple[int, int, str | None, DateGranularity, bool]] | None:
    """The two days of a range, each with its own span: "16" and "23 June" of "16 and 23 June"."""
    g = m.groupdict()
    month = _month_of(g["mon"])
    out = []
    for grp in ("day", "day2"):
        res = _day_value(g["year"], month, int(re.sub(r"\D", "", g[grp])), pub, own_date=own_date)
        if res is None:
            return None
        start, end = m.span(grp)
        if grp == "day2":
            end = m.end()  # "23 June 2024", "23, 2024": the second day carries what follows it
        elif m.start("mon") < start:
            start = m.start()  # "June 16": the first day carries the month before it
        out.append((start, end, res[0], DateGranularity.DAY, res[1]))
    return out


def _resolve(
    kind: str, m: re.Match[str], text: str, pub: dt.date | None, *, own_date: bool = True
) -> tuple[str | None, DateGranularity, bool, int, int] | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    if kind in {"mdy", "dmy", "iso"}:
        month = int(g["monn"]) if kind == "iso" else _month_of(g["mon"])
        day = int(re.sub(r"\D", "", g["day"]))
        value = _day(int(g["year"]), month, day)
        return (value, DateGranularity.DAY, False, start, end) if value else None
    if kind == "my":
        return _ym(int(g["year"]), _month_of(g["mon"])), DateGranularity.MONTH, False, start, end
    if kind == "season_year":
        return f"{g['year']}-{_SEASONS[g['season'].lower()]}", DateGranularity.SEASON, False, start, end
    if kind == "decade":
        return g["dec"], DateGranularity.DECADE, False, start, end
    if kind == "year":
        if _COUNT_AFTER_YEAR.match(text[end:]):
            return None
        return g["year"], DateGranularity.YEAR, False, start, end
    if kind == "mon_rel_year":
        if pub is None:
            value = None if own_date else f"--{_month_of(g['mon']):02d}"
            return value, DateGranularity.MONTH, True, start, end
        shift = {"last": -1, "this": 0, "next": 1}[g["which"]]
        return _ym(pub.year + shift, _month_of(g["mon"])), DateGranularity.MONTH, True, start, end
    if kind == "last_named":
        if pub is None and not own_date and g["name"].lower().rstrip(".") in _MONTH_NUM:
            return f"--{_month_of(g['name']):02d}", DateGranularity.MONTH, True, start, end
        return _resolve_named(g["which"].lower(), g["name"], pub, start, end)
    if kind == "rel_unit":
        return _resolve_rel_unit(g["which"].lower(), g["unit"], pub, start, end)
    if kind == "ago":
        if pub is None:
            return None  # no date to count back from: "35 years ago" is read as a duration (a number)
        return _resolve_ago(g, pub, start, end)
    if kind == "ydt":
        if pub is None:
            return None, DateGranularity.DAY, True, start, end
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["word"].lower()]
        return (pub + dt.timedelta(days=shift)).isoformat(), DateGranularity.DAY, True, start, end
    if kind in {"md", "dm"}:
        if g["mon"] == "May" and kind == "dm" and not re.match(r"\d", g["day"]):
            return None
        res = _day_value(None, _month_of(g["mon"]), int(re.sub(r"\D", "", g["day"])), pub, own_date=own_date)
        return None if res is None else (res[0], DateGranularity.DAY, res[1], start, end)
    if kind == "weekday":
        if pub is None:
            return None, DateGranularity.DAY, True, start, end
        wd = _WEEKDAYS.index(g["wd"].lower())
        back = (pub.weekday() - wd) % 7
        on = re.search(r"\b[Oo]n\s+$", text[:start])
        if on:
            start = on.start()
        return (pub - dt.timedelta(days=back)).isoformat(), DateGranularity.DAY, True, start, end
    if kind == "mon":
        mon = g["mon"]
        if mon in {"May", "March"} and not re.search(
            r"\b(?:in|since|by|until|of|early|late|mid|from|last)\s+$", text[:start]
        ):
            return None
        if re.match(r"\s+(?!(?:of|in|on|at|and|or|to|the)\b)[A-Z][a-z]", text[end:]):
            return None  # "March For Our Lives", "June Carter": a name, not a month
        if _NOT_MONTH_BEFORE.search(text[:start]):
            return None
        if len(mon.rstrip(".")) <= 4 and mon not in {"May", "June", "July"}:
            return None  # bare abbreviations ("Mar", "Dec") are too ambiguous without a day or year
        month = _month_of(mon)
        if not own_date:
            return f"--{month:02d}", DateGranularity.MONTH, False, start, end
        if pub is None:
            return None, DateGranularity.MONTH, True, start, end
        year = pub.year if month <= pub.month else pub.year - 1
        return _ym(year, month), DateGranularity.MONTH, True, start, end
    return None


def _resolve_named(
    which: str, name: str, pub: dt.date | None, start: int, end: int
) -> tuple[str | None, DateGranularity, bool, int, int]:
    low = name.lower().rstrip(".")
    if low in _WEEKDAYS:
        if pub is None:
            return None, DateGranularity.DAY, True, start, end
        wd = _WEEKDAYS.index(low)
        back = (pub.weekday() - wd) % 7
        if which in {"last", "past"}:
            back = back or 7
        elif which == "next":
            back = -((wd - pub.weekday()) % 7 or 7)
        return (pub - dt.timedelta(days=back)).isoformat(), DateGranularity.DAY, True, start, end
    if low in _SEASONS:
        season = _SEASONS[low]
        if pub is None:
            return None, DateGranularity.SEASON, True, start, end
        cur_year, cur_season = _season_of(pub)
        year = pub.year if season != "winter" else cur_year
        if which == "this":
            year = cur_year if season == "winter" else pub.year
        elif which in {"last", "past"}:
            # the most recent such season that started before the current one
            cand = year
            while (cand, _SEASON_START[season]) >= (cur_year, _SEASON_START[cur_season]) or dt.date(
                cand, _SEASON_START[season], 1
            ) > pub:
                cand -= 1
            year = cand
        else:
            cand = year
            while dt.date(cand, _SEASON_START[season], 1) <= pub:
                cand += 1
            year = cand
        return f"{year}-{season}", DateGranularity.SEASON, True, start, end
    month = _month_of(low)
    if pub is None:
        return None, DateGranularity.MONTH, True, start, end
    if which in {"last", "past"}:
        year = pub.year if month < pub.month else pub.year - 1
    elif which == "this":
        year = pub.year
    else:
        year = pub.year if month > pub.month else pub.year + 1
    return _ym(year, month), DateGranularity.MONTH, True, start, end


def _resolve_rel_unit(
    which: str, unit: str, pub: dt.date | None, start: int, end: int
) -> tuple[str | None, DateGranularity, bool, int, int]:
    shift = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    gran = {"week": DateGranularity.WEEK, "month": DateGranularity.MONTH, "year": DateGranularity.YEAR}[unit]
    if pub is None:
        return None, gran, True, start, end
    if unit == "week":
        return _iso_week(pub + dt.timedelta(weeks=shift)), gran, True, start, end
    if unit == "month":
        y, m = _shift_month(pub, shift)
        return _ym(y, m), gran, True, start, end
    return f"{pub.year + shift:04d}", gran, True, start, end


def _resolve_ago(
    g: dict[str, str], pub: dt.date | None, start: int, end: int
) -> tuple[str | None, DateGranularity, bool, int, int]:
    raw = re.sub(r"\s+", " ", g["n"].lower())
    n = int(raw) if raw.isdigit() else _VAGUE_COUNTS.get(raw) or int(parse_number_words(raw) or 1)
    unit = g["unit"].lower().rstrip("s")
    almost = bool(g.get("approx")) and g["approx"].strip().lower() in {"almost", "nearly"}
    gran = {
        "day": DateGranularity.DAY,
        "week": DateGranularity.WEEK,
        "month": DateGranularity.MONTH,
        "year": DateGranularity.YEAR,
        "decade": DateGranularity.DECADE,
    }[unit]
    if pub is None:
        return None, gran, True, start, end
    if unit == "day":
        return (pub - dt.timedelta(days=n)).isoformat(), gran, True, start, end
    if unit == "week":
        return _iso_week(pub - dt.timedelta(weeks=n)), gran, True, start, end
    if unit == "month":
        y, m = _shift_month(pub, -n + (1 if almost else 0))
        return _ym(y, m), gran, True, start, end
    if unit == "year":
        y, _ = _shift_month(pub, -12 * n + (1 if almost else 0))
        return f"{y:04d}", gran, True, start, end
    return f"{(pub.year - 10 * n) // 10 * 10}", gran, True, start, end
