"""meaning_reversed kept off faithful restatements (session 8, issue 10): the false flips read on
faithful LLMFake rewrites (test sample and train split), shortened, each with a real flip of the
same shape that must still be reported."""

from __future__ import annotations

import pytest

from sentence_articles import meaning_findings
from unspun.facts.polarity import negative_weight, predicates


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # "not just limited to" says what "not limited to" says (the "not just" is no negation)
        (
            "Rick Rowlinson, a source from Facebook, said that the President's commitment should have "
            "not just been limited to Facebook.",
            "Rick Rowlinson, a source from Facebook, said that the President's commitment should not be "
            "limited to one company.",
        ),
        # "didn't begin until X" = "began when X"
        (
            "Fact-checking largely didn't begin until the stories were published.",
            "After the stories were published, fact-checking began.",
        ),
        # a clause of which there is "no indication" is not stated
        (
            "The site can confirm that there's no real probe or scandal, and Clooney has not attracted any "
            "federal attention.",
            "According to their investigation, there is no genuine FBI probe, scandal, or any indication "
            "that Clooney has attracted federal attention.",
        ),
        # a clause demanded is not stated
        (
            "CNN officials have refused to take action against their employee.",
            "While the blog post has been removed, we demand that CNN takes action against this employee.",
        ),
        # what the media would say, put to be refuted, is not stated
        (
            "For the mainstream media to say that illegal immigration isn't an issue they really need to "
            "look at the world around them.",
            "Illegal immigration is a critical issue that mainstream media must acknowledge.",
        ),
        # "whether or not" negates nothing
        (
            "The eldest Kardashian sister is expecting her fourth baby, though it's unclear whether or not "
            "the father is Scott Disick or Younes Bendjima.",
            "The reality star is expecting her fourth child, although it remains unclear whether the "
            "father is Scott Disick or Younes Bendjima.",
        ),
        # a condition is no hedge: "if it were happening" does not say it is
        (
            "Standing outside of a bar this week, Fatone told TMZ that a reunion wouldn't be happening.",
            "Joey Fatone laughed off the possibility of a reunion, stating that if it were happening, he "
            "would be at rehearsals.",
        ),
        # "looks nothing like" = "looks different from"
        (
            "Different: Khloe has often pointed out that she looks nothing like her older sisters and their "
            "mother Kris, far right, said once people asked whether she was the milkman's child.",
            "She has pointed out that she looks different from her sisters and Rob Kardashian.",
        ),
        # the verb "defeat" is to win: no opposite of the noun "victory"
        (
            "He played in the Pro Bowl and helped the Giants defeat the New England Patriots in Super Bowl "
            "XLII.",
            "He earned a Super Bowl victory over the New England Patriots in Super Bowl XLII.",
        ),
        # "take up less space" / "create more storage space": opposite amounts of another verb
        (
            "Instead of a full-sized stove, opt in for a dual heat-plate design that will take up less "
            "space.",
            "Opting for dual heat-plate designs or small refrigerators can create more storage space.",
        ),
    ],
)
def test_a_faithful_restatement_is_no_reversal(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        # the same shapes, reversed
        (
            "The squad stayed in the hotel until the storm passed.",
            "The squad did not stay in the hotel until the storm passed.",
            "did not stay",
        ),
        (
            "The union demands that the company raises wages, and the company raised wages in May.",
            "The union demands that the company raises wages, and the company did not raise wages in May.",
            "did not raise",
        ),
        (
            "The new design will take up less space in the kitchen.",
            "The new design will take up more space in the kitchen.",
            "more",
        ),
        (
            "Exports fell by 5 percent in March.",
            "Exports posted an increase of 5 percent in March.",
            "increase",
        ),
    ],
)
def test_the_same_shapes_reversed_are_reported(source: str, rewrite: str, after: str) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.after == after


def test_or_not_negates_nothing() -> None:
    assert negative_weight("It is unclear whether or not the father is Scott.") == 1  # "unclear"
    (p,) = [p for p in predicates("He asked whether or not the father is Scott.") if p.lemma == "be"]
    assert not p.negated


def test_a_contraction_without_its_apostrophe_negates() -> None:
    # "Lindsays office isnt commenting" / "Lindsay's office has not commented" (LLMFake train)
    assert negative_weight("Lindsays office isnt commenting on the ordeal.") == 1
    assert negative_weight("They dont know yet.") == 1
    source = "Lindsays office isnt commenting on the ordeal but Governor Christie has called for his removal."
    rewrite = "Lindsay's office has not commented on the raid, but Governor Christie called for his removal."
    assert meaning_findings(source, rewrite) == []
