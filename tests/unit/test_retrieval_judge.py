"""Re-choosing the band judge on many dev no-source queries (benchmarks/quality/retrieval_judge.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from benchmarks.quality.retrieval_judge import choose, read_devneg


def test_a_devneg_file_cut_short_by_a_killed_run_reads_up_to_its_last_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "devneg.jsonl"
    head = {"seed": 3, "ids": ["a", "b", "c"]}
    lines = [
        json.dumps(head),
        json.dumps({"id": "a", "hits": []}),
        json.dumps({"id": "b", "hits": [{"id": "x"}]}),
    ]
    path.write_text("\n".join(lines) + '\n{"id": "c", "hi')
    got_head, rows = read_devneg(path)
    assert got_head == head
    assert rows == {"a": [], "b": [{"id": "x"}]}


def _items(
    q_s: list[float], q_cover: list[float], q_pos: list[bool], n_s: list[float], n_cover: list[float]
) -> dict[str, Any]:
    return {
        "q": {
            "dev": np.ones(len(q_s), dtype=bool),
            "s": np.array(q_s),
            "cover": np.array(q_cover),
            "pos": np.array(q_pos),
        },
        "devneg": {"s": np.array(n_s), "cover": np.array(n_cover), "near": np.zeros(len(n_s), dtype=bool)},
    }


def test_the_choice_keeps_the_dev_false_sources_within_the_budget() -> None:
    # Two sources under the threshold with a high cover share, one no-source query in the band with
    # a cover share as high as one of them: with no budget the judge may lift only the other.
    it = _items(
        q_s=[0.3, 0.3, 0.7, 0.01],
        q_cover=[0.9, 0.6, np.nan, np.nan],
        q_pos=[True, True, True, True],
        n_s=[0.3, 0.01, 0.6],
        n_cover=[0.6, np.nan, np.nan],
    )
    shipped, results = choose(it, budget=1)  # the no-source query at 0.6 is the shipped score's own
    assert shipped["no_source_at_0.5"] == 1
    assert shipped["r1_at_0.5"] == 0.25
    best = results[0]
    assert best["dev_fp"] <= 1
    assert (
        best["dev_r1_at_0.5"] == 0.5
    )  # the 0.9 source is lifted, the 0.6 one cannot be without the negative
    _, loose = choose(it, budget=2)
    assert loose[0]["dev_r1_at_0.5"] == 0.75
