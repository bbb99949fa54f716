"""meaning_reversed on a copied sentence (session 7, issue 10): the rewrite copies a source
sentence word for word but for a negation it adds or drops, where the parse gives no clause
to compare (a copula with an adverb, a verb whose subject it hangs elsewhere). Sentences from
the planted benchmark's dev half, shortened."""

from __future__ import annotations

import pytest

from sentence_articles import meaning_findings


@pytest.mark.parametrize(
    ("source", "rewrite", "before", "after"),
    [
        (
            "The drop in yields weighed on financial stocks, which were down 3.70 percent, making them "
            "the worst performing of the major sectors.",
            "The drop in yields weighed on financial stocks, which were not down 3.70 percent, making "
            "them the worst performing of the major sectors.",
            "were down",
            "were not down",
        ),
        (
            "Jannock said it acquired a 50 pct interest in Intercon Security for five mln dlrs and "
            "Intercon founders Brian Legge and Richard Grange will hold the remaining 50 pct.",
            "Jannock said it acquired a 50 pct interest in Intercon Security for five mln dlrs and "
            "Intercon founders Brian Legge and Richard Grange will not hold the remaining 50 pct.",
            "will hold",
            "will not hold",
        ),
        (
            "Many Chinese said on Saturday they were much better off than in the pre-Deng era.",
            "Many Chinese said on Saturday they weren't much better off than in the pre-Deng era.",
            "were much",
            "weren't much",
        ),
    ],
)
def test_a_copied_sentence_with_a_negation_added_or_dropped(
    source: str, rewrite: str, before: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert (f.before, f.after) == (before, after)


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # "not only" negates nothing
        (
            "The offering will be made by means of a prospectus filed with the commission.",
            "The offering will not only be made by means of a prospectus filed with the commission.",
        ),
        # a question asserts nothing
        (
            "How will his case be different from the first patient's?",
            "How will not his case be different from the first patient's?",
        ),
    ],
)
def test_a_copied_sentence_without_a_reversal(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []
