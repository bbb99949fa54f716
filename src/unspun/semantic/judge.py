"""The pair judge: does a rewrite sentence say the same as its source sentences, less, more, or
something else?

The judge is one trained classifier of a directional question, "does P say everything H says?"
(see :mod:`unspun.semantic.features`), asked twice: source covers rewrite, and rewrite covers
source. The four labels are the four answers:

=========  ======================  ======================
label      source covers rewrite   rewrite covers source
=========  ======================  ======================
SAME       yes                     yes
LESS       yes                     no (content dropped)
MORE       no (content added)      yes
CHANGED    no                      no
=========  ======================  ======================

Asking one question both ways lets pairs labelled in one direction only (RTE, SICK, SummEdits)
train it, as well as pairs labelled in both (paraphrases, planted edits). The forward pass is
written here in numpy (a standardiser and one or two dense layers) so that scikit-learn, used to
fit the weights, is not a run-time dependency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from unspun.semantic.features import (
    NEAR_BELOW,
    NEGATIONS,
    UNMATCHED_BELOW,
    Analysed,
    best_matches,
    number_key,
)
from unspun.types import Span


class JudgeLabel(StrEnum):
    """What a rewrite sentence does to the meaning of its source sentences."""

    SAME = "same"
    LESS = "less"  # the rewrite drops content
    MORE = "more"  # the rewrite adds content
    CHANGED = "changed"  # changed or contradicted


@dataclass(frozen=True, slots=True)
class PairJudgement:
    """The judge's verdict on one rewrite sentence against its source sentences.

    ``probabilities`` maps every label to its probability (they sum to 1). ``blamed`` holds the
    spans of ``rewrite`` (offsets into the rewrite sentence passed to the judge) that have no
    close counterpart in the source: set for MORE and CHANGED where the judge can say, else empty.
    """

    label: JudgeLabel
    probabilities: Mapping[JudgeLabel, float]
    source_covers_rewrite: float  # probability
    rewrite_covers_source: float  # probability
    blamed: tuple[Span, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "label": self.label.value,
            "probabilities": {k.value: v for k, v in self.probabilities.items()},
            "source_covers_rewrite": self.source_covers_rewrite,
            "rewrite_covers_source": self.rewrite_covers_source,
            "blamed": [[s.start, s.end] for s in self.blamed],
        }


@dataclass(frozen=True, slots=True)
class JudgeWeights:
    """The trained classifier: standardiser, dense layers (ReLU between), sigmoid output."""

    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]  # (weight [in, out], bias [out])
    cover_threshold: float
    complete_threshold: float

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> JudgeWeights:
        """Build from the artifact's ``judge.json``.

        Raises:
            ValueError: the shapes do not fit together.
        """
        names = tuple(str(n) for n in raw["feature_names"])
        mean = np.asarray(raw["mean"], dtype=np.float32)
        scale = np.asarray(raw["scale"], dtype=np.float32)
        layers = tuple(
            (np.asarray(layer["weight"], dtype=np.float32), np.asarray(layer["bias"], dtype=np.float32))
            for layer in raw["layers"]
        )
        width = len(names)
        if mean.shape != (width,) or scale.shape != (width,) or not layers:
            raise ValueError(f"judge weights do not match its {width} feature names")
        for w, b in layers:
            if w.ndim != 2 or w.shape[0] != width or b.shape != (w.shape[1],):
                raise ValueError(f"judge layer of shape {w.shape} does not take {width} inputs")
            width = w.shape[1]
        if width != 1:
            raise ValueError(f"judge output has width {width}, expected 1")
        return cls(
            names,
            mean,
            scale,
            layers,
            float(raw["cover_threshold"]),
            float(raw["complete_threshold"]),
        )

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Probability that P covers H for each row of ``features``."""
        x = (np.atleast_2d(features).astype(np.float32) - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            x = x @ w + b
            if i < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        z = np.clip(x[:, 0].astype(np.float64), -30.0, 30.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)))


def combine(
    cover: float, complete: float, weights: JudgeWeights
) -> tuple[JudgeLabel, dict[JudgeLabel, float]]:
    """Label and four-way probabilities from the two directional probabilities."""
    return combine_at(cover, complete, weights.cover_threshold, weights.complete_threshold)


def combine_at(
    cover: float, complete: float, cover_threshold: float, complete_threshold: float
) -> tuple[JudgeLabel, dict[JudgeLabel, float]]:
    """Label and four-way probabilities from the two directional probabilities and thresholds."""
    probs = {
        JudgeLabel.SAME: cover * complete,
        JudgeLabel.LESS: cover * (1.0 - complete),
        JudgeLabel.MORE: (1.0 - cover) * complete,
        JudgeLabel.CHANGED: (1.0 - cover) * (1.0 - complete),
    }
    covers = cover >= cover_threshold
    completes = complete >= complete_threshold
    if covers:
        label = JudgeLabel.SAME if completes else JudgeLabel.LESS
    else:
        label = JudgeLabel.MORE if completes else JudgeLabel.CHANGED
    return label, probs


def blame(source: Analysed, rewrite: Analysed, label: JudgeLabel) -> tuple[Span, ...]:
    """Spans of the rewrite with no close counterpart in the source (MORE and CHANGED only).

    Blamed: content words whose best match in the source is weak (for CHANGED also the near
    ones: a swapped name or an antonym is close in vector space), numbers, dates and names the
    source lacks, and negations when the two differ in how many they have. Adjacent blamed
    words merge into one span.
    """
    if label not in (JudgeLabel.MORE, JudgeLabel.CHANGED):
        return ()
    limit = NEAR_BELOW if label is JudgeLabel.CHANGED else UNMATCHED_BELOW
    tokens = rewrite.words.tokens
    flagged: set[int] = set()
    for i, best in zip(rewrite.content.tolist(), best_matches(source, rewrite).tolist(), strict=True):
        if best < limit:
            flagged.add(i)
    negation_differs = rewrite.negations != source.negations
    for i, tok in enumerate(tokens):
        low = tok.lower().replace("’", "'")
        is_new_number = any(c.isdigit() for c in tok) and number_key(tok) not in source.numbers
        is_new_name = (low in rewrite.dates or (i > 0 and low in rewrite.names)) and low not in source.lower
        is_negation = negation_differs and (low in NEGATIONS or low.endswith("n't"))
        if is_new_number or is_new_name or is_negation:
            flagged.add(i)
    return _merge(sorted(flagged), rewrite.words.spans)


def _merge(indices: Sequence[int], spans: Sequence[tuple[int, int]]) -> tuple[Span, ...]:
    out: list[Span] = []
    prev = -2
    for i in indices:
        start, end = spans[i]
        if out and i == prev + 1:
            out[-1] = Span(out[-1].start, end)
        else:
            out.append(Span(start, end))
        prev = i
    return tuple(out)
