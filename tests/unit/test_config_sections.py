"""The retrieval and trace thresholds are settings: defaults, TOML, environment, checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unspun.config import IndexSettings, Settings, TraceSettings, load_settings
from unspun.errors import ConfigError


def test_trace_and_search_thresholds_have_their_defaults() -> None:
    s = Settings()
    assert s.trace == TraceSettings()
    assert (s.trace.max_audited_sources, s.trace.strong_sim, s.trace.joint_min_union) == (3, 0.6, 0.7)
    assert (s.index.max_query_terms, s.index.verify_top, s.index.background_rank) == (64, 6, 3)
    assert list(s.to_dict()) == ["ingest", "align", "audit", "index", "trace", "exclude", "serve"]


def test_trace_and_index_keys_load_from_toml_and_environment(tmp_path: Path) -> None:
    cfg = tmp_path / "unspun.toml"
    cfg.write_text("[trace]\nstrong_sim = 0.7\n[index]\nverify_top = 8\n", encoding="utf-8")
    env = {"UNSPUN_TRACE_MAX_AUDITED_SOURCES": "2", "UNSPUN_INDEX_RANK_BIGRAM_WEIGHT": "0.1"}
    s = load_settings(cfg, env=env)
    assert (s.trace.strong_sim, s.trace.max_audited_sources) == (0.7, 2)
    assert (s.index.verify_top, s.index.rank_bigram_weight) == (8, 0.1)
    assert s.index.min_score == IndexSettings().min_score


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("trace", "strong_sim", 1.5, "must be in [0, 1]"),
        ("trace", "min_extra_share", -0.1, "must be in [0, 1]"),
        ("trace", "max_audited_sources", 0, "must be >= 1"),
        ("index", "background_rank", 0, "must be >= 1"),
        ("index", "max_postings", -1, "must be >= 0"),
    ],
)
def test_bad_values_are_refused(section: str, key: str, value: float, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"{section}.{key} {message}")):
        load_settings(env={}, overrides={section: {key: value}})


def test_settings_round_trip_through_their_dict() -> None:
    s = load_settings(env={}, overrides={"trace": {"joint_min_share": 0.3}, "index": {"candidates": 20}})
    assert Settings.from_dict(s.to_dict()) == s
