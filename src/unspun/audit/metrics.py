"""Metrics and verdict: how much of the rewrite derives from its sources, and what it is."""

from __future__ import annotations

from collections.abc import Sequence

from unspun.config import AuditSettings
from unspun.types import AlignmentLink, Article, LinkKind, Metrics, Verdict, VerdictLabel

__all__ = ["compute_metrics", "decide_verdict"]


def compute_metrics(rewrite: Article, sources: Sequence[Article], links: Sequence[AlignmentLink]) -> Metrics:
    """Return the derived share, source coverage and verbatim share, weighted by characters of body text."""
    r_body = rewrite.body
    best: dict[int, AlignmentLink] = {}
    for link in links:
        cur = best.get(link.rewrite_index)
        if cur is None or link.similarity > cur.similarity:
            best[link.rewrite_index] = link
    r_total = sum(len(s.text) for s in r_body) or 1
    derived = sum(len(s.text) for s in r_body if s.index in best)
    verbatim = sum(
        len(s.text)
        for s in r_body
        if s.index in best and best[s.index].kind in (LinkKind.VERBATIM, LinkKind.NEAR_VERBATIM)
    )
    used = {(link.source_id, link.source_index) for link in links}
    s_total = sum(len(s.text) for d in sources for s in d.body) or 1
    covered = sum(len(s.text) for d in sources for s in d.body if (d.doc_id, s.index) in used)
    return Metrics(
        derived_share=min(1.0, derived / r_total),
        source_coverage=min(1.0, covered / s_total),
        verbatim_share=min(1.0, verbatim / r_total),
        rewrite_sentences=len(r_body),
        source_sentences=sum(len(d.body) for d in sources),
        aligned_sentences=len(best),
    )


def decide_verdict(metrics: Metrics, *, settings: AuditSettings | None = None) -> Verdict:
    """Label the relation of the rewrite to its sources from the metrics.

    copy: nearly all of it is verbatim; rewrite: most of it derives from the sources;
    partial: a sizeable part does; independent: too little to say it derives. The shares
    are ``settings.copy_derived_share`` and the other ``*_share`` settings.
    """
    cfg = settings or AuditSettings()
    d, v = metrics.derived_share, metrics.verbatim_share
    if d >= cfg.copy_derived_share and v >= cfg.copy_verbatim_share:
        return Verdict(VerdictLabel.COPY, min(1.0, 0.5 + v / 2), f"{v:.0%} of the text is copied verbatim")
    if d >= cfg.rewrite_derived_share:
        conf = min(1.0, 0.6 + (d - cfg.rewrite_derived_share))
        return Verdict(VerdictLabel.REWRITE, conf, f"{d:.0%} of the text derives from the source(s)")
    # A short rewrite (a summary of one or two sentences) is partial on one aligned sentence
    # if that sentence is a sizeable part of it; a longer one needs two.
    if d >= cfg.partial_derived_share and (
        metrics.aligned_sentences >= 2
        or (d >= cfg.short_partial_derived_share and metrics.rewrite_sentences <= cfg.short_rewrite_sentences)
    ):
        conf = 0.5 + abs(d - 0.35)
        return Verdict(
            VerdictLabel.PARTIAL, min(1.0, conf), f"{d:.0%} of the text derives from the source(s)"
        )
    conf = min(1.0, 0.6 + (cfg.partial_derived_share - d) * 2)
    return Verdict(VerdictLabel.INDEPENDENT, conf, f"only {d:.0%} of the text aligns with the source(s)")
