"""Split text into sentences: exact spans for ingest, fast rough units for the index.

:func:`split_sentences` cuts one paragraph of news prose into sentence spans. spaCy's
rule-based ``sentencizer`` (on ``spacy.blank("en")``, loaded once) proposes the boundaries; its
tokenizer already keeps most abbreviations ("Mr.", "U.S.", "Jan.") whole and splits
"administration.According" into three tokens. The sentencizer still has well-known
failures on news copy, which this module repairs on character offsets afterwards (no library
does this part, hence the hand-written rules below):

* an opening quote left dangling at the end of the previous sentence (``said. "A place``),
* a split after a title or initial the tokenizer does not know (``Lt. Col. Brown``, ``J. Smith``),
* a split after a quoted question/statement that the speech tag continues
  (``..." he said.``, ``...rate?" Russian correspondent Alexander Kots said, ...``),
* no split after "U.S." / "a.m." / "Inc." when a new sentence clearly starts (``the U.S. The``),
* sentences glued together by scraping (``administration.According``, ``injuring 19.Police``,
  ``loading...However``, a transcript's ``stimulus?GEITHNER:``), and a closing quote glued to the
  next sentence (``in line.”Several``: it ends the previous one),
* overlong "sentences" (tables, lists) cut at a space below ``max_chars``.

Spans are half-open ``(start, end)`` offsets into the full text (``start`` is the offset of the
paragraph); whitespace between sentences belongs to no sentence.

:func:`split_units` is the index's cut: one regex pass, no spaCy (indexing throughput), good
enough to cut whole articles into comparable units. Both cut glued ``end.Next`` boundaries with
the same pattern.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from unspun.config import IngestSettings

logger = logging.getLogger(__name__)

__all__ = ["split_sentences", "split_units"]

_QUOTES = "\"'“”‘’«»„‟‹›"
_OPENING_QUOTES = "\"'“‘«„‟‹(["

# Titles and abbreviations that never end a sentence in news copy.
_TITLE_END = re.compile(
    r"(?:^|[\s(\"“‘])(?:Mr|Mrs|Ms|Dr|Gen|Gens|Lt|Col|Maj|Capt|Cmdr|Cmdt|Adm|Brig|Sgt|Cpl|Pvt|Gov|Govs|Sen|"
    r"Sens|Rep|Reps|Rev|Prof|Pres|Hon|Amb|Fr|Msgr|Supt|Insp|Det|Mt|Ft|Messrs|Mme|Mlle|Rt|vs|approx|"
    r"Dept|Univ|Assn|Bros|cf|ca|al|viz)\.$"
)
# Abbreviations that are followed by a number: "Jan. 5", "No. 10", "Art. 5".
_NUMBER_ABBR_END = re.compile(
    r"(?:^|[\s(])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Art|Fig|Vol|pp?|Ch|Para)\.$"
)
# Abbreviations that may or may not end a sentence: "U.S. President" vs "in the U.S. The".
_AMBIGUOUS_ABBR = r"(?:(?:[A-Za-z]\.){2,}|Inc\.|Ltd\.|Co\.|Corp\.|Jr\.|Sr\.|St\.|etc\.|Bros\.)"
_AMBIGUOUS_END = re.compile(r"(?:^|[\s(])" + _AMBIGUOUS_ABBR + r"$")
_INITIAL_END = re.compile(r"(?:^|[\s(])[A-Z]\.$")
_STARTERS = frozenset(
    """The A An It Its He She They We I You But And Or In On At This That These Those There Their His Her
    Our My Your After Before When While However Meanwhile Yet So If As Some Many Most Now Then Earlier
    Later Still Also Since Despite According Both Each Other Another What Why How Who Where Which One
    Two Three Four Five Last Next For With From By Officials Police Such Under Over Asked Separately
    During Although Though Because Nor Neither Only Even Instead Thus Hence""".split()  # noqa: SIM905
)
_SPLIT_AFTER_AMBIGUOUS = re.compile(
    r"(?<![\w.])(?:" + _AMBIGUOUS_ABBR + r"|[A-Z]\.)(?=\s+[\"“‘']?(?:" + "|".join(sorted(_STARTERS)) + r")\b)"
)
# "administration.According": a lowercase word glued to a capitalised one by a full stop.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
# The same glue after a number or an ellipsis ("injuring 19.Police said", "according to
# KSAT-12.Devin Kelley", "Ghana.loading...However": scraped LLMFake originals, where the glued
# sentence's attribution was read as the next one's).
_GLUED_AFTER = re.compile(r"(?:(?<=\d[.!?])|(?<=[^.]\.\.\.)|(?<=…))(?=[A-Z][a-z])")
# A transcript's speaker label glued to the previous line ("Any more stimulus?GEITHNER: Well").
_GLUED_LABEL = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z]{2,}(?: [A-Z]{2,})?:)")
# split_units cuts all the glued ends above and those behind a closing quote ("in line.”Several";
# a straight quote too: a rough unit may keep an opening quote at its end, harmless to the index).
_UNIT_GLUE = re.compile(
    "|".join(
        p.pattern
        for p in (_GLUED, _GLUED_AFTER, _GLUED_LABEL, re.compile(r"(?<=[a-z]{2}[.!?][”\"])(?=[A-Z][a-z])"))
    )
)
# Rough sentence ends for split_units: ., !, ? (optionally followed by a closing quote/bracket) then
# space and an upper-case letter, digit or opening quote; or a line break.
_UNIT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[A-Z0-9])|\n+")
_ENDS_QUOTED = re.compile(r"[.?!…,]+[\"”’'»]+$")
_SPEECH_TAG = re.compile(
    r"^(?:[\w'’.-]+\s+){0,6}?(?:said|says|say|asked|asks|told|tells|added|adds|wrote|writes|tweeted|"
    r"posted|replied|shouted|explained|insisted|stated|declared|noted|continued|warned|urged|"
    r"admitted|argued|recalled|quipped|cried|laughed|sighed|joked|announced|claimed)(?:[,.;:!?]|$)",
    re.IGNORECASE,
)
# a name written with "!" after a preposition ("according to OK! Magazine", "told E! News",
# "on Yahoo! Finance"): no sentence ends there
_BANG_NAME_END = re.compile(r"(?:^|\s)(?:to|on|from|by|at|in|with|told|of)\s+[A-Z][A-Za-z]{0,5}!$")
_ALNUM = re.compile(r"[^\W_]")
_LOWER_WORD = re.compile(r"^[a-z]+\b(?![-’'][A-Z])")
_FIRST_WORD = re.compile(r"^[\"“‘']?([A-Za-z]+)")


@functools.lru_cache(maxsize=1)
def _nlp() -> tuple[Any, Any]:
    """Load ``spacy.blank("en")`` with a sentencizer once per process; return (tokenizer, sentencizer)."""
    import spacy

    nlp = spacy.blank("en")
    sentencizer = nlp.add_pipe("sentencizer")
    logger.debug("loaded spacy.blank('en') + sentencizer")
    return nlp.tokenizer, sentencizer


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _should_merge(prev: str, nxt: str) -> bool:
    """Return True if the boundary between ``prev`` and ``nxt`` is a false split."""
    if not _ALNUM.search(nxt) or not _ALNUM.search(prev):
        return True
    if _LOWER_WORD.match(nxt):
        return True
    if _TITLE_END.search(prev):
        return True
    if _NUMBER_ABBR_END.search(prev) and nxt[:1].isdigit():
        return True
    first = _FIRST_WORD.match(nxt)
    first_word = first.group(1) if first else ""
    if (_AMBIGUOUS_END.search(prev) or _INITIAL_END.search(prev)) and (
        nxt[:1].isdigit() or (first_word[:1].isupper() and first_word not in _STARTERS)
    ):
        return True
    if _BANG_NAME_END.search(prev) and first_word[:1].isupper() and first_word not in _STARTERS:
        return True
    return bool(_ENDS_QUOTED.search(prev) and _SPEECH_TAG.match(nxt))


def _extra_cuts(text: str, start: int, end: int) -> list[int]:
    """Return cut positions inside [start, end) that the sentencizer missed."""
    piece = text[start:end]
    pats = (_GLUED, _GLUED_AFTER, _GLUED_LABEL, _SPLIT_AFTER_AMBIGUOUS)
    cuts = [start + m.end() for pat in pats for m in pat.finditer(piece)]
    return sorted(c for c in set(cuts) if start < c < end)


def _cut_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    while end - start > max_chars:
        limit = start + max_chars
        cut = text.rfind(" ", start + max_chars // 2, limit + 1)
        if cut <= start:
            cut = limit
        a, b = _trim(text, start, cut)
        if b > a:
            out.append((a, b))
        start, _ = _trim(text, cut, end)
    if end > start:
        out.append((start, end))
    return out


def split_sentences(text: str, start: int = 0, *, max_chars: int | None = None) -> list[tuple[int, int]]:
    """Split one paragraph into sentence spans.

    Args:
        text: The paragraph (any whitespace inside is allowed; newlines count as spaces).
        start: Offset of ``text`` in the full article text; added to every span.
        max_chars: Longest sentence kept whole; longer ones are cut at a space. Defaults to
            ``IngestSettings().max_sentence_chars``.

    Returns:
        Half-open ``(start, end)`` spans in order, non-overlapping, non-empty, with no leading
        or trailing whitespace. An empty or whitespace-only paragraph gives ``[]``.
    """
    limit = IngestSettings().max_sentence_chars if max_chars is None else max_chars
    limit = max(limit, 1)
    if not text.strip():
        return []
    local = _spans_cached(text, limit) if len(text) <= _CACHE_MAX_CHARS else _spans(text, limit)
    return [(a + start, b + start) for a, b in local]


_CACHE_MAX_CHARS = 20_000


@functools.lru_cache(maxsize=8192)
def _spans_cached(text: str, limit: int) -> tuple[tuple[int, int], ...]:
    """Cache paragraph spans: the pipeline ingests the same articles repeatedly (index, compare)."""
    return _spans(text, limit)


def _spans(text: str, limit: int) -> tuple[tuple[int, int], ...]:
    """Return sentence spans of ``text`` relative to its start (see :func:`split_sentences`)."""
    tokenizer, sentencizer = _nlp()
    # Calling the two components directly skips Language.__call__ overhead (about 3x faster).
    doc = sentencizer(tokenizer(text))
    bounds = sorted({sent.start_char for sent in doc.sents} | {0})
    raw: list[tuple[int, int]] = []
    for i, b in enumerate(bounds):
        e = bounds[i + 1] if i + 1 < len(bounds) else len(text)
        s0, e0 = _trim(text, b, e)
        if e0 > s0:
            raw.extend(_split_at(text, s0, e0, _extra_cuts(text, s0, e0)))
    # An opening quote stranded at the end of a sentence belongs to the next one.
    spans: list[list[int]] = [list(p) for p in raw]
    for i in range(len(spans) - 1):
        s, e = spans[i]
        if e - s >= 2 and text[e - 1] in _OPENING_QUOTES and text[e - 2].isspace():
            new_end = _trim(text, s, e - 1)[1]
            if new_end > s:
                spans[i][1] = new_end
                spans[i + 1][0] = e - 1
    # A closing quote glued to the next sentence ("in line.”Several at"): spaCy's tokenizer keeps
    # "”Several" whole, so the cut falls before the quote; the quote ends the previous sentence.
    for i in range(len(spans) - 1):
        e, s = spans[i][1], spans[i + 1][0]
        if e == s and s + 1 < spans[i + 1][1] and text[e - 1] in ".!?" and _closes(text, s):
            spans[i][1] = s + 1
            spans[i + 1][0] = _trim(text, s + 1, spans[i + 1][1])[0]
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and _should_merge(text[merged[-1][0] : merged[-1][1]], text[s:e]):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return tuple(span for s, e in merged for span in _cut_long(text, s, e, limit))


def _closes(text: str, at: int) -> bool:
    """True if the quote at ``at`` closes a quotation (a straight one: an odd one in the paragraph)."""
    return text[at] == "”" or (text[at] == '"' and text.count('"', 0, at) % 2 == 1)


def _split_at(text: str, start: int, end: int, cuts: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    prev = start
    for c in [*cuts, end]:
        a, b = _trim(text, prev, c)
        if b > a:
            out.append((a, b))
        prev = c
    return out


def split_units(text: str) -> list[str]:
    """Cut text into sentence-like units (fast regex; glued "end.Next" boundaries are cut too).

    Units are stripped and non-empty. Exact sentence boundaries are :func:`split_sentences`' job;
    these are the comparable units the index verifies candidates on.
    """
    text = _UNIT_GLUE.sub(" ", text)
    return [u.strip() for u in _UNIT_END.split(text) if u and u.strip()]
