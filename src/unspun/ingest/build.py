"""Assemble an :class:`~unspun.types.Article` from role-tagged blocks: the one normalised text,
its sentences, credits, title, URL and publication date.

``Article.text`` is the blocks joined by exactly one blank line (``"\\n\\n"``); every offset in
the article (sentences, credits) points into it. Only BODY blocks are split into sentences (with
:func:`unspun.text.split_sentences`); every other block becomes one sentence with its role. The
body's language is detected here (:mod:`unspun.ingest.language`, from a bounded prefix).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from unspun.config import Settings
from unspun.errors import SegmentationError
from unspun.ingest.credits import (
    byline_credits,
    caption_credits,
    dedupe_credits,
    lead_agency_credits,
    url_credits,
)
from unspun.ingest.dates import Dateline, first_date, read_dateline
from unspun.ingest.language import body_language
from unspun.ingest.page import Block, PageMeta
from unspun.text import split_sentences
from unspun.types import Article, Credit, CreditKind, DateOrigin, InputFormat, Role, Sentence, Span

__all__ = ["build_article"]


def build_article(
    blocks: Sequence[Block],
    roles: Sequence[Role],
    meta: PageMeta,
    *,
    doc_id: str,
    fmt: InputFormat,
    published: dt.date | None,
    url: str | None,
    title: str | None,
    settings: Settings,
) -> Article:
    """Build the article; ``published``, ``url`` and ``title`` given by the caller win over found ones.

    Raises:
        SegmentationError: no BODY block.
    """
    text = "\n\n".join(b.text for b in blocks)
    sentences: list[Sentence] = []
    credits: list[Credit] = []
    found_title: str | None = None
    found_url: str | None = None
    datelines: list[Dateline] = []
    offset = 0
    first_body = True
    for para, (block, role) in enumerate(zip(blocks, roles, strict=True)):
        btext = block.text
        if role is Role.BODY:
            for a, b in split_sentences(btext, offset, max_chars=settings.ingest.max_sentence_chars):
                sentences.append(Sentence(len(sentences), Span(a, b), text[a:b], Role.BODY, para))
            if first_body:
                credits.extend(lead_agency_credits(btext, offset))
                first_body = False
        else:
            sentences.append(Sentence(len(sentences), Span(offset, offset + len(btext)), btext, role, para))
        if role is Role.TITLE and found_title is None:
            found_title = btext
        elif role is Role.BYLINE:
            credits.extend(byline_credits(btext, offset))
        elif role is Role.CAPTION:
            credits.extend(caption_credits(btext, offset))
        elif role is Role.URL:
            links = list(url_credits(btext, offset))
            credits.extend(links)
            if found_url is None and links:
                found_url = links[0].value
        elif role is Role.DATELINE:
            dateline = read_dateline(btext)
            if dateline is not None:
                datelines.append(dateline)
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
        date_value = first_date(meta.date, datelines)
        if date_value is not None:
            origin = DateOrigin.METADATA
    return Article(
        doc_id=doc_id,
        text=text,
        sentences=tuple(sentences),
        title=title if title is not None else (found_title or meta.title),
        published=date_value,
        date_origin=origin,
        url=url if url is not None else found_url,
        credits=dedupe_credits(credits),
        input_format=fmt,
        language=body_language(sentences),
    )


def _find_span(text: str, value: str) -> Span | None:
    pos = text.find(value)
    return Span(pos, pos + len(value)) if pos >= 0 else None
