"""Choose which retrieved candidates to audit, and say which way a derivation can go.

Pure functions of ranked :class:`~unspun.index.protocol.Hit` values and their verifications,
so any backend that produces hits (the SQLite store, a Spark scan) chooses alike: the best hit
reaching ``index.min_score``, plus any other candidate that explains suspect sentences the ones
before it do not (a rewrite drawn from two articles gets both); with no hit reaching the
threshold, a complementary pair of verified candidates (a composite article), else none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from unspun.config import TraceSettings
from unspun.index.protocol import Hit
from unspun.types import Article
from unspun.types.retrieval import Direction


def _strong(h: Hit, strong_sim: float) -> set[int]:
    """Suspect sentences this hit explains closely (best similarity >= ``strong_sim``)."""
    v = h.verification
    if v is None:
        return set()
    return {i for i, (j, b) in enumerate(zip(v.aligned, v.best, strict=True)) if j >= 0 and b >= strong_sim}


def _joint_pair(hits: Sequence[Hit], s: TraceSettings) -> list[Hit]:
    """Two verified hits that each explain a different part of the suspect (a composite article).

    The calibrated score judges one candidate against the whole suspect, so a suspect built from
    two articles scores low against each. Two of the first ``verified_for_joint`` verified
    candidates that each closely explain at least ``joint_min_share`` of the suspect's sentences,
    mostly different ones, and together at least ``joint_min_union``, are accepted together.
    Template siblings explain the same sentences, not complementary ones, so they do not pass.
    """
    verified = [h for h in hits if h.verification is not None][: s.verified_for_joint]
    for x in range(len(verified)):
        for y in range(x + 1, len(verified)):
            a, b = verified[x], verified[y]
            n = len(a.verification.aligned) if a.verification else 0
            if n < s.joint_min_sentences:
                continue
            sa, sb = _strong(a, s.strong_sim), _strong(b, s.strong_sim)
            each = min(len(sa - sb), len(sb - sa)) / n
            if each >= s.joint_min_share and len(sa | sb) / n >= s.joint_min_union:
                return [a, b]
    return []


def choose_sources(hits: Sequence[Hit], min_score: float, settings: TraceSettings | None = None) -> list[Hit]:
    """Pick the sources to audit from ranked hits.

    The best hit reaching ``min_score``, then (up to ``max_audited_sources``) further verified
    hits that explain at least ``min_extra_sentences`` and ``min_extra_share`` of the suspect's
    sentences that the ones before do not (closely, for hits below ``min_score``); with no hit
    reaching ``min_score``, a complementary pair (see :func:`_joint_pair`) if there is one.
    """
    s = settings or TraceSettings()
    accepted = [h for h in hits if h.score >= min_score and h.verification is not None]
    if not accepted:
        return _joint_pair(hits, s)
    chosen = [accepted[0]]
    first = accepted[0].verification
    assert first is not None
    covered = {i for i, j in enumerate(first.aligned) if j >= 0}
    n = len(first.aligned)
    rest = accepted[1:] + [h for h in hits if h not in accepted and h.verification is not None]
    for h in rest:
        if len(chosen) >= s.max_audited_sources:
            break
        v = h.verification
        assert v is not None
        explained = (
            _strong(h, s.strong_sim)
            if h.score < min_score
            else {i for i, j in enumerate(v.aligned) if j >= 0}
        )
        new = explained - covered
        if len(new) >= s.min_extra_sentences and len(new) / max(n, 1) >= s.min_extra_share:
            chosen.append(h)
            covered |= new
    return chosen


def derivation_direction(suspect: dt.date | None, source: dt.date | None) -> Direction:
    """Which way a derivation can go, from the two publication dates (earliest is source)."""
    if suspect is None or source is None:
        return Direction.UNKNOWN
    return Direction.POSSIBLE if source <= suspect else Direction.REVERSED


def direction_note(suspect: Article, source: Article) -> str:
    """Say which way a derivation can go (see :func:`derivation_direction`), as a report note."""
    direction = derivation_direction(suspect.published, source.published)
    if direction is Direction.UNKNOWN:
        missing = "the suspect" if suspect.published is None else f"source {source.doc_id}"
        return f"Direction unknown for {source.doc_id}: {missing} carries no date."
    if direction is Direction.POSSIBLE:
        return (
            f"Source {source.doc_id} ({source.published}) predates or shares the suspect's date "
            f"({suspect.published}): derivation from it is possible."
        )
    return (
        f"Source {source.doc_id} ({source.published}) is dated after the suspect ({suspect.published}): "
        "the suspect cannot derive from it; it may derive from the suspect."
    )


__all__ = ["choose_sources", "derivation_direction", "direction_note"]
