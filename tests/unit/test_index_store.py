"""Index storage: add, replace, remove, re-open, locking, foreign directories, version stamp."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from index_words import RARE_WORDS as WORDS
from unspun.errors import IndexLockedError, IndexMismatchError, IndexUnusableError
from unspun.index import Record, Skipped, open_index, search
from unspun.index.store import DB_NAME


def article(i: int, n_sentences: int = 6) -> str:
    """A deterministic pseudo-article whose rare words depend on ``i``."""
    out = []
    for s in range(n_sentences):
        a, b, c = (
            WORDS[(i + s) % len(WORDS)],
            WORDS[(i * 7 + s) % len(WORDS)],
            WORDS[(i * 13 + 2 * s) % len(WORDS)],
        )
        out.append(
            f"The {a} of Zorvath{i} met the {b} near Qelmir{i * 3 + s} after the {c} vote in {1990 + i % 30}."
        )
    return " ".join(out)


def test_add_search_reopen(tmp_path: Path) -> None:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        res = idx.add(Record(f"doc-{i}", article(i)) for i in range(30))
        assert (res.added, res.replaced, res.unchanged) == (30, 0, 0)
        assert len(idx) == 30
    with open_index(d) as idx:
        assert len(idx) == 30
        assert "doc-7" in idx
        hits = search(idx, article(7))
        assert hits[0].id == "doc-7"
        assert hits[0].score > 0.9


def test_readd_same_is_unchanged_and_changed_replaces(tmp_path: Path) -> None:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        idx.add([Record("a", article(1)), Record("b", article(2))])
        res = idx.add([Record("a", article(1))])
        assert (res.added, res.unchanged) == (0, 1)
        res = idx.add([Record("a", article(5), title="new")])
        assert (res.added, res.replaced) == (0, 1)
        assert len(idx) == 2
        doc = idx.get("a")
        assert doc is not None
        assert doc.text == article(5)
        assert doc.title == "new"
        n_post = idx.stats()["postings"]
    with open_index(tmp_path / "fresh", mode="w") as fresh:
        fresh.add([Record("a", article(5)), Record("b", article(2))])
        # Replacing removed every posting of the old version: same count as a fresh build.
        assert fresh.stats()["postings"] == n_post


def test_remove(tmp_path: Path) -> None:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        idx.add(Record(f"doc-{i}", article(i)) for i in range(5))
        removed, missing = idx.remove(["doc-1", "nope"])
        assert removed == ["doc-1"]
        assert missing == ["nope"]
        assert len(idx) == 4
        assert "doc-1" not in idx
        assert all(h.id != "doc-1" for h in search(idx, article(1)))
    with open_index(d, mode="w") as idx:
        idx.remove([f"doc-{i}" for i in (0, 2, 3, 4)])
        assert idx.stats()["postings"] == 0


def test_skips_are_counted(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        res = idx.add(
            [Skipped("x.jsonl:3", "bad JSON line"), Record("ok", article(3)), Skipped("y", "binary file")]
        )
    assert res.added == 1
    assert res.skipped == {"bad JSON line": 1, "binary file": 1}


def test_second_writer_is_locked_reader_is_not(tmp_path: Path) -> None:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        idx.add([Record("a", article(1))])
        with pytest.raises(IndexLockedError, match="another process"):
            open_index(d, mode="w")
        with open_index(d) as reader:
            assert len(reader) == 1
    with open_index(d, mode="w") as again:  # the lock is released on close
        assert len(again) == 1


def test_missing_foreign_and_mismatched(tmp_path: Path) -> None:
    with pytest.raises(IndexUnusableError, match="no index at"):
        open_index(tmp_path / "none")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("hello")
    with pytest.raises(IndexMismatchError, match="not an unspun index"):
        open_index(foreign)
    with pytest.raises(IndexMismatchError, match="not empty"):
        open_index(foreign, mode="w")
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / DB_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexMismatchError):
        open_index(garbage)
    d = tmp_path / "old"
    with open_index(d, mode="w") as idx:
        idx.add([Record("a", article(1))])
    conn = sqlite3.connect(d / DB_NAME)
    with conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='version'")
    conn.close()
    with pytest.raises(IndexMismatchError, match=r"built by another version of unspun.*format is version 0"):
        open_index(d)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(IndexMismatchError, match="is a file"):
        open_index(a_file, mode="w")


def test_read_only_index_refuses_writes(tmp_path: Path) -> None:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        idx.add([Record("a", article(1))])
    with open_index(d) as idx, pytest.raises(IndexUnusableError, match="read-only"):
        idx.add([Record("b", article(2))])


def test_stats(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(Record(f"doc-{i}", article(i, 20)) for i in range(50))
        st = idx.stats()
    assert st["articles"] == 50
    assert st["postings"] > 50
    assert 0 < st["bytes_per_article_excl_text"] < 2048


def test_rare_words_are_index_terms() -> None:
    from unspun.index.terms import MIN_TERM_WEIGHT, token_weight

    assert all(token_weight(w) >= MIN_TERM_WEIGHT for w in WORDS)
