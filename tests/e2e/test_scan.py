"""`unspun scan` / `unspun graph` end to end on Spark: local mode, and a standalone master + worker.

Inputs are small real articles (LLMFake originals and their ChatGPT rewrites, BBC distractors from
../shared/data) in every reader's format: JSONL, Parquet, and WARC.gz files named in a manifest
that also lists a truncated file and a missing one. The scan's answers are checked against
``unspun trace`` over an index of the same reference, article by article.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from unspun.config import Settings
from unspun.index import open_index, read_records
from unspun.pipeline import trace
from unspun.scan.readers import RawDoc, read_warc_uri
from unspun.scan.tasks import JUDGE_ERROR
from warc_fixtures import Response, html_page, warc_bytes

pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.data]

pyspark = pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java to run Spark on", allow_module_level=True)


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Reference feed and crawl (JSONL + Parquet + WARC manifest), and what each crawl item is."""
    import pyarrow as pa

    d = tmp_path_factory.mktemp("scan")
    with (shared_data / "llmfake" / "llmfake_chatgpt_rewrites.jsonl").open(encoding="utf-8") as fh:
        rows = [r for r in map(json.loads, fh) if r["rewrites"]][:14]
    with (shared_data / "distractors" / "bbc_news.jsonl").open(encoding="utf-8") as fh:
        bbc = [json.loads(next(fh)) for _ in range(46)]
    origs = [
        {"id": f"orig-{i}", "text": r["news_text"], "published": f"2024-01-{i + 1:02d}"}
        for i, r in enumerate(rows)
    ]
    rewrites = [(f"rw-{i}", sorted(r["rewrites"].values())[0]) for i, r in enumerate(rows)]
    reference = _jsonl(
        d / "feed.jsonl", origs + [{"id": b["id"], "text": b["text"], "title": b["title"]} for b in bbc[:40]]
    )
    crawl_jsonl = _jsonl(
        d / "crawl.jsonl",
        [{"id": i, "text": t} for i, t in rewrites[:5]]
        + [{"id": b["id"], "text": b["text"]} for b in bbc[40:43]]
        + [{"id": "blank", "text": " "}],
    )
    crawl_parquet = d / "crawl.parquet"
    pq.write_table(
        pa.table({"id": [i for i, _ in rewrites[5:7]], "text": [t for _, t in rewrites[5:7]]}), crawl_parquet
    )
    pages = [Response(f"http://news.example/{i}", html_page(f"Story {i}", t)) for i, t in rewrites[7:12]]
    (d / "pages.warc.gz").write_bytes(warc_bytes([
        *pages[:3],
        Response("http://news.example/gone", b"<html>gone</html>", "404 Not Found"),
        Response("http://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png"),
    ]))  # fmt: skip
    cut = warc_bytes(pages[3:])
    (d / "cut.warc.gz").write_bytes(cut[: len(cut) - 300])
    manifest = d / "warc.paths"
    manifest.write_text("pages.warc.gz\ncut.warc.gz\nmissing.warc.gz\n", encoding="utf-8")
    for i, t in rewrites[7:12]:  # the same pages as files, for trace
        (d / f"{i}.html").write_bytes(html_page(f"Story {i}", t))
    texts = {i: t for i, t in rewrites[:7]} | {b["id"]: b["text"] for b in bbc[40:43]}
    return {"dir": d, "reference": reference, "crawl": [crawl_jsonl, crawl_parquet, manifest], "texts": texts,
            "origs": origs, "rewrites": rewrites, "distractors": bbc[43:46]}  # fmt: skip


@pytest.fixture(scope="module")
def spark(data: dict[str, Any]) -> Iterator[Any]:
    from unspun.scan import spark_session

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = spark_session("local[2]", conf={"spark.ui.enabled": "false"})
    yield session
    session.stop()


def _trace_answers(data: dict[str, Any], ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    d: Path = data["dir"]
    with open_index(d / "idx", mode="w") as idx:
        idx.add(read_records([data["reference"]]))
        for cid in ids:
            html = d / f"{cid.rsplit('/', 1)[-1]}.html" if cid.startswith("http") else None
            report = trace(html if html is not None else data["texts"][cid], idx, settings=Settings())
            out[cid] = (
                (report.sources[0].doc_id, report.verdict.label.value) if report.sources else (None, None)
            )
    return out


def test_scan_agrees_with_trace_and_counts_every_skip(data: dict[str, Any], spark: Any) -> None:
    from unspun.scan import scan

    out = data["dir"] / "out"
    summary = scan(spark, [str(data["reference"])], [str(p) for p in data["crawl"]], str(out))
    rows = pq.read_table(out / "matches").to_pylist()
    got = {r["crawl_id"]: (r["top_source"], r["verdict"]) for r in rows}
    assert len(got) == len(rows)  # one row per crawl article, none doubled
    pages = [x.id for f in ("pages", "cut") for x in read_warc_uri(str(data["dir"] / f"{f}.warc.gz"))
             if isinstance(x, RawDoc)]  # fmt: skip
    assert len(pages) == 4  # three pages, and one of the two in the file cut short
    read_ids = [*data["texts"], *pages]
    want = _trace_answers(data, read_ids)
    for cid in read_ids:
        assert got.get(cid, (None, None)) == want[cid], cid
    assert sum(v[0] is not None for v in want.values()) >= 6  # most rewrites are traced to their original
    assert all(got[f"rw-{i}"][0] == f"orig-{i}" for i in range(7) if f"rw-{i}" in got)
    reasons = summary["crawl"]["skipped_reasons"]
    assert reasons["HTTP error status"] == 1
    assert reasons["not HTML"] == 1
    assert reasons["truncated WARC"] == 1
    assert reasons["missing path"] == 1
    assert reasons["missing text"] == 1
    assert summary["crawl"]["kept"] == len(read_ids)
    assert summary["reference"] == {"read": 54, "kept": 54, "skipped": 0, "skipped_reasons": {}}
    assert summary["matched"] == len(rows)
    for r in rows:
        report = json.loads(r["report"])
        assert report["verdict"] == r["verdict"]
        assert sum(dict(r["findings_by_type"]).values()) == r["findings"] == len(report["findings"])
        assert r["sources"][0]["id"] == r["top_source"]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == summary


def test_graph_links_rewrites_to_their_originals(data: dict[str, Any], spark: Any) -> None:
    from unspun.scan import graph

    pairs = [
        (o, {"id": i, "text": t, "published": "2024-02-01"})
        for o, (i, t) in zip(data["origs"][:6], data["rewrites"][:6], strict=True)
    ]
    others = [{"id": b["id"], "text": b["text"]} for b in data["distractors"]]
    crawl = _jsonl(data["dir"] / "graph.jsonl", [x for p in pairs for x in p] + others)
    out = data["dir"] / "graph"
    summary = graph(spark, [str(crawl)], str(out))
    edges = pq.read_table(out / "edges").to_pylist()
    found = {(e["source_id"], e["target_id"]) for e in edges}
    expected = {(o["id"], r["id"]) for o, r in pairs}
    assert len(found & expected) >= 5
    for e in edges:  # every pair is dated: the earlier article is the source
        assert e["direction"] in ("by date", "same date")
        if e["direction"] == "by date":
            assert e["source_published"] < e["target_published"]
    clusters = pq.read_table(out / "clusters").to_pylist()
    for c in clusters:
        assert c["size"] == len(c["members"]) >= 2
        assert c["earliest_id"].startswith("orig-")
    in_clusters = [m for c in clusters for m in c["members"]]
    assert len(in_clusters) == len(set(in_clusters))  # each article in one cluster
    assert summary["edges"] == len(edges)
    assert summary["clusters"] == len(clusters)
    assert summary["labels_converged"]


def test_a_judge_task_that_dies_is_retried_and_no_row_is_lost_or_doubled(
    data: dict[str, Any], tmp_path: Path
) -> None:
    """Every judge task's Python worker dies once (tests/spark_fault_daemon.py); Spark retries it."""
    faults = tmp_path / "faults"
    faults.mkdir()
    tests_dir = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "UNSPUN_FAULT_DIR": str(faults)}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (tests_dir, os.environ.get("PYTHONPATH")) if p)
    crawl = data["crawl"][0]  # the JSONL crawl: five rewrites, three distractors, one blank page
    cmd = [sys.executable, "-m", "unspun", "scan", "--master", "local[2,4]"]  # 4 attempts per task
    cmd += ["--reference", str(data["reference"]), "--crawl", str(crawl), "--out", str(tmp_path / "out")]
    cmd += ["--json", "--conf", "spark.ui.enabled=false"]
    cmd += ["--conf", "spark.python.daemon.module=spark_fault_daemon"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900, env=env, check=False)
    assert r.returncode == 0, r.stderr[-3000:]
    assert list(faults.iterdir()), "no judge task died: the fault was not injected"
    summary = json.loads(r.stdout)
    rows = pq.read_table(tmp_path / "out" / "matches").to_pylist()
    got = {x["crawl_id"]: (x["top_source"], x["verdict"]) for x in rows}
    assert len(got) == len(rows) == summary["matched"]  # nothing doubled
    ids = [json.loads(line)["id"] for line in crawl.read_text(encoding="utf-8").splitlines()]
    want = _trace_answers(data, [i for i in ids if i != "blank"])
    assert got == {i: a for i, a in want.items() if a[0] is not None}  # nothing lost, nothing added
    assert len(got) >= 4
    assert JUDGE_ERROR not in summary["crawl"]["skipped_reasons"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_port(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def _wait_worker(ui_port: int, deadline: float) -> None:
    """Wait until the master's status page lists an alive worker with free cores."""
    import urllib.request

    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=10) as resp:
                state = json.loads(resp.read())
            if state.get("aliveworkers", 0) >= 1 and state.get("cores", 0) >= 1:
                return
        except (OSError, ValueError):
            pass  # the page is not served yet
        time.sleep(1)
    raise TimeoutError("no worker registered with the master")


# Bounded, and generous: on a loaded 2-core machine a JVM takes tens of seconds to start, and the
# scan starts an executor JVM and Python workers that import unspun.
_CLUSTER_UP_S = 300
_SCAN_S = 900


def test_scan_cli_on_a_standalone_master_and_worker(data: dict[str, Any], tmp_path: Path) -> None:
    """A real cluster manager: the master and worker pyspark ships, on the loopback address."""
    spark_class = Path(pyspark.__file__).parent / "bin" / "spark-class"
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_WORKER_DIR": str(tmp_path / "work")}
    port, ui_port = _free_port(), _free_port()
    master = f"spark://127.0.0.1:{port}"
    procs: list[subprocess.Popen[bytes]] = []
    log_path = tmp_path / "cluster.log"
    log = log_path.open("wb")

    def cluster_log() -> str:
        log.flush()
        return log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    try:
        cmd = [str(spark_class), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1"]
        cmd += ["--port", str(port), "--webui-port", str(ui_port)]
        procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + _CLUSTER_UP_S
        _wait_port(port, deadline)
        procs.append(subprocess.Popen(
            [str(spark_class), "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
             "--cores", "2", "--memory", "2g", "--webui-port", str(_free_port())],
            env=env, stdout=log, stderr=subprocess.STDOUT))  # fmt: skip
        try:
            _wait_worker(ui_port, deadline)
        except TimeoutError as exc:
            pytest.fail(f"{exc} within {_CLUSTER_UP_S} s; cluster log:\n{cluster_log()}")
        small = _jsonl(tmp_path / "crawl.jsonl", [{"id": i, "text": t} for i, t in data["rewrites"][12:14]])
        cmd = [sys.executable, "-m", "unspun", "scan", "--master", master]
        cmd += ["--reference", str(data["reference"]), "--crawl", str(small), "--out", str(tmp_path / "out")]
        cmd += ["--json", "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=1g"]
        # Few tasks: Spark's 200 shuffle partitions would be 200 tasks per shuffle on 2 cores.
        cmd += ["--conf", "spark.sql.shuffle.partitions=4", "--conf", "spark.default.parallelism=2"]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=_SCAN_S, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
            pytest.fail(f"scan ran over {_SCAN_S} s: {err[-2000:]}\ncluster log:\n{cluster_log()}")
        assert r.returncode == 0, f"{r.stderr[-2000:]}\ncluster log:\n{cluster_log()}"
        summary = json.loads(r.stdout)
        assert summary["master"] == master
        assert summary["crawl"]["kept"] == 2
        rows = pq.read_table(tmp_path / "out" / "matches").to_pylist()
        assert {x["crawl_id"]: x["top_source"] for x in rows} == {"rw-12": "orig-12", "rw-13": "orig-13"}
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=60)
        log.close()
