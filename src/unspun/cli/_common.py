"""What the command modules share: option types, date parsing and writing results.

Results go to stdout or, with ``-o FILE``, atomically to a file; errors propagate to
:func:`unspun.cli._main.run`, which prints one line and picks the exit code. Nothing here
imports the pipeline, so that ``unspun --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from unspun.errors import InputError

if TYPE_CHECKING:
    from unspun.types import Report

logger = logging.getLogger(__name__)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value: str | dt.date | None) -> dt.date | None:
    """Parse a ``YYYY-MM-DD`` option value.

    Raises:
        typer.BadParameter: the value is not a valid calendar day in that form (exit code 2).
    """
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if not _ISO_DAY.fullmatch(text):
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a valid date ({exc})") from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` so that readers see the old file or the whole new one.

    The text goes to a temporary file in the same directory, is flushed to disk and then
    renamed over ``path``; on any failure the temporary file is removed.

    Raises:
        InputError: the file cannot be written (missing directory, no permission, a directory).
    """
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(
            f"cannot write report to {path}: {exc.strerror or exc}; "
            f"check that {directory} exists and is writable"
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file normal permissions
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(
            f"cannot write report to {path}: {exc.strerror or exc}; choose another -o path"
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def emit(text: str, output: Path | None, *, color: bool = False) -> None:
    """Print ``text`` to stdout, or write it atomically to ``output``; ends with a newline.

    ``color`` keeps ANSI colour codes in ``text`` (click strips them by default when it
    cannot tell that stdout is a terminal).
    """
    if not text.endswith("\n"):
        text += "\n"
    if output is None:
        typer.echo(text, nl=False, color=color or None)
    else:
        write_atomic(output, text)
        logger.info("wrote %s (%d characters)", output, len(text))


def stdout_is_tty() -> bool:
    """Return True if stdout is a terminal."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class ReportFormatChoice(StrEnum):
    """``--format`` of ``compare`` and ``trace``: the values of :class:`unspun.pipeline.ReportFormat`.

    A mirror rather than the pipeline's enum itself because an option type is needed when the
    command is registered, and importing :mod:`unspun.pipeline` loads the language model, which
    would make ``unspun --help`` take seconds. A unit test keeps the two equal.
    """

    TEXT = "text"
    JSON = "json"
    HTML = "html"


def emit_report(report: Report, fmt: ReportFormatChoice, output: Path | None) -> None:
    """Render ``report`` in ``fmt`` and print or write it (in colour on a terminal for text)."""
    from unspun.pipeline import ReportFormat, render, render_text  # deferred, see ReportFormatChoice

    if (
        fmt is ReportFormatChoice.TEXT
        and output is None
        and stdout_is_tty()
        and not os.environ.get("NO_COLOR")
    ):
        emit(render_text(report, width=shutil.get_terminal_size().columns, color=True), None, color=True)
    else:
        emit(render(report, ReportFormat(fmt.value)), output)


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", metavar="FILE", help="TOML settings file (default: ./unspun.toml if present)."),
]
VerboseOption = Annotated[
    bool, typer.Option("--verbose", "-v", help="Log progress to stderr; show tracebacks of internal errors.")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
]
FormatOption = Annotated[
    ReportFormatChoice, typer.Option("--format", "-f", help="Report format.", case_sensitive=False)
]
IndexOption = Annotated[Path, typer.Option("--index", "-i", metavar="DIR", help="Index directory.")]
