"""`unspun trace SUSPECT... --index DIR`: find suspects' sources in an index and audit them.

One suspect file gives one report (text, JSON or HTML). Several suspects, a directory, a JSONL
or a WARC file (or ``--batch``) run a batch (:mod:`unspun.cli._batch`): one JSON line per
suspect in ``-o FILE``, a CSV summary, a progress bar, and a rerun resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
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
    IndexOption,
    OutputOption,
    ReportFormatChoice,
    VerboseOption,
    emit,
    emit_report,
    parse_day,
    settings_with_exclusions,
    status_on_stderr,
)
from unspun.config import Settings
from unspun.display import visible
from unspun.errors import InputError


@app.command("trace", cls=Command)
def trace_command(
    suspects: Annotated[
        list[Path],
        typer.Argument(
            metavar="SUSPECT...",
            help="The suspect article (.txt, .md, .html), or many: files, directories, JSONL, WARC.",
        ),
    ],
    index: IndexOption,
    top_k: Annotated[
        int, typer.Option("--top-k", "-k", min=1, max=100, help="Most candidate sources to list.")
    ] = 5,
    fmt: FormatOption = ReportFormatChoice.TEXT,
    output: OutputOption = None,
    published: Annotated[
        dt.date | None,
        typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="Publication date of the suspect(s)."),
    ] = None,
    batch: Annotated[
        bool, typer.Option("--batch", help="Batch output (JSON lines + CSV) even for one suspect file.")
    ] = False,
    summary: Annotated[
        Path | None,
        typer.Option(
            "--summary", metavar="CSV", help="Batch: where the CSV summary goes (default: -o with .csv)."
        ),
    ] = None,
    full_reports: Annotated[
        bool, typer.Option("--full-reports", help="Batch: put each suspect's whole JSON report in its line.")
    ] = False,
    exclude_quotes: ExcludeQuotesOption = False,
    exclude_boilerplate: ExcludeBoilerplateOption = False,
    exclude_source: ExcludeSourceOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Find each SUSPECT's sources in the index and audit it against them.

    Batch mode (several suspects, a directory, JSONL or WARC, or --batch) writes one JSON line
    per suspect to -o FILE and a CSV summary; rerun the same command to resume after an
    interruption. Exit codes: 0 report(s) written, 2 bad input (batch: nothing could be traced),
    3 index unusable, 1 internal error.
    """
    from unspun.pipeline import holds_many  # deferred: loads the language model

    settings = settings_with_exclusions(
        config, quotes=exclude_quotes, boilerplate=exclude_boilerplate, sources=exclude_source
    )
    if not (batch or len(suspects) > 1 or holds_many(suspects[0])):
        from unspun.pipeline import trace

        with status_on_stderr("tracing"):
            report = trace(suspects[0], index, k=top_k, published=published, settings=settings)
        emit_report(report, fmt, output)
        return
    if output is None:
        raise InputError("a batch trace writes JSON lines: pass -o FILE.jsonl (rerun it to resume)")
    _run_batch(suspects, index, top_k, published, output, summary, full_reports, settings)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # e.g. a name too long: writing to it fails later with a one-line error
        return False


def _run_batch(
    suspects: list[Path],
    index: Path,
    top_k: int,
    published: dt.date | None,
    output: Path,
    summary: Path | None,
    full_reports: bool,
    settings: Settings,
) -> None:
    from unspun.cli._batch import run_batch, summary_path
    from unspun.pipeline import open_index, read_suspects, trace

    for path, option in ((output, "-o"), (summary, "--summary")):
        if path is not None and (path.name in ("", ".", "..") or _is_dir(path)):
            raise InputError(f"{option} {str(path)!r} is a directory; give it the name of a file to write")
    csv_path = summary if summary is not None else summary_path(output)
    with open_index(index, mode="r", settings=settings.index) as store:
        result = run_batch(
            read_suspects(suspects, published=published, settings=settings),
            lambda article: trace(article, store, k=top_k, settings=settings),
            output=output,
            summary=csv_path,
            full_reports=full_reports,
        )
    emit(visible(result.text(output, csv_path)), None)
    if result.traced == 0 and (result.skipped or result.failed):
        raise InputError(f"no suspect could be traced ({sum(result.skipped.values())} skipped); see {output}")
