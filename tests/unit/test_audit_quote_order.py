"""Quotations aligned in reading order (unspun.audit.quote_order)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import cast

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from unspun.audit.context import SourceDoc
from unspun.audit.quote_order import Whole, monotone_matching, mutual_best, whole_quotes
from unspun.config import AuditSettings, Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Finding, FindingType, Quote, Span


def _brute(scores: np.ndarray, cut: float) -> float:
    """The best total of any order-preserving matching, by trying them all (small matrices)."""
    n, m = scores.shape
    best = 0.0
    for k in range(1, min(n, m) + 1):
        for rows in itertools.combinations(range(n), k):
            for cols in itertools.combinations(range(m), k):
                pairs = [scores[i, j] for i, j in zip(rows, cols, strict=True)]
                if all(p >= cut for p in pairs):
                    best = max(best, float(sum(pairs)))
    return best


def test_a_quotation_out_of_turn_is_not_matched() -> None:
    # rows: rewrite quotations in reading order; columns: the source's
    scores = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.9], [0.1, 0.6, 0.1]])
    assert monotone_matching(scores, 0.5) == {0: 0, 1: 2}
    assert monotone_matching(scores, 0.95) == {}


def test_ties_and_empty_inputs() -> None:
    assert monotone_matching(np.zeros((0, 3)), 0.5) == {}
    assert monotone_matching(np.zeros((2, 0)), 0.5) == {}
    assert monotone_matching(np.full((2, 2), 0.7), 0.5) == {0: 0, 1: 1}


@settings(max_examples=150, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(0, 4), st.integers(0, 4)), elements=st.floats(0, 1.4)),
    st.sampled_from([0.0, 0.3, 0.5, 0.9]),
)
def test_matching_is_monotone_one_to_one_above_the_cut_and_optimal(scores: np.ndarray, cut: float) -> None:
    got = monotone_matching(scores, cut)
    pairs = sorted(got.items())
    assert len({j for _, j in pairs}) == len(pairs)
    assert all(b[1] > a[1] for a, b in itertools.pairwise(pairs))
    assert all(scores[i, j] >= cut for i, j in pairs)
    assert abs(sum(float(scores[i, j]) for i, j in pairs) - _brute(scores, cut)) < 1e-9


# --------------------------------------------------------------------------- the rule on real text

# LLMFake train (gossipcop-262742935, rewrite_generation): Jackman's quotations, shortened; the
# rewrite keeps two of them and rewords "Now I'm eating and loving it" beyond its words.
JACKMAN = (
    "Hugh Jackman was a guest on The Late Show with Stephen Colbert tonight.\n\n"
    "\u201cIt\u2019s sort of unbelievable to me, what I did for seventeen years,\u201d Jackman revealed.\n\n"
    "\u201cYou stop drinking water about 30 hours before you shoot,\u201d Jackman said, explaining the "
    "process.\n\n"
    "But now that that\u2019s over, Jackman is already enjoying himself.\n\n"
    "\u201cNow I\u2019m eating and loving it,\u201d Jackman told Colbert.\n\n"
    "\u201cSometimes waking up at two in the morning just to have breakfast cereal, and then go back to "
    "bed,\u201d he said.\n\n"
    "Logan is in theaters now."
)
REWORDED = "Currently, I am enjoying my meals immensely."


def _jackman(middle: str, *, extra: str = "", settings: Settings | None = None) -> list[Finding]:
    rewrite = (
        "Hugh Jackman appeared on The Late Show with Stephen Colbert this evening.\n\n"
        "\u201cIt\u2019s sort of unbelievable to me, what I did for seventeen years,\u201d Jackman "
        "revealed.\n\n"
        "\u201cYou stop drinking water about 30 hours before you shoot,\u201d Jackman said, explaining the "
        "process.\n\n"
        "Now liberated from those demands, Jackman is relishing in the pleasures of indulgence.\n\n"
        f"He informed Colbert, \u201c{middle}\u201d{extra}\n\n"
        "\u201cSometimes waking up at two in the morning just to have breakfast cereal, and then go back to "
        "bed,\u201d he said.\n\n"
        "Logan is presently screening in theaters."
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"), [article_from_text(JACKMAN, doc_id="src")], settings=settings
    )
    return [f for f in report.findings if f.type.value.startswith("quote_")]


def test_a_quotation_reworded_in_its_turn_is_altered() -> None:
    (f,) = _jackman(REWORDED)
    assert f.type is FindingType.QUOTE_ALTERED
    assert f.source is not None
    assert f.source.text == "Now I\u2019m eating and loving it"
    off = Settings(audit=replace(AuditSettings(), quote_order_similarity=1.0, quote_mutual_similarity=1.0))
    assert [g.type for g in _jackman(REWORDED, settings=off)] == [FindingType.QUOTE_FABRICATED]


def test_another_articles_quotation_in_its_turn_is_fabricated() -> None:
    (f,) = _jackman("We have never seen the water rise this fast in a single night.")
    assert f.type is FindingType.QUOTE_FABRICATED


def test_a_gap_more_rewrite_quotations_claim_is_not_matched_by_order() -> None:
    # audit.quote_order_max_rows = 2: with two invented quotations beside it, the reworded one has
    # three claimants for its gap, so the order says nothing about any of them
    invented = (
        " He added: \u201cThe studio has already paid me for three more films.\u201d"
        " \u201cMy trainer quit on the first day,\u201d he joked."
    )
    off = Settings(audit=replace(AuditSettings(), quote_mutual_similarity=1.0))
    found = _jackman(REWORDED, extra=invented, settings=off)
    assert [f.type.value for f in found] == ["quote_fabricated"] * 3
    # each other's closest quotations, the reworded one and its source's, are a pair still
    on = Settings(audit=replace(AuditSettings(), quote_mutual_similarity=0.4))
    found = _jackman(REWORDED, extra=invented, settings=on)
    assert [f.type.value for f in found] == ["quote_altered", "quote_fabricated", "quote_fabricated"]


# LLMFake train (gossipcop-6061862691, rewrite_generation): Ezra Koenig's tribute over four
# sentences, reworded sentence by sentence but not one for one; the source's marks as it has them.
PETTY = (
    "Tom Petty died on Monday at the age of 66, and musicians paid tribute to him.\n\n"
    "Ezra Koenig said, \u201cDamn we love you Tom Petty. Incredible songwriter. \u2018Free Fallin'\u201d is "
    "truly one of the greatest pieces of American art. So perfect & sad.\u201d\n\n"
    "See more tributes dedicated to Petty below."
)
KOENIG = (
    "We truly love you, Tom Petty. Your songwriting skills were unparalleled. 'Free Fallin'' is "
    "undoubtedly one of the most remarkable works of American art. Perfect and profoundly moving."
)


def _petty(quotation: str, settings: Settings | None = None) -> list[Finding]:
    rewrite = (
        "Tom Petty died on Monday at the age of 66, and fellow musicians paid tribute to him.\n\n"
        f'Ezra Koenig expressed his admiration, exclaiming, "{quotation}"\n\n'
        "More tributes to Petty can be seen below."
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"), [article_from_text(PETTY, doc_id="src")], settings=settings
    )
    return [f for f in report.findings if f.type.value.startswith("quote_")]


def test_whole_quotations_join_their_sentences_fragments() -> None:
    text = 'He said, "One thing. Another thing." Then "a third" came. "Fourth."'
    quotes = [
        Quote(Span(text.index("One"), text.index(" Another")), "One thing.", None, None),
        Quote(Span(text.index("Another"), text.index('."') + 1), "Another thing.", None, None),
        Quote(Span(text.index("a third"), text.index('" came')), "a third", None, None),
        Quote(Span(text.index("Fourth"), len(text) - 1), "Fourth.", None, None),
    ]
    wholes = whole_quotes(text, quotes)
    first = wholes[quotes[0].span.start]
    assert first is wholes[quotes[1].span.start]
    assert (first.text, first.parts) == ("One thing. Another thing.", 2)
    assert wholes[quotes[2].span.start].parts == 1
    assert wholes[quotes[3].span.start].text == "Fourth."


def test_a_quotation_reworded_sentence_by_sentence_is_altered_as_a_whole() -> None:
    found = _petty(KOENIG)
    assert [f.type for f in found] == [FindingType.QUOTE_ALTERED] * 4
    off = Settings(audit=replace(AuditSettings(), quote_whole_similarity=1.0, quote_mutual_similarity=1.0))
    assert FindingType.QUOTE_FABRICATED in [f.type for f in _petty(KOENIG, settings=off)]


def test_another_articles_quotation_over_sentences_is_still_fabricated() -> None:
    # Pattinson's words (LLMFake train, gossipcop-4803899832) in Koenig's place
    foreign = (
        "I have been fortunate enough to possess proficient agents and steadfast companions from the "
        "very start. In-between my film projects, I make a conscious effort to remain unseen."
    )
    assert [f.type for f in _petty(foreign)] == [FindingType.QUOTE_FABRICATED] * 2


# LLMFake train (gossipcop-6061862691): Bob Dylan's tribute, shortened, in its turn between the
# other quotations; the rewrite rewords "I thought the world of Tom" beyond its words.
DYLAN = (
    "Tom Petty died on Monday at the age of 66, his manager said.\n\n"
    "\u201cIt\u2019s shocking, crushing news,\u201d Bob Dylan said in a statement. \u201cI thought the "
    "world of Tom. He was a great performer, full of the light, a friend, and I\u2019ll never forget "
    "him.\u201d\n\n"
    "Longtime friend and collaborator Jeff Lynne said simply: \u201cTom Petty was the coolest guy I ever "
    "knew.\u201d\n\n"
    "\u201cThis is unbearable,\u201d Sheryl Crow wrote on Twitter."
)


def _dylan(quotation: str, settings: Settings | None = None) -> list[Finding]:
    rewrite = (
        "Tom Petty died on Monday at the age of 66, according to his manager.\n\n"
        f'Fellow music icon Bob Dylan expressed his shock and grief, stating, "{quotation}"\n\n'
        'Jeff Lynne, a longtime friend and collaborator, simply stated, "Tom Petty was the coolest guy I '
        'ever knew."\n\n'
        '"This is unbearable," Sheryl Crow wrote on Twitter.'
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"), [article_from_text(DYLAN, doc_id="src")], settings=settings
    )
    return [f for f in report.findings if f.type.value.startswith("quote_")]


def test_a_quotation_its_gap_covers_by_the_cross_encoder_is_altered() -> None:
    (f,) = _dylan("I had immense respect for Tom.")
    assert f.type is FindingType.QUOTE_ALTERED
    assert f.source is not None
    assert f.source.text == "I thought the world of Tom."
    off = Settings(audit=replace(AuditSettings(), quote_order_cover=1.0))
    assert [g.type for g in _dylan("I had immense respect for Tom.", settings=off)] == [
        FindingType.QUOTE_FABRICATED
    ]
    (g,) = _dylan("We have never seen the water rise this fast in a single night.")
    assert g.type is FindingType.QUOTE_FABRICATED


# LLMFake train (gossipcop-4803899832, rewrite_generation): Pattinson's interview, shortened; the
# rewrite rewords each quotation in turn, "It becomes perilous ..." beyond every other test here.
PATTINSON = (
    "Actor Robert Pattinson recently sat down with The Telegraph to discuss his new film Good Time.\n\n"
    "Asked if fame and mental health issues are connected, the 31-year-old actor responded, \u201cYes. "
    "Definitely. Pretty much every person I know who\u2019s got famous is completely nuts.\u201d\n\n"
    "\u201cSo I think when it gets dangerous for people is when you have no friends and you think, if I "
    "get strangers to love me then it will fill that hole,\u201d he said.\n\n"
    "Adding, \u201cI try to not be seen whatsoever between movies.\u201d\n\n"
    "During the interview, the actor also revealed that his parents became \u201cliterally horrified\u201d "
    "when they learned about his therapy."
)


def _pattinson(middle: str, settings: Settings | None = None) -> list[Finding]:
    rewrite = (
        "Actor Robert Pattinson recently engaged in an interview with The Telegraph about his film Good "
        "Time.\n\n"
        "Asked whether fame and mental health are interconnected, the 31-year-old thespian expressed, "
        "\u201cUndoubtedly, yes. Nearly every individual I know who has attained fame is completely "
        "nuts.\u201d\n\n"
        f"Pattinson emphasized, \u201c{middle}\u201d\n\n"
        "Additionally, he disclosed, \u201cBetween movies I try hard not to be seen at all.\u201d\n\n"
        "During the interview, the star revealed that his parents were \u201cliterally horrified\u201d "
        "upon discovering his therapy."
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"),
        [article_from_text(PATTINSON, doc_id="src")],
        settings=settings,
    )
    return [f for f in report.findings if f.type.value.startswith("quote_")]


PERILOUS = (
    "It becomes perilous for individuals when they find themselves devoid of friendships and believe that "
    "garnering adoration from strangers can fill the void."
)


# the other reworded-quotation paths off: the mutual-best test alone
_ALONE = replace(
    AuditSettings(),
    quote_linked_similarity=1.0,
    quote_semantic_similarity=1.0,
    quote_window_similarity=1.0,
    quote_order_similarity=1.0,
    quote_whole_similarity=1.0,
    quote_order_cover=1.0,
    quote_sibling_similarity=0.33,
)


def test_a_quotation_reworded_in_an_interview_reworded_throughout_is_altered() -> None:
    on = Settings(audit=replace(_ALONE, quote_mutual_similarity=0.4))
    found = [f for f in _pattinson(PERILOUS, settings=on) if f.rewrite.text == PERILOUS]
    assert [f.type for f in found] == [FindingType.QUOTE_ALTERED]
    assert found[0].source is not None
    assert "dangerous for people" in found[0].source.text
    off = Settings(audit=replace(_ALONE, quote_mutual_similarity=1.0))
    found = [f for f in _pattinson(PERILOUS, settings=off) if f.rewrite.text == PERILOUS]
    assert [f.type for f in found] == [FindingType.QUOTE_FABRICATED]


def test_an_invented_quotation_in_an_interview_is_still_fabricated() -> None:
    invented = "I have decided to retire from acting after my next film and move to a farm in Norfolk."
    found = _pattinson(invented, settings=Settings(audit=replace(_ALONE, quote_mutual_similarity=0.4)))
    assert [f.type for f in found if f.rewrite.text == invented] == [FindingType.QUOTE_FABRICATED]


def test_mutual_best_takes_each_others_closest_quotations_only() -> None:
    doc = cast(SourceDoc, None)  # passed through, never read
    mine = [
        Whole(Span(0, 10), "It becomes perilous for people who have no friends at all", 1),
        Whole(Span(20, 30), "I try hard not to be seen at all between my movies", 1),
    ]
    theirs = [
        (doc, Whole(Span(0, 10), "It gets dangerous for people when you have no friends", 1)),
        (doc, Whole(Span(20, 30), "I try to not be seen whatsoever between movies", 1)),
    ]
    got = mutual_best(mine, theirs, 0.4, 0.1)
    assert {k: v[1].span.start for k, v in got.items()} == {0: 0, 20: 20}
    # a source quotation closer to another rewrite quotation is no pair of this one
    assert 0 not in mutual_best([mine[0], Whole(Span(40, 50), theirs[0][1].text, 1)], theirs, 0.4, 0.1)
    assert mutual_best(mine, theirs, 0.99, 0.1) == {}
