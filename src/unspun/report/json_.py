"""JSON rendering of a report (schema ``unspun.report/1``, see docs/report-schema.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePath
from typing import Any

from unspun.report.evidence import evidence_dict
from unspun.types import Report

# Maps whose keys are data, not schema: emitted with sorted keys so that output is byte-stable
# whatever order the producer inserted them in. Every other object keeps the documented order
# of ``Report.to_dict`` (schema and verdict first, bulky article text last).
_FREE_FORM = ("settings",)


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [_sorted(v) for v in value]
    return value


def _default(value: Any) -> Any:
    """Encode the few non-JSON values a settings or evidence map may carry."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"report value of type {type(value).__name__} is not JSON serialisable: {value!r}")


def report_to_json_obj(report: Report, *, audited_at: dt.datetime | None = None) -> dict[str, Any]:
    """Return ``report.to_dict()`` with free-form maps (settings, match evidence) key-sorted and
    the ``evidence`` object (input digests, version, ``audited_at``) placed after ``notes``."""
    data: dict[str, Any] = {}
    for key, value in report.to_dict().items():
        data[key] = value
        if key == "notes":
            data["evidence"] = evidence_dict(report, audited_at)
    for key in _FREE_FORM:
        if key in data:
            data[key] = _sorted(data[key])
    for match in data.get("sources", []):
        if isinstance(match, dict) and isinstance(match.get("evidence"), dict):
            match["evidence"] = _sorted(match["evidence"])
    return data


def render_json(report: Report, *, audited_at: dt.datetime | None = None) -> str:
    """Render ``report`` as pretty-printed UTF-8 JSON (indent 2, no trailing newline).

    Non-ASCII text is kept as is (``ensure_ascii=False``); key order is fixed (see
    :func:`report_to_json_obj`), so the same report (and ``audited_at``) always gives the same
    bytes. ``audited_at`` is the time of the audit for ``evidence.audited_at`` (null if None).

    Raises:
        ValueError: a number is NaN or infinite (not valid JSON).
        TypeError: a settings or evidence value cannot be encoded.
    """
    return json.dumps(
        report_to_json_obj(report, audited_at=audited_at),
        ensure_ascii=False,
        indent=2,
        allow_nan=False,
        default=_default,
    )
