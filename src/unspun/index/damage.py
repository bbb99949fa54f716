"""What a failing index file becomes: one clear :class:`~unspun.errors.IndexUnusableError`.

A damaged SQLite file (pages overwritten, a truncated copy) usually opens fine and fails on
the first read of a bad page, which can be any query: a search, a stats call, a re-add. The
store's public methods go through :func:`guarded`, so that such a failure reaches the user as
"index DIR is damaged (...); rebuild it ..." (exit code 3) instead of an internal DatabaseError.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from unspun.errors import IndexLockedError, IndexUnusableError

__all__ = ["DB_NAME", "guarded", "rebuild_hint", "unusable"]

DB_NAME = "index.sqlite"  # the database file inside an index directory
_P = ParamSpec("_P")
_R = TypeVar("_R")


class _HasPath(Protocol):
    @property
    def path(self) -> Path: ...


_S = TypeVar("_S", bound=_HasPath)


def rebuild_hint(path: Path) -> str:
    """What to do about an index that cannot be read."""
    return f"rebuild it with 'unspun index add SOURCES --index NEW_DIR' (or restore {path / DB_NAME})"


def unusable(path: Path, exc: Exception) -> IndexLockedError | IndexUnusableError:
    """Map an SQLite (or stored-payload) failure on the index at ``path`` to a one-line error."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return IndexLockedError(f"index {path} is locked by another process ({text}); retry when it is done")
    if isinstance(exc, sqlite3.OperationalError) and "malformed" not in text:
        return IndexUnusableError(f"index {path} failed on disk ({text}); check the disk and permissions")
    return IndexUnusableError(f"index {path} is damaged ({text}); {rebuild_hint(path)}")


def guarded(method: Callable[Concatenate[_S, _P], _R]) -> Callable[Concatenate[_S, _P], _R]:
    """Turn SQLite, zlib and stored-payload errors inside ``method`` into :func:`unusable`'s errors."""

    @functools.wraps(method)
    def wrapper(self: _S, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise unusable(self.path, exc) from exc

    return wrapper
