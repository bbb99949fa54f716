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
