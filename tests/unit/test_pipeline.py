from __future__ import annotations

import datetime as dt

import pytest

from unspun.errors import InputError
from unspun.ingest import article_from_text
from unspun.pipeline import compare, compare_articles
from unspun.types import DateOrigin

SRC = (
    "Published: 2025-02-07\n\n"
    "Russia said on Friday that its forces had seized the town of Toretsk after months of fighting."
)
RW = "Russia announced on Friday that its troops captured the town of Toretsk after months of heavy fighting."


def test_rewrite_without_date_is_read_against_its_source() -> None:
    report = compare_articles(article_from_text(RW, doc_id="rw"), [article_from_text(SRC, doc_id="src")])
    assert report.rewrite.published == dt.date(2025, 2, 7)
    assert report.rewrite.date_origin is DateOrigin.INHERITED
    assert any("no date" in n for n in report.notes)
    friday = [d for f in report.facts["rw"] for d in f.dates if "Friday" in d.text]
    assert friday
    assert friday[0].value == "2025-02-07"


def test_source_dated_after_the_rewrite_is_noted() -> None:
    rw = article_from_text(RW, doc_id="rw", published=dt.date(2025, 1, 1))
    report = compare_articles(rw, [article_from_text(SRC, doc_id="src")])
    assert any("dated after the rewrite" in n for n in report.notes)


def test_compare_needs_a_source() -> None:
    with pytest.raises(InputError, match="at least one source"):
        compare(article_from_text(RW, doc_id="rw"), [])


def test_same_id_twice_gets_distinct_ids() -> None:
    src = article_from_text(SRC, doc_id="same")
    report = compare_articles(article_from_text(RW, doc_id="same"), [src, src])
    ids = [s.doc_id for s in report.sources] + [report.rewrite.doc_id]
    assert len(set(ids)) == 3
