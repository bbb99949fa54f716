"""trace() on real news text: a suspect drawn from two archived articles, and one with no source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspun.index import Record, open_index
from unspun.pipeline import trace
from unspun.text import split_units
from unspun.types import VerdictLabel

pytestmark = [pytest.mark.data, pytest.mark.slow]


def _articles(shared_data: Path, name: str, n: int) -> list[dict[str, str]]:
    out = []
    with (shared_data / "distractors" / name).open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if len(out) >= n:
                break
    return out


def _sentences(text: str, n: int) -> list[str]:
    return [u for u in split_units(text) if len(u.split()) >= 8][:n]


@pytest.fixture(scope="module")
def archive(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    docs = _articles(shared_data, "reuters_c50.jsonl", 300)
    path = tmp_path_factory.mktemp("trace") / "idx"
    with open_index(path, mode="w") as idx:
        idx.add(Record(d["id"], d["text"], d.get("title")) for d in docs)
    return path, docs


def test_suspect_from_two_articles_is_attributed_to_both(archive: tuple[Path, list[dict[str, str]]]) -> None:
    path, docs = archive
    # Two articles by different authors (ids carry the author), far apart in the archive.
    a = docs[10]
    b = next(d for d in docs[150:] if d["id"].split("-")[3] != a["id"].split("-")[3])
    part_a, part_b = _sentences(a["text"], 6), _sentences(b["text"], 6)
    assert len(part_a) == 6
    assert len(part_b) == 6
    suspect = "\n\n".join([" ".join(part_a), " ".join(part_b)])
    report = trace(suspect, path, k=5)
    found = [m.id for m in report.matches]
    assert a["id"] in found
    assert b["id"] in found
    assert {s.doc_id for s in report.sources} >= {a["id"], b["id"]}
    linked = {link.source_id for link in report.alignment}
    assert {a["id"], b["id"]} <= linked  # sentences attributed to each source
    assert all(0.0 <= m.score <= 1.0 for m in report.matches)
    top = report.matches[0].evidence
    assert top.alignment is not None
    assert top.alignment.aligned_sentences >= 5
    assert top.shared_rare_terms
    assert report.to_dict()["sources"][0]["evidence"]["aligned_sentences"] == top.alignment.aligned_sentences
    assert report.to_dict()["sources"][0]["id"] == report.matches[0].id


def test_article_without_source_says_so(
    shared_data: Path, archive: tuple[Path, list[dict[str, str]]]
) -> None:
    path, _ = archive
    other = _articles(shared_data, "bbc_news.jsonl", 40)[-1]  # BBC 2004-05: not in a Reuters 1996-97 archive
    report = trace(other["text"], path, k=5)
    assert report.matches == ()
    assert report.sources == ()
    assert any("No source found" in n for n in report.notes)
    assert report.verdict.label is VerdictLabel.INDEPENDENT


def test_no_source_report_lists_the_best_rejected_candidates(
    shared_data: Path, archive: tuple[Path, list[dict[str, str]]]
) -> None:
    """A "no source found" can be checked: the best candidates below the threshold come with evidence."""
    path, docs = archive
    # Same-desk Reuters text not in the archive: it shares topic words, so candidates are verified.
    unseen = _articles(shared_data, "reuters_c50.jsonl", 340)[-1]
    assert unseen["id"] not in {d["id"] for d in docs}
    report = trace(unseen["text"], path, k=5)
    assert report.sources == ()
    assert 1 <= len(report.rejected) <= 3
    scores = [r.score for r in report.rejected]
    assert scores == sorted(scores, reverse=True)
    assert all(s < 0.5 for s in scores)
    assert all(r.evidence.score_features is not None for r in report.rejected)
    data = report.to_dict()
    assert [r["id"] for r in data["rejected_candidates"]] == [r.id for r in report.rejected]
    assert "score_features" in data["rejected_candidates"][0]["evidence"]


def test_found_source_is_not_listed_as_rejected(archive: tuple[Path, list[dict[str, str]]]) -> None:
    path, docs = archive
    report = trace(docs[20]["text"], path, k=5)
    found = {m.id for m in report.matches}
    assert docs[20]["id"] in found
    assert not found & {r.id for r in report.rejected}


def test_a_tiny_archive_does_not_make_an_unrelated_article_a_source(
    shared_data: Path, tmp_path: Path
) -> None:
    """With fewer than index.background_rank other candidates there is no background to stand out
    from: the score assumes a typical one (index.missing_background) instead of none."""
    bbc = _articles(shared_data, "bbc_news.jsonl", 12)
    stored, others = bbc[:3], bbc[3:]
    path = tmp_path / "tiny"
    with open_index(path, mode="w") as idx:
        idx.add(Record(d["id"], d["text"], d.get("title")) for d in stored)
    for other in others:
        report = trace(other["text"], path, k=5)
        assert report.sources == (), other["id"]
        assert all(r.score < 0.5 for r in report.rejected)
    # a rewrite that keeps most of a stored article's sentences is still found in the tiny archive
    kept = _sentences(stored[1]["text"], 12)
    assert len(kept) >= 5
    report = trace(" ".join(kept[1:]), path, k=5)
    assert [m.id for m in report.matches][:1] == [stored[1]["id"]]
