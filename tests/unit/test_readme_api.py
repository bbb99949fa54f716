"""The README's Python API example runs as written (in examples/toretsk, as it says)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_api_example_runs(example_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    monkeypatch.chdir(example_dir)
    namespace: dict[str, object] = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)
    data = json.loads(str(namespace["json_text"]))
    assert data["source_articles"][0]["doc_id"] == "afp"
    assert data["source_articles"][0]["published"] == "2025-02-07"
    assert data["rewrite"]["doc_id"] == "rewrite"
