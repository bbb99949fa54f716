"""Query the source index: candidate generation, re-ranking, verification, calibrated score.

1. Candidates: the suspect's heaviest ``MAX_QUERY_TERMS`` tokens (tf x background weight) are
   looked up in the term-clustered postings; terms in more than ``MAX_POSTINGS`` signatures are
   skipped (too common to discriminate, too long to read). Each matched term adds
   ``query weight x ln(1 + N / df)``.
2. Re-rank the top ``settings.candidates`` by the cosine of full weighted bags of words
   (sublinear tf x static background weight) computed from the stored texts.
3. Verify the top ``VERIFY_TOP`` by sentence alignment (:mod:`unspun.index.verify`), add fact
   and bigram overlap and how close the other candidates come (the cosine of the
   ``BACKGROUND_RANK``-th best other one), and map these features to a calibrated score in [0, 1];
   ``settings.min_score`` applies to that score. Hits are listed by :func:`rank_key`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from unspun.config import IndexSettings
from unspun.index.store import SourceIndex, StoredDoc
from unspun.index.terms import (
    dot_prepared,
    norm,
    term_hash,
    tokenize,
    top_terms,
    weigher,
    weighted_terms,
    with_doc_weights,
)
from unspun.index.verify import (
    SentenceSet,
    Verification,
    calibrated_score,
    sentence_set,
    split_units,
    verify,
)

MAX_QUERY_TERMS = 64
MAX_POSTINGS = 5_000  # terms in more signatures are skipped (up to FULL_LIMITS_UP_TO articles)
POSTINGS_BUDGET = 20_000  # postings joined per query at most (see candidates)
FULL_LIMITS_UP_TO = 200_000
MIN_MAX_POSTINGS = 1_000
MIN_POSTINGS_BUDGET = 6_000
VERIFY_TOP = 6
FACT_MIN_WEIGHT = 3.5  # zipf <= 3.5: names and rare words
BACKGROUND_RANK = 3  # margins are taken over the 3rd-best other candidate (robust to 2 true sources)
RANK_BIGRAM_WEIGHT = 0.2  # see rank_key
BIGRAM_MIN_WEIGHT = 3.0  # a content bigram: its two words' background weights sum to at least this

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_QUOTE = re.compile(r"[“\"]([^”\"\n]{20,400})[”\"]")


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked candidate source.

    ``score`` is the calibrated score in [0, 1] (0 for candidates that were not verified
    beyond ``VERIFY_TOP``); ``cosine`` the re-ranking similarity; ``verification`` the
    sentence alignment (None if not verified); ``features`` what the score was computed from
    (see :mod:`unspun.index.verify`).
    """

    doc: StoredDoc
    score: float
    cosine: float
    verification: Verification | None
    sentences: SentenceSet | None
    features: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def facts(self) -> float:
        """Weighted share of the suspect's numbers and rare words found in this candidate."""
        return self.features.get("facts", 0.0)


@dataclass(frozen=True, slots=True)
class Query:
    """A prepared suspect: tokens, weighted bag, sentences (reused across searches)."""

    text: str
    counts: Counter[str]
    vector: dict[str, float]
    sentences: SentenceSet
    bigrams: frozenset[tuple[str, str]] = frozenset()


def content_bigrams(tokens: list[str]) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs whose background weights sum to ``BIGRAM_MIN_WEIGHT`` or more."""
    wf = weigher()
    w = {t: wf(t) for t in set(tokens)}  # one lookup per distinct word, not two per position
    return frozenset((a, b) for a, b in itertools.pairwise(tokens) if w[a] + w[b] >= BIGRAM_MIN_WEIGHT)


def prepare(text: str) -> Query:
    """Tokenise and split a suspect once."""
    tokens = tokenize(text)
    counts = Counter(tokens)
    return Query(
        text, counts, weighted_terms(counts), sentence_set(split_units(text)), content_bigrams(tokens)
    )


def postings_limits(total: int) -> tuple[int, int]:
    """Per-term posting cap and per-query posting budget for an index of ``total`` articles.

    Full limits up to ``FULL_LIMITS_UP_TO`` articles, then shrinking in proportion so that the
    candidate stage does about the same work at any size (floors ``MIN_MAX_POSTINGS`` and
    ``MIN_POSTINGS_BUDGET``, reached at 1M). Small archives keep the full limits, so the figures of
    the 49k retrieval benchmark are those of the full limits; at 1M the floors hold the trace p50
    under 50 ms (benchmarks/speed/bench_index.py, BENCHMARKS.md section 4).
    """
    if total <= FULL_LIMITS_UP_TO:
        return MAX_POSTINGS, POSTINGS_BUDGET
    f = FULL_LIMITS_UP_TO / total
    return max(MIN_MAX_POSTINGS, int(MAX_POSTINGS * f)), max(MIN_POSTINGS_BUDGET, int(POSTINGS_BUDGET * f))


def candidates(index: SourceIndex, query: Query, *, n: int) -> list[tuple[int, float]]:
    """Return up to ``n`` (docno, score) pairs from the signature postings, best first.

    Each term's posting count is read first (capped by :func:`postings_limits`, so a common term
    costs a bounded number of B-tree steps inside SQLite); the accumulation over the remaining
    terms is one SQL join with GROUP BY, so only the ``n`` best rows reach Python instead of every
    posting.
    """
    conn = index.conn
    total = max(len(index), 1)
    cap, budget = postings_limits(total)
    terms: list[tuple[float, int, int]] = []
    for tok, qw in top_terms(query.counts, MAX_QUERY_TERMS, weigher()):
        h = term_hash(tok)
        (df,) = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM postings WHERE term=? LIMIT ?)", (h, cap + 1)
        ).fetchone()
        if 0 < df <= cap:
            terms.append((qw * math.log(1.0 + total / df), h, df))
    # Bound the join's work whatever the index size: the most telling terms first, then others
    # while their postings fit in the budget (binding only on large archives).
    terms.sort(key=lambda x: -x[0])
    weighted: list[tuple[int, float]] = []
    for w, h, df in terms:
        if df <= budget:
            weighted.append((h, w))
            budget -= df
    if not weighted:
        return []
    values = ",".join("(?,?)" for _ in weighted)
    params: list[float | int] = [x for pair in weighted for x in pair]
    rows = conn.execute(
        f"WITH q(term, w) AS (VALUES {values}) "  # only placeholders are interpolated
        "SELECT p.docno, sum(q.w) AS s FROM q JOIN postings AS p ON p.term = q.term "
        "GROUP BY p.docno ORDER BY s DESC, p.docno LIMIT ?",
        [*params, n],
    ).fetchall()
    return [(int(d), float(sc)) for d, sc in rows]


def fact_terms(counts: Counter[str]) -> dict[str, float]:
    """The suspect's fact-like tokens with their weights: numbers and rare words (names).

    A rewrite keeps its source's numbers and names while changing the wording; a sibling built
    on the same template (wire items such as "X is issuing a N billion yen eurobond ...") keeps
    the wording and changes exactly these. So the share of them found in a candidate separates
    the two where sentence alignment cannot.
    """
    wf = weigher()
    out: dict[str, float] = {}
    for tok in counts:
        if any(c.isdigit() for c in tok):
            if len(tok) >= 2:
                out[tok] = wf(tok)
        else:
            w = wf(tok)
            if w >= FACT_MIN_WEIGHT:
                out[tok] = w
    return out


def fact_recall(facts: dict[str, float], counts: Counter[str]) -> float:
    """Weighted share of the suspect's fact tokens present in a candidate, in [0, 1]."""
    total = sum(facts.values())
    if total <= 0.0:
        return 0.0
    return sum(w for t, w in facts.items() if t in counts) / total


def _kth_best(values: list[float], skip: int, k: int) -> float:
    """The ``k``-th largest of ``values`` leaving out position ``skip`` (0 if there are fewer)."""
    rest = sorted((v for i, v in enumerate(values) if i != skip), reverse=True)
    return rest[k - 1] if len(rest) >= k else 0.0


def search(
    index: SourceIndex,
    suspect: str | Query,
    *,
    k: int = 5,
    settings: IndexSettings | None = None,
    exclude: Collection[str] = (),
    verify_top: int = VERIFY_TOP,
) -> list[Hit]:
    """Return up to ``k`` candidate sources of ``suspect`` (ranked by :func:`rank_key`) with scores.

    ``exclude`` drops ids from the results (benchmarks: a held-out article must not find itself).
    """
    s = settings or IndexSettings()
    query = suspect if isinstance(suspect, Query) else prepare(suspect)
    cands = candidates(index, query, n=max(s.candidates, k) + len(exclude))
    docs = [d for d in index.fetch([d for d, _ in cands]) if d.id not in exclude]
    scored: list[tuple[float, StoredDoc, list[str], Counter[str]]] = []
    qnorm = norm(query.vector)
    qdot = with_doc_weights(query.vector)
    for d in docs:
        tokens = tokenize(d.text)
        counts = Counter(tokens)
        dot = dot_prepared(qdot, counts)
        cos = min(1.0, dot / (qnorm * d.norm)) if dot > 0.0 and d.norm > 0 else 0.0
        scored.append((cos, d, tokens, counts))
    scored.sort(key=lambda x: (-x[0], x[1].docno))
    cosines = [x[0] for x in scored]
    qfacts = fact_terms(query.counts)
    verified: list[tuple[StoredDoc, Verification, SentenceSet, dict[str, float]]] = []
    for cos, d, tokens, counts in scored[:verify_top]:
        ss = sentence_set(split_units(d.text))
        v = verify(query.sentences, ss)
        dbig = content_bigrams(tokens)
        feats = {
            "cos": cos,
            "mean_best": v.mean_best,
            "share": v.share,
            "facts": fact_recall(qfacts, counts),
            "coverage": v.coverage,
            "bigrams": len(query.bigrams & dbig) / len(dbig) if dbig else 0.0,
        }
        verified.append((d, v, ss, feats))
    hits: list[Hit] = []
    for i, (d, v, ss, feats) in enumerate(verified):
        feats["cos_background"] = _kth_best(cosines, i, BACKGROUND_RANK)
        hits.append(Hit(d, calibrated_score(feats), feats["cos"], v, ss, feats))
    for cos, d, _, _ in scored[verify_top : max(k, verify_top)]:
        hits.append(Hit(d, 0.0, cos, None, None))
    hits.sort(key=lambda h: (h.verification is None, -rank_key(h.features, h.cosine), h.doc.docno))
    return hits[:k]


def rank_key(features: dict[str, float], cosine: float) -> float:
    """What hits are ordered by: cosine plus a bonus for shared content bigrams.

    Ranking and scoring are separate on purpose: the score is fitted to tell a source from a
    same-topic article (a yes/no question about one candidate), not to order candidates, and
    ordering by it lost recall@1 on the retrieval benchmark. So a source listed second can carry a
    higher score than the first (e.g. two sources of a composite article).
    """
    return cosine + RANK_BIGRAM_WEIGHT * features.get("bigrams", 0.0)


def evidence(query: Query, hit: Hit, *, max_items: int = 10) -> dict[str, Any]:
    """Describe what the suspect and a candidate share: rare terms, numbers, names, quotes, sentences."""
    d = hit.doc
    dcounts = Counter(tokenize(d.text))
    wf = weigher()
    shared = [t for t in query.counts if t in dcounts]
    rare = sorted((t for t in shared if not t.isdigit()), key=lambda t: (-wf(t), t))[:max_items]
    numbers = sorted((t for t in shared if any(c.isdigit() for c in t) and len(t) >= 2), key=lambda t: t)
    names_q = {m.group(0).lower() for m in _NAME.finditer(query.text) if " " in m.group(0)}
    names_d = {m.group(0).lower() for m in _NAME.finditer(d.text) if " " in m.group(0)}
    quotes_d = {" ".join(tokenize(m.group(1))) for m in _QUOTE.finditer(d.text)}
    quotes = [m.group(1) for m in _QUOTE.finditer(query.text) if " ".join(tokenize(m.group(1))) in quotes_d][
        :max_items
    ]
    ev: dict[str, Any] = {
        "cosine": round(hit.cosine, 4),
        "fact_recall": round(hit.facts, 4),
        "score_features": {name: round(value, 4) for name, value in hit.features.items()},
        "shared_rare_terms": rare,
        "shared_numbers": numbers[:max_items],
        "shared_names": sorted(names_q & names_d)[:max_items],
        "shared_quotes": quotes,
        "title": d.title,
        "published": d.published.isoformat() if d.published else None,
        "url": d.url,
    }
    v = hit.verification
    if v is not None and hit.sentences is not None:
        pairs = [(i, j, b) for i, (j, b) in enumerate(zip(v.aligned, v.best, strict=True)) if j >= 0]
        pairs.sort(key=lambda x: -x[2])
        ev.update(
            {
                "aligned_share": round(v.share, 4),
                "aligned_sentences": len(pairs),
                "suspect_sentences": len(v.aligned),
                "source_coverage": round(v.coverage, 4),
                "aligned_examples": [
                    {
                        "suspect": query.sentences.texts[i],
                        "source": hit.sentences.texts[j],
                        "similarity": round(b, 3),
                    }
                    for i, j, b in pairs[:3]
                ],
            }
        )
    return ev
