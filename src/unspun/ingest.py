"""Read an article (plain text, Markdown or HTML; a file, bytes or a string) into an :class:`Article`.

The one normalised text
-----------------------
``Article.text`` is plain text: NFC, ``\\n`` line ends, zero-width characters and soft hyphens
removed, NBSP and other Unicode spaces turned into a plain space, runs of spaces collapsed,
each paragraph on one line and paragraphs separated by exactly one blank line (``"\\n\\n"``).
Curly quotes, apostrophes and dashes are kept as they are. Every offset in the article
(sentences, credits) points into this text.

Broken paragraphs
-----------------
A body paragraph that ends without sentence-final punctuation (``. ! ? …``, optionally followed by
closing quotes or brackets) and is directly followed by another body paragraph is a hard-wrap
artefact ("...since Avdiivka in late" / "February 2024, almost a year ago."). The two are joined
into ONE paragraph of ``Article.text``: the blank line between them is replaced by a single space,
so the sentence that crosses them is an ordinary sentence span. One exception keeps standalone
lines apart: if the first paragraph ends in a word that can end a sentence and the next one plainly
starts a new sentence (an opening quote, "The", "He", ...), they stay two paragraphs (scraped
standfirsts and bullet summaries have no full stop). List items are never joined. The last body
paragraph of an article is never joined (ending without punctuation there signals truncation,
which the audit reports).

Roles
-----
Each paragraph gets one :class:`~unspun.types.Role`. Only BODY paragraphs are split into
sentences (with :func:`unspun.segment.split_sentences`); every other paragraph becomes one
:class:`~unspun.types.Sentence` with its role. The role rules for news layout (bylines, datelines,
photo credits, "Related article:" lines, trailers) are written by hand here because no library
classifies these lines; HTML boilerplate removal itself is left to trafilatura, Markdown parsing
to markdown-it-py, encoding detection to charset_normalizer and date parsing to dateparser.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspun.config import Settings
from unspun.errors import IngestError, SegmentationError
from unspun.segment import split_sentences
from unspun.types import Article, Credit, CreditKind, DateOrigin, Role, Sentence, Span

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "article_from_bytes", "article_from_text", "load_article", "normalize_text"]

FORMATS = ("auto", "text", "markdown", "html")

# --------------------------------------------------------------------------- normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def normalize_text(text: str) -> str:
    """Normalise raw text once: NFC, ``\\n`` newlines, no zero-width characters, plain spaces.

    Runs of spaces and tabs become one space, lines lose trailing spaces, control characters
    (other than newlines) are dropped. Quotes and dashes are kept as they are.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def _clean_block(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- decoding

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


def _text_share_ok(text: str) -> bool:
    """Return False if more than 5% of the first 64k characters are controls or private-use."""
    sample = text[:65536]
    return len(_NON_TEXT.findall(sample)) <= 0.05 * len(sample)


def _decode(data: bytes, origin: str) -> str:
    """Decode bytes: BOM (UTF-8/16/32), else strict UTF-8, else charset_normalizer (cp1252 first)."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    text: str | None = None
    for bom, enc in boms:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"{origin}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason}); "
                    "re-save it as UTF-8"
                ) from None
            break
    if text is None:
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
    import charset_normalizer

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


# --------------------------------------------------------------------------- blocks


@dataclass(slots=True)
class _Block:
    """One paragraph-level unit before roles are assigned.

    ``hint``: "h1".."h6" (explicit heading), "bold" (a paragraph that is all bold), "item" (a list
    item), "title" (HTML metadata title), or "" (nothing known).
    """

    text: str
    hint: str = ""


_FINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")


_BULLET = re.compile(r"^(?:[-*•–·▪]|\d{1,2}[.)])\s+\S")


def _is_wrapped(lines: list[str]) -> bool:
    """Return True if a run of lines without blank lines looks hard-wrapped (one paragraph)."""
    heads = lines[:-1]
    lengths = [len(x) for x in heads]
    if max(lengths) > 100 or max(lengths) < 40 or min(lengths) < 0.6 * max(lengths):
        return False
    if sum(1 for x in lines if _BULLET.match(x)) > 1:
        return False
    open_ends = sum(1 for x in heads if not _FINAL.search(x))
    return open_ends * 2 >= len(heads)


def _text_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [x.strip() for x in chunk.split("\n") if x.strip()]
        if not lines:
            continue
        if len(lines) > 1 and _is_wrapped(lines):
            blocks.append(_Block(_clean_block(" ".join(lines))))
        else:
            blocks.extend(_Block(_clean_block(x), "item" if _BULLET.match(x) else "") for x in lines)
    return blocks


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
    text = _clean_block("".join(parts))
    return text, bool(text) and not has_plain


def _markdown_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    heading = ""
    list_depth = 0
    for token in _markdown_parser().parse(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth = max(list_depth - 1, 0)
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "inline":
            rendered, all_bold = _render_inline(token)
            if rendered:
                hint = heading or ("item" if list_depth else "") or ("bold" if all_bold else "")
                blocks.append(_Block(rendered, hint))
        elif token.type in ("fence", "code_block"):
            blocks.extend(_Block(_clean_block(x)) for x in token.content.split("\n\n") if x.strip())
        # Raw HTML blocks in Markdown (embeds, scripts, ad slots) are dropped, never parsed by hand.
    return blocks


@dataclass(slots=True)
class _HtmlMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    url: str | None = None
    sitename: str | None = None


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


def _html_blocks(html: str, origin: str) -> tuple[list[_Block], _HtmlMeta]:
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
    meta = _HtmlMeta(
        title=_clean_block(doc.title) if doc.title else None,
        authors=tuple(a.strip() for a in re.split(r";|\band\b|,", doc.author or "") if a.strip()),
        date=doc.date,
        url=doc.url,
        sitename=_clean_block(doc.sitename) if doc.sitename else None,
    )
    for lb in doc.body.iter("lb"):  # a <br> between two lines must not glue their words
        lb.tail = " " + (lb.tail or "")
    blocks: list[_Block] = []
    for el in doc.body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            rend = str(el.get("rend") or "h2")
            hint = rend if re.fullmatch(r"h[1-6]", rend) else "h2"
            blocks.append(_Block(_clean_block("".join(el.itertext())), hint))
        elif tag in ("list", "table"):
            for item in el.iter("item", "row"):
                cells = [_clean_block("".join(c.itertext())) for c in item.iter("cell")]
                line = " | ".join(c for c in cells if c) if cells else _clean_block("".join(item.itertext()))
                blocks.append(_Block(line))
        elif tag == "graphic":
            continue
        elif tag == "p" and _is_all_bold(el):
            blocks.append(_Block(_clean_block("".join(el.itertext())), "bold"))
        else:
            blocks.append(
                _Block(_clean_block(" ".join(el.itertext()) if tag == "quote" else "".join(el.itertext())))
            )
    blocks = [b for b in blocks if b.text]
    if meta.title and not (blocks and blocks[0].hint == "h1" and blocks[0].text == meta.title):
        if blocks and blocks[0].text == meta.title:
            blocks[0].hint = "h1"
        else:
            blocks.insert(0, _Block(meta.title, "title"))
    return blocks, meta


# --------------------------------------------------------------------------- roles

_AGENCIES = {
    "afp": "AFP", "ap": "AP", "reuters": "Reuters", "bloomberg": "Bloomberg", "dpa": "dpa", "ansa": "ANSA",
    "efe": "EFE", "xinhua": "Xinhua", "tass": "TASS", "interfax": "Interfax", "upi": "UPI", "pa": "PA",
    "ani": "ANI", "kyodo": "Kyodo", "yonhap": "Yonhap", "associated press": "AP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "press association": "PA",
}  # fmt: skip
_AGENCY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(_AGENCIES, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(r"^<?((?:https?://|www\.)[^\s<>]+)>?$", re.IGNORECASE)
_URL_IN = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
_URL_TRAILER = re.compile(
    r"^(?:original|source|article|canonical)\s+(?:url|link|article)\s*:|^originally published (?:at|on|by)\b",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:articles?|stor(?:y|ies)|content|coverage|news|reading|links?))?|read more|"
    r"read also|also read|see also|more on this(?: story)?|recommended(?: reading| for you)?|further reading|"
    r"more from [^:]{1,40}|watch|listen)\s*[:\-–—»|]|^see also\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^\(?(?:by|written by|words by|reporting by|story by|text by|report by|(?:source|sources|credits?)\s*:)"
    r"\s*(?=\S)",
    re.IGNORECASE,
)
_BYLINE_CONNECTORS = {"and", "for", "in", "with", "of", "the", "de", "van", "von", "al", "bin", "da", "del",
                      "la", "le", "du", "&", "|", "-", "–", "—", "editing", "by", "additional"}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|"
    rf"\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
)
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\||T)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:[A-Z]{2,5}|Z|[+-]\d{2}:?\d{2}))?)?"
)
_DATELINE = re.compile(
    r"^(?:(?P<label>published|updated|posted|last updated|date|first published|last modified)"
    r"(?:\s+on)?\s*:?\s*)?"
    rf"(?P<date>{_DATE}){_TIME}\.?$",
    re.IGNORECASE,
)
_CREDIT_SLASH = re.compile(
    r"(?:^|(?<=[.!?…\"”’)]\s)|(?<=[.!?…]))\s*(?P<credit>\(?(?:[A-Z][\w'’.\-]*\s+){0,5}[A-Z][\w'’.\-]*\s*/\s*"
    r"[A-Za-z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3}\)?)$"
)
_CREDIT_PAREN = re.compile(
    r"\((?:photo|image|picture|photograph|credit|video)s?(?:\s+(?:by|credit))?\s*:?\s*(?P<credit>[^()]{2,100})\)$",
    re.IGNORECASE,
)
_CREDIT_AGENCY_PHOTO = re.compile(
    r"\((?P<credit>[A-Z][\w.&]*\s+(?:photo|image|video|pool photo)s?\s*/\s*[^()]{2,80})\)$", re.IGNORECASE
)
_CREDIT_LABEL = re.compile(
    r"(?:^|(?<=\s))(?:photo|image|picture|photograph)s?(?:\s+credit)?\s*(?::|\bby\b)\s*(?P<credit>[^.!?]{2,100})$",
    re.IGNORECASE,
)
_CREDIT_GETTY = re.compile(r"(?P<credit>(?:[A-Z][\w'’.\-]*\s+){0,6}(?:via\s+)?Getty Images)$")
_CAPTION_START = re.compile(
    r"^(?:in this\s+(?:\w+\s+)?(?:photograph|photo|picture|image|handout|screengrab|video grab)|"
    r"this\s+(?:\w+\s+)?(?:photograph|photo|picture|image|handout|screengrab|screenshot|video grab|"
    r"satellite image|aerial view|file photo)s?,?(?:\s+\w+)?\s+"
    r"(?:shows?|taken|released|provided|obtained|made available|posted|published|shared|distributed|grab))\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}|by\b))", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"\ball rights reserved\b|^(?:subscribe|sign up|sign in|log in|click here|tap here|continue reading|"
    r"download (?:the|our) app|support (?:our|independent)|join our|get the latest|we use cookies|"
    r"this (?:site|website) uses cookies|accept (?:all )?cookies|share (?:this|on|via)|follow (?:us|@|on)|"
    r"register (?:now|here|for free)|scroll down for|story continue[sd] below|take our poll|"
    r"advertisement continue reading|view results|skip (?:to|this)|watch (?:the )?video|media playback is)\b|"
    r"^(?:advertisement|sponsored(?: content)?|share|tweet|print|e-?mail|comments?|loading|close|menu)\W*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(]?[A-Z])")
_BOILERPLATE_LOOSE = re.compile(r"\b(?:newsletter|cookies?|subscribe|subscription)\b", re.IGNORECASE)
_SMALL_WORDS = frozenset(
    """a an the of in on at to for and or but nor with from by as vs via over into onto per than up""".split()  # noqa: SIM905
)
_CONTINUATION = _SMALL_WORDS | frozenset(
    """is was were are be been being has have had that which who whom whose this these those its their his
    her our my your late early mid said says will would could should can may might must not no if when
    while about after before since until because although though than then also such some many most more
    less""".split()  # noqa: SIM905
)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’.\-]+", text)


def _ends_sentence(text: str) -> bool:
    return bool(_FINAL.search(text))


def _is_titlecase(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
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
    if _ends_sentence(text) or text[-1] in ",;:-–—(/&" or words[-1] in _CONTINUATION:
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
    named = [w for w in words if w.lower() not in _BYLINE_CONNECTORS]
    if not named:
        return False
    caps = sum(1 for w in named if w[:1].isupper() or _AGENCY_RE.fullmatch(w.strip("()")))
    return caps >= 0.8 * len(named)


def _photo_credit(text: str) -> re.Match[str] | None:
    """Return the match of a photo credit that ends ``text`` (group "credit"), or None."""
    pos = max(0, len(text) - 240)  # a credit is short: scanning only the tail avoids backtracking costs
    for pattern in (_CREDIT_PAREN, _CREDIT_AGENCY_PHOTO, _CREDIT_SLASH, _CREDIT_LABEL, _CREDIT_GETTY):
        m = pattern.search(text, pos)
        if m:
            return m
    return None


def _explicit_role(block: _Block) -> Role | None:
    """Return the role of a block found by a layout pattern, or None for prose."""
    text = block.text
    n_words = len(_words(text))
    if _URL_ONLY.match(text):
        return Role.URL
    if _URL_TRAILER.match(text) and n_words <= 30:
        return Role.URL
    if _RELATED.match(text) and n_words <= 40:
        return Role.RELATED
    m = _BYLINE.match(text)
    if m and _byline_names_ok(text[m.end() :].rstrip(")")):
        return Role.BYLINE
    if _DATELINE.match(text):
        return Role.DATELINE
    if _CAPTION_START.match(text) or (
        n_words <= 80 and len(_SENTENCE_END.findall(text)) <= 2 and _photo_credit(text)
    ):
        return Role.CAPTION
    if _COPYRIGHT.match(text) or (_BOILERPLATE.search(text) and n_words <= 30):
        return Role.BOILERPLATE
    if _BOILERPLATE_LOOSE.search(text) and n_words <= 12 and not _ends_sentence(text):
        return Role.BOILERPLATE
    return None


def _assign_roles(blocks: list[_Block], *, infer_layout: bool) -> list[Role]:
    """Give each block a role. ``infer_layout``: guess the title/headings from plain-text shape."""
    roles: list[Role] = []
    has_title = False
    explicit_headings = any(b.hint.startswith("h") or b.hint == "title" for b in blocks)
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1].text if i + 1 < len(blocks) else None
        role: Role | None
        if block.hint == "title" or (block.hint == "h1" and not has_title):
            role = Role.TITLE
        elif block.hint.startswith("h"):
            role = Role.HEADING
        else:
            role = _explicit_role(block)
            if (
                role is None
                and block.hint == "bold"
                and not _ends_sentence(block.text)
                and len(_words(block.text)) <= 16
            ):
                role = Role.HEADING
            if (
                role is None
                and block.hint != "item"
                and not has_title
                and not explicit_headings
                and all(r is not Role.BODY for r in roles)
                and _looks_like_title(block.text, nxt is not None)
            ):
                role = Role.TITLE
            if (
                role is None
                and infer_layout
                and block.hint != "item"
                and _looks_like_heading(block.text, nxt)
            ):
                role = Role.HEADING
        has_title = has_title or role is Role.TITLE
        roles.append(role or Role.BODY)
    if Role.BODY not in roles and infer_layout:
        # Nothing left as prose: the layout guesses were wrong (a one-line text, a list of lines).
        roles = [
            Role.BODY if r in (Role.TITLE, Role.HEADING) and not blocks[i].hint else r
            for i, r in enumerate(roles)
        ]
    return roles


_NEW_SENTENCE = re.compile(
    r"^(?:[\"“‘«]|(?:The|A|An|He|She|It|They|We|I|This|These|Those|There|His|Her|Their|Its|Our|But|However|"
    r"Meanwhile|After|When|While|According|Officials|Police)\b)"
)


def _is_broken(prev: str, nxt: str) -> bool:
    """Return True if body paragraph ``prev`` was cut by a hard wrap and ``nxt`` continues it.

    ``prev`` must end without sentence-final punctuation. A standalone line such as a standfirst
    ("The woman was rushed to hospital") followed by a paragraph that plainly starts a new
    sentence ("The 30-year-old ...", an opening quote) is not joined unless ``prev`` ends
    with a word that cannot end a sentence ("in", "the", "late", a comma).
    """
    if _ends_sentence(prev):
        return False
    words = _words(prev)
    if not words or prev[-1] in ",;:-–—(/&" or words[-1] in _CONTINUATION:
        return True
    return not _NEW_SENTENCE.match(nxt)


def _join_broken(blocks: list[_Block], roles: list[Role]) -> tuple[list[_Block], list[Role]]:
    """Join a body paragraph cut without final punctuation to the body paragraph after it."""
    out_blocks: list[_Block] = []
    out_roles: list[Role] = []
    for block, role in zip(blocks, roles, strict=True):
        if (
            out_roles
            and role is Role.BODY
            and out_roles[-1] is Role.BODY
            and "item" not in (block.hint, out_blocks[-1].hint)
            and _is_broken(out_blocks[-1].text, block.text)
        ):
            out_blocks[-1] = _Block(out_blocks[-1].text + " " + block.text)
            continue
        out_blocks.append(_Block(block.text, block.hint))
        out_roles.append(role)
    return out_blocks, out_roles


# --------------------------------------------------------------------------- credits and dates


def _agency_credits(text: str, offset: int) -> Iterator[Credit]:
    for m in _AGENCY_RE.finditer(text):
        yield Credit(
            CreditKind.AGENCY, _AGENCIES[m.group(1).lower()], Span(offset + m.start(1), offset + m.end(1))
        )


_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|de|van|von|al|bin|da|del|la|le|du|der|den|ter|ten|y)$")
_BYLINE_SEP = re.compile(r"\s*(?:[,;&|()/]|\s[-–—]\s)\s*|\s+(?:and|for|with)\s+", re.IGNORECASE)
_BYLINE_LEAD = re.compile(r"^\(?(?:(?:\w+\s+)?by\s+|(?:source|sources|credits?)\s*:\s*)", re.IGNORECASE)
_ROLE_WORDS = re.compile(
    r"\s+(?:(?:staff|senior|chief|special|foreign|political|news|business)\s+)?(?:writer|reporter|correspondent|"
    r"editor|contributor|journalist|columnist|desk|bureau|team)s?\b.*$",
    re.IGNORECASE,
)
_ROLE_LEAD = re.compile(
    r"^(?:(?:staff|senior|chief|special|foreign|political|news|business)\s+)?(?:writer|reporter|correspondent|"
    r"editor|contributor|journalist|columnist)s?\s+",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\s+in\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?$")


def _byline_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield the agencies and author names of a byline ("By X and Y, Reuters").

    A "Source: X" line names a publisher, not an author.
    """
    yield from _agency_credits(text, offset)
    kind = (
        CreditKind.PUBLISHER
        if re.match(r"\(?(?:source|credit)s?\s*:", text, re.IGNORECASE)
        else CreditKind.AUTHOR
    )
    pos = 0
    pieces: list[tuple[int, str]] = []
    for sep in _BYLINE_SEP.finditer(text):
        pieces.append((pos, text[pos : sep.start()]))
        pos = sep.end()
    pieces.append((pos, text[pos:]))
    for start, piece in pieces:
        lead = _BYLINE_LEAD.match(piece)
        if lead and re.search(r"\bedit", lead.group(0), re.IGNORECASE):
            continue  # "Editing by X" names an editor, not an author
        skip = lead.end() if lead else 0
        role_lead = _ROLE_LEAD.match(piece[skip:])
        skip += role_lead.end() if role_lead else 0
        name = _PLACE.sub("", _ROLE_WORDS.sub("", piece[skip:])).rstrip(" .")
        tokens = name.split()
        if not tokens or len(tokens) > 5 or _AGENCY_RE.fullmatch(name):
            continue
        if tokens[0][:1].isupper() and all(_NAME_TOKEN.match(t) for t in tokens):
            s = offset + start + skip
            yield Credit(kind, name, Span(s, s + len(name)))


@functools.lru_cache(maxsize=1024)
def _parse_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(
        raw,
        languages=["en"],
        settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


# --------------------------------------------------------------------------- public API


def _sniff(text: str) -> str:
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or (head.startswith("<?xml") and "<html" in head):
        return "html"
    if re.search(r"^#{1,6}\s+\S", text, re.MULTILINE) or re.search(
        r"\[[^\]\n]+\]\((?:https?://|#|/)[^)\s]*\)|^\s*<https?://[^>\s]+>\s*$|^\*\*[^*\n]+\*\*",
        text,
        re.MULTILINE,
    ):
        return "markdown"
    return "text"


def _check_format(fmt: str, origin: str) -> None:
    if fmt not in FORMATS:
        raise IngestError(f"{origin}: unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def article_from_text(
    text: str,
    *,
    doc_id: str,
    fmt: str = "auto",
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Build an :class:`Article` from text in one of the supported formats.

    Args:
        text: The article as plain text, Markdown or HTML.
        doc_id: Identifier kept in the article (a path, URL or key).
        fmt: "auto" (sniff), "text", "markdown" or "html".
        published: Publication date given by the caller; overrides any date found (GIVEN).
        url: Canonical URL given by the caller; overrides any URL found.
        title: Title given by the caller; overrides any title found.
        settings: Settings; ``settings.ingest`` limits sizes.

    Returns:
        The article; ``text[s.span.start:s.span.end] == s.text`` for every sentence.

    Raises:
        IngestError: unknown format, empty input, input larger than ``ingest.max_bytes``.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    _check_format(fmt, doc_id)
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
    if fmt == "auto":
        fmt = _sniff(text)
    meta = _HtmlMeta()
    if fmt == "html":
        blocks, meta = _html_blocks(text, doc_id)
        blocks = [_Block(_clean_block(normalize_text(b.text)), b.hint) for b in blocks]
        if meta.title:
            meta.title = _clean_block(normalize_text(meta.title))
    else:
        norm = normalize_text(text)
        blocks = _markdown_blocks(norm) if fmt == "markdown" else _text_blocks(norm)
    blocks = [b for b in blocks if b.text]
    if not blocks:
        raise IngestError(f"{doc_id}: input has no text after normalisation; pass an article with some text")
    roles = _assign_roles(blocks, infer_layout=fmt == "text")
    blocks, roles = _join_broken(blocks, roles)
    return _build(blocks, roles, meta, doc_id=doc_id, fmt=fmt, published=published, url=url, title=title,
                  settings=settings)  # fmt: skip


def _build(
    blocks: list[_Block],
    roles: list[Role],
    meta: _HtmlMeta,
    *,
    doc_id: str,
    fmt: str,
    published: dt.date | None,
    url: str | None,
    title: str | None,
    settings: Settings,
) -> Article:
    text = "\n\n".join(b.text for b in blocks)
    sentences: list[Sentence] = []
    credits: list[Credit] = []
    found_title: str | None = None
    found_url: str | None = None
    dates: list[tuple[bool, str]] = []  # (labelled "Published", raw date)
    offset = 0
    first_body = True
    for para, (block, role) in enumerate(zip(blocks, roles, strict=True)):
        btext = block.text
        if role is Role.BODY:
            for a, b in split_sentences(btext, offset, max_chars=settings.ingest.max_sentence_chars):
                sentences.append(Sentence(len(sentences), Span(a, b), text[a:b], Role.BODY, para))
            if first_body:
                lead = re.match(r"^[A-Z][\w .,'’\-]{0,60}?\(([^()]{2,30})\)\s*[-–—:]", btext)
                if lead and _AGENCY_RE.fullmatch(lead.group(1).strip()):
                    credits.extend(_agency_credits(lead.group(1), offset + lead.start(1)))
                first_body = False
        else:
            sentences.append(Sentence(len(sentences), Span(offset, offset + len(btext)), btext, role, para))
        if role is Role.TITLE and found_title is None:
            found_title = btext
        elif role is Role.BYLINE:
            credits.extend(_byline_credits(btext, offset))
        elif role is Role.CAPTION:
            m = _photo_credit(btext)
            if m:
                credit = m.group("credit").strip("() ")
                start = offset + btext.index(credit, m.start("credit"))
                credits.append(Credit(CreditKind.PHOTO, credit, Span(start, start + len(credit))))
                credits.extend(_agency_credits(credit, start))
        elif role is Role.URL:
            for um in _URL_IN.finditer(btext):
                value = um.group(0).rstrip(".,;)>")
                credits.append(
                    Credit(CreditKind.URL, value, Span(offset + um.start(), offset + um.start() + len(value)))
                )
                found_url = found_url or value
        elif role is Role.DATELINE:
            dm = _DATELINE.match(btext)
            if dm:
                label = (dm.group("label") or "").lower()
                if label not in ("updated", "last updated", "last modified"):
                    dates.append((label in ("published", "first published", "posted"), dm.group("date")))
        offset += len(btext) + 2
    # HTML metadata: credits without a span unless the value appears in the text.
    for author in meta.authors:
        credits.append(Credit(CreditKind.AUTHOR, author, _find_span(text, author)))
    if meta.sitename:
        credits.append(Credit(CreditKind.PUBLISHER, meta.sitename, None))
    if meta.url and not found_url:
        credits.append(Credit(CreditKind.URL, meta.url, _find_span(text, meta.url)))
        found_url = meta.url
    if not any(s.role is Role.BODY for s in sentences):
        raise SegmentationError(
            f"{doc_id}: no body sentences found (only titles, bylines, captions or links); "
            "pass the article text"
        )
    date_value: dt.date | None = None
    origin = DateOrigin.NONE
    if published is not None:
        date_value, origin = published, DateOrigin.GIVEN
    else:
        candidates: list[str] = [meta.date] if meta.date else []
        candidates += [raw for labelled, raw in sorted(dates, key=lambda d: not d[0])]
        for raw in candidates:
            date_value = _parse_date(raw)
            if date_value is not None:
                origin = DateOrigin.METADATA
                break
    return Article(
        doc_id=doc_id,
        text=text,
        sentences=tuple(sentences),
        title=title if title is not None else (found_title or meta.title),
        published=date_value,
        date_origin=origin,
        url=url if url is not None else found_url,
        credits=_dedupe(credits),
        input_format=fmt,
    )


def _find_span(text: str, value: str) -> Span | None:
    pos = text.find(value)
    return Span(pos, pos + len(value)) if pos >= 0 else None


def _dedupe(credits: list[Credit]) -> tuple[Credit, ...]:
    seen: set[tuple[CreditKind, str]] = set()
    out: list[Credit] = []
    for c in credits:
        key = (c.kind, c.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)


def article_from_bytes(
    data: bytes,
    *,
    doc_id: str,
    fmt: str = "auto",
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Decode bytes (UTF-8 with or without BOM, UTF-16/32 with BOM, legacy 8-bit) and ingest them.

    Raises:
        IngestError: too large, binary, undecodable or empty input.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    _check_format(fmt, doc_id)
    if len(data) > settings.ingest.max_bytes:
        raise IngestError(
            f"{doc_id}: input is {len(data)} bytes, larger than "
            f"ingest.max_bytes={settings.ingest.max_bytes}; pass a single article or raise the limit"
        )
    if not data.strip():
        raise IngestError(f"{doc_id}: input is empty; pass an article with some text")
    text = _decode(data, doc_id)
    return article_from_text(
        text, doc_id=doc_id, fmt=fmt, published=published, url=url, title=title, settings=settings
    )


_EXT_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".md": "markdown", ".markdown": "markdown"}


def load_article(
    path: str | Path,
    *,
    doc_id: str | None = None,
    fmt: str = "auto",
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Article:
    """Read one article file.

    ``fmt="auto"`` picks the format from the extension (.html/.htm, .md/.markdown) and otherwise
    sniffs the content (an HTML document, or a text with Markdown headings/links).

    Raises:
        IngestError: missing path, a directory, unreadable, too large (checked before reading),
            binary, undecodable or empty.
        SegmentationError: no body sentences.
    """
    settings = settings or Settings()
    p = Path(path)
    name = str(path)
    _check_format(fmt, name)
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
    if fmt == "auto":
        ext_fmt = _EXT_FORMATS.get(p.suffix.lower())
        if ext_fmt is not None:
            fmt = ext_fmt
    return article_from_bytes(
        data, doc_id=doc_id if doc_id is not None else name, fmt=fmt, published=published, settings=settings
    )
