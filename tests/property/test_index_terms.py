"""Property: the index tokeniser's fast paths give exactly the Unicode regex's tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.text.weights import _TOKEN, _TYPOGRAPHIC, tokenize

# Text mixing ASCII words and punctuation with the typographic characters the fast path replaces,
# and with other non-ASCII letters, digits and symbols that must send it to the regex.
WORDS = ["Kyiv", "said", "U.S.", "it's", "3.5%", "co-op", "snake_case", "Zürich", "São", "İstanbul"]
OTHER = ["ΑΘΗΝΑ", "١٢٣", " ", "\n", "\t", "—", "\u200b", "\u2009", "ß", "ﬁ"]
pieces = st.sampled_from([*WORDS, *_TYPOGRAPHIC, *OTHER])


@settings(max_examples=300)
@given(st.lists(pieces, max_size=40).map("".join))
def test_tokenize_matches_regex_on_news_like_text(text: str) -> None:
    assert tokenize(text) == _TOKEN.findall(text.lower())


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_tokenize_matches_regex_on_any_text(text: str) -> None:
    assert tokenize(text) == _TOKEN.findall(text.lower())
