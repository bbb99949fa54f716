"""Trace a suspect article to its sources in an index, then audit it against them.

``trace(suspect, index)`` retrieves and verifies candidates (:mod:`unspun.index`), keeps those
whose calibrated score reaches ``settings.index.min_score``, picks the source(s) to audit (the
best one, plus any other accepted candidate that explains suspect sentences the ones before it
do not: a rewrite drawn from two articles gets both) and runs the same audit as ``compare``.
With no candidate above the threshold the report says so and audits nothing (no forced match).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

from unspun.config import Settings
from unspun.errors import IngestError
from unspun.index.search import Hit, Query, evidence, prepare, search
from unspun.index.store import SourceIndex, StoredDoc, open_index
from unspun.types import Article, FactSheet, Metrics, Report, SourceMatch, Verdict, VerdictLabel

logger = logging.getLogger(__name__)

MAX_AUDITED_SOURCES = 3
# A further source is audited only if it explains at least this share of the suspect (by
# characters) and this many sentences that the sources already chosen do not.
MIN_EXTRA_SHARE = 0.15
MIN_EXTRA_SENTENCES = 2
# Composite suspects (see _joint_pair): a sentence is closely explained at this similarity.
STRONG_SIM = 0.6
JOINT_MIN_SHARE = 0.25
JOINT_MIN_UNION = 0.7
VERIFIED_FOR_JOINT = 4


def _load_suspect(suspect: str | Path | Article, published: dt.date | None, settings: Settings) -> Article:
    from unspun.ingest import article_from_text, load_article

    if isinstance(suspect, Article):
        if published is not None:
            from unspun.types import DateOrigin

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
    from unspun.ingest import article_from_text

    if doc.article is not None:
        return doc.article
    return article_from_text(
        doc.text,
        doc_id=doc.id,
        fmt=doc.fmt if doc.fmt in ("text", "markdown") else "auto",
        published=doc.published,
        url=doc.url,
        title=doc.title,
        settings=settings,
    )


def _strong(h: Hit) -> set[int]:
    """Suspect sentences this hit explains closely (best similarity >= STRONG_SIM)."""
    v = h.verification
    if v is None:
        return set()
    return {i for i, (j, b) in enumerate(zip(v.aligned, v.best, strict=True)) if j >= 0 and b >= STRONG_SIM}


def _joint_pair(hits: list[Hit]) -> list[Hit]:
    """Two verified hits that each explain a different part of the suspect (a composite article).

    The calibrated score judges one candidate against the whole suspect, so a suspect built from
    two articles scores low against each. Two candidates that each closely explain at least
    ``JOINT_MIN_SHARE`` of the suspect's sentences, mostly different ones, and together at least
    ``JOINT_MIN_UNION``, are accepted together. Template siblings explain the same sentences, not
    complementary ones, so they do not pass.
    """
    verified = [h for h in hits if h.verification is not None][:VERIFIED_FOR_JOINT]
    for x in range(len(verified)):
        for y in range(x + 1, len(verified)):
            a, b = verified[x], verified[y]
            n = len(a.verification.aligned) if a.verification else 0
            if n < 4:
                continue
            sa, sb = _strong(a), _strong(b)
            each = min(len(sa - sb), len(sb - sa)) / n
            if each >= JOINT_MIN_SHARE and len(sa | sb) / n >= JOINT_MIN_UNION:
                return [a, b]
    return []


def choose_sources(hits: list[Hit], min_score: float) -> list[Hit]:
    """Pick the sources to audit.

    The best hit reaching ``min_score``, then further accepted hits that explain suspect sentences
    the ones before do not; with no hit reaching ``min_score``, a complementary pair (see
    :func:`_joint_pair`) if there is one.
    """
    accepted = [h for h in hits if h.score >= min_score and h.verification is not None]
    if not accepted:
        return _joint_pair(hits)
    chosen = [accepted[0]]
    first = accepted[0].verification
    assert first is not None
    covered = {i for i, j in enumerate(first.aligned) if j >= 0}
    n = len(first.aligned)
    rest = accepted[1:] + [h for h in hits if h not in accepted and h.verification is not None]
    for h in rest:
        if len(chosen) >= MAX_AUDITED_SOURCES:
            break
        v = h.verification
        assert v is not None
        new = (
            _strong(h) if h.score < min_score else {i for i, j in enumerate(v.aligned) if j >= 0}
        ) - covered
        if len(new) >= MIN_EXTRA_SENTENCES and len(new) / max(n, 1) >= MIN_EXTRA_SHARE:
            chosen.append(h)
            covered |= new
    return chosen


def direction_note(suspect: Article, source: Article) -> str:
    """Say which way a derivation can go, from the two publication dates (earliest is source)."""
    if suspect.published is None or source.published is None:
        missing = "the suspect" if suspect.published is None else f"source {source.doc_id}"
        return f"Direction unknown for {source.doc_id}: {missing} carries no date."
    if source.published <= suspect.published:
        return (
            f"Source {source.doc_id} ({source.published}) predates or shares the suspect's date "
            f"({suspect.published}): derivation from it is possible."
        )
    return (
        f"Source {source.doc_id} ({source.published}) is dated after the suspect ({suspect.published}): "
        "the suspect cannot derive from it; it may derive from the suspect."
    )


def _no_source_report(suspect: Article, notes: list[str], settings: Settings) -> Report:
    from unspun import __version__

    body = len(suspect.body)
    return Report(
        rewrite=suspect,
        sources=(),
        facts=FactSheet(),
        alignment=(),
        findings=(),
        metrics=Metrics(0.0, 0.0, 0.0, body, 0, 0),
        verdict=Verdict(VerdictLabel.INDEPENDENT, 1.0, "no source found in the index"),
        notes=tuple(notes),
        matches=(),
        settings=settings.to_dict(),
        version=__version__,
    )


def trace(
    suspect: str | Path | Article,
    index: str | Path | SourceIndex,
    *,
    k: int = 5,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Find the sources of ``suspect`` in ``index`` and audit it against them.

    ``suspect`` is an :class:`Article`, a path, or a string: a string that names an existing file
    is read as that file, any other string as the article text itself.

    Returns:
        The compare report against the chosen source(s), with ``matches`` holding the ranked
        candidates whose score reaches ``settings.index.min_score`` (up to ``k``) and notes on the
        retrieval and on the direction of derivation. With no such candidate, a report with no
        sources, verdict ``independent`` and a note saying no source was found.

    Raises:
        InputError: the suspect cannot be read, or has no body sentences.
        IndexError_: the index cannot be opened (missing, foreign, other format version).
    """
    from unspun.pipeline import compare_articles

    cfg = settings or Settings()
    if k < 1:
        raise IngestError(f"k must be at least 1, got {k}")
    art = _load_suspect(suspect, published, cfg)
    own = not isinstance(index, SourceIndex)
    idx = open_index(index, mode="r", settings=cfg.index) if not isinstance(index, SourceIndex) else index
    try:
        query: Query = prepare(art.text)
        hits = search(idx, query, k=max(k, 5), settings=cfg.index)
    finally:
        if own:
            idx.close()
    min_score = cfg.index.min_score
    chosen = choose_sources(hits, min_score)
    accepted = [h for h in hits if h.score >= min_score or h in chosen][:k]
    matches = tuple(SourceMatch(h.id, h.score, evidence(query, h)) for h in accepted)
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
        return _no_source_report(art, notes, cfg)
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
    notes.extend(direction_note(art, s) for s in sources)
    report = compare_articles(art, sources, settings=cfg)
    return dataclasses.replace(report, matches=matches, notes=tuple(notes) + tuple(report.notes))
