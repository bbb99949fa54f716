"""The plain-text reader: paragraphs are separated by blank lines; hard-wrapped lines are rejoined.

Plain text has no markup, so roles later guess titles and headings from the shape of the lines
(``infer_layout``).
"""

from __future__ import annotations

import re

from unspun.ingest.page import Block, BlockHint, Page, Reader
from unspun.ingest.patterns import FINAL_PUNCT
from unspun.text import collapse_whitespace, normalize_text
from unspun.types import InputFormat

__all__ = ["READER", "read_text"]

_BULLET = re.compile(r"^(?:[-*•–·▪]|\d{1,2}[.)])\s+\S")


def _is_wrapped(lines: list[str]) -> bool:
    """Return True if a run of lines without blank lines looks hard-wrapped (one paragraph)."""
    heads = lines[:-1]
    lengths = [len(x) for x in heads]
    if max(lengths) > 100 or max(lengths) < 40 or min(lengths) < 0.6 * max(lengths):
        return False
    if sum(1 for x in lines if _BULLET.match(x)) > 1:
        return False
    open_ends = sum(1 for x in heads if not FINAL_PUNCT.search(x))
    return open_ends * 2 >= len(heads)


def read_text(text: str, origin: str) -> Page:
    """Read plain text: one block per paragraph, or per line where lines are not hard-wrapped."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", normalize_text(text)):
        lines = [x.strip() for x in chunk.split("\n") if x.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _is_wrapped(lines):
            blocks.append(Block(collapse_whitespace(" ".join(lines))))
        else:
            blocks.extend(
                Block(collapse_whitespace(x), BlockHint.ITEM if _BULLET.match(x) else BlockHint.NONE)
                for x in lines
            )
    return Page(tuple(blocks))


READER = Reader(InputFormat.TEXT, read_text, sniff=lambda text: True, infer_layout=True)
