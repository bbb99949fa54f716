"""Process entry point: runs the app and maps every failure to one line on stderr and an exit code.

Exit codes: 0 success; 2 bad input (:class:`~unspun.errors.InputError`, command-line usage
errors such as an unknown option or a malformed date); 3 index problems; 1 anything else,
reported as ``error: internal: ...`` (with the traceback only under ``-v/--verbose``).
Results go to stdout; errors and log records go to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import traceback
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

import typer

from unspun.cli._app import app
from unspun.display import visible
from unspun.errors import UnspunError

logger = logging.getLogger(__name__)

VERBOSE_FLAGS = frozenset({"-v", "--verbose"})


def _one_line(text: object) -> str:
    """One line of text for stderr: whitespace collapsed, control and bidi characters made visible."""
    return visible(" ".join(str(text).split()), keep_newlines=False)


def wants_verbose(args: Sequence[str]) -> bool:
    """Return True if ``-v``/``--verbose`` appears among the options (before a ``--``)."""
    for token in args:
        if token == "--":
            return False
        if token in VERBOSE_FLAGS:
            return True
    return False


class _StderrHandler(logging.Handler):
    """Write records to whatever ``sys.stderr`` is at emit time (test runners swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:  # logging must never take the command down
            self.handleError(record)


class _Formatter(logging.Formatter):
    def __init__(self, *, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if self.verbose:
            text = f"{record.levelname.lower()}: {record.name}: {message}"
            if record.exc_info:
                text += "\n" + self.formatException(record.exc_info)
            return text
        return f"{record.levelname.lower()}: {_one_line(message)}"


@contextlib.contextmanager
def stderr_logging(*, verbose: bool) -> Iterator[None]:
    """Send ``unspun`` log records to stderr for the duration of one command.

    Warnings and errors as one line each; everything down to DEBUG, with logger names, under
    ``verbose``. The logger's previous level and handlers are restored afterwards.
    """
    log = logging.getLogger("unspun")
    handler = _StderrHandler()
    handler.setFormatter(_Formatter(verbose=verbose))
    previous = log.level
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(previous)


def _usage_hint(exc: typer.TyperException) -> str:
    """Point a usage error (exit code 2, carries the click context) at the command's --help."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None)
    return f" (see '{path} --help')" if exc.exit_code == 2 and isinstance(path, str) else ""


@functools.cache
def _command() -> Any:  # typer.main.get_command returns its vendored click Command
    """The click command of the app, built once per process (typer rebuilds it on every call,
    which costs tens of milliseconds of type-hint evaluation per invocation)."""
    return typer.main.get_command(app)


def run(args: Sequence[str] | None = None, *, prog_name: str = "unspun") -> int:
    """Run the command line with ``args`` (default ``sys.argv[1:]``) and return the exit code.

    Never raises (except ``KeyboardInterrupt`` handling by click, mapped to 130): every
    failure is written to stderr as one line starting with ``error:``.
    """
    argv = list(sys.argv[1:] if args is None else args)
    verbose = wants_verbose(argv)
    command = _command()
    with stderr_logging(verbose=verbose):
        try:
            result = command.main(args=argv, prog_name=prog_name, standalone_mode=False)
        except typer.TyperException as exc:
            # Typer's (vendored) click exceptions: usage errors (exit 2), file errors, and the
            # help page shown when a group is called without arguments.
            if type(exc).__name__ == "NoArgsIsHelpError":
                typer.echo(exc.format_message(), err=True)
            else:
                typer.echo(f"error: {_one_line(exc.format_message())}{_usage_hint(exc)}", err=True)
            return exc.exit_code
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            return 130
        except UnspunError as exc:
            if verbose:
                traceback.print_exc(file=sys.stderr)
            # The message says what failed and what to do; the class name would add nothing.
            typer.echo(f"error: {_one_line(exc) or type(exc).__name__}", err=True)
            return exc.exit_code
        except SystemExit as exc:  # a command that exits on its own
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:
            if verbose:
                traceback.print_exc(file=sys.stderr)
            hint = "" if verbose else " (run again with --verbose for the traceback)"
            typer.echo(f"error: internal: {type(exc).__name__}: {_one_line(exc)}{hint}", err=True)
            return 1
    # Without standalone mode click returns the command's value, or the code of a
    # typer.Exit raised inside it; our commands return None on success.
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def main() -> None:
    """Run the `unspun` command line and exit with its code."""
    if not wants_verbose(sys.argv[1:]):
        # Third-party deprecation chatter would break the one-line stderr contract.
        warnings.simplefilter("ignore")
    sys.exit(run())
