"""Property: the calibrated verification score rises with the evidence (issue 11, item 3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.config import IndexSettings
from unspun.index.judge import in_band, judged_score, lexical
from unspun.index.verify import AGAINST, COEFFICIENTS, FEATURES, calibrated_score

# Shares and similarities lie in [0, 1] (wider here: the property must not depend on the range).
_features = st.fixed_dictionaries({name: st.floats(min_value=-1.0, max_value=2.0) for name in FEATURES})


@settings(max_examples=300)
@given(_features, st.sampled_from(FEATURES), st.floats(min_value=0.0, max_value=1.0))
def test_more_evidence_never_lowers_the_score(features: dict[str, float], name: str, more: float) -> None:
    raised = {**features, name: features[name] + more}
    if name in AGAINST:  # a closer background asks for more evidence
        assert calibrated_score(raised) <= calibrated_score(features)
    else:  # a higher similarity, share, coverage or overlap never lowers the score
        assert calibrated_score(raised) >= calibrated_score(features)


def test_weights_have_the_signs_the_fit_was_constrained_to() -> None:
    for name, weight in COEFFICIENTS.items():
        assert weight <= 0.0 if name in AGAINST else weight >= 0.0, name
    assert set(FEATURES) >= AGAINST


@settings(max_examples=100)
@given(_features)
def test_score_is_a_probability(features: dict[str, float]) -> None:
    assert 0.0 <= calibrated_score(features) <= 1.0


# The band judge (unspun.index.judge): the cross-encoder's cover share raises a top hit's score
# only inside a band of lexical scores; the composition must stay monotone in every feature and in
# the cover share, whatever the band and the (non-negative) weights.
_judge_settings = st.builds(
    lambda lo, width, intercept, w_score, w_cover, shift: IndexSettings(
        judge=True,
        judge_min_score=lo,
        judge_cap=min(1.0, lo + width),
        judge_intercept=intercept,
        judge_weight_score=w_score,
        judge_weight_cover=w_cover,
        judge_shift=shift,
    ),
    st.floats(min_value=0.0, max_value=0.9),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=-30.0, max_value=30.0),
    st.floats(min_value=0.0, max_value=5.0),
    st.floats(min_value=0.0, max_value=50.0),
    st.floats(min_value=0.0, max_value=2.0),
)
_share = st.floats(min_value=0.0, max_value=1.0)


def _final(features: dict[str, float], cover: float, cfg: IndexSettings) -> float:
    return judged_score(lexical(calibrated_score(features), cfg), cover, cfg)


@settings(max_examples=500)
@given(_features, st.sampled_from(FEATURES), st.floats(min_value=0.0, max_value=1.0), _share, _judge_settings)
def test_more_evidence_never_lowers_the_judged_score(
    features: dict[str, float], name: str, more: float, cover: float, cfg: IndexSettings
) -> None:
    raised = {**features, name: features[name] + more}
    if name in AGAINST:
        assert _final(raised, cover, cfg) <= _final(features, cover, cfg)
    else:
        assert _final(raised, cover, cfg) >= _final(features, cover, cfg)


@settings(max_examples=300)
@given(_features, _share, _share, _judge_settings)
def test_a_higher_cover_share_never_lowers_the_score(
    features: dict[str, float], cover: float, more: float, cfg: IndexSettings
) -> None:
    assert _final(features, min(1.0, cover + more), cfg) >= _final(features, cover, cfg)


@settings(max_examples=300)
@given(
    st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0), _share, _judge_settings
)
def test_the_judged_score_is_a_monotone_function_of_the_lexical_score(
    score: float, more: float, cover: float, cfg: IndexSettings
) -> None:
    higher = min(1.0, score + more)
    judged = judged_score(score, cover, cfg)
    assert judged_score(higher, cover, cfg) >= judged
    assert judged >= score  # the judge never lowers a score
    assert judged <= max(score, cfg.judge_cap)  # nor lifts it above its cap
    if not in_band(score, cfg):
        assert judged == score


@settings(max_examples=300)
@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0), _judge_settings)
def test_the_judges_shift_is_a_monotone_map_that_never_raises_a_score(
    score: float, more: float, cfg: IndexSettings
) -> None:
    higher = min(1.0, score + more)
    assert lexical(higher, cfg) >= lexical(score, cfg)
    assert 0.0 <= lexical(score, cfg) <= score
    off = IndexSettings(judge=False, judge_shift=cfg.judge_shift)
    assert lexical(score, off) == score  # the shift is paid only with the judge on


def test_the_judge_is_off_unless_asked_for() -> None:
    cfg = IndexSettings(judge=False)
    assert not in_band(0.3, cfg)
    assert judged_score(0.3, 1.0, cfg) == 0.3


def test_the_shipped_judge_weights_are_non_negative() -> None:
    cfg = IndexSettings()
    assert cfg.judge_weight_score >= 0.0
    assert cfg.judge_weight_cover >= 0.0
    assert cfg.judge_cap > cfg.min_score > cfg.judge_min_score  # the band reaches over the threshold
