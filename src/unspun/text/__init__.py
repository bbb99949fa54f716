"""The text layer: decoding, normalisation, sentence splitting and word weights.

One implementation of each, shared by ingest, align and the index:

* :mod:`unspun.text.decode`: bytes -> str (:func:`decode_bytes`, :func:`looks_binary`);
* :mod:`unspun.text.normalize`: :func:`normalize_text` (stored form), :func:`normalize_surface`
  (comparison key), :func:`collapse_whitespace`;
* :mod:`unspun.text.sentences`: :func:`split_sentences` (exact spans, ingest) and
  :func:`split_units` (fast rough units, index);
* :mod:`unspun.text.weights`: alignment weights (:func:`content_words`, :func:`stem`,
  :func:`word_weight`) and index weights (:func:`tokenize`, :func:`token_weight`,
  :class:`Weigher`, :func:`weigher`, :func:`weight_table`).

It sits above ``types``/``errors``/``config`` and below every stage.
"""

from __future__ import annotations

from unspun.text.decode import decode_bytes, looks_binary
from unspun.text.normalize import QUOTE_TABLE, collapse_whitespace, normalize_surface, normalize_text
from unspun.text.sentences import split_sentences, split_units
from unspun.text.weights import (
    UNKNOWN_WEIGHT,
    W_CEIL,
    Weigher,
    content_words,
    stem,
    token_weight,
    tokenize,
    weigher,
    weight_table,
    word_weight,
)

__all__ = [
    "QUOTE_TABLE",
    "UNKNOWN_WEIGHT",
    "W_CEIL",
    "Weigher",
    "collapse_whitespace",
    "content_words",
    "decode_bytes",
    "looks_binary",
    "normalize_surface",
    "normalize_text",
    "split_sentences",
    "split_units",
    "stem",
    "token_weight",
    "tokenize",
    "weigher",
    "weight_table",
    "word_weight",
]
