"""meaning_changed from a swapped word in a copied sentence (unspun.audit.substitutions, .wordnet)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.audit.substitutions import Swap, candidate_swaps, copied_share, polar_flip, synonyms, valence
from unspun.audit.wordnet import lemmas, related
from unspun.config import Settings, load_settings
from unspun.errors import ConfigError
from unspun.pipeline import compare
from unspun.types import FindingType, Report, Severity

_BASE = Settings()
ON = dataclasses.replace(_BASE, audit=dataclasses.replace(_BASE.audit, substitutions=True))

# SummEdits-news, "evaluation" split (the harness's dev half), article 63f9455b8d931ba6e664fb85:
# a sentence of the AP report and two human-labelled summary edits of it
CLIFF = (
    "CANBERRA - An Australian pleaded guilty on Thursday to manslaughter in the death 35 years ago of "
    "an American who fell from a Sydney clifftop that was known as a gay meeting place."
)
CLIFF_SWAPPED = (  # labelled inconsistent (_21)
    "An Australian has pleaded guilty to manslaughter in the death 35 years ago of an American who "
    "fell from a Sydney building that was known as a gay meeting place."
)
CLIFF_TUMBLED = (  # "fell" -> "tumbled", "clifftop" -> "cliff" (a shorter form): consistent
    "An Australian has pleaded guilty to manslaughter in the death 35 years ago of an American who "
    "tumbled from a Sydney clifftop that was known as a gay meeting place."
)
# article 63f9455b8d931ba6e664fb88 (Ozy Media) and its summary edit _2, labelled inconsistent
OZY = (
    "Watson, founder of the troubled digital start-up Ozy Media, was arrested Thursday on fraud "
    "charges as part of a scheme to prop up the financially struggling company."
)
OZY_SWAPPED = (
    "Watson, founder of the triumphant digital start-up Ozy Media, was arrested Thursday on fraud "
    "charges as part of a scheme to prop up the financially struggling company."
)
OTHER = "\n\nThe court will sentence him in May.\n\nHis family thanked the police for their work."


def _swapped(report: Report) -> list[tuple[str | None, str | None]]:
    return [(f.before, f.after) for f in report.findings if f.type is FindingType.MEANING_CHANGED]


def test_copied_sentence_with_a_swapped_noun_is_found() -> None:
    swaps = candidate_swaps(CLIFF_SWAPPED, CLIFF, min_copied=0.6, max_words=3)
    assert [(s.before, s.after) for s in swaps] == [("clifftop", "building")]
    assert not synonyms(swaps[0])


def test_swap_is_reported_with_both_spans() -> None:
    report = compare(OZY_SWAPPED + OTHER, [OZY + OTHER], settings=ON)
    found = [f for f in report.findings if f.type is FindingType.MEANING_CHANGED]
    assert [(f.before, f.after) for f in found] == [("troubled", "triumphant")]
    f = found[0]
    assert f.severity is Severity.MAJOR
    assert f.rewrite.text == "triumphant"
    assert f.source is not None
    assert f.source.text == "troubled"
    assert "triumphant" in f.message
    assert "troubled" in f.message


def test_wordnet_synonym_swap_is_not_reported() -> None:
    report = compare(CLIFF_TUMBLED + OTHER, [CLIFF + OTHER], settings=ON)
    assert _swapped(report) == []


def test_rule_is_off_by_default() -> None:
    # shipped off: its measured precision does not pay for its false alarms (module docstring)
    assert not Settings().audit.substitutions
    assert _swapped(compare(OZY_SWAPPED + OTHER, [OZY + OTHER])) == []
    assert _swapped(compare(OZY_SWAPPED + OTHER, [OZY + OTHER], settings=ON)) != []


def test_settings_are_checked() -> None:
    with pytest.raises(ConfigError, match="substitution_min_copied"):
        load_settings(env={}, overrides={"audit": {"substitution_min_copied": 1.5}})
    with pytest.raises(ConfigError, match="substitution_max_words"):
        load_settings(env={}, overrides={"audit": {"substitution_max_words": 0}})


def test_moved_word_is_no_swap() -> None:
    # the new word stands in the source sentence next door: moved, not invented
    source = OZY + " The company had been struggling for months."
    rewrite = OZY.replace("troubled", "struggling")
    assert candidate_swaps(rewrite, source, min_copied=0.6, max_words=3, around=_stems(source)) == []


def _stems(text: str) -> frozenset[str]:
    from unspun.audit.substitutions import _tokens

    return frozenset(t.key for t in _tokens(text))


def test_abbreviation_inflection_and_numbers_are_no_swaps() -> None:
    src = "The United Kingdom said the prices rose 5 percent in the first quarter of the year."
    assert candidate_swaps(src.replace("United Kingdom", "UK"), src, min_copied=0.6, max_words=3) == []
    assert candidate_swaps(src.replace("rose", "rises"), src, min_copied=0.6, max_words=3) == []
    assert candidate_swaps(src.replace("5", "7"), src, min_copied=0.6, max_words=3) == []


def test_reordered_clauses_still_count_as_a_copy() -> None:
    # SummEdits-news dev, 63f9455b8d931ba6e664fb84: the summary puts the doc's second sentence first
    source = (
        "Activists in London dumped gallons of yellow and blue paint in front of the Russian embassy. "
        "The protest comes on the eve of the one-year anniversary of Russia's invasion of Ukraine."
    )
    rewrite = (
        "On the eve of the one-year anniversary of Russia's annexation of Ukraine, activists dumped "
        "gallons of yellow and blue paint in front of the Russian embassy."
    )
    assert copied_share(rewrite, source) > 0.8
    swaps = candidate_swaps(rewrite, source, min_copied=0.6, max_words=3)
    assert [(s.before, s.after) for s in swaps] == [("invasion", "annexation")]


def test_loose_paraphrase_is_not_a_near_copy() -> None:
    rewrite = "A man from Australia admitted killing an American who died at a Sydney gay meeting spot."
    assert candidate_swaps(rewrite, CLIFF, min_copied=0.6, max_words=3) == []


def test_names_are_left_to_the_entity_and_quote_rules() -> None:
    # a speaker or a company swapped is entity_mismatch / quote_misattributed, never reported twice
    assert candidate_swaps(OZY.replace("Ozy Media", "Vox Media"), OZY, min_copied=0.6, max_words=3) == []
    assert (
        candidate_swaps(OZY.replace("Watson, founder", "Watson, CEO"), OZY, min_copied=0.6, max_words=3) == []
    )


def test_glued_words_are_no_swap() -> None:
    # LLMFake train (ct13591 manipulation): the source glues a dateline to the place name
    src = "The fires broke out in NEWashington state late on Sunday, officials said in a statement."
    rewrite = "The fires broke out in NE Washington state late on Sunday, officials said in a statement."
    assert candidate_swaps(rewrite, src, min_copied=0.6, max_words=3) == []


def test_polarity_flip() -> None:
    assert valence("troubled") < 0 < valence("triumphant")
    assert valence("condemning the plan") < 0  # through its WordNet lemma "condemn"
    assert valence("harbour") == 0.0
    flip = Swap(0, 8, 0, 10, "troubled", "triumphant", 0.95)
    assert polar_flip(flip, 2.5)
    assert not polar_flip(Swap(0, 8, 0, 9, "troubled", "embattled", 0.95), 2.5)  # no rating: no flip
    assert not polar_flip(Swap(0, 5, 0, 6, "anger", "dismay", 0.95), 2.5)  # both negative


def test_wordnet_relations() -> None:
    assert related("fell", "tumbled") is True  # "fall" / "tumble" share a synset
    assert related("death", "demise") is True
    assert related("sedan", "car") is True  # one hypernym link
    assert related("yellow", "green") is False  # co-hyponyms: two links apart
    assert related("troubled", "triumphant") is False
    assert related("clifftop", "zzzz") is None
    assert "fall" in lemmas("fell")
    assert "plunge" in lemmas("plunged")


_WORDS = st.sampled_from(
    "the council approved a new plan for the harbour after months of talks with local fishermen".split()  # noqa: SIM905
)
# pairs WordNet relates (checked by test_synonym_pairs_are_related)
_SYNONYMS = {"big": "large", "fell": "tumbled", "death": "demise", "car": "automobile", "buy": "purchase"}


def test_synonym_pairs_are_related() -> None:
    for a, b in _SYNONYMS.items():
        assert related(a, b), (a, b)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=4, max_size=25))
def test_identical_sentences_have_no_swap(words: list[str]) -> None:
    text = " ".join(words) + "."
    assert candidate_swaps(text, text, min_copied=0.0, max_words=3) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(_WORDS, st.sampled_from(sorted(_SYNONYMS))), min_size=4, max_size=25),
    st.data(),
)
def test_synonym_only_rewrite_is_never_reported(words: list[str], data: st.DataObject) -> None:
    flips = [w in _SYNONYMS and data.draw(st.booleans()) for w in words]
    rewrite = " ".join(_SYNONYMS[w] if f else w for w, f in zip(words, flips, strict=True)) + "."
    source = " ".join(words) + "."
    swaps: list[Swap] = candidate_swaps(rewrite, source, min_copied=0.0, max_words=3)
    assert all(synonyms(s) for s in swaps), swaps
