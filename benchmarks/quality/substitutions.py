"""The swapped-word rule (``unspun.audit.substitutions``): choosing its thresholds, measuring it.

    python -m benchmarks.quality.substitutions collect --task summedits-other --limit 500 \\
        --out /tmp/s_other.json
    python -m benchmarks.quality.substitutions collect --task summedits --split dev --out /tmp/s_se_dev.json
    python -m benchmarks.quality.substitutions collect --task llmfake --split train --limit 150 \\
        --out /tmp/s_llm.json
    python -m benchmarks.quality.substitutions fit /tmp/s_other.json /tmp/s_se_dev.json /tmp/s_llm.json

``collect`` runs unspun's pipeline once per item with the rule off, keeps the other rules'
finding types, then reads every aligned rewrite sentence as the rule would, with its gates open
(no copied share, no cosine threshold): for each linked source sentence its copied share and
its candidate swaps with their static cosine. ``fit`` then applies any ``--min-copied`` /
``--cosine`` after the fact and prints, per file, how many items the rule flags (manipulated /
inconsistent against faithful / consistent), and the balanced accuracy of "the pinned types or
the rule" (SummEdits) or the detection and false alarms (LLMFake). Splits are the quality
harness's (:mod:`benchmarks.quality.tasks`); SummEdits non-news (``training/summedits-other``)
is training data for every choice.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.quality import data as ds
from benchmarks.quality.metrics import balanced_accuracy
from benchmarks.quality.tasks import SEED, llmfake_items, sample, split_keys, summedits_other

CHOICES = Path(__file__).with_name("choices.json")
POLAR_MIN_COPIED = 0.6  # audit.substitution_polar_min_copied (the gap is fixed at collection)


def _items(task: str, split: str, limit: int | None) -> list[tuple[str, str, str, bool]]:
    """``(id, rewrite, source, positive)``: positive = inconsistent / manipulated."""
    if task == "summedits":
        want = "evaluation" if split == "dev" else "test"
        edits = [(r.id, r.summary, r.doc, not r.consistent) for r in ds.load_summedits() if r.split == want]
        return edits[: limit or None]
    if task == "summedits-other":
        return [(r.id, r.summary, r.doc, not r.consistent) for r in summedits_other(limit)]
    recs = ds.load_llmfake()
    by_id = {r.doc_id: r for r in recs}
    not_rw = ds.load_not_rewrites()
    items = llmfake_items(recs)
    train = split_keys([d for d, _, _, _ in items])
    part = [x for x in items if (x[0] in train) == (split == "train") and f"{x[0]}::{x[1]}" not in not_rw]
    n = limit or 100
    chosen = sample([x for x in part if x[3]], n, seed=SEED + 2) + sample(
        [x for x in part if not x[3]], n, seed=SEED + 2
    )
    return [(f"{d}::{m}", text, by_id[d].text, y) for d, m, text, y in chosen]


def collect(task: str, split: str, limit: int | None) -> dict[str, Any]:
    from unspun.audit.context import AuditContext
    from unspun.audit.substitutions import (
        candidate_swaps,
        copied_share,
        polar_flip,
        source_options,
        synonyms,
        window,
    )
    from unspun.config import Settings
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles
    from unspun.semantic import default_model

    base = Settings()
    cfg = dataclasses.replace(base, audit=dataclasses.replace(base.audit, substitutions=False))
    model = default_model()
    gap = cfg.audit.substitution_polar_gap
    rows = []
    for i, (item_id, rewrite, source, positive) in enumerate(_items(task, split, limit)):
        try:
            rw = article_from_text(rewrite, doc_id="rewrite", fmt="text")
            src = article_from_text(source, doc_id="source", fmt="text")
            report = compare_articles(rw, [src], settings=cfg)
        except Exception as exc:  # one failing item must not stop the benchmark
            rows.append({"id": item_id, "positive": positive, "error": f"{type(exc).__name__}: {exc}"})
            continue
        ctx = AuditContext.build(
            report.rewrite, report.sources, report.facts, report.alignment, settings=cfg.audit
        )
        taken = [(f.rewrite.start, f.rewrite.end) for f in report.findings if f.rewrite.end > f.rewrite.start]
        lines = []
        for line in ctx.linked_lines:
            r0 = line.sentence.span.start
            links = []
            for doc, parts in source_options(line):
                swaps = candidate_swaps(
                    line.sentence.text,
                    parts,
                    min_copied=0.0,
                    max_words=cfg.audit.substitution_max_words,
                    around=window(line, doc, cfg.audit.substitution_window),
                )
                free = [
                    w
                    for w in swaps
                    if not any(a < r0 + w.rewrite_end and r0 + w.rewrite_start < b for a, b in taken)
                ]
                cos: list[float] = []
                if free:
                    a = model.embed([w.before for w in free])
                    b = model.embed([w.after for w in free])
                    cos = np.einsum("ij,ij->i", a, b).tolist()
                links.append(
                    {
                        "copied": round(copied_share(line.sentence.text, parts), 4),
                        "any_swap": bool(swaps),
                        "swaps": [
                            [w.before, w.after, round(c, 4), synonyms(w), polar_flip(w, gap), w.whole]
                            for w, c in zip(free, cos, strict=True)
                        ],
                    }
                )
            lines.append({"sentence": line.sentence.text[:300], "links": links})
        rows.append(
            {
                "id": item_id,
                "positive": positive,
                "types": sorted({f.type.value for f in report.findings}),
                "lines": lines,
            }
        )
        if (i + 1) % 50 == 0:
            print(f"{i + 1} items", file=sys.stderr)
    return {"task": task, "split": split, "limit": limit, "rows": rows}


def flagged(
    row: dict[str, Any],
    min_copied: float,
    cosine: float,
    *,
    wordnet: bool = True,
    polar_min_copied: float = 0.6,
) -> list[tuple[str, str, float]]:
    """The swaps the rule reports on ``row`` at these thresholds, one per sentence, as the rule
    does (:func:`unspun.audit.substitutions.reported`); ``polar_min_copied`` > 1 leaves the
    polarity flips out."""
    out = []
    low_copied = min(min_copied, polar_min_copied)
    for line in row.get("lines", ()):
        for link in line["links"]:
            if link["copied"] < low_copied:
                continue
            hits = [
                s
                for s in link["swaps"]
                if not (_named(s[0]) or _named(s[1]))
                and (
                    (link["copied"] >= polar_min_copied and _polar(s[0], s[1]))
                    or (
                        link["copied"] >= min_copied
                        and s[2] < cosine
                        and not (wordnet and s[3])
                        and (s[5] if len(s) > 5 else _whole(s[0]) and _whole(s[1]))
                    )
                )
            ]
            if hits:
                out.append(min(hits, key=lambda s: s[2]))
            break  # a near copy: swaps or not, the later options are not tried
    return [(str(a), str(b), float(c)) for a, b, c, *_ in out]


def _named(words: str) -> bool:
    """A capitalised word: the rule skips names (a swap never starts a sentence)."""
    return any(w[:1].isupper() for w in words.split())


def _whole(words: str) -> bool:
    """:func:`unspun.audit.substitutions._whole` on the stretch's text (for files collected
    before it was recorded)."""
    from unspun.audit.substitutions import _stop_words

    ws = words.casefold().split()
    return bool(ws) and "," not in words and ws[0] not in _stop_words() and ws[-1] not in _stop_words()


def _polar(before: str, after: str) -> bool:
    """:func:`unspun.audit.substitutions.polar_flip` at the default gap, with today's code."""
    from unspun.audit.substitutions import Swap, polar_flip
    from unspun.config import AuditSettings

    return polar_flip(Swap(0, 0, 0, 0, before, after), AuditSettings().substitution_polar_gap)


def _pinned(task: str) -> list[str]:
    choices = json.loads(CHOICES.read_text(encoding="utf-8"))["choices"]
    key = (
        "summedits/unspun/types"
        if task.startswith("summedits")
        else "llmfake/unspun/types_at_5pct_false_alarms"
    )
    return list(choices[key])


def fit(
    paths: Sequence[str],
    grid_copied: Sequence[float],
    grid_cos: Sequence[float],
    wordnet: Sequence[bool],
    show: int,
) -> None:
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = [r for r in data["rows"] if "error" not in r]
        pinned = set(_pinned(data["task"]))
        y = [r["positive"] for r in rows]
        base = [bool(pinned & set(r["types"])) for r in rows]
        print(
            f"== {path}: {data['task']} {data['split']}, {len(rows)} items ({sum(y)} positive);"
            f" pinned {sorted(pinned)}"
        )
        print(
            f"   pinned types alone: flags pos {_rate(base, y, True):.3f} neg {_rate(base, y, False):.3f}"
            f" bacc {balanced_accuracy(y, base):.3f}"
        )
        for polar in (1.1, POLAR_MIN_COPIED):
            for mc in grid_copied:
                for cs in grid_cos:
                    for wn in wordnet:
                        rule = [bool(flagged(r, mc, cs, wordnet=wn, polar_min_copied=polar)) for r in rows]
                        both = [a or b for a, b in zip(base, rule, strict=True)]
                        print(
                            f"   polar {'on ' if polar <= 1 else 'off'} copied>={mc:.2f} cos<{cs:.2f}"
                            f" wordnet={wn!s:5}:"
                            f" rule pos {_rate(rule, y, True):.3f} neg {_rate(rule, y, False):.3f}"
                            f" | with pinned: pos {_rate(both, y, True):.3f}"
                            f" neg {_rate(both, y, False):.3f} bacc {balanced_accuracy(y, both):.3f}"
                        )
        polar_only = [bool(flagged(r, 1.1, 0.0, polar_min_copied=POLAR_MIN_COPIED)) for r in rows]
        print(
            f"   polarity flips alone: pos {_rate(polar_only, y, True):.3f}"
            f" neg {_rate(polar_only, y, False):.3f}"
        )
        if show:
            mc, cs = grid_copied[0], grid_cos[0]
            for label in (True, False):
                print(f"   -- examples, positive={label}")
                n = 0
                for r in rows:
                    if r["positive"] is label and flagged(r, mc, cs):
                        print(f"      {r['id']}: {flagged(r, mc, cs)}")
                        n += 1
                        if n >= show:
                            break


def _rate(pred: Sequence[bool], y: Sequence[bool], label: bool) -> float:
    sel = [p for p, t in zip(pred, y, strict=True) if t is label]
    return sum(sel) / len(sel) if sel else float("nan")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--task", choices=["summedits", "summedits-other", "llmfake"], required=True)
    c.add_argument("--split", choices=["dev", "train", "test"], default="train")
    c.add_argument("--limit", type=int, default=None)
    c.add_argument("--out", required=True)
    f = sub.add_parser("fit")
    f.add_argument("paths", nargs="+")
    f.add_argument("--min-copied", type=float, nargs="+", default=[0.6, 0.7, 0.8, 0.85, 0.9])
    f.add_argument("--cosine", type=float, nargs="+", default=[0.2, 0.3, 0.4, 0.5])
    f.add_argument("--wordnet", nargs="+", choices=["on", "off"], default=["on"])
    f.add_argument("--show", type=int, default=0)
    args = ap.parse_args(argv)
    if args.cmd == "collect":
        out = collect(args.task, args.split, args.limit)
        Path(args.out).write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"wrote {args.out} ({len(out['rows'])} items)")
    else:
        fit(args.paths, args.min_copied, args.cosine, [x == "on" for x in args.wordnet], args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
