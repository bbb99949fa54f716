"""The quality harness's metric code, on tiny hand-made inputs (no data, no unspun pipeline)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # benchmarks/ is a top-level folder, not part of the installed package
    sys.path.insert(0, str(REPO))

from benchmarks.quality import baselines as bl  # noqa: E402
from benchmarks.quality import gate  # noqa: E402
from benchmarks.quality.metrics import (  # noqa: E402
    Objective,
    balanced_accuracy,
    choose_threshold,
    classification,
    mean_reciprocal_rank,
    rank_with_ties,
    recall_at_k,
    span_precision_recall,
)
from benchmarks.quality.scorers import Audit, FoundSpan, _offset_map, select_types  # noqa: E402
from benchmarks.quality.tasks import _capped_recall, sample, split_keys  # noqa: E402


def test_recall_at_k_counts_ranks_up_to_k_and_misses_as_wrong() -> None:
    ranks = [1, 2, 5, None, 6]
    assert recall_at_k(ranks, 1) == pytest.approx(1 / 5)
    assert recall_at_k(ranks, 5) == pytest.approx(3 / 5)
    assert recall_at_k(ranks, 10) == pytest.approx(4 / 5)
    assert math.isnan(recall_at_k([], 1))


def test_mrr_adds_zero_for_a_miss() -> None:
    assert mean_reciprocal_rank([1, 2, None, 4]) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)


def test_rank_counts_ties_against_the_method() -> None:
    assert rank_with_ties(0.5, [0.1, 0.2]) == 1
    assert rank_with_ties(0.5, [0.5, 0.2]) == 2
    assert rank_with_ties(0.5, [0.9, 0.7, 0.5]) == 4


def test_classification_on_a_hand_counted_confusion_matrix() -> None:
    y = [True, True, True, False, False, False, False, False]
    p = [True, True, False, True, False, False, False, False]
    m = classification(y, p)  # tp 2, fn 1, fp 1, tn 4
    assert m["precision"] == pytest.approx(2 / 3)
    assert m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)
    assert m["accuracy"] == pytest.approx(6 / 8)
    assert m["balanced_accuracy"] == pytest.approx((2 / 3 + 4 / 5) / 2)


def test_classification_edge_cases() -> None:
    m = classification([False, False], [False, False])
    assert math.isnan(m["precision"])
    assert math.isnan(m["recall"])
    assert math.isnan(m["balanced_accuracy"])
    assert classification([True, False], [False, False])["f1"] == 0.0
    with pytest.raises(ValueError, match="labels"):
        classification([True], [True, False])


def test_balanced_accuracy_ignores_class_imbalance() -> None:
    y = [True] * 9 + [False]
    assert balanced_accuracy(y, [True] * 10) == pytest.approx(0.5)
    assert balanced_accuracy(y, y) == pytest.approx(1.0)


def test_choose_threshold_separates_separable_scores() -> None:
    scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9]
    labels = [False, False, False, True, True, True]
    t = choose_threshold(scores, labels)
    assert 0.3 < t <= 0.7
    assert classification(labels, [s >= t for s in scores])["accuracy"] == 1.0


def test_choose_threshold_prefers_predicting_nothing_when_positives_score_low() -> None:
    scores = [0.9, 0.8, 0.1]
    labels = [False, False, True]
    t = choose_threshold(scores, labels, objective="accuracy")
    preds = [s >= t for s in scores]
    assert classification(labels, preds)["accuracy"] == pytest.approx(2 / 3)
    assert preds[:2] == [False, False]


def test_choose_threshold_objective_changes_the_choice() -> None:
    # 8 positives, 2 negatives; predicting all positive maximises accuracy but not balance
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.2, 0.1]
    labels = [True, True, True, True, True, True, False, True, False, True]
    t_acc = choose_threshold(scores, labels, objective="accuracy")
    t_bal = choose_threshold(scores, labels, objective="balanced_accuracy")
    acc = classification(labels, [s >= t_acc for s in scores])["accuracy"]
    bal = classification(labels, [s >= t_bal for s in scores])["balanced_accuracy"]
    assert acc >= 0.8
    assert bal >= classification(labels, [s >= t_acc for s in scores])["balanced_accuracy"]


def test_span_precision_recall_counts_overlaps() -> None:
    predicted = [[(0, 5), (10, 12)], [(3, 4)]]
    gold = [[(4, 8), (20, 25)], []]
    m = span_precision_recall(predicted, gold)
    assert m["span_precision"] == pytest.approx(1 / 3)  # only (0, 5) overlaps a gold span
    assert m["span_recall"] == pytest.approx(1 / 2)  # (4, 8) found, (20, 25) missed
    assert m["char_precision"] == pytest.approx(1 / 8)  # char 4 of 5 + 2 + 1 predicted chars
    assert m["char_recall"] == pytest.approx(1 / 9)


def test_span_precision_recall_touching_spans_do_not_overlap() -> None:
    m = span_precision_recall([[(0, 4)]], [[(4, 8)]])
    assert m["span_precision"] == 0.0
    assert m["span_recall"] == 0.0


def test_ngram_containment_is_directional() -> None:
    a = "the quick brown fox jumps over the lazy dog"
    b = a + " and then runs far away into the dark woods"
    assert bl.ngram_containment(a, b, n=5) == 1.0
    assert bl.ngram_containment(b, a, n=5) < 0.5
    assert bl.ngram_containment("short text", "a short text here", n=5) == 0.0
    assert bl.ngram_containment("short text", "short text", n=5) == 1.0


def test_overlap_rule_flags_new_numbers_and_names_only() -> None:
    src = "The mayor of Springfield said 1,200 people attended on Monday.administration.According to police"
    assert not bl.overlap_rule_flags("About 1200 people attended in Springfield, the mayor said.", src)
    novel = bl.novel_tokens("The mayor of Shelbyville said 1,500 people came.", src)
    assert [t.text for t in novel] == ["Shelbyville", "1,500"]
    # sentence-initial words and glued reference tokens raise no flag
    assert not bl.overlap_rule_flags("Meanwhile, police said so. According to the administration, yes.", src)


def test_split_keys_is_seeded_and_disjoint() -> None:
    keys = [f"k{i}" for i in range(20)] * 2
    a, b = split_keys(keys, seed=0), split_keys(list(reversed(keys)), seed=0)
    assert a == b
    assert len(a) == 10
    assert split_keys(keys, seed=1) != a


def test_sample_keeps_order_and_is_seeded() -> None:
    items = list(range(100))
    s = sample(items, 10, seed=3)
    assert s == sorted(s)
    assert s == sample(items, 10, seed=3)
    assert sample(items, None) == items


def _audit(*types: str) -> Audit:
    return Audit("rewrite", 1.0, tuple(FoundSpan(t, "major", 1.0, 0, 1) for t in types), 0.0)


def test_select_types_picks_types_that_separate_the_classes() -> None:
    audits = [_audit("a", "noise"), _audit("a"), _audit("noise"), _audit()]
    labels = [True, True, False, False]
    chosen = select_types(audits, labels, ["noise", "a"], lambda y, p: balanced_accuracy(y, p))
    assert chosen == ("a",)


def test_capped_recall_picks_the_types_that_keep_false_alarms_under_the_cap() -> None:
    # 4 manipulated items, then 10 paraphrases; "loud" flags 3 of 4 but 1 paraphrase in 10
    audits = [_audit("loud"), _audit("loud"), _audit("loud", "quiet"), _audit("quiet")]
    audits += [_audit("loud")] + [_audit() for _ in range(9)]
    labels = [True] * 4 + [False] * 10
    negatives = [not y for y in labels]
    assert select_types(audits, labels, ["loud", "quiet"], _capped_recall(negatives, 0.05)) == ("quiet",)
    assert select_types(audits, labels, ["loud", "quiet"], _capped_recall(negatives, 0.10)) == (
        "loud",
        "quiet",
    )


def test_offset_map_follows_whitespace_normalisation() -> None:
    raw = "A  b\n\nc d"
    norm = "A b\n\nc d"
    mapping = _offset_map(norm, raw)
    assert raw[mapping[2] : mapping[3]] == "b"
    assert raw[mapping[5] : mapping[8]] == "c d"
    assert mapping[len(norm)] == len(raw)


def test_gate_fails_below_floor_and_above_ceiling() -> None:
    floors = {
        "t/acc/unspun": {"floor": 0.8, "measured": 0.82, "higher_is_better": True},
        "t/fa/unspun": {"floor": 0.1, "measured": 0.08, "higher_is_better": False},
    }
    ok = [
        {"key": "t/acc/unspun", "value": 0.796},
        {"key": "t/fa/unspun", "value": 0.104},
    ]
    bad = [
        {"key": "t/acc/unspun", "value": 0.79},
        {"key": "t/fa/unspun", "value": 0.2},
    ]
    assert gate.check(ok, floors) == []
    assert len(gate.check(bad, floors)) == 2
    assert len(gate.check([], floors)) == 2  # a pinned figure that vanished fails


def test_gate_update_never_lowers_a_floor_without_permission() -> None:
    floors = {"t/acc/unspun": {"floor": 0.8, "measured": 0.82, "higher_is_better": True}}
    figs = [{"key": "t/acc/unspun", "value": 0.7, "n": 100, "method": "unspun", "higher_is_better": True}]
    new, kept = gate.update(figs, floors, allow_regression=False, date="d")
    assert new["t/acc/unspun"]["floor"] == 0.8
    assert kept == ["t/acc/unspun"]
    new, kept = gate.update(figs, floors, allow_regression=True, date="d")
    assert new["t/acc/unspun"]["floor"] == pytest.approx(0.68)
    assert kept == []
    up = [{"key": "t/acc/unspun", "value": 0.95, "n": 100, "method": "unspun", "higher_is_better": True}]
    assert gate.update(up, floors, allow_regression=False, date="d")[0]["t/acc/unspun"]["floor"] == 0.93


def _have_data() -> bool:
    from benchmarks.quality.data import DataMissingError, data_dir

    try:
        data_dir()
    except DataMissingError:
        return False
    return True


@pytest.mark.data
@pytest.mark.skipif(not _have_data(), reason="shared data folder absent")
def test_loaders_handle_the_data_traps() -> None:
    from benchmarks.quality import data as ds

    train, test = ds.load_mrpc("train"), ds.load_mrpc("test")
    assert (len(train), sum(p.label for p in train)) == (4076, 2753)  # BOM and raw quotes parsed
    assert (len(test), sum(p.label for p in test)) == (1725, 1147)
    llmfake = ds.load_llmfake()
    overlap = ds.load_overlap(llmfake)
    mix = [k for k in overlap if k.startswith("mixset-")]
    assert len(mix) == 51  # 0-based array index in the TSV -> MixSet id N+1
    texts = {m.doc_id: m.text for m in ds.load_mixset()}
    assert all(k in texts for k in mix)
    assert len(ds.load_not_rewrites()) == 368


def _slow_threshold(scores: list[float], labels: list[bool], objective: str) -> float:
    """Obviously correct reference: try every candidate, keep the first best."""
    best_t, best_v = math.inf, -math.inf
    for t in [*sorted(set(scores)), math.inf]:
        v = classification(labels, [s >= t for s in scores])[objective]
        v = -1.0 if math.isnan(v) else v
        if v > best_v:
            best_t, best_v = t, v
    return best_t


@pytest.mark.parametrize("objective", ["accuracy", "balanced_accuracy", "f1"], ids=str)
def test_choose_threshold_matches_the_slow_reference(objective: Objective) -> None:
    import random

    rng = random.Random(7)
    for _ in range(40):
        n = rng.randint(1, 30)
        scores = [round(rng.random(), 1) for _ in range(n)]  # many ties
        labels = [rng.random() < 0.6 for _ in range(n)]
        fast = choose_threshold(scores, labels, objective=objective)
        assert fast == _slow_threshold(scores, labels, objective)


@pytest.mark.data
@pytest.mark.slow
@pytest.mark.skipif(not _have_data(), reason="shared data folder absent")
def test_tasks_without_an_auditor_mark_unspun_figures_not_available() -> None:
    from benchmarks.quality import tasks

    ctx = tasks.Context(
        quick=True, auditor=None, auditor_why="model missing", similarity=None, similarity_why="none"
    )
    for task in (tasks.task_summedits, tasks.task_faithbench):
        out = task(ctx)
        unspun = [f for f in out.figures if f.method == "unspun"]
        assert unspun
        assert all(f.value is None and "model missing" in f.note for f in unspun)
        assert any(f.value is not None for f in out.figures)  # the baselines still ran
