"""Hypothesis fuzzing of every CLI command (issue 13): bad input is one line and a distinct exit code.

A bounded, derandomized number of examples per command runs in ``make test``; the long run
(>= 10,000 inputs per command) is ``python -m benchmarks.fuzz_cli`` with its figures in
BENCHMARKS.md. The strategies and the contract checked are in :mod:`benchmarks.fuzz_cli`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.fuzz_cli import COMMANDS, Case, check, fixture_dir, invoke
from hypothesis import HealthCheck, given, settings

EXAMPLES = 12


@pytest.fixture(scope="module")
def fixtures() -> Iterator[Path]:
    with fixture_dir() as base:
        yield base


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_invocation_exits_0_2_or_3_with_one_error_line(command: str, fixtures: Path) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(COMMANDS[command])
    def one(case: Case) -> None:
        check(case, invoke(case, fixtures))

    one()
