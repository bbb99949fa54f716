"""Features of a sentence pair for the pair judge (shared by training and run time).

The judge asks one directional question, "does the premise P say everything the hypothesis H
says?" (P covers H), and asks it both ways. The features of that question are

- how well P covers H's words: each content word of H gets its best match among P's words
  (1.0 for the same stem, else the cosine of the static word vectors), weighted by how rare
  the word is in English (wordfreq's Zipf scale);
- the words of H with no close counterpart, and those with only a near one (a swapped name,
  an antonym: close in vector space, not the same word);
- numbers, dates, capitalised names and negations of H missing from P;
- the same features the other way round (H covering P), then the sentence cosine and the
  element-wise product and difference of the two sentence vectors.

The feature order is part of the artifact: ``FEATURE_NAMES`` is stored with the weights and
checked when they are loaded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer  # type: ignore[import-untyped]
import wordfreq

from unspun.semantic.static import StaticEmbedder, Words

_STEMMER = snowballstemmer.stemmer("english")

# Zipf >= this: a function word ("the" 7.7, "and" 7.5, "is" 7.2, "with" 7.0). Such words count
# for nothing in coverage; negations are handled on their own below.
_FUNCTION_ZIPF = 6.6
_MAX_ZIPF = 8.0

NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "cannot"}
)
_MONTHS_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "twenty": "20",
    "hundred": "100",
    "thousand": "1000",
    "million": "1000000",
    "billion": "1000000000",
}
_DIGITS = re.compile(r"\d")

# Best-match cosine bands of a content word (static vectors of this model; unrelated words sit
# around 0.2-0.4, inflections and close synonyms above 0.8).
UNMATCHED_BELOW = 0.5
NEAR_BELOW = 0.8

DIRECTION_NAMES = (
    "cover_weighted",
    "cover_min",
    "cover_exact",
    "unmatched_share",
    "unmatched_count",
    "near_count",
    "uncovered_weight",
    "numbers_missing",
    "has_numbers",
    "names_missing",
    "dates_missing",
    "negation_missing",
    "log_length_ratio",
)
SYMMETRIC_NAMES = ("sentence_cosine", "negation_parity_differs", "both_numbers_differ")


def feature_names(dim: int) -> tuple[str, ...]:
    """Names of the judge's input features, in order, for vectors of ``dim`` dimensions."""
    return (
        tuple(f"hp_{n}" for n in DIRECTION_NAMES)
        + tuple(f"ph_{n}" for n in DIRECTION_NAMES)
        + SYMMETRIC_NAMES
        + tuple(f"prod_{i}" for i in range(dim))
        + tuple(f"absdiff_{i}" for i in range(dim))
    )


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    # one dict lookup per word; wordfreq.zipf_frequency re-tokenises each word it is given (~0.5 ms)
    return wordfreq.get_frequency_dict("en", wordlist="large")


def zipf(word: str) -> float:
    """Zipf frequency of a lower-cased word in English (0 when wordfreq does not know it)."""
    freq = _frequencies().get(word, 0.0)
    return math.log10(freq * 1e9) if freq > 0 else 0.0


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def is_function_word(word: str) -> bool:
    """True for frequent words that count for nothing in coverage ("the", "and", "with")."""
    return zipf(word.lower()) >= _FUNCTION_ZIPF


def number_key(token: str) -> str:
    """Compare form of a number token: no thousands separators, no trailing % or full stop."""
    return token.replace(",", "").rstrip("%").rstrip(".")


@dataclass(frozen=True, slots=True)
class Analysed:
    """A text's words with what the features need about each."""

    words: Words
    stems: tuple[str, ...]
    weights: np.ndarray  # rarity weight per word; 0 for function words, numbers and punctuation
    content: np.ndarray  # indices of content words
    numbers: frozenset[str]
    names: frozenset[str]  # capitalised words after the first, lower-cased
    dates: frozenset[str]
    negations: int
    lower: frozenset[str]


def analyse(embedder: StaticEmbedder, text: str) -> Analysed:
    """Tokenise ``text`` and collect its words' stems, weights, numbers, names and negations."""
    words = embedder.words(text)
    stems: list[str] = []
    weights = np.zeros(len(words.tokens), dtype=np.float32)
    numbers: set[str] = set()
    names: set[str] = set()
    dates: set[str] = set()
    negations = 0
    for i, tok in enumerate(words.tokens):
        low = tok.lower().replace("’", "'")
        stems.append(_stem(low))
        if _DIGITS.search(tok):
            numbers.add(number_key(tok))
            continue
        if low in _NUMBER_WORDS:
            numbers.add(_NUMBER_WORDS[low])
        if low in NEGATIONS or low.endswith("n't"):
            negations += 1
            continue
        if low in _MONTHS_DAYS and (tok[0].isupper() or low not in {"may", "march", "sun"}):
            dates.add(low)
        if i > 0 and tok[0].isupper() and len(tok) > 1:
            names.add(low)
        z = zipf(low)
        if z < _FUNCTION_ZIPF:
            weights[i] = 1.0 + (_FUNCTION_ZIPF - z) / (_FUNCTION_ZIPF - 1.0)
    content = np.flatnonzero(weights > 0)
    return Analysed(
        words=words,
        stems=tuple(stems),
        weights=weights,
        content=content,
        numbers=frozenset(numbers),
        names=frozenset(names),
        dates=frozenset(dates),
        negations=negations,
        lower=frozenset(t.lower() for t in words.tokens),
    )


def best_matches(premise: Analysed, hypothesis: Analysed) -> np.ndarray:
    """Best match in ``premise`` for each content word of ``hypothesis`` (same stem: 1.0)."""
    idx = hypothesis.content
    if not len(idx):
        return np.zeros(0, dtype=np.float32)
    if not len(premise.words.tokens):
        return np.zeros(len(idx), dtype=np.float32)
    sims = hypothesis.words.vectors[idx] @ premise.words.vectors.T
    best = sims.max(axis=1)
    pstems = set(premise.stems)
    exact = np.fromiter((hypothesis.stems[i] in pstems for i in idx), dtype=bool, count=len(idx))
    return np.where(exact, 1.0, np.clip(best, 0.0, 1.0)).astype(np.float32)


def _direction(premise: Analysed, hypothesis: Analysed) -> list[float]:
    """How well ``premise`` covers ``hypothesis`` (the DIRECTION_NAMES features)."""
    best = best_matches(premise, hypothesis)
    w = hypothesis.weights[hypothesis.content]
    if len(best):
        total = float(w.sum())
        cover_weighted = float((w * best).sum()) / total
        cover_min = float(best.min())
        cover_exact = float((w * (best >= 1.0)).sum()) / total
        unmatched = best < UNMATCHED_BELOW
        near = (best >= UNMATCHED_BELOW) & (best < NEAR_BELOW)
        unmatched_share = float(unmatched.mean())
        unmatched_count = min(5.0, float(unmatched.sum()))
        near_count = min(5.0, float(near.sum()))
        uncovered_weight = min(10.0, float((w * (1.0 - best)).sum()))
    else:
        cover_weighted = cover_min = cover_exact = 1.0
        unmatched_share = unmatched_count = near_count = uncovered_weight = 0.0
    missing_numbers = len(hypothesis.numbers - premise.numbers)
    missing_names = len(hypothesis.names - premise.lower)
    missing_dates = len(hypothesis.dates - premise.lower)
    return [
        cover_weighted,
        cover_min,
        cover_exact,
        unmatched_share,
        unmatched_count,
        near_count,
        uncovered_weight,
        min(3.0, float(missing_numbers)),
        1.0 if hypothesis.numbers else 0.0,
        min(3.0, float(missing_names)),
        min(3.0, float(missing_dates)),
        1.0 if hypothesis.negations > premise.negations else 0.0,
        math.log((1.0 + len(hypothesis.content)) / (1.0 + len(premise.content))),
    ]


def pair_features(premise: Analysed, hypothesis: Analysed) -> np.ndarray:
    """Feature vector of the question "does ``premise`` cover ``hypothesis``?" (``feature_names`` order)."""
    u, v = premise.words.sentence_vector, hypothesis.words.sentence_vector
    sym = [
        float(u @ v),
        1.0 if (premise.negations % 2) != (hypothesis.negations % 2) else 0.0,
        1.0 if premise.numbers and hypothesis.numbers and premise.numbers != hypothesis.numbers else 0.0,
    ]
    head = np.asarray(
        _direction(premise, hypothesis) + _direction(hypothesis, premise) + sym, dtype=np.float32
    )
    return np.concatenate([head, u * v, np.abs(u - v)]).astype(np.float32)
