"""``attribution_added`` false alarms on faithful rewrites (issue 10), on real text.

The rewrites are LLMFake paraphrase/rewrite sentences (the classes were read on the train
split and in the hand-read sample of ``benchmarks/results/faithful_critical_sample.json``),
each with the part of the original it restates; the last test keeps a real added
attribution, planted into a distractor-like news sentence, reported.
"""

from __future__ import annotations

import pytest

from sentence_articles import dropped_parties
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import FindingType


def _added(rewrite: str, source: str) -> list[str]:
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )
    return [f.rewrite.text for f in report.findings if f.type is FindingType.ATTRIBUTION_ADDED]


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # the party is named elsewhere in the source: a shortened name, a plural of witnesses
        (
            "Denzel Washington believes that faith kept him grounded through his career.",
            "Denzel affirmed his beliefs in an interview on Sunday. Faith kept him grounded through "
            "his long career in Hollywood.",
        ),
        (
            "Onlookers noted that the couple seemed relaxed and happy during dinner.",
            "Onlookers at the hotel stated that the pair arrived late. The couple seemed relaxed and "
            "happy during dinner.",
        ),
        # a thing, not a party: "the context of the footage suggests"
        (
            "The context of the footage suggests that the man was not the one who fired the shot.",
            "The footage was recorded in Miami. The man in the video was not the one who fired the shot.",
        ),
        (
            "Overall, the accumulation of evidence suggests that Dakota Johnson and Chris Martin's "
            "connection goes beyond mere speculation.",
            "Dakota Johnson and Chris Martin have been spotted together again. Their connection "
            "goes beyond mere speculation at this point.",
        ),
        # everyone and no one
        (
            "Some people believe that the couple will reconcile before the end of the year.",
            "The couple split in March. They will reconcile before the end of the year, a friend hopes.",
        ),
    ],
)
def test_no_added_attribution_on_faithful_restatements(rewrite: str, source: str) -> None:
    assert _added(rewrite, source) == []


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # the source's own author: the rewrite restates the source in its own voice
        (
            "The writer suggests that Angelina keeps the children out of school for similar reasons.",
            "Angelina keeps the children out of school. It is for similar reasons, we suspect, that she "
            "moved the family to Malibu.",
        ),
        # someone's spokespeople in other words than the source's ("his team" for "his rep")
        (
            "Although two girls left the club with Bieber, his team insists that he believed it was a "
            "private members' club.",
            "Two girls were seen leaving the club with Bieber. His rep told TMZ the singer believed it "
            "was a private members' club.",
        ),
    ],
)
def test_the_same_party_in_other_words_is_no_added_attribution(rewrite: str, source: str) -> None:
    assert _added(rewrite, source) == []


# faithful LLMFake train rewrites (session 8): the party in other words than the source's
@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # a magazine whose name holds "!": the sentence is not cut at "OK!", the party is "OK! Magazine"
        (
            "According to OK! Magazine, there have been reports suggesting that Taylor Swift is "
            "attempting to rekindle her past relationship with Jake Gyllenhaal.",
            "There are reports that Taylor Swift is trying to rekindle her relationship with ex-boyfriend "
            'Jake Gyllenhaal. OK! Magazine is reporting that the "Wildest Dreams" singer has been '
            "contacting her ex ever since he has been in New York City.",
        ),
        # one person by the role the source cites them by (for another claim)
        (
            "Public appearances as a couple have been infrequent. The friend acknowledges the strain of "
            "balancing parenthood, fame, and the pressure to appear happy all the time.",
            "Liam Payne is spending most nights away from home in London, a friend has claimed. The "
            "couple have not been pictured together since August. The last time they were seen in public "
            "was at The X Factor last October. The singer has also been busy recording a new album in Los "
            "Angeles. The new parents are struggling with parenthood, fame and the pressure to look happy "
            "all of the time.",
        ),
        # the institution's officials for its named spokesman
        (
            "Although Kremlin officials deny the allegations, the NSA chief stated that he had never "
            "seen anything on this scale before.",
            "When asked for comment, Kremlin Spokesman Dmitry Peskov said the allegations were "
            "ridiculous. The NSA chief stated that he had never seen anything on this scale.",
        ),
        # someone's spokesperson for the source's "a rep for" that person
        (
            "Kevin's spokesperson has confirmed the extortion attempt and stated that law enforcement "
            "is now involved in the matter.",
            'A rep for Kevin tells us ... "Someone tried to set Kevin up in a failed extortion attempt. '
            'As law enforcement is involved, we cannot comment further."',
        ),
        # a thing of a person the source names: the person's address
        (
            "Bishop Curry's passionate address emphasized the importance of love in both religion and life.",
            "Chosen to speak to the congregations, Bishop Curry, who is African-American, quoted Dr. Martin "
            "Luther King Jr. The couple then exchanged rings in front of six hundred guests. The choir sang "
            "two hymns before the vows. His voice rising and falling with emotion, the preacher made a big, "
            "generous case for the importance of love in religion and in life.",
        ),
        # one party in other common nouns: officials for authorities, the newspaper for the paper
        (
            "Officials noted that the home reeked of a horrid odour associated with death. Upon entering, "
            "they discovered several saws that were covered in blood in the kitchen.",
            "Upon entering the home, authorities indicated that the home \u201csmelled of death\u201d. The "
            "power was off in the house. In the kitchen, officers found several handsaws covered in blood.",
        ),
        (
            "Several months later, the newspaper reported that young immigrants, including children, were "
            "being placed into internment camps as part of a program.",
            "It was June 2014 when the Washington Post reported that illegal immigrants were streaming into "
            "south Texas. It was nine months later when the same paper reported that border agents were "
            "tossing some of those kids into internment camps as an experiment.",
        ),
    ],
)
def test_a_party_the_source_cites_in_other_words_is_no_added_attribution(rewrite: str, source: str) -> None:
    assert _added(rewrite, source) == []


def test_a_group_the_source_cites_for_another_claim_is_still_added() -> None:
    # a plural group is not one person by role; the owner of a spokesperson must be named in the source
    source = (
        "Friends of the couple said they had split in March. The house in Malibu was sold for "
        "$12 million last week."
    )
    rewrite = (
        "Friends of the couple said they had split in March. Analysts believe the house in Malibu "
        "was sold for $12 million last week."
    )
    assert _added(rewrite, source) == ["Analysts believe"]
    other = rewrite.replace("Analysts believe", "A Sotheby's spokesperson said")
    assert _added(other, source) != []


def test_spokespeople_the_source_never_mentions_are_still_added() -> None:
    source = (
        "Two girls were seen leaving the club with Bieber. The singer believed it was a private "
        "members' club."
    )
    rewrite = (
        "Two girls were seen leaving the club with Bieber. His team insists that the singer believed "
        "it was a private members' club."
    )
    assert _added(rewrite, source) == ["His team insists"]


def test_a_party_the_source_never_names_is_still_an_added_attribution() -> None:
    source = (
        "Heavy rain flooded the lower town on Tuesday. The river rose two metres overnight and "
        "hundreds of homes were evacuated."
    )
    rewrite = (
        "Heavy rain flooded the lower town on Tuesday. The river rose two metres overnight, "
        "according to the World Health Organization, and hundreds of homes were evacuated."
    )
    assert _added(rewrite, source) == ["according to the World Health Organization"]


def test_a_magazine_named_like_everyone_is_still_a_party() -> None:
    source = (
        "The couple split in March after six years together. They will share custody of their two "
        "children, their lawyers said."
    )
    rewrite = (
        "The couple split in March after six years together, according to People, and they will "
        "share custody of their two children."
    )
    assert any("People" in text for text in _added(rewrite, source))


_dropped = dropped_parties


# Dropped attributions the rule missed on the planted benchmark's dev half (real sentences of the
# distractor sample and of LLMFake rewrites, with the attribution taken out): the party named
# elsewhere in the sentence, a name that reads like data or a post, a paraphrased quotation's
# speaker, anonymous parties where the rewrite cites no one.
@pytest.mark.parametrize(
    ("rewrite", "source", "party"),
    [
        (
            "The deal values Winthrop at $36.50 a share, based on a TCF stock price of $47.",
            "The deal values Winthrop at $36.50 a share, based on a TCF stock price of $47, TCF said.",
            "TCF said",
        ),
        (
            "Dateline Technology designs and sells high-speed computer peripheral subsystems, primarily "
            "for data storage.",
            "Dateline Technology designs and sells high-speed computer peripheral subsystems, primarily "
            "for data storage, Applied Data said.",
            "Applied Data said",
        ),
        (
            "Bush passed away peacefully during his afternoon nap.",
            "According to Bush’s spokesman McGrath, the former President died “peacefully in his "
            "afternoon nap”.",
            "According to Bush’s spokesman McGrath",
        ),
        (
            "The move was also aimed at avoiding disruption caused by speculators who had planned to pump "
            "money into the markets.",
            "They said the move was also aimed at avoiding disruption caused by speculators who had "
            "planned to pump money into the markets.",
            "They said",
        ),
        (
            'The complaint should be taken lighter than it is, claiming on "Hannity" that no one with '
            "first-hand knowledge filed the same inquiry.",
            'Levin said the complaint should be taken lighter than it is, claiming on "Hannity" that no '
            "one with first-hand knowledge filed the same inquiry.",
            "Levin said",
        ),
    ],
)
def test_dropped_attributions_in_real_text(rewrite: str, source: str, party: str) -> None:
    assert _dropped(rewrite, source) == [party]


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # the claim is still attributed: a hedge, a pronoun, the same role in other words
        (
            "Malia had reportedly left the house after being warned about public park parties.",
            "According to the Secret Service, Malia had slipped away late last night after being told "
            "open air parties at public parks were too dangerous.",
        ),
        (
            "Gates' three kids are all said to be healthy, having never been vaccinated.",
            "Gates has three children, and according to his former doctor, they are all unvaccinated and "
            "healthy.",
        ),
        (
            "He said the complaint should be taken lighter than it is.",
            "Levin said the complaint should be taken lighter than it is.",
        ),
        (
            "His spokesman said the former president died peacefully during his afternoon nap.",
            "According to Bush’s spokesperson, the former President died peacefully in his afternoon nap.",
        ),
        (
            "Numerous reports suggest that law enforcement agencies track cell phones without a warrant.",
            "In the United States, there are regular reports that indicate that law enforcement agencies "
            "are tracking cell phones without a warrant.",
        ),
        # the rewrite restates the other clause: the attributed claim is left out, not made a fact
        (
            "The mayors of 25 US cities publicly pledged to eradicate veteran homelessness by the end "
            "of 2015.",
            "The mayors of the 25 cities with the most homeless veterans have publicly pledged to end "
            "veteran homelessness by the end of this year, and Virginia announced on Veterans Day it "
            "had become the first state to end homelessness among those who have served.",
        ),
        # a speech verb the parser takes for no cue (faithful LLMFake rewrite, train split)
        (
            "She asserts that she has no regrets about her choice and encourages others to follow her.",
            "She says that she has no regrets about the procedure and that she encourages others to "
            "follow her.",
        ),
        # the party kept with a verb the parser takes for no cue (a SummEdits-news consistent summary)
        (
            "The Bank of Japan affirmed on Wednesday that it would execute emergency bond purchasing "
            "to check augmented yields.",
            "The Bank of Japan said on Wednesday it would conduct emergency bond buying, in a move to "
            "contain elevated yields.",
        ),
    ],
)
def test_attributions_kept_in_other_words_are_not_dropped(rewrite: str, source: str) -> None:
    assert _dropped(rewrite, source) == []


def test_a_site_named_as_the_source_writes_it_is_no_added_attribution() -> None:
    # faithful LLMFake rewrite (hand-read sample, test split): the source names the site with a
    # verb that is no cue ("has learned"); its name normalised loses the capitals and the dot
    rewrite = (
        "Recent information obtained exclusively by HollywoodLife.com suggests that The Weeknd may "
        "think about expanding their family in the future."
    )
    source = (
        "HollywoodLife.com has learned EXCLUSIVELY that The Weeknd may think about expanding their "
        "family in the future."
    )
    assert _added(rewrite, source) == []


def test_an_anonymous_informant_in_other_words_is_no_added_attribution() -> None:
    # faithful LLMFake rewrite (hand-read sample, test split): "the tipster" restated
    rewrite = (
        "Additionally, the informant explained that the television personality is upset with her daughters."
    )
    source = "The tipster went on to explain that the television personality is upset with her daughters."
    assert _added(rewrite, source) == []


def test_a_cited_party_swapped_is_one_replaced_name() -> None:
    # planted dev half (a real distractor sentence, the cited person swapped): one entity_mismatch
    # on the new party, not an attribution added and another dropped
    source = (
        "The company could face questions over its conduct, Lawrence A. Jacobs, a former chief legal "
        "officer for News Corporation, said."
    )
    rewrite = (
        "The company could face questions over its conduct, Niyazov, a former chief legal officer for "
        "News Corporation, said."
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )
    found = [
        (f.type, f.rewrite.text)
        for f in report.findings
        if f.type.value.startswith(("attribution", "entity"))
    ]
    assert found == [(FindingType.ENTITY_MISMATCH, "Niyazov")]


def test_a_party_restated_in_other_common_nouns_is_no_swap_and_no_added_attribution() -> None:
    # faithful LLMFake rewrite (train split): "the country singers said" -> "the couple said"
    source = "The country singers said they are expecting their first child together in the spring."
    rewrite = "The couple said they are expecting their first child together in the spring."
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw", fmt="text"),
        [article_from_text(source, doc_id="src", fmt="text")],
    )
    assert not [f for f in report.findings if f.type.value.startswith(("attribution", "entity"))]


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # a site named by its address (faithful LLMFake train: "Independent.co.uk reports")
        (
            "The Independent.co.uk reports that thousands of households risk losing heat this winter.",
            "Thousands of households risk losing heat this winter under the plan, The Independent found.",
        ),
    ],
)
def test_a_party_in_other_words_is_not_added(rewrite: str, source: str) -> None:
    assert _added(rewrite, source) == []


_UNNAMED_SOURCE = (
    "The tabloid printed the story on its front page last week. But many think the tabloid story "
    "is completely false and that the quotes prove it is garbage. The actress has not commented."
)


@pytest.mark.parametrize(
    ("rewrite", "source"),
    [
        # people the source cites without naming them, in other common words (faithful LLMFake
        # train): an opinion clause with a verb the parser has no cue for ...
        (
            "The tabloid printed the story on its front page last week. Critics argue that the "
            "tabloid story is false and that its quotes prove it is garbage. The actress has not commented.",
            _UNNAMED_SOURCE,
        ),
        (
            "The Czech parliament passed the law on Wednesday. However, some critics believe the new "
            "law is unfair and pandering.",
            "The Czech parliament passed the law on Wednesday. Some of the more pathetic and pandering "
            "individuals, however, have criticized the new law as unfair.",
        ),
        # ... and the quotation of an anonymous insider
        (
            "The couple bought the house in May. Critics argue that Ellen's television personality "
            "does not reflect her behaviour at home, where she goes to bed early every night.",
            "The couple bought the house in May. \u201cEllen has a great TV personality, but at home she is "
            "a bore who goes to bed every night at nine,\u201d the insider claimed.",
        ),
    ],
)
def test_unnamed_people_the_source_cites_in_other_words_are_no_added_attribution(
    rewrite: str, source: str
) -> None:
    assert _added(rewrite, source) == []


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("Experts argue", "Experts argue"),  # an authority the source does not give
        ("Harvard researchers argue", "Harvard researchers argue"),
        ("The GOP argues", "GOP argues"),  # a name
    ],
)
def test_a_name_or_an_authority_for_unnamed_people_is_still_added(party: str, expected: str) -> None:
    rewrite = (
        "The tabloid printed the story on its front page last week. "
        f"{party} that the tabloid story is false and that its quotes prove it is garbage. "
        "The actress has not commented."
    )
    assert any(expected in text for text in _added(rewrite, _UNNAMED_SOURCE))


def test_critics_for_a_claim_the_source_makes_itself_is_still_added() -> None:
    source = _UNNAMED_SOURCE.replace("But many think the tabloid story", "The tabloid story")
    rewrite = (
        "The tabloid printed the story on its front page last week. Critics argue that the "
        "tabloid story is false and that its quotes prove it is garbage. The actress has not commented."
    )
    assert _added(rewrite, source) == ["Critics argue"]
