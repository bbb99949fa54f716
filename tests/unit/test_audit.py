from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from unspun.audit import RULES, AuditContext, Rule, audit, compute_metrics, decide_verdict
from unspun.audit.numbers import NumberRule
from unspun.config import AuditSettings, Settings
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import (
    AlignmentLink,
    Article,
    AuditResult,
    FactSheet,
    Finding,
    FindingType,
    LinkKind,
    Metrics,
    Severity,
    VerdictLabel,
)

SOURCE = """# Factory to close in Leeds

By Jane Smith for Reuters

March 3, 2025

The factory in Leeds will close in June, the company said on Monday.

About 400 workers will lose their jobs at the plant, according to the union.

"This is a betrayal of the workforce," union leader Mark Jones said.

The plant opened in 1987 and once employed 2,000 people.
"""


def _art(text: str, doc_id: str) -> Article:
    return article_from_text(text, doc_id=doc_id)


def _types(rewrite: str) -> list[str]:
    report = compare_articles(_art(rewrite, "rw"), [_art(SOURCE, "src")])
    return sorted(f.type.value for f in report.findings if f.type is not FindingType.CREDIT_DROPPED)


def test_credits_of_the_source_missing_from_the_rewrite_are_reported() -> None:
    body = SOURCE.split("March 3, 2025", 1)[1]
    report = compare_articles(_art(body, "rw"), [_art(SOURCE, "src")])
    dropped = {f.before for f in report.findings if f.type is FindingType.CREDIT_DROPPED}
    assert {"Jane Smith", "Reuters"} <= dropped


def test_faithful_restatement_has_no_fact_findings() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "According to the union, about 400 workers at the plant will lose their jobs.\n\n"
        '"This is a betrayal of the workforce," union leader Mark Jones said.\n\n'
        "The plant opened in 1987 and once employed 2,000 people."
    )
    assert _types(rewrite) == []


def test_changed_number_and_dropped_attribution() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "About 600 workers at the plant will lose their jobs.\n\n"
        '"This is a betrayal of the workforce," union leader Mark Jones said.\n\n'
        "The plant opened in 1987 and once employed 2,000 people."
    )
    assert _types(rewrite) == ["attribution_dropped", "number_mismatch"]


def test_cut_off_rewrite_is_truncated() -> None:
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "According to the union, about 400 workers at the plant will lose"
    )
    types = _types(rewrite)
    assert "truncated" in types
    assert "unsupported_claim" not in types


@pytest.mark.parametrize(
    ("last", "cut"),
    [
        ("More stories:\n\n- Union Leaders Meet Ministers Over Leeds Closure", False),  # a list item
        ("Leeds Factory Closure: What Happens Next", False),  # a heading
        ("More stories:\n\n- Union Leaders Meet Nige", True),  # a name cut short (Zipf 2.0)
        ("About 400 workers at the plant will lose", True),  # prose cut short, on a line of its own
    ],
)
def test_a_closing_heading_or_list_item_is_no_cut(last: str, cut: bool) -> None:
    rewrite = f"The company said on Monday that its Leeds factory will close in June.\n\n{last}"
    assert ("truncated" in _types(rewrite)) is cut


def test_a_copied_unterminated_source_line_is_no_cut() -> None:
    # The source leaves a paragraph without its full stop (fnc1 and AllSides articles do); the
    # rewrite that ends on the same words inherits it.
    source = SOURCE.replace("according to the union.", "according to the union")
    rewrite = (
        "The company said on Monday that its Leeds factory will close in June.\n\n"
        "About 400 workers will lose their jobs at the plant, according to the union"
    )
    report = compare_articles(
        article_from_text(rewrite, doc_id="rw"), [article_from_text(source, doc_id="src", fmt="markdown")]
    )
    assert "truncated" not in [f.type.value for f in report.findings]
    assert "truncated" in _types(rewrite)  # the same words against a source that ends them


def test_unrelated_article_is_independent_without_findings() -> None:
    other = (
        "The central bank left interest rates unchanged on Thursday, citing stubborn inflation.\n\n"
        "Economists had expected the decision after a run of strong wage data.\n\n"
        "The governor said further rises could not be ruled out this year."
    )
    report = compare_articles(_art(other, "rw"), [_art(SOURCE, "src")])
    assert report.verdict.label is VerdictLabel.INDEPENDENT
    assert report.findings == ()


def _metrics(d: float, v: float, aligned: int, n: int = 10) -> Metrics:
    return Metrics(d, 0.5, v, n, n, aligned)


@pytest.mark.parametrize(
    ("metrics", "label"),
    [
        (_metrics(1.0, 1.0, 10), VerdictLabel.COPY),
        (_metrics(0.8, 0.1, 8), VerdictLabel.REWRITE),
        (_metrics(0.3, 0.0, 3), VerdictLabel.PARTIAL),
        (_metrics(0.4, 0.0, 1, n=2), VerdictLabel.PARTIAL),
        (_metrics(0.1, 0.0, 1), VerdictLabel.INDEPENDENT),
        (_metrics(0.0, 0.0, 0), VerdictLabel.INDEPENDENT),
    ],
    ids=["copy", "rewrite", "partial", "short-partial", "independent", "nothing"],
)
def test_verdict_thresholds(metrics: Metrics, label: VerdictLabel) -> None:
    verdict = decide_verdict(metrics)
    assert verdict.label is label
    assert 0.0 <= verdict.confidence <= 1.0


def test_metrics_are_character_weighted_shares() -> None:
    src = _art("One sentence here is long enough to count.\n\nAnother sentence follows it here.", "s")
    rw = _art("One sentence here is long enough to count.\n\nSomething else entirely is said now.", "r")
    link = AlignmentLink(rw.body[0].index, "s", src.body[0].index, 1.0, LinkKind.VERBATIM)
    m = compute_metrics(rw, [src], [link])
    r_total = sum(len(s.text) for s in rw.body)
    assert m.derived_share == pytest.approx(len(rw.body[0].text) / r_total)
    assert m.verbatim_share == m.derived_share
    assert 0.0 < m.source_coverage < 1.0


# --------------------------------------------------------------------------- the rules package

FAMILIES = (
    "numbers",
    "dates",
    "entities",
    "meaning",
    "quotes",
    "speakers",
    "attributions",
    "coverage",
    "credits",
    "unsupported",
    "substitutions",
    "judged",
)

CHANGED = (
    "The company said on Monday that its Leeds factory will close in June.\n\n"
    "About 600 workers at the plant will lose their jobs.\n\n"
    '"This is a betrayal of the workforce," union leader Mark Jones said.\n\n'
    "The plant opened in 1987 and once employed 2,000 people."
)


def _inputs(rewrite: str) -> tuple[Article, tuple[Article, ...], FactSheet, tuple[AlignmentLink, ...]]:
    report = compare_articles(_art(rewrite, "rw"), [_art(SOURCE, "src")])
    return report.rewrite, report.sources, report.facts, report.alignment


def test_rules_hold_one_rule_per_fact_family_each_in_its_module() -> None:
    names = [rule.name for rule in RULES]
    assert sorted(names) == sorted(FAMILIES)
    assert [type(rule).__module__ for rule in RULES] == [f"unspun.audit.{name}" for name in names]
    # Omissions skip source facts that an earlier rule reported as changed.
    assert names[-1] == "coverage"


def test_audit_returns_the_typed_result_the_report_carries() -> None:
    report = compare_articles(_art(CHANGED, "rw"), [_art(SOURCE, "src")])
    result = audit(report.rewrite, report.sources, report.facts, report.alignment)
    assert isinstance(result, AuditResult)
    assert result == AuditResult(report.findings, report.metrics, report.verdict)
    assert FindingType.NUMBER_MISMATCH in {f.type for f in result.findings}
    assert AuditResult.from_dict(result.to_dict()).to_dict() == result.to_dict()


def test_audit_runs_the_rules_it_is_given_and_each_sees_the_findings_before_it() -> None:
    inputs = _inputs(CHANGED)
    assert [f.type for f in audit(*inputs, rules=(NumberRule(),)).findings] == [FindingType.NUMBER_MISMATCH]
    seen: list[tuple[str, ...]] = []

    class Spy:
        name = "spy"

        def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
            seen.append(tuple(f.type.value for f in found))
            yield from ()

    spy: Rule = Spy()
    assert [f.type for f in audit(*inputs, rules=(NumberRule(), spy)).findings] == [
        FindingType.NUMBER_MISMATCH
    ]
    assert seen == [("number_mismatch",)]


def test_an_independent_rewrite_runs_no_rule() -> None:
    other = "The central bank left interest rates unchanged on Thursday, citing stubborn inflation."
    called: list[str] = []

    class Spy:
        name = "spy"

        def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
            called.append(self.name)
            yield from ()

    result = audit(*_inputs(other), rules=(Spy(),))
    assert result.verdict.label is VerdictLabel.INDEPENDENT
    assert (result.findings, called) == ((), [])


def test_confident_link_setting_gates_dropped_attributions() -> None:
    inputs = _inputs(CHANGED)
    strict = Settings(audit=AuditSettings(confident_link=1.0, attribution_within_share=1.01))
    assert FindingType.ATTRIBUTION_DROPPED in {f.type for f in audit(*inputs).findings}
    assert FindingType.ATTRIBUTION_DROPPED not in {f.type for f in audit(*inputs, settings=strict).findings}
    # under the link's cut, a rewrite sentence whose words all stand in the source sentence still counts
    loose = Settings(audit=AuditSettings(confident_link=1.0))
    assert FindingType.ATTRIBUTION_DROPPED in {f.type for f in audit(*inputs, settings=loose).findings}


def test_quote_critical_words_setting_sets_the_severity_of_a_fabricated_quote() -> None:
    rewrite = CHANGED.replace("This is a betrayal of the workforce", "We will fight this decision in court")
    inputs = _inputs(rewrite)

    def severity(settings: Settings) -> Severity:
        (f,) = [
            f for f in audit(*inputs, settings=settings).findings if f.type is FindingType.QUOTE_FABRICATED
        ]
        return f.severity

    assert severity(Settings()) is Severity.CRITICAL
    assert severity(Settings(audit=AuditSettings(quote_critical_words=8))) is Severity.MAJOR


def test_verdict_shares_come_from_settings() -> None:
    metrics = _metrics(0.8, 0.1, 8)
    assert decide_verdict(metrics).label is VerdictLabel.REWRITE
    assert (
        decide_verdict(metrics, settings=AuditSettings(rewrite_derived_share=0.9)).label
        is VerdictLabel.PARTIAL
    )
