"""What runs off the event loop: the library calls behind the endpoints and the runner that
bounds them, plus the hand-over to uvicorn worker processes.

The library calls run in a worker thread. They are module functions (not closures) so tests can
replace them with slow or failing stand-ins to exercise timeouts and concurrency; the app looks
them up here at call time. They call :mod:`unspun.pipeline` and nothing below it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspun.config import Settings
from unspun.errors import IngestError, InputError
from unspun.service.schemas import ArticleIn, CompareRequest, ReportFormatParam, TraceRequest
from unspun.types import Article, Report

logger = logging.getLogger(__name__)

DEFAULT_MAX_CONCURRENCY = 4  # library calls running at once; the rest queue (inside the timeout)
REWRITE_ID = "rewrite"
SUSPECT_ID = "suspect"
WORKER_ENV = "_UNSPUN_SERVE_WORKER"  # not UNSPUN_*: load_settings must not read it as a setting

T = TypeVar("T")


# --------------------------------------------------------------------------- library calls


def _to_article(item: ArticleIn, doc_id: str, settings: Settings) -> Article:
    limit = settings.serve.max_article_chars
    if len(item.body) > limit:
        raise IngestError(
            f"article {doc_id!r} has {len(item.body)} characters, the limit is {limit}; "
            "send a shorter article or raise serve.max_article_chars"
        )
    from unspun.pipeline import article_from_text

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
    from unspun.pipeline import ReportFormat, render

    return render(report, ReportFormat(fmt.value))


def compare_and_render(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """POST /v1/compare's work: compare, then render in ``fmt``."""
    return render_report(run_compare(req, settings), fmt)


def trace_and_render(
    req: TraceRequest, index: SharedIndex, settings: Settings, fmt: ReportFormatParam
) -> str:
    """POST /v1/trace's work: trace, then render in ``fmt``."""
    return render_report(run_trace(req, index, settings), fmt)


def rerender(data: dict[str, Any], fmt: ReportFormatParam) -> str:
    """POST /v1/render's work: read a report JSON back and render it in ``fmt``.

    Raises:
        InputError: ``data`` is not a report.
    """
    try:
        report = Report.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(
            f"body is not a report ({type(exc).__name__}: {exc}); send the JSON that /v1/compare returned"
        ) from None
    return render_report(report, fmt)


_WARM_TEXT = (
    "The council approved the budget on Monday, officials said. It sets aside 40 million euros for roads."
)


def warm_up(settings: Settings) -> None:
    """Run one tiny compare so the first real request does not pay for loading the models."""
    req = CompareRequest(rewrite=ArticleIn(text=_WARM_TEXT), sources=[ArticleIn(text=_WARM_TEXT)])
    try:
        run_compare(req, settings)
    except Exception as exc:  # a warm-up failure must not stop the server; requests will say why
        logger.warning("warm-up compare failed: %s: %s", type(exc).__name__, exc)


class SharedIndex:
    """The server's one read-only index, opened at start-up and shared by all worker threads.

    A :class:`~unspun.index.store.SourceIndex` holds one SQLite connection, which must not be
    used by two threads at once: queries take ``lock`` (trace requests run one at a time; compare
    requests never touch the index).
    """

    def __init__(self, index_dir: Path, settings: Settings) -> None:
        from unspun.pipeline import open_index

        self.index = open_index(index_dir, mode="r", settings=settings.index)
        self.lock = threading.Lock()


# --------------------------------------------------------------------------- threads


class Runner:
    """Runs blocking library calls in worker threads: at most ``limit`` at once, each cut off
    (504) after ``timeout_s`` counted from arrival, queueing included."""

    def __init__(self, *, limit: int, timeout_s: float) -> None:
        self.limit = limit
        self.timeout_s = timeout_s
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` in a worker thread and return its result.

        Raises:
            starlette.exceptions.HTTPException: 504, the call did not finish within ``timeout_s``.
        """
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


# --------------------------------------------------------------------------- processes


@dataclass(frozen=True, slots=True)
class WorkerArgs:
    """What ``unspun serve --workers N`` hands each uvicorn worker process through :data:`WORKER_ENV`."""

    config: Path | None = None
    index_dir: Path | None = None
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY


def worker_environment(*, config: Path | None, index_dir: Path | None) -> str:
    """Return the value of :data:`WORKER_ENV` that makes workers load ``config`` and open ``index_dir``."""
    return json.dumps(
        {"config": str(config) if config else None, "index": str(index_dir) if index_dir else None}
    )


def worker_args() -> WorkerArgs:
    """Read :data:`WORKER_ENV` (JSON, see :func:`worker_environment`) in a worker process."""
    args = json.loads(os.environ.get(WORKER_ENV, "{}"))
    config = args.get("config")
    index = args.get("index")
    return WorkerArgs(
        config=Path(config) if config else None,
        index_dir=Path(index) if index else None,
        max_concurrency=int(args.get("max_concurrency", DEFAULT_MAX_CONCURRENCY)),
    )
