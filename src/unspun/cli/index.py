"""`unspun index add|remove|stats`: build and inspect a source index.

``index add`` prints a summary to stdout and a progress bar to stderr; it exits 2 only if
nothing at all could be added and something was skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from unspun.cli._app import Command, Group, app
from unspun.cli._common import ConfigOption, IndexOption, VerboseOption, emit
from unspun.config import load_settings
from unspun.display import visible
from unspun.errors import InputError

index_app = typer.Typer(
    cls=Group, no_args_is_help=True, help="Build and inspect a source index (an archive to trace into)."
)
app.add_typer(index_app, name="index")


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


def _summary_text(summary: dict[str, Any]) -> str:
    """The ``index add`` summary as text: one line, then the skipped reasons, most frequent first."""
    lines = [
        f"added {summary['added']}, replaced {summary['replaced']}, unchanged {summary['unchanged']}, "
        f"skipped {summary['skipped']}; {summary['articles_in_index']} articles in {summary['index']}"
    ]
    reasons = sorted(summary["skipped_reasons"].items(), key=lambda item: item[1], reverse=True)
    lines += [f"  skipped {n}: {reason}" for reason, n in reasons]  # Counter.most_common's order
    lines += [f"    e.g. {e['where']}: {e['reason']}" for e in summary["skipped_examples"][:5]]
    return visible("\n".join(lines))


@index_app.command("add", cls=Command)
def index_add_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...", help="Files (.txt .md .html .pdf .docx), directories, JSONL, WARC."
        ),
    ],
    index: IndexOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Add articles to the index at DIR (created if missing); re-adding an id replaces it."""
    from unspun.pipeline import open_index, read_records

    settings = load_settings(config)
    with open_index(index, mode="w", settings=settings.index) as idx, _Progress() as progress:
        result = idx.add(read_records(paths), progress=progress)
        total = len(idx)
    summary = result.to_dict() | {"index": str(index), "articles_in_index": total}
    emit(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else _summary_text(summary), None)
    if result.stored == 0 and result.skipped:
        raise InputError(
            f"nothing could be added from {', '.join(map(str, paths))}; see the skipped reasons above"
        )


@index_app.command("remove", cls=Command)
def index_remove_command(
    ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Ids as given at add time.")],
    index: IndexOption,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Remove articles from the index by id.

    The ids that are there are removed even if some are not; any id not found makes the exit
    code 2, with a message naming them.
    """
    from unspun.pipeline import open_index

    settings = load_settings(config)
    with open_index(index, mode="w", settings=settings.index) as idx:
        removed, missing = idx.remove(ids)
        total = len(idx)
    emit(f"removed {len(removed)}, not found {len(missing)}; {total} articles in {index}", None)
    if missing:
        named = ", ".join(repr(m) for m in missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        kept = f"; removed the other {len(removed)}" if removed else ""
        raise InputError(f"no such id in {index}: {named}{kept}")


@index_app.command("stats", cls=Command)
def index_stats_command(
    index: IndexOption,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Print the index's size and counts as JSON."""
    from unspun.pipeline import open_index

    settings = load_settings(config)
    with open_index(index, mode="r", settings=settings.index) as idx:
        emit(json.dumps(idx.stats(), indent=2), None)
