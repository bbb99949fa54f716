"""The CLI end to end on real text: the example pair, bad inputs, and one real subprocess.

Runs the real ingest and pipeline; a module that stops importing fails these tests, never skips
them. Most cases run in-process through :func:`unspun.cli._main.run` (the code behind the
``unspun`` script); one test starts ``python -m unspun`` to check exit codes and the
stdout/stderr split of a real process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unspun.cli._main import run

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"
REWRITE = EXAMPLE / "rewrite.txt"
SOURCE = EXAMPLE / "source.md"

# An article on another subject (written for this test), to compare with the example source.
UNRELATED = """Village bakery wins regional bread prize

The bakery in the village of Hollin Green won first prize at the county show on Saturday
for its sourdough loaf.
Its owner, Mary Castle, said she had baked bread there every morning for nineteen years.
The judges praised the crust and the even crumb of the loaf.
About 400 loaves were entered this year, twice as many as last year.
The prize comes with a silver cup and an invitation to the national final in the spring.
Castle said she would spend the prize money on a new oven for the shop.
"""

FACT_TYPES = {
    "number_mismatch",
    "date_mismatch",
    "quote_altered",
    "quote_fabricated",
    "quote_misattributed",
    "entity_mismatch",
    "attribution_added",
    "attribution_dropped",
}


def invoke(args: Sequence[object]) -> tuple[int, str, str]:
    """Run ``unspun ARGS`` in-process; return (exit code, stdout, stderr)."""
    with CliRunner().isolation() as (out, err, _):
        code = run([str(a) for a in args])
        return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


def compare_json(rewrite: Path, *sources: Path) -> tuple[int, dict[str, Any] | None, str]:
    code, out, err = invoke(["compare", rewrite, *sources, "--format", "json"])
    return code, (json.loads(out) if code == 0 else None), err


def assert_refused(args: Sequence[object]) -> str:
    """Run ``unspun ARGS``: it must fail as bad input with one line on stderr; return that line."""
    code, out, err = invoke([str(a) for a in args])
    assert out == ""
    assert_bad_input(code, err)
    return err.strip()


def assert_bad_input(code: int, err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err


def assert_contract(report: dict[str, Any]) -> None:
    """The fields `unspun compare --format json` promises (issue 2, Contract)."""
    assert isinstance(report["verdict"], str)
    assert isinstance(report["alignment"], list)
    for key in ("derived_share", "source_coverage", "verbatim_share"):
        assert 0.0 <= report["metrics"][key] <= 1.0
    for f in report["findings"]:
        assert {"type", "severity", "rewrite", "source", "message"} <= set(f)
        assert {"start", "end", "text"} <= set(f["rewrite"])
        assert f["source"] is None or {"start", "end", "text"} <= set(f["source"])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("UNSPUN_"):
            monkeypatch.delenv(name)


# --------------------------------------------------------------------------- the example pair


def test_example_pair_json_meets_the_contract() -> None:
    code, report, err = compare_json(REWRITE, SOURCE)
    assert code == 0, err
    assert report is not None
    assert_contract(report)
    assert report["verdict"] in {"rewrite", "partial", "copy"}
    rewrite_text = report["rewrite"]["text"]
    sources = {a["doc_id"]: a["text"] for a in report["source_articles"]}
    for f in report["findings"]:
        assert rewrite_text[f["rewrite"]["start"] : f["rewrite"]["end"]] == f["rewrite"]["text"]
        if f["source"] is not None:
            text = sources[f["source_id"]]
            assert text[f["source"]["start"] : f["source"]["end"]] == f["source"]["text"]


def test_example_pair_html_and_text(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, out, err = invoke(["compare", REWRITE, SOURCE, "--format", "html", "-o", target])
    assert code == 0, err
    assert out == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<mark") > 0
    assert 'id="r-' in page
    assert 'id="s1-' in page
    code, out, err = invoke(["compare", REWRITE, SOURCE])
    assert code == 0, err
    assert out.startswith("Verdict: ")
    assert "Findings:" in out


def test_two_sources_attribute_each_rewrite_sentence(tmp_path: Path) -> None:
    other = tmp_path / "bakery.txt"
    other.write_text(UNRELATED, encoding="utf-8")
    code, report, err = compare_json(REWRITE, SOURCE, other)
    assert code == 0, err
    assert report is not None
    ids = [a["doc_id"] for a in report["source_articles"]]
    assert len(ids) == 2
    assert {link["source_id"] for link in report["alignment"]} <= set(ids)
    # the rewrite derives from the example source, not from the bakery story
    assert any(link["source_id"] == ids[0] for link in report["alignment"])


def test_ingest_command_on_the_example() -> None:
    code, out, err = invoke(["ingest", SOURCE])
    assert code == 0, err
    article = json.loads(out)
    assert any(s["role"] == "body" for s in article["sentences"])
    assert all(article["text"][s["start"] : s["end"]] == s["text"] for s in article["sentences"])


# --------------------------------------------------------------------------- bad input (issue 2)


def test_empty_and_whitespace_only_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\n   \n", encoding="utf-8")
    for bad in (empty, blank):
        assert_refused(["compare", bad, SOURCE])
        assert_refused(["compare", REWRITE, bad])


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    assert_refused(["compare", binary, SOURCE])


def test_missing_path_and_directory(tmp_path: Path) -> None:
    assert "nope.txt" in assert_refused(["compare", tmp_path / "nope.txt", SOURCE])
    assert_refused(["compare", REWRITE, tmp_path])


def test_50_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: no 50 MB actually written
        fh.truncate(50 * 1024 * 1024)
    assert_refused(["compare", huge, SOURCE])


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_legacy_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    text = REWRITE.read_text(encoding="utf-8")
    text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-").replace("–", "-")
    text = text.replace("Toretsk", "Torétsk", 1)
    path = tmp_path / f"rewrite-{encoding}.txt"
    path.write_text(text, encoding=encoding)
    code, report, err = compare_json(path, SOURCE)
    assert code == 0, err  # both are read as text: a report, never a refusal
    assert report is not None
    assert "Torétsk" in report["rewrite"]["text"]  # decoded, not mojibake
    assert "\x00" not in report["rewrite"]["text"]
    assert report["metrics"]["derived_share"] > 0.5


def test_identical_files_have_no_findings(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_bytes(SOURCE.read_bytes())
    code, report, err = compare_json(copy, SOURCE)
    assert code == 0, err
    assert report is not None
    assert report["findings"] == []
    assert report["metrics"]["derived_share"] == 1.0
    assert report["verdict"] == "copy"


def test_unrelated_articles_are_independent(tmp_path: Path) -> None:
    other = tmp_path / "bakery.txt"
    other.write_text(UNRELATED, encoding="utf-8")
    code, report, err = compare_json(other, SOURCE)
    assert code == 0, err
    assert report is not None
    assert report["verdict"] == "independent"
    assert not [f for f in report["findings"] if f["type"] in FACT_TYPES]


# --------------------------------------------------------------------------- a real process


@pytest.mark.slow
def test_subprocess_exit_codes_and_stream_split(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNSPUN_")}
    ok = subprocess.run(
        [sys.executable, "-m", "unspun", "compare", str(REWRITE), str(SOURCE), "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert_contract(json.loads(ok.stdout))
    assert "error" not in ok.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "unspun", "compare", str(tmp_path / "missing.txt"), str(SOURCE), "-f", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("error: ")
    assert "Error" not in bad.stderr
    assert "missing.txt" in bad.stderr
