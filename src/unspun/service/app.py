"""HTTP adapter: the FastAPI application behind ``unspun serve``.

Endpoints::

    POST /v1/compare[?format=json|html|text]  rewrite + sources -> the report (same JSON as the CLI)
    POST /v1/trace[?format=...]               suspect article -> report against the index's best sources
    POST /v1/render[?format=html|text|json]   a report JSON -> the same report rendered (no recompute)
    GET  /v1/health                           {"status": "ok", "version": ..., ...}
    GET  /openapi.json, /docs                 schema and a self-hosted docs page (no CDN)
    GET  /                                    the web page (static files from ``unspun/web``)

Handlers hold no logic: they parse the request (the pydantic models of
:mod:`unspun.service.schemas`), run one library call of :mod:`unspun.service.worker` in a worker
process (at most ``max_concurrency`` at once; a call still running ``settings.serve.timeout_s``
after its request arrived is killed and answered 504) and return the text it rendered. Every
error answers JSON ``{"error": <class or code>, "message": <one line>}`` and never a traceback.
Requests whose Host header names another host are refused (400, DNS-rebinding guard; see
:mod:`unspun.service.security`). The server never fetches a URL: an article's ``url`` is
metadata only.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unspun.config import Settings, load_settings
from unspun.errors import InputError, UnspunError
from unspun.service import worker
from unspun.service.schemas import (
    MAX_SOURCES,
    CompareRequest,
    ErrorOut,
    FormatQuery,
    HealthOut,
    ReportFormatParam,
    TraceRequest,
    lone_surrogate,
)
from unspun.service.security import allowed_hosts, host_name, page_headers, report_headers
from unspun.service.worker import DEFAULT_MAX_CONCURRENCY, Runner

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "unavailable",
    504: "timeout",
}


# --------------------------------------------------------------------------- errors


def _one_line(text: str, limit: int = 500) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _error(status: int, error: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "message": _one_line(message)}, status_code=status, headers=headers)


class _PayloadTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than {limit} bytes; send a smaller request")


def _validation_message(exc: RequestValidationError) -> str:
    errors = list(exc.errors())
    if not errors:
        return "invalid request"
    parts = []
    for err in errors[:3]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "; ".join(parts) + more


def _install_error_handlers(app: FastAPI) -> None:
    async def on_unspun(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, UnspunError)
        return _error(exc.http_status, type(exc).__name__, str(exc) or type(exc).__name__)

    async def on_validation(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if any(e.get("type") == "json_invalid" for e in exc.errors()):
            return _error(400, "malformed_json", "request body is not valid JSON; send a JSON object")
        return _error(422, "invalid_request", _validation_message(exc))

    async def on_http(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        code = _ERROR_CODES.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}) or None)

    async def on_crash(_: Request, exc: Exception) -> Response:
        logger.error("unhandled error: %s", type(exc).__name__, exc_info=exc)
        return _error(500, "internal_error", "the server failed on this request; see the server log")

    app.add_exception_handler(UnspunError, on_unspun)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)


# --------------------------------------------------------------------------- middleware


class _RequestGuard:
    """Pure ASGI middleware: the Host check (400), JSON-only POST bodies (415), the size limit
    (413) before and while reading, and the security headers.

    Checked here rather than in the handlers so that no byte past the limit is ever buffered.
    The Host check is written out rather than taken from Starlette's TrustedHostMiddleware,
    which answers in plain text (every error here is JSON) and cuts an IPv6 ``[::1]:8000`` at
    its first colon.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        hosts: frozenset[str] | None,
        page_headers: dict[str, str],
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.hosts = hosts
        self.page_headers = [(k.lower().encode(), v.encode()) for k, v in page_headers.items()]

    def _host_error(self, headers: Headers) -> JSONResponse | None:
        if self.hosts is None:
            return None
        raw = headers.get("host")
        if raw is None:
            return _error(400, "bad_host", "the request has no Host header; send the server's name in it")
        if host_name(raw) in self.hosts:
            return None
        served = ", ".join(sorted(self.hosts))
        return _error(
            400,
            "bad_host",
            f"this server does not answer to the Host {raw!r}; it answers to {served} "
            "(add a name to serve.allowed_hosts)",
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
        is_page = path == "/" or path == "/docs" or path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                extra = self.page_headers if is_page else [(b"x-content-type-options", b"nosniff")]
                raw.extend(h for h in extra if h[0] not in names)
                message = {**message, "headers": raw}
            await send(message)

        refused = self._host_error(headers)
        if refused is not None:
            await refused(scope, receive, send_with_headers)
            return
        if scope.get("method") == "POST" and path.startswith("/v1/"):
            media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
            if media != "application/json" and not (
                media.startswith("application/") and media.endswith("+json")
            ):
                got = media or "none"
                await _error(
                    415,
                    "unsupported_media_type",
                    f"send the body as JSON (Content-Type: application/json), got {got}",
                )(scope, receive, send_with_headers)
                return
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _error(400, "bad_request", f"bad Content-Length header {length!r}")(
                    scope, receive, send_with_headers
                )
                return
            if int(length) > self.max_bytes:
                await _error(
                    413,
                    "payload_too_large",
                    f"request body has {length} bytes, the limit is {self.max_bytes}; send a smaller request",
                )(scope, receive, send_with_headers)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _PayloadTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send_with_headers)


# --------------------------------------------------------------------------- app


def _version() -> str:
    from unspun._version import __version__

    return __version__


def create_app(
    settings: Settings | None = None,
    *,
    index_dir: Path | None = None,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    warm_up: bool = False,
    host: str | None = None,
) -> FastAPI:
    """Build the FastAPI application.

    The worker processes are ended when the app's lifespan ends (uvicorn runs it; an in-process
    client must run ``app.router.lifespan_context(app)`` too, or they live until the process exits).

    Args:
        settings: effective settings (``settings.serve`` holds the limits); defaults if None.
        index_dir: an index for ``POST /v1/trace``, opened read-only once per worker process;
            None disables trace.
        max_concurrency: worker processes, i.e. library calls that may run at once; later
            requests wait (within the timeout).
        warm_up: start the worker processes at start-up (waiting for the language model to
            load) so the first real request does not pay for it.
        host: the address the server binds, accepted in the Host header besides localhost,
            127.0.0.1 and ``settings.serve.allowed_hosts``; default ``settings.serve.host``.

    Raises:
        IndexError_: ``index_dir`` is not a usable unspun index.
        ValueError: ``max_concurrency`` is below 1.
    """
    settings = settings or Settings()
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be >= 1, got {max_concurrency}")
    if index_dir is not None:
        worker.check_index(index_dir, settings)
    serve = settings.serve
    hosts = allowed_hosts(host if host is not None else serve.host, serve.allowed_hosts)
    runner = Runner(limit=max_concurrency, timeout_s=serve.timeout_s, settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            await runner.start(prestart=warm_up)
            yield
        finally:
            await runner.close()

    app = FastAPI(
        title="unspun",
        version=_version(),
        summary="Trace a rewritten news article back to its sources and audit what the rewrite changed.",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN; /docs below is self-hosted
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.runner = runner
    _install_error_handlers(app)
    app.add_middleware(
        _RequestGuard, max_bytes=serve.max_request_bytes, hosts=hosts, page_headers=page_headers()
    )
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut, "description": desc}
        for code, desc in [
            (400, "Malformed JSON, or a Host header naming another server"),
            (413, "Body too large"),
            (415, "Body is not JSON"),
            (422, "Missing or invalid field, or article too long"),
            (500, "Internal error"),
            (504, "Timed out"),
        ]
    }
    report_responses: dict[int | str, dict[str, Any]] = {
        200: {
            "description": "The report: JSON (schema unspun.report/1, as `unspun compare --format json`), "
            "a self-contained HTML page, or plain text.",
            "content": {"application/json": {}, "text/html": {}, "text/plain": {}},
        },
        **errors,
    }

    @app.post("/v1/compare", responses=report_responses, response_class=Response)
    async def compare(body: CompareRequest, format: FormatQuery = ReportFormatParam.JSON) -> Response:
        """Compare a rewrite with its source(s) and return the audit report."""
        text = await runner.run(worker.compare_and_render, body, settings, format)
        return _report_response(text, format)

    @app.post(
        "/v1/trace",
        responses={**report_responses, 503: {"model": ErrorOut, "description": "No index configured"}},
        response_class=Response,
    )
    async def trace(body: TraceRequest, format: FormatQuery = ReportFormatParam.JSON) -> Response:
        """Find the suspect article's sources in the server's index and audit it against them."""
        if index_dir is None:
            raise StarletteHTTPException(
                503, "this server has no index; start it with 'unspun serve --index DIR'"
            )
        text = await runner.run(worker.trace_and_render, body, index_dir, settings, format)
        return _report_response(text, format)

    @app.post("/v1/render", responses=report_responses, response_class=Response)
    async def render(body: dict[str, Any], format: FormatQuery = ReportFormatParam.HTML) -> Response:
        """Render a report JSON (as returned by /v1/compare or /v1/trace) as HTML, text or JSON.

        Nothing is recomputed: the web page uses this to show and download the HTML report of
        the JSON it already holds.
        """
        if (where := lone_surrogate(body)) is not None:
            raise InputError(f"{where} holds a lone surrogate; send valid Unicode text")
        text = await runner.run(worker.rerender, body, format)
        return _report_response(text, format)

    @app.get("/v1/health", response_model=HealthOut)
    async def health() -> HealthOut:
        """Answer 200 while the server is up."""
        return HealthOut(
            status="ok",
            version=_version(),
            index=index_dir is not None,
            limits={
                "max_request_bytes": serve.max_request_bytes,
                "max_article_chars": serve.max_article_chars,
                "timeout_s": serve.timeout_s,
                "max_sources": MAX_SOURCES,
            },
        )

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    @app.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


def app_from_environment() -> FastAPI:
    """Build the app in a uvicorn worker process (``unspun serve --workers N``).

    The parent process puts the config path and index directory in
    :data:`~unspun.service.worker.WORKER_ENV`; each worker loads the settings and opens the
    index once for itself.

    Raises:
        ConfigError: the settings are invalid.
        IndexError_: the index cannot be opened.
    """
    args = worker.worker_args()
    return create_app(
        load_settings(args.config),
        index_dir=args.index_dir,
        max_concurrency=args.max_concurrency,
        warm_up=True,
        host=args.host,
    )


_MEDIA = {
    ReportFormatParam.JSON: "application/json",
    ReportFormatParam.HTML: "text/html; charset=utf-8",
    ReportFormatParam.TEXT: "text/plain; charset=utf-8",
}


def _report_response(text: str, fmt: ReportFormatParam) -> Response:
    headers = report_headers() if fmt is ReportFormatParam.HTML else None
    return Response(content=text.encode("utf-8"), media_type=_MEDIA[fmt], headers=headers)


__all__ = ["WEB_DIR", "app_from_environment", "create_app"]
