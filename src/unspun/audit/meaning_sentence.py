"""Reversed meaning read off whole sentences, with no pair of clauses to compare.

Two forms of ``meaning_reversed`` (:mod:`unspun.audit.meaning` tries them in its order):

* :func:`copied_flip`: the rewrite copies a source sentence word for word but for a negation it
  adds or drops; no parse is needed;
* :func:`covered_flip`: the lone negation that no source clause answers (the source reworded):
  the cross-encoder (:mod:`unspun.semantic.cross`, the model the pair judge uses) is asked
  whether the aligned source sentences say everything the rewrite sentence says, with and
  without its negation. A source that covers the sentence without it (P at least
  ``audit.meaning_cover_min``) much better than with it (by ``audit.meaning_cover_gain``) says
  the opposite of the rewrite: "San Juan mayor Carmen Yulín Cruz's party are facing fraud charges
  relating to the embezzlement of over $3 million" / "corruption charges were not brought against
  Mayor Carmen Yulín Cruz's party for the embezzlement of over $3 million". The thresholds were
  chosen on the planted dev half and LLMFake train faithful rewrites (session 8: 24 of 88 dev-pool
  lone-negation misses caught, none of 34 such faithful train lines; at P >= 0.7, 41 and 2, both
  false). A second band (session 10, :func:`_covered_without`): P without the negation at least
  ``audit.meaning_cover_band_min`` (0.5) and with it at most ``audit.meaning_cover_band_with``
  (0.05 when on), the source all but ruling the negated sentence out (17 more of the 738 dev-pool
  negations, no faithful train line, no dev twin); off by default (``meaning_cover_band_with``
  0.0): on the test halves it caught 5 more of 150 planted negations but flagged one faithful
  LLMFake test rewrite ("This decision does not confirm the existence of any investigation").
  Written by hand around the model: no library asks a model such a counterfactual question.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from unspun.audit.context import Line, changed
from unspun.config import AuditSettings
from unspun.facts.polarity import Predicate, negative_weight
from unspun.semantic import covers
from unspun.types import Finding, FindingType, Severity, Span

__all__ = ["copied_flip", "covered_flip"]

# a word with its offsets, "n't" split off its verb ("didn't" -> "did", "n't")
_TOKEN_RE = re.compile(r"[a-z0-9]+?(?=n't\b)|n't\b|[a-z0-9]+(?:'[a-z]+)?")
_NOT_WORDS = frozenset({"not", "n't", "never", "no"})
_STEMS = {"ca": "can", "wo": "will", "sha": "shall", "cannot": "can"}


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text``, lower case, with their offsets; "cannot" is "can" and "not"."""
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN_RE.finditer(text.lower().replace("’", "'")):
        w = m.group(0)
        out.append((m.start(), m.end(), _STEMS.get(w, w)))
        if w == "cannot":
            out.append((m.end(), m.end(), "not"))
    return out


def copied_flip(line: Line, confidence: float) -> Finding | None:
    """A source sentence the rewrite copies word for word but for a negation it adds or drops.

    "financial stocks, which were not down 3.70 percent" / "which were down 3.70 percent", "will
    not hold the remaining 50 pct" / "will hold ...": no parse is needed to see the reversal, and
    the parse may not give the clause (a copula with an adverb, a verb whose subject it hangs
    elsewhere; planted dev half). The count of negating words must differ (a "not only" is none);
    a question asserts nothing.
    """
    rs = line.sentence
    if rs.text.rstrip(" \"'”’)").endswith("?"):
        return None
    r_tok = _tokens(rs.text)
    r_words = [w for _, _, w in r_tok]
    r_plain = [w for w in r_words if w not in _NOT_WORDS]
    r_weight = negative_weight(rs.text)
    for d, s, _ in line.linked:
        s_tok = _tokens(s.text)
        s_words = [w for _, _, w in s_tok]
        if [w for w in s_words if w not in _NOT_WORDS] != r_plain or s_words == r_words:
            continue
        s_weight = negative_weight(s.text)
        if r_weight == s_weight:
            continue
        ops = [
            o
            for o in difflib.SequenceMatcher(a=s_words, b=r_words, autojunk=False).get_opcodes()
            if o[0] != "equal"
        ]
        _, i1, i2, j1, j2 = ops[0]
        # the changed words and one word either side: "were not down" / "were down"
        rlo, rhi = max(0, j1 - 1), min(len(r_tok), j2 + 1)
        slo, shi = max(0, i1 - 1), min(len(s_tok), i2 + 1)
        r_span = (r_tok[rlo][0], r_tok[rhi - 1][1])
        s_span = (s_tok[slo][0], s_tok[shi - 1][1])
        before, after = s.text[s_span[0] : s_span[1]], rs.text[r_span[0] : r_span[1]]
        if r_weight > s_weight:
            message = f"The rewrite adds a negation: the source says {before!r}, the rewrite {after!r}."
        else:
            message = (
                f"The rewrite drops the source's negation: the source says {before!r}, the rewrite {after!r}."
            )
        r0, s0 = rs.span.start, s.span.start
        return changed(
            FindingType.MEANING_REVERSED,
            Severity.CRITICAL,
            line.rewrite,
            Span(r0 + r_span[0], r0 + r_span[1]),
            d,
            Span(s0 + s_span[0], s0 + s_span[1]),
            message,
            (before, after),
            confidence,
        )
    return None


# a plain negating word at a cue's offset: "not", "n't", "never" (not "no one", "no longer")
_PLAIN_CUE = re.compile(r"n['’]t\b|not\b|never\b", re.IGNORECASE)
_N_T_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}


def _without_negation(text: str, p: Predicate) -> str | None:
    """``text`` with ``p``'s negating words taken out ("has not resulted" -> "has resulted",
    "won't" -> "will"), or None if one is not a plain "not", "n't" or "never"."""
    if not p.cues:
        return None
    out = text
    for at in sorted(p.cues, reverse=True):
        m = _PLAIN_CUE.match(out, at)
        if m is None:
            return None
        lo, hi = m.span()
        if m.group(0).lower().replace("’", "'") == "n't":
            stem = re.search(r"\b(ca|wo|sha)$", out[:lo], re.IGNORECASE)
            if stem is not None:  # "won't" -> "will", "can't" -> "can"
                lo = stem.start()
                out = out[:lo] + _N_T_STEMS[stem.group(1).lower()] + out[hi:]
                continue
        elif lo > 0 and out[lo - 1] == " ":
            lo -= 1  # "has not resulted" -> "has resulted"; "cannot" keeps its "can"
        out = out[:lo] + out[hi:]
    return out


def _covered_without(with_neg: float, without: float, settings: AuditSettings) -> bool:
    """True if the source covers the sentence without its negation (P ``without``) and not with it
    (P ``with_neg``): P at least ``meaning_cover_min`` and ``meaning_cover_gain`` above, or P at
    least ``meaning_cover_band_min`` with P with the negation at most ``meaning_cover_band_with``.

    The band (session 10): on the planted dev pool the lone negations the model misses under 0.8
    have P with the negation at most 0.04 ("has not resulted in" / "has actually led to": 0.010 /
    0.793, "has not arisen" / "has swiftly escalated": 0.006 / 0.734); a faithful negation keeps
    some P with it (LLMFake train and the dev twins: 0.064 at the least where P without it passes
    0.5, "the mayor has not distributed supplies" / "has been stingy with distribution"), and no
    faithful line under 0.05 has P without it above 0.43 ("Following the public announcement of
    ... separation, which coincided with ..." / "Remember when ... announced their split").
    """
    if without >= settings.meaning_cover_min and without - with_neg >= settings.meaning_cover_gain:
        return True
    band = settings.meaning_cover_band_with
    return band > 0.0 and without >= settings.meaning_cover_band_min and with_neg <= band


def covered_flip(
    line: Line, rp: Sequence[Predicate], source_text: str, settings: AuditSettings, confidence: float
) -> Finding | None:
    """The lone negation (the rewrite sentence's only negating word, none in ``source_text``) of
    an asserted clause whose source, by the cross-encoder, says the clause without it.

    The caller checks the lone negation and the link; here the negated clause must state
    something (asserted, a clause, no idiom, no question) and its negation be a plain "not",
    "n't" or "never". Planted dev half and LLMFake train faithful rewrites: see
    ``audit.meaning_cover_min``.
    """
    if settings.meaning_cover_min >= 1.0:
        return None
    rs = line.sentence
    negated = [p for p in rp if p.negated and p.clause and p.asserted and not p.idiom and not p.question]
    if len(negated) != 1:
        return None
    p = negated[0]
    plain = _without_negation(rs.text, p)
    if plain is None or negative_weight(plain) != 0:
        return None
    with_neg, without = covers([(source_text, rs.text), (source_text, plain)], threads=settings.judge_threads)
    if not _covered_without(with_neg, without, settings):
        return None
    d, s, _ = line.linked[0]
    after = rs.text[p.phrase_start : p.phrase_end]
    r0 = rs.span.start
    return changed(
        FindingType.MEANING_REVERSED,
        Severity.CRITICAL,
        line.rewrite,
        Span(r0 + p.phrase_start, r0 + p.phrase_end),
        d,
        s.span,
        f"The rewrite adds a negation: {after!r}, where the source says it holds.",
        (s.text, after),
        confidence,
    )
