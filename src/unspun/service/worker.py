"""What runs off the event loop: the library calls behind the endpoints and the runner that
bounds them, plus the hand-over to uvicorn worker processes.

The library calls run in worker processes (:mod:`unspun.service.pool`), each ended at its
deadline. They are module functions (not closures) so that they can be sent to a worker by
reference, and so that tests can replace them with slow or failing stand-ins (module-level
functions too) to exercise timeouts and concurrency; the app looks them up here at call time.
They call :mod:`unspun.pipeline` and nothing below it.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspun.config import IndexSettings, Settings
from unspun.errors import IngestError, InputError, UnspunError
from unspun.service.pool import CallTimeout, ProcessPool
from unspun.service.schemas import ArticleIn, CompareRequest, ReportFormatParam, TraceRequest
from unspun.types import Article, Report

logger = logging.getLogger(__name__)

DEFAULT_MAX_CONCURRENCY = 4  # library calls running at once; the rest queue (inside the timeout)
REWRITE_ID = "rewrite"
SUSPECT_ID = "suspect"
WORKER_ENV = "_UNSPUN_SERVE_WORKER"  # not UNSPUN_*: load_settings must not read it as a setting
#: The server's settings as JSON, for the fork server's warm-up (it imports a module, so it takes no
#: arguments; it inherits the environment when the first pool of the process starts it).
WARM_SETTINGS_ENV = "_UNSPUN_WARM_SETTINGS"

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


def run_trace(req: TraceRequest, index_dir: Path, settings: Settings) -> Report:
    """Ingest the suspect and trace it in the index at ``index_dir`` (the call behind POST /v1/trace).

    The index is opened read-only once per worker process and kept open.
    """
    suspect = _to_article(req.article, SUSPECT_ID, settings)
    from unspun.pipeline import trace

    return trace(suspect, _opened_index(index_dir, settings.index), k=req.k, settings=settings)


@functools.cache
def _opened_index(index_dir: Path, settings: IndexSettings) -> Any:
    from unspun.pipeline import open_index

    return open_index(index_dir, mode="r", settings=settings)


def check_index(index_dir: Path, settings: Settings) -> None:
    """Open the index at ``index_dir`` once and close it: fail at start-up, not on the first trace.

    Raises:
        IndexError_: the directory is not a usable unspun index.
    """
    from unspun.pipeline import open_index

    with open_index(index_dir, mode="r", settings=settings.index):
        pass


def render_report(report: Report, fmt: ReportFormatParam) -> str:
    """Render ``report`` exactly as the CLI does for ``--format``."""
    from unspun.pipeline import ReportFormat, render

    return render(report, ReportFormat(fmt.value))


def compare_and_render(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """POST /v1/compare's work: compare, then render in ``fmt``."""
    return render_report(run_compare(req, settings), fmt)


def trace_and_render(req: TraceRequest, index_dir: Path, settings: Settings, fmt: ReportFormatParam) -> str:
    """POST /v1/trace's work: trace, then render in ``fmt``."""
    return render_report(run_trace(req, index_dir, settings), fmt)


_NOT_A_REPORT = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def rerender(data: dict[str, Any], fmt: ReportFormatParam) -> str:
    """POST /v1/render's work: read a report JSON back and render it in ``fmt``.

    ``Report.from_dict`` checks the structure, not every value's type (a title that is a list
    passes), so a value of the wrong type can surface in a renderer: since the body is the
    caller's data, that too is answered as "not a report" rather than as a server failure.

    Raises:
        InputError: ``data`` is not a report, or holds a value of the wrong type.
    """
    try:
        return render_report(Report.from_dict(data), fmt)
    except _NOT_A_REPORT as exc:
        raise InputError(
            f"body is not a report ({type(exc).__name__}: {exc}); send the JSON that /v1/compare returned"
        ) from None


# An invented article with what loads lazily on first use: a title and a date line (the date
# parser), names and places (the NER model), numbers, a quotation, Markdown, a negation the
# rewrite drops (the meaning rule's parser) and a quotation found in no source (the semantic
# model, for quotations reworded beyond their words). Loaded here, in the fork server, a model's
# pages are shared by every worker instead of copied into each: measured with
# benchmarks/speed/bench_serve_memory.py, the parser and the semantic model add ~80 MB to a
# worker that loads them itself (BENCHMARKS.md section 1).
_WARM_SOURCE = """# Springfield council approves road budget

By Jane Smith, Reuters

February 7, 2025

The city council of Springfield approved a budget of 40 million euros on Monday, Mayor John Doe said.
"This is a good day for our roads," Doe told reporters in Paris on Tuesday.
About 3,000 workers will start in March, according to the Ministry of Transport.
The council did not approve the new bridge over the river.
"""
_WARM_REWRITE = """Springfield backs road spending

Springfield's council approved 45 million euros for roads on Monday, the mayor said.
"A great day for the roads," Mayor John Doe told reporters in London.
The council approved the new bridge over the river.
"Nobody here wanted higher bus fares," a driver said.
"""


def warm_settings() -> Settings:
    """The settings the fork server warms up with: the server's (:data:`WARM_SETTINGS_ENV`), so that
    what they switch on (the meaning rule's judge, say) is loaded once and shared by every worker;
    the defaults when the variable is unset or unreadable (logged: the warm-up is only an
    optimisation, and requests still run with the server's own settings)."""
    raw = os.environ.get(WARM_SETTINGS_ENV)
    if not raw:
        return Settings()
    try:
        return Settings.from_dict(json.loads(raw))
    except (ValueError, UnspunError) as exc:
        logger.warning("warm-up settings unreadable, using the defaults: %s", exc)
        return Settings()


def warm_up(settings: Settings) -> None:
    """Run one small compare, rendered in every format, and load every model the settings may call
    (:func:`unspun.pipeline.preload_models`: the audit's cross-encoder, trace's band judge), so that
    the first real request does not pay for loading the models, the date parser's tables and the
    templates, and the workers forked afterwards share one copy of each."""
    req = CompareRequest(
        rewrite=ArticleIn(text=_WARM_REWRITE),
        sources=[ArticleIn(text=_WARM_SOURCE, format="markdown")],
    )
    try:
        report = run_compare(req, settings)
        for fmt in ReportFormatParam:
            render_report(report, fmt)
        from unspun.pipeline import preload_models

        preload_models(settings)
    except Exception as exc:  # a warm-up failure must not stop the server; requests will say why
        logger.warning("warm-up failed: %s: %s", type(exc).__name__, exc)


# --------------------------------------------------------------------------- runner


class Runner:
    """Runs library calls in worker processes: at most ``limit`` at once, each cut off (504)
    ``timeout_s`` after its request arrived, queueing included.

    A call cut off has its process killed, and its slot is given back only once that process
    is gone: no abandoned work goes on using the CPU (see :mod:`unspun.service.pool`).
    """

    def __init__(self, *, limit: int, timeout_s: float, settings: Settings | None = None) -> None:
        """``settings``: the server's, handed to the fork server's warm-up (:func:`warm_settings`;
        the fork server is one per process, so the first runner of a process decides)."""
        if settings is not None:
            os.environ[WARM_SETTINGS_ENV] = json.dumps(settings.to_dict())
        self.limit = limit
        self.timeout_s = timeout_s
        self.pool = ProcessPool(limit)
        self._slots: anyio.Semaphore | None = None

    async def start(self, *, prestart: bool = True) -> None:
        """Accept calls; with ``prestart``, start the worker processes now rather than on the
        first requests (the first start waits for the fork server to load the models)."""
        self.pool.reopen()
        if prestart:
            await anyio.to_thread.run_sync(self.pool.prestart)

    async def close(self) -> None:
        """End every worker process."""
        await anyio.to_thread.run_sync(self.pool.close)

    def _timeout(self) -> StarletteHTTPException:
        return StarletteHTTPException(
            504,
            f"the request took longer than {self.timeout_s:g} s; send shorter articles "
            "or raise serve.timeout_s",
        )

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` in a worker process and return its result.

        Raises:
            starlette.exceptions.HTTPException: 504, the call did not finish within ``timeout_s``.
            UnspunError: the library call raised it.
            WorkerCrash: the worker process failed (answered 500).
        """
        deadline = time.monotonic() + self.timeout_s
        if self._slots is None:  # created lazily: it belongs to the running event loop
            self._slots = anyio.Semaphore(self.limit)
        slots = self._slots
        with anyio.move_on_after(self.timeout_s) as waiting:
            await slots.acquire()
        if waiting.cancelled_caught:
            raise self._timeout()
        try:
            call = functools.partial(self.pool.call, func, args, deadline=deadline)
            # Not abandoned on cancel: the thread returns by the deadline (the pool kills the
            # worker then), and the slot must stay held until it has.
            result: T = await anyio.to_thread.run_sync(call)
            return result
        except CallTimeout:
            raise self._timeout() from None
        finally:
            slots.release()


# --------------------------------------------------------------------------- processes


@dataclass(frozen=True, slots=True)
class WorkerArgs:
    """What ``unspun serve --workers N`` hands each uvicorn worker process through :data:`WORKER_ENV`."""

    config: Path | None = None
    index_dir: Path | None = None
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    host: str | None = None  # the address the server binds (--host): a Host header it accepts


def worker_environment(*, config: Path | None, index_dir: Path | None, host: str | None = None) -> str:
    """Return the value of :data:`WORKER_ENV` that makes workers load ``config``, open
    ``index_dir`` and accept ``host`` in the Host header."""
    return json.dumps(
        {
            "config": str(config) if config else None,
            "index": str(index_dir) if index_dir else None,
            "host": host,
        }
    )


def worker_args() -> WorkerArgs:
    """Read :data:`WORKER_ENV` (JSON, see :func:`worker_environment`) in a worker process."""
    args = json.loads(os.environ.get(WORKER_ENV, "{}"))
    config = args.get("config")
    index = args.get("index")
    host = args.get("host")
    return WorkerArgs(
        config=Path(config) if config else None,
        index_dir=Path(index) if index else None,
        max_concurrency=int(args.get("max_concurrency", DEFAULT_MAX_CONCURRENCY)),
        host=str(host) if host else None,
    )
