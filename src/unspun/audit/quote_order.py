"""Quotations in reading order: the rewrite's sequence of quotations aligned to each source's.

A faithful rewrite keeps the source's quotations, reworded or not, in the order the source
gives them; an invented quotation is an insertion. So the quotations of the rewrite (in
reading order) are aligned to the quotations of each source (in reading order) by a small
dynamic programme (:func:`monotone_matching`, Needleman-Wunsch style without gap costs: the
order-preserving one-to-one matching of the greatest total score, pairs below a cut left out).
A pair's score is the word-level soft overlap of the two quotations (:func:`soft_overlap_of`).

The quote rule (:func:`unspun.audit.quotes._order_match`) uses it through
:meth:`OrderedQuotes.gaps`: the pairs of ``audit.quote_order_anchor`` and up are anchors; the
source quotations between the anchors before and after a rewrite quotation that no anchor
takes are its gap; a rewrite quotation that is the only unmatched one of its gap
(``audit.quote_order_max_rows``) and overlaps one of the gap's quotations by
``audit.quote_order_similarity`` rewords that one. The order is what lets that cut sit lower
than the window's (``audit.quote_window_similarity``): a source quotation another rewrite
quotation takes, or one out of turn, is no candidate.

Chosen on LLMFake train (``python -m benchmarks.quality.faithful quotes --split train``: 51
faithful and 291 manipulation quotations on the fabricated path, each also replaced by another
article's quotation; anchors 0.4-0.6, one or two rows, cuts 0.3-0.5 compared): anchor 0.5, two
rows, cut 0.45 moves 15 -> 18 of the 51 faithful quotations off ``quote_fabricated`` (the three
read right: reworded quotations of the same article), leaves the manipulation quotations
matched at 4 of 291, and other articles' quotations put in their place at 7 of 342 (0.020), as
with the window rule alone; lower cuts or anchors took more foreign quotations. The full
alignment alone (any pair at the cut, no anchors) and a bonus for the same named speaker or a
shared number (computed by that benchmark, ``faithful._order_features``) did not keep other
articles' quotations at 2%.

:func:`whole_quotes` joins the fragments the sentences cut a quotation into (the quote rule
compares whole quotations too, :func:`unspun.audit.quotes._whole_match`).

Hand-written: the sequences are short (tens of quotations), and the standard library and numpy
have no monotone-matching routine; a sequence aligner package (e.g. for biology) would add a
dependency for twenty lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspun.audit.context import AuditContext, SourceDoc
from unspun.facts.compare import quote_words
from unspun.facts.quotes import is_title
from unspun.semantic.features import Analysed, analyse, best_matches
from unspun.semantic.model import default_model
from unspun.types import Quote, Span

__all__ = [
    "Gap",
    "OrderedQuotes",
    "Pairs",
    "Whole",
    "monotone_matching",
    "mutual_best",
    "ordered_quotes",
    "soft_overlap_of",
    "whole_quotes",
]


def monotone_matching(scores: np.ndarray, cut: float) -> dict[int, int]:
    """The order-preserving matching of rows to columns with the greatest total score.

    Only pairs scoring ``cut`` or more may be matched; each row and each column at most once;
    if row ``i`` < row ``j`` are matched, so are columns ``a`` < ``b`` in that order. Ties go to
    the matching found first (rows matched as early as possible).
    """
    n, m = scores.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            s = scores[i - 1, j - 1]
            pair = best[i - 1, j - 1] + s if s >= cut else -1.0
            best[i, j] = max(best[i - 1, j], best[i, j - 1], pair)
    out: dict[int, int] = {}
    i, j = n, m
    while i > 0 and j > 0:
        s = scores[i - 1, j - 1]
        if s >= cut and best[i, j] == best[i - 1, j - 1] + s:
            out[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return out


def _cover(premise: Analysed, hypothesis: Analysed) -> float:
    best = best_matches(premise, hypothesis)
    if not len(best):
        return 0.0
    w = hypothesis.weights[hypothesis.content]
    return float((w * best).sum() / w.sum())


def soft_overlap_of(x: Analysed, y: Analysed) -> float:
    """:func:`unspun.audit.quotes.soft_overlap` of two analysed texts."""
    r, p = _cover(y, x), _cover(x, y)
    return 2 * r * p / (r + p) if r + p > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Pairs:
    """The soft overlaps of the rewrite's quotations (rows) with one source's (columns)."""

    doc: SourceDoc
    quotes: tuple[Quote, ...]
    overlap: np.ndarray


@dataclass(frozen=True, slots=True)
class Gap:
    """Where one rewrite quotation falls among a source's quotations (:meth:`OrderedQuotes.gaps`)."""

    doc: SourceDoc
    quote: Quote | None  # the source quotation of the gap closest to the rewrite quotation
    score: float  # its soft overlap
    size: int  # source quotations in the gap
    rows: int  # rewrite quotations in the gap (the quotation itself included)
    anchors: int  # pairs of the alignment of the other quotations


@dataclass(frozen=True, slots=True)
class OrderedQuotes:
    """The rewrite's quotations in reading order and their soft overlaps with each source's."""

    keys: tuple[tuple[int, int], ...]  # (rewrite line, quotation start) per row
    quotes: tuple[Quote, ...]
    docs: tuple[Pairs, ...]

    def gaps(self, i: int, anchor: float, docs: Sequence[Pairs] | None = None) -> list[Gap]:
        """Per source, the gap of row ``i``: its quotations left between the anchors around it.

        The anchors are the pairs of the order alignment of the other rows at ``anchor`` (a
        quotation kept, or reworded little); the gap holds the source quotations after the
        previous anchor's and before the next one's that no anchor takes. ``docs`` replaces the
        overlaps (the benchmark puts another article's quotation in a row's place).
        """
        out: list[Gap] = []
        for p in self.docs if docs is None else docs:
            mat = p.overlap.copy()
            n, m = mat.shape
            mat[i, :] = 0.0
            high = monotone_matching(mat, anchor)
            before = max((r for r in high if r < i), default=-1)
            after = min((r for r in high if r > i), default=n)
            lo = high[before] if before >= 0 else -1
            hi = high[after] if after < n else m
            taken = set(high.values())
            cols = tuple(j for j in range(lo + 1, hi) if j not in taken)
            rows = sum(1 for r in range(before + 1, after) if r not in high)
            best = max(cols, key=lambda j: p.overlap[i, j], default=None)
            score = 0.0 if best is None else float(p.overlap[i, best])
            out.append(
                Gap(p.doc, None if best is None else p.quotes[best], score, len(cols), rows, len(high))
            )
        return out

    def row(self, k: int, q: Quote) -> int | None:
        """The row of quotation ``q`` of rewrite line ``k``, if it is aligned at all."""
        try:
            return self.keys.index((k, q.span.start))
        except ValueError:
            return None


def _pairs(d: SourceDoc, analysed: Sequence[Analysed]) -> Pairs:
    emb = default_model().embedder
    sqs = tuple(
        sq for s in d.article.body for sq in d.facts_of(s.index).quotes if len(quote_words(sq.text)) >= 2
    )
    ys = [analyse(emb, sq.text) for sq in sqs]
    overlap = np.array([[soft_overlap_of(x, y) for y in ys] for x in analysed], dtype=float)
    return Pairs(d, sqs, overlap.reshape(len(analysed), len(sqs)))


def ordered_quotes(ctx: AuditContext) -> OrderedQuotes:
    """The rewrite's quotations of ``audit.quote_fuzzy_min_words`` words or more (titles left
    out) and each source's quotations of two words or more, in reading order, with their overlaps."""
    emb = default_model().embedder
    keys: list[tuple[int, int]] = []
    quotes: list[Quote] = []
    for k, line in enumerate(ctx.lines):
        for q in line.facts.quotes:
            if len(quote_words(q.text)) >= ctx.settings.quote_fuzzy_min_words and not is_title(q.text):
                keys.append((k, q.span.start))
                quotes.append(q)
    analysed = [analyse(emb, q.text) for q in quotes]
    return OrderedQuotes(tuple(keys), tuple(quotes), tuple(_pairs(d, analysed) for d in ctx.docs.values()))


@dataclass(frozen=True, slots=True)
class Whole:
    """A quotation as its marks enclose it: the fragments the sentences cut it into, joined."""

    span: Span  # from the first fragment's start to the last one's end
    text: str
    parts: int


def whole_quotes(text: str, quotes: Sequence[Quote]) -> dict[int, Whole]:
    """Fragment start -> its whole quotation, for ``quotes`` of ``text`` in reading order.

    The sentence facts clip a quotation to each sentence it spans ('"Undoubtedly, yes. Nearly
    every individual I know ... upheaval. The isolation ..."' is three quotes); two quotes in
    a row are fragments of one quotation when only whitespace stands between them (another
    quotation would have its marks and a speaker between).
    """
    groups: list[list[Quote]] = []
    for q in sorted(quotes, key=lambda x: x.span.start):
        if groups and not text[groups[-1][-1].span.end : q.span.start].strip():
            groups[-1].append(q)
        else:
            groups.append([q])
    out: dict[int, Whole] = {}
    for g in groups:
        span = Span(g[0].span.start, g[-1].span.end)
        whole = Whole(span, text[span.start : span.end], len(g))
        out.update({q.span.start: whole for q in g})
    return out


def mutual_best(
    mine: Sequence[Whole], theirs: Sequence[tuple[SourceDoc, Whole]], cut: float, margin: float
) -> dict[int, tuple[SourceDoc, Whole, float]]:
    """Rewrite whole quotation start -> the source whole quotation it rewords, and their overlap.

    A faithful rewrite of an interview rewords every quotation in turn ('"It becomes perilous for
    individuals when they find themselves devoid of friendships ..."' for '"So I think when it gets
    dangerous for people is when you have no friends ..."'): each rewrite quotation is closer to its
    own source quotation than to any other, and that source quotation closer to it than to any
    other rewrite quotation. A pair counts when its soft overlap reaches ``cut``, each is the
    other's best, and the rewrite quotation's next best source quotation is ``margin`` further.
    """
    if not mine or not theirs:
        return {}
    emb = default_model().embedder
    xs = [analyse(emb, w.text) for w in mine]
    ys = [analyse(emb, w.text) for _, w in theirs]
    mat = np.array([[soft_overlap_of(x, y) for y in ys] for x in xs], dtype=float).reshape(len(xs), len(ys))
    out: dict[int, tuple[SourceDoc, Whole, float]] = {}
    for i, w in enumerate(mine):
        j = int(mat[i].argmax())
        score = float(mat[i, j])
        if score < cut or int(mat[:, j].argmax()) != i:
            continue
        second = float(np.delete(mat[i], j).max()) if mat.shape[1] > 1 else 0.0
        if score - second >= margin:
            out[w.span.start] = (theirs[j][0], theirs[j][1], score)
    return out
