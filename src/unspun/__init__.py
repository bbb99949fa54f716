"""unspun: trace a rewritten news article back to its sources and audit what it changed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from unspun._version import __version__
from unspun.config import Settings, load_settings
from unspun.errors import (
    ConfigError,
    IndexError_,
    IndexLockedError,
    IndexMismatchError,
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
    sources: Sequence[str | Path | Article],
    *,
    published: dt.date | None = None,
    source_published: dt.date | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit ``rewrite`` against ``sources`` (paths or Articles); see :func:`unspun.pipeline.compare`.

    Imported lazily so that ``import unspun`` stays fast (the pipeline loads spaCy).

    Raises:
        InputError: no source, or an input cannot be read (IngestError, SegmentationError).
    """
    from unspun.pipeline import compare as _compare

    return _compare(
        rewrite, sources, published=published, source_published=source_published, settings=settings
    )


__all__ = [
    "AlignmentLink",
    "Article",
    "ConfigError",
    "Finding",
    "FindingType",
    "IndexError_",
    "IndexLockedError",
    "IndexMismatchError",
    "IngestError",
    "InputError",
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
    "compare",
    "load_settings",
]
