"""Time `unspun.compare` on the example pair in two checkouts, interleaved in the same run.

    git archive REV | tar -x -C /tmp/before     # the code to compare with (a plain copy is enough)
    python -m benchmarks.speed.bench_compare_ab --before /tmp/before --runs 15 \\
        --out benchmarks/results/compare-ab.json

Two worker processes, one importing ``unspun`` from ``--before``/src and one from this checkout's
src, both pinned to the same core, warm (one compare first loads spaCy, the word lists and the
models). Each run asks the two in turn (ABBA order, so a drift in the machine's load touches
both alike) to time every stage once, as :mod:`benchmarks.speed.bench_compare` does, plus
spaCy's small English pipeline (every component) parsing the same two texts, the baseline of
issue 11's target. Wall and CPU time are both reported: on a shared machine the CPU time of
the process says more about the code than the wall time does.

``compare (total, text caches cleared)`` is the whole call after clearing every
``functools.lru_cache`` of unspun that holds text (those with room for more than one entry;
the model loaders are kept): what a pair with none of the sentences and words seen before
costs, so that caches that outlive one call cannot flatter the warm figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.speed.bench_compare import _pin_one_core

ROOT = Path(__file__).resolve().parents[2]
CLEARED = "compare (total, text caches cleared)"
BASELINE = "spaCy sm full parse (both)"


def _clear_text_caches() -> None:
    """Empty every lru_cache of unspun's modules that holds more than one entry."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("unspun") or module is None:
            continue
        for value in list(vars(module).values()):
            params = getattr(value, "cache_parameters", None)
            if callable(params) and (params().get("maxsize") or 0) > 1:
                value.cache_clear()


def _worker_stages(rewrite: Path, source: Path) -> dict[str, Callable[[], object]]:
    import spacy

    from benchmarks.speed.bench_compare import _stages
    from unspun.align import align
    from unspun.config import Settings
    from unspun.facts import extract_facts
    from unspun.facts.nlp import MODEL_NAMES
    from unspun.ingest import load_article
    from unspun.pipeline import compare, compare_articles
    from unspun.types import FactSheet

    cfg = Settings()
    compare(rewrite, [source], settings=cfg)  # warm-up: loads spaCy, word lists, models
    rw = load_article(rewrite)
    src = load_article(source)
    rw_dated = compare_articles(rw, [src], settings=cfg).rewrite
    facts = FactSheet({rw_dated.doc_id: extract_facts(rw_dated), src.doc_id: extract_facts(src)})
    links = align(rw_dated, [src], settings=cfg.align)
    args = argparse.Namespace(rewrite=rewrite, source=source)
    stages = _stages(args, cfg, rw_dated, src, facts, links)

    def cleared() -> object:
        _clear_text_caches()
        return compare(rewrite, [source], settings=cfg)

    stages[CLEARED] = cleared
    installed = set(spacy.util.get_installed_models())
    nlp = spacy.load(next(n for n in MODEL_NAMES if n in installed))
    texts = (rw.text, src.text)
    for t in texts:
        nlp(t)  # warm-up
    stages[BASELINE] = lambda: [nlp(t) for t in texts]
    return stages


def _worker(src_dir: Path, rewrite: Path, source: Path) -> int:
    """Serve timing requests on stdin ("run" -> one JSON line of {stage: [wall_ms, cpu_ms]})."""
    sys.path.insert(0, str(src_dir))
    _pin_one_core()
    import unspun

    stages = _worker_stages(rewrite, source)
    print(json.dumps({"ready": unspun.__file__}), flush=True)
    for line in sys.stdin:
        if line.strip() != "run":
            break
        out: dict[str, list[float]] = {}
        for name, fn in stages.items():
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            out[name] = [(time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000]
        print(json.dumps(out), flush=True)
    return 0


def _start(src_dir: Path, rewrite: Path, source: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src_dir), str(ROOT)]))
    cmd = [sys.executable, "-m", "benchmarks.speed.bench_compare_ab", "--worker", str(src_dir)]
    cmd += ["--rewrite", str(rewrite), "--source", str(source)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready = json.loads(proc.stdout.readline())
    print(f"worker {src_dir}: unspun from {ready['ready']}", file=sys.stderr)
    return proc


def _ask(proc: subprocess.Popen[str]) -> dict[str, list[float]]:
    assert proc.stdin is not None
    assert proc.stdout is not None
    proc.stdin.write("run\n")
    proc.stdin.flush()
    result: dict[str, list[float]] = json.loads(proc.stdout.readline())
    return result


def _sha(path: Path) -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="checkout of the code to compare with")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rewrite", type=Path, default=ROOT / "examples/toretsk/rewrite.txt")
    parser.add_argument("--source", type=Path, default=ROOT / "examples/toretsk/source.md")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        return _worker(args.worker, args.rewrite.resolve(), args.source.resolve())
    if args.before is None:
        parser.error("--before DIR is required (a checkout of the code to compare with)")
    sides = {"before": args.before.resolve() / "src", "after": ROOT / "src"}
    procs = {side: _start(src, args.rewrite.resolve(), args.source.resolve()) for side, src in sides.items()}
    times: dict[str, dict[str, list[list[float]]]] = {side: {} for side in sides}
    try:
        for run in range(args.runs):
            order = ["before", "after"] if run % 2 == 0 else ["after", "before"]
            for side in order:
                for name, wc in _ask(procs[side]).items():
                    times[side].setdefault(name, []).append(wc)
    finally:
        for proc in procs.values():
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=60)
    results: dict[str, Any] = {}
    print(
        f"{'median ms (' + str(args.runs) + ' runs)':38s} {'before wall':>11s} {'after wall':>10s}"
        f" {'before CPU':>10s} {'after CPU':>9s}"
    )
    for name in times["after"]:
        row: dict[str, Any] = {}
        for side in sides:
            walls = [w for w, _ in times[side].get(name, [])]
            cpus = [c for _, c in times[side].get(name, [])]
            row[side] = {
                "wall_median_ms": round(statistics.median(walls), 2),
                "wall_min_ms": round(min(walls), 2),
                "cpu_median_ms": round(statistics.median(cpus), 2),
            }
        results[name] = row
        print(
            f"{name:38s} {row['before']['wall_median_ms']:11.1f} {row['after']['wall_median_ms']:10.1f}"
            f" {row['before']['cpu_median_ms']:10.1f} {row['after']['cpu_median_ms']:9.1f}"
        )
    for side in sides:
        total, base = results["compare (total)"][side], results[BASELINE][side]
        ratio = total["wall_median_ms"] / base["wall_median_ms"]
        cpu_ratio = total["cpu_median_ms"] / base["cpu_median_ms"]
        results["compare (total)"][side] |= {"ratio_to_spacy_wall": round(ratio, 3)}
        results["compare (total)"][side] |= {"ratio_to_spacy_cpu": round(cpu_ratio, 3)}
        print(f"{side}: compare / spaCy parse = {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (medians, same runs)")
    if args.out:
        record = {
            "benchmark": "compare_ab",
            "before": {"path": str(args.before), "git_sha": _sha(args.before)},
            "after": {"path": str(ROOT), "git_sha": _sha(ROOT)},
            "python": sys.version.split()[0],
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "load": os.getloadavg()},
            "runs": args.runs,
            "inputs": [str(args.rewrite), str(args.source)],
            "results": results,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
