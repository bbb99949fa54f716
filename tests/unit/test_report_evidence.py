"""Issue 13, item 19 (unit level): the evidence a rights or legal team cites, and printing.

JSON and HTML reports carry the SHA-256 of each input text, the unspun version and, when the
caller passes it, the time of the audit; the library never reads the clock (rendering is
deterministic), the CLI stamps the current time or ``SOURCE_DATE_EPOCH``. The real-browser print
check is in tests/e2e/test_report_browser.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unspun.cli._main import run
from unspun.report import ReportFormat, render
from unspun.types import Report

WHEN = dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_json_evidence_names_every_input_its_digest_and_the_time(report: Report) -> None:
    data = json.loads(render(report, ReportFormat.JSON, audited_at=WHEN))
    evidence = data["evidence"]
    assert evidence["audited_at"] == "2025-03-04T05:06:07+00:00"
    assert evidence["unspun_version"] == report.version
    articles = [report.rewrite, *report.sources]
    assert [(i["role"], i["doc_id"], i["sha256"], i["characters"]) for i in evidence["inputs"]] == [
        ("rewrite" if k == 0 else "source", a.doc_id, sha(a.text), len(a.text))
        for k, a in enumerate(articles)
    ]
    # recomputable from the JSON itself
    assert evidence["inputs"][0]["sha256"] == sha(data["rewrite"]["text"])
    later = WHEN.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert json.loads(render(report, ReportFormat.JSON, audited_at=later))["evidence"]["audited_at"] == (
        "2025-03-04T05:06:07+00:00"
    )
    assert render(report, ReportFormat.JSON) == render(report, ReportFormat.JSON)  # no clock inside


def test_html_carries_the_evidence_and_a_print_stylesheet(report: Report) -> None:
    page = render(report, ReportFormat.HTML, audited_at=WHEN)
    assert 'id="evidence"' in page
    assert "2025-03-04T05:06:07+00:00" in page
    assert f"unspun <strong>{report.version}</strong>" in page
    for article in (report.rewrite, *report.sources):
        assert sha(article.text) in page
    assert "@media print" in page
    assert "@page" in page
    unstamped = render(report, ReportFormat.HTML)
    assert "not recorded" in unstamped
    assert "2025-03-04" not in unstamped


def _cli(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation(env=env) as (out, err, _):
        code = run(args)
        return code, out.getvalue().decode(), err.getvalue().decode()


def test_cli_stamps_source_date_epoch_so_reruns_are_identical(example_dir: Path) -> None:
    args = ["compare", str(example_dir / "rewrite.txt"), str(example_dir / "source.md"), "-f", "json"]
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first = _cli(args, env)
    second = _cli(args, env)
    assert first[0] == 0, first[2]
    assert first == second
    assert json.loads(first[1])["evidence"]["audited_at"] == "2023-11-14T22:13:20+00:00"
    code, _, stderr = _cli(args, {"SOURCE_DATE_EPOCH": "yesterday"})
    assert code == 2
    assert "SOURCE_DATE_EPOCH" in stderr


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_cli_stamps_the_current_time(example_dir: Path, fmt: str) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    code, out, err = _cli(
        ["compare", str(example_dir / "rewrite.txt"), str(example_dir / "source.md"), "-f", fmt],
        {"SOURCE_DATE_EPOCH": ""},
    )
    assert code == 0, err
    after = dt.datetime.now(dt.UTC)
    if fmt == "json":
        stamped = dt.datetime.fromisoformat(json.loads(out)["evidence"]["audited_at"])
        assert before <= stamped <= after
    else:
        assert f"Audited {before.date().isoformat()}" in out
