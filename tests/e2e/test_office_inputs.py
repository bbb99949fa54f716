"""PDF and DOCX end to end on real text: the example pair, written at test time as a PDF source
and a DOCX rewrite, gives the same verdict as the pair read as text; `index add` stores them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import unspun
from office_docs import docx_bytes, minimal_pdf
from unspun.index import Record, open_index, read_records
from unspun.ingest import load_article
from unspun.types import InputFormat, Role

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "toretsk"


def _pdf_of(path: Path) -> bytes:
    """The article's text as a PDF: lines wrapped at 90 characters, 50 lines a page, a blank line
    between paragraphs (a hard-wrapped document, as PDFs are)."""
    article = load_article(path)
    lines: list[str] = []
    for paragraph in article.text.split("\n\n"):
        lines += [*textwrap.wrap(paragraph, 90), ""]
    return minimal_pdf([lines[i : i + 50] for i in range(0, len(lines), 50)])


def _docx_of(path: Path) -> bytes:
    """The article as a Word document: the title in the Title style, one paragraph per block."""
    article = load_article(path)
    blocks: dict[int, list[str]] = {}
    styles: dict[int, str] = {}
    for s in article.sentences:
        blocks.setdefault(s.paragraph, []).append(s.text)
        styles[s.paragraph] = "Title" if s.role is Role.TITLE else "Normal"
    return docx_bytes([(styles[p], " ".join(texts)) for p, texts in sorted(blocks.items())])


@pytest.mark.slow
def test_compare_reads_a_pdf_source_and_a_docx_rewrite(tmp_path: Path) -> None:
    pdf = tmp_path / "source.pdf"
    pdf.write_bytes(_pdf_of(EXAMPLE / "source.md"))
    docx = tmp_path / "rewrite.docx"
    docx.write_bytes(_docx_of(EXAMPLE / "rewrite.txt"))
    as_text = unspun.compare(EXAMPLE / "rewrite.txt", [EXAMPLE / "source.md"])
    as_office = unspun.compare(docx, [pdf])
    assert as_office.rewrite.input_format is InputFormat.DOCX
    assert as_office.sources[0].input_format is InputFormat.PDF
    assert as_office.verdict.label == as_text.verdict.label
    text_metrics, office_metrics = as_text.to_dict()["metrics"], as_office.to_dict()["metrics"]
    assert abs(office_metrics["derived_share"] - text_metrics["derived_share"]) <= 0.1
    assert office_metrics["aligned_sentences"] >= 0.9 * text_metrics["aligned_sentences"]


@pytest.mark.slow
def test_index_add_stores_pdf_and_docx_articles(tmp_path: Path) -> None:
    (tmp_path / "source.pdf").write_bytes(_pdf_of(EXAMPLE / "source.md"))
    (tmp_path / "rewrite.docx").write_bytes(_docx_of(EXAMPLE / "rewrite.txt"))
    records = [r for r in read_records([tmp_path]) if isinstance(r, Record)]
    assert [Path(r.id).name for r in records] == ["rewrite.docx", "source.pdf"]
    with open_index(tmp_path / "idx", mode="w") as idx:
        result = idx.add(records)
        assert result.added == 2
        stored = idx.get(records[1].id)
    assert stored is not None
    assert stored.article is not None
    assert stored.article.input_format is InputFormat.PDF
    assert "Toretsk" in stored.text
