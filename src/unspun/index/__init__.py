"""The source index: persistent storage, signatures, search and verification.

Public names::

    open_index(path, *, mode="r"|"w", settings=None) -> SourceIndex
    SourceIndex.add(records) -> AddResult; .remove(ids); .stats(); .get(id)
    read_records(paths) -> Iterator[Record | Skipped]
    search(index, text, *, k=5, settings=None, exclude=()) -> list[Hit]
"""

from __future__ import annotations

from unspun.index.records import Record, Skipped, read_records
from unspun.index.search import Hit, Query, evidence, prepare, search
from unspun.index.store import FORMAT_VERSION, AddResult, SourceIndex, StoredDoc, open_index

__all__ = [
    "FORMAT_VERSION",
    "AddResult",
    "Hit",
    "Query",
    "Record",
    "Skipped",
    "SourceIndex",
    "StoredDoc",
    "evidence",
    "open_index",
    "prepare",
    "read_records",
    "search",
]
