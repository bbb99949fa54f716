"""Data types that cross stage boundaries.

Every type here is a frozen, slotted dataclass that round-trips through JSON with
``to_dict`` / ``from_dict``. Offsets always point into ``Article.text`` (the text
normalised once by :mod:`unspun.ingest`): ``article.text[s.span.start:s.span.end] == s.text``.

Stages and the types they exchange::

    ingest   -> Article (text, metadata, credits, sentences with roles)
    facts    -> SentenceFacts per sentence (quantities, dates, quotes, entities, attributions)
    align    -> AlignmentLink (rewrite sentence <-> source sentence, similarity in [0, 1])
    audit    -> Finding (fixed vocabulary of FindingType), Metrics, Verdict
    report   -> Report (schema "unspun.report/1")
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

REPORT_SCHEMA = "unspun.report/1"


# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"Span needs 0 <= start <= end, got [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        """Return True if ``other`` lies inside this span."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """Return True if the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        return cls(int(d["start"]), int(d["end"]))


# --------------------------------------------------------------------------- articles


class Role(StrEnum):
    """What a segment of an article is. Only BODY segments carry claims."""

    TITLE = "title"
    HEADING = "heading"
    BYLINE = "byline"
    DATELINE = "dateline"
    CAPTION = "caption"
    RELATED = "related"  # "Related article: ..." and similar links
    URL = "url"  # "Original url: ..." trailers, bare links
    BOILERPLATE = "boilerplate"  # subscribe prompts, share buttons, copyright lines
    BODY = "body"


class CreditKind(StrEnum):
    """Kinds of credit a publisher owes: who wrote it, which agency, whose photo, where from."""

    AUTHOR = "author"
    AGENCY = "agency"
    PHOTO = "photo"
    URL = "url"
    PUBLISHER = "publisher"


class DateOrigin(StrEnum):
    """Where an article's publication date came from."""

    METADATA = "metadata"  # HTML metadata or a dateline in the text
    GIVEN = "given"  # --published / the caller
    INHERITED = "inherited"  # no date of its own: read against its source's date
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Credit:
    """One credit line element, e.g. author "Daria Andriievska" or agency "AFP"."""

    kind: CreditKind
    value: str
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "value": self.value,
            "span": self.span.to_dict() if self.span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Credit:
        return cls(CreditKind(d["kind"]), d["value"], Span.from_dict(d["span"]) if d.get("span") else None)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a non-body line such as a heading) of an article.

    ``index`` is the position in ``Article.sentences``; ``paragraph`` counts blocks from 0.
    """

    index: int
    span: Span
    text: str
    role: Role = Role.BODY
    paragraph: int = 0

    @property
    def is_body(self) -> bool:
        return self.role is Role.BODY

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start": self.span.start,
            "end": self.span.end,
            "text": self.text,
            "role": self.role.value,
            "paragraph": self.paragraph,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        return cls(
            int(d["index"]),
            Span(int(d["start"]), int(d["end"])),
            d["text"],
            Role(d["role"]),
            int(d["paragraph"]),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """One article, normalised once.

    Invariant: for every sentence ``s``, ``text[s.span.start:s.span.end] == s.text``,
    sentences are in document order and do not overlap.
    """

    doc_id: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    published: dt.date | None = None
    date_origin: DateOrigin = DateOrigin.NONE
    url: str | None = None
    credits: tuple[Credit, ...] = ()
    input_format: str = "text"  # text | markdown | html | jsonl | warc

    @property
    def body(self) -> tuple[Sentence, ...]:
        """Body sentences only (no title, headings, captions, credits, links)."""
        return tuple(s for s in self.sentences if s.role is Role.BODY)

    def credits_of(self, kind: CreditKind) -> tuple[Credit, ...]:
        return tuple(c for c in self.credits if c.kind is kind)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "date_origin": self.date_origin.value,
            "url": self.url,
            "credits": [c.to_dict() for c in self.credits],
            "input_format": self.input_format,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            doc_id=d["doc_id"],
            text=d["text"],
            sentences=tuple(Sentence.from_dict(s) for s in d["sentences"]),
            title=d.get("title"),
            published=dt.date.fromisoformat(d["published"]) if d.get("published") else None,
            date_origin=DateOrigin(d.get("date_origin", "none")),
            url=d.get("url"),
            credits=tuple(Credit.from_dict(c) for c in d.get("credits", ())),
            input_format=d.get("input_format", "text"),
        )


# --------------------------------------------------------------------------- facts


class QuantityKind(StrEnum):
    PERCENT = "percent"
    MONEY = "money"
    MEASURE = "measure"  # with a unit: km, miles, tonnes, ...
    COUNT = "count"  # a bare cardinal: "three people", "30,000", "dozens"
    ORDINAL = "ordinal"  # "28th brigade"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in text, normalised: "about 30,000" -> value 30000.0, is_approx True.

    ``unit`` is a canonical unit name ("km", "mile", "usd", "%", "people"...) or None.
    ``direction`` records a change verb bound to a percentage: "fell by 90%" -> "decrease",
    "rose 5%" -> "increase", "90% remained" -> "remain"; None otherwise.
    """

    span: Span
    text: str
    value: float
    kind: QuantityKind
    unit: str | None = None
    is_approx: bool = False
    direction: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "text": self.text,
            "value": self.value,
            "kind": self.kind.value,
            "unit": self.unit,
            "is_approx": self.is_approx,
            "direction": self.direction,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(
            Span.from_dict(d["span"]),
            d["text"],
            float(d["value"]),
            QuantityKind(d["kind"]),
            d.get("unit"),
            bool(d.get("is_approx", False)),
            d.get("direction"),
        )


class DateGranularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    WEEK = "week"
    DECADE = "decade"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved to a calendar value.

    ``value`` is an ISO-like string at the stated granularity: "2024-07-29" (day),
    "2024-07" (month), "2024-summer" (season), "2024" (year), "2025-W06" (week).
    ``is_relative`` is True for expressions resolved against the publication date
    ("last July", "on Friday", "almost a year ago"); ``value`` is None if a relative
    expression could not be resolved because no publication date was known.
    """

    span: Span
    text: str
    value: str | None
    granularity: DateGranularity
    is_relative: bool = False

    @property
    def year(self) -> int | None:
        if self.value is None:
            return None
        head = self.value.split("-", 1)[0]
        return int(head) if head.isdigit() else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "text": self.text,
            "value": self.value,
            "granularity": self.granularity.value,
            "is_relative": self.is_relative,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DateMention:
        return cls(
            Span.from_dict(d["span"]),
            d["text"],
            d.get("value"),
            DateGranularity(d["granularity"]),
            bool(d.get("is_relative", False)),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation. ``span``/``text`` cover the quoted words without the marks.

    ``speaker`` is the normalised name of who is quoted, if the sentence says
    ("... ," Moscow's Defense Ministry said -> "moscow defense ministry"); ``speaker_text``
    is the surface form.
    """

    span: Span
    text: str
    speaker: str | None = None
    speaker_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": self.span.to_dict(),
            "text": self.text,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(Span.from_dict(d["span"]), d["text"], d.get("speaker"), d.get("speaker_text"))


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity. ``norm`` is a comparison key (case-folded, possessive and
    articles stripped, known aliases mapped), ``label`` a spaCy label (PERSON, ORG, GPE...)."""

    span: Span
    text: str
    label: str
    norm: str

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "text": self.text, "label": self.label, "norm": self.norm}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(Span.from_dict(d["span"]), d["text"], d["label"], d["norm"])


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a claim is attributed to: "according to military analysts", "X said", "X noted that".

    ``source`` is the normalised attributed party ("military analysts"), ``cue`` the
    normalised cue ("according to", "say", "note", "claim", "emphasize", ...),
    ``span`` covers cue and source.
    """

    span: Span
    text: str
    source: str
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return {"span": self.span.to_dict(), "text": self.text, "source": self.source, "cue": self.cue}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Attribution:
        return cls(Span.from_dict(d["span"]), d["text"], d["source"], d["cue"])


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """Every fact found in one sentence; all spans point into ``Article.text``."""

    sentence_index: int
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    attributions: tuple[Attribution, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence_index": self.sentence_index,
            "quantities": [q.to_dict() for q in self.quantities],
            "dates": [x.to_dict() for x in self.dates],
            "quotes": [x.to_dict() for x in self.quotes],
            "entities": [x.to_dict() for x in self.entities],
            "attributions": [x.to_dict() for x in self.attributions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentenceFacts:
        return cls(
            int(d["sentence_index"]),
            tuple(Quantity.from_dict(x) for x in d.get("quantities", ())),
            tuple(DateMention.from_dict(x) for x in d.get("dates", ())),
            tuple(Quote.from_dict(x) for x in d.get("quotes", ())),
            tuple(Entity.from_dict(x) for x in d.get("entities", ())),
            tuple(Attribution.from_dict(x) for x in d.get("attributions", ())),
        )


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
    ENTITY_MISMATCH = "entity_mismatch"
    ATTRIBUTION_ADDED = "attribution_added"
    ATTRIBUTION_DROPPED = "attribution_dropped"
    UNSUPPORTED_CLAIM = "unsupported_claim"
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
class TextRef:
    """A span with its text, in the rewrite or in one source."""

    start: int
    end: int
    text: str

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
    compared (the evidence).
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
        )


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
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": round(self.score, 4), "evidence": self.evidence}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SourceMatch:
        return cls(d["id"], float(d["score"]), dict(d.get("evidence") or {}))


@dataclass(frozen=True, slots=True)
class Report:
    """The result of comparing a rewrite with its source(s). JSON schema: docs/report-schema.md."""

    rewrite: Article
    sources: tuple[Article, ...]
    facts: dict[str, tuple[SentenceFacts, ...]]  # doc_id -> facts per sentence
    alignment: tuple[AlignmentLink, ...]
    findings: tuple[Finding, ...]
    metrics: Metrics
    verdict: Verdict
    notes: tuple[str, ...] = ()
    matches: tuple[SourceMatch, ...] = ()  # set by trace: ranked candidate sources
    settings: dict[str, Any] = field(default_factory=dict)
    version: str = "0"
    schema: str = REPORT_SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object documented in docs/report-schema.md."""
        return {
            "schema": self.schema,
            "version": self.version,
            "verdict": self.verdict.label.value,
            "verdict_detail": self.verdict.to_dict(),
            "metrics": self.metrics.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "alignment": [a.to_dict() for a in self.alignment],
            "sources": [m.to_dict() for m in self.matches],
            "notes": list(self.notes),
            "rewrite": self.rewrite.to_dict(),
            "source_articles": [s.to_dict() for s in self.sources],
            "facts": {k: [f.to_dict() for f in v] for k, v in self.facts.items()},
            "settings": self.settings,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        return cls(
            rewrite=Article.from_dict(d["rewrite"]),
            sources=tuple(Article.from_dict(s) for s in d["source_articles"]),
            facts={k: tuple(SentenceFacts.from_dict(f) for f in v) for k, v in d.get("facts", {}).items()},
            alignment=tuple(AlignmentLink.from_dict(a) for a in d["alignment"]),
            findings=tuple(Finding.from_dict(f) for f in d["findings"]),
            metrics=Metrics.from_dict(d["metrics"]),
            verdict=Verdict.from_dict(d["verdict_detail"]),
            notes=tuple(d.get("notes", ())),
            matches=tuple(SourceMatch.from_dict(m) for m in d.get("sources", ())),
            settings=dict(d.get("settings", {})),
            version=d.get("version", "0"),
            schema=d.get("schema", REPORT_SCHEMA),
        )
