"""Quotations aligned in reading order (unspun.audit.quote_order)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from unspun.audit.quote_order import monotone_matching


def _brute(scores: np.ndarray, cut: float) -> float:
    """The best total of any order-preserving matching, by trying them all (small matrices)."""
    n, m = scores.shape
    best = 0.0
    for k in range(1, min(n, m) + 1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.combinations(range(m), k):
                pairs = [scores[i, j] for i, j in zip(rows, cols, strict=True)]
                if all(p >= cut for p in pairs):
                    best = max(best, float(sum(pairs)))
    return best


def test_a_quotation_out_of_turn_is_not_matched() -> None:
    # rows: rewrite quotations in reading order; columns: the source's
    scores = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.9], [0.1, 0.6, 0.1]])
    assert monotone_matching(scores, 0.5) == {0: 0, 1: 2}
    assert monotone_matching(scores, 0.95) == {}


def test_ties_and_empty_inputs() -> None:
    assert monotone_matching(np.zeros((0, 3)), 0.5) == {}
    assert monotone_matching(np.zeros((2, 0)), 0.5) == {}
    assert monotone_matching(np.full((2, 2), 0.7), 0.5) == {0: 0, 1: 1}


@settings(max_examples=150, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4)), elements=st.floats(0, 1.4)),
    st.sampled_from([0.0, 0.3, 0.5, 0.9]),
)
def test_matching_is_monotone_one_to_one_above_the_cut_and_optimal(scores: np.ndarray, cut: float) -> None:
    got = monotone_matching(scores, cut)
    pairs = sorted(got.items())
    assert len({j for _, j in pairs}) == len(pairs)
    assert all(b[1] > a[1] for a, b in itertools.pairwise(pairs))
    assert all(scores[i, j] >= cut for i, j in pairs)
    assert abs(sum(float(scores[i, j]) for i, j in pairs) - _brute(scores, cut)) < 1e-9
