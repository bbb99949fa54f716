"""Exclusions: the parts of an article the audit leaves out when judging derivation.

A newsroom checking a rewrite usually wants to ignore what any two articles on one story share
by nature: direct quotations of the same speaker, and boilerplate lines (subscribe prompts,
"Reporting by ...; Editing by ..." credit lines, copyright notices). :func:`apply_exclusions`
relabels such body sentences :attr:`~unspun.types.Role.EXCLUDED`; every stage after ingest
(facts, alignment, audit, metrics) reads body sentences only, so an excluded sentence is not
aligned, counts toward no share and gets no finding. The text and every offset stay as they were.

Which sentences, per :class:`~unspun.config.ExcludeSettings`:

* ``quotes``: at least ``quote_min_share`` of the sentence's non-space characters lie inside
  quotation marks (paired per paragraph by :func:`unspun.facts.find_quote_regions`, the pairing
  the quote facts use);
* ``boilerplate``: the sentence matches ingest's boilerplate, copyright, URL-trailer or
  "Related" patterns (which ingest applies to whole paragraphs only, with the same word limits),
  or one of the credit and prompt lines below, wherever it stands in the article.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass

from unspun.config import ExcludeSettings
from unspun.facts import find_quote_regions
from unspun.ingest.patterns import BOILERPLATE, BOILERPLATE_LOOSE, COPYRIGHT, RELATED, URL_TRAILER
from unspun.types import Article, Role, Sentence

__all__ = ["Excluded", "apply_exclusions", "is_boilerplate"]

# Lines inside the body that credit or promote rather than report (written by hand: no library
# classifies them). Matched at the start of a sentence unless they say otherwise.
_CREDIT_LINES = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|research|graphics)\s+by\s+(?-i:[A-Z])|"
    r"\bcontributed (?:reporting )?to (?:this|the) (?:report|story|article)\b|"
    r"^(?:this|the) (?:article|story|report|post) (?:was|has been|is|first|originally)\s+"
    r"(?:updated|corrected|amended|published|posted|appeared)\b|"
    r"^(?:the )?(?:views|opinions) expressed (?:in|here|on)\b|"
    r"\b(?:follow|like) (?:us|him|her|them|[A-Z][\w.]*) on (?:twitter|facebook|instagram|x|tiktok|threads)\b|"
    r"^for (?:more|the latest) (?:news|stories|updates|coverage|information) (?:on|about|from|visit|go)\b|"
    r"^(?:get|read) (?:our|the) [\w ]{0,30}newsletter\b",
    re.IGNORECASE,
)
_MAX_WORDS = 30  # ingest's limit for a boilerplate line: a longer sentence is prose that mentions it
_LOOSE_MAX_WORDS = 12  # ingest's limit for a line with "newsletter", "subscribe", ... to be a prompt


@dataclass(frozen=True, slots=True)
class Excluded:
    """What :func:`apply_exclusions` left out of one article: sentence indices per reason."""

    quotes: tuple[int, ...] = ()
    boilerplate: tuple[int, ...] = ()

    def __len__(self) -> int:
        return len(self.quotes) + len(self.boilerplate)


def is_boilerplate(text: str) -> bool:
    """Return True if the sentence ``text`` is a boilerplate line (prompt, credit, copyright)."""
    line = text.strip()
    words = len(line.split())
    if COPYRIGHT.match(line) or URL_TRAILER.match(line) or RELATED.match(line):
        return True
    if words <= _MAX_WORDS and (BOILERPLATE.search(line) or _CREDIT_LINES.search(line)):
        return True
    return words <= _LOOSE_MAX_WORDS and bool(BOILERPLATE_LOOSE.search(line))


def _quoted_share(article: Article, body: list[Sentence]) -> dict[int, float]:
    """Share of each body sentence's non-space characters that lies inside a quotation."""
    text = article.text
    paragraphs: dict[int, list[Sentence]] = defaultdict(list)
    for s in body:
        paragraphs[s.paragraph].append(s)
    shares: dict[int, float] = {}
    for sentences in paragraphs.values():
        start, end = sentences[0].span.start, sentences[-1].span.end
        regions = find_quote_regions(text, start, end)
        for s in sentences:
            total = sum(1 for ch in s.text if not ch.isspace())
            inside = 0
            for a, b in regions:
                lo, hi = max(a, s.span.start), min(b, s.span.end)
                if lo < hi:
                    inside += sum(1 for ch in text[lo:hi] if not ch.isspace())
            shares[s.index] = inside / total if total else 0.0
    return shares


def apply_exclusions(article: Article, settings: ExcludeSettings) -> tuple[Article, Excluded]:
    """Relabel the body sentences that ``settings`` excludes as ``Role.EXCLUDED``.

    Returns the article (the same object when nothing is excluded) and what was excluded.
    Sentence indices, spans and the text are unchanged.
    """
    if not (settings.quotes or settings.boilerplate):
        return article, Excluded()
    body = list(article.body)
    boilerplate = [s.index for s in body if settings.boilerplate and is_boilerplate(s.text)]
    quotes: list[int] = []
    if settings.quotes:
        shares = _quoted_share(article, body)
        taken = set(boilerplate)
        quotes = [
            s.index
            for s in body
            if s.index not in taken and shares.get(s.index, 0.0) >= settings.quote_min_share
        ]
    dropped = set(boilerplate) | set(quotes)
    if not dropped:
        return article, Excluded()
    sentences = tuple(
        dataclasses.replace(s, role=Role.EXCLUDED) if s.index in dropped else s for s in article.sentences
    )
    return dataclasses.replace(article, sentences=sentences), Excluded(tuple(quotes), tuple(boilerplate))
