"""Scores and confidences are written one way in every renderer (issue 13, item 16)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from unspun.report import ReportFormat, render
from unspun.report.numbers import format_score, format_share
from unspun.types import Report, Verdict, VerdictLabel


def _odd_numbers(report: Report) -> Report:
    """The report with a confidence and a match score that two and three decimals write apart."""
    match = dataclasses.replace(report.matches[0], score=0.8316)
    return dataclasses.replace(
        report,
        verdict=Verdict(VerdictLabel.REWRITE, 0.8756, "reason"),
        matches=(match, *report.matches[1:]),
    )


def test_format_score_and_share() -> None:
    assert format_score(0.8756) == "0.88"
    assert format_score(1) == "1.00"
    assert format_share(0.8756) == "87.6%"
    assert format_share(0.87) == "87.0%"


def test_text_and_html_write_confidence_and_scores_the_same_way(
    report_builder: Callable[..., Report],
) -> None:
    report = _odd_numbers(report_builder())
    text = render(report, ReportFormat.TEXT)
    html = render(report, ReportFormat.HTML)
    assert "confidence 0.88" in text
    assert re.search(r"confidence <strong>0\.88</strong>", html)
    assert "<td>0.83</td>" in html  # the candidate's score, as the notes and the page write it
    assert "0.832" not in html
    assert "0.876" not in html
    for finding in report.findings:
        if finding.confidence < 1:
            assert f"confidence {format_score(finding.confidence)}" in html


def test_web_page_mirrors_the_helpers() -> None:
    """The page's score() and percent() are the JavaScript twins of format_score and format_share."""
    from unspun.service import WEB_DIR

    js = (WEB_DIR / "app.js").read_text(encoding="utf-8")
    assert re.search(r"function score\(x\) \{\s*return Number\(x\)\.toFixed\(2\);\s*\}", js)
    assert re.search(r'function percent\(x\) \{\s*return \(x \* 100\)\.toFixed\(1\) \+ "%";\s*\}', js)
    assert js.count("toFixed(") == 2  # every other number goes through one of the two
