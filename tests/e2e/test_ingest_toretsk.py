"""Ingest the example pair (examples/toretsk/) and check structural facts of the real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unspun.ingest import load_article
from unspun.types import Article, CreditKind, DateOrigin, Role

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "toretsk"


def _check(article: Article) -> None:
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert article.text[s.span.start : s.span.end] == s.text
        if i:
            assert article.sentences[i - 1].span.end <= s.span.start


def test_source_markdown() -> None:
    a = load_article(EXAMPLES / "source.md")
    _check(a)
    assert a.input_format == "markdown"
    assert a.title == "Russia Says Captured Key Mining Town of Toretsk in East Ukraine"
    assert a.sentences[0].role is Role.TITLE
    assert [c.value for c in a.credits_of(CreditKind.AUTHOR)] == ["Daria Andriievska"]
    assert "AFP" in [c.value for c in a.credits_of(CreditKind.AGENCY)]
    assert [c.value for c in a.credits_of(CreditKind.PHOTO)] == ["Anatolii STEPANOV / AFP"]
    assert a.published == dt.date(2025, 2, 7)
    assert a.date_origin is DateOrigin.METADATA
    assert a.url is not None
    assert a.url.startswith("https://www.themoscowtimes.com/2025/02/07/")
    assert [c.value for c in a.credits_of(CreditKind.URL)] == [a.url]
    by_role = {r: [s.text for s in a.sentences if s.role is r] for r in Role}
    assert by_role[Role.BYLINE] == ["By Daria Andriievska for AFP"]
    assert by_role[Role.DATELINE] == ["February 07, 2025"]
    assert len(by_role[Role.CAPTION]) == 1
    assert by_role[Role.CAPTION][0].startswith("This photograph shows")
    assert by_role[Role.HEADING] == ["'Do we need negotiations?'", "'It's just ruins'", "'Enemy attack'"]
    assert len(by_role[Role.RELATED]) == 1
    assert by_role[Role.RELATED][0].startswith("Related article:")
    assert not any("Related article" in s.text for s in a.body)
    assert len(by_role[Role.URL]) == 2
    # markdown syntax is gone, the text is plain
    for mark in ("**", "](", "<https", "# "):
        assert mark not in a.text
    # the hard-wrapped "... in late" / "February 2024, almost a year ago." is one body sentence
    joined = [s for s in a.body if "since Avdiivka in late" in s.text]
    assert len(joined) == 1
    assert joined[0].text.endswith("in late February 2024, almost a year ago.")
    assert "\n" not in joined[0].text
    assert a.body[-1].text.startswith("Kyiv said Thursday")


def test_rewrite_plain_text() -> None:
    a = load_article(EXAMPLES / "rewrite.txt")
    _check(a)
    assert a.input_format == "text"
    assert a.title == "Russia Claims Capture of Toretsk in East Ukraine, Escalating Donbas Offensive"
    headings = [s.text for s in a.sentences if s.role is Role.HEADING]
    assert len(headings) == 4
    assert headings[0] == "The Strategic Importance of Toretsk and Its Impact on the Wider Conflict"
    assert headings[-1] == "External Perspectives: Military Bloggers and Analysts Weigh In"
    assert a.published is None
    assert a.date_origin is DateOrigin.NONE
    assert a.credits == ()
    # the article is cut off mid-sentence: the last body sentence is kept as it is
    assert a.body[-1].text == "Despite the rhetoric of both sides, the war in"
    assert a.text.endswith("the war in")
    assert not any(h in s.text for s in a.body for h in headings)
    assert len(a.body) > 30
