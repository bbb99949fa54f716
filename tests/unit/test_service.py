"""In-process tests of the HTTP adapter (httpx over ASGI; no socket, no server process)."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import json
import re
import socket
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from anyio.from_thread import start_blocking_portal
from fastapi import FastAPI
from typer.testing import CliRunner

import service_fakes
import unspun
from service_fakes import instructions
from unspun import service
from unspun.config import ServeSettings, Settings
from unspun.errors import IndexUnusableError
from unspun.service import worker
from unspun.service.schemas import ArticleIn, CompareRequest
from unspun.types import Report

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"
BASE_URL = "http://127.0.0.1"  # a Host the server answers to


def _settings(**serve: Any) -> Settings:
    return dataclasses.replace(Settings(), serve=dataclasses.replace(ServeSettings(), **serve))


def _app(settings: Settings | None = None, **kwargs: Any) -> FastAPI:
    """An app whose worker processes start with its lifespan, outside any request's deadline."""
    return service.create_app(settings or _settings(), warm_up=True, **kwargs)


@contextlib.asynccontextmanager
async def _client(app: FastAPI, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client over ASGI that runs the app's lifespan (starting and ending its workers)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, **kwargs) as c:
            yield c


class AppClient:
    """A synchronous httpx client over ASGI, all requests on one event loop in a portal thread.

    (starlette's TestClient warns about httpx and pytest turns warnings into errors.)
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __enter__(self) -> AppClient:
        self._portal_cm = start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        self._client_cm = self._portal.wrap_async_context_manager(_client(self.app, timeout=120))
        self._client = self._client_cm.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._client_cm.__exit__(None, None, None)
        self._portal_cm.__exit__(None, None, None)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(functools.partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture
def client() -> Iterator[AppClient]:
    with AppClient(_app()) as c:
        yield c


def _pair() -> dict[str, Any]:
    return {"rewrite": {"text": "One short sentence here."}, "sources": [{"text": "Another sentence there."}]}


def _assert_error(response: httpx.Response, status: int, error: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "message"}
    assert isinstance(body["message"], str)
    assert body["message"]
    assert "\n" not in body["message"]
    assert "Traceback" not in response.text
    if error is not None:
        assert body["error"] == error
    return body


def _alive(pid: int) -> bool:
    """Return True if process ``pid`` exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _max_overlap(log: Path) -> int:
    """The most calls logged by service_fakes.work in ``log`` that were running at one time
    (a call killed at its deadline counts until its last sign of life)."""
    events = []
    for f in log.glob("*.json"):
        entry = json.loads(f.read_text(encoding="utf-8"))
        events += [(entry["start"], 1), (entry.get("end", entry["last"]), -1)]
    peak = running = 0
    for _, step in sorted(events):
        running += step
        peak = max(peak, running)
    return peak


# --------------------------------------------------------------------------- plain endpoints


def test_health_answers_version_and_limits(client: AppClient) -> None:
    response = client.get("/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == unspun.__version__
    assert body["index"] is False
    assert body["limits"]["max_article_chars"] == ServeSettings().max_article_chars


def test_page_and_assets_are_served_by_the_app(client: AppClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/style.css", "/static/docs.js"):
        assert client.get(asset).status_code == 200, asset
    for name in ("index.html", "docs.html", "app.js", "docs.js", "style.css"):
        text = (service.WEB_DIR / name).read_text(encoding="utf-8")
        assert "//cdn" not in text
        assert 'src="http' not in text
        assert 'href="http' not in text


def test_app_js_never_writes_html_with_innerhtml() -> None:
    for name in ("app.js", "docs.js"):
        text = (service.WEB_DIR / name).read_text(encoding="utf-8")
        assert "innerHTML" not in text, name
        assert "insertAdjacentHTML" not in text, name
        assert "document.write" not in text, name


def test_openapi_and_self_hosted_docs(client: AppClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/compare", "/v1/trace", "/v1/health"} <= set(spec["paths"])
    assert "CompareRequest" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text
    assert "swagger" not in docs.text.lower()
    assert client.get("/redoc").status_code == 404


def test_unknown_path_and_method_answer_json(client: AppClient) -> None:
    _assert_error(client.get("/v1/nothing"), 404, "not_found")
    _assert_error(client.get("/v1/compare"), 405, "method_not_allowed")


def test_health_limits_are_integers_where_they_count(client: AppClient) -> None:
    response = client.get("/v1/health")
    limits = response.json()["limits"]
    for name in ("max_request_bytes", "max_article_chars", "max_sources"):
        assert type(limits[name]) is int, (name, limits[name])
    assert f'"max_request_bytes":{ServeSettings().max_request_bytes},' in response.text
    assert limits["timeout_s"] == ServeSettings().timeout_s


@pytest.mark.parametrize("path", ["/", "/docs", "/static/app.js"])
def test_head_answers_like_get_without_a_body(client: AppClient, path: str) -> None:
    head = client.request("HEAD", path)
    get = client.get(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


def _csp(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def _inline_script_hashes(html: str) -> set[str]:
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.DOTALL)
    digests = (base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts)
    return {f"'sha256-{d}'" for d in digests}


def test_html_reports_carry_csp_and_nosniff(client: AppClient, report: Report) -> None:
    """/v1/render (and ?format=html) answers may run the report's own script and nothing else."""
    body = report.to_dict()
    html = client.post("/v1/render?format=html", json=body)
    assert html.status_code == 200, html.text
    assert html.headers["x-content-type-options"] == "nosniff"
    csp = _csp(html)
    assert csp["default-src"] == ["'none'"]
    scripts = _inline_script_hashes(html.text)
    assert scripts
    assert set(csp["script-src"]) == scripts  # the report's own script, by hash; nothing else
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    as_json = client.post("/v1/render?format=json", json=body)
    assert as_json.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in as_json.headers


def test_page_policy_lets_the_framed_report_run_its_own_script(client: AppClient, report: Report) -> None:
    """The page shows the report in a srcdoc frame, which inherits the page's policy."""
    page = client.get("/")
    html = client.post("/v1/render?format=html", json=report.to_dict())
    scripts = _inline_script_hashes(html.text)
    assert set(_csp(page)["script-src"]) == {"'self'", *scripts}
    assert page.headers["x-content-type-options"] == "nosniff"
    frame = re.search(r"<iframe[^>]*id=\"report-frame\"[^>]*>", page.text)
    assert frame is not None
    assert 'sandbox="allow-scripts"' in frame.group(0)  # scripts, but an opaque origin


def test_serve_on_all_interfaces_warns_that_there_is_no_authentication(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    from unspun.cli._main import run

    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(kwargs))
    runner = CliRunner()
    for host, warned in [("0.0.0.0", True), ("::", True), ("192.168.1.20", True), ("127.0.0.1", False)]:
        with runner.isolation() as (_, err, _):
            assert run(["serve", "--host", host, "--port", "8765"]) == 0
            stderr = err.getvalue().decode("utf-8")
        assert ("no authentication" in stderr) is warned, (host, stderr)
        assert served[-1]["host"] == host


# --------------------------------------------------------------------------- bad requests


def test_malformed_json_is_400(client: AppClient) -> None:
    for raw in (b'{"rewrite": ', b"not json", b'{"rewrite": {"text": "a"}, }'):
        response = client.post("/v1/compare", content=raw, headers={"content-type": "application/json"})
        _assert_error(response, 400, "malformed_json")


def test_body_that_is_not_utf8_is_4xx(client: AppClient) -> None:
    response = client.post(
        "/v1/compare", content=b'{"a": "\xff\xfe"}', headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    _assert_error(response, response.status_code)


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        ({}, "rewrite"),
        ({"rewrite": {"text": "a"}}, "sources"),
        ({"sources": [{"text": "a"}]}, "rewrite"),
        ({"rewrite": {"text": "a"}, "sources": []}, "sources"),
        ({"rewrite": {}, "sources": [{"text": "a"}]}, "exactly one"),
        ({"rewrite": {"text": "a", "html": "<p>a</p>"}, "sources": [{"text": "a"}]}, "exactly one"),
    ],
)
def test_missing_fields_are_422(client: AppClient, payload: dict[str, Any], needle: str) -> None:
    body = _assert_error(client.post("/v1/compare", json=payload), 422, "invalid_request")
    assert needle in body["message"]


@pytest.mark.parametrize(
    "payload",
    [
        [1, 2],
        "text",
        {"rewrite": {"text": 5}, "sources": [{"text": "a"}]},
        {"rewrite": {"text": "a"}, "sources": "a"},
        {"rewrite": {"text": "a"}, "sources": [{"text": ["a"]}]},
        {"rewrite": {"text": "a", "published": "yesterday"}, "sources": [{"text": "a"}]},
        {"rewrite": {"text": "a", "format": "pdf"}, "sources": [{"text": "a"}]},
        {"rewrite": {"text": "a"}, "sources": [{"text": "a"}], "fetch": "http://example.org/"},
        {"rewrite": {"text": "a"}, "sources": [{"text": "a"}] * (service.MAX_SOURCES + 1)},
    ],
)
def test_wrong_types_are_422(client: AppClient, payload: Any) -> None:
    _assert_error(client.post("/v1/compare", json=payload), 422, "invalid_request")


def test_lone_surrogates_are_422_not_500(client: AppClient, report: Report) -> None:
    """Found by benchmarks/api_fuzz.py: JSON can escape a lone surrogate, which no text holds."""
    headers = {"content-type": "application/json"}
    for path, payload in [
        ("/v1/compare", {"rewrite": {"text": "A sentence \ud800 here."}, "sources": [{"text": "a"}]}),
        ("/v1/compare", {"rewrite": {"text": "a", "title": "\udfff"}, "sources": [{"text": "a"}]}),
        ("/v1/trace", {"article": {"html": "<p>\udc00</p>"}}),
    ]:
        body = _assert_error(client.post(path, content=json.dumps(payload), headers=headers), 422)
        assert "surrogate" in body["message"]
    bad = report.to_dict()
    bad["rewrite"]["title"] = "odd \ud83d title"
    body = _assert_error(
        client.post("/v1/render", content=json.dumps(bad), headers=headers), 422, "InputError"
    )
    assert "rewrite.title" in body["message"]


def test_bad_format_parameter_is_422(client: AppClient) -> None:
    _assert_error(client.post("/v1/compare?format=pdf", json=_pair()), 422, "invalid_request")


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_wrong_content_type_is_415(client: AppClient, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/v1/compare", content=json.dumps(_pair()).encode(), headers=headers)
    _assert_error(response, 415, "unsupported_media_type")


def test_json_suffix_content_type_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.echo)
    with AppClient(_app()) as c:
        response = c.post(
            "/v1/compare", content=json.dumps(_pair()), headers={"content-type": "application/problem+json"}
        )
    assert response.status_code == 200


def test_oversize_body_by_content_length_is_413() -> None:
    with AppClient(_app(_settings(max_request_bytes=1000))) as c:
        payload = {"rewrite": {"text": "x" * 2000}, "sources": [{"text": "y"}]}
        body = _assert_error(c.post("/v1/compare", json=payload), 413, "payload_too_large")
    assert "1000" in body["message"]


def test_oversize_body_while_streaming_is_413(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunked body has no Content-Length: the limit is enforced on the bytes as they arrive."""
    seen: list[int] = []
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.echo)
    app = _app(_settings(max_request_bytes=1000))

    async def chunks(total: int) -> AsyncIterator[bytes]:
        payload = json.dumps({"rewrite": {"text": "x" * total}, "sources": [{"text": "y"}]}).encode()
        for i in range(0, len(payload), 100):
            seen.append(i)
            yield payload[i : i + 100]

    async def main() -> tuple[httpx.Response, httpx.Response]:
        async with _client(app) as c:
            big = await c.post(
                "/v1/compare", content=chunks(5000), headers={"content-type": "application/json"}
            )
            small = await c.post(
                "/v1/compare", content=chunks(100), headers={"content-type": "application/json"}
            )
            return big, small

    big, small = anyio.run(main)
    assert "content-length" not in big.request.headers
    _assert_error(big, 413, "payload_too_large")
    assert small.status_code == 200
    assert json.loads(small.text)["rewrite"] == "x" * 100


def test_article_longer_than_limit_is_422() -> None:
    with AppClient(_app(_settings(max_article_chars=50))) as c:
        payload = {"rewrite": {"text": "word " * 20}, "sources": [{"text": "a"}]}
        body = _assert_error(c.post("/v1/compare", json=payload), 422, "IngestError")
    assert "50" in body["message"]
    assert "max_article_chars" in body["message"]


def test_trace_without_index_is_503(client: AppClient) -> None:
    body = _assert_error(client.post("/v1/trace", json={"article": {"text": "a"}}), 503, "unavailable")
    assert "--index" in body["message"]


# --------------------------------------------------------------------------- Host header (DNS rebinding)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000", "localhost."]
)
def test_local_host_names_are_served(client: AppClient, host: str) -> None:
    assert client.get("/v1/health", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhost.evil.example:80", ""]
)
def test_other_host_names_are_refused(client: AppClient, host: str) -> None:
    """A page that rebinds its own name to 127.0.0.1 sends that name: it gets no report."""
    for method, path in [("GET", "/v1/health"), ("GET", "/"), ("POST", "/v1/trace"), ("POST", "/v1/compare")]:
        response = client.request(method, path, headers={"host": host}, json=_pair())
        body = _assert_error(response, 400, "bad_host")
        assert "serve.allowed_hosts" in body["message"]


def test_bound_host_and_configured_names_are_served() -> None:
    settings = _settings(allowed_hosts="news.example, 10.0.0.5")
    with AppClient(_app(settings, host="192.168.1.20")) as c:
        for host in ("192.168.1.20:8000", "news.example", "10.0.0.5:80", "localhost"):
            assert c.get("/v1/health", headers={"host": host}).status_code == 200, host
        _assert_error(c.get("/v1/health", headers={"host": "other.example"}), 400, "bad_host")
    with AppClient(_app(_settings(allowed_hosts="*"))) as c:
        assert c.get("/v1/health", headers={"host": "anything.example"}).status_code == 200


# --------------------------------------------------------------------------- failures in the library call


def test_timeout_is_504(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.work)
    with AppClient(_app(_settings(timeout_s=0.3))) as c:
        start = time.perf_counter()
        response = c.post("/v1/compare", json=instructions(seconds=2.0, sleep=True))
        elapsed = time.perf_counter() - start
    body = _assert_error(response, 504, "timeout")
    assert elapsed < 1.5
    assert "timeout_s" in body["message"]


def test_timed_out_work_is_stopped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The call behind a 504 does not go on: its heartbeat stops and its process is gone."""
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.work)
    beat = tmp_path / "beat"
    with AppClient(_app(_settings(timeout_s=0.5))) as c:
        response = c.post("/v1/compare", json=instructions(seconds=None, beat=str(beat)))
        _assert_error(response, 504, "timeout")
        pid_text, count = beat.read_text(encoding="utf-8").split()
        time.sleep(0.3)
        assert beat.read_text(encoding="utf-8").split()[1] == count, "the timed-out call is still running"
        assert not _alive(int(pid_text))


def test_timeouts_keep_slots_until_the_work_is_gone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Waves of calls that never end: never more than the limit run at once, each is ended at its
    deadline, and a normal request afterwards is answered at once."""
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.work)
    log = tmp_path / "log"
    log.mkdir()
    app = _app(_settings(timeout_s=0.6), max_concurrency=2)

    async def main() -> tuple[list[int], list[int], httpx.Response, float]:
        async with _client(app, timeout=30) as c:
            codes: list[int] = []
            most_workers: list[int] = []

            async def endless() -> None:
                response = await c.post("/v1/compare", json=instructions(seconds=None, log=str(log)))
                codes.append(response.status_code)

            for _ in range(3):
                async with anyio.create_task_group() as tg:
                    for _ in range(4):
                        tg.start_soon(endless)
                most_workers.append(len(app.state.runner.pool.worker_pids()))
            t0 = time.perf_counter()
            normal = await c.post("/v1/compare", json=instructions(seconds=0.0))
            return codes, most_workers, normal, time.perf_counter() - t0

    codes, most_workers, normal, normal_s = anyio.run(main)
    assert codes == [504] * 12
    assert max(most_workers) <= 2
    assert _max_overlap(log) <= 2
    pids = [json.loads(f.read_text(encoding="utf-8"))["pid"] for f in log.glob("*.json")]
    assert pids
    assert not any(_alive(pid) for pid in pids)
    assert normal.status_code == 200, normal.text
    assert normal_s < 2.0  # a fresh worker, forked warm


def test_worker_that_dies_is_500_and_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.fail)
    with AppClient(_app(max_concurrency=1)) as c:
        _assert_error(c.post("/v1/compare", json=instructions(exit=True)), 500, "internal_error")
        again = c.post("/v1/compare", json=instructions(**{"raise": "IngestError", "message": "m"}))
        _assert_error(again, 422, "IngestError")


@pytest.mark.parametrize(
    ("name", "message", "status"),
    [
        ("SegmentationError", "article 'rewrite' has no body sentences; send the article text", 422),
        ("IndexUnusableError", "index is gone", 503),
    ],
)
def test_library_errors_map_to_their_http_status(
    monkeypatch: pytest.MonkeyPatch, name: str, message: str, status: int
) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.fail)
    with AppClient(_app()) as c:
        response = c.post("/v1/compare", json=instructions(**{"raise": name, "message": message}))
        body = _assert_error(response, status, name)
    assert body["message"] == message


def test_unexpected_error_is_500_without_details(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.fail)
    secret = "secret internals\nTraceback (most recent call last)"
    with AppClient(_app()) as c:
        response = c.post("/v1/compare", json=instructions(**{"raise": "RuntimeError", "message": secret}))
    body = _assert_error(response, 500, "internal_error")
    assert "secret" not in body["message"]


# --------------------------------------------------------------------------- concurrency


def test_concurrent_requests_run_off_the_event_loop(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Four slow calls overlap, each answer belongs to its own request, and health stays fast."""
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.work)
    app = _app(max_concurrency=4)

    async def main() -> tuple[list[httpx.Response], float, float]:
        async with _client(app, timeout=30) as c:
            results: list[httpx.Response] = [httpx.Response(0)] * 4
            health_s = 0.0

            async def one(i: int) -> None:
                payload = instructions(seconds=1.0, sleep=True, log=str(tmp_path), n=i)
                results[i] = await c.post("/v1/compare", json=payload)

            async def probe() -> None:
                nonlocal health_s
                await anyio.sleep(0.3)
                t0 = time.perf_counter()
                assert (await c.get("/v1/health")).status_code == 200
                health_s = time.perf_counter() - t0

            start = time.perf_counter()
            async with anyio.create_task_group() as tg:
                for i in range(4):
                    tg.start_soon(one, i)
                tg.start_soon(probe)
            return results, time.perf_counter() - start, health_s

    results, total_s, health_s = anyio.run(main)
    for i, response in enumerate(results):
        assert response.status_code == 200
        assert json.loads(json.loads(response.text)["rewrite"])["n"] == i
    assert _max_overlap(tmp_path) == 4
    assert total_s < 3.0  # one after another would take 4 s
    assert health_s < 0.3  # answered while four calls are running


def test_concurrency_is_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.work)
    app = _app(max_concurrency=2)

    async def main() -> list[int]:
        async with _client(app, timeout=30) as c:
            codes: list[int] = []

            async def one() -> None:
                payload = instructions(seconds=0.1, sleep=True, log=str(tmp_path))
                codes.append((await c.post("/v1/compare", json=payload)).status_code)

            async with anyio.create_task_group() as tg:
                for _ in range(6):
                    tg.start_soon(one)
            return codes

    assert anyio.run(main) == [200] * 6
    assert _max_overlap(tmp_path) == 2
    assert len(list(tmp_path.glob("*.json"))) == 6


def test_lifespan_ends_the_workers_and_a_restart_starts_new_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.echo)
    app = _app(max_concurrency=2)
    pids = []
    for _ in range(2):
        with AppClient(app) as c:
            assert c.post("/v1/compare", json=_pair()).status_code == 200
            pids.append(app.state.runner.pool.worker_pids())
            assert len(pids[-1]) == 2
        assert app.state.runner.pool.worker_pids() == []
        assert not any(_alive(pid) for pid in pids[-1])
    assert set(pids[0]).isdisjoint(pids[1])


def test_max_concurrency_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        service.create_app(_settings(), max_concurrency=0)


# --------------------------------------------------------------------------- the real library


@pytest.fixture(scope="module")
def example_pair() -> dict[str, Any]:
    return {
        "rewrite": {"text": (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")},
        "sources": [{"text": (EXAMPLE / "source.md").read_text(encoding="utf-8")}],
    }


@pytest.mark.slow  # the first request loads the language model
def test_compare_returns_the_library_report(client: AppClient, example_pair: dict[str, Any]) -> None:
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles
    from unspun.report import ReportFormat, render

    response = client.post("/v1/compare", json=example_pair)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    settings = _settings()
    rewrite = article_from_text(example_pair["rewrite"]["text"], doc_id=service.REWRITE_ID, settings=settings)
    source = article_from_text(
        example_pair["sources"][0]["text"], doc_id=service.source_id(0), settings=settings
    )
    expected = render(compare_articles(rewrite, [source], settings=settings), ReportFormat.JSON)
    assert response.json() == json.loads(expected)
    assert response.json()["findings"]


def test_compare_html_and_text_formats(client: AppClient, example_pair: dict[str, Any]) -> None:
    html = client.post("/v1/compare?format=html", json=example_pair)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "<html" in html.text.lower()
    text = client.post("/v1/compare?format=text", json=example_pair)
    assert text.status_code == 200
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text.strip()


def test_script_in_article_comes_back_as_text(client: AppClient, example_pair: dict[str, Any]) -> None:
    evil = "<script>alert('x')</script> " + example_pair["rewrite"]["text"]
    payload = {"rewrite": {"text": evil}, "sources": example_pair["sources"]}
    report = client.post("/v1/compare", json=payload)
    assert report.status_code == 200
    assert "<script>alert('x')</script>" in report.json()["rewrite"]["text"]  # JSON keeps the text as data
    page = client.post("/v1/compare?format=html", json=payload)
    assert page.status_code == 200
    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;" in page.text
    html_payload = {
        "rewrite": {"html": f"<html><body><script>alert('x')</script><p>{evil}</p></body></html>"},
        "sources": example_pair["sources"],
    }
    page = client.post("/v1/compare?format=html", json=html_payload)
    assert page.status_code == 200, page.text
    assert "<script>alert(" not in page.text


def test_server_never_opens_a_connection(
    client: AppClient, example_pair: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links and URLs in the articles are never fetched: the worker process runs the real call
    with connections refused (service_fakes.offline), and this process serves the request with
    connections to anything but the fork server refused."""
    calls: list[object] = []
    connect = socket.socket.connect

    def refuse(self: socket.socket, address: Any) -> None:
        if self.family == socket.AF_UNIX:  # the fork server that starts worker processes
            connect(self, address)
            return
        calls.append(address)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(worker, "compare_and_render", service_fakes.offline)
    page = (
        '<html><head><link rel="canonical" href="http://127.0.0.1:9/a"><title>T</title></head><body>'
        '<img src="http://127.0.0.1:9/i.png"><p>' + example_pair["rewrite"]["text"] + "</p></body></html>"
    )
    payload = {
        "rewrite": {"html": page, "url": "http://127.0.0.1:9/article"},
        "sources": [{**example_pair["sources"][0], "url": "http://127.0.0.1:9/source"}],
    }
    response = client.post("/v1/compare", json=payload)
    assert response.status_code == 200, response.text
    assert response.json()["findings"]
    assert calls == []


def test_render_endpoint_rerenders_a_report_without_recomputing(
    client: AppClient, example_pair: dict[str, Any]
) -> None:
    report = client.post("/v1/compare", json=example_pair)
    assert report.status_code == 200
    direct_html = client.post("/v1/compare?format=html", json=example_pair).text
    rendered = client.post(
        "/v1/render?format=html", content=report.content, headers={"content-type": "application/json"}
    )
    assert rendered.status_code == 200
    assert rendered.headers["content-type"].startswith("text/html")
    assert rendered.text == direct_html
    again = client.post(
        "/v1/render?format=json", content=report.content, headers={"content-type": "application/json"}
    )
    assert again.json() == report.json()


@pytest.mark.parametrize(
    ("path", "value", "fmt"),
    [
        (("rewrite", "title"), ["a list"], "text"),
        (("findings", 0, "source_id"), {"a": 1}, "html"),
        (("source_articles", 0, "doc_id"), ["a list"], "html"),
    ],
)
def test_render_refuses_a_report_holding_a_value_of_the_wrong_type(
    client: AppClient, report: Report, path: tuple[Any, ...], value: Any, fmt: str
) -> None:
    """Found by benchmarks/api_fuzz.py: these reached the renderers and answered 500."""
    body = report.to_dict()
    node = body
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    _assert_error(client.post(f"/v1/render?format={fmt}", json=body), 422, "InputError")


def test_render_endpoint_refuses_what_is_not_a_report(client: AppClient) -> None:
    body = _assert_error(client.post("/v1/render", json={"findings": "no"}), 422, "InputError")
    assert "/v1/compare" in body["message"]
    _assert_error(client.post("/v1/render", json=[1]), 422, "invalid_request")


@pytest.mark.slow
def test_trace_searches_the_index(tmp_path: Path, example_pair: dict[str, Any]) -> None:
    from unspun.index.records import read_records
    from unspun.index.store import open_index

    other = tmp_path / "other.txt"
    other.write_text(
        "The city council of Lyon voted on Tuesday to extend the tram network by 12 kilometres.\n\n"
        "The works will start next spring and cost 300 million euros, the mayor said.\n",
        encoding="utf-8",
    )
    index_dir = tmp_path / "index"
    with open_index(index_dir, mode="w") as idx:
        idx.add(read_records([EXAMPLE / "source.md", other]))
    app = _app(index_dir=index_dir)

    async def main() -> list[httpx.Response]:
        async with _client(app, timeout=120) as c:
            out: list[httpx.Response] = []

            async def one() -> None:
                out.append(await c.post("/v1/trace", json={"article": example_pair["rewrite"], "k": 3}))

            async with anyio.create_task_group() as tg:  # two at once, each worker opens the index
                tg.start_soon(one)
                tg.start_soon(one)
            out.append(await c.get("/v1/health"))
            return out

    first, second, health = anyio.run(main)
    assert health.json()["index"] is True
    assert first.status_code == 200, first.text
    assert first.json() == second.json()
    ranked = [m["id"] for m in first.json()["sources"]]
    assert ranked
    assert ranked[0].endswith("source.md")
    assert first.json()["findings"]


def test_bad_index_dir_fails_at_start(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_text("not an index", encoding="utf-8")
    with pytest.raises(IndexUnusableError):
        service.create_app(_settings(), index_dir=tmp_path)


def test_worker_environment_round_trips(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cfg, index_dir = tmp_path / "u.toml", tmp_path / "idx"
    environment = service.worker_environment(config=cfg, index_dir=index_dir, host="0.0.0.0")
    monkeypatch.setenv(service.WORKER_ENV, environment)
    assert worker.worker_args() == worker.WorkerArgs(config=cfg, index_dir=index_dir, host="0.0.0.0")
    monkeypatch.setenv(service.WORKER_ENV, service.worker_environment(config=None, index_dir=None))
    assert worker.worker_args() == worker.WorkerArgs()
    monkeypatch.setenv(service.WORKER_ENV, json.dumps({"max_concurrency": 2}))
    assert worker.worker_args().max_concurrency == 2


def test_warm_up_compare_loads_what_requests_load_lazily() -> None:
    # The fork server runs this compare once, so that the workers share the models it loads
    # (benchmarks/speed/bench_serve_memory.py): it must reach the meaning rule's parser (a
    # meaning_reversed finding needs it) and the NER model (an entity finding needs names).
    req = CompareRequest(
        rewrite=ArticleIn(text=worker._WARM_REWRITE),
        sources=[ArticleIn(text=worker._WARM_SOURCE, format="markdown")],
    )
    kinds = {f.type.value for f in worker.run_compare(req, Settings()).findings}
    assert {"meaning_reversed", "entity_mismatch", "number_mismatch", "quote_altered"} <= kinds


def test_the_fork_server_warms_up_with_the_servers_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fork server imports unspun.service.warm (no arguments): the runner hands it the server's
    # settings through the environment, so that a model only they switch on is loaded there once.
    monkeypatch.setenv(worker.WARM_SETTINGS_ENV, "")
    assert worker.warm_settings() == Settings()
    custom = Settings.from_dict({"audit": {"meaning_changed": True, "judge": "static"}})
    worker.Runner(limit=1, timeout_s=5.0, settings=custom)
    assert worker.warm_settings() == custom
    assert worker.warm_settings() != Settings()
    monkeypatch.setenv(worker.WARM_SETTINGS_ENV, "{not json")
    assert worker.warm_settings() == Settings()
    monkeypatch.setenv(worker.WARM_SETTINGS_ENV, json.dumps({"audit": {"judge": "no-such-judge"}}))
    assert worker.warm_settings() == Settings()


def test_warm_up_loads_every_model_the_settings_may_call(monkeypatch: pytest.MonkeyPatch) -> None:
    # Two default audit rules (lone negations, quotations in their turn) and trace's band judge
    # (index.judge) load the cross-encoder on first use: without the warm-up every worker would
    # load its own copy on its first such request.
    import unspun.audit.run as audit_run
    import unspun.semantic as semantic

    loaded: list[str] = []

    def static() -> None:
        loaded.append("static")

    def cross(threads: int = 1) -> None:
        loaded.append(f"cross{threads}")

    for module in (semantic, audit_run):
        monkeypatch.setattr(module, "default_model", static)
        monkeypatch.setattr(module, "default_cross", cross)
    monkeypatch.setattr(worker, "run_compare", lambda req, settings: None)
    monkeypatch.setattr(worker, "render_report", lambda report, fmt: "")
    worker.warm_up(Settings())
    assert loaded == ["static", "cross1"]
    off = {"meaning_cover_min": 1.0, "quote_order_cover": 1.0}
    loaded.clear()
    worker.warm_up(Settings.from_dict({"audit": off}))
    assert loaded == []
    worker.warm_up(Settings.from_dict({"audit": {**off, "judge_threads": 2, "quote_order_cover": 0.6}}))
    assert loaded == ["static", "cross2"]
    loaded.clear()
    worker.warm_up(Settings.from_dict({"audit": off, "index": {"judge": True}}))
    assert loaded == ["static", "cross1"]
