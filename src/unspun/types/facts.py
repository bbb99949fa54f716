"""Facts per sentence (quantities, dates, quotes, entities, attributions) and the FactSheet.

A :class:`FactSheet` carries the facts of every article of one comparison, keyed by doc_id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from typing import Any

from unspun.types.article import Span

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


@dataclass(frozen=True, slots=True, eq=False)
class FactSheet(Mapping[str, tuple[SentenceFacts, ...]]):
    """The facts of every article of one comparison: doc_id -> facts per sentence.

    A read-only mapping. Each article's facts come in sentence order, at most one per sentence
    (``sentence_index`` strictly increasing); a sentence without an entry has no facts.
    Compares equal to any mapping with the same items.

    Raises:
        ValueError: an article's facts are not in strictly increasing sentence order.
    """

    docs: Mapping[str, tuple[SentenceFacts, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        docs = {doc_id: tuple(facts) for doc_id, facts in self.docs.items()}
        for doc_id, facts in docs.items():
            indexes = [f.sentence_index for f in facts]
            if any(b <= a for a, b in pairwise(indexes)):
                raise ValueError(
                    f"facts of {doc_id!r} must be one per sentence in sentence order, got indexes {indexes}"
                )
        object.__setattr__(self, "docs", docs)  # a private copy: the caller's dict stays theirs

    def __getitem__(self, doc_id: str) -> tuple[SentenceFacts, ...]:
        return self.docs[doc_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)

    def by_sentence(self, doc_id: str) -> dict[int, SentenceFacts]:
        """Return the facts of ``doc_id`` by sentence index (empty for an unknown document)."""
        return {f.sentence_index: f for f in self.docs.get(doc_id, ())}

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {doc_id: [f.to_dict() for f in facts] for doc_id, facts in self.docs.items()}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FactSheet:
        return cls({doc_id: tuple(SentenceFacts.from_dict(f) for f in v) for doc_id, v in d.items()})
