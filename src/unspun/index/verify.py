"""Verification of a retrieved candidate: does the suspect *derive* from it, or share its topic?

A rewrite keeps the sentence-by-sentence content of its source even when every word order and
most words change; an unrelated same-topic article shares vocabulary but not sentences. So the
deciding signal is the share of the suspect's sentences that align to some candidate sentence.

The sentence similarity is the aligner's (:class:`unspun.align.SentenceSimilarity`, by default
:data:`unspun.align.LEXICAL`): a suspect sentence aligns where :func:`unspun.align.align` could
link it, i.e. where its best candidate sentence reaches ``AlignSettings.min_similarity``. Word
rarity is taken over the suspect's and this candidate's sentences together, as ``compare`` does
with the candidate as the only source, so a verified source scores the same here as in the audit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from unspun.align import LEXICAL, SentenceSimilarity, profile
from unspun.config import AlignSettings
from unspun.index.terms import tokenize

MIN_SENT_TOKENS = 4  # shorter units (headings, bylines) are not counted


@dataclass(frozen=True, slots=True)
class SentenceSet:
    """The comparable sentences of one article and their lengths in characters."""

    texts: tuple[str, ...]
    chars: tuple[int, ...]

    @property
    def total_chars(self) -> int:
        return sum(self.chars)


def sentence_set(units: Sequence[str]) -> SentenceSet:
    """Keep the units with at least ``MIN_SENT_TOKENS`` tokens and some content word."""
    texts = tuple(u for u in units if len(tokenize(u)) >= MIN_SENT_TOKENS and profile(u).stems)
    return SentenceSet(texts, tuple(len(u) for u in texts))


@dataclass(frozen=True, slots=True)
class Verification:
    """How much of the suspect a candidate explains.

    share: character share of the suspect's sentences whose best match reaches the aligner's
        minimum similarity (``AlignSettings.min_similarity``).
    coverage: share of the candidate's sentences used by some suspect sentence.
    mean_best: mean over suspect sentences of their best similarity.
    aligned: per suspect sentence, the index of its best candidate sentence or -1.
    best: per suspect sentence, its best similarity.
    """

    share: float
    coverage: float
    mean_best: float
    aligned: tuple[int, ...]
    best: tuple[float, ...]


def verify(
    suspect: SentenceSet,
    candidate: SentenceSet,
    *,
    settings: AlignSettings | None = None,
    similarity: SentenceSimilarity | None = None,
) -> Verification:
    """Align the suspect's sentences to the candidate's with the aligner's similarity and summarise."""
    min_similarity = (settings or AlignSettings()).min_similarity
    n = len(suspect.texts)
    if n == 0 or not candidate.texts:
        return Verification(0.0, 0.0, 0.0, tuple([-1] * n), tuple([0.0] * n))
    sim = np.clip((similarity or LEXICAL)(suspect.texts, candidate.texts), 0.0, 1.0)
    best_j = sim.argmax(axis=1)
    best = sim[np.arange(n), best_j]
    ok = best >= min_similarity
    chars = np.asarray(suspect.chars, dtype=np.float64)
    share = float(chars[ok].sum() / max(chars.sum(), 1.0))
    used = np.unique(best_j[ok])
    coverage = float(len(used) / len(candidate.texts))
    aligned = tuple(int(j) if k else -1 for j, k in zip(best_j.tolist(), ok.tolist(), strict=True))
    return Verification(share, coverage, float(best.mean()), aligned, tuple(float(x) for x in best))


# Calibration: score = logistic(sum of COEFFICIENTS[name] * features[name] + INTERCEPT), features
# as computed by :func:`unspun.index.search.search` for each verified candidate:
#   cos             re-ranking cosine of the whole articles
#   mean_best       mean over suspect sentences of their best sentence similarity (:func:`verify`)
#   share           character share of the suspect's sentences that align (:func:`verify`)
#   coverage        share of the candidate's sentences some suspect sentence aligns to
#   facts           weighted share of the suspect's numbers and rare words found in the candidate
#   bigrams         share of the candidate's content bigrams that the suspect contains
#   cos_background  the cosine of the ``index.background_rank``-th best *other* candidate: how close the
#                   same-topic articles the archive holds anyway come to the suspect. A rewrite
#                   stands far out from them; a same-topic article is about as close as the next few.
# The score is monotone: evidence for derivation (every feature but those in AGAINST) has a
# weight >= 0, so a closer match, a higher similarity or more aligned sentences never lower it;
# the background (AGAINST) has a weight <= 0, so a crowded topic asks for more evidence.
# Fitted by ``benchmarks/quality/retrieval.py --fit``: logistic regression with those sign
# constraints (AGAINST features enter negated, then every weight is bounded at 0) on the dev split,
# correct top-1 hits of dev queries against top-1 hits of 600 dev distractor queries (near copies
# excluded), negatives weighing NEGATIVE_WEIGHT times the positives in total (what matters is the
# tail of the negatives, not their average); then INTERCEPT shifted so that 0.5 (the default
# min_score) is where DEV_FSR of the dev distractor queries still reach it. The fit leaves weight
# 0 on ``cos`` (given the background, a higher cosine does not add evidence; the unconstrained fit
# gives it a negative weight, which the constraint forbids). Figures and command: BENCHMARKS.md.
COEFFICIENTS: dict[str, float] = {
    "cos": 0.0,
    "mean_best": 6.4,
    "share": 1.04,
    "coverage": 1.08,
    "facts": 1.97,
    "bigrams": 4.62,
    "cos_background": -28.91,
}
INTERCEPT = 0.46
AGAINST = frozenset({"cos_background"})
DEV_FSR = 0.01
NEGATIVE_WEIGHT = 32.0
FEATURES = tuple(COEFFICIENTS)


def calibrated_score(features: Mapping[str, float]) -> float:
    """Map a candidate's features (see above) to a score in [0, 1] (0.5 = the default threshold).

    Non-decreasing in every feature except those in ``AGAINST``, non-increasing in those.
    """
    z = INTERCEPT + sum(w * features.get(name, 0.0) for name, w in COEFFICIENTS.items())
    if z < -700.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
