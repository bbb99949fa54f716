"""The source index: persistent storage, signatures, search and verification.

Public names::

    SourceStore (protocol): add(records), remove(ids), search(query, *, k, settings), get(id),
        stats(), close(); CandidateSource (protocol): what search needs of a store's postings
    open_index(path, *, mode="r"|"w", settings=None) -> SourceIndex   (the SQLite SourceStore)
    read_records(paths) -> Iterator[Record | Skipped]
    signature_of(text, settings) -> Signature                         (pure)
    search(source, text, *, k=5, settings=None, exclude=()) -> list[Hit]
    score_candidates(query, docs, *, k, settings) -> list[Hit]        (pure)
    choose_sources(hits, min_score, settings) -> list[Hit]            (pure)
"""

from __future__ import annotations

from unspun.index.choose import choose_sources, derivation_direction, direction_note
from unspun.index.protocol import (
    AddResult,
    CandidateSource,
    Hit,
    PayloadFormat,
    Query,
    SourceStore,
    StoredDoc,
)
from unspun.index.records import Record, Skipped, read_records
from unspun.index.search import (
    evidence,
    prepare,
    query_terms,
    rank_key,
    score_candidates,
    search,
    weigh_terms,
)
from unspun.index.signature import Signature, signature_of
from unspun.index.store import FORMAT_VERSION, SourceIndex, open_index

__all__ = [
    "FORMAT_VERSION",
    "AddResult",
    "CandidateSource",
    "Hit",
    "PayloadFormat",
    "Query",
    "Record",
    "Signature",
    "Skipped",
    "SourceIndex",
    "SourceStore",
    "StoredDoc",
    "choose_sources",
    "derivation_direction",
    "direction_note",
    "evidence",
    "open_index",
    "prepare",
    "query_terms",
    "rank_key",
    "read_records",
    "score_candidates",
    "search",
    "signature_of",
    "weigh_terms",
]
