"""Alignment links, findings, metrics, verdicts and the Report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from unspun.config import Settings
from unspun.errors import ConfigError
from unspun.types.article import Article, Span
from unspun.types.facts import FactSheet
from unspun.types.retrieval import MatchEvidence

REPORT_SCHEMA = "unspun.report/1"

# --------------------------------------------------------------------------- alignment


class LinkKind(StrEnum):
    VERBATIM = "verbatim"
    NEAR_VERBATIM = "near_verbatim"
    PARAPHRASE = "paraphrase"


@dataclass(frozen=True, slots=True)
class AlignmentLink:
    """Rewrite sentence ``rewrite_index`` derives (in part) from ``source_index`` of ``source_id``."""

    rewrite_index: int
    source_id: str
    source_index: int
    similarity: float
    kind: LinkKind

    def __post_init__(self) -> None:
        if not 0.0 <= self.similarity <= 1.0:
            raise ValueError(f"similarity must be in [0, 1], got {self.similarity}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "rewrite_index": self.rewrite_index,
            "source_id": self.source_id,
            "source_index": self.source_index,
            "similarity": round(self.similarity, 4),
            "kind": self.kind.value,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AlignmentLink:
        return cls(
            int(d["rewrite_index"]),
            d["source_id"],
            int(d["source_index"]),
            float(d["similarity"]),
            LinkKind(d["kind"]),
        )


# --------------------------------------------------------------------------- findings


class FindingType(StrEnum):
    NUMBER_MISMATCH = "number_mismatch"
    DATE_MISMATCH = "date_mismatch"
    QUOTE_ALTERED = "quote_altered"
    QUOTE_FABRICATED = "quote_fabricated"
    QUOTE_MISATTRIBUTED = "quote_misattributed"
    MEANING_REVERSED = "meaning_reversed"
    MEANING_CHANGED = "meaning_changed"
    ENTITY_MISMATCH = "entity_mismatch"
    ATTRIBUTION_ADDED = "attribution_added"
    ATTRIBUTION_DROPPED = "attribution_dropped"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    UNSUPPORTED_FACT = "unsupported_fact"
    OMISSION = "omission"
    CREDIT_DROPPED = "credit_dropped"
    TRUNCATED = "truncated"


class Severity(StrEnum):
    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"critical": 0, "major": 1, "minor": 2, "info": 3}[self.value]


@dataclass(frozen=True, slots=True)
class TextRef(Span):
    """A :class:`Span` with its text, in the rewrite or in one source.

    The span is checked as every ``Span`` is (``0 <= start <= end``). ``text`` is what the
    finding quotes from that place; it may be empty (a finding about something absent) and is
    not checked against the span's length.
    """

    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> TextRef:
        """Return the reference to ``text[start:end]``."""
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TextRef:
        return cls(int(d["start"]), int(d["end"]), d["text"])


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the rewrite changed that a reader should know about.

    ``rewrite`` is where it is in the rewrite (an empty span where the finding is about
    something absent, e.g. a dropped credit); ``source`` where it is in the source, or None
    if nothing in the source matches. ``before``/``after`` are the two normalised values
    compared (the evidence). ``count`` is how many times the rewrite makes this same change
    (text repeated in the rewrite gives one finding, at its first place, not one per copy).
    """

    type: FindingType
    severity: Severity
    rewrite: TextRef
    source: TextRef | None
    source_id: str | None
    message: str
    before: str | None = None
    after: str | None = None
    confidence: float = 1.0
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"Finding.count must be >= 1, got {self.count}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "severity": self.severity.value,
            "rewrite": self.rewrite.to_dict(),
            "source": self.source.to_dict() if self.source else None,
            "source_id": self.source_id,
            "message": self.message,
            "evidence": {"before": self.before, "after": self.after},
            "confidence": round(self.confidence, 3),
            "count": self.count,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        ev = d.get("evidence") or {}
        return cls(
            FindingType(d["type"]),
            Severity(d["severity"]),
            TextRef.from_dict(d["rewrite"]),
            TextRef.from_dict(d["source"]) if d.get("source") else None,
            d.get("source_id"),
            d["message"],
            ev.get("before"),
            ev.get("after"),
            float(d.get("confidence", 1.0)),
            int(d.get("count", 1)),
        )


# what an editor calls each kind of finding, for the summary that opens a report
FINDING_LABELS: dict[FindingType, str] = {
    FindingType.NUMBER_MISMATCH: "changed numbers",
    FindingType.DATE_MISMATCH: "changed dates",
    FindingType.QUOTE_ALTERED: "reworded quotations",
    FindingType.QUOTE_FABRICATED: "quotations not in the source",
    FindingType.QUOTE_MISATTRIBUTED: "quotations given to another speaker",
    FindingType.MEANING_REVERSED: "reversed meaning",
    FindingType.MEANING_CHANGED: "possible changes of meaning",
    FindingType.ENTITY_MISMATCH: "changed names",
    FindingType.ATTRIBUTION_ADDED: "claims put in someone's mouth",
    FindingType.ATTRIBUTION_DROPPED: "attributions dropped",
    FindingType.UNSUPPORTED_CLAIM: "sentences no source supports",
    FindingType.OMISSION: "source facts left out",
    FindingType.CREDIT_DROPPED: "credits dropped",
    FindingType.TRUNCATED: "cut-off ending",
}
SUMMARY_GROUPS = 5  # kinds of finding in the summary
SUMMARY_EXAMPLES = 3  # findings shown per kind


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One kind of finding in the editor's summary that opens a report.

    ``findings`` is how many findings of this kind the report holds, ``occurrences`` how many
    times they occur in the rewrite (their counts added up); ``examples`` are positions in
    the report's ``findings``, the most important first.
    """

    type: FindingType
    severity: Severity
    label: str
    findings: int
    occurrences: int
    examples: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type.value,
            "severity": self.severity.value,
            "label": self.label,
            "findings": self.findings,
            "occurrences": self.occurrences,
            "examples": list(self.examples),
        }


def summarize(
    findings: tuple[Finding, ...] | list[Finding],
    *,
    groups: int = SUMMARY_GROUPS,
    examples: int = SUMMARY_EXAMPLES,
) -> tuple[SummaryItem, ...]:
    """Return the few findings that matter most, grouped by kind: the editor's summary.

    Only critical and major findings count. Kinds come most severe first, then by how
    many findings they have; within a kind, examples come most severe, then most
    confident, then in rewrite order. At most ``groups`` kinds, ``examples`` findings each.
    """
    by_type: dict[FindingType, list[int]] = {}
    for i, f in enumerate(findings):
        if f.severity in (Severity.CRITICAL, Severity.MAJOR):
            by_type.setdefault(f.type, []).append(i)
    items = []
    for t, idx in by_type.items():
        idx.sort(key=lambda i: (findings[i].severity.rank, -findings[i].confidence, i))
        worst = findings[idx[0]].severity
        label = FINDING_LABELS.get(t, t.value.replace("_", " "))
        occ = sum(findings[i].count for i in idx)
        items.append(SummaryItem(t, worst, label, len(idx), occ, tuple(idx[:examples])))
    items.sort(key=lambda x: (x.severity.rank, -x.findings, x.type.value))
    return tuple(items[:groups])


@dataclass(frozen=True, slots=True)
class Metrics:
    """Shares in [0, 1], weighted by characters of body text.

    derived_share: share of the rewrite's body that aligns to some source sentence.
    source_coverage: share of the sources' body that some rewrite sentence uses.
    verbatim_share: share of the rewrite's body in verbatim or near-verbatim links.
    """

    derived_share: float
    source_coverage: float
    verbatim_share: float
    rewrite_sentences: int
    source_sentences: int
    aligned_sentences: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "derived_share": round(self.derived_share, 4),
            "source_coverage": round(self.source_coverage, 4),
            "verbatim_share": round(self.verbatim_share, 4),
            "rewrite_sentences": self.rewrite_sentences,
            "source_sentences": self.source_sentences,
            "aligned_sentences": self.aligned_sentences,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Metrics:
        return cls(
            float(d["derived_share"]),
            float(d["source_coverage"]),
            float(d["verbatim_share"]),
            int(d["rewrite_sentences"]),
            int(d["source_sentences"]),
            int(d["aligned_sentences"]),
        )


class VerdictLabel(StrEnum):
    COPY = "copy"
    REWRITE = "rewrite"
    PARTIAL = "partial"
    INDEPENDENT = "independent"


@dataclass(frozen=True, slots=True)
class Verdict:
    label: VerdictLabel
    confidence: float
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label.value, "confidence": round(self.confidence, 3), "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Verdict:
        return cls(VerdictLabel(d["label"]), float(d["confidence"]), d.get("reason", ""))


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A candidate source found in an index, with its score in [0, 1] and the evidence."""

    id: str
    score: float
    evidence: MatchEvidence

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": round(self.score, 4), "evidence": self.evidence.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceMatch:
        return cls(d["id"], float(d["score"]), MatchEvidence.from_dict(d["evidence"]))


def _settings_from_dict(d: dict[str, Any]) -> Settings:
    try:
        return Settings.from_dict(d)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None


@dataclass(frozen=True, slots=True)
class Report:
    """The result of comparing a rewrite with its source(s). JSON schema: docs/report-schema.md."""

    rewrite: Article
    sources: tuple[Article, ...]
    facts: FactSheet  # doc_id -> facts per sentence
    alignment: tuple[AlignmentLink, ...]
    findings: tuple[Finding, ...]
    metrics: Metrics
    verdict: Verdict
    notes: tuple[str, ...] = ()
    matches: tuple[SourceMatch, ...] = ()  # set by trace: ranked candidate sources
    # set by trace: the best verified candidates below index.min_score that were not audited, with
    # their evidence, so that "no source found" (or a missed second source) can be checked
    rejected: tuple[SourceMatch, ...] = ()
    settings: Settings = field(default_factory=Settings)  # the settings the report was made with
    version: str = "0"
    schema: str = REPORT_SCHEMA

    def __post_init__(self) -> None:
        if not isinstance(self.facts, FactSheet):  # a plain mapping doc_id -> facts, as before
            object.__setattr__(self, "facts", FactSheet(self.facts))

    def summary(self) -> tuple[SummaryItem, ...]:
        """Return the editor's summary of the findings (see :func:`summarize`)."""
        return summarize(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object documented in docs/report-schema.md."""
        return {
            "schema": self.schema,
            "version": self.version,
            "verdict": self.verdict.label.value,
            "verdict_detail": self.verdict.to_dict(),
            "metrics": self.metrics.to_dict(),
            "summary": [x.to_dict() for x in self.summary()],
            "findings": [f.to_dict() for f in self.findings],
            "alignment": [a.to_dict() for a in self.alignment],
            "sources": [m.to_dict() for m in self.matches],
            "rejected_candidates": [m.to_dict() for m in self.rejected],
            "notes": list(self.notes),
            "rewrite": self.rewrite.to_dict(),
            "source_articles": [s.to_dict() for s in self.sources],
            "facts": self.facts.to_dict(),
            "settings": self.settings.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            rewrite=Article.from_dict(d["rewrite"]),
            sources=tuple(Article.from_dict(s) for s in d["source_articles"]),
            facts=FactSheet.from_dict(d.get("facts", {})),
            alignment=tuple(AlignmentLink.from_dict(a) for a in d["alignment"]),
            findings=tuple(Finding.from_dict(f) for f in d["findings"]),
            metrics=Metrics.from_dict(d["metrics"]),
            verdict=Verdict.from_dict(d["verdict_detail"]),
            notes=tuple(d.get("notes", ())),
            matches=tuple(SourceMatch.from_dict(m) for m in d.get("sources", ())),
            rejected=tuple(SourceMatch.from_dict(m) for m in d.get("rejected_candidates", ())),
            settings=_settings_from_dict(d.get("settings") or {}),
            version=d.get("version", "0"),
            schema=d.get("schema", REPORT_SCHEMA),
        )
