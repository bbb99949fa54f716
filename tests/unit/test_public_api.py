"""The public API is what `unspun.__all__` lists: pin it, so a change to it is deliberate."""

from __future__ import annotations

from pathlib import Path

import unspun

EXPECTED = {
    "AlignmentLink",
    "Article",
    "ConfigError",
    "Finding",
    "FindingType",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexUnusableError",
    "IngestError",
    "InputError",
    "InputFormat",
    "Metrics",
    "ModelMissingError",
    "Report",
    "SegmentationError",
    "Sentence",
    "Settings",
    "Severity",
    "Span",
    "UnspunError",
    "Verdict",
    "VerdictLabel",
    "__version__",
    "article_from_text",
    "compare",
    "load_settings",
}


def test_all_is_sorted_and_pinned() -> None:
    assert list(unspun.__all__) == sorted(unspun.__all__)
    assert set(unspun.__all__) == EXPECTED


def test_every_public_name_resolves_and_errors_share_one_base() -> None:
    for name in unspun.__all__:
        assert getattr(unspun, name) is not None
    errors = [getattr(unspun, n) for n in unspun.__all__ if n.endswith("Error")]
    assert all(issubclass(e, unspun.UnspunError) for e in errors)


def test_compare_is_the_pipeline_entry_point(example_dir: Path) -> None:
    report = unspun.compare(example_dir / "rewrite.txt", [example_dir / "source.md"])
    assert isinstance(report, unspun.Report)
    assert report.to_dict()["schema"] == "unspun.report/1"
