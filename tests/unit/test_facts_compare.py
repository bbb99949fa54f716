from __future__ import annotations

import pytest

from unspun.facts.compare import (
    dates_compatible,
    dates_conflict,
    normalize_quote,
    quantities_equivalent,
    quote_contained,
    quote_similarity,
    same_party,
    values_close,
)
from unspun.types import DateGranularity, DateMention, Quantity, QuantityKind, Span

S = Span(0, 1)


def q(
    value: float,
    kind: QuantityKind = QuantityKind.COUNT,
    unit: str | None = None,
    *,
    approx: bool = False,
    direction: str | None = None,
) -> Quantity:
    return Quantity(S, "x", value, kind, unit, approx, direction)


def d(value: str | None, gran: DateGranularity) -> DateMention:
    return DateMention(S, "x", value, gran, value is None)


P = QuantityKind.PERCENT
M = QuantityKind.MEASURE


def test_same_value_equivalent() -> None:
    assert quantities_equivalent(q(30000), q(30000))


def test_approx_flags_are_tolerant() -> None:
    assert quantities_equivalent(q(30000, approx=True), q(30000))
    assert quantities_equivalent(q(30000, approx=True), q(30000, approx=True))
    assert quantities_equivalent(q(30000, approx=True), q(31000))
    assert not quantities_equivalent(q(30000), q(31000))


def test_rounding() -> None:
    assert quantities_equivalent(q(30000), q(30412))
    assert not quantities_equivalent(q(30000), q(34000))
    assert quantities_equivalent(q(90, P, "%"), q(89.6, P, "%"))
    assert not quantities_equivalent(q(20), q(21))


def test_percentage_complement() -> None:
    fell = q(90, P, "%", direction="decrease")
    remained = q(10, P, "%", direction="remain")
    assert quantities_equivalent(fell, remained)
    assert quantities_equivalent(remained, fell)
    assert not quantities_equivalent(fell, q(20, P, "%", direction="remain"))
    assert not quantities_equivalent(fell, q(90, P, "%", direction="remain"))


def test_opposite_directions_differ() -> None:
    assert not quantities_equivalent(q(5, P, "%", direction="increase"), q(5, P, "%", direction="decrease"))


def test_percent_vs_points_differ() -> None:
    assert not quantities_equivalent(q(5, P, "%"), q(5, P, "pp"))


def test_units() -> None:
    assert quantities_equivalent(q(20, M, "km"), q(20, M, "km"))
    assert not quantities_equivalent(q(20, M, "km"), q(20, M, "mile"))
    assert not quantities_equivalent(q(20, M, "km"), q(12, M, "mile"))
    assert quantities_equivalent(q(20, M, "km"), q(12, M, "mile"), convert=True)
    assert quantities_equivalent(q(12, M, "mile"), q(20, M, "km"), convert=True)
    assert not quantities_equivalent(q(22, M, "km"), q(12, M, "mile"), convert=True)
    assert not quantities_equivalent(q(20, M, "km"), q(20, M, "month"))


def test_kinds_must_match() -> None:
    assert not quantities_equivalent(q(10, P, "%"), q(10))
    assert not quantities_equivalent(q(28, QuantityKind.ORDINAL), q(27, QuantityKind.ORDINAL))
    assert quantities_equivalent(q(3, QuantityKind.COUNT, "people"), q(3, QuantityKind.COUNT, "civilian"))


def test_money_currency() -> None:
    assert quantities_equivalent(q(5e6, QuantityKind.MONEY, "usd"), q(5e6, QuantityKind.MONEY, "usd"))
    assert not quantities_equivalent(q(5e6, QuantityKind.MONEY, "usd"), q(5e6, QuantityKind.MONEY, "eur"))


def test_values_close_basic() -> None:
    assert values_close(1.5e6, 1.5e6)
    assert values_close(3.5e6, 3_512_000)
    assert not values_close(3.5e6, 3.7e6)


def test_dates() -> None:
    y = d("2024", DateGranularity.YEAR)
    m = d("2024-07", DateGranularity.MONTH)
    m23 = d("2023-07", DateGranularity.MONTH)
    day = d("2024-07-29", DateGranularity.DAY)
    summer = d("2024-summer", DateGranularity.SEASON)
    unresolved = d(None, DateGranularity.MONTH)
    assert dates_compatible(y, m)
    assert dates_compatible(m, y)
    assert dates_compatible(m, day)
    assert dates_compatible(summer, m)
    assert not dates_compatible(m, m23)
    assert dates_conflict(m, m23)
    assert dates_compatible(unresolved, m23)
    assert not dates_conflict(unresolved, m23)
    assert not dates_compatible(d("2025-02-07", DateGranularity.DAY), d("2025-02-06", DateGranularity.DAY))


def test_week_and_winter_intervals() -> None:
    week = d("2025-W06", DateGranularity.WEEK)
    assert dates_compatible(week, d("2025-02-07", DateGranularity.DAY))
    assert not dates_compatible(week, d("2025-02-10", DateGranularity.DAY))
    winter = d("2024-winter", DateGranularity.SEASON)
    assert dates_compatible(winter, d("2025-01", DateGranularity.MONTH))
    assert not dates_compatible(winter, d("2024-01", DateGranularity.MONTH))


def test_normalize_quote() -> None:
    assert normalize_quote("“This was once someone’s home,”") == "this was once someone's home"
    assert normalize_quote("Now,  it’s just   ruins.") == normalize_quote("Now, it's just ruins.")
    assert normalize_quote("war — again") == normalize_quote("war - again")


def test_quote_similarity() -> None:
    assert quote_similarity("Now, it’s just ruins.", "Now, it's just ruins") == 1.0
    s = quote_similarity("We will hold the line", "We will never hold the line")
    assert s == pytest.approx(5 / 6)
    assert quote_similarity("We will hold the line!", "we will hold the line...") == 1.0
    assert quote_similarity("abc", "xyz") == 0.0
    assert quote_similarity("hold the line", "hold the front") == pytest.approx(2 / 3)


def test_quote_contained() -> None:
    full = "As a result of active offensive operations... the city of Dzerzhinsk was liberated"
    assert quote_contained("liberated", full)
    assert quote_contained("offensive operations... the city", full)
    assert not quote_contained("freed", full)
    assert not quote_contained("rated", full)  # word boundaries
    assert not quote_contained("", full)


def test_same_party() -> None:
    assert same_party("military analysts", "analysts")
    assert same_party("the ministry", "foreign ministry")
    assert same_party("Putin", "Vladimir Putin")
    assert same_party("analyst", "analysts")
    assert not same_party("institute for the study of war", "think tank")
    assert not same_party("defense ministry", "foreign ministry")
    assert not same_party("russia", "russian defense ministry")
    assert same_party("it", "foreign ministry")  # unresolved pronoun
    assert not same_party("", "ministry")


@pytest.mark.parametrize(
    ("a", "b"),
    [("U.S.", "United States"), ("Kiev", "Kyiv"), ("the local administration", "local administration")],
)
def test_same_party_uses_normaliser(a: str, b: str) -> None:
    assert same_party(a, b)


def _date(value: str, gran: str = "day") -> DateMention:
    return DateMention(Span(0, 1), "x", value, DateGranularity(gran))


@pytest.mark.parametrize(
    ("a", "b", "compatible"),
    [
        (("--06-16", "day"), ("2022-06-16", "day"), True),
        (("--06-16", "day"), ("2022-06-17", "day"), False),
        (("--06-16", "day"), ("2022-06", "month"), True),
        (("--06-16", "day"), ("2022", "year"), True),
        (("--06", "month"), ("2022-07-01", "day"), False),
        (("--06", "month"), ("--06-30", "day"), True),
        (("--06-16", "day"), ("--07-16", "day"), False),
        (("--06", "month"), ("2022-summer", "season"), True),
    ],
)
def test_yearless_dates_compare_by_month_and_day(
    a: tuple[str, str], b: tuple[str, str], compatible: bool
) -> None:
    x, y = _date(*a), _date(*b)
    assert dates_compatible(x, y) is compatible
    assert dates_compatible(y, x) is compatible
    assert dates_conflict(x, y) is not compatible


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("over $1m", "$1,058,161", True),
        ("over $1m", "$900,000", False),
        ("nearly 30 people", "27 people", True),
        ("nearly 30 people", "35 people", False),
        ("more than 10,000 veterans", "20,000 veterans", False),
        # two bounds are two values: 240,000 meets "just over 226,000", but the claims differ
        ("over 240,000 students", "just over 226,000 students", False),
        ("more than 30 corgis", "over 30 corgis", True),
    ],
)
def test_a_bound_holds_for_values_just_past_it(a: str, b: str, same: bool) -> None:
    from unspun.facts.numbers import extract_quantities

    (qa,), (qb,) = extract_quantities(a), extract_quantities(b)
    assert quantities_equivalent(qa, qb) is same
    assert quantities_equivalent(qb, qa) is same


def test_yearless_source_day_states_the_same_day_of_any_year_only() -> None:
    from unspun.facts.compare import date_stated_by

    src = _date("--02-14")
    assert date_stated_by(_date("2018-02-14"), src)
    assert not date_stated_by(_date("2018-02-15"), src)
    assert not date_stated_by(_date("2018", "year"), src)
