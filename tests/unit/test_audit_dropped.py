"""``attribution_dropped`` where the rewrite keeps the claim's words (issue 10).

Classes read on the planted dev half: a short restatement word for word, which the aligner
links below ``audit.confident_link``; a speech verb of the claim itself ("denied") taken for
the party restated in other words. The sentences are written for the tests in their form.
"""

from __future__ import annotations

import pytest

from sentence_articles import dropped_parties

_dropped = dropped_parties


@pytest.mark.parametrize(
    ("rewrite", "source", "party"),
    [
        (
            # linked at a similarity of 0.33, under audit.confident_link
            "He was relieved that the whole affair was over.",
            "Japanese Prime Minister Kiichi Miyazawa said he was relieved that the whole affair was over.",
            "Miyazawa",
        ),
        (
            "He did not recall the meeting and denied asking anyone to call the office for him.",
            "Senator Mark Hollis said he did not recall the meeting and denied asking anyone to call the "
            "office for him.",
            "Hollis",
        ),
        (
            # planted dev (a distractor sentence): the rewrite keeps the other party's "said"
            "They were responding to gunfire and Molotov cocktails being thrown from members of the crowd, "
            "but protesters said law enforcement acted without being provoked.",
            "Police reported that they were responding to gunfire and Molotov cocktails being thrown from "
            "members of the crowd, but protesters said law enforcement acted without being provoked.",
            "Police",
        ),
    ],
)
def test_a_claim_kept_word_for_word_without_its_party_drops_it(rewrite: str, source: str, party: str) -> None:
    (before,) = _dropped(rewrite, source)
    assert party in before


def test_the_party_restated_with_a_new_speech_verb_is_no_drop() -> None:
    source = "The Bank of Japan said the economy would recover slowly through next year."
    assert (
        _dropped("The Bank of Japan affirmed the economy would recover slowly through next year.", source)
        == []
    )


@pytest.mark.parametrize(
    ("rewrite", "source", "party"),
    [
        (
            # planted dev (a Reuters distractor): a report cited at the sentence's end
            "Lower terminal values may reflect the lack of renewed buying, particularly from these two "
            "large consumers.",
            "Lower terminal values may reflect the lack of renewed buying, particularly from these two "
            "large consumers, the report said.",
            "report",
        ),
        (
            "The first lady underwent kidney surgery on Monday at Walter Reed medical center.",
            "The first lady underwent kidney surgery Monday at Walter Reed medical center, according to "
            "a statement from her office.",
            "statement",
        ),
    ],
)
def test_a_document_that_reports_the_claim_is_a_party_dropped(rewrite: str, source: str, party: str) -> None:
    (before,) = _dropped(rewrite, source)
    assert party in before


def test_a_vague_thing_that_reports_nothing_is_no_party_dropped() -> None:
    # "history" is no document that says something (is_vague's other heads stay excused)
    source = "According to their history together, the two never agreed on the budget for the film."
    assert _dropped("The two never agreed on the budget for the film.", source) == []


def test_an_impersonal_hedge_keeps_the_claim_attributed() -> None:
    # faithful LLMFake rewrite (train split) of "According to the report, ..."
    source = "According to the report, Poore shot one of the victims because she could identify him."
    assert (
        _dropped("It is alleged that Poore shot one of the victims because she could identify him.", source)
        == []
    )
    (before,) = _dropped("Poore shot one of the victims because she could identify him.", source)
    assert "report" in before


@pytest.mark.parametrize(
    ("rewrite", "source", "party"),
    [
        (
            # planted dev: the party kept is the one inside the claim, not the one who speaks it
            "Every insulting and offensive thing that Trump has said would hurt his campaign badly.",
            "They said that every insulting and offensive thing that Trump has said would hurt his "
            "campaign badly.",
            "They said",
        ),
        (
            # planted dev: "According to the site, Abrams had said it himself ..."
            "Abrams had said it himself while addressing a group of attendees at the awards in Los Angeles.",
            "According to the site, Abrams had said it himself while addressing a group of attendees at "
            "the awards in Los Angeles.",
            "site",
        ),
        (
            # planted dev: a hedge the source's claim has too stands for no party
            "An unidentified man, who has since been interviewed by the FBI, is said to have recorded "
            "the shooting on his phone.",
            "According to CNN, an unidentified man, who has since been interviewed by the FBI, is said "
            "to have recorded the shooting on his phone.",
            "CNN",
        ),
    ],
)
def test_a_party_dropped_where_the_rewrite_keeps_only_what_the_claim_says(
    rewrite: str, source: str, party: str
) -> None:
    (before,) = _dropped(rewrite, source)
    assert party in before


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # the speaker of the claim kept, the reports that relay it left out (planted dev twin)
        (
            "Wilson County Commissioner Albert Gamez Jr has reported that at least 27 people were "
            "killed in the shooting.",
            "Wilson County Commissioner Albert Gamez Jr said that at least 27 people were killed in the "
            "shooting, according to reports by the CNN and the BBC.",
        ),
        # the party named where the source has a pronoun (planted dev twin)
        (
            "In front of a large audience of police veterans, President Trump announced he would "
            "reinstate a national day of remembrance for fallen officers.",
            "President Trump made his rival look foolish in front of police veterans when he announced "
            "that he would reinstate a national day of remembrance for fallen officers.",
        ),
        # the source's hedge kept: an anonymous party left out loses no one (faithful LLMFake train)
        (
            "Angelina is reportedly taking her closest friends to Cambodia for a traditional Buddhist "
            "ceremony.",
            "Angelina is reportedly taking her closest friends to Cambodia for a traditional Buddhist "
            "ceremony, according to the source.",
        ),
        # a new hedge keeps the claim attributed
        (
            "An unidentified man is believed to have recorded the shooting on his phone.",
            "According to CNN, an unidentified man recorded the shooting on his phone.",
        ),
    ],
)
def test_a_claim_still_attributed_drops_no_party(rewrite: str, source: str) -> None:
    assert _dropped(rewrite, source) == []


def test_two_sentences_kept_together_are_two_claims() -> None:
    # a planted dev twin: the splitter kept "Mo. It said" in one sentence; the rewrite restates the first
    source = (
        "The FDIC said the deposits are being assumed by the First Bank of Maryville, a new subsidiary "
        "of Citizens Bancshares of Chillicothe, Mo. It said the failed bank's two offices will reopen "
        "on Friday as branches of First Bank."
    )
    rewrite = (
        "The FDIC said the deposits are being assumed by the First Bank of Maryville, a new subsidiary "
        "of Citizens Bancshares of Chillicothe, Mo."
    )
    assert _dropped(rewrite, source) == []
