"""The installed package version, in a module of its own so that any module can import it.

``unspun/__init__.py`` imports the pipeline lazily and the pipeline needs the version; reading it
here (not from the package root) keeps every import pointing down the layers.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("unspun")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = ["__version__"]
