"""meaning_reversed: negation and antonym flips inside aligned sentences (unspun.audit.meaning)."""

from __future__ import annotations

import pytest

from sentence_articles import meaning_findings
from unspun.facts.polarity import antonyms_of, might_reverse, negative_weight, predicates
from unspun.types import Severity


@pytest.mark.parametrize(
    ("source", "rewrite", "before", "after"),
    [
        (
            "The regional council approved the new housing plan on Tuesday evening.",
            "The regional council rejected the new housing plan on Tuesday evening.",
            "approved",
            "rejected",
        ),
        (
            "Shares in the airline rose sharply on Monday after the quarterly results.",
            "Shares in the airline fell sharply on Monday after the quarterly results.",
            "rose",
            "fell",
        ),
        (
            "The visiting side won the cup final against the holders in extra time.",
            "The visiting side lost the cup final against the holders in extra time.",
            "won",
            "lost",
        ),
    ],
)
def test_an_antonym_in_the_aligned_sentence_reverses_its_meaning(
    source: str, rewrite: str, before: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.severity is Severity.CRITICAL
    assert (f.before, f.after) == (before, after)
    assert f.rewrite.text == after
    assert f.source is not None
    assert f.source.text == before


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        (
            "The health ministry did not confirm that the clinic had been closed by inspectors.",
            "The health ministry confirmed that the clinic had been closed by inspectors.",
            "confirmed",
        ),
        (
            "The mining company refused to pay the fine imposed by the regulator last year.",
            "The mining company paid the fine imposed by the regulator last year.",
            "paid",
        ),
        (
            "No one was injured in the fire at the paint warehouse, the fire service said.",
            "Several workers were injured in the fire at the paint warehouse, the fire service said.",
            "injured",
        ),
        (
            "The bridge is open to traffic again after the repairs to its main span.",
            "The bridge is no longer open to traffic after the repairs to its main span.",
            "is no longer",
        ),
        # a participle states a fact too
        (
            "A man recently pardoned by the state governor was arrested again on Friday night.",
            "A man who was not pardoned by the state governor was arrested again on Friday night.",
            "was not pardoned",
        ),
    ],
)
def test_a_negation_added_or_dropped_on_the_same_predicate_reverses_the_meaning(
    source: str, rewrite: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.severity is Severity.CRITICAL
    assert f.after is not None
    assert f.after.startswith(after)
    assert "negation" in f.message


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # the same claim said another way
        (
            "The home side lost the semi-final against the league leaders on Saturday.",
            "The home side did not win the semi-final against the league leaders on Saturday.",
        ),
        (
            "It is not clear whether the ceasefire will hold through the coming weekend.",
            "It is unclear whether the ceasefire will hold through the coming weekend.",
        ),
        # a negation that negates nothing
        (
            "Prices rose in the capital and in the northern provinces during the spring.",
            "Prices rose not only in the capital but in the northern provinces during the spring.",
        ),
        # the source says both: no reversal
        (
            "Exports rose in March but fell in April, the statistics office said.",
            "Exports fell in April after they rose in March, the statistics office said.",
        ),
        # a negation about something else
        (
            "The mayor said the stadium would not be sold to private investors this year.",
            "The mayor said the stadium would not be sold to private investors in 2025.",
        ),
        # a negation restated (faithful LLMFake rewrites, hand-read sample): a double negation
        (
            "The internet had plenty of opinions about the latest addition to the Kardashian family.",
            "The internet had no shortage of opinions about the latest addition to the Kardashian family.",
        ),
    ],
)
def test_no_reversal_for_the_same_meaning(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


def test_predicates_tie_negation_to_its_verb() -> None:
    by_key = {p.key: p for p in predicates("The ministry did not confirm that the town had been captured.")}
    assert by_key["confirm"].negated
    assert not by_key["capture"].negated
    assert "ministry" in by_key["confirm"].context
    refused = {p.key: p for p in predicates("The firm refused to pay the fine.")}
    assert refused["pay"].negated
    assert not refused["refuse"].negated
    double = {p.key: p for p in predicates("The firm did not refuse to pay the fine.")}
    assert not double["pay"].negated


def test_prefilter_parses_only_pairs_that_may_be_reversed() -> None:
    assert might_reverse("The council rejected the plan.", "The council approved the plan.")
    assert might_reverse("The council did not approve the plan.", "The council approved the plan.")
    assert not might_reverse("The council backed the plan.", "The council approved the plan.")


def test_antonym_list_is_symmetric_and_holds_inflected_forms() -> None:
    assert "fall" in antonyms_of("rise")
    assert "rise" in antonyms_of("fall")
    assert antonyms_of("approve") >= {"reject", "disapprove"}
    assert antonyms_of("table") == frozenset()
    rose = {p.lemma for p in predicates("Prices rose.")}
    assert rose == {"rise"}


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # the same verb negated about another thing (LLMFake rewrites, train split and the
        # hand-read sample): another object or verb complement, another subject
        (
            "She can't wait to spend quiet time with the baby, and Kylie does not plan to sell any "
            "photos of her child.",
            "Kylie plans to spend quiet time with her child and to stay out of the public eye.",
        ),
        (
            "Carter wasn't endorsing pot smoking for everyone, but he praised edibles.",
            "He also endorsed edibles as an alternative while traveling, the singer said.",
        ),
        ("People are responsible for their actions.", "Guns are not responsible for the actions of humans."),
        # a question asserts nothing; the answer "not to my knowledge" is the rewrite's negation
        (
            "Did you ever see him in possession of a camera or phone near the kitchen?",
            "She had not seen him in possession of a camera or phone near the kitchen.",
        ),
        # "difficult for Israel to respond" restates "Israel could not respond"
        (
            "The result would be a nuclear balance in which Israel could not respond to provocations "
            "with military strikes on Syria.",
            "The result would be a nuclear balance, making it difficult for Israel to respond to "
            "provocations with military strikes on Syria.",
        ),
    ],
)
def test_no_reversal_for_another_argument_a_question_or_an_implicit_negation(
    source: str, rewrite: str
) -> None:
    assert meaning_findings(source, rewrite) == []


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        # the same hedge on both sides: a modal negated is a reversal all the same
        (
            "The new rules would make it harder for small firms to compete for contracts.",
            "The new rules would not make it harder for small firms to compete for contracts.",
            "would not make",
        ),
        (
            "Officials said the plan should reduce waiting times at the hospital.",
            "Officials said the plan should not reduce waiting times at the hospital.",
            "should not reduce",
        ),
        # a comparative flipped ("more" / "less", WordNet antonyms)
        (
            "The drug is more effective than the older treatment.",
            "The drug is less effective than the older treatment.",
            "less",
        ),
    ],
)
def test_a_hedged_negation_or_a_flipped_comparative_reverses_the_meaning(
    source: str, rewrite: str, after: str
) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.rewrite is not None
    assert f.rewrite.text == after


def test_restated_negations_keep_the_count_of_negating_words() -> None:
    # "not one but two" negates nothing; "few" negates as "not" does, "a few" does not
    assert negative_weight("He was interviewed not once but twice by the committee.") == 0
    (p,) = [x for x in predicates("She had not one but two husbands.") if x.lemma == "have"]
    assert not p.negated
    assert negative_weight("Very few people take the tabloid seriously.") == 1
    assert negative_weight("A few people take the tabloid seriously.") == 0
