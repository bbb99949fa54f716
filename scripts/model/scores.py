"""Per-family accuracy of a directional "covers" judge, shared by both training scripts
(``train_judge.py`` in the project venv, ``export_cross.py`` in .venv-model: numpy only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np


def per_family(
    families: Sequence[str], labels: Sequence[int], prob: np.ndarray, threshold: float
) -> dict[str, dict[str, float]]:
    """Accuracy and balanced accuracy of ``prob >= threshold`` against ``labels``, per family."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, family in enumerate(families):
        groups[family].append(i)
    out = {}
    for name, idx in sorted(groups.items()):
        y = np.asarray([labels[i] for i in idx])
        pred = prob[idx] >= threshold
        pos, neg = y == 1, y == 0
        bal = 0.5 * (pred[pos].mean() if pos.any() else 1.0) + 0.5 * (
            (~pred[neg]).mean() if neg.any() else 1.0
        )
        out[name] = {"n": len(idx), "accuracy": float((pred == y).mean()), "balanced_accuracy": float(bal)}
    return out


def macro(scores: dict[str, dict[str, float]]) -> float:
    """The mean over families of balanced accuracy (the dev figure both judges are chosen on)."""
    return float(np.mean([s["balanced_accuracy"] for s in scores.values()]))
