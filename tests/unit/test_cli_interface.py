"""Issue 13, item 14 (CLI): ``--version``, a long form for every option, no ``<bool>`` metavars,
and error messages that never show an exception class name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import unspun
from unspun import errors
from unspun.cli import app
from unspun.cli._main import run


def cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation(env={"COLUMNS": "120"}) as (out, err, _):
        code = run(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


def _commands() -> Iterator[tuple[list[str], typer.core.TyperCommand | typer.core.TyperGroup]]:
    root = typer.main.get_command(app)
    todo: list[tuple[list[str], object]] = [([], root)]
    while todo:
        path, command = todo.pop()
        yield path, command  # type: ignore[misc]
        for name, sub in getattr(command, "commands", {}).items():
            todo.append(([*path, name], sub))


def test_version() -> None:
    code, stdout, stderr = cli("--version")
    assert (code, stdout, stderr) == (0, f"unspun {unspun.__version__}\n", "")


def test_every_option_has_a_long_form() -> None:
    seen = 0
    for path, command in _commands():
        for param in command.params:
            if isinstance(param, typer.core.TyperOption):
                seen += 1
                assert any(o.startswith("--") for o in param.opts), (path, param.opts)
    assert seen > 30
    code, _, stderr = cli("trace", "--help")
    assert code == 0, stderr


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["compare"],
        ["ingest"],
        ["trace"],
        ["serve"],
        ["config", "show"],
        ["index", "add"],
        ["index", "remove"],
    ],
)
def test_help_shows_no_bool_metavar(args: list[str]) -> None:
    code, stdout, _ = cli(*args, "--help")
    assert code == 0
    assert "--help" in stdout
    assert "<bool>" not in stdout
    if args == ["trace"]:
        assert "--top-k" in stdout


def test_top_k_long_form_is_accepted(tmp_path: Path) -> None:
    code, _, stderr = cli("trace", str(tmp_path / "s.txt"), "--index", str(tmp_path), "--top-k", "0")
    assert code == 2
    assert "--top-k" in stderr  # the range error names the long form


def test_error_messages_never_name_the_exception_class(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_text("   ", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[align]\nmin_similarity = 7\n", encoding="utf-8")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.txt").write_text("x", encoding="utf-8")
    cases = [
        ["ingest", "empty.txt"],
        ["ingest", "missing.txt"],
        ["config", "show", "--config", "bad.toml"],
        ["index", "stats", "--index", "nowhere"],
        ["index", "stats", "--index", "junk"],
        ["compare", "empty.txt", "missing.txt"],
    ]
    class_names = re.compile(
        "|".join(name for name in dir(errors) if name.endswith(("Error", "Error_")) and name[0].isupper())
    )
    for args in cases:
        code, _, stderr = cli(*args)
        assert code in (2, 3), (args, stderr)
        assert stderr.startswith("error: ")
        assert not class_names.search(stderr), stderr


def test_the_renamed_index_error_and_its_deprecated_alias() -> None:
    assert unspun.IndexUnusableError is errors.IndexUnusableError
    assert errors.IndexError_ is errors.IndexUnusableError  # kept one release for old imports
    assert "IndexError_" not in unspun.__all__
    assert issubclass(errors.IndexMismatchError, errors.IndexUnusableError)
    changelog = (Path(__file__).resolve().parents[2] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "IndexUnusableError" in changelog
