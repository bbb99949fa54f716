"""The planted benchmark's keys by text (session 10): a splitter change elsewhere moves no item."""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.quality.planted import Base, Item, _pick, select, split_of, text_key
from benchmarks.quality.planting import Kind, Plant, stable_order
from hypothesis import given
from hypothesis import strategies as st


@dataclass(frozen=True)
class _Sentence:
    text: str


def test_text_key_ignores_spacing_case_and_unicode_forms_only() -> None:
    assert text_key("The vote  was held\nin May.") == text_key("the vote was held in may.")
    assert text_key("ﬁve officials") == text_key("five officials")  # NFKC
    assert text_key("The vote was held in May.") != text_key("The vote was held in June.")
    assert len(text_key("x")) == 12


def test_a_base_falls_in_its_articles_half() -> None:
    b = Base("doc-9::paraphrase_generation::abc", "llmfake", "A sentence.", "Source.", "doc-9")
    assert b.split == split_of("doc-9")
    assert Base("d-1::abc", "distractor", "A.", "B.").split == split_of("d-1::abc")


_TEXTS = st.lists(
    st.text(alphabet="abcdefgh ", min_size=5, max_size=20), min_size=1, max_size=12, unique=True
)


@given(_TEXTS, st.text(alphabet="xyz", min_size=5, max_size=20), st.integers(0, 12))
def test_a_new_sentence_changes_an_articles_pick_only_where_it_is_picked(
    texts: list[str], extra: str, at: int
) -> None:
    body = [_Sentence(t) for t in texts]
    grown = [*body[:at], _Sentence(extra), *body[at:]]  # a sentence cut in two elsewhere, say
    before = {body[i].text for i in _pick("d", body, range(len(body)), 10)}
    after = {grown[i].text for i in _pick("d", grown, range(len(grown)), 10)}
    if extra in after:
        assert len(before - after) <= 1
    else:
        assert after == before


@given(
    st.lists(st.sampled_from(["Ann Lee", "Bo Chan", "Cy Ode", "Di Ma", "Ed Wu"]), unique=True),
    st.integers(0, 99),
)
def test_stable_order_keeps_the_others_order_when_a_name_leaves(names: list[str], seed: int) -> None:
    full = stable_order(names, random.Random(seed))
    for gone in names:
        assert stable_order([n for n in names if n != gone], random.Random(seed)) == [
            n for n in full if n != gone
        ]


def _item(ident: str, kind: Kind) -> Item:
    base = Base(ident, "distractor", f"Sentence {ident}.", "Source.", "art")
    return Item(base, kind, Plant(f"Sentence {ident}!", 0, 1, "a", "b"))


def test_the_sample_per_kind_keeps_its_items_when_others_leave_the_pool() -> None:
    split = split_of("art")
    items = [_item(f"art::{i:03d}", Kind.NUMBER) for i in range(40)]
    bases = [it.base for it in items]
    chosen = {it.id for it in select(bases, items, split, per_kind=10) if it.kind}
    assert len(chosen) == 10
    kept = [it for it in items if it.id in chosen or int(it.base.id[-3:]) % 2]  # half the others gone
    assert {it.id for it in select(bases, kept, split, per_kind=10) if it.kind} == chosen
    twins = [it for it in select(bases, items, split, per_kind=10) if it.kind is None]
    assert {t.base.id for t in twins} == {i.rsplit("::", 1)[0] for i in chosen}
