"""unspun: trace a rewritten news article back to its sources and audit what it changed."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from unspun.config import Settings, load_settings
from unspun.errors import (
    ConfigError,
    IndexError_,
    IndexLockedError,
    IndexMismatchError,
    IngestError,
    InputError,
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

try:
    __version__ = version("unspun")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

logging.getLogger("unspun").addHandler(logging.NullHandler())


def compare(*args: object, **kwargs: object) -> Report:
    """Compare a rewrite with its source(s); see :func:`unspun.pipeline.compare`."""
    from unspun.pipeline import compare as _compare

    return _compare(*args, **kwargs)  # type: ignore[arg-type]


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
