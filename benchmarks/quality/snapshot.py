"""Snapshot JSON reports on fixed pairs, and diff two snapshots field by field.

Used to show that a refactoring changes no output: run ``snapshot`` before and after, then
``diff``. Pairs: the shipped example, and a seeded sample of LLMFake (rewrite, original) pairs
over every rewrite method (the texts are read from ../shared/data, never copied here).

    python -m benchmarks.quality.snapshot write DIR [--pairs 200]
    python -m benchmarks.quality.snapshot diff DIR_A DIR_B
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

from benchmarks.quality.data import load_llmfake

ROOT = Path(__file__).resolve().parents[2]
# Fields that legitimately differ between two runs of the same code.
VOLATILE = {"version"}


def pairs(n: int, *, seed: int = 0) -> list[tuple[str, str, str]]:
    """Return ``(name, rewrite_text, source_text)`` for ``n`` seeded LLMFake pairs."""
    all_pairs = [
        (f"{r.doc_id}::{method}", text, r.text)
        for r in load_llmfake()
        for method, text in sorted(r.rewrites.items())
        if text and text.strip()
    ]
    return random.Random(seed).sample(all_pairs, min(n, len(all_pairs)))


def _report_json(rewrite: str, source: str) -> dict[str, Any]:
    import unspun
    from unspun.errors import UnspunError
    from unspun.ingest import article_from_text

    try:
        rw = article_from_text(rewrite, doc_id="rewrite")
        src = article_from_text(source, doc_id="source")
        return unspun.compare(rw, [src]).to_dict()
    except UnspunError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}


def write(out: Path, n: int) -> None:
    import unspun

    out.mkdir(parents=True, exist_ok=True)
    example = unspun.compare(
        ROOT / "examples/toretsk/rewrite.txt", [ROOT / "examples/toretsk/source.md"]
    ).to_dict()
    (out / "example.json").write_text(json.dumps(example, indent=1, sort_keys=True), encoding="utf-8")
    for i, (name, rewrite, source) in enumerate(pairs(n)):
        doc = {"pair": name, "report": _report_json(rewrite, source)}
        (out / f"llmfake-{i:03d}.json").write_text(json.dumps(doc, indent=1, sort_keys=True), encoding="utf-8")


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in VOLATILE:
                continue
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'B' if k not in a else 'A'}")
            else:
                _diff(a[k], b[k], f"{path}/{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}")


def diff(a: Path, b: Path) -> int:
    """Print every differing field; return the number of files that differ."""
    changed = 0
    names = sorted({p.name for p in a.glob("*.json")} | {p.name for p in b.glob("*.json")})
    for name in names:
        pa, pb = a / name, b / name
        if not pa.exists() or not pb.exists():
            print(f"{name}: missing in {'A' if not pa.exists() else 'B'}")
            changed += 1
            continue
        out: list[str] = []
        _diff(json.loads(pa.read_text()), json.loads(pb.read_text()), "", out)
        if out:
            changed += 1
            print(f"{name}: {len(out)} field(s) differ")
            for line in out[:20]:
                print(f"  {line}")
    print(f"{changed} of {len(names)} snapshot files differ")
    return changed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--pairs", type=int, default=200)
    d = sub.add_parser("diff")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    args = p.parse_args(argv)
    if args.cmd == "write":
        write(args.out, args.pairs)
        return 0
    return 1 if diff(args.a, args.b) else 0


if __name__ == "__main__":
    sys.exit(main())
