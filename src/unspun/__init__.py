"""unspun: trace a rewritten news article back to its sources and audit what it changed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path

from unspun._version import __version__
from unspun.config import Settings, load_settings
from unspun.errors import (
    ConfigError,
    IndexLockedError,
    IndexMismatchError,
    IndexUnusableError,
    IngestError,
    InputError,
    ModelMissingError,
    SegmentationError,
    UnspunError,
)
from unspun.types import (
    AlignmentLink,
    Article,
    Finding,
    FindingType,
    InputFormat,
    Metrics,
    Report,
    Sentence,
    Severity,
    Span,
    Verdict,
    VerdictLabel,
)

logging.getLogger("unspun").addHandler(logging.NullHandler())


def compare(
    rewrite: str | Path | Article,
    sources: Iterable[str | Path | Article],
    *,
    published: dt.date | None = None,
    source_published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit ``rewrite`` against ``sources`` and return the report.

    Each input is one of:

    * an :class:`Article` (e.g. from :func:`article_from_text`), used as given;
    * a :class:`~pathlib.Path`, read as a file (.txt, .md, .html; format from the suffix);
    * a ``str``: the path of a file if it names an existing one, else the article's text itself
      (plain text, Markdown or HTML, sniffed). Text inputs get the doc_id "rewrite" / "source".

    ``sources`` is a list (or any iterable) even for one source: ``compare(rewrite, [source])``.
    See :func:`unspun.pipeline.compare`; imported lazily so that ``import unspun`` stays fast
    (the pipeline loads spaCy).

    Raises:
        TypeError: an input is not a str, Path or Article, or ``sources`` is a single article.
        InputError: no source, or an input cannot be read (IngestError, SegmentationError).
    """
    from unspun.pipeline import compare as _compare

    return _compare(
        rewrite, sources, published=published, source_published=source_published, settings=settings
    )


def article_from_text(
    text: str,
    *,
    doc_id: str = "article",
    fmt: InputFormat | str = "auto",
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> Article:
    """Ingest an article given as text (plain text, Markdown or HTML; ``fmt="auto"`` sniffs it).

    See :func:`unspun.ingest.article_from_text`; imported lazily like :func:`compare`.

    Raises:
        IngestError: unknown format, empty input, input larger than ``ingest.max_bytes``.
        SegmentationError: no body sentences.
    """
    from unspun.pipeline import article_from_text as _article_from_text

    return _article_from_text(
        text, doc_id=doc_id, fmt=fmt, published=published, url=url, title=title, settings=settings
    )


__all__ = [
    "AlignmentLink",
    "Article",
    "ConfigError",
    "Finding",
    "FindingType",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexUnusableError",
    "IngestError",
    "InputError",
    "InputFormat",
    "Metrics",
    "ModelMissingError",
    "Report",
    "SegmentationError",
    "Sentence",
    "Settings",
    "Severity",
    "Span",
    "UnspunError",
    "Verdict",
    "VerdictLabel",
    "__version__",
    "article_from_text",
    "compare",
    "load_settings",
]
