"""The Markdown reader: markdown-it-py (CommonMark) parses; headings, list items and all-bold
paragraphs become block hints. Raw HTML blocks in Markdown (embeds, scripts, ad slots) are dropped,
never parsed by hand."""

from __future__ import annotations

import functools
import re
from typing import Any

from unspun.ingest.page import Block, BlockHint, Page, Reader
from unspun.text import collapse_whitespace, normalize_text
from unspun.types import InputFormat

__all__ = ["READER", "looks_like_markdown", "read_markdown"]

_HEADING_LINE = re.compile(r"^#{1,6}\s+\S", re.MULTILINE)
_LINK_OR_BOLD_LINE = re.compile(
    r"\[[^\]\n]+\]\((?:https?://|#|/)[^)\s]*\)|^\s*<https?://[^>\s]+>\s*$|^\*\*[^*\n]+\*\*", re.MULTILINE
)


def looks_like_markdown(text: str) -> bool:
    """Return True if ``text`` has a Markdown heading, link, autolink line or bold line start."""
    return bool(_HEADING_LINE.search(text) or _LINK_OR_BOLD_LINE.search(text))


@functools.lru_cache(maxsize=1)
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _render_inline(token: Any) -> tuple[str, bool]:
    """Render a markdown-it inline token to plain text; also say whether it is all bold."""
    parts: list[str] = []
    depth = 0
    has_plain = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            depth += 1
        elif kind == "strong_close":
            depth = max(depth - 1, 0)
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
            if child.content.strip() and depth == 0:
                has_plain = True
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        # images, raw inline HTML, link and emphasis markers add no text
    text = collapse_whitespace("".join(parts))
    return text, bool(text) and not has_plain


def read_markdown(text: str, origin: str) -> Page:
    """Read Markdown: one block per paragraph, heading, list item or code paragraph."""
    blocks: list[Block] = []
    heading = BlockHint.NONE
    list_depth = 0
    for token in _markdown_parser().parse(normalize_text(text)):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth = max(list_depth - 1, 0)
        elif token.type == "heading_open":
            heading = BlockHint(token.tag)
        elif token.type == "heading_close":
            heading = BlockHint.NONE
        elif token.type == "inline":
            rendered, all_bold = _render_inline(token)
            if rendered:
                hint = (
                    heading
                    or (BlockHint.ITEM if list_depth else BlockHint.NONE)
                    or (BlockHint.BOLD if all_bold else BlockHint.NONE)
                )
                blocks.append(Block(rendered, hint))
        elif token.type in ("fence", "code_block"):
            blocks.extend(Block(collapse_whitespace(x)) for x in token.content.split("\n\n") if x.strip())
    return Page(tuple(blocks))


READER = Reader(
    InputFormat.MARKDOWN,
    read_markdown,
    sniff=looks_like_markdown,
    suffixes=(".md", ".markdown"),
)
