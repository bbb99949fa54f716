"""Issue 13, item 18 (unit level): which sentences the exclusions take out, and the settings.

The end-to-end behaviour on real articles is in tests/e2e/test_exclusions_realtext.py.
"""

from __future__ import annotations

import pytest

from unspun.config import ExcludeSettings, Settings, load_settings
from unspun.errors import ConfigError, InputError
from unspun.exclusions import apply_exclusions, is_boilerplate
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Role

TEXT = (
    "The council voted on Monday to close the Westbrook plant by June.\n\n"
    '"We had no other choice," said Mayor Ana Ruiz. "The plant has lost money for six years."\n\n'
    "The plant employs 240 people, according to the union. Sign up for our newsletter to get the latest "
    "local news.\n\n"
    "Workers will be offered jobs at the new depot. Reporting by Jane Roe; Editing by John Doe."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Reporting by Jane Roe; Editing by John Doe.", True),
        ("Additional reporting by Kim Lee in Seoul.", True),
        ("Sign up for our newsletter to get the latest local news.", True),
        ("Follow us on Twitter for updates.", True),
        ("Copyright 2024 Example Media. All rights reserved.", True),
        ("This story has been updated to correct the date of the vote.", True),
        ("By the end of the year, the plant will close.", False),
        ("For more than a decade, the plant made steel.", False),
        (
            "The newsletter industry has grown quickly over the past five years, analysts at the firm said.",
            False,
        ),
        ("Reporting by the local paper showed the plant had lost money.", False),
    ],
)
def test_boilerplate_lines(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected


def test_quotes_and_boilerplate_are_relabelled_excluded() -> None:
    article = article_from_text(TEXT, doc_id="a")
    assert article is apply_exclusions(article, ExcludeSettings())[0]  # nothing asked, nothing changed
    excluded, what = apply_exclusions(article, ExcludeSettings(quotes=True, boilerplate=True))
    roles = {s.text: s.role for s in excluded.sentences}
    assert roles['"We had no other choice," said Mayor Ana Ruiz.'] is Role.EXCLUDED
    assert roles['"The plant has lost money for six years."'] is Role.EXCLUDED
    assert roles["Sign up for our newsletter to get the latest local news."] is Role.EXCLUDED
    assert roles["Reporting by Jane Roe; Editing by John Doe."] is Role.EXCLUDED
    assert roles["The council voted on Monday to close the Westbrook plant by June."] is Role.BODY
    assert roles["The plant employs 240 people, according to the union."] is Role.BODY
    assert roles["Workers will be offered jobs at the new depot."] is Role.BODY
    assert (len(what.quotes), len(what.boilerplate)) == (2, 2)
    assert excluded.text == article.text
    assert [s.span for s in excluded.sentences] == [s.span for s in article.sentences]


def test_a_threshold_decides_what_is_a_quotation() -> None:
    article = article_from_text(TEXT, doc_id="a")
    strict, what = apply_exclusions(article, ExcludeSettings(quotes=True, quote_min_share=0.9))
    assert len(what.quotes) == 1  # only the sentence that is all quotation
    assert [s.text for s in strict.sentences if s.role is Role.EXCLUDED] == [
        '"The plant has lost money for six years."'
    ]


def test_settings_read_lists_from_toml_and_environment(tmp_path: object) -> None:
    settings = load_settings(
        env={"UNSPUN_EXCLUDE_SOURCES": "wire-1, wire-2,,wire-1", "UNSPUN_EXCLUDE_QUOTES": "1"}
    )
    assert settings.exclude.sources == ("wire-1", "wire-2")
    assert settings.exclude.quotes is True
    assert Settings.from_dict(settings.to_dict()) == settings
    assert settings.to_dict()["exclude"]["sources"] == ["wire-1", "wire-2"]
    with pytest.raises(ConfigError, match=r"exclude\.sources must be a list of strings"):
        load_settings(overrides={"exclude": {"sources": [1, 2]}})
    with pytest.raises(ConfigError, match=r"exclude\.quote_min_share must be in \[0, 1\]"):
        load_settings(overrides={"exclude": {"quote_min_share": 2}})


def test_excluding_every_source_or_every_sentence_is_bad_input() -> None:
    rewrite = article_from_text(TEXT, doc_id="rw")
    source = article_from_text(TEXT, doc_id="src")
    with pytest.raises(InputError, match="every source is excluded"):
        compare_articles(
            rewrite, [source], settings=load_settings(overrides={"exclude": {"sources": ["src"]}})
        )
    quotes_only = article_from_text('"We had no other choice," she said. "None at all."', doc_id="q")
    with pytest.raises(InputError, match="every body sentence"):
        compare_articles(
            quotes_only, [source], settings=load_settings(overrides={"exclude": {"quotes": True}})
        )
