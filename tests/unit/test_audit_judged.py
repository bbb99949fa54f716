"""meaning_changed: the pair judge on aligned sentences the fact rules passed (unspun.audit.judged)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspun.audit.context import AuditContext
from unspun.audit.judged import JudgedRule, judged_lines
from unspun.audit.run import RULES
from unspun.config import JudgeKind, Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare, compare_articles
from unspun.report import ReportFormat, render
from unspun.semantic import JudgeLabel, PairJudgement, default_cross, judge_many
from unspun.types import Finding, FindingType, Report, Severity, Span

ROOT = Path(__file__).resolve().parents[2]
TAIL = "\n\nThe figures were published on the agency's website.\n\nA further update is due next month."
# a sentence of a BBC business report (../shared/data/distractors/bbc_news.jsonl, bbc-business-001)
SOURCE = (
    "The firm, which is now one of the biggest investors in Google, benefited from sales of "
    "high-speed internet connections and higher advert sales."
)
# the same sentence with a claim added that no number, date, name, quotation or attribution marks
ADDED = (
    "The firm, which is now one of the biggest investors in Google, benefited from sales of "
    "high-speed internet connections and higher advert sales, and from a tax cut."
)
PARAPHRASE = (
    "The firm, now among the biggest investors in Google, gained from sales of high-speed "
    "internet connections and from higher advertising sales."
)


def _on() -> Settings:
    """The rule on, with the static judge at its own fitted thresholds (the rule's mechanics)."""
    s = Settings()
    audit = dataclasses.replace(
        s.audit,
        meaning_changed=True,
        judge=JudgeKind.STATIC,
        meaning_changed_min=0.99,
        meaning_changed_min_similarity=0.65,
    )
    return dataclasses.replace(s, audit=audit)


def _on_cross() -> Settings:
    """The rule on, with the default judge (the cross-encoder) at the default thresholds."""
    s = Settings()
    return dataclasses.replace(s, audit=dataclasses.replace(s.audit, meaning_changed=True))


def _report(source: str, rewrite: str, cfg: Settings | None = None) -> Report:
    return compare_articles(
        article_from_text(rewrite + TAIL, doc_id="rw"),
        [article_from_text(source + TAIL, doc_id="src")],
        settings=cfg if cfg is not None else _on(),
    )


def _changed(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.type is FindingType.MEANING_CHANGED]


def _off() -> Settings:
    s = Settings()
    return dataclasses.replace(s, audit=dataclasses.replace(s.audit, meaning_changed=False))


def test_an_added_claim_the_fact_rules_miss_is_a_meaning_change() -> None:
    report = _report(SOURCE, ADDED)
    (f,) = _changed(report)
    assert [x.type for x in report.findings if x.type is not FindingType.OMISSION] == [f.type]
    assert f.severity in (Severity.MINOR, Severity.MAJOR)
    assert "tax cut" in f.rewrite.text
    assert f.after == f.rewrite.text
    assert f.source is not None
    assert f.source.text == SOURCE == f.before
    assert 0.99 <= f.confidence <= 1.0
    assert "may change the meaning" in f.message
    assert "1 sentence as changing" in report.verdict.reason


def test_a_faithful_paraphrase_gets_no_meaning_change() -> None:
    assert _changed(_report(SOURCE, PARAPHRASE)) == []


def test_the_rule_turned_off_reports_nothing() -> None:
    report = _report(SOURCE, ADDED, _off())
    assert _changed(report) == []
    assert "pair judge" not in report.verdict.reason


def test_the_finding_appears_in_every_render() -> None:
    report = _report(SOURCE, ADDED)
    for fmt in ReportFormat:
        assert "meaning_changed" in render(report, fmt), fmt


@cache
def _toretsk(judge: JudgeKind) -> Report:
    cfg = _on() if judge is JudgeKind.STATIC else _on_cross()
    return compare(ROOT / "examples/toretsk/rewrite.txt", [ROOT / "examples/toretsk/source.md"], settings=cfg)


@pytest.mark.parametrize("judge", list(JudgeKind))
def test_the_example_pair_gains_no_meaning_change_on_its_loose_paraphrases(judge: JudgeKind) -> None:
    # Read by hand: the rewrite's sentences the judge reads as CHANGED on the example pair are loose
    # but faithful paraphrases ("tore through a Soviet-era building, leaving a gaping hole" for
    # "ripped a hole dividing two sections of a Soviet-era building"); its real changes are
    # reported by the fact rules (tests/data/cases/toretsk/expected.json). The cross judge at its
    # fitted 0.97 / 0.6 is silent here; at 0.7 / 0.55 the stage-1 artifact called one faithful merged
    # sentence changed (BENCHMARKS.md section 6, "Cross-encoder judge in unspun").
    assert _changed(_toretsk(judge)) == []


def test_the_cross_judge_reads_the_added_claim_as_an_addition() -> None:
    # The cross-encoder calls ADDED "more" (P(source covers it) under its threshold) and the
    # paraphrase "same"; at the thresholds fitted on LLMFake train the rule does not report the
    # addition (p = 0.87 < 0.97): a judge's hint, not a finding, at this artifact.
    added = judge_many([(ADDED, [SOURCE]), (PARAPHRASE, [SOURCE])])
    assert added[0].label is JudgeLabel.MORE
    assert added[0].source_covers_rewrite < default_cross().threshold
    assert added[1].label is JudgeLabel.SAME
    assert _changed(_report(SOURCE, PARAPHRASE, _on_cross())) == []


class _Counting:
    """A stand-in judge: records what it is asked, answers CHANGED with probability ``p``, blames "gained"."""

    def __init__(self, p: float = 0.999) -> None:
        self.asked: list[str] = []
        self.p = p

    def __call__(self, rewrite_sentence: str, source_sentences: Sequence[str]) -> PairJudgement:
        self.asked.append(rewrite_sentence)
        probs = dict.fromkeys(JudgeLabel, 0.0) | {JudgeLabel.CHANGED: self.p}
        at = rewrite_sentence.find("gained")  # a word no source sentence holds
        return PairJudgement(JudgeLabel.CHANGED, probs, 1.0 - self.p, 0.0, (Span(at, at + 6),))


def test_the_judge_is_asked_only_about_close_aligned_sentences_without_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (rule,) = [r for r in RULES if isinstance(r, JudgedRule)]
    counting = _Counting()
    monkeypatch.setattr(rule, "_judge", counting)
    source = (
        "Officials said 120 people were evacuated from the flooded valley on Sunday morning.\n\n"
        "The river burst its banks after three days of heavy rain across the region.\n\n" + SOURCE
    )
    rewrite = (
        "Officials said 150 people were evacuated from the flooded valley on Sunday morning.\n\n"  # number
        "The river burst its banks after three days of heavy rain across the region.\n\n"  # verbatim
        "Volunteers handed out blankets and hot soup at the village hall all night.\n\n"  # unaligned
        + PARAPHRASE  # close, no finding: the only one asked
    )
    report = _report(source, rewrite)
    assert counting.asked == [PARAPHRASE]
    (f,) = _changed(report)
    assert f.rewrite.text == "gained"
    assert f.severity is Severity.MAJOR  # CHANGED at 0.999
    counting.asked.clear()
    _report(source, rewrite, _off())
    assert counting.asked == []  # turned off: never asked


@cache
def _context() -> AuditContext:
    report = _report(SOURCE + "\n\n" + SOURCE.replace("Google", "Yahoo"), ADDED + "\n\n" + PARAPHRASE)
    cfg = dataclasses.replace(Settings().audit, meaning_changed=True, meaning_changed_min_similarity=0.0)
    return AuditContext.build(report.rewrite, report.sources, report.facts, report.alignment, settings=cfg)


@settings(max_examples=40, deadline=None)
@given(
    p=st.floats(0.0, 1.0),
    lo=st.floats(0.0, 1.0),
    hi=st.floats(0.0, 1.0),
    label=st.sampled_from(list(JudgeLabel)),
)
def test_a_higher_minimum_never_adds_a_finding(p: float, lo: float, hi: float, label: JudgeLabel) -> None:
    ctx = _context()
    lo, hi = min(lo, hi), max(lo, hi)

    def fake(rewrite_sentence: str, source_sentences: Sequence[str]) -> PairJudgement:
        return PairJudgement(label, dict.fromkeys(JudgeLabel, 0.25), 1.0 - p, 0.5, ())

    def found(minimum: float) -> list[Finding]:
        cfg = dataclasses.replace(ctx.settings, meaning_changed_min=minimum)
        return list(JudgedRule(fake).check(dataclasses.replace(ctx, settings=cfg), ()))

    low, high = found(lo), found(hi)
    assert set(high) <= set(low)
    lines = judged_lines(ctx, (), 0.0)
    assert len(low) <= len(lines)
    for f in low:
        assert label in (JudgeLabel.CHANGED, JudgeLabel.MORE)
        assert f.confidence >= lo
        assert any(
            x.sentence.span.start <= f.rewrite.start <= f.rewrite.end <= x.sentence.span.end for x in lines
        )
        strong = label is JudgeLabel.CHANGED and f.confidence >= ctx.settings.meaning_changed_major
        assert f.severity is (Severity.MAJOR if strong else Severity.MINOR)


def test_an_addition_the_source_states_elsewhere_is_not_reported() -> None:
    # A rewrite that merges two source sentences: the aligner links the first, the judge then
    # blames "tax cut", which the second holds; asked again with it, the judge is satisfied.
    source = SOURCE + "\n\nA tax cut in December also helped the company."
    assert _changed(_report(SOURCE, ADDED)) != []
    assert _changed(_report(source, ADDED)) == []


def test_the_rule_is_an_opt_in() -> None:
    assert Settings().audit.meaning_changed is False
    assert _changed(_report(SOURCE, ADDED, Settings())) == []


def test_asking_the_cross_encoder_forward_first_changes_no_finding() -> None:
    # The rule asks the cross-encoder "does the source cover it?" of every sentence and gives only
    # the uncovered ones the full judgement; asking every sentence in full must find the same.
    ctx = _context()
    for minimum in (0.0, 0.5):
        cfg = dataclasses.replace(ctx.settings, judge=JudgeKind.CROSS, meaning_changed_min=minimum)
        at = dataclasses.replace(ctx, settings=cfg)
        shortcut = list(JudgedRule().check(at, ()))
        full = list(JudgedRule(batch_fn=lambda items: judge_many(items, kind=JudgeKind.CROSS)).check(at, ()))
        assert [(f.rewrite, f.severity) for f in shortcut] == [(f.rewrite, f.severity) for f in full]


def test_a_verdict_blaming_no_word_is_reported_over_the_sentence_only_when_asked() -> None:
    ctx = _context()

    def unblamed(rewrite_sentence: str, source_sentences: Sequence[str]) -> PairJudgement:
        return PairJudgement(JudgeLabel.CHANGED, dict.fromkeys(JudgeLabel, 0.25), 0.001, 0.001, ())

    def found(on: bool) -> list[Finding]:
        cfg = dataclasses.replace(ctx.settings, meaning_changed_unblamed=on)
        return list(JudgedRule(unblamed).check(dataclasses.replace(ctx, settings=cfg), ()))

    assert found(False) == []
    reported = found(True)
    lines = judged_lines(ctx, (), 0.0)
    assert [(f.rewrite.start, f.rewrite.end) for f in reported] == [
        (line.sentence.span.start, line.sentence.span.end) for line in lines
    ]
    assert all("all have counterparts" in f.message for f in reported)
