"""Align rewrite sentences with the source sentences they derive from.

The similarity of two sentences combines two views:

* weighted content overlap: stems of content words (Snowball stemmer, spaCy's English stop
  list removed), each weighted by how informative the word is: rare in English (wordfreq's
  Zipf frequency) and, inside one comparison, rare among the sentences being aligned (local
  inverse sentence frequency). Precision (how much of the rewrite sentence the source sentence
  explains) and recall (how much of the source sentence the rewrite keeps) give an F-score;
* character similarity (rapidfuzz) on a normalised surface form, which recognises verbatim
  and near-verbatim copies whatever their words weigh.

With ``align.similarity = "combined"`` (the default is ``"lexical"``) a third view raises the other two: the
static sentence cosine of :mod:`unspun.semantic` (a model2vec embedding distilled from
all-MiniLM-L6-v2), put on the same scale by :func:`unspun.semantic.similarity.lift`, so that a
reworded sentence with few words in common with its source still links (kind ``paraphrase``).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from unspun.config import AlignSettings, SimilarityView
from unspun.gazetteer import country_of
from unspun.semantic.similarity import SEMANTIC, combine, lexical_share
from unspun.text import content_words as _content_words
from unspun.text import normalize_surface
from unspun.text import stem as _stem
from unspun.text import word_weight as _word_weight
from unspun.text.names import swapped_back
from unspun.types import AlignmentLink, Article, LinkKind, Sentence

__all__ = [
    "LEXICAL",
    "CombinedSimilarity",
    "LexicalSimilarity",
    "SentenceProfile",
    "SentenceSimilarity",
    "align",
    "link_kind",
    "normalize_surface",
    "profile",
    "sentence_similarity",
    "similarity_matrix",
]


@lru_cache(maxsize=200_000)
def _country_stem(word: str) -> str | None:
    country = country_of(word) if word[0].isalpha() else None
    return _stem(country.split()[0]) if country else None


_QUOTED = re.compile(r'"([^"]{2,300})"')


@dataclass(frozen=True, slots=True)
class SentenceProfile:
    """What the aligner needs of one sentence: weighted stems, stem bigrams, surface form,
    and the quoted strings in it (a quotation shared word for word is strong evidence).

    Never mutated: the arrays that :func:`similarity_matrix` works on are derived once, here.
    """

    stems: dict[str, float]
    bigrams: frozenset[tuple[str, str]]
    surface: str
    quotes: frozenset[str] = frozenset()
    # Stems and bigrams as hash keys, weights as an array, in ``stems`` order (for the matrices).
    _stem_keys: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)
    _stem_weights: npt.NDArray[np.float64] = field(init=False, repr=False, compare=False)
    _bigram_keys: npt.NDArray[np.int64] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = np.fromiter((hash(s) for s in self.stems), dtype=np.int64, count=len(self.stems))
        weights = np.fromiter(self.stems.values(), dtype=np.float64, count=len(self.stems))
        bigrams = np.fromiter((hash(b) for b in self.bigrams), dtype=np.int64, count=len(self.bigrams))
        object.__setattr__(self, "_stem_keys", keys)
        object.__setattr__(self, "_stem_weights", weights)
        object.__setattr__(self, "_bigram_keys", bigrams)

    @property
    def weight(self) -> float:
        return sum(self.stems.values())


@lru_cache(maxsize=200_000)
def _word_stems(w: str) -> tuple[str, float, str | None]:
    """What one content word adds to a profile: its stem, its weight, its country's stem (or None).

    :func:`_stem`, :func:`_word_weight` and :func:`_country_stem` cached per word: index
    verification profiles thousands of sentences per query, and one lookup per word instead of
    three is most of their cost.
    """
    s = _stem(w)
    cs = _country_stem(w)
    return s, _word_weight(w), cs if cs != s else None


@lru_cache(maxsize=50_000)
def profile(text: str) -> SentenceProfile:
    """Build the comparison profile of one sentence (cached: profiles are never mutated)."""
    stems: dict[str, float] = {}
    seq = []
    for w in _content_words(text):
        s, weight, cs = _word_stems(w)
        seq.append(s)
        if weight > stems.get(s, 0.0):
            stems[s] = weight
        if cs is not None:
            # "Kyiv denied" restates "Ukrainian officials denied": a capital or a demonym
            # also counts as its country's word.
            stems[cs] = max(stems.get(cs, 0.0), weight)
    surface = normalize_surface(text)
    quotes: frozenset[str] = frozenset()
    if '"' in surface:
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


_CHAR_DECIDES = 0.85  # character similarity overrides the word views from here up (see _similarity)

FloatMatrix = npt.NDArray[np.float64]
BoolMatrix = npt.NDArray[np.bool_]


_EMPTY_KEYS: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)


def _columns(
    keys: Sequence[npt.NDArray[np.int64]], n: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], int, npt.NDArray[np.bool_]]:
    """Row and column of every key (one row per profile, one column per distinct key), the number
    of columns, and which keys occur both in the first ``n`` profiles and in the others."""
    lengths = np.fromiter((len(k) for k in keys), dtype=np.intp, count=len(keys))
    flat = np.concatenate(keys) if len(keys) else _EMPTY_KEYS
    uniq, inverse = np.unique(flat, return_inverse=True)
    rows = np.repeat(np.arange(len(keys)), lengths)
    cols = inverse.reshape(-1)
    first = rows < n
    in_first = np.bincount(cols[first], minlength=len(uniq)) > 0
    in_rest = np.bincount(cols[~first], minlength=len(uniq)) > 0
    return rows, cols, len(uniq), (in_first & in_rest)[cols]


def _shared_rows(
    rows: npt.NDArray[np.intp],
    cols: npt.NDArray[np.intp],
    values: FloatMatrix,
    keep: npt.NDArray[np.bool_],
    height: int,
) -> FloatMatrix:
    """Dense rows over the kept keys only (those both lists have: nothing else enters a product)."""
    kept_cols = cols[keep]
    compact = np.unique(kept_cols, return_inverse=True)[1].reshape(-1)
    out = np.zeros((height, int(compact.max()) + 1 if compact.size else 0))
    out[rows[keep], compact] = values[keep]
    return out


def _lexical_views(
    a: Sequence[SentenceProfile],
    b: Sequence[SentenceProfile],
    idf: Mapping[str, float] | None,
    *,
    local_idf: bool = False,
) -> tuple[FloatMatrix, BoolMatrix]:
    """The similarity of every pair (:func:`_similarity`), and whether the pair shares a stem.

    ``local_idf`` weighs stems by :func:`_local_idf` over ``a`` and ``b`` together (computed here on
    arrays) instead of by ``idf``. Each list becomes a dense matrix over the distinct stems (and
    one over the stem bigrams), so all pairs cost a few matrix products; the character view is one
    :func:`rapidfuzz.process.cdist` call that only resolves pairs reaching ``_CHAR_DECIDES``.
    """
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return np.zeros((n, m)), np.zeros((n, m), dtype=bool)
    both_lists = [*a, *b]
    rows, cols, width, keep = _columns([p._stem_keys for p in both_lists], n)
    base = np.concatenate([p._stem_weights for p in both_lists])
    if local_idf:
        total = len(both_lists)
        df = np.bincount(cols, minlength=width)  # a profile holds each stem once
        scale = (1.0 + np.log((total + 1) / (df + 1))) / (1.0 + np.log(total + 1)) * 0.67 + 0.33
        values = base * scale[cols]
    elif idf:
        values = base * np.array([idf.get(s, 1.0) for p in both_lists for s in p.stems])
    else:
        values = base
    # Summed in stems order, as the scalar sum in _overlap (np.bincount adds in array order).
    weights = np.bincount(rows, weights=values, minlength=n + m)
    stem_rows = _shared_rows(rows, cols, values, keep, n + m)
    ra, has_b = stem_rows[:n], (stem_rows[n:] > 0.0).astype(np.float64)
    wa, wb = weights[:n], weights[n:]
    # precision: share of a's weight (a's weights) on the stems b has; recall: that weight over b's
    shared = ra @ has_b.T
    shares_stem = ((ra > 0.0).astype(np.float64) @ has_b.T) > 0.0
    both = (wa[:, None] > 0.0) & (wb[None, :] > 0.0)
    bigram_keys = [p._bigram_keys for p in both_lists]
    brows, bcols, _, bkeep = _columns(bigram_keys, n)
    bigram_rows = _shared_rows(brows, bcols, np.ones(len(bcols)), bkeep, n + m)
    common = bigram_rows[:n] @ bigram_rows[n:].T
    counts = np.array([float(len(k)) for k in bigram_keys])
    la, lb = counts[:n, None], counts[None, n:]
    with np.errstate(divide="ignore", invalid="ignore"):
        prec = np.where(both, shared / wa[:, None], 0.0)
        rec = np.where(both, shared / wb[None, :], 0.0)
        f = np.where(prec + rec == 0.0, 0.0, 2 * prec * rec / (prec + rec))
        bf = np.where((la > 0.0) & (lb > 0.0), 2 * common / (la + lb), f)
    lexical = 0.8 * f + 0.2 * bf
    quoted = [j for j, p in enumerate(b) if p.quotes]
    if quoted:
        for i, p in enumerate(a):
            if p.quotes:
                for j in quoted:
                    if p.quotes & b[j].quotes:
                        lexical[i, j] = 0.3 + 0.7 * lexical[i, j]
    char = process.cdist(
        [p.surface for p in a],
        [p.surface for p in b],
        scorer=Indel.normalized_similarity,
        # Below the cutoff a pair scores 0 here and the word views decide. rapidfuzz applies the
        # cutoff to a distance computed from it, which drops a pair at exactly 0.85 (found by the
        # property test): a hair below, and the exact comparison with _CHAR_DECIDES follows.
        score_cutoff=_CHAR_DECIDES - 1e-6,
        dtype=np.float64,
    )
    surfaced = np.array([bool(p.surface) for p in a])[:, None] & np.array([bool(p.surface) for p in b])
    decides = surfaced & (char >= _CHAR_DECIDES)
    sim: FloatMatrix = np.where(decides, np.maximum(lexical, char), lexical)
    return sim, shares_stem


def similarity_matrix(
    rewrite_profiles: Sequence[SentenceProfile],
    source_profiles: Sequence[SentenceProfile],
    idf: Mapping[str, float] | None,
) -> FloatMatrix:
    """Return the len(rewrite) x len(source) matrix of the aligner's sentence similarity.

    Entry ``[i, j]`` equals the scalar similarity of rewrite sentence ``i`` to source sentence
    ``j`` (to float rounding): the F-score of the weighted stem overlap (each stem's background
    weight times ``idf``, 1.0 where a stem is missing or ``idf`` is None or empty), blended with
    the stem-bigram overlap, raised by a quotation both share, and replaced by the character
    similarity where that reaches 0.85 and is higher. Not symmetric: precision weighs the
    rewrite sentence's stems.
    """
    return _lexical_views(rewrite_profiles, source_profiles, idf)[0]


def _pairs(
    a: Sequence[SentenceProfile],
    b: Sequence[SentenceProfile],
    idf: Mapping[str, float] | None,
    *,
    local_idf: bool = False,
) -> tuple[FloatMatrix, BoolMatrix]:
    """The aligner's view of every pair: similarity (1.0 for equal surface forms) and candidacy.

    A pair is a candidate when the two sentences share a stem or open with the same 20
    characters (or are equal); other pairs are never linked, whatever their similarity.
    """
    sim, related = _lexical_views(a, b, idf, local_idf=local_idf)
    surface_ids: dict[str, int] = {}
    opening_ids: dict[str, int] = {}
    sa = np.array([surface_ids.setdefault(p.surface, len(surface_ids)) for p in a])
    sb = np.array([surface_ids.setdefault(p.surface, len(surface_ids)) for p in b])
    oa = np.array([opening_ids.setdefault(p.surface[:20], len(opening_ids)) for p in a])
    ob = np.array([opening_ids.setdefault(p.surface[:20], len(opening_ids)) for p in b])
    equal = sa[:, None] == sb[None, :]
    related = related | (oa[:, None] == ob[None, :]) | equal
    return np.where(equal, 1.0, sim), related


class SentenceSimilarity(Protocol):
    """How close each sentence of one list is to each sentence of another.

    The one place a similarity signal plugs in: :func:`align` links sentences by it and index
    verification (:func:`unspun.index.verify.verify`) counts aligned sentences by it. Entries are
    in [0, 1], higher is closer; 0 means "never link these two".
    """

    def __call__(self, rewrite: Sequence[str], source: Sequence[str]) -> FloatMatrix:
        """Return the len(rewrite) x len(source) similarity matrix."""
        ...


@dataclass(frozen=True, slots=True)
class LexicalSimilarity:
    """The aligner's similarity (:func:`similarity_matrix`) as a :class:`SentenceSimilarity`.

    Words are weighted by their local rarity among the sentences of both lists (as :func:`align`
    does with the rewrite and its sources); equal surface forms score 1.0 and pairs with nothing
    in common (no shared stem, different opening) score 0.
    """

    def __call__(self, rewrite: Sequence[str], source: Sequence[str]) -> FloatMatrix:
        rp = [profile(t) for t in rewrite]
        sp = [profile(t) for t in source]
        sim, related = _pairs(rp, sp, None, local_idf=True)
        # Clipped as align() clips each link: the quote bonus can lift the raw score above 1.
        out: FloatMatrix = np.clip(np.where(related, sim, 0.0), 0.0, 1.0)
        return out


LEXICAL = LexicalSimilarity()


@dataclass(frozen=True, slots=True)
class CombinedSimilarity:
    """:data:`LEXICAL` raised by the static sentence cosine (``align.similarity = "combined"``).

    ``max(lexical, lift(w * cosine + (1 - w) * lexical))`` (:func:`unspun.semantic.similarity.combine`)
    with ``w = settings.semantic_weight``, the threshold ``settings.semantic_link`` and the floor
    ``settings.min_similarity``: in [0, 1] and never below the lexical similarity. As in
    :func:`align`, the cosine raises nothing unless at least ``settings.semantic_min_share`` of the
    rewrite sentences reach ``min_similarity`` by the words alone.

    Raises (when called):
        ModelMissingError: the packaged semantic artifact is missing or corrupt.
    """

    settings: AlignSettings = field(default_factory=AlignSettings)

    def __call__(self, rewrite: Sequence[str], source: Sequence[str]) -> FloatMatrix:
        lexical = LEXICAL(rewrite, source)
        cfg = self.settings
        if lexical_share(lexical, cfg.min_similarity) < cfg.semantic_min_share:
            return lexical
        return combine(
            lexical,
            SEMANTIC(rewrite, source),
            weight=cfg.semantic_weight,
            link=cfg.semantic_link,
            floor=cfg.min_similarity,
        )


def sentence_similarity(a: str, b: str, *, settings: AlignSettings | None = None) -> float:
    """Return the similarity in [0, 1] of two sentences (symmetric, 1.0 for equal text).

    Uses background word weights only; :func:`align` also weighs words by their rarity
    among the sentences being aligned. With ``settings.similarity = "combined"`` the static
    cosine raises it as in :func:`align` (without :func:`align`'s condition on the share of linked
    sentences, which needs whole articles).

    Raises:
        ModelMissingError: the combined view is asked for and the semantic artifact is missing.
    """
    cfg = settings or AlignSettings()
    pa, pb = profile(a), profile(b)
    if pa.surface == pb.surface:
        return 1.0
    s1 = _similarity(pa, pb, None)
    s2 = _similarity(pb, pa, None)
    lexical = min(1.0, max(0.0, (s1 + s2) / 2))
    if cfg.similarity is SimilarityView.LEXICAL:
        return lexical
    cosine = SEMANTIC([a], [b])
    return float(
        combine(
            np.array([[lexical]]),
            cosine,
            weight=cfg.semantic_weight,
            link=cfg.semantic_link,
            floor=cfg.min_similarity,
        )[0, 0]
    )


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
    similarity: SentenceSimilarity | None = None,
) -> tuple[AlignmentLink, ...]:
    """Link every rewrite body sentence to the source body sentences it derives from.

    Links come sorted by rewrite sentence, then by descending similarity. A rewrite body
    sentence without a link is unsupported; a source body sentence without one is omitted.
    ``similarity`` replaces the aligner's own (the lexical similarity with word rarity taken over
    the rewrite and all sources together, raised by the static sentence cosine when
    ``settings.similarity`` is ``combined``); a pair it scores 0 is never linked.

    Raises:
        ModelMissingError: the combined view is asked for and the semantic artifact is missing.
    """
    cfg = settings or AlignSettings()
    r_sents = rewrite.body
    s_sents: list[tuple[Article, Sentence]] = [(doc, s) for doc in sources for s in doc.body]
    if not r_sents or not s_sents:
        return ()
    r_prof = [profile(s.text) for s in r_sents]
    s_prof = [profile(s.text) for _, s in s_sents]
    idf = _local_idf([*r_prof, *s_prof])
    if similarity is None:
        sim, related = _pairs(r_prof, s_prof, idf)
        usable = [i for i, p in enumerate(r_prof) if p.stems or p.surface]
        share = lexical_share(np.where(related, sim, 0.0)[usable], cfg.min_similarity)
        # a reworded link is believable in a rewrite the words already tie to these sources
        if cfg.similarity is SimilarityView.COMBINED and share >= cfg.semantic_min_share:
            cosine = SEMANTIC([s.text for s in r_sents], [s.text for _, s in s_sents])
            raised = combine(
                sim, cosine, weight=cfg.semantic_weight, link=cfg.semantic_link, floor=cfg.min_similarity
            )
            # a pair the words never relate becomes a candidate when its meaning is close enough
            related = related | (raised > sim)
            sim = raised
    else:
        sim = similarity([s.text for s in r_sents], [s.text for _, s in s_sents])
        related = sim > 0.0

    # only for the swapped-name links (off by default): align() runs once per candidate in trace
    s_texts = [s.text for _, s in s_sents] if cfg.name_swap_links else []
    known: set[str] = set().union(*(p.stems for p in s_prof)) if cfg.name_swap_links else set()
    links: list[AlignmentLink] = []
    for i, (rs, rp) in enumerate(zip(r_sents, r_prof, strict=True)):
        if not rp.stems and not rp.surface:
            continue
        cols = np.flatnonzero(related[i])
        if cols.size == 0:
            continue
        values = sim[i, cols]
        # Best first; equal similarities keep source order (a stable sort, as before).
        order = np.argsort(-values, kind="stable")
        scored = [(float(values[k]), int(cols[k])) for k in order]
        chosen = _choose(rp, scored, s_prof, idf, cfg)
        if cfg.name_swap_links:
            chosen = _with_swapped_name(rs.text, chosen, scored, s_texts, s_prof, idf, known, cfg)
        for value, si in chosen:
            doc, ss = s_sents[si]
            links.append(
                AlignmentLink(
                    rewrite_index=rs.index,
                    source_id=doc.doc_id,
                    source_index=ss.index,
                    similarity=round(min(1.0, max(0.0, value)), 4),
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


_SWAP_CANDIDATES = 5  # source sentences tried for a swapped name: the closest by the words (a search bound)


def _with_swapped_name(
    text: str,
    chosen: list[tuple[float, int]],
    scored: list[tuple[float, int]],
    s_texts: Sequence[str],
    s_prof: Sequence[SentenceProfile],
    idf: dict[str, float],
    known: set[str],
    cfg: AlignSettings,
) -> list[tuple[float, int]]:
    """``chosen``, or for a sentence that links nowhere, the source sentence a changed name alone
    kept it from.

    A rewrite sentence with one name found nowhere in the sources is read with a close source
    sentence's name put back in its place (:func:`unspun.text.names.swapped_back`); if so read it
    reaches ``name_swap_similarity`` with that sentence, it links there (with the similarity the
    words give): a copy with a name swapped derives from the source. Adding a further link to a
    linked sentence the same way was tried: on faithful LLMFake train rewrites it paired an added
    "Twitter" or "Hollywood" with a name of a sentence the rewrite does not restate.
    """
    if chosen:
        return chosen
    words = lambda t: set(profile(t).stems)  # noqa: E731
    best: tuple[float, float, int] | None = None
    for sim, si in scored[:_SWAP_CANDIDATES]:
        for back in swapped_back(text, s_texts[si], words, known=known):
            value = _similarity(profile(back), s_prof[si], idf)
            if value >= cfg.name_swap_similarity and (best is None or value > best[0]):
                best = (value, sim, si)
    return [] if best is None else [(best[1], best[2])]
