"""Process entry point: runs the app and maps errors to one line and an exit code."""

from __future__ import annotations

import sys

import typer

from unspun.cli._app import app
from unspun.errors import UnspunError


def main() -> None:
    """Run the `unspun` command line."""
    try:
        app(standalone_mode=True)
    except UnspunError as exc:
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(exc.exit_code)
