"""Issue 13, items 7 and 15: what ``compare`` accepts, its limits, and its progress callback.

Inputs are ``str | Path | Article``: a str naming an existing file is that file, any other str
the article's text. A bare str for ``sources`` is refused, wrong types are TypeErrors with a
message that says what was expected, and error messages stay short (never the whole article).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import unspun
from unspun.config import IngestSettings, Settings, load_settings
from unspun.errors import IngestError, InputError, SegmentationError


@pytest.fixture(scope="module")
def texts(example_dir: Path) -> tuple[str, str]:
    rewrite = (example_dir / "rewrite.txt").read_text(encoding="utf-8")
    source = (example_dir / "source.md").read_text(encoding="utf-8")
    return rewrite, source


def test_texts_are_compared_as_texts(texts: tuple[str, str]) -> None:
    rewrite, source = texts
    report = unspun.compare(rewrite, [source])
    assert report.rewrite.doc_id == "rewrite"
    assert [s.doc_id for s in report.sources] == ["source"]
    assert report.metrics.derived_share > 0.5
    twice = unspun.compare(rewrite, [source, source])
    assert [s.doc_id for s in twice.sources] == ["source", "source#2"]


def test_a_str_that_names_a_file_is_the_file(example_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example_dir)
    report = unspun.compare("rewrite.txt", ["source.md"])
    assert report.rewrite.doc_id == "rewrite.txt"
    assert report.sources[0].input_format.value == "markdown"  # read as a file: the suffix counts


def test_a_bad_text_gives_a_short_message_not_the_article(texts: tuple[str, str]) -> None:
    rewrite, _ = texts
    with pytest.raises(SegmentationError) as caught:
        unspun.compare(rewrite, ["Media playback is unsupported on your device"])
    message = str(caught.value)
    assert message.startswith("source: ")
    assert len(message) < 200
    with pytest.raises(IngestError) as empty:
        unspun.compare("   ", [rewrite])
    assert str(empty.value).startswith("rewrite: ")
    assert rewrite[:40] not in str(empty.value)


@pytest.mark.parametrize("sources", ["just one text", Path("one.txt")])
def test_a_single_source_instead_of_a_list_is_refused(texts: tuple[str, str], sources: Any) -> None:
    with pytest.raises(TypeError, match=r"sources must be a list.*compare\(rewrite, \[source\]\)"):
        unspun.compare(texts[0], sources)


@pytest.mark.parametrize(
    ("rewrite", "sources", "needle"),
    [(None, [None], "rewrite must be"), ("text", [None], "each source must be"), (b"x", ["y"], "bytes")],
)
def test_wrong_types_say_what_is_expected(rewrite: Any, sources: Any, needle: str) -> None:
    with pytest.raises(TypeError, match="str or Path") as caught:
        unspun.compare(rewrite, sources)
    assert needle in str(caught.value)


def test_generators_and_empty_lists(texts: tuple[str, str]) -> None:
    rewrite, source = texts
    assert unspun.compare(rewrite, (s for s in [source])).sources[0].doc_id == "source"
    with pytest.raises(InputError, match="at least one source"):
        unspun.compare(rewrite, [])


def test_article_from_text_is_exported_and_accepted(texts: tuple[str, str]) -> None:
    rewrite, source = texts
    article = unspun.article_from_text(source, doc_id="agency wire")
    assert isinstance(article, unspun.Article)
    report = unspun.compare(rewrite, [article])
    assert report.sources[0].doc_id == "agency wire"


# --------------------------------------------------------------------------- item 7: limits


def test_default_limits_keep_a_compare_interactive() -> None:
    limits = Settings().ingest
    assert limits.max_chars == 80_000
    assert limits.max_bytes == 2_000_000


def test_a_text_over_max_chars_is_refused_naming_the_setting(texts: tuple[str, str]) -> None:
    _, source = texts
    read = unspun.article_from_text(source, doc_id="src")
    settings = Settings(ingest=IngestSettings(max_chars=len(read.text) - 1))
    short = "The council met on Monday. It voted to close the plant by June."
    with pytest.raises(
        IngestError, match=r"^source: the text is [\d,]+ characters.*ingest\.max_chars"
    ) as caught:
        unspun.compare(short, [source], settings=settings)
    assert "UNSPUN_INGEST_MAX_CHARS" in str(caught.value)
    with pytest.raises(IngestError, match=r"^src: .*max_chars"):  # an Article passed in is held to it too
        unspun.compare(short, [read], settings=settings)
    raised = load_settings(env={"UNSPUN_INGEST_MAX_CHARS": str(len(read.text))})
    assert unspun.compare(short, [source], settings=raised).sources


def test_progress_is_called_for_each_stage_in_order(texts: tuple[str, str]) -> None:
    from unspun.pipeline import compare

    stages: list[str] = []
    compare(texts[0], [texts[1]], progress=stages.append)
    assert stages == ["reading", "extracting facts", "aligning", "auditing"]
