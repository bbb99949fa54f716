"""The planters of the planted-change benchmark: each plants a real change, or nothing."""

from __future__ import annotations

import random

import pytest
from benchmarks.quality.planted import POINTED, Base, Item, caught
from benchmarks.quality.planting import (
    EXPECTED,
    PLANTERS,
    Kind,
    Pools,
    plant_added_attribution,
    plant_dropped_attribution,
    plant_invented_number,
    plant_month,
    plant_negation,
    plant_number,
    plant_organisation,
    plant_person,
    plant_place,
    plant_quote_word,
    plant_speaker,
    plant_year,
)
from benchmarks.quality.scorers import Audit, FoundSpan

POOLS = Pools(names={"PERSON": ["Maria Lopez", "Smith"], "ORG": ["Acme Corp"], "GPE": ["Peru"]})


def _rng() -> random.Random:
    return random.Random(0)


def test_every_kind_has_a_planter_and_a_finding_type() -> None:
    assert set(PLANTERS) == set(Kind) == set(EXPECTED)


def test_number_changed_to_a_value_absent_from_the_source() -> None:
    src = "Officials said 42 people were injured in the blast."
    p = plant_number("The blast injured 42 people, officials said.", src, [], POOLS, _rng())
    assert p is not None
    assert p.before == "42"
    assert p.after not in src
    assert p.text[p.start : p.end] == p.after


def test_number_needs_the_value_in_the_source_and_skips_years_and_days() -> None:
    assert plant_number("It injured 17 people.", "It injured 42 people.", [], POOLS, _rng()) is None
    assert plant_number("It began in 2019.", "It began in 2019.", [], POOLS, _rng()) is None
    assert plant_number("It began on March 3.", "It began on March 3.", [], POOLS, _rng()) is None


def test_year_moves_and_month_changes() -> None:
    y = plant_year("The law passed in 2019.", "The law passed in 2019.", [], POOLS, _rng())
    assert y is not None
    assert y.after != "2019"
    assert y.after.isdigit()
    m = plant_month("The vote was held in June 2020.", "The vote was held in June 2020.", [], POOLS, _rng())
    assert m is not None
    assert m.before == "June"
    assert m.after not in {"June", "May"}


def test_person_swapped_for_a_name_absent_from_the_source() -> None:
    text = "Prime Minister John Smith resigned on Monday."
    ents = [(15, 25, "PERSON")]
    p = plant_person(text, text, ents, POOLS, _rng())
    assert p is not None
    assert p.before == "John Smith"
    assert p.after == "Maria Lopez"  # "Smith" is in the source: never put in


def test_name_swaps_need_a_capitalised_word() -> None:
    # the recognizer's "names" without a capital are no names: swapping them plants no name change
    text = "Murphy Oil raised its posted prices by 50 cts a barrel."
    assert plant_organisation(text, text, [(42, 45, "ORG")], POOLS, _rng()) is None
    sp = "The S&P 500 index's SPX, +0.68% 16.7% gain."
    assert plant_place(sp, sp, [(25, 31, "GPE")], POOLS, _rng()) is None
    org = plant_organisation(text, text, [(0, 10, "ORG"), (42, 45, "ORG")], POOLS, _rng())
    assert org is not None
    assert org.before == "Murphy Oil"


def test_negation_inserted_or_removed() -> None:
    ins = plant_negation("The bill was passed by the senate.", "", [], POOLS, _rng())
    assert ins is not None
    assert ins.text == "The bill was not passed by the senate."
    rem = plant_negation("The bill was not passed by the senate.", "", [], POOLS, _rng())
    assert rem is not None
    assert rem.text == "The bill was passed by the senate."


def test_quote_word_changes_a_word_of_a_quotation_the_source_gives() -> None:
    text = 'He said: "We will support the new plan."'
    p = plant_quote_word(text, text, [], POOLS, _rng())
    assert p is not None
    assert p.before in {"support", "plan"}
    assert plant_quote_word(text, "He said nothing.", [], POOLS, _rng()) is None


def test_attribution_added_and_dropped() -> None:
    add = plant_added_attribution("Prices rose sharply.", "Prices rose sharply.", [], POOLS, _rng())
    assert add is not None
    assert add.text.startswith("Prices rose sharply, according to ")
    src = "Prices rose sharply, the ministry said."
    drop = plant_dropped_attribution(src, src, [], POOLS, _rng())
    assert drop is not None
    assert drop.text == "Prices rose sharply."
    assert plant_dropped_attribution(src, "Prices rose sharply.", [], POOLS, _rng()) is None


def test_a_dropped_attribution_is_one_the_source_makes() -> None:
    # LLMFake dev (politifact15210): the rewrite's own "according to Trump"; the source names Trump in
    # one sentence and has a cue in another, citing no one for the claim
    rewrite = "Migrants cannot receive welfare during their first five years, according to Trump."
    source = (
        "Trump wants a merit-based system. Migrants who enter the United States cannot receive welfare "
        "during their first five years in the country. Critics said the rule was cruel."
    )
    assert plant_dropped_attribution(rewrite, source, [], POOLS, _rng()) is None
    cited = source.replace("Trump wants", "Trump said he wants")
    assert plant_dropped_attribution(rewrite, cited, [], POOLS, _rng()) is not None


def _ents(text: str, name: str, label: str) -> list[tuple[int, int, str]]:
    at = text.index(name)
    return [(at, at + len(name), label)]


def test_speaker_changes_the_speaker_of_a_quotation() -> None:
    text = "“Things will be different after the vote,” Trump tweeted minutes later."
    p = plant_speaker(text, text, _ents(text, "Trump", "PERSON"), POOLS, _rng())
    assert p is not None
    assert p.before == "Trump"
    text = "“Across the government, we’ll see contracts cut,” Danny Werfel, the controller, told reporters."
    assert plant_speaker(text, text, _ents(text, "Danny Werfel", "PERSON"), POOLS, _rng()) is not None
    # the organisation of the speaker's apposition identifies the speaker; the subject before ", saying"
    text = '"We do not comment on intelligence matters," Col. Shane Day, Director of the NCMI, said.'
    assert plant_speaker(text, text, _ents(text, "NCMI", "ORG"), POOLS, _rng()) is not None
    text = 'Mueller, saying he would not "answer questions about certain areas," declined to go on.'
    assert plant_speaker(text, text, _ents(text, "Mueller", "PERSON"), POOLS, _rng()) is not None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name after a quoted title, or after a quotation it does not speak (planted dev half)
        ("S.E. Cupp is the host of “S.E. Cupp Unfiltered Tonight Again” on CNN.", "CNN"),
        (
            'It is "domestic terrorist violence in the land," as Antifa supporters stored explosives.',
            "Antifa",
        ),
        # a quoted title is nobody's words; a name that is the object before ", saying" does not say it
        ('Speaking on "The 700 Club," Robertson warned viewers that the end is near.', "Robertson"),
        (
            'Biden drew a contrast between her and Trump, saying the White House lacks "empathy."',
            "Trump",
        ),
    ],
)
def test_speaker_needs_a_name_that_speaks_the_quotation(text: str, name: str) -> None:
    assert plant_speaker(text, text, _ents(text, name, "ORG"), POOLS, _rng()) is None


def test_invented_number_makes_a_vague_count_precise() -> None:
    p = plant_invented_number("Several officials resigned.", "Several officials resigned.", [], POOLS, _rng())
    assert p is not None
    assert p.after.strip().isdigit()
    assert p.text.endswith("officials resigned.")


@pytest.mark.parametrize(("start", "end", "expected"), [(0, 2, True), (10, 12, False)])
def test_caught_needs_the_finding_over_the_value(start: int, end: int, expected: bool) -> None:
    src = "Officials said 42 people were injured."
    base = Base("b", "distractor", "Officials said 42 people were injured.", src)
    plant = plant_number(base.rewrite, "42 people", [], POOLS, _rng())
    assert plant is not None
    assert Kind.NUMBER in POINTED
    shifted = plant.start
    finding = FoundSpan("number_mismatch", "critical", 0.9, shifted + start, shifted + end)
    audit = Audit("rewrite", 1.0, (finding,), 0.0)
    assert caught(Item(base, Kind.NUMBER, plant), audit) is expected


def test_negation_planted_where_a_reader_puts_it() -> None:
    # after "might"/"may"/"must" the negation precedes the auxiliary (planted dev half: "might have
    # not been"); an adverb before an existing negation does not get a second one ("would not
    # probably not improve"): that negation is removed
    modal = plant_negation("His moves might have been grudging, though.", "", [], POOLS, _rng())
    assert modal is not None
    assert modal.text == "His moves might not have been grudging, though."
    adverb = plant_negation("Debt restructuring would probably not improve earnings.", "", [], POOLS, _rng())
    assert adverb is not None
    assert adverb.text == "Debt restructuring would probably improve earnings."


@pytest.mark.parametrize(
    ("text", "planted"),
    [
        # a "not" that would negate nothing, or make a double negative, is not planted there
        ("He would just say so.", None),
        ("There was nothing wrong with it.", None),
        ("I expected him to swing, but he didn't do that.", None),
        ("He claims not to have heard of the law.", None),
        # a question asserts nothing
        ("How will his case be different?", None),
        # "also" comes before the negation
        ("The SEC is also investigating the company.", "The SEC is also not investigating the company."),
        # a clause under "whether" states nothing; a later clause does
        ("It remains unknown whether the NRA will issue a retraction.", None),
        (
            "Nobody knows whether he will run, but he has hired staff.",
            "Nobody knows whether he will run, but he has not hired staff.",
        ),
        # "cannot help but" is an idiom: "can help but" is no English
        ("I cannot help but wonder about it.", None),
        # "not only" negates nothing: it is kept, a later clause is negated
        (
            "He has not only helped to bring a shutdown, but has alienated the chamber.",
            "He has not only helped to bring a shutdown, but has not alienated the chamber.",
        ),
    ],
)
def test_negation_not_planted_where_it_negates_nothing(text: str, planted: str | None) -> None:
    p = plant_negation(text, "", [], POOLS, _rng())
    assert (p.text if p is not None else None) == planted
