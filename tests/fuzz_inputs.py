"""Fuzz inputs for the ingest entry points and the `index add` readers, and the checks each run.

Shared by the bounded Hypothesis suite (tests/property/test_ingest_fuzz.py, part of `make test`)
and the long run (benchmarks/fuzz_ingest.py, figures in BENCHMARKS.md). A check returns None when
the call kept its contract, else a one-line description of the failure:

* ``article_from_bytes`` / ``load_article``: an :class:`~unspun.types.Article` whose sentence spans
  index its text, or an :class:`~unspun.errors.UnspunError`; never another exception.
* ``read_records`` over JSONL and WARC: only records and skips, never an exception; one item per
  non-blank JSONL line (a record for each good line, in order), one per WARC response of an
  undamaged file.

Inputs: random bytes and text in several encodings; valid samples of every format (PDF and DOCX
built by tests/office_docs.py) with random byte edits; DOCX packages whose document XML is edited
before zipping; HTML-like tag soup; JSON lines with random values, deep nesting, huge numbers and
bad dates; WARC files with random URIs, statuses, content types and bodies, some then damaged.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from office_docs import docx_bytes, minimal_pdf
from unspun.errors import UnspunError
from unspun.index import Record, Skipped, read_records
from unspun.ingest import FORMATS, article_from_bytes, load_article
from unspun.types import Article, InputFormat

SENTENCES = [
    "The storm closed the port on Monday, officials said.",
    "Forty ships were delayed near Valparaíso, the harbour authority reported.",
    "“We have never seen anything like it,” said Zoë Müller, 41.",
    "By Jane Roe for AFP",
    "Prices rose 3.5% in March — the fastest pace since 2022.",
]


@functools.cache
def seeds() -> dict[InputFormat, bytes]:
    """One valid input of every format."""
    body = " ".join(SENTENCES)
    return {
        InputFormat.TEXT: f"A Storm Hits\n\n{body}\n".encode(),
        InputFormat.MARKDOWN: f"# A Storm Hits\n\nBy **Jane Roe**\n\n{body} [link](https://e.x/a)\n".encode(),
        InputFormat.HTML: (
            "<!DOCTYPE html><html><head><title>A Storm Hits</title>"
            '<meta property="article:published_time" content="2024-03-05"></head><body><article>'
            f"<h1>A Storm Hits</h1><p>{body}</p><p>{SENTENCES[0]}</p></article></body></html>"
        ).encode(),
        InputFormat.PDF: minimal_pdf([["A Storm Hits", "", *SENTENCES], [SENTENCES[1]]]),
        InputFormat.DOCX: docx_bytes(
            [("Title", "A Storm Hits"), ("Normal", body), ("List Bullet", SENTENCES[2])],
            table=[["Port", "Ships"], ["Valparaíso", "40"]],
        ),
    }


@st.composite
def edited(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with up to 8 random edits: flips, inserts, deletes, a truncation, a repeat."""
    out = bytearray(data)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]))
        pos = draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "flip" and out:
            out[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            out[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del out[pos : pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del out[pos:]
        elif op == "repeat":
            out[pos:pos] = out[pos : pos + draw(st.integers(1, 256))]
    return bytes(out)


@st.composite
def docx_with_edited_xml(draw: st.DrawFn) -> bytes:
    """A DOCX whose main document XML was edited before the package was zipped again."""
    with zipfile.ZipFile(io.BytesIO(seeds()[InputFormat.DOCX])) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = draw(edited(parts["word/document.xml"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buf.getvalue()


_ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "koi8-r"]
_TAGS = ["<p>", "</p>", "<h1>", "</h1>", "<br>", "<b>", "</b>", "<li>", "<table><tr><td>", "<script>", "<!--"]

tag_soup = st.lists(
    st.one_of(st.sampled_from(_TAGS), st.sampled_from(SENTENCES), st.text(max_size=30)), max_size=40
).map(lambda parts: ("<!DOCTYPE html><html><body>" + "".join(parts)).encode("utf-8", "surrogatepass"))

encoded_text = st.tuples(st.text(max_size=1500), st.sampled_from(_ENCODINGS)).map(
    lambda te: te[0].encode(te[1], "ignore")
)

#: Bytes an article entry point may be given.
input_bytes = st.one_of(
    st.binary(max_size=3000),
    encoded_text,
    tag_soup,
    st.lists(st.sampled_from(SENTENCES), max_size=12).map(lambda xs: "\n\n".join(xs).encode()),
    st.sampled_from(list(InputFormat)).flatmap(lambda fmt: edited(seeds()[fmt])),
    docx_with_edited_xml(),
)
formats = st.sampled_from(FORMATS)
suffixes = st.sampled_from(["", ".txt", ".md", ".html", ".pdf", ".docx", ".bin"])


def _article_failure(call: Callable[[], Article]) -> str | None:
    try:
        article = call()
    except UnspunError:
        return None
    except Exception as exc:  # the failure this harness looks for
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    for s in article.sentences:
        if article.text[s.span.start : s.span.end] != s.text:
            return f"sentence {s.index} span does not index the text"
    return None


def check_article_from_bytes(data: bytes, fmt: str) -> str | None:
    """Run ``article_from_bytes``; None if it kept its contract."""
    return _article_failure(lambda: article_from_bytes(data, doc_id="fuzz", fmt=fmt))


def check_load_article(data: bytes, suffix: str, fmt: str) -> str | None:
    """Write ``data`` to a file named with ``suffix`` and run ``load_article``."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        return _article_failure(lambda: load_article(path, fmt=fmt))


# --------------------------------------------------------------------------- JSONL


@dataclass(frozen=True)
class JsonlLine:
    """One line of a fuzzed JSONL file; ``text`` is set when the line must become a record."""

    raw: bytes
    text: str | None = None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_NO_SURROGATES = st.characters(exclude_categories=["Cs"])
_good_dates = st.sampled_from([None, "", "2024-05-01", "2024-05-01T10:30:00Z", "2024-05-01 10:30"])
_bad_dates = st.one_of(st.sampled_from(["2024-13-45", "yesterday", "2024-05", "05/01/2024"]), st.integers())


@st.composite
def jsonl_line(draw: st.DrawFn) -> JsonlLine:
    kind = draw(st.sampled_from(["good", "bad-date", "value", "bytes", "nested", "huge-number"]))
    if kind in ("good", "bad-date"):
        # no lone surrogates: written raw they are not UTF-8, so the line is not "good" any more
        text = draw(st.sampled_from(SENTENCES) | st.text(_NO_SURROGATES, min_size=1, max_size=200))
        obj: dict[str, Any] = {"text": text}
        if draw(st.booleans()):
            obj["id"] = draw(st.text(max_size=12) | st.integers())
        published = draw(_good_dates if kind == "good" else _bad_dates)
        if published is not None or draw(st.booleans()):
            obj["published"] = published
        raw = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        usable = kind == "good" and text.strip() != ""
        return JsonlLine(raw, text if usable else None)
    if kind == "value":  # any JSON value but an object with a "text" (that may be a good line)
        value = draw(json_values.filter(lambda v: not (isinstance(v, dict) and "text" in v)))
        return JsonlLine(json.dumps(value).encode())
    if kind == "nested":
        depth = draw(st.integers(500, 6000))
        return JsonlLine(draw(st.sampled_from([b"[", b'{"a":'])) * depth)
    if kind == "huge-number":
        return JsonlLine(b'{"text": "x", "n": ' + b"9" * draw(st.integers(4301, 6000)) + b"}")
    return JsonlLine(draw(st.binary(max_size=200)).replace(b"\n", b" "))


jsonl_files = st.tuples(st.lists(jsonl_line(), max_size=12), st.booleans())


def check_jsonl(lines: list[JsonlLine], gzipped: bool) -> str | None:
    """Write the lines as a JSONL (or .jsonl.gz) file and run ``read_records`` over it."""
    data = b"\n".join(line.raw for line in lines)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("feed.jsonl.gz" if gzipped else "feed.jsonl")
        path.write_bytes(gzip.compress(data) if gzipped else data)
        try:
            items = list(read_records([path]))
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc)[:200]}"
    if not all(isinstance(i, Record | Skipped) for i in items):
        return "read_records yielded something other than a Record or a Skipped"
    nonblank = [line for line in lines if line.raw.strip()]
    if len(items) != len(nonblank):
        return f"{len(nonblank)} non-blank lines gave {len(items)} items"
    expected = [line.text for line in nonblank if line.text is not None]
    got = [i.text for i in items if isinstance(i, Record)]
    if got != expected:
        return f"records {got!r:.100} differ from the good lines {expected!r:.100}"
    return None


# --------------------------------------------------------------------------- WARC


@dataclass(frozen=True)
class WarcResponse:
    """One response record of a fuzzed WARC."""

    uri: str | None
    status: str
    content_type: str
    body: bytes


warc_response = st.builds(
    WarcResponse,
    uri=st.sampled_from([None, "http://n.example/a", "https://n.example/b?x=1", "dns:n.example", "urn:x"]),
    status=st.sampled_from(["200 OK", "404 Not Found", "301 Moved", "500 Error", "204 No Content", "abc"]),
    content_type=st.sampled_from(["text/html", "text/html; charset=utf-8", "image/png", ""]),
    body=st.one_of(tag_soup, st.just(seeds()[InputFormat.HTML]), st.binary(max_size=300)),
)
warc_files = st.tuples(
    st.lists(warc_response, max_size=6), st.booleans(), st.one_of(st.none(), st.integers(0, 2**31))
)


def warc_bytes(responses: list[WarcResponse], gzipped: bool) -> bytes:
    """Write the responses with warcio."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped)
    for r in responses:
        headers = [("Content-Type", r.content_type)] if r.content_type else []
        http = StatusAndHeaders(r.status, headers, protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            r.uri or "http://placeholder.example/",
            "response",
            payload=io.BytesIO(r.body),
            length=len(r.body),
            http_headers=http,
        )
        if r.uri is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(rec)
    return buf.getvalue()


def check_warc(responses: list[WarcResponse], gzipped: bool, damage: int | None) -> str | None:
    """Write a WARC (damaged at a position drawn from ``damage`` if not None) and read it."""
    data = warc_bytes(responses, gzipped)
    if damage is not None and data:
        pos = damage % len(data)
        data = data[:pos] + bytes([data[pos] ^ 0x5A]) + data[pos + 1 :] if damage % 2 else data[:pos]
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("crawl.warc.gz" if gzipped else "crawl.warc")
        path.write_bytes(data)
        try:
            items = list(read_records([path]))
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc)[:200]}"
    if not all(isinstance(i, Record | Skipped) for i in items):
        return "read_records yielded something other than a Record or a Skipped"
    if damage is None and responses and len(items) != len(responses):
        return f"{len(responses)} responses gave {len(items)} items"
    return None
