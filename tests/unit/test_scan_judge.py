"""The scan's adapter (unspun.scan.judge) gives exactly what search and trace give on a real index.

The adapter calls the library's pure retrieval functions on candidate documents it fetched
itself; these tests fail as soon as how it calls them (the candidate count, the settings passed,
the exclusions, what the stored documents carry) drifts from ``search`` and ``trace``. The term
selection is checked the same way: a brute-force accumulation over the chosen terms must give
the index's own candidate list.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspun.config import AlignSettings, IndexSettings, Settings
from unspun.index import PayloadFormat, Record, SourceIndex, StoredDoc, open_index, search
from unspun.index.search import candidates
from unspun.ingest import article_from_text
from unspun.pipeline import trace
from unspun.report import ReportFormat, render
from unspun.scan.judge import (
    RefDoc,
    candidate_count,
    crawl_article,
    prepare,
    query_terms,
    rank_candidates,
    reference_doc,
    select_terms,
    signature,
    trace_hits,
)
from unspun.scan.readers import RawDoc, Skip

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


_TIGHT = IndexSettings(max_postings=6, postings_budget=25)


@pytest.mark.parametrize("cfg", [IndexSettings(), _TIGHT], ids=["default-limits", "tight-cap-and-budget"])
def test_selected_terms_accumulate_to_the_index_candidates(
    index: tuple[SourceIndex, list[tuple[str, str]]], cfg: IndexSettings
) -> None:
    """The cap and budget bind only on large archives; tight limits make them bind on this one."""
    idx, queries = index
    ids = idx.ids()
    docs = idx.fetch(list(range(1, len(ids) + 1)))
    posts: dict[int, set[int]] = defaultdict(set)
    for d in docs:
        for h in signature(d.text, cfg).terms:
            posts[h].add(d.docno)
    n = candidate_count(cfg, 5)
    dropped = 0
    for _, text in queries:
        terms = [(h, qw, len(posts.get(h, ()))) for h, qw in query_terms(text, cfg)]
        acc: dict[int, float] = defaultdict(float)
        chosen = select_terms(terms, total=len(ids), settings=cfg)
        for h, w in chosen:
            for docno in posts[h]:
                acc[docno] += w
        mine = sorted(acc.items(), key=lambda x: (-x[1], x[0]))[:n]
        want = candidates(idx, prepare(text, cfg), n=n, settings=cfg)
        dropped += sum(df > 0 for _, _, df in terms) - len(chosen)
        assert [d for d, _ in mine] == [d for d, _ in want]
        assert [round(s, 9) for _, s in mine] == [round(s, 9) for _, s in want]
    assert (dropped > 0) == (cfg is _TIGHT)  # the tight limits did drop terms


def _as_scanned(docs: list[StoredDoc]) -> list[StoredDoc]:
    """Stored documents as the scan's candidate rows carry them: no Article (added to hits later)."""
    return [dataclasses.replace(d, article=None) for d in docs]


_STRICT_ALIGN = AlignSettings(min_similarity=0.6)


@pytest.mark.parametrize(
    ("cfg", "align"),
    [
        (IndexSettings(), AlignSettings()),
        (IndexSettings(verify_top=3, background_rank=1), AlignSettings()),
        (IndexSettings(), _STRICT_ALIGN),
    ],
    ids=["default", "other-index-settings", "strict-align"],
)
def test_rank_candidates_equals_search(
    index: tuple[SourceIndex, list[tuple[str, str]]], cfg: IndexSettings, align: AlignSettings
) -> None:
    idx, queries = index
    changed = 0
    for qid, text in queries:
        query = prepare(text, cfg)
        excluded = {qid.replace("q-", "o-")}  # a held-out query's own source, as in the benchmarks
        n = candidate_count(cfg, 5, excluded=len(excluded))
        fetched = _as_scanned(idx.fetch([d for d, _ in candidates(idx, query, n=n, settings=cfg)]))
        mine = rank_candidates(query, fetched, k=5, settings=cfg, align=align, exclude=excluded)
        want = search(idx, query, k=5, settings=cfg, exclude=excluded, align=align)
        assert [(h.id, h.score, h.cosine, h.features) for h in mine] == [
            (h.id, h.score, h.cosine, h.features) for h in want
        ]
        assert mine, "every query shares rare terms with some reference article"
        default = search(idx, query, k=5, settings=cfg, exclude=excluded, align=AlignSettings())
        changed += [h.features for h in default] != [h.features for h in want]
    # the strict aligner changes verification, so a scan that dropped ``align`` would fail above
    assert (changed > 0) == (align is _STRICT_ALIGN)


def test_trace_hits_equals_trace(index: tuple[SourceIndex, list[tuple[str, str]]]) -> None:
    idx, queries = index
    cfg = Settings()
    found = 0
    for qid, text in queries:
        art = article_from_text(text, doc_id=qid)
        query = prepare(art.text, cfg.index)
        n = candidate_count(cfg.index, 5)
        fetched = _as_scanned(idx.fetch([d for d, _ in candidates(idx, query, n=n, settings=cfg.index)]))
        hits = rank_candidates(query, fetched, k=5, settings=cfg.index, align=cfg.align)
        mine = trace_hits(art, query, hits, k=5, settings=cfg)
        want = trace(art, idx, k=5, settings=cfg)
        assert render(mine, ReportFormat.JSON) == render(want, ReportFormat.JSON)
        found += bool(want.sources)
    assert 0 < found < len(queries)  # both branches (sources found, none found) were compared


def test_reference_doc_stores_text_raw_and_html_ingested() -> None:
    cfg = Settings()
    text = "Storm closes the harbour.\n\nThe navy rescued eleven sailors near the breakwater on Monday."
    doc = reference_doc(RawDoc("a", text, "http://x/a"), cfg)
    assert doc == RefDoc("a", text, PayloadFormat.TEXT, None, "http://x/a", None)
    html = f"<html><head><title>Storm</title></head><body><p>{text}</p></body></html>".encode()
    got = reference_doc(RawDoc("b", html, "http://x/b"), cfg)
    assert isinstance(got, RefDoc)
    assert got.fmt is PayloadFormat.ARTICLE
    assert got.article is not None
    assert got.text == got.article.text
    assert "eleven sailors" in got.text
    assert "<p>" not in got.text


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # a UTF-16 byte-order mark, then a lone surrogate: undecodable, not guessed at
        (
            b"\xff\xfe" + "<p>Storm closes the harbour.</p>".encode("utf-16-le") + b"\x00\xd8",
            "undecodable text",
        ),
        (b"\xfe\xff\x00<\x00", "undecodable text"),  # a UTF-16 page cut inside a character
        (b"<html><head><title>Menu</title></head><body><nav></nav></body></html>", "no body text"),
        ("   \n\t ", "empty page"),  # a JSONL / Parquet text of white space only
    ],
    ids=["utf16-lone-surrogate", "utf16-cut", "no-article-text", "blank-text"],
)
def test_a_crawl_page_that_cannot_be_ingested_is_a_skip_with_its_reason(
    body: bytes | str, reason: str
) -> None:
    got = crawl_article(RawDoc("http://x/p", body, "http://x/p"), Settings())
    assert isinstance(got, Skip)
    assert (got.where, got.reason.value) == ("http://x/p", reason)
