"""Property: an article added to the index and queried with its own text comes back first."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index_words import RARE_WORDS as RARE
from unspun.index import Record, open_index, search

COMMON = [
    "the",
    "of",
    "and",
    "said",
    "minister",
    "company",
    "market",
    "police",
    "government",
    "report",
    "people",
    "year",
    "week",
]

# Every sentence carries at least one rare word, so every article has index terms.
sentence = st.tuples(
    st.lists(st.sampled_from(COMMON + RARE), min_size=4, max_size=12), st.sampled_from(RARE)
).map(lambda p: " ".join([*p[0], p[1]]).capitalize() + ".")
article = st.lists(sentence, min_size=2, max_size=8).map(" ".join)


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(docs=st.lists(article, min_size=2, max_size=12), pick=st.integers(min_value=0, max_value=11))
def test_own_text_comes_back_first(docs: list[str], pick: int) -> None:
    i = pick % len(docs)
    with tempfile.TemporaryDirectory() as tmp:
        with open_index(Path(tmp) / "idx", mode="w") as idx:
            idx.add(Record(f"d{j}", t) for j, t in enumerate(docs))
        with open_index(Path(tmp) / "idx") as idx:
            hits = search(idx, docs[i], k=3)
    assert hits, "an indexed article must find at least itself"
    assert hits[0].doc.text == docs[i]
