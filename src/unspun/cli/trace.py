"""`unspun trace SUSPECT --index DIR`: find a suspect's sources in an index and audit it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from unspun.cli._app import app
from unspun.cli._common import (
    ConfigOption,
    FormatOption,
    IndexOption,
    OutputOption,
    ReportFormatChoice,
    VerboseOption,
    emit_report,
    parse_day,
)
from unspun.config import load_settings


@app.command("trace")
def trace_command(
    suspect: Annotated[
        Path, typer.Argument(metavar="SUSPECT", help="The suspect article: .txt, .md or .html.")
    ],
    index: IndexOption,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="Most candidate sources to list.")] = 5,
    fmt: FormatOption = ReportFormatChoice.TEXT,
    output: OutputOption = None,
    published: Annotated[
        dt.date | None,
        typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="Publication date of the suspect."),
    ] = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Find SUSPECT's sources in the index and audit it against them.

    Exit codes: 0 report written, 2 bad input, 3 index unusable, 1 internal error.
    """
    from unspun.pipeline import trace  # deferred: loads the language model

    report = trace(suspect, index, k=k, published=published, settings=load_settings(config))
    emit_report(report, fmt, output)
