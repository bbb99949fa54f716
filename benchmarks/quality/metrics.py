"""Metric code of the quality harness (pure functions, unit-tested on hand-made inputs).

Written by hand rather than taken from scikit-learn because the definitions must match
BASELINES.md exactly (ties in a ranking count against the method, a miss adds 0 to MRR,
thresholds are "score >= t" and chosen on train only), and span overlap has no library form.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

Objective = Literal["accuracy", "balanced_accuracy", "f1"]


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of queries whose first correct answer has rank <= k (rank 1 = top; None = not found)."""
    if not ranks:
        return float("nan")
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank over queries; a query whose answer was not found adds 0."""
    if not ranks:
        return float("nan")
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks)


def rank_with_ties(correct_score: float, wrong_scores: Sequence[float]) -> int:
    """Rank = 1 + number of wrong items scoring at least as high as the best correct one."""
    return 1 + sum(1 for s in wrong_scores if s >= correct_score)


def classification(y_true: Sequence[bool], y_pred: Sequence[bool]) -> dict[str, float]:
    """Precision, recall, F1 and accuracy of the positive class, plus balanced accuracy.

    Precision is NaN when nothing is predicted positive; recall is NaN with no positives.
    """
    if len(y_true) != len(y_pred):
        raise ValueError(f"{len(y_true)} labels but {len(y_pred)} predictions")
    tp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and p)
    fp = sum(1 for t, p in zip(y_true, y_pred, strict=True) if not t and p)
    fn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if t and not p)
    tn = sum(1 for t, p in zip(y_true, y_pred, strict=True) if not t and not p)
    n = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else float("nan")
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": (tp + tn) / n if n else float("nan"),
        "balanced_accuracy": balanced_accuracy(y_true, y_pred),
        "n": float(n),
    }


def balanced_accuracy(y_true: Sequence[bool], y_pred: Sequence[bool]) -> float:
    """Mean of the recall on positives and the recall on negatives (NaN if a class is absent)."""
    pos = [p for t, p in zip(y_true, y_pred, strict=True) if t]
    neg = [p for t, p in zip(y_true, y_pred, strict=True) if not t]
    if not pos or not neg:
        return float("nan")
    return (sum(pos) / len(pos) + sum(1 for p in neg if not p) / len(neg)) / 2


def _objective_from_counts(tp: int, fp: int, fn: int, tn: int, objective: Objective) -> float:
    """The objective of a confusion matrix; an undefined value counts as -1 (never chosen)."""
    n = tp + fp + fn + tn
    if objective == "accuracy":
        return (tp + tn) / n if n else -1.0
    if objective == "f1":
        return 2 * tp / (2 * tp + fp + fn) if (tp + fp + fn) else -1.0
    if tp + fn == 0 or fp + tn == 0:
        return -1.0
    return (tp / (tp + fn) + tn / (fp + tn)) / 2


def choose_threshold(
    scores: Sequence[float], labels: Sequence[bool], *, objective: Objective = "accuracy"
) -> float:
    """Return the threshold t (predict positive iff score >= t) that maximises ``objective``.

    Candidates are every distinct score plus +inf (predict nothing positive). On ties the
    lowest candidate wins, so the result is deterministic. One sorted sweep: O(n log n).
    """
    if len(scores) != len(labels) or not scores:
        raise ValueError("need as many labels as scores, and at least one")
    ordered = sorted(zip(scores, labels, strict=True), key=lambda x: x[0])
    pos = sum(1 for y in labels if y)
    neg = len(labels) - pos
    pos_below = neg_below = i = 0
    best_t, best_v = math.inf, -math.inf
    for t in [*sorted(set(scores)), math.inf]:
        while i < len(ordered) and ordered[i][0] < t:
            if ordered[i][1]:
                pos_below += 1
            else:
                neg_below += 1
            i += 1
        v = _objective_from_counts(pos - pos_below, neg - neg_below, pos_below, neg_below, objective)
        if v > best_v:
            best_t, best_v = t, v
    return best_t


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True if half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def span_precision_recall(
    predicted: Sequence[Sequence[tuple[int, int]]],
    gold: Sequence[Sequence[tuple[int, int]]],
) -> dict[str, float]:
    """Micro span-level and character-level precision/recall over documents.

    Span level: a predicted span is correct if it overlaps some gold span of the same
    document; a gold span is found if some predicted span overlaps it. Character level:
    precision/recall of the union of predicted characters against the union of gold ones.
    """
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted documents but {len(gold)} gold documents")
    pred_n = pred_ok = gold_n = gold_ok = 0
    char_pred = char_gold = char_both = 0
    for p_spans, g_spans in zip(predicted, gold, strict=True):
        p_list = [s for s in p_spans if s[1] > s[0]]
        g_list = [s for s in g_spans if s[1] > s[0]]
        pred_n += len(p_list)
        gold_n += len(g_list)
        pred_ok += sum(1 for p in p_list if any(spans_overlap(p, g) for g in g_list))
        gold_ok += sum(1 for g in g_list if any(spans_overlap(p, g) for p in p_list))
        p_chars = {i for s in p_list for i in range(s[0], s[1])}
        g_chars = {i for s in g_list for i in range(s[0], s[1])}
        char_pred += len(p_chars)
        char_gold += len(g_chars)
        char_both += len(p_chars & g_chars)
    nan = float("nan")
    sp = pred_ok / pred_n if pred_n else nan
    sr = gold_ok / gold_n if gold_n else nan
    return {
        "span_precision": sp,
        "span_recall": sr,
        "span_f1": 2 * sp * sr / (sp + sr) if pred_n and gold_n and (sp + sr) > 0 else 0.0,
        "char_precision": char_both / char_pred if char_pred else nan,
        "char_recall": char_both / char_gold if char_gold else nan,
        "predicted_spans": float(pred_n),
        "gold_spans": float(gold_n),
    }


def rate(flags: Sequence[bool]) -> float:
    """Share of True values (NaN for an empty sequence)."""
    return sum(1 for f in flags if f) / len(flags) if flags else float("nan")
