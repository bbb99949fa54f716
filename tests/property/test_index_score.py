"""Property: the calibrated verification score rises with the evidence (issue 11, item 3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
