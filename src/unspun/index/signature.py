"""An article's signature: the rare terms it is indexed under and the norm of its weighted bag.

A pure function of the text and of ``IndexSettings.terms_per_doc`` (the static background weights
of :mod:`unspun.index.terms`, never the index contents), so a store computes it before it writes,
a second backend computes the very same one, and the signature of a stored article can be
recomputed from its text to delete its postings.
"""

from __future__ import annotations

from dataclasses import dataclass

from unspun.config import IndexSettings
from unspun.index.terms import doc_profile


@dataclass(frozen=True, slots=True)
class Signature:
    """The sorted, de-duplicated 64-bit term hashes of an article and its weighted-bag norm."""

    terms: tuple[int, ...]
    norm: float


def signature_of(text: str, settings: IndexSettings) -> Signature:
    """Return the signature of ``text``: its ``settings.terms_per_doc`` heaviest rare terms, hashed."""
    terms, norm = doc_profile(text, settings.terms_per_doc)
    return Signature(tuple(terms), norm)


__all__ = ["Signature", "signature_of"]
