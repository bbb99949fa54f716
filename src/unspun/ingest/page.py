"""What a reader makes of an input: paragraph blocks with layout hints, page metadata, and the
:class:`Reader` record each input format registers (see :mod:`unspun.ingest.registry`).

Text formats (text, Markdown, HTML) read decoded text; binary formats (PDF, DOCX) read the raw
bytes (``read_bytes``) and are told apart by their content (``sniff_bytes``) before any decoding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from unspun.errors import IngestError
from unspun.types import InputFormat

__all__ = ["Block", "BlockHint", "Page", "PageMeta", "Reader", "refuse_text"]


class BlockHint(StrEnum):
    """What the input's markup says about a block, before roles are assigned."""

    NONE = ""  # nothing known
    H1 = "h1"  # explicit headings, by level
    H2 = "h2"
    H3 = "h3"
    H4 = "h4"
    H5 = "h5"
    H6 = "h6"
    BOLD = "bold"  # a paragraph that is all bold
    ITEM = "item"  # a list item
    TITLE = "title"  # the HTML metadata title

    @property
    def is_heading(self) -> bool:
        """True for the explicit headings h1..h6."""
        return self.value.startswith("h")


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of an input, on one line, before roles are assigned."""

    text: str
    hint: BlockHint = BlockHint.NONE


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata a reader found outside the text (HTML ``<meta>``); empty for text and Markdown."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    url: str | None = None
    sitename: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A reader's output: the input's blocks in order (texts normalised) and its metadata."""

    blocks: tuple[Block, ...]
    meta: PageMeta = PageMeta()


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: how to read it, which file names and contents announce it.

    Attributes:
        format: The format this reader reads.
        read: ``read(text, origin) -> Page``; ``text`` is the raw input, ``origin`` starts errors.
            A binary format's ``read`` refuses text with an :class:`~unspun.errors.IngestError`.
        sniff: True if a text of unknown format looks like this one.
        suffixes: Lower-case file suffixes that select this format when the format is "auto".
        infer_layout: Guess titles and headings from the shape of plain lines (no markup to say).
        explicit_paragraphs: The markup marks every paragraph (HTML ``<p>``, DOCX paragraphs), so a
            paragraph without final punctuation is joined to the next only on plain evidence of a cut.
        read_bytes: For a binary format: ``read_bytes(data, origin, max_chars) -> Page`` reads the raw
            bytes; more than ``max_chars`` characters of text is refused.
        sniff_bytes: For a binary format: True if raw bytes of unknown format are this format.
    """

    format: InputFormat
    read: Callable[[str, str], Page]
    sniff: Callable[[str], bool]
    suffixes: tuple[str, ...] = ()
    infer_layout: bool = False
    explicit_paragraphs: bool = False
    read_bytes: Callable[[bytes, str, int], Page] | None = None
    sniff_bytes: Callable[[bytes], bool] | None = None

    @property
    def is_binary(self) -> bool:
        """True for a format read from raw bytes (PDF, DOCX), never from decoded text."""
        return self.read_bytes is not None


def refuse_text(fmt: InputFormat) -> Callable[[str, str], Page]:
    """Return the ``read`` of a binary format: decoded text cannot be that format's input."""

    def read(text: str, origin: str) -> Page:
        raise IngestError(
            f"{origin}: {fmt.value} is a binary format and cannot be read from text; "
            f"pass the {fmt.value} file or its bytes"
        )

    return read
