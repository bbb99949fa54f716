"""Issue 13, item 19 end to end: the HTML report of a real comparison prints to a faithful PDF.

An LLMFake original and its ChatGPT rewrite (../shared/data, never copied) are compared with the
CLI (time fixed by ``SOURCE_DATE_EPOCH``); Debian's headless Chromium prints the page to PDF
(Playwright), and pypdf reads the PDF back: A4 pages, every sentence of both texts (nothing
cut off by the screen layout's scroll boxes), the evidence (the SHA-256 of each input text, the
unspun version, the time of the audit), and no text wider than the page.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

import unspun
from unspun.cli._main import run

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "llmfake"
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.data,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


def _pair() -> tuple[str, str]:
    path = DATA / "llmfake_chatgpt_rewrites.jsonl"
    if not path.is_file():
        pytest.skip(f"LLMFake data not found at {DATA}")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r["dataset"] == "gossipcop" and 2500 < len(r["news_text"]) < 3900]
    records = [r for r in records if r["rewrites"].get("rewrite_generation")]
    r = random.Random(19).choice(records)
    return r["rewrites"]["rewrite_generation"], r["news_text"]


def _flat(text: str) -> str:
    """Text without whitespace, ligatures unfolded (the PDF's "ﬁ" is "fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_html_report_prints_to_a_faithful_pdf(tmp_path: Path) -> None:
    rewrite, original = _pair()
    (tmp_path / "rewrite.txt").write_text(rewrite, encoding="utf-8")
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    runner = CliRunner()
    args = ["compare", str(tmp_path / "rewrite.txt"), str(tmp_path / "original.txt")]
    with runner.isolation(env={"SOURCE_DATE_EPOCH": "1700000000"}):
        assert run([*args, "-f", "html", "-o", str(tmp_path / "report.html")]) == 0
        assert run([*args, "-f", "json", "-o", str(tmp_path / "report.json")]) == 0
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))

    from playwright.sync_api import sync_playwright

    pdf = tmp_path / "report.pdf"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto((tmp_path / "report.html").as_uri())
            page.emulate_media(media="print")
            overflow = page.evaluate(
                "Array.from(document.querySelectorAll('body *')).filter(e =>"
                " e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible').length"
            )
            page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    assert overflow == 0  # no scroll box left in print: nothing is clipped

    reader = pypdf.PdfReader(str(pdf))
    width, height = (float(x) for x in reader.pages[0].mediabox.upper_right)
    assert abs(width - 595) < 3
    assert abs(height - 842) < 3  # A4, from the print stylesheet's @page
    assert len(reader.pages) >= 3
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    assert "Evidence" in text
    assert _flat("2023-11-14T22:13:20+00:00") in text
    assert _flat(f"unspun {unspun.__version__}") in text
    for item in report["evidence"]["inputs"]:
        article = report["rewrite"] if item["role"] == "rewrite" else report["source_articles"][0]
        assert item["sha256"] == hashlib.sha256(article["text"].encode("utf-8")).hexdigest()
        assert item["sha256"] in text, item["doc_id"]
    for article in (report["rewrite"], *report["source_articles"]):
        for sentence in article["sentences"]:
            assert _flat(sentence["text"])[:60] in text, sentence["text"]
    assert _flat("Settings used") in text
    assert "min_similarity" in text  # the collapsed settings are opened for printing
