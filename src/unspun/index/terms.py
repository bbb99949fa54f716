"""Tokens, term weights and per-article signatures for the source index.

Everything here is a pure function of the text and of a *static* background frequency table
(``wordfreq``'s English list), never of the index contents, so that a signature computed when an
article was added is the same one computed when it is removed or re-added, whatever was indexed
in between (the index format version pins this module's behaviour).

Why hand-written: the index must not run spaCy (indexing throughput) and needs one tokeniser
shared by add, query, re-rank and verification; a single regex over case-folded text is the fastest
thing that also splits the glued tokens of scraped news ("administration.According").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import xxhash

# Weight of a token = how rare it is in general English: W_CEIL - zipf, clipped at 0
# (zipf = log10 of frequency per billion words). "the" (7.7) -> 0, "said" (6.0) -> 1.0,
# "ukraine" (4.3) -> 2.7, "zelensky" (1.8) -> 5.2. Words wordfreq does not know are treated as
# rarer than anything it knows (names, glued words, typos).
W_CEIL = 7.0
UNKNOWN_WEIGHT = 6.0
# Tokens lighter than this never become signature or query terms (very common words).
MIN_TERM_WEIGHT = 2.0

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_MASK64 = (1 << 64) - 1


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """Load the static background table once: token -> weight."""
    import wordfreq  # imported lazily: 0.3 s to load its English list

    table = wordfreq.get_frequency_dict("en", wordlist="large")
    freqs = np.fromiter(table.values(), dtype=np.float64, count=len(table))
    zipf = np.log10(np.maximum(freqs, 1e-12) * 1e9)
    weights = np.maximum(0.0, W_CEIL - zipf)
    return dict(zip(table.keys(), weights.tolist(), strict=True))


def weight_table() -> dict[str, float]:
    """The static background table, token -> weight (read-only; words it lacks: :func:`token_weight`)."""
    return _weights()


def _number_weight(tok: str) -> float:
    """Weight of a token that contains digits (wordfreq folds all digits, so it cannot tell)."""
    if tok.isdigit():
        n = len(tok)
        if n == 1:
            return 1.0
        if n == 2:
            return 2.0
        if n == 4 and tok[:2] in ("19", "20"):
            return 2.5  # years: frequent in news, still informative
        return 4.0
    return 4.5  # "5g", "covid19", "3rd", "2m"


def token_weight(tok: str, table: dict[str, float] | None = None) -> float:
    """Return the static background weight of a lower-cased token (0 for stop words)."""
    w = (table if table is not None else _weights()).get(tok)
    if w is not None:
        return w
    if any(c.isdigit() for c in tok):
        return _number_weight(tok)
    return 1.0 if len(tok) <= 2 else UNKNOWN_WEIGHT


class Weigher:
    """Caching token -> weight lookup (one per process; the table is read-only)."""

    __slots__ = ("_cache", "_table")

    def __init__(self) -> None:
        self._table = _weights()
        self._cache: dict[str, float] = {}

    def __call__(self, tok: str) -> float:
        w = self._table.get(tok)
        if w is not None:
            return w
        w = self._cache.get(tok)
        if w is None:
            w = token_weight(tok, self._table)
            if len(self._cache) < 1_000_000:
                self._cache[tok] = w
        return w


@lru_cache(maxsize=1)
def weigher() -> Weigher:
    """Return the process-wide :class:`Weigher`."""
    return Weigher()


# For ASCII text, str.translate + split gives exactly the regex's tokens, much faster
# than the regex; other text goes through the Unicode-aware regex.
_ASCII_SEPARATORS = {i: " " for i in range(128) if not chr(i).isalnum()}
# Almost all non-ASCII in English news is typographic punctuation (curly quotes, dashes, ellipsis,
# soft hyphen, no-break space). Replacing those few characters by spaces (each str.replace is one C
# scan) lets such text take the ASCII path instead of the much slower regex; all are non-word
# characters, so the tokens are exactly the regex's (tests/property/test_index_terms.py checks this).
_TYPOGRAPHIC = (
    "\u2019\u201d\u201c\u2014\u2013\u2018\u2026\u00ad"  # ’ ” “ — – ‘ … soft hyphen
    "\u00a0\u2022\u00a9\u00a3\u20ac\u00b0\u00ab\u00bb"  # no-break space • © £ € ° « »
)


def tokenize(text: str) -> list[str]:
    """Split text into lower-cased word tokens (letters and digits, Unicode-aware)."""
    low = text.lower()
    if not low.isascii():
        for ch in _TYPOGRAPHIC:
            if ch in low:
                low = low.replace(ch, " ")
        if not low.isascii():
            return _TOKEN.findall(low)
    return low.translate(_ASCII_SEPARATORS).split()


def term_hash(tok: str) -> int:
    """Hash a token to a signed 64-bit integer (SQLite INTEGER range)."""
    h = xxhash.xxh64_intdigest(tok.encode("utf-8", "surrogatepass"))
    return h - (1 << 64) if h >= (1 << 63) else h


def weighted_terms(counts: Counter[str], w: Weigher | None = None) -> dict[str, float]:
    """Return sublinear tf x background weight for every token with a non-zero weight."""
    wf = w or weigher()
    out: dict[str, float] = {}
    for tok, tf in counts.items():
        wt = wf(tok)
        if wt > 0.0:
            out[tok] = (1.0 + math.log(tf)) * wt
    return out


def top_terms(counts: Counter[str], n: int, w: Weigher | None = None) -> list[tuple[str, float]]:
    """Return the ``n`` heaviest tokens (tf x weight) that are rare enough to be index terms.

    Ties break on the token itself, so the result is deterministic.
    """
    wf = w or weigher()
    scored: list[tuple[float, str]] = []
    for tok, tf in counts.items():
        wt = wf(tok)
        if wt >= MIN_TERM_WEIGHT:
            scored.append(((1.0 + math.log(tf)) * wt, tok))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [(tok, s) for s, tok in scored[:n]]


def signature(text: str, n: int) -> list[int]:
    """Return the sorted, de-duplicated term hashes an article is indexed under."""
    return doc_profile(text, n)[0]


def doc_profile(text: str, n: int) -> tuple[list[int], float]:
    """Return an article's signature (see :func:`signature`) and the norm of its weighted bag.

    One pass over the distinct tokens computes both; the norm is stored so that re-ranking needs
    only the weights of the query's own terms (:func:`dot_prepared`). The per-token work is a list
    comprehension of dict lookups plus numpy (this is the indexing hot path); ties among equally
    heavy tokens break by first occurrence, so the result depends on the text alone.
    """
    counts = Counter(tokenize(text))
    if not counts:
        return [], 0.0
    keys = list(counts)
    table = _weights()
    get = table.get
    w = np.array([get(k, -1.0) for k in keys], dtype=np.float64)  # faster than np.fromiter(map(...))
    unknown = np.flatnonzero(w == -1.0)
    if len(unknown):
        wf = weigher()
        for i in unknown.tolist():
            w[i] = wf(keys[i])
    tf = np.fromiter(counts.values(), dtype=np.float64, count=len(keys))
    v = (1.0 + np.log(tf)) * w
    sq = float(v @ v)
    cand = np.flatnonzero(w >= MIN_TERM_WEIGHT)
    if len(cand) > n:
        order = np.argsort(-v[cand], kind="stable")[:n]
        cand = cand[order]
    return sorted({term_hash(keys[i]) for i in cand.tolist()}), math.sqrt(sq)


def with_doc_weights(query: dict[str, float]) -> dict[str, float]:
    """Fold each term's background weight into a query's weighted bag (once per query).

    The document side of the dot product is ``(1 + ln tf) x weight``; multiplying the weight into
    the query side once saves a weight lookup per shared term and candidate.
    """
    wf = weigher()
    return {tok: qv * wf(tok) for tok, qv in query.items()}


def dot_prepared(query: dict[str, float], counts: Counter[str]) -> float:
    """Dot product of a :func:`with_doc_weights` query with a document's token counts."""
    log = math.log
    total = 0.0
    get = counts.get
    for tok, qv in query.items():
        tf = get(tok)
        if tf:
            total += qv * (1.0 + log(tf))
    return total


def norm(vec: dict[str, float]) -> float:
    """Euclidean norm of a sparse vector."""
    return math.sqrt(sum(v * v for v in vec.values()))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two sparse non-negative vectors, in [0, 1]."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    if dot <= 0.0:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return min(1.0, dot / (na * nb))


def content_hash(parts: Iterable[str]) -> int:
    """Return a signed 64-bit hash of the given strings (used to skip unchanged re-adds)."""
    h = xxhash.xxh64()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    v = h.intdigest() & _MASK64
    return v - (1 << 64) if v >= (1 << 63) else v
