"""The scan's adapter to unspun's ingest, retrieval and trace code: the only module that calls them.

``unspun scan`` must judge a crawl article exactly as ``unspun trace`` judges it against an index
of the reference feed. Spark replaces only what the SQLite store does (signature postings, the
per-term document counts, the candidate join: :mod:`unspun.scan.candidates`); everything else is
the library's own code behind the retrieval protocol, called from here inside the Spark tasks:

* ingest (:func:`crawl_article`, :func:`reference_doc`): the readers of ``unspun index add`` and
  ``unspun trace`` (JSONL text is indexed raw and ingested when audited; HTML is ingested first);
* signatures and query terms (:func:`signature`, :func:`query_terms`):
  :func:`unspun.index.signature.signature_of` and :func:`unspun.index.search.query_terms`;
* the term selection of the candidate stage (:func:`select_terms`):
  :func:`unspun.index.search.weigh_terms` (per-term posting cap, per-query budget, rarest first);
* re-rank, verification and calibrated score over the candidate documents (:func:`rank_candidates`):
  :func:`unspun.index.search.score_candidates`;
* everything ``trace`` does after its search (:func:`trace_hits`, :func:`sources_of`):
  :func:`unspun.pipeline.trace_hits` and :func:`unspun.index.choose.choose_sources`.

``tests/unit/test_scan_judge.py`` checks these against ``search`` and ``trace`` on a real index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from unspun.config import AlignSettings, IndexSettings, Settings
from unspun.errors import InputError, SegmentationError
from unspun.index.choose import choose_sources
from unspun.index.protocol import Hit, PayloadFormat, Query, StoredDoc
from unspun.index.search import postings_limits, prepare, score_candidates, weigh_terms
from unspun.index.search import query_terms as _query_terms
from unspun.index.signature import Signature, signature_of
from unspun.index.terms import weigher
from unspun.scan.readers import RawDoc, Skip, SkipReason
from unspun.types import Article, Report

__all__ = [
    "Hit",
    "PayloadFormat",
    "Query",
    "RefDoc",
    "Signature",
    "StoredDoc",
    "candidate_count",
    "crawl_article",
    "postings_limits",
    "prepare",
    "query_terms",
    "rank_candidates",
    "reference_doc",
    "select_terms",
    "signature",
    "sources_of",
    "trace_hits",
    "warm_up",
]


@dataclass(frozen=True, slots=True)
class RefDoc:
    """A reference article as the index stores it: raw text (``fmt`` text) or an ingested Article."""

    id: str
    text: str
    fmt: PayloadFormat
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
        return RefDoc(raw.id, raw.body, PayloadFormat.TEXT, raw.title, raw.url, raw.published)
    art = crawl_article(raw, settings)
    if isinstance(art, Skip):
        return art
    if not art.text.strip():
        return Skip(raw.id, SkipReason.EMPTY_PAGE)
    return RefDoc(raw.id, art.text, PayloadFormat.ARTICLE, art.title, art.url or raw.url, art.published, art)


def signature(text: str, settings: IndexSettings) -> Signature:
    """An article's signature (term hashes it is indexed under) and the norm of its weighted bag."""
    return signature_of(text, settings)


def query_terms(text: str, settings: IndexSettings) -> list[tuple[int, float]]:
    """The suspect's query terms in the index's order: (term hash, query weight), heaviest first."""
    return _query_terms(prepare(text, settings), settings)


def select_terms(
    terms: Sequence[tuple[int, float, int]], *, total: int, settings: IndexSettings
) -> list[tuple[int, float]]:
    """Choose the query terms whose postings are joined, as the index's candidate stage does.

    ``terms`` are (hash, query weight, df) in query-term order, ``df`` the number of reference
    signatures holding the term and ``total`` the number of reference articles. Returns
    (hash, weight), heaviest first (:func:`unspun.index.search.weigh_terms`).
    """
    return weigh_terms(
        [(h, qw) for h, qw, _ in terms], [df for _, _, df in terms], total=max(total, 1), settings=settings
    )


def candidate_count(settings: IndexSettings, k: int, excluded: int = 0) -> int:
    """How many candidates ``search`` re-ranks for ``k`` hits with ``excluded`` ids left out."""
    return max(settings.candidates, k) + excluded


def warm_up() -> None:
    """Load the word lists once per Python worker (they are cached for the worker's life)."""
    weigher()


def rank_candidates(
    query: Query,
    docs: Sequence[StoredDoc],
    *,
    k: int,
    settings: IndexSettings,
    align: AlignSettings,
    exclude: Collection[str] = (),
) -> list[Hit]:
    """Re-rank, verify and score candidate documents (given in candidate order) as ``search`` does.

    ``align`` is required (``trace`` passes ``search(..., align=cfg.align)``): verification uses
    the aligner's similarity and ``align.min_similarity``, so a scan with other align settings
    must verify with them too.
    """
    docs = [d for d in docs if d.id not in exclude]
    return score_candidates(query, docs, k=k, settings=settings, align=align)


def sources_of(hits: Sequence[Hit], settings: Settings) -> list[Hit]:
    """The hits ``trace`` would audit as sources (possibly none)."""
    return choose_sources(hits, settings.index.min_score, settings.trace)


def trace_hits(suspect: Article, query: Query, hits: Sequence[Hit], *, k: int, settings: Settings) -> Report:
    """Build the report ``trace`` builds from its search hits: sources chosen, audited, annotated."""
    from unspun.pipeline import trace_hits as _trace_hits  # the pipeline pulls in spaCy: on first use

    return _trace_hits(suspect, hits, k=k, settings=settings, query=query)
