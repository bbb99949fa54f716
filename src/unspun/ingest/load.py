"""The ingest entry points: a file, bytes or a string in -> one :class:`~unspun.types.Article` out.

Order: check the format and size; for bytes, a binary format (PDF, DOCX: named, or sniffed from
the bytes) is read from the bytes, anything else is decoded (:func:`unspun.text.decode_bytes`);
pick the reader (:mod:`unspun.ingest.registry`), read blocks, assign roles and join broken
paragraphs (:mod:`unspun.ingest.roles`), build the article (:mod:`unspun.ingest.build`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unspun.config import Settings
from unspun.errors import IngestError
from unspun.ingest.build import build_article
from unspun.ingest.page import Page, Reader
from unspun.ingest.registry import AUTO, binary_reader, check_format, format_for_suffix, resolve_format
from unspun.ingest.roles import assign_roles, join_broken
from unspun.text import decode_bytes
from unspun.types import Article, InputFormat

__all__ = ["article_from_bytes", "article_from_text", "load_article"]


def article_from_text(
    text: str,
    *,
    doc_id: str,
    fmt: InputFormat | str = AUTO,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Build an :class:`Article` from text in one of the supported formats.

    Args:
        text: The article as plain text, Markdown or HTML.
        doc_id: Identifier kept in the article (a path, URL or key).
        fmt: "auto" (sniff), or a text :class:`InputFormat` ("text", "markdown" or "html"); the
            binary formats ("pdf", "docx") are read from bytes (:func:`article_from_bytes`).
        published: Publication date given by the caller; overrides any date found (GIVEN).
        url: Canonical URL given by the caller; overrides any URL found.
        title: Title given by the caller; overrides any title found.
        settings: Settings; ``settings.ingest`` limits sizes.

    Returns:
        The article; ``text[s.span.start:s.span.end] == s.text`` for every sentence.

    Raises:
        IngestError: unknown or binary format, empty input, input larger than ``ingest.max_bytes``.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    check_format(fmt, doc_id)
    if (
        len(text) > settings.ingest.max_bytes
        or len(text.encode("utf-8", "surrogatepass")) > settings.ingest.max_bytes
    ):
        raise IngestError(
            f"{doc_id}: input is larger than ingest.max_bytes={settings.ingest.max_bytes}; "
            "pass a single article or raise the limit"
        )
    if not text.strip():
        raise IngestError(f"{doc_id}: input is empty; pass an article with some text")
    reader = resolve_format(fmt, text, origin=doc_id)
    return _article_from_page(
        reader.read(text, doc_id),
        reader,
        doc_id=doc_id,
        published=published,
        url=url,
        title=title,
        settings=settings,
    )


def _article_from_page(
    page: Page,
    reader: Reader,
    *,
    doc_id: str,
    published: dt.date | None,
    url: str | None,
    title: str | None,
    settings: Settings,
) -> Article:
    blocks = [b for b in page.blocks if b.text]
    if not blocks:
        raise IngestError(f"{doc_id}: input has no text after normalisation; pass an article with some text")
    roles = assign_roles(blocks, infer_layout=reader.infer_layout)
    blocks, roles = join_broken(blocks, roles, explicit_paragraphs=reader.explicit_paragraphs)
    return build_article(
        blocks,
        roles,
        page.meta,
        doc_id=doc_id,
        fmt=reader.format,
        published=published,
        url=url,
        title=title,
        settings=settings,
    )


def article_from_bytes(
    data: bytes,
    *,
    doc_id: str,
    fmt: InputFormat | str = AUTO,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Ingest bytes: a PDF or DOCX (``fmt``, or sniffed when "auto") is read as such; any other
    input is decoded (UTF-8 with or without BOM, UTF-16 with or without BOM, UTF-32 with BOM,
    legacy 8-bit) and read as text, Markdown or HTML.

    Raises:
        IngestError: too large, binary, undecodable, unreadable PDF/DOCX or empty input.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    check_format(fmt, doc_id)
    if len(data) > settings.ingest.max_bytes:
        raise IngestError(
            f"{doc_id}: input is {len(data)} bytes, larger than "
            f"ingest.max_bytes={settings.ingest.max_bytes}; pass a single article or raise the limit"
        )
    if not data.strip():
        raise IngestError(f"{doc_id}: input is empty; pass an article with some text")
    binary = binary_reader(fmt, data, origin=doc_id)
    if binary is not None and binary.read_bytes is not None:
        return _article_from_page(
            binary.read_bytes(data, doc_id, settings.ingest.max_bytes),
            binary,
            doc_id=doc_id,
            published=published,
            url=url,
            title=title,
            settings=settings,
        )
    text = decode_bytes(data, origin=doc_id)
    return article_from_text(
        text, doc_id=doc_id, fmt=fmt, published=published, url=url, title=title, settings=settings
    )


def load_article(
    path: str | Path,
    *,
    doc_id: str | None = None,
    fmt: InputFormat | str = AUTO,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Article:
    """Read one article file.

    ``fmt="auto"`` picks the format from the extension (.html/.htm/.xhtml, .md/.markdown, .pdf,
    .docx) and otherwise sniffs the content (a PDF or DOCX by its bytes, an HTML document, or a
    text with Markdown headings/links).

    Raises:
        IngestError: missing path, a directory, unreadable, too large (checked before reading),
            binary, undecodable or empty.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    p = Path(path)
    name = str(path)
    check_format(fmt, name)
    try:
        if not p.exists():
            raise IngestError(f"{name}: no such file; check the path")
        if p.is_dir():
            raise IngestError(f"{name}: is a directory; pass an article file")
        size = p.stat().st_size
        if size > settings.ingest.max_bytes:
            raise IngestError(
                f"{name}: file is {size} bytes, larger than ingest.max_bytes={settings.ingest.max_bytes}; "
                "pass a single article or raise the limit"
            )
        with p.open("rb") as fh:
            data = fh.read(settings.ingest.max_bytes + 1)
    except OSError as exc:
        raise IngestError(f"{name}: cannot read file ({exc.strerror or exc}); check its permissions") from exc
    if fmt == AUTO:
        fmt = format_for_suffix(p.suffix) or AUTO
    return article_from_bytes(
        data, doc_id=doc_id if doc_id is not None else name, fmt=fmt, published=published, settings=settings
    )
