"""Spans, credits, sentences and the ingested Article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range [start, end) into ``Article.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"{type(self).__name__} needs 0 <= start <= end, got [{self.start}, {self.end})")

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
    EXCLUDED = "excluded"  # body text the exclusion settings leave out of the audit (quotes, boilerplate)
    BODY = "body"


class CreditKind(StrEnum):
    """Kinds of credit a publisher owes: who wrote it, which agency, whose photo, where from."""

    AUTHOR = "author"
    AGENCY = "agency"
    PHOTO = "photo"
    URL = "url"
    PUBLISHER = "publisher"


class InputFormat(StrEnum):
    """How an input is read: each value has one reader in :mod:`unspun.ingest`."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


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

    ``language`` is the ISO 639-1 code of the language the body reads as ("en", "ru"), or None
    when it could not be told (too little text, or an article stored before detection existed).
    """

    doc_id: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    published: dt.date | None = None
    date_origin: DateOrigin = DateOrigin.NONE
    url: str | None = None
    credits: tuple[Credit, ...] = ()
    input_format: InputFormat = InputFormat.TEXT
    language: str | None = None

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
            "input_format": self.input_format.value,
            "language": self.language,
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
            input_format=InputFormat(d.get("input_format", "text")),
            language=d.get("language"),
        )
