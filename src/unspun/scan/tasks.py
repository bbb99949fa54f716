"""What the Spark tasks run, partition by partition: preparing documents and judging candidates.

Each function takes an iterator of one partition's elements and yields tuples matching the
schemas below, so the job module turns them into DataFrames without a per-row schema guess.
The word lists are loaded once per Python worker (:func:`unspun.scan.judge.warm_up`) and the
spaCy model on the first audit of a worker; Spark reuses its Python workers between tasks, so
neither is loaded per row or per task.

A judging error on one article (a library bug that some page triggers) must not fail a month's
scan: it is caught per article, written to the skip table with the exception's type and message
and counted as ``judge error`` in the summary, and the other articles go on.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from typing import Any

from unspun.config import Settings
from unspun.scan.judge import (
    Hit,
    PayloadFormat,
    RefDoc,
    StoredDoc,
    crawl_article,
    prepare,
    query_terms,
    rank_candidates,
    reference_doc,
    select_terms,
    signature,
    sources_of,
    trace_hits,
    warm_up,
)
from unspun.scan.readers import RawDoc, Skip, parse_date
from unspun.types import Article, FindingType, Severity

SKIP_SCHEMA = "input string, where string, reason string, detail string"
DOC_SCHEMA = (
    "idx long, id string, url string, published string, title string, fmt string, text string, "
    "article string, norm double, sig array<long>, terms array<struct<term:long,qw:double>>"
)
SELECTED_SCHEMA = "qkey long, term long, w double"
MATCH_SCHEMA = (
    "crawl_id string, url string, published string, top_source string, top_score double, "
    "sources array<struct<id:string,score:double>>, matches array<struct<id:string,score:double>>, "
    "verdict string, verdict_confidence double, derived_share double, findings int, "
    "findings_by_type map<string,int>, findings_by_severity map<string,int>, report string"
)
EDGE_SCHEMA = "query long, source long, score double"
JUDGE_ERROR = "judge error"

Tagged = tuple[str, tuple[Any, ...]]  # ("doc" | "skip", row)


def _skip_row(side: str, s: Skip) -> Tagged:
    return ("skip", (side, s.where, s.reason.value, s.detail[:500]))


def prepare_docs(
    items: Iterable[tuple[RawDoc | Skip, int]],
    settings: Settings,
    *,
    side: str,
    as_reference: bool,
    as_query: bool,
) -> Iterator[Tagged]:
    """Ingest and profile one partition of (document or skip, position) pairs.

    ``as_reference``: keep what the index stores (text or Article) with signature and norm;
    ``as_query``: ingest as ``trace`` reads a suspect and keep the Article and its query terms.
    Both (the graph): the ingested Article is stored as the reference too.
    """
    warm_up()
    for item, idx in items:
        if isinstance(item, Skip):
            yield _skip_row(side, item)
            continue
        if as_query:
            art = crawl_article(item, settings)
            if isinstance(art, Skip):
                yield _skip_row(side, art)
                continue
            ref = RefDoc(
                item.id, art.text, PayloadFormat.ARTICLE, art.title, art.url or item.url, art.published, art
            )
            terms = [{"term": h, "qw": w} for h, w in query_terms(art.text, settings.index)]
        else:
            got = reference_doc(item, settings)
            if isinstance(got, Skip):
                yield _skip_row(side, got)
                continue
            ref, terms = got, []
        sig = signature(ref.text, settings.index) if as_reference else None
        terms_of, doc_norm = (list(sig.terms), sig.norm) if sig is not None else ([], 0.0)
        keep = ref.article is not None and as_query != as_reference  # the graph needs texts only
        article = json.dumps(ref.article.to_dict(), ensure_ascii=False) if keep and ref.article else None
        published = ref.published.isoformat() if ref.published else None
        text = ref.text if as_reference else ""
        yield (
            "doc",
            (
                idx,
                ref.id,
                ref.url,
                published,
                ref.title,
                ref.fmt.value,
                text,
                article,
                doc_norm,
                terms_of,
                terms,
            ),
        )


def select_partition(
    groups: Iterable[tuple[int, Iterable[tuple[int, int, float, int]]]], total: int, settings: Settings
) -> Iterator[tuple[int, int, float]]:
    """Pick each query's joined terms (:func:`unspun.scan.judge.select_terms`) from (pos, term, qw, df)."""
    for qkey, rows in groups:
        ordered = sorted(rows)
        chosen = select_terms([(t, qw, df) for _, t, qw, df in ordered], total=total, settings=settings.index)
        for h, w in chosen:
            yield (qkey, h, w)


def _stored_docs(cands: list[Any]) -> list[StoredDoc]:
    """Candidate rows as the index's StoredDocs, in candidate order, without their Articles.

    Decoding an Article from JSON costs more than re-ranking it, and only the few hits ``trace``
    may audit need one: :func:`_with_articles` adds them to those.
    """
    docs = []
    for c in sorted(cands, key=lambda c: c["rank"]):
        ref = RefDoc(
            c["id"], c["text"], PayloadFormat(c["fmt"]), c["title"], c["url"], parse_date(c["published"])
        )
        docs.append(ref.stored(c["docno"], c["norm"]))
    return docs


def _with_articles(hits: list[Hit], cands: list[Any]) -> list[Hit]:
    stored = {c["docno"]: c["article"] for c in cands if c["article"]}
    out = []
    for h in hits:
        raw = stored.get(h.doc.docno)
        if raw is not None:
            doc = dataclasses.replace(h.doc, article=Article.from_dict(json.loads(raw)))
            h = dataclasses.replace(h, doc=doc)
        out.append(h)
    return out


def judge_partition(rows: Iterable[Any], settings: Settings, *, k: int) -> Iterator[Tagged]:
    """Judge one partition of crawl articles with their candidates; yield matches and errors.

    Each row: ``id, url, published, article`` (JSON) and ``cands`` (candidate references with
    ``rank``). An article that derives from nothing yields nothing. As ``trace``: ``max(k, 5)``
    candidates are ranked, ``k`` listed, ids in ``settings.exclude.sources`` never retrieved.
    """
    warm_up()
    excluded = frozenset(settings.exclude.sources)
    from unspun.report import ReportFormat, render

    for row in rows:
        try:
            art = Article.from_dict(json.loads(row["article"]))
            query = prepare(art.text, settings.index)
            docs = _stored_docs(row["cands"])
            ranked = rank_candidates(
                query, docs, k=max(k, 5), settings=settings.index, align=settings.align, exclude=excluded
            )
            report = trace_hits(art, query, _with_articles(ranked, row["cands"]), k=k, settings=settings)
        except Exception as exc:  # recorded and counted, see the module docstring
            yield ("skip", ("crawl", row["id"], JUDGE_ERROR, f"{type(exc).__name__}: {exc}"[:500]))
            continue
        if not report.sources:
            continue
        scores = {m.id: m.score for m in report.matches}
        by_type = {t.value: 0 for t in FindingType}
        by_sev = {s.value: 0 for s in Severity}
        for f in report.findings:
            by_type[f.type.value] += 1
            by_sev[f.severity.value] += 1
        sources = [{"id": s.doc_id, "score": scores.get(s.doc_id, 0.0)} for s in report.sources]
        yield (
            "doc",
            (
                row["id"],
                row["url"],
                row["published"],
                sources[0]["id"],
                sources[0]["score"],
                sources,
                [{"id": m.id, "score": m.score} for m in report.matches],
                report.verdict.label.value,
                report.verdict.confidence,
                report.metrics.derived_share,
                len(report.findings),
                {t: n for t, n in by_type.items() if n},
                {s: n for s, n in by_sev.items() if n},
                render(report, ReportFormat.JSON),
            ),
        )


def edge_partition(rows: Iterable[Any], settings: Settings, *, k: int) -> Iterator[Tagged]:
    """Judge crawl articles against the rest of the crawl: yield (query, source, score) edges.

    Each row: ``qkey`` (its docno), ``id``, ``text`` and ``cands``; the article itself is among its
    candidates (it is in the index it queries) and is excluded, as a held-out query is in
    ``search(..., exclude=...)``.
    """
    warm_up()
    for row in rows:
        try:
            query = prepare(row["text"], settings.index)
            docs = _stored_docs(row["cands"])
            hits = rank_candidates(
                query, docs, k=k, settings=settings.index, align=settings.align, exclude={row["id"]}
            )
            chosen = sources_of(hits, settings)
        except Exception as exc:  # recorded and counted, see the module docstring
            yield ("skip", ("crawl", row["id"], JUDGE_ERROR, f"{type(exc).__name__}: {exc}"[:500]))
            continue
        for h in chosen:
            yield ("doc", (row["qkey"], h.doc.docno, h.score))
