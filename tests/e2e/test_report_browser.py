"""The standalone HTML report in a real headless Chromium (Debian's /usr/bin/chromium via Playwright).

The report of a real comparison (the example pair, with markup planted in the rewrite) is
opened from a file: it loads nothing from anywhere, runs no article text as code, highlights
aligned partners on click and keyboard focus, stays usable with JavaScript off, and prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspun.pipeline import compare
from unspun.report import ReportFormat, render

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"
CHROMIUM = Path("/usr/bin/chromium")
PLANTED = '\n\nThe <script>alert("x")</script> report <img src=x onerror=alert(2)> said "& more".\n'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    rewrite = folder / "rewrite.txt"
    text = (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")
    rewrite.write_text(text + PLANTED, encoding="utf-8")
    report = compare(rewrite, [EXAMPLE / "source.md"])
    target = folder / "report.html"
    target.write_text(render(report, ReportFormat.HTML), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield instance
        finally:
            instance.close()


def open_page(browser: Any, url: str, *, js: bool = True) -> tuple[Any, Any, list[str], list[str]]:
    context = browser.new_context(java_script_enabled=js, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    def on_dialog(dialog: Any) -> None:  # an alert() would mean article text ran as code
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    return context, page, problems, requests


def test_page_loads_nothing_and_runs_no_article_text(browser: Any, report_file: Path) -> None:
    context, page, problems, requests = open_page(browser, report_file.as_uri())
    try:
        assert requests == [report_file.as_uri()]
        assert problems == []
        assert page.locator("img").count() == 0
        assert page.locator("script").count() == 1
        body = page.inner_text("#col-r")
        assert '<script>alert("x")</script>' in body
        assert "<img src=x onerror=alert(2)>" in body
    finally:
        context.close()


def test_click_and_focus_highlight_partners(browser: Any, report_file: Path) -> None:
    context, page, problems, _ = open_page(browser, report_file.as_uri())
    try:
        sentence = page.locator("#col-r .sent[data-partners]:not([data-partners=''])").nth(3)
        partners = (sentence.get_attribute("data-partners") or "").split()
        assert partners
        sentence.locator(".txt").click()
        for pid in partners:
            partner = page.locator(f"#{pid}")
            assert "pin" in (partner.get_attribute("class") or "")
            assert partner.is_visible()
        # The column scrolls to the first partner (partners of a merged sentence can lie far apart).
        for pid in partners[:1]:
            box = page.evaluate(
                """id => { const el = document.getElementById(id); const b = el.closest('.scroll');
                   const r = el.getBoundingClientRect(), s = b.getBoundingClientRect();
                   return r.bottom > s.top && r.top < s.bottom; }""",
                pid,
            )
            assert box, f"{pid} was not scrolled into its column"
        # keyboard: tabbing onto a chip highlights the sentence's partners
        page.mouse.move(0, 0)
        chip = page.locator("#col-r a.chip").first
        chip.focus()
        owner = chip.locator("xpath=ancestor::div[contains(@class,'sent')]")
        target = (chip.get_attribute("href") or "#")[1:]
        assert "hl" in (owner.get_attribute("class") or "")
        assert "hl" in (page.locator(f"#{target}").get_attribute("class") or "")
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#{target}"
        assert problems == []
    finally:
        context.close()


def test_readable_without_javascript_and_printable(browser: Any, report_file: Path, tmp_path: Path) -> None:
    context, page, problems, _ = open_page(browser, report_file.as_uri(), js=False)
    try:
        assert page.locator("li.finding").count() > 0
        assert page.locator(".filter").is_hidden()  # JS-only controls stay out of the way
        first = page.locator("li.finding a").first
        href = first.get_attribute("href") or ""
        first.click()
        assert page.evaluate("location.hash") == href  # anchors work without scripts
        assert page.locator(href).is_visible()
        assert problems == []
    finally:
        context.close()
    context, page, _, _ = open_page(browser, report_file.as_uri())
    try:
        pdf = tmp_path / "report.pdf"
        page.emulate_media(media="print")
        page.pdf(path=str(pdf))
        assert pdf.stat().st_size > 10_000
        assert page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowY") == "visible"
    finally:
        context.close()
