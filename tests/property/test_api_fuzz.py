"""Hypothesis fuzzing of every API endpoint, bounded for `make test` (benchmarks/api_fuzz.py holds
the strategies, the contract and the long run: >= 10,000 inputs per endpoint, in BENCHMARKS.md).

Whatever the body, Content-Type, ``format`` or Host header, the app answers without a 5xx or a
traceback: errors are one JSON line with a documented 4xx status, a 200 is in the asked format.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.api_fuzz import ENDPOINTS, FuzzClient, FuzzRequest, fuzz_app, problem, requests

EXAMPLES = 40  # per endpoint; the long run is benchmarks/api_fuzz.py

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FuzzClient, dict[str, Any]]]:
    with fuzz_app(tmp_path_factory.mktemp("fuzz")) as app:
        yield app


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_keeps_the_error_contract(fuzz: tuple[FuzzClient, dict[str, Any]], endpoint: str) -> None:
    client, report = fuzz

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def check(data: st.DataObject) -> None:
        request: FuzzRequest = data.draw(requests(endpoint, report), label="request")
        response = client.send(request)
        assert problem(request, response) is None, problem(request, response)

    check()
