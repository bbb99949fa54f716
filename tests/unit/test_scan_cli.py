"""`unspun scan` / `unspun graph` refuse bad arguments with one line and exit 2, before any JVM starts;
without Java they exit 4 with one line saying what to install."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from unspun.cli._main import run


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["scan", "--reference", "feed.docx", "--crawl", "crawl.jsonl"], "'feed.docx'"),
        (["scan", "--reference", "feed.jsonl", "--crawl", "crawl.jsonl", "--conf", "novalue"], "'novalue'"),
        (["graph", "--crawl", "crawl.pdf"], "'crawl.pdf'"),
    ],
    ids=["unknown-reference-kind", "conf-without-value", "unknown-crawl-kind"],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run([*args, "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: ")
    assert says in err
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_without_java_the_scan_exits_4_with_one_line(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "The harbour closed after the storm."}\n', encoding="utf-8")
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "SPARK_LOCAL_IP": "127.0.0.1"}
    r = subprocess.run(
        [sys.executable, "-m", "unspun", "scan", "--reference", str(feed), "--crawl", str(feed), "--out",
         str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip
    last = r.stderr.strip().splitlines()[-1]
    assert r.returncode == 4, r.stderr[-1000:]
    assert last.startswith("error: Spark could not start")
    assert "Java 17" in last
