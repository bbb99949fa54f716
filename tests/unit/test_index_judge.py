"""The band judge: the cross-encoder's second opinion on the top candidate (unspun.index.judge)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from unspun.config import IndexSettings
from unspun.index import Record, open_index, prepare, search
from unspun.index.judge import (
    CoverJudgement,
    cover_pairs,
    cover_share,
    judge_candidate,
    judged_score,
    lexical,
)
from unspun.index.search import evidence
from unspun.index.verify import sentence_set
from unspun.text import split_units

HARBOUR = (
    "The harbour of Valparaiso closed on Monday after a storm sank three fishing boats. "
    "Port officials said 40 ships were waiting offshore for the swell to drop. "
    "The navy rescued eleven sailors from the Esmeralda trawler near the breakwater. "
    "Copper exports worth 120 million dollars were delayed by the closure."
)
SUSPECT = (
    "A storm that sank three fishing boats shut Valparaiso's harbour on Monday. "
    "According to port officials, 40 ships waited offshore until the swell dropped. "
    "Eleven sailors from the trawler Esmeralda were rescued by the navy close to the breakwater. "
    "The closure held up copper exports worth 120 million dollars."
)
BANK = (
    "The central bank of Norway raised its policy rate to 4.5 percent citing stubborn inflation. "
    "Governor Ida Wolden Bache said further increases could follow in the autumn. "
    "The krone strengthened against the euro after the announcement in Oslo. "
    "Economists at DNB had expected the bank to hold the rate until September."
)
PORT = (
    "Dockworkers in Valparaiso went on strike on Monday over pay and safety at the harbour. "
    "The union said fishing boats and copper ships would wait offshore until talks resume. "
    "Port officials said the breakwater repairs would continue despite the strike."
)
ALL_IN_BAND = IndexSettings(judge=True, judge_min_score=0.0, judge_cap=1.0)


class _Nearest:
    """A stand-in embedder: similarity is given as a matrix."""

    def __init__(self, matrix: list[list[float]]) -> None:
        self.matrix = np.asarray(matrix)

    def similarity_matrix(self, a_sentences: Sequence[str], b_sentences: Sequence[str]) -> np.ndarray:
        return self.matrix


def test_each_suspect_sentence_is_paired_with_its_nearest_candidate_sentence() -> None:
    suspect = sentence_set(["The first suspect sentence is here.", "The second suspect sentence is here."])
    candidate = sentence_set(["Candidate sentence number one.", "Candidate sentence number two."])
    pairs = cover_pairs(suspect, candidate, _Nearest([[0.1, 0.9], [0.8, 0.2]]))
    assert pairs == [(candidate.texts[1], suspect.texts[0]), (candidate.texts[0], suspect.texts[1])]
    assert cover_pairs(sentence_set([]), candidate, _Nearest([[0.0]])) == []


def test_two_premises_pair_each_suspect_sentence_with_its_two_nearest_candidate_sentences() -> None:
    suspect = sentence_set(["The first suspect sentence is here.", "The second suspect sentence is here."])
    candidate = sentence_set(
        [
            "Candidate sentence number one.",
            "Candidate sentence number two.",
            "Candidate sentence number three.",
        ]
    )
    near = _Nearest([[0.1, 0.9, 0.5], [0.8, 0.2, 0.3]])
    pairs = cover_pairs(suspect, candidate, near, premises=2)
    c, s = candidate.texts, suspect.texts
    assert pairs == [(c[1], s[0]), (c[2], s[0]), (c[0], s[1]), (c[2], s[1])]
    one = sentence_set(["Candidate sentence number one."])
    assert cover_pairs(suspect, one, _Nearest([[0.3], [0.4]]), premises=2) == [
        (one.texts[0], s[0]),
        (one.texts[0], s[1]),
    ]


class _Covers:
    """A stand-in cross-encoder: a pair is covered where its premise is listed."""

    threshold = 0.6

    def __init__(self, covering: set[str]) -> None:
        self.covering = covering

    def covers(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        return np.array([0.9 if premise in self.covering else 0.1 for premise, _ in pairs])


def test_a_sentence_is_covered_where_its_second_nearest_premise_covers_it() -> None:
    suspect = sentence_set(["The first suspect sentence is here.", "The second suspect sentence is here."])
    candidate = sentence_set(["Candidate sentence number one.", "Candidate sentence number two."])
    near = _Nearest([[0.9, 0.1], [0.8, 0.2]])  # sentence one is the nearest for both
    cross = _Covers({candidate.texts[1]})
    one = judge_candidate(suspect, candidate, 0.3, model=near, cross=cross)
    two = judge_candidate(suspect, candidate, 0.3, model=near, cross=cross, premises=2)
    assert one.covered == (False, False)
    assert one.cover_share == 0.0
    assert two.covered == (True, True)
    assert two.cover_share == pytest.approx(1.0)


def test_cover_share_weighs_sentences_by_their_length() -> None:
    assert cover_share([10, 30], np.array([0.9, 0.1]), 0.6) == pytest.approx(0.25)
    assert cover_share([10, 30], np.array([0.6, 0.7]), 0.6) == pytest.approx(1.0)
    assert cover_share([], np.zeros(0), 0.6) == 0.0


def test_the_cross_encoder_covers_a_paraphrase_and_not_an_unrelated_article() -> None:
    suspect = sentence_set(split_units(SUSPECT))
    source = judge_candidate(suspect, sentence_set(split_units(HARBOUR)), 0.3)
    unrelated = judge_candidate(suspect, sentence_set(split_units(BANK)), 0.3)
    assert source.cover_share >= 0.5 > unrelated.cover_share
    assert len(source.covered) == len(suspect.texts)
    assert source.lexical_score == 0.3


def _index(tmp_path: Path) -> Path:
    path = tmp_path / "idx"
    with open_index(path, mode="w") as idx:
        idx.add([Record("harbour", HARBOUR), Record("port", PORT), Record("bank", BANK)])
    return path


def test_a_judged_top_hit_carries_the_judges_evidence(tmp_path: Path) -> None:
    with open_index(_index(tmp_path)) as idx:
        plain = search(idx, prepare(SUSPECT), k=2, settings=IndexSettings(judge=False))
        judged = search(idx, prepare(SUSPECT), k=2, settings=ALL_IN_BAND)
    assert plain[0].judge is None
    assert judged[0].id == plain[0].id == "harbour"
    verdict = judged[0].judge
    assert verdict is not None
    # with the judge on, every hit's lexical score is first lowered by index.judge_shift
    before = lexical(plain[0].score, ALL_IN_BAND)
    assert before < plain[0].score
    assert verdict.lexical_score == before
    assert judged[0].score == judged_score(before, verdict.cover_share, ALL_IN_BAND) >= before
    assert judged[1].judge is None
    assert judged[1].score == lexical(plain[1].score, ALL_IN_BAND)
    shown = evidence(prepare(SUSPECT), judged[0]).to_dict()
    assert shown["judge"] == {
        "lexical_score": round(before, 4),
        "cover_share": round(verdict.cover_share, 4),
    }
    assert evidence(prepare(SUSPECT), plain[0]).to_dict()["judge"] is None


def test_the_judge_is_not_asked_outside_its_band(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> CoverJudgement:
        raise AssertionError("the judge ran")

    monkeypatch.setattr(importlib.import_module("unspun.index.search"), "judge_candidate", refuse)
    with open_index(_index(tmp_path)) as idx:
        top = search(idx, prepare(SUSPECT), k=1, settings=IndexSettings(judge=False))[0]
        above = IndexSettings(judge=True, judge_min_score=0.0, judge_cap=top.score, judge_shift=0.0)
        below = IndexSettings(
            judge=True, judge_min_score=min(1.0, top.score + 1e-6), judge_cap=1.0, judge_shift=0.0
        )
        for cfg in (above, below):
            assert search(idx, prepare(SUSPECT), k=1, settings=cfg)[0].score == top.score


def test_the_terminal_report_shows_the_judges_cover_share(tmp_path: Path) -> None:
    from unspun.report.terminal import _evidence_line

    with open_index(_index(tmp_path)) as idx:
        top = search(idx, prepare(SUSPECT), k=1, settings=ALL_IN_BAND)[0]
    assert top.judge is not None
    line = _evidence_line(evidence(prepare(SUSPECT), top))
    assert f"cross-encoder covers {top.judge.cover_share:.0%} of it" in line
