"""unspun.semantic.cross: the cross-encoder judge, its artifact checks and its batching.

The news sentences below are from ../shared/data/distractors/bbc_news.jsonl (bbc-business-001) and
the AFP source of examples/toretsk, neither in the cross-encoder's training pairs (its model card);
the reversals and paraphrases of them were written by hand for this test.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.config import JudgeKind
from unspun.errors import ModelMissingError, UnspunError
from unspun.semantic import JudgeLabel, default_cross, judge, judge_many
from unspun.semantic.cross import CrossEncoder, default_cross_dir

BBC = (
    "The firm, which is now one of the biggest investors in Google, benefited from sales of "
    "high-speed internet connections and higher advert sales."
)
BBC_REVERSED = (
    "The firm, which is now one of the biggest critics of Google, was hurt by sales of "
    "high-speed internet connections and lower advert sales."
)
BBC_PARAPHRASE = (
    "The firm, now among the biggest investors in Google, gained from sales of high-speed "
    "internet connections and from higher advertising sales."
)
AFP = (
    "Russia said Friday its forces had seized the mining town of Toretsk in east Ukraine after "
    "months of heavy fighting, allowing Moscow to push further into the Donbas region."
)
AFP_REVERSED = (
    "Ukraine said Friday its forces had seized the mining town of Toretsk in east Ukraine after "
    "months of heavy fighting, allowing Kyiv to push Moscow out of the Donbas region."
)
AFP_PARAPHRASE = (
    "On Friday Russia said that after months of heavy fighting its troops had taken the mining "
    "town of Toretsk in eastern Ukraine, letting Moscow push deeper into the Donbas region."
)


@pytest.mark.parametrize(
    ("source", "reversed_"), [(BBC, BBC_REVERSED), (AFP, AFP_REVERSED)], ids=["bbc-relation", "afp-roles"]
)
def test_a_reversed_relation_is_not_covered(source: str, reversed_: str) -> None:
    verdict = judge(reversed_, [source], kind=JudgeKind.CROSS)
    assert verdict.source_covers_rewrite < default_cross().threshold, reversed_
    assert verdict.label in (JudgeLabel.CHANGED, JudgeLabel.MORE)
    assert verdict.blamed  # the static word view still says where


def test_a_faithful_paraphrase_is_covered_both_ways() -> None:
    for source, paraphrase in ((BBC, BBC_PARAPHRASE), (AFP, AFP_PARAPHRASE)):
        verdict = judge(paraphrase, [source], kind=JudgeKind.CROSS)
        assert verdict.label is JudgeLabel.SAME, (paraphrase, verdict)
        assert verdict.blamed == ()


def test_batched_scores_equal_one_by_one() -> None:
    model = default_cross()
    pairs = [
        (BBC, BBC_REVERSED),
        (AFP, "Russia took Toretsk."),
        (BBC_PARAPHRASE, BBC),
        (AFP + " " + BBC, AFP_PARAPHRASE),
        ("Short.", "Also short."),
    ]
    together = model.covers(pairs)
    alone = np.array([model.covers([p])[0] for p in pairs])
    assert together.shape == (len(pairs),)
    # One call, one pair per onnxruntime run: the int8 graph quantises activations per run, so
    # only then is a pair's score independent of the pairs beside it.
    np.testing.assert_array_equal(together, alone)
    # (Padded into one run of 5 they moved by up to 0.11: BENCHMARKS.md section 6.)


def test_judge_many_equals_judge_in_order() -> None:
    items = [(BBC_REVERSED, [BBC]), (AFP_PARAPHRASE, [AFP]), (BBC_PARAPHRASE, [BBC, AFP])]
    many = judge_many(items)
    assert many == [judge(rewrite, sources) for rewrite, sources in items]
    assert judge_many([]) == []


def test_long_input_is_truncated_not_refused() -> None:
    model = default_cross()
    long_text = " ".join([AFP] * 40)  # far over max_length tokens
    # a long premise is cut as in training; a hypothesis too long to keep whole falls back
    scores = model.covers([(long_text, AFP), (AFP, long_text), (long_text, long_text)])
    assert ((scores >= 0.0) & (scores <= 1.0)).all()


def test_one_session_per_thread_count() -> None:
    assert default_cross(1) is default_cross(1)


def test_missing_folder_names_the_command_that_restores_it(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError) as info:
        CrossEncoder.load(tmp_path / "nowhere")
    assert isinstance(info.value, UnspunError)
    assert "make model" in str(info.value)


def test_missing_model_file_is_a_model_missing_error(tmp_path: Path) -> None:
    folder = tmp_path / "cross"
    shutil.copytree(default_cross_dir(), folder)
    (folder / "model.onnx").unlink()
    with pytest.raises(ModelMissingError, match=r"missing.*make model"):
        CrossEncoder.load(folder)


def test_corrupt_model_file_is_a_model_missing_error(tmp_path: Path) -> None:
    folder = tmp_path / "cross"
    shutil.copytree(default_cross_dir(), folder)
    tok = folder / "tokenizer.json"
    tok.write_bytes(tok.read_bytes()[:-10])
    with pytest.raises(ModelMissingError, match="corrupt"):
        CrossEncoder.load(folder)


def test_missing_onnxruntime_is_a_model_missing_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import then raises ImportError
    with pytest.raises(ModelMissingError, match="onnxruntime"):
        CrossEncoder.load()


SENTENCES = [BBC, BBC_REVERSED, BBC_PARAPHRASE, AFP, AFP_REVERSED, AFP_PARAPHRASE, "Prices rose.", ""]


@settings(max_examples=10, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.sampled_from(SENTENCES), st.sampled_from(SENTENCES)), min_size=1, max_size=6),
    seed=st.randoms(use_true_random=False),
)
def test_scores_follow_their_pairs_whatever_the_order(
    pairs: list[tuple[str, str]], seed: random.Random
) -> None:
    model = default_cross()
    order = list(range(len(pairs)))
    seed.shuffle(order)
    np.testing.assert_array_equal(model.covers([pairs[i] for i in order]), model.covers(pairs)[order])
