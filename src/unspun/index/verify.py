"""Verification of a retrieved candidate: does the suspect *derive* from it, or share its topic?

A rewrite keeps the sentence-by-sentence content of its source even when every word order and
most words change; an unrelated same-topic article shares vocabulary but not sentences. So the
deciding signal is the share of the suspect's sentences that align to some candidate sentence.

Why hand-written instead of :func:`unspun.align.sentence_similarity`: verification runs on up to
``VERIFY_TOP`` candidates per query, i.e. thousands of sentence pairs, inside the 50 ms query budget.
Here each sentence becomes a row of a small dense matrix over the pair's joint vocabulary (weights
from the static background table of :mod:`unspun.index.terms`, words cut to a 6-letter prefix so
"announced"/"announcement" match) and all pairs are scored by one matrix product.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from unspun.index.terms import Weigher, tokenize, weigher, weight_table

# Rough sentence ends: ., !, ? (optionally followed by a closing quote/bracket) then space and an
# upper-case letter, digit or opening quote; or a line break. Good enough to cut articles into
# comparable units; exact sentence boundaries are the ingest stage's job.
_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[A-Z0-9])|\n+")
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
MIN_SENT_TOKENS = 4  # shorter units (headings, bylines) are not counted
PREFIX = 6
ALIGN_MIN_SIM = 0.32  # a suspect sentence "aligns" if its best candidate sentence reaches this


def split_units(text: str) -> list[str]:
    """Cut text into sentence-like units (fast regex; glued "end.Next" boundaries are cut too)."""
    text = _GLUED.sub(" ", text)
    return [u.strip() for u in _SENT_END.split(text) if u and u.strip()]


@dataclass(frozen=True, slots=True)
class SentenceSet:
    """The comparable sentences of one article: text, weighted prefix bags, lengths."""

    texts: tuple[str, ...]
    bags: tuple[dict[str, float], ...]
    chars: tuple[int, ...]

    @property
    def total_chars(self) -> int:
        return sum(self.chars)


def sentence_set(units: Sequence[str], w: Weigher | None = None) -> SentenceSet:
    """Build the weighted bags of the units that have at least ``MIN_SENT_TOKENS`` tokens."""
    wf = w or weigher()
    known = weight_table().get  # the static table first: a dict lookup instead of a method call
    texts: list[str] = []
    bags: list[dict[str, float]] = []
    chars: list[int] = []
    for u in units:
        toks = tokenize(u)
        if len(toks) < MIN_SENT_TOKENS:
            continue
        bag: dict[str, float] = {}
        for t in toks:
            wt = known(t)
            if wt is None:
                wt = wf(t)
            if wt <= 0.3:
                continue
            key = t[:PREFIX]
            if wt > bag.get(key, 0.0):
                bag[key] = wt
        if not bag:
            continue
        texts.append(u)
        bags.append(bag)
        chars.append(len(u))
    return SentenceSet(tuple(texts), tuple(bags), tuple(chars))


def _dense(bags: Sequence[dict[str, float]], cols: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the bags restricted to ``cols``, and each bag's full norm."""
    m = np.zeros((len(bags), len(cols)), dtype=np.float32)
    norms = np.empty(len(bags), dtype=np.float32)
    for i, bag in enumerate(bags):
        norms[i] = math.sqrt(sum(v * v for v in bag.values()))
        for k, v in bag.items():
            j = cols.get(k)
            if j is not None:
                m[i, j] = v
    return m, norms


def similarity_matrix(a: SentenceSet, b: SentenceSet) -> np.ndarray:
    """Return the |a| x |b| matrix of weighted cosine similarities (float32, in [0, 1])."""
    if not a.bags or not b.bags:
        return np.zeros((len(a.bags), len(b.bags)), dtype=np.float32)
    vocab: dict[str, int] = {}
    for bag in a.bags:
        for k in bag:
            vocab.setdefault(k, len(vocab))
    shared = set()
    for bag in b.bags:
        for k in bag:
            if k in vocab:
                shared.add(k)
    if not shared:
        return np.zeros((len(a.bags), len(b.bags)), dtype=np.float32)
    cols = {k: i for i, k in enumerate(sorted(shared))}
    ma, na = _dense(a.bags, cols)
    mb, nb = _dense(b.bags, cols)
    sim = (ma @ mb.T) / np.outer(na, nb)
    out: np.ndarray = np.clip(sim, 0.0, 1.0)
    return out


@dataclass(frozen=True, slots=True)
class Verification:
    """How much of the suspect a candidate explains.

    share: character share of the suspect's sentences whose best match reaches ``ALIGN_MIN_SIM``.
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


def verify(suspect: SentenceSet, candidate: SentenceSet, *, min_sim: float = ALIGN_MIN_SIM) -> Verification:
    """Align the suspect's sentences to the candidate's and summarise."""
    n = len(suspect.bags)
    if n == 0 or not candidate.bags:
        return Verification(0.0, 0.0, 0.0, tuple([-1] * n), tuple([0.0] * n))
    sim = similarity_matrix(suspect, candidate)
    best_j = sim.argmax(axis=1)
    best = sim[np.arange(n), best_j]
    ok = best >= min_sim
    chars = np.asarray(suspect.chars, dtype=np.float64)
    share = float(chars[ok].sum() / max(chars.sum(), 1.0))
    used = np.unique(best_j[ok])
    coverage = float(len(used) / len(candidate.bags))
    aligned = tuple(int(j) if k else -1 for j, k in zip(best_j.tolist(), ok.tolist(), strict=True))
    return Verification(share, coverage, float(best.mean()), aligned, tuple(float(x) for x in best))


# Calibration: score = logistic(sum of COEFFICIENTS[name] * features[name] + INTERCEPT), features
# as computed by :func:`unspun.index.search.search` for each verified candidate:
#   cos        re-ranking cosine of the whole articles
#   mean_best  mean over suspect sentences of their best sentence similarity (:func:`verify`)
#   facts      weighted share of the suspect's numbers and rare words found in the candidate
#   coverage   share of the candidate's sentences some suspect sentence aligns to
#   bigrams    share of the candidate's content bigrams that the suspect contains
#   cos_margin, mean_best_margin   the candidate's cos / mean_best minus those of the
#              BACKGROUND_RANK-th best *other* candidate: how far it stands out from the
#              same-topic articles the archive holds anyway. This is the decisive signal (it
#              carries the largest coefficients): a rewrite is far closer to its source than to
#              anything else, a same-topic article is about as close to its best match as to the
#              next few.
# Fitted by ``benchmarks/quality/retrieval.py --fit`` (logistic regression on the dev split:
# correct top-1 hits of dev queries vs top-1 hits of 1,000 dev distractor queries, near copies
# excluded), then INTERCEPT shifted so that 0.5 (the default min_score) is where DEV_FSR of the dev
# distractor queries still reach it. Figures and the command are in BENCHMARKS.md.
COEFFICIENTS: dict[str, float] = {
    "cos": -27.71,
    "mean_best": 14.28,
    "facts": 2.38,
    "coverage": 1.88,
    "bigrams": 9.73,
    "cos_margin": 23.76,
    "mean_best_margin": -9.67,
}
INTERCEPT = -1.75
DEV_FSR = 0.01
FEATURES = tuple(COEFFICIENTS)


def calibrated_score(features: Mapping[str, float]) -> float:
    """Map a candidate's features (see above) to a score in [0, 1] (0.5 = the default threshold)."""
    z = INTERCEPT + sum(w * features.get(name, 0.0) for name, w in COEFFICIENTS.items())
    if z < -700.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
