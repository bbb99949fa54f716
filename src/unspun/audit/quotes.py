"""Quotations: matched to the sources by content, not only by their exact words.

Each rewrite quotation is looked for, word by word (:func:`~unspun.facts.compare.match_quote`:
punctuation, case and typography never count), in every quotation of the sources, then in
every source sentence (a rewrite may put quotation marks round the source's own words).
The best match decides:

* the same words (or a stretch of a longer quotation): no finding for the words; if the
  source gives them to a named speaker and the rewrite to another, ``quote_misattributed``
  (critical) -- not when one side names the speaker and the other gives a role or a group in
  common words ("the governor of Indiana" for Pence, "advocates for this proposal" for
  Fallon, :func:`_names_someone`), which may stand for the same person;
* close (``audit.quote_altered_similarity`` or more) but not the same words, or, in a
  sentence aligned to a source sentence that holds a quotation, close to that quotation
  (``audit.quote_linked_similarity``: a heavily reworded quotation), or, for a quotation of
  ``audit.quote_reworded_min_words`` words or more, 0.05 closer than that to any source
  quotation: ``quote_altered``
  (major), whose message lists the word-level changes ("'captured' -> 'liberated'"), with
  ``quote_misattributed`` as well when the speaker changed too;
* no close words, but the same meaning: a static sentence cosine (:mod:`unspun.semantic`) of
  ``audit.quote_semantic_similarity`` or more with a source quotation or a source sentence
  (the source's reported speech: "she said the plan would fail" -> "'This plan is doomed,' she
  said"): ``quote_altered`` as above, matched to that quotation or sentence;
* reworded beyond its words but kept in its place: a :func:`soft_overlap` of
  ``audit.quote_window_similarity`` or more with a source quotation of the stretch of the
  source that the rewrite sentences around it restate (:func:`window_quotes`):
  ``quote_altered``, its speaker not compared (the match is by place and meaning);
* reworded beyond its words but kept in its turn: the rewrite's quotations aligned in
  reading order to the source's (:mod:`unspun.audit.quote_order`), ``q`` the only one left
  unmatched between two anchors of that alignment, and a source quotation of that gap at a
  soft overlap of ``audit.quote_order_similarity`` or more (:func:`_order_match`):
  ``quote_altered``, its speaker compared as usual;
* reworded sentence by sentence: the window test on whole quotations, the fragments the
  sentences cut a quotation into joined on both sides (:func:`_whole_match`,
  ``audit.quote_whole_similarity``): ``quote_altered``, its speaker not compared;
* reworded beyond its words in its turn, and the closest source quotation of its gap in the
  reading order says all it says by the cross-encoder (:func:`_cover_match`,
  ``audit.quote_order_cover``): ``quote_altered``, its speaker compared as usual;
* a fragment of a quotation (the sentences cut one quotation into fragments) another fragment
  of which the sources hold, at a soft overlap of ``audit.quote_sibling_similarity`` with that
  source quotation whole (:func:`_sibling_pass`): ``quote_altered`` against it;
* reworded quotation by quotation (an interview; off by default, see the setting): the whole
  quotation and a source whole
  quotation each other's closest by soft overlap, at ``audit.quote_mutual_similarity`` or more
  and ``audit.quote_mutual_margin`` ahead of the next (:func:`_mutual_match`): ``quote_altered``,
  its speaker not compared;
* nothing close: ``quote_fabricated``; critical from ``audit.quote_critical_words`` words,
  else major; a quoted title (:func:`is_title`: "Let Me Love You") is no one's words and gets
  no finding. Quotations shorter than ``audit.quote_fuzzy_min_words`` words (scare quotes)
  are matched exactly only.

Every rewrite body sentence is checked, aligned or not.

Precision, measured (2026-11-30, session 9, git f091fa3): on planted changes (``python -m
benchmarks.quality.planted --split test``) ``quote_altered`` 0.947 of 133 and
``quote_misattributed`` 0.844 of 45 (this rule's and :mod:`unspun.audit.speakers`'; the same on
main 3142c92), catching 0.969 of 130 changed quotation words and 0.950 of 40 changed speakers; on
faithful LLMFake rewrites (``python -m benchmarks.quality.faithful run --split test``)
``quote_fabricated`` is critical on 1.0% of articles (1.4% in session 7) and 0 of the 10 in the
hand-read sample (``benchmarks/results/faithful_critical_sample.json``) were invented: quotations
the LLM reworded as a whole below every test here (interviews reworded throughout, a quotation
turned from reported speech). On the train split the sibling test (:func:`_sibling_pass`) took 2
of the 4 faithful fragments that reach it and none of 10 other articles' quotations. Session 8:
the whole-quotation test and the cross-encoder's cover in the order gap took 10 of the 30
faithful train quotations left on the fabricated path, and 2 of 339 other articles' quotations put
in their place (``faithful quotes --split train``). Session 6-7: the cross-encoder's cover of a
window quotation or sentence (its maximum over the window) did not tell the own quotation from
another article's, so only the gap's one candidate is asked. ``quote_misattributed``: no critical
finding on the faithful test rewrites, none left on train (2 before session 9). Session 10 (git
4636d9d): the mutual-best test (:func:`_mutual_match`) took 2 of the 5 critical faithful train
quotations left fabricated (Pattinson's interview; 3 articles keep one) and none of the 219 of the
PolitiFact manipulations (train); on test it changed no critical finding (6 articles, 0 of 10 in
the hand-read sample); planted quote word / speaker 0.969 / 0.950 on test, unchanged; it ships off:
on the quick gate's LLMFake sample it took one manipulation's invented quotation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.quote_order import (
    OrderedQuotes,
    Whole,
    mutual_best,
    ordered_quotes,
    soft_overlap_of,
    whole_quotes,
)
from unspun.audit.speakers import check_speaker
from unspun.config import AuditSettings
from unspun.facts.compare import match_quote, normalize_quote, quote_contained, quote_words, word_changes
from unspun.facts.quotes import is_title
from unspun.semantic import covers
from unspun.semantic.features import analyse
from unspun.semantic.model import default_model
from unspun.semantic.similarity import SEMANTIC
from unspun.types import Article, Finding, FindingType, Quote, Severity, Span, TextRef

__all__ = [
    "QuoteRule",
    "is_title",
    "soft_overlap",
    "whole_of",
    "whole_window",
    "window_quotes",
    "window_sentences",
]


class QuoteRule:
    """``quote_altered``, ``quote_fabricated``, ``quote_misattributed``."""

    name = "quotes"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield a finding per rewrite quotation that the sources do not hold as it stands."""
        order: list[OrderedQuotes] = []  # the quotations in reading order, on first use
        wholes: dict[str, dict[int, Whole]] = {}  # per article: its whole quotations, on first use
        pairs: list[dict[int, tuple[SourceDoc, Whole, float]]] = []  # mutual best pairs, on first use
        out: list[Finding] = []
        for k, line in enumerate(ctx.lines):
            out.extend(_check_line(line, ctx.settings, ctx, k, order, wholes, pairs))
        yield from _sibling_pass(ctx, out, wholes)


def _sibling_pass(
    ctx: AuditContext, out: list[Finding], wholes: dict[str, dict[int, Whole]]
) -> list[Finding]:
    """``out`` with each fabricated fragment of a quotation another fragment of which the sources
    hold (the same words or reworded) made ``quote_altered``, against that source quotation whole,
    if their soft overlap reaches ``audit.quote_sibling_similarity``.

    The sentence facts cut a quotation into one fragment per sentence and each is matched alone;
    an LLM rewrite rewords a quotation's sentences unevenly ('"I had immense respect for Tom. He was
    an extraordinary performer, radiating positivity."' for '"I thought the world of Tom. He was a
    great performer, full of the light"': the first taken as reworded, the second fabricated; a
    faithful LLMFake rewrite, train split). Within one pair of quotation marks, the quotation is one
    the sources hold, altered; nothing there is a quotation from nowhere.
    """
    cut = ctx.settings.quote_sibling_similarity
    mine = _wholes_of(ctx, wholes, None) if cut < 1.0 else {}
    split = {
        w.span.start
        for f in out
        if f.type is FindingType.QUOTE_FABRICATED
        for w in [mine.get(f.rewrite.start)]
        if w and w.parts > 1
    }
    if not split:
        return out
    held: dict[int, tuple[str, Span]] = {}  # fragment start -> (source id, source span) it restates
    for f in out:
        if f.type is FindingType.QUOTE_ALTERED and f.source is not None and f.source_id is not None:
            held.setdefault(f.rewrite.start, (f.source_id, Span(f.source.start, f.source.end)))
    done = {f.rewrite.start for f in out if f.type.value.startswith("quote_")}
    for line in ctx.lines:  # fragments of the same words have no finding of their own
        for q in line.facts.quotes:
            w = mine.get(q.span.start)
            if w is not None and w.span.start in split and q.span.start not in done:
                best = _best_matches(q, line, ctx.settings.quote_fuzzy_min_words)
                if best and best[0].score == 1.0:
                    held[q.span.start] = (best[0].doc.article.doc_id, best[0].span)
    kept: list[Finding] = []
    for f in out:
        w = mine.get(f.rewrite.start) if f.type is FindingType.QUOTE_FABRICATED else None
        sib = next((v for k, v in held.items() if w.span.start <= k < w.span.end), None) if w else None
        if sib is None:
            kept.append(f)
            continue
        d = ctx.docs[sib[0]]
        sw = _wholes_of(ctx, wholes, d).get(sib[1].start)
        s_span = sw.span if sw is not None else sib[1]
        s_text = d.article.text[s_span.start : s_span.end]
        if soft_overlap(f.rewrite.text, s_text) < cut:
            kept.append(f)  # another sentence put inside the marks: still no quotation of the sources
            continue
        kept.append(
            _altered(
                ctx.rewrite,
                Span(f.rewrite.start, f.rewrite.end),
                f.rewrite.text,
                d,
                s_span,
                quote_words(s_text),
                0.6,
                why=" (another part of it is the source's)",
                limit=6,
            )
        )
    return kept


def _altered(
    rewrite: Article,
    span: Span,
    text: str,
    doc: SourceDoc,
    s_span: Span,
    s_words: Sequence[str],
    confidence: float,
    *,
    why: str = "",
    limit: int | None = None,
) -> Finding:
    """``quote_altered``: the rewrite's quotation ``text`` at ``span`` against the source's words
    ``s_words`` at ``s_span`` of ``doc``, the message listing the word-level changes (the first
    ``limit``)."""
    changes = word_changes(list(s_words), quote_words(text))
    return changed(
        FindingType.QUOTE_ALTERED,
        Severity.MAJOR,
        rewrite,
        span,
        doc,
        s_span,
        f"A quotation differs from the source's wording{why}: " + "; ".join(changes[:limit]) + ".",
        (" ".join(s_words), text),
        confidence,
    )


@dataclass(frozen=True, slots=True)
class _Match:
    score: float
    doc: SourceDoc
    span: Span  # the source quotation or sentence matched
    words: tuple[str, ...]  # the matched stretch of it
    quote: Quote | None  # the source quotation (None for a source sentence)


def _candidates(line: Line) -> list[tuple[SourceDoc, Span, str, Quote | None]]:
    docs = line.docs
    out: list[tuple[SourceDoc, Span, str, Quote | None]] = [
        (d, q.span, q.text, q) for d, _, f in docs.all_facts for q in f.quotes
    ]
    out += [(d, s.span, s.text, None) for d in docs.values() for s in d.article.body]
    return out


def _best_matches(q: Quote, line: Line, min_words: int) -> list[_Match]:
    """The source quotations (or sentences) that match ``q`` best, all with the top score."""
    found: list[_Match] = []
    fuzzy = len(quote_words(q.text)) >= min_words
    for d, span, text, sq in _candidates(line):
        if quote_contained(q.text, text):
            found.append(_Match(1.0, d, span, tuple(quote_words(q.text)), sq))
        elif fuzzy:
            score, words = match_quote(q.text, text)
            found.append(_Match(min(score, 0.999), d, span, tuple(words), sq))
    if not found:
        return []
    top = max(m.score for m in found)
    best = [m for m in found if m.score == top]
    # a source quotation is a better match than the same words in a source sentence
    quoted = [m for m in best if m.quote is not None]
    return quoted or best


def _linked_match(q: Quote, line: Line, min_score: float) -> _Match | None:
    """The closest quotation of the source sentences ``q``'s sentence is aligned to, if close enough.

    A rewrite that restates a quoted source sentence and rewords the quotation heavily
    ("pretty much every person I know who's got famous is completely nuts" -> "nearly every
    individual I know who has attained fame ...") altered it; it did not invent it.
    """
    best: _Match | None = None
    for d, s, _ in line.linked:
        for sq in d.facts_of(s.index).quotes:
            score, words = match_quote(q.text, sq.text)
            if best is None or score > best.score:
                best = _Match(min(score, 0.999), d, sq.span, tuple(words), sq)
    return best if best is not None and best.score >= min_score else None


def _meaning_match(q: Quote, line: Line, min_cosine: float) -> _Match | None:
    """The source quotation or sentence closest in meaning to ``q``, if its static cosine reaches
    ``min_cosine`` (a quotation reworded beyond its words, or reported speech put in quotes)."""
    if min_cosine >= 1.0 or len(quote_words(q.text)) < 2:
        return None
    cands = _candidates(line)
    if not cands:
        return None
    cos = SEMANTIC([q.text], [text for _, _, text, _ in cands])[0]
    k = int(cos.argmax())
    if float(cos[k]) < min_cosine:
        return None
    d, span, text, sq = cands[k]
    return _Match(float(cos[k]) * 0.999, d, span, tuple(quote_words(text)), sq)


def _window_spans(ctx: AuditContext, k: int) -> dict[str, tuple[int, int]]:
    """Per source: the sentence range (lowest, highest index) aligned near rewrite line ``k``."""
    reach = ctx.settings.quote_window_lines
    spans: dict[str, tuple[int, int]] = {}
    for line in ctx.lines[max(0, k - reach) : k + reach + 1]:
        for d, s, _ in line.linked:
            lo, hi = spans.get(d.article.doc_id, (s.index, s.index))
            spans[d.article.doc_id] = (min(lo, s.index), max(hi, s.index))
    return spans


def window_sentences(ctx: AuditContext, k: int) -> list[tuple[SourceDoc, int]]:
    """The source sentences (document, index) of the window of rewrite line ``k`` (:func:`window_quotes`)."""
    pad = ctx.settings.quote_window_pad
    out: list[tuple[SourceDoc, int]] = []
    for doc_id, (lo, hi) in _window_spans(ctx, k).items():
        d = ctx.docs[doc_id]
        out += [(d, i) for i in range(max(0, lo - pad), min(len(d.article.sentences), hi + pad + 1))]
    return out


def window_quotes(ctx: AuditContext, k: int) -> list[tuple[SourceDoc, Quote]]:
    """The source quotations near where rewrite line ``k`` stands in the sources.

    The window of a source is the span of its sentences aligned to the rewrite body sentences
    within ``audit.quote_window_lines`` of line ``k`` (itself included), widened by
    ``audit.quote_window_pad`` sentences each side; a rewrite with no aligned line that near has
    no window.
    """
    return [
        (d, sq)
        for d, i in window_sentences(ctx, k)
        for sq in d.facts_of(i).quotes
        if len(quote_words(sq.text)) >= 2
    ]


def _window_match(text: str, ctx: AuditContext, k: int) -> _Match | None:
    """The source quotation closest in words and meaning to ``text`` where line ``k`` stands.

    An LLM rewrite rewords quotations beyond their words ("Pretty much every person I know
    who's got famous is completely nuts" -> "Nearly every individual I know who has attained
    fame has experienced instances of emotional upheaval") but keeps them where they were: in
    the stretch of the source that the rewrite sentences around the quotation restate
    (:func:`window_quotes`). There a :func:`soft_overlap` of ``audit.quote_window_similarity``
    makes it that quotation reworded. Fitted on LLMFake train (faithful rewrites and
    manipulations, ``python -m benchmarks.quality.faithful quotes --split train``): the static
    sentence cosine could not tell a source quotation reworded from another article's quotation
    put in its place; the word-level overlap can.
    """
    cut = ctx.settings.quote_window_similarity
    if cut >= 1.0 or len(quote_words(text)) < ctx.settings.quote_fuzzy_min_words:
        return None
    best: tuple[float, SourceDoc, Quote] | None = None
    emb = default_model().embedder
    analysed = analyse(emb, text)  # once, not once per source quotation of the window
    for d, sq in window_quotes(ctx, k):
        score = soft_overlap_of(analysed, analyse(emb, sq.text))
        if best is None or score > best[0]:
            best = (score, d, sq)
    if best is None or best[0] < cut:
        return None
    score, d, sq = best
    return _Match(score * 0.999, d, sq.span, tuple(quote_words(sq.text)), sq)


def soft_overlap(a: str, b: str) -> float:
    """How much two texts say in the same words or near-synonyms, in [0, 1].

    Each content word of one is matched to its closest word of the other (the same stem: 1.0,
    else the cosine of their static word vectors, :mod:`unspun.semantic`); the rarity-weighted
    mean of those matches is how well one covers the other, and the score is the harmonic mean
    of the two directions ("attained fame" / "got famous" match, "be myself" / "be yourself"
    match, a quotation about something else does not).

    Raises:
        ModelMissingError: the packaged semantic model is missing or corrupt.
    """
    emb = default_model().embedder
    return soft_overlap_of(analyse(emb, a), analyse(emb, b))


def _order_match(q: Quote, ctx: AuditContext, k: int, cache: list[OrderedQuotes]) -> _Match | None:
    """The source quotation ``q`` takes the turn of among the sources' quotations, if close enough.

    A faithful LLM rewrite rewords a quotation beyond its words and often beyond where the
    aligner places its sentence, but keeps it in its turn among the article's quotations: the
    quotations of the rewrite are aligned in reading order to each source's
    (:mod:`unspun.audit.quote_order`); those matched at ``audit.quote_order_anchor`` or more are
    anchors, and the source quotations between the anchors before and after ``q`` that no
    anchor takes are its gap. If ``q`` is the only rewrite quotation of its gap left unmatched
    (``audit.quote_order_max_rows``: no other rewrite quotation claims those source
    quotations), one of them with a soft overlap of ``audit.quote_order_similarity`` or more
    makes ``q`` that quotation reworded.
    """
    s = ctx.settings
    if s.quote_order_similarity >= 1.0 or s.quote_order_max_rows < 1:
        return None  # off
    if not cache:  # built on first use: most rewrites never need it
        cache.append(ordered_quotes(ctx))
    row = cache[0].row(k, q)
    if row is None:
        return None
    gaps = [
        g
        for g in cache[0].gaps(row, s.quote_order_anchor)
        if g.quote is not None and g.rows <= s.quote_order_max_rows and g.score >= s.quote_order_similarity
    ]
    if not gaps:
        return None
    g = max(gaps, key=lambda x: x.score)
    assert g.quote is not None  # filtered above
    return _Match(min(g.score, 0.999), g.doc, g.quote.span, tuple(quote_words(g.quote.text)), g.quote)


def _cover_match(q: Quote, ctx: AuditContext, k: int, cache: list[OrderedQuotes]) -> _Match | None:
    """The source quotation of ``q``'s gap in the reading order that says all ``q`` says, by the
    cross-encoder.

    The order rule's gap (:func:`_order_match`) holds the source quotations left between the
    anchors around ``q``; the one closest in words is asked, alone, whether it covers ``q``
    (:func:`unspun.semantic.covers`: "I thought the world of Tom" / "I had immense respect for
    Tom"): a probability of ``audit.quote_order_cover`` or more makes ``q`` that quotation
    reworded. One candidate, not the best of a window: a window's maximum took other articles'
    quotations as often as the own (session 7).
    """
    s = ctx.settings
    if s.quote_order_cover >= 1.0 or len(quote_words(q.text)) < s.quote_fuzzy_min_words:
        return None
    if not cache:
        cache.append(ordered_quotes(ctx))
    row = cache[0].row(k, q)
    if row is None:
        return None
    gaps = [g for g in cache[0].gaps(row, s.quote_order_anchor) if g.quote is not None]
    if not gaps:
        return None
    g = max(gaps, key=lambda x: x.score)
    assert g.quote is not None  # filtered above
    p = float(covers([(g.quote.text, q.text)], threads=s.judge_threads)[0])
    if p < s.quote_order_cover:
        return None
    return _Match(min(p, 0.999), g.doc, g.quote.span, tuple(quote_words(g.quote.text)), g.quote)


def _wholes_of(
    ctx: AuditContext, cache: dict[str, dict[int, Whole]], doc: SourceDoc | None
) -> dict[int, Whole]:
    """The whole quotations of the rewrite (``doc`` None) or of a source, built once per audit."""
    key = "" if doc is None else "src:" + doc.article.doc_id
    if key not in cache:
        if doc is None:
            cache[key] = whole_quotes(ctx.rewrite.text, [q for line in ctx.lines for q in line.facts.quotes])
        else:
            qs = [sq for s in doc.article.body for sq in doc.facts_of(s.index).quotes]
            cache[key] = whole_quotes(doc.article.text, qs)
    return cache[key]


def whole_window(
    ctx: AuditContext, k: int, cache: dict[str, dict[int, Whole]]
) -> list[tuple[SourceDoc, Whole]]:
    """The whole source quotations (:func:`~unspun.audit.quote_order.whole_quotes`) with a fragment
    in the window of rewrite line ``k`` (:func:`window_quotes`)."""
    seen: dict[tuple[str, int], tuple[SourceDoc, Whole]] = {}
    for d, sq in window_quotes(ctx, k):
        w = _wholes_of(ctx, cache, d).get(sq.span.start)
        if w is not None:
            seen.setdefault((d.article.doc_id, w.span.start), (d, w))
    return list(seen.values())


def whole_of(q: Quote, ctx: AuditContext, cache: dict[str, dict[int, Whole]]) -> Whole:
    """The whole rewrite quotation ``q`` is a fragment of (itself if it stands alone)."""
    return _wholes_of(ctx, cache, None).get(q.span.start, Whole(q.span, q.text, 1))


def _whole_match(q: Quote, ctx: AuditContext, k: int, cache: dict[str, dict[int, Whole]]) -> _Match | None:
    """The whole source quotation of the window closest to ``q``'s whole quotation, if close enough.

    The window test (:func:`_window_match`) on whole quotations: an LLM rewrite rewords a quotation
    over several sentences sentence by sentence, but not one for one ('"It becomes perilous for
    individuals when they find themselves devoid of friendships ... Consequently, when that void
    remains unfilled, their mental state amplifies exponentially."' for '"So I think when it gets
    dangerous for people is when you have no friends ... then you go 10 times crazier"'), so its
    fragments match the source's fragments poorly and the wholes well. A soft overlap of
    ``audit.quote_whole_similarity`` makes ``q`` part of that quotation reworded.
    """
    cut = ctx.settings.quote_whole_similarity
    if cut >= 1.0:
        return None
    mine = whole_of(q, ctx, cache)
    cands = [(d, w) for d, w in whole_window(ctx, k, cache) if mine.parts > 1 or w.parts > 1]
    if not cands or len(quote_words(mine.text)) < ctx.settings.quote_fuzzy_min_words:
        return None
    emb = default_model().embedder
    analysed = analyse(emb, mine.text)
    score, d, w = max(
        ((soft_overlap_of(analysed, analyse(emb, w.text)), d, w) for d, w in cands), key=lambda x: x[0]
    )
    if score < cut:
        return None
    return _Match(score * 0.999, d, w.span, tuple(quote_words(w.text)), None)


def _mutual_match(
    q: Quote,
    ctx: AuditContext,
    wholes: dict[str, dict[int, Whole]],
    cache: list[dict[int, tuple[SourceDoc, Whole, float]]],
) -> _Match | None:
    """The source quotation ``q``'s whole quotation rewords, by mutual best overlap
    (:func:`~unspun.audit.quote_order.mutual_best`, ``audit.quote_mutual_similarity`` and
    ``audit.quote_mutual_margin``), over every whole quotation of the rewrite and of the sources; a
    fragment of a quotation of several sentences must itself reach ``audit.quote_sibling_similarity``
    with that source quotation."""
    s = ctx.settings
    if s.quote_mutual_similarity >= 1.0:
        return None
    if not cache:
        mine = {w.span.start: w for w in _wholes_of(ctx, wholes, None).values()}
        mine_l = [
            w
            for w in mine.values()
            if len(quote_words(w.text)) >= s.quote_fuzzy_min_words and not is_title(w.text)
        ]
        theirs: dict[tuple[str, int], tuple[SourceDoc, Whole]] = {}
        for d in ctx.docs.values():
            for w in _wholes_of(ctx, wholes, d).values():
                # distinct words: "DONALD! HEY, DONALD! DONALD!" is no quotation to reword into a sentence
                if len(set(quote_words(w.text))) >= s.quote_fuzzy_min_words:
                    theirs.setdefault((d.article.doc_id, w.span.start), (d, w))
        cache.append(
            mutual_best(mine_l, list(theirs.values()), s.quote_mutual_similarity, s.quote_mutual_margin)
        )
    mine_w = whole_of(q, ctx, wholes)
    hit = cache[0].get(mine_w.span.start)
    if hit is None:
        return None
    d, w, score = hit
    if mine_w.parts > 1 and soft_overlap(q.text, w.text) < s.quote_sibling_similarity:
        return None  # another sentence put inside the marks (as the sibling test): not that quotation's
    return _Match(score * 0.999, d, w.span, tuple(quote_words(w.text)), None)


def _check_line(
    line: Line,
    settings: AuditSettings,
    ctx: AuditContext | None = None,
    k: int = -1,
    order: list[OrderedQuotes] | None = None,
    wholes: dict[str, dict[int, Whole]] | None = None,
    pairs: list[dict[int, tuple[SourceDoc, Whole, float]]] | None = None,
) -> Iterator[Finding]:
    rewrite = line.rewrite
    for q in line.facts.quotes:
        nq = normalize_quote(q.text)
        if len(nq) < 2:
            continue
        best = _best_matches(q, line, settings.quote_fuzzy_min_words)
        if not best and any(nq in t for t in line.docs.quote_texts):
            continue
        if best and best[0].score == 1.0:
            yield from check_speaker(line, q, [(m.doc, m.quote) for m in best])
            continue
        m = best[0] if best and best[0].score >= settings.quote_altered_similarity else None
        m = m or _linked_match(q, line, settings.quote_linked_similarity)
        if m is None and best and len(quote_words(q.text)) >= settings.quote_reworded_min_words:
            # a long quotation that shares a third of its words with a source quotation is
            # that quotation reworded (LLMFake train: paraphrased quotes), not an invention
            quoted = [x for x in best if x.quote is not None]
            if quoted and quoted[0].score >= settings.quote_linked_similarity + 0.05:
                m = quoted[0]
        m = m or _meaning_match(q, line, settings.quote_semantic_similarity)
        near = None if m is not None or ctx is None else _window_match(q.text, ctx, k)
        m = m or near
        if m is None and ctx is not None and order is not None:
            m = _order_match(q, ctx, k, order)
        if m is None and ctx is not None and wholes is not None:
            near = m = _whole_match(q, ctx, k, wholes)
        if m is None and ctx is not None and order is not None:
            m = _cover_match(q, ctx, k, order)
        if m is None and ctx is not None and wholes is not None and pairs is not None:
            near = m = _mutual_match(q, ctx, wholes, pairs)
        if m is not None:
            yield _altered(rewrite, q.span, q.text, m.doc, m.span, m.words, min(1.0, 0.5 + m.score / 2))
            if near is None:  # a quotation matched by its place and meaning: its speaker is not compared
                yield from check_speaker(line, q, [(x.doc, x.quote) for x in (best if m in best else [m])])
            continue
        if is_title(q.text):
            continue  # a title in quotation marks ("19 Kids and Counting"), not someone's words
        words = len(nq.split())
        long = words >= settings.quote_critical_words
        yield Finding(
            FindingType.QUOTE_FABRICATED,
            Severity.CRITICAL if long else Severity.MAJOR,
            TextRef.of(rewrite.text, q.span.start, q.span.end),
            None,
            None,
            f"The quotation {q.text!r} is not in the source"
            + (f" (attributed to {q.speaker_text})." if q.speaker_text else "."),
            None,
            q.text,
            0.9 if long else 0.6,
        )
