"""`unspun index add|remove|stats` and `unspun trace`.

Command bodies parse arguments, call the library (:mod:`unspun.index`, :mod:`unspun.pipeline`)
and print. ``index add`` prints a summary to stdout and a progress bar to stderr; it exits 2
only if nothing at all could be added and something was skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from unspun.cli._app import app
from unspun.cli.compare_cmd import (
    ConfigOption,
    FormatOption,
    OutputOption,
    VerboseOption,
    _stdout_is_tty,
    emit,
    parse_day,
)
from unspun.config import load_settings
from unspun.errors import InputError
from unspun.report import ReportFormat, render, render_text

index_app = typer.Typer(
    no_args_is_help=True, help="Build and inspect a source index (an archive to trace into)."
)
app.add_typer(index_app, name="index")

IndexOption = Annotated[Path, typer.Option("--index", "-i", metavar="DIR", help="Index directory.")]


class _Progress:
    """A rich progress bar on stderr (only when stderr is a terminal and work is long)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("indexing"),
            BarColumn(),
            TextColumn("{task.completed:,} records"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("add", total=None)

    def __enter__(self) -> _Progress:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def __call__(self, n: int) -> None:
        self._progress.advance(self._task, n)


@index_app.command("add")
def index_add_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Files (.txt .md .html), directories, JSONL, WARC."),
    ],
    index: IndexOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add articles to the index at DIR (created if missing); re-adding an id replaces it."""
    from unspun.index import open_index, read_records

    settings = load_settings(config)
    with open_index(index, mode="w", settings=settings.index) as idx, _Progress() as progress:
        result = idx.add(read_records(paths), progress=progress)
        total = len(idx)
    summary = result.to_dict() | {"index": str(index), "articles_in_index": total}
    if as_json:
        emit(json.dumps(summary, ensure_ascii=False, indent=2), None)
    else:
        lines = [
            f"added {result.added}, replaced {result.replaced}, unchanged {result.unchanged}, "
            f"skipped {sum(result.skipped.values())}; {total} articles in {index}"
        ]
        lines += [f"  skipped {n}: {reason}" for reason, n in result.skipped.most_common()]
        lines += [f"    e.g. {s.where}: {s.reason}" for s in result.skipped_examples[:5]]
        emit("\n".join(lines), None)
    if result.stored == 0 and result.skipped:
        raise InputError(
            f"nothing could be added from {', '.join(map(str, paths))}; see the skipped reasons above"
        )


@index_app.command("remove")
def index_remove_command(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Ids as given at add time.")],
    index: IndexOption,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Remove articles from the index by id."""
    from unspun.index import open_index

    settings = load_settings(config)
    with open_index(index, mode="w", settings=settings.index) as idx:
        removed, missing = idx.remove(ids)
        total = len(idx)
    emit(f"removed {len(removed)}, not found {len(missing)}; {total} articles in {index}", None)
    if missing and not removed:
        raise InputError(f"no such id in {index}: {', '.join(missing[:5])}")


@index_app.command("stats")
def index_stats_command(
    index: IndexOption,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Print the index's size and counts as JSON."""
    from unspun.index import open_index

    settings = load_settings(config)
    with open_index(index, mode="r", settings=settings.index) as idx:
        emit(json.dumps(idx.stats(), indent=2), None)


@app.command("trace")
def trace_command(
    suspect: Annotated[
        Path, typer.Argument(metavar="SUSPECT", help="The suspect article: .txt, .md or .html.")
    ],
    index: IndexOption,
    k: Annotated[int, typer.Option("-k", min=1, max=100, help="Most candidate sources to list.")] = 5,
    fmt: FormatOption = ReportFormat.TEXT,
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

    settings = load_settings(config)
    report = trace(suspect, index, k=k, published=published, settings=settings)
    if fmt is ReportFormat.TEXT and output is None and _stdout_is_tty() and not os.environ.get("NO_COLOR"):
        emit(render_text(report, width=shutil.get_terminal_size().columns, color=True), None)
    else:
        emit(render(report, fmt), output)
    sys.stdout.flush()
