"""Term weights and per-article signatures for the source index.

Everything here is a pure function of the text and of the *static* background table of
:mod:`unspun.text.weights` (tokeniser and token weights live there, in the text layer), never of
the index contents, so that a signature computed when an article was added is the same one
computed when it is removed or re-added, whatever was indexed in between (the index format
version pins this module's behaviour).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np
import xxhash

from unspun.text.weights import (
    UNKNOWN_WEIGHT,
    W_CEIL,
    Weigher,
    token_weight,
    tokenize,
    weigher,
    weight_table,
)

__all__ = [
    "MIN_TERM_WEIGHT",
    "UNKNOWN_WEIGHT",
    "W_CEIL",
    "Weigher",
    "content_hash",
    "cosine",
    "doc_profile",
    "dot_prepared",
    "norm",
    "signature",
    "term_hash",
    "token_weight",
    "tokenize",
    "top_terms",
    "weigher",
    "weight_table",
    "weighted_terms",
    "with_doc_weights",
]

# Tokens lighter than this never become signature or query terms (very common words).
MIN_TERM_WEIGHT = 2.0

_MASK64 = (1 << 64) - 1


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
    table = weight_table()
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
