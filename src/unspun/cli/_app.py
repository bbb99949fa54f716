"""The Typer application every subcommand module registers on, and its command classes."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from unspun._version import __version__


def _hide_flag_types(params: list[Any]) -> None:
    """Show no type column for flags: typer's help would print ``<bool>`` after ``--verbose``."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""


class Command(TyperCommand):
    """A command whose help lists flags (``--verbose``, ``--help``) without a ``<bool>`` type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _hide_flag_types(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _hide_flag_types([option])
        return option


class Group(TyperGroup):
    """A command group with the same help layout as :class:`Command`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _hide_flag_types(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            _hide_flag_types([option])
        return option


app = typer.Typer(
    cls=Group,
    no_args_is_help=True,
    add_completion=False,
    help="Trace rewritten news articles to their sources and audit what the rewrite changed.",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"unspun {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the unspun version and exit."
        ),
    ] = False,
) -> None:
    """Trace rewritten news articles to their sources and audit what the rewrite changed."""
