"""Tests for the command line (compare, config show, ingest, trace) and its error mapping.

Commands run in-process through :func:`unspun.cli._main.run` (the code behind the ``unspun``
script) inside typer's CliRunner isolation, which captures stdout and stderr separately. The
commands call only :mod:`unspun.pipeline`, which is replaced by a fake here; tests/e2e runs the
real one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
import subprocess
import sys
import tomllib
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unspun.cli import app
from unspun.cli._common import ReportFormatChoice, parse_day, write_atomic
from unspun.cli._main import run, wants_verbose
from unspun.cli.config import settings_to_toml
from unspun.config import Settings, load_settings
from unspun.errors import IndexLockedError, IngestError, InputError
from unspun.report import ReportFormat, render, render_text
from unspun.types import Report


@dataclasses.dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def invoke(args: Sequence[str]) -> Outcome:
    """Run ``unspun ARGS`` in-process, capturing stdout and stderr apart."""
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        code = run(list(args))
        return Outcome(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def assert_one_line_error(outcome: Outcome, code: int, *needles: str) -> None:
    assert outcome.code == code, outcome
    assert outcome.stdout == ""
    assert len(outcome.error_lines) == 1, outcome.stderr
    line = outcome.error_lines[0]
    assert line.startswith("error: ")
    assert "Traceback" not in outcome.stderr
    for needle in needles:
        assert needle in line


def _without_evidence(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON report less the renderer's ``evidence`` (digests and the time of the audit)."""
    assert data.pop("evidence")["audited_at"]  # the CLI stamps every JSON report with the time
    return data


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ./unspun.toml and no UNSPUN_* variables leak into the settings under test."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("UNSPUN_"):
            monkeypatch.delenv(name)


@dataclasses.dataclass
class FakePipeline:
    report: Report
    calls: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    error: BaseException | None = None

    def compare(
        self,
        rewrite: Any,
        sources: Sequence[Any],
        *,
        published: dt.date | None = None,
        source_published: dt.date | None = None,
        settings: Settings | None = None,
        progress: Any = None,
    ) -> Report:
        if progress is not None:
            progress("aligning")
        self.calls.append(
            {
                "rewrite": rewrite,
                "sources": list(sources),
                "published": published,
                "source_published": source_published,
                "settings": settings,
            }
        )
        if self.error is not None:
            raise self.error
        return self.report

    def trace(
        self,
        suspect: Any,
        index: Any,
        *,
        k: int = 5,
        published: dt.date | None = None,
        settings: Settings | None = None,
    ) -> Report:
        self.calls.append(
            {"suspect": suspect, "index": index, "k": k, "published": published, "settings": settings}
        )
        return self.report


@pytest.fixture
def pipeline(monkeypatch: pytest.MonkeyPatch, report: Report) -> FakePipeline:
    """Install a fake ``unspun.pipeline`` module whose compare returns the fixture report."""
    fake = FakePipeline(report)
    module = types.ModuleType("unspun.pipeline")
    module.compare = fake.compare  # type: ignore[attr-defined]  # a bare module as stand-in
    module.trace = fake.trace  # type: ignore[attr-defined]
    module.ReportFormat = ReportFormat  # type: ignore[attr-defined]
    module.render = render  # type: ignore[attr-defined]
    module.render_text = render_text  # type: ignore[attr-defined]
    module.holds_many = lambda path: Path(path).is_dir()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "unspun.pipeline", module)
    return fake


# --------------------------------------------------------------------------- compare


def test_compare_json_on_stdout(pipeline: FakePipeline, report: Report) -> None:
    out = invoke(["compare", "rw.txt", "a.md", "b.txt", "--format", "json"])
    assert out.code == 0, out.stderr
    assert out.stderr == ""
    assert _without_evidence(json.loads(out.stdout)) == report.to_dict()
    (call,) = pipeline.calls
    assert call["rewrite"] == Path("rw.txt")
    assert call["sources"] == [Path("a.md"), Path("b.txt")]
    assert call["published"] is None
    assert call["settings"] == Settings()


def test_compare_passes_dates_and_config(pipeline: FakePipeline, tmp_path: Path) -> None:
    cfg = tmp_path / "my.toml"
    cfg.write_text("[align]\nmin_similarity = 0.5\n", encoding="utf-8")
    args = ["compare", "rw.txt", "a.md", "-f", "json", "--published", "2025-02-07"]
    out = invoke([*args, "--source-published", "2025-02-06", "--config", str(cfg)])
    assert out.code == 0, out.stderr
    (call,) = pipeline.calls
    assert call["published"] == dt.date(2025, 2, 7)
    assert call["source_published"] == dt.date(2025, 2, 6)
    assert call["settings"].align.min_similarity == 0.5


def test_compare_text_and_html_formats(pipeline: FakePipeline) -> None:
    text = invoke(["compare", "rw.txt", "a.md"])
    assert text.code == 0
    assert text.stdout.startswith("Verdict: REWRITE")
    assert "\x1b" not in text.stdout  # not a terminal: no colour codes
    page = invoke(["compare", "rw.txt", "a.md", "--format", "HTML"])
    assert page.code == 0
    assert page.stdout.startswith("<!DOCTYPE html>")
    assert page.stdout.rstrip().endswith("</html>")


def test_compare_writes_output_file_atomically(pipeline: FakePipeline, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    out = invoke(["compare", "rw.txt", "a.md", "--format", "html", "-o", str(target)])
    assert out.code == 0, out.stderr
    assert out.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temp file left
    assert (target.stat().st_mode & 0o777) != 0o600  # not mkstemp's private mode


def test_output_into_missing_directory_is_bad_input(pipeline: FakePipeline, tmp_path: Path) -> None:
    out = invoke(["compare", "rw.txt", "a.md", "-o", str(tmp_path / "nope" / "r.json")])
    assert_one_line_error(out, 2, "cannot write report", "nope")


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "rw.txt", "a.md", "--published", "2025-02-30"],
        ["compare", "rw.txt", "a.md", "--published", "07/02/2025"],
        ["compare", "rw.txt", "a.md", "--source-published", "yesterday"],
        ["compare", "rw.txt", "a.md", "--format", "pdf"],
        ["compare", "rw.txt", "a.md", "--no-such-option"],
        ["compare", "rw.txt"],
        ["compare"],
        ["no-such-command"],
        ["config", "show", "--format", "yaml"],
    ],
    ids=[
        "bad-day",
        "bad-date-format",
        "word-date",
        "bad-format",
        "bad-option",
        "no-source",
        "no-args",
        "bad-cmd",
        "cfg",
    ],
)
def test_usage_errors_exit_2_with_one_line(pipeline: FakePipeline, args: list[str]) -> None:
    out = invoke(args)
    assert_one_line_error(out, 2, "--help")
    assert pipeline.calls == []


@pytest.mark.parametrize(
    ("error", "code", "name"),
    [
        (IngestError("rw.txt: input is empty; pass an article with some text"), 2, "IngestError"),
        (InputError("compare needs at least one source"), 2, "InputError"),
        (IndexLockedError("index is locked"), 3, "IndexLockedError"),
    ],
    ids=["ingest", "input", "index"],
)
def test_unspun_errors_map_to_their_exit_code(
    pipeline: FakePipeline, error: Exception, code: int, name: str
) -> None:
    pipeline.error = error
    out = invoke(["compare", "rw.txt", "a.md", "--format", "json"])
    assert_one_line_error(out, code, f"error: {error}")
    assert name not in out.stderr  # messages name the problem, never the exception class


def test_unexpected_exception_is_an_internal_error_without_traceback(pipeline: FakePipeline) -> None:
    pipeline.error = ZeroDivisionError("boom\nsecond line")
    out = invoke(["compare", "rw.txt", "a.md"])
    assert_one_line_error(out, 1, "error: internal: ZeroDivisionError: boom second line", "--verbose")


def test_verbose_shows_the_traceback_and_debug_log(pipeline: FakePipeline) -> None:
    pipeline.error = KeyError("missing")
    out = invoke(["compare", "rw.txt", "a.md", "-v"])
    assert out.code == 1
    assert "Traceback (most recent call last)" in out.stderr
    assert out.stderr.rstrip().splitlines()[-1] == "error: internal: KeyError: 'missing'"


def test_log_records_go_to_stderr_only_with_verbose(pipeline: FakePipeline) -> None:
    quiet = invoke(["compare", "rw.txt", "a.md", "-f", "json"])
    loud = invoke(["compare", "rw.txt", "a.md", "-f", "json", "--verbose"])
    assert quiet.stderr == ""
    assert "info: unspun.cli.compare:" in loud.stderr
    assert json.loads(loud.stdout)["schema"] == "unspun.report/1"  # logs never reach stdout
    assert logging.getLogger("unspun").level == logging.NOTSET  # restored


def test_render_failure_leaves_existing_output_untouched(
    pipeline: FakePipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text("previous report", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    out = invoke(["compare", "rw.txt", "a.md", "-f", "json", "-o", str(target)])
    assert_one_line_error(out, 2, "No space left on device")
    assert target.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


# --------------------------------------------------------------------------- config show, ingest


def test_config_show_prints_toml_that_loads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[serve]\nhost = "0.0.0.0"\n[audit]\nreport_omissions = false\n', encoding="utf-8")
    monkeypatch.setenv("UNSPUN_ALIGN_VERBATIM", "0.99")
    out = invoke(["config", "show", "--config", str(cfg)])
    assert out.code == 0, out.stderr
    data = tomllib.loads(out.stdout)
    expected = load_settings(cfg)
    assert data == expected.to_dict()
    assert data["serve"]["host"] == "0.0.0.0"
    assert data["align"]["verbatim"] == 0.99
    assert data["audit"]["report_omissions"] is False
    echo = tmp_path / "echo.toml"
    echo.write_text(out.stdout, encoding="utf-8")
    assert load_settings(echo) == expected


def test_config_show_json_and_bad_config() -> None:
    out = invoke(["config", "show", "--format", "json"])
    assert json.loads(out.stdout) == Settings().to_dict()
    Path("bad.toml").write_text("[align]\nmin_similarity = 2\n", encoding="utf-8")
    assert_one_line_error(invoke(["config", "show", "--config", "bad.toml"]), 2, "min_similarity", "bad.toml")


def test_typer_runner_sees_registered_commands() -> None:
    result = CliRunner().invoke(app, ["config", "show", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["align"] == dataclasses.asdict(Settings().align)


def test_every_command_module_is_registered() -> None:
    import typer

    from unspun.cli import compare, config, index, ingest, scan, serve, trace

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    assert list(group.commands) == ["compare", "ingest", "trace", "serve", "scan", "graph", "config", "index"]
    registered_in = {
        name: command.callback.__module__
        for name, command in group.commands.items()
        if command.callback is not None
    }
    for name, sub in group.commands.items():
        if isinstance(sub, typer.core.TyperGroup):
            registered_in |= {
                f"{name} {sub_name}": sub_command.callback.__module__
                for sub_name, sub_command in sub.commands.items()
                if sub_command.callback is not None
            }
    assert registered_in == {
        "compare": compare.__name__,
        "ingest": ingest.__name__,
        "trace": trace.__name__,
        "serve": serve.__name__,
        "scan": scan.__name__,
        "graph": scan.__name__,
        "config show": config.__name__,
        "index add": index.__name__,
        "index remove": index.__name__,
        "index stats": index.__name__,
    }
    # A fresh process: importing the modules above registers them here whether or not
    # `unspun.cli` does.
    help_page = subprocess.run(
        [sys.executable, "-m", "unspun", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("compare", "ingest", "config", "index", "trace", "serve", "scan", "graph"):
        assert re.search(rf"^\W*{name}\s", help_page, re.MULTILINE), name


def test_format_choice_mirrors_the_pipelines_report_format() -> None:
    from unspun.pipeline import ReportFormat as PipelineReportFormat

    assert [f.value for f in ReportFormatChoice] == [f.value for f in PipelineReportFormat]


def test_trace_calls_the_pipeline_and_prints_the_report(
    pipeline: FakePipeline, report: Report, tmp_path: Path
) -> None:
    args = ["trace", "suspect.txt", "--index", str(tmp_path), "-k", "3", "--published", "2025-02-07"]
    out = invoke([*args, "-f", "json"])
    assert out.code == 0, out.stderr
    assert _without_evidence(json.loads(out.stdout)) == report.to_dict()
    (call,) = pipeline.calls
    assert call == {
        "suspect": Path("suspect.txt"),
        "index": tmp_path,
        "k": 3,
        "published": dt.date(2025, 2, 7),
        "settings": Settings(),
    }
    assert invoke(["trace", "suspect.txt", "--index", str(tmp_path)]).stdout.startswith("Verdict: REWRITE")


def test_ingest_prints_article_json(monkeypatch: pytest.MonkeyPatch, report: Report) -> None:
    calls: list[tuple[Any, dict[str, Any]]] = []

    def load_article(path: Any, **kwargs: Any) -> Any:
        calls.append((path, kwargs))
        return report.rewrite

    module = types.ModuleType("unspun.pipeline")
    module.load_article = load_article  # type: ignore[attr-defined]  # a bare module as stand-in
    monkeypatch.setitem(sys.modules, "unspun.pipeline", module)
    out = invoke(["ingest", "rw.txt", "--published", "2025-01-31"])
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout) == report.rewrite.to_dict()
    assert calls == [(Path("rw.txt"), {"published": dt.date(2025, 1, 31), "settings": Settings()})]
    text = invoke(["ingest", "rw.txt", "--format", "text"])
    assert "title" in text.stdout
    assert report.rewrite.sentences[1].text in text.stdout


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-02-07", dt.date(2025, 2, 7)), (" 2024-02-29 ", dt.date(2024, 2, 29)), (None, None)],
    ids=["day", "leap-day", "none"],
)
def test_parse_day_accepts_iso_days(value: str | None, expected: dt.date | None) -> None:
    assert parse_day(value) == expected


@pytest.mark.parametrize("value", ["2023-02-29", "2025-2-7", "20250207", "2025-W06-1", "2025-02-07T10:00"])
def test_parse_day_rejects_everything_else(value: str) -> None:
    import typer

    with pytest.raises(typer.BadParameter):
        parse_day(value)


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, "first ✓\n")
    write_atomic(target, "second\n")
    assert target.read_bytes() == b"second\n"
    with pytest.raises(InputError, match="Is a directory"):
        write_atomic(tmp_path, "a directory is not a file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_settings_to_toml_round_trips_odd_values() -> None:
    settings = load_settings(
        env={}, overrides={"serve": {"host": 'we"ird\\host\u00e9'}, "align": {"verbatim": 1}}
    )
    assert tomllib.loads(settings_to_toml(settings)) == settings.to_dict()


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["compare", "-v"], True), (["--verbose"], True), (["compare", "--", "-v"], False), (["x"], False)],
    ids=["short", "long", "after-dashdash", "absent"],
)
def test_wants_verbose(args: list[str], expected: bool) -> None:
    assert wants_verbose(args) is expected


def test_text_report_is_coloured_only_on_a_terminal(
    pipeline: FakePipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from unspun.cli import _common

    monkeypatch.setattr(_common, "stdout_is_tty", lambda: True)
    coloured = invoke(["compare", "rw.txt", "a.md"])
    assert coloured.code == 0
    assert "\x1b[" in coloured.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in invoke(["compare", "rw.txt", "a.md"]).stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in invoke(["compare", "rw.txt", "a.md", "-f", "json"]).stdout
