"""The scan's adapter (unspun.scan.judge) gives exactly what search and trace give on a real index.

Two functions there are copies of library bodies (the re-rank after the candidate fetch, and
trace after its search); these tests fail as soon as either copy drifts from the library. The
term selection is checked the same way: a brute-force accumulation over the chosen terms must
give the index's own candidate list.
"""

from __future__ import annotations

import importlib
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspun.config import Settings
from unspun.index import Record, SourceIndex, open_index, search
from unspun.index.search import candidates
from unspun.ingest import article_from_text
from unspun.report import ReportFormat, render
from unspun.scan.judge import (
    RefDoc,
    candidate_count,
    prepare,
    profile,
    query_terms,
    rank_candidates,
    reference_doc,
    select_terms,
    trace_hits,
)
from unspun.scan.readers import RawDoc
from unspun.trace import trace

pytestmark = pytest.mark.data


def _records(shared: Path) -> tuple[list[Record], list[tuple[str, str]]]:
    with (shared / "llmfake" / "llmfake_chatgpt_rewrites.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(x) for x in fh]
    rows = [r for r in rows if r["rewrites"]][:24]
    refs = [Record(f"o-{r['news_id']}", r["news_text"]) for r in rows]
    with (shared / "distractors" / "bbc_news.jsonl").open(encoding="utf-8") as fh:
        distractors = [json.loads(next(fh)) for _ in range(60)]
    refs += [Record(d["id"], d["text"], d["title"]) for d in distractors[:50]]
    queries = [(f"q-{r['news_id']}", sorted(r["rewrites"].values())[0]) for r in rows[:6]]
    queries += [(d["id"], d["text"]) for d in distractors[50:53]]
    return refs, queries


@pytest.fixture(scope="module")
def index(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[SourceIndex, list[tuple[str, str]]]]:
    refs, queries = _records(shared_data)
    with open_index(tmp_path_factory.mktemp("judge") / "idx", mode="w") as idx:
        idx.add(refs)
        yield idx, queries


@pytest.mark.parametrize("limits", [None, (6, 25)], ids=["default-limits", "tight-cap-and-budget"])
def test_selected_terms_accumulate_to_the_index_candidates(
    index: tuple[SourceIndex, list[tuple[str, str]]],
    limits: tuple[int, int] | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cap and budget bind only on large archives; tight limits make them bind on this one."""
    if limits is not None:
        for module in ("unspun.index.search", "unspun.scan.judge"):
            monkeypatch.setattr(importlib.import_module(module), "postings_limits", lambda total: limits)
    idx, queries = index
    ids = idx.ids()
    docs = idx.fetch(list(range(1, len(ids) + 1)))
    posts: dict[int, set[int]] = defaultdict(set)
    for d in docs:
        for h in profile(d.text, idx.terms_per_doc)[0]:
            posts[h].add(d.docno)
    n = candidate_count(Settings().index, 5)
    dropped = 0
    for _, text in queries:
        terms = [(h, qw, len(posts.get(h, ()))) for h, qw in query_terms(text)]
        acc: dict[int, float] = defaultdict(float)
        for h, w in select_terms(terms, total=len(ids)):
            for docno in posts[h]:
                acc[docno] += w
        mine = sorted(acc.items(), key=lambda x: (-x[1], x[0]))[:n]
        want = candidates(idx, prepare(text), n=n)
        dropped += sum(df > 0 for _, _, df in terms) - len(select_terms(terms, total=len(ids)))
        assert [d for d, _ in mine] == [d for d, _ in want]
        assert [round(s, 9) for _, s in mine] == [round(s, 9) for _, s in want]
    assert (dropped > 0) == (limits is not None)  # the tight limits did drop terms


def test_rank_candidates_equals_search(index: tuple[SourceIndex, list[tuple[str, str]]]) -> None:
    idx, queries = index
    for _, text in queries:
        query = prepare(text)
        fetched = idx.fetch([d for d, _ in candidates(idx, query, n=candidate_count(Settings().index, 5))])
        mine = rank_candidates(query, fetched, k=5)
        want = search(idx, query, k=5)
        assert [(h.id, h.score, h.cosine, h.features) for h in mine] == [
            (h.id, h.score, h.cosine, h.features) for h in want
        ]
        assert mine, "every query shares rare terms with some reference article"


def test_trace_hits_equals_trace(index: tuple[SourceIndex, list[tuple[str, str]]]) -> None:
    idx, queries = index
    cfg = Settings()
    found = 0
    for qid, text in queries:
        art = article_from_text(text, doc_id=qid)
        query = prepare(art.text)
        hits = search(idx, query, k=5)
        mine = trace_hits(art, query, hits, k=5, settings=cfg)
        want = trace(art, idx, k=5, settings=cfg)
        assert render(mine, ReportFormat.JSON) == render(want, ReportFormat.JSON)
        found += bool(want.sources)
    assert 0 < found < len(queries)  # both branches (sources found, none found) were compared


def test_reference_doc_stores_text_raw_and_html_ingested() -> None:
    cfg = Settings()
    text = "Storm closes the harbour.\n\nThe navy rescued eleven sailors near the breakwater on Monday."
    doc = reference_doc(RawDoc("a", text, "http://x/a"), cfg)
    assert doc == RefDoc("a", text, "text", None, "http://x/a", None)
    html = f"<html><head><title>Storm</title></head><body><p>{text}</p></body></html>".encode()
    got = reference_doc(RawDoc("b", html, "http://x/b"), cfg)
    assert isinstance(got, RefDoc)
    assert got.fmt == "article"
    assert got.article is not None
    assert got.text == got.article.text
    assert "eleven sailors" in got.text
    assert "<p>" not in got.text
