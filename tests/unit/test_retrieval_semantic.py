"""The semantic-evidence experiment on retrieval dumps (benchmarks/quality/retrieval_semantic.py)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from benchmarks.quality.retrieval_semantic import augment, derived, needed


def _hit(hid: str, cos: float, *, verified: bool = True) -> dict[str, Any]:
    return {"id": hid, "cos": cos, "verified": verified, "features": {"cos": cos} if verified else {}}


def test_needed_keeps_the_top_by_cosine_and_the_first_in_search_order() -> None:
    hs = [_hit("a", 0.2), _hit("b", 0.9), _hit("c", 0.8), _hit("d", 0.7), _hit("e", 0.6), _hit("f", 0.1)]
    hs.append(_hit("g", 0.95, verified=False))
    kept = [h["id"] for h in needed(hs, background_rank=3)]
    assert kept == ["b", "c", "d", "e", "a"]


def _rows(lex: list[float], comb: list[float], cos: list[float], chars: list[float]) -> dict[str, np.ndarray]:
    return {
        "chars": np.array(chars),
        "lex": np.array(lex),
        "cos": np.array(cos),
        "comb": np.array(comb),
        "comb_arg": np.arange(len(lex)),
        "n_cand": np.array(4),
    }


def test_the_gated_share_is_the_lexical_one_where_too_few_sentences_link_by_words() -> None:
    r = _rows(
        lex=[0.5, 0.1, 0.1, 0.1], comb=[0.5, 0.4, 0.4, 0.1], cos=[0.9, 0.8, 0.8, 0.2], chars=[10, 10, 10, 10]
    )
    f = derived(r, min_sim=0.28, min_share=0.5)
    assert f["sem_share"] == pytest.approx(0.75)
    assert f["sem_share_gated"] == pytest.approx(0.25)  # 1 of 4 rows link by words: below the gate
    assert f["sem_mean_best"] == pytest.approx(0.675)
    assert f["sem_coverage"] == pytest.approx(0.75)
    assert derived(r, min_sim=0.28, min_share=0.25)["sem_share_gated"] == pytest.approx(0.75)


def test_the_background_is_the_kth_best_other_candidate_by_cosine() -> None:
    hs = [_hit("a", 0.9), _hit("b", 0.8), _hit("c", 0.7), _hit("d", 0.6)]
    rows = {
        ("q", "k", h["id"]): _rows([0.5], [0.5], [c], [10])
        for h, c in zip(hs, [0.1, 0.2, 0.3, 0.4], strict=True)
    }
    u: dict[str, Any] = {"hits": {"k": hs}, "neg": {}}
    augment(u, rows, background_rank=3)
    # a's others by cosine: b, c, d -> the 3rd is d; d's others: a, b, c -> c
    assert hs[0]["features"]["sem_mean_best_background"] == pytest.approx(0.4)
    assert hs[3]["features"]["sem_mean_best_background"] == pytest.approx(0.3)


def test_band_fit_scores_as_the_judge_does() -> None:
    """The band fit's array form of the judged score is the judge's own (a choice made on the
    benchmark must mean the same in `trace`)."""
    import dataclasses

    from benchmarks.quality.retrieval_semantic import judged

    from unspun.config import IndexSettings
    from unspun.index.judge import judged_score

    cfg = dataclasses.replace(IndexSettings(), judge=True)
    params = {
        "shift": 0.0,
        "lo": cfg.judge_min_score,
        "cap": cfg.judge_cap,
        "intercept": cfg.judge_intercept,
        "w_score": cfg.judge_weight_score,
        "w_cover": cfg.judge_weight_cover,
    }
    rng = np.random.default_rng(0)
    scores, covers = rng.uniform(0.001, 1.0, 500), rng.uniform(0.0, 1.0, 500)
    expected = [judged_score(float(s), float(c), cfg) for s, c in zip(scores, covers, strict=True)]
    assert judged(scores, covers, params) == pytest.approx(expected, abs=1e-12)
    assert np.any(judged(scores, covers, params) > scores)  # the band and weights do lift some


def test_band_fit_shifts_the_lexical_score_as_the_judge_does() -> None:
    import dataclasses

    from benchmarks.quality.retrieval_semantic import judged

    from unspun.config import IndexSettings
    from unspun.index.judge import judged_score, lexical

    cfg = dataclasses.replace(IndexSettings(), judge=True, judge_shift=0.4, judge_min_score=0.05)
    params = {
        "shift": cfg.judge_shift,
        "lo": cfg.judge_min_score,
        "cap": cfg.judge_cap,
        "intercept": cfg.judge_intercept,
        "w_score": cfg.judge_weight_score,
        "w_cover": cfg.judge_weight_cover,
    }
    rng = np.random.default_rng(1)
    scores, covers = rng.uniform(0.001, 0.999, 500), rng.uniform(0.0, 1.0, 500)
    expected = [
        judged_score(lexical(float(s), cfg), float(c), cfg) for s, c in zip(scores, covers, strict=True)
    ]
    assert judged(scores, covers, params) == pytest.approx(expected, abs=1e-12)
    assert np.any(judged(scores, covers, params) < scores)  # the shift lowers some
