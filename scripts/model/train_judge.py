"""Train the pair judge on frozen static-vector features and write the artifact (step 2 of ``make model``).

Runs in the project venv (unspun + scikit-learn). Reads the distilled embedding from ``--distilled``
(step 1, ``scripts/model/distil.py``) and the training data from ../shared/data (see
``scripts/model/data.py``); picks the classifier and its threshold on the dev splits only, then
reports the test splits once. Writes ``src/unspun/models/semantic/`` (embedding, tokenizer, judge
weights, manifest with data hashes, seeds and figures) and ``docs/model-card.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

os.environ["HF_HUB_OFFLINE"] = "1"
REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "src")]

from benchmarks.quality.data import file_hashes, sha256_of  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

from scripts.model import card  # noqa: E402
from scripts.model import data as td  # noqa: E402
from scripts.model.scores import macro, per_family  # noqa: E402
from unspun.semantic.features import Analysed, analyse, feature_names, is_function_word, pair_features  # noqa: E402
from unspun.semantic.judge import JudgeWeights, combine  # noqa: E402
from unspun.semantic.model import ARTIFACT_FILES, MANIFEST_SCHEMA  # noqa: E402
from unspun.semantic.static import StaticEmbedder  # noqa: E402

OUT_DIR = REPO / "src" / "unspun" / "models" / "semantic"
CARD = REPO / "docs" / "model-card.md"


def load_embedder(folder: Path) -> StaticEmbedder:
    table = np.load(folder / "embeddings.npy", allow_pickle=False)
    scales = np.load(folder / "scales.npy", allow_pickle=False)
    return StaticEmbedder(
        Tokenizer.from_file(str(folder / "tokenizer.json")), table.astype(np.float32) * scales[:, None]
    )


class Featuriser:
    def __init__(self, embedder: StaticEmbedder) -> None:
        self.embedder = embedder
        self.cache: dict[str, Analysed] = {}

    def analysed(self, text: str) -> Analysed:
        got = self.cache.get(text)
        if got is None:
            got = self.cache[text] = analyse(self.embedder, text)
        return got

    def matrix(self, pairs: Sequence[td.Directed]) -> np.ndarray:
        return np.stack([pair_features(self.analysed(p.premise), self.analysed(p.hypothesis)) for p in pairs])


def best_premise_fn(embedder: StaticEmbedder, k: int = 3) -> Any:
    cache: dict[int, tuple[list[str], np.ndarray]] = {}

    def best(sentence: str, doc_sents: list[str]) -> str:
        key = id(doc_sents)
        if key not in cache or cache[key][0] is not doc_sents:
            cache[key] = (doc_sents, embedder.embed(doc_sents))  # the list is kept so its id stays unique
        sims = cache[key][1] @ embedder.embed([sentence])[0]
        top = sorted(np.argsort(-sims)[:k].tolist())
        return " ".join(doc_sents[i] for i in top)

    return best


def fit_candidate(
    kind: str, param: float, x: np.ndarray, y: np.ndarray, w: np.ndarray, seed: int
) -> dict[str, Any]:
    """Fit one classifier; return its weights in judge.json form (standardiser included)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x, sample_weight=w)
    xs = scaler.transform(x)
    if kind == "logistic":
        clf = LogisticRegression(C=param, max_iter=3000, random_state=seed)
        clf.fit(xs, y, sample_weight=w)
        layers = [(clf.coef_.T, clf.intercept_)]
    else:
        clf = MLPClassifier(
            hidden_layer_sizes=(int(param),),
            alpha=1e-3,
            max_iter=200,
            early_stopping=True,
            n_iter_no_change=8,
            random_state=seed,
        )
        clf.fit(xs, y, sample_weight=w)
        layers = list(zip(clf.coefs_, clf.intercepts_, strict=True))
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    return {
        "kind": kind,
        "param": param,
        "mean": scaler.mean_,
        "scale": scale,
        "layers": [{"weight": np.asarray(a), "bias": np.asarray(b)} for a, b in layers],
    }


def to_json(model: dict[str, Any], names: Sequence[str], threshold: float) -> dict[str, Any]:
    def r(a: np.ndarray) -> Any:
        return np.round(np.asarray(a, dtype=np.float64), 6).tolist()

    return {
        "kind": model["kind"],
        "param": model["param"],
        "feature_names": list(names),
        "mean": r(model["mean"]),
        "scale": r(model["scale"]),
        "layers": [{"weight": r(layer["weight"]), "bias": r(layer["bias"])} for layer in model["layers"]],
        "cover_threshold": threshold,
        "complete_threshold": threshold,
    }


def per_dataset_accuracy(
    pairs: Sequence[td.Directed], prob: np.ndarray, threshold: float
) -> dict[str, dict[str, float]]:
    return per_family([p.dataset.split("-")[0] for p in pairs], [p.covers for p in pairs], prob, threshold)


def four_way(labelled: Sequence[td.Labelled], feat: Featuriser, weights: JudgeWeights) -> dict[str, Any]:
    if not labelled:
        return {}
    rows = []
    for p in labelled:
        src, rw = feat.analysed(p.source), feat.analysed(p.rewrite)
        rows += [pair_features(src, rw), pair_features(rw, src)]
    probs = weights.predict(np.stack(rows))
    confusion: Counter[tuple[str, str]] = Counter()
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for i, p in enumerate(labelled):
        label, _ = combine(float(probs[2 * i]), float(probs[2 * i + 1]), weights)
        confusion[(p.label, label.value)] += 1
        by_kind[p.kind].append(label.value == p.label)
    n = len(labelled)
    correct = sum(v for (g, pr), v in confusion.items() if g == pr)
    flagged_ok = sum(
        v for (g, pr), v in confusion.items() if (g in ("more", "changed")) == (pr in ("more", "changed"))
    )
    return {
        "n": n,
        "accuracy_4way": correct / n,
        "accuracy_supported_vs_not": flagged_ok / n,
        "by_kind": {k: {"n": len(v), "accuracy": float(np.mean(v))} for k, v in sorted(by_kind.items())},
        "confusion": {f"{g}->{pr}": v for (g, pr), v in sorted(confusion.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distilled", type=Path, default=REPO / "build" / "model")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--planted-per-file", type=int, default=2500, help="planted-edit sentences per distractor file"
    )
    parser.add_argument("--no-write", action="store_true", help="report figures only")
    parser.add_argument("--feature-cache", type=Path, help="development: reuse the feature matrix saved here")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    embedder = load_embedder(args.distilled)
    feat = Featuriser(embedder)

    pairs, labelled, sts_dropped = td.training_pairs(
        args.seed, args.planted_per_file, is_function_word, best_premise_fn(embedder)
    )
    counts = Counter((p.dataset.split("-")[0], p.split, p.covers) for p in pairs)
    print(
        f"{len(pairs)} directed pairs, {len(labelled)} 4-way pairs ({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )

    split_idx = {s: [i for i, p in enumerate(pairs) if p.split == s] for s in ("train", "dev", "test")}
    if args.feature_cache is not None and args.feature_cache.is_file():
        x_all = np.load(args.feature_cache, allow_pickle=False)  # development only: same pairs, same code
    else:
        x_all = feat.matrix(pairs)
        if args.feature_cache is not None:
            np.save(args.feature_cache, x_all, allow_pickle=False)
    y_all = np.asarray([p.covers for p in pairs])
    print(f"features {x_all.shape} ({time.perf_counter() - t0:.0f} s)", flush=True)
    # each dataset family weighs the same in total: SummEdits and the planted edits are large
    fam = [p.dataset.split("-")[0] for p in pairs]
    tr = split_idx["train"]
    fam_count = Counter(fam[i] for i in tr)
    w_all = np.asarray([len(tr) / (len(fam_count) * fam_count[f]) for f in fam], dtype=np.float64)

    names = feature_names(embedder.dim)
    dev_pairs = [pairs[i] for i in split_idx["dev"]]
    candidates = [("logistic", 1.0), ("mlp", 64.0), ("mlp", 128.0)]
    results = []
    for kind, param in candidates:
        model = fit_candidate(kind, param, x_all[tr], y_all[tr], w_all[tr], args.seed)
        weights = JudgeWeights.from_dict(to_json(model, names, 0.5))
        prob = weights.predict(x_all[split_idx["dev"]])
        best_t, best_score = 0.5, -1.0
        for t in np.arange(0.1, 0.91, 0.025):
            score = macro(per_dataset_accuracy(dev_pairs, prob, float(t)))
            if score > best_score:
                best_t, best_score = float(round(t, 3)), score
        print(f"  {kind} {param}: dev macro balanced accuracy {best_score:.4f} at {best_t}", flush=True)
        results.append((best_score, kind, param, best_t, model))
    results.sort(key=lambda r: -r[0])
    score, kind, param, threshold, model = results[0]
    judge_json = to_json(model, names, threshold)
    weights = JudgeWeights.from_dict(judge_json)
    test_pairs = [pairs[i] for i in split_idx["test"]]
    figures = {
        "selection": {
            "rule": "highest mean over datasets of dev balanced accuracy; threshold on the same",
            "candidates": [
                {"kind": k, "param": p, "dev_macro_balanced_accuracy": round(s, 4), "threshold": t}
                for s, k, p, t, _ in results
            ],
            "chosen": {"kind": kind, "param": param, "threshold": threshold},
        },
        "dev": per_dataset_accuracy(dev_pairs, weights.predict(x_all[split_idx["dev"]]), threshold),
        "test": per_dataset_accuracy(test_pairs, weights.predict(x_all[split_idx["test"]]), threshold),
        "test_4way": {
            "planted": four_way(
                [p for p in labelled if p.split == "test" and p.dataset == "planted"], feat, weights
            ),
            "summedits_edits": four_way(
                [p for p in labelled if p.split == "test" and p.dataset != "planted"], feat, weights
            ),
        },
    }
    print(json.dumps({k: figures[k] for k in ("dev", "test", "test_4way")}, indent=1), flush=True)
    data_record = {
        "files_sha256": file_hashes(td.files_read()),
        "pairs": {f"{a}/{b}/{'covers' if c else 'not'}": n for (a, b, c), n in sorted(counts.items())},
        "stsb_dropped_for_mrpc_test_overlap": sts_dropped,
        "planted_per_file": args.planted_per_file,
        "labelled_4way": dict(
            sorted(Counter(f"{p.dataset.split('-')[0]}/{p.split}/{p.label}" for p in labelled).items())
        ),
    }
    if args.no_write:
        return 0
    write_artifact(args.distilled, judge_json, figures, data_record, args.seed, time.perf_counter() - t0)
    return 0


def write_artifact(
    distilled: Path,
    judge_json: dict[str, Any],
    figures: dict[str, Any],
    data_record: dict[str, Any],
    seed: int,
    seconds: float,
) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("embeddings.npy", "scales.npy", "tokenizer.json"):
        shutil.copyfile(distilled / name, OUT_DIR / name)
    (OUT_DIR / "judge.json").write_text(
        json.dumps(judge_json, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    distil = json.loads((distilled / "distil.json").read_text(encoding="utf-8"))
    distil.pop("seconds", None)
    manifest = {
        "schema": MANIFEST_SCHEMA,
        "sha256": {name: sha256_of(OUT_DIR / name) for name in ARTIFACT_FILES},
        "bytes": {name: (OUT_DIR / name).stat().st_size for name in ARTIFACT_FILES},
        "embedding": distil,
        "judge": {
            "kind": judge_json["kind"],
            "param": judge_json["param"],
            "threshold": judge_json["cover_threshold"],
            "features": len(judge_json["feature_names"]),
            "seed": seed,
            "versions": {
                p: metadata.version(p)
                for p in ("scikit-learn", "numpy", "tokenizers", "wordfreq", "snowballstemmer")
            },
        },
        "data": data_record,
        "figures": figures,
    }
    (OUT_DIR / "manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    CARD.write_text(card.render(manifest, card.load_cross()), encoding="utf-8")
    print(f"wrote {OUT_DIR} and {CARD} ({seconds:.0f} s)")


if __name__ == "__main__":
    raise SystemExit(main())
