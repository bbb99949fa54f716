"""`unspun serve`: run the HTTP API and the web page with uvicorn."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from unspun.cli._app import Command, app
from unspun.config import load_settings


class LogLevel(StrEnum):
    """uvicorn log levels."""

    CRITICAL = "critical"
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    DEBUG = "debug"


@app.command("serve", cls=Command)
def serve_command(
    host: Annotated[
        str | None, typer.Option(help="Address to bind (default 127.0.0.1; serve.host in the config).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to bind (default 8000; serve.port in the config)."),
    ] = None,
    index: Annotated[
        Path | None,
        typer.Option("--index", help="Index directory for POST /v1/trace (opened once, read-only)."),
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="TOML settings file.")] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, help="Worker processes (each loads the models and opens the index once; 2 suit 2 cores)."
        ),
    ] = 1,
    log_level: Annotated[LogLevel, typer.Option(help="uvicorn log level.")] = LogLevel.INFO,
) -> None:
    """Serve the API (/v1/compare, /v1/trace, /v1/health, /docs) and the web page at /."""
    import uvicorn

    from unspun.service import WORKER_ENV, create_app, is_loopback, worker_environment

    # --host/--port choose where this process listens; they are not folded into the settings so
    # that a report served over HTTP carries the same settings as `unspun compare` with this config.
    settings = load_settings(config)
    bind_host = host if host is not None else settings.serve.host
    bind_port = port if port is not None else settings.serve.port
    if not is_loopback(bind_host):
        typer.echo(
            f"unspun: warning: serving on {bind_host}, reachable from other machines, and the API has "
            "no authentication: anyone who can connect can run audits and, with --index, read the "
            "indexed articles. Bind 127.0.0.1 unless that is intended; other machines' Host names "
            "must be listed in serve.allowed_hosts.",
            err=True,
        )
    if workers == 1:
        application = create_app(settings, index_dir=index, warm_up=True, host=bind_host)
        typer.echo(f"unspun: serving on http://{bind_host}:{bind_port}/", err=True)
        uvicorn.run(application, host=bind_host, port=bind_port, log_level=log_level.value)
        return
    create_app(settings, index_dir=index)  # fail here, in one line, on a bad index rather than in N workers
    os.environ[WORKER_ENV] = worker_environment(config=config, index_dir=index, host=bind_host)
    typer.echo(f"unspun: serving on http://{bind_host}:{bind_port}/ with {workers} workers", err=True)
    uvicorn.run(
        "unspun.service:app_from_environment",
        factory=True,
        workers=workers,
        host=bind_host,
        port=bind_port,
        log_level=log_level.value,
    )
