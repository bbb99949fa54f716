from __future__ import annotations

import pytest

from unspun.facts.entities import (
    abbreviates,
    entity_key_parts,
    is_acronym_of,
    normalize_entity,
    same_stem,
)


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("the U.S.", "united states"),
        ("US", "united states"),
        ("United States", "united states"),
        ("America", "united states"),
        ("U.K.", "united kingdom"),
        ("Britain", "united kingdom"),
        ("EU", "european union"),
        ("the UN", "united nations"),
        ("Kiev", "kyiv"),
        ("Kyiv", "kyiv"),
        ("Moscow's Defense Ministry", "moscow defense ministry"),
        ("The Kremlin’s Defense Ministry", "kremlin defense ministry"),
        ("the Institute for the Study of War", "institute for the study of war"),
        ("Vladimir  Putin", "vladimir putin"),
        ("Donetsk People's Republic", "donetsk people republic"),
        ("Soviet-era", "soviet era"),
    ],
)
def test_normalize_entity(text: str, norm: str) -> None:
    assert normalize_entity(text) == norm


def test_normalize_is_idempotent_on_examples() -> None:
    for t in ["the U.S.", "Moscow's Defense Ministry", "Kiev", "Vladimir Putin"]:
        n = normalize_entity(t)
        assert normalize_entity(n) == n


def test_key_parts_allow_partial_match() -> None:
    assert entity_key_parts("putin") <= entity_key_parts("vladimir putin")
    assert entity_key_parts("institute for the study of war") == {"institute", "study", "war"}
    assert not entity_key_parts("trump") <= entity_key_parts("vladimir putin")


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("Fla.", "Florida", True),
        ("Gov.", "Governor", True),
        ("Sen", "Senator", True),
        ("Fla.", "Ohio", False),
    ],
)
def test_abbreviates(short: str, long: str, expected: bool) -> None:
    assert abbreviates(short, long) is expected


@pytest.mark.parametrize(
    ("short", "name", "expected"),
    [
        ("HUD", "US Department of Housing and Urban Development", True),
        ("DNR", "The Michigan Department of Natural Resources", True),
        ("U.S.", "United States", True),
        ("DNR", "Department of Justice", False),
        ("Smith", "Sarah Mary Ingrid Tate Hughes", False),
    ],
)
def test_is_acronym_of(short: str, name: str, expected: bool) -> None:
    assert is_acronym_of(short, name) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Rico", "Rican", True),
        ("Syria", "Syrian", True),
        ("Israel", "Israeli", True),
        ("Smith", "Jones", False),
    ],
)
def test_same_stem(a: str, b: str, expected: bool) -> None:
    assert same_stem(a, b) is expected
