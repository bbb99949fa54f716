"""Issue 13, items 4, 12 and 13: a damaged or foreign-version index, unknown ids, stubs.

* 4: an index file with overwritten pages is "damaged" (exit 3, one line saying what to do),
  not an internal DatabaseError; an index of another format version says it was built by
  another version of unspun, which versions, and what to do.
* 12: ``index remove`` of an unknown id exits 2 naming it, and still removes the known ones.
* 13: ``index add`` refuses stubs (no body sentences) as a counted skip, and ``trace`` never
  blames the suspect for a stored article it cannot audit: it passes over it with a note.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from index_words import RARE_WORDS as WORDS
from unspun.cli._main import run
from unspun.errors import IndexMismatchError, IndexUnusableError
from unspun.index import Record, open_index
from unspun.index.protocol import AddResult, PayloadFormat
from unspun.index.store import DB_NAME, STUB_REASON
from unspun.pipeline import article_from_text, trace, trace_hits

STUB = (
    "Media playback is unsupported on your device Media caption Watch: Aerials show the chemical plant fire"
)


def article(i: int, n_sentences: int = 6) -> str:
    out = []
    for s in range(n_sentences):
        a, b = WORDS[(i + s) % len(WORDS)], WORDS[(i * 7 + s) % len(WORDS)]
        out.append(
            f"The {a} of Zorvath{i} met the {b} near Qelmir{i * 3 + s} after the vote in {1990 + i % 30}."
        )
    return " ".join(out)


def cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = run(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    d = tmp_path / "idx"
    with open_index(d, mode="w") as idx:
        idx.add(Record(f"doc-{i}", article(i)) for i in range(400))
    return d


# --------------------------------------------------------------------------- item 4


def _overwrite_pages(db: Path, first_page: int, pages: int) -> None:
    with db.open("r+b") as fh:
        fh.seek(4096 * first_page)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(4096 * pages)))


def test_overwritten_pages_are_a_damaged_index_not_an_internal_error(index_dir: Path, tmp_path: Path) -> None:
    _overwrite_pages(index_dir / DB_NAME, 3, 40)
    suspect = tmp_path / "suspect.txt"
    suspect.write_text(article(7), encoding="utf-8")
    for args in (
        ["trace", str(suspect), "--index", str(index_dir)],
        ["index", "stats", "--index", str(index_dir)],
    ):
        code, stdout, stderr = cli(*args)
        assert code == 3, stderr
        assert stdout == ""
        lines = stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"error: index {index_dir} is damaged (")
        assert "internal" not in stderr
        assert "rebuild it with 'unspun index add" in stderr
    with open_index(index_dir) as idx, pytest.raises(IndexUnusableError, match="damaged"):
        idx.search(article(7))


def test_a_header_overwritten_says_damaged_or_foreign(index_dir: Path) -> None:
    _overwrite_pages(index_dir / DB_NAME, 0, 1)
    code, _, stderr = cli("index", "stats", "--index", str(index_dir))
    assert code == 3
    assert "damaged or is not an unspun index" in stderr


def test_an_unusable_index_path_is_one_line_exit_3(tmp_path: Path) -> None:
    code, stdout, stderr = cli("index", "stats", "--index", str(tmp_path / ("x" * 300)))  # found by fuzzing
    assert (code, stdout) == (3, "")
    assert stderr.startswith("error: cannot use index directory")
    assert "File name too long" in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_another_format_version_says_built_by_another_version(index_dir: Path) -> None:
    with sqlite3.connect(index_dir / DB_NAME) as conn:
        conn.execute("UPDATE meta SET value='7' WHERE key='version'")
        conn.execute("UPDATE meta SET value='9.9.9' WHERE key='unspun_version'")
    conn.close()
    with pytest.raises(IndexMismatchError) as caught:
        open_index(index_dir)
    message = str(caught.value)
    assert "built by another version of unspun (9.9.9)" in message
    assert "format is version 7" in message
    assert "reads version 1" in message
    assert "not an unspun index" not in message
    assert "rebuild it with 'unspun index add" in message


# --------------------------------------------------------------------------- item 12


def test_remove_of_unknown_ids_exits_2_naming_them_and_removes_the_rest(index_dir: Path) -> None:
    code, stdout, stderr = cli(
        "index", "remove", "doc-1", "no-such", "doc-2", "ghost", "--index", str(index_dir)
    )
    assert code == 2
    assert stdout.strip() == f"removed 2, not found 2; 398 articles in {index_dir}"
    assert stderr.strip() == f"error: no such id in {index_dir}: 'no-such', 'ghost'; removed the other 2"
    with open_index(index_dir) as idx:
        assert "doc-1" not in idx
        assert "doc-2" not in idx
        assert len(idx) == 398
    code, _, stderr = cli("index", "remove", "doc-3", "--index", str(index_dir))
    assert (code, stderr) == (0, "")


# --------------------------------------------------------------------------- item 13


def test_add_counts_stubs_as_skipped(tmp_path: Path) -> None:
    real = article(1)
    body_less = article_from_text(real, doc_id="x")
    no_body = dataclasses.replace(
        body_less, sentences=tuple(dataclasses.replace(s, role=s.role.CAPTION) for s in body_less.sentences)
    )
    with open_index(tmp_path / "idx", mode="w") as idx:
        result = idx.add(
            [
                Record("stub", STUB),
                Record(
                    "links-only", "Related: Council votes to close plant\n\nRead more: Plant closure timeline"
                ),
                Record("captions", real, fmt="article", article=no_body),
                Record("real", real),
            ]
        )
        assert (result.added, dict(result.skipped)) == (1, {STUB_REASON: 3})
        assert [s.where for s in result.skipped_examples] == ["stub", "links-only", "captions"]
        assert idx.ids() == ["real"]


def test_cli_add_reports_the_stub_skip(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [{"id": "stub", "text": STUB}, {"id": "real", "text": article(3)}]
    src.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    code, stdout, _ = cli("index", "add", str(src), "--index", str(tmp_path / "idx"), "--json")
    assert code == 0
    summary = json.loads(stdout)
    assert (summary["added"], summary["skipped_reasons"]) == (1, {STUB_REASON: 1})


def _related_list(text: str) -> str:
    """The article's sentences as a list of "Related:" links: indexable, but no body to audit."""
    return "\n\n".join(f"Related: {s.text}" for s in article_from_text(text, doc_id="x").body)


def _store_unchecked(index_dir: Path, records: list[Record]) -> None:
    """Store records as an older unspun did, without the stub check of ``add``."""
    with open_index(index_dir, mode="w") as idx:
        idx._write_batch(records, AddResult())


def test_trace_passes_over_a_stored_stub_and_never_blames_the_suspect(
    index_dir: Path, tmp_path: Path
) -> None:
    text = article(9, n_sentences=8)
    _store_unchecked(index_dir, [Record("linklist", _related_list(text))])
    report = trace(text, index_dir)  # before: SegmentationError "linklist: no body sentences"
    notes = " ".join(report.notes)
    assert "Skipped candidate linklist" in notes
    assert "no body sentences" in notes
    assert [s.doc_id for s in report.sources] == ["doc-9"]
    assert "linklist" not in [m.id for m in report.matches]
    suspect = tmp_path / "suspect.txt"
    suspect.write_text(text, encoding="utf-8")
    code, stdout, stderr = cli("trace", str(suspect), "--index", str(index_dir), "--format", "json")
    assert code == 0, stderr
    assert json.loads(stdout)["source_articles"][0]["doc_id"] == "doc-9"


def test_trace_hits_chooses_again_without_the_stub(index_dir: Path) -> None:
    text = article(11)
    with open_index(index_dir) as idx:
        hits = idx.search(text, k=5)
    assert hits[0].id == "doc-11"
    stub_doc = dataclasses.replace(hits[0].doc, text=STUB, article=None, fmt=PayloadFormat.TEXT)
    doctored = [dataclasses.replace(hits[0], doc=stub_doc), *hits[1:]]
    report = trace_hits(article_from_text(text, doc_id="suspect"), doctored)
    assert "doc-11" not in [s.doc_id for s in report.sources]  # chosen again among the others
    assert "doc-11" not in [m.id for m in report.matches]
    assert any(n.startswith("Skipped candidate doc-11") for n in report.notes)
