"""Data types that cross stage boundaries.

Every type here is a frozen, slotted dataclass that round-trips through JSON with
``to_dict`` / ``from_dict``. Offsets always point into ``Article.text`` (the text
normalised once by :mod:`unspun.ingest`): ``article.text[s.span.start:s.span.end] == s.text``.

Stages and the types they exchange::

    ingest   -> Article (text, metadata, credits, sentences with roles)
    facts    -> FactSheet: doc_id -> SentenceFacts per sentence (quantities, dates, quotes,
                entities, attributions)
    align    -> AlignmentLink (rewrite sentence <-> source sentence, similarity in [0, 1])
    audit    -> AuditResult: Finding (fixed vocabulary of FindingType), Metrics, Verdict
    report   -> Report (schema "unspun.report/1")
    index    -> ScoreFeatures, MatchEvidence (a found source's evidence in SourceMatch), Direction
"""

from __future__ import annotations

from unspun.types.article import (
    Article,
    Credit,
    CreditKind,
    DateOrigin,
    InputFormat,
    Role,
    Sentence,
    Span,
)
from unspun.types.audit import AuditResult
from unspun.types.facts import (
    Attribution,
    DateGranularity,
    DateMention,
    Entity,
    FactSheet,
    Quantity,
    QuantityKind,
    Quote,
    SentenceFacts,
)
from unspun.types.report import (
    REPORT_SCHEMA,
    AlignmentLink,
    Finding,
    FindingType,
    LinkKind,
    Metrics,
    Report,
    Severity,
    SourceMatch,
    SummaryItem,
    TextRef,
    Verdict,
    VerdictLabel,
)
from unspun.types.retrieval import AlignedExample, Direction, MatchAlignment, MatchEvidence, ScoreFeatures

__all__ = [
    "REPORT_SCHEMA",
    "AlignedExample",
    "AlignmentLink",
    "Article",
    "Attribution",
    "AuditResult",
    "Credit",
    "CreditKind",
    "DateGranularity",
    "DateMention",
    "DateOrigin",
    "Direction",
    "Entity",
    "FactSheet",
    "Finding",
    "FindingType",
    "InputFormat",
    "LinkKind",
    "MatchAlignment",
    "MatchEvidence",
    "Metrics",
    "Quantity",
    "QuantityKind",
    "Quote",
    "Report",
    "Role",
    "ScoreFeatures",
    "Sentence",
    "SentenceFacts",
    "Severity",
    "SourceMatch",
    "Span",
    "SummaryItem",
    "TextRef",
    "Verdict",
    "VerdictLabel",
]
