"""Semantic similarity in the aligner (align.similarity = "combined") and in quotation matching."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sentence_articles import article_of
from unspun.align import LEXICAL, CombinedSimilarity, align, sentence_similarity
from unspun.config import AlignSettings, AuditSettings, Settings, SimilarityView, load_settings
from unspun.errors import ConfigError, ModelMissingError
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.semantic import model as semantic_model
from unspun.semantic.similarity import combine, lift
from unspun.types import FindingType, LinkKind

LEXICAL_ONLY = AlignSettings(similarity=SimilarityView.LEXICAL)
COMBINED = AlignSettings(similarity=SimilarityView.COMBINED)


_SOURCE_SENTENCES = [
    "Scientists found that the drug reduced symptoms in most patients.",
    "The trial ran for two years at hospitals in three countries.",
    "Regulators are expected to decide on approval next spring.",
    "The drugmaker said it would publish the full results in a medical journal.",
]
# Reworded sentences (0, 2), one that says something else on the same story (1), and one the
# words alone tie to the source (3): a rewrite of this source, as far as the words can tell.
_REWRITE_SENTENCES = [
    "Researchers discovered the medication eased symptoms for the majority of patients.",
    "The company's shares rose on the news, traders said.",
    "The study lasted two years and took place in hospitals across three nations.",
    "The drugmaker said it would publish the full results in a medical journal later this year.",
]
SOURCE = article_of("src", _SOURCE_SENTENCES)
REWRITE = article_of("rw", _REWRITE_SENTENCES)


def test_reworded_sentences_the_words_miss_link_as_paraphrases() -> None:
    lexical = align(REWRITE, [SOURCE], settings=LEXICAL_ONLY)
    assert [(x.rewrite_index, x.source_index) for x in lexical] == [(3, 3)]
    links = align(REWRITE, [SOURCE], settings=COMBINED)
    assert [(x.rewrite_index, x.source_index) for x in links] == [(0, 0), (2, 1), (3, 3)]
    assert [x.kind for x in links[:2]] == [LinkKind.PARAPHRASE, LinkKind.PARAPHRASE]
    # a link the words make keeps its kind, and its similarity can only rise
    assert links[2].kind is lexical[0].kind is LinkKind.NEAR_VERBATIM
    assert links[2].similarity >= lexical[0].similarity
    cfg = AlignSettings()
    assert all(cfg.min_similarity <= x.similarity <= 1.0 for x in links)


def test_a_sentence_on_the_same_story_that_says_something_else_stays_unlinked() -> None:
    linked = {x.rewrite_index for x in align(REWRITE, [SOURCE], settings=COMBINED)}
    assert 1 not in linked  # "The company's shares rose on the news"


def test_no_reworded_links_into_an_article_the_words_do_not_tie_to_the_rewrite() -> None:
    # The same reworded sentences without the one the words link: as far as the words can tell
    # the two articles are independent reports on one story, so a high cosine is the topic.
    independent = article_of("rw", _REWRITE_SENTENCES[:3])
    assert align(independent, [SOURCE], settings=COMBINED) == ()
    stricter = AlignSettings(similarity=SimilarityView.COMBINED, semantic_min_share=0.3)
    assert align(REWRITE, [SOURCE], settings=stricter) == align(REWRITE, [SOURCE], settings=LEXICAL_ONLY)


def test_combined_similarity_object_matches_align_on_its_links() -> None:
    sim = CombinedSimilarity()([s.text for s in REWRITE.body], [s.text for s in SOURCE.body])
    lexical = LEXICAL([s.text for s in REWRITE.body], [s.text for s in SOURCE.body])
    assert sim.shape == (4, 4)
    assert (sim >= lexical - 1e-12).all()
    assert sim[0, 0] >= AlignSettings().min_similarity > lexical[0, 0]
    assert sim[1].max() < AlignSettings().min_similarity


def test_sentence_similarity_follows_the_setting() -> None:
    a, b = SOURCE.body[0].text, REWRITE.body[0].text
    lexical = sentence_similarity(a, b, settings=LEXICAL_ONLY)
    combined = sentence_similarity(a, b, settings=COMBINED)
    assert lexical < AlignSettings().min_similarity <= combined
    assert combined == pytest.approx(sentence_similarity(b, a, settings=COMBINED))
    assert sentence_similarity(a, b) == (lexical if AlignSettings().similarity == "lexical" else combined)


def test_missing_semantic_model_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(semantic_model, "_DEFAULT", None)
    monkeypatch.setattr(semantic_model, "default_model_dir", lambda: tmp_path)
    with pytest.raises(ModelMissingError, match="make model"):
        align(REWRITE, [SOURCE], settings=COMBINED)
    assert len(align(REWRITE, [SOURCE], settings=LEXICAL_ONLY)) == 1  # the lexical view needs no model


def test_similarity_setting_is_checked() -> None:
    got = load_settings(env={"UNSPUN_ALIGN_SIMILARITY": "combined"})
    assert got.align.similarity is SimilarityView.COMBINED
    with pytest.raises(
        ConfigError, match=r"align.similarity must be a SimilarityView \(lexical \| combined\)"
    ):
        load_settings(env={"UNSPUN_ALIGN_SIMILARITY": "dense"})


_unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
_matrix = arrays(np.float64, (3, 4), elements=_unit)


@settings(max_examples=200, deadline=None)
@given(_matrix, _matrix, _unit, _unit, _unit)
def test_combined_is_bounded_and_never_below_the_lexical_view(
    lexical: np.ndarray, cosine: np.ndarray, weight: float, link: float, floor: float
) -> None:
    out = combine(lexical, cosine, weight=weight, link=link, floor=floor)
    assert out.shape == lexical.shape
    assert ((out >= 0.0) & (out <= 1.0)).all()
    assert (out >= lexical).all()


@settings(max_examples=200, deadline=None)
@given(_matrix, _matrix, _matrix, _unit, _unit, _unit)
def test_combined_is_monotone_in_both_views(
    lexical: np.ndarray, cosine: np.ndarray, bump: np.ndarray, weight: float, link: float, floor: float
) -> None:
    base = combine(lexical, cosine, weight=weight, link=link, floor=floor)
    more_cos = combine(lexical, np.clip(cosine + bump, 0, 1), weight=weight, link=link, floor=floor)
    more_lex = combine(np.clip(lexical + bump, 0, 1), cosine, weight=weight, link=link, floor=floor)
    assert (more_cos >= base - 1e-12).all()
    assert (more_lex >= base - 1e-12).all()


@settings(max_examples=100, deadline=None)
@given(_unit, _unit, _unit)
def test_lift_is_zero_below_the_link_and_the_floor_at_it(x: float, link: float, floor: float) -> None:
    got = float(lift(np.array([[x]]), link=link, floor=floor)[0, 0])
    if x < link:
        assert got == 0.0
    else:
        assert floor - 1e-9 <= got <= 1.0


# --------------------------------------------------------------------------- quotations

QUOTE_SOURCE = (
    "Flood defences on the river held overnight, the environment agency said.\n\n"
    '"We have never seen the water rise this fast in a single night," regional director '
    "Helen Marsh said on Wednesday.\n\n"
    "About 300 homes were evacuated as a precaution.\n\n"
    "Residents are expected to return home by the weekend."
)


def _quote_types(quote_line: str, audit: AuditSettings) -> list[tuple[str, str | None]]:
    rewrite = (
        "Flood defences on the river held overnight, the environment agency said.\n\n"
        f"{quote_line}\n\n"
        "About 300 homes were evacuated as a precaution."
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"),
        [article_from_text(QUOTE_SOURCE, doc_id="src")],
        settings=Settings(audit=audit),
    )
    return [(f.type.value, f.after) for f in report.findings if f.type.value.startswith("quote_")]


# The word-level paths switched off (the order rule, audit/quote_order.py, the whole quotations and
# the cross-encoder's cover in the order gap too), so that only the
# meaning can tell a reworded quotation from an invented one.
_WORDS_OFF = AuditSettings(
    quote_altered_similarity=0.99,
    quote_linked_similarity=0.99,
    quote_semantic_similarity=0.73,
    quote_window_similarity=1.0,
    quote_order_similarity=1.0,
    quote_whole_similarity=1.0,
    quote_order_cover=1.0,
)
_REWORDED = '"Such a fast rise of the water in one night we had never seen," Marsh said.'


def test_reworded_quotation_is_altered_by_its_meaning() -> None:
    off = AuditSettings(
        quote_altered_similarity=0.99,
        quote_linked_similarity=0.99,
        quote_semantic_similarity=1.0,
        quote_window_similarity=1.0,
        quote_order_similarity=1.0,
        quote_whole_similarity=1.0,
        quote_order_cover=1.0,
    )
    assert [t for t, _ in _quote_types(_REWORDED, off)] == [FindingType.QUOTE_FABRICATED.value]
    found = _quote_types(_REWORDED, _WORDS_OFF)
    assert found == [("quote_altered", "Such a fast rise of the water in one night we had never seen")]


def test_a_quotation_that_says_something_else_is_still_fabricated() -> None:
    found = _quote_types('"We will rebuild every home that was lost," Marsh said.', _WORDS_OFF)
    assert [t for t, _ in found] == [FindingType.QUOTE_FABRICATED.value]
    found = _quote_types('"We will rebuild every home that was lost," Marsh said.', AuditSettings())
    assert [t for t, _ in found] == [FindingType.QUOTE_FABRICATED.value]
