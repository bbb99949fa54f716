"""The only module that knows the stage order.

compare: ingest -> facts -> align -> audit -> Report.
trace:   ingest the suspect -> search a source store (retrieval and verification) -> choose the
         sources to audit -> re-ingest their stored text -> the very same compare path.

The CLI and the service call the names exported here and nothing below them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from unspun._version import __version__
from unspun.align import align
from unspun.audit import audit
from unspun.config import Settings
from unspun.errors import IngestError, InputError
from unspun.facts import extract_facts
from unspun.index import (
    Hit,
    PayloadFormat,
    Query,
    SourceStore,
    StoredDoc,
    choose_sources,
    direction_note,
    evidence,
    open_index,
    prepare,
    read_records,
)
from unspun.ingest import article_from_text, load_article
from unspun.report import ReportFormat, render, render_text
from unspun.types import Article, DateOrigin, FactSheet, Metrics, Report, SourceMatch, Verdict, VerdictLabel

__all__ = [
    "ReportFormat",
    "article_from_text",
    "compare",
    "compare_articles",
    "load_article",
    "open_index",
    "read_records",
    "render",
    "render_text",
    "trace",
    "trace_hits",
]

logger = logging.getLogger(__name__)

ArticleLike = str | Path | Article


def _load(item: ArticleLike, *, doc_id: str | None, published: dt.date | None, settings: Settings) -> Article:
    if isinstance(item, Article):
        if published is not None:
            return dataclasses.replace(item, published=published, date_origin=DateOrigin.GIVEN)
        return item
    return load_article(item, doc_id=doc_id, published=published, settings=settings)


def _unique_ids(articles: Sequence[Article]) -> list[Article]:
    seen: dict[str, int] = {}
    out = []
    for a in articles:
        n = seen.get(a.doc_id, 0)
        seen[a.doc_id] = n + 1
        out.append(a if n == 0 else dataclasses.replace(a, doc_id=f"{a.doc_id}#{n + 1}"))
    return out


def compare(
    rewrite: ArticleLike,
    sources: Sequence[ArticleLike],
    *,
    published: dt.date | None = None,
    source_published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit ``rewrite`` against ``sources`` (paths or ingested Articles).

    ``published`` sets or overrides the rewrite's publication date, ``source_published`` the
    sources'. A rewrite with no date of its own is read against its first dated source.

    Raises:
        InputError: no source was given, or an input cannot be read (IngestError).
        SegmentationError: an input has no body text.
    """
    cfg = settings or Settings()
    if not sources:
        raise InputError("compare needs at least one source; pass the original article as SOURCE")
    src_articles = [_load(s, doc_id=None, published=source_published, settings=cfg) for s in sources]
    rw = _load(rewrite, doc_id=None, published=published, settings=cfg)
    return compare_articles(rw, src_articles, settings=cfg)


def compare_articles(
    rewrite: Article, sources: Sequence[Article], *, settings: Settings | None = None
) -> Report:
    """Audit an ingested rewrite against ingested sources and build the report."""
    cfg = settings or Settings()
    if not sources:
        raise InputError("compare needs at least one source article")
    notes: list[str] = []
    srcs = _unique_ids(sources)
    if any(s.doc_id == rewrite.doc_id for s in srcs):
        rewrite = dataclasses.replace(rewrite, doc_id=f"{rewrite.doc_id} (rewrite)")
    if rewrite.published is None:
        dated = [s for s in srcs if s.published is not None]
        if dated:
            rewrite = dataclasses.replace(
                rewrite, published=dated[0].published, date_origin=DateOrigin.INHERITED
            )
            notes.append(
                f"The rewrite carries no date; relative dates in it are read against the source's date "
                f"{dated[0].published.isoformat() if dated[0].published else ''}."
            )
        else:
            notes.append(
                "Neither the rewrite nor the sources carry a date: relative dates are left unresolved."
            )
    for s in srcs:
        if (
            s.published
            and rewrite.published
            and rewrite.date_origin is not DateOrigin.INHERITED
            and s.published > rewrite.published
        ):
            notes.append(
                f"Source {s.doc_id} ({s.published}) is dated after the rewrite ({rewrite.published}): "
                "the derivation may go the other way."
            )
    facts = FactSheet({a.doc_id: extract_facts(a) for a in (rewrite, *srcs)})
    links = align(rewrite, srcs, settings=cfg.align)
    result = audit(rewrite, srcs, facts, links, settings=cfg)
    if result.verdict.label is VerdictLabel.INDEPENDENT:
        notes.append(
            "Too little of the rewrite aligns with the source(s) to audit it; no findings are reported."
        )
    return Report(
        rewrite=rewrite,
        sources=tuple(srcs),
        facts=facts,
        alignment=links,
        findings=result.findings,
        metrics=result.metrics,
        verdict=result.verdict,
        notes=tuple(notes),
        settings=cfg,
        version=__version__,
    )


# --------------------------------------------------------------------------- trace


def _load_suspect(suspect: str | Path | Article, published: dt.date | None, settings: Settings) -> Article:
    if isinstance(suspect, Article):
        if published is not None:
            return dataclasses.replace(suspect, published=published, date_origin=DateOrigin.GIVEN)
        return suspect
    if isinstance(suspect, Path):
        return load_article(suspect, published=published, settings=settings)
    if "\n" not in suspect and len(suspect) < 4096:
        try:
            if Path(suspect).is_file():
                return load_article(suspect, published=published, settings=settings)
        except OSError:
            pass
    return article_from_text(suspect, doc_id="suspect", published=published, settings=settings)


def _source_article(doc: StoredDoc, settings: Settings) -> Article:
    """Re-ingest a stored source (the stored Article itself when the store kept one)."""
    if doc.article is not None:
        return doc.article
    return article_from_text(
        doc.text,
        doc_id=doc.id,
        fmt=doc.fmt.value if doc.fmt in (PayloadFormat.TEXT, PayloadFormat.MARKDOWN) else "auto",
        published=doc.published,
        url=doc.url,
        title=doc.title,
        settings=settings,
    )


def _no_source_report(suspect: Article, notes: list[str], settings: Settings) -> Report:
    return Report(
        rewrite=suspect,
        sources=(),
        facts=FactSheet(),
        alignment=(),
        findings=(),
        metrics=Metrics(0.0, 0.0, 0.0, len(suspect.body), 0, 0),
        verdict=Verdict(VerdictLabel.INDEPENDENT, 1.0, "no source found in the index"),
        notes=tuple(notes),
        matches=(),
        settings=settings,
        version=__version__,
    )


def trace(
    suspect: str | Path | Article,
    index: str | Path | SourceStore,
    *,
    k: int = 5,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Find the sources of ``suspect`` in ``index`` and audit it against them.

    ``suspect`` is an :class:`Article`, a path, or a string: a string that names an existing file
    is read as that file, any other string as the article text itself. ``index`` is any
    :class:`~unspun.index.SourceStore`, or the directory of an SQLite index (opened read-only
    for this call).

    Returns:
        See :func:`trace_hits`.

    Raises:
        InputError: the suspect cannot be read, or has no body sentences; ``k`` is below 1.
        IndexError_: the index cannot be opened (missing, foreign, other format version).
    """
    cfg = settings or Settings()
    if k < 1:
        raise IngestError(f"k must be at least 1, got {k}")
    art = _load_suspect(suspect, published, cfg)
    query = prepare(art.text, cfg.index)
    if isinstance(index, str | Path):
        with open_index(index, mode="r", settings=cfg.index) as store:
            hits = store.search(query, k=max(k, 5), settings=cfg.index)
    else:
        hits = index.search(query, k=max(k, 5), settings=cfg.index)
    return trace_hits(art, hits, k=k, settings=cfg, query=query)


def trace_hits(
    suspect: Article,
    hits: Sequence[Hit],
    *,
    k: int = 5,
    settings: Settings | None = None,
    query: Query | None = None,
) -> Report:
    """Audit ``suspect`` against the sources chosen from its ranked ``hits`` (everything after the search).

    Keeps the hits whose calibrated score reaches ``settings.index.min_score``, chooses the
    source(s) to audit (:func:`~unspun.index.choose_sources`), re-ingests their stored text and
    runs :func:`compare_articles`. ``query`` is ``suspect``'s prepared query if the caller has it
    (it is prepared again otherwise).

    Returns:
        The compare report against the chosen source(s), with ``matches`` holding the ranked
        candidates whose score reaches ``settings.index.min_score`` (up to ``k``) and notes on the
        retrieval and on the direction of derivation. With no such candidate, a report with no
        sources, verdict ``independent`` and a note saying no source was found (no forced match).
    """
    cfg = settings or Settings()
    min_score = cfg.index.min_score
    chosen = choose_sources(hits, min_score, cfg.trace)
    notes: list[str] = []
    if not chosen:
        if hits:
            best = hits[0]
            notes.append(
                f"No source found in the index: the best candidate, {best.id}, scored {best.score:.2f}, "
                f"below the threshold {min_score:.2f} (index.min_score)."
            )
        else:
            notes.append("No source found in the index: no indexed article shares its rare terms.")
        return _no_source_report(suspect, notes, cfg)
    q = query if query is not None else prepare(suspect.text, cfg.index)
    accepted = [h for h in hits if h.score >= min_score or h in chosen][:k]
    matches = tuple(SourceMatch(h.id, h.score, evidence(q, h)) for h in accepted)
    sources = [_source_article(h.doc, cfg) for h in chosen]
    if all(h.score < min_score for h in chosen):
        notes.append(
            "No single candidate reaches the threshold, but these candidates each closely explain a "
            "different part of the suspect (a composite article): they are audited together."
        )
    names = ", ".join(f"{h.id} ({h.score:.2f})" for h in chosen)
    notes.append(f"Traced in the index to {len(chosen)} source(s): {names}.")
    others = [h for h in accepted if h not in chosen]
    if others:
        notes.append(
            "Also above the threshold but not audited (they explain no further sentences, e.g. copies "
            "of the same story): " + ", ".join(f"{h.id} ({h.score:.2f})" for h in others) + "."
        )
    notes.extend(direction_note(suspect, s) for s in sources)
    report = compare_articles(suspect, sources, settings=cfg)
    return dataclasses.replace(report, matches=matches, notes=tuple(notes) + tuple(report.notes))
