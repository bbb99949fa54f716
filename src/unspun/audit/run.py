"""The audit rules, in the one tuple that lists them, and :func:`audit`, which runs them.

A new kind of finding is a new module with a rule object (see :class:`~unspun.audit.context.Rule`)
added to :data:`RULES`. Rules run in the order listed; each sees the findings of the rules
before it. Coverage runs last: its omissions skip source facts already reported as changed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from unspun.audit.attributions import AttributionRule
from unspun.audit.context import AuditContext, Rule
from unspun.audit.coverage import CoverageRule
from unspun.audit.credits import CreditRule
from unspun.audit.dates import DateRule
from unspun.audit.entities import EntityRule
from unspun.audit.judged import JudgedRule
from unspun.audit.meaning import MeaningRule
from unspun.audit.metrics import compute_metrics, decide_verdict
from unspun.audit.numbers import NumberRule
from unspun.audit.quotes import QuoteRule
from unspun.audit.speakers import SpeakerRule
from unspun.audit.substitutions import SubstitutionRule
from unspun.audit.unsupported import UnsupportedRule
from unspun.config import AuditSettings, JudgeKind, Settings
from unspun.semantic import default_cross, default_model
from unspun.types import (
    AlignmentLink,
    Article,
    AuditResult,
    FactSheet,
    Finding,
    FindingType,
    Verdict,
    VerdictLabel,
)

__all__ = ["RULES", "audit", "preload"]

RULES: tuple[Rule, ...] = (
    QuoteRule(),
    SpeakerRule(),
    NumberRule(),
    DateRule(),
    EntityRule(),
    MeaningRule(),
    AttributionRule(),
    CreditRule(),
    UnsupportedRule(),
    SubstitutionRule(),
    JudgedRule(),
    CoverageRule(),
)


def preload(cfg: AuditSettings) -> None:
    """Load every model the rules may call under ``cfg``, now rather than on first use.

    Two default rules ask the packaged cross-encoder only when a sentence needs it (a lone
    negation, :mod:`~unspun.audit.meaning_sentence`; a reworded quotation in its turn,
    :mod:`~unspun.audit.quotes`), so a plain compare does not load it; a long-lived process that
    forks workers (the service's fork server) calls this once so that every worker shares one copy.

    Raises:
        ModelMissingError: a model the settings need is missing or corrupt.
    """
    cross = cfg.meaning_cover_min < 1.0 or cfg.quote_order_cover < 1.0
    cross = cross or (cfg.meaning_changed and cfg.judge is JudgeKind.CROSS)
    if cross or cfg.meaning_changed:
        default_model()  # the static model: the quotation rule's order gap and the judge read it
    if cross:
        default_cross(cfg.judge_threads)


class _Findings:
    """Collects findings: one per change, however often the rewrite repeats it.

    An exact duplicate (same type, rewrite span and source value) is dropped. The same
    change again elsewhere (same type, same rewrite words, same values; for a finding about
    something absent, the same source place) is counted on the first one
    (:attr:`Finding.count`), so a rewrite that repeats a paragraph 40 times gets its
    findings once, each with its count.
    """

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._seen: set[tuple[str, int, int, str | None]] = set()
        self._same: dict[tuple[object, ...], int] = {}

    def add(self, f: Finding) -> None:
        key = (f.type.value, f.rewrite.start, f.rewrite.end, f.before)
        if key in self._seen:
            return
        self._seen.add(key)
        words = " ".join(f.rewrite.text.split()).casefold()
        place = None if words or f.source is None else (f.source_id, f.source.start, f.source.end)
        same = (f.type.value, words, f.before, f.after, place)
        at = self._same.get(same)
        if at is not None:
            first = self.items[at]
            keep = f if f.rewrite.start < first.rewrite.start else first  # the first in the rewrite
            self.items[at] = dataclasses.replace(keep, count=first.count + f.count)
            return
        self._same[same] = len(self.items)
        self.items.append(f)


def audit(
    rewrite: Article,
    sources: Sequence[Article],
    facts: FactSheet,
    links: Sequence[AlignmentLink],
    *,
    settings: Settings | None = None,
    rules: Sequence[Rule] = RULES,
) -> AuditResult:
    """Return the findings, metrics and verdict for an aligned rewrite.

    ``facts`` holds the facts of the rewrite and of every source, keyed by doc_id. Findings
    come in rewrite order, most severe first at equal positions. An independent rewrite gets
    no fact findings (there is nothing to compare it with). ``rules`` replaces :data:`RULES`
    (for tests and benchmarks of one family).
    """
    cfg = settings or Settings()
    metrics = compute_metrics(rewrite, sources, links)
    verdict = decide_verdict(metrics, settings=cfg.audit)
    if verdict.label is VerdictLabel.INDEPENDENT:
        return AuditResult((), metrics, verdict)
    ctx = AuditContext.build(rewrite, sources, facts, links, settings=cfg.audit)
    out = _Findings()
    for rule in rules:
        found = tuple(out.items)
        for finding in rule.check(ctx, found):
            out.add(finding)
    findings = sorted(out.items, key=lambda f: (f.rewrite.start, f.severity.rank, f.type.value))
    return AuditResult(tuple(findings), metrics, _with_judged(verdict, findings))


def _with_judged(verdict: Verdict, findings: Sequence[Finding]) -> Verdict:
    """Say in the verdict's reason how many sentences read as changed (``meaning_changed``: the
    pair judge's, and the swapped words of :mod:`~unspun.audit.substitutions`).

    The label and its confidence say how much of the rewrite derives from the sources, which
    a ``meaning_changed`` does not alter; it is a hint about faithfulness, so it is told, not
    counted (the findings of the fact rules are the evidence an editor acts on).
    """
    n = sum(f.count for f in findings if f.type is FindingType.MEANING_CHANGED)
    if not n:
        return verdict
    what = "1 sentence" if n == 1 else f"{n} sentences"
    reason = f"{verdict.reason}; the audit reads {what} as changing the source's meaning"
    return dataclasses.replace(verdict, reason=reason)
