"""In-process tests of the HTTP adapter (httpx over ASGI; no socket, no server process)."""

from __future__ import annotations

import dataclasses
import functools
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from anyio.from_thread import start_blocking_portal

import unspun
from unspun import service
from unspun.config import ServeSettings, Settings
from unspun.errors import IndexUnusableError, SegmentationError
from unspun.service import worker

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"


def _settings(**serve: Any) -> Settings:
    return dataclasses.replace(Settings(), serve=dataclasses.replace(ServeSettings(), **serve))


class AppClient:
    """A synchronous httpx client over ASGI, all requests on one event loop in a portal thread.

    (starlette's AppClient warns about httpx and pytest turns warnings into errors.)
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __enter__(self) -> AppClient:
        self._portal_cm = start_blocking_portal()
        self._portal = self._portal_cm.__enter__()
        transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30)
        return self

    def __exit__(self, *exc: object) -> None:
        self._portal.call(self._client.aclose)
        self._portal_cm.__exit__(None, None, None)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self._portal.call(functools.partial(self._client.request, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture
def client() -> Iterator[AppClient]:
    with AppClient(service.create_app(_settings())) as c:
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


def _fake_report(req: service.CompareRequest, settings: Settings, fmt: service.ReportFormatParam) -> str:
    """Stand-in for the library call: echoes the rewrite so each answer is tied to its request."""
    return json.dumps(
        {"rewrite": req.rewrite.body, "sources": [s.body for s in req.sources], "fmt": fmt.value}
    )


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
    monkeypatch.setattr(worker, "compare_and_render", _fake_report)
    with AppClient(service.create_app(_settings())) as c:
        response = c.post(
            "/v1/compare", content=json.dumps(_pair()), headers={"content-type": "application/problem+json"}
        )
    assert response.status_code == 200


def test_oversize_body_by_content_length_is_413() -> None:
    with AppClient(service.create_app(_settings(max_request_bytes=1000))) as c:
        payload = {"rewrite": {"text": "x" * 2000}, "sources": [{"text": "y"}]}
        body = _assert_error(c.post("/v1/compare", json=payload), 413, "payload_too_large")
    assert "1000" in body["message"]


def test_oversize_body_while_streaming_is_413(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunked body has no Content-Length: the limit is enforced on the bytes as they arrive."""
    seen: list[int] = []
    monkeypatch.setattr(worker, "compare_and_render", _fake_report)
    app = service.create_app(_settings(max_request_bytes=1000))

    async def chunks(total: int) -> AsyncIterator[bytes]:
        payload = json.dumps({"rewrite": {"text": "x" * total}, "sources": [{"text": "y"}]}).encode()
        for i in range(0, len(payload), 100):
            seen.append(i)
            yield payload[i : i + 100]

    async def main() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
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
    with AppClient(service.create_app(_settings(max_article_chars=50))) as c:
        payload = {"rewrite": {"text": "word " * 20}, "sources": [{"text": "a"}]}
        body = _assert_error(c.post("/v1/compare", json=payload), 422, "IngestError")
    assert "50" in body["message"]
    assert "max_article_chars" in body["message"]


def test_trace_without_index_is_503(client: AppClient) -> None:
    body = _assert_error(client.post("/v1/trace", json={"article": {"text": "a"}}), 503, "unavailable")
    assert "--index" in body["message"]


# --------------------------------------------------------------------------- failures in the library call


def test_timeout_is_504(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: Any) -> str:
        time.sleep(1.0)
        return "{}"

    monkeypatch.setattr(worker, "compare_and_render", slow)
    with AppClient(service.create_app(_settings(timeout_s=0.1))) as c:
        start = time.perf_counter()
        body = _assert_error(c.post("/v1/compare", json=_pair()), 504, "timeout")
        elapsed = time.perf_counter() - start
    assert elapsed < 0.9
    assert "timeout_s" in body["message"]


@pytest.mark.parametrize(
    ("exc", "status", "error"),
    [
        (
            SegmentationError("article 'rewrite' has no body sentences; send the article text"),
            422,
            "SegmentationError",
        ),
        (IndexUnusableError("index is gone"), 503, "IndexUnusableError"),
    ],
)
def test_library_errors_map_to_their_http_status(
    monkeypatch: pytest.MonkeyPatch, exc: Exception, status: int, error: str
) -> None:
    def fail(*args: Any) -> str:
        raise exc

    monkeypatch.setattr(worker, "compare_and_render", fail)
    with AppClient(service.create_app(_settings())) as c:
        body = _assert_error(c.post("/v1/compare", json=_pair()), status, error)
    assert body["message"] == str(exc)


def test_unexpected_error_is_500_without_details(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any) -> str:
        raise RuntimeError("secret internals\nTraceback (most recent call last)")

    monkeypatch.setattr(worker, "compare_and_render", crash)
    with AppClient(service.create_app(_settings())) as c:
        response = c.post("/v1/compare", json=_pair())
    body = _assert_error(response, 500, "internal_error")
    assert "secret" not in body["message"]


# --------------------------------------------------------------------------- concurrency


def test_concurrent_requests_run_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Four slow calls overlap, each answer belongs to its own request, and health stays fast."""
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow(req: service.CompareRequest, settings: Settings, fmt: service.ReportFormatParam) -> str:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.5)  # blocking on purpose: must not stall the event loop
        with lock:
            active -= 1
        return _fake_report(req, settings, fmt)

    monkeypatch.setattr(worker, "compare_and_render", slow)
    app = service.create_app(_settings(), max_concurrency=4)

    async def main() -> tuple[list[httpx.Response], float, float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=10) as c:
            results: list[httpx.Response] = [httpx.Response(0)] * 4
            health_s = 0.0

            async def one(i: int) -> None:
                payload = {"rewrite": {"text": f"rewrite {i}"}, "sources": [{"text": f"source {i}"}]}
                results[i] = await c.post("/v1/compare", json=payload)

            async def probe() -> None:
                nonlocal health_s
                await anyio.sleep(0.1)
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
        assert json.loads(response.text) == {
            "rewrite": f"rewrite {i}",
            "sources": [f"source {i}"],
            "fmt": "json",
        }
    assert peak == 4
    assert total_s < 1.5  # one after another would take 2.0 s
    assert health_s < 0.3  # answered while four blocking calls are running


def test_concurrency_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow(req: service.CompareRequest, settings: Settings, fmt: service.ReportFormatParam) -> str:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with lock:
            active -= 1
        return _fake_report(req, settings, fmt)

    monkeypatch.setattr(worker, "compare_and_render", slow)
    app = service.create_app(_settings(), max_concurrency=2)

    async def main() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=10) as c:
            codes: list[int] = []

            async def one() -> None:
                codes.append((await c.post("/v1/compare", json=_pair())).status_code)

            async with anyio.create_task_group() as tg:
                for _ in range(6):
                    tg.start_soon(one)
            return codes

    assert anyio.run(main) == [200] * 6
    assert peak == 2


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
    calls: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
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


def test_render_endpoint_refuses_what_is_not_a_report(client: AppClient) -> None:
    body = _assert_error(client.post("/v1/render", json={"findings": "no"}), 422, "InputError")
    assert "/v1/compare" in body["message"]
    _assert_error(client.post("/v1/render", json=[1]), 422, "invalid_request")


@pytest.mark.slow
def test_trace_searches_the_index_opened_once(tmp_path: Path, example_pair: dict[str, Any]) -> None:
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
    app = service.create_app(_settings(), index_dir=index_dir)

    async def main() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=120) as c:
            out: list[httpx.Response] = []

            async def one() -> None:
                out.append(await c.post("/v1/trace", json={"article": example_pair["rewrite"], "k": 3}))

            async with anyio.create_task_group() as tg:  # two at once share the one index
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
    monkeypatch.setenv(service.WORKER_ENV, service.worker_environment(config=cfg, index_dir=index_dir))
    assert worker.worker_args() == worker.WorkerArgs(config=cfg, index_dir=index_dir)
    monkeypatch.setenv(service.WORKER_ENV, service.worker_environment(config=None, index_dir=None))
    assert worker.worker_args() == worker.WorkerArgs()
    monkeypatch.setenv(service.WORKER_ENV, json.dumps({"max_concurrency": 2}))
    assert worker.worker_args().max_concurrency == 2
