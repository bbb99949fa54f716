from __future__ import annotations

import datetime as dt

import pytest

from unspun.facts.dates import extract_dates
from unspun.types import DateGranularity

FRI = dt.date(2025, 2, 7)  # a Friday


def _one(text: str, published: dt.date | None = FRI) -> tuple[str, str | None, DateGranularity, bool]:
    ds = extract_dates(text, published)
    assert len(ds) == 1, ds
    d = ds[0]
    assert text[d.span.start : d.span.end] == d.text
    return d.text, d.value, d.granularity, d.is_relative


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("The photo was taken on July 29, 2024, in the town.", "2024-07-29", DateGranularity.DAY),
        ("The photo was taken on 29 July 2024 in the town.", "2024-07-29", DateGranularity.DAY),
        ("The report came out in February 2024.", "2024-02", DateGranularity.MONTH),
        ("Avdiivka fell in late February 2024.", "2024-02", DateGranularity.MONTH),
        ("Russia invaded in 2022.", "2022", DateGranularity.YEAR),
        ("Prices rose in 2023 as well.", "2023", DateGranularity.YEAR),
        ("Talks stalled in the summer of 2023.", "2023-summer", DateGranularity.SEASON),
        ("The bloc was formed in the 1990s.", "1990", DateGranularity.DECADE),
    ],
)
def test_absolute_dates(text: str, value: str, gran: DateGranularity) -> None:
    _, v, g, rel = _one(text)
    assert (v, g, rel) == (value, gran, False)


def test_modifier_is_part_of_month_span() -> None:
    assert _one("Avdiivka fell in late February 2024.")[0] == "late February 2024"


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("Russia said Friday its forces had seized the town.", "2025-02-07", DateGranularity.DAY),
        ("The ministry spoke on Friday.", "2025-02-07", DateGranularity.DAY),
        ("Kyiv said Thursday it was ready.", "2025-02-06", DateGranularity.DAY),
        ("Officials met on Saturday.", "2025-02-01", DateGranularity.DAY),
        ("Officials met last Friday.", "2025-01-31", DateGranularity.DAY),
        ("The think tank said in a report last month.", "2025-01", DateGranularity.MONTH),
        ("Exports fell last year.", "2024", DateGranularity.YEAR),
        ("Exports fell this year.", "2025", DateGranularity.YEAR),
        ("Reporters visited the town last July.", "2024-07", DateGranularity.MONTH),
        ("By July last year the number had fallen.", "2024-07", DateGranularity.MONTH),
        ("Fighting has intensified since last summer.", "2024-summer", DateGranularity.SEASON),
        ("Ukraine launched the assault last August.", "2024-08", DateGranularity.MONTH),
        ("The town fell almost a year ago.", "2024", DateGranularity.YEAR),
        ("The town fell nearly a year ago.", "2024", DateGranularity.YEAR),
        ("The town fell two years ago.", "2023", DateGranularity.YEAR),
        ("The town fell three months ago.", "2024-11", DateGranularity.MONTH),
        ("The law passed earlier this month.", "2025-02", DateGranularity.MONTH),
        ("The law passed last week.", "2025-W05", DateGranularity.WEEK),
        ("The law passed yesterday.", "2025-02-06", DateGranularity.DAY),
        ("The strike came on July 29 near the town.", "2024-07-29", DateGranularity.DAY),
        ("Elections were held in January.", "2025-01", DateGranularity.MONTH),
    ],
)
def test_relative_dates(text: str, value: str, gran: DateGranularity) -> None:
    _, v, g, rel = _one(text)
    assert (v, g, rel) == (value, gran, True)


def test_last_month_in_january_wraps_year() -> None:
    assert _one("It happened last month.", dt.date(2025, 1, 15))[1] == "2024-12"


def test_last_july_after_july_is_same_year() -> None:
    assert _one("It happened last July.", dt.date(2025, 9, 1))[1] == "2025-07"


def test_weekday_matching_publication_day_is_that_day() -> None:
    assert _one("Officials met on Friday.", dt.date(2025, 2, 7))[1] == "2025-02-07"


def test_on_is_part_of_weekday_span() -> None:
    assert _one("The ministry spoke on Friday.")[0] == "on Friday"


def test_span_of_month_last_year() -> None:
    text = "By July last year the number had fallen."
    assert _one(text)[0] == "July last year"


def test_relative_without_publication_date_has_no_value() -> None:
    _, v, g, rel = _one("Reporters visited the town last July.", None)
    assert (v, g, rel) == (None, DateGranularity.MONTH, True)


def test_absolute_without_publication_date_keeps_value() -> None:
    assert _one("Russia invaded in 2022.", None)[1] == "2022"


@pytest.mark.parametrize(
    "text",
    [
        "Drone footage recently published shows the ruins.",
        "The town endured eight months of systematic shelling.",
        "We may see more strikes, officials said.",
        "About 10% of residents stayed.",
        "Strikes overnight killed three people.",
    ],
)
def test_not_dates(text: str) -> None:
    assert extract_dates(text, FRI) == ()


def test_offset_is_added() -> None:
    ds = extract_dates("Russia invaded in 2022.", FRI, offset=50)
    assert (ds[0].span.start, ds[0].span.end) == (68, 72)


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Voting ran between 16 and 23 June.", ("16", "2024-06-16"), ("23 June", "2024-06-23")),
        ("Voting ran between June 16 and 23.", ("June 16", "2024-06-16"), ("23", "2024-06-23")),
        ("Voting ran June 16-23, 2022.", ("June 16", "2022-06-16"), ("23, 2022", "2022-06-23")),
        ("Voting ran from 16 to 23 June 2022.", ("16", "2022-06-16"), ("23 June 2022", "2022-06-23")),
    ],
)
def test_day_range_is_two_days(text: str, first: tuple[str, str], second: tuple[str, str]) -> None:
    ds = extract_dates(text, dt.date(2024, 7, 1))
    assert [(d.text, d.value) for d in ds] == [first, second]


def test_day_range_leaves_no_number_to_read() -> None:
    from unspun.facts.numbers import extract_quantities

    text = "Voting ran between 16 and 23 June."
    skip = [(d.span.start, d.span.end) for d in extract_dates(text, None)]
    assert extract_quantities(text, skip=skip) == ()


@pytest.mark.parametrize(
    ("text", "value", "gran"),
    [
        ("The strike came on 16 June near the town.", "--06-16", DateGranularity.DAY),
        ("The strike came on June 16 near the town.", "--06-16", DateGranularity.DAY),
        ("Elections were held in March.", "--03", DateGranularity.MONTH),
    ],
)
def test_yearless_without_a_date_of_its_own(text: str, value: str, gran: DateGranularity) -> None:
    for published in (None, FRI):  # none, or one borrowed from the source
        ds = extract_dates(text, published, own_date=False)
        assert [(d.value, d.granularity, d.is_relative) for d in ds] == [(value, gran, False)]


def test_yearless_rule_leaves_other_relative_dates_alone() -> None:
    ds = extract_dates("Exports fell last year.", FRI, own_date=False)
    assert [(d.value, d.is_relative) for d in ds] == [("2024", True)]


def test_ago_without_a_publication_date_is_a_duration_not_a_date() -> None:
    from unspun.facts.numbers import extract_quantities

    text = "He died 35 years ago in Sydney."
    assert extract_dates(text, None) == ()
    (q,) = extract_quantities(text)
    assert (q.text, q.value, q.unit) == ("35 years", 35.0, "year")
