"""Static sentence and word vectors: a model2vec embedding distilled from all-MiniLM-L6-v2.

A static model maps each WordPiece token to one vector; a text's vector is the mean of its
tokens' vectors, L2-normalised (model2vec's ``StaticModel.encode`` with ``normalize=True``).
The lookup is written here on numpy + ``tokenizers`` instead of importing model2vec because the
judge also needs each *word's* vector with its character offsets (to blame the words of a rewrite
that have no counterpart in the source), which model2vec's API does not expose, and because
model2vec adds joblib and a hub client to the install for a ten-line mean pool. A test checks
the two agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from tokenizers import Tokenizer

# A word: a number (with its separators and a trailing %), or letters with inner apostrophes
# ("didn't", "O'Brien"). Punctuation is not a word.
WORD_RE = re.compile(r"\d+(?:[.,:/]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Words:
    """The words of one text with their character spans and vectors.

    ``vectors[i]`` is the L2-normalised mean of the token vectors inside ``spans[i]`` (a zero
    row when the tokenizer gave the word no known token).
    """

    text: str
    tokens: tuple[str, ...]  # the words as written
    spans: tuple[tuple[int, int], ...]  # half-open [start, end) into text
    vectors: np.ndarray  # float32, shape (len(tokens), dim)
    sentence_vector: np.ndarray  # float32, shape (dim,), L2-normalised mean of all tokens


class StaticEmbedder:
    """Token-vector lookup with mean pooling over a fixed WordPiece vocabulary."""

    def __init__(self, tokenizer: Tokenizer, embeddings: np.ndarray, *, max_tokens: int = 512) -> None:
        if embeddings.ndim != 2 or embeddings.shape[0] != tokenizer.get_vocab_size():
            raise ValueError(
                f"embedding matrix {embeddings.shape} does not match the tokenizer's "
                f"{tokenizer.get_vocab_size()} tokens"
            )
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_tokens)
        self._tokenizer = tokenizer
        self._embeddings = np.ascontiguousarray(embeddings, dtype=np.float32)
        self._unk_id = tokenizer.token_to_id("[UNK]")

    @property
    def dim(self) -> int:
        """Vector dimension."""
        return int(self._embeddings.shape[1])

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per sentence (a zero row for a text with no token)."""
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        if not sentences:
            return out
        encodings = self._tokenizer.encode_batch_fast(list(sentences), add_special_tokens=False)
        id_lists = [enc.ids for enc in encodings]
        lengths = np.fromiter(map(len, id_lists), dtype=np.int64, count=len(id_lists))
        flat = np.fromiter(itertools.chain.from_iterable(id_lists), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(len(id_lists)), lengths)
        keep = flat != self._unk_id
        flat, owner = flat[keep], owner[keep]
        counts = np.bincount(owner, minlength=len(id_lists))
        rows = np.flatnonzero(counts)
        if len(rows):
            starts = np.concatenate([[0], np.cumsum(counts[rows])[:-1]])
            # sum per sentence; the mean's division is undone by the normalisation
            out[rows] = np.add.reduceat(self._embeddings[flat], starts, axis=0)
        return _normalise(out)

    def words(self, text: str) -> Words:
        """Split ``text`` into words and give each its vector (see :class:`Words`)."""
        matches = list(WORD_RE.finditer(text))
        enc = self._tokenizer.encode(text, add_special_tokens=False)
        ids = np.asarray(enc.ids, dtype=np.int64)
        keep = ids != self._unk_id
        ids = ids[keep]
        starts = np.asarray([o[0] for o in enc.offsets], dtype=np.int64)[keep]
        vectors = np.zeros((len(matches), self.dim), dtype=np.float32)
        sentence = np.zeros(self.dim, dtype=np.float32)
        if len(ids):
            rows = self._embeddings[ids]
            sentence = rows.mean(axis=0)
            if matches:
                word_starts = np.asarray([m.start() for m in matches], dtype=np.int64)
                word_ends = np.asarray([m.end() for m in matches], dtype=np.int64)
                # token -> the last word starting at or before it; kept if it also ends inside it
                owner = np.searchsorted(word_starts, starts, side="right") - 1
                inside = (owner >= 0) & (starts < word_ends[np.clip(owner, 0, None)])
                np.add.at(vectors, owner[inside], rows[inside])
            vectors = _normalise(vectors)
            sentence = _normalise(sentence[None, :])[0]
        return Words(
            text=text,
            tokens=tuple(m.group() for m in matches),
            spans=tuple((m.start(), m.end()) for m in matches),
            vectors=vectors,
            sentence_vector=sentence,
        )


def _normalise(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out: np.ndarray = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0).astype(np.float32)
    return out
