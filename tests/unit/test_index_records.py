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


# --------------------------------------------------------------------------- hardening (issue 13)


def test_deeply_nested_json_line_is_one_skip_between_good_lines(tmp_path: Path) -> None:
    f = tmp_path / "nested.jsonl"
    lines = [
        json.dumps({"id": "before", "text": TEXT}),
        "[" * 5000,  # RecursionError inside the json parser
        '{"id": "huge", "text": "x", "n": ' + "9" * 5000 + "}",  # ValueError: int too long to convert
        json.dumps({"id": "after", "text": TEXT}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == ["before", "after"]
    assert [(s.where, s.reason) for s in skips] == [
        (f"{f}:2", "bad JSON line (nested too deeply)"),
        (f"{f}:3", "bad JSON line"),
    ]


def _warc(records: list[tuple[str | None, str, bytes]]) -> bytes:
    """A WARC.gz of HTML responses: (target URI or None for none, HTTP status line, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for uri, status, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        rec = w.create_warc_record(
            uri or "http://placeholder/",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
        )
        if uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        w.write_record(rec)
    return buf.getvalue()


def _page(i: int) -> bytes:
    return (
        f"<html><head><title>Storm {i}</title></head><body><article><h1>Storm {i}</h1>"
        f"<p>{TEXT} Officials counted {i + 3} damaged piers.</p></article></body></html>"
    ).encode()


def test_warc_response_without_target_uri_is_one_skip(tmp_path: Path) -> None:
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(_warc([("http://n.example/1", "200 OK", _page(1)), (None, "200 OK", _page(2))] * 2))
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == ["http://n.example/1", "http://n.example/1"]
    assert [(s.where, s.reason) for s in skips] == [
        (f"{f}#2", "WARC response without a target URI"),
        (f"{f}#4", "WARC response without a target URI"),
    ]


def test_warc_non_2xx_responses_are_skipped_with_their_status(tmp_path: Path) -> None:
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(
        _warc(
            [
                ("http://n.example/ok", "200 OK", _page(1)),
                ("http://n.example/gone", "404 Not Found", _page(2)),
                ("http://n.example/moved", "301 Moved Permanently", _page(3)),
                ("http://n.example/err", "500 Internal Server Error", _page(4)),
                ("http://n.example/partial", "206 Partial Content", _page(5)),
            ]
        )
    )
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == ["http://n.example/ok", "http://n.example/partial"]
    assert [(s.where, s.reason) for s in skips] == [
        ("http://n.example/gone", "HTTP 404"),
        ("http://n.example/moved", "HTTP 301"),
        ("http://n.example/err", "HTTP 500"),
    ]


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzipped"])
def test_text_file_named_warc_is_one_skip_and_no_warnings(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], gzipped: bool
) -> None:
    text = "\n\n".join(f"Paragraph {i}: {TEXT}\nA second line {i}." for i in range(60)).encode()
    f = tmp_path / "notes.warc.gz"
    f.write_bytes(gzip.compress(text) if gzipped else text)
    recs, skips = _split(list(read_records([f])))
    assert not recs
    assert len(skips) == 1
    assert skips[0].where == str(f)
    assert skips[0].reason.startswith("not a WARC file: it starts with 'Paragraph 0: The harbour")
    assert capfd.readouterr().err == ""  # warcio printed a warning per bad "record" before


def test_same_file_under_two_spellings_is_one_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "arch"
    (d / "sub").mkdir(parents=True)
    f = d / "a.txt"
    f.write_text(TEXT, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(f)
    monkeypatch.chdir(tmp_path)
    spellings = ["arch/a.txt", "./arch/a.txt", str(f), "arch/sub/../a.txt", "link.txt", "arch"]
    recs, skips = _split(list(read_records(spellings)))
    assert not skips
    assert {r.id for r in recs} == {str(f.resolve())}
    assert len(recs) == len(spellings)


def test_jsonl_line_without_id_gets_the_canonical_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ids = {r.id for r in _split(list(read_records(["feed.jsonl", "./feed.jsonl"])))[0]}
    assert ids == {f"{(tmp_path / 'feed.jsonl').resolve()}:1"}


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-05-01", "2024-05-01"),
        ("2024-05-01T10:30:00Z", "2024-05-01"),
        ("2024-05-01 10:30:00+02:00", "2024-05-01"),
        (None, None),
        ("", None),
    ],
)
def test_jsonl_valid_published(tmp_path: Path, published: str | None, expected: str | None) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"id": "x", "text": TEXT, "published": published}) + "\n", encoding="utf-8")
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert (recs[0].published.isoformat() if recs[0].published else None) == expected


@pytest.mark.parametrize(
    "published", ["2024-13-45", "yesterday", "2024-05", "2024-05-01junk", 20240501, True]
)
def test_jsonl_invalid_published_is_a_counted_skip(tmp_path: Path, published: object) -> None:
    f = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "bad", "text": TEXT, "published": published}),
        json.dumps({"id": "good", "text": TEXT, "published": "2024-05-01"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs, skips = _split(list(read_records([f])))
    assert [r.id for r in recs] == ["good"]
    assert len(skips) == 1
    assert skips[0].where == f"{f}:1"
    assert skips[0].reason.split(":")[0] == "bad published date"  # the phrase index add counts
    assert repr(published)[:20] in skips[0].reason


def test_index_add_counts_bad_published_dates(tmp_path: Path) -> None:
    from unspun.index import open_index

    f = tmp_path / "a.jsonl"
    f.write_text(
        "\n".join(
            json.dumps({"id": f"x{i}", "text": f"{TEXT} Pier {i}.", "published": p})
            for i, p in enumerate(["2024-05-01", "2024-02-30", "soon"])
        ),
        encoding="utf-8",
    )
    with open_index(tmp_path / "idx", mode="w") as idx:
        result = idx.add(read_records([f]))
    assert result.added == 1
    assert dict(result.skipped) == {"bad published date": 2}


def test_utf16_file_without_bom_is_indexed(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(LEGACY.encode("utf-16-le"))
    recs, skips = _split(list(read_records([f])))
    assert not skips
    assert recs[0].text == LEGACY


def test_pdf_and_docx_files_are_indexed_as_articles(tmp_path: Path) -> None:
    from office_docs import docx_bytes, minimal_pdf

    d = tmp_path / "docs"
    d.mkdir()
    (d / "a.pdf").write_bytes(minimal_pdf([["Storm Delays Ships", "", TEXT]]))
    (d / "b.docx").write_bytes(docx_bytes([("Title", "Storm Delays Ships"), ("Normal", TEXT)]))
    (d / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    (d / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    recs, skips = _split(list(read_records([d])))
    assert [(Path(r.id).name, r.fmt, r.title) for r in recs] == [
        ("a.pdf", "article", "Storm Delays Ships"),
        ("b.docx", "article", "Storm Delays Ships"),
    ]
    assert all(r.text.endswith(TEXT) and r.article is not None for r in recs)
    assert [r.article.input_format for r in recs if r.article] == [InputFormat.PDF, InputFormat.DOCX]
    assert {Path(s.where).name: s.reason.split(":")[0] for s in skips} == {
        "broken.pdf": "unreadable PDF",
        "broken.docx": "unreadable DOCX",
    }
