from __future__ import annotations

import pytest

from unspun.facts.attribution import find_attributions
from unspun.facts.quotes import extract_quotes, find_quote_regions, speaker_phrase


def _quotes(text: str) -> list[tuple[str, str | None, str | None]]:
    out = []
    for q in extract_quotes(text):
        assert text[q.span.start : q.span.end] == q.text
        out.append((q.text, q.speaker, q.speaker_text))
    return out


def test_straight_quote_with_trailing_speaker() -> None:
    text = '"We will hold the line," the commander said on Monday.'
    assert _quotes(text) == [("We will hold the line", "commander", "commander")]


def test_curly_quote_with_inverted_speaker() -> None:
    text = "“Do we need talks at this rate?” asked Russian correspondent Ivan Petrov, referring to Kyiv."
    assert _quotes(text) == [
        (
            "Do we need talks at this rate?",
            "russian correspondent ivan petrov",
            "Russian correspondent Ivan Petrov",
        )
    ]


def test_speaker_before_colon() -> None:
    text = 'The Foreign Ministry said: "The city was liberated."'
    assert _quotes(text) == [("The city was liberated.", "foreign ministry", "Foreign Ministry")]


def test_speaker_with_possessive_is_normalised() -> None:
    text = '"The city was liberated," Moscow\'s Defense Ministry said.'
    assert _quotes(text)[0][1] == "moscow defense ministry"


def test_speaker_said_earlier_in_sentence() -> None:
    text = 'The governor said residents should leave because "the shelling is relentless".'
    assert _quotes(text)[0][1] == "governor"


def test_pronoun_speaker_keeps_surface_only() -> None:
    text = '"This was once someone\'s home," it said.'
    assert _quotes(text) == [("This was once someone's home", None, "it")]


def test_scare_quote_without_speaker() -> None:
    text = 'Putin has made capturing the region a "priority" since 2022.'
    assert _quotes(text) == [("priority", None, None)]


def test_apostrophes_are_not_quotes() -> None:
    text = "It's the town's last road, and the soldiers' lives depend on it."
    assert extract_quotes(text) == ()


def test_single_quoted_heading_is_a_quote() -> None:
    text = "Residents asked 'Do we need negotiations?' on the radio."
    assert [q.text for q in extract_quotes(text)] == ["Do we need negotiations?"]


def test_single_quoted_with_inner_apostrophe() -> None:
    text = "A sign read 'It's just ruins' at the gate."
    assert [q.text for q in extract_quotes(text)] == ["It's just ruins"]


def test_unclosed_quote_is_ignored() -> None:
    assert extract_quotes('He said "this never closes') == ()


def test_regions_do_not_cross_paragraphs() -> None:
    text = 'First "open\n\nSecond" close'
    assert find_quote_regions(text) == []


def test_quote_spanning_sentences_is_one_region() -> None:
    text = '"A place where people lived. Now, it\'s just ruins."'
    assert find_quote_regions(text) == [(1, len(text) - 1)]


@pytest.mark.parametrize("mark", ['"', "“"])
def test_offset_applies(mark: str) -> None:
    close = '"' if mark == '"' else "”"
    text = f"He said {mark}yes{close} twice."
    qs = extract_quotes(text, offset=10)
    assert (qs[0].span.start, qs[0].span.end) == (10 + 9, 10 + 12)


def test_according_to_after_a_quotation_that_ends_its_sentence_is_not_its_speaker() -> None:
    text = '"We do not want to disarm our own people." According to Reuters, the law passed on Friday.'
    (q,) = extract_quotes(text)
    assert q.speaker is None
    (q2,) = extract_quotes('"We will not disarm our own people," according to the interior minister.')
    assert q2.speaker == "interior minister"


def test_elided_letters_are_not_quotation_marks() -> None:
    # LLMFake rewrites: "'70s" and "rock 'n' roll" were paired into a false quotation
    text = "Set today, it has a retro '70s vibe and a rock 'n' roll star; fans call it 'a triumph' online."
    assert [text[s:e] for s, e in find_quote_regions(text)] == ["a triumph"]


def test_an_attribution_after_a_full_stop_opens_the_next_sentence() -> None:
    # planted dev twin (a real distractor paragraph): "The company" is not the letter's speaker
    text = (
        'In its letter, Apple said that "all tariffs ultimately show up as a tax on US consumers." '
        'The company said tariffs would hit "a wide range of Apple products," including computers.'
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["apple", "company"]


def test_a_quoted_show_has_no_speaker() -> None:
    text = 'Levin said the complaint should be taken lighter, claiming on "Hannity" that no one filed it.'
    assert [(q.text, q.speaker) for q in extract_quotes(text)] == [("Hannity", None)]


def test_a_quotation_after_a_participle_is_not_the_outlets() -> None:
    # LLMFake original (hand-read sample, test split): the words are Page's, not the outlet's
    text = (
        "Truepundit.com reports: The embattled Page tossed James Comey and Bill Priestap under the bus, "
        "alleging the upper echelon of the FBI concealed intelligence confirming Chinese state-backed "
        "‘assets’ hacked the server."
    )
    assert [(q.text, q.speaker) for q in extract_quotes(text)] == [("assets", None)]


def test_a_quoted_show_with_a_number_is_a_title() -> None:
    text = 'Speaking on "The 700 Club," Robertson warned viewers that the wrath of God is imminent.'
    assert [(q.text, q.speaker) for q in extract_quotes(text)] == [("The 700 Club", None)]


def test_a_stray_straight_mark_does_not_turn_the_pairs_inside_out() -> None:
    # planted dev: a source window that opens inside a quotation (the opening mark is before it)
    text = (
        "Now, actually, I did. It's called preparation.\" After pausing for laughter, Clinton added, "
        '"And looking back, I have had to listen to him for three debates!"'
    )
    quotes = extract_quotes(text)
    assert [(q.text[:16], q.speaker) for q in quotes] == [("And looking back", "clinton")]


def test_a_closing_curly_mark_glued_between_words_opens() -> None:
    # planted dev (an LLMFake original): the spaces before the opening marks were lost
    text = (
        "She asked her to leave, telling her why the restaurant had”certain criteria” like”honesty, "
        "and compassion, and collaboration,” Wilkinson told the Post."
    )
    quotes = extract_quotes(text)
    assert [q.text for q in quotes] == ["certain criteria", "honesty, and compassion, and collaboration"]
    assert quotes[1].speaker == "wilkinson"
    # an apostrophe written as a closing mark opens nothing
    assert [q.text for q in extract_quotes("Trump”s team said “no way” on Monday.")] == ["no way"]


def test_when_and_where_it_was_said_is_not_the_speaker() -> None:
    text = "“The last two elections, we had more moderate candidates,” said Huckabee in a separate interview."
    assert [q.speaker for q in extract_quotes(text)] == ["huckabee"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            '"We are ahead," Clinton pollster Joel Benenson told reporters.',
            "Clinton pollster Joel Benenson told",
        ),
        (
            '"It makes sense," said Kevin Haggerty, senior vice president at Fidelity Investments.',
            "said Kevin Haggerty, senior vice president at Fidelity Investments.",
        ),
        (
            '"This is about public safety," one Justice Department official said.',
            "one Justice Department official said",
        ),
        ('After a pause, Clinton added, "And looking back, I did."', "After a pause, Clinton added"),
        ('"It is over," the statement ended.', None),
    ],
)
def test_speaker_phrase_is_the_whole_phrase(text: str, phrase: str | None) -> None:
    regions = find_quote_regions(text)
    (s, e) = regions[0]
    got = speaker_phrase(text, s, e + 1, find_attributions(text, mask=regions))
    assert (None if got is None else text[got[0] : got[1]].strip()) == phrase


def test_a_straight_mark_inside_a_curly_quotation_goes_on_with_it() -> None:
    # LLMFake original: the second paragraph of the quotation opens with a straight mark
    text = (
        "“The key to contentment lies in being thankful for what one has. Manifest beauty in your life. "
        ' "Only then will one be blessed with more,” the reality star wrote.'
    )
    assert [q.text[:16] for q in extract_quotes(text)] == ["The key to conte"]


def test_a_quotation_opened_again_in_a_new_paragraph_is_two_quotations() -> None:
    # LLMFake original: the convention of a quotation over two paragraphs, on one line
    text = (
        '"They are both constantly travelling the world and rarely meet. '
        ' "It will take a while for her to build back his trust," the source said.'
    )
    assert [q.text[:12] for q in extract_quotes(text)] == ["They are bot", "It will take"]


def test_a_speech_tag_after_the_quotation_keeps_an_attribution_before_it_away() -> None:
    # faithful LLMFake original (train split): "according to Haynes" glued to the opening mark
    text = (
        "Twitter has access to all private data according to Haynes“The fact is, even if Haynes was "
        "just speculating, his admission shows a clear bias,” says Project Veritas founder and "
        "President James O’Keefe in the video."
    )
    (q,) = extract_quotes(text)
    assert q.speaker is None
    # a clause that goes on after the quotation is no speech tag of its own
    (q,) = extract_quotes('Trump said on Monday that "we will win" and said it was over.')
    assert q.speaker == "trump"
    (q,) = extract_quotes('Trump said: "We will win," adding that it was over.')
    assert q.speaker == "trump"
