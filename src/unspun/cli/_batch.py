"""``unspun trace`` over many suspects: one JSON line each, a CSV summary, resumable.

The results file is JSON Lines, one object per suspect, appended and flushed to disk as each
suspect is done. On a rerun with the same output, suspects whose line is already there (traced,
or skipped as unreadable) are passed over, so an interrupted batch resumes where it stopped; a
line cut short by the interruption is dropped first. A suspect that cannot be read or has no
body text is a counted skip with its reason, an internal error in one suspect is recorded as
``failed`` (and tried again on a rerun); only an unusable index ends the batch. The CSV summary
is rewritten from the whole results file at the end, also after an interruption.

Each line holds ``id``, ``status`` (``traced`` | ``skipped`` | ``failed``), ``reason``, and for a
traced suspect the verdict, its shares, the candidate sources with their scores, the audited
sources and the findings (type, severity, message, rewrite text, source); with ``--full-reports``
also the whole JSON report (``report``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from unspun.cli._common import write_atomic
from unspun.errors import InputError

if TYPE_CHECKING:
    from unspun.types import Article, Report

logger = logging.getLogger(__name__)

CSV_COLUMNS = (
    "id",
    "status",
    "verdict",
    "confidence",
    "derived_share",
    "verbatim_share",
    "audited_sources",
    "top_candidate",
    "top_score",
    "findings",
    "critical",
    "major",
    "minor",
    "info",
    "reason",
)
SEVERITIES = ("critical", "major", "minor", "info")


@dataclass
class BatchSummary:
    """What one batch run did (mutable: it counts while the suspects stream by)."""

    traced: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    already_done: int = 0

    def text(self, output: Path, summary: Path) -> str:
        lines = [
            f"traced {self.traced}, skipped {sum(self.skipped.values())}, failed {self.failed}, "
            f"already done {self.already_done}; results in {output}, summary in {summary}"
        ]
        lines += [f"  skipped {n}: {reason}" for reason, n in self.skipped.most_common()]
        return "\n".join(lines)


def summary_path(output: Path) -> Path:
    """The default CSV summary next to the results: ``out.jsonl`` -> ``out.csv``."""
    return (
        output.with_suffix(".csv") if output.suffix.lower() != ".csv" else output.with_suffix(".summary.csv")
    )


def _read_lines(output: Path) -> Iterator[dict[str, Any]]:
    try:
        with output.open("r", encoding="utf-8") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    return  # cut short by an interruption; dropped before appending
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                    yield obj
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the results file {output} to resume: {exc}; pass another -o") from exc


def done_ids(output: Path) -> set[str]:
    """Ids whose result is final in ``output`` (traced or skipped; a ``failed`` one is retried)."""
    return {obj["id"] for obj in _read_lines(output) if obj.get("status") in ("traced", "skipped")}


def _drop_partial_line(output: Path) -> None:
    """Cut a last line that an interruption left without its newline."""
    try:
        with output.open("rb+") as fh:
            data = fh.read()
            if data and not data.endswith(b"\n"):
                fh.truncate(data.rfind(b"\n") + 1)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputError(f"cannot open the results file {output}: {exc.strerror or exc}") from exc


def result_line(suspect_id: str, report: Report, *, full: bool) -> dict[str, Any]:
    """The JSON line of one traced suspect."""
    counts = Counter(f.severity.value for f in report.findings)
    line: dict[str, Any] = {
        "id": suspect_id,
        "status": "traced",
        "reason": None,
        "verdict": report.verdict.label.value,
        "confidence": round(report.verdict.confidence, 3),
        "derived_share": round(report.metrics.derived_share, 4),
        "verbatim_share": round(report.metrics.verbatim_share, 4),
        "candidates": [{"id": m.id, "score": round(m.score, 4)} for m in report.matches],
        "audited_sources": [s.doc_id for s in report.sources],
        "findings_by_severity": {s: counts.get(s, 0) for s in SEVERITIES},
        "findings": [
            {
                "type": f.type.value,
                "severity": f.severity.value,
                "message": f.message,
                "rewrite_text": f.rewrite.text,
                "source_id": f.source_id,
            }
            for f in report.findings
        ],
        "notes": list(report.notes),
    }
    if full:
        from unspun.pipeline import report_to_json_obj

        line["report"] = report_to_json_obj(report)
    return line


def _csv_row(obj: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(CSV_COLUMNS, "")
    row.update(id=obj["id"], status=obj.get("status", ""), reason=obj.get("reason") or "")
    if obj.get("status") == "traced":
        candidates = obj.get("candidates") or [{}]
        severities = obj.get("findings_by_severity") or {}
        row.update(
            verdict=obj.get("verdict", ""),
            confidence=obj.get("confidence", ""),
            derived_share=obj.get("derived_share", ""),
            verbatim_share=obj.get("verbatim_share", ""),
            audited_sources=" ".join(obj.get("audited_sources") or []),
            top_candidate=candidates[0].get("id", ""),
            top_score=candidates[0].get("score", ""),
            findings=len(obj.get("findings") or []),
            **{s: severities.get(s, 0) for s in SEVERITIES},
        )
    return row


def write_summary(output: Path, summary: Path) -> int:
    """Rewrite the CSV ``summary`` from the results in ``output`` (last line per id); return rows."""
    latest: dict[str, dict[str, Any]] = {}
    for obj in _read_lines(output):
        latest[obj["id"]] = obj
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for obj in latest.values():
        writer.writerow(_csv_row(obj))
    write_atomic(summary, buffer.getvalue())
    return len(latest)


class _Results:
    """The results file, opened for appending; each line is flushed to disk as it is written."""

    def __init__(self, output: Path) -> None:
        _drop_partial_line(output)
        try:
            self._fh: IO[str] = output.open("a", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise InputError(
                f"cannot write results to {output}: {exc.strerror or exc}; pass another -o"
            ) from exc

    def write(self, obj: dict[str, Any]) -> None:
        self._fh.write(json.dumps(obj, ensure_ascii=False, allow_nan=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


class _Bar:
    """A rich progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("tracing"),
            BarColumn(),
            TextColumn("{task.completed:,} suspects ({task.fields[skipped]} skipped)"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("trace", total=None, skipped=0)

    def __enter__(self) -> _Bar:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def advance(self, skipped: int) -> None:
        self._progress.update(self._task, advance=1, skipped=skipped)


def run_batch(
    suspects: Iterable[tuple[str, Article | InputError]],
    trace_one: Callable[[Article], Report],
    *,
    output: Path,
    summary: Path,
    full_reports: bool = False,
) -> BatchSummary:
    """Trace every suspect not already in ``output``; append a line each; rewrite ``summary``.

    ``trace_one(article) -> Report`` traces one suspect. An :class:`InputError` from it skips the
    suspect, any other :class:`~unspun.errors.UnspunError` (an unusable index) ends the batch,
    and any other exception is recorded as ``failed`` and the batch goes on.
    """

    done = done_ids(output)
    result = BatchSummary()
    results = _Results(output)
    try:
        with _Bar() as bar:
            for suspect_id, item in suspects:
                if suspect_id in done:
                    result.already_done += 1
                    continue
                results.write(_trace_line(suspect_id, item, trace_one, result, full=full_reports))
                done.add(suspect_id)
                bar.advance(sum(result.skipped.values()))
    except BaseException:
        results.close()
        with contextlib.suppress(Exception):  # keep the summary of what is done; re-raise the cause
            write_summary(output, summary)
        raise
    results.close()
    write_summary(output, summary)
    return result


def _trace_line(
    suspect_id: str,
    item: Article | InputError,
    trace_one: Callable[[Article], Report],
    result: BatchSummary,
    *,
    full: bool,
) -> dict[str, Any]:
    """Trace one suspect and return its line; count it in ``result``."""
    from unspun.errors import UnspunError

    if isinstance(item, InputError):
        return _skipped(suspect_id, item, result)
    try:
        line = result_line(suspect_id, trace_one(item), full=full)
    except InputError as exc:
        return _skipped(suspect_id, exc, result)
    except UnspunError:
        raise
    except Exception as exc:  # one suspect's bug must not end a long batch
        logger.warning("suspect %s failed: %s: %s", suspect_id, type(exc).__name__, exc)
        result.failed += 1
        return {
            "id": suspect_id,
            "status": "failed",
            "reason": f"internal error: {type(exc).__name__}: {exc}",
        }
    result.traced += 1
    return line


def _skipped(suspect_id: str, exc: InputError, result: BatchSummary) -> dict[str, Any]:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    result.skipped[reason.removeprefix(f"{suspect_id}: ").split(";")[0]] += 1
    return {"id": suspect_id, "status": "skipped", "reason": reason}
