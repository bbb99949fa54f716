"""Normalise text: the one form ingest stores, and the surface form verbatim checks compare.

Two normalisations with two jobs:

* :func:`normalize_text` runs once, in ingest, on raw input: NFC, ``\\n`` newlines, no zero-width
  characters, plain spaces. Quotes and dashes are kept, so every offset into ``Article.text`` still
  shows the reader what the article printed.
* :func:`normalize_surface` is a comparison key, never stored: NFKC, one kind of quote, one kind
  of dash, single spaces, case-folded. Two sentences that differ only in typography get the same key.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["QUOTE_TABLE", "collapse_whitespace", "normalize_surface", "normalize_text"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

#: Curly and angle quotes -> the ASCII ``"`` and ``'`` (a ``str.translate`` table).
QUOTE_TABLE = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Normalise raw text once: NFC, ``\\n`` newlines, no zero-width characters, plain spaces.

    Runs of spaces and tabs become one space, lines lose trailing spaces, control characters
    (other than newlines) are dropped. Quotes and dashes are kept as they are.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", _SPACES.sub(" ", text))
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def collapse_whitespace(text: str) -> str:
    """Return ``text`` on one line: every run of whitespace becomes one space, none at the ends."""
    return " ".join(text.split())


def normalize_surface(text: str) -> str:
    """Return a case-folded form with unified quotes, dashes and spaces (for verbatim checks)."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_TABLE)
    text = _DASHES.sub("-", text)
    return _WHITESPACE.sub(" ", text).strip().casefold()
