from __future__ import annotations

import pytest

from unspun.facts.number_words import parse_number, parse_number_words, render_number
from unspun.facts.numbers import extract_quantities
from unspun.types import QuantityKind


def _one(text: str) -> tuple[float, QuantityKind, str | None, bool, str | None, str]:
    qs = extract_quantities(text)
    assert len(qs) == 1, qs
    q = qs[0]
    assert text[q.span.start : q.span.end] == q.text
    return q.value, q.kind, q.unit, q.is_approx, q.direction, q.text


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("Officials said 30,000 people had fled.", 30000, QuantityKind.COUNT, "people"),
        ("Strikes killed three people overnight.", 3, QuantityKind.COUNT, "people"),
        ("The siege lasted eight months in all.", 8, QuantityKind.MEASURE, "month"),
        ("The town lies 20 kilometres away.", 20, QuantityKind.MEASURE, "km"),
        ("The town lies 20 km away.", 20, QuantityKind.MEASURE, "km"),
        ("The front is 12 miles away.", 12, QuantityKind.MEASURE, "mile"),
        ("Turnout reached 90% on Sunday.", 90, QuantityKind.PERCENT, "%"),
        ("Turnout reached 90 percent on Sunday.", 90, QuantityKind.PERCENT, "%"),
        ("Turnout reached ninety per cent on Sunday.", 90, QuantityKind.PERCENT, "%"),
        ("The fund holds $5m in cash.", 5e6, QuantityKind.MONEY, "usd"),
        ("The plan costs 5 million dollars in total.", 5e6, QuantityKind.MONEY, "usd"),
        ("Brussels pledged €3bn in aid.", 3e9, QuantityKind.MONEY, "eur"),
        ("A soldier from the 28th brigade spoke.", 28, QuantityKind.ORDINAL, None),
        ("A two-story building collapsed.", 2, QuantityKind.COUNT, "story"),
        ("The three-year war goes on.", 3, QuantityKind.MEASURE, "year"),
        ("The region has twenty-five villages.", 25, QuantityKind.COUNT, "village"),
        ("The cost was half a billion dollars.", 5e8, QuantityKind.MONEY, "usd"),
        ("About half of the residents stayed.", 50, QuantityKind.PERCENT, "%"),
        ("A dozen drones were shot down.", 12, QuantityKind.COUNT, "drone"),
        ("Exports grew 2.5 percentage points last quarter.", 2.5, QuantityKind.PERCENT, "pp"),
    ],
)
def test_quantity_forms(text: str, value: float, kind: QuantityKind, unit: str | None) -> None:
    v, k, u, _, _, _ = _one(text)
    assert (v, k, u) == (value, kind, unit)


@pytest.mark.parametrize(
    ("text", "approx"),
    [
        ("It had a population of about 30,000 before the war.", True),
        ("It had a population of around 30,000 before the war.", True),
        ("It had a population of 30,000 before the war.", False),
        ("The town lies less than 20 kilometers away.", True),
        ("Dozens of villages were captured.", True),
        ("More than 1,000 troops were deployed.", True),
    ],
)
def test_approximate_markers(text: str, approx: bool) -> None:
    assert _one(text)[3] is approx


def test_approx_word_is_inside_span() -> None:
    assert _one("It had a population of about 30,000 before the war.")[5] == "about 30,000"


def test_measure_with_converted_parenthetical() -> None:
    qs = extract_quantities("Chasiv Yar lies less than 20 kilometers (12 miles) further north.")
    assert [(q.value, q.unit) for q in qs] == [(20, "km"), (12, "mile")]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("The number of residents had fallen by 90%, officials said.", "decrease"),
        ("Sales dropped 40% in March.", "decrease"),
        ("Output is down 15% this year.", "decrease"),
        ("Prices rose by 5% last month.", "increase"),
        ("Imports increased 12 percent.", "increase"),
        ("Only 10% of the original population remained.", "remain"),
        ("Only 10% remained after the shelling.", "remain"),
        ("Some 10% of the population remained in the town.", "remain"),
        ("About 10% left in the town are pensioners.", "remain"),
        ("Turnout was 60% on Sunday.", None),
    ],
)
def test_percentage_direction(text: str, direction: str | None) -> None:
    assert _one(text)[4] == direction


@pytest.mark.parametrize(
    "text",
    [
        "Russia invaded Ukraine in 2022.",
        "The strike happened on July 29 near the town.",
        "Moscow fielded Su-34 bombers over the area.",
        "The meeting starts at 10:30 in Kyiv.",
        "Kyiv said it would help if Moscow requested one.",
    ],
)
def test_not_quantities(text: str) -> None:
    assert extract_quantities(text) == ()


def test_skip_ranges_and_offset() -> None:
    text = "On 12 March 2024, 40 people were hurt."
    qs = extract_quantities(text, offset=100, skip=[(3, 16)])
    assert [q.value for q in qs] == [40]
    assert qs[0].span.start == 100 + text.index("40")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("three", 3),
        ("twenty-five", 25),
        ("one hundred and five", 105),
        ("three hundred thousand", 300_000),
        ("two million", 2_000_000),
        ("one and a half million", 1_500_000),
        ("a dozen", 12),
    ],
)
def test_parse_number_words(words: str, value: float) -> None:
    assert parse_number_words(words) == value


def test_parse_number_digits_and_rendering() -> None:
    assert parse_number("30,000") == 30000
    assert parse_number("1.5 million") == 1.5e6
    assert parse_number("banana") is None
    assert render_number(30000) == "30,000"
    assert render_number(2.5) == "2.5"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("It would cost â£50,000 to fix.", 50_000.0, "gbp"),  # lower-cased "Â£"
        ("It cost Â£5m last year.", 5e6, "gbp"),
        ("Profits hit â‚¬3bn.", 3e9, "eur"),
    ],
)
def test_mojibake_currency_sign_is_a_currency(text: str, value: float, unit: str) -> None:
    (q,) = extract_quantities(text)
    assert (q.value, q.kind, q.unit) == (value, QuantityKind.MONEY, unit)


def test_number_behind_a_garbled_apostrophe_is_no_quantity() -> None:
    assert extract_quantities("Prices have barely budged since Ã¢â‚¬â„¢08 and more.") == ()
