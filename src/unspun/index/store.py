"""Persistent, embedded storage of the source index: one SQLite file in WAL mode.

Layout of ``DIR/index.sqlite`` (format version :data:`FORMAT_VERSION`)::

    meta(key, value)                      format stamp, version, terms_per_doc
    docs(docno PK, id UNIQUE, title, url, published, fmt, chash, nchars)
    texts(docno PK, z)                    zlib-compressed text (or Article JSON), kept apart so the
                                          index size can be measured without it
    postings(term, docno) WITHOUT ROWID   clustered by term: one B-tree range per term

Why SQLite: stdlib, crash-safe transactions, one writer + many readers (WAL), incremental
insert/delete, and a term-clustered B-tree is an inverted index without a server. Each batch
of articles is one transaction, so a process killed mid-add leaves every committed batch and
nothing of the rest; re-running the add skips ids already stored with the same content hash
(the signature of the old version is recomputed from its stored text to delete its postings,
which keeps ``postings`` free of a per-document term list).

Writers take ``DIR/write.lock`` (``flock``, released by the kernel even on SIGKILL); a second
writer gets :class:`~unspun.errors.IndexLockedError` at once. Readers need no lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from unspun.config import IndexSettings
from unspun.errors import IndexError_, IndexLockedError, IndexMismatchError
from unspun.index.records import Record, Skipped
from unspun.index.terms import content_hash, doc_profile, signature
from unspun.types import Article

logger = logging.getLogger(__name__)

FORMAT_NAME = "unspun-index"
FORMAT_VERSION = 1
DB_NAME = "index.sqlite"
LOCK_NAME = "write.lock"
BATCH_DOCS = 2_000  # articles per transaction: bounds memory and the work a crash can lose

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS docs(
    docno INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT, url TEXT, published TEXT,
    fmt TEXT NOT NULL, chash INTEGER NOT NULL, nchars INTEGER NOT NULL, norm REAL NOT NULL);
CREATE TABLE IF NOT EXISTS texts(docno INTEGER PRIMARY KEY, z BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS postings(term INTEGER NOT NULL, docno INTEGER NOT NULL,
    PRIMARY KEY(term, docno)) WITHOUT ROWID;
"""


@dataclass
class AddResult:
    """What an add did: counts and the skip reasons (reason -> count, plus a few examples)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: list[Skipped] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Articles now in the index from this run (new, replaced or already there)."""
        return self.added + self.replaced + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "skipped": sum(self.skipped.values()),
            "skipped_reasons": dict(self.skipped),
            "skipped_examples": [{"where": s.where, "reason": s.reason} for s in self.skipped_examples],
        }


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """One indexed article as stored: metadata and its text (or full Article)."""

    docno: int
    id: str
    title: str | None
    url: str | None
    published: dt.date | None
    fmt: str
    text: str
    article: Article | None = None
    norm: float = 0.0


def _encode_payload(rec: Record) -> bytes:
    if rec.article is not None:
        raw = json.dumps(rec.article.to_dict(), ensure_ascii=False).encode("utf-8")
    else:
        raw = rec.text.encode("utf-8", "surrogatepass")
    return zlib.compress(raw, 1)


def _decode_payload(fmt: str, z: bytes) -> tuple[str, Article | None]:
    raw = zlib.decompress(z)
    if fmt == "article":
        art = Article.from_dict(json.loads(raw))
        return art.text, art
    return raw.decode("utf-8", "surrogatepass"), None


class SourceIndex:
    """An on-disk index of source articles. Use :func:`open_index` to get one.

    Thread-safety: one instance per thread (SQLite connections are not shared); any number of
    processes may read while one writes.
    """

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        terms_per_doc: int,
        writable: bool,
        batch_docs: int = BATCH_DOCS,
    ) -> None:
        self.path = path
        self.batch_docs = max(1, batch_docs)
        self._conn = conn
        self.terms_per_doc = terms_per_doc
        self.writable = writable
        self._lock_fd: int | None = None

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the database and release the write lock."""
        try:
            self._conn.close()
        finally:
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None

    def __enter__(self) -> SourceIndex:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        """The underlying connection (read-only use outside this package)."""
        return self._conn

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        row = self._conn.execute("SELECT count(*) FROM docs").fetchone()
        return int(row[0])

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        return self._conn.execute("SELECT 1 FROM docs WHERE id=?", (doc_id,)).fetchone() is not None

    def ids(self) -> list[str]:
        """Return every stored id, in insertion order."""
        return [r[0] for r in self._conn.execute("SELECT id FROM docs ORDER BY docno")]

    def get(self, doc_id: str) -> StoredDoc | None:
        """Return the stored article with this id, or None."""
        row = self._conn.execute("SELECT docno FROM docs WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        docs = self.fetch([int(row[0])])
        return docs[0] if docs else None

    def fetch(self, docnos: Sequence[int]) -> list[StoredDoc]:
        """Return the stored articles for these docnos, in the given order (missing ones dropped)."""
        if not docnos:
            return []
        marks = ",".join("?" * len(docnos))
        rows = self._conn.execute(
            "SELECT d.docno, d.id, d.title, d.url, d.published, d.fmt, t.z, d.norm FROM docs d "
            f"JOIN texts t ON t.docno = d.docno WHERE d.docno IN ({marks})",
            list(docnos),
        ).fetchall()
        by_no: dict[int, StoredDoc] = {}
        for docno, did, title, url, pub, fmt, z, nrm in rows:
            text, art = _decode_payload(fmt, z)
            by_no[docno] = StoredDoc(
                docno,
                did,
                title,
                url,
                dt.date.fromisoformat(pub) if pub else None,
                fmt,
                text,
                art,
                float(nrm),
            )
        return [by_no[d] for d in docnos if d in by_no]

    def stats(self) -> dict[str, Any]:
        """Return counts and sizes: articles, postings, bytes on disk with and without text."""
        c = self._conn
        n_docs = int(c.execute("SELECT count(*) FROM docs").fetchone()[0])
        n_post = int(c.execute("SELECT count(*) FROM postings").fetchone()[0])
        text_bytes = 0
        try:
            rows = c.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
            sizes = {str(n): int(s) for n, s in rows}
            text_bytes = sizes.get("texts", 0)
            db_bytes = sum(sizes.values())
        except sqlite3.OperationalError:  # dbstat not compiled in: fall back to file sizes
            sizes = {}
            db_bytes = (self.path / DB_NAME).stat().st_size
            text_bytes = int(c.execute("SELECT coalesce(sum(length(z)), 0) FROM texts").fetchone()[0])
        files = sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())
        return {
            "path": str(self.path),
            "format": f"{FORMAT_NAME}/{FORMAT_VERSION}",
            "articles": n_docs,
            "postings": n_post,
            "terms_per_doc": self.terms_per_doc,
            "bytes_on_disk": files,
            "bytes_db": db_bytes,
            "bytes_text": text_bytes,
            "bytes_per_article_excl_text": round((db_bytes - text_bytes) / n_docs, 1) if n_docs else 0.0,
            "tables": sizes,
        }

    # ------------------------------------------------------------------ writing

    def _require_writable(self) -> None:
        if not self.writable:
            raise IndexError_(f"index {self.path} was opened read-only; open it with writable=True")

    def add(
        self,
        items: Iterable[Record | Skipped],
        *,
        batch_docs: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> AddResult:
        """Add (or replace) records; count skips. Each batch of records commits on its own.

        Re-adding an id replaces the stored article; re-adding identical content is a no-op
        (counted as ``unchanged``), so re-running an interrupted add finishes it without duplicates.
        """
        self._require_writable()
        result = AddResult()
        per_batch = batch_docs or self.batch_docs
        batch: dict[str, Record] = {}
        for item in items:
            if isinstance(item, Skipped):
                result.skipped[item.reason.split(":")[0]] += 1
                if len(result.skipped_examples) < 20:
                    result.skipped_examples.append(item)
                if progress:
                    progress(1)
                continue
            batch[item.id] = item  # the later of two records with one id wins, as on re-add
            if len(batch) >= per_batch:
                self._write_batch(list(batch.values()), result)
                if progress:
                    progress(len(batch))
                batch = {}
        if batch:
            self._write_batch(list(batch.values()), result)
            if progress:
                progress(len(batch))
        return result

    def _delete_postings(self, docno: int, fmt: str, z: bytes) -> None:
        text, _ = _decode_payload(fmt, z)
        terms = signature(text, self.terms_per_doc)
        self._conn.executemany("DELETE FROM postings WHERE term=? AND docno=?", [(t, docno) for t in terms])

    def _write_batch(self, records: list[Record], result: AddResult) -> None:
        c = self._conn
        prepared = []
        for rec in records:
            pub = rec.published.isoformat() if rec.published else None
            fmt = "article" if rec.article is not None else rec.fmt
            chash = content_hash([rec.text, rec.title or "", rec.url or "", pub or "", fmt])
            prepared.append((rec, pub, fmt, chash, *doc_profile(rec.text, self.terms_per_doc)))
        postings: list[tuple[int, int]] = []
        with c:  # one transaction per batch
            c.execute("BEGIN IMMEDIATE")
            next_no = int(c.execute("SELECT coalesce(max(docno), 0) FROM docs").fetchone()[0]) + 1
            for rec, pub, fmt, chash, terms, nrm in prepared:
                old = c.execute(
                    "SELECT d.docno, d.chash, d.fmt, t.z FROM docs d JOIN texts t ON t.docno=d.docno "
                    "WHERE d.id=?",
                    (rec.id,),
                ).fetchone()
                if old is not None:
                    if int(old[1]) == chash:
                        result.unchanged += 1
                        continue
                    self._delete_postings(int(old[0]), str(old[2]), bytes(old[3]))
                    c.execute("DELETE FROM docs WHERE docno=?", (old[0],))
                    c.execute("DELETE FROM texts WHERE docno=?", (old[0],))
                    result.replaced += 1
                else:
                    result.added += 1
                docno = next_no
                next_no += 1
                title = rec.title if rec.title is not None else (rec.article.title if rec.article else None)
                c.execute(
                    "INSERT INTO docs(docno, id, title, url, published, fmt, chash, nchars, norm) "
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (docno, rec.id, title, rec.url, pub, fmt, chash, len(rec.text), nrm),
                )
                c.execute("INSERT INTO texts(docno, z) VALUES (?,?)", (docno, _encode_payload(rec)))
                postings.extend((t, docno) for t in terms)
            postings.sort()
            c.executemany("INSERT INTO postings(term, docno) VALUES (?,?)", postings)

    def remove(self, doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove articles by id in one transaction; return (removed, not found)."""
        self._require_writable()
        removed: list[str] = []
        missing: list[str] = []
        c = self._conn
        with c:
            c.execute("BEGIN IMMEDIATE")
            for did in doc_ids:
                row = c.execute(
                    "SELECT d.docno, d.fmt, t.z FROM docs d JOIN texts t ON t.docno=d.docno WHERE d.id=?",
                    (did,),
                ).fetchone()
                if row is None:
                    missing.append(did)
                    continue
                self._delete_postings(int(row[0]), str(row[1]), bytes(row[2]))
                c.execute("DELETE FROM docs WHERE docno=?", (row[0],))
                c.execute("DELETE FROM texts WHERE docno=?", (row[0],))
                removed.append(did)
        return removed, missing


# ---------------------------------------------------------------------- opening


def _lock(path: Path) -> int:
    fd = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise IndexLockedError(
            f"index {path} is being written by another process; wait for it to finish and retry"
        ) from None
    return fd


def _connect(db: Path, *, readonly: bool) -> sqlite3.Connection:
    uri = f"file:{db}"  # "readonly" only tunes memory: WAL readers need write access to -shm
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout=5000")
    # Writers: a bounded 128 MiB page cache and no mmap, so memory stays flat as the index grows.
    # Readers: mmap (up to 1 GiB, shared with the OS page cache) makes posting reads cheap.
    conn.execute("PRAGMA cache_size=-131072")
    conn.execute(f"PRAGMA mmap_size={0 if not readonly else 1 << 30}")
    return conn


def _check_meta(path: Path, conn: sqlite3.Connection) -> dict[str, str]:
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise IndexMismatchError(
            f"{path / DB_NAME} is not an unspun index ({exc}); use another --index directory"
        ) from None
    if "meta" not in tables:
        if not tables:
            return {}
        raise IndexMismatchError(
            f"{path / DB_NAME} is not an unspun index (no meta table); use another --index directory"
        )
    meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    if meta.get("format") != FORMAT_NAME:
        raise IndexMismatchError(f"{path} is not an unspun index (format {meta.get('format')!r})")
    if meta.get("version") != str(FORMAT_VERSION):
        raise IndexMismatchError(
            f"index {path} has format version {meta.get('version')}, this unspun reads version "
            f"{FORMAT_VERSION}; rebuild it with 'unspun index add ... --index NEW_DIR'"
        )
    return meta


def open_index(
    path: str | Path,
    *,
    mode: Literal["r", "w"] = "r",
    settings: IndexSettings | None = None,
) -> SourceIndex:
    """Open (mode "r") or open-or-create (mode "w", takes the write lock) the index in ``path``.

    Raises:
        IndexError_: mode "r" and there is no index at ``path``.
        IndexLockedError: mode "w" and another process is writing.
        IndexMismatchError: ``path`` holds something else, or an index of another format version.
    """
    p = Path(path)
    db = p / DB_NAME
    s = settings or IndexSettings()
    if p.exists() and not p.is_dir():
        raise IndexMismatchError(f"index path {p} is a file, not a directory; pass a directory to --index")
    if mode == "r" and not db.is_file():
        if p.is_dir() and any(p.iterdir()):
            raise IndexMismatchError(f"{p} is not an unspun index (no {DB_NAME}); check the --index path")
        raise IndexError_(f"no index at {p}; create one with 'unspun index add PATH --index {p}'")
    if mode == "w":
        if p.is_dir() and not db.exists():
            foreign = [x for x in p.iterdir() if x.name not in (LOCK_NAME,)]
            if foreign:
                raise IndexMismatchError(
                    f"{p} is not empty and is not an unspun index; use a new or empty --index directory"
                )
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexError_(f"cannot create index directory {p}: {exc.strerror}") from None
        lock_fd = _lock(p)
    else:
        lock_fd = None
    try:
        try:
            conn = _connect(db, readonly=mode == "r")
        except sqlite3.Error as exc:
            if "not a database" in str(exc):
                raise IndexMismatchError(
                    f"{db} is not an unspun index ({exc}); use another --index directory"
                ) from None
            raise IndexError_(f"cannot open index {db}: {exc}") from None
        try:
            meta = _check_meta(p, conn)
            if mode == "w":
                conn.execute("PRAGMA journal_mode=WAL")
                # NORMAL in WAL mode: a committed transaction survives a killed process (not
                # necessarily a power cut); FULL would fsync every batch for little gain here.
                conn.execute("PRAGMA synchronous=NORMAL")
            if not meta:
                if mode != "w":
                    raise IndexMismatchError(f"{db} is an empty database, not an unspun index")
                with conn:
                    conn.execute("BEGIN IMMEDIATE")
                    for stmt in _SCHEMA.strip().split(";"):
                        if stmt.strip():
                            conn.execute(stmt)
                    conn.executemany(
                        "INSERT INTO meta(key, value) VALUES (?, ?)",
                        [
                            ("format", FORMAT_NAME),
                            ("version", str(FORMAT_VERSION)),
                            ("terms_per_doc", str(s.terms_per_doc)),
                            ("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                        ],
                    )
                meta = _check_meta(p, conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise IndexMismatchError(
                f"{db} is not a usable unspun index ({exc}); use another directory"
            ) from None
        except BaseException:
            conn.close()
            raise
        terms_per_doc = int(meta.get("terms_per_doc", s.terms_per_doc))
        if terms_per_doc != s.terms_per_doc:
            logger.info(
                "index %s was built with terms_per_doc=%d; settings ask %d; using the index's value",
                p,
                terms_per_doc,
                s.terms_per_doc,
            )
        idx = SourceIndex(p, conn, terms_per_doc=terms_per_doc, writable=mode == "w", batch_docs=s.batch_docs)
        idx._lock_fd = lock_fd
        return idx
    except BaseException:
        if lock_fd is not None:
            os.close(lock_fd)
        raise
