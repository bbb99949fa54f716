"""The value the audit stage hands to the report: findings, metrics and verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unspun.types.report import Finding, Metrics, Verdict


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What :func:`unspun.audit.audit` found.

    ``findings`` come in rewrite order, most severe first at equal positions; an independent
    rewrite (``verdict.label`` is ``independent``) has none.
    """

    findings: tuple[Finding, ...]
    metrics: Metrics
    verdict: Verdict

    def to_dict(self) -> dict[str, Any]:
        return {
            "findings": [f.to_dict() for f in self.findings],
            "metrics": self.metrics.to_dict(),
            "verdict": self.verdict.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuditResult:
        return cls(
            tuple(Finding.from_dict(f) for f in d["findings"]),
            Metrics.from_dict(d["metrics"]),
            Verdict.from_dict(d["verdict"]),
        )
