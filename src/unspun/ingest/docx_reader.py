"""The DOCX reader: python-docx reads the paragraphs and tables in document order; paragraph
styles give the hints (Title and Heading 1-6 -> headings, List styles -> items, all-bold -> bold).

The document's core properties give the title (set by the writer in Word); their author is not
used, since it names the account that saved the file, not the article's author.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import Any

from unspun.errors import IngestError
from unspun.ingest.page import Block, BlockHint, Page, PageMeta, Reader, refuse_text
from unspun.text import collapse_whitespace, normalize_text
from unspun.types import InputFormat

__all__ = ["READER", "looks_like_docx", "read_docx"]

logger = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"
_MAIN_PART = b"word/document.xml"
# Word's XML around the text is large: an unpacked package up to this many times the text limit,
# plus the fixed parts every package carries (styles, theme, fonts: about 0.8 MB from Word's own
# template), is read; a larger one (a zip bomb, or a file that is mostly pictures) is refused unopened.
_UNPACKED_PER_CHAR = 8
_UNPACKED_FIXED_BYTES = 4_000_000


def looks_like_docx(data: bytes) -> bool:
    """Return True if ``data`` is a zip package with a Word main document part."""
    return data.startswith(_ZIP_MAGIC) and _MAIN_PART in data


def _clean(text: str) -> str:
    return collapse_whitespace(normalize_text(text))


def _hint(paragraph: Any) -> BlockHint:
    name = str(paragraph.style.name if paragraph.style is not None else "").lower()
    if name == "title":
        return BlockHint.H1
    m = re.fullmatch(r"heading ([1-6])", name)
    if m:
        return BlockHint(f"h{m.group(1)}")
    if name.startswith("list"):
        return BlockHint.ITEM
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs):
        return BlockHint.BOLD
    return BlockHint.NONE


def _table_rows(table: Any) -> list[Block]:
    rows: list[Block] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = _clean(cell.text)
            if text and (not cells or cells[-1] != text):  # a merged cell repeats across the row
                cells.append(text)
        if cells:
            rows.append(Block(" | ".join(cells)))
    return rows


def _check_unpacked_size(data: bytes, origin: str, max_chars: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        unpacked = sum(info.file_size for info in package.infolist())
    limit = _UNPACKED_FIXED_BYTES + _UNPACKED_PER_CHAR * max_chars
    if unpacked > limit:
        raise IngestError(
            f"{origin}: the DOCX unpacks to {unpacked} bytes, more than the {limit} allowed for "
            f"ingest.max_bytes={max_chars}; pass a single article or its text"
        )


def read_docx(data: bytes, origin: str, max_chars: int) -> Page:
    """Read a Word document: one block per paragraph or table row, in document order.

    Raises:
        IngestError: not a readable DOCX package, or more than ``max_chars`` characters of text.
    """
    import docx
    from docx.text.paragraph import Paragraph

    blocks: list[Block] = []
    total = 0
    try:
        _check_unpacked_size(data, origin, max_chars)
        document = docx.Document(io.BytesIO(data))
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                new = [Block(_clean(item.text), _hint(item))]
            else:
                new = _table_rows(item)
            total += sum(len(b.text) for b in new)
            if total > max_chars:
                raise IngestError(
                    f"{origin}: the DOCX holds more than {max_chars} characters of text "
                    "(ingest.max_bytes); pass a single article or raise the limit"
                )
            blocks.extend(b for b in new if b.text)
        title = _clean(document.core_properties.title or "") or None
    except IngestError:
        raise
    except Exception as exc:  # zipfile, lxml and python-docx raise many kinds of error; wrap them all
        logger.debug("%s: python-docx failed", origin, exc_info=True)
        raise IngestError(
            f"{origin}: the DOCX could not be read ({type(exc).__name__}: {exc}); "
            "check that the file is a whole Word document, or pass its text"
        ) from exc
    return Page(tuple(blocks), PageMeta(title=title))


READER = Reader(
    InputFormat.DOCX,
    refuse_text(InputFormat.DOCX),
    sniff=lambda text: False,
    suffixes=(".docx",),
    explicit_paragraphs=True,
    read_bytes=read_docx,
    sniff_bytes=looks_like_docx,
)
