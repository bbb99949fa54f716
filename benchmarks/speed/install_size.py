"""Install size: unspun's runtime dependencies (and each extra's), by pip's records, and the venv.

    python -m benchmarks.speed.install_size --out benchmarks/results/install-size.json

For the runtime and for each extra of pyproject.toml (``server``, ``spark``, ``dev``), the
distributions it pulls in (its pinned requirements and theirs, transitively, markers evaluated
for this interpreter) and the bytes of the files each one's pip ``RECORD`` lists, as installed in
the running interpreter's environment. A distribution that two sets share counts in both; the
"with" rows count each distribution once. Also: the size of the whole environment folder (every
file under ``sys.prefix``, links not followed), and of unspun's own package (its models included).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import sys
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000


def _dist_size(dist: md.Distribution) -> int:
    total = 0
    for f in dist.files or ():
        try:
            total += Path(str(dist.locate_file(f))).stat().st_size
        except OSError:
            continue
    return total


def _closure(requirements: Iterable[str]) -> dict[str, md.Distribution]:
    """The installed distributions that ``requirements`` need, transitively (name -> dist)."""
    found: dict[str, md.Distribution] = {}
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            print(f"not installed: {req.name}", file=sys.stderr)
            continue
        wanted = set(req.extras)
        if name in found and not wanted:
            continue
        found[name] = dist
        for sub in dist.requires or ():
            r = Requirement(sub)
            if r.marker is None or r.marker.evaluate({"extra": ""}):
                todo.append((r, ""))
            else:
                todo += [(r, x) for x in wanted if r.marker.evaluate({"extra": x})]
    return found


def _tree_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            p = Path(dirpath) / name
            if not p.is_symlink():
                total += p.stat().st_size
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=12, help="largest distributions to list per set")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    sets: dict[str, list[str]] = {"runtime": list(project["dependencies"])}
    sets |= {f"extra {k}": list(v) for k, v in project.get("optional-dependencies", {}).items()}
    sets["runtime + server"] = sets["runtime"] + sets.get("extra server", [])
    results: dict[str, Any] = {}
    for name, reqs in sets.items():
        dists = _closure(reqs)
        sizes = sorted(((_dist_size(d), n, d.version) for n, d in dists.items()), reverse=True)
        total = sum(s for s, _, _ in sizes)
        results[name] = {
            "distributions": len(sizes),
            "mb": round(total / MB, 1),
            "largest": [{"name": n, "version": v, "mb": round(s / MB, 1)} for s, n, v in sizes[: args.top]],
        }
        print(f"{name}: {len(sizes)} distributions, {total / MB:.1f} MB")
        for s, n, v in sizes[: args.top]:
            print(f"    {n} {v}: {s / MB:.1f} MB")
    venv = _tree_size(Path(sys.prefix))
    own = _tree_size(ROOT / "src" / "unspun")
    models = _tree_size(ROOT / "src" / "unspun" / "models")
    results["environment folder"] = {"path": sys.prefix, "mb": round(venv / MB, 1)}
    results["unspun package"] = {"mb": round(own / MB, 1), "models_mb": round(models / MB, 1)}
    print(f"environment folder {sys.prefix}: {venv / MB:.1f} MB")
    print(f"unspun's own package (src/unspun): {own / MB:.1f} MB, of which models {models / MB:.1f} MB")
    if args.out:
        record = {"benchmark": "install_size", "python": sys.version.split()[0], "results": results}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
