"""Swapped words: a rewrite sentence that copies its source but for a content word.

* ``meaning_changed`` (major): a rewrite sentence that copies its source sentence(s) (the share
  of its words that stand there in runs of two or more, by Snowball stem, :func:`copied_share`;
  the best-linked source sentence alone, else every source sentence of that article it links
  to), with one stretch of at most ``audit.substitution_max_words`` words replaced between two
  copied words ("troubled" -> "triumphant", "clifftop" -> "building"), where

  - both stretches hold a content word (not a spaCy stop word), no number (numbers and dates
    are the fact rules') and no name (a capitalised word past the sentence's first: names and
    speakers are ``entity_mismatch`` and the quote rules'), and no earlier rule reported on the
    place (an antonym is ``meaning_reversed``: never reported twice);
  - the new words are no form of the old (same stem or WordNet lemma: "rose" / "rises"), no
    abbreviation of them ("UK" / "United Kingdom"), not the old written apart, and do not stand
    in the source sentences around the copied one (``audit.substitution_window`` either side: a
    word the rewrite moved, not invented);
  - and either the new word has the opposite polarity of the old (VADER valences of opposite
    sign, ``audit.substitution_polar_gap`` or more apart: "troubled" -2.0 / "triumphant" +2.4,
    "good" / "poor"), in a sentence that copies ``audit.substitution_polar_min_copied`` of its
    words; or it is no synonym of the old: static cosine (:mod:`unspun.semantic`) under
    ``audit.substitution_synonym_cosine`` and unrelated in WordNet (:mod:`unspun.audit.wordnet`:
    another synset, not one link away), in a sentence that copies
    ``audit.substitution_min_copied`` of its words, both stretches starting and ending on a
    content word with no comma inside (else the stretch is a seam between reworded clauses).

  At most one finding per rewrite sentence: its least similar stretch.

Synonymy is the hard part, and is measured, not assumed (``python -m
benchmarks.quality.substitutions``; BENCHMARKS.md section 3, session 8). On the train and dev
data the swaps that human-labelled consistent summaries and faithful LLM rewrites make ("known"
-> "recognized", "troubled" -> "embattled", "sizable" -> "significant", "anger" -> "dismay") are
as frequent as the swaps that change the claim, and neither the static cosine (it knows
relatedness: "death" / "passing" 0.08, "yellow" / "green" 0.56) nor WordNet (it lacks most loose
synonyms) nor the cross-encoder on the sentence with the word swapped in separates them: at a
copied share of 0.5 and a cosine under 0.5 (WordNet on) the rule fired on 8% of faithful LLMFake
train rewrites and 3% of manipulated ones, and on 20% of consistent SummEdits-news dev summaries
against 12% of inconsistent ones.
So it speaks only where a swap is plain: a nearly verbatim sentence (0.85) with a word unrelated
to the old one, or a polarity reversed.

Precision, measured (2026-11-30, session 8, BENCHMARKS.md section 3): on faithful LLMFake
rewrites it fires on 7 of 586 train articles and 4 of 586 test articles, all 11 read and false
(loose synonyms: "stems" / "comes", "major" / "significant"); on the planted benchmark on no twin
of the dev half (966) and 1 of 905 of the test half, where it also flags 2 planted quotation words
and, on dev, 1 planted antonym that ``meaning_reversed`` misses. On the test splits it adds 0.029
recall on inconsistent SummEdits-news summaries for 0.026 more false flags on consistent ones, and
1 of 300 LLMFake manipulations for 1 of 110 faithful rewrites. Hence major, not critical, and
off by default (``audit.substitutions``): it separates changed from faithful text no better than
chance on these sets, so it is there for an editor who wants every plain swap listed.

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
from importlib import resources

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
    "polar_flip",
    "reported",
    "source_options",
    "synonyms",
    "valence",
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
    copied: float = 1.0  # the share of the rewrite sentence's words copied (:func:`copied_share`)
    whole: bool = True  # both stretches start and end on a content word, no comma (:func:`_whole`)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str  # case-folded, trailing full stop dropped
    key: str  # what the two word lists are matched on: the stem
    part: int = 0  # which source part (sentence) it stands in
    name: bool = False  # capitalised, and not its sentence's first word: a name ("Ozy", "CEO")


@functools.lru_cache(maxsize=8192)
def _tokens(text: str, offset: int = 0, part: int = 0) -> tuple[_Token, ...]:
    """The words of ``text`` with their offsets (plus ``offset``); cached, as the window of every
    rewrite sentence reads the same source sentences again."""
    out: list[_Token] = []
    for m in _WORD_RE.finditer(text):
        w = m.group(0).casefold().replace("’", "'")
        bare = w.rstrip(".") if w.count(".") == 1 else w  # "U.K." keeps its stops, "road." does not
        end = m.end() - (len(w) - len(bare))
        if bare.endswith("'s"):
            bare = bare[:-2]
        name = bool(out) and m.group(0)[0].isupper()
        out.append(_Token(offset + m.start(), offset + end, bare, stem(bare) if bare else bare, part, name))
    return tuple(out)


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
    return _scan(
        rewrite, source, min_copied=min_copied, max_words=max_words, min_tile=min_tile, around=around
    )[1]


def _scan(
    rewrite: str,
    source: str | Sequence[tuple[int, str]],
    *,
    min_copied: float,
    max_words: int,
    min_tile: int,
    around: frozenset[str],
) -> tuple[float, list[Swap]]:
    """:func:`candidate_swaps`, with the copied share (0.0 when it is surely under ``min_copied``)."""
    r_tok = _tokens(rewrite)
    s_tok, s_text = _source_tokens(source)
    if len(r_tok) < 4 or not s_tok:
        return 0.0, []
    s_keys = {t.key for t in s_tok}
    if sum(1 for t in r_tok if t.key in s_keys) < min_copied * len(r_tok):
        return 0.0, []  # even if every shared word were copied: no need to tile
    where = _tiles(r_tok, s_tok, min_tile)
    copied = sum(1 for x in where if x is not None) / len(r_tok)
    if copied < min_copied:
        return copied, []
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
        if any(t.name for t in (*old, *new)):
            continue  # a name swapped: entity_mismatch and the quote rules' (names, speakers)
        old_c, new_c = _content(old), _content(new)
        if not old_c or not new_c:
            continue
        if {t.key for t in new_c} <= around or _same_word(old_c, new_c):
            continue
        if _abbreviates(old, new) or _glued(old) == _glued(new):
            continue  # "UK" / "United Kingdom", "NEWashington" / "NE Washington"
        out.append(
            Swap(
                old[0].start,
                old[-1].end,
                new[0].start,
                new[-1].end,
                s_text[old[0].start : old[-1].end],
                rewrite[new[0].start : new[-1].end],
                copied,
                _whole(old, s_text) and _whole(new, rewrite),
            )
        )
    return copied, out


def _whole(tokens: Sequence[_Token], text: str) -> bool:
    """True if the stretch starts and ends on a content word and holds no comma: a stretch such
    as "ordeal but" / "raid" or "Wolf" / "contributions, she" is the tiling's seam between two
    reworded clauses, not a swapped word (faithful LLMFake train rewrites)."""
    stop = _stop_words()
    return (
        tokens[0].word not in stop
        and tokens[-1].word not in stop
        and "," not in text[tokens[0].start : tokens[-1].end]
    )


def _glued(tokens: Sequence[_Token]) -> str:
    return "".join(t.word for t in tokens).replace("-", "").replace(".", "")


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


@functools.cache
def _valences() -> dict[str, float]:
    text = resources.files("unspun.audit").joinpath("data/valence.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {w: float(v) for w, v in rows}


def valence(words: str) -> float:
    """The valence (VADER, -4 .. +4) of the most polar content word of ``words``; 0 for none.

    A word is looked up as written, then as its WordNet lemmas ("faltered" -> "falter").
    """
    table, stop = _valences(), _stop_words()
    best = 0.0
    for w in words.casefold().replace("-", " ").split():
        if w in stop:
            continue  # "has" is no "ha"
        v = table.get(w)
        if v is None:
            v = next((table[x] for x in sorted(lemmas(w)) if x in table), 0.0)
        if abs(v) > abs(best):
            best = v
    return best


def polar_flip(swap: Swap, gap: float) -> bool:
    """True if ``swap`` trades a word for one of the opposite polarity, ``gap`` or more apart
    ("troubled" -2.0 / "triumphant" +2.4, "good" / "poor")."""
    a, b = valence(swap.before), valence(swap.after)
    return a * b < 0 and abs(a - b) >= gap


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
            if not reported(item[2], cos, cfg):
                continue
            key = item[0].sentence.index
            if key not in best or cos < best[key][0]:
                best[key] = (cos, item)
        for key in sorted(best):
            cos, (line, doc, swap) = best[key]
            yield _finding(line, doc, swap, cos)


def reported(swap: Swap, cosine: float, cfg: AuditSettings) -> bool:
    """True if the rule reports ``swap`` (static cosine ``cosine`` between its two stretches).

    A polarity flip (:func:`polar_flip`, ``audit.substitution_polar_gap``) in a sentence that
    copies ``audit.substitution_polar_min_copied`` of its words; else a word that is no synonym
    (cosine under ``audit.substitution_synonym_cosine``, not related by WordNet) in a sentence
    that copies ``audit.substitution_min_copied``.
    """
    if swap.copied >= cfg.substitution_polar_min_copied and polar_flip(swap, cfg.substitution_polar_gap):
        return True
    return (
        swap.whole
        and swap.copied >= cfg.substitution_min_copied
        and cosine < cfg.substitution_synonym_cosine
        and not (cfg.substitution_wordnet and synonyms(swap))
    )


def _line_swaps(
    line: Line, cfg: AuditSettings, taken: Sequence[tuple[int, int]]
) -> list[tuple[Line, SourceDoc, Swap]]:
    """The candidate swaps of ``line`` in the first source option it nearly copies."""
    r0 = line.sentence.span.start
    low = min(cfg.substitution_min_copied, cfg.substitution_polar_min_copied)
    around = window(line, line.linked[0][0], cfg.substitution_window)
    if {t.key for t in _content(_tokens(line.sentence.text))} <= around:
        return []  # every word of the sentence stands nearby in the source: nothing is new
    for doc, parts in source_options(line):
        copied, swaps = _scan(
            line.sentence.text,
            parts,
            min_copied=low,
            max_words=cfg.substitution_max_words,
            min_tile=2,
            around=around,
        )
        if swaps:
            return [
                (line, doc, w)
                for w in swaps
                if not any(a < r0 + w.rewrite_end and r0 + w.rewrite_start < b for a, b in taken)
            ]
        if copied >= low:
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
