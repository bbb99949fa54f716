"""The input formats ingest reads: one :class:`~unspun.ingest.page.Reader` per
:class:`~unspun.types.InputFormat`, looked up here and nowhere else.

A new input format is one new reader module plus one line in ``_READERS`` (and a value in
``InputFormat``). ``"auto"`` is not a format: it asks for the format to be picked from the file
suffix, else sniffed from the content (readers are asked in ``_READERS`` order; text takes anything).
Binary formats (PDF, DOCX) are sniffed from the raw bytes, before any decoding
(:func:`binary_reader`); text sniffing never picks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from unspun.errors import IngestError
from unspun.ingest import docx_reader, html_reader, markdown_reader, pdf_reader, text_reader
from unspun.ingest.page import Reader
from unspun.types import InputFormat

__all__ = [
    "AUTO",
    "FORMATS",
    "READERS",
    "binary_reader",
    "check_format",
    "format_for_suffix",
    "reader_for",
    "resolve_format",
    "sniff_format",
]

AUTO = "auto"
#: Every value a ``fmt`` argument accepts: "auto", then each input format.
FORMATS: tuple[str, ...] = (AUTO, *(f.value for f in InputFormat))

# Sniffing order: the most specific first; the text reader takes anything, so it comes last.
_READERS = (
    html_reader.READER,
    markdown_reader.READER,
    pdf_reader.READER,
    docx_reader.READER,
    text_reader.READER,
)

#: Input format -> its reader.
READERS: Mapping[InputFormat, Reader] = MappingProxyType({r.format: r for r in _READERS})


def _unknown(fmt: object, origin: str) -> IngestError:
    return IngestError(f"{origin}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def reader_for(fmt: InputFormat | str, *, origin: str = "input") -> Reader:
    """Return the reader of an input format.

    Raises:
        IngestError: ``fmt`` is not an input format (``"auto"`` is not one: see :func:`resolve_format`).
    """
    try:
        return READERS[InputFormat(fmt)]
    except (ValueError, KeyError):
        raise _unknown(fmt, origin) from None


def check_format(fmt: InputFormat | str, origin: str) -> None:
    """Raise if ``fmt`` is neither "auto" nor an input format.

    Raises:
        IngestError: unknown format.
    """
    if fmt != AUTO:
        reader_for(fmt, origin=origin)


def sniff_format(text: str) -> InputFormat:
    """Return the format ``text`` looks like: HTML, Markdown, else plain text."""
    return next(r.format for r in _READERS if r.sniff(text))


def format_for_suffix(suffix: str) -> InputFormat | None:
    """Return the format a file suffix (".html", ".md", ...) announces, or None if it announces none."""
    low = suffix.lower()
    return next((r.format for r in _READERS if low in r.suffixes), None)


def resolve_format(fmt: InputFormat | str, text: str, *, origin: str) -> Reader:
    """Return the reader for ``fmt``, sniffing ``text`` when ``fmt`` is "auto".

    Raises:
        IngestError: unknown format.
    """
    if fmt == AUTO:
        return READERS[sniff_format(text)]
    return reader_for(fmt, origin=origin)


def binary_reader(fmt: InputFormat | str, data: bytes, *, origin: str) -> Reader | None:
    """Return the binary-format reader for raw bytes: the one ``fmt`` names, or for "auto" the one
    whose magic the bytes carry; None when the bytes are to be decoded as text.

    Raises:
        IngestError: unknown format.
    """
    if fmt == AUTO:
        return next((r for r in _READERS if r.sniff_bytes is not None and r.sniff_bytes(data)), None)
    reader = reader_for(fmt, origin=origin)
    return reader if reader.is_binary else None
