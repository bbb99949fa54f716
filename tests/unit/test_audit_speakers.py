"""A quotation given to someone else through the words around the speaker's name (issue 10).

The classes were read on the planted dev half (its extra sample, ``planted --extra-dev``): an
organisation changed in the speaker's title or apposition, a speaker the patterns do not parse
("one ... official said"), a source that starts inside a quotation. The sentences are written
for the tests in the form of those news sentences; a faithful restatement of the speaker
(title dropped, a name the source gives elsewhere) gets no finding.
"""

from __future__ import annotations

import pytest

from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType, Severity

QUOTE = "State health officials will review the plans as they make decisions about the convention"
SOURCE = (
    "The party wants a full convention in August. "
    f'"{QUOTE}," Cooper spokeswoman Dory MacMillan said in an email. '
    "Organisers have not answered."
)


def _findings(rewrite: str, source: str = SOURCE) -> list[Finding]:
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )
    return list(report.findings)


def _misattributed(rewrite: str, source: str = SOURCE) -> list[Finding]:
    return [f for f in _findings(rewrite, source) if f.type is FindingType.QUOTE_MISATTRIBUTED]


def test_changed_organisation_in_the_speakers_title_is_misattributed() -> None:
    (f,) = _misattributed(f'"{QUOTE}," Tillis spokeswoman Dory MacMillan said in an email.')
    assert f.severity is Severity.CRITICAL
    assert "Cooper spokeswoman Dory MacMillan" in f.message
    assert "Tillis spokeswoman Dory MacMillan" in f.message
    assert "'Tillis'" in f.message


@pytest.mark.parametrize(
    "rewrite",
    [
        f'"{QUOTE}," Cooper spokeswoman Dory MacMillan said in an email.',
        f'"{QUOTE}," MacMillan said.',
        f'"{QUOTE}," said Dory MacMillan, a spokeswoman for the governor.',
    ],
)
def test_the_same_speaker_or_fewer_words_of_it_is_no_finding(rewrite: str) -> None:
    assert _misattributed(rewrite) == []


def test_a_name_the_source_gives_elsewhere_is_no_new_speaker() -> None:
    source = SOURCE + " Governor Roy Cooper has asked for a smaller event."
    assert _misattributed(f'"{QUOTE}," Governor Roy Cooper\'s spokeswoman Dory MacMillan said.', source) == []


def test_changed_organisation_in_an_apposition_is_misattributed() -> None:
    source = (
        '"As a matter of practice we do not comment on specific intelligence matters," Col. R. Shane '
        "Day, Director of the NCMI, said in a rare statement."
    )
    rewrite = source.replace("NCMI", "Pentagon Press Office")
    (f,) = _misattributed(rewrite, source)
    assert "Day, Director of the NCMI" in f.message  # the whole phrase, not only the name
    assert "Day, Director of the Pentagon Press Office" in f.message


def test_speaker_the_patterns_do_not_parse_is_compared_by_its_phrase() -> None:
    source = (
        '"This is about public safety and overcrowding in our prisons," one Justice Department official said.'
    )
    (f,) = _misattributed(source.replace("Justice Department", "Treasury"), source)
    assert "one Treasury official" in f.message


def test_source_that_opens_inside_a_quotation_keeps_its_speakers() -> None:
    source = (
        "Now, actually, I did. It's called preparation.\" After pausing for laughter, Clinton added, "
        '"And looking back, I have had to listen to him for three full debates!"'
    )
    rewrite = (
        'After pausing for laughter, Kaine added, "And looking back, I have had to listen to him for '
        'three full debates!"'
    )
    (f,) = _misattributed(rewrite, source)
    assert "Clinton" in f.message
    assert "Kaine" in f.message


def test_a_name_in_a_clause_after_the_speaker_is_not_the_speakers() -> None:
    # The example pair's form: ', referring to ... talks between Putin and U.S. President Donald
    # Trump' follows the speaker; renaming Trump there changes a name, not who speaks.
    source = (
        "The army kept advancing in the east. "
        '"Do we need negotiations at this rate?" asked military correspondent Alexander Kots, '
        "referring to ceasefire talks between Putin and U.S. President Donald Trump. "
        "Officials did not comment."
    )
    rewrite = source.replace("Donald Trump", "Marcus Ellingsworth")
    types = {f.type for f in _findings(rewrite, source)}
    assert FindingType.QUOTE_MISATTRIBUTED not in types
    assert FindingType.ENTITY_MISMATCH in types
