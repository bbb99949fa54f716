"""The one exception hierarchy of unspun.

::

    UnspunError            base class; cli and service catch this and nothing else (exit 1, HTTP 500)
    ├── InputError         bad input from the caller (exit 2, HTTP 422)
    │   ├── ConfigError    invalid or contradictory settings
    │   ├── IngestError    input cannot be read or decoded (missing, binary, too large, empty)
    │   └── SegmentationError  an article yields no usable body sentences
    ├── ModelMissingError  a model is missing or corrupt: the English spaCy model or the
    │                      semantic artifact (exit 1, HTTP 500)
    └── IndexUnusableError index problems (exit 3, HTTP 503): missing, damaged, unreadable
        ├── IndexLockedError    another process holds the index
        └── IndexMismatchError  index was built by another version or is not an unspun index

Messages say what failed, the value that broke it, and what to do next.
"""

from __future__ import annotations

from typing import ClassVar


class UnspunError(Exception):
    """Base class for every error unspun raises on purpose."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500


class InputError(UnspunError):
    """Bad input from the caller."""

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 422


class ConfigError(InputError):
    """Invalid or contradictory settings."""


class IngestError(InputError):
    """An input cannot be read or decoded."""


class SegmentationError(InputError):
    """An article yields no usable body sentences."""


class ModelMissingError(UnspunError):
    """A model unspun needs is missing or corrupt: the English spaCy model, or the semantic
    artifact in ``unspun/models/semantic`` (an environment problem, not bad input)."""


class IndexUnusableError(UnspunError):
    """A source index cannot be used: missing, damaged, or failing on disk."""

    exit_code: ClassVar[int] = 3
    http_status: ClassVar[int] = 503


IndexError_ = IndexUnusableError
"""Deprecated alias of :class:`IndexUnusableError` (its name in 0.1.0), kept for one release."""


class IndexLockedError(IndexUnusableError):
    """Another process is writing to the index."""


class IndexMismatchError(IndexUnusableError):
    """The index was built by an incompatible version, or the directory is not an unspun index."""


__all__ = [
    "ConfigError",
    "IndexLockedError",
    "IndexMismatchError",
    "IndexUnusableError",
    "IngestError",
    "InputError",
    "ModelMissingError",
    "SegmentationError",
    "UnspunError",
]
