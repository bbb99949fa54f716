"""Property: the calibrated verification score rises with the evidence (issue 11, item 3)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.index.verify import FEATURES, calibrated_score

# Shares and similarities lie in [0, 1]; margins (a value minus another candidate's) in [-1, 1].
_features = st.fixed_dictionaries({name: st.floats(min_value=-1.0, max_value=1.0) for name in FEATURES})


@settings(max_examples=300)
@given(_features, st.sampled_from(FEATURES), st.floats(min_value=0.0, max_value=1.0))
def test_more_evidence_never_lowers_the_score(features: dict[str, float], name: str, more: float) -> None:
    raised = {**features, name: features[name] + more}
    assert calibrated_score(raised) >= calibrated_score(features)


@settings(max_examples=100)
@given(_features)
def test_score_is_a_probability(features: dict[str, float]) -> None:
    assert 0.0 <= calibrated_score(features) <= 1.0
