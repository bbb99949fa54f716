from __future__ import annotations

import pytest

from sentence_articles import article_of
from unspun.align import align, link_kind, normalize_surface, profile, sentence_similarity
from unspun.config import AlignSettings
from unspun.types import Article, LinkKind


def test_identical_sentences_score_one() -> None:
    s = "Russia said Friday its forces had seized the mining town of Toretsk."
    assert sentence_similarity(s, s) == 1.0


def test_curly_and_straight_quotes_are_the_same_surface() -> None:
    assert normalize_surface("“This was once someone’s home,” it said.") == normalize_surface(
        '"This was once someone\'s home," it said.'
    )


def test_paraphrase_scores_above_unrelated() -> None:
    src = "Russia said Friday its forces had seized the mining town of Toretsk in east Ukraine."
    para = (
        "Russia announced on Friday that its forces had captured the mining town of Toretsk "
        "in eastern Ukraine."
    )
    other = "The central bank left interest rates unchanged on Thursday, citing stubborn inflation."
    assert sentence_similarity(src, para) > 0.4
    assert sentence_similarity(src, other) < 0.1
    assert sentence_similarity(src, para) > sentence_similarity(src, other)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Kyiv denied Russia had full control.", "Kyiv denied Russia had full control.", LinkKind.VERBATIM),
        (
            "Russian strikes on the border region of Sumy overnight killed three people in a building.",
            "Overnight Russian strikes on the border region of Sumy killed three people in a building.",
            LinkKind.NEAR_VERBATIM,
        ),
        (
            "Russia said Friday its forces had seized the town.",
            "On Friday Moscow announced that its troops captured the settlement.",
            LinkKind.PARAPHRASE,
        ),
    ],
    ids=["verbatim", "near-verbatim", "paraphrase"],
)
def test_link_kind(a: str, b: str, kind: LinkKind) -> None:
    assert link_kind(profile(a), profile(b), AlignSettings()) is kind


def test_align_handles_reordering_merging_and_unsupported() -> None:
    source = article_of(
        "src",
        [
            "The factory in Leeds will close in March, the company said.",
            "About 400 workers will lose their jobs at the Leeds plant.",
            "Unions called the decision a betrayal of the workforce.",
        ],
    )
    rewrite = article_of(
        "rw",
        [
            "Unions have called the decision a betrayal of the workforce.",
            "The company said its Leeds factory will close in March, and about 400 workers will lose "
            "their jobs.",
            "Analysts expect a wave of similar closures across the industry next year.",
        ],
    )
    links = align(rewrite, [source])
    by_r: dict[int, set[int]] = {}
    for link in links:
        assert 0.0 <= link.similarity <= 1.0
        by_r.setdefault(link.rewrite_index, set()).add(link.source_index)
    assert by_r[0] == {2}  # reordered
    assert by_r[1] == {0, 1}  # two source sentences merged into one
    assert 2 not in by_r  # invented: no support


def test_align_with_no_body_returns_nothing() -> None:
    empty = Article("e", "", ())
    assert align(empty, [article_of("s", ["A sentence with words in it."])]) == ()
