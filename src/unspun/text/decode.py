"""Decode the bytes of an input file into text: the one decoder that ingest and the index share.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; otherwise UTF-16 without a mark is
recognised by its NUL bytes (see :func:`_utf16_without_bom`); otherwise strict UTF-8; otherwise
charset_normalizer guesses, and a guess from the Western 8-bit family is replaced by cp1252.
Input with other NUL bytes, or mostly control/private-use characters once decoded, is refused as
binary.
"""

from __future__ import annotations

import codecs
import logging
import re

from unspun.errors import IngestError

logger = logging.getLogger(__name__)

__all__ = ["decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset_normalizer is unreliable on short Western text ("café" in Latin-1 comes back as
# UTF-16-BE or cp1250); news in a legacy 8-bit encoding is overwhelmingly cp1252/Latin-1, so a
# guess from this family is replaced by cp1252 when the bytes decode with it.
_LATIN_FAMILY = {
    "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4",
    "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman",
    "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858", "utf_16_be", "utf_16_le",
    "utf_32_be", "utf_32_le",
}  # fmt: skip

_NON_TEXT = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")


def _bom_encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


# How much of the input the UTF-16 test looks at, and the share of NUL bytes the high-byte half
# must have: text in a Latin, Cyrillic, Greek, Arabic or Hebrew script has spaces, digits and
# punctuation (U+00xx) in far more than 1 in 20 characters, each a NUL high byte in UTF-16.
_UTF16_SAMPLE_BYTES = 8192
_UTF16_MIN_NUL_SHARE = 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" if ``data`` reads as UTF-16 text without a byte-order mark.

    Hand-written because charset_normalizer does not propose UTF-16 without a mark for such input.
    The signs: an even length; NUL bytes in one byte position (odd for LE, even for BE) in at least
    5% of the code units and at most a quarter as many in the other; and a strict decode of the
    whole input that gives no U+0000 (binary data full of 16-bit zeros fails here) and little else
    that is not text (checked by the caller).
    """
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE_BYTES]
    units = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= _UTF16_MIN_NUL_SHARE * units and low * 4 <= high:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                return None
            return enc if "\x00" not in text else None
    return None


def looks_binary(data: bytes) -> bool:
    """Return True if ``data`` has NUL bytes and is not UTF-16/32 (a byte-order mark, or UTF-16
    without one), so cannot be text."""
    return b"\x00" in data and _bom_encoding(data) is None and _utf16_without_bom(data) is None


def _text_share_ok(text: str) -> bool:
    """Return False if more than 5% of the first 64k characters are controls or private-use."""
    sample = text[:65536]
    return len(_NON_TEXT.findall(sample)) <= 0.05 * len(sample)


def decode_bytes(data: bytes, *, origin: str) -> str:
    """Decode bytes: BOM (UTF-8/16/32), else UTF-16 without a BOM, else strict UTF-8, else
    charset_normalizer (cp1252 first).

    Args:
        data: The raw bytes of one input.
        origin: Where they came from (a path or id); starts every error message.

    Raises:
        IngestError: binary input, a byte-order mark the bytes do not match, or an encoding
            that cannot be detected.
    """
    enc = _bom_encoding(data)
    if enc is not None:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"{origin}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason}); "
                "re-save it as UTF-8"
            ) from None
    elif b"\x00" in data and (enc := _utf16_without_bom(data)) is not None:
        text = data.decode(enc)
    else:
        if b"\x00" in data:
            raise IngestError(
                f"{origin}: looks binary (contains NUL bytes); pass a text, Markdown or HTML file"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, origin)
    if not _text_share_ok(text):
        raise IngestError(
            f"{origin}: looks binary (mostly non-text characters); pass a text, Markdown or HTML file"
        )
    return text


def _decode_legacy(data: bytes, origin: str) -> str:
    import charset_normalizer  # imported lazily: only legacy-encoded input needs it

    best = charset_normalizer.from_bytes(data).best()
    encoding = best.encoding if best is not None else None
    if encoding is None or encoding in _LATIN_FAMILY:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            if encoding is None:
                raise IngestError(
                    f"{origin}: cannot detect the text encoding (looks binary); re-save it as UTF-8"
                ) from None
    assert best is not None
    logger.debug("%s: decoded as %s", origin, encoding)
    return str(best)
