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
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from unspun.config import Settings, load_settings
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


def audit_time(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The time of the audit that JSON and HTML reports carry: now, in UTC.

    ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention) fixes it, so
    that a rerun gives the same bytes.

    Raises:
        InputError: ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.
    """
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise InputError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {epoch!r}"
        ) from None


def emit_report(report: Report, fmt: ReportFormatChoice, output: Path | None) -> None:
    """Render ``report`` in ``fmt`` and print or write it (in colour on a terminal for text).

    JSON and HTML carry the time of the audit (:func:`audit_time`).
    """
    from unspun.pipeline import ReportFormat, render, render_text  # deferred, see ReportFormatChoice

    if (
        fmt is ReportFormatChoice.TEXT
        and output is None
        and stdout_is_tty()
        and not os.environ.get("NO_COLOR")
    ):
        emit(render_text(report, width=shutil.get_terminal_size().columns, color=True), None, color=True)
    else:
        emit(render(report, ReportFormat(fmt.value), audited_at=audit_time()), output)


def status_on_stderr(label: str) -> contextlib.AbstractContextManager[Callable[[str], None]]:
    """A rich spinner on stderr that shows ``label: <stage>``; yields the stage callback.

    Shown only when stderr is a terminal (nothing is written otherwise) and cleared at the end.
    """
    return _Status(label)


class _Status:
    def __init__(self, label: str) -> None:
        from rich.console import Console

        self._label = label
        self._console = Console(stderr=True)
        self._status: Any = None

    def __enter__(self) -> Callable[[str], None]:
        if self._console.is_terminal:
            self._status = self._console.status(f"{self._label}: starting")
            self._status.__enter__()
        return self._update

    def _update(self, stage: str) -> None:
        if self._status is not None:
            self._status.update(f"{self._label}: {stage}")

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(None, None, None)


def settings_with_exclusions(
    config: Path | None,
    *,
    quotes: bool = False,
    boilerplate: bool = False,
    sources: Sequence[str] | None = None,
) -> Settings:
    """Load the settings and switch on the exclusions the command line asks for.

    A flag only switches an exclusion on (the settings file may have it on already); source ids
    are added to ``exclude.sources`` from the settings.
    """
    settings = load_settings(config)
    wanted: dict[str, Any] = {}
    if quotes:
        wanted["quotes"] = True
    if boilerplate:
        wanted["boilerplate"] = True
    if sources:
        wanted["sources"] = [*settings.exclude.sources, *sources]
    return load_settings(config, overrides={"exclude": wanted}) if wanted else settings


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
ExcludeQuotesOption = Annotated[
    bool,
    typer.Option(
        "--exclude-quotes",
        help="Ignore quotations (sentences mostly inside quotation marks) when judging derivation.",
    ),
]
ExcludeBoilerplateOption = Annotated[
    bool,
    typer.Option(
        "--exclude-boilerplate",
        help="Ignore boilerplate lines (prompts, credit lines, copyright) when judging derivation.",
    ),
]
ExcludeSourceOption = Annotated[
    list[str] | None,
    typer.Option("--exclude-source", metavar="ID", help="Never audit against this source id (repeatable)."),
]
