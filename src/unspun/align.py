"""Align rewrite sentences with the source sentences they derive from.

The similarity of two sentences combines two views:

* weighted content overlap: stems of content words (Snowball stemmer, spaCy's English stop
  list removed), each weighted by how informative the word is: rare in English (wordfreq's
  Zipf frequency) and, inside one comparison, rare among the sentences being aligned (local
  inverse sentence frequency). Precision (how much of the rewrite sentence the source sentence
  explains) and recall (how much of the source sentence the rewrite keeps) give an F-score;
* character similarity (rapidfuzz) on a normalised surface form, which recognises verbatim
  and near-verbatim copies whatever their words weigh.

No library aligns sentences many-to-many with reordering, merging and splitting, so the
linking below is ours: each rewrite sentence takes its best source sentence, then further
source sentences while they explain a sizeable part of the rewrite sentence that the ones
already taken do not (merges); several rewrite sentences may take the same source sentence
(splits, repetition). Nothing depends on order, so reordering costs nothing.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from unspun.config import AlignSettings
from unspun.gazetteer import country_of
from unspun.text import content_words as _content_words
from unspun.text import normalize_surface
from unspun.text import stem as _stem
from unspun.text import word_weight as _word_weight
from unspun.types import AlignmentLink, Article, LinkKind, Sentence

__all__ = [
    "SentenceProfile",
    "align",
    "link_kind",
    "normalize_surface",
    "profile",
    "sentence_similarity",
]


@lru_cache(maxsize=200_000)
def _country_stem(word: str) -> str | None:
    country = country_of(word) if word[0].isalpha() else None
    return _stem(country.split()[0]) if country else None


_QUOTED = re.compile(r'"([^"]{2,300})"')


@dataclass(frozen=True, slots=True)
class SentenceProfile:
    """What the aligner needs of one sentence: weighted stems, stem bigrams, surface form,
    and the quoted strings in it (a quotation shared word for word is strong evidence)."""

    stems: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    surface: str
    quotes: frozenset[str] = frozenset()

    @property
    def weight(self) -> float:
        return sum(self.stems.values())


@lru_cache(maxsize=50_000)
def profile(text: str) -> SentenceProfile:
    """Build the comparison profile of one sentence (cached: profiles are never mutated)."""
    words = _content_words(text)
    stems: dict[str, float] = {}
    seq = []
    for w in words:
        s = _stem(w)
        seq.append(s)
        weight = _word_weight(w)
        if weight > stems.get(s, 0.0):
            stems[s] = weight
        cs = _country_stem(w)
        if cs is not None and cs != s:
            # "Kyiv denied" restates "Ukrainian officials denied": a capital or a demonym
            # also counts as its country's word.
            stems[cs] = max(stems.get(cs, 0.0), weight)
    surface = normalize_surface(text)
    quotes = frozenset(q.strip(" ,.;:!?'") for q in _QUOTED.findall(surface))
    return SentenceProfile(stems, frozenset(itertools.pairwise(seq)), surface, quotes)


def _overlap(a: SentenceProfile, b: SentenceProfile, idf: dict[str, float] | None) -> tuple[float, float]:
    """Weighted precision (share of ``a`` explained by ``b``) and recall (share of ``b`` kept)."""

    def w(stem: str, base: float) -> float:
        return base * (idf.get(stem, 1.0) if idf else 1.0)

    wa = sum(w(s, x) for s, x in a.stems.items())
    wb = sum(w(s, x) for s, x in b.stems.items())
    if wa == 0.0 or wb == 0.0:
        return 0.0, 0.0
    shared = sum(w(s, x) for s, x in a.stems.items() if s in b.stems)
    return shared / wa, shared / wb


def _similarity(a: SentenceProfile, b: SentenceProfile, idf: dict[str, float] | None) -> float:
    p, r = _overlap(a, b, idf)
    f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    if a.bigrams and b.bigrams:
        shared = len(a.bigrams & b.bigrams)
        bf = 2 * shared / (len(a.bigrams) + len(b.bigrams))
    else:
        bf = f
    lexical = 0.8 * f + 0.2 * bf
    if a.quotes & b.quotes:
        # The same words between quotation marks: a restatement of the same report.
        lexical = 0.3 + 0.7 * lexical
    if not a.surface or not b.surface:
        return lexical
    char = Indel.normalized_similarity(a.surface, b.surface)
    # Character similarity alone is high for unrelated sentences of similar shape; it only
    # decides when it is very high (a copy with small edits).
    if char >= 0.85:
        return max(lexical, char)
    return lexical


def sentence_similarity(a: str, b: str) -> float:
    """Return the similarity in [0, 1] of two sentences (symmetric, 1.0 for equal text).

    Uses background word weights only; :func:`align` also weighs words by their rarity
    among the sentences being aligned.
    """
    pa, pb = profile(a), profile(b)
    if pa.surface == pb.surface:
        return 1.0
    s1 = _similarity(pa, pb, None)
    s2 = _similarity(pb, pa, None)
    return min(1.0, max(0.0, (s1 + s2) / 2))


def link_kind(a: SentenceProfile, b: SentenceProfile, settings: AlignSettings) -> LinkKind:
    """Classify a link as verbatim, near-verbatim or paraphrase from the surface forms."""
    if a.surface == b.surface:
        return LinkKind.VERBATIM
    ratio = Indel.normalized_similarity(a.surface, b.surface)
    if ratio >= settings.verbatim:
        return LinkKind.VERBATIM
    if ratio >= settings.near_verbatim or fuzz.partial_ratio(a.surface, b.surface) / 100 >= 0.97:
        return LinkKind.NEAR_VERBATIM
    return LinkKind.PARAPHRASE


def _local_idf(profiles: Iterable[SentenceProfile]) -> dict[str, float]:
    df: dict[str, int] = {}
    n = 0
    for p in profiles:
        n += 1
        for s in p.stems:
            df[s] = df.get(s, 0) + 1
    if n == 0:
        return {}
    # Damped inverse sentence frequency: a word in every sentence keeps a third of its weight.
    return {
        s: (1.0 + math.log((n + 1) / (d + 1))) / (1.0 + math.log(n + 1)) * 0.67 + 0.33 for s, d in df.items()
    }


def align(
    rewrite: Article,
    sources: Sequence[Article],
    *,
    settings: AlignSettings | None = None,
) -> tuple[AlignmentLink, ...]:
    """Link every rewrite body sentence to the source body sentences it derives from.

    Links come sorted by rewrite sentence, then by descending similarity. A rewrite body
    sentence without a link is unsupported; a source body sentence without one is omitted.
    """
    cfg = settings or AlignSettings()
    r_sents = rewrite.body
    s_sents: list[tuple[Article, Sentence]] = [(doc, s) for doc in sources for s in doc.body]
    if not r_sents or not s_sents:
        return ()
    r_prof = [profile(s.text) for s in r_sents]
    s_prof = [profile(s.text) for _, s in s_sents]
    idf = _local_idf([*r_prof, *s_prof])

    links: list[AlignmentLink] = []
    for rs, rp in zip(r_sents, r_prof, strict=True):
        if not rp.stems and not rp.surface:
            continue
        scored = []
        for si, sp in enumerate(s_prof):
            if rp.surface == sp.surface:
                scored.append((1.0, si))
                continue
            if not (rp.stems.keys() & sp.stems.keys()) and rp.surface[:20] != sp.surface[:20]:
                continue
            scored.append((_similarity(rp, sp, idf), si))
        if not scored:
            continue
        scored.sort(key=lambda t: -t[0])
        chosen = _choose(rp, scored, s_prof, idf, cfg)
        for sim, si in chosen:
            doc, ss = s_sents[si]
            links.append(
                AlignmentLink(
                    rewrite_index=rs.index,
                    source_id=doc.doc_id,
                    source_index=ss.index,
                    similarity=round(min(1.0, max(0.0, sim)), 4),
                    kind=link_kind(rp, s_prof[si], cfg),
                )
            )
    return tuple(links)


def _choose(
    rp: SentenceProfile,
    scored: list[tuple[float, int]],
    s_prof: Sequence[SentenceProfile],
    idf: dict[str, float],
    cfg: AlignSettings,
) -> list[tuple[float, int]]:
    """Pick the source sentences a rewrite sentence is built from (greedy coverage)."""
    best_sim, best_i = scored[0]
    total = sum(x * idf.get(s, 1.0) for s, x in rp.stems.items()) or 1.0

    def covered(stems: set[str]) -> float:
        return sum(x * idf.get(s, 1.0) for s, x in rp.stems.items() if s in stems) / total

    chosen: list[tuple[float, int]] = []
    have: set[str] = set()
    if best_sim >= cfg.min_similarity:
        chosen.append((best_sim, best_i))
        have |= s_prof[best_i].stems.keys()
    for sim, si in scored[1 : 1 + 4 * cfg.max_links_per_sentence]:
        if len(chosen) >= cfg.max_links_per_sentence:
            break
        if sim < 0.5 * cfg.min_similarity:
            break
        gain = covered(have | s_prof[si].stems.keys()) - covered(have)
        # A second (or first, for merges of weak pieces) source sentence must explain a
        # sizeable part of the rewrite sentence that the chosen ones do not (and be close
        # enough to the best one), or be mostly restated inside it (a short source sentence
        # merged into a long rewrite sentence).
        kept = _overlap(s_prof[si], rp, idf)[0]
        close = not chosen or sim >= cfg.secondary_ratio * best_sim
        if (close and gain >= 0.2) or (gain >= 0.08 and kept >= 0.45):
            chosen.append((sim, si))
            have |= s_prof[si].stems.keys()
    # Only weak pieces: accept them together only if they explain most of the sentence.
    if chosen and chosen[0][0] < cfg.min_similarity and (covered(have) < 0.6 or len(chosen) < 2):
        return []
    return chosen
