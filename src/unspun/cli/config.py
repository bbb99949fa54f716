"""`unspun config show`: print the effective settings as TOML or JSON."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from unspun.cli._app import Command, Group, app
from unspun.cli._common import ConfigOption, VerboseOption, emit
from unspun.config import Settings, load_settings


class ConfigFormat(StrEnum):
    """Output formats of ``config show``."""

    TOML = "toml"
    JSON = "json"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # Python's int/float repr (incl. inf, nan) is valid TOML
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def settings_to_toml(settings: Settings) -> str:
    """Return ``settings`` as a TOML document that :func:`unspun.config.load_settings` reads back.

    Written here rather than with a TOML writer library: settings are one level of sections of
    scalars, which takes a dozen lines, not a new dependency.
    """
    lines: list[str] = []
    for section, values in settings.to_dict().items():
        if lines:
            lines.append("")
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
    return "\n".join(lines)


config_app = typer.Typer(cls=Group, no_args_is_help=True, help="Inspect the effective settings.")
app.add_typer(config_app, name="config")


@config_app.command("show", cls=Command)
def config_show_command(
    config: ConfigOption = None,
    fmt: Annotated[
        ConfigFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = ConfigFormat.TOML,
    verbose: VerboseOption = False,
) -> None:
    """Print the effective settings: defaults < settings file < UNSPUN_<SECTION>_<KEY> variables."""
    settings = load_settings(config)
    if fmt is ConfigFormat.JSON:
        emit(json.dumps(settings.to_dict(), ensure_ascii=False, indent=2), None)
    else:
        emit(settings_to_toml(settings), None)
