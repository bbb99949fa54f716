"""Quality and speed of the semantic layer (``unspun.semantic``) beside the plain baselines, in one run.

    python -m benchmarks.quality.semantic [--out benchmarks/results/semantic.json]

- MRPC: every scorer's threshold (and the stacked model) is fitted for accuracy on the MRPC train
  file (train + dev) and reported on the test file: the static cosine, the judge's P(SAME), a
  logistic regression over [static cosine, both judge directions, TF-IDF, token_set_ratio], beside
  RapidFuzz ``token_set_ratio`` and TF-IDF cosine.
- SummEdits-news: each summary sentence is judged against its best-matching document sentences
  (the same top 3 by static cosine the training used); a summary is "consistent" iff no sentence
  is judged CHANGED or MORE (no tuning; all 819 and the origin's test split). A second rule
  flags a summary when its lowest P(document covers sentence) is below a threshold chosen on the
  origin's "evaluation" split (4 documents) and is reported on its "test" split. Beside the
  entity-and-number overlap rule of BASELINES.md.
- Speed: sentences/s of ``embed`` and pairs/s of ``judge``, medians of several runs, one process.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.quality import baselines as bl
from benchmarks.quality import data as ds
from benchmarks.quality.metrics import balanced_accuracy, choose_threshold, classification

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from unspun.semantic import JudgeLabel, SemanticModel

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
TOP_K = 3


def sentences(text: str) -> list[str]:
    """Regex sentence split (the training used the same one; unspun's segmenter needs spaCy)."""
    return [s.strip() for s in _SENT_SPLIT.split(text) if len(s.strip()) > 2]


def _median_rate(n: int, fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return n / statistics.median(times)


def mrpc(model: SemanticModel) -> dict[str, Any]:
    train, test = ds.load_mrpc("train"), ds.load_mrpc("test")
    y_tr, y_te = [p.label == 1 for p in train], [p.label == 1 for p in test]

    def static_cos(ps: Sequence[ds.MrpcPair]) -> np.ndarray:
        a, b = model.embed([p.a for p in ps]), model.embed([p.b for p in ps])
        return np.asarray((a * b).sum(axis=1))

    def judged(ps: Sequence[ds.MrpcPair]) -> np.ndarray:
        out = np.zeros((len(ps), 2))
        for i, p in enumerate(ps):
            j = model.judge(p.b, [p.a])
            out[i] = (j.source_covers_rewrite, j.rewrite_covers_source)
        return out

    tf12 = bl.TfidfCosine.fit([s for p in train for s in (p.a, p.b)], ngram_max=2, min_df=2)
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "rapidfuzz token_set_ratio": tuple(  # type: ignore[dict-item]
            np.asarray([bl.token_set_ratio(p.a, p.b) for p in ps]) for ps in (train, test)
        ),
        "TF-IDF cosine 1-2 grams": tuple(  # type: ignore[dict-item]
            np.asarray(tf12.pairwise([p.a for p in ps], [p.b for p in ps])) for ps in (train, test)
        ),
        "static cosine (unspun.semantic)": (static_cos(train), static_cos(test)),
    }
    j_tr, j_te = judged(train), judged(test)
    scores["judge P(SAME)"] = (j_tr[:, 0] * j_tr[:, 1], j_te[:, 0] * j_te[:, 1])
    rows: dict[str, Any] = {}
    for name, (s_tr, s_te) in scores.items():
        thr = choose_threshold(s_tr.tolist(), y_tr)
        m = classification(y_te, (s_te >= thr).tolist())
        rows[name] = {"threshold": thr, "test_accuracy": m["accuracy"], "test_f1": m["f1"]}

    def stack(i: int) -> np.ndarray:
        cols = [scores[n][i] for n in scores if n != "judge P(SAME)"]
        j = (j_tr, j_te)[i]
        return np.column_stack([*cols, j[:, 0], j[:, 1]])

    lr = LogisticRegression(max_iter=2000).fit(stack(0), y_tr)
    p_tr, p_te = lr.predict_proba(stack(0))[:, 1], lr.predict_proba(stack(1))[:, 1]
    thr = choose_threshold(p_tr.tolist(), y_tr)
    m = classification(y_te, (p_te >= thr).tolist())
    rows["stacked: LR over static cosine, judge, TF-IDF, token_set_ratio"] = {
        "threshold": thr,
        "test_accuracy": m["accuracy"],
        "test_f1": m["f1"],
    }
    maj = classification(y_te, [True] * len(y_te))
    rows["majority class"] = {"threshold": None, "test_accuracy": maj["accuracy"], "test_f1": maj["f1"]}
    return {"train": len(train), "test": len(test), "scorers": rows}


def summedits(model: SemanticModel) -> dict[str, Any]:
    recs = ds.load_summedits()
    per_record: list[tuple[bool, float]] = []  # (flagged by the labels, lowest cover probability)
    for r in recs:
        doc = sentences(r.doc)
        summ = sentences(r.summary) or [r.summary]
        sims = model.similarity_matrix(summ, doc)
        flagged, low = False, 1.0
        for i, s in enumerate(summ):
            top = sorted(np.argsort(-sims[i])[:TOP_K].tolist())
            j = model.judge(s, [doc[k] for k in top])
            flagged |= j.label in (JudgeLabel.CHANGED, JudgeLabel.MORE)
            low = min(low, j.source_covers_rewrite)
        per_record.append((flagged, low))
    y = [not r.consistent for r in recs]
    rule = [bl.overlap_rule_flags(r.summary, r.doc) for r in recs]
    dev = [i for i, r in enumerate(recs) if r.split == "evaluation"]
    test = [i for i, r in enumerate(recs) if r.split == "test"]

    def ba(pred: Sequence[bool], idx: Sequence[int]) -> float:
        return balanced_accuracy([y[i] for i in idx], [pred[i] for i in idx])

    labels = [f for f, _ in per_record]
    every = list(range(len(recs)))
    thr = choose_threshold(
        [-per_record[i][1] for i in dev], [y[i] for i in dev], objective="balanced_accuracy"
    )
    by_cover = [-low >= thr for _, low in per_record]
    return {
        "records": len(recs),
        "test_split": len(test),
        "dev_split": len(dev),
        "rows": {
            "overlap rule (numbers or capitalised), baseline": {
                "all": ba(rule, every),
                "test": ba(rule, test),
            },
            "judge: any sentence CHANGED or MORE (no tuning)": {
                "all": ba(labels, every),
                "test": ba(labels, test),
                "flag_rate": float(np.mean(labels)),
            },
            "judge: lowest P(covered) below threshold (tuned on evaluation split)": {
                "test": ba(by_cover, test),
                "threshold": -thr,
            },
        },
    }


def speed(model: SemanticModel) -> dict[str, Any]:
    pairs = ds.load_mrpc("test")
    sents = [s for p in pairs for s in (p.a, p.b)]
    t0 = time.perf_counter()
    SemanticModel.load()
    load_s = time.perf_counter() - t0
    embed_rate = _median_rate(len(sents), lambda: model.embed(sents), runs=5)
    sub = pairs[:300]
    judge_rate = _median_rate(len(sub), lambda: [model.judge(p.b, [p.a]) for p in sub], runs=3)
    return {
        "load_s": load_s,
        "embed_sentences_per_s": embed_rate,
        "embed_sentences": len(sents),
        "judge_pairs_per_s": judge_rate,
        "judge_pairs": len(sub),
        "runs": "median of 5 (embed) / 3 (judge)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/semantic.json"))
    parser.add_argument("--skip", nargs="*", default=[], choices=["mrpc", "summedits", "speed"])
    args = parser.parse_args(argv)
    model = SemanticModel.load()
    result: dict[str, Any] = {"model_sha256": model.manifest["sha256"]}
    tasks: dict[str, Callable[[SemanticModel], dict[str, Any]]] = {
        "mrpc": mrpc,
        "summedits": summedits,
        "speed": speed,
    }
    for name, fn in tasks.items():
        if name in args.skip:
            continue
        t0 = time.perf_counter()
        result[name] = fn(model)
        result[name]["seconds"] = round(time.perf_counter() - t0, 1)
        print(name, json.dumps(result[name], indent=1), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
