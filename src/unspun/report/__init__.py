"""Render a :class:`~unspun.types.Report` as JSON, a self-contained HTML page or terminal text.

``render(report, fmt)`` is the one entry point; each format lives in its own module
(:mod:`.json_`, :mod:`.html`, :mod:`.terminal`). Renderers map data to a string: they never
print, write files or read anything but their own package data (the HTML template).
"""

from __future__ import annotations

import datetime as dt
import logging
from enum import StrEnum

from unspun.report.html import render_html
from unspun.report.json_ import render_json
from unspun.report.terminal import render_text
from unspun.types import Report

logger = logging.getLogger(__name__)


class ReportFormat(StrEnum):
    """Output formats of a report."""

    TEXT = "text"
    JSON = "json"
    HTML = "html"


def render(report: Report, fmt: ReportFormat, *, audited_at: dt.datetime | None = None) -> str:
    """Render ``report`` in format ``fmt``.

    TEXT is plain text without colour codes (see :func:`render_text` for colours), JSON is the
    object documented in ``docs/report-schema.md``, HTML one self-contained page. JSON and HTML
    carry the SHA-256 of each input text and the unspun version, and ``audited_at`` (the time of
    the audit, given by the caller so that rendering stays deterministic) when it is not None.

    Raises:
        ValueError: ``fmt`` is not a :class:`ReportFormat`, or the report holds a value JSON
            cannot represent (NaN or infinity).
    """
    fmt = ReportFormat(fmt)
    logger.debug("rendering report as %s", fmt.value)
    if fmt is ReportFormat.JSON:
        return render_json(report, audited_at=audited_at)
    if fmt is ReportFormat.HTML:
        return render_html(report, audited_at=audited_at)
    return render_text(report)


__all__ = ["ReportFormat", "render", "render_html", "render_json", "render_text"]
