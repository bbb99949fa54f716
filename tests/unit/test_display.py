"""Issue 13, item 6: bidi overrides and control characters never reach a terminal raw.

Terminal text (the report's text format, ``ingest --format text``, CLI messages) shows them as
``<U+XXXX>``; the JSON report keeps the text exact and the HTML page keeps it escaped.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspun.cli._main import run
from unspun.display import BIDI_CONTROLS, visible
from unspun.report import ReportFormat, render, render_text
from unspun.types import Report

RLO = "\u202e"
ESC = "\x1b"


@pytest.mark.parametrize("ch", sorted(BIDI_CONTROLS | {ESC, "\x07", "\x85", "\x00", "\r", "\u2028"}))
def test_each_dangerous_character_becomes_a_visible_escape(ch: str) -> None:
    shown = visible(f"a{ch}b")
    assert ch not in shown
    assert shown == f"a<U+{ord(ch):04X}>b"


def test_text_that_only_shapes_is_left_alone() -> None:
    text = "Kyiv «Київ» 👩‍💻 नमस्ते\tcol\nnext line"  # ZWJ emoji, Devanagari, tab, newline
    assert visible(text) == text
    assert visible("one\ntwo", keep_newlines=False) == "one<U+000A>two"


def _planted(report_builder: Callable[..., Report]) -> Report:
    report = report_builder()
    evil = f"Paid {RLO}0001$ to{ESC}[2J the mayor"
    rewrite = dataclasses.replace(report.rewrite, doc_id=f"rw{RLO}txt.exe", title=evil)
    return dataclasses.replace(report, rewrite=rewrite, notes=(*report.notes, evil))


def test_terminal_report_escapes_what_json_keeps_and_html_escapes(
    report_builder: Callable[..., Report],
) -> None:
    report = _planted(report_builder)
    for text in (render_text(report), render_text(report, color=True), render(report, ReportFormat.TEXT)):
        assert RLO not in text
        assert f"{ESC}[2J" not in text
        assert "<U+202E>" in text
        assert "rw<U+202E>txt.exe" in text
    data = json.loads(render(report, ReportFormat.JSON))
    assert data["rewrite"]["doc_id"] == f"rw{RLO}txt.exe"  # JSON keeps the exact text
    assert data["notes"][-1] == f"Paid {RLO}0001$ to{ESC}[2J the mayor"
    page = render(report, ReportFormat.HTML)
    assert "<U+202E>" not in page  # HTML shows the text itself, escaped by the template
    assert f"rw{RLO}txt.exe" in page


def test_cli_messages_and_ingest_text_escape_controls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = run(["ingest", f"missing{RLO}gpj.txt"])
        stderr = err.getvalue().decode()
    assert code == 2
    assert RLO not in stderr
    assert "missing<U+202E>gpj.txt" in stderr
    article = tmp_path / "a.txt"
    article.write_text(f"The council voted {RLO}on Monday{ESC}[31m to close the plant.\n", encoding="utf-8")
    with runner.isolation() as (out, err, _):
        code = run(["ingest", str(article), "--format", "text"])
        stdout = out.getvalue().decode()
    assert code == 0, stdout
    assert RLO not in stdout
    assert ESC not in stdout
    assert "voted <U+202E>on Monday" in stdout
