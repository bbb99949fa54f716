"""The HTML reader: trafilatura removes the page furniture and finds the metadata; its XML body
becomes blocks (headings, list items and table rows, all-bold paragraphs marked as hints)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from unspun.errors import IngestError, SegmentationError
from unspun.ingest.page import Block, BlockHint, Page, PageMeta, Reader
from unspun.text import collapse_whitespace, normalize_text
from unspun.types import InputFormat

__all__ = ["READER", "looks_like_html", "read_html"]


def looks_like_html(text: str) -> bool:
    """Return True if ``text`` starts as an HTML document (doctype, ``<html>``, or XHTML)."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or (head.startswith("<?xml") and "<html" in head)


def _is_all_bold(el: Any) -> bool:
    """Return True if a trafilatura <p> holds only one bold <hi> element."""
    children = list(el)
    return (
        len(children) == 1
        and children[0].tag == "hi"
        and "#b" in str(children[0].get("rend") or "")
        and not (el.text or "").strip()
        and not (children[0].tail or "").strip()
    )


def _extract(html: str, origin: str) -> Any:
    import trafilatura
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_formatting=True,
            include_images=False,
            include_tables=True,
            include_comments=False,
            favor_recall=True,
        )
    except Exception as exc:  # trafilatura/lxml raise many parser errors; wrap them all
        raise IngestError(
            f"{origin}: HTML could not be parsed ({exc}); check that the file is a web page"
        ) from exc
    if not isinstance(doc, Document) or doc.body is None:
        raise SegmentationError(
            f"{origin}: no article text found in the HTML; pass the article page or its text"
        )
    return doc


def _body_blocks(body: Any) -> list[Block]:
    for lb in body.iter("lb"):  # a <br> between two lines must not glue their words
        lb.tail = " " + (lb.tail or "")
    blocks: list[Block] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            rend = str(el.get("rend") or "h2")
            hint = BlockHint(rend) if re.fullmatch(r"h[1-6]", rend) else BlockHint.H2
            blocks.append(Block(collapse_whitespace("".join(el.itertext())), hint))
        elif tag in ("list", "table"):
            for item in el.iter("item", "row"):
                cells = [collapse_whitespace("".join(c.itertext())) for c in item.iter("cell")]
                line = (
                    " | ".join(c for c in cells if c)
                    if cells
                    else collapse_whitespace("".join(item.itertext()))
                )
                blocks.append(Block(line))
        elif tag == "graphic":
            continue
        elif tag == "p" and _is_all_bold(el):
            blocks.append(Block(collapse_whitespace("".join(el.itertext())), BlockHint.BOLD))
        else:
            text = " ".join(el.itertext()) if tag == "quote" else "".join(el.itertext())
            blocks.append(Block(collapse_whitespace(text)))
    return [b for b in blocks if b.text]


def read_html(text: str, origin: str) -> Page:
    """Read an HTML page: its main text as blocks, the metadata title first unless the body has it.

    Raises:
        IngestError: the HTML cannot be parsed.
        SegmentationError: trafilatura finds no article text.
    """
    doc = _extract(text, origin)
    meta = PageMeta(
        title=collapse_whitespace(doc.title) if doc.title else None,
        authors=tuple(a.strip() for a in re.split(r";|\band\b|,", doc.author or "") if a.strip()),
        date=doc.date,
        url=doc.url,
        sitename=collapse_whitespace(doc.sitename) if doc.sitename else None,
    )
    blocks = _body_blocks(doc.body)
    if meta.title and not (blocks and blocks[0].hint is BlockHint.H1 and blocks[0].text == meta.title):
        if blocks and blocks[0].text == meta.title:
            blocks[0] = Block(blocks[0].text, BlockHint.H1)
        else:
            blocks.insert(0, Block(meta.title, BlockHint.TITLE))
    # Normalised after extraction: trafilatura needs the markup as it came.
    blocks = [Block(collapse_whitespace(normalize_text(b.text)), b.hint) for b in blocks]
    if meta.title:
        meta = dataclasses.replace(meta, title=collapse_whitespace(normalize_text(meta.title)))
    return Page(tuple(blocks), meta)


READER = Reader(
    InputFormat.HTML,
    read_html,
    sniff=looks_like_html,
    suffixes=(".html", ".htm", ".xhtml"),
    explicit_paragraphs=True,
)
