"""The number, date, entity and unsupported-fact rules (issue 10), on made-up sentences.

Each failure class of the issue has a test here on text other than the example pair: a changed
number inside an aligned sentence, a value found nowhere in the source, a swapped name the name
recognizer does not tag, a swap that pulls the alignment to another sentence, day ranges, a
yearless day-month in an undated rewrite, mojibake currency signs, and names shown as written.
"""

from __future__ import annotations

import pytest

from unspun.audit.context import AuditContext
from unspun.audit.entities import EntityRule
from unspun.audit.name_swaps import SentenceWords, swapped_names
from unspun.audit.unsupported import UnsupportedRule
from unspun.config import Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType, Report, Severity

CONTENT = frozenset(
    {
        FindingType.NUMBER_MISMATCH,
        FindingType.DATE_MISMATCH,
        FindingType.ENTITY_MISMATCH,
        FindingType.UNSUPPORTED_FACT,
        FindingType.ATTRIBUTION_ADDED,
        FindingType.ATTRIBUTION_DROPPED,
        FindingType.QUOTE_ALTERED,
        FindingType.QUOTE_FABRICATED,
        FindingType.QUOTE_MISATTRIBUTED,
        FindingType.UNSUPPORTED_CLAIM,
    }
)


def _compare(rewrite: str, source: str) -> Report:
    return compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )


def _found(rewrite: str, source: str) -> list[Finding]:
    return [f for f in _compare(rewrite, source).findings if f.type in CONTENT]


def _of(findings: list[Finding], kind: FindingType) -> list[Finding]:
    return [f for f in findings if f.type is kind]


BLAST = (
    "A gas explosion tore through a market in the city centre on Monday. "
    "Officials said 42 people were injured in the blast. "
    "Police have opened an investigation into the cause of the explosion."
)


# --------------------------------------------------------------------------- numbers


def test_changed_number_inside_an_aligned_sentence_is_a_number_mismatch() -> None:
    found = _found("The blast injured 17 people, officials said.", BLAST)
    (f,) = _of(found, FindingType.NUMBER_MISMATCH)
    assert (f.rewrite.text, f.source.text if f.source else None) == ("17", "42")
    assert f.severity is Severity.CRITICAL
    assert _of(found, FindingType.UNSUPPORTED_FACT) == []  # one finding for one change


def test_same_number_twice_in_the_source_is_kept_one_to_one() -> None:
    source = "The firm bought 50 pct of Intercon and its founders keep the remaining 50 pct."
    found = _found("The firm bought 100 pct of Intercon and its founders keep the remaining 50 pct.", source)
    (f,) = _of(found, FindingType.NUMBER_MISMATCH)
    assert f.rewrite.text == "100 pct"


def test_faithful_restatement_of_numbers_has_no_finding() -> None:
    assert _found("The blast injured 42 people, officials said.", BLAST) == []


# --------------------------------------------------------------------------- unsupported facts


def test_number_found_nowhere_is_an_unsupported_fact_with_the_aligned_sentence() -> None:
    source = "Several officials resigned after the vote. The council will meet again next week."
    found = _found("Fourteen officials resigned after the vote, 9 of them from the board.", source)
    assert [f.rewrite.text for f in _of(found, FindingType.UNSUPPORTED_FACT)] == ["Fourteen", "9"]
    f = _of(found, FindingType.UNSUPPORTED_FACT)[1]
    assert f.after == "9"
    assert f.source is not None
    assert f.source.text == "Several officials resigned after the vote."
    assert f.severity is Severity.MAJOR


def test_name_found_nowhere_is_an_unsupported_fact_as_the_text_writes_it() -> None:
    source = "The minister resigned on Tuesday after a row over the budget. Her deputy will take over."
    found = _found(
        "The minister resigned on Tuesday after a row with Gordon Whitfield over the budget.", source
    )
    (f,) = _of(found, FindingType.UNSUPPORTED_FACT)
    assert f.rewrite.text == "Gordon Whitfield"
    assert "'Gordon Whitfield'" in f.message


@pytest.mark.parametrize(
    "rewrite",
    [
        "Putin said the talks would go on.",  # surname of a person the source names in full
        "U.K. activists dumped paint outside the embassy.",  # the country of "London"
        "The DNR said the talks would go on.",  # acronym of a name the source spells out
    ],
)
def test_names_the_source_gives_in_another_form_are_supported(rewrite: str) -> None:
    source = (
        "Vladimir Putin said the talks would go on, the Department of Natural Resources said. "
        "Activists in London dumped paint outside the embassy."
    )
    assert _of(_found(rewrite, source), FindingType.UNSUPPORTED_FACT) == []


def test_values_inside_a_quotation_are_left_to_the_quotation_rule() -> None:
    source = 'The mayor said: "We will rebuild the market." Police are investigating.'
    found = _found('The mayor said: "We will rebuild the market by 2027."', source)
    assert _of(found, FindingType.UNSUPPORTED_FACT) == []


def test_unsupported_rule_runs_after_the_mismatch_rules() -> None:
    from unspun.audit import RULES

    names = [r.name for r in RULES]
    assert names.index("unsupported") > max(names.index(n) for n in ("numbers", "dates", "entities"))
    assert isinstance(RULES[names.index("unsupported")], UnsupportedRule)


# --------------------------------------------------------------------------- names


def test_swapped_name_not_tagged_as_a_person_is_an_entity_mismatch() -> None:
    source = "Prime Minister Smith met the union leaders on Friday. The talks lasted four hours."
    found = _found("Prime Minister European met the union leaders on Friday.", source)
    (f,) = _of(found, FindingType.ENTITY_MISMATCH)
    assert (f.rewrite.text, f.before, f.after) == ("European", "smith", "european")
    assert "'Smith'" in f.message
    assert "'European'" in f.message  # as the texts write them


def test_swap_that_pulls_the_alignment_to_another_sentence_is_found() -> None:
    source = (
        "Anna Kovacs, the finance minister, presented the budget to parliament on Wednesday. "
        "The opposition leader, Peter Brandt, called the budget a betrayal of pensioners. "
        "Brandt has led the opposition since 2019."
    )
    rewrite = "Peter Brandt, the finance minister, presented the budget to parliament on Wednesday."
    found = _found(rewrite, source)
    (f,) = _of(found, FindingType.ENTITY_MISMATCH)
    assert f.rewrite.text == "Peter Brandt"
    assert f.source is not None
    assert f.source.text == "Anna Kovacs"


def test_name_swaps_are_the_same_with_one_word_memo_for_the_whole_audit() -> None:
    # EntityRule tokenises each sentence once per audit and shares the words between lines;
    # every line must get the findings a fresh tokenisation gives it.
    source = (
        "Prime Minister Smith met the union leaders on Friday. The talks lasted four hours. "
        "Mayor Jane Doe opened the bridge in Leeds on Monday. It cost 40 million pounds."
    )
    rewrite = (
        "Prime Minister European met the union leaders on Friday. The talks lasted four hours. "
        "Mayor Jane Roe opened the bridge in Leeds on Monday."
    )
    report = _compare(rewrite, source)
    ctx = AuditContext.build(
        report.rewrite, report.sources, report.facts, report.alignment, settings=Settings().audit
    )
    shared = SentenceWords()
    with_memo = [f for line in ctx.linked_lines for f in swapped_names(line, shared)]
    fresh = [f for line in ctx.linked_lines for f in swapped_names(line)]
    assert with_memo == fresh
    assert [f.rewrite.text for f in fresh] == ["European", "Roe"]


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        ("Gov. John Kasich signed the bill.", "Governor John Kasich signed the bill."),
        (
            "She spoke at her school in Parkland, Fla. on Friday.",
            "She spoke at her school in Parkland, Florida on Friday.",
        ),
        ("Moscow said the strike hit a depot.", "Russia said the strike hit a depot."),
        ("Officials said the port in March reopened.", "Officials said the port in April reopened."),
    ],
)
def test_same_name_written_otherwise_or_a_month_is_no_swap(source: str, rewrite: str) -> None:
    assert _of(_found(rewrite, source), FindingType.ENTITY_MISMATCH) == []


def test_entity_rule_leaves_quoted_speakers_to_the_quotation_rule() -> None:
    source = '"We will not give up," Maria Lopez said. The strike enters its third week.'
    found = _found('"We will not give up," Anna Berg said.', source)
    assert _of(found, FindingType.ENTITY_MISMATCH) == []
    assert EntityRule().name == "entities"


# --------------------------------------------------------------------------- dates


def test_day_range_written_two_ways_is_no_mismatch() -> None:
    source = "The festival will run between 16 and 23 June in the old town. Tickets sold out."
    found = _found("The festival will run between June 16 and 23 in the old town.", source)
    assert _of(found, FindingType.NUMBER_MISMATCH) == []
    assert _of(found, FindingType.DATE_MISMATCH) == []


def test_changed_day_of_a_range_is_a_date_mismatch() -> None:
    source = "The festival will run between 16 and 23 June in the old town. Tickets sold out."
    found = _found("The festival will run between June 16 and 25 in the old town.", source)
    (f,) = _of(found, FindingType.DATE_MISMATCH)
    assert f.rewrite.text == "25"


def test_day_month_without_year_in_an_undated_rewrite_is_not_placed_in_a_year() -> None:
    source = "March 3, 2025\n\nThe referendum was held on 16 June 2022 across the country. Turnout was low."
    report = _compare("The referendum was held on June 16 across the country.", source)
    assert [f for f in report.findings if f.type is FindingType.DATE_MISMATCH] == []
    (d,) = report.facts["rw"][0].dates
    assert (d.value, d.is_relative) == ("--06-16", False)


def test_yearless_day_month_that_differs_is_a_date_mismatch_without_a_year() -> None:
    source = "March 3, 2025\n\nThe referendum was held on 16 June 2022 across the country. Turnout was low."
    found = _found("The referendum was held on June 18 across the country.", source)
    (f,) = _of(found, FindingType.DATE_MISMATCH)
    assert "no year" not in f.message or "--06-18" in f.message
    assert "relative" not in f.message


def test_month_changed_in_undated_texts_is_a_date_mismatch() -> None:
    found = _found(
        "Elections were held in April, officials said.", "Elections were held in March, officials said."
    )
    assert len(_of(found, FindingType.DATE_MISMATCH)) == 1


def test_years_ago_without_dates_are_compared_as_numbers() -> None:
    source = "An Australian pleaded guilty to the death 35 years ago of an American in Sydney."
    found = _found("An Australian pleaded guilty to the death 30 years ago of an American in Sydney.", source)
    (f,) = _of(found, FindingType.NUMBER_MISMATCH)
    assert (f.before, f.after) == ("35 year", "30 year")


# --------------------------------------------------------------------------- mojibake


def test_mojibake_currency_sign_is_no_number_change() -> None:
    source = "The repairs will cost £50,000, the council said. Work starts next month."
    assert _found("The repairs will cost Â£50,000, the council said.", source) == []


# --------------------------------------------------------------------------- faithful restatements


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        (  # a bound the source's figure meets
            "Between 2012 and 2018, Halper received a total of $1,058,161 from the Department of Defense.",
            "Halper received over $1 million from the Department of Defense between 2012 and 2018.",
        ),
        (  # a vague plural for a precise count
            "The provisions eliminate deductions taken by almost 28 million taxpayers in 2015.",
            "The provisions eliminate deductions for millions of taxpayers.",
        ),
        (  # an age is no duration
            "Davies, who was 14-years-old at the time, now faces a year in prison and a fine.",
            "Davies now faces one year in prison and a fine.",
        ),
    ],
)
def test_restated_numbers_are_no_mismatch(source: str, rewrite: str) -> None:
    assert _of(_found(rewrite, source), FindingType.NUMBER_MISMATCH) == []


def test_dated_day_stated_by_a_yearless_day_of_the_source_is_no_mismatch() -> None:
    source = (
        "A day after the shooting, on February 15, 2018, students formed the group. "
        "The February 14 shooting at the school in Parkland shocked the country."
    )
    rewrite = "Students formed the group after the shooting on February 14, 2018."
    assert _of(_found(rewrite, source), FindingType.DATE_MISMATCH) == []


def test_month_name_at_the_head_of_a_name_is_no_date() -> None:
    from unspun.facts.dates import extract_dates

    text = "The word in March For Our Lives refers to students."
    assert extract_dates(text, None, own_date=False) == ()
