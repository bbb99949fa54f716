"""What a source-index backend is: the :class:`SourceStore` protocol and the values it exchanges.

The SQLite store (:mod:`unspun.index.store`) is one implementation; a second backend (e.g. one
on Spark) implements the same methods and reuses the pure functions around them:
:func:`unspun.index.signature.signature_of` (what an article is indexed under),
:func:`unspun.index.search.query_terms` / :func:`~unspun.index.search.weigh_terms` (which terms
a query looks up, and their weights) and :func:`unspun.index.search.score_candidates`
(re-ranking, verification and the calibrated score of candidate documents). The pipeline's
``trace`` accepts any :class:`SourceStore`; ``trace_hits`` takes hits however they were found.

A store that keeps term postings can implement the narrower :class:`CandidateSource` and get
:meth:`SourceStore.search` from :func:`unspun.index.search.search`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from unspun.config import AlignSettings, IndexSettings
from unspun.index.judge import CoverJudgement
from unspun.index.records import Record, Skipped
from unspun.index.verify import SentenceSet, Verification
from unspun.types import Article
from unspun.types.retrieval import ScoreFeatures


class PayloadFormat(StrEnum):
    """How a stored article's payload is to be read back."""

    TEXT = "text"  # plain text, re-ingested as text
    MARKDOWN = "markdown"  # Markdown text, re-ingested as Markdown
    ARTICLE = "article"  # a whole ingested Article (HTML, WARC), stored as its JSON


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """One indexed article as stored: metadata and its text (or full Article).

    ``docno`` is the store's integer key (insertion order in the SQLite store; ties in ranking
    break on it); ``norm`` the norm of its weighted bag (its :class:`Signature`'s).
    """

    docno: int
    id: str
    title: str | None
    url: str | None
    published: dt.date | None
    fmt: PayloadFormat
    text: str
    article: Article | None = None
    norm: float = 0.0


@dataclass
class AddResult:
    """What an add did: counts and the skip reasons (reason -> count, plus a few examples).

    Mutable on purpose: it accumulates while the records stream in.
    """

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: list[Skipped] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Articles now in the index from this run (new, replaced or already there)."""
        return self.added + self.replaced + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "skipped": sum(self.skipped.values()),
            "skipped_reasons": dict(self.skipped),
            "skipped_examples": [{"where": s.where, "reason": s.reason} for s in self.skipped_examples],
        }


@dataclass(frozen=True, slots=True)
class Query:
    """A prepared suspect: tokens, weighted bag, sentences (see :func:`unspun.index.search.prepare`)."""

    text: str
    counts: Counter[str]
    vector: dict[str, float]
    sentences: SentenceSet
    bigrams: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Hit:
    """A ranked candidate source.

    ``score`` is the calibrated score in [0, 1] (0 for candidates that were not verified
    beyond ``index.verify_top``); ``cosine`` the re-ranking similarity; ``verification`` the
    sentence alignment and ``features`` what the score was computed from (both None if the
    candidate was not verified); ``judge`` the cross-encoder's second opinion where the top hit's
    lexical score fell in the judge's band (:mod:`unspun.index.judge`), else None.
    """

    doc: StoredDoc
    score: float
    cosine: float
    verification: Verification | None
    sentences: SentenceSet | None
    features: ScoreFeatures | None = None
    judge: CoverJudgement | None = None  # the band judge's evidence, on a judged top hit only

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def facts(self) -> float:
        """Weighted share of the suspect's numbers and rare words found in this candidate."""
        return self.features.facts if self.features is not None else 0.0


class CandidateSource(Protocol):
    """The storage side of candidate generation: term postings and stored documents."""

    def size(self) -> int:
        """Return the number of stored articles."""
        ...

    def document_frequencies(self, terms: Sequence[int], *, cap: int) -> list[int]:
        """Return, per term hash, the number of signatures holding it, counted up to ``cap + 1``."""
        ...

    def accumulate(self, weighted: Sequence[tuple[int, float]], *, n: int) -> list[tuple[int, float]]:
        """Return the ``n`` best ``(docno, sum of the weights of its matching terms)``, best first.

        Ties break on the smaller docno; documents matching none of the terms are not returned.
        """
        ...

    def fetch(self, docnos: Sequence[int]) -> list[StoredDoc]:
        """Return the stored articles for these docnos, in the given order (missing ones dropped)."""
        ...


class SourceStore(Protocol):
    """A source index: add and remove articles, search it, read one back."""

    def add(
        self, items: Iterable[Record | Skipped], *, progress: Callable[[int], None] | None = None
    ) -> AddResult:
        """Add (or replace, by id) records; count the skipped ones. ``progress(n)`` after each n."""
        ...

    def remove(self, doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove articles by id; return (removed, not found)."""
        ...

    def search(
        self,
        query: str | Query,
        *,
        k: int = 5,
        settings: IndexSettings | None = None,
        exclude: Collection[str] = (),
        align: AlignSettings | None = None,
    ) -> list[Hit]:
        """Return up to ``k`` candidate sources of ``query``, ranked, with calibrated scores.

        ``align`` holds the minimum similarity at which verification counts a sentence aligned
        (the aligner's own, so one minimum serves compare and trace).
        """
        ...

    def get(self, doc_id: str) -> StoredDoc | None:
        """Return the stored article with this id, or None."""
        ...

    def stats(self) -> dict[str, Any]:
        """Return counts and sizes (at least ``articles``)."""
        ...

    def close(self) -> None:
        """Release the store's resources (connections, locks)."""
        ...


__all__ = [
    "AddResult",
    "CandidateSource",
    "Hit",
    "PayloadFormat",
    "Query",
    "SourceStore",
    "StoredDoc",
]
