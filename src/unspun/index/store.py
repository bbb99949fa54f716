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

import dataclasses
import datetime as dt
import fcntl
import json
import logging
import os
import sqlite3
import zlib
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from unspun._version import __version__
from unspun.config import AlignSettings, IndexSettings, Settings
from unspun.errors import IndexLockedError, IndexMismatchError, IndexUnusableError, InputError
from unspun.index.damage import DB_NAME as DB_NAME
from unspun.index.damage import guarded, rebuild_hint, unusable
from unspun.index.protocol import AddResult, Hit, PayloadFormat, Query, StoredDoc
from unspun.index.records import Record, Skipped
from unspun.index.search import search
from unspun.index.signature import Signature, signature_of
from unspun.index.terms import content_hash
from unspun.ingest import article_from_text
from unspun.types import Article

logger = logging.getLogger(__name__)

FORMAT_NAME = "unspun-index"
FORMAT_VERSION = 1
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


STUB_REASON = "too short / no body sentences"


def _has_body(rec: Record, settings: IndexSettings) -> bool:
    """Return False for a stub: a record whose article has no body sentences.

    HTML and WARC records carry their Article; a text record up to ``settings.stub_check_chars``
    long is ingested to see (longer texts always hold a body paragraph in practice, and ingesting
    every record would halve the add throughput).
    """
    if rec.article is not None:
        return bool(rec.article.body)
    if len(rec.text) > settings.stub_check_chars:
        return True
    try:
        article_from_text(rec.text, doc_id=rec.id, fmt=rec.fmt, settings=_INGEST)
    except InputError:
        return False
    return True


_INGEST = Settings()  # the default ingest limits: what trace will use to read the record back


def _encode_payload(rec: Record) -> bytes:
    if rec.article is not None:
        raw = json.dumps(rec.article.to_dict(), ensure_ascii=False).encode("utf-8")
    else:
        raw = rec.text.encode("utf-8", "surrogatepass")
    return zlib.compress(raw, 1)


def _decode_payload(fmt: PayloadFormat, z: bytes) -> tuple[str, Article | None]:
    raw = zlib.decompress(z)
    if fmt is PayloadFormat.ARTICLE:
        art = Article.from_dict(json.loads(raw))
        return art.text, art
    return raw.decode("utf-8", "surrogatepass"), None


class SourceIndex:
    """An on-disk index of source articles (a :class:`~unspun.index.protocol.SourceStore` and
    :class:`~unspun.index.protocol.CandidateSource`). Use :func:`open_index` to get one.

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
        settings: IndexSettings | None = None,
    ) -> None:
        self.path = path
        self.batch_docs = max(1, batch_docs)
        self._conn = conn
        self.terms_per_doc = terms_per_doc
        # Signatures follow the index's own terms_per_doc, whatever the settings ask.
        self._settings = dataclasses.replace(settings or IndexSettings(), terms_per_doc=terms_per_doc)
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

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self.size()

    @guarded
    def size(self) -> int:
        """Return the number of stored articles."""
        row = self._conn.execute("SELECT count(*) FROM docs").fetchone()
        return int(row[0])

    @guarded
    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, str):
            return False
        return self._conn.execute("SELECT 1 FROM docs WHERE id=?", (doc_id,)).fetchone() is not None

    @guarded
    def ids(self) -> list[str]:
        """Return every stored id, in insertion order."""
        return [r[0] for r in self._conn.execute("SELECT id FROM docs ORDER BY docno")]

    @guarded
    def get(self, doc_id: str) -> StoredDoc | None:
        """Return the stored article with this id, or None."""
        row = self._conn.execute("SELECT docno FROM docs WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            return None
        docs = self.fetch([int(row[0])])
        return docs[0] if docs else None

    @guarded
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
            payload = PayloadFormat(fmt)
            text, art = _decode_payload(payload, z)
            by_no[docno] = StoredDoc(
                docno,
                did,
                title,
                url,
                dt.date.fromisoformat(pub) if pub else None,
                payload,
                text,
                art,
                float(nrm),
            )
        return [by_no[d] for d in docnos if d in by_no]

    @guarded
    def document_frequencies(self, terms: Sequence[int], *, cap: int) -> list[int]:
        """Return each term's posting count, counted up to ``cap + 1``.

        The cap bounds what a common term costs: at most ``cap + 1`` B-tree steps inside SQLite.
        """
        sql = "SELECT count(*) FROM (SELECT 1 FROM postings WHERE term=? LIMIT ?)"
        return [int(self._conn.execute(sql, (h, cap + 1)).fetchone()[0]) for h in terms]

    @guarded
    def accumulate(self, weighted: Sequence[tuple[int, float]], *, n: int) -> list[tuple[int, float]]:
        """Return the ``n`` best ``(docno, summed weight of its matching terms)``, best first.

        One SQL join with GROUP BY, so only the ``n`` best rows reach Python instead of every posting.
        """
        if not weighted:
            return []
        values = ",".join("(?,?)" for _ in weighted)
        params: list[float | int] = [x for pair in weighted for x in pair]
        rows = self._conn.execute(
            f"WITH q(term, w) AS (VALUES {values}) "  # only placeholders are interpolated
            "SELECT p.docno, sum(q.w) AS s FROM q JOIN postings AS p ON p.term = q.term "
            "GROUP BY p.docno ORDER BY s DESC, p.docno LIMIT ?",
            [*params, n],
        ).fetchall()
        return [(int(d), float(sc)) for d, sc in rows]

    @guarded
    def search(
        self,
        query: str | Query,
        *,
        k: int = 5,
        settings: IndexSettings | None = None,
        exclude: Collection[str] = (),
        align: AlignSettings | None = None,
    ) -> list[Hit]:
        """Return up to ``k`` candidate sources of ``query`` (see :func:`unspun.index.search.search`)."""
        return search(self, query, k=k, settings=settings, exclude=exclude, align=align)

    @guarded
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
    #
    # Signatures are computed before each transaction (new texts, and the stored texts of the
    # versions a batch replaces or removes, whose postings must go): the transactions only write.
    # Reading the old versions outside the transaction is safe because a writable instance holds
    # the write lock, so no other writer can change them in between.

    def _require_writable(self) -> None:
        if not self.writable:
            raise IndexUnusableError(f"index {self.path} was opened read-only; open it with writable=True")

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
        A stub (an article with no body sentences, e.g. a bare "Media playback is not supported"
        line) is skipped as "too short / no body sentences": trace could never audit it.
        """
        self._require_writable()
        result = AddResult()
        per_batch = batch_docs or self.batch_docs
        batch: dict[str, Record] = {}
        for item in items:
            if isinstance(item, Record) and not _has_body(item, self._settings):
                item = Skipped(item.id, STUB_REASON)
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

    def _stored(self, doc_id: str) -> tuple[int, int, PayloadFormat, bytes] | None:
        """Return (docno, content hash, payload format, payload) of the stored ``doc_id``, or None."""
        row = self._conn.execute(
            "SELECT d.docno, d.chash, d.fmt, t.z FROM docs d JOIN texts t ON t.docno=d.docno WHERE d.id=?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        return int(row[0]), int(row[1]), PayloadFormat(row[2]), bytes(row[3])

    def _stored_signature(self, fmt: PayloadFormat, z: bytes) -> Signature:
        """The signature a stored article was indexed under (recomputed from its stored text)."""
        text, _ = _decode_payload(fmt, z)
        return signature_of(text, self._settings)

    def _delete(self, docno: int, sig: Signature) -> None:
        c = self._conn
        c.executemany("DELETE FROM postings WHERE term=? AND docno=?", [(t, docno) for t in sig.terms])
        c.execute("DELETE FROM docs WHERE docno=?", (docno,))
        c.execute("DELETE FROM texts WHERE docno=?", (docno,))

    @guarded
    def _write_batch(self, records: list[Record], result: AddResult) -> None:
        prepared = []
        for rec in records:
            pub = rec.published.isoformat() if rec.published else None
            fmt = PayloadFormat.ARTICLE if rec.article is not None else PayloadFormat(rec.fmt)
            chash = content_hash([rec.text, rec.title or "", rec.url or "", pub or "", fmt.value])
            stored = self._stored(rec.id)
            old: tuple[int, Signature] | None = None
            if stored is not None:
                if stored[1] == chash:
                    result.unchanged += 1
                    continue
                old = stored[0], self._stored_signature(stored[2], stored[3])
            prepared.append((rec, pub, fmt, chash, signature_of(rec.text, self._settings), old))
        c = self._conn
        postings: list[tuple[int, int]] = []
        with c:  # one transaction per batch
            c.execute("BEGIN IMMEDIATE")
            next_no = int(c.execute("SELECT coalesce(max(docno), 0) FROM docs").fetchone()[0]) + 1
            for rec, pub, fmt, chash, sig, old in prepared:
                if old is not None:
                    self._delete(*old)
                    result.replaced += 1
                else:
                    result.added += 1
                docno = next_no
                next_no += 1
                title = rec.title if rec.title is not None else (rec.article.title if rec.article else None)
                c.execute(
                    "INSERT INTO docs(docno, id, title, url, published, fmt, chash, nchars, norm) "
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (docno, rec.id, title, rec.url, pub, fmt.value, chash, len(rec.text), sig.norm),
                )
                c.execute("INSERT INTO texts(docno, z) VALUES (?,?)", (docno, _encode_payload(rec)))
                postings.extend((t, docno) for t in sig.terms)
            postings.sort()
            c.executemany("INSERT INTO postings(term, docno) VALUES (?,?)", postings)

    @guarded
    def remove(self, doc_ids: Iterable[str]) -> tuple[list[str], list[str]]:
        """Remove articles by id in one transaction; return (removed, not found)."""
        self._require_writable()
        removed: list[str] = []
        missing: list[str] = []
        doomed: list[tuple[int, Signature]] = []
        gone: set[str] = set()
        for did in doc_ids:
            stored = self._stored(did)
            if stored is None or did in gone:  # an id given twice is gone the second time
                missing.append(did)
            else:
                removed.append(did)
                gone.add(did)
                doomed.append((stored[0], self._stored_signature(stored[2], stored[3])))
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            for docno, sig in doomed:
                self._delete(docno, sig)
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
    """Return the index's meta table ({} for a new, empty database).

    Raises:
        IndexUnusableError: the file cannot be read as SQLite, or an index's tables are damaged.
        IndexMismatchError: another database, or an index of another format version.
    """
    db = path / DB_NAME
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        raise IndexUnusableError(
            f"{db} cannot be read as an index ({exc}): it is damaged, or not an unspun index; "
            f"{rebuild_hint(path)}"
        ) from None
    if "meta" not in tables:
        if not tables:
            return {}
        if {"docs", "postings"} & tables:
            raise IndexUnusableError(
                f"index {path} is damaged (its meta table is gone); {rebuild_hint(path)}"
            )
        raise IndexMismatchError(
            f"{db} is not an unspun index (no meta table); use another --index directory"
        )
    meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    if meta.get("format") != FORMAT_NAME:
        raise IndexMismatchError(f"{path} is not an unspun index (format {meta.get('format')!r})")
    if meta.get("version") != str(FORMAT_VERSION):
        built_by = f" ({meta['unspun_version']})" if "unspun_version" in meta else ""
        raise IndexMismatchError(
            f"index {path} was built by another version of unspun{built_by}: its index format is "
            f"version {meta.get('version')}, unspun {__version__} reads version {FORMAT_VERSION}; "
            f"rebuild it with 'unspun index add SOURCES --index NEW_DIR', or use the unspun that built it"
        )
    return meta


def _prepare_directory(p: Path, db: Path, mode: Literal["r", "w"]) -> int | None:
    """Check the index directory (creating it for "w") and take the write lock for "w".

    Raises:
        OSError: the file system refuses (the caller says so in one line).
    """
    if p.exists() and not p.is_dir():
        raise IndexMismatchError(f"index path {p} is a file, not a directory; pass a directory to --index")
    if mode == "r" and not db.is_file():
        if p.is_dir() and any(p.iterdir()):
            raise IndexMismatchError(f"{p} is not an unspun index (no {DB_NAME}); check the --index path")
        raise IndexUnusableError(f"no index at {p}; create one with 'unspun index add PATH --index {p}'")
    if mode == "r":
        return None
    if p.is_dir() and not db.exists():
        foreign = [x for x in p.iterdir() if x.name not in (LOCK_NAME,)]
        if foreign:
            raise IndexMismatchError(
                f"{p} is not empty and is not an unspun index; use a new or empty --index directory"
            )
    p.mkdir(parents=True, exist_ok=True)
    return _lock(p)


def open_index(
    path: str | Path,
    *,
    mode: Literal["r", "w"] = "r",
    settings: IndexSettings | None = None,
) -> SourceIndex:
    """Open (mode "r") or open-or-create (mode "w", takes the write lock) the index in ``path``.

    Raises:
        IndexUnusableError: mode "r" and there is no index at ``path``.
        IndexLockedError: mode "w" and another process is writing.
        IndexMismatchError: ``path`` holds something else, or an index of another format version.
    """
    p = Path(path)
    db = p / DB_NAME
    s = settings or IndexSettings()
    try:
        lock_fd = _prepare_directory(p, db, mode)
    except OSError as exc:  # a name too long, a directory we may not read, ...
        raise IndexUnusableError(f"cannot use index directory {p}: {exc.strerror or exc}") from None
    try:
        try:
            conn = _connect(db, readonly=mode == "r")
        except sqlite3.Error as exc:
            if "not a database" in str(exc):
                raise IndexMismatchError(
                    f"{db} is damaged or is not an unspun index ({exc}); {rebuild_hint(p)}"
                ) from None
            raise IndexUnusableError(f"cannot open index {db}: {exc}") from None
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
                            ("unspun_version", __version__),
                            ("created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds")),
                        ],
                    )
                meta = _check_meta(p, conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise unusable(p, exc) from None
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
        idx = SourceIndex(
            p, conn, terms_per_doc=terms_per_doc, writable=mode == "w", batch_docs=s.batch_docs, settings=s
        )
        idx._lock_fd = lock_fd
        return idx
    except BaseException:
        if lock_fd is not None:
            os.close(lock_fd)
        raise
