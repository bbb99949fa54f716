"""The static sentence cosine as a sentence-similarity signal, and how it raises the lexical one.

:class:`SemanticSimilarity` gives the len(a) x len(b) matrix of static cosines (negatives clipped
to 0) of the packaged model; it has the shape of :class:`unspun.align.SentenceSimilarity`.
:func:`combine` raises a lexical similarity by the meaning: the evidence is the blend
``weight * cosine + (1 - weight) * lexical`` (a static cosine alone is high for unrelated
sentences on the same topic; the words it shares with the source make a reworded sentence's case),
and :func:`lift` puts it on the lexical scale: 0 below ``link`` (the evidence from which two
sentences are taken to say the same thing), then linearly from ``floor`` (the aligner's minimum
similarity) at ``link`` to 1.0 at 1.0. The combined similarity is ``max(lexical, lift(blend))``:
monotone in both views, in [0, 1], never below the lexical one, so a pair the words already link
keeps its link and score, and the kinds of link (verbatim / near-verbatim / paraphrase, decided
on the surface forms) keep their meaning. ``weight`` and ``link`` are fitted on train splits
(``benchmarks/quality/semantic_align.py fit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from unspun.semantic.model import default_model

__all__ = ["SEMANTIC", "SemanticSimilarity", "combine", "lexical_share", "lift"]

FloatMatrix = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SemanticSimilarity:
    """Static cosine of every rewrite sentence with every source sentence, in [0, 1].

    Raises (when called):
        ModelMissingError: the packaged artifact is missing or corrupt.
    """

    def __call__(self, rewrite: Sequence[str], source: Sequence[str]) -> FloatMatrix:
        if not rewrite or not source:
            return np.zeros((len(rewrite), len(source)))
        sims: FloatMatrix = default_model().similarity_matrix(rewrite, source).astype(np.float64)
        return sims


SEMANTIC = SemanticSimilarity()


def lift(evidence: FloatMatrix, *, link: float, floor: float) -> FloatMatrix:
    """Map evidence in [0, 1] onto the lexical scale: 0 below ``link``, ``floor`` at it, 1.0 at 1.0.

    Monotone (non-decreasing) in the evidence, in [0, 1] for ``0 <= floor <= 1``.
    """
    c = np.clip(np.asarray(evidence, dtype=np.float64), 0.0, 1.0)
    if link >= 1.0:
        out: FloatMatrix = np.where(c >= 1.0, 1.0, 0.0)
        return out
    raised = floor + (1.0 - floor) * (c - link) / (1.0 - link)
    out = np.where(c >= link, np.clip(raised, 0.0, 1.0), 0.0)
    return out


def lexical_share(lexical: FloatMatrix, floor: float) -> float:
    """The share of rows (rewrite sentences) whose best lexical similarity reaches ``floor``."""
    if lexical.size == 0:
        return 0.0
    return float((np.asarray(lexical).max(axis=1) >= floor).mean())


def combine(
    lexical: FloatMatrix, cosine: FloatMatrix, *, weight: float, link: float, floor: float
) -> FloatMatrix:
    """Return ``max(lexical, lift(weight * cosine + (1 - weight) * lexical))`` entry by entry.

    In [0, 1] for inputs in [0, 1], never below ``lexical``, non-decreasing in both inputs.
    """
    lex = np.clip(np.asarray(lexical, dtype=np.float64), 0.0, 1.0)
    cos = np.clip(np.asarray(cosine, dtype=np.float64), 0.0, 1.0)
    raised = lift(weight * cos + (1.0 - weight) * lex, link=link, floor=floor)
    out: FloatMatrix = np.maximum(np.asarray(lexical, dtype=np.float64), raised)
    return out
