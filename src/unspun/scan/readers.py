"""Crawl and feed readers for the Spark scan: WARC streams, JSONL lines, Parquet rows.

Everything here is plain Python that Spark tasks call (one WARC file per task, one JSONL or
Parquet split per task); nothing here imports pyspark, so it is tested without a JVM. Readers
never raise on bad data: each unusable input becomes a :class:`Skip` with a :class:`SkipReason`,
which the run summary counts.

WARC files are read with ``warcio`` the way Common Crawl's own examples do (a manifest of WARC
paths, one task per file). Two checks warcio does not make are added here: a gzip member cut short
ends warcio's iteration silently, so the raw bytes also go through a second inflater that tells
whether the last member was complete (:class:`_GzipTail`); and non-2xx responses are skipped, as
they are error pages rather than articles.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlparse

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
MANIFEST_SUFFIXES = (".paths", ".paths.gz", ".txt", ".manifest")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet",)


class SkipReason(StrEnum):
    """Why an input was not scanned (the keys of the run summary's skip counts)."""

    MISSING_PATH = "missing path"
    UNREADABLE_PATH = "unreadable path"
    NOT_WARC = "not a WARC file"
    TRUNCATED = "truncated WARC"
    NO_TARGET_URI = "no target URI"
    HTTP_ERROR = "HTTP error status"
    NOT_HTML = "not HTML"
    EMPTY_PAGE = "empty page"
    BINARY = "binary payload"
    UNDECODABLE = "undecodable text"
    NO_BODY = "no body text"
    TOO_LARGE = "too large"
    BAD_JSON = "bad JSON line"
    MISSING_TEXT = "missing text"
    DUPLICATE_ID = "duplicate id"


class InputKind(StrEnum):
    """How a ``--crawl`` / ``--reference`` argument is read."""

    WARC = "warc"  # one WARC / WARC.gz file
    MANIFEST = "manifest"  # a text file listing WARC paths, one per line
    JSONL = "jsonl"
    PARQUET = "parquet"  # a Parquet file or a directory of them


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that was not scanned: where it was, why (counted), and the details."""

    where: str
    reason: SkipReason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One article as read, before ingestion: text (JSONL, Parquet) or HTML bytes (WARC)."""

    id: str
    body: str | bytes
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None

    @property
    def is_html(self) -> bool:
        return isinstance(self.body, bytes)


def input_kind(path: str) -> InputKind | None:
    """Tell an input's kind from its name (a directory or ``.parquet`` is Parquet)."""
    name = path.rstrip("/").rsplit("/", 1)[-1].lower()
    if name.endswith(WARC_SUFFIXES):
        return InputKind.WARC
    if name.endswith(JSONL_SUFFIXES):
        return InputKind.JSONL
    if name.endswith(MANIFEST_SUFFIXES):
        return InputKind.MANIFEST
    if name.endswith(PARQUET_SUFFIXES) or path.endswith("/") or "." not in name:
        return InputKind.PARQUET
    return None


def parse_date(value: Any) -> dt.date | None:
    """Read an ISO date (or the date part of an ISO timestamp, or a date object); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def doc_from_fields(
    rid: Any, text: Any, *, where: str, url: Any = None, published: Any = None, title: Any = None
) -> RawDoc | Skip:
    """Build a text document from JSONL / Parquet fields (the rules of ``unspun index add``).

    A missing or blank id falls back to ``where`` (file and line), as the index's JSONL reader does.
    """
    if not isinstance(text, str) or not text.strip():
        return Skip(where, SkipReason.MISSING_TEXT)
    doc_id = str(rid) if isinstance(rid, str | int) and str(rid).strip() else where
    return RawDoc(doc_id, text, _optional_str(url), parse_date(published), _optional_str(title))


def parse_json_line(line: str, where: str) -> RawDoc | Skip | None:
    """Parse one JSONL line ``{"id", "text", "url"?, "published"?, "title"?}``; None for a blank line."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return Skip(where, SkipReason.BAD_JSON)
    if not isinstance(obj, dict):
        return Skip(where, SkipReason.BAD_JSON, "not an object")
    return doc_from_fields(
        obj.get("id"),
        obj.get("text"),
        where=where,
        url=obj.get("url"),
        published=obj.get("published"),
        title=obj.get("title"),
    )


class _GzipTail:
    """A pass-through reader that also inflates gzip members, to tell whether the last is complete.

    warcio stops without an error at a gzip member cut short (a truncated download), so without
    this the records lost at the cut would not be counted. Inflating twice costs far less than
    the HTML extraction that follows.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflater: Any = zlib.decompressobj(31)
        self._first = True
        self.is_gzip = False
        self.pending = False  # inside a member that has not ended yet
        self.corrupt = False

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        if self._first and data:
            self._first = False
            self.is_gzip = data[:2] == b"\x1f\x8b"
        if self.is_gzip and not self.corrupt:
            self._feed(data)
        return data

    def _feed(self, data: bytes) -> None:
        while data:
            try:
                self._inflater.decompress(data)  # output discarded
            except zlib.error:
                self.corrupt = True
                return
            if self._inflater.eof:  # a member ended: the next one starts in unused_data
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(31)
                self.pending = False
            else:
                self.pending = True
                data = b""

    @property
    def complete(self) -> bool:
        return not (self.pending or self.corrupt)


def _is_binary(data: bytes) -> bool:
    head = data[:8192]
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in head


def iter_warc(fh: IO[bytes], where: str) -> Iterator[RawDoc | Skip]:
    """Yield the HTML responses of a WARC / WARC.gz stream, and a :class:`Skip` for each unusable one.

    Only ``response`` records are read (requests, metadata and warcinfo records are not pages and
    are not counted). A record cut short, or a gzip stream that ends mid-member, yields one
    ``truncated WARC`` skip after the records read before the cut.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.recordloader import ArcWarcRecordLoader
    from warcio.statusandheaders import StatusAndHeadersParserException

    tail = _GzipTail(fh)
    loader = ArcWarcRecordLoader()
    n = 0
    first = True
    try:
        # HTTP headers are parsed here, not by the iterator: warcio's own parse fails with an
        # AttributeError on a response record without a target URI, which would end the file.
        for rec in ArchiveIterator(tail, no_record_parse=True):
            arc_uri = rec.rec_headers.get_header("uri") if rec.format == "arc" else None
            if first and rec.format == "arc" and not (arc_uri or "").startswith("filedesc://"):
                # warcio reads any text as an ARC record; a real ARC file opens with its filedesc.
                yield Skip(where, SkipReason.NOT_WARC, "neither WARC nor ARC records")
                return
            first = False
            if rec.rec_type != "response":
                continue
            n += 1
            uri = rec.rec_headers.get_header("WARC-Target-URI") or arc_uri
            if not uri:
                yield Skip(f"{where}#{n}", SkipReason.NO_TARGET_URI)
                continue
            try:
                rec.http_headers = loader.load_http_headers(rec.rec_type, uri, rec.raw_stream, rec.length)
            except (StatusAndHeadersParserException, EOFError):
                rec.http_headers = None
            http = rec.http_headers
            status = http.get_statuscode() if http is not None else ""
            if not status.startswith("2"):
                yield Skip(uri, SkipReason.HTTP_ERROR, status or "no HTTP status line")
                continue
            ctype = (http.get_header("Content-Type") or "") if http is not None else ""
            if "html" not in ctype.lower():
                yield Skip(uri, SkipReason.NOT_HTML, ctype or "no content type")
                continue
            data = rec.content_stream().read()
            if getattr(rec.raw_stream, "limit", 0):  # fewer bytes than the record's Content-Length
                yield Skip(uri, SkipReason.TRUNCATED, "record cut short")
                return
            if not data.strip():
                yield Skip(uri, SkipReason.EMPTY_PAGE)
                continue
            if _is_binary(data):
                yield Skip(uri, SkipReason.BINARY)
                continue
            yield RawDoc(uri, data, uri)  # WARC-Date is the fetch date: the page's own date comes from ingest
    except ArchiveLoadFailed as exc:
        reason = SkipReason.NOT_WARC if n == 0 else SkipReason.TRUNCATED
        yield Skip(where, reason, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        return
    except (EOFError, zlib.error, OSError, ValueError) as exc:
        yield Skip(where, SkipReason.TRUNCATED, f"{type(exc).__name__}: {exc}")
        return
    if tail.is_gzip and not tail.complete:
        yield Skip(where, SkipReason.TRUNCATED, "the gzip stream ends mid-record")


def open_uri(uri: str) -> IO[bytes]:
    """Open a local path, ``file://`` URI or any file system ``pyarrow`` knows (``s3a://`` is ``s3://``).

    Raises:
        FileNotFoundError: the path does not exist.
        OSError: it cannot be read (or no file system handles its scheme).
    """
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file") or len(parsed.scheme) == 1:  # one letter: a Windows drive
        return Path(parsed.path if parsed.scheme == "file" else uri).open("rb")
    try:
        from pyarrow import fs as pafs
    except ImportError:  # pragma: no cover - pyarrow is part of the spark extra
        raise OSError(
            f"reading {parsed.scheme}:// paths needs pyarrow (pip install 'unspun[spark]')"
        ) from None
    target = "s3://" + uri[len("s3a://") :] if parsed.scheme in ("s3a", "s3n") else uri
    try:
        filesystem, path = pafs.FileSystem.from_uri(target)
        info = filesystem.get_file_info(path)
        if info.type == pafs.FileType.NotFound:
            raise FileNotFoundError(uri)
        stream: IO[bytes] = filesystem.open_input_stream(path)
    except (FileNotFoundError, OSError):
        raise
    except Exception as exc:  # pyarrow raises ArrowInvalid / ArrowNotImplementedError for bad URIs
        raise OSError(f"{type(exc).__name__}: {exc}") from exc
    return stream


def read_warc_uri(uri: str) -> Iterator[RawDoc | Skip]:
    """Read one WARC file named in a manifest; a missing or unreadable path is one skip."""
    try:
        fh = open_uri(uri)
    except FileNotFoundError:
        yield Skip(uri, SkipReason.MISSING_PATH)
        return
    except OSError as exc:
        yield Skip(uri, SkipReason.UNREADABLE_PATH, exc.strerror or str(exc))
        return
    with fh:
        yield from iter_warc(fh, uri)


def manifest_paths(lines: list[str], manifest: str) -> list[str]:
    """The WARC paths a manifest lists (blank and ``#`` lines ignored).

    A relative path is taken relative to the manifest's own directory.
    """
    base = manifest.rsplit("/", 1)[0] if "/" in manifest else "."
    out = []
    for line in lines:
        p = line.strip()
        if not p or p.startswith("#"):
            continue
        if urlparse(p).scheme in ("", "file") and not p.startswith("/") and not p.startswith("file:"):
            p = f"{base}/{p}"
        out.append(p)
    return out
