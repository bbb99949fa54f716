"""The text layer: decoding, normalisation, the index's fast sentence units, the two word weightings."""

from __future__ import annotations

import codecs

import pytest

from unspun.errors import IngestError
from unspun.text import (
    collapse_whitespace,
    content_words,
    decode_bytes,
    looks_binary,
    normalize_surface,
    normalize_text,
    split_sentences,
    split_units,
    stem,
    token_weight,
    tokenize,
    word_weight,
)

TEXT = "Zoë Müller said the café — « Société » — closed."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-32"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf32-le", "utf32-be", "cp1252"],
)
def test_decode_bytes(data: bytes) -> None:
    assert decode_bytes(data, origin="f") == TEXT


RUSSIAN = "Мэр заявил во вторник, что город восстановит мост к весне 2026 года."


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [TEXT, RUSSIAN, "Short."], ids=["latin", "cyrillic", "short"])
def test_utf16_without_a_bom_is_text(enc: str, text: str) -> None:
    data = text.encode(enc)  # no byte-order mark: NULs in every other byte
    assert not looks_binary(data)
    assert decode_bytes(data, origin="f") == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,  # every byte value
        b"\x00\x00\x01\x00" * 100,  # 16-bit integers: U+0000 when read as UTF-16
        "Text".encode("utf-16-le") + b"\x00\xd8",  # a lone surrogate: not valid UTF-16
        "Odd".encode("utf-16-le") + b"!",  # odd length
    ],
    ids=["all-bytes", "int16", "lone-surrogate", "odd-length"],
)
def test_nul_bytes_that_are_not_utf16_stay_binary(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(IngestError, match="looks binary"):
        decode_bytes(data, origin="f")


def test_looks_binary_only_without_a_bom() -> None:
    assert looks_binary(b"abc\x00def")
    assert not looks_binary(TEXT.encode("utf-16"))  # NULs, but a UTF-16 byte-order mark
    assert not looks_binary(TEXT.encode("utf-8"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"abc\x00def", "f: looks binary (contains NUL bytes)"),
        (b"\xff\xfe" + "Caf".encode("utf-16-le") + b"\x00\xd8", "f: starts with a utf-16 byte-order mark"),
        (b"\x01\x02\x03\x04 text", "f: looks binary (mostly non-text characters)"),
    ],
)
def test_decode_bytes_refuses_with_the_origin(data: bytes, message: str) -> None:
    with pytest.raises(IngestError) as err:
        decode_bytes(data, origin="f")
    assert str(err.value).startswith(message)


def test_normalize_text_keeps_quotes_surface_unifies_them() -> None:
    raw = "“Caf\u00e9”\u00a0 —\u200b here  \r\nnext"
    assert normalize_text(raw) == "“Café” — here\nnext"
    assert normalize_surface(normalize_text(raw)) == '"café" - here next'
    assert collapse_whitespace("  a \n\t b  ") == "a b"


def test_split_units_cuts_rough_sentences() -> None:
    text = 'He left.Then she came. "Why?" he asked.\nNew line here. 40 ships sailed. a lower start'
    assert split_units(text) == [
        "He left.",
        "Then she came.",
        '"Why?" he asked.',
        "New line here.",
        "40 ships sailed. a lower start",
    ]
    assert split_units("  \n\n ") == []


def test_split_sentences_and_units_cut_the_same_glued_boundary() -> None:
    text = "The vote was held on Monday in the capital.According to officials, turnout was high."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "The vote was held on Monday in the capital.",
        "According to officials, turnout was high.",
    ]
    assert split_units(text) == [text[a:b] for a, b in spans]


def test_alignment_words_and_weights() -> None:
    assert content_words("Zelensky’s 1,000 troops said the U.S. also") == ["zelensky", "1000", "troops"]
    assert stem("announced") == stem("announcement") == "announc"
    assert word_weight("2024") == 5.0
    assert word_weight("the") == 0.3  # floored
    assert word_weight("zelensky") > word_weight("ukraine") > word_weight("said")


def test_index_tokens_and_weights_differ_from_alignment_on_purpose() -> None:
    assert tokenize("administration.According to O’Brien") == [
        "administration",
        "according",
        "to",
        "o",
        "brien",
    ]
    assert token_weight("the") == 0.0  # not floored: stop words never become index terms
    assert token_weight("2024") == 2.5  # a year, weighed by its shape
    assert token_weight("xqzvbrt") == 6.0  # unknown word: rarer than anything known
