"""meaning_reversed by the lone negation (session 7, issue 10): the rewrite sentence's only
negating word, none in its aligned source sentence. Cases from or modelled on the planted
benchmark's dev half (the catches) and faithful LLMFake train rewrites (the false alarms kept
out), shortened."""

from __future__ import annotations

import pytest

from sentence_articles import meaning_findings
from unspun.facts.polarity import might_reverse, negative_weight


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        # the same verb about other words: "life" / "lifestyle" share no lemma
        (
            "According to him, Bin Laden is still alive and he is living a lavish lifestyle in the "
            "Bahamas, thanks to regular payments from the CIA.",
            "According to Snowden, Bin Laden is not living a comfortable life in the Bahamas, courtesy "
            "of regular payments from the CIA.",
            "is not living",
        ),
        # the same verb, its subject in other words ("reports" / "reported cases")
        (
            "Trump also says that reports of abuse or negligence to a child from either party will "
            "result in the child automatically being turned over to the State Child Welfare.",
            "Furthermore, any reported cases of child abuse or negligence by either party will not "
            "result in the child being placed under the State Child Welfare's custody.",
            "will not result",
        ),
    ],
)
def test_a_lone_negation_on_the_source_verb_reverses_it(source: str, rewrite: str, after: str) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.after == after


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # litotes on a copula paired with another verb
        (
            "Considering Mariah and Nick recently made an appearance at the Kids' Choice Awards, it makes "
            "total sense that her ex would be on hand to see her say I Do again.",
            "Given their recent appearance together at the Kids' Choice Awards, it is no surprise that "
            "Nick would be present to see Mariah say I Do again.",
        ),
        # "only" says that most do not
        (
            "However, only 20% of the truck drivers show up to work at the ports.",
            "The truck drivers are not showing up for work at the ports.",
        ),
        # another clause of the same subject, one word in common
        (
            "On her birthday, Sophie posted a video to her Instagram story jamming out to a Taylor "
            "Swift song.",
            "It is clear that Sophie is not bothered by it and even posted a video jamming to a Taylor "
            "Swift song.",
        ),
    ],
)
def test_a_lone_negation_elsewhere_is_no_reversal(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


def test_a_mac_roman_apostrophe_negates() -> None:
    # "donÕt": a curly apostrophe read as Mac Roman (LLMFake train): the source negates too
    assert negative_weight("Hospitals donÕt allow parents to visit children.") == 1
    assert not might_reverse("Hospitals don't allow visits.", "Hospitals donÕt allow visits.")
    assert negative_weight("JOÃO GALVÕES arrived.") == 0


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # a negative subject with a comparative says "best" (faithful LLMFake test, read)
        (
            "He told her that nothing would be better for him than to have a cute little Selena "
            "look-alike, the source said.",
            "The source indicates that he believes two Selena look-alikes would be even better than one.",
        ),
        # "instead" / "rather": the negation corrects something else (faithful LLMFake test, read)
        (
            "Instead, what the graphic intended to do was to compare CNN, MSNBC and Fox News to Trump.",
            "However, Fox News has since clarified that the graphic was not intended to show that they "
            "were the least trusted network, but rather to compare the viewers' trust in the three "
            "networks to their trust in Trump.",
        ),
    ],
)
def test_no_reversal_for_a_superlative_idiom_or_a_correction(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []
