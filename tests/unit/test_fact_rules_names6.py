"""Changed and invented numbers, dates and names (issue 10, session 6), on made-up sentences.

Each test shows one class of miss or false finding read on the planted-change benchmark's dev
half (LLMFake paraphrases and news sentences); the sentences here are written to show the
class, not copied from the data.
"""

from __future__ import annotations

import pytest

from sentence_articles import fact_at as _at
from sentence_articles import fact_findings as _facts
from unspun.types import FindingType

# --------------------------------------------------------------------------- names

HARBOUR = (
    "The council met on Tuesday to discuss the harbour plan. "
    "The two had grown up together in the town's fishing trade, said Pemberton, the nephew of "
    "former harbour master Alice Pemberton of the old quarter. "
    "The plan will be put to a vote next month."
)


def test_swap_is_found_when_the_old_name_stays_elsewhere_in_the_sentence() -> None:
    rewrite = HARBOUR.replace("said Pemberton,", "said Okonkwo,")
    assert _at(_facts(rewrite, HARBOUR), FindingType.ENTITY_MISMATCH, "Okonkwo")


def test_cited_party_swapped_for_a_name_nowhere_in_the_source_is_an_entity_mismatch() -> None:
    source = (
        "Shops should stay shut on the two holidays, campaigners say. "
        "Ms Harrowgate said the public had backed the campaign in every town she visited. "
        "The bill goes to a vote in the spring."
    )
    rewrite = source.replace("Ms Harrowgate said", "Tobias Quellmann said")
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Tobias Quellmann")


def test_swap_in_a_restated_sentence_is_found_by_the_words_around_the_name() -> None:
    # The recognizer labels "Silver" an organisation and "Helga Brandt" a person; the word next
    # to both ("coalition") shows that one took the other's place.
    source = (
        "A row in Helga Brandt’s coalition over tax policy has swiftly grown into one of the "
        "biggest tests of her premiership. The clash has opened a rift at the heart of the "
        "leader’s own camp."
    )
    rewrite = (
        "A row has arisen within Silver’s coalition regarding tax policy, which has now grown "
        "into one of the biggest tests of her premiership."
    )
    found = _facts(rewrite, source)
    assert _at(found, FindingType.ENTITY_MISMATCH, "Silver")
    assert not _at(found, FindingType.UNSUPPORTED_FACT, "Silver")


@pytest.mark.parametrize("new", ["Ebola", "Mordor"])  # not recognised as a name / labelled ORG
def test_name_at_the_edge_of_a_reworded_stretch_is_a_swap(new: str) -> None:
    source = (
        "The program's real intent is to interrogate the children, an expert said. The children "
        "are “often questioned about the gangs they are working for and then later returned to "
        "Guatemala with no apparent concern about the risks for them.” One boy shared "
        "information with U.S. authorities."
    )
    rewrite = (
        "While in detention, these children were often questioned about the gangs they worked "
        f"for and were later returned to {new} without any apparent concern about the risks for "
        "them."
    )
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, new)


def test_common_word_put_first_in_a_near_copy_is_a_swap() -> None:
    source = (
        "Richard Lowry said the new unit was previously part of the company's Dallas-based switching "
        "division. The group expects revenue of about 350 mln dlrs this year."
    )
    rewrite = source.replace("Richard Lowry said", "Silver said")
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Silver")


@pytest.mark.parametrize(
    ("source", "rewrite", "value"),
    [
        # a state the source abbreviates after a comma
        (
            "A gunman killed 17 people at a high school in Parkland, Fla., on Valentine's Day. "
            "The vigil drew thousands.",
            "A gunman killed 17 people at a Florida high school on Valentine's Day.",
            "Florida",
        ),
        # a name a scrape ran together with the word before it
        (
            "The conduct alleged is shocking, the prosecutor said. AdvertisementHalvorsen appeared "
            "in court on Wednesday and waived his right to a hearing.",
            "Halvorsen appeared in court on Wednesday and gave up his right to a hearing.",
            "Halvorsen",
        ),
        # a surname the source misspells by one letter
        (
            "Several children of officials live abroad, including the son of President Hassan "
            "Rouhan's brother. The claim was denied.",
            "Several children of officials live abroad, including the son of President Rouhani's brother.",
            "Rouhani",
        ),
    ],
)
def test_name_the_source_gives_in_another_spelling_is_no_finding(
    source: str, rewrite: str, value: str
) -> None:
    found = _facts(rewrite, source)
    assert not any(value in f.rewrite.text for f in found), found


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # a title in front of a name is no name of its own
        (
            "The activist is charging “Auntie” Maxine for assault, saying Waters hit her hand. "
            "The office did not comment.",
            "The activist is charging Congresswoman Maxine for assault, saying Waters hit her hand.",
        ),
        # a first word that replaces an ordinary word is no name, however new
        (
            "Get new episodes the day after they air and stream live TV with the app. "
            "Plans start at six dollars.",
            "Enjoy new episodes the day after they air and stream live TV with the app.",
        ),
        # names run over spaces only: "Nick, Moroccan and Monroe" lists two names
        (
            "The couple's twins, Morocco and Monroe, will walk down the aisle with Nick. "
            "The wedding is in June.",
            "The couple's twins with Nick, Moroccan and Monroe, will walk down the aisle.",
        ),
    ],
)
def test_restatement_is_no_swap(source: str, rewrite: str) -> None:
    assert not [f for f in _facts(rewrite, source) if f.type is FindingType.ENTITY_MISMATCH]


def test_copied_sentence_is_no_swap_with_a_sibling_sentence() -> None:
    source = (
        "The party had lost the public's faith, he said. The Conservatives are keen to highlight "
        "the trust issue. The Liberal Democrats are also keen to highlight the trust issue, "
        "aides said."
    )
    rewrite = "The Conservatives are keen to highlight the trust issue."
    assert not _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Conservatives")


# --------------------------------------------------------------------------- numbers


def test_number_whose_source_value_sits_in_the_next_unaligned_sentence_is_a_mismatch() -> None:
    source = (
        "Recently, Governor Jane Holloway vetoed the so-called “trigger bill,” a measure that "
        "would have banned all abortions after about six weeks of pregnancy, before many women "
        "even know that they are pregnant. At the same time, Holloway signed a bill banning "
        "abortion after 20 weeks of pregnancy, with exceptions only for saving the woman’s life. "
        "Her critics said the veto was symbolic."
    )
    rewrite = (
        "Governor Jane Holloway vetoed the so-called trigger bill, which would have banned "
        "abortions after six weeks of pregnancy, while signing a bill that bans abortions after "
        "80 weeks of pregnancy."
    )
    assert _at(_facts(rewrite, source), FindingType.NUMBER_MISMATCH, "80 weeks")


def test_count_restated_as_a_total_in_the_next_sentence_is_no_mismatch() -> None:
    # "three other people" besides him and Page are five in all: no noun shows the same thing
    source = (
        "The texts were found last summer. The inspector general referred him, Page, and three "
        "other people to the office that handles discipline. The office has not ruled."
    )
    rewrite = (
        "The texts were found last summer, and he is one of five people the inspector general "
        "referred to the office that handles discipline."
    )
    assert not _at(_facts(rewrite, source), FindingType.NUMBER_MISMATCH, "five")


def test_two_bounds_are_compared_as_values() -> None:
    source = (
        "The university has an enrollment of over 60,000 students, more than a quarter of the "
        "county's population of just over 226,000. Its budget grew last year."
    )
    rewrite = source.replace("over 60,000", "over 240,000")
    assert _at(_facts(rewrite, source), FindingType.NUMBER_MISMATCH, "240,000")
