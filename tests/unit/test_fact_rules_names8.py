"""Swapped names (issue 10, session 8), on made-up sentences.

Each test shows one class of miss or false finding read on the planted-change benchmark's dev
half (LLMFake paraphrases and news sentences); the sentences here are written to show the
class, not copied from the data.
"""

from __future__ import annotations

from sentence_articles import fact_at as _at
from sentence_articles import fact_findings as _facts
from unspun.types import FindingType


def test_a_name_the_recognizer_reads_with_its_article_is_still_a_name() -> None:
    # "the Brightwater Capital Group Inc." is recognised with its article: a lower-case first
    # letter is no sign of a recognizer's slip here
    source = (
        "Regulators said on Monday they had fined Halvorsen Bank two million dollars over late "
        "filings. The bank said it would pay."
    )
    rewrite = (
        "Late filings have cost the Brightwater Capital Group Inc. a fine of two million dollars, "
        "regulators said."
    )
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Brightwater Capital Group")


def test_a_surname_given_with_another_first_name_names_a_relative() -> None:
    source = (
        "The charity was founded in 2009. "
        "Its campaign against bullying drew criticism because Karen Carter's husband, the senator, "
        "has often been accused of bullying his staff. The senator denies it."
    )
    rewrite = (
        "Linda Roberts's campaign against bullying drew criticism, as her husband, Senator Arthur Carter, "
        "has often been accused of bullying his staff."
    )
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Linda Roberts")


def test_an_added_according_to_replaces_no_name_the_paraphrase_dropped() -> None:
    # the paraphrase leaves out the company; "according to X" names where the claim comes from
    source = (
        "Factory output fell last month. Kellerman Steel closed two of its mills in the north after "
        "orders dropped sharply. Hundreds of jobs were lost."
    )
    rewrite = (
        "Two mills in the north were closed after a sharp drop in orders, according to Human Rights Watch."
    )
    assert not _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Human Rights Watch")


def test_a_name_alone_changed_between_kept_words_is_a_swap_though_it_stays_elsewhere() -> None:
    source = (
        "The inquiry opened on Monday. In a twist worthy of a spy film, six Treasury staffers were "
        "escorted out of the Treasury for failing their security checks. More may follow."
    )
    rewrite = (
        "It was reported that six Pentagon staffers failed security checks and were escorted out "
        "of the Treasury."
    )
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Pentagon")


def test_a_longer_source_word_does_not_support_a_name() -> None:
    # "Parks" is no form of "Parkland"; "Clintons" is one of "Clinton"
    source = (
        "Students across the state walked out on Friday. Jordan Whitlow, a senior at the school, "
        "said he did not want to take sides in the debate after the Parkland shooting."
    )
    rewrite = "Parks said he did not want to take sides in the debate after the Parkland shooting."
    assert _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "Parks")
    faithful = "The Clintons said the debate after the Parkland shooting must go on."
    plural = source + " The Clinton family said the debate must go on."
    assert not _at(_facts(faithful, plural), FindingType.UNSUPPORTED_FACT, "Clintons")


def test_a_capital_as_a_place_is_not_supported_by_its_country() -> None:
    source = (
        "Ministers met on Tuesday. The talks were held in Geneva, officials from Russia and Ukraine "
        "said. A second round is planned."
    )
    in_capital = "Officials from Russia and Ukraine said the talks took place in Moscow."
    found = _facts(in_capital, source)
    assert _at(found, FindingType.ENTITY_MISMATCH, "Moscow") or _at(
        found, FindingType.UNSUPPORTED_FACT, "Moscow"
    )
    # the capital for its government restates the country
    acting = "Ministers met on Tuesday. Russia said the talks would go on. A second round is planned."
    assert not _facts("Moscow said the talks would go on.", acting)


def test_a_country_is_no_mislabelled_name_of_another_group() -> None:
    source = (
        "One of six children, Clara (Maria Ostrowski) Lindqvist was born on May 2, 1951, in "
        "Duluth. She studied law in Chicago."
    )
    rewrite = "Clara Lindqvist, the United States ambassador to Norway, was born on May 2, 1951, in Duluth."
    assert not _at(_facts(rewrite, source), FindingType.ENTITY_MISMATCH, "United States")
