"""The SourceStore protocol: a second backend built from the pure functions ranks and traces alike."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from unspun.config import AlignSettings, IndexSettings, Settings
from unspun.index import (
    AddResult,
    CandidateSource,
    Hit,
    PayloadFormat,
    Query,
    Record,
    Skipped,
    SourceStore,
    StoredDoc,
    open_index,
    prepare,
    query_terms,
    score_candidates,
    search,
    signature_of,
    weigh_terms,
)
from unspun.index.search import candidates, postings_limits
from unspun.pipeline import trace, trace_hits
from unspun.types import VerdictLabel

HARBOUR = (
    "The harbour of Valparaiso closed on Monday after a storm sank three fishing boats. "
    "Port officials said 40 ships were waiting offshore for the swell to drop. "
    "The navy rescued eleven sailors from the Esmeralda trawler near the breakwater. "
    "Copper exports worth 120 million dollars were delayed by the closure."
)
FIRES = (
    "Wildfires in the Algarve forced the evacuation of 2,000 tourists from Lagos beaches. "
    "Firefighters from Faro battled flames fanned by easterly winds for a third night. "
    "The mayor of Portimao asked visitors to avoid the coastal motorway until Friday. "
    "Cork oak plantations north of Monchique were destroyed across 9,000 hectares."
)
BANK = (
    "The central bank of Norway raised its policy rate to 4.5 percent citing stubborn inflation. "
    "Governor Ida Wolden Bache said further increases could follow in the autumn. "
    "The krone strengthened against the euro after the announcement in Oslo. "
    "Economists at DNB had expected the bank to hold the rate until September."
)
SUSPECT = (
    "A storm that sank three fishing boats shut Valparaiso's harbour on Monday. "
    "According to port officials, 40 ships waited offshore until the swell dropped. "
    "Eleven sailors from the trawler Esmeralda were rescued by the navy close to the breakwater. "
    "The closure held up copper exports worth 120 million dollars."
)
PORT = (
    "Valparaiso's harbour authority approved a new breakwater for the port on Monday. "
    "The navy and port officials said the works would let ships dock during storms. "
    "Fishing boats will use a separate quay from next year, the authority said. "
    "Copper exports, most of the port's trade, should not be delayed by the works."
)
RECORDS = [
    Record("harbour", HARBOUR),
    Record("fires", FIRES),
    Record("port", PORT),
    Record("bank", BANK),
]


class MemorySource:
    """A second backend in a few lines: postings in a dict, built with :func:`signature_of`."""

    def __init__(self, records: Sequence[Record], settings: IndexSettings) -> None:
        self.docs: dict[int, StoredDoc] = {}
        self.postings: dict[int, list[int]] = defaultdict(list)
        for docno, rec in enumerate(records, start=1):
            sig = signature_of(rec.text, settings)
            self.docs[docno] = StoredDoc(
                docno, rec.id, rec.title, rec.url, rec.published, PayloadFormat.TEXT, rec.text, None, sig.norm
            )
            for term in sig.terms:
                self.postings[term].append(docno)

    def size(self) -> int:
        return len(self.docs)

    def document_frequencies(self, terms: Sequence[int], *, cap: int) -> list[int]:
        return [min(len(self.postings.get(t, ())), cap + 1) for t in terms]

    def accumulate(self, weighted: Sequence[tuple[int, float]], *, n: int) -> list[tuple[int, float]]:
        acc: dict[int, float] = defaultdict(float)
        for term, w in weighted:
            for docno in self.postings.get(term, ()):
                acc[docno] += w
        return sorted(acc.items(), key=lambda x: (-x[1], x[0]))[:n]

    def fetch(self, docnos: Sequence[int]) -> list[StoredDoc]:
        return [self.docs[d] for d in docnos if d in self.docs]


class MemoryStore:
    """A read-only :class:`SourceStore` over a :class:`MemorySource` (not the SQLite class)."""

    def __init__(self, records: Sequence[Record]) -> None:
        self.source = MemorySource(records, IndexSettings())
        self.searches = 0

    def add(
        self, items: Iterable[Record | Skipped], *, progress: Callable[[int], None] | None = None
    ) -> AddResult:
        raise NotImplementedError

    def remove(self, doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        raise NotImplementedError

    def search(
        self,
        query: str | Query,
        *,
        k: int = 5,
        settings: IndexSettings | None = None,
        exclude: Collection[str] = (),
        align: AlignSettings | None = None,
    ) -> list[Hit]:
        self.searches += 1
        return search(self.source, query, k=k, settings=settings, exclude=exclude, align=align)

    def get(self, doc_id: str) -> StoredDoc | None:
        return next((d for d in self.source.docs.values() if d.id == doc_id), None)

    def stats(self) -> dict[str, Any]:
        return {"articles": self.source.size()}

    def close(self) -> None:
        pass


def _hit_view(hits: list[Hit]) -> list[tuple[str, float, float, dict[str, float] | None]]:
    return [(h.id, h.score, h.cosine, h.features.to_dict() if h.features else None) for h in hits]


def test_a_second_candidate_source_ranks_and_scores_like_the_sqlite_store(tmp_path: Path) -> None:
    memory: CandidateSource = MemorySource(RECORDS, IndexSettings())
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(RECORDS)
        sqlite_hits = search(idx, SUSPECT, k=3)
    memory_hits = search(memory, SUSPECT, k=3)
    assert [h.id for h in sqlite_hits[:2]] == ["harbour", "port"]
    assert sqlite_hits[0].score > sqlite_hits[1].score
    assert _hit_view(memory_hits) == _hit_view(sqlite_hits)


def test_the_store_keeps_the_signature_computed_before_the_write(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(RECORDS)
        stored = idx.get("bank")
        postings = idx.stats()["postings"]
    sig = signature_of(BANK, IndexSettings())
    assert stored is not None
    assert stored.norm == pytest.approx(sig.norm)
    assert list(sig.terms) == sorted(set(sig.terms))
    assert postings == sum(len(signature_of(r.text, IndexSettings()).terms) for r in RECORDS)


def test_score_candidates_is_a_function_of_the_documents_alone() -> None:
    source = MemorySource(RECORDS, IndexSettings())
    query = prepare(SUSPECT)
    found = [docno for docno, _ in candidates(source, query, n=50)]
    assert 2 not in found  # the wildfire article shares no rare term with the suspect
    docs = source.fetch(found[::-1])  # any order: ranking depends on the texts, ties on docno
    assert _hit_view(score_candidates(query, docs, k=3)) == _hit_view(search(source, query, k=3))
    # The background is the index.background_rank-th best other candidate: with enough others,
    # unrelated ones among them, the best hit's background comes closer.
    others = [d for n, d in source.docs.items() if n not in found]
    assert len(found) + len(others) > IndexSettings().background_rank
    everything = [*docs, *others]
    # (no assumed background where the narrow set has too few others: the real one is compared)
    bare = IndexSettings(missing_background=0.0)
    widened = score_candidates(query, everything, k=3, settings=bare)
    narrow = search(source, query, k=3, settings=bare)
    assert widened[0].features is not None
    assert narrow[0].features is not None
    assert widened[0].features.cos_background > narrow[0].features.cos_background
    fewer = score_candidates(query, everything, k=3, settings=IndexSettings(verify_top=1))
    assert [h.verification is not None for h in fewer] == [True, False, False]
    assert [h.id for h in fewer[:2]] == ["harbour", "port"]
    assert fewer[1].score == 0.0
    assert fewer[1].features is None


def test_weigh_terms_drops_absent_and_common_terms_and_keeps_the_budget() -> None:
    settings = IndexSettings(max_postings=10, postings_budget=12)
    terms = [(1, 2.0), (2, 1.0), (3, 3.0), (4, 1.5)]
    assert postings_limits(100, settings) == (10, 12)
    weighted = weigh_terms(terms, [5, 0, 11, 8], total=100, settings=settings)
    # term 2 is in no signature, term 3 in more than max_postings; term 4 does not fit the budget
    # left after term 1 (5 of 12 postings), although it is lighter than term 1 only.
    assert [h for h, _ in weighted] == [1]
    assert weighted[0][1] == pytest.approx(2.0 * 3.044522437723423)  # 2 x ln(1 + 100/5)
    roomy = weigh_terms(terms, [5, 0, 11, 7], total=100, settings=settings)
    assert [h for h, _ in roomy] == [1, 4]


def test_query_terms_follow_the_settings() -> None:
    query = prepare(SUSPECT)
    assert len(query_terms(query, IndexSettings(max_query_terms=3))) == 3
    assert len(query_terms(query)) > 3


def test_trace_accepts_any_source_store(tmp_path: Path) -> None:
    store = MemoryStore(RECORDS)
    typed: SourceStore = store
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(RECORDS)
    from_memory = trace(SUSPECT, typed, k=3)
    from_path = trace(SUSPECT, tmp_path / "idx", k=3)
    assert store.searches == 1
    assert from_memory.matches[0].id == "harbour"
    assert from_memory.sources[0].doc_id == "harbour"
    assert from_memory.to_dict() == from_path.to_dict()


def test_trace_hits_without_hits_reports_no_source() -> None:
    from unspun.ingest import article_from_text

    suspect = article_from_text(SUSPECT, doc_id="suspect")
    report = trace_hits(suspect, [], k=5)
    assert report.verdict.label is VerdictLabel.INDEPENDENT
    assert report.sources == ()
    assert any("no indexed article shares its rare terms" in n for n in report.notes)
    # The same hits below a raised threshold are no source either, and the note names the best.
    hits = search(MemorySource(RECORDS, IndexSettings()), SUSPECT, k=3)
    strict = dataclasses.replace(Settings(), index=IndexSettings(min_score=1.0))
    report = trace_hits(suspect, hits, k=5, settings=strict)
    assert report.matches == ()
    assert any("the best candidate, harbour" in n for n in report.notes)
