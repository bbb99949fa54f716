"""Give each block of an article one :class:`~unspun.types.Role`, and join paragraphs cut by hard wraps.

Only BODY blocks carry claims; titles, headings, bylines, datelines, captions, "Related" lines,
URL trailers and boilerplate are recognised by the layout patterns of
:mod:`unspun.ingest.patterns` (written by hand: no library classifies these lines).

Broken paragraphs: a body paragraph that ends without sentence-final punctuation (``. ! ? …``,
optionally followed by closing quotes or brackets) and is directly followed by another body
paragraph is a hard-wrap artefact ("...since Avdiivka in late" / "February 2024, almost a year
ago."). The two are joined into ONE paragraph: the blank line between them is replaced by a single
space, so the sentence that crosses them is an ordinary sentence span. One exception keeps
standalone lines apart: if the first paragraph ends in a word that can end a sentence and the next
one plainly starts a new sentence (an opening quote, "The", "He", ...), they stay two paragraphs
(scraped standfirsts and bullet summaries have no full stop). List items are never joined. The
last body paragraph of an article is never joined (ending without punctuation there signals
truncation, which the audit reports).

Where the markup marks every paragraph (HTML ``<p>``, DOCX paragraphs) a paragraph without a
full stop is, far more often than a cut, a standfirst or a summary line ("Hundreds of homes
evacuated as rivers burst their banks"): there two paragraphs are joined only on plain evidence
of a cut, a first one ending in a comma or a word that cannot end a sentence, or a next one
starting in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspun.ingest.credits import photo_credit
from unspun.ingest.dates import DATELINE
from unspun.ingest.page import Block, BlockHint
from unspun.ingest.patterns import (
    AGENCY_RE,
    BOILERPLATE,
    BOILERPLATE_LOOSE,
    BYLINE,
    BYLINE_CONNECTORS,
    CAPTION_START,
    CONTINUATION,
    COPYRIGHT,
    FINAL_PUNCT,
    RELATED,
    SENTENCE_END,
    SMALL_WORDS,
    URL_ONLY,
    URL_TRAILER,
)
from unspun.types import Role

__all__ = ["assign_roles", "join_broken"]


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.\-]+", text)


def _ends_sentence(text: str) -> bool:
    return bool(FINAL_PUNCT.search(text))


def _is_titlecase(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in SMALL_WORDS and w[:1].isalpha()]
    if not content:
        return False
    caps = sum(1 for w in content if w[:1].isupper())
    return caps >= 0.6 * len(content) and content[0][:1].isupper()


def _mostly_alphabetic(words: list[str]) -> bool:
    return sum(1 for w in words if any(c.isalpha() for c in w)) >= 0.7 * len(words)


def _looks_like_heading(text: str, nxt: str | None) -> bool:
    """Plain-text heading: short, no final punctuation, and not a sentence cut at a hard wrap."""
    words = _words(text)
    if not words or len(words) > 16 or nxt is None:
        return False
    if _ends_sentence(text) or text[-1] in ",;:-–—(/&" or words[-1] in CONTINUATION:
        return False
    if not text[:1].isupper() and text[:1] not in "\"'“‘" and not text[:1].isdigit():
        return False
    if nxt[:1].islower() or not _mostly_alphabetic(words):
        return False
    quoted = text[:1] in "\"'“‘" and text[-1:] in "\"'”’"
    return _is_titlecase(words) or len(words) <= 6 or quoted


def _looks_like_title(text: str, has_next: bool) -> bool:
    """Plain-text title: a first line with no final full stop, title-cased or short."""
    words = _words(text)
    if not has_next or not words or len(words) > 25 or not _mostly_alphabetic(words):
        return False
    if len(words) > 14 and not _is_titlecase(words):
        return False
    if text.endswith((".", ",", ";", ":")) or re.search(r"\.[\"”’')\]]+$", text):
        return False
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"'“‘"


def _byline_names_ok(rest: str) -> bool:
    words = [w for w in re.findall(r"[^\s,;]+", rest)]
    if not words or len(words) > 18 or re.search(r"[a-z]{2}[.!?]$", rest):
        return False
    named = [w for w in words if w.lower() not in BYLINE_CONNECTORS]
    if not named:
        return False
    caps = sum(1 for w in named if w[:1].isupper() or AGENCY_RE.fullmatch(w.strip("()")))
    return caps >= 0.8 * len(named)


def _explicit_role(block: Block) -> Role | None:
    """Return the role of a block found by a layout pattern, or None for prose."""
    text = block.text
    n_words = len(_words(text))
    if URL_ONLY.match(text):
        return Role.URL
    if URL_TRAILER.match(text) and n_words <= 30:
        return Role.URL
    if RELATED.match(text) and n_words <= 40:
        return Role.RELATED
    m = BYLINE.match(text)
    if m and _byline_names_ok(text[m.end() :].rstrip(")")):
        return Role.BYLINE
    if DATELINE.match(text):
        return Role.DATELINE
    if CAPTION_START.match(text) or (
        n_words <= 80 and len(SENTENCE_END.findall(text)) <= 2 and photo_credit(text)
    ):
        return Role.CAPTION
    if COPYRIGHT.match(text) or (BOILERPLATE.search(text) and n_words <= 30):
        return Role.BOILERPLATE
    if BOILERPLATE_LOOSE.search(text) and n_words <= 12 and not _ends_sentence(text):
        return Role.BOILERPLATE
    return None


def assign_roles(blocks: Sequence[Block], *, infer_layout: bool) -> list[Role]:
    """Give each block a role. ``infer_layout``: guess the title/headings from plain-text shape."""
    roles: list[Role] = []
    has_title = False
    explicit_headings = any(b.hint.is_heading or b.hint is BlockHint.TITLE for b in blocks)
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else None
        role: Role | None
        if block.hint is BlockHint.TITLE or (block.hint is BlockHint.H1 and not has_title):
            role = Role.TITLE
        elif block.hint.is_heading:
            role = Role.HEADING
        else:
            role = _explicit_role(block)
            if (
                role is None
                and block.hint is BlockHint.BOLD
                and not _ends_sentence(block.text)
                and len(_words(block.text)) <= 16
            ):
                role = Role.HEADING
            if (
                role is None
                and block.hint is not BlockHint.ITEM
                and not has_title
                and not explicit_headings
                and all(r is not Role.BODY for r in roles)
                and _looks_like_title(block.text, nxt is not None)
            ):
                role = Role.TITLE
            if (
                role is None
                and infer_layout
                and block.hint is not BlockHint.ITEM
                and _looks_like_heading(block.text, nxt)
            ):
                role = Role.HEADING
        has_title = has_title or role is Role.TITLE
        roles.append(role or Role.BODY)
    if Role.BODY not in roles and infer_layout:
        # Nothing left as prose: the layout guesses were wrong (a one-line text, a list of lines).
        roles = [
            Role.BODY if r in (Role.TITLE, Role.HEADING) and blocks[i].hint is BlockHint.NONE else r
            for i, r in enumerate(roles)
        ]
    return roles


_NEW_SENTENCE = re.compile(
    r"^(?:[\"“‘«]|(?:The|A|An|He|She|It|They|We|I|This|These|Those|There|His|Her|Their|Its|Our|But|However|"
    r"Meanwhile|After|When|While|According|Officials|Police)\b)"
)


def _is_broken(prev: str, nxt: str, *, explicit_paragraphs: bool) -> bool:
    """Return True if body paragraph ``prev`` was cut by a hard wrap and ``nxt`` continues it.

    ``prev`` must end without sentence-final punctuation. A standalone line such as a standfirst
    ("The woman was rushed to hospital") followed by a paragraph that plainly starts a new
    sentence ("The 30-year-old ...", an opening quote) is not joined unless ``prev`` ends
    with a word that cannot end a sentence ("in", "the", "late", a comma). With
    ``explicit_paragraphs`` only that evidence, or ``nxt`` starting in lower case, joins them.
    """
    if _ends_sentence(prev):
        return False
    words = _words(prev)
    if not words or prev[-1] in ",;:-–—(/&" or words[-1] in CONTINUATION:
        return True
    if explicit_paragraphs:
        return nxt[:1].islower()
    return not _NEW_SENTENCE.match(nxt)


def join_broken(
    blocks: Sequence[Block], roles: Sequence[Role], *, explicit_paragraphs: bool = False
) -> tuple[list[Block], list[Role]]:
    """Join a body paragraph cut without final punctuation to the body paragraph after it.

    ``explicit_paragraphs``: the input's markup marks paragraphs, so join only on plain evidence
    of a cut (see the module docstring).
    """
    out_blocks: list[Block] = []
    out_roles: list[Role] = []
    for block, role in zip(blocks, roles, strict=True):
        if (
            out_roles
            and role is Role.BODY
            and out_roles[-1] is Role.BODY
            and BlockHint.ITEM not in (block.hint, out_blocks[-1].hint)
            and _is_broken(out_blocks[-1].text, block.text, explicit_paragraphs=explicit_paragraphs)
        ):
            out_blocks[-1] = Block(out_blocks[-1].text + " " + block.text)
            continue
        out_blocks.append(Block(block.text, block.hint))
        out_roles.append(role)
    return out_blocks, out_roles
