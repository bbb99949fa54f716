"""Text shown on a terminal: control and bidirectional-override characters made visible.

An article, a file name or an id can carry characters that a terminal acts on instead of showing:
C0/C1 control characters (``ESC`` starts colour and cursor sequences), and the Unicode
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and friends), which reorder what follows
so that a line reads differently from what it holds ("Trojan Source", CVE-2021-42574). The
terminal renderer, the CLI's messages and ``unspun ingest --format text`` pass text through
:func:`visible`, which writes each such character as a visible escape ``<U+202E>``. JSON output
keeps the text exact and HTML escapes it; only what reaches a terminal is changed.

Hand-written (a few lines over :mod:`unicodedata`): rich passes ESC and the bidi controls through.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "visible"]

#: The Unicode bidirectional formatting characters (UAX #9): marks, embeddings, overrides, isolates.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)

# Fast path: text with none of the characters that need a look (controls, C1, bidi, separators).
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _needs_escape(ch: str, *, keep_newlines: bool) -> bool:
    if ch in BIDI_CONTROLS or ch in "\u2028\u2029":
        return True
    if ch == "\t" or (ch == "\n" and keep_newlines):
        return False
    return unicodedata.category(ch) == "Cc"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Return ``text`` with control and bidi-control characters written as ``<U+XXXX>``.

    Tabs are kept, and newlines unless ``keep_newlines`` is False. Every other character,
    including zero-width joiners and other format characters that only shape text (emoji,
    Indic scripts), is left as it is.
    """
    if not _SUSPECT.search(text) and (keep_newlines or "\n" not in text):
        return text
    return "".join(
        f"<U+{ord(ch):04X}>" if _needs_escape(ch, keep_newlines=keep_newlines) else ch for ch in text
    )
