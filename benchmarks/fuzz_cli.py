"""Hypothesis fuzzing of every ``unspun`` CLI command: bad input is one line and a distinct exit code.

Each command gets random but well-aimed invocations: file contents (text with control and bidi
characters, bytes, HTML, Markdown, JSON lines, sentences of real news text), options with valid
and invalid values (formats, dates, ``--top-k``, output paths, settings files), missing and
foreign paths, unknown tokens. Every invocation runs the real command in-process
(:func:`unspun.cli._main.run`, the code behind the ``unspun`` script) and must:

* exit 0, 2 (bad input) or 3 (index unusable); 1 is an internal error, i.e. a failure;
* on failure, print exactly one line to stderr, starting with ``error: ``;
* never print a traceback;
* with ``--format json`` on stdout and exit 0, print valid JSON.

``tests/property/test_cli_fuzz.py`` runs a bounded number of examples per command in
``make test``; the long run is this module::

    python -m benchmarks.fuzz_cli --examples 10000 [--commands compare,trace] [--out FILE]

It counts inputs tried, failures and tracebacks per command (figures in BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "toretsk"
OK_CODES = frozenset({0, 2, 3})

# --------------------------------------------------------------------------- strategies

_SENTENCES = [
    line.strip()
    for line in (EXAMPLE / "source.md").read_text(encoding="utf-8").split(". ")
    if 20 < len(line.strip()) < 300
][:40]
_NASTY = ["\u202e", "\u2066", "\x1b[2J", "\x00", "\x07", "\ufeff", "\u200b", "\r", "\u2028", "\ud800", "💥"]

_words = st.sampled_from(_SENTENCES)
_prose = st.lists(_words, min_size=1, max_size=8).map(lambda xs: ". ".join(xs) + ".")
_noise = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list('\n "“”.#<>'))), max_size=300)
_markup = st.sampled_from(["\n\n", "<p>", "</p>", "<script>x</script>", "# ", "[a](b)", "“", "”"])
_HTML = "<html><head><title>T</title></head><body><article><p>{}</p></article></body></html>"


def _spliced(parts: list[str]) -> str:
    return "".join(parts)


_text = st.one_of(
    _prose,
    _noise,
    st.lists(st.one_of(_prose, _noise, _markup, st.sampled_from(_NASTY)), max_size=6).map(_spliced),
    _prose.map(_HTML.format),
    _prose.map(lambda t: f"# Heading\n\n{t}\n\n[link](http://example.com)"),
    st.sampled_from(["", " ", "\n\n", "Media playback is unsupported on your device"]),
)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-16":
        return text.encode("utf-16", "surrogatepass")
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    return text.encode("utf-8", "surrogatepass")


_content = st.one_of(
    st.builds(_encode, _text, st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"])),
    st.builds(_encode, _prose, st.just("utf-8")),
    st.binary(max_size=400),
)
# Mostly valid values, so that most invocations get past option parsing into the pipeline.
_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-02-30", "2025-13-01", "yesterday", "", "20250207", "2025-02-07T10:00"]),
    st.text(max_size=12),
)
_junk_token = st.one_of(
    st.sampled_from(["--nope", "-z", "--", "-", "--format", "--index", "-k", "--top-k=x", "--published="]),
    st.text(min_size=1, max_size=10),
)
_suffix = st.sampled_from(
    [".txt", ".txt", ".txt", ".md", ".html", ".htm", ".jsonl", ".warc", ".warc.gz", ".pdf", "", ".TXT"]
)


_report_format = st.sampled_from(["text", "json", "html", "text", "json", "html", "JSON", "pdf", ""])


@dataclass
class Case:
    """One invocation: arguments, files to create first (relative path -> bytes), environment."""

    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        return json.dumps({"args": self.args, "files": {k: len(v) for k, v in self.files.items()}})


@st.composite
def _file(draw: st.DrawFn, stem: str) -> tuple[str, bytes]:
    return f"{stem}{draw(_suffix)}", draw(_content)


@st.composite
def _common_options(draw: st.DrawFn, *, report: bool) -> tuple[list[str], dict[str, bytes]]:
    args: list[str] = []
    files: dict[str, bytes] = {}
    if report and draw(st.booleans()):
        args += [
            "--format",
            draw(st.sampled_from(["text", "json", "html", "text", "json", "html", "JSON", "pdf", ""])),
        ]
    if draw(st.integers(0, 4)) == 0:
        args += ["-o", draw(st.sampled_from(["out.txt", "out.txt", "missing/dir/out.txt", ".", "sub", ""]))]
    if draw(st.integers(0, 6)) == 0:
        settings_text = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "[align]\nmin_similarity = 0.4\n",
                        "[align]\nmin_similarity = 7\n",
                        "[exclude]\nquotes = true\nsources = ['a', 'b']\n",
                        "[exclude]\nsources = 3\n",
                        "[ingest]\nmax_chars = 10\n",
                        "[nope]\nx = 1\n",
                        "not toml [[[",
                    ]
                ),
                st.text(max_size=60),
            )
        )
        files["cfg.toml"] = settings_text.encode("utf-8", "surrogatepass")
        args += ["--config", "cfg.toml"]
    if draw(st.integers(0, 9)) == 0:
        args.append(draw(_junk_token))
    return args, files


def _maybe_exclusions(draw: st.DrawFn) -> list[str]:
    args: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        args.append("--exclude-quotes")
    if draw(st.integers(0, 3)) == 0:
        args.append("--exclude-boilerplate")
    if draw(st.integers(0, 4)) == 0:
        args += ["--exclude-source", draw(st.sampled_from(["s0.txt", "idx-a", "", "nope"]))]
    return args


@st.composite
def compare_case(draw: st.DrawFn) -> Case:
    files = dict([draw(_file("rw"))])
    rewrite = next(iter(files))
    sources = []
    for i in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 0]))):
        name, data = draw(_file(f"s{i}"))
        files[name] = data
        sources.append(name)
    if draw(st.integers(0, 5)) == 0:
        sources.append(draw(st.sampled_from(["missing.txt", ".", "/", "idx"])))
    args = ["compare", rewrite, *sources]
    if draw(st.integers(0, 3)) == 0:
        args += ["--published", draw(_date)]
    if draw(st.integers(0, 4)) == 0:
        args += ["--source-published", draw(_date)]
    args += _maybe_exclusions(draw)
    more, extra = draw(_common_options(report=True))
    return Case(args + more, files | extra)


@st.composite
def ingest_case(draw: st.DrawFn) -> Case:
    name, data = draw(_file("article"))
    args = ["ingest", draw(st.sampled_from([name, name, "missing.txt", "."]))]
    if draw(st.booleans()):
        args += ["--format", draw(st.sampled_from(["json", "text", "xml"]))]
    if draw(st.integers(0, 3)) == 0:
        args += ["--published", draw(_date)]
    more, extra = draw(_common_options(report=False))
    return Case(args + more, {name: data} | extra)


@st.composite
def config_case(draw: st.DrawFn) -> Case:
    more, files = draw(_common_options(report=False))
    args = ["config", "show", *more]
    if draw(st.booleans()):
        args += ["--format", draw(st.sampled_from(["toml", "json", "yaml"]))]
    env = {}
    if draw(st.booleans()):
        key = draw(
            st.sampled_from(
                [
                    "UNSPUN_ALIGN_MIN_SIMILARITY",
                    "UNSPUN_EXCLUDE_SOURCES",
                    "UNSPUN_EXCLUDE_QUOTES",
                    "UNSPUN_INGEST_MAX_CHARS",
                    "UNSPUN_NOPE_X",
                ]
            )
        )
        env[key] = draw(
            st.text(
                alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=12
            )
        )
    return Case(args, files, env)


_jsonl_line = st.one_of(
    st.builds(
        lambda i, t, p: json.dumps({"id": i, "text": t, "published": p}),
        st.one_of(st.text(max_size=8), st.integers(), st.none()),
        _text,
        _date,
    ),
    st.sampled_from(['{"id": "x"}', "[" * 3000, "{broken", "null", '"text"', '{"text": 5}']),
    st.text(max_size=40),
)


@st.composite
def index_add_case(draw: st.DrawFn) -> Case:
    files: dict[str, bytes] = {}
    paths = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["jsonl", "file", "dir", "missing"]))
        if kind == "jsonl":
            lines = draw(st.lists(_jsonl_line, max_size=5))
            files[f"feed{i}.jsonl"] = "\n".join(lines).encode("utf-8", "surrogatepass")
            paths.append(f"feed{i}.jsonl")
        elif kind == "file":
            name, data = draw(_file(f"doc{i}"))
            files[name] = data
            paths.append(name)
        elif kind == "dir":
            name, data = draw(_file(f"d{i}/inner"))
            files[name] = data
            paths.append(f"d{i}")
        else:
            paths.append("missing.jsonl")
    index = draw(st.sampled_from(["new-idx", "new-idx", "IDX", "BROKEN", "afile.txt"]))
    args = ["index", "add", *paths, "--index", index]
    if draw(st.booleans()):
        args.append("--json")
    more, extra = draw(_common_options(report=False))
    return Case(args + [a for a in more if a != "-o"], files | extra)


@st.composite
def index_remove_case(draw: st.DrawFn) -> Case:
    ids = draw(
        st.lists(
            st.one_of(st.sampled_from(["idx-0", "idx-1", "idx-2"]), st.text(min_size=1, max_size=8)),
            min_size=1,
            max_size=4,
        )
    )
    index = draw(st.sampled_from(["IDX", "IDX", "BROKEN", "nowhere", "afile.txt"]))
    return Case(["index", "remove", *ids, "--index", index])


@st.composite
def index_stats_case(draw: st.DrawFn) -> Case:
    index = draw(st.one_of(st.sampled_from(["IDX", "BROKEN", "OLD", "nowhere", "afile.txt", "."]), st.text()))
    more, files = draw(_common_options(report=False))
    return Case(["index", "stats", "--index", index, *[a for a in more if a != "-o"]], files)


@st.composite
def trace_case(draw: st.DrawFn) -> Case:
    files: dict[str, bytes] = {}
    suspects = []
    for i in range(draw(st.integers(1, 2))):
        if draw(st.integers(0, 3)) == 0:
            lines = draw(st.lists(_jsonl_line, max_size=4))
            files[f"many{i}.jsonl"] = "\n".join(lines).encode("utf-8", "surrogatepass")
            suspects.append(f"many{i}.jsonl")
        else:
            name, data = draw(_file(f"sus{i}"))
            files[name] = data
            suspects.append(name)
    index = draw(st.sampled_from(["IDX", "IDX", "IDX", "BROKEN", "OLD", "nowhere"]))
    args = ["trace", *suspects, "--index", index]
    if draw(st.booleans()):
        args += ["--top-k", draw(st.sampled_from(["1", "5", "0", "101", "x", "-3"]))]
    if draw(st.integers(0, 3)) == 0:
        args.append("--batch")
    args += _maybe_exclusions(draw)
    more, extra = draw(_common_options(report=True))
    if (len(suspects) > 1 or "--batch" in args or suspects[0].endswith(".jsonl")) and draw(st.booleans()):
        more += ["-o", "results.jsonl"]
    return Case(args + more, files | extra)


COMMANDS: dict[str, st.SearchStrategy[Case]] = {
    "compare": compare_case(),
    "ingest": ingest_case(),
    "config show": config_case(),
    "index add": index_add_case(),
    "index remove": index_remove_case(),
    "index stats": index_stats_case(),
    "trace": trace_case(),
}

# --------------------------------------------------------------------------- fixtures and checks


def _index_text(i: int) -> str:
    return " ".join(_SENTENCES[(i + k) % len(_SENTENCES)] + "." for k in range(6))


def build_fixtures(base: Path) -> None:
    """Create, under ``base``: IDX (a small index), BROKEN (overwritten pages), OLD (format 0), afile.txt."""
    from unspun.index import open_index, read_records

    records = base / "seed.jsonl"
    records.write_text(
        "\n".join(json.dumps({"id": f"idx-{i}", "text": _index_text(i)}) for i in range(30)), encoding="utf-8"
    )
    with open_index(base / "IDX", mode="w") as idx:
        idx.add(read_records([records]))
    shutil.copytree(base / "IDX", base / "BROKEN")
    with (base / "BROKEN" / "index.sqlite").open("r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(b"\x5a" * 4096 * 6)
    shutil.copytree(base / "IDX", base / "OLD")
    with contextlib.closing(sqlite3.connect(base / "OLD" / "index.sqlite")) as conn, conn:
        conn.execute("UPDATE meta SET value='0' WHERE key='version'")
    (base / "afile.txt").write_text("not an index", encoding="utf-8")


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


class Failure(AssertionError):
    """An invocation broke the CLI's contract."""


def invoke(case: Case, fixtures: Path) -> Outcome:
    """Run ``case`` in a fresh directory that links the shared fixtures; return what it printed."""
    from unspun.cli._main import run

    work = Path(tempfile.mkdtemp(prefix="fuzz-", dir=fixtures))
    try:
        writes = case.args[:2] in (["index", "add"], ["index", "remove"])
        for name in ("IDX", "BROKEN", "OLD", "afile.txt"):
            target = fixtures / name
            if writes and target.is_dir():  # a command that writes gets its own copies of the indexes
                shutil.copytree(target, work / name)
            else:
                (work / name).symlink_to(target)
        for rel, data in case.files.items():
            path = work / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        env = {"SOURCE_DATE_EPOCH": "1700000000", "COLUMNS": "100"} | case.env
        runner = CliRunner()
        old = Path.cwd()
        os.chdir(work)
        try:
            with runner.isolation(env=env) as (out, err, _):
                code = run(case.args)
                return Outcome(
                    code, out.getvalue().decode("utf-8", "replace"), err.getvalue().decode("utf-8", "replace")
                )
        finally:
            os.chdir(old)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check(case: Case, outcome: Outcome) -> None:
    """Raise :class:`Failure` if ``outcome`` breaks the CLI's contract."""
    where = f"{case.describe()} -> {outcome.code}: {outcome.stderr[-400:]!r}"
    if "Traceback" in outcome.stderr or "Traceback" in outcome.stdout:
        raise Failure(f"traceback: {where}")
    if outcome.code not in OK_CODES:
        raise Failure(f"exit code {outcome.code}: {where}")
    if outcome.code != 0:
        lines = [line for line in outcome.stderr.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("error: "):
            raise Failure(f"not one error line: {where}")
    elif "json" in case.args and "-o" not in case.args and case.args[0] in ("compare", "trace", "ingest"):
        try:
            json.loads(outcome.stdout)
        except json.JSONDecodeError:
            if "--batch" not in case.args and not any(a.endswith(".jsonl") for a in case.args):
                raise Failure(f"stdout is not JSON: {where}") from None


# --------------------------------------------------------------------------- the long run


@dataclass
class Tally:
    inputs: int = 0
    failures: int = 0
    tracebacks: int = 0
    codes: Counter[int] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def fuzz(command: str, examples: int, fixtures: Path) -> Tally:
    """Run ``examples`` invocations of ``command``; count failures instead of stopping at one."""
    tally = Tally()

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(COMMANDS[command])
    def one(case: Case) -> None:
        tally.inputs += 1
        try:
            outcome = invoke(case, fixtures)
        except BaseException as exc:  # run() must never raise
            tally.failures += 1
            tally.tracebacks += 1
            if len(tally.examples) < 5:
                tally.examples.append(
                    f"raised {type(exc).__name__}: {case.describe()}\n{traceback.format_exc()}"
                )
            return
        tally.codes[outcome.code] += 1
        try:
            check(case, outcome)
        except Failure as exc:
            tally.failures += 1
            tally.tracebacks += "Traceback" in outcome.stderr
            if len(tally.examples) < 5:
                tally.examples.append(str(exc))

    start = time.perf_counter()
    one()
    tally.seconds = time.perf_counter() - start
    return tally


@contextlib.contextmanager
def fixture_dir() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="unspun-fuzz-"))
    try:
        build_fixtures(base)
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "fuzz_cli.json")
    args = parser.parse_args(argv)
    import warnings

    warnings.simplefilter("ignore")  # as the `unspun` script does: third-party chatter is no failure
    results: dict[str, Any] = {}
    if args.out.exists():
        results = json.loads(args.out.read_text(encoding="utf-8"))
    with fixture_dir() as fixtures:
        for command in args.commands.split(","):
            tally = fuzz(command, args.examples, fixtures)
            results[command] = {
                "inputs": tally.inputs,
                "failures": tally.failures,
                "tracebacks": tally.tracebacks,
                "exit_codes": {str(k): v for k, v in sorted(tally.codes.items())},
                "seconds": round(tally.seconds, 1),
                "examples": tally.examples,
            }
            print(
                f"{command:<13} inputs {tally.inputs:>6}  failures {tally.failures}  "
                f"tracebacks {tally.tracebacks}  exit codes {dict(sorted(tally.codes.items()))}  "
                f"{tally.seconds:,.0f} s",
                flush=True,
            )
            args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["failures"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
