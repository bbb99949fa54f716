"""Meaning beyond word overlap: static sentence vectors and a trained pair judge, on CPU.

``embed(sentences)`` gives L2-normalised float32 vectors, ``similarity_matrix(a, b)`` the
similarity in [0, 1] of every pair from two sentence lists, and ``judge(rewrite_sentence,
source_sentences)`` a :class:`PairJudgement` (SAME / LESS / MORE / CHANGED, with the rewrite
spans it blames; ``judge_many`` batches many). They use the artifacts committed in
``unspun/models/semantic`` and, for the cross-encoder judge (the default ``kind``),
``unspun/models/cross`` (see ``docs/model-card.md``), each loaded once per process with no
network; a missing or corrupt artifact raises :class:`~unspun.errors.ModelMissingError`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from unspun.config import JudgeKind
from unspun.semantic.cross import CrossEncoder, default_cross
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


def covers(pairs: Sequence[tuple[str, str]], *, threads: int = 1) -> np.ndarray:
    """P(premise says everything the hypothesis says) per (premise, hypothesis) pair (cross-encoder).

    One batched call; compare with ``default_cross(threads).threshold`` for a yes/no. For callers
    that ask whether a source text covers a reworded one (a reworded quotation, say).

    Raises:
        ModelMissingError: onnxruntime, or the packaged cross-encoder, is missing or corrupt.
    """
    return default_cross(threads).covers(pairs)


def judge(
    rewrite_sentence: str,
    source_sentences: Sequence[str],
    *,
    kind: JudgeKind = JudgeKind.CROSS,
    threads: int = 1,
) -> PairJudgement:
    """Judge whether ``rewrite_sentence`` says the same as ``source_sentences``, less, more, or else.

    ``kind`` picks the judge (the cross-encoder or the static one), ``threads`` the cross-encoder's
    onnxruntime intra-op threads.

    Raises:
        ModelMissingError: a packaged artifact (or onnxruntime, for the cross-encoder) is missing
            or corrupt.
    """
    return judge_many([(rewrite_sentence, source_sentences)], kind=kind, threads=threads)[0]


def judge_many(
    items: Sequence[tuple[str, Sequence[str]]], *, kind: JudgeKind = JudgeKind.CROSS, threads: int = 1
) -> list[PairJudgement]:
    """:func:`judge` for many (rewrite sentence, source sentences) items, batched, in order.

    Raises:
        ModelMissingError: a packaged artifact (or onnxruntime, for the cross-encoder) is missing
            or corrupt.
    """
    cross = default_cross(threads) if kind is JudgeKind.CROSS else None
    return default_model().judge_many(items, cross)


__all__ = [
    "CrossEncoder",
    "JudgeKind",
    "JudgeLabel",
    "PairJudgement",
    "SemanticModel",
    "covers",
    "default_cross",
    "default_model",
    "embed",
    "judge",
    "judge_many",
    "similarity_matrix",
]
