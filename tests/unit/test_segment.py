"""Unit tests for the sentence splitter, unspun.text.split_sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.text.sentences import _spans_cached, split_sentences, split_units

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "toretsk"


def sents(text: str, **kw: int) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, **kw)]


def test_plain_split() -> None:
    assert sents("Kyiv denied it. Moscow insisted! Who knows?") == [
        "Kyiv denied it.",
        "Moscow insisted!",
        "Who knows?",
    ]


def test_offsets_are_shifted_by_start() -> None:
    text = "One here. Two there."
    spans = split_sentences(text, 100)
    assert spans == [(100, 109), (110, 120)]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n ") == []


def test_whitespace_belongs_to_no_sentence() -> None:
    text = "  First one.   Second one.  "
    assert sents(text) == ["First one.", "Second one."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "He met U.S. President Donald Trump. Gen. Smith agreed.",
            ["He met U.S. President Donald Trump.", "Gen. Smith agreed."],
        ),
        (
            "Lt. Col. Brown met Sen. Warren on Jan. 5. They talked.",
            ["Lt. Col. Brown met Sen. Warren on Jan. 5.", "They talked."],
        ),
        (
            "Mr. Jones and Mrs. Smith met Dr. Lee at 9 a.m. on Monday.",
            ["Mr. Jones and Mrs. Smith met Dr. Lee at 9 a.m. on Monday."],
        ),
        (
            "The talks were led by J. R. Smith. Nothing came of it.",
            ["The talks were led by J. R. Smith.", "Nothing came of it."],
        ),
    ],
)
def test_no_split_after_abbreviations(text: str, expected: list[str]) -> None:
    assert sents(text) == expected


def test_no_split_inside_a_name_written_with_an_exclamation_mark() -> None:
    # faithful LLMFake train: "According to OK!" / "Magazine, there have been reports ..."
    text = (
        "According to OK! Magazine, there have been reports that she called him. "
        "He told E! News the story was false. They went to Yale! The rest is history."
    )
    assert sents(text) == [
        "According to OK! Magazine, there have been reports that she called him.",
        "He told E! News the story was false.",
        "They went to Yale!",
        "The rest is history.",
    ]


def test_split_after_abbreviation_that_ends_a_sentence() -> None:
    assert sents("He left at 9 a.m. The meeting went on.") == ["He left at 9 a.m.", "The meeting went on."]
    assert sents("Troops left the U.S. They went home.") == ["Troops left the U.S.", "They went home."]


def test_closing_quote_stays_with_sentence() -> None:
    text = '"We will fight." he said. Then he left.'
    assert sents(text) == ['"We will fight." he said.', "Then he left."]


def test_quoted_question_followed_by_speech_tag() -> None:
    text = '"Do we need talks at this rate?" Russian correspondent Alexander Kots said, referring to Putin.'
    assert sents(text) == [text]


def test_opening_quote_moves_to_next_sentence() -> None:
    text = '"This was once a home," it said. "A place where people lived. Now, it is ruins."'
    assert sents(text) == [
        '"This was once a home," it said.',
        '"A place where people lived.',
        'Now, it is ruins."',
    ]


def test_glued_sentences_are_split_without_changing_text() -> None:
    text = "It fell by 90%, according to the local administration.According to others, it did not."
    out = sents(text)
    assert out == [
        "It fell by 90%, according to the local administration.",
        "According to others, it did not.",
    ]


def test_ellipsis_inside_quote_does_not_split() -> None:
    text = '"As a result of operations... the city was liberated," the ministry said.'
    assert sents(text) == [text]


def test_long_sentence_split_at_space() -> None:
    text = " ".join(["word"] * 100)  # 499 characters, no punctuation
    spans = split_sentences(text, max_chars=60)
    assert len(spans) > 1
    for a, b in spans:
        assert b - a <= 60
        assert not text[a].isspace()
        assert not text[b - 1].isspace()
    assert " ".join(text[a:b] for a, b in spans) == text


def test_long_token_without_space_is_cut_hard() -> None:
    text = "x" * 150
    spans = split_sentences(text, max_chars=50)
    assert spans == [(0, 50), (50, 100), (100, 150)]


def test_example_pair_segments_without_the_cache() -> None:
    # Speed is measured in benchmarks/speed/bench_compare.py (segmentation is part of its ingest
    # stage), never in a timed test: a loaded CI machine made the old 50 ms assertion fail. This
    # checks that the uncached path gives the cached spans.
    paragraphs = []
    for name in ("source.md", "rewrite.txt"):
        paragraphs += [p for p in (EXAMPLES / name).read_text(encoding="utf-8").split("\n") if p.strip()]
    cached = [split_sentences(p) for p in paragraphs]
    _spans_cached.cache_clear()
    fresh = [split_sentences(p) for p in paragraphs]
    assert fresh == cached
    assert sum(len(spans) for spans in fresh) > 60


def test_sentences_glued_after_a_number_or_an_ellipsis_are_split() -> None:
    # scraped LLMFake originals (planted dev twins): the glued sentence's attribution was read
    # as the next one's
    text = (
        "A car rammed into a group of people, killing one person and injuring 19.Police said a "
        "32-year-old woman had died. It was reported by KSAT-12.Devin Kelley was one of two "
        "shooters. Trade will grow between the United States and Ghana.loading...However, "
        "dual nationals will be banned."
    )
    assert sents(text) == [
        "A car rammed into a group of people, killing one person and injuring 19.",
        "Police said a 32-year-old woman had died.",
        "It was reported by KSAT-12.",
        "Devin Kelley was one of two shooters.",
        "Trade will grow between the United States and Ghana.loading...",
        "However, dual nationals will be banned.",
    ]


def test_numbers_and_ellipses_inside_a_sentence_are_not_cut() -> None:
    text = 'He said 2.5 million people... and "No.1 Fan" came with v2.0.It stays.'
    assert sents(text) == ['He said 2.5 million people... and "No.1 Fan" came with v2.0.', "It stays."]


def test_a_closing_quote_glued_to_the_next_sentence_ends_the_previous_one() -> None:
    # LLMFake originals (300 sampled train/dev sentences: 3 started with a stranded "”")
    text = (
        "“It is our right to keep them in line.”Several at the NRA have since tried to distance "
        'themselves. He said: "We will not go back."Critics disagreed.'
    )
    assert sents(text) == [
        "“It is our right to keep them in line.”",
        "Several at the NRA have since tried to distance themselves.",
        'He said: "We will not go back."',
        "Critics disagreed.",
    ]


def test_an_opening_quote_glued_after_a_sentence_stays_with_its_title() -> None:
    text = 'Grisham said in a statement."Mrs. Trump is at Walter Reed," she added.'
    assert sents(text) == ["Grisham said in a statement.", '"Mrs. Trump is at Walter Reed," she added.']


def test_a_transcripts_glued_speaker_labels_start_new_sentences() -> None:
    text = "We want Hillary!CLINTON: Thank you. Any more stimulus?GEITHNER: Well, you know. The U.S.NATO: no."
    assert sents(text) == [
        "We want Hillary!",
        "CLINTON: Thank you.",
        "Any more stimulus?",
        "GEITHNER: Well, you know.",
        "The U.S.NATO: no.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It fell, the administration said.According to others, it did not.",
        "It killed one person and injured 19.Police said a woman had died.",
        "Trade will grow.loading...However, dual nationals will be banned.",
        "Any more stimulus?GEITHNER: Well, you know.",
        "“It is our right to keep them in line.”Several at the NRA left.",
    ],
)
def test_the_index_units_cut_the_same_glued_ends(text: str) -> None:
    assert len(split_units(text)) == len(sents(text)) == 2
