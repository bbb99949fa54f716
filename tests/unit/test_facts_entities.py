from __future__ import annotations

import pytest

from unspun.facts.entities import entity_key_parts, normalize_entity


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
