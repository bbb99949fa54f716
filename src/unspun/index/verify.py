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
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from unspun.index.terms import Weigher, tokenize, weigher

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
    texts: list[str] = []
    bags: list[dict[str, float]] = []
    chars: list[int] = []
    for u in units:
        toks = tokenize(u)
        if len(toks) < MIN_SENT_TOKENS:
            continue
        bag: dict[str, float] = {}
        for t in toks:
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
    ma = np.zeros((len(a.bags), len(cols)), dtype=np.float32)
    mb = np.zeros((len(b.bags), len(cols)), dtype=np.float32)
    na = np.empty(len(a.bags), dtype=np.float32)
    nb = np.empty(len(b.bags), dtype=np.float32)
    for i, bag in enumerate(a.bags):
        na[i] = math.sqrt(sum(v * v for v in bag.values()))
        for k, v in bag.items():
            j = cols.get(k)
            if j is not None:
                ma[i, j] = v
    for i, bag in enumerate(b.bags):
        nb[i] = math.sqrt(sum(v * v for v in bag.values()))
        for k, v in bag.items():
            j = cols.get(k)
            if j is not None:
                mb[i, j] = v
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


# Calibration: score = logistic(A_SHARE * share + A_MEAN * mean_best + A_COS * cosine
#                              + A_FACT * fact_recall + B).
# Chosen on the dev split of benchmarks/quality/retrieval.py (queries whose original's id hashes
# even; 600 distractors outside the 500 held out as no-source queries) by a grid over the four
# weights maximising dev recall@1 + dev recall@1 at a 1% dev false-source rate; B puts 0.5 (the
# default min_score) where 0.5% of dev no-source queries (excluding near copies) still reach it.
# Measured there: the aligned-sentence share adds nothing once mean_best, cosine and fact recall
# are in (its weight is 0), and cosine alone ranks best; see the benchmark notes.
A_SHARE = 0.0
A_MEAN = 6.0
A_COS = 16.0
A_FACT = 10.0
# B was -23.48 from that fit (0.5% dev false sources). At that value the canonical case, an
# uncredited rewrite that keeps 83% of its source but adds editorial sentences (cosine 0.71,
# 89% of its sentences aligned), scored 0.15 and trace reported "no source". -21.0 accepts such
# rewrites; measured on the held-out set (retrieval.py --from-dump): false-source rate at 0.5
# rises from 1.6% to 4.0% (excluding near copies), recall@1 at the threshold from 0.167 to 0.262.
B = -21.0


def calibrated_score(v: Verification, cos: float, facts: float = 0.0) -> float:
    """Map verification features to a score in [0, 1] (0.5 = the default report threshold)."""
    z = A_SHARE * v.share + A_MEAN * v.mean_best + A_COS * cos + A_FACT * facts + B
    return 1.0 / (1.0 + math.exp(-z))
