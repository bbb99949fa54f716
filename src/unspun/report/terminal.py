"""Terminal summary of a report, drawn with rich and returned as a string.

Article text is always passed to rich as :class:`rich.text.Text` (never as markup), so a
``[bold]`` in an article is printed as written, and through :func:`unspun.display.visible`, so a
control or bidi-override character in an article or an id shows as ``<U+202E>`` instead of acting
on the terminal.
"""

from __future__ import annotations

import io
import logging

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from unspun.display import visible
from unspun.report.numbers import format_score, format_share
from unspun.types import Article, Finding, MatchEvidence, Report, Severity

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 60

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.MAJOR: "bold red",
    Severity.MINOR: "yellow",
    Severity.INFO: "cyan",
}


def excerpt(text: str, max_chars: int = EXCERPT_CHARS) -> str:
    """Collapse whitespace in ``text`` and cut it to ``max_chars`` characters with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    return flat[: max(max_chars - 1, 0)].rstrip() + "…"


def sorted_findings(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Return findings by severity (critical first), then position in the rewrite, then type."""
    return sorted(findings, key=lambda f: (f.severity.rank, f.rewrite.start, f.rewrite.end, f.type.value))


def _describe(label: str, article: Article) -> Text:
    line = Text()
    line.append(f"{label:<9}", style="bold")
    line.append(visible(article.doc_id, keep_newlines=False))
    details = [f"{len(article.body)} body sentences"]
    if article.published:
        details.append(f"published {article.published.isoformat()} ({article.date_origin.value})")
    else:
        details.append("no date")
    line.append(f"  ({', '.join(details)})", style="dim")
    if article.title:
        line.append("\n" + " " * 9 + visible(excerpt(article.title, 88)), style="italic")
    return line


def _where(f: Finding) -> Text:
    """The rewrite text of a finding, or the source text (dimmed) for something absent."""
    if f.rewrite.text:
        return Text(visible(excerpt(f.rewrite.text)), style="italic")
    if f.source is not None and f.source.text:
        return Text("source: " + visible(excerpt(f.source.text, EXCERPT_CHARS - 8)), style="dim")
    return Text("—")


def _summary(report: Report, shown: list[Finding]) -> list[RenderableType]:
    """The editor's summary: the kinds of critical and major finding, with their first examples."""
    items = report.summary()
    if not report.findings:
        return []
    head = Text("Editor's summary", style="bold")
    if not items:
        return [head, Text("  no critical or major finding")]
    number = {id(f): n for n, f in enumerate(shown, 1)}
    lines: list[RenderableType] = [head]
    for item in items:
        line = Text("  ")
        line.append(f"{item.severity.value:<9}", style=_SEVERITY_STYLE[item.severity])
        times = f", {item.occurrences} times in the rewrite" if item.occurrences > item.findings else ""
        line.append(f"{item.label}: {item.findings}{times}", style="bold")
        lines.append(line)
        for i in item.examples:
            f = report.findings[i]
            lines.append(Text(f"      #{number[id(f)]} {visible(excerpt(f.message, 88))}"))
    return lines


def _evidence_line(e: MatchEvidence) -> str:
    """One line of a candidate's evidence: aligned sentences, article cosine, shared rare terms."""
    parts = []
    if e.alignment is not None:
        a = e.alignment
        parts.append(f"{a.aligned_sentences} of {a.suspect_sentences} sentences aligned")
    parts.append(f"cosine {e.cosine:.2f}")
    if e.judge is not None:  # the band judge's second opinion (unspun.index.judge)
        j = e.judge
        parts.append(f"cross-encoder covers {j.cover_share:.0%} of it (score {j.lexical_score:.2f} without)")
    if e.shared_rare_terms:
        parts.append("shares " + ", ".join(visible(t) for t in e.shared_rare_terms[:5]))
    return "; ".join(parts)


def _renderables(report: Report) -> list[RenderableType]:
    verdict = report.verdict
    head = Text()
    head.append("Verdict: ", style="bold")
    head.append(verdict.label.value.upper(), style="bold magenta")
    head.append(f"  (confidence {format_score(verdict.confidence)})")
    if verdict.reason:
        head.append(f"  {visible(verdict.reason)}")
    parts: list[RenderableType] = [head]

    parts.append(_describe("Rewrite", report.rewrite))
    for k, src in enumerate(report.sources, 1):
        parts.append(_describe(f"Source {k}" if len(report.sources) > 1 else "Source", src))

    m = report.metrics
    metrics = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    for name in ("derived share", "source coverage", "verbatim share", "aligned", "rewrite", "source"):
        metrics.add_column(name, justify="right")
    metrics.add_row(
        format_share(m.derived_share),
        format_share(m.source_coverage),
        format_share(m.verbatim_share),
        str(m.aligned_sentences),
        f"{m.rewrite_sentences} sent.",
        f"{m.source_sentences} sent.",
    )
    parts.append(metrics)

    findings = sorted_findings(report.findings)
    parts.extend(_summary(report, findings))
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    parts.append(Text(f"Findings: {len(findings)}" + (f" ({summary})" if summary else ""), style="bold"))
    if findings:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("type", no_wrap=True)
        table.add_column("message", ratio=3)
        table.add_column("rewrite text", ratio=2)
        for number, f in enumerate(findings, 1):
            table.add_row(
                str(number),
                Text(f.severity.value, style=_SEVERITY_STYLE[f.severity]),
                Text(f.type.value),
                Text(visible(f.message) + (f" (×{f.count})" if f.count > 1 else "")),
                _where(f),
            )
        parts.append(table)

    if report.rejected:
        parts.append(Text("Best candidates below the threshold (not audited):", style="bold"))
        for r in report.rejected:
            parts.append(
                Text(f"- {visible(r.id)} (score {format_score(r.score)}): {_evidence_line(r.evidence)}")
            )

    if report.notes:
        parts.append(Text("Notes:", style="bold"))
        for note in report.notes:
            parts.append(Text(f"- {visible(note)}"))
    return parts


def render_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """Render the terminal summary of ``report``.

    Args:
        report: the report.
        width: line width in characters.
        color: emit ANSI colour codes (for a TTY); otherwise plain text, whatever the
            environment says (``FORCE_COLOR`` and friends are ignored).

    Returns:
        The summary, ending without a trailing newline.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    console.print(Group(*_renderables(report)))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
