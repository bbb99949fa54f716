"""The scan's adapter to unspun's ingest, retrieval and trace code: the only module that calls them.

``unspun scan`` must judge a crawl article exactly as ``unspun trace`` judges it against an index
of the reference feed. Spark replaces only what the SQLite index does (signature postings, the
per-term document counts, the candidate join: :mod:`unspun.scan.candidates`); everything else is
the library's own code, called from here inside the Spark tasks:

* ingest (:func:`crawl_article`, :func:`reference_doc`): the readers of ``unspun index add`` and
  ``unspun trace`` (JSONL text is indexed raw and ingested when audited; HTML is ingested first);
* signatures and query terms (:func:`profile`, :func:`query_terms`): ``unspun.index.terms``;
* the term selection of the candidate stage (:func:`select_terms`): the rules of
  ``unspun.index.search.candidates`` (per-term posting cap, per-query budget, rarest first);
* re-rank, verification and calibrated score over the candidate documents
  (:func:`rank_candidates`), and everything ``trace`` does after its search: choice of sources,
  matches with evidence, notes, the same ``compare_articles`` audit (:func:`trace_hits`).

Two of these are copies, because the library does not yet expose them as functions of their own:
:func:`rank_candidates` is the body of ``unspun.index.search.search`` after its candidate fetch, and
:func:`trace_hits` the body of ``unspun.trace.trace`` after its search. ``tests/unit/test_scan_judge.py``
checks both against ``search`` and ``trace`` on a real index, so a drift fails a test. When the
library exposes them (retrieval behind a protocol: a pure re-rank over candidate documents and a
``trace_hits``), these two bodies become one call each and nothing else in ``unspun.scan`` changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from unspun.config import IndexSettings, Settings
from unspun.errors import InputError, SegmentationError
from unspun.index.search import (
    BACKGROUND_RANK,
    MAX_QUERY_TERMS,
    VERIFY_TOP,
    Hit,
    Query,
    content_bigrams,
    evidence,
    fact_recall,
    fact_terms,
    postings_limits,
    prepare,
    rank_key,
)
from unspun.index.store import StoredDoc
from unspun.index.terms import (
    doc_profile,
    dot_prepared,
    norm,
    term_hash,
    tokenize,
    top_terms,
    weigher,
    with_doc_weights,
)
from unspun.index.verify import SentenceSet, Verification, calibrated_score, sentence_set, split_units, verify
from unspun.scan.readers import RawDoc, Skip, SkipReason
from unspun.types import Article, Report, SourceMatch

__all__ = [
    "MAX_QUERY_TERMS",
    "Hit",
    "RefDoc",
    "StoredDoc",
    "candidate_count",
    "crawl_article",
    "postings_limits",
    "prepare",
    "profile",
    "query_terms",
    "rank_candidates",
    "reference_doc",
    "select_terms",
    "sources_of",
    "trace_hits",
    "warm_up",
]


@dataclass(frozen=True, slots=True)
class RefDoc:
    """A reference article as the index stores it: raw text (``fmt`` text) or an ingested Article."""

    id: str
    text: str
    fmt: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    article: Article | None = None

    def stored(self, docno: int, doc_norm: float) -> StoredDoc:
        """The :class:`StoredDoc` an index would return for this article at ``docno``."""
        return StoredDoc(
            docno, self.id, self.title, self.url, self.published, self.fmt, self.text, self.article, doc_norm
        )


def _skip_for(exc: InputError, where: str) -> Skip:
    msg = str(exc)
    if isinstance(exc, SegmentationError):
        return Skip(where, SkipReason.NO_BODY, msg)
    low = msg.lower()
    if "larger than" in low:
        return Skip(where, SkipReason.TOO_LARGE, msg)
    if "empty" in low or "no text" in low:
        return Skip(where, SkipReason.EMPTY_PAGE, msg)
    return Skip(where, SkipReason.UNDECODABLE, msg)


def crawl_article(raw: RawDoc, settings: Settings) -> Article | Skip:
    """Ingest a crawl article as ``unspun trace`` reads a suspect (HTML as HTML, text sniffed)."""
    from unspun.ingest import article_from_bytes, article_from_text

    try:
        if isinstance(raw.body, bytes):
            return article_from_bytes(
                raw.body, doc_id=raw.id, fmt="html", url=raw.url, published=raw.published, settings=settings
            )
        return article_from_text(
            raw.body,
            doc_id=raw.id,
            published=raw.published,
            url=raw.url,
            title=raw.title,
            settings=settings,
        )
    except InputError as exc:
        return _skip_for(exc, raw.id)


def reference_doc(raw: RawDoc, settings: Settings) -> RefDoc | Skip:
    """Read a reference article as ``unspun index add`` stores it (raw text, or an ingested HTML page)."""
    if not isinstance(raw.body, bytes):
        return RefDoc(raw.id, raw.body, "text", raw.title, raw.url, raw.published)
    art = crawl_article(raw, settings)
    if isinstance(art, Skip):
        return art
    if not art.text.strip():
        return Skip(raw.id, SkipReason.EMPTY_PAGE)
    return RefDoc(raw.id, art.text, "article", art.title, art.url or raw.url, art.published, art)


def profile(text: str, terms_per_doc: int) -> tuple[list[int], float]:
    """An article's signature (term hashes it is indexed under) and the norm of its weighted bag."""
    return doc_profile(text, terms_per_doc)


def query_terms(text: str) -> list[tuple[int, float]]:
    """The suspect's query terms in the index's order: (term hash, tf x weight), heaviest first."""
    return [(term_hash(t), w) for t, w in top_terms(Counter(tokenize(text)), MAX_QUERY_TERMS, weigher())]


def select_terms(terms: Sequence[tuple[int, float, int]], *, total: int) -> list[tuple[int, float]]:
    """Choose the query terms whose postings are joined, as ``unspun.index.search.candidates`` does.

    ``terms`` are (hash, query weight, df) in query-term order, ``df`` the number of reference
    signatures holding the term and ``total`` the number of reference articles. Terms in more than
    the cap's signatures are dropped; each remaining term weighs ``qw x ln(1 + total / df)``; the
    heaviest are taken first while their postings fit in the budget. Returns (hash, weight).
    """
    cap, budget = postings_limits(max(total, 1))
    n = max(total, 1)
    scored = [(qw * math.log(1.0 + n / df), h, df) for h, qw, df in terms if 0 < df <= cap]
    scored.sort(key=lambda x: -x[0])
    out: list[tuple[int, float]] = []
    for w, h, df in scored:
        if df <= budget:
            out.append((h, w))
            budget -= df
    return out


def candidate_count(settings: IndexSettings, k: int, excluded: int = 0) -> int:
    """How many candidates ``search`` re-ranks for ``k`` hits with ``excluded`` ids left out."""
    return max(settings.candidates, k) + excluded


def warm_up() -> None:
    """Load the word lists once per Python worker (they are cached for the worker's life)."""
    weigher()


def _kth_best(values: list[float], skip: int, k: int) -> float:
    rest = sorted((v for i, v in enumerate(values) if i != skip), reverse=True)
    return rest[k - 1] if len(rest) >= k else 0.0


def rank_candidates(
    query: Query,
    docs: Sequence[StoredDoc],
    *,
    k: int,
    exclude: Collection[str] = (),
    verify_top: int = VERIFY_TOP,
) -> list[Hit]:
    """Re-rank, verify and score candidate documents (given in candidate order) as ``search`` does.

    A copy of ``unspun.index.search.search`` after ``index.fetch`` (see the module docstring).
    """
    kept = [d for d in docs if d.id not in exclude]
    scored: list[tuple[float, StoredDoc, list[str], Counter[str]]] = []
    qnorm = norm(query.vector)
    qdot = with_doc_weights(query.vector)
    for d in kept:
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
            "facts": fact_recall(qfacts, counts),
            "coverage": v.coverage,
            "bigrams": len(query.bigrams & dbig) / len(dbig) if dbig else 0.0,
        }
        verified.append((d, v, ss, feats))
    means = [f["mean_best"] for _, _, _, f in verified]
    hits: list[Hit] = []
    for i, (d, v, ss, feats) in enumerate(verified):
        feats["cos_margin"] = feats["cos"] - _kth_best(cosines, i, BACKGROUND_RANK)
        feats["mean_best_margin"] = feats["mean_best"] - _kth_best(means, i, BACKGROUND_RANK)
        hits.append(Hit(d, calibrated_score(feats), feats["cos"], v, ss, feats))
    for cos, d, _, _ in scored[verify_top : max(k, verify_top)]:
        hits.append(Hit(d, 0.0, cos, None, None))
    hits.sort(key=lambda h: (h.verification is None, -rank_key(h.features, h.cosine), h.doc.docno))
    return hits[:k]


def sources_of(hits: list[Hit], settings: Settings) -> list[Hit]:
    """The hits ``trace`` would audit as sources (possibly none)."""
    from unspun.trace import choose_sources

    return choose_sources(hits, settings.index.min_score)


def trace_hits(suspect: Article, query: Query, hits: list[Hit], *, k: int, settings: Settings) -> Report:
    """Build the report ``trace`` builds from its search hits: sources chosen, audited, annotated.

    A copy of ``unspun.trace.trace`` after its search (see the module docstring).
    """
    from unspun.pipeline import compare_articles
    from unspun.trace import _no_source_report, _source_article, direction_note

    min_score = settings.index.min_score
    chosen = sources_of(hits, settings)
    accepted = [h for h in hits if h.score >= min_score or h in chosen][:k]
    matches = tuple(SourceMatch(h.id, h.score, evidence(query, h)) for h in accepted)
    notes: list[str] = []
    if not chosen:
        if hits:
            best = hits[0]
            notes.append(
                f"No source found in the index: the best candidate, {best.id}, scored {best.score:.2f}, "
                f"below the threshold {min_score:.2f} (index.min_score)."
            )
        else:
            notes.append("No source found in the index: no indexed article shares its rare terms.")
        return _no_source_report(suspect, notes, settings)
    sources = [_source_article(h.doc, settings) for h in chosen]
    if all(h.score < min_score for h in chosen):
        notes.append(
            "No single candidate reaches the threshold, but these candidates each closely explain a "
            "different part of the suspect (a composite article): they are audited together."
        )
    names = ", ".join(f"{h.id} ({h.score:.2f})" for h in chosen)
    notes.append(f"Traced in the index to {len(chosen)} source(s): {names}.")
    others = [h for h in accepted if h not in chosen]
    if others:
        notes.append(
            "Also above the threshold but not audited (they explain no further sentences, e.g. copies "
            "of the same story): " + ", ".join(f"{h.id} ({h.score:.2f})" for h in others) + "."
        )
    notes.extend(direction_note(suspect, s) for s in sources)
    report = compare_articles(suspect, sources, settings=settings)
    return dataclasses.replace(report, matches=matches, notes=tuple(notes) + tuple(report.notes))
