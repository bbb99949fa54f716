"""`unspun index add/remove/stats` through a real process, including a SIGKILL mid-add."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index_words import RARE_WORDS as WORDS
from unspun.index import open_index
from unspun.index.store import DB_NAME
from unspun.index.terms import signature


def _text(i: int) -> str:
    return " ".join(
        f"The {WORDS[(i + s) % len(WORDS)]} near Qelmir{i}x{s} saw {WORDS[(i * 5 + s) % len(WORDS)]} talks."
        for s in range(8)
    )


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "unspun", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.slow
def test_add_stats_remove_and_bad_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [json.dumps({"id": f"a{i}", "text": _text(i)}) for i in range(5)] + ["{broken", '{"id": "x"}']
        ),
        encoding="utf-8",
    )
    idx = tmp_path / "idx"
    r = _run("index", "add", str(src), "--index", str(idx), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["added"] == 5
    assert out["skipped"] == 2
    assert out["skipped_reasons"] == {"bad JSON line": 1, "missing text": 1}
    r = _run("index", "stats", "--index", str(idx))
    assert r.returncode == 0
    assert json.loads(r.stdout)["articles"] == 5
    r = _run("index", "remove", "a1", "a2", "--index", str(idx))
    assert r.returncode == 0
    assert "removed 2" in r.stdout
    r = _run("index", "remove", "zzz", "--index", str(idx))
    assert r.returncode == 2
    assert "no such id" in r.stderr
    assert "Traceback" not in r.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    r = _run("index", "add", str(bad), "--index", str(idx))
    assert r.returncode == 2
    assert "nothing could be added" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_foreign_and_missing_index_are_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "x.txt").write_text("x")
    r = _run("index", "stats", "--index", str(tmp_path / "foreign"))
    assert r.returncode == 3
    assert "not an unspun index" in r.stderr
    assert "Traceback" not in r.stderr
    r = _run("index", "stats", "--index", str(tmp_path / "missing"))
    assert r.returncode == 3
    assert "no index at" in r.stderr
    r = _run("trace", str(tmp_path / "foreign" / "x.txt"), "--index", str(tmp_path / "missing"))
    assert r.returncode in (2, 3)
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_sigkill_mid_add_leaves_a_readable_index_and_rerun_completes(tmp_path: Path) -> None:
    n = 3000
    src = tmp_path / "big.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": f"d{i}", "text": _text(i)}) for i in range(n)), encoding="utf-8"
    )
    idx = tmp_path / "idx"
    env = {**os.environ, "UNSPUN_INDEX_BATCH_DOCS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "unspun", "index", "add", str(src), "--index", str(idx)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    killed_at = -1
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (idx / DB_NAME).exists():
                try:
                    conn = sqlite3.connect(f"file:{idx / DB_NAME}?mode=ro", uri=True, timeout=1)
                    count = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
                    conn.close()
                except sqlite3.Error:
                    count = 0
                if count >= 300:
                    proc.send_signal(signal.SIGKILL)
                    killed_at = count
                    break
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert 0 < killed_at < n, "the add finished before it could be killed"
    assert proc.returncode == -signal.SIGKILL
    with open_index(idx) as index:
        count = len(index)
        assert killed_at <= count < n
        assert count % 100 == 0  # whole batches only
        ids = index.ids()
        assert len(ids) == len(set(ids))
        # every stored article is complete: text readable, all its postings present
        stored = [index.get(i) for i in ids]
        assert None not in stored
        expected = sum(len(signature(doc.text, index.terms_per_doc)) for doc in stored if doc is not None)
        assert index.stats()["postings"] == expected
    r = subprocess.run(
        [sys.executable, "-m", "unspun", "index", "add", str(src), "--index", str(idx), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["unchanged"] == count
    assert out["added"] == n - count
    assert out["articles_in_index"] == n
    with open_index(idx) as index:
        assert len(index) == n
        assert len(set(index.ids())) == n
