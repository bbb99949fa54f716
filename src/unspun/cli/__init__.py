"""`unspun` entry point: one Typer app, one module per command.

Each command module (``compare``, ``config``, ``ingest``, ``index``, ``trace``, ``serve``, ``scan``)
registers its command or command group on :data:`unspun.cli._app.app` when imported; shared
option types and output helpers live in :mod:`unspun.cli._common`. Command bodies parse
arguments, call one :mod:`unspun.pipeline` function and print; :func:`main` turns
:class:`~unspun.errors.UnspunError` into a one-line message and its exit code.
"""

from __future__ import annotations

from unspun.cli._app import app

# Registration imports, in the order `unspun --help` lists them (commands, then groups).
from unspun.cli import compare  # noqa: F401  isort: skip
from unspun.cli import config  # noqa: F401  isort: skip
from unspun.cli import ingest  # noqa: F401  isort: skip
from unspun.cli import index  # noqa: F401  isort: skip
from unspun.cli import trace  # noqa: F401  isort: skip
from unspun.cli import serve  # noqa: F401  isort: skip
from unspun.cli import scan  # noqa: F401  isort: skip
from unspun.cli._main import main

__all__ = ["app", "main"]
