"""`unspun ingest FILE`: print an article as unspun reads it (the ingest stage alone)."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from unspun.cli._app import Command, app
from unspun.cli._common import ConfigOption, OutputOption, VerboseOption, emit, parse_day
from unspun.config import load_settings
from unspun.display import visible
from unspun.types import Article


class ArticleFormat(StrEnum):
    """Output formats of ``ingest``."""

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


@app.command("ingest", cls=Command)
def ingest_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="An article: .txt, .md, .html, .pdf or .docx.")
    ],
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
    from unspun.pipeline import load_article  # deferred: keeps --help fast

    article = load_article(file, published=published, settings=load_settings(config))
    if fmt is ArticleFormat.JSON:
        emit(json.dumps(article.to_dict(), ensure_ascii=False, indent=2), output)
    else:
        emit(visible(_article_text(article)), output)  # a display format: controls made visible
