"""One self-contained HTML page for a report: verdict, findings, rewrite and sources side by side.

The page is built from a view model computed here (sentence pieces with finding highlights,
partner links between aligned sentences) and a jinja2 template shipped as package data
(``templates/page.html.j2``). Autoescaping is on and nothing derived from an article, a
message or an id is ever marked safe: every piece of text reaches the page escaped.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import jinja2

from unspun.report.evidence import audit_time, input_digests
from unspun.report.numbers import format_score, format_share
from unspun.report.terminal import excerpt, sorted_findings
from unspun.types import AlignmentLink, Article, Finding, Report, Role, Sentence, Severity, TextRef

logger = logging.getLogger(__name__)

TEMPLATE = "page.html.j2"


@dataclass(slots=True)
class Piece:
    """A run of sentence text covered by the same set of findings."""

    text: str
    findings: tuple[int, ...] = ()  # finding numbers covering this run
    severity: str | None = None  # the most severe of them
    title: str = ""  # tooltip: the findings' messages
    anchors: tuple[str, ...] = ()  # ids of findings that start here


@dataclass(slots=True)
class PartnerLink:
    """A link from a sentence to an aligned sentence in the other text."""

    href: str
    label: str
    kind: str
    similarity: str
    title: str


@dataclass(slots=True)
class SentenceView:
    anchor: str
    index: int
    role: str
    is_body: bool
    new_paragraph: bool
    pieces: list[Piece]
    partners: list[PartnerLink] = field(default_factory=list)
    finding_refs: list[int] = field(default_factory=list)
    gap_refs: list[int] = field(default_factory=list)  # findings about something absent, placed here
    status: str | None = None  # "unsupported" (rewrite) or "omitted" (source) or None

    @property
    def partner_ids(self) -> str:
        return " ".join(p.href.lstrip("#") for p in self.partners)


@dataclass(slots=True)
class ArticleView:
    key: str  # "r" for the rewrite, "s1", "s2", ... for sources
    label: str
    article: Article
    sentences: list[SentenceView]
    unused: int = 0  # body sentences without any link


@dataclass(slots=True)
class FindingView:
    number: int
    finding: Finding
    rewrite_href: str | None
    source_href: str | None
    source_label: str | None


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    number: int
    finding: Finding


def _sentence_at(article: Article, ref: TextRef) -> Sentence | None:
    """Return the first sentence the non-empty span ``ref`` overlaps, if any."""
    if ref.end <= ref.start:
        return None
    for s in article.sentences:
        if s.span.start < ref.end and ref.start < s.span.end:
            return s
    return None


def _pieces(sentence: Sentence, marks: list[_Mark], anchor_suffix: str, anchored: set[int]) -> list[Piece]:
    """Split ``sentence`` into runs at finding boundaries (clipped to the sentence)."""
    s0, s1 = sentence.span.start, sentence.span.end
    inside = [m for m in marks if m.start < s1 and s0 < m.end and m.start < m.end]
    cuts = {s0, s1}
    for m in inside:
        cuts.add(max(s0, m.start))
        cuts.add(min(s1, m.end))
    points = sorted(cuts)
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(points):
        text = sentence.text[a - s0 : b - s0]
        if not text:
            continue
        covering = [m for m in inside if m.start <= a and b <= m.end]
        if not covering:
            pieces.append(Piece(text))
            continue
        worst = min(covering, key=lambda m: m.finding.severity.rank)
        anchors = []
        for m in covering:
            if m.number not in anchored:
                anchored.add(m.number)
                anchors.append(f"f{m.number}-{anchor_suffix}")
        pieces.append(
            Piece(
                text,
                findings=tuple(m.number for m in covering),
                severity=worst.finding.severity.value,
                title="; ".join(f"F{m.number} {m.finding.type.value}: {m.finding.message}" for m in covering),
                anchors=tuple(anchors),
            )
        )
    return pieces


def _clip(ref: TextRef, article: Article) -> tuple[int, int]:
    n = len(article.text)
    start = min(max(ref.start, 0), n)
    return start, min(max(ref.end, start), n)


def _gap_positions(article: Article, marks: list[_Mark]) -> dict[int, list[int]]:
    """Place findings with an empty span (a dropped credit, an omission) on a sentence.

    The empty span marks where the missing text would have stood: it goes on the sentence
    that ends there, else the one containing it, else the last one before it.
    """
    placed: dict[int, list[int]] = defaultdict(list)
    for m in marks:
        if m.end > m.start or not article.sentences:
            continue
        before = [s for s in article.sentences if s.span.start <= m.start]
        ending = [s for s in before if s.span.end == m.start]
        target = (ending or before or [article.sentences[0]])[-1]
        placed[target.index].append(m.number)
    return placed


def _article_view(
    key: str,
    label: str,
    article: Article,
    marks: list[_Mark],
    links_of: dict[int, list[PartnerLink]],
    anchor_suffix: str,
    unused_status: str,
) -> ArticleView:
    anchored: set[int] = set()
    views: list[SentenceView] = []
    previous_paragraph: int | None = None
    unused = 0
    gaps = _gap_positions(article, marks)
    for s in article.sentences:
        partners = links_of.get(s.index, [])
        status = None
        if s.role is Role.BODY and not partners:
            status = unused_status
            unused += 1
        refs = sorted(
            {m.number for m in marks if m.start < s.span.end and s.span.start < m.end and m.start < m.end}
        )
        views.append(
            SentenceView(
                anchor=f"{key}-{s.index}",
                index=s.index,
                role=s.role.value,
                is_body=s.role is Role.BODY,
                new_paragraph=previous_paragraph is not None and s.paragraph != previous_paragraph,
                pieces=_pieces(s, marks, anchor_suffix, anchored),
                partners=partners,
                finding_refs=refs,
                gap_refs=gaps.get(s.index, []),
                status=status,
            )
        )
        previous_paragraph = s.paragraph
    return ArticleView(key=key, label=label, article=article, sentences=views, unused=unused)


def build_view(report: Report, *, audited_at: dt.datetime | None = None) -> dict[str, object]:
    """Compute everything the template shows; all values are plain data, none marked safe."""
    findings = sorted_findings(report.findings)
    numbered = list(enumerate(findings, 1))

    source_keys: dict[str, tuple[str, str, Article]] = {}
    for k, src in enumerate(report.sources, 1):
        source_keys.setdefault(src.doc_id, (f"s{k}", f"Source {k}", src))

    rewrite_sentences = {s.index: s for s in report.rewrite.sentences}
    rewrite_links: dict[int, list[PartnerLink]] = defaultdict(list)
    source_links: dict[str, dict[int, list[PartnerLink]]] = defaultdict(lambda: defaultdict(list))
    ordered: list[AlignmentLink] = sorted(report.alignment, key=lambda a: (a.rewrite_index, -a.similarity))
    for link in ordered:
        target = source_keys.get(link.source_id)
        rewrite_sentence = rewrite_sentences.get(link.rewrite_index)
        if target is None or rewrite_sentence is None:
            logger.debug("alignment link %s points outside the report's articles; not drawn", link)
            continue
        key, label, src = target
        source_sentence = next((s for s in src.sentences if s.index == link.source_index), None)
        if source_sentence is None:
            logger.debug("alignment link %s points to a missing source sentence; not drawn", link)
            continue
        similarity = format_score(link.similarity)
        rewrite_links[link.rewrite_index].append(
            PartnerLink(
                href=f"#{key}-{link.source_index}",
                label=f"S{key[1:]} #{link.source_index}",
                kind=link.kind.value,
                similarity=similarity,
                title=(
                    f"{label} ({src.doc_id}), sentence {link.source_index}: "
                    f"{excerpt(source_sentence.text, 160)}"
                ),
            )
        )
        source_links[link.source_id][link.source_index].append(
            PartnerLink(
                href=f"#r-{link.rewrite_index}",
                label=f"R #{link.rewrite_index}",
                kind=link.kind.value,
                similarity=similarity,
                title=f"Rewrite sentence {link.rewrite_index}: {excerpt(rewrite_sentence.text, 160)}",
            )
        )

    rewrite_marks: list[_Mark] = []
    source_marks: dict[str, list[_Mark]] = defaultdict(list)
    finding_views: list[FindingView] = []
    for number, f in numbered:
        r_start, r_end = _clip(f.rewrite, report.rewrite)
        rewrite_marks.append(_Mark(r_start, r_end, number, f))
        rewrite_href = None
        if r_end > r_start:
            hit = _sentence_at(report.rewrite, TextRef(r_start, r_end, ""))
            rewrite_href = f"#f{number}-r" if hit is not None else None
        elif report.rewrite.sentences:
            rewrite_href = f"#gap-f{number}"
        source_href = source_label = None
        target = source_keys.get(f.source_id) if f.source_id is not None else None
        if target is not None:
            key, label, src = target
            source_label = label
            if f.source is not None:
                s_start, s_end = _clip(f.source, src)
                source_marks[src.doc_id].append(_Mark(s_start, s_end, number, f))
                if s_end > s_start and _sentence_at(src, TextRef(s_start, s_end, "")) is not None:
                    source_href = f"#f{number}-s"
        finding_views.append(FindingView(number, f, rewrite_href, source_href, source_label))

    rewrite_view = _article_view(
        "r", "Rewrite", report.rewrite, rewrite_marks, rewrite_links, "r", unused_status="unsupported"
    )
    source_views = []
    for k, src in enumerate(report.sources, 1):
        # Links and findings name a source by doc_id; should two sources share one (the
        # pipeline prevents it), they are drawn on the first and the other is shown plain.
        owns = source_keys[src.doc_id][0] == f"s{k}"
        source_views.append(
            _article_view(
                f"s{k}",
                f"Source {k}",
                src,
                source_marks.get(src.doc_id, []) if owns else [],
                source_links.get(src.doc_id, {}) if owns else {},
                "s",
                unused_status="omitted",
            )
        )
    counts = [(s.value, sum(1 for f in findings if f.severity is s)) for s in Severity]
    number_of = {id(f): n for n, f in numbered}
    summary = [
        (item, [(number_of[id(report.findings[i])], report.findings[i]) for i in item.examples])
        for item in report.summary()
    ]
    return {
        "report": report,
        "verdict": report.verdict,
        "metrics": report.metrics,
        "findings": finding_views,
        "summary": summary,
        "severity_counts": counts,
        "rewrite": rewrite_view,
        "sources": source_views,
        "matches": [
            (m, json.dumps(m.evidence.to_dict(), ensure_ascii=False, sort_keys=True, default=str))
            for m in report.matches
        ],
        "rejected": [
            (m, json.dumps(m.evidence.to_dict(), ensure_ascii=False, sort_keys=True, default=str))
            for m in report.rejected
        ],
        "settings_json": json.dumps(
            report.settings.to_dict(), ensure_ascii=False, indent=2, sort_keys=True, default=str
        ),
        "columns": 1 + len(source_views),
        "digests": [
            (view.label, digest)
            for view, digest in zip([rewrite_view, *source_views], input_digests(report), strict=True)
        ],
        "audited_at": audit_time(audited_at),
    }


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("unspun.report", "templates"),
        autoescape=True,  # every value is escaped; the template never uses |safe on data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def _bar(value: float) -> str:
    """Width of a metric bar in percent, clamped to [0, 100] (a number, never report text)."""
    return f"{min(max(value, 0.0), 1.0) * 100:.1f}"


def render_html(report: Report, *, audited_at: dt.datetime | None = None) -> str:
    """Render ``report`` as one self-contained HTML page (inline CSS and JS, no external assets).

    Every string from the report (article text, titles, ids, messages, notes) is escaped by
    the template engine; finding spans are highlighted with ``<mark>`` inside their sentences.
    The page carries an evidence section (SHA-256 of each input text, unspun version, and
    ``audited_at`` when given) and a print stylesheet (one column, every text in full).
    """
    env = _environment()
    template = env.get_template(TEMPLATE)
    view = build_view(report, audited_at=audited_at)
    return template.render(percent=format_share, score=format_score, bar=_bar, excerpt=excerpt, **view)
