"""The reader registry: one reader per input format, looked up (never dispatched by an if-chain)."""

from __future__ import annotations

from pathlib import Path

import pytest

from office_docs import docx_bytes, minimal_pdf
from unspun.errors import IngestError
from unspun.ingest import (
    FORMATS,
    READERS,
    article_from_bytes,
    article_from_text,
    docx_reader,
    html_reader,
    load_article,
    markdown_reader,
    pdf_reader,
    reader_for,
    text_reader,
)
from unspun.ingest.registry import binary_reader, format_for_suffix, resolve_format, sniff_format
from unspun.types import Article, InputFormat

BODY = "The storm closed the port on Monday. Officials said 40 ships were delayed."
SAMPLES = {
    InputFormat.TEXT: f"A Storm Hits\n\n{BODY}\n",
    InputFormat.MARKDOWN: f"# A Storm Hits\n\n{BODY}\n",
    InputFormat.HTML: f"<!DOCTYPE html><html><head><title>A Storm Hits</title></head>"
    f"<body><article><h1>A Storm Hits</h1><p>{BODY}</p></article></body></html>",
}
TEXT_FORMATS = list(SAMPLES)
# The binary formats, built at test time (tests/office_docs.py says how).
BINARY_SAMPLES = {
    InputFormat.PDF: minimal_pdf([["A Storm Hits", "", BODY]]),
    InputFormat.DOCX: docx_bytes([("Title", "A Storm Hits"), ("Normal", BODY)]),
}


def test_every_format_has_exactly_its_reader() -> None:
    assert set(READERS) == set(InputFormat)
    assert set(InputFormat) == set(SAMPLES) | set(BINARY_SAMPLES)
    expected = {
        InputFormat.TEXT: text_reader.READER,
        InputFormat.MARKDOWN: markdown_reader.READER,
        InputFormat.HTML: html_reader.READER,
        InputFormat.PDF: pdf_reader.READER,
        InputFormat.DOCX: docx_reader.READER,
    }
    for fmt, reader in expected.items():
        assert reader_for(fmt) is reader
        assert reader_for(fmt.value) is reader  # the plain string names the same format
        assert reader.format is fmt


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_each_reader_reads_its_format(fmt: InputFormat) -> None:
    page = reader_for(fmt).read(SAMPLES[fmt], "t")
    assert [b.text for b in page.blocks] == ["A Storm Hits", BODY]
    a = article_from_text(SAMPLES[fmt], doc_id="t", fmt=fmt)
    assert a.input_format is fmt
    assert a.title == "A Storm Hits"
    assert Article.from_dict(a.to_dict()).input_format is fmt


@pytest.mark.parametrize("fmt", list(BINARY_SAMPLES))
def test_each_binary_reader_reads_its_format(fmt: InputFormat) -> None:
    reader = reader_for(fmt)
    assert reader.is_binary
    assert reader.read_bytes is not None
    page = reader.read_bytes(BINARY_SAMPLES[fmt], "t", 10_000)
    assert [b.text for b in page.blocks] == ["A Storm Hits", BODY]
    a = article_from_bytes(BINARY_SAMPLES[fmt], doc_id="t", fmt=fmt)
    assert a.input_format is fmt
    assert a.title == "A Storm Hits"
    assert [s.text for s in a.body] == [
        "The storm closed the port on Monday.",
        "Officials said 40 ships were delayed.",
    ]
    assert Article.from_dict(a.to_dict()).input_format is fmt


@pytest.mark.parametrize("fmt", list(BINARY_SAMPLES))
def test_binary_format_is_refused_as_text(fmt: InputFormat) -> None:
    with pytest.raises(IngestError, match=f"t: {fmt.value} is a binary format"):
        article_from_text(BODY, doc_id="t", fmt=fmt)


@pytest.mark.parametrize("fmt", list(BINARY_SAMPLES))
def test_binary_reader_refuses_more_text_than_the_limit(fmt: InputFormat) -> None:
    read_bytes = reader_for(fmt).read_bytes
    assert read_bytes is not None
    with pytest.raises(IngestError, match="more than 50 characters of text"):
        read_bytes(BINARY_SAMPLES[fmt], "t", 50)


@pytest.mark.parametrize("fmt", ["odt", "auto", "", "HTML"])
def test_unknown_format_is_a_clear_error(fmt: str) -> None:
    with pytest.raises(IngestError) as err:
        reader_for(fmt, origin="doc.x")
    assert str(err.value) == (
        f"doc.x: unknown format {fmt!r}; use one of auto, text, markdown, html, pdf, docx"
    )


def test_unknown_format_refused_by_every_entry_point(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(BODY, encoding="utf-8")
    with pytest.raises(IngestError, match="unknown format 'odt'"):
        article_from_text(BODY, doc_id="t", fmt="odt")
    with pytest.raises(IngestError, match="unknown format 'odt'"):
        article_from_bytes(BODY.encode(), doc_id="t", fmt="odt")
    with pytest.raises(IngestError, match="unknown format 'odt'"):
        load_article(f, fmt="odt")


def test_formats_lists_auto_then_every_format() -> None:
    assert FORMATS == ("auto", "text", "markdown", "html", "pdf", "docx")


@pytest.mark.parametrize("fmt", list(BINARY_SAMPLES))
def test_auto_sniffs_each_binary_format_from_bytes(fmt: InputFormat, tmp_path: Path) -> None:
    data = BINARY_SAMPLES[fmt]
    assert binary_reader("auto", data, origin="t") is READERS[fmt]
    assert article_from_bytes(data, doc_id="t").input_format is fmt
    f = tmp_path / "no-suffix"
    f.write_bytes(data)
    assert load_article(f).input_format is fmt  # no suffix: sniffed from the bytes
    # text sniffing never picks a binary format, and text bytes are no binary format
    assert sniff_format(data.decode("latin-1")) is not fmt
    for text in SAMPLES.values():
        assert binary_reader("auto", text.encode(), origin="t") is None


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_auto_sniffs_each_format(fmt: InputFormat) -> None:
    assert sniff_format(SAMPLES[fmt]) is fmt
    assert resolve_format("auto", SAMPLES[fmt], origin="t") is READERS[fmt]
    assert article_from_text(SAMPLES[fmt], doc_id="t").input_format is fmt


def test_explicit_format_wins_over_sniffing() -> None:
    assert resolve_format("text", SAMPLES[InputFormat.MARKDOWN], origin="t").format is InputFormat.TEXT
    a = article_from_text(SAMPLES[InputFormat.MARKDOWN], doc_id="t", fmt=InputFormat.TEXT)
    assert a.input_format is InputFormat.TEXT
    assert a.text.startswith("# A Storm Hits\n\n")  # the markup is kept as text


@pytest.mark.parametrize(
    ("suffix", "fmt"),
    [
        (".html", InputFormat.HTML),
        (".HTM", InputFormat.HTML),
        (".xhtml", InputFormat.HTML),
        (".md", InputFormat.MARKDOWN),
        (".Markdown", InputFormat.MARKDOWN),
        (".pdf", InputFormat.PDF),
        (".DOCX", InputFormat.DOCX),
        (".txt", None),
        ("", None),
    ],
)
def test_file_suffix_selects_the_format(suffix: str, fmt: InputFormat | None) -> None:
    assert format_for_suffix(suffix) is fmt


def test_suffix_decides_before_content(tmp_path: Path) -> None:
    f = tmp_path / "page.md"
    f.write_text(SAMPLES[InputFormat.TEXT], encoding="utf-8")  # no Markdown markup at all
    assert load_article(f).input_format is InputFormat.MARKDOWN
    g = tmp_path / "page.txt"
    g.write_text(SAMPLES[InputFormat.MARKDOWN], encoding="utf-8")
    assert load_article(g).input_format is InputFormat.MARKDOWN  # no suffix rule: sniffed
