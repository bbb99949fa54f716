"""Issue 13, items 13 and 17 end to end on real text: an index of LLMFake originals among BBC
distractors (and a stub), and ``unspun trace`` over many suspects, interrupted and resumed.

The data is read from ../shared/data (never copied): LLMFake originals and their ChatGPT
rewrites, BBC News articles as distractors.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import unspun.pipeline
from unspun.cli._main import run

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
STUB = (
    "Media playback is unsupported on your device Media caption Watch: Aerials show the chemical plant fire"
)
pytestmark = [pytest.mark.data, pytest.mark.slow]


def cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation(env={"SOURCE_DATE_EPOCH": "1700000000"}) as (out, err, _):
        code = run(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


def _pairs(n: int) -> list[tuple[str, str, str]]:
    """(original id, original text, ChatGPT rewrite) for a fixed sample of LLMFake articles."""
    path = DATA / "llmfake" / "llmfake_chatgpt_rewrites.jsonl"
    if not path.is_file():
        pytest.skip(f"LLMFake data not found at {path}")
    skip = set(json.loads((DATA / "llmfake" / "not_rewrites.json").read_text(encoding="utf-8"))["ids"])
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        key = f"llmfake-{r['dataset']}-{r['news_id']}"
        text = r["rewrites"].get("rewrite_generation")
        wanted = r["dataset"] == "politifact" and text and 1500 < len(r["news_text"]) < 3900
        if wanted and f"{key}::rewrite_generation" not in skip:
            out.append((key, r["news_text"], text))
    random.Random(13).shuffle(out)
    return out[:n]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[str, str, str]]]:
    """An index of 12 originals, 300 BBC distractors and a stub line (which add must refuse)."""
    pairs = _pairs(12)
    folder = tmp_path_factory.mktemp("corpus")
    lines = [{"id": key, "text": original} for key, original, _ in pairs]
    with (DATA / "distractors" / "bbc_news.jsonl").open(encoding="utf-8") as fh:
        for _, raw in zip(range(300), fh, strict=False):
            obj = json.loads(raw)
            lines.append({"id": obj["id"], "text": obj["text"]})
    lines.append({"id": "bbc-stub", "text": STUB})
    source = folder / "sources.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    index = folder / "idx"
    code, stdout, stderr = cli("index", "add", str(source), "--index", str(index), "--json")
    assert code == 0, stderr
    summary = json.loads(stdout)
    assert summary["added"] == 312
    assert summary["skipped_reasons"] == {"too short / no body sentences": 1}  # item 13: the stub
    return index, pairs


def _suspects(folder: Path, pairs: list[tuple[str, str, str]]) -> list[str]:
    """Rewrites as files in a directory and lines of a JSONL file, with bad ones among them."""
    files = folder / "suspects"
    files.mkdir()
    for key, _, rewrite in pairs[:6]:
        (files / f"{key}.txt").write_text(rewrite, encoding="utf-8")
    (files / "empty.txt").write_text("  \n", encoding="utf-8")
    (files / "photo.txt").write_bytes(bytes(range(256)) * 4)
    jsonl = folder / "more.jsonl"
    more = [{"id": f"{key}::rw", "text": rewrite} for key, _, rewrite in pairs[6:]]
    more.insert(2, {"id": "stub-suspect", "text": STUB})
    jsonl.write_text("\n".join(json.dumps(x) for x in more), encoding="utf-8")
    return [str(files), str(jsonl)]


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_batch_trace_is_resumable_and_counts_bad_suspects(
    corpus: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, pairs = corpus
    suspects = _suspects(tmp_path, pairs)
    out = tmp_path / "results.jsonl"
    real_trace: Callable[..., Any] = unspun.pipeline.trace
    calls: list[str] = []

    def interrupted(article: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(article.doc_id)
        if len(calls) == 4:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the batch
        return real_trace(article, *args, **kwargs)

    monkeypatch.setattr(unspun.pipeline, "trace", interrupted)
    code, _, stderr = cli("trace", *suspects, "--index", str(index), "-o", str(out))
    assert code == 130, stderr
    first = _lines(out)
    assert [x["status"] for x in first].count("traced") == 3
    assert (tmp_path / "results.csv").is_file()  # the summary is written after an interruption too
    with out.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "half a li')  # a line cut short by the interruption

    monkeypatch.setattr(unspun.pipeline, "trace", real_trace)
    code, stdout, stderr = cli("trace", *suspects, "--index", str(index), "-o", str(out))
    assert code == 0, stderr
    assert f"already done {len(first)}" in stdout
    lines = _lines(out)
    ids = [x["id"] for x in lines]
    assert len(ids) == len(set(ids)) == 6 + 2 + 6 + 1  # every suspect once, the torn line gone
    by_id = {x["id"]: x for x in lines}
    skipped = {k: v["reason"] for k, v in by_id.items() if v["status"] == "skipped"}
    assert set(skipped) == {
        str(Path(suspects[0]) / "empty.txt"),
        str(Path(suspects[0]) / "photo.txt"),
        "stub-suspect",
    }
    assert "no body sentences" in skipped["stub-suspect"]
    skipped_before = sum(1 for x in first if x["status"] == "skipped")
    assert f"traced {12 - 3}, skipped {3 - skipped_before}, failed 0, already done {len(first)}" in stdout
    traced = [x for x in lines if x["status"] == "traced"]
    assert len(traced) == 12
    right = sum(
        1 for x in traced if x["candidates"] and x["id"].split("/")[-1].startswith(x["candidates"][0]["id"])
    )
    assert right >= 10, [(x["id"], x["candidates"][:1]) for x in traced]
    for x in traced:
        assert x["verdict"] in ("copy", "rewrite", "partial", "independent")
        assert set(x["findings_by_severity"]) == {"critical", "major", "minor", "info"}
        assert "report" not in x
    with (tmp_path / "results.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == ids
    assert {r["status"] for r in rows} == {"traced", "skipped"}
    top = next(r for r in rows if r["status"] == "traced")
    assert float(top["top_score"]) > 0.5
    assert int(top["findings"]) == sum(int(top[s]) for s in ("critical", "major", "minor", "info"))

    code, stdout, _ = cli("trace", *suspects, "--index", str(index), "-o", str(out))
    assert code == 0
    assert "traced 0, skipped 0, failed 0, already done 15" in stdout
    assert _lines(out) == lines


def test_one_suspect_with_batch_and_full_reports(
    corpus: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path
) -> None:
    index, pairs = corpus
    key, _, rewrite = pairs[0]
    suspect = tmp_path / "one.txt"
    suspect.write_text(rewrite, encoding="utf-8")
    code, _, stderr = cli("trace", str(suspect), "--index", str(index))
    assert code == 0, stderr
    code, _, stderr = cli("trace", str(suspect), "--index", str(index), "--batch")
    assert code == 2
    assert "-o FILE.jsonl" in stderr
    out = tmp_path / "one.jsonl"
    summary = tmp_path / "sums.csv"
    code, _, stderr = cli(
        "trace",
        str(suspect),
        "--index",
        str(index),
        "--batch",
        "--full-reports",
        "-o",
        str(out),
        "--summary",
        str(summary),
    )
    assert code == 0, stderr
    (line,) = _lines(out)
    assert line["candidates"][0]["id"] == key
    assert line["report"]["schema"] == "unspun.report/1"
    assert line["report"]["source_articles"][0]["doc_id"] == key
    assert summary.is_file()


def test_a_batch_of_only_bad_suspects_exits_2(
    corpus: tuple[Path, list[tuple[str, str, str]]], tmp_path: Path
) -> None:
    index, _ = corpus
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "s", "text": STUB}) + "\n{broken\n", encoding="utf-8")
    code, stdout, stderr = cli("trace", str(bad), "--index", str(index), "-o", str(tmp_path / "r.jsonl"))
    assert code == 2
    assert "traced 0, skipped 2" in stdout
    assert stderr.startswith("error: no suspect could be traced")
