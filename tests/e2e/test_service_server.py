"""The HTTP API against a real `unspun serve` process on 127.0.0.1 (a free port, loopback only)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from serve_helpers import (
    clean_env,
    descendants,
    free_port,
    start_server,
    stop_server,
    thread_count,
    tree_cpu_during,
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"
REWRITE_PATH = "examples/toretsk/rewrite.txt"
SOURCE_PATH = "examples/toretsk/source.md"
MAX_REQUEST_BYTES = 200_000  # set for both the server and the CLI, so their reports carry the same settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def env() -> dict[str, str]:
    return clean_env(UNSPUN_SERVE_MAX_REQUEST_BYTES=str(MAX_REQUEST_BYTES))


@pytest.fixture(scope="module")
def base_url(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    proc = start_server(port, env, cwd=REPO, log=tmp_path_factory.mktemp("server") / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=120) as client:
        yield client


def pair_request() -> dict[str, Any]:
    """The example pair as an API request, with the ids and format the CLI derives from its paths."""
    return {
        "rewrite": {"text": (REPO / REWRITE_PATH).read_text(encoding="utf-8"), "id": REWRITE_PATH},
        "sources": [
            {
                "text": (REPO / SOURCE_PATH).read_text(encoding="utf-8"),
                "id": SOURCE_PATH,
                "format": "markdown",
            }
        ],
    }


def assert_json_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "message"}
    assert body["error"] == error
    assert "\n" not in body["message"]
    assert "Traceback" not in response.text


def raw_exchange(base_url: str, request: bytes, *, chunks: Sequence[bytes] = ()) -> bytes:
    """Send bytes over a plain socket and return everything the server answers.

    The server may answer 413 and close before the whole body is sent (that is the point of
    the limit), so a failed send ends the sending and the answer is read all the same.
    """
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        try:
            s.sendall(request)
            for chunk in chunks:
                s.sendall(chunk)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        data = b""
        try:
            while block := s.recv(65536):
                data += block
        except ConnectionResetError:
            pass
    return data


# --------------------------------------------------------------------------- contract


def test_health_page_docs(http: httpx.Client) -> None:
    health = http.get("/v1/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok"
    assert health.json()["limits"]["max_request_bytes"] == MAX_REQUEST_BYTES
    page = http.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert http.get("/openapi.json").json()["paths"]["/v1/compare"]
    assert http.get("/docs").status_code == 200
    head = http.head("/")
    assert head.status_code == 200
    assert head.content == b""
    assert type(health.json()["limits"]["max_article_chars"]) is int


def test_a_rebound_host_name_gets_no_answer(base_url: str) -> None:
    """DNS rebinding: a page whose own name now points at 127.0.0.1 sends that name as Host."""
    request = (
        "POST /v1/compare HTTP/1.1\r\nHost: attacker.example:{port}\r\nContent-Type: application/json\r\n"
        "Content-Length: {n}\r\nConnection: close\r\n\r\n{body}"
    )
    body = json.dumps(pair_request())
    port = base_url.rsplit(":", 1)[1]
    answer = raw_exchange(base_url, request.format(port=port, n=len(body.encode()), body=body).encode())
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 400 " in status_line, answer[:300]
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["error"] == "bad_host"


def test_compare_answers_the_cli_json(http: httpx.Client, env: dict[str, str]) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "unspun", "compare", REWRITE_PATH, SOURCE_PATH, "--format", "json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    response = http.post("/v1/compare", json=pair_request())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    served, printed = response.json(), json.loads(cli.stdout)
    # The CLI stamps the time of the audit; the API leaves it to the caller (null).
    assert printed["evidence"].pop("audited_at")
    assert served["evidence"].pop("audited_at") is None
    assert served == printed


def test_compare_with_pasted_text_and_html_format(http: httpx.Client) -> None:
    request = {
        "rewrite": {"text": pair_request()["rewrite"]["text"]},
        "sources": [{"text": pair_request()["sources"][0]["text"]}],
    }
    response = http.post("/v1/compare", json=request)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["rewrite"]["doc_id"] == "rewrite"
    assert report["source_articles"][0]["doc_id"] == "source-1"
    assert report["findings"]
    html = http.post("/v1/compare", params={"format": "html"}, json=request)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")


# --------------------------------------------------------------------------- bad input


def test_malformed_json_and_missing_fields(http: httpx.Client) -> None:
    bad = http.post(
        "/v1/compare", content=b'{"rewrite": {"text": "a"', headers={"content-type": "application/json"}
    )
    assert_json_error(bad, 400, "malformed_json")
    assert_json_error(http.post("/v1/compare", json={"rewrite": {"text": "a"}}), 422, "invalid_request")
    assert_json_error(
        http.post("/v1/compare", json={"rewrite": {"text": 1}, "sources": [{"text": "a"}]}),
        422,
        "invalid_request",
    )


def test_wrong_content_type(http: httpx.Client) -> None:
    response = http.post(
        "/v1/compare", content=json.dumps(pair_request()), headers={"content-type": "text/plain"}
    )
    assert_json_error(response, 415, "unsupported_media_type")


def test_oversize_by_content_length_is_refused_before_reading(base_url: str) -> None:
    head = (
        "POST /v1/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {10 * MAX_REQUEST_BYTES}\r\nConnection: close\r\n\r\n"
    ).encode()
    answer = raw_exchange(base_url, head + b'{"rewrite": ')
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"] == "payload_too_large"


def test_oversize_chunked_body_is_cut_while_streaming(base_url: str) -> None:
    payload = json.dumps(
        {"rewrite": {"text": "x" * (MAX_REQUEST_BYTES + 1000)}, "sources": [{"text": "y"}]}
    ).encode()
    head = (
        b"POST /v1/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    step = 16_384
    chunks = [
        b"%x\r\n%s\r\n" % (len(payload[i : i + step]), payload[i : i + step])
        for i in range(0, len(payload), step)
    ]
    answer = raw_exchange(base_url, head, chunks=[*chunks, b"0\r\n\r\n"])
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line, answer[:300]
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"] == "payload_too_large"


def test_script_in_html_article_is_text(http: httpx.Client) -> None:
    base = pair_request()
    rewrite = base["rewrite"]["text"]
    page = (
        "<html><body><script>alert('x')</script>"
        f"<p>&lt;script&gt;alert(1)&lt;/script&gt; {rewrite}</p></body></html>"
    )
    request = {"rewrite": {"html": page}, "sources": base["sources"]}
    report = http.post("/v1/compare", json=request)
    assert report.status_code == 200, report.text
    assert "<script>alert(1)</script>" in report.json()["rewrite"]["text"]
    assert "alert('x')" not in report.json()["rewrite"]["text"]
    html = http.post("/v1/compare", params={"format": "html"}, json=request)
    assert html.status_code == 200
    assert "<script>alert(" not in html.text
    assert "&lt;script&gt;alert(1)" in html.text


# --------------------------------------------------------------------------- concurrency


def test_concurrent_requests_get_their_own_reports(http: httpx.Client, base_url: str) -> None:
    """Four different requests at once each get the report a request alone gets."""
    base = pair_request()
    lines = base["rewrite"]["text"].splitlines()
    requests = [
        {"rewrite": {"text": "\n".join(lines[:cut])}, "sources": base["sources"]}
        for cut in range(len(lines) - 3, len(lines) + 1)
    ]
    alone = []
    for r in requests:
        response = http.post("/v1/compare", json=r)
        assert response.status_code == 200, response.text
        alone.append(response.json())
    assert len({json.dumps(r["metrics"], sort_keys=True) + r["rewrite"]["text"] for r in alone}) == len(
        requests
    )

    def post(request: dict[str, Any]) -> Any:
        with httpx.Client(base_url=base_url, timeout=120) as c:
            response = c.post("/v1/compare", json=request)
            assert response.status_code == 200, response.text
            return response.json()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        together = list(pool.map(post, requests))
    assert together == alone
    assert http.get("/v1/health").status_code == 200


def test_serve_refuses_a_bad_index_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("not an index", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "unspun", "serve", "--port", str(free_port()), "--index", str(tmp_path)],
        cwd=REPO,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 3
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().startswith("error: ")
    assert "not an unspun index" in run.stderr


def test_several_worker_processes_serve_the_same_reports(
    http: httpx.Client, env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    proc = start_server(
        port, env, cwd=REPO, log=tmp_path / "workers.log", timeout_s=180, extra_args=["--workers", "2"]
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as workers:
            assert workers.get("/v1/health").json()["status"] == "ok"
            with ThreadPoolExecutor(max_workers=2) as pool:
                answers = list(pool.map(lambda _: workers.post("/v1/compare", json=pair_request()), range(2)))
    finally:
        stop_server(proc)
    alone = http.post("/v1/compare", json=pair_request())
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert answer.json() == alone.json()


# --------------------------------------------------------------------------- timeouts stop the work


def test_oversize_requests_time_out_and_their_work_stops(tmp_path: Path) -> None:
    """Eight compares far too long for the deadline answer 504 at the deadline; then the server
    is idle again at once (their work was ended, not abandoned), it holds no more worker
    processes than its limit, and a normal compare is answered about as fast as before."""
    timeout_s = 5.0
    port = free_port()
    env = clean_env(UNSPUN_SERVE_TIMEOUT_S=str(timeout_s))
    proc = start_server(port, env, cwd=REPO, log=tmp_path / "server.log", timeout_s=180)
    base = f"http://127.0.0.1:{port}"
    source = (REPO / SOURCE_PATH).read_text(encoding="utf-8")
    rewrite = (REPO / REWRITE_PATH).read_text(encoding="utf-8")
    big = ("\n\n".join([rewrite] * 60))[:300_000]
    oversize = {"rewrite": {"text": big}, "sources": [{"text": ("\n\n".join([source] * 60))[:300_000]}]}
    normal = {"rewrite": {"text": rewrite}, "sources": [{"text": source}]}
    try:
        with httpx.Client(base_url=base, timeout=120) as client:
            warm = [client.post("/v1/compare", json=normal).status_code for _ in range(2)]
            assert warm[-1] == 200, warm
            t0 = time.perf_counter()
            assert client.post("/v1/compare", json=normal).status_code == 200
            alone_s = time.perf_counter() - t0

        async def flood() -> list[int]:
            async with httpx.AsyncClient(base_url=base, timeout=120) as c:
                codes: list[int] = []

                async def one() -> None:
                    codes.append((await c.post("/v1/compare", json=oversize)).status_code)

                async with anyio.create_task_group() as tg:
                    for _ in range(8):
                        tg.start_soon(one)
                return codes

        t0 = time.perf_counter()
        codes = anyio.run(flood)
        flood_s = time.perf_counter() - t0
        assert codes == [504] * 8
        assert flood_s < timeout_s + 10
        workers = [pid for pid in descendants(proc.pid) if pid != proc.pid]
        assert len(workers) <= 4 + 2  # the worker processes, the fork server, its resource tracker
        idle_cpu_s = tree_cpu_during(proc.pid, 2.0)
        assert idle_cpu_s < 0.25, f"the server used {idle_cpu_s:.2f} s of CPU in 2 s after the timeouts"
        with httpx.Client(base_url=base, timeout=120) as client:
            t0 = time.perf_counter()
            after = client.post("/v1/compare", json=normal)
            after_s = time.perf_counter() - t0
        assert after.status_code == 200
        assert after_s < 2 * alone_s + 2.0, (after_s, alone_s)
        assert thread_count(proc.pid) < 40
    finally:
        stop_server(proc)
