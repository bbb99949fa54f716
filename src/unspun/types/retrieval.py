"""Values of the retrieval stage: what a candidate's score was computed from, the evidence a
report shows for a found source, and which way a derivation can go.

``ScoreFeatures.to_dict`` is the feature map the score calibration reads (unrounded);
``MatchEvidence.to_dict`` is the ``evidence`` object of a report's ``sources`` entries
(docs/report-schema.md), rounded as the report prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class Direction(StrEnum):
    """Which way a derivation can go, judged from the two publication dates (earliest is source)."""

    POSSIBLE = "possible"  # the source predates or shares the suspect's date
    REVERSED = "reversed"  # the source is dated after the suspect: the suspect cannot derive from it
    UNKNOWN = "unknown"  # one of the two carries no date


@dataclass(frozen=True, slots=True)
class ScoreFeatures:
    """What a verified candidate's calibrated score is computed from (see ``unspun.index.verify``).

    cos: re-ranking cosine of the whole articles.
    mean_best: mean over suspect sentences of their best sentence similarity (the aligner's).
    share: character share of the suspect's sentences that align to the candidate.
    facts: weighted share of the suspect's numbers and rare words found in the candidate.
    coverage: share of the candidate's sentences some suspect sentence aligns to.
    bigrams: share of the candidate's content bigrams that the suspect contains.
    cos_background: the cosine of the ``index.background_rank``-th best *other* candidate (how
        close the same-topic articles come; the one feature that counts against a source).
    """

    cos: float
    mean_best: float
    share: float
    facts: float
    coverage: float
    bigrams: float
    cos_background: float

    def to_dict(self) -> dict[str, float]:
        """Feature name -> value, in declaration order (the names the calibration uses)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScoreFeatures:
        return cls(**{f.name: float(d[f.name]) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class AlignedExample:
    """One suspect sentence and the candidate sentence it aligns to."""

    suspect: str
    source: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"suspect": self.suspect, "source": self.source, "similarity": round(self.similarity, 3)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlignedExample:
        return cls(d["suspect"], d["source"], float(d["similarity"]))


@dataclass(frozen=True, slots=True)
class MatchAlignment:
    """How the suspect's sentences align to a verified candidate's."""

    share: float  # character share of the suspect's sentences that align
    aligned_sentences: int
    suspect_sentences: int
    source_coverage: float  # share of the candidate's sentences used
    examples: tuple[AlignedExample, ...] = ()  # the closest pairs, best first

    def to_dict(self) -> dict[str, Any]:
        return {
            "aligned_share": round(self.share, 4),
            "aligned_sentences": self.aligned_sentences,
            "suspect_sentences": self.suspect_sentences,
            "source_coverage": round(self.source_coverage, 4),
            "aligned_examples": [e.to_dict() for e in self.examples],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MatchAlignment:
        return cls(
            float(d["aligned_share"]),
            int(d["aligned_sentences"]),
            int(d["suspect_sentences"]),
            float(d["source_coverage"]),
            tuple(AlignedExample.from_dict(e) for e in d.get("aligned_examples", ())),
        )


@dataclass(frozen=True, slots=True)
class JudgeEvidence:
    """The cross-encoder's second opinion on a top candidate whose lexical score fell in the
    judge's band (``unspun.index.judge``).

    lexical_score: the score before the judge (from ``score_features`` alone).
    cover_share: character share of the suspect's sentences that the candidate sentence nearest
        to each (by static cosine) covers, by the cross-encoder.
    """

    lexical_score: float
    cover_share: float

    def to_dict(self) -> dict[str, Any]:
        return {"lexical_score": round(self.lexical_score, 4), "cover_share": round(self.cover_share, 4)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> JudgeEvidence:
        return cls(float(d["lexical_score"]), float(d["cover_share"]))


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """What a suspect and a found source share, as a report's ``sources[].evidence`` shows it.

    ``score_features`` is None for a candidate that was not verified (its score is 0); so is
    ``alignment``.
    """

    cosine: float
    fact_recall: float
    score_features: ScoreFeatures | None
    shared_rare_terms: tuple[str, ...] = ()
    shared_numbers: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()
    shared_quotes: tuple[str, ...] = ()
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    alignment: MatchAlignment | None = None
    judge: JudgeEvidence | None = None

    def to_dict(self) -> dict[str, Any]:
        features = self.score_features.to_dict() if self.score_features is not None else {}
        out: dict[str, Any] = {
            "cosine": round(self.cosine, 4),
            "fact_recall": round(self.fact_recall, 4),
            "score_features": {name: round(value, 4) for name, value in features.items()},
            "shared_rare_terms": list(self.shared_rare_terms),
            "shared_numbers": list(self.shared_numbers),
            "shared_names": list(self.shared_names),
            "shared_quotes": list(self.shared_quotes),
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
        }
        if self.alignment is not None:
            out.update(self.alignment.to_dict())
        out["judge"] = self.judge.to_dict() if self.judge is not None else None
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MatchEvidence:
        features = d.get("score_features") or {}
        published = d.get("published")
        return cls(
            cosine=float(d["cosine"]),
            fact_recall=float(d.get("fact_recall", 0.0)),
            score_features=ScoreFeatures.from_dict(features) if features else None,
            shared_rare_terms=tuple(d.get("shared_rare_terms", ())),
            shared_numbers=tuple(d.get("shared_numbers", ())),
            shared_names=tuple(d.get("shared_names", ())),
            shared_quotes=tuple(d.get("shared_quotes", ())),
            title=d.get("title"),
            published=dt.date.fromisoformat(published) if published else None,
            url=d.get("url"),
            alignment=MatchAlignment.from_dict(d) if "aligned_share" in d else None,
            judge=JudgeEvidence.from_dict(d["judge"]) if d.get("judge") else None,
        )


__all__ = ["AlignedExample", "Direction", "JudgeEvidence", "MatchAlignment", "MatchEvidence", "ScoreFeatures"]
