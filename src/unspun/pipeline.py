"""The only module that knows the stage order: ingest -> facts -> align -> audit -> Report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from unspun import __version__
from unspun.align import align
from unspun.audit import audit
from unspun.config import Settings
from unspun.errors import InputError
from unspun.facts import extract_facts
from unspun.ingest import load_article
from unspun.types import Article, DateOrigin, FactSheet, Report

__all__ = ["compare", "compare_articles"]

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
    if result.verdict.label.value == "independent":
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
        settings=cfg.to_dict(),
        version=__version__,
    )


# re-exports for cli/service (C)
from unspun.index import open_index, read_records  # noqa: E402
from unspun.ingest import article_from_text  # noqa: E402
from unspun.report import ReportFormat, render, render_text  # noqa: E402
from unspun.trace import trace  # noqa: E402

__all__ += [
    "ReportFormat",
    "article_from_text",
    "load_article",
    "open_index",
    "read_records",
    "render",
    "render_text",
    "trace",
]
