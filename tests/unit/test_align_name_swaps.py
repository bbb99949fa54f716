"""A copy with one name swapped still links (issue 10, session 10), on made-up sentences.

The class read on the planted-change benchmark's dev half: a swapped name (a rare word, so the
heaviest) pushed a short rewrite sentence below the aligner's threshold, the verdict became
``independent`` and no rule ran. The sentences are written to show the class, not copied from
the data.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sentence_articles import article_of
from sentence_articles import fact_at as _at
from sentence_articles import fact_findings as _facts
from unspun.align import align, profile
from unspun.config import AlignSettings, Settings
from unspun.text.names import name_runs, swapped_back
from unspun.types import FindingType

ON = AlignSettings(name_swap_links=True)  # off by default (the derived-or-not figure, session 10)


def _words(text: str) -> set[str]:
    return set(profile(text).stems)


def test_name_runs_read_capitalised_words_not_a_sentence_opening() -> None:
    text = "Reports say that Bank of England governor Mark Carney met Vick VapoRub."
    assert [text[a:b] for a, b in name_runs(text)] == ["Bank of England", "Mark Carney", "Vick VapoRub"]
    opening = "Albert Gamez Jr is a household name in the U.S. today."
    assert [opening[a:b] for a, b in name_runs(opening)] == ["Albert Gamez Jr", "U.S."]
    assert name_runs("Keanu Reeves Shook The World With Another Powerful Message") == []  # a headline


def test_one_new_name_is_put_back_in_each_source_name() -> None:
    rewrite = "The bill backed by President Halvorsen and Congress could end child support claims."
    source = "President Donald Trump and Congress voted on a bill that could change the world."
    assert list(swapped_back(rewrite, source, _words)) == [
        "The bill backed by President Donald Trump and Congress could end child support claims."
    ]
    two = "The bill backed by President Halvorsen and Senator Ferris could end child support claims."
    assert list(swapped_back(two, source, _words)) == []  # two new names: no swap of one


def test_a_short_copy_with_a_name_swapped_links_and_the_swap_is_reported() -> None:
    source = [
        "The team flew home on Sunday.",
        "See more of Wilhelmina Okonkwo on Facebook.",
        "The next match is in May.",
    ]
    rewrite = ["See more of Bartholomew Szczepanski on Facebook."]
    links = align(article_of("rw", rewrite), [article_of("src", source)], settings=ON)
    assert [(x.rewrite_index, x.source_index) for x in links] == [(0, 1)]
    off = align(article_of("rw", rewrite), [article_of("src", source)])
    assert off == ()  # the words alone leave it below the threshold
    found = _facts(" ".join(rewrite), " ".join(source), Settings(align=ON))
    assert _at(found, FindingType.ENTITY_MISMATCH, "Bartholomew Szczepanski")


def test_a_month_is_no_name_and_a_linked_sentence_gains_no_link() -> None:
    text = "It rained on 1 August, 2016 in Leeds."
    assert [text[a:b] for a, b in name_runs(text)] == ["Leeds"]
    assert list(swapped_back("Sales rose on 9 August.", "Sales rose on 15 July.", _words)) == []
    # a sentence that links already keeps its links: an added name is not read as a swap
    source = [
        "The actor spoke at the screening on Monday.",
        "Dr. Wilhelmina Okonkwo joined him on stage to talk about the film.",
    ]
    rewrite = ["The Hollywood actor spoke at the screening on Monday."]
    links = align(article_of("rw", rewrite), [article_of("src", source)], settings=ON)
    assert [x.source_index for x in links] == [0]


def test_an_unrelated_sentence_with_another_name_stays_unlinked() -> None:
    source = ["Wilhelmina Okonkwo opened a bakery in Leeds.", "It sells bread."]
    rewrite = ["Bartholomew Szczepanski won the chess final in Oslo on Friday night."]
    assert align(article_of("rw", rewrite), [article_of("src", source)], settings=ON) == ()


_WORD = st.sampled_from(
    ["the", "bill", "Senate", "of", "Ohio", "met", "Anna", "Kowalski", "said", "U.S.", "and"]
)


@given(st.lists(_WORD, min_size=1, max_size=12), st.lists(_WORD, min_size=1, max_size=12))
def test_swapped_back_changes_only_the_one_new_name(r: list[str], s: list[str]) -> None:
    rewrite, source = " ".join(r), " ".join(s)
    for a, b in name_runs(rewrite):
        assert 0 <= a < b <= len(rewrite)
        assert rewrite[a].isupper()
    for back in swapped_back(rewrite, source, _words):
        # one stretch of the rewrite replaced by a stretch of the source: the rest kept around it
        head = next(i for i, (x, y) in enumerate(zip(back + "\0", rewrite + "\0", strict=False)) if x != y)
        tail = 0
        while tail < min(len(back), len(rewrite)) - head and back[-1 - tail] == rewrite[-1 - tail]:
            tail += 1
        assert back[head : len(back) - tail] in source or back[head : len(back) - tail] == ""
