"""The Typer application every subcommand module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Trace rewritten news articles to their sources and audit what the rewrite changed.",
)
