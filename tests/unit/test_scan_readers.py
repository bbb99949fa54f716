"""Crawl readers of the Spark scan (no JVM): WARC streams, bad records and files, JSONL, kinds."""

from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path

import pytest

from unspun.scan.readers import (
    InputKind,
    RawDoc,
    Skip,
    SkipReason,
    doc_from_fields,
    input_kind,
    iter_warc,
    manifest_paths,
    parse_json_line,
    read_warc_uri,
)
from warc_fixtures import Response, html_page, warc_bytes

TEXT = "The harbour of Valparaiso closed after a storm sank three fishing boats near the breakwater. "


def _warc(records: list[Response], *, gz: bool = True) -> bytes:
    return warc_bytes(records, gz=gz)


def _good(i: int) -> Response:
    return Response(f"http://news.example/{i}", html_page("Harbour", TEXT * (5 + i)))


def _read(data: bytes) -> list[RawDoc | Skip]:
    return list(iter_warc(io.BytesIO(data), "crawl.warc.gz"))


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_html_responses_are_read_and_bad_records_skipped_with_their_reason(gz: bool) -> None:
    data = _warc(
        [
            _good(0),
            Response(None, html_page("No URI", TEXT)),
            Response("http://news.example/gone", b"<html>not found</html>", "404 Not Found"),
            Response("http://news.example/moved", b"", "301 Moved Permanently"),
            Response("http://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"),
            Response("http://news.example/empty", b"   \n"),
            Response("http://news.example/bin", b"<html>\x00\x01\x02</html>"),
            _good(1),
        ],
        gz=gz,
    )
    got = _read(data)
    docs = [g for g in got if isinstance(g, RawDoc)]
    skips = [g for g in got if isinstance(g, Skip)]
    assert [d.id for d in docs] == ["http://news.example/0", "http://news.example/1"]
    assert all(
        d.is_html and d.url == d.id and isinstance(d.body, bytes) and b"Valparaiso" in d.body for d in docs
    )
    assert [s.reason for s in skips] == [
        SkipReason.NO_TARGET_URI,
        SkipReason.HTTP_ERROR,
        SkipReason.HTTP_ERROR,
        SkipReason.NOT_HTML,
        SkipReason.EMPTY_PAGE,
        SkipReason.BINARY,
    ]
    assert skips[0].where == "crawl.warc.gz#2"  # the second response record of the file
    assert skips[1].detail == "404"


def test_a_gzip_warc_cut_short_keeps_the_records_before_the_cut_and_counts_the_cut() -> None:
    data = _warc([_good(i) for i in range(4)])
    whole = _read(data)
    assert all(isinstance(g, RawDoc) for g in whole)
    assert len(whole) == 4
    cut = _read(data[: int(len(data) * 0.7)])
    assert 1 <= sum(isinstance(g, RawDoc) for g in cut) < 4
    assert isinstance(cut[-1], Skip)
    assert cut[-1].reason is SkipReason.TRUNCATED


def test_a_plain_warc_cut_inside_a_record_counts_the_cut() -> None:
    data = _warc([_good(i) for i in range(3)], gz=False)
    cut = _read(data[: len(data) - 200])
    assert sum(isinstance(g, RawDoc) for g in cut) == 2
    assert isinstance(cut[-1], Skip)
    assert cut[-1].reason is SkipReason.TRUNCATED


def test_a_file_that_is_not_a_warc_is_one_skip() -> None:
    got = _read(gzip.compress(b"just some text, not WARC records\n" * 20))
    assert got == [Skip("crawl.warc.gz", SkipReason.NOT_WARC, "neither WARC nor ARC records")]
    got = _read(b"\x1f\x8b\x08garbage that only looks like gzip")
    assert got == [Skip("crawl.warc.gz", SkipReason.NOT_WARC, got[0].detail)]  # type: ignore[union-attr]


def test_missing_and_unreadable_paths_are_skips(tmp_path: Path) -> None:
    got = list(read_warc_uri(str(tmp_path / "nope.warc.gz")))
    assert got == [Skip(str(tmp_path / "nope.warc.gz"), SkipReason.MISSING_PATH)]
    got = list(read_warc_uri(str(tmp_path)))  # a directory cannot be read as a file
    assert len(got) == 1
    assert isinstance(got[0], Skip)
    assert got[0].reason is SkipReason.UNREADABLE_PATH
    ok = tmp_path / "ok.warc.gz"
    ok.write_bytes(_warc([_good(0)]))
    assert [type(g) for g in read_warc_uri(f"file://{ok}")] == [RawDoc]


def test_json_lines() -> None:
    doc = parse_json_line(
        '{"id": 7, "text": "Body.", "published": "2024-03-01T10:00:00Z", "url": "u"}', "f:1"
    )
    assert doc == RawDoc("7", "Body.", "u", dt.date(2024, 3, 1), None)
    assert parse_json_line("   ", "f:2") is None
    assert parse_json_line("{broken", "f:3") == Skip("f:3", SkipReason.BAD_JSON)
    assert parse_json_line("[1, 2]", "f:4") == Skip("f:4", SkipReason.BAD_JSON, "not an object")
    assert parse_json_line('{"id": "x", "text": "  "}', "f:5") == Skip("f:5", SkipReason.MISSING_TEXT)
    assert doc_from_fields(None, "Body.", where="f:6") == RawDoc("f:6", "Body.")  # no id: its place
    dated = doc_from_fields("a", "B.", where="w", published=dt.date(2024, 1, 2))
    assert isinstance(dated, RawDoc)
    assert dated.published == dt.date(2024, 1, 2)


def test_input_kinds_and_manifests() -> None:
    assert input_kind("s3a://bucket/crawl/CC-MAIN-1.warc.gz") is InputKind.WARC
    assert input_kind("warc.paths.gz") is InputKind.MANIFEST
    assert input_kind("feed.jsonl.gz") is InputKind.JSONL
    assert input_kind("out/part.parquet") is InputKind.PARQUET
    assert input_kind("hdfs://nn/crawl/table/") is InputKind.PARQUET
    assert input_kind("notes.docx") is None
    lines = ["# crawl", "", "a.warc.gz", "/abs/b.warc.gz", "s3a://bucket/c.warc.gz", "file:///d.warc"]
    assert manifest_paths(lines, "/data/m.paths") == [
        "/data/a.warc.gz",
        "/abs/b.warc.gz",
        "s3a://bucket/c.warc.gz",
        "file:///d.warc",
    ]
