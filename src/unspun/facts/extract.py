"""extract_facts: every fact of every sentence of an article, spans into ``Article.text``."""

from __future__ import annotations

import bisect
import logging
import re
from collections import defaultdict
from collections.abc import Sequence

from unspun.facts.attribution import FoundAttribution, find_attributions
from unspun.facts.dates import extract_dates
from unspun.facts.entities import entities_from_doc
from unspun.facts.nlp import load_nlp
from unspun.facts.numbers import extract_quantities
from unspun.facts.quotes import (
    find_quote_regions,
    names_something,
    speaker_after,
    speaker_before,
    speaker_of,
    speaks_through,
    speech_tag_after,
    trim_region,
)
from unspun.types import (
    Article,
    Attribution,
    DateOrigin,
    Entity,
    Quote,
    Role,
    Sentence,
    SentenceFacts,
    Span,
)

logger = logging.getLogger(__name__)

_INHERIT_GAP_CHARS = 80  # a speakerless quotation this close after a spoken one inherits its speaker


def _quote_regions(article: Article, body: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Quotation interiors over the body, paired within each paragraph."""
    by_para: dict[int, list[Sentence]] = defaultdict(list)
    for s in body:
        by_para[s.paragraph].append(s)
    regions: list[tuple[int, int]] = []
    for sents in by_para.values():
        regions.extend(find_quote_regions(article.text, sents[0].span.start, sents[-1].span.end))
    regions.sort()
    return regions


# NER runs only on windows of text around capitalised words (every entity label we keep is a
# proper name; weekday and month names are skipped: NER calls them DATE, which we drop),
# CONTEXT_WORDS words either side. Measured: on the example pair the windows cover ~60% of
# the words and give exactly the same 119 entities as whole-sentence NER, for ~38% less NER
# time (NER is ~90% of extract_facts); on the pair plus 60 LLMFake articles they cover 49%
# of the words and find 999 of the 1,023 whole-sentence entities (97.7%), plus 3 others.
CONTEXT_WORDS = 3
_WORD = re.compile(r"\S+")
_STARTERS = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "they",
        "he",
        "she",
        "we",
        "i",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "however",
        "meanwhile",
        "once",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "after",
        "before",
        "when",
        "while",
        "if",
        "as",
        "since",
        "despite",
        "although",
        "though",
        "some",
        "many",
        "most",
        "all",
        "no",
        "not",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    ]
)


# capitalised words that are never a kept entity (NER labels them DATE, or nothing)
_NOT_NAMES = frozenset(
    [
        "i",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _windows(sentence: str) -> list[tuple[int, int]]:
    """Character ranges of ``sentence`` around capitalised words, merged when they touch."""
    words = list(_WORD.finditer(sentence))
    out: list[list[int]] = []
    for i, w in enumerate(words):
        tok = w.group(0).lstrip("\"“‘'([")
        if not tok[:1].isupper():
            continue
        bare = tok.lower().strip(",.;:!?\"”’')")
        if (i == 0 and bare in _STARTERS) or bare in _NOT_NAMES:
            continue
        lo, hi = max(0, i - CONTEXT_WORDS), min(len(words) - 1, i + CONTEXT_WORDS)
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(words[a].start(), words[b].end()) for a, b in out]


def _run_ner(text: str, body: Sequence[Sentence]) -> dict[int, tuple[Entity, ...]]:
    """Entities per body sentence index, from one batched NER pass over the windows."""
    jobs: list[tuple[int, int]] = []  # (sentence index, absolute start of the window)
    texts: list[str] = []
    for s in body:
        for a, b in _windows(text[s.span.start : s.span.end]):
            jobs.append((s.index, s.span.start + a))
            texts.append(text[s.span.start + a : s.span.start + b])
    found: dict[int, list[Entity]] = defaultdict(list)
    if not texts:
        return {}
    nlp = load_nlp()
    for (index, start), doc in zip(jobs, nlp.pipe(texts, batch_size=128), strict=True):
        found[index].extend(entities_from_doc(doc, offset=start))
    return {k: tuple(v) for k, v in found.items()}


def extract_facts(article: Article) -> tuple[SentenceFacts, ...]:
    """Extract quantities, dates, quotes, entities and attributions per sentence.

    Returns one :class:`SentenceFacts` per sentence of ``article.sentences``, in order, with
    ``sentence_index`` equal to the sentence's index. Only body sentences carry facts, except
    that dates in a DATELINE are kept. Every span lies inside its sentence and
    ``article.text[span.start:span.end] == fact.text``. Relative dates are resolved against
    ``article.published`` (value None when it is unknown); in an article without a date of its
    own (none, or inherited from its source) a day-month or month without a year stays yearless.
    NER runs once, batched, over all body sentences.

    Raises:
        ModelMissingError: no spaCy English model is installed.
    """
    text = article.text
    own_date = article.published is not None and article.date_origin is not DateOrigin.INHERITED
    body = [s for s in article.sentences if s.role is Role.BODY]
    ents_by_sentence = _run_ner(text, body)
    regions = _quote_regions(article, body)
    starts = [r[0] for r in regions]

    # per sentence: clipped quotation interiors, attributions, entities
    sent_regions: dict[int, list[tuple[int, int, int]]] = {}  # index -> (region id, start, end) absolute
    sent_attrs: dict[int, list[FoundAttribution]] = {}
    sent_ents: dict[int, tuple[Entity, ...]] = {}
    for s in body:
        st, en = s.span.start, s.span.end
        stext = text[st:en]
        lo = max(0, bisect.bisect_right(starts, st) - 1)
        mine: list[tuple[int, int, int]] = []
        for rid in range(lo, len(regions)):
            rs, re_ = regions[rid]
            if rs >= en:
                break
            if re_ > st and rs < en:
                mine.append((rid, max(rs, st), min(re_, en)))
        sent_regions[s.index] = mine
        sent_attrs[s.index] = find_attributions(stext, mask=[(a - st, b - st) for _, a, b in mine])
        sent_ents[s.index] = ents_by_sentence.get(s.index, ())

    speakers = _speakers(article, body, regions, sent_regions, sent_attrs, sent_ents)

    out: list[SentenceFacts] = []
    for s in article.sentences:
        if s.role is Role.DATELINE:
            dates = extract_dates(s.text, article.published, offset=s.span.start, own_date=own_date)
            out.append(SentenceFacts(s.index, dates=dates))
            continue
        if s.role is not Role.BODY:
            out.append(SentenceFacts(s.index))
            continue
        st = s.span.start
        stext = text[st : s.span.end]
        dates = extract_dates(stext, article.published, offset=st, own_date=own_date)
        skip = [(d.span.start - st, d.span.end - st) for d in dates]
        quantities = extract_quantities(stext, offset=st, skip=skip)
        quotes: list[Quote] = []
        for rid, a, b in sent_regions[s.index]:
            qa, qb = trim_region(text, a, b)
            if qa >= qb:
                continue
            speaker, surface = speakers.get(rid, (None, None))
            quotes.append(Quote(Span(qa, qb), text[qa:qb], speaker, surface))
        attributions = tuple(
            Attribution(Span(st + f.start, st + f.end), stext[f.start : f.end], f.source, f.cue)
            for f in sent_attrs[s.index]
        )
        out.append(
            SentenceFacts(
                s.index,
                quantities=quantities,
                dates=dates,
                quotes=tuple(quotes),
                entities=sent_ents[s.index],
                attributions=attributions,
            )
        )
    return tuple(out)


def _speakers(
    article: Article,
    body: Sequence[Sentence],
    regions: list[tuple[int, int]],
    sent_regions: dict[int, list[tuple[int, int, int]]],
    sent_attrs: dict[int, list[FoundAttribution]],
    sent_ents: dict[int, tuple[Entity, ...]],
) -> dict[int, tuple[str | None, str | None]]:
    """Speaker (normalised, surface) of each quotation region, by region id."""
    text = article.text
    result: dict[int, tuple[str | None, str | None]] = {}
    sent_of: dict[int, Sentence] = {}
    for s in body:
        for rid, _, _ in sent_regions[s.index]:
            sent_of.setdefault(rid, s)  # the sentence holding the opening mark
            sent_of[-rid - 1] = s  # the sentence holding the closing mark
    order = {s.index: n for n, s in enumerate(body)}
    tagged: set[int] = set()
    for rid, (rs, re_) in enumerate(regions):
        if rid not in sent_of:
            continue
        closing = sent_of[-rid - 1]
        opening = sent_of[rid]
        sent = closing
        st = closing.span.start
        pick = speaker_after(text[st : closing.span.end], re_ + 1 - st, sent_attrs[closing.index])
        nxt_n = order[closing.index] + 1
        if pick is None and nxt_n < len(body):
            # a splitter may end the sentence at ?" -- the attribution then opens the next one
            nxt = body[nxt_n]
            if nxt.paragraph == closing.paragraph and nxt.span.start - (re_ + 1) <= 2:
                pick = speaker_after(text[nxt.span.start : nxt.span.end], 0, sent_attrs[nxt.index])
                sent = nxt if pick is not None else closing
        if pick is None and speech_tag_after(text[st : closing.span.end], re_ + 1 - st):
            tagged.add(rid)  # its speaker follows it, unparsed: no attribution before it, none inherited
        elif pick is None:
            pick = speaker_before(rs - opening.span.start, sent_attrs[opening.index])
            sent = opening
            if pick is not None and not speaks_through(text[opening.span.start + pick.end : rs]):
                pick = None
        if names_something(text[rs:re_]):
            pick = None  # a quoted title or name ('on "Hannity"') is no one's words
        stext = text[sent.span.start : sent.span.end]
        speaker, surface = speaker_of(pick, stext)
        if pick is not None and speaker is not None:
            # "Russian military correspondent Alexander Kots" -> the person's name
            a_start = sent.span.start + pick.source_start
            a_end = sent.span.start + pick.source_end
            for ent in sent_ents[sent.index]:
                if ent.label == "PERSON" and ent.span.end == a_end and ent.span.start >= a_start:
                    speaker = ent.norm
        result[rid] = (speaker, surface)
    # inherit: "..." it said. "..." -> the second quotation has the same speaker
    para_of = {rid: sent_of[rid].paragraph for rid in range(len(regions)) if rid in sent_of}
    for rid in range(1, len(regions)):
        if rid not in result or result[rid] != (None, None) or rid in tagged:
            continue
        prev = rid - 1
        if prev in result and para_of.get(prev) == para_of.get(rid) and result[prev] != (None, None):
            gap = regions[rid][0] - regions[prev][1]
            if gap <= _INHERIT_GAP_CHARS:
                result[rid] = result[prev]
    return result
