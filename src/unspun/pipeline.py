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
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from unspun._version import __version__
from unspun.align import align
from unspun.audit import audit, preload
from unspun.config import Settings
from unspun.errors import IngestError, InputError, SegmentationError
from unspun.exclusions import Excluded, apply_exclusions
from unspun.facts import extract_facts
from unspun.index import (
    Hit,
    PayloadFormat,
    Query,
    Skipped,
    SourceStore,
    StoredDoc,
    choose_sources,
    direction_note,
    evidence,
    open_index,
    prepare,
    read_records,
)
from unspun.index.records import JSONL_SUFFIXES, WARC_SUFFIXES
from unspun.ingest import article_from_text, language_note, load_article
from unspun.report import ReportFormat, render, render_text
from unspun.report.json_ import report_to_json_obj
from unspun.types import Article, DateOrigin, FactSheet, Metrics, Report, SourceMatch, Verdict, VerdictLabel

__all__ = [
    "ReportFormat",
    "article_from_text",
    "compare",
    "compare_articles",
    "holds_many",
    "load_article",
    "open_index",
    "preload_models",
    "read_records",
    "read_suspects",
    "render",
    "render_text",
    "report_to_json_obj",
    "trace",
    "trace_hits",
]

logger = logging.getLogger(__name__)

ArticleLike = str | Path | Article
"""An input article: an :class:`Article`, a path (:class:`~pathlib.Path`, or a ``str`` that names an
existing file or directory), or the article's text itself (any other ``str``)."""

ProgressCallback = Callable[[str], None]
"""Called with the name of each stage as it starts ("reading", "extracting facts", ...)."""

_MAX_PATH_CHARS = 4096  # longer strings (and any with a line break) are text, never a path


def preload_models(settings: Settings) -> None:
    """Load now every model that ``settings`` may make compare or trace call on first use (the
    audit's cross-encoder rules, trace's band judge), so that a process which forks workers holds
    one copy that they share.

    Raises:
        ModelMissingError: a model the settings need is missing or corrupt.
    """
    preload(settings.audit)
    if settings.index.judge:
        # trace's band judge (unspun.index.judge) loads these on its first band hit otherwise
        from unspun.semantic import default_cross, default_model

        default_model()
        default_cross(1)


def _names_path(item: str) -> bool:
    """Return True if the string ``item`` names an existing file or directory."""
    if not item or "\n" in item or len(item) > _MAX_PATH_CHARS:
        return False
    try:
        return Path(item).exists()
    except (OSError, ValueError):  # a name too long for the OS, an embedded NUL
        return False


def _load(
    item: ArticleLike, *, what: str, doc_id: str, published: dt.date | None, settings: Settings
) -> Article:
    """Turn one input into an Article: Articles as given, paths read, other strings taken as text.

    Raises:
        TypeError: ``item`` is none of str, Path or Article (a bug in the calling code).
        IngestError: it cannot be read, or its text is longer than ``ingest.max_chars``.
    """
    if isinstance(item, Article):
        if published is not None:
            item = dataclasses.replace(item, published=published, date_origin=DateOrigin.GIVEN)
        return _check_size(item, settings)
    if isinstance(item, os.PathLike):
        return _check_size(load_article(Path(item), published=published, settings=settings), settings)
    if isinstance(item, str):
        if _names_path(item):
            return _check_size(load_article(item, published=published, settings=settings), settings)
        article = article_from_text(item, doc_id=doc_id, published=published, settings=settings)
        return _check_size(article, settings)
    raise TypeError(
        f"{what} must be an article's text or path (str or Path) or an Article, got {type(item).__name__}"
    )


def _check_size(article: Article, settings: Settings) -> Article:
    """Refuse an input article longer than ``ingest.max_chars`` (checked before facts and alignment).

    Raises:
        IngestError: the article's text is too long for an interactive compare.
    """
    limit = settings.ingest.max_chars
    if limit and len(article.text) > limit:
        raise IngestError(
            f"{article.doc_id}: the text is {len(article.text):,} characters, more than "
            f"ingest.max_chars={limit:,} (a compare that long runs for minutes); pass a single article, "
            f"or raise the limit with UNSPUN_INGEST_MAX_CHARS or [ingest] max_chars in unspun.toml"
        )
    return article


def _source_list(sources: object) -> list[ArticleLike]:
    """Return ``sources`` as a list; a lone article (a str, Path or Article) is refused.

    Raises:
        TypeError: ``sources`` is a single article or not iterable (a bug in the calling code).
    """
    if isinstance(sources, str | bytes | os.PathLike | Article):
        raise TypeError(
            f"sources must be a list of sources, got a single {type(sources).__name__}; "
            "wrap it in a list: compare(rewrite, [source])"
        )
    if not isinstance(sources, Iterable):
        raise TypeError(f"sources must be a list of sources, got {type(sources).__name__}")
    return list(sources)  # each item is checked by _load


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
    sources: Iterable[ArticleLike],
    *,
    published: dt.date | None = None,
    source_published: dt.date | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Audit ``rewrite`` against ``sources``.

    Each input is an :class:`Article`, a path (a :class:`~pathlib.Path`, or a ``str`` naming an
    existing file), or the article's text (any other ``str``; its ``doc_id`` is "rewrite" or
    "source"). ``sources`` is a list even for one source. ``published`` sets or overrides the
    rewrite's publication date, ``source_published`` the sources'. A rewrite with no date of its
    own is read against its first dated source. ``progress`` is called as each stage starts.

    Raises:
        TypeError: an input is not a str, Path or Article, or ``sources`` is a single article.
        InputError: no source was given, every source is excluded (``exclude.sources``), or an
            input cannot be read (IngestError).
        SegmentationError: an input has no body text.
    """
    cfg = settings or Settings()
    items = _source_list(sources)
    if not items:
        raise InputError("compare needs at least one source; pass the original article as SOURCE")
    if progress is not None:
        progress("reading")
    rw = _load(rewrite, what="rewrite", doc_id="rewrite", published=published, settings=cfg)
    src_articles = [
        _load(s, what="each source", doc_id="source", published=source_published, settings=cfg) for s in items
    ]
    return compare_articles(rw, src_articles, settings=cfg, progress=progress)


def _exclude(
    rewrite: Article, sources: Sequence[Article], cfg: Settings, notes: list[str]
) -> tuple[Article, list[Article]]:
    """Apply ``cfg.exclude``: drop excluded sources, relabel excluded sentences; note what went.

    Raises:
        InputError: every source is excluded, or nothing of the rewrite's body is left.
    """
    kept = [s for s in sources if s.doc_id not in cfg.exclude.sources]
    if not kept:
        raise InputError(
            "every source is excluded by exclude.sources (--exclude-source); nothing is left to compare"
        )
    if len(kept) < len(sources):
        dropped = ", ".join(s.doc_id for s in sources if s.doc_id in cfg.exclude.sources)
        notes.append(f"Excluded from the audit by exclude.sources: {dropped}.")
    rewrite, left_out = apply_exclusions(rewrite, cfg.exclude)
    if left_out and not rewrite.body:
        raise InputError(
            f"{rewrite.doc_id}: every body sentence is a quotation or boilerplate excluded by "
            "exclude.quotes / exclude.boilerplate; nothing is left to audit"
        )
    excluded_sources = []
    for src in kept:
        src, gone = apply_exclusions(src, cfg.exclude)
        excluded_sources.append((src, gone))
    parts = [_excluded_phrase("the rewrite", left_out)]
    parts += [_excluded_phrase(f"source {s.doc_id}", gone) for s, gone in excluded_sources]
    said = [p for p in parts if p]
    if said:
        notes.append(
            "Left out of the audit (not aligned, in no share, no findings): " + "; ".join(said) + "."
        )
    return rewrite, [s for s, _ in excluded_sources]


def _excluded_phrase(name: str, excluded: Excluded) -> str:
    counts = [(len(excluded.quotes), "quoted sentence"), (len(excluded.boilerplate), "boilerplate line")]
    said = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in counts if n]
    return f"{name}: {' and '.join(said)}" if said else ""


def compare_articles(
    rewrite: Article,
    sources: Sequence[Article],
    *,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Audit an ingested rewrite against ingested sources and build the report.

    ``settings.exclude`` applies first: excluded sources are dropped, and quoted or boilerplate
    sentences (as asked) are relabelled ``Role.EXCLUDED`` and take no further part.

    Raises:
        InputError: no source, every source excluded, or every rewrite sentence excluded.
    """
    cfg = settings or Settings()
    if not sources:
        raise InputError("compare needs at least one source article")
    notes: list[str] = []
    rewrite, kept = _exclude(rewrite, sources, cfg, notes)
    srcs = _unique_ids(kept)
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
    if progress is not None:
        progress("extracting facts")
    facts = FactSheet({a.doc_id: extract_facts(a) for a in (rewrite, *srcs)})
    if progress is not None:
        progress("aligning")
    links = align(rewrite, srcs, settings=cfg.align)
    if progress is not None:
        progress("auditing")
    result = audit(rewrite, srcs, facts, links, settings=cfg)
    verdict = result.verdict
    if verdict.label is VerdictLabel.INDEPENDENT:
        notes.append(
            "Too little of the rewrite aligns with the source(s) to audit it; no findings are reported."
        )
    foreign = language_note(rewrite, srcs)
    if foreign is not None:
        # Measured on English only: a verdict on other languages is a guess, so say so and halve it.
        notes.append(foreign)
        verdict = dataclasses.replace(verdict, confidence=verdict.confidence * cfg.ingest.foreign_confidence)
    return Report(
        rewrite=rewrite,
        sources=tuple(srcs),
        facts=facts,
        alignment=links,
        findings=result.findings,
        metrics=result.metrics,
        verdict=verdict,
        notes=tuple(notes),
        settings=cfg,
        version=__version__,
    )


# --------------------------------------------------------------------------- trace


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


def _no_source_report(
    suspect: Article, notes: list[str], settings: Settings, rejected: tuple[SourceMatch, ...] = ()
) -> Report:
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
        rejected=rejected,
        settings=settings,
        version=__version__,
    )


def trace(
    suspect: ArticleLike,
    index: str | Path | SourceStore,
    *,
    k: int = 5,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Find the sources of ``suspect`` in ``index`` and audit it against them.

    ``suspect`` is an :class:`Article`, a path, or a string: a string that names an existing file
    is read as that file, any other string as the article text itself (doc_id "suspect").
    ``index`` is any :class:`~unspun.index.SourceStore`, or the directory of an SQLite index
    (opened read-only for this call). Ids in ``settings.exclude.sources`` are never retrieved.

    Returns:
        See :func:`trace_hits`.

    Raises:
        TypeError: ``suspect`` is not a str, Path or Article.
        InputError: the suspect cannot be read, or has no body sentences; ``k`` is below 1.
        IndexUnusableError: the index cannot be opened (missing, foreign, other format version, damaged).
    """
    cfg = settings or Settings()
    if k < 1:
        raise InputError(f"k must be at least 1, got {k}")
    art = _load(suspect, what="suspect", doc_id="suspect", published=published, settings=cfg)
    query = prepare(art.text, cfg.index)
    want = max(k, 5)
    exclude = frozenset(cfg.exclude.sources)
    if isinstance(index, str | Path):
        with open_index(index, mode="r", settings=cfg.index) as store:
            hits = store.search(query, k=want, settings=cfg.index, exclude=exclude, align=cfg.align)
    else:
        hits = index.search(query, k=want, settings=cfg.index, exclude=exclude, align=cfg.align)
    return trace_hits(art, hits, k=k, settings=cfg, query=query)


def _auditable(
    hits: Sequence[Hit], cfg: Settings, notes: list[str]
) -> tuple[list[Hit], list[Hit], dict[str, Article]]:
    """Choose the sources to audit among ``hits``, passing over stored articles that cannot be read.

    A stored article with no body sentences (a "Media playback is not supported" stub that an
    older index accepted) is the index's problem, not the suspect's: it is dropped from the
    candidates with a note and the choice is made again among the rest.

    Returns:
        The usable hits, the chosen ones, and the chosen ones' articles by id.
    """
    usable = list(hits)
    while True:
        chosen = choose_sources(usable, cfg.index.min_score, cfg.trace)
        articles: dict[str, Article] = {}
        broken: Hit | None = None
        for h in chosen:
            try:
                articles[h.id] = _source_article(h.doc, cfg)
            except InputError as exc:
                notes.append(f"Skipped candidate {h.id} ({h.score:.2f}): the stored article {_reason(exc)}.")
                broken = h
                break
        if broken is None:
            return usable, chosen, articles
        usable = [h for h in usable if h is not broken]


def _reason(exc: InputError) -> str:
    if isinstance(exc, SegmentationError):
        return "has no body sentences to audit (a stub?)"
    return f"cannot be read ({exc})"


def trace_hits(
    suspect: Article,
    hits: Sequence[Hit],
    *,
    k: int = 5,
    settings: Settings | None = None,
    query: Query | None = None,
) -> Report:
    """Audit ``suspect`` against the sources chosen from its ranked ``hits`` (everything after the search).

    Drops hits in ``settings.exclude.sources``, keeps those whose calibrated score reaches
    ``settings.index.min_score``, chooses the source(s) to audit
    (:func:`~unspun.index.choose_sources`), re-ingests their stored text and runs
    :func:`compare_articles`. A chosen stored article that cannot be audited (no body sentences)
    is passed over with a note, never blamed on the suspect. ``query`` is ``suspect``'s prepared
    query if the caller has it (it is prepared again otherwise).

    Returns:
        The compare report against the chosen source(s), with ``matches`` holding the ranked
        candidates whose score reaches ``settings.index.min_score`` (up to ``k``) and notes on the
        retrieval and on the direction of derivation. With no such candidate, a report with no
        sources, verdict ``independent`` and a note saying no source was found (no forced match).
    """
    cfg = settings or Settings()
    min_score = cfg.index.min_score
    notes: list[str] = []
    hits = [h for h in hits if h.id not in cfg.exclude.sources]
    hits, chosen, articles = _auditable(hits, cfg, notes)
    q = query if query is not None else prepare(suspect.text, cfg.index)
    if not chosen:
        if hits:
            best = hits[0]
            notes.append(
                f"No source found in the index: the best candidate, {best.id}, scored {best.score:.2f}, "
                f"below the threshold {min_score:.2f} (index.min_score)."
            )
        else:
            notes.append("No source found in the index: no indexed article shares its rare terms.")
        return _no_source_report(suspect, notes, cfg, _rejected(q, hits, (), cfg))
    accepted = [h for h in hits if h.score >= min_score or h in chosen][:k]
    matches = tuple(SourceMatch(h.id, h.score, evidence(q, h)) for h in accepted)
    sources = [articles[h.id] for h in chosen]
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
    return dataclasses.replace(
        report,
        matches=matches,
        rejected=_rejected(q, hits, accepted, cfg),
        notes=tuple(notes) + tuple(report.notes),
    )


def _rejected(
    q: Query, hits: Sequence[Hit], accepted: Sequence[Hit], cfg: Settings
) -> tuple[SourceMatch, ...]:
    """The best verified candidates that were neither accepted nor audited, with their evidence."""
    shown = sorted(
        (h for h in hits if h.verification is not None and h not in accepted), key=lambda h: -h.score
    )
    return tuple(SourceMatch(h.id, h.score, evidence(q, h)) for h in shown[: cfg.trace.rejected_shown])


# --------------------------------------------------------------------------- batches


def holds_many(path: str | Path) -> bool:
    """Return True if ``path`` holds many articles: a directory, a JSONL or a WARC file."""
    p = Path(path)
    try:
        is_dir = p.is_dir()
    except OSError:  # a name too long: read_records reports it as a skip
        is_dir = False
    return is_dir or p.name.lower().endswith((*JSONL_SUFFIXES, *WARC_SUFFIXES))


def read_suspects(
    paths: Iterable[str | Path], *, published: dt.date | None = None, settings: Settings | None = None
) -> Iterator[tuple[str, Article | InputError]]:
    """Yield ``(id, Article)`` for every article under ``paths``, or ``(id, error)`` for one that
    cannot be read, in input order; never raises on bad data.

    The articles are found as ``unspun index add`` finds them (files, directories, JSONL, WARC;
    a file's id is its path as given, a JSONL line's its ``id``) and ingested one at a time.
    ``published`` sets every article's date.
    """
    cfg = settings or Settings()
    for item in read_records(paths):
        if isinstance(item, Skipped):
            yield item.where, IngestError(f"{item.where}: {item.reason}")
            continue
        try:
            if item.article is not None:
                art = item.article
                if published is not None:
                    art = dataclasses.replace(art, published=published, date_origin=DateOrigin.GIVEN)
            else:
                art = article_from_text(
                    item.text,
                    doc_id=item.id,
                    fmt=item.fmt,
                    published=published if published is not None else item.published,
                    url=item.url,
                    title=item.title,
                    settings=cfg,
                )
        except InputError as exc:
            yield item.id, exc
            continue
        yield item.id, art
