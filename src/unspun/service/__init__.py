"""HTTP adapter: the FastAPI application behind ``unspun serve``.

:mod:`~unspun.service.schemas` holds the request and response models,
:mod:`~unspun.service.app` the application (routes, error handlers, request guard),
:mod:`~unspun.service.security` the security headers and the Host check,
:mod:`~unspun.service.worker` what runs off the event loop (the library calls, the runner that
bounds and times them out, the hand-over to uvicorn worker processes) and
:mod:`~unspun.service.pool` the worker processes the library calls run in, each ended at its
deadline (:mod:`~unspun.service.warm` is what their fork server preloads).
"""

from __future__ import annotations

from unspun.service.app import WEB_DIR, app_from_environment, create_app
from unspun.service.schemas import (
    MAX_SOURCES,
    ArticleIn,
    CompareRequest,
    ReportFormatParam,
    TraceRequest,
)
from unspun.service.security import is_loopback
from unspun.service.worker import (
    DEFAULT_MAX_CONCURRENCY,
    REWRITE_ID,
    SUSPECT_ID,
    WORKER_ENV,
    render_report,
    run_compare,
    run_trace,
    source_id,
    worker_environment,
)

__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "MAX_SOURCES",
    "REWRITE_ID",
    "SUSPECT_ID",
    "WEB_DIR",
    "WORKER_ENV",
    "ArticleIn",
    "CompareRequest",
    "ReportFormatParam",
    "TraceRequest",
    "app_from_environment",
    "create_app",
    "is_loopback",
    "render_report",
    "run_compare",
    "run_trace",
    "source_id",
    "worker_environment",
]
