"""Swapped names (issue 10, session 9), on made-up sentences.

Each test shows one class of miss or false finding read on the planted-change benchmark's dev
half (or on faithful LLMFake train rewrites); the sentences are written to show the class, not
copied from the data.
"""

from __future__ import annotations

from sentence_articles import fact_at as _at
from sentence_articles import fact_findings as _facts
from unspun.facts.entities import written_as_name
from unspun.types import FindingType


def test_a_name_opening_with_a_lower_case_particle_is_a_name() -> None:
    source = (
        "The hearing lasted four hours. The original account of the attack misled the public about "
        "the role of al Shabaab. A second inquiry is planned."
    )
    rewrite = "The original account of the attack misled the public about the role of Dunmore Holdings."
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Dunmore Holdings")
    for name in ("the Kremlin", "al Qaeda", "bin Laden"):
        assert written_as_name(name)
    assert not written_as_name("countless passwords")
    assert not written_as_name("ex-KGB")  # prefixes stay out (a test twin's "ex-US Marine")


def test_a_first_name_before_a_comma_replaced_in_a_near_copy() -> None:
    # "Recently, ..." keeps its comma rule: only a recognised source name before a comma opens a swap
    source = (
        "Enrolment rose again this year. Texas A&M, where I taught, has an enrollment of over 60,000 "
        "students in Brazos County. The county keeps growing."
    )
    rewrite = "Google, where I taught, has an enrollment of over 60,000 students in Brazos County."
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Google")


def test_a_name_at_the_edge_of_a_merged_sentence_is_compared() -> None:
    # the rewrite sentence runs a long stretch of its own before the words it keeps from the
    # source sentence: the name next to the kept words is compared all the same
    source = (
        "Judge Helen Ortiz ruled on Monday in favour of two state attorneys general. "
        "Ohio Attorney General Mark Fenwick and Maryland Attorney General Brian Lasko can now "
        "subpoena the company. The company said it would appeal."
    )
    rewrite = (
        "Judge Helen Ortiz has ruled in favour of the subpoenas that were issued on Monday by "
        "Texan Attorney General Mark Fenwick and Maryland Attorney General Brian Lasko to the company."
    )
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Texan")


def test_both_sentences_opening_with_another_name_is_a_swap() -> None:
    source = (
        "Relief efforts continued on Tuesday. The Red Cross Foundation Sends Water To Houston For $7 "
        "A Bottle. Critics called it shameful."
    )
    rewrite = "Maria Delgado is sending water to Houston for $7 per bottle."
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Maria Delgado")


def test_another_form_of_a_source_word_supports_a_name() -> None:
    # "Democratic" is a form of the source's "Democrat" ("Democrat Party" / "Democratic Party")
    party = "Campaigns began. The Democrat Party introduced a new candidate on Friday. Polls opened."
    assert not _facts("The Democratic Party introduced a new candidate on Friday.", party)


def test_an_alias_inside_a_longer_name_is_spelt_out() -> None:
    # "US" inside "US Congress" stands for "United States", as "US" alone does
    source = "Delegates met in June. The United States Congress approved the bill on Friday. Talks went on."
    rewrite = "US Congress approved the bill on Friday."
    assert not _at(_facts(rewrite, source), FindingType.UNSUPPORTED_FACT, "US Congress")
