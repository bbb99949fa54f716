"""End-to-end: the whole pipeline on real article pairs with editor-written expectations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unspun.pipeline import compare
from unspun.types import Finding, Report

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "tests" / "data" / "cases").iterdir() if (p / "expected.json").is_file())


def _matches(f: Finding, rule: dict[str, Any]) -> bool:
    if f.type.value != rule["type"]:
        return False
    rc, sc = rule.get("rewrite_contains"), rule.get("source_contains")
    if rc is not None and rc not in f.rewrite.text:
        return False
    return sc is None or (f.source is not None and sc in f.source.text)


@pytest.fixture(scope="module", params=CASES, ids=[p.name for p in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Report]:
    path: Path = request.param
    expected = json.loads((path / "expected.json").read_text(encoding="utf-8"))
    report = compare(ROOT / expected["rewrite"], [ROOT / s for s in expected["sources"]])
    return expected, report


def test_every_expected_change_is_reported(case: tuple[dict[str, Any], Report]) -> None:
    expected, report = case
    missing = [r for r in expected["must"] if not any(_matches(f, r) for f in report.findings)]
    assert missing == []


def test_no_faithful_restatement_is_reported(case: tuple[dict[str, Any], Report]) -> None:
    expected, report = case
    wrong = [
        (r["type"], f.rewrite.text) for r in expected["must_not"] for f in report.findings if _matches(f, r)
    ]
    assert wrong == []


def test_verdict_and_metrics(case: tuple[dict[str, Any], Report]) -> None:
    expected, report = case
    assert report.verdict.label.value in expected["verdict"]
    m = report.metrics
    for v in (m.derived_share, m.source_coverage, m.verbatim_share):
        assert 0.0 <= v <= 1.0


def test_spans_point_into_the_texts(case: tuple[dict[str, Any], Report]) -> None:
    _, report = case
    sources = {s.doc_id: s for s in report.sources}
    for f in report.findings:
        assert report.rewrite.text[f.rewrite.start : f.rewrite.end] == f.rewrite.text
        if f.source is not None:
            assert f.source_id in sources
            assert sources[f.source_id].text[f.source.start : f.source.end] == f.source.text
