"""Quotations matched by content (unspun.audit.quotes) and findings across repeated text."""

from __future__ import annotations

import json

from unspun.audit.parties import as_written, is_vague
from unspun.audit.quotes import is_title
from unspun.facts.compare import match_quote, quote_words, word_changes
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.report import ReportFormat, render
from unspun.types import Attribution, Finding, FindingType, Report, Severity, Span, TextRef
from unspun.types.report import summarize

SOURCE = (
    "Flood defences on the river held overnight, the environment agency said.\n\n"
    '"We have never seen the water rise this fast in a single night," regional director '
    "Helen Marsh said on Wednesday.\n\n"
    "About 300 homes were evacuated as a precaution.\n\n"
    "Residents are expected to return home by the weekend."
)
QUOTE = "We have never seen the water rise this fast in a single night"


def _report(rewrite: str, source: str = SOURCE) -> Report:
    return compare_articles(
        article_from_text(rewrite, doc_id="rw"), [article_from_text(source, doc_id="src")]
    )


def _quote_findings(rewrite: str) -> list[Finding]:
    return [f for f in _report(rewrite).findings if f.type.value.startswith("quote_")]


def _rewrite(quote_line: str) -> str:
    return (
        "Flood defences on the river held overnight, the environment agency said.\n\n"
        f"{quote_line}\n\n"
        "About 300 homes were evacuated as a precaution.\n\n"
        "Residents are expected to return home by the weekend."
    )


def test_same_words_same_speaker_is_no_finding() -> None:
    assert _quote_findings(_rewrite(f'"{QUOTE}," Helen Marsh, the regional director, said.')) == []


def test_reworded_quotation_is_altered_with_the_word_changes() -> None:
    reworded = "We have never seen the river rise this quickly in a single night"
    (f,) = _quote_findings(_rewrite(f'"{reworded}," regional director Helen Marsh said on Wednesday.'))
    assert f.type is FindingType.QUOTE_ALTERED
    assert f.severity is Severity.MAJOR
    assert "'water' -> 'river'" in f.message
    assert "'fast' -> 'quickly'" in f.message
    assert f.after == reworded


def test_same_words_other_speaker_is_misattributed() -> None:
    (f,) = _quote_findings(_rewrite(f'"{QUOTE}," mayor Tom Green said on Wednesday.'))
    assert f.type is FindingType.QUOTE_MISATTRIBUTED
    assert f.severity is Severity.CRITICAL
    assert "Helen Marsh" in f.message
    assert "Tom Green" in f.message


def test_reworded_and_given_to_another_speaker_is_both() -> None:
    reworded = "We have never seen the water climb this fast in a single night"
    found = _quote_findings(_rewrite(f'"{reworded}," mayor Tom Green said on Wednesday.'))
    assert sorted(f.type.value for f in found) == ["quote_altered", "quote_misattributed"]


def test_fragment_of_a_longer_quotation_with_a_word_changed_is_altered() -> None:
    assert (
        _quote_findings(_rewrite('Helen Marsh said she had "never seen the water rise this fast" before.'))
        == []
    )
    (f,) = _quote_findings(_rewrite('Helen Marsh said she had "never seen the tide rise this fast" before.'))
    assert f.type is FindingType.QUOTE_ALTERED
    assert "'water' -> 'tide'" in f.message


def test_nothing_close_in_the_source_is_fabricated() -> None:
    (f,) = _quote_findings(_rewrite('"The government abandoned this town years ago," Helen Marsh said.'))
    assert f.type is FindingType.QUOTE_FABRICATED
    assert f.severity is Severity.CRITICAL
    assert f.source is None


def test_match_quote_finds_the_stretch_a_quotation_comes_from() -> None:
    score, words = match_quote(
        "we have liberated the town", "Officials said: we have fully captured the town today"
    )
    assert words == ["we", "have", "fully", "captured", "the", "town"]
    assert 0.6 < score < 1.0
    assert match_quote("the town", "we have fully captured the town")[0] == 1.0
    assert match_quote("", "anything") == (0.0, [])


def test_word_changes_reads_as_edits() -> None:
    assert word_changes(quote_words("a b c d e"), quote_words("a x c e f")) == [
        "'b' -> 'x'",
        "drops 'd'",
        "adds 'f'",
    ]
    assert word_changes(["a"] * 5, ["b"] * 5, limit=1) == ["'a a a a a' -> 'b b b b b'"]


def test_attribution_messages_name_the_party_as_written() -> None:
    a = Attribution(Span(0, 41), "according to Russian military bloggers", "russian military bloggers", "x")
    assert as_written(a) == "Russian military bloggers"
    b = Attribution(Span(0, 20), "The U.S. Army said", "united states army", "say")
    assert as_written(b) == "united states army"  # an alias: no run of words normalises to it


# --------------------------------------------------------------------------- repeated text


def test_text_repeated_in_the_rewrite_gives_each_finding_once_with_its_count() -> None:
    changed = '"We have never seen the river rise this quickly in a single night," Helen Marsh said.'
    once = _report(_rewrite(changed))
    repeated = _report(_rewrite("\n\n".join([changed] * 12)))
    assert len(repeated.findings) == len(once.findings)
    (altered,) = [f for f in repeated.findings if f.type is FindingType.QUOTE_ALTERED]
    assert altered.count == 12
    assert altered.rewrite.start == min(
        f.rewrite.start for f in once.findings if f.type is FindingType.QUOTE_ALTERED
    )
    data = json.loads(render(repeated, ReportFormat.JSON))
    assert [f["count"] for f in data["findings"] if f["type"] == "quote_altered"] == [12]
    (item,) = [s for s in data["summary"] if s["type"] == "quote_altered"]
    assert (item["findings"], item["occurrences"]) == (1, 12)
    assert "12 times in the rewrite" in render(repeated, ReportFormat.TEXT)


def test_summary_opens_the_report_in_text_json_and_html() -> None:
    invented = '"Levels of <2 metres & rising were never a worry here," Helen Marsh said.'
    report = _report(_rewrite(invented))
    data = report.to_dict()
    assert list(data).index("summary") < list(data).index("findings")
    (item,) = [s for s in data["summary"] if s["type"] == "quote_fabricated"]
    assert item["severity"] == "critical"
    assert data["findings"][item["examples"][0]]["type"] == "quote_fabricated"
    text = render(report, ReportFormat.TEXT)
    assert text.index("Editor's summary") < text.index("Findings:")
    page = render(report, ReportFormat.HTML)
    assert page.index('id="summary"') < page.index('id="findings"')
    summary = page[page.index('id="summary"') : page.index('id="findings"')]
    assert "&lt;2 metres &amp; rising" in summary
    assert "<2 metres" not in page


def test_anonymous_and_inanimate_parties_are_vague() -> None:
    for party in ("an insider", "sources close to the couple", "reports", "a report from OK", "the evidence"):
        assert is_vague(party), party
    for party in ("the interior ministry", "analysts", "Institute for the Study of War", "People magazine"):
        assert not is_vague(party), party


def test_a_quoted_speaker_in_reported_speech_is_not_an_added_attribution() -> None:
    source = (
        "The club's new coach spoke to reporters after training on Thursday.\n\n"
        '"The squad is young and hungry, and the fans will see a very different team this year," '
        "Marco Silva said.\n\n"
        "The season starts in August."
    )
    rewrite = (
        "The club's new coach spoke to reporters after training on Thursday.\n\n"
        "Silva stressed that supporters can expect a transformed, youthful, ambitious side this season.\n\n"
        "The season starts in August."
    )
    found = {f.type for f in _report(rewrite, source).findings}
    assert FindingType.ATTRIBUTION_ADDED not in found
    invented = rewrite.replace("Silva stressed", "Club owner Lee Park stressed")
    assert FindingType.ATTRIBUTION_ADDED in {f.type for f in _report(invented, source).findings}


def test_summarize_keeps_critical_and_major_kinds_most_severe_first() -> None:
    def f(t: FindingType, sev: Severity, start: int, conf: float = 0.5, count: int = 1) -> Finding:
        ref = TextRef(start, start + 1, "x")
        return Finding(t, sev, ref, None, None, t.value, confidence=conf, count=count)

    findings = (
        f(FindingType.OMISSION, Severity.MINOR, 0),
        f(FindingType.ATTRIBUTION_DROPPED, Severity.MAJOR, 1),
        f(FindingType.ATTRIBUTION_DROPPED, Severity.MAJOR, 2),
        f(FindingType.MEANING_REVERSED, Severity.CRITICAL, 3, conf=0.6, count=4),
        f(FindingType.MEANING_REVERSED, Severity.CRITICAL, 4, conf=0.9),
    )
    items = summarize(findings, groups=5, examples=3)
    assert [i.type for i in items] == [FindingType.MEANING_REVERSED, FindingType.ATTRIBUTION_DROPPED]
    assert items[0].examples == (4, 3)  # most confident first
    assert (items[0].findings, items[0].occurrences) == (2, 5)
    assert summarize(findings, groups=1, examples=1)[0].examples == (4,)
    assert summarize(findings[:1]) == ()


# LLMFake train (gossipcop-4803899832, rewrite_generation): quotations reworded beyond their words
PATTINSON_SOURCE = (
    "Actor Robert Pattinson recently sat down with The Telegraph to discuss his new film Good Time. "
    "Besides that, he also talked about his mental health, fame and ongoing therapy as well.\n\n"
    "Asked if fame and mental health issues are connected, the 31-year-old English actor responded, "
    '"Yes. Definitely. Pretty much every person I know who\'s got famous is completely nuts."\n\n'
    "During the interview, the Twilight actor also revealed that his parents became "
    '"literally horrified" when they learned about him being under therapy.'
)


def _pattinson(quote: str) -> list[Finding]:
    rewrite = (
        "Actor Robert Pattinson recently engaged in an interview with The Telegraph, shedding light on "
        "his latest film Good Time, as well as delving into discussions about his mental well-being, "
        "fame, and ongoing therapy.\n\n"
        "In response to whether fame and mental health are interconnected, the 31-year-old British "
        f'thespian expressed, "Undoubtedly, yes. {quote}"\n\n'
        "During the interview, the Twilight star revealed that his parents were "
        '"literally horrified" when they learned about him being under therapy.'
    )
    found = _report(rewrite, PATTINSON_SOURCE).findings
    return [f for f in found if f.type.value.startswith("quote_") and f.rewrite.text == quote]


def test_a_quotation_reworded_in_its_place_is_altered_not_fabricated() -> None:
    reworded = (
        "Nearly every individual I know who has attained fame has experienced instances of emotional "
        "upheaval."
    )
    (f,) = _pattinson(reworded)
    assert f.type is FindingType.QUOTE_ALTERED
    assert f.source is not None
    assert "Pretty much every person" in f.source.text


def test_another_quotation_in_the_same_place_is_still_fabricated() -> None:
    # a quotation of another LLMFake article (a flood story) put in the same place
    (f,) = _pattinson("We have never seen the water rise this fast in a single night.")
    assert f.type is FindingType.QUOTE_FABRICATED


def test_a_quoted_title_is_no_fabricated_quotation() -> None:
    # LLMFake train rewrites: titles of songs and shows in quotation marks
    assert is_title("19 Kids and Counting.")
    assert is_title("La Vie en Rose")
    assert not is_title("It has been a year since I last spoke to Kim.")
    line = 'Regional director Helen Marsh, a fan of the song "Let Me Love You", said the defences held.'
    assert _quote_findings(_rewrite(line)) == []


# --------------------------------------------------------------------------- roles and groups as speakers


def _misattributed(source: str, rewrite: str) -> list[Finding]:
    return [f for f in _report(rewrite, source).findings if f.type is FindingType.QUOTE_MISATTRIBUTED]


def test_a_role_for_the_named_speaker_is_no_other_speaker() -> None:
    # LLMFake test (hand-read sample): the source names Pence by role, the rewrite by name
    source = (
        "Mike Pence spoke at a rally in Ohio on Monday.\n\n"
        "The governor of Indiana also said that she \u201chas no business\u201d commenting on men.\n\n"
        "The rally ended at nine."
    )
    rewrite = (
        "Mike Pence spoke at a rally in Ohio on Monday.\n\n"
        'Mike Pence further asserted that she has "no business" commenting on men.\n\n'
        "The rally ended at nine."
    )
    assert _misattributed(source, rewrite) == []


def test_a_group_the_speaker_speaks_for_is_no_other_speaker() -> None:
    # LLMFake test (hand-read sample): Fallon's words given to "advocates for this proposal"
    source = (
        "Democrats called for the agency to be abolished.\n\n"
        "\u201cICE operates as an unaccountable deportation force,\u201d Fallon tweeted.\n\n"
        "The Daily Caller first drew attention to the calls."
    )
    rewrite = (
        "Democrats called for the agency to be abolished.\n\n"
        'Advocates for this proposal argue that ICE is an "unaccountable deportation force" and must be '
        "reformed.\n\n"
        "The Daily Caller first drew attention to the calls."
    )
    assert _misattributed(source, rewrite) == []


def test_another_named_speaker_or_another_role_is_still_misattributed() -> None:
    source = SOURCE
    named = _rewrite(f'"{QUOTE}," Tom Green, the mayor, said on Wednesday.')
    assert [f.after for f in _misattributed(source, named)] == ["tom green"]
    role = SOURCE.replace("regional director Helen Marsh said", "the regional director said")
    other_role = _rewrite(f'"{QUOTE}," the county sheriff said on Wednesday.')
    assert len(_misattributed(role, other_role)) == 1
    # a name the sources never give for the role's holder is another speaker (planted dev: "the
    # company" -> "Clinton")
    new_name = _rewrite(f'"{QUOTE}," Tom Green said on Wednesday.')
    assert [f.after for f in _misattributed(role, new_name)] == ["tom green"]


def test_a_spokesman_of_the_group_quoted_is_no_other_speaker() -> None:
    # faithful LLMFake rewrite (train split): the group's words given to its spokesman
    source = (
        "According to the Islamic activist group, Hizb-ut-Tahrir, Australia is enforcing democratic "
        "values and a “disputed view” of history which contradicts Islamic beliefs."
    )
    rewrite = (
        "According to the group's spokesman, Unthman Badar, Australia's insistence on democratic values "
        'and a "disputed view" of history is part of a campaign of assimilation.'
    )
    assert [f.type for f in _report(rewrite, source).findings if f.type.value.startswith("quote_")] == []
    other = rewrite.replace("the group's spokesman, Unthman Badar", "the Liberal party's spokesman")
    got = [f.type for f in _report(other, source).findings if f.type.value.startswith("quote_")]
    assert got == [FindingType.QUOTE_MISATTRIBUTED]


TRIBUTE_SOURCE = (
    "The singer died on Monday evening at the age of 66, his manager said.\n\n"
    "“It’s shocking, crushing news,” Bob Dylan said in a statement. “I thought the world of Tom. "
    "He was a great performer, full of the light, a friend, and I’ll never forget him.”\n\n"
    "Longtime friend Jeff Lynne said simply: “Tom was the coolest guy I ever knew.”"
)


def _tribute(second: str, *, cut: float | None = None) -> list[Finding]:
    from unspun.config import AuditSettings, Settings

    rewrite = (
        "The singer passed away on Monday evening at the age of 66, his manager confirmed.\n\n"
        f'Bob Dylan expressed his grief, stating, "I thought the world of Tom. {second}"\n\n'
        'Jeff Lynne said simply: "Tom was the coolest guy I ever knew."'
    )
    # the other reworded-quotation paths off: the sibling test alone
    default = AuditSettings().quote_sibling_similarity
    settings = Settings(
        audit=AuditSettings(
            quote_semantic_similarity=1.0,
            quote_window_similarity=1.0,
            quote_order_similarity=1.0,
            quote_whole_similarity=1.0,
            quote_order_cover=1.0,
            quote_sibling_similarity=default if cut is None else cut,
        )
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"),
        [article_from_text(TRIBUTE_SOURCE, doc_id="src")],
        settings=settings,
    )
    return [f for f in report.findings if f.type.value.startswith("quote_") and f.rewrite.text == second]


def test_a_fragment_reworded_beside_one_the_source_holds_is_altered() -> None:
    # faithful LLMFake rewrite (train split): one quotation, its second sentence reworded
    second = "He was an extraordinary performer, radiating positivity."
    (f,) = _tribute(second)
    assert f.type is FindingType.QUOTE_ALTERED
    assert f.source is not None
    assert "great performer" in f.source.text
    (f,) = _tribute(second, cut=1.0)  # the sibling test off
    assert f.type is FindingType.QUOTE_FABRICATED


def test_an_unrelated_sentence_inside_the_marks_is_still_fabricated() -> None:
    (f,) = _tribute("We have never seen the water rise this fast in a single night.")
    assert f.type is FindingType.QUOTE_FABRICATED


def test_a_quotation_tagged_after_it_is_not_given_to_an_attribution_before_it() -> None:
    # faithful LLMFake original (train split): "according to Haynes" glued to the opening mark of
    # O'Keefe's words, a quotation of Haynes just before; neither gives it its speaker
    from unspun.facts.extract import extract_facts

    text = (
        "When pressed about the messages, Haynes explained: “We have a subpoena process for that very "
        "reason.” Twitter has access to all private data according to Haynes“The fact is, even if Haynes "
        "was just speculating, his admission shows a clear political bias,” says Project Veritas founder "
        "and President James O’Keefe in the video."
    )
    quotes = [q for f in extract_facts(article_from_text(text, doc_id="s")) for q in f.quotes]
    assert [q.speaker for q in quotes] == ["haynes", None]
