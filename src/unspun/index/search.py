"""Query the source index: candidate generation, re-ranking, verification, calibrated score.

1. Candidates: the suspect's heaviest ``index.max_query_terms`` tokens (tf x background weight)
   are looked up in the term postings; terms in more than ``index.max_postings`` signatures are
   skipped (too common to discriminate, too long to read). Each matched term adds
   ``query weight x ln(1 + N / df)``. Which terms and what weights is pure
   (:func:`query_terms`, :func:`weigh_terms`); the postings are the store's
   (:class:`~unspun.index.protocol.CandidateSource`).
2. Re-rank the top ``index.candidates`` by the cosine of full weighted bags of words
   (sublinear tf x static background weight) computed from the stored texts.
3. Verify the top ``index.verify_top`` by sentence alignment with the aligner's similarity
   (:mod:`unspun.index.verify`), add fact and bigram overlap and how close the other candidates
   come (the cosine of the ``index.background_rank``-th best other one), and map these features
   to a calibrated, monotone score in [0, 1]; ``index.min_score`` applies to that score. Hits are
   listed by :func:`rank_key`.
4. If ``index.judge`` is on and the top hit's score is in the judge's band, the cross-encoder
   gives a second opinion on it (:mod:`unspun.index.judge`) that can only raise its score.

Steps 2 and 3 are one pure function of the query and the candidate documents
(:func:`score_candidates`), so every backend ranks and scores alike.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

from unspun.config import AlignSettings, IndexSettings
from unspun.index.judge import in_band, judge_candidate, judged_score, lexical
from unspun.index.protocol import CandidateSource, Hit, Query, StoredDoc
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
    verify,
)
from unspun.text import split_units
from unspun.types.retrieval import AlignedExample, JudgeEvidence, MatchAlignment, MatchEvidence, ScoreFeatures

_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")
_QUOTE = re.compile(r"[“\"]([^”\"\n]{20,400})[”\"]")


def content_bigrams(tokens: list[str], min_weight: float | None = None) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs whose background weights sum to ``min_weight`` or more.

    ``min_weight`` defaults to ``IndexSettings().bigram_min_weight``.
    """
    least = IndexSettings().bigram_min_weight if min_weight is None else min_weight
    wf = weigher()
    w = {t: wf(t) for t in set(tokens)}  # one lookup per distinct word, not two per position
    return frozenset((a, b) for a, b in itertools.pairwise(tokens) if w[a] + w[b] >= least)


def prepare(text: str, settings: IndexSettings | None = None) -> Query:
    """Tokenise and split a suspect once."""
    s = settings or IndexSettings()
    tokens = tokenize(text)
    counts = Counter(tokens)
    return Query(
        text,
        counts,
        weighted_terms(counts),
        sentence_set(split_units(text)),
        content_bigrams(tokens, s.bigram_min_weight),
    )


# ---------------------------------------------------------------------- candidates


def postings_limits(total: int, settings: IndexSettings | None = None) -> tuple[int, int]:
    """Per-term posting cap and per-query posting budget for an index of ``total`` articles.

    Full limits (``max_postings``, ``postings_budget``) up to ``full_limits_up_to`` articles,
    then shrinking in proportion so that the candidate stage does about the same work at any size
    (floors ``min_max_postings`` and ``min_postings_budget``, reached at 1M). Small archives keep
    the full limits, so the figures of the 49k retrieval benchmark are those of the full limits;
    at 1M the floors hold the trace p50 under 50 ms (benchmarks/speed/bench_index.py,
    BENCHMARKS.md section 4).
    """
    s = settings or IndexSettings()
    if total <= s.full_limits_up_to:
        return s.max_postings, s.postings_budget
    f = s.full_limits_up_to / total
    return (
        max(s.min_max_postings, int(s.max_postings * f)),
        max(s.min_postings_budget, int(s.postings_budget * f)),
    )


def query_terms(query: Query, settings: IndexSettings | None = None) -> list[tuple[int, float]]:
    """The ``max_query_terms`` heaviest index terms of the query: ``(term hash, query weight)``."""
    s = settings or IndexSettings()
    return [(term_hash(tok), qw) for tok, qw in top_terms(query.counts, s.max_query_terms, weigher())]


def weigh_terms(
    terms: Sequence[tuple[int, float]],
    dfs: Sequence[int],
    *,
    total: int,
    settings: IndexSettings | None = None,
) -> list[tuple[int, float]]:
    """Choose the query terms to join on and weigh them: ``(term hash, weight)``, heaviest first.

    ``terms`` as :func:`query_terms` gives them, ``dfs`` their document frequencies (counted up to
    the cap + 1) in an index of ``total`` articles. A term in no signature or in more than the
    cap of :func:`postings_limits` is dropped; the others weigh ``query weight x ln(1 + N / df)``.
    The join's work is bounded whatever the index size: the most telling terms first, then others
    while their postings fit in the budget (binding only on large archives).
    """
    cap, budget = postings_limits(total, settings)
    kept = [
        (qw * math.log(1.0 + total / df), h, df)
        for (h, qw), df in zip(terms, dfs, strict=True)
        if 0 < df <= cap
    ]
    kept.sort(key=lambda x: -x[0])
    weighted: list[tuple[int, float]] = []
    for w, h, df in kept:
        if df <= budget:
            weighted.append((h, w))
            budget -= df
    return weighted


def candidates(
    source: CandidateSource, query: Query, *, n: int, settings: IndexSettings | None = None
) -> list[tuple[int, float]]:
    """Return up to ``n`` (docno, score) pairs from the signature postings, best first."""
    s = settings or IndexSettings()
    total = max(source.size(), 1)
    terms = query_terms(query, s)
    cap, _ = postings_limits(total, s)
    dfs = source.document_frequencies([h for h, _ in terms], cap=cap)
    weighted = weigh_terms(terms, dfs, total=total, settings=s)
    if not weighted:
        return []
    return source.accumulate(weighted, n=n)


# ---------------------------------------------------------------------- scoring


def fact_terms(counts: Counter[str], min_weight: float | None = None) -> dict[str, float]:
    """The suspect's fact-like tokens with their weights: numbers and rare words (names).

    A rewrite keeps its source's numbers and names while changing the wording; a sibling built
    on the same template (wire items such as "X is issuing a N billion yen eurobond ...") keeps
    the wording and changes exactly these. So the share of them found in a candidate separates
    the two where sentence alignment cannot. Rare: a background weight of at least
    ``min_weight`` (default ``IndexSettings().fact_min_weight``).
    """
    least = IndexSettings().fact_min_weight if min_weight is None else min_weight
    wf = weigher()
    out: dict[str, float] = {}
    for tok in counts:
        if any(c.isdigit() for c in tok):
            if len(tok) >= 2:
                out[tok] = wf(tok)
        else:
            w = wf(tok)
            if w >= least:
                out[tok] = w
    return out


def fact_recall(facts: dict[str, float], counts: Counter[str]) -> float:
    """Weighted share of the suspect's fact tokens present in a candidate, in [0, 1]."""
    total = sum(facts.values())
    if total <= 0.0:
        return 0.0
    return sum(w for t, w in facts.items() if t in counts) / total


def _kth_best(values: list[float], skip: int, k: int, missing: float = 0.0) -> float:
    """The ``k``-th largest of ``values`` leaving out position ``skip`` (``missing`` if there are fewer)."""
    rest = sorted((v for i, v in enumerate(values) if i != skip), reverse=True)
    return rest[k - 1] if len(rest) >= k else missing


def score_candidates(
    query: Query,
    docs: Sequence[StoredDoc],
    *,
    k: int = 5,
    settings: IndexSettings | None = None,
    align: AlignSettings | None = None,
) -> list[Hit]:
    """Re-rank, verify and score candidate documents; return the best ``k`` by :func:`rank_key`.

    Pure: a function of the query and the documents (their text, ``norm`` and ``docno``) only,
    whatever store they came from.
    """
    s = settings or IndexSettings()
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
    qfacts = fact_terms(query.counts, s.fact_min_weight)
    verified: list[tuple[StoredDoc, Verification, SentenceSet, float, float, float]] = []
    for cos, d, tokens, counts in scored[: s.verify_top]:
        ss = sentence_set(split_units(d.text))
        v = verify(query.sentences, ss, settings=align)
        dbig = content_bigrams(tokens, s.bigram_min_weight)
        bigrams = len(query.bigrams & dbig) / len(dbig) if dbig else 0.0
        verified.append((d, v, ss, cos, fact_recall(qfacts, counts), bigrams))
    hits: list[Hit] = []
    for i, (d, v, ss, cos, facts, bigrams) in enumerate(verified):
        feats = ScoreFeatures(
            cos=cos,
            mean_best=v.mean_best,
            share=v.share,
            facts=facts,
            coverage=v.coverage,
            bigrams=bigrams,
            cos_background=_kth_best(cosines, i, s.background_rank, s.missing_background),
        )
        hits.append(Hit(d, lexical(calibrated_score(feats.to_dict()), s), cos, v, ss, feats))
    for cos, d, _, _ in scored[s.verify_top : max(k, s.verify_top)]:
        hits.append(Hit(d, 0.0, cos, None, None))
    hits.sort(key=lambda h: (h.verification is None, -rank_key(h.features, h.cosine, s), h.doc.docno))
    top = hits[0] if hits else None
    if top is not None and top.sentences is not None and in_band(top.score, s):
        verdict = judge_candidate(query.sentences, top.sentences, top.score, premises=s.judge_premises)
        hits[0] = dataclasses.replace(
            top, score=judged_score(top.score, verdict.cover_share, s), judge=verdict
        )
    return hits[:k]


def search(
    source: CandidateSource,
    suspect: str | Query,
    *,
    k: int = 5,
    settings: IndexSettings | None = None,
    exclude: Collection[str] = (),
    align: AlignSettings | None = None,
) -> list[Hit]:
    """Return up to ``k`` candidate sources of ``suspect`` (ranked by :func:`rank_key`) with scores.

    ``exclude`` drops ids from the results (benchmarks: a held-out article must not find itself).
    """
    s = settings or IndexSettings()
    query = suspect if isinstance(suspect, Query) else prepare(suspect, s)
    cands = candidates(source, query, n=max(s.candidates, k) + len(exclude), settings=s)
    docs = [d for d in source.fetch([d for d, _ in cands]) if d.id not in exclude]
    return score_candidates(query, docs, k=k, settings=s, align=align)


def rank_key(features: ScoreFeatures | None, cosine: float, settings: IndexSettings | None = None) -> float:
    """What hits are ordered by: cosine plus a bonus for shared content bigrams.

    Ranking and scoring are separate on purpose: the score is fitted to tell a source from a
    same-topic article (a yes/no question about one candidate), not to order candidates, and
    ordering by it lost recall@1 on the retrieval benchmark. So a source listed second can carry a
    higher score than the first (e.g. two sources of a composite article).
    """
    weight = (settings or IndexSettings()).rank_bigram_weight
    return cosine + weight * (features.bigrams if features is not None else 0.0)


# ---------------------------------------------------------------------- evidence


def evidence(query: Query, hit: Hit, *, max_items: int = 10) -> MatchEvidence:
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
    alignment = None
    v = hit.verification
    if v is not None and hit.sentences is not None:
        pairs = [(i, j, b) for i, (j, b) in enumerate(zip(v.aligned, v.best, strict=True)) if j >= 0]
        pairs.sort(key=lambda x: -x[2])
        alignment = MatchAlignment(
            share=v.share,
            aligned_sentences=len(pairs),
            suspect_sentences=len(v.aligned),
            source_coverage=v.coverage,
            examples=tuple(
                AlignedExample(query.sentences.texts[i], hit.sentences.texts[j], b) for i, j, b in pairs[:3]
            ),
        )
    return MatchEvidence(
        cosine=hit.cosine,
        fact_recall=hit.facts,
        score_features=hit.features,
        shared_rare_terms=tuple(rare),
        shared_numbers=tuple(numbers[:max_items]),
        shared_names=tuple(sorted(names_q & names_d)[:max_items]),
        shared_quotes=tuple(quotes),
        title=d.title,
        published=d.published,
        url=d.url,
        alignment=alignment,
        judge=JudgeEvidence(hit.judge.lexical_score, hit.judge.cover_share)
        if hit.judge is not None
        else None,
    )
