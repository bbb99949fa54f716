from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.align import LEXICAL, _local_idf, _similarity, profile, sentence_similarity, similarity_matrix

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


# Sentences over a small vocabulary so that pairs share stems, bigrams, quotations, countries
# (Kyiv / Ukrainian count as Ukraine), numbers, and near copies reach the character view.
_WORDS = [
    "the",
    "said",
    "forces",
    "force",
    "seized",
    "seizing",
    "town",
    "Toretsk",
    "Kyiv",
    "Ukraine",
    "Ukrainian",
    "officials",
    "denied",
    "3,000",
    "12",
    "on",
    "Friday",
    "mining",
    "we",
    "will",
    "hold",
    "line",
    "it's",
    "bank",
    "rates",
]
_word_list = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=10)
_sentence = st.tuples(_word_list, st.booleans(), st.sampled_from(["", ".", "!"])).map(
    lambda t: (" ".join(t[0][:2]) + ' "' + " ".join(t[0][2:]) + '"' if t[1] else " ".join(t[0])) + t[2]
)


@st.composite
def _sentence_lists(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    rewrite = draw(st.lists(_sentence, min_size=0, max_size=6))
    source = draw(st.lists(_sentence, min_size=0, max_size=6))
    # near copies of rewrite sentences: one character dropped or changed
    for s in draw(st.lists(st.sampled_from(rewrite), max_size=3)) if rewrite else []:
        k = draw(st.integers(min_value=0, max_value=max(len(s) - 1, 0)))
        source.append(s[:k] + draw(st.sampled_from(["", "x", " "])) + s[k + 1 :])
    return rewrite, source


@settings(max_examples=200, deadline=None)
@given(_sentence_lists(), st.booleans())
def test_similarity_matrix_equals_the_scalar_similarity(
    lists: tuple[list[str], list[str]], local: bool
) -> None:
    rewrite, source = lists
    rp = [profile(t) for t in rewrite]
    sp = [profile(t) for t in source]
    idf = _local_idf([*rp, *sp]) if local else None
    m = similarity_matrix(rp, sp, idf)
    assert m.shape == (len(rp), len(sp))
    for i, a in enumerate(rp):
        for j, b in enumerate(sp):
            assert abs(m[i, j] - _similarity(a, b, idf)) <= 1e-9, (rewrite[i], source[j])


@settings(max_examples=150, deadline=None)
@given(_sentence_lists())
def test_lexical_similarity_is_the_aligners_view_of_each_pair(lists: tuple[list[str], list[str]]) -> None:
    rewrite, source = lists
    m = LEXICAL(rewrite, rewrite + source)
    rp = [profile(t) for t in rewrite]
    sp = [profile(t) for t in rewrite + source]
    idf = _local_idf([*rp, *sp])
    for i, a in enumerate(rp):
        for j, b in enumerate(sp):
            if a.surface == b.surface:
                want = 1.0
            elif a.stems.keys() & b.stems.keys() or a.surface[:20] == b.surface[:20]:
                # clipped as align() clips a link: recall can pass 1 when the words weigh differently
                want = min(max(_similarity(a, b, idf), 0.0), 1.0)
            else:
                want = 0.0  # nothing in common: never linked
            assert abs(m[i, j] - want) <= 1e-9, (rewrite[i], (rewrite + source)[j])
        assert m[i, i] == 1.0


def test_a_pair_at_exactly_the_character_cutoff_is_decided_by_characters() -> None:
    # Found by the property above: Indel similarity exactly 0.85, which rapidfuzz's cutoff dropped.
    rp, sp = [profile("said 12 forces said")], [profile("denied 12 forces said")]
    assert similarity_matrix(rp, sp, None)[0, 0] == _similarity(rp[0], sp[0], None) == 0.85
