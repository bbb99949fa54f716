"""Swapped words: a rewrite sentence that copies its source sentence but for a content word.

* ``meaning_changed`` (major): the rewrite sentence is a near copy of a source sentence it aligns
  to (at least ``audit.substitution_min_copied`` of its words, by Snowball stem, stand in the
  source sentence in the same order: :class:`difflib.SequenceMatcher` over the two word lists),
  and one stretch of at most ``audit.substitution_max_words`` words on each side is replaced
  ("clifftop" -> "building", "struggling" -> "thriving", "founder" -> "CEO"), where

  - both stretches hold a content word (not a spaCy stop word) and no number (numbers and dates
    are the fact rules'), and no earlier rule reported on the place (a name swap is
    ``entity_mismatch``, an antonym ``meaning_reversed``: not reported twice);
  - the new words are no inflection or other form of the old (same stem), no abbreviation of
    them ("U.K." / "United Kingdom"), and do not stand in the source sentences around the copied
    one (``audit.substitution_window`` either side: a word the rewrite moved, not invented);
  - the two stretches are not synonyms: their static cosine (:mod:`unspun.semantic`, the
    packaged model2vec vectors) is below ``audit.substitution_synonym_cosine``.

  At most one finding per rewrite sentence: its least similar stretch.

The synonym test is a word-vector cosine because no package on the registry ships a synonym
relation with its data (WordNet's ``wn`` and ``nltk`` download it at run time; see
``scripts/build_antonyms.py``), and a hand-made list would cover only the words someone thought
of. Static vectors know relatedness, not synonymy: "rose" / "fell" are close, so a swap for an
antonym is the meaning rule's, which runs first.

Why a rule of its own: the fact rules compare numbers, dates, names, negations and listed
antonyms; a common word swapped for another (the most frequent inconsistency of SummEdits-news
that unspun missed) has no fact to compare, and the pair judge (:mod:`~unspun.audit.judged`)
did not separate such swaps from faithful rewording (BENCHMARKS.md section 6).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.wordnet import lemmas, related
from unspun.config import AuditSettings
from unspun.semantic import default_model
from unspun.text import stem
from unspun.types import Finding, FindingType, Severity, Span

__all__ = [
    "SubstitutionRule",
    "Swap",
    "candidate_swaps",
    "copied_share",
    "minimal_pair",
    "source_options",
    "synonyms",
    "window",
]

_WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*\.?", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Swap:
    """One replaced stretch of a near-copied sentence: offsets into each sentence's own text."""

    source_start: int
    source_end: int
    rewrite_start: int
    rewrite_end: int
    before: str  # the source's words
    after: str  # the rewrite's words


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str  # case-folded, trailing full stop dropped
    key: str  # what the two word lists are matched on: the stem
    part: int = 0  # which source part (sentence) it stands in


def _tokens(text: str, offset: int = 0, part: int = 0) -> list[_Token]:
    """The words of ``text`` with their offsets (plus ``offset``)."""
    out = []
    for m in _WORD_RE.finditer(text):
        w = m.group(0).casefold().replace("’", "'")
        bare = w.rstrip(".") if w.count(".") == 1 else w  # "U.K." keeps its stops, "road." does not
        end = m.end() - (len(w) - len(bare))
        if bare.endswith("'s"):
            bare = bare[:-2]
        out.append(_Token(offset + m.start(), offset + end, bare, stem(bare) if bare else bare, part))
    return out


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # imported lazily: importing spaCy takes seconds

    return frozenset(STOP_WORDS) | {"said", "says", "say", "told", "tell", "tells"}


def _content(tokens: Sequence[_Token]) -> list[_Token]:
    stop = _stop_words()
    return [t for t in tokens if t.word not in stop and len(t.word) > 1]


def _same_word(old: Sequence[_Token], new: Sequence[_Token]) -> bool:
    """True if a word of ``new`` is a form of one of ``old``: the same stem ("rises" / "rising")
    or the same WordNet lemma ("rose" / "rises")."""
    if {t.key for t in new} & {t.key for t in old}:
        return True
    old_lemmas = {x for t in old for x in lemmas(t.word)}
    return any(lemmas(t.word) & old_lemmas for t in new)


def _initials(tokens: Sequence[_Token]) -> str:
    return "".join(t.word[0] for t in tokens if t.word)


def _abbreviates(a: Sequence[_Token], b: Sequence[_Token]) -> bool:
    """True if one stretch is the initials of the other ("U.K." / "United Kingdom", "CEO" / "chief
    executive officer")."""
    for short, long in ((a, b), (b, a)):
        if len(short) == 1 and len(long) >= 2:
            letters = short[0].word.replace(".", "")
            if letters and letters == _initials(long):
                return True
    return False


def _tiles(r_tok: Sequence[_Token], s_tok: Sequence[_Token], min_tile: int) -> list[int | None]:
    """Where each rewrite word stands in the source (its index there), None where it does not.

    Greedy string tiling over stems: the longest common runs of words first, each word of
    either side used once, runs of at least ``min_tile`` words. Unlike :mod:`difflib`'s
    matching blocks, tiles may cross, so a rewrite that copies two clauses in the other order
    ("On the eve of X, activists dumped paint" / "Activists dumped paint. ... comes on the eve
    of X": SummEdits-news dev) is still a copy of both.
    """
    n, m = len(r_tok), len(s_tok)
    run = [[0] * (m + 1) for _ in range(n + 1)]  # run[j][i]: common run starting at r j, s i
    for j in range(n - 1, -1, -1):
        rk, row, nxt = r_tok[j].key, run[j], run[j + 1]
        for i in range(m - 1, -1, -1):
            if rk == s_tok[i].key:
                row[i] = nxt[i + 1] + 1
    starts = sorted(
        ((run[j][i], j, i) for j in range(n) for i in range(m) if run[j][i] >= min_tile),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    where: list[int | None] = [None] * n
    used: set[int] = set()
    for length, j, i in starts:
        # the free stretch of this run: a longer tile may have taken its start or its end
        k = 0
        while k < length and (where[j + k] is not None or i + k in used):
            k += 1
        size = 0
        while k + size < length and where[j + k + size] is None and i + k + size not in used:
            size += 1
        if size < min_tile:
            continue
        for d in range(k, k + size):
            where[j + d] = i + d
            used.add(i + d)
    return where


def copied_share(rewrite: str, source: str | Sequence[tuple[int, str]], *, min_tile: int = 2) -> float:
    """The share of ``rewrite``'s words that stand in ``source`` in runs of ``min_tile`` or more
    (by stem, :func:`_tiles`)."""
    r_tok, s_tok = _tokens(rewrite), _source_tokens(source)[0]
    if not r_tok:
        return 0.0
    return sum(1 for x in _tiles(r_tok, s_tok, min_tile) if x is not None) / len(r_tok)


def _source_tokens(source: str | Sequence[tuple[int, str]]) -> tuple[list[_Token], str]:
    parts = [(0, source)] if isinstance(source, str) else list(source)
    toks = [t for i, (offset, text) in enumerate(parts) for t in _tokens(text, offset, i)]
    end = max((offset + len(text) for offset, text in parts), default=0)
    buf = [" "] * end
    for offset, text in parts:
        buf[offset : offset + len(text)] = text
    return toks, "".join(buf)


def candidate_swaps(
    rewrite: str,
    source: str | Sequence[tuple[int, str]],
    *,
    min_copied: float,
    max_words: int,
    min_tile: int = 2,
    around: frozenset[str] = frozenset(),
) -> list[Swap]:
    """The replaced stretches of ``rewrite`` that the synonym test must decide, if it is a near copy.

    ``source`` is one text or ``(offset, text)`` parts (the source sentences a rewrite sentence
    merges, offsets into their article; a swap's source offsets are then the article's).
    ``rewrite`` must keep at least ``min_copied`` of its words from ``source`` (:func:`_tiles`).
    A replaced stretch is a run of at most ``max_words`` rewrite words between two copied words
    whose source counterparts enclose at most ``max_words`` source words, none of them copied
    elsewhere, within one part; it is returned if both sides hold a content word and no digit,
    its new content words are not all in ``around`` (stems of the source text nearby), share no
    stem with the old and are no abbreviation of them.
    """
    r_tok = _tokens(rewrite)
    s_tok, s_text = _source_tokens(source)
    if len(r_tok) < 4 or not s_tok:
        return []
    where = _tiles(r_tok, s_tok, min_tile)
    if sum(1 for x in where if x is not None) < min_copied * len(r_tok):
        return []
    used = {x for x in where if x is not None}
    out = []
    j = 0
    while j < len(r_tok):
        if where[j] is not None:
            j += 1
            continue
        j2 = j
        while j2 < len(r_tok) and where[j2] is None:
            j2 += 1
        left, right = (where[j - 1] if j > 0 else None), (where[j2] if j2 < len(r_tok) else None)
        gap = (j, j2)
        j = j2
        if left is None or right is None:
            continue
        if not 0 < right - left - 1 <= max_words:
            # the next copied words may also stand just after the left ones, where the tiling
            # took another of their places ("of Ukraine" twice in the source)
            right = _near(r_tok, s_tok, gap[1], left, max_words, min_tile, used)
            if right is None:
                continue
        if gap[1] - gap[0] > max_words:
            continue
        old, new = s_tok[left + 1 : right], r_tok[gap[0] : gap[1]]
        if any(i in used for i in range(left + 1, right)) or old[0].part != old[-1].part:
            continue  # the old words moved, or the stretch crosses two source sentences
        if any(any(c.isdigit() for c in t.word) for t in (*old, *new)):
            continue
        old_c, new_c = _content(old), _content(new)
        if not old_c or not new_c:
            continue
        if {t.key for t in new_c} <= around or _same_word(old_c, new_c):
            continue
        if _abbreviates(old, new):
            continue
        out.append(
            Swap(
                old[0].start,
                old[-1].end,
                new[0].start,
                new[-1].end,
                s_text[old[0].start : old[-1].end],
                rewrite[new[0].start : new[-1].end],
            )
        )
    return out


def _near(
    r_tok: Sequence[_Token],
    s_tok: Sequence[_Token],
    j: int,
    left: int,
    max_words: int,
    size: int,
    used: set[int],
) -> int | None:
    """A source index within ``max_words`` after ``left`` + 1 where the ``size`` rewrite words from
    ``j`` stand too (their other place taken by the tiling), else None."""
    keys = [t.key for t in r_tok[j : j + size]]
    for i in range(left + 2, min(len(s_tok) - size, left + 1 + max_words) + 1):
        if [t.key for t in s_tok[i : i + size]] == keys and not any(x in used for x in range(left + 1, i)):
            return i
    return None


def synonyms(swap: Swap) -> bool:
    """True if WordNet relates the two stretches of ``swap`` (:func:`unspun.audit.wordnet.related`)."""
    stop = _stop_words()
    old = [w for w in swap.before.split() if w.casefold() not in stop]
    new = [w for w in swap.after.split() if w.casefold() not in stop]
    return bool(related(swap.before, swap.after, old_words=old, new_words=new))


def minimal_pair(doc: SourceDoc, swap: Swap) -> tuple[str, str]:
    """The source sentence that holds ``swap``'s old words, and the same with the new words."""
    for s in doc.article.sentences:
        if s.span.start <= swap.source_start and swap.source_end <= s.span.end:
            a, b = swap.source_start - s.span.start, swap.source_end - s.span.start
            return s.text, s.text[:a] + swap.after + s.text[b:]
    return swap.before, swap.after


def source_options(line: Line) -> list[tuple[SourceDoc, list[tuple[int, str]]]]:
    """What ``line`` may copy, in the order tried: its best-linked source sentence alone, then
    every source sentence of that article it links to, in reading order (a rewrite sentence that
    merges two). Each option is the article and its sentences as ``(offset, text)`` parts."""
    doc, best, _ = line.linked[0]
    out = [(doc, [(best.span.start, best.text)])]
    same = sorted({s.index: s for d, s, _ in line.linked if d is doc}.values(), key=lambda s: s.index)
    if len(same) > 1:
        out.append((doc, [(s.span.start, s.text) for s in same]))
    return out


def window(line: Line, doc: SourceDoc, width: int) -> frozenset[str]:
    """The stems of ``doc``'s sentences within ``width`` of a sentence ``line`` links to there."""
    sents = doc.article.sentences
    near = {
        i
        for d, s, _ in line.linked
        if d is doc
        for i in range(max(0, s.index - width), min(len(sents), s.index + width + 1))
    }
    return frozenset(t.key for i in sorted(near) for t in _tokens(sents[i].text))


class SubstitutionRule:
    """``meaning_changed``: a content word of a copied source sentence swapped for a non-synonym."""

    name = "substitutions"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield at most one finding per near-copied rewrite sentence with a swapped content word."""
        cfg = ctx.settings
        if not cfg.substitutions:
            return
        taken = [(f.rewrite.start, f.rewrite.end) for f in found if f.rewrite.end > f.rewrite.start]
        pending: list[tuple[Line, SourceDoc, Swap]] = []
        for line in ctx.linked_lines:
            pending.extend(_line_swaps(line, cfg, taken))
        if not pending:
            return
        model = default_model()
        before = model.embed([x[2].before for x in pending])
        after = model.embed([x[2].after for x in pending])
        cosines = np.einsum("ij,ij->i", before, after).tolist()
        best: dict[int, tuple[float, tuple[Line, SourceDoc, Swap]]] = {}
        for item, cos in zip(pending, cosines, strict=True):
            if cos >= cfg.substitution_synonym_cosine or (cfg.substitution_wordnet and synonyms(item[2])):
                continue
            key = item[0].sentence.index
            if key not in best or cos < best[key][0]:
                best[key] = (cos, item)
        for key in sorted(best):
            cos, (line, doc, swap) = best[key]
            yield _finding(line, doc, swap, cos)


def _line_swaps(
    line: Line, cfg: AuditSettings, taken: Sequence[tuple[int, int]]
) -> list[tuple[Line, SourceDoc, Swap]]:
    """The candidate swaps of ``line`` in the first source option it nearly copies."""
    r0 = line.sentence.span.start
    for doc, parts in source_options(line):
        swaps = candidate_swaps(
            line.sentence.text,
            parts,
            min_copied=cfg.substitution_min_copied,
            max_words=cfg.substitution_max_words,
            around=window(line, doc, cfg.substitution_window),
        )
        if swaps:
            return [
                (line, doc, w)
                for w in swaps
                if not any(a < r0 + w.rewrite_end and r0 + w.rewrite_start < b for a, b in taken)
            ]
        if copied_share(line.sentence.text, parts) >= cfg.substitution_min_copied:
            return []  # a near copy with nothing swapped
    return []


def _finding(line: Line, doc: SourceDoc, swap: Swap, cosine: float) -> Finding:
    r0 = line.sentence.span.start
    message = (
        f"The rewrite copies the source sentence but says {swap.after!r} where the source says "
        f"{swap.before!r}, which is not the same (word similarity {max(cosine, 0.0):.2f})."
    )
    return changed(
        FindingType.MEANING_CHANGED,
        Severity.MAJOR,
        line.rewrite,
        Span(r0 + swap.rewrite_start, r0 + swap.rewrite_end),
        doc,
        Span(swap.source_start, swap.source_end),
        message,
        (swap.before, swap.after),
        min(1.0, max(0.0, 1.0 - cosine)),
    )
