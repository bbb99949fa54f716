"""Record readers: files, directories, JSONL, WARC, and the bad inputs they skip with a reason."""

from __future__ import annotations

import codecs
import gzip
import io
import json
from pathlib import Path

import pytest

from unspun.index import Record, Skipped, read_records
from unspun.ingest import load_article
from unspun.types import InputFormat

TEXT = "The harbour authority said on Monday that 40 ships were delayed by the storm near Valparaiso."


def _split(items: list[Record | Skipped]) -> tuple[list[Record], list[Skipped]]:
    return [r for r in items if isinstance(r, Record)], [s for s in items if isinstance(s, Skipped)]


def test_directory_walk_ids_and_bad_files(tmp_path: Path) -> None:
    d = tmp_path / "arch"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "sub" / "b.md").write_text("# Title\n\n" + TEXT, encoding="utf-8")
    (d / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    (d / "badbom.txt").write_bytes(b"\xff\xfe" + "Caf".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    (d / "empty.txt").write_text("   \n")
    (d / "image.png").write_bytes(b"\x89PNG")
    (d / ".hidden.txt").write_text(TEXT)
    recs, skips = _split(list(read_records([d])))
    assert sorted(r.id for r in recs) == sorted([str(d / "a.txt"), str(d / "sub" / "b.md")])
    assert {r.fmt for r in recs} == {"text", "markdown"}
    reasons = {Path(s.where).name: s.reason for s in skips}
    assert reasons["bin.txt"] == "binary file"
    assert reasons["badbom.txt"].startswith("bad encoding: starts with a utf-16 byte-order mark")
    assert reasons["empty.txt"] == "empty text"
    assert reasons["image.png"].startswith("unsupported file type")
    assert ".hidden.txt" not in reasons


def test_utf16_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(TEXT.encode("utf-16"))
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert recs[0].text == TEXT
    assert recs[0].id == str(f)


LEGACY = "Le café « Société » à Genève a fermé — 40 clients sont partis, a déclaré Zoë Müller."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cp1252.txt", LEGACY.encode("cp1252")),
        ("utf16be.md", codecs.BOM_UTF16_BE + LEGACY.encode("utf-16-be")),
        ("utf32.txt", LEGACY.encode("utf-32")),
        ("bom8.txt", codecs.BOM_UTF8 + LEGACY.encode("utf-8")),
    ],
)
def test_every_encoding_compare_reads_is_indexed(tmp_path: Path, name: str, data: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert recs[0].text == LEGACY
    # compare reads the same file to the same text
    assert load_article(f, fmt="text").text == LEGACY


def test_html_file_in_a_legacy_encoding_is_indexed(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    html = f"<html><head><title>Genève</title></head><body><article><p>{LEGACY}</p></article></body></html>"
    f.write_bytes(html.encode("cp1252"))
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert recs[0].article is not None
    assert LEGACY in recs[0].text
    assert recs[0].article.input_format is InputFormat.HTML


def test_jsonl_line_in_a_legacy_encoding_is_indexed(tmp_path: Path) -> None:
    f = tmp_path / "legacy.jsonl"
    good = json.dumps({"id": "u8", "text": TEXT}).encode()
    legacy = json.dumps({"id": "w", "text": LEGACY}, ensure_ascii=False).encode("cp1252")
    f.write_bytes(good + b"\n" + legacy + b"\n")
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert [(r.id, r.text) for r in recs] == [("u8", TEXT), ("w", LEGACY)]


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    lines = [
        json.dumps(
            {"id": "x1", "text": TEXT, "title": "T", "url": "http://e.x/1", "published": "2024-05-01"}
        ),
        "{not json",
        json.dumps({"id": "x2"}),
        json.dumps({"id": "x3", "text": "   "}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": TEXT + " Again."}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == ["x1", f"{f}:7"]
    assert recs[0].published is not None
    assert recs[0].published.isoformat() == "2024-05-01"
    assert recs[0].title == "T"
    assert recs[0].url == "http://e.x/1"
    assert sorted(s.reason.split(" (")[0] for s in skips) == [
        "bad JSON line",
        "bad JSON line",
        "missing text",
        "missing text",
    ]


def test_truncated_gzip_jsonl(tmp_path: Path) -> None:
    data = gzip.compress(("\n".join(json.dumps({"id": f"i{i}", "text": TEXT}) for i in range(200))).encode())
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    recs, skips = _split(list(read_records([f])))
    assert len(skips) == 1
    assert "truncated" in skips[0].reason
    assert len(recs) < 200


def _warc_bytes(n: int) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for i in range(n):
        html = (
            f"<html><head><title>Storm {i}</title></head><body><article><h1>Storm {i}</h1>"
            f"<p>{TEXT} Officials counted {i + 3} damaged piers.</p><p>{TEXT}</p></article></body></html>"
        ).encode()
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        rec = w.create_warc_record(
            f"http://news.example/{i}",
            "response",
            payload=io.BytesIO(html),
            length=len(html),
            http_headers=headers,
        )
        w.write_record(rec)
    img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    w.write_record(
        w.create_warc_record(
            "http://news.example/x.png",
            "response",
            payload=io.BytesIO(b"\x89PNG"),
            length=4,
            http_headers=img,
        )
    )
    return buf.getvalue()


def test_warc_html_responses(tmp_path: Path) -> None:
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(_warc_bytes(3))
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == [f"http://news.example/{i}" for i in range(3)]
    assert all("damaged piers" in r.text and r.article is not None for r in recs)
    assert len(skips) == 1
    assert skips[0].reason.startswith("not HTML")


def test_truncated_warc(tmp_path: Path) -> None:
    data = _warc_bytes(6)
    f = tmp_path / "cut.warc.gz"
    f.write_bytes(data[: int(len(data) * 0.6)])
    recs, skips = _split(list(read_records([f])))
    assert any("truncated WARC" in s.reason for s in skips)
    assert len(recs) < 6


def test_missing_path() -> None:
    recs, skips = _split(list(read_records(["/nonexistent/unspun/x.txt"])))
    assert not recs
    assert skips[0].reason == "no such file or directory"
