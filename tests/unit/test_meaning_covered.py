"""meaning_reversed on a lone negation no source clause answers (session 8, issue 10): the
cross-encoder asked with and without the negation (unspun.audit.meaning_sentence), and the same
verb stated by a participle or with its subject in other words. Cases from the planted
benchmark's dev half (the catches) and faithful LLMFake train rewrites (kept out), shortened."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sentence_articles import TAIL, meaning_findings
from unspun.audit.meaning_sentence import _without_negation
from unspun.config import Settings
from unspun.facts.polarity import predicates
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import FindingType

_CHARGES = (
    "San Juan mayor Carmen Yulín Cruz’s party are facing fraud charges relating to the embezzlement of "
    "over $3 million in federal funds, just months after she appeared on CNN and blamed President Trump "
    "for mishandling the Puerto Rico hurricane disaster response.",
    "Recently, corruption charges were not brought against Mayor Carmen Yulín Cruz’s party for the "
    "embezzlement of over $3 million in federal funds.",
)


def test_a_reworded_clause_negated_is_reported_by_the_cross_encoder() -> None:
    (f,) = meaning_findings(*_CHARGES)
    assert f.after == "were not brought"
    assert f.source is not None


def test_the_cross_encoder_form_can_be_turned_off() -> None:
    settings = replace(Settings(), audit=replace(Settings().audit, meaning_cover_min=1.0))
    source, rewrite = _CHARGES
    report = compare_articles(
        article_from_text(rewrite + TAIL, doc_id="rw"),
        [article_from_text(source + TAIL, doc_id="src")],
        settings=settings,
    )
    assert not [f for f in report.findings if f.type is FindingType.MEANING_REVERSED]


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        # a participle of the same verb about a word of the rewrite sentence
        (
            "Waters walked away with a slap on the wrist in 2012 after being charged with multiple "
            "ethics violations related to her meddling in OneUnited Bank.",
            "National Review reported that Waters was not charged with multiple ethics violations "
            "related to her intervention in OneUnited Bank.",
            "was not charged",
        ),
        # a gerund of the same verb; "the world's only" restricts nothing
        (
            "The crew of the MV Nisshin Maru, Japan's primary whaling vessel and the world's only whaler "
            "factory ship, was forced to leave the deck as a gas leak was detected within the ship's "
            "processing factory that resulted in the ship being temporarily disabled.",
            "The MV Nisshin Maru, Japan's primary whaling vessel, was not temporarily disabled due to a gas "
            "leak, prompting panic among the crew.",
            "was not temporarily disabled",
        ),
        # the same verb, another subject, two argument words in common
        (
            "Both the FBI and the CIA require polygraph exams for top secret positions.",
            "The questionnaire includes personal details, and a polygraph exam is not required for top "
            "secret positions.",
            "is not required",
        ),
    ],
)
def test_the_same_verb_stated_otherwise_is_reversed(source: str, rewrite: str, after: str) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.after == after


@pytest.mark.parametrize(
    ("source", "rewrite", "after"),
    [
        # the place in a modifier of the prepositional object ("a Houston hospital")
        (
            "Bush was previously admitted to a Houston hospital in April after contracting an infection "
            "that spread to his blood.",
            "Bush had not previously been hospitalized in Houston after an infection spread to his blood.",
            "had not previously been hospitalized",
        ),
        # the same verb, its subject worded otherwise ("the gunman" / "Devin Kelley")
        (
            "The gunman who opened fire inside a church in Sutherland Springs, Texas, has been identified "
            "as Devin Kelley, an Antifa member who vowed to start a civil war.",
            "Devin Kelley, the man who committed the mass shooting at Sutherland Springs Baptist Church in "
            "Texas, has not been identified as an Antifa member who aimed to initiate a civil war.",
            "has not been identified",
        ),
    ],
)
def test_a_reworded_verb_negated_is_reversed(source: str, rewrite: str, after: str) -> None:
    (f,) = meaning_findings(source, rewrite)
    assert f.after == after


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        # a negation the paraphrase adds of its own, not against a claim of the source
        (
            "BDSM enthusiast Reginald Monroe of Atlanta, while walking his leather-clad male slave "
            "through downtown, said,",
            "A BDSM enthusiast named Reginald Monroe was walking his leather-clad male slave through "
            "downtown and did not offer any specific reaction to the study.",
        ),
        (
            "In January Lindsay deleted all the pictures on her Instagram account and changed her bio, "
            "changing her bio to 'Alaikum salam.'",
            "In January, Lohan changed her Instagram bio to 'Alaikum salam,' sparking rumors of her "
            "conversion to Islam, though she has not confirmed it.",
        ),
        # "unvaccinated" restated
        (
            "Gates has three children with his wife Melinda, born between 1996 and 2002, and according "
            "to his former doctor, they are all unvaccinated and healthy.",
            "Gates' three kids, born between 1996 and 2002, are all said to be healthy, having never "
            "been vaccinated as per their father's rules on the subject.",
        ),
    ],
)
def test_a_negation_the_source_does_not_contradict_is_no_reversal(source: str, rewrite: str) -> None:
    assert meaning_findings(source, rewrite) == []


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("He won't sign the bill.", "He will sign the bill."),
        ("She can’t attend.", "She can attend."),
        ("They cannot pay.", "They can pay."),
        ("He never said it.", "He said it."),
        ("He didn't go.", "He did go."),
        ("No one was hurt.", None),
        ("He is no longer employed.", None),
    ],
)
def test_a_negation_taken_out(text: str, plain: str | None) -> None:
    (p,) = [p for p in predicates(text) if p.negated]
    assert _without_negation(text, p) == plain
