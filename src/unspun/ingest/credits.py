"""Credits an article gives: agencies, authors, photo credits, its own URL.

Each function reads one kind of line (a byline, a caption, a URL trailer, the lead of the first
body paragraph) and yields :class:`~unspun.types.Credit` values whose spans point into the
article text (``offset`` is where the line starts in it). Names are told from the words around
them by hand-written rules: no library parses news bylines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from unspun.ingest.patterns import (
    AGENCIES,
    AGENCY_RE,
    CREDIT_AGENCY_PHOTO,
    CREDIT_GETTY,
    CREDIT_LABEL,
    CREDIT_PAREN,
    CREDIT_SLASH,
    URL_IN,
)
from unspun.types import Credit, CreditKind, Span

__all__ = [
    "agency_credits",
    "byline_credits",
    "caption_credits",
    "dedupe_credits",
    "lead_agency_credits",
    "photo_credit",
    "url_credits",
]


def agency_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield an AGENCY credit for every news agency named in ``text``."""
    for m in AGENCY_RE.finditer(text):
        yield Credit(
            CreditKind.AGENCY, AGENCIES[m.group(1).lower()], Span(offset + m.start(1), offset + m.end(1))
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
# The last word of an outlet's name ("BBC News", "USA TODAY"): a byline piece ending so is the
# publisher, not an author.
_OUTLET_WORD = re.compile(
    r"\b(?:news|times|post|press|journal|today|herald|tribune|magazine|network|radio|tv|daily|online|media|"
    r"wire|gazette|telegraph|chronicle|examiner|observer|guardian|independent)$",
    re.IGNORECASE,
)
# A possessive or a colon in a caption's "credit" marks a gallery or link title ("PHOTOS: Harry
# Reid's career"), not the names of photographers or agencies.
_TITLE_LIKE = re.compile(r"[’']s\b|:")


def byline_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield the agencies and author names of a byline ("By X and Y, Reuters").

    A "Source: X" line names a publisher, not an author.
    """
    yield from agency_credits(text, offset)
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
        if not tokens or len(tokens) > 5 or AGENCY_RE.fullmatch(name):
            continue
        if len(tokens) == 1 and not lead and kind is CreditKind.AUTHOR:
            continue  # one word, no "By" before it: a dateline place ("..., BBC News, Shanghai") or a label
        if tokens[0][:1].isupper() and all(_NAME_TOKEN.match(t) for t in tokens):
            s = offset + start + skip
            piece_kind = CreditKind.PUBLISHER if _OUTLET_WORD.search(name) else kind
            yield Credit(piece_kind, name, Span(s, s + len(name)))


def photo_credit(text: str) -> re.Match[str] | None:
    """Return the match of a photo credit that ends ``text`` (group "credit"), or None."""
    pos = max(0, len(text) - 240)  # a credit is short: scanning only the tail avoids backtracking costs
    for pattern in (CREDIT_PAREN, CREDIT_AGENCY_PHOTO, CREDIT_SLASH, CREDIT_LABEL, CREDIT_GETTY):
        m = pattern.search(text, pos)
        if m:
            return m
    return None


def caption_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield the PHOTO credit that ends a caption, and the agencies it names."""
    m = photo_credit(text)
    if m:
        credit = m.group("credit").strip("() ")
        if _TITLE_LIKE.search(credit):
            return
        start = offset + text.index(credit, m.start("credit"))
        yield Credit(CreditKind.PHOTO, credit, Span(start, start + len(credit)))
        yield from agency_credits(credit, start)


def lead_agency_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield the agency of a wire lead ("SEAVIEW, Maine (AP) — ...") that opens the first paragraph."""
    lead = re.match(r"^[A-Z][\w .,'’\-]{0,60}?\(([^()]{2,30})\)\s*[-–—:]", text)
    if lead and AGENCY_RE.fullmatch(lead.group(1).strip()):
        yield from agency_credits(lead.group(1), offset + lead.start(1))


def url_credits(text: str, offset: int) -> Iterator[Credit]:
    """Yield a URL credit for every link in a URL line (trailing punctuation left out)."""
    for um in URL_IN.finditer(text):
        value = um.group(0).rstrip(".,;)>")
        yield Credit(CreditKind.URL, value, Span(offset + um.start(), offset + um.start() + len(value)))


def dedupe_credits(credits: Iterable[Credit]) -> tuple[Credit, ...]:
    """Keep the first credit of each kind and case-folded value, in order."""
    seen: set[tuple[CreditKind, str]] = set()
    out: list[Credit] = []
    for c in credits:
        key = (c.kind, c.value.casefold())
        if key not in seen:
            seen.add(key)
            out.append(c)
    return tuple(out)
