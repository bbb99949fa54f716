"""Records the index stores, and the readers that turn paths into records.

Readers never raise on bad data: every input that cannot be used becomes a :class:`Skipped`
with a reason ("bad JSON line", "missing text", "binary file", "bad encoding", "truncated WARC"),
so that ``unspun index add`` can count them and go on.

Bytes are decoded by the text layer's decoder (:func:`unspun.text.decode_bytes`), the one ingest
uses, and HTML (files and WARC responses) is read by ingest's HTML reader: any file ``compare``
reads, ``index add`` reads the same way.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspun.errors import IngestError, InputError
from unspun.text import decode_bytes, looks_binary
from unspun.types import Article, InputFormat

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


@dataclass(frozen=True, slots=True)
class Record:
    """One article to index. ``fmt`` is how ``text`` is to be read back (text | markdown).

    ``article`` is set when the reader already produced a full :class:`Article` (HTML, WARC):
    then the index stores it whole so credits and metadata survive.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    fmt: str = "text"
    article: Article | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be indexed, with where it was and why."""

    where: str
    reason: str


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _html_article(data: bytes, *, doc_id: str, url: str | None) -> Article | Skipped:
    from unspun.ingest import article_from_bytes

    try:
        return article_from_bytes(data, doc_id=doc_id, fmt=InputFormat.HTML, url=url)
    except InputError as exc:
        return Skipped(doc_id, f"unreadable HTML: {exc}")


def read_text_file(path: Path, doc_id: str) -> Record | Skipped:
    """Read one .txt/.md/.html file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, f"cannot read: {exc.strerror}")
    if looks_binary(data):
        return Skipped(doc_id, "binary file")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        art = _html_article(data, doc_id=doc_id, url=None)
        if isinstance(art, Skipped):
            return art
        if not art.text.strip():
            return Skipped(doc_id, "empty text")
        return Record(doc_id, art.text, art.title, art.url, art.published, "article", art)
    try:
        text = decode_bytes(data, origin=doc_id)
    except IngestError as exc:
        return Skipped(doc_id, "bad encoding: " + str(exc).removeprefix(f"{doc_id}: "))
    if not text.strip():
        return Skipped(doc_id, "empty text")
    return Record(doc_id, text, fmt=TEXT_SUFFIXES.get(suffix, "text"))


def _json_line(raw: bytes, where: str) -> Any:
    """Parse one JSON line; a line that is not UTF-8 (a legacy-encoded export) goes through the
    shared decoder first.

    Raises:
        json.JSONDecodeError: not JSON.
        IngestError: not decodable.
    """
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        return json.loads(decode_bytes(raw, origin=where))


def read_jsonl(path: Path) -> Iterator[Record | Skipped]:
    """Read a JSONL file (optionally gzipped): one ``{"id", "text", ...}`` object per line."""
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    where = str(path)
    try:
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                loc = f"{where}:{lineno}"
                if not raw.strip():
                    continue
                try:
                    obj = _json_line(raw, loc)
                except (json.JSONDecodeError, IngestError):
                    yield Skipped(loc, "bad JSON line")
                    continue
                if not isinstance(obj, dict):
                    yield Skipped(loc, "bad JSON line (not an object)")
                    continue
                text = obj.get("text")
                if not isinstance(text, str) or not text.strip():
                    yield Skipped(loc, "missing text")
                    continue
                rid = obj.get("id")
                doc_id = str(rid) if isinstance(rid, str | int) and str(rid).strip() else loc
                title = obj.get("title") if isinstance(obj.get("title"), str) else None
                url = obj.get("url") if isinstance(obj.get("url"), str) else None
                yield Record(doc_id, text, title, url, _parse_date(obj.get("published")), "text")
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Skipped(where, f"truncated or unreadable file: {exc}")


def read_warc(path: Path) -> Iterator[Record | Skipped]:
    """Read HTML responses from a WARC / WARC.gz file with warcio."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    n = 0
    try:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type != "response":
                    continue
                n += 1
                uri = rec.rec_headers.get_header("WARC-Target-URI") or f"{where}#{n}"
                ctype = (rec.http_headers.get_header("Content-Type") or "") if rec.http_headers else ""
                if "html" not in ctype.lower():
                    yield Skipped(uri, f"not HTML ({ctype or 'no content type'})")
                    continue
                data = rec.content_stream().read()
                if getattr(rec.raw_stream, "limit", 0):  # fewer bytes than the record's Content-Length
                    yield Skipped(uri, "truncated WARC: record cut short")
                    return
                if looks_binary(data):
                    yield Skipped(uri, "binary payload")
                    continue
                art = _html_article(data, doc_id=uri, url=uri)
                if isinstance(art, Skipped):
                    yield art
                    continue
                if not art.text.strip():
                    yield Skipped(uri, "empty text")
                    continue
                yield Record(uri, art.text, art.title, art.url or uri, art.published, "article", art)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield Skipped(where, f"truncated WARC: {type(exc).__name__}: {exc}")
        return
    # warcio stops silently at a gzip member cut short; a full decompression pass tells.
    if path.name.lower().endswith(".gz") and not _gzip_complete(path):
        yield Skipped(where, "truncated WARC: the gzip stream ends mid-record")


def _gzip_complete(path: Path) -> bool:
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error):
        return False
    return True


_ARCHIVE_READERS: tuple[tuple[tuple[str, ...], Callable[[Path], Iterator[Record | Skipped]]], ...] = (
    (JSONL_SUFFIXES, read_jsonl),
    (WARC_SUFFIXES, read_warc),
)


def _read_path(path: Path, doc_id: str) -> Iterator[Record | Skipped]:
    name = path.name.lower()
    for suffixes, reader in _ARCHIVE_READERS:
        if name.endswith(suffixes):
            yield from reader(path)
            return
    if path.suffix.lower() in TEXT_SUFFIXES or path.suffix.lower() in HTML_SUFFIXES:
        yield read_text_file(path, doc_id)
    else:
        yield Skipped(doc_id, f"unsupported file type {path.suffix or '(none)'}")


def read_records(paths: Iterable[str | Path]) -> Iterator[Record | Skipped]:
    """Yield a record (or a skip) for every article under ``paths``.

    A file's id is its path as given; files found in a directory get ``DIR/relative/path``.
    Directories are walked recursively in sorted order; hidden entries are ignored.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    fp = Path(root) / name
                    yield from _read_path(fp, str(fp))
        elif path.is_file():
            yield from _read_path(path, str(p))
        else:
            yield Skipped(str(p), "no such file or directory")
