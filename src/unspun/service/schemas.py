"""Request and response models of the HTTP API (pydantic), and the ``?format=`` parameter."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_SOURCES = 20  # sources per compare request; more is a batch job, not an interactive request

_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: Any, where: str = "body") -> str | None:
    """Return where in ``value`` (a decoded JSON value) a string holds a lone surrogate, if anywhere.

    JSON may escape one (``"\\ud800"``), but it is no Unicode text: it cannot be written as
    UTF-8, and text from it would fail deep in the library or in the answer.
    """
    if isinstance(value, str):
        hit = _SURROGATE.search(value)
        return f"{where} (character {hit.start()})" if hit else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = lone_surrogate(key, where) if isinstance(key, str) else None
        found = found or lone_surrogate(item, f"{where}.{key}")
        if found:
            return found
    return None


class ReportFormatParam(StrEnum):
    """Response formats of the report endpoints."""

    JSON = "json"
    HTML = "html"
    TEXT = "text"


FormatQuery = Annotated[ReportFormatParam, Query(description="Response format, as the CLI's --format.")]


class ArticleIn(BaseModel):
    """One article: exactly one of ``text`` (plain text or Markdown) or ``html`` (a saved page)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="Plain text or Markdown.")
    html: str | None = Field(
        default=None, description="A saved web page; main text and metadata are extracted."
    )
    format: Literal["auto", "text", "markdown"] = Field(
        default="auto", description="How to read `text` (ignored with `html`)."
    )
    published: date | None = Field(
        default=None, description="Publication date (YYYY-MM-DD); overrides the article's own."
    )
    title: str | None = None
    url: str | None = Field(
        default=None, description="The article's address, kept as metadata; never fetched."
    )
    id: str | None = Field(
        default=None, min_length=1, max_length=200, description="doc_id used in the report."
    )

    @field_validator("text", "html", "title", "url", "id")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        if value is not None and (hit := _SURROGATE.search(value)):
            raise ValueError(
                f"holds a lone surrogate (U+{ord(hit.group()):04X}) at character {hit.start()}; "
                "send valid Unicode text"
            )
        return value

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self

    @property
    def body(self) -> str:
        return self.text if self.text is not None else (self.html or "")

    @property
    def fmt(self) -> str:
        return "html" if self.html is not None else self.format


class CompareRequest(BaseModel):
    """A rewrite and the source(s) it is suspected to derive from."""

    model_config = ConfigDict(extra="forbid")

    rewrite: ArticleIn
    sources: list[ArticleIn] = Field(..., min_length=1, max_length=MAX_SOURCES)


class TraceRequest(BaseModel):
    """A suspect article to look up in the server's index."""

    model_config = ConfigDict(extra="forbid")

    article: ArticleIn
    k: int = Field(default=5, ge=1, le=50, description="How many candidate sources to rank.")


class ErrorOut(BaseModel):
    """Every error response."""

    error: str
    message: str


class HealthOut(BaseModel):
    status: str
    version: str
    index: bool
    limits: dict[str, int | float]  # byte, character and source counts are integers; timeout_s a float
