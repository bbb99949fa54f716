"""Changed meaning the fact rules cannot see: the trained pair judge on aligned sentences.

* ``meaning_changed`` (minor; major when the judge is sure): a rewrite sentence aligned
  closely to a source sentence (best link at least ``audit.meaning_changed_min_similarity``,
  not verbatim) that no earlier rule reported on, which the pair judge
  (:func:`unspun.semantic.judge`, asked against the sentence's linked source sentences)
  reads as saying something its source does not (label CHANGED, or MORE: an addition), with
  a probability that the source does not cover it of at least ``audit.meaning_changed_min``.
  The rewrite span runs from the first to the last word the judge blames (no close
  counterpart in the source); a verdict that blames no word is not reported: with nothing
  to show the editor it is the classifier's guess alone (it calls some exact reorderings
  CHANGED). The source span is the best-linked source sentence.

A rewrite often merges two source sentences while the aligner links one: when the blamed
words stand in other source sentences, the judge is asked again with those added, and the
sentence is reported only if it still flags it (the confidence is the lower of the two
probabilities).

The judge is asked only where it can add something, which also bounds its cost: close
rewrites of a source sentence, not verbatim copies, with no finding yet. Loose paraphrases
are left out: on them the judge misses the counterparts of reworded phrases and cries wolf
(LLMFake train; BENCHMARKS.md section 6). All sentences of one audit go to the judge in one
batch, the re-asked ones in a second. ``audit.judge`` picks the judge: the cross-encoder
(:mod:`unspun.semantic.cross`: it reads both sentences together, yet still misses most swapped
roles and antonyms) or the static coverage classifier (it sees which words lack a counterpart,
not how they relate); both are described in ``docs/model-card.md``. Either way the blamed
words come from the static word view, so the finding says "may change" and stays minor unless
the probability reaches
``audit.meaning_changed_major`` on a CHANGED label. ``audit.meaning_changed = false`` turns
the rule off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from unspun.audit.context import AuditContext, Line, changed
from unspun.config import AuditSettings, JudgeKind
from unspun.semantic import JudgeLabel, PairJudgement, default_cross, default_model, judge_many
from unspun.types import Finding, FindingType, LinkKind, Severity, Span

__all__ = ["BatchJudge", "Judge", "JudgedRule"]

#: what the rule asks: (rewrite sentence, its linked source sentences) -> the judge's verdict
Judge = Callable[[str, Sequence[str]], PairJudgement]
Item = tuple[str, Sequence[str]]
#: the same for many items at once, verdicts in order
BatchJudge = Callable[[Sequence[Item]], list[PairJudgement]]

_FLAGGED = (JudgeLabel.CHANGED, JudgeLabel.MORE)
_WORD = re.compile(r"\w+")
_ELSEWHERE = 3  # source sentences added to the premise when the blamed words stand elsewhere


class JudgedRule:
    """``meaning_changed``: the pair judge on aligned sentences the other rules passed.

    ``judge_fn`` replaces the packaged judge with one asked item by item (for tests), ``batch_fn``
    with one asked for many items at once (for benchmarks); by default the judge ``audit.judge``
    names answers, all sentences of an audit in one batch and the re-asked ones in a second.
    """

    name = "judged"

    def __init__(self, judge_fn: Judge | None = None, batch_fn: BatchJudge | None = None) -> None:
        self._judge = judge_fn
        self._batch = batch_fn

    def _asker(self, cfg: AuditSettings) -> Callable[[Sequence[Item]], Sequence[PairJudgement | None]]:
        one = self._judge
        if one is not None:
            return lambda items: [one(r, s) for r, s in items]
        if self._batch is not None:
            return self._batch
        if cfg.judge is JudgeKind.CROSS:
            return lambda items: _cross_first(items, cfg.judge_threads)
        return lambda items: judge_many(items, kind=cfg.judge, threads=cfg.judge_threads)

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield at most one ``meaning_changed`` per aligned rewrite sentence without findings."""
        cfg = ctx.settings
        if not cfg.meaning_changed:
            return
        if self._judge is None and self._batch is None:
            # Load the packaged models now, even if no sentence is asked about: a process that
            # warms up with one compare (the service's fork server) then holds them, and a
            # missing model is reported by every audit, not only by those that reach the judge.
            default_model()
            if cfg.judge is JudgeKind.CROSS:
                default_cross(cfg.judge_threads)
        ask = self._asker(cfg)
        taken = [(f.rewrite.start, f.rewrite.end) for f in found if f.rewrite.end > f.rewrite.start]
        lines = judged_lines(ctx, taken, cfg.meaning_changed_min_similarity)
        premises = [[s.text for _, s, _ in line.linked] for line in lines]
        first = ask([(line.sentence.text, premise) for line, premise in zip(lines, premises, strict=True)])
        flagged: list[tuple[Line, PairJudgement, float, list[str]]] = []
        again: list[tuple[str, Sequence[str]]] = []
        for line, premise, verdict in zip(lines, premises, first, strict=True):
            p = 0.0 if verdict is None else 1.0 - verdict.source_covers_rewrite
            if verdict is None or not _flags(verdict, p, cfg):
                continue  # blaming no word, the static judge had nothing to show (an exact reordering, say)
            # What the judge blames may stand elsewhere in the source: a rewrite often merges
            # two source sentences and the aligner links one. Ask again with the source
            # sentences that hold the blamed words; report only if the judge still flags it.
            elsewhere = _holding(ctx, line, _blamed_words(line.sentence.text, verdict.blamed))
            flagged.append((line, verdict, p, elsewhere))
            if elsewhere:
                again.append((line.sentence.text, premise + elsewhere))
        second = iter(ask(again) if again else [])
        for line, verdict, p, elsewhere in flagged:
            if elsewhere:
                again_verdict = next(second)
                if again_verdict is None:
                    continue
                verdict = again_verdict
                p = min(p, 1.0 - verdict.source_covers_rewrite)
                if not _flags(verdict, p, cfg):
                    continue
            strong = verdict.label is JudgeLabel.CHANGED and p >= cfg.meaning_changed_major
            yield _finding(line, verdict, p, Severity.MAJOR if strong else Severity.MINOR)


def _flags(verdict: PairJudgement | None, p: float, cfg: AuditSettings) -> bool:
    return (
        verdict is not None
        and verdict.label in _FLAGGED
        and p >= cfg.meaning_changed_min
        and (bool(verdict.blamed) or cfg.meaning_changed_unblamed)
    )


def _cross_first(items: Sequence[Item], threads: int) -> list[PairJudgement | None]:
    """The cross-encoder's verdicts, None where the source covers the sentence (never flagged).

    Only "does the source cover the sentence?" is asked of every item; the full judgement (both
    directions and the blamed words), which only a sentence the source does not cover needs, is
    computed for those alone. This
    halves the judge's cost on a faithful rewrite (BENCHMARKS.md section 6).
    """
    cross = default_cross(threads)
    forward = cross.covers([(" ".join(s.strip() for s in src), r) for r, src in items])
    ask = [i for i, p in enumerate(forward.tolist()) if p < cross.threshold]
    out: list[PairJudgement | None] = [None] * len(items)
    for i, verdict in zip(
        ask, judge_many([items[i] for i in ask], kind=JudgeKind.CROSS, threads=threads), strict=True
    ):
        out[i] = verdict
    return out


def judged_lines(ctx: AuditContext, taken: Sequence[tuple[int, int]], min_similarity: float) -> list[Line]:
    """The rewrite sentences the judge is asked about.

    Aligned to some source sentence at least ``min_similarity`` similar but not a verbatim
    copy of it, and overlapping no finding span in ``taken`` (``(start, end)`` in the rewrite).
    """
    out = []
    for line in ctx.linked_lines:
        start, end = line.sentence.span.start, line.sentence.span.end
        best = line.linked[0][2]
        if best.kind is LinkKind.VERBATIM or best.similarity < min_similarity:
            continue
        if any(a < end and start < b for a, b in taken):
            continue
        out.append(line)
    return out


def _blamed_words(sentence: str, blamed: Sequence[Span]) -> set[str]:
    """The blamed words of ``sentence`` (lower-cased, three letters or more)."""
    return {w.casefold() for b in blamed for w in _WORD.findall(sentence[b.start : b.end]) if len(w) >= 3}


def _holding(ctx: AuditContext, line: Line, words: set[str]) -> list[str]:
    """Up to ``_ELSEWHERE`` source body sentences not linked to ``line`` that hold blamed words.

    Most blamed words first; in source order at equal counts.
    """
    if not words:
        return []
    linked = {(d.article.doc_id, s.index) for d, s, _ in line.linked}
    scored: list[tuple[int, int, str]] = []
    for doc in ctx.docs.values():
        for s in doc.article.body:
            if (doc.article.doc_id, s.index) in linked:
                continue
            n = len(words & {w.casefold() for w in _WORD.findall(s.text)})
            if n:
                scored.append((-n, len(scored), s.text))
    return [text for _, _, text in sorted(scored)[:_ELSEWHERE]]


def _finding(line: Line, verdict: PairJudgement, p: float, severity: Severity) -> Finding:
    rs = line.sentence
    doc, src, _ = line.linked[0]
    r0 = rs.span.start
    if verdict.label is JudgeLabel.MORE:
        what = "adds to what its source sentence says"
    else:
        what = "says something other than its source sentence"
    if verdict.blamed:
        lo, hi = verdict.blamed[0].start, verdict.blamed[-1].end
        words = [rs.text[b.start : b.end] for b in verdict.blamed]
        blamed = ", ".join(repr(w) for w in words[:4]) + (" ..." if len(words) > 4 else "")
        why = f"no counterpart in the source for {blamed}"
    else:  # audit.meaning_changed_unblamed: every word has a counterpart; how they relate differs
        lo, hi = 0, len(rs.text)
        why = "its words all have counterparts in the source, so how they relate may differ"
    message = f"This sentence may change the meaning: it {what} (judge, p = {p:.2f}); {why}."
    return changed(
        FindingType.MEANING_CHANGED,
        severity,
        line.rewrite,
        Span(r0 + lo, r0 + hi),
        doc,
        src.span,
        message,
        (src.text, rs.text[lo:hi]),
        p,
    )
