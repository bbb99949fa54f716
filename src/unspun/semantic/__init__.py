"""Meaning beyond word overlap: static sentence vectors and a trained pair judge, on CPU.

``embed(sentences)`` gives L2-normalised float32 vectors, ``similarity_matrix(a, b)`` the
similarity in [0, 1] of every pair from two sentence lists, and ``judge(rewrite_sentence,
source_sentences)`` a :class:`PairJudgement` (SAME / LESS / MORE / CHANGED, with the rewrite
spans it blames). They use the artifact committed in ``unspun/models/semantic`` (see
``docs/model-card.md``), loaded once per process with no network; a missing or corrupt
artifact raises :class:`~unspun.errors.ModelMissingError`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from unspun.semantic.judge import JudgeLabel, PairJudgement
from unspun.semantic.model import SemanticModel, default_model


def embed(sentences: Sequence[str]) -> np.ndarray:
    """Return one L2-normalised float32 vector per sentence (packaged model).

    Raises:
        ModelMissingError: the packaged artifact is missing or corrupt.
    """
    return default_model().embed(sentences)


def similarity_matrix(a_sentences: Sequence[str], b_sentences: Sequence[str]) -> np.ndarray:
    """Return the similarity in [0, 1] of every a-sentence with every b-sentence (len(a) x len(b)).

    Raises:
        ModelMissingError: the packaged artifact is missing or corrupt.
    """
    return default_model().similarity_matrix(a_sentences, b_sentences)


def judge(rewrite_sentence: str, source_sentences: Sequence[str]) -> PairJudgement:
    """Judge whether ``rewrite_sentence`` says the same as ``source_sentences``, less, more, or else.

    Raises:
        ModelMissingError: the packaged artifact is missing or corrupt.
    """
    return default_model().judge(rewrite_sentence, source_sentences)


__all__ = [
    "JudgeLabel",
    "PairJudgement",
    "SemanticModel",
    "default_model",
    "embed",
    "judge",
    "similarity_matrix",
]
