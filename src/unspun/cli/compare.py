"""`unspun compare REWRITE SOURCE...`: audit a rewrite against its sources."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Annotated

import typer

from unspun.cli._app import Command, app
from unspun.cli._common import (
    ConfigOption,
    ExcludeBoilerplateOption,
    ExcludeQuotesOption,
    ExcludeSourceOption,
    FormatOption,
    OutputOption,
    ReportFormatChoice,
    VerboseOption,
    emit_report,
    parse_day,
    settings_with_exclusions,
    status_on_stderr,
)

logger = logging.getLogger(__name__)


@app.command("compare", cls=Command)
def compare_command(
    rewrite: Annotated[
        Path, typer.Argument(metavar="REWRITE", help="The suspect rewrite: .txt, .md or .html.")
    ],
    sources: Annotated[
        list[Path],
        typer.Argument(metavar="SOURCE...", help="One or more source articles it may derive from."),
    ],
    fmt: FormatOption = ReportFormatChoice.TEXT,
    output: OutputOption = None,
    published: Annotated[
        dt.date | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="Publication date of the rewrite (sets or overrides).",
        ),
    ] = None,
    source_published: Annotated[
        dt.date | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="Publication date of the source(s) (sets or overrides).",
        ),
    ] = None,
    exclude_quotes: ExcludeQuotesOption = False,
    exclude_boilerplate: ExcludeBoilerplateOption = False,
    exclude_source: ExcludeSourceOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Audit REWRITE against its SOURCE(s): what it copied, and what it changed.

    A SOURCE excluded with --exclude-source is named by its path as given.
    Exit codes: 0 report written, 2 bad input, 1 internal error.
    """
    from unspun.pipeline import compare  # deferred: loads the language model, keeps --help fast

    settings = settings_with_exclusions(
        config, quotes=exclude_quotes, boilerplate=exclude_boilerplate, sources=exclude_source
    )
    with status_on_stderr("comparing") as progress:
        report = compare(
            rewrite,
            sources,
            published=published,
            source_published=source_published,
            settings=settings,
            progress=progress,
        )
    logger.info("%d findings, verdict %s", len(report.findings), report.verdict.label.value)
    emit_report(report, fmt, output)
