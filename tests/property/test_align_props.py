from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.align import sentence_similarity

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


@settings(max_examples=200, deadline=None)
@given(_text, _text)
def test_similarity_is_bounded_and_symmetric(a: str, b: str) -> None:
    s = sentence_similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert abs(s - sentence_similarity(b, a)) < 1e-9


@settings(max_examples=100, deadline=None)
@given(_text)
def test_similarity_of_a_text_with_itself_is_one(a: str) -> None:
    assert sentence_similarity(a, a) == 1.0
