from __future__ import annotations

import pytest

from unspun.facts.attribution import extract_attributions


def _attrs(text: str) -> list[tuple[str, str]]:
    out = []
    for a in extract_attributions(text):
        assert text[a.span.start : a.span.end] == a.text
        out.append((a.source, a.cue))
    return out


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("The town would fall soon, according to military analysts.", "military analysts", "according to"),
        (
            "Residents had fled, according to the local administration.",
            "local administration",
            "according to",
        ),
        ("Kyiv denied Russia had full control of the hub.", "kyiv", "deny"),
        ("Russia said Friday its forces had seized the town.", "russia", "say"),
        ("Three people died, prosecutors said Friday.", "prosecutors", "say"),
        (
            "The army may advance quickly, the Institute for the Study of War said in a report.",
            "institute for the study of war",
            "say",
        ),
        (
            "The Institute for the Study of War noted in a report that the town fell.",
            "institute for the study of war",
            "note",
        ),
        (
            "The Institute for the Study of War has noted that the town fell.",
            "institute for the study of war",
            "note",
        ),
        ("Military analysts suggest that the position is strategic.", "military analysts", "suggest"),
        ("However, analysts caution that the cost is high.", "analysts", "caution"),
        ("However, the think tank also emphasized that the war is slow.", "think tank", "emphasize"),
        ("The think tank emphasised the risks.", "think tank", "emphasize"),
        ("By July, the local administration reported that few remained.", "local administration", "report"),
        ("Officials stressed that talks would continue.", "officials", "stress"),
        ("Experts argued the plan was flawed.", "experts", "argue"),
        ("The general warned of new strikes.", "general", "warn"),
        ("Experts warn of a long war.", "experts", "warn"),
        ("Annual reports show a decline, the agency noted.", "agency", "note"),
        ("Some analysts believe the front will hold.", "analysts", "believe"),
        ("The ministry announced new sanctions.", "ministry", "announce"),
        ("The spokesman insisted the talks were over.", "spokesman", "insist"),
        ("The governor wrote on Telegram that power was cut.", "governor", "write"),
        ("The mayor told reporters the city was calm.", "mayor", "tell"),
        ("Moscow claimed the town was liberated.", "moscow", "claim"),
        ("The senator stated that aid would pass.", "senator", "state"),
        ("The officer added that the unit held.", "officer", "add"),
        ("The war, as one analyst put it, is a grind.", "one analyst", "put"),
    ],
)
def test_attribution_forms(text: str, source: str, cue: str) -> None:
    assert (source, cue) in _attrs(text)


def test_relative_clause_is_skipped() -> None:
    text = (
        "But a press officer for Ukraine's 28th brigade, which has been fighting for control of the town, "
        "said forces were holding."
    )
    assert _attrs(text) == [("press officer for ukraine 28th brigade", "say")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zelensky, speaking in Kyiv, said the aid was vital.", [("zelensky", "say")]),
        ("The mayor, who visited the site on Monday, said the aid was vital.", [("mayor", "say")]),
        ("The attack, which officials said killed 12, hit a school.", [("officials", "say")]),
        ("Ukraine will not give up, Zelensky told reporters.", [("zelensky", "tell")]),
    ],
)
def test_clauses_between_source_and_cue(text: str, expected: list[tuple[str, str]]) -> None:
    assert _attrs(text) == expected


def test_inverted_after_quote() -> None:
    text = '"We hold the line," said Colonel Ivan Petrov, a spokesman.'
    assert ("colonel ivan petrov", "say") in _attrs(text)


def test_trailing_name_after_common_nouns() -> None:
    assert _attrs("It is the largest town Russia has claimed since May.") == [("russia", "claim")]


def test_pronoun_source_is_kept() -> None:
    assert _attrs('"This was once someone\'s home," it said.') == [("it", "say")]


@pytest.mark.parametrize(
    "text",
    [
        "The report was published on Monday.",
        "His claims were rejected by the court.",
        "Officials refused to say how many died.",
        "The town lies on elevated ground.",
        "Annual reports show a decline.",
        "President Trump's alleged remarks drew criticism.",
        "Doctors don't say that often.",
        # a cue word used as a noun or participle after a clause: no party
        "The Met Office has issued an amber warning for flooding across Northern Ireland.",
        'The Met Office has issued an amber "be prepared" weather warning for heavy rain.',
        "Forecasters issued a severe weather warning for the coast on Monday.",
        "Police have released a statement saying the suspect fled on foot.",
        # a cue word after a preposition is a noun ("resign over claims that ...")
        "He refused to resign over claims that he misled parliament.",
        "The minister faces an inquiry over reports that he took bribes.",
    ],
)
def test_no_attribution(text: str) -> None:
    assert _attrs(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials are warning that the dam may fail.", [("officials", "warn")]),
        ("The coastguard was still warning boats to stay in port.", [("coastguard", "warn")]),
        ("The utility has confirmed the outage.", [("utility", "confirm")]),
        ("Displaced residents told reporters the village was empty.", [("displaced residents", "tell")]),
    ],
)
def test_progressive_and_auxiliary_cues_keep_their_party(text: str, expected: list[tuple[str, str]]) -> None:
    assert _attrs(text) == expected


def test_cues_inside_quotes_are_masked() -> None:
    text = '"They said we would be safe," the woman recalled.'
    inner = (1, text.index('"', 1))
    assert all(a.cue != "say" for a in extract_attributions(text, mask=[inner]))


@pytest.mark.parametrize(
    "text",
    [
        # requests, imperatives and "cannot": no claim is reported (LLMFake rewrites)
        "Please confirm whether the singer has left the band.",
        "Kindly note that the comments were made in 2016.",
        "We cannot deny that the couple looked happy together.",
        "Police officers cannot claim the cost of their uniforms.",
        # a cue word that is the object of a verb, or a noun after an adjective
        "Dr. Polowotski advises caution to boaters and swimmers.",
        "This pattern appears to have continued with the present report.",
        "On a different note, some recently posted pictures show Beyoncé attending a party.",
        "Despite her public claims that their marriage is strong, they live apart.",
        # a heading of one word and a noun-like cue (LLMFake test sample)
        "Current reports.",
    ],
)
def test_requests_and_nouns_are_no_attribution(text: str) -> None:
    assert _attrs(text) == []


def test_according_to_keeps_the_dots_of_an_abbreviation() -> None:
    assert _attrs("According to the U.S. State Department, the talks failed.") == [
        ("us state department", "according to")
    ]


def test_according_to_keeps_the_exclamation_mark_of_a_name() -> None:
    assert _attrs("According to OK! Magazine, she has been calling him.") == [("ok magazine", "according to")]
    assert _attrs("According to officials! Nobody knew.") == [("officials", "according to")]


def test_a_conjunction_or_adverb_before_the_cue_is_no_party() -> None:
    # faithful LLMFake rewrites (hand-read sample): "neither" and "instead" were read as parties
    text = (
        "Angela Corning, his publicist, neither confirmed nor denied anything; however, she said "
        "that the congressman would look into it."
    )
    assert _attrs(text) == [("she", "say")]
    text = "Robertson denied any association with Nazi actions and instead said he was protecting people."
    assert _attrs(text) == [("robertson", "deny")]


# Speakers and parties the parser missed, read on the planted benchmark's dev half (real news
# sentences of the distractor sample): an apposition between name and cue, an inverted present
# tense or "added X", a post, a company's "Corp.", a participle after an inverted party, a cue
# word used as the party's noun.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Across the government, we’ll see contracts cut,” Danny Werfel, the federal controller for "
            "the White House’s Office of Management and Budget, told reporters last week.",
            [("danny werfel", "tell")],
        ),
        (
            "Jacob Shoemaker, a senior at Hilliard Davidson High School, said he didn’t want to take sides.",
            [("jacob shoemaker", "say")],
        ),
        (
            "“Hollywood is taking on D.C.,” notes Mariah Haas, an online correspondent.",
            [("mariah haas", "note")],
        ),
        (
            '"I\'m going to show it through my actions, how much I love my fans," added Welch.',
            [("welch", "add")],
        ),
        (
            "“Things will be different after Jan. 20,” Trump tweeted minutes after the vote.",
            [("trump", "tweet")],
        ),
        (
            '"We will mainly discuss cocoa and coffee," said a World Bank official attending the talks.',
            [("world bank official", "say")],
        ),
        ("BankBoston Corp. said it terminated its agreement to sell the unit.", [("bankboston corp", "say")]),
        (
            "Lower values may reflect the lack of offtake from these consumers, the report said.",
            [("report", "say")],
        ),
        (
            'Lawmakers obtained videos that show Gruber saying the act was written in a "very tortured way."',
            [("gruber", "say")],
        ),
    ],
)
def test_speakers_in_news_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert _attrs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Although this detail is being left out of most mainstream reports, one charge is sex trafficking.",
        "In Kyiv, the ministry, however, could not say more.",
        "The Kremlin warning came late, and reports from Kyiv saying it fell were denied.",
    ],
)
def test_a_noun_or_a_place_before_an_apposition_is_no_party(text: str) -> None:
    assert all(src not in {"kyiv", "kremlin"} for src, _ in _attrs(text))
    assert all(cue != "report" for _, cue in _attrs(text))


def test_a_company_name_ending_in_s_cites_the_company() -> None:
    # planted dev (Reuters): "Moody's said ..." dropped from the rewrite went unreported
    found = extract_attributions("Moody's said Interfirst is considerably the weaker of the two banks.")
    assert [(a.source, a.cue) for a in found] == [("moody", "say")]
    assert extract_attributions("The ministry's claims were rejected by the court.") == ()
