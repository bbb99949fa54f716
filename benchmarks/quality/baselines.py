"""Plain baselines of BASELINES.md: n-gram containment, TF-IDF cosine, RapidFuzz, overlap rule.

The entity-and-number overlap rule is written by hand because it is a definition
(BASELINES.md), not an algorithm a library offers: a rewrite token that is a number or is
capitalised and does not occur in the reference (case-insensitively) is "novel"; any novel
token flags the rewrite. The reference side also indexes the parts of glued tokens
("administration.According", "2018The", "saidThursday") so scraping glue raises no flag.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, utils
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.quality.data import word_tokens

# --------------------------------------------------------------------------- n-gram containment


def word_ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """Set of lower-cased word n-grams; a text shorter than n words gives one shingle."""
    toks = word_tokens(text)
    if not toks:
        return set()
    if len(toks) < n:
        return {tuple(toks)}
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def ngram_containment(query: str, reference: str, *, n: int = 5) -> float:
    """Share of the query's word n-grams that occur in the reference (0 if the query has none)."""
    q = word_ngrams(query, n)
    if not q:
        return 0.0
    return len(q & word_ngrams(reference, n)) / len(q)


# --------------------------------------------------------------------------- TF-IDF


@dataclass
class TfidfCosine:
    """``TfidfVectorizer`` cosine, fitted once on a corpus (rows are L2-normalised)."""

    vectorizer: TfidfVectorizer

    @classmethod
    def fit(cls, corpus: Sequence[str], *, ngram_max: int = 2, min_df: int = 2) -> TfidfCosine:
        vec = TfidfVectorizer(ngram_range=(1, ngram_max), sublinear_tf=True, min_df=min_df, dtype=np.float32)
        vec.fit(corpus)
        return cls(vec)

    def pairwise(self, a: Sequence[str], b: Sequence[str]) -> list[float]:
        """Cosine of a[i] with b[i] for every i."""
        va = self.vectorizer.transform(a)
        vb = self.vectorizer.transform(b)
        sims = np.asarray(va.multiply(vb).sum(axis=1)).ravel()
        return [float(x) for x in sims]


def token_set_ratio(a: str, b: str) -> float:
    """RapidFuzz ``token_set_ratio`` with ``utils.default_process`` (0-100)."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


# --------------------------------------------------------------------------- overlap rule

_REWRITE_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
_GLUE_SPLIT = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


@dataclass(frozen=True, slots=True)
class NovelToken:
    start: int
    end: int
    text: str
    is_number: bool


def _norm_number(tok: str) -> str:
    return tok.replace(",", "")


def reference_vocabulary(reference: str) -> set[str]:
    """Lower-cased tokens of the reference, with the parts of glued tokens added."""
    vocab: set[str] = set()
    for m in re.finditer(r"\S+", reference):
        chunk = m.group(0)
        for piece in [chunk, *_GLUE_SPLIT.split(chunk)]:
            for tok in _REWRITE_TOKEN.findall(piece):
                low = tok.lower()
                vocab.add(low)
                vocab.add(_norm_number(low))
                vocab.update(re.findall(r"\w+", low))
                if "'" in low or "’" in low:
                    vocab.add(re.split(r"['’]", low, maxsplit=1)[0])
    return vocab


def _sentence_initial(text: str, start: int) -> bool:
    """True if only white space separates ``start`` from the text start, a newline or a [.!?] mark.

    (A word right after an opening quote or bracket counts as not sentence-initial: this
    reproduces the BASELINES.md flag rates closest.)
    """
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in ".!?\n"


def novel_tokens(rewrite: str, reference: str, *, vocab: set[str] | None = None) -> list[NovelToken]:
    """Numbers and capitalised words of ``rewrite`` that the reference does not contain."""
    ref = reference_vocabulary(reference) if vocab is None else vocab
    out: list[NovelToken] = []
    for m in _REWRITE_TOKEN.finditer(rewrite):
        tok = m.group(0)
        is_number = tok[0].isdigit()
        if not is_number and (not tok[0].isupper() or _sentence_initial(rewrite, m.start())):
            continue
        low = tok.lower()
        if is_number:
            if low in ref or _norm_number(low) in ref:
                continue
        else:
            base = re.split(r"['’]", low, maxsplit=1)[0]
            if low in ref or base in ref:
                continue
        out.append(NovelToken(m.start(), m.end(), tok, is_number))
    return out


def overlap_rule_flags(rewrite: str, reference: str) -> bool:
    """The BASELINES.md rule: flag if any number or capitalised token is novel."""
    return bool(novel_tokens(rewrite, reference))
