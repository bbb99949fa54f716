"""`unspun compare`, `unspun ingest` and `unspun config show`.

Command bodies parse arguments, call one library function and write the result to stdout or,
with ``-o FILE``, atomically to a file. Errors propagate to :func:`unspun.cli._main.run`,
which prints one line and picks the exit code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from unspun.cli._app import app
from unspun.config import Settings, load_settings
from unspun.errors import InputError
from unspun.report import ReportFormat, render, render_text
from unspun.types import Article

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


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


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
    ReportFormat, typer.Option("--format", "-f", help="Report format.", case_sensitive=False)
]


@app.command("compare")
def compare_command(
    rewrite: Annotated[
        Path, typer.Argument(metavar="REWRITE", help="The suspect rewrite: .txt, .md or .html.")
    ],
    sources: Annotated[
        list[Path],
        typer.Argument(metavar="SOURCE...", help="One or more source articles it may derive from."),
    ],
    fmt: FormatOption = ReportFormat.TEXT,
    output: OutputOption = None,
    published: Annotated[
        dt.date | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="Publication date of the rewrite (sets or overrides).",
        ),
    ] = None,
    source_published: Annotated[
        dt.date | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="Publication date of the source(s) (sets or overrides).",
        ),
    ] = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Audit REWRITE against its SOURCE(s): what it copied, and what it changed.

    Exit codes: 0 report written, 2 bad input, 1 internal error.
    """
    from unspun.pipeline import compare  # deferred: loads the language model, keeps --help fast

    settings = load_settings(config)
    report = compare(
        rewrite, sources, published=published, source_published=source_published, settings=settings
    )
    logger.info("%d findings, verdict %s", len(report.findings), report.verdict.label.value)
    if fmt is ReportFormat.TEXT and output is None and _stdout_is_tty() and not os.environ.get("NO_COLOR"):
        emit(render_text(report, width=shutil.get_terminal_size().columns, color=True), None, color=True)
    else:
        emit(render(report, fmt), output)


class ConfigFormat(StrEnum):
    TOML = "toml"
    JSON = "json"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # Python's int/float repr (incl. inf, nan) is valid TOML
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


config_app = typer.Typer(no_args_is_help=True, help="Inspect the effective settings.")
app.add_typer(config_app, name="config")


@config_app.command("show")
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


class ArticleFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


def _article_text(article: Article) -> str:
    """One line per sentence with its index and role, after a header and the credits."""
    lines = [
        f"{article.doc_id}  title={article.title!r}  published={article.published}  "
        f"({article.date_origin.value}, {article.input_format})"
    ]
    lines.extend(f"credit {c.kind.value}: {c.value}" for c in article.credits)
    lines.extend(f"{s.index:>4} {s.role.value:<11} {s.text}" for s in article.sentences)
    return "\n".join(lines)


@app.command("ingest")
def ingest_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An article: .txt, .md or .html.")],
    fmt: Annotated[
        ArticleFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="json: the Article object; text: one line each."
        ),
    ] = ArticleFormat.JSON,
    published: Annotated[
        dt.date | None,
        typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="Publication date (sets or overrides)."),
    ] = None,
    output: OutputOption = None,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Read FILE as unspun sees it and print the Article (sentences with roles, credits, date)."""
    from unspun.ingest import load_article  # deferred like the pipeline

    settings = load_settings(config)
    article = load_article(file, published=published, settings=settings)
    if fmt is ArticleFormat.JSON:
        emit(json.dumps(article.to_dict(), ensure_ascii=False, indent=2), output)
    else:
        emit(_article_text(article), output)
