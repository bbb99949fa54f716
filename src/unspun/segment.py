"""The segment stage's name for the sentence splitter, which lives in the text layer.

Kept so that ``from unspun.segment import split_sentences`` still works; new code imports
:func:`unspun.text.split_sentences`.
"""

from __future__ import annotations

from unspun.text.sentences import split_sentences

__all__ = ["split_sentences"]
