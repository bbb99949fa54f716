"""HTTP adapter: the FastAPI application behind ``unspun serve``.

Endpoints::

    POST /v1/compare[?format=json|html|text]  rewrite + sources -> the report (same JSON as the CLI)
    POST /v1/trace[?format=...]               suspect article -> report against the index's best sources
    POST /v1/render[?format=html|text|json]   a report JSON -> the same report rendered (no recompute)
    GET  /v1/health                           {"status": "ok", "version": ..., ...}
    GET  /openapi.json, /docs                 schema and a self-hosted docs page (no CDN)
    GET  /                                    the web page (static files from ``unspun/web``)

Handlers hold no logic: they parse the request (pydantic models below), run one library call
in a worker thread (bounded by a capacity limiter, cut off after ``settings.serve.timeout_s``),
and serialise the result with :func:`unspun.report.render`. Every error answers JSON
``{"error": <class or code>, "message": <one line>}`` and never a traceback. The server never
fetches a URL: an article's ``url`` is metadata only.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from unspun.config import Settings
from unspun.errors import IngestError, InputError, UnspunError
from unspun.types import Article, Report

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent / "web"
MAX_SOURCES = 20  # sources per compare request; more is a batch job, not an interactive request
DEFAULT_MAX_CONCURRENCY = 4  # library calls running at once; the rest queue (inside the timeout)
REWRITE_ID = "rewrite"
SUSPECT_ID = "suspect"

T = TypeVar("T")

# Page security headers: nothing but the app's own assets; the report iframe (srcdoc) inherits
# this policy, so its inline <style> is allowed and any script in it is not.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

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


# --------------------------------------------------------------------------- request models


class ReportFormatParam(StrEnum):
    """Response formats of the report endpoints."""

    JSON = "json"
    HTML = "html"
    TEXT = "text"


FormatQuery = Annotated[ReportFormatParam, Query(description="Response format, as the CLI's --format.")]


class ArticleIn(BaseModel):
    """One article: exactly one of ``text`` (plain text or Markdown) or ``html`` (a saved page)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="Plain text or Markdown.")
    html: str | None = Field(
        default=None, description="A saved web page; main text and metadata are extracted."
    )
    format: Literal["auto", "text", "markdown"] = Field(
        default="auto", description="How to read `text` (ignored with `html`)."
    )
    published: date | None = Field(
        default=None, description="Publication date (YYYY-MM-DD); overrides the article's own."
    )
    title: str | None = None
    url: str | None = Field(
        default=None, description="The article's address, kept as metadata; never fetched."
    )
    id: str | None = Field(
        default=None, min_length=1, max_length=200, description="doc_id used in the report."
    )

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self

    @property
    def body(self) -> str:
        return self.text if self.text is not None else (self.html or "")

    @property
    def fmt(self) -> str:
        return "html" if self.html is not None else self.format


class CompareRequest(BaseModel):
    """A rewrite and the source(s) it is suspected to derive from."""

    model_config = ConfigDict(extra="forbid")

    rewrite: ArticleIn
    sources: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_SOURCES)


class TraceRequest(BaseModel):
    """A suspect article to look up in the server's index."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    k: int = Field(default=5, ge=1, le=50, description="How many candidate sources to rank.")


class ErrorOut(BaseModel):
    """Every error response."""

    error: str
    message: str


class HealthOut(BaseModel):
    status: str
    version: str
    index: bool
    limits: dict[str, float]


# --------------------------------------------------------------------------- library calls
# These run in a worker thread. They are module functions (not closures) so tests can replace
# them with slow or failing stand-ins to exercise timeouts and concurrency.


def _to_article(item: ArticleIn, doc_id: str, settings: Settings) -> Article:
    limit = settings.serve.max_article_chars
    if len(item.body) > limit:
        raise IngestError(
            f"article {doc_id!r} has {len(item.body)} characters, the limit is {limit}; "
            "send a shorter article or raise serve.max_article_chars"
        )
    from unspun.ingest import article_from_text

    return article_from_text(
        item.body,
        doc_id=item.id or doc_id,
        fmt=item.fmt,
        published=item.published,
        url=item.url,
        title=item.title,
        settings=settings,
    )


def source_id(position: int) -> str:
    """Return the default doc_id of the source at ``position`` (0-based) of a compare request."""
    return f"source-{position + 1}"


def run_compare(req: CompareRequest, settings: Settings) -> Report:
    """Ingest the request's articles and compare them (the library call behind POST /v1/compare)."""
    rewrite = _to_article(req.rewrite, REWRITE_ID, settings)
    sources = [_to_article(s, source_id(i), settings) for i, s in enumerate(req.sources)]
    from unspun.pipeline import compare_articles

    return compare_articles(rewrite, sources, settings=settings)


def run_trace(req: TraceRequest, index: SharedIndex, settings: Settings) -> Report:
    """Ingest the suspect and trace it in ``index`` (the library call behind POST /v1/trace)."""
    suspect = _to_article(req.article, SUSPECT_ID, settings)
    from unspun.pipeline import trace

    with index.lock:
        return trace(suspect, index.index, k=req.k, settings=settings)


def render_report(report: Report, fmt: ReportFormatParam) -> str:
    """Render ``report`` exactly as the CLI does for ``--format``."""
    from unspun.report import ReportFormat, render

    return render(report, ReportFormat(fmt.value))


class SharedIndex:
    """The server's one read-only index, opened at start-up and shared by all worker threads.

    A :class:`~unspun.index.store.SourceIndex` holds one SQLite connection, which must not be
    used by two threads at once: queries take ``lock`` (trace requests run one at a time; compare
    requests never touch the index).
    """

    def __init__(self, index_dir: Path, settings: Settings) -> None:
        from unspun.index.store import open_index

        self.index = open_index(index_dir, mode="r", settings=settings.index)
        self.lock = threading.Lock()


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
    """Pure ASGI middleware: JSON-only POST bodies (415), size limit (413) before and while reading.

    Checked here rather than in the handlers so that no byte past the limit is ever buffered.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        path: str = scope.get("path", "")
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
                )(scope, receive, send)
                return
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                await _error(400, "bad_request", f"bad Content-Length header {length!r}")(
                    scope, receive, send
                )
                return
            if int(length) > self.max_bytes:
                await _error(
                    413,
                    "payload_too_large",
                    f"request body has {length} bytes, the limit is {self.max_bytes}; send a smaller request",
                )(scope, receive, send)
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

        is_page = path == "/" or path == "/docs" or path.startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if is_page and message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                raw.extend((k.lower().encode(), v.encode()) for k, v in _PAGE_HEADERS.items())
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, limited_receive, send_with_headers)


# --------------------------------------------------------------------------- worker pool


class _Runner:
    """Runs blocking library calls in worker threads: at most ``limit`` at once, each cut off
    (504) after ``timeout_s`` counted from arrival, queueing included."""

    def __init__(self, *, limit: int, timeout_s: float) -> None:
        self.limit = limit
        self.timeout_s = timeout_s
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        if self._limiter is None:  # created lazily: it belongs to the running event loop
            self._limiter = anyio.CapacityLimiter(self.limit)
        call = functools.partial(func, *args)
        try:
            with anyio.fail_after(self.timeout_s):
                # abandon_on_cancel: on timeout the request answers at once; the thread finishes
                # its (pure) computation in the background and its result is dropped.
                return await anyio.to_thread.run_sync(call, limiter=self._limiter, abandon_on_cancel=True)
        except TimeoutError:
            raise StarletteHTTPException(
                504,
                f"the request took longer than {self.timeout_s:g} s; send shorter articles "
                "or raise serve.timeout_s",
            ) from None


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
) -> FastAPI:
    """Build the FastAPI application.

    Args:
        settings: effective settings (``settings.serve`` holds the limits); defaults if None.
        index_dir: an index to open once, read-only, for ``POST /v1/trace``; None disables trace.
        max_concurrency: library calls that may run at once; later requests wait (within the timeout).
        warm_up: run one tiny compare at start-up so the first real request does not pay for
            loading the language model.

    Raises:
        IndexError_: ``index_dir`` is not a usable unspun index.
        ValueError: ``max_concurrency`` is below 1.
    """
    settings = settings or Settings()
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be >= 1, got {max_concurrency}")
    index = SharedIndex(index_dir, settings) if index_dir is not None else None
    runner = _Runner(limit=max_concurrency, timeout_s=settings.serve.timeout_s)
    serve = settings.serve

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            await anyio.to_thread.run_sync(_warm_up, settings)
        yield

    app = FastAPI(
        title="unspun",
        version=_version(),
        summary="Trace a rewritten news article back to its sources and audit what the rewrite changed.",
        docs_url=None,  # FastAPI's Swagger UI loads from a CDN; /docs below is self-hosted
        redoc_url=None,
        lifespan=lifespan,
    )
    _install_error_handlers(app)
    app.add_middleware(_RequestGuard, max_bytes=serve.max_request_bytes)
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut, "description": desc}
        for code, desc in [
            (400, "Malformed JSON"),
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
        text = await runner.run(_compare_and_render, body, settings, format)
        return _report_response(text, format)

    @app.post(
        "/v1/trace",
        responses={**report_responses, 503: {"model": ErrorOut, "description": "No index configured"}},
        response_class=Response,
    )
    async def trace(body: TraceRequest, format: FormatQuery = ReportFormatParam.JSON) -> Response:
        """Find the suspect article's sources in the server's index and audit it against them."""
        if index is None:
            raise StarletteHTTPException(
                503, "this server has no index; start it with 'unspun serve --index DIR'"
            )
        text = await runner.run(_trace_and_render, body, index, settings, format)
        return _report_response(text, format)

    @app.post("/v1/render", responses=report_responses, response_class=Response)
    async def render(body: dict[str, Any], format: FormatQuery = ReportFormatParam.HTML) -> Response:
        """Render a report JSON (as returned by /v1/compare or /v1/trace) as HTML, text or JSON.

        Nothing is recomputed: the web page uses this to show and download the HTML report of
        the JSON it already holds.
        """
        text = await runner.run(_rerender, body, format)
        return _report_response(text, format)

    @app.get("/v1/health", response_model=HealthOut)
    async def health() -> HealthOut:
        """Answer 200 while the server is up."""
        return HealthOut(
            status="ok",
            version=_version(),
            index=index is not None,
            limits={
                "max_request_bytes": serve.max_request_bytes,
                "max_article_chars": serve.max_article_chars,
                "timeout_s": serve.timeout_s,
                "max_sources": MAX_SOURCES,
            },
        )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(WEB_DIR / "docs.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
    return app


WORKER_ENV = "_UNSPUN_SERVE_WORKER"  # not UNSPUN_*: load_settings must not read it as a setting


def app_from_environment() -> FastAPI:
    """Build the app in a uvicorn worker process (``unspun serve --workers N``).

    The parent process puts the config path and index directory in :data:`WORKER_ENV` (JSON);
    each worker loads the settings and opens the index once for itself.

    Raises:
        ConfigError: the settings are invalid.
        IndexError_: the index cannot be opened.
    """
    import json
    import os

    from unspun.config import load_settings

    args = json.loads(os.environ.get(WORKER_ENV, "{}"))
    config = args.get("config")
    index = args.get("index")
    return create_app(
        load_settings(config),
        index_dir=Path(index) if index else None,
        max_concurrency=int(args.get("max_concurrency", DEFAULT_MAX_CONCURRENCY)),
        warm_up=True,
    )


def _compare_and_render(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    return render_report(run_compare(req, settings), fmt)


def _trace_and_render(
    req: TraceRequest, index: SharedIndex, settings: Settings, fmt: ReportFormatParam
) -> str:
    return render_report(run_trace(req, index, settings), fmt)


def _rerender(data: dict[str, Any], fmt: ReportFormatParam) -> str:
    try:
        report = Report.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"body is not a report ({type(exc).__name__}: {exc}); send the JSON that /v1/compare returned"
        ) from None
    return render_report(report, fmt)


_MEDIA = {
    ReportFormatParam.JSON: "application/json",
    ReportFormatParam.HTML: "text/html; charset=utf-8",
    ReportFormatParam.TEXT: "text/plain; charset=utf-8",
}


def _report_response(text: str, fmt: ReportFormatParam) -> Response:
    return Response(content=text.encode("utf-8"), media_type=_MEDIA[fmt])


_WARM_TEXT = (
    "The council approved the budget on Monday, officials said. It sets aside 40 million euros for roads."
)


def _warm_up(settings: Settings) -> None:
    req = CompareRequest(rewrite=ArticleIn(text=_WARM_TEXT), sources=[ArticleIn(text=_WARM_TEXT)])
    try:
        run_compare(req, settings)
    except Exception as exc:  # a warm-up failure must not stop the server; requests will say why
        logger.warning("warm-up compare failed: %s: %s", type(exc).__name__, exc)


__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "MAX_SOURCES",
    "ArticleIn",
    "CompareRequest",
    "ReportFormatParam",
    "SharedIndex",
    "TraceRequest",
    "app_from_environment",
    "create_app",
    "render_report",
    "run_compare",
    "run_trace",
    "source_id",
]
