"""The ``meaning_changed`` rule (``unspun.audit.judged``): fitting its thresholds and measuring it.

    python -m benchmarks.quality.judged collect --task llmfake --split train --out /tmp/j_llm_train.json
    python -m benchmarks.quality.judged fit /tmp/j_llm_train.json
    python -m benchmarks.quality.judged collect --task llmfake --split test --out /tmp/j_llm_test.json
    python -m benchmarks.quality.judged collect --task summedits --split test --out /tmp/j_se_test.json
    python -m benchmarks.quality.judged collect --task faithbench --split test --out /tmp/j_fb_test.json
    python -m benchmarks.quality.judged score /tmp/j_llm_test.json /tmp/j_se_test.json /tmp/j_fb_test.json

``collect`` runs unspun's pipeline once per item with the rule on and its thresholds at their
floor (``audit.meaning_changed_min = 0``, ``audit.meaning_changed_min_similarity = 0``), and keeps
every finding with, for each ``meaning_changed`` one, the judge's probability and the best link's
similarity. Any threshold can then be applied afterwards, so "without the rule" (its findings
dropped: no other rule reads them, they run after every content rule) and "with the rule at
the settings' thresholds" come from the same run. ``fit`` picks the thresholds on a train split:
the most manipulations flagged with at most ``--max-false`` more faithful paraphrases flagged.
``score`` prints the before/after figures of each file at the current defaults (or ``--min``,
``--sim``).

Splits are the quality harness's (:mod:`benchmarks.quality.tasks`): LLMFake PolitiFact items by
article (seed 0, half train), SummEdits-news by origin, FaithBench by source passage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality import data as ds
from benchmarks.quality.metrics import balanced_accuracy, span_precision_recall
from benchmarks.quality.scorers import raw_spans
from benchmarks.quality.tasks import SEED, _src_id, llmfake_items, sample, split_keys

MC = "meaning_changed"
_SOURCES: dict[str, Any] = {}  # parsed sources by doc id (SummEdits and FaithBench share them)


def _pinned_types() -> dict[str, list[str]]:
    raw = json.loads((Path(__file__).parent / "choices.json").read_text())["choices"]
    return {k: list(v) for k, v in raw.items() if k.endswith("/types") or k.endswith("_alarms")}


def _settings(record: bool, judge: str | None = None, floor_sim: float = 0.0) -> Any:
    from unspun.config import JudgeKind, Settings

    s = Settings()
    kind = s.audit.judge if judge is None else JudgeKind(judge)
    s = dataclasses.replace(s, audit=dataclasses.replace(s.audit, judge=kind))
    if not record:
        return s
    return dataclasses.replace(
        s,
        audit=dataclasses.replace(
            s.audit,
            meaning_changed=True,
            meaning_changed_min=0.0,
            meaning_changed_min_similarity=floor_sim,
            meaning_changed_unblamed=True,
        ),
    )


def _run(rewrite: str, sources: Sequence[tuple[str, str]], settings: Any) -> dict[str, Any]:
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    t0 = time.perf_counter()
    try:
        src = []
        for d, text in sources:
            if d not in _SOURCES:
                _SOURCES[d] = article_from_text(text, doc_id=d, fmt="text")
            src.append(_SOURCES[d])
        report = compare_articles(article_from_text(rewrite, doc_id="rw", fmt="text"), src, settings=settings)
    except Exception as exc:  # one failing item must not stop the benchmark
        return {"error": f"{type(exc).__name__}: {exc}", "findings": [], "seconds": time.perf_counter() - t0}
    best: dict[int, float] = {}
    for a in report.alignment:
        best[a.rewrite_index] = max(best.get(a.rewrite_index, 0.0), a.similarity)
    # offsets onto the raw text given, as the harness maps them (scorers.UnspunAuditor.audit)
    found = []
    for f, (s, e) in zip(report.findings, raw_spans(report, rewrite), strict=True):
        row: dict[str, Any] = {"type": f.type.value, "start": s, "end": e}
        if f.type.value == MC:
            sent = next(s for s in report.rewrite.sentences if s.span.start <= f.rewrite.start < s.span.end)
            row |= {
                "p": f.confidence,
                "sim": best.get(sent.index, 0.0),
                "more": "adds to" in f.message,
                "blamed": "all have counterparts" not in f.message,
            }
        found.append(row)
    return {"findings": found, "seconds": time.perf_counter() - t0}


def _items(task: str, split: str, limit: int | None) -> list[dict[str, Any]]:
    if task == "llmfake":
        return _llmfake_items(split, limit)
    if task == "summedits":
        return _summedits_items(split, limit)
    if task == "faithbench":
        return _faithbench_items(split, limit)
    raise SystemExit(f"unknown task {task!r}")


def _llmfake_items(split: str, limit: int | None) -> list[dict[str, Any]]:
    recs = ds.load_llmfake()
    not_rw = ds.load_not_rewrites()
    by_id = {r.doc_id: r for r in recs}
    items = llmfake_items(recs)
    train = split_keys([d for d, _, _, _ in items])
    part = [x for x in items if (x[0] in train) == (split == "train") and f"{x[0]}::{x[1]}" not in not_rw]
    n = limit or 10**9
    chosen = sample([x for x in part if x[3]], n, seed=SEED + 2) + sample(
        [x for x in part if not x[3]], n, seed=SEED + 2
    )
    return [
        {"id": f"{d}::{m}", "method": m, "label": y, "rewrite": text, "sources": [(d, by_id[d].text)]}
        for d, m, text, y in chosen
    ]


def _summedits_items(split: str, limit: int | None) -> list[dict[str, Any]]:
    keep = [r for r in ds.load_summedits() if (r.split == "test") == (split == "test")]
    return [
        {"id": r.id, "label": not r.consistent, "rewrite": r.summary, "sources": [(r.doc_id, r.doc)]}
        for r in sample(keep, limit)
    ]


def _faithbench_items(split: str, limit: int | None) -> list[dict[str, Any]]:
    samples = ds.load_faithbench()
    train = split_keys([s.source for s in samples])
    part = [s for s in samples if (s.source in train) == (split == "train")]
    return [
        {
            "id": s.id,
            "gold": [[sp.start, sp.end] for sp in s.spans if sp.unwanted],
            "rewrite": s.summary,
            "sources": [(_src_id(s.source), s.source)],
        }
        for s in sample(part, limit)
    ]


def collect(args: argparse.Namespace) -> None:
    settings = _settings(record=True, judge=args.judge, floor_sim=args.floor_sim)
    items = _items(args.task, args.split, args.limit)
    t0 = time.perf_counter()
    for i, it in enumerate(items):
        it |= _run(it["rewrite"], it["sources"], settings)
        del it["sources"]
        if not args.keep_text:
            del it["rewrite"]
        if (i + 1) % 25 == 0:
            print(f"{i + 1}/{len(items)} {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    record = {"task": args.task, "split": args.split, "judge": settings.audit.judge.value, "items": items}
    Path(args.out).write_text(json.dumps(record))


#: whether a verdict that blames no word counts (audit.meaning_changed_unblamed); set by score/fit
UNBLAMED = {"on": False}


def _flag_mc(f: dict[str, Any], p_min: float, sim_min: float) -> bool:
    blamed_ok = f.get("blamed", True) or UNBLAMED["on"]
    return bool(f["type"] == MC and f["p"] >= p_min and f["sim"] >= sim_min and blamed_ok)


def _types_flag(it: dict[str, Any], types: set[str], p_min: float, sim_min: float, with_mc: bool) -> bool:
    return any(
        (f["type"] in types and f["type"] != MC) or (with_mc and _flag_mc(f, p_min, sim_min))
        for f in it["findings"]
    )


def _any_content(it: dict[str, Any], p_min: float, sim_min: float, with_mc: bool) -> bool:
    from benchmarks.quality.scorers import CONTENT_TYPES

    return _types_flag(it, set(CONTENT_TYPES), p_min, sim_min, with_mc)


def llmfake_figures(items: list[dict[str, Any]], p_min: float, sim_min: float) -> dict[str, Any]:
    pinned = _pinned_types()
    out: dict[str, Any] = {}
    for name, types in (
        ("types at 5% train false alarms", set(pinned["llmfake/unspun/types_at_5pct_false_alarms"])),
        ("pinned balanced types", set(pinned["llmfake/unspun/types"])),
        ("any content finding", None),
    ):
        for with_mc in (False, True):
            flag = [
                _any_content(it, p_min, sim_min, with_mc)
                if types is None
                else _types_flag(it, types, p_min, sim_min, with_mc)
                for it in items
            ]
            man = [f for f, it in zip(flag, items, strict=True) if it["label"]]
            para = [
                f for f, it in zip(flag, items, strict=True) if it.get("method") == "paraphrase_generation"
            ]
            rew = [f for f, it in zip(flag, items, strict=True) if it.get("method") == "rewrite_generation"]
            key = f"{name} {'+ meaning_changed' if with_mc else '(before)'}"
            out[key] = {
                "detection": _rate(man),
                "false alarms paraphrase": _rate(para),
                "false alarms rewrite": _rate(rew),
                "n": [len(man), len(para), len(rew)],
            }
    faithful = [it for it in items if not it["label"]]
    out["faithful with a meaning_changed"] = _rate(
        [any(_flag_mc(f, p_min, sim_min) for f in it["findings"]) for it in faithful]
    )
    out["manipulated with a meaning_changed"] = _rate(
        [any(_flag_mc(f, p_min, sim_min) for f in it["findings"]) for it in items if it["label"]]
    )
    return out


def _rate(xs: Sequence[bool]) -> float:
    return round(sum(xs) / len(xs), 4) if xs else float("nan")


def summedits_figures(items: list[dict[str, Any]], p_min: float, sim_min: float) -> dict[str, Any]:
    types = set(_pinned_types()["summedits/unspun/types"])
    y = [it["label"] for it in items]
    out: dict[str, Any] = {"n": len(items)}
    for with_mc in (False, True):
        tag = "+ meaning_changed" if with_mc else "(before)"
        out[f"pinned types {tag}"] = round(
            balanced_accuracy(y, [_types_flag(it, types, p_min, sim_min, with_mc) for it in items]), 4
        )
        out[f"any content finding {tag}"] = round(
            balanced_accuracy(y, [_any_content(it, p_min, sim_min, with_mc) for it in items]), 4
        )
    out["meaning_changed alone"] = round(
        balanced_accuracy(y, [any(_flag_mc(f, p_min, sim_min) for f in it["findings"]) for it in items]), 4
    )
    return out


def faithbench_figures(items: list[dict[str, Any]], p_min: float, sim_min: float) -> dict[str, Any]:
    types = set(_pinned_types()["faithbench/unspun/types"])
    gold = [[tuple(g) for g in it["gold"]] for it in items]
    out: dict[str, Any] = {"n": len(items)}
    for with_mc in (False, True):
        spans = [
            [
                (f["start"], max(f["end"], f["start"] + 1))
                for f in it["findings"]
                if (f["type"] in types and f["type"] != MC) or (with_mc and _flag_mc(f, p_min, sim_min))
            ]
            for it in items
        ]
        m = span_precision_recall(spans, gold)
        tag = "+ meaning_changed" if with_mc else "(before)"
        out[f"pinned types {tag}"] = {k: round(v, 4) for k, v in m.items()}
    return out


def _defaults() -> tuple[float, float, bool]:
    from unspun.config import AuditSettings

    a = AuditSettings()
    return a.meaning_changed_min, a.meaning_changed_min_similarity, a.meaning_changed_unblamed


def score(args: argparse.Namespace) -> None:
    d_min, d_sim, d_unblamed = _defaults()
    p_min = d_min if args.min is None else args.min
    sim_min = d_sim if args.sim is None else args.sim
    UNBLAMED["on"] = d_unblamed if args.unblamed is None else args.unblamed == "on"
    result: dict[str, Any] = {
        "meaning_changed_min": p_min,
        "meaning_changed_min_similarity": sim_min,
        "meaning_changed_unblamed": UNBLAMED["on"],
    }
    for path in args.files:
        data = json.loads(Path(path).read_text())
        fn = {"llmfake": llmfake_figures, "summedits": summedits_figures, "faithbench": faithbench_figures}
        key = f"{data['task']}/{data['split']}"
        result[key] = fn[data["task"]](data["items"], p_min, sim_min)
        secs = [it["seconds"] for it in data["items"]]
        result[key]["median seconds per item"] = round(statistics.median(secs), 3)
    print(json.dumps(result, indent=1))


def fit(args: argparse.Namespace) -> None:
    items = json.loads(Path(args.file).read_text())["items"]
    base = llmfake_figures(items, 2.0, 2.0)["faithful with a meaning_changed"]
    rows = []
    for unblamed in (False, True):
        UNBLAMED["on"] = unblamed
        for p_min in (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999):
            for sim_min in (0.0, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
                fig = llmfake_figures(items, p_min, sim_min)
                key = "types at 5% train false alarms"
                before, after = fig[f"{key} (before)"], fig[f"{key} + meaning_changed"]
                rows.append(
                    (
                        p_min,
                        sim_min,
                        after["detection"] - before["detection"],
                        after["false alarms paraphrase"] - before["false alarms paraphrase"],
                        fig["faithful with a meaning_changed"],
                        fig["manipulated with a meaning_changed"],
                        float(unblamed),
                    )
                )
    print(f"baseline faithful with mc: {base}")
    print("p_min sim_min d_detection d_false_para faithful_mc manipulated_mc unblamed")
    for r in rows:
        print(" ".join(f"{x:.3f}" for x in r))
    # precision on faithful rewrites first: at most --max-faithful of them get the finding, and
    # the paraphrase false-alarm rate of the 5% operating point rises by at most --max-false
    ok = [r for r in rows if r[4] <= args.max_faithful + 1e-9 and r[3] <= args.max_false + 1e-9]
    best = max(ok, key=lambda r: (r[2], r[5] - r[4], -r[6], r[0], r[1]))  # ties: the stricter
    print(
        f"chosen: meaning_changed_min={best[0]} meaning_changed_min_similarity={best[1]} "
        f"meaning_changed_unblamed={bool(best[6])}"
    )


def speed(args: argparse.Namespace) -> None:
    """Compare the example pair warm without the rule and with each judge, alternating; print medians.

    Also the judge's own rate: (rewrite sentence, source sentences) items per CPU second, each
    item asked both ways, on every close aligned sentence of the example pair at once.
    """
    import unspun.audit.judged as judged_module
    from unspun.config import JudgeKind
    from unspun.ingest import load_article
    from unspun.pipeline import compare_articles
    from unspun.semantic import PairJudgement, judge_many

    root = Path(__file__).resolve().parents[2] / "examples" / "toretsk"
    rw, src = (
        load_article(root / "rewrite.txt", doc_id="rewrite"),
        load_article(root / "source.md", doc_id="source"),
    )

    def rule_on(cfg: Any, on: bool) -> Any:
        return dataclasses.replace(cfg, audit=dataclasses.replace(cfg.audit, meaning_changed=on))

    base = _settings(record=False)
    views = {"without the rule": rule_on(base, False)}
    for kind in args.judges:
        views[f"with the rule, {kind} judge"] = rule_on(_settings(record=False, judge=kind), True)
    asked: list[list[tuple[str, Sequence[str]]]] = []

    def counting(items: Sequence[tuple[str, Sequence[str]]], **kw: Any) -> list[PairJudgement]:
        asked.append(list(items))  # what gets the full judgement (both ways, blamed words)
        return judge_many(items, **kw)

    vars(judged_module)["judge_many"] = counting  # counts; the packaged judges answer
    for cfg in views.values():  # warm: models loaded, caches filled
        compare_articles(rw, [src], settings=cfg)
    times: dict[str, list[float]] = {k: [] for k in views}
    cpu: dict[str, list[float]] = {k: [] for k in views}
    calls: dict[str, list[int]] = {}
    for _ in range(args.repeat):
        for name, cfg in views.items():
            asked.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            compare_articles(rw, [src], settings=cfg)
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
            calls[name] = [len(b) for b in asked]
    result: dict[str, Any] = {
        "median wall ms": {k: round(statistics.median(v) * 1000, 1) for k, v in times.items()},
        "median CPU ms": {k: round(statistics.median(v) * 1000, 1) for k, v in cpu.items()},
        "items given the full judgement, per batch": calls,
        "repeat": args.repeat,
        "load average (1 min)": os.getloadavg()[0],
    }
    asked.clear()
    compare_articles(rw, [src], settings=_settings(record=True, judge="static"))  # every aligned sentence
    vars(judged_module)["judge_many"] = judge_many
    items = asked[0]
    for kind in args.judges:
        runs = []
        for _ in range(args.repeat):
            c0 = time.process_time()
            judge_many(items, kind=JudgeKind(kind), threads=1)
            runs.append(time.process_time() - c0)
        result[f"{kind} judge items per CPU second"] = round(len(items) / statistics.median(runs), 1)
    result["judge items timed (each asked both ways)"] = len(items)
    print(json.dumps(result))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--task", choices=("llmfake", "summedits", "faithbench"), required=True)
    c.add_argument("--split", choices=("train", "test"), required=True)
    c.add_argument("--limit", type=int, default=None, help="items per class (llmfake) or in all")
    c.add_argument("--out", required=True)
    c.add_argument("--keep-text", action="store_true")
    c.add_argument("--judge", choices=("cross", "static"), default=None, help="default: audit.judge")
    c.add_argument(
        "--floor-sim",
        type=float,
        default=0.0,
        help="judge only sentences linked at least this closely (speed)",
    )
    f = sub.add_parser("fit")
    f.add_argument("file")
    f.add_argument("--max-false", type=float, default=0.02, help="added false alarms on paraphrases")
    f.add_argument("--max-faithful", type=float, default=0.02, help="faithful rewrites with the finding")
    s = sub.add_parser("score")
    s.add_argument("files", nargs="+")
    s.add_argument("--min", type=float, default=None)
    s.add_argument("--sim", type=float, default=None)
    s.add_argument("--unblamed", choices=("on", "off"), default=None, help="default: the settings'")
    sp = sub.add_parser("speed")
    sp.add_argument("--repeat", type=int, default=15)
    sp.add_argument("--judges", nargs="+", choices=("cross", "static"), default=["static", "cross"])
    args = ap.parse_args(argv)
    {"collect": collect, "fit": fit, "score": score, "speed": speed}[args.cmd](args)


if __name__ == "__main__":
    main()
