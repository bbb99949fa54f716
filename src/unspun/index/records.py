"""Records the index stores, and the readers that turn paths into records.

Readers never raise on bad data: every input that cannot be used becomes a :class:`Skipped`
with a reason ("bad JSON line", "missing text", "bad published date", "binary file",
"bad encoding", "HTTP 404", "not a WARC file", "truncated WARC"), so that ``unspun index add`` can
count them and go on; a bad record never costs the good records before or after it.

Bytes are decoded by the text layer's decoder (:func:`unspun.text.decode_bytes`), the one ingest
uses, and HTML, PDF and DOCX files (and WARC responses) are read by ingest's readers: any file
``compare`` reads, ``index add`` reads the same way.

Ids: a file's id is its canonical path (absolute, ``..`` and symbolic links resolved), so one file
added under two spellings (``a.txt``, ``./a.txt``, ``/abs/a.txt``) is one article.
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
from unspun.ingest.registry import format_for_suffix
from unspun.text import decode_bytes, looks_binary
from unspun.types import Article, InputFormat

logger = logging.getLogger(__name__)

#: Plain-text suffixes the ingest registry does not name (the text reader takes anything).
TEXT_SUFFIXES = {".txt": InputFormat.TEXT, ".text": InputFormat.TEXT}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
# Stored as text and read back with their format; every other format is stored as its Article.
_STORED_AS_TEXT = (InputFormat.TEXT, InputFormat.MARKDOWN)


@dataclass(frozen=True, slots=True)
class Record:
    """One article to index. ``fmt`` is how ``text`` is to be read back (text | markdown).

    ``article`` is set when the reader already produced a full :class:`Article` (HTML, PDF, DOCX,
    WARC): then the index stores it whole so credits and metadata survive.
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
    """An input that could not be indexed, with where it was and why.

    ``reason`` starts with a fixed phrase; what follows its first colon is detail (the phrase is
    what ``index add`` counts).
    """

    where: str
    reason: str


def _file_format(path: Path) -> InputFormat | None:
    suffix = path.suffix.lower()
    return TEXT_SUFFIXES.get(suffix) or format_for_suffix(suffix)


def _read_article(data: bytes, *, doc_id: str, fmt: InputFormat, url: str | None) -> Article | Skipped:
    from unspun.ingest import article_from_bytes

    try:
        return article_from_bytes(data, doc_id=doc_id, fmt=fmt, url=url)
    except InputError as exc:
        return Skipped(doc_id, f"unreadable {fmt.value.upper()}: {exc}")


def _article_record(art: Article | Skipped, doc_id: str, url: str | None = None) -> Record | Skipped:
    if isinstance(art, Skipped):
        return art
    if not art.text.strip():
        return Skipped(doc_id, "empty text")
    return Record(doc_id, art.text, art.title, art.url or url, art.published, "article", art)


def read_text_file(path: Path, doc_id: str) -> Record | Skipped:
    """Read one text, Markdown, HTML, PDF or DOCX file (the format from the suffix of ``path``)."""
    fmt = _file_format(path)
    if fmt is None:
        return Skipped(doc_id, f"unsupported file type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Skipped(doc_id, f"cannot read: {exc.strerror or exc}")
    if fmt not in (InputFormat.PDF, InputFormat.DOCX) and looks_binary(data):
        return Skipped(doc_id, "binary file")
    if fmt not in _STORED_AS_TEXT:
        return _article_record(_read_article(data, doc_id=doc_id, fmt=fmt, url=None), doc_id)
    try:
        text = decode_bytes(data, origin=doc_id)
    except IngestError as exc:
        return Skipped(doc_id, "bad encoding: " + str(exc).removeprefix(f"{doc_id}: "))
    if not text.strip():
        return Skipped(doc_id, "empty text")
    return Record(doc_id, text, fmt=fmt.value)


# --------------------------------------------------------------------------- JSONL


def _json_line(raw: bytes, where: str) -> Any:
    """Parse one JSON line; a line that is not UTF-8 (a legacy-encoded export) goes through the
    shared decoder first.

    Raises:
        ValueError: not JSON (json.JSONDecodeError), or a number too long to convert.
        RecursionError: nested too deeply for the parser.
        IngestError: not decodable.
    """
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        return json.loads(decode_bytes(raw, origin=where))


def _published(value: Any) -> tuple[dt.date | None, bool]:
    """Read a JSONL ``published`` value: (the date or None, whether the value was usable).

    Absent, null and "" are usable (no date); otherwise an ISO 8601 date or date-time string.
    """
    if value is None or value == "":
        return None, True
    if not isinstance(value, str):
        return None, False
    for parse in (dt.date.fromisoformat, lambda v: dt.datetime.fromisoformat(v).date()):
        try:
            return parse(value.strip()), True
        except ValueError:
            continue
    return None, False


def _jsonl_item(raw: bytes, loc: str) -> Record | Skipped | None:
    """One JSONL line -> a record, a skip with its reason, or None for a blank line."""
    if not raw.strip():
        return None
    try:
        obj = _json_line(raw, loc)
    except RecursionError:
        return Skipped(loc, "bad JSON line (nested too deeply)")
    except (ValueError, IngestError):
        return Skipped(loc, "bad JSON line")
    if not isinstance(obj, dict):
        return Skipped(loc, "bad JSON line (not an object)")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(loc, "missing text")
    published, usable = _published(obj.get("published"))
    if not usable:
        shown = repr(obj.get("published"))
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        return Skipped(loc, f"bad published date: {shown}; use YYYY-MM-DD or an ISO 8601 date-time")
    rid = obj.get("id")
    has_id = isinstance(rid, str | int) and not isinstance(rid, bool) and str(rid).strip()
    doc_id = str(rid) if has_id else loc
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    return Record(doc_id, text, title, url, published, "text")


def read_jsonl(path: Path) -> Iterator[Record | Skipped]:
    """Read a JSONL file (optionally gzipped): one ``{"id", "text", ...}`` object per line.

    ``published`` (optional) is an ISO 8601 date or date-time; any other value skips the line.
    """
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    where = str(path)
    try:
        with opener(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                item = _jsonl_item(raw, f"{where}:{lineno}")
                if item is not None:
                    yield item
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Skipped(where, f"truncated or unreadable file: {exc}")


# --------------------------------------------------------------------------- WARC

_GZIP_MAGIC = b"\x1f\x8b"
# A WARC record starts "WARC/1.0" (or 1.1, 0.17, 0.18); an ARC file starts with its "filedesc://" record.
_ARCHIVE_STARTS = (b"WARC/", b"filedesc://")


def _archive_head(path: Path) -> bytes:
    """Return the first bytes of the archive's content (unzipped if it is gzip).

    Raises:
        OSError, EOFError, zlib.error: unreadable.
    """
    with path.open("rb") as fh:
        head = fh.read(64)
    if head.startswith(_GZIP_MAGIC):
        with gzip.open(path, "rb") as gz:
            head = gz.read(64)
    return head


def _not_an_archive(path: Path) -> str | None:
    """Return why ``path`` is not a WARC (or ARC) file, or None if it starts like one."""
    try:
        head = _archive_head(path)
    except (OSError, EOFError, zlib.error) as exc:
        return f"not a WARC file: cannot read its start ({exc})"
    if head.lstrip(b"\r\n").startswith(_ARCHIVE_STARTS):
        return None
    shown = head[:24].decode("ascii", "replace") if head else "(empty)"
    return f"not a WARC file: it starts with {shown!r}, where a WARC starts with 'WARC/'"


def _warc_response(rec: Any, where: str, n: int) -> Record | Skipped:
    """One WARC response record (HTTP headers not yet parsed) -> a record or a skip."""
    from warcio.recordloader import ArcWarcRecordLoader
    from warcio.statusandheaders import StatusAndHeadersParser

    uri = rec.rec_headers.get_header("WARC-Target-URI") or rec.rec_headers.get_header("uri")
    if not uri:
        return Skipped(f"{where}#{n}", "WARC response without a target URI")
    if not uri.startswith(ArcWarcRecordLoader.HTTP_SCHEMES):
        return Skipped(uri, "not an HTTP response")
    try:
        # warcio parses these itself unless told not to, and then fails on a record without a URI.
        rec.http_headers = StatusAndHeadersParser(ArcWarcRecordLoader.HTTP_TYPES, verify=False).parse(
            rec.raw_stream
        )
    except Exception as exc:  # warcio's parser raises its own, EOFError, ValueError, UnicodeError...
        return Skipped(uri, f"bad HTTP headers: {type(exc).__name__}")
    status = str(rec.http_headers.get_statuscode() or "").strip()
    if not (len(status) == 3 and status.isdigit()):
        return Skipped(uri, "bad HTTP status line")
    if not status.startswith("2"):
        return Skipped(uri, f"HTTP {status}")
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return Skipped(uri, f"not HTML ({ctype or 'no content type'})")
    try:
        data = rec.content_stream().read()
    except Exception as exc:  # a bad chunked or compressed body: warcio and zlib raise many kinds
        return Skipped(uri, f"bad HTTP body: {type(exc).__name__}")
    if getattr(rec.raw_stream, "limit", 0):  # fewer bytes than the record's Content-Length
        return Skipped(uri, "truncated WARC: record cut short")
    if looks_binary(data):
        return Skipped(uri, "binary payload")
    return _article_record(_read_article(data, doc_id=uri, fmt=InputFormat.HTML, url=uri), uri, uri)


def read_warc(path: Path) -> Iterator[Record | Skipped]:
    """Read the HTML 2xx responses of a WARC / WARC.gz (or ARC) file with warcio.

    A file that does not start like a WARC is one skip ("not a WARC file"); a bad record is one
    skip and reading goes on; a damaged file stops at the damage with one "truncated WARC" skip.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    problem = _not_an_archive(path)
    if problem is not None:
        yield Skipped(where, problem)
        return
    n = 0
    try:
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh, no_record_parse=True):
                if rec.rec_type != "response":
                    continue
                n += 1
                item = _warc_response(rec, where, n)
                yield item
                if isinstance(item, Skipped) and item.reason.startswith("truncated WARC"):
                    return
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


# --------------------------------------------------------------------------- paths

_ARCHIVE_READERS: tuple[tuple[tuple[str, ...], Callable[[Path], Iterator[Record | Skipped]]], ...] = (
    (JSONL_SUFFIXES, read_jsonl),
    (WARC_SUFFIXES, read_warc),
)


def _read_path(path: Path) -> Iterator[Record | Skipped]:
    """Read one file: the reader by its name as found, the id from its canonical path."""
    name = path.name.lower()
    canonical = _canonical(path)
    for suffixes, reader in _ARCHIVE_READERS:
        if name.endswith(suffixes):
            yield from reader(canonical)
            return
    yield read_text_file(path, str(canonical))


def _canonical(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop, an unreadable parent: keep it absolute at least
        return Path(os.path.abspath(path))


def read_records(paths: Iterable[str | Path]) -> Iterator[Record | Skipped]:
    """Yield a record (or a skip) for every article under ``paths``.

    A file's id is its canonical path (absolute, symbolic links and ``..`` resolved), however it
    was given or found; a JSONL line without an id gets ``PATH:LINE``, a WARC response its URI.
    Directories are walked recursively in sorted order; hidden entries are ignored.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(_canonical(path)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield from _read_path(Path(root) / name)
        elif path.is_file():
            yield from _read_path(path)
        else:
            yield Skipped(str(p), "no such file or directory")
