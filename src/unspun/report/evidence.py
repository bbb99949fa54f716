"""What a rights or legal team needs to cite a report: which texts, which unspun, and when.

Each input text is identified by the SHA-256 of its text *as read* (``Article.text``: UTF-8,
after unspun's normalisation), which is the text the report itself shows and quotes offsets into,
so anyone holding the JSON report can recompute every digest. The time of the audit is whatever
the caller passes (the CLI passes the current time, or ``SOURCE_DATE_EPOCH`` when set): the
library never reads the clock, so the same report always renders to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from unspun.types import Article, Report

__all__ = ["InputDigest", "audit_time", "evidence_dict", "input_digests"]


@dataclass(frozen=True, slots=True)
class InputDigest:
    """One input text of a report and its SHA-256."""

    role: str  # "rewrite" or "source"
    doc_id: str
    characters: int
    sha256: str


def _digest(role: str, article: Article) -> InputDigest:
    data = article.text.encode("utf-8", "surrogatepass")
    return InputDigest(role, article.doc_id, len(article.text), hashlib.sha256(data).hexdigest())


def input_digests(report: Report) -> tuple[InputDigest, ...]:
    """Return the digest of the rewrite, then of each source, in report order."""
    return (_digest("rewrite", report.rewrite), *(_digest("source", s) for s in report.sources))


def audit_time(audited_at: dt.datetime | None) -> str | None:
    """Return ``audited_at`` as ISO 8601 in UTC to the second (a naive time is taken as UTC)."""
    if audited_at is None:
        return None
    if audited_at.tzinfo is None:
        audited_at = audited_at.replace(tzinfo=dt.UTC)
    return audited_at.astimezone(dt.UTC).isoformat(timespec="seconds")


def evidence_dict(report: Report, audited_at: dt.datetime | None) -> dict[str, Any]:
    """The ``evidence`` object of the JSON report (docs/report-schema.md)."""
    return {
        "unspun_version": report.version,
        "audited_at": audit_time(audited_at),
        "inputs": [
            {"role": d.role, "doc_id": d.doc_id, "characters": d.characters, "sha256": d.sha256}
            for d in input_digests(report)
        ],
    }
