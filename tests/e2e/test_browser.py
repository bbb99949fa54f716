"""The web page in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Paste the example pair, run the audit with the keyboard, see the findings and the side-by-side
view, download the JSON and HTML, and check that article text never runs as markup. A
screenshot is kept in test-artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from serve_helpers import clean_env, free_port, start_server, stop_server

from unspun.report.numbers import format_score

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
MAX_ARTICLE_CHARS = 20_000  # the example articles are about 5,000 characters
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make browser)"),
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = clean_env(UNSPUN_SERVE_MAX_ARTICLE_CHARS=str(MAX_ARTICLE_CHARS))
    proc = start_server(port, env, cwd=REPO, log=tmp_path_factory.mktemp("server") / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        # A persistent context gives Chromium a fresh, empty --user-data-dir of our own.
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            accept_downloads=True,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog opened: {dialog.message}"))
    page.goto(base_url + "/")
    yield page
    page.close()
    assert errors == [], errors


def tab_to(page: Any, element_id: str) -> None:
    """Press Tab from the last source field (a date input has several stops) until ``element_id``."""
    page.focus("#source-published-1")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def run_audit_with_keyboard(page: Any) -> None:
    """Reach the 'Run the audit' button with Tab from the last source field and press Enter."""
    tab_to(page, "run-audit")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /Audit done|Error/.test(document.getElementById('status').textContent)", timeout=180_000
    )


def check_report_script_runs_in_frame(page: Any) -> None:
    """The framed report's own script runs (its severity filters and hover highlighting work)
    while the frame stays cut off from the page."""
    frame = page.frame_locator("#report-frame")
    frame.locator("html.js").wait_for(timeout=10_000)
    boxes = frame.locator(".filter input[type=checkbox]")
    assert boxes.count() == 4
    assert frame.locator(".filter").is_visible()
    severity = None
    for i in range(boxes.count()):
        name = boxes.nth(i).get_attribute("data-severity")
        if frame.locator(f"li.finding.sev-{name}").count():
            severity = name
            boxes.nth(i).uncheck()
            break
    assert severity is not None
    assert frame.locator(f"li.finding.sev-{severity}").first.is_hidden()
    linked = frame.locator("#col-r .sent[data-partners]:not([data-partners=''])").first
    partner = linked.get_attribute("data-partners").split()[0]
    linked.scroll_into_view_if_needed()
    linked.hover()
    assert "hl" in (frame.locator(f"[id='{partner}']").get_attribute("class") or "")
    reach = (
        page.locator("#report-frame")
        .element_handle()
        .content_frame()
        .evaluate("() => { try { return parent.document.title; } catch (e) { return 'blocked'; } }")
    )
    assert reach == "blocked"


def test_paste_audit_see_findings_side_by_side_and_download(page: Any, base_url: str) -> None:
    rewrite = (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")
    source = (EXAMPLE / "source.md").read_text(encoding="utf-8")
    page.fill("#rewrite-text", rewrite)
    page.fill("#source-text-1", source)
    run_audit_with_keyboard(page)
    status = page.text_content("#status")
    assert status.startswith("Audit done"), status

    # The JSON download is the API's report for the same request, object for object.
    with page.expect_download() as download_info:
        page.click("#download-json")
    download = download_info.value
    assert download.suggested_filename == "unspun-report.json"
    downloaded = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    direct = httpx.post(
        base_url + "/v1/compare",
        json={"rewrite": {"text": rewrite}, "sources": [{"text": source}]},
        timeout=120,
    )
    assert downloaded == direct.json()
    assert downloaded["findings"]

    # Findings: one list item per finding, each with its message.
    items = page.locator("#findings li.finding")
    assert items.count() == len(downloaded["findings"])
    shown = page.locator("#findings li.finding .message").all_text_contents()
    assert shown == [f["message"] for f in downloaded["findings"]]

    # Side by side: one row per rewrite body sentence, source text beside aligned ones, highlights.
    body = [s for s in downloaded["rewrite"]["sentences"] if s["role"] == "body"]
    rows = page.locator("#side-by-side tbody tr")
    assert rows.count() == len(body)
    assert page.locator("#side-by-side td.rw").first.text_content() == body[0]["text"]
    source_cells = page.locator("#side-by-side td.src p").all_text_contents()
    source_texts = {s["text"] for s in downloaded["source_articles"][0]["sentences"]}
    assert source_cells
    assert set(source_cells) <= source_texts
    assert page.locator("#side-by-side mark").count() > 0
    unaligned = {a["rewrite_index"] for a in downloaded["alignment"]}
    assert page.locator("#side-by-side tr.unsupported").count() == sum(
        1 for s in body if s["index"] not in unaligned
    )

    # Scores and confidence as the CLI and the HTML report write them (two decimals).
    confidence = downloaded["verdict_detail"]["confidence"]
    assert f"(confidence {format_score(confidence)})" in page.text_content("#summary")

    # The full HTML report, in a sandboxed frame (opaque origin) where only its own script runs.
    assert page.get_attribute("#report-frame", "sandbox") == "allow-scripts"
    frame = page.frame_locator("#report-frame")
    frame.get_by_role("heading", name=re.compile("Findings")).wait_for(timeout=60_000)
    assert frame.locator("body").text_content().count(body[0]["text"][:40]) >= 1
    check_report_script_runs_in_frame(page)

    with page.expect_download() as html_info:
        page.click("#download-html")
    html_text = Path(html_info.value.path()).read_text(encoding="utf-8")
    assert "<html" in html_text.lower()
    assert body[0]["text"][:30] in html_text

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-audit.png"), full_page=True)
    assert (ARTIFACTS / "browser-audit.png").stat().st_size > 10_000
    page.locator("#report-frame").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "browser-report-frame.png"))


def test_markup_in_articles_is_shown_as_text(page: Any) -> None:
    source = (EXAMPLE / "source.md").read_text(encoding="utf-8")
    rewrite = (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")
    lines = rewrite.splitlines()
    evil = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> '
    lines[1] = evil + lines[1]
    page.fill("#rewrite-text", "\n".join(lines))
    page.fill("#source-text-1", source)
    run_audit_with_keyboard(page)
    assert page.text_content("#status").startswith("Audit done")
    cells = page.locator("#side-by-side td.rw").all_text_contents()
    assert any("<script>window.__pwned = 1</script>" in c for c in cells)
    assert page.locator("#side-by-side td.rw script, #side-by-side td.rw img").count() == 0
    frame = page.frame_locator("#report-frame")
    frame.get_by_role("heading", name=re.compile("Findings")).wait_for(timeout=60_000)
    assert frame.locator("script[src], img[src='x']").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_errors_are_shown_and_missing_source_is_caught(page: Any) -> None:
    page.fill("#rewrite-text", "Only a rewrite, no source.")
    tab_to(page, "run-audit")
    page.keyboard.press("Enter")
    assert "at least one source" in page.text_content("#status")
    assert page.get_attribute("#status", "class") == "error"
    page.fill("#source-text-1", "Another text.")
    page.fill("#rewrite-text", "A sentence that goes on. " * 1000)
    run_audit_with_keyboard(page)
    status = page.text_content("#status")
    assert status.startswith("Error:"), status
    assert "max_article_chars" in status
    assert "(IngestError)" in status
    assert page.is_hidden("#results")


def test_upload_files_keeps_their_names_as_ids(page: Any) -> None:
    page.set_input_files("#rewrite-file", str(EXAMPLE / "rewrite.txt"))
    page.set_input_files("#source-file-1", str(EXAMPLE / "source.md"))
    page.wait_for_function("() => document.getElementById('source-text-1').value.length > 1000")
    assert page.input_value("#rewrite-text") == (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")
    run_audit_with_keyboard(page)
    assert page.text_content("#status").startswith("Audit done")
    with page.expect_download() as download_info:
        page.click("#download-json")
    report = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert report["rewrite"]["doc_id"] == "rewrite.txt"
    assert report["source_articles"][0]["doc_id"] == "source.md"
    assert report["source_articles"][0]["input_format"] == "markdown"


def test_no_findings_is_a_sentence_not_a_numbered_item(page: Any) -> None:
    text = "The council approved the budget on Monday. It sets aside money for roads and schools."
    page.fill("#rewrite-text", text)
    page.fill("#source-text-1", text)
    run_audit_with_keyboard(page)
    assert page.text_content("#status") == "Audit done: 0 finding(s)."
    assert page.locator("#findings li").count() == 0
    assert page.is_hidden("#findings")
    assert page.is_visible("#no-findings")
    assert page.text_content("#no-findings").startswith("No findings")
    assert "(confidence 1.00)" in page.text_content("#summary")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-no-findings.png"), full_page=True)
