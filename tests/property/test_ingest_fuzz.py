"""Fuzz: the ingest entry points and the `index add` readers raise only unspun's own errors.

A bounded run for `make test` (the inputs and checks are in tests/fuzz_inputs.py); the long run,
at least 10,000 inputs per entry point, is benchmarks/fuzz_ingest.py (figures in BENCHMARKS.md).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_inputs import (
    JsonlLine,
    WarcResponse,
    check_article_from_bytes,
    check_jsonl,
    check_load_article,
    check_warc,
    formats,
    input_bytes,
    jsonl_files,
    suffixes,
    warc_files,
)

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@FUZZ
@given(data=input_bytes, fmt=formats)
def test_article_from_bytes_raises_only_unspun_errors(data: bytes, fmt: str) -> None:
    assert check_article_from_bytes(data, fmt) is None


@pytest.mark.slow
@FUZZ
@given(data=input_bytes, suffix=suffixes, fmt=formats)
def test_load_article_raises_only_unspun_errors(data: bytes, suffix: str, fmt: str) -> None:
    assert check_load_article(data, suffix, fmt) is None


@pytest.mark.slow
@FUZZ
@given(case=jsonl_files)
def test_jsonl_reader_skips_bad_lines_and_keeps_good_ones(case: tuple[list[JsonlLine], bool]) -> None:
    assert check_jsonl(*case) is None


@pytest.mark.slow
@FUZZ
@given(case=warc_files)
def test_warc_reader_yields_only_records_and_skips(
    case: tuple[list[WarcResponse], bool, int | None],
) -> None:
    assert check_warc(*case) is None
