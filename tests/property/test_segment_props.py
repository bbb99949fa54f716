"""Hypothesis invariants for the sentence splitter (unspun.text) and unspun.ingest on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.config import IngestSettings, Settings
from unspun.errors import IngestError, SegmentationError
from unspun.ingest import article_from_bytes, article_from_text
from unspun.text import split_sentences

# Text built from news-like pieces finds more interesting boundaries than uniform noise.
_PIECES = st.sampled_from(
    [
        "U.S.",
        "Mr.",
        "Gen.",
        "a.m.",
        "J.",
        "said.",
        '"',
        "“",
        "”",
        "’",
        "?",
        "!",
        "...",
        "…",
        ".",
        ",",
        "The",
        "he",
        "said",
        "administration.According",
        "\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "\u00a0",
        "\u200b",
        "By Jane Roe for AFP",
        "February 07, 2025",
        "# ",
        "## ",
        "**",
        "[x](#)",
        "<https://a.b/c>",
        "Original url:",
        "Related article:",
        "Jane ROE / AFP",
        "(Photo: X/Reuters)",
        "café",
        "\r\n",
        "<html>",
        "- ",
        "> ",
        "1. ",
        "Subscribe",
        "Published: 7 March 2024",
    ]
)
_NEWSY = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)
_TEXT = st.one_of(_NEWSY, st.text(max_size=300))


@given(
    text=_TEXT,
    start=st.integers(min_value=0, max_value=1000),
    max_chars=st.integers(min_value=1, max_value=80),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_split_sentences_invariants(text: str, start: int, max_chars: int) -> None:
    spans = split_sentences(text, start, max_chars=max_chars)
    prev = start
    for a, b in spans:
        assert prev <= a < b <= start + len(text)
        piece = text[a - start : b - start]
        assert piece == piece.strip()
        assert len(piece) <= max_chars
        prev = b
    # no non-space character is lost
    covered = "".join(text[a - start : b - start] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())


def _check_article(text: str, fmt: str) -> None:
    try:
        article = article_from_text(
            text, doc_id="h", fmt=fmt, settings=Settings(ingest=IngestSettings(max_sentence_chars=60))
        )
    except (IngestError, SegmentationError):
        return
    prev_end = 0
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert article.text[s.span.start : s.span.end] == s.text
        assert s.span.start >= prev_end
        assert s.span.end > s.span.start
        prev_end = s.span.end
    assert article.body


@given(text=_TEXT, fmt=st.sampled_from(["auto", "text", "markdown"]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_article_invariants(text: str, fmt: str) -> None:
    _check_article(text, fmt)


@given(text=_TEXT)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_article_invariants_html(text: str) -> None:
    _check_article("<html><body><article><p>" + text + "</p></article></body></html>", "html")


@given(data=st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_bytes_only_raise_unspun_errors(data: bytes) -> None:
    try:
        article = article_from_bytes(data, doc_id="b")
    except (IngestError, SegmentationError):
        return
    for s in article.sentences:
        assert article.text[s.span.start : s.span.end] == s.text
