"""How much a word says: the two background word weights, and the tokenisers they go with.

There are two weightings, each pinned by something that must not change, so both are kept and
named apart rather than merged:

* **alignment** (:func:`content_words`, :func:`stem`, :func:`word_weight`): content words (spaCy's
  English stop list removed, possessive ``'s`` dropped), Snowball stems, and a weight of
  ``max(0.3, 7 - zipf)`` from ``wordfreq.zipf_frequency`` (its "best" list; any number weighs 5).
  :mod:`unspun.align` builds its sentence profiles from these; the reports depend on them.
* **index** (:func:`tokenize`, :func:`token_weight`, :class:`Weigher`): every letters-and-digits
  token, lower-cased, weighted ``max(0, 7 - zipf)`` from wordfreq's static "large" table, with
  numbers weighed by their shape and unknown words as rare. Everything here is a pure function of
  the text and of that static table, never of the index contents, so a signature computed when an
  article was added is the one computed when it is removed or re-added (the index format version
  pins this behaviour).

Why hand-written: the index must not run spaCy (indexing throughput) and needs one tokeniser
shared by add, query, re-rank and verification; a single regex over case-folded text is the fastest
thing that also splits the glued tokens of scraped news ("administration.According").

The heavy libraries (spaCy's stop list, wordfreq, numpy) are imported on first use, so importing
this module costs nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from unspun.text.normalize import QUOTE_TABLE

__all__ = [
    "UNKNOWN_WEIGHT",
    "W_CEIL",
    "Weigher",
    "content_words",
    "stem",
    "token_weight",
    "tokenize",
    "weigher",
    "weight_table",
    "word_weight",
]

# --------------------------------------------------------------------------- alignment weights

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_MAX_WEIGHT = 7.0


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # imported lazily: importing spaCy takes seconds

    return frozenset(STOP_WORDS) | {"s", "t", "also", "said", "says", "say"}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def word_weight(word: str) -> float:
    """Background informativeness of a content word (alignment): high for rare words, low for common.

    ``max(0.3, 7 - zipf)``; a word that starts with a digit weighs 5.
    """
    if word[0].isdigit():
        return 5.0
    from wordfreq import zipf_frequency

    return max(0.3, _MAX_WEIGHT - zipf_frequency(word, "en"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball (English) stem of a case-folded word."""
    return str(_stemmer().stemWord(word))


def content_words(text: str) -> list[str]:
    """Return the case-folded content words of ``text`` in order (alignment's tokeniser).

    Curly quotes count as straight ones; a possessive ``'s`` is dropped; thousands separators
    leave numbers; stop words and one-letter words are left out.
    """
    stop = _stop_words()
    words = []
    for raw in _WORD.findall(text.translate(QUOTE_TABLE)):
        w = raw.casefold()
        if w.endswith("'s"):
            w = w[:-2]
        if w[0].isdigit():
            w = w.replace(",", "")
        elif w in stop or len(w) < 2:
            continue
        words.append(w)
    return words


# --------------------------------------------------------------------------- index weights

# Weight of a token = how rare it is in general English: W_CEIL - zipf, clipped at 0
# (zipf = log10 of frequency per billion words). "the" (7.7) -> 0, "said" (6.0) -> 1.0,
# "ukraine" (4.3) -> 2.7, "zelensky" (1.8) -> 5.2. Words wordfreq does not know are treated as
# rarer than anything it knows (names, glued words, typos).
W_CEIL = 7.0
UNKNOWN_WEIGHT = 6.0

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _weights() -> dict[str, float]:
    """Load the static background table once: token -> weight."""
    import numpy as np
    import wordfreq  # imported lazily: 0.3 s to load its English list

    table = wordfreq.get_frequency_dict("en", wordlist="large")
    freqs = np.fromiter(table.values(), dtype=np.float64, count=len(table))
    zipf = np.log10(np.maximum(freqs, 1e-12) * 1e9)
    weights = np.maximum(0.0, W_CEIL - zipf)
    return dict(zip(table.keys(), weights.tolist(), strict=True))


def weight_table() -> dict[str, float]:
    """The static background table, token -> weight (read-only; words it lacks: :func:`token_weight`)."""
    return _weights()


def _number_weight(tok: str) -> float:
    """Weight of a token that contains digits (wordfreq folds all digits, so it cannot tell)."""
    if tok.isdigit():
        n = len(tok)
        if n == 1:
            return 1.0
        if n == 2:
            return 2.0
        if n == 4 and tok[:2] in ("19", "20"):
            return 2.5  # years: frequent in news, still informative
        return 4.0
    return 4.5  # "5g", "covid19", "3rd", "2m"


def token_weight(tok: str, table: dict[str, float] | None = None) -> float:
    """Return the static background weight of a lower-cased index token (0 for stop words)."""
    w = (table if table is not None else _weights()).get(tok)
    if w is not None:
        return w
    if any(c.isdigit() for c in tok):
        return _number_weight(tok)
    return 1.0 if len(tok) <= 2 else UNKNOWN_WEIGHT


class Weigher:
    """Caching token -> weight lookup (one per process; the table is read-only)."""

    __slots__ = ("_cache", "_table")

    def __init__(self) -> None:
        self._table = _weights()
        self._cache: dict[str, float] = {}

    def __call__(self, tok: str) -> float:
        w = self._table.get(tok)
        if w is not None:
            return w
        w = self._cache.get(tok)
        if w is None:
            w = token_weight(tok, self._table)
            if len(self._cache) < 1_000_000:
                self._cache[tok] = w
        return w


@lru_cache(maxsize=1)
def weigher() -> Weigher:
    """Return the process-wide :class:`Weigher`."""
    return Weigher()


# For ASCII text, str.translate + split gives exactly the regex's tokens, much faster
# than the regex; other text goes through the Unicode-aware regex.
_ASCII_SEPARATORS = {i: " " for i in range(128) if not chr(i).isalnum()}
# Almost all non-ASCII in English news is typographic punctuation (curly quotes, dashes, ellipsis,
# soft hyphen, no-break space). Replacing those few characters by spaces (each str.replace is one C
# scan) lets such text take the ASCII path instead of the much slower regex; all are non-word
# characters, so the tokens are exactly the regex's (tests/property/test_index_terms.py checks this).
_TYPOGRAPHIC = (
    "\u2019\u201d\u201c\u2014\u2013\u2018\u2026\u00ad"  # ’ ” “ — – ‘ … soft hyphen
    "\u00a0\u2022\u00a9\u00a3\u20ac\u00b0\u00ab\u00bb"  # no-break space • © £ € ° « »
)


def tokenize(text: str) -> list[str]:
    """Split text into lower-cased word tokens (letters and digits, Unicode-aware; the index's tokeniser)."""
    low = text.lower()
    if not low.isascii():
        for ch in _TYPOGRAPHIC:
            if ch in low:
                low = low.replace(ch, " ")
        if not low.isascii():
            return _TOKEN.findall(low)
    return low.translate(_ASCII_SEPARATORS).split()
