"""End-to-end on real text beyond the example: LLMFake originals and their ChatGPT outputs.

The data is read from ../shared/data/llmfake (never copied). The rates of flagged outputs are
measured and reported by ``make quality`` (BENCHMARKS.md: unspun does not yet separate them from
faithful paraphrases); these tests pin what must hold on a fixed sample: faithful paraphrases are
recognised as derived, and the reports are well formed on noisy scraped text.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from unspun.errors import SegmentationError
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Report, VerdictLabel

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "llmfake"
pytestmark = [pytest.mark.data, pytest.mark.slow]


def _records() -> list[dict[str, Any]]:
    path = DATA / "llmfake_chatgpt_rewrites.jsonl"
    if not path.is_file():
        pytest.skip(f"LLMFake data not found at {DATA}")
    skip = set(json.loads((DATA / "not_rewrites.json").read_text(encoding="utf-8"))["ids"])
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in records:
        # Outputs that are not rewrites (untruncated copies of the original, see the data's README).
        r["rewrites"] = {
            m: t
            for m, t in r["rewrites"].items()
            if f"llmfake-{r['dataset']}-{r['news_id']}::{m}" not in skip
        }
    return records


@cache
def _pairs(kind: str, n: int) -> list[tuple[str, str]]:
    """A fixed random sample of (original, output) pairs of one kind of output."""
    pairs = [
        (r["news_text"], t)
        for r in _records()
        if r["dataset"] in ("politifact", "gossipcop") and len(r["news_text"]) > 600
        for m, t in r["rewrites"].items()
        if m.startswith(kind)
    ]
    random.Random(7).shuffle(pairs)
    return pairs[:n]


def _report(original: str, output: str) -> Report | None:
    try:
        return compare_articles(
            article_from_text(output, doc_id="output", fmt="text"),
            [article_from_text(original, doc_id="original", fmt="text")],
        )
    except SegmentationError:
        return None  # an output with no prose at all (e.g. only a heading line)


def test_faithful_paraphrases_are_recognised_as_derived() -> None:
    reports = [_report(o, p) for o, p in _pairs("paraphrase_generation", 16)]
    labels = [rep.verdict.label for rep in reports if rep is not None]
    assert len(labels) >= 12
    assert sum(label is not VerdictLabel.INDEPENDENT for label in labels) >= 0.8 * len(labels)


def test_reports_on_scraped_manipulated_text_are_well_formed() -> None:
    checked = 0
    for original, output in _pairs("information_manipulation", 30):
        report = _report(original, output)
        if report is None:
            continue
        checked += 1
        for f in report.findings:
            assert report.rewrite.text[f.rewrite.start : f.rewrite.end] == f.rewrite.text
            if f.source is not None:
                src = report.sources[0]
                assert src.text[f.source.start : f.source.end] == f.source.text
            assert 0.0 <= f.confidence <= 1.0
        m = report.metrics
        assert 0.0 <= m.derived_share <= 1.0
        assert 0.0 <= m.source_coverage <= 1.0
    assert checked >= 25
