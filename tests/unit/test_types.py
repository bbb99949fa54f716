"""The value types the audit stage uses: TextRef (a Span with text) and FactSheet."""

from __future__ import annotations

import pytest

from unspun.ingest import article_from_text
from unspun.types import (
    AlignmentLink,
    FactSheet,
    LinkKind,
    Metrics,
    Report,
    SentenceFacts,
    Span,
    TextRef,
    Verdict,
    VerdictLabel,
)


def test_text_ref_is_a_checked_span_with_the_same_json() -> None:
    ref = TextRef.of("The plant closed.", 4, 9)
    assert isinstance(ref, Span)
    assert (ref.start, ref.end, ref.text, len(ref)) == (4, 9, "plant", 5)
    assert ref.to_dict() == {"start": 4, "end": 9, "text": "plant"}
    assert TextRef.from_dict(ref.to_dict()) == ref
    assert TextRef(3, 3, "") == TextRef.from_dict({"start": 3, "end": 3, "text": ""})


@pytest.mark.parametrize(("start", "end"), [(5, 2), (-1, 0)])
def test_text_ref_refuses_an_impossible_span(start: int, end: int) -> None:
    with pytest.raises(ValueError, match=r"TextRef needs 0 <= start <= end"):
        TextRef(start, end, "")


def _facts(*indexes: int) -> tuple[SentenceFacts, ...]:
    return tuple(SentenceFacts(i) for i in indexes)


def test_fact_sheet_is_a_read_only_mapping_by_doc_id() -> None:
    given = {"rw": _facts(0, 2), "src": _facts(1)}
    sheet = FactSheet(given)
    given["other"] = _facts(0)  # the sheet keeps its own copy
    assert list(sheet) == ["rw", "src"]
    assert sheet == {"rw": _facts(0, 2), "src": _facts(1)}
    assert sheet.by_sentence("rw") == {0: SentenceFacts(0), 2: SentenceFacts(2)}
    assert sheet.by_sentence("missing") == {}
    assert FactSheet() == {}


@pytest.mark.parametrize("indexes", [(1, 0), (2, 2)], ids=["out-of-order", "twice"])
def test_fact_sheet_refuses_facts_out_of_sentence_order(indexes: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="one per sentence in sentence order"):
        FactSheet({"rw": _facts(*indexes)})


def test_fact_sheet_json_is_the_report_facts_object() -> None:
    sheet = FactSheet({"rw": _facts(0, 3)})
    data = sheet.to_dict()
    assert data == {"rw": [SentenceFacts(0).to_dict(), SentenceFacts(3).to_dict()]}
    assert FactSheet.from_dict(data) == sheet


def test_report_takes_a_plain_mapping_of_facts_as_a_fact_sheet() -> None:
    art = article_from_text("One sentence that is long enough to be body text.", doc_id="a")
    report = Report(
        rewrite=art,
        sources=(art,),
        facts={"a": _facts(art.body[0].index)},  # type: ignore[arg-type]  # what callers before FactSheet passed
        alignment=(AlignmentLink(art.body[0].index, "a", art.body[0].index, 1.0, LinkKind.VERBATIM),),
        findings=(),
        metrics=Metrics(1.0, 1.0, 1.0, 1, 1, 1),
        verdict=Verdict(VerdictLabel.COPY, 1.0),
    )
    assert isinstance(report.facts, FactSheet)
    assert report.to_dict()["facts"] == {"a": [SentenceFacts(art.body[0].index).to_dict()]}
