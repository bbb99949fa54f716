"""Publication dates: the dateline patterns of news layout, and parsing a found date.

Date parsing itself is dateparser's (ISO dates are read directly, which is much faster).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DATELINE", "Dateline", "first_date", "parse_date", "read_dateline"]

# A line that is only a date, maybe labelled and with a time: "Published: 7 March 2024, 10:30 GMT".
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    rf"\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
)
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\||T)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|Z|[+-]\d{2}:?\d{2}))?)?"
)
DATELINE = re.compile(
    r"^(?:(?P<label>published|updated|posted|last updated|date|first published|last modified)"
    r"(?:\s+on)?\s*:?\s*)?"
    rf"(?P<date>{_DATE}){_TIME}\.?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1024)
def parse_date(raw: str) -> dt.date | None:
    """Return the calendar date in ``raw`` (day, month and year all given), or None if it has none."""
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        raw,
        languages=["en"],
        settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


@dataclass(frozen=True, slots=True)
class Dateline:
    """The date of a dateline, as written, and whether it is labelled as the publication date."""

    raw: str
    is_published: bool


def read_dateline(text: str) -> Dateline | None:
    """Return the date a dateline gives, or None if ``text`` is none or gives an update time."""
    dm = DATELINE.match(text)
    if not dm:
        return None
    label = (dm.group("label") or "").lower()
    if label in ("updated", "last updated", "last modified"):
        return None
    return Dateline(dm.group("date"), label in ("published", "first published", "posted"))


def first_date(meta_date: str | None, datelines: Iterable[Dateline]) -> dt.date | None:
    """Return the first parseable date: metadata first, then "Published" datelines, then the rest."""
    candidates: list[str] = [meta_date] if meta_date else []
    candidates += [d.raw for d in sorted(datelines, key=lambda d: not d.is_published)]
    for raw in candidates:
        value = parse_date(raw)
        if value is not None:
            return value
    return None
