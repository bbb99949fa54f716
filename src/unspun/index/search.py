"""Query the source index: candidate generation, re-ranking, verification, calibrated score.

1. Candidates: the suspect's heaviest ``MAX_QUERY_TERMS`` tokens (tf x background weight) are
   looked up in the term-clustered postings; terms in more than ``MAX_POSTINGS`` signatures are
   skipped (too common to discriminate, too long to read). Each matched term adds
   ``query weight x ln(1 + N / df)``.
2. Re-rank the top ``settings.candidates`` by the cosine of full weighted bags of words
   (sublinear tf x static background weight) computed from the stored texts.
3. Verify the top ``VERIFY_TOP`` by sentence alignment (:mod:`unspun.index.verify`) and map the
   features to a calibrated score in [0, 1]; ``settings.min_score`` applies to that score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from unspun.config import IndexSettings
from unspun.index.store import SourceIndex, StoredDoc
from unspun.index.terms import (
    MIN_TERM_WEIGHT,
    dot_with,
    norm,
    term_hash,
    tokenize,
    top_terms,
    weigher,
    weighted_terms,
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
MAX_POSTINGS = 5_000
VERIFY_TOP = 6
CORPUS_WEIGHTING = False  # measured: +0.006 R@1 on an LLMFake subset for +40% query time; off
MAX_DF_COUNT = 20_000
FACT_MIN_WEIGHT = 3.5  # zipf <= 3.5: names and rare words

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_QUOTE = re.compile(r"[“\"]([^”\"\n]{20,400})[”\"]")


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked candidate source.

    ``score`` is the calibrated score in [0, 1] (0 for candidates that were not verified
    beyond ``VERIFY_TOP``); ``cosine`` the re-ranking similarity; ``verification`` the
    sentence alignment (None if not verified).
    """

    doc: StoredDoc
    score: float
    cosine: float
    verification: Verification | None
    sentences: SentenceSet | None
    facts: float = 0.0

    @property
    def id(self) -> str:
        return self.doc.id


@dataclass(frozen=True, slots=True)
class Query:
    """A prepared suspect: tokens, weighted bag, sentences (reused across searches)."""

    text: str
    counts: Counter[str]
    vector: dict[str, float]
    sentences: SentenceSet


def prepare(text: str) -> Query:
    """Tokenise and split a suspect once."""
    counts = Counter(tokenize(text))
    return Query(text, counts, weighted_terms(counts), sentence_set(split_units(text)))


def candidates(index: SourceIndex, query: Query, *, n: int) -> list[tuple[int, float]]:
    """Return up to ``n`` (docno, score) pairs from the signature postings, best first."""
    conn = index.conn
    total = max(len(index), 1)
    acc: dict[int, float] = {}
    for tok, qw in top_terms(query.counts, MAX_QUERY_TERMS, weigher()):
        rows = conn.execute(
            "SELECT docno FROM postings WHERE term=? LIMIT ?", (term_hash(tok), MAX_POSTINGS + 1)
        ).fetchall()
        df = len(rows)
        if df == 0 or df > MAX_POSTINGS:
            continue
        w = qw * math.log(1.0 + total / df)
        for (docno,) in rows:
            acc[docno] = acc.get(docno, 0.0) + w
    best = sorted(acc.items(), key=lambda x: (-x[1], x[0]))
    return best[:n]


def corpus_weighted(index: SourceIndex, query: Query) -> dict[str, float]:
    """Scale the query's static weights by how common each term is among the index's signatures.

    A term that tops many indexed articles (e.g. a politician's name in a politics archive) says
    less about this archive than its general-English rarity suggests: factor
    ``ln((N + 1) / (df + 1)) / ln(N + 1)`` with ``df`` its posting count (0 if it is no
    article's signature term, which leaves the weight as it is).
    """
    conn = index.conn
    total = len(index)
    base = math.log(total + 1.0)
    out: dict[str, float] = {}
    for tok, qv in query.vector.items():
        if qv <= 0.0:
            continue
        if weigher()(tok) >= MIN_TERM_WEIGHT:
            row = conn.execute(
                "SELECT count(*) FROM (SELECT 1 FROM postings WHERE term=? LIMIT ?)",
                (term_hash(tok), MAX_DF_COUNT),
            ).fetchone()
            df = int(row[0])
            if df:
                qv *= math.log((total + 1.0) / (df + 1.0)) / base
        out[tok] = qv
    return out


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


def search(
    index: SourceIndex,
    suspect: str | Query,
    *,
    k: int = 5,
    settings: IndexSettings | None = None,
    exclude: Collection[str] = (),
    verify_top: int = VERIFY_TOP,
) -> list[Hit]:
    """Return up to ``k`` candidate sources of ``suspect``, ranked, with calibrated scores.

    ``exclude`` drops ids from the results (benchmarks: a held-out article must not find itself).
    """
    s = settings or IndexSettings()
    query = suspect if isinstance(suspect, Query) else prepare(suspect)
    cands = candidates(index, query, n=max(s.candidates, k) + len(exclude))
    docs = [d for d in index.fetch([d for d, _ in cands]) if d.id not in exclude]
    scored: list[tuple[float, StoredDoc, Counter[str]]] = []
    qvec = corpus_weighted(index, query) if CORPUS_WEIGHTING else query.vector
    qnorm = norm(qvec)
    for d in docs:
        counts = Counter(tokenize(d.text))
        dot = dot_with(qvec, counts)
        scored.append((min(1.0, dot / (qnorm * d.norm)) if dot > 0.0 and d.norm > 0 else 0.0, d, counts))
    scored.sort(key=lambda x: (-x[0], x[1].docno))
    qfacts = fact_terms(query.counts)
    hits: list[Hit] = []
    for i, (cos, d, counts) in enumerate(scored):
        if i < verify_top:
            ss = sentence_set(split_units(d.text))
            v = verify(query.sentences, ss)
            f = fact_recall(qfacts, counts)
            hits.append(Hit(d, calibrated_score(v, cos, f), cos, v, ss, f))
        elif len(hits) < max(k, verify_top):
            hits.append(Hit(d, 0.0, cos, None, None))
    hits.sort(key=lambda h: (h.verification is None, -h.score, -h.cosine, h.doc.docno))
    return hits[:k]


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
