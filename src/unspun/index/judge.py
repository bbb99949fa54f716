"""A second opinion on the top candidate in a band of scores: the cross-encoder's cover share.

The lexical score (:func:`unspun.index.verify.calibrated_score`) misses loosely reworded sources:
few of their sentences align by words, so they cannot stand out of a same-topic background at a 1%
false-source rate. The cross-encoder (:mod:`unspun.semantic.cross`) reads each suspect sentence
beside the candidate sentences nearest to it by static cosine (``index.judge_premises`` of them)
and says whether one of them covers it; the *cover share* is the character share of the suspect's
sentences covered (P >= the cross-encoder's threshold). It costs ~20 ms per sentence pair on one
core, so it runs only on the top hit and only where its score is in the band
``[index.judge_min_score, index.judge_cap)`` (see :func:`judged_score` for why the result stays monotone).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from unspun.config import IndexSettings
from unspun.index.verify import SentenceSet


class _Embedder(Protocol):
    def similarity_matrix(self, a_sentences: Sequence[str], b_sentences: Sequence[str]) -> np.ndarray: ...


class _Cover(Protocol):
    @property
    def threshold(self) -> float: ...

    def covers(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


@dataclass(frozen=True, slots=True)
class CoverJudgement:
    """The judge's evidence on one candidate.

    lexical_score: the candidate's score before the judge (:func:`unspun.index.verify.calibrated_score`).
    cover_share: character share of the suspect's sentences the candidate covers.
    covered: per suspect sentence, whether its nearest candidate sentence covers it.
    """

    lexical_score: float
    cover_share: float
    covered: tuple[bool, ...]


def nearest_premises(
    suspect: SentenceSet, candidate: SentenceSet, model: _Embedder, premises: int = 1
) -> np.ndarray:
    """Per suspect sentence, the indices of its ``premises`` nearest candidate sentences by static
    cosine, nearest first (shape: suspect sentences x ``min(premises, candidate sentences)``)."""
    if not suspect.texts or not candidate.texts:
        return np.zeros((len(suspect.texts), 0), dtype=np.int64)
    sim = np.asarray(model.similarity_matrix(suspect.texts, candidate.texts))
    return np.argsort(-sim, axis=1, kind="stable")[:, : max(1, premises)]


def cover_pairs(
    suspect: SentenceSet, candidate: SentenceSet, model: _Embedder, premises: int = 1
) -> list[tuple[str, str]]:
    """(premise, hypothesis) pairs, ``premises`` per suspect sentence (fewer where the candidate
    has fewer sentences): its nearest candidate sentences by static cosine, and the suspect
    sentence; sentence by sentence, nearest premise first."""
    return _pairs(suspect, candidate, nearest_premises(suspect, candidate, model, premises))


def _pairs(suspect: SentenceSet, candidate: SentenceSet, near: np.ndarray) -> list[tuple[str, str]]:
    return [
        (candidate.texts[int(j)], text)
        for text, row in zip(suspect.texts, near.tolist(), strict=True)
        for j in row
    ]


def cover_share(chars: Sequence[int] | np.ndarray, probabilities: np.ndarray, threshold: float) -> float:
    """Character share of the sentences whose cover probability reaches ``threshold``."""
    weights = np.asarray(chars, dtype=np.float64)
    ok = np.asarray(probabilities, dtype=np.float64) >= threshold
    total = float(weights.sum())
    return float(weights[ok].sum() / total) if total > 0.0 and len(ok) else 0.0


def judge_candidate(
    suspect: SentenceSet,
    candidate: SentenceSet,
    lexical_score: float,
    *,
    model: _Embedder | None = None,
    cross: _Cover | None = None,
    premises: int = 1,
) -> CoverJudgement:
    """Ask the cross-encoder about one candidate (loads the static model and the cross-encoder on
    first use: :func:`unspun.semantic.default_model`, :func:`unspun.semantic.default_cross`). A
    suspect sentence is covered where any of its ``premises`` nearest candidate sentences covers it.

    Raises:
        ModelMissingError: a model or onnxruntime is missing.
    """
    from unspun.semantic import default_cross, default_model

    embedder: _Embedder = model if model is not None else default_model()
    judge: _Cover = cross if cross is not None else default_cross(1)
    near = nearest_premises(suspect, candidate, embedder, premises)
    pairs = _pairs(suspect, candidate, near)
    p = np.asarray(judge.covers(pairs), dtype=np.float64) if pairs else np.zeros(0)
    best = p.reshape(len(suspect.texts), near.shape[1]).max(axis=1) if pairs else np.zeros(len(suspect.texts))
    ok = best >= judge.threshold
    return CoverJudgement(
        lexical_score, cover_share(suspect.chars, best, judge.threshold), tuple(bool(x) for x in ok.tolist())
    )


def lexical(score: float, settings: IndexSettings | None = None) -> float:
    """A verified hit's score before the judge: the calibrated score, lowered by
    ``index.judge_shift`` in logit when the judge is on (a non-decreasing map of the score)."""
    s = settings or IndexSettings()
    if not s.judge or s.judge_shift == 0.0 or not 0.0 < score < 1.0:
        return score
    z = math.log(score / (1.0 - score)) - s.judge_shift
    # min: the logit round trip may add an ulp; the shift must never raise a score
    return min(score, 1.0 / (1.0 + math.exp(-z))) if z > -700.0 else 0.0


def in_band(score: float, settings: IndexSettings | None = None) -> bool:
    """Whether the judge is asked about a top hit of this lexical score."""
    s = settings or IndexSettings()
    return s.judge and s.judge_min_score <= score < s.judge_cap


def judged_score(score: float, cover: float, settings: IndexSettings | None = None) -> float:
    """The final score of a judged top hit: ``max(score, min(f(score, cover), cap))`` in the band.

    ``f`` is a logistic function of ``logit(score)`` and the cover share with non-negative weights
    (``index.judge_weight_score``, ``index.judge_weight_cover``), so it never falls as either
    rises. Monotone in ``score`` and ``cover`` over the whole range: below the band the result is
    ``score``; inside it, ``max(score, g)`` with ``g`` non-decreasing; entering the band from below
    the result jumps from ``score`` to ``max(score, ...) >= score``; leaving it at ``cap`` the result
    is at most ``max(score, cap)`` just below and ``score >= cap`` just above. The cap is above the
    report threshold, so the judge can lift a candidate over the threshold but never make it look
    surer than a candidate whose words alone carry it.
    """
    s = settings or IndexSettings()
    if not in_band(score, s):
        return score
    z = math.log(max(score, 1e-9) / max(1.0 - score, 1e-9))
    f = s.judge_intercept + s.judge_weight_score * z + s.judge_weight_cover * cover
    lifted = 1.0 / (1.0 + math.exp(-f)) if f > -700.0 else 0.0
    return max(score, min(lifted, s.judge_cap))
