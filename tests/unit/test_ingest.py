"""Unit tests for unspun.ingest (small texts written for each case)."""

from __future__ import annotations

import codecs
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from unspun.config import IngestSettings, Settings
from unspun.errors import IngestError, SegmentationError
from unspun.ingest import article_from_bytes, article_from_text, load_article, normalize_text
from unspun.types import Article, CreditKind, DateOrigin, Role

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"

BODY = "Officials said the storm hit the coast on Monday. Hundreds of people left their homes."


def roles(article: Article) -> list[tuple[Role, str]]:
    return [(s.role, s.text) for s in article.sentences]


def role_of(article: Article, text: str) -> Role:
    matches = [s.role for s in article.sentences if s.text == text]
    assert matches, f"{text!r} is not a sentence of the article"
    return matches[0]


def check_invariants(article: Article) -> None:
    prev_end = -1
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert article.text[s.span.start : s.span.end] == s.text
        assert s.span.start >= prev_end
        assert s.text
        assert s.text.strip() == s.text
        prev_end = s.span.end
    for c in article.credits:
        if c.span is not None:
            surface = article.text[c.span.start : c.span.end]
            if c.kind is CreditKind.AGENCY:  # value is the canonical agency name ("afp" -> "AFP")
                assert surface.casefold() == c.value.casefold() or len(surface) > len(c.value)
            else:
                assert surface == c.value


def ingest(text: str, **kw: Any) -> Article:
    article = article_from_text(text, doc_id="t", **kw)
    check_invariants(article)
    return article


# --------------------------------------------------------------------------- normalisation


def test_normalize_text() -> None:
    raw = "Caf\u0065\u0301 \u00a0open\u200b now.  \r\nNext\tline   \r\n"
    assert normalize_text(raw) == "Café open now.\nNext line\n"


def test_paragraphs_separated_by_one_blank_line_and_quotes_kept() -> None:
    a = ingest("First para’s “quote” stays.\r\n\r\n\r\n\r\nSecond para.\n")
    assert a.text == "First para’s “quote” stays.\n\nSecond para."


# --------------------------------------------------------------------------- markdown


def test_markdown_rendering_to_plain_text() -> None:
    md = (
        "# A Headline Here\n\n"
        "Some **bold** and *italic* text with [a link](https://x.org/a) and `code`.\n\n"
        "- first item of the list.\n- second item of the list.\n\n"
        "> A quoted paragraph here.\n\n"
        "<https://example.org/page>\n"
    )
    a = ingest(md, fmt="markdown")
    assert a.input_format == "markdown"
    assert a.title == "A Headline Here"
    assert "Some bold and italic text with a link and code." in a.text
    assert "first item of the list.\n\nsecond item of the list." in a.text
    assert "A quoted paragraph here." in a.text
    for mark in ("**", "[", "](", "# ", "> ", "<https"):
        assert mark not in a.text
    assert a.url == "https://example.org/page"
    assert role_of(a, "https://example.org/page") is Role.URL


def test_markdown_headings() -> None:
    a = ingest("# Title Of Story\n\nBody sentence one.\n\n## **'A sub heading'**\n\nBody sentence two.\n")
    assert role_of(a, "Title Of Story") is Role.TITLE
    assert role_of(a, "'A sub heading'") is Role.HEADING
    assert [s.text for s in a.body] == ["Body sentence one.", "Body sentence two."]


def test_markdown_sniffed_from_text() -> None:
    a = ingest("# Title\n\nThe text with a [link](https://example.org). More text.\n")
    assert a.input_format == "markdown"
    assert "[link]" not in a.text


# --------------------------------------------------------------------------- plain text layout


def test_plain_text_title_and_headings() -> None:
    text = (
        "Storm Floods the Coast of Maine\n"
        "A storm flooded the coast on Monday. Officials said hundreds had left their homes by nightfall.\n"
        "The Cost of the Cleanup\n"
        "The cleanup will take weeks, the mayor said on Tuesday, and will cost millions of dollars.\n"
    )
    a = ingest(text)
    assert a.title == "Storm Floods the Coast of Maine"
    assert role_of(a, "Storm Floods the Coast of Maine") is Role.TITLE
    assert role_of(a, "The Cost of the Cleanup") is Role.HEADING
    assert len(a.body) == 3
    assert a.text.count("\n\n") == 3


def test_sentence_cut_by_hard_wrap_is_not_a_heading() -> None:
    text = (
        "A Title Line\n\n"
        "It is the biggest town that Moscow claims to have captured since Avdiivka in late\n\n"
        "February 2024, almost a year ago.\n\nLater on it rained."
    )
    a = ingest(text)
    joined = (
        "It is the biggest town that Moscow claims to have captured since Avdiivka in late "
        "February 2024, almost a year ago."
    )
    assert [s.text for s in a.body] == [joined, "Later on it rained."]
    # the blank line inside the broken paragraph became one space
    assert joined in a.text


def test_last_body_paragraph_without_punctuation_is_kept() -> None:
    a = ingest(
        "Title Here\n\nThe war began long ago. It goes on.\n\nDespite the rhetoric of both sides, the war in"
    )
    assert a.body[-1].text == "Despite the rhetoric of both sides, the war in"
    assert a.body[-2].text == "It goes on."


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    text = (
        "The storm flooded the coastal town of Seaview on Monday, forcing\n"
        "hundreds of residents to leave their homes, officials said late on\n"
        "Monday night. More rain is expected on Tuesday."
    )
    a = ingest(text)
    assert a.body[0].text.startswith("The storm flooded")
    assert {s.paragraph for s in a.body} == {0}
    assert "\n" not in a.text


def test_one_line_text_is_body() -> None:
    a = ingest("Russia said it took the town")
    assert [s.text for s in a.body] == ["Russia said it took the town"]
    assert a.title is None


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("By Jane Roe for AFP", Role.BYLINE),
        ("By Jane Roe and John Smith, Reuters", Role.BYLINE),
        ("February 07, 2025", Role.DATELINE),
        ("Published: 7 March 2024 10:32 GMT", Role.DATELINE),
        ("This photograph shows flooded streets in Seaview on Monday. Jane ROE / AFP", Role.CAPTION),
        ("Residents wade through water. (Photo: John Doe/Reuters)", Role.CAPTION),
        ("Residents wade through water. Photo: John Doe", Role.CAPTION),
        ("This photograph shows a flooded street.", Role.CAPTION),
        ("Related article: Floods Hit Other Towns", Role.RELATED),
        ("Read more: Floods elsewhere", Role.RELATED),
        ("See also the map of the region", Role.RELATED),
        ("Original url:", Role.URL),
        ("https://example.com/news/1", Role.URL),
        ("Subscribe to our newsletter", Role.BOILERPLATE),
        ("© 2024 Example Times. All rights reserved.", Role.BOILERPLATE),
        ("Share this article", Role.BOILERPLATE),
        ("We use cookies to improve your experience.", Role.BOILERPLATE),
    ],
)
def test_roles(line: str, role: Role) -> None:
    a = ingest(f"A Headline Goes Here\n\n{line}\n\n{BODY}")
    assert role_of(a, line) is role
    assert len(a.body) == 2


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell 5% on Monday.",
        "By Monday, the army had advanced ten kilometres.",
        "A photo released by the ministry showed damaged buildings.",
        "Copyright law was changed in 2019, officials said.",
    ],
)
def test_body_lines_that_look_like_layout(line: str) -> None:
    a = ingest(f"A Headline Goes Here\n\n{line}\n\n{BODY}")
    assert role_of(a, line) is Role.BODY


def test_non_body_paragraph_is_one_sentence() -> None:
    caption = "This photograph shows ruins. Smoke rises. Anatolii STEPANOV / AFP"
    a = ingest(f"Title Text\n\n{caption}\n\n{BODY}")
    caps = [s for s in a.sentences if s.role is Role.CAPTION]
    assert [s.text for s in caps] == [caption]


# --------------------------------------------------------------------------- credits


def credit_values(a: Article, kind: CreditKind) -> list[str]:
    return [c.value for c in a.credits_of(kind)]


def test_byline_credits() -> None:
    a = ingest(f"Title Text\n\nBy Daria Andriievska for AFP\n\n{BODY}")
    assert credit_values(a, CreditKind.AUTHOR) == ["Daria Andriievska"]
    assert credit_values(a, CreditKind.AGENCY) == ["AFP"]


def test_byline_two_authors_and_agency() -> None:
    a = ingest(f"Title Text\n\nBy Jane Roe and John Smith, Reuters\n\n{BODY}")
    assert credit_values(a, CreditKind.AUTHOR) == ["Jane Roe", "John Smith"]
    assert credit_values(a, CreditKind.AGENCY) == ["Reuters"]


def test_byline_role_words_and_place_are_not_names() -> None:
    a = ingest(f"Title Text\n\nBy Staff Writer Jane Doe in Kyiv\n\n{BODY}")
    assert credit_values(a, CreditKind.AUTHOR) == ["Jane Doe"]


def test_byline_place_and_outlet_are_not_authors() -> None:
    # Lines as AllSides articles write them (../shared/data/distractors, allsides_abp).
    a = ingest(f"Title Text\n\nBy Robin Brant, BBC News, Shanghai\n\n{BODY}")
    assert credit_values(a, CreditKind.AUTHOR) == ["Robin Brant"]
    assert credit_values(a, CreditKind.PUBLISHER) == ["BBC News"]
    b = ingest(f"Title Text\n\nBy Ryan W. Miller, USA TODAY\n\n{BODY}")
    assert credit_values(b, CreditKind.AUTHOR) == ["Ryan W. Miller"]
    assert credit_values(b, CreditKind.PUBLISHER) == ["USA TODAY"]


def test_one_word_line_is_no_author_but_a_sources_list_keeps_its_publishers() -> None:
    a = ingest(f"Title Text\n\nBYD\n\n{BODY}")
    assert credit_values(a, CreditKind.AUTHOR) == []
    b = ingest(f"Title Text\n\n{BODY}\n\nSources: Khaama Press, TOLOnews")
    assert credit_values(b, CreditKind.PUBLISHER) == ["Khaama Press", "TOLOnews"]


def test_gallery_link_is_no_photo_credit() -> None:
    for line in (
        "( PHOTOS: Harry Reid’s career)",
        "PHOTOS: President Obama's favorite footstool: The famous Resolute desk",
    ):
        a = ingest(f"Title Text\n\n{BODY}\n\n{line}\n\n{BODY}")
        assert credit_values(a, CreditKind.PHOTO) == [], line
    b = ingest(
        "Title Text\n\nPeople wade through water. (Photos: Jim Young, Jason Reed, Darren Ornitz/Reuters)\n\n"
        + BODY
    )
    assert credit_values(b, CreditKind.PHOTO) == ["Jim Young, Jason Reed, Darren Ornitz/Reuters"]


def test_agency_matched_case_insensitively_as_whole_word() -> None:
    a = ingest(f"Title Text\n\nBy Jane Roe for afp\n\n{BODY}")
    assert credit_values(a, CreditKind.AGENCY) == ["AFP"]
    b = ingest(f"Title Text\n\nBy Jane Apfel\n\n{BODY}")
    assert credit_values(b, CreditKind.AGENCY) == []


def test_photo_credits() -> None:
    a = ingest(
        f"Title Text\n\nThis photograph shows ruins. **Anatolii STEPANOV / AFP**\n\n{BODY}", fmt="markdown"
    )
    assert credit_values(a, CreditKind.PHOTO) == ["Anatolii STEPANOV / AFP"]
    assert credit_values(a, CreditKind.AGENCY) == ["AFP"]
    b = ingest(f"Title Text\n\nPeople wade through water. (Photo: John Doe/Reuters)\n\n{BODY}")
    assert credit_values(b, CreditKind.PHOTO) == ["John Doe/Reuters"]
    assert credit_values(b, CreditKind.AGENCY) == ["Reuters"]


def test_dateline_agency_in_lead() -> None:
    a = ingest("SEAVIEW, Maine (AP) — A storm hit the coast on Monday. It was bad.")
    assert credit_values(a, CreditKind.AGENCY) == ["AP"]


def test_url_trailer() -> None:
    a = ingest(f"Title Text\n\n{BODY}\n\nOriginal url:\n\nhttps://example.com/story-1")
    assert a.url == "https://example.com/story-1"
    assert credit_values(a, CreditKind.URL) == ["https://example.com/story-1"]
    assert role_of(a, "Original url:") is Role.URL


def test_credits_are_deduplicated() -> None:
    a = ingest(f"Title Text\n\nBy Jane Roe for AFP\n\nThis photograph shows ruins. Jane ROE / AFP\n\n{BODY}")
    assert credit_values(a, CreditKind.AGENCY) == ["AFP"]


# --------------------------------------------------------------------------- dates


def test_date_from_dateline() -> None:
    a = ingest(f"Title Text\n\nFebruary 07, 2025\n\n{BODY}")
    assert a.published == dt.date(2025, 2, 7)
    assert a.date_origin is DateOrigin.METADATA


def test_published_line_preferred_over_updated() -> None:
    a = ingest(f"Title Text\n\nUpdated: March 9, 2024\n\nPublished: 7 March 2024\n\n{BODY}")
    assert a.published == dt.date(2024, 3, 7)


def test_given_date_overrides() -> None:
    a = ingest(f"Title Text\n\nFebruary 07, 2025\n\n{BODY}", published=dt.date(2020, 1, 2))
    assert a.published == dt.date(2020, 1, 2)
    assert a.date_origin is DateOrigin.GIVEN


def test_no_date() -> None:
    a = ingest(BODY)
    assert a.published is None
    assert a.date_origin is DateOrigin.NONE


def test_caller_title_and_url_override() -> None:
    a = ingest(f"Title Text\n\n{BODY}", title="Given", url="https://given.example/x")
    assert a.title == "Given"
    assert a.url == "https://given.example/x"


# --------------------------------------------------------------------------- HTML


def test_html_page() -> None:
    a = load_article(DATA / "storm.html")
    check_invariants(a)
    assert a.input_format == "html"
    assert a.title == "Storm Floods Coastal Town"
    assert a.published == dt.date(2024, 3, 5)
    assert a.date_origin is DateOrigin.METADATA
    assert a.url == "https://example.com/news/storm-floods-coastal-town"
    assert credit_values(a, CreditKind.AUTHOR) == ["Jane Roe"]
    assert credit_values(a, CreditKind.PUBLISHER) == ["Example Times"]
    assert role_of(a, "Roads closed") is Role.HEADING
    body = [s.text for s in a.body]
    assert "Forecasters expect more rain later in the week." in body
    assert not any("Subscribe" in s or "rights reserved" in s or "Home" in s for s in body)
    assert "<" not in a.text


def test_html_sniffed_from_text() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>T</title></head><body><article><p>"
        + BODY
        + "</p></article></body></html>"
    )
    a = ingest(html)
    assert a.input_format == "html"
    assert [s.text for s in a.body] == [
        "Officials said the storm hit the coast on Monday.",
        "Hundreds of people left their homes.",
    ]


def test_html_without_text_raises_segmentation_error() -> None:
    with pytest.raises(SegmentationError):
        article_from_text("<html><body></body></html>", doc_id="t", fmt="html")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "data",
    [
        "Le café est ouvert. Il fait beau.".encode(),
        codecs.BOM_UTF8 + "Le café est ouvert. Il fait beau.".encode(),
        "Le café est ouvert. Il fait beau.".encode("utf-16"),
        "Le café est ouvert. Il fait beau.".encode("latin-1"),
        "Le café est “ouvert”. Il fait beau.".encode("cp1252"),
    ],
)
def test_encodings(data: bytes) -> None:
    a = article_from_bytes(data, doc_id="t")
    assert a.body[0].text.startswith("Le café est ")
    assert "\ufeff" not in a.text


def test_short_latin1_file(tmp_path: Path) -> None:
    p = tmp_path / "cafe.txt"
    p.write_bytes("café".encode("latin-1"))
    a = load_article(p)
    assert a.text == "café"


# --------------------------------------------------------------------------- bad input


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        load_article(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="directory"):
        load_article(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(BODY)
    p.chmod(0)
    with pytest.raises(IngestError, match="cannot read"):
        load_article(p)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(IngestError, match="empty"):
        load_article(p)


def test_binary(tmp_path: Path) -> None:
    p = tmp_path / "blob.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match="binary"):
        load_article(p)


def test_mostly_control_characters() -> None:
    with pytest.raises(IngestError, match="binary"):
        article_from_bytes(bytes(range(1, 32)) * 20, doc_id="t")


def test_too_large_checked_before_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # a sparse 50 MB file: creating it costs nothing
        fh.truncate(50_000_000)
    with pytest.raises(IngestError, match="max_bytes"):
        load_article(p)


def test_too_large_bytes_and_text() -> None:
    settings = Settings(ingest=IngestSettings(max_bytes=10))
    with pytest.raises(IngestError, match="max_bytes"):
        article_from_bytes(BODY.encode(), doc_id="t", settings=settings)
    with pytest.raises(IngestError, match="max_bytes"):
        article_from_text(BODY, doc_id="t", settings=settings)


def test_no_body_sentences() -> None:
    with pytest.raises(SegmentationError, match="no body"):
        article_from_text(
            "By Jane Roe for AFP\n\nFebruary 07, 2025\n\nSubscribe to our newsletter", doc_id="t"
        )


def test_unknown_format() -> None:
    with pytest.raises(IngestError, match="unknown format"):
        article_from_text(BODY, doc_id="t", fmt="odt")


def test_long_sentence_setting() -> None:
    settings = Settings(ingest=IngestSettings(max_sentence_chars=30))
    a = article_from_text(BODY, doc_id="t", settings=settings)
    check_invariants(a)
    assert all(len(s.text) <= 30 for s in a.body)


# --------------------------------------------------------------------------- files


def test_load_article_doc_id_and_format(tmp_path: Path) -> None:
    p = tmp_path / "story.md"
    p.write_text(f"# Story Title\n\n{BODY}\n", encoding="utf-8")
    a = load_article(p)
    assert a.doc_id == str(p)
    assert a.input_format == "markdown"
    assert load_article(p, doc_id="k").doc_id == "k"
    assert load_article(p, fmt="text").input_format == "text"


def test_round_trip_through_dict() -> None:
    a = ingest(f"Title Text\n\nBy Jane Roe for AFP\n\nFebruary 07, 2025\n\n{BODY}")
    assert Article.from_dict(a.to_dict()) == a


def test_reuters_trailer_and_dateline_agency() -> None:
    text = (
        "KYIV, Feb 7 (Reuters) - Russia said on Friday it had captured the town.\n\n"
        "Ukraine denied the claim, a military spokesman said.\n\n"
        "(Reporting by Tom Balmforth in Kyiv; Editing by Alex Richardson)"
    )
    a = ingest(text)
    assert credit_values(a, CreditKind.AGENCY) == ["Reuters"]
    assert credit_values(a, CreditKind.AUTHOR) == ["Tom Balmforth"]
    assert a.sentences[-1].role is Role.BYLINE


def test_ap_photo_credit() -> None:
    a = ingest(f"Title Text\n\n{BODY}\n\nA damaged house in Wajima. (AP Photo/Ken Sato)")
    assert credit_values(a, CreditKind.PHOTO) == ["AP Photo/Ken Sato"]
    assert credit_values(a, CreditKind.AGENCY) == ["AP"]


def test_long_paragraph_ending_with_credit_is_body() -> None:
    para = "A quake hit the town. No damage was reported. People stayed in. Experts came. (AP Photo/Ken Sato)"
    a = ingest(f"Title Text\n\n{para}")
    assert len(a.body) >= 4


def test_markdown_list_items_are_not_joined_or_titles() -> None:
    a = ingest(
        "**Key points**\n\n- Russia claims the town\n- Ukraine denies it\n\nRussia said so on Friday.\n"
    )
    assert a.title is None
    assert [s.text for s in a.body] == [
        "Russia claims the town",
        "Ukraine denies it",
        "Russia said so on Friday.",
    ]
    assert role_of(a, "Key points") is Role.HEADING


def test_unreadable_file_maps_to_ingest_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "story.txt"
    p.write_text(BODY)

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(IngestError, match="cannot read"):
        load_article(p)


def test_standalone_line_before_new_sentence_is_not_joined() -> None:
    text = (
        "Nun Gives Birth\n\n"
        "The woman was rushed to hospital where doctors told her she was pregnant\n\n"
        "The 31-year-old nun said she had no idea. She named the boy Francis."
    )
    a = ingest(text)
    assert a.body[0].text == "The woman was rushed to hospital where doctors told her she was pregnant"
    assert a.body[1].text == "The 31-year-old nun said she had no idea."


@pytest.mark.parametrize(
    "line", ["Advertisement", "Scroll down for video", "Story Continued Below", "Email *", "SHARE"]
)
def test_web_furniture_is_boilerplate(line: str) -> None:
    a = ingest(f"A Headline Goes Here\n\n{BODY}\n\n{line}\n\n{BODY}")
    assert role_of(a, line) is Role.BOILERPLATE


def test_numeric_table_line_is_not_a_heading() -> None:
    a = ingest(f"A Headline Goes Here\n\n{BODY}\n\nRevs 4,814,000 vs 3,339,000\n\n{BODY}")
    assert role_of(a, "Revs 4,814,000 vs 3,339,000") is Role.BODY


def test_html_bold_paragraph_heading_and_line_break() -> None:
    a = load_article(DATA / "bold_heading.html")
    check_invariants(a)
    assert role_of(a, "Costs and timing") is Role.HEADING
    assert "two years. The vote was seven to two." in a.text
    assert "The vote was seven to two." in [s.text for s in a.body]
    assert credit_values(a, CreditKind.AUTHOR) == ["Sam Field"]
    assert a.published == dt.date(2023, 6, 1)


def test_source_line_names_publisher_or_agency() -> None:
    a = ingest(f"{BODY}\n\nSource: The Daily Caller")
    assert credit_values(a, CreditKind.PUBLISHER) == ["The Daily Caller"]
    assert credit_values(a, CreditKind.AUTHOR) == []
    b = ingest(f"{BODY}\n\nSource: AFP")
    assert credit_values(b, CreditKind.AGENCY) == ["AFP"]
    assert credit_values(b, CreditKind.PUBLISHER) == []


def test_html_standalone_first_paragraph_stays_apart() -> None:
    a = load_article(DATA / "standfirst.html")
    check_invariants(a)
    body = [s.text for s in a.body]
    standfirst = "Hundreds of homes evacuated as rivers burst their banks after a weekend of rain"
    assert body[0] == standfirst  # not glued to the first sentence of the text
    assert body[1].startswith("Rescue teams worked through the night")
    assert a.sentences[a.body[0].index].paragraph != a.sentences[a.body[1].index].paragraph
    # a paragraph the markup plainly cut ("since the winter of" / "2007, ...") is still joined
    assert "It is the biggest flood the region has seen since the winter of 2007, when the same" in a.text
