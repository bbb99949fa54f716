"""`unspun` entry point: one Typer app, one module per subcommand group.

Each ``*_cmd`` module registers its commands on :data:`unspun.cli._app.app` when imported.
Command bodies parse arguments, call one library function and print; :func:`main` turns
:class:`~unspun.errors.UnspunError` into a one-line message and its exit code.
"""

from __future__ import annotations

from unspun.cli._app import app

# Registration imports (each module adds its commands to `app`).
from unspun.cli import compare_cmd  # noqa: F401  isort: skip
from unspun.cli import index_cmd  # noqa: F401  isort: skip
from unspun.cli import scan_cmd  # noqa: F401  isort: skip
from unspun.cli import serve_cmd  # noqa: F401  isort: skip
from unspun.cli._main import main

__all__ = ["app", "main"]
