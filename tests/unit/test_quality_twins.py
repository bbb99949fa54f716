"""The judged twins measure of the planted benchmark (benchmarks/quality/twins.py)."""

from __future__ import annotations

from typing import Any

from benchmarks.quality.twins import false_flag, figure, key, rekey, tally


def _twin(ident: str, findings: list[str], split: str = "dev") -> dict[str, Any]:
    return {"id": ident, "kind": "twin", "split": split, "findings": findings, "flagged": bool(findings)}


def test_a_twin_is_falsely_flagged_unless_every_finding_is_judged_real() -> None:
    judged = {
        key("a::twin", "attribution_dropped"): {"judgement": "real"},
        key("b::twin", "attribution_dropped"): {"judgement": "real"},
        key("b::twin", "date_mismatch"): {"judgement": "false"},
    }
    assert not false_flag(_twin("a::twin", ["attribution_dropped"]), judged)
    assert false_flag(_twin("b::twin", ["attribution_dropped", "date_mismatch"]), judged)
    assert false_flag(_twin("c::twin", ["quote_fabricated"]), judged)  # not read: counts as false


def test_tally_and_figure_count_per_split() -> None:
    records = [
        _twin("a::twin", ["attribution_dropped"]),
        _twin("b::twin", ["date_mismatch"]),
        _twin("c::twin", []),
        _twin("d::twin", []),
        _twin("e::twin", ["date_mismatch"], split="test"),
        {"id": "a::number", "kind": "number", "split": "dev", "findings": ["number_mismatch"]},
    ]
    judged = {key("a::twin", "attribution_dropped"): {"judgement": "real"}}
    assert tally(records, "dev", judged) == {"twins": 4, "flagged": 2, "false": 1, "unjudged": 1}
    fig = figure(records, "dev", judged)
    assert fig.value == 0.25
    assert fig.n == 4
    assert not fig.higher_is_better
    assert not fig.gate
    assert figure(records, "test", {}).value == 1.0


def test_rekey_moves_judgements_keyed_by_index_to_keys_by_text() -> None:
    from benchmarks.quality.planted import split_of, text_key

    old = {
        "key": "doc-1::rewrite_generation::7::twin|date_mismatch",
        "item": "doc-1::rewrite_generation::7::twin",
        "split": "test",
        "type": "date_mismatch",
        "twin": "The vote  was held in May.",
        "judgement": "real",
    }
    new_style = {**old, "item": "d2::0123456789ab::twin", "key": "d2::0123456789ab::twin|date_mismatch"}
    out = rekey([old, new_style])
    moved = next(e for e in out if e["item"] != new_style["item"])
    assert moved["item"] == f"doc-1::rewrite_generation::{text_key('the vote was held in may.')}::twin"
    assert moved["key"] == key(moved["item"], "date_mismatch")
    assert moved["split"] == split_of("doc-1")
    assert moved["judgement"] == "real"
    assert new_style in out  # already keyed by text: left as it is
    assert rekey(out) == out
