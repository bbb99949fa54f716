"""meaning_reversed on reworded sentences (session 6, issue 10): the classes of planted misses
read on the planted benchmark's dev half, and the false alarms read on faithful LLMFake train
rewrites. Sentences are from or modelled on those texts, shortened."""

from __future__ import annotations

import pytest

from sentence_articles import meaning_findings
from unspun.facts.polarity import antonyms_of, might_reverse, negative_weight, predicates


@pytest.mark.parametrize(
    ("source", "rewrite", "before", "after"),
    [
        # a negation added on a verb the rewrite words otherwise: the clauses share their arguments
        (
            "The report added that sharp blades were subsequently found in Pistorius' cell during a "
            "search on Saturday afternoon.",
            "Subsequently, sharp blades were not discovered in his cell during a search.",
            "found",
            "were not discovered",
        ),
        (
            "The West Texas Federal Appeals Court has ordered that Barack Obama repay $400 million to "
            "the American people.",
            "The West Texas Federal Appeals Court has not ruled that former President Barack Obama must "
            "reimburse $400 million to the American population.",
            "ordered",
            "has not ruled",
        ),
        # a copula with a place, not an adjective or a noun
        (
            "ConAgra was among several food companies presenting at an analysts' conference here.",
            "ConAgra was not among several food companies presenting at an analysts' conference here.",
            "was",
            "was not",
        ),
        # "cannot" is a negation cue too
        (
            "Each multiplex can carry around six channels and there are four multiplexes available.",
            "Each multiplex cannot carry around six channels and there are four multiplexes available.",
            "carry",
            "cannot carry",
        ),
        # an implicative verb negated negates its complement
        (
            "It will slow down, or stop, chain migration while protecting American workers.",
            "This will not help stop chain migration and protect American workers.",
            "stop",
            "not help stop",
        ),
    ],
)
def test_a_negation_on_a_reworded_or_unlisted_predicate_reverses_the_meaning(
    source: str, rewrite: str, before: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert (f.before, f.after) == (before, after)


def test_a_negated_clause_the_rewrite_drops_does_not_hide_an_added_negation() -> None:
    # "never fit in" is dropped; the "not" the rewrite adds elsewhere did not come from it
    source = (
        "Texas church shooter Devin Kelley was a creepy atheist outcast who never fit in and berated "
        "religious believers on social media, according to former friends and classmates."
    )
    rewrite = (
        "Devin Kelley, the shooter responsible for the Texas church massacre, was not seen as a strange "
        "atheist who criticized religious believers on social media, according to former classmates."
    )
    (f,) = meaning_findings(source, rewrite)
    assert f.after == "was not seen"
    # the plain counts balance, one negating word each: only the dropped clause set aside shows it
    assert negative_weight(source) == 1
    assert negative_weight(rewrite) == 1


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # the negation moved into a verb that carries it (faithful LLMFake paraphrases)
        (
            "The Supreme Court of the United States just sided with President Donald Trump. This is "
            "something that the mainstream media does not want to show.",
            "The Supreme Court of the United States ruled in favor of President Trump, a decision that "
            "the mainstream media has overlooked.",
        ),
        (
            "Donald Trump has faced criticism for refusing to release his tax returns.",
            "Eric Trump stated that it would be unwise for his father, Donald Trump, to release his tax "
            "returns as it would cause people who are not knowledgeable about taxes to speculate.",
        ),
        # a dropped negated clause restated with another verb: the flip must share more words
        (
            "Fans of the couple are concerned that they haven't been pictured together since August. The "
            "last time they were seen in public was at The X Factor last October.",
            "Concerned fans have noticed that they have not been seen together in public for a while.",
        ),
        # litotes: "not far behind" is close behind
        (
            "While MSNBC is in a distant second place behind Fox, it is still leaving CNN in the dust "
            "with an average of 1.667 million primetime viewers.",
            "MSNBC was not far behind with an average of 1.667 million primetime viewers.",
        ),
        # a negated antonym is the same claim, with the same verb or another
        (
            "The home side lost the semi-final against the league leaders on Saturday.",
            "The home side did not win the semi-final against the league leaders on Saturday.",
        ),
    ],
)
def test_no_reversal_when_the_negation_moved_or_is_an_idiom(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


def test_a_negation_in_a_question_denies_nothing() -> None:
    (know,) = [
        p
        for p in predicates("He told her directly, \"Khloe's not a Kardashian, don't you know?\"")
        if p.key == "know"
    ]
    assert know.negated
    assert know.question
    assert not know.asserted
    (told,) = [
        p for p in predicates("He told her directly that Khloe is not a Kardashian.") if p.key == "tell"
    ]
    assert not told.question


@pytest.mark.parametrize(
    ("source", "rewrite", "before", "after"),
    [
        # the opposite word in the same place, though the parse gives it no shared argument
        (
            "Murphy Oil said it increased its crude oil posted prices by 50 cts a barrel, effective June 17.",
            "Murphy Oil said it decreased its crude oil posted prices by 50 cts a barrel, effective June 17.",
            "increased",
            "decreased",
        ),
        # ... and though the source uses the rewrite's word elsewhere
        (
            "The high court let stand lower court rulings that rejected the motion by the two companies.",
            "The high court let stand higher court rulings that rejected the motion by the two companies.",
            "lower",
            "higher",
        ),
        (
            "But he said that's impossible for most illegal immigrants, saying there is no line for them "
            "that would earn them legal status.",
            "But he said that's impossible for most legal immigrants, saying there is no line for them "
            "that would earn them legal status.",
            "illegal",
            "legal",
        ),
        # a listed form the parser lemmatises otherwise ("worst" is the list's "bad")
        (
            "While Republicans have blasted their politics, many were uncomfortable at best with Trump's "
            "choice of words.",
            "While Republicans have blasted their politics, many were uncomfortable at worst with Trump's "
            "choice of words.",
            "best",
            "worst",
        ),
    ],
)
def test_an_antonym_in_the_same_place_reverses_the_meaning(
    source: str, rewrite: str, before: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert (f.before, f.after) == (before, after)


def test_prefilter_counts_cues_and_words() -> None:
    assert might_reverse(
        "Each multiplex cannot carry six channels.", "Each multiplex can carry six channels."
    )
    # "not only" is no cue: the rewrite's "not" is the only one
    assert might_reverse(
        "Bin Laden is not living a comfortable life in the Bahamas.",
        "Not only is Bin Laden still alive, but he is living a lavish lifestyle in the Bahamas.",
    )
    # the rewrite uses "high" more often than the source, which has "lower"
    assert might_reverse(
        "The high court let stand higher court rulings.", "The high court let stand lower court rulings."
    )
    assert not might_reverse("The high court let stand the rulings.", "The high court let stand the rulings.")


def test_implicit_negators_and_idioms_in_the_count() -> None:
    assert negative_weight("She has accomplished very little in her career.") == 1
    assert negative_weight("The little girl was found.") == 0
    assert negative_weight("A decision the media has overlooked.") == 1
    assert negative_weight("It would be unwise for him to release the returns.") == 1
    assert negative_weight("MSNBC was not far behind.") == 0


def test_prefix_antonyms_from_wordnet() -> None:
    assert "unfair" in antonyms_of("fair")
    assert "fair" in antonyms_of("unfair")
    assert "illegitimate" in antonyms_of("legitimate")
    # a prefixed word with a sense of its own is left out
    assert "incredible" not in antonyms_of("credible")


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # read on the faithful LLMFake *test* split after the first test run (not held out):
        # two copulas say it by their complements
        (
            "Though her world tour boasted sold-out shows, it appears her more expensive snake persona "
            "is a tougher sell.",
            "Though her world tour had sold-out shows, it seems that her more expensive snake persona is "
            "not as popular.",
        ),
        # a hedged negation against a hedged source ("could stand in the way of")
        (
            "The guest list has been set, but a number of things could stand in the way of President "
            "Donald Trump getting an invite to the royal wedding.",
            "President Donald Trump may not receive an invite to the royal wedding, due to potential "
            "protests.",
        ),
    ],
)
def test_no_reversal_for_restated_copulas_or_hedges(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


def test_more_implicit_negations() -> None:
    assert negative_weight("The Obamas were left off the guest list.") == 1
    assert negative_weight("The retailer will be discontinuing sales of the book.") == 1
    by_key = {p.key: p for p in predicates("We must not let a simple mistake take our loved ones.")}
    assert by_key["take"].negated
    remember = {p.key: p for p in predicates("He did not remember that she was at the meeting.")}
    assert not any(p.negated for k, p in remember.items() if k != "remember")


def test_a_comparative_makes_an_idiom_under_can_or_could_only() -> None:
    # "couldn't be happier" asserts; "should not have known better" negates (planted dev half)
    (happy, *_) = predicates("I could not be happier with the result.")
    assert happy.negated
    assert happy.idiom
    (know, *_) = predicates("So yeah, they probably should not have known better.")
    assert know.negated
    assert not know.idiom
    (f,) = meaning_findings(
        "So yeah, they probably should have known better.",
        "So yeah, they probably should not have known better.",
    )
    assert f.after == "should not have known"
