"""A non-English input is flagged in the report and its verdict confidence lowered (issue 13, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspun
from unspun.config import IngestSettings, Settings
from unspun.ingest import article_from_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "toretsk"

# A Russian summary written for this test (not a translation of any article in the repository).
RUSSIAN = (
    "Российские военные блогеры сообщили, что войска заняли восточный город после нескольких месяцев "
    "боёв. Министерство обороны не подтвердило эти сведения. Местные власти заявили, что большинство "
    "жителей покинули город ещё прошлым летом, а оставшиеся живут в подвалах без воды и света."
)


def test_russian_rewrite_is_flagged_and_its_confidence_lowered() -> None:
    source = article_from_text((EXAMPLE / "source.md").read_text(encoding="utf-8"), doc_id="source")
    rewrite = article_from_text(RUSSIAN, doc_id="rewrite")
    assert rewrite.language == "ru"
    report = unspun.compare(rewrite, [source])
    unlowered = unspun.compare(
        rewrite, [source], settings=Settings(ingest=IngestSettings(foreign_confidence=1.0))
    )
    assert any("Russian" in n and "English" in n for n in report.notes), report.notes
    assert report.verdict.confidence == pytest.approx(0.5 * unlowered.verdict.confidence)


def test_english_pair_has_no_language_note() -> None:
    report = unspun.compare(EXAMPLE / "rewrite.txt", [EXAMPLE / "source.md"])
    assert not any("built for English" in n for n in report.notes)
    assert report.verdict.confidence > 0.5
