"""Write the cross-encoder's directed pairs to one JSONL file (step 1 of ``make model-cross``).

Runs in the project venv (it reuses ``scripts/model/data.py`` and the static embedder that picks
SummEdits premises, both of which need unspun). ``train_cross.py`` (in .venv-model, torch) reads the
file; keeping the two apart keeps torch out of the project venv and unspun out of the model venv.

Same families and splits as the static judge (``data.py``) plus three planted kinds the static judge
was not trained on (``data.CROSS_PLANT_KINDS``: swapped roles, hedged/asserted, multi-word faithful
rewording). Each line: ``{"p", "h", "y", "family", "dataset", "split", "kind"}``; ``kind`` is the
planted edit kind (or SummEdits edit types) for pairs that come from a 4-way labelled pair, else "".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "src")]

from benchmarks.quality.data import file_hashes  # noqa: E402

from scripts.model import data as td  # noqa: E402
from scripts.model.train_judge import best_premise_fn, load_embedder  # noqa: E402
from unspun.semantic.features import is_function_word  # noqa: E402

SEMANTIC = REPO / "src" / "unspun" / "models" / "semantic"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "build" / "cross" / "pairs.jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--planted-per-file", type=int, default=2500)
    args = parser.parse_args(argv)
    # the committed static artifact holds the same embedding distil.py writes (used to pick premises)
    embedder = load_embedder(SEMANTIC)
    pairs, labelled, sts_dropped = td.training_pairs(
        args.seed, args.planted_per_file, is_function_word, best_premise_fn(embedder), td.CROSS_PLANT_KINDS
    )
    kind_of = {}
    for lab in labelled:
        kind_of[(lab.source, lab.rewrite, lab.dataset)] = lab.kind
        kind_of[(lab.rewrite, lab.source, lab.dataset)] = lab.kind
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for p in pairs:
            row = {
                "p": p.premise,
                "h": p.hypothesis,
                "y": p.covers,
                "family": p.dataset.split("-")[0],
                "dataset": p.dataset,
                "split": p.split,
                "kind": kind_of.get((p.premise, p.hypothesis, p.dataset), ""),
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    labelled_path = args.out.with_name("labelled.jsonl")
    with labelled_path.open("w", encoding="utf-8") as fh:
        for q in labelled:
            row = {"s": q.source, "r": q.rewrite, "label": q.label, "dataset": q.dataset}
            fh.write(json.dumps({**row, "split": q.split, "kind": q.kind}, ensure_ascii=False) + "\n")
    # the static judge's own planted test pairs (its ten kinds): the same held-out set both judges score
    _, static_lab = td.planted(args.seed, args.planted_per_file)
    with args.out.with_name("labelled-static.jsonl").open("w", encoding="utf-8") as fh:
        for q in static_lab:
            if q.split == "test":
                row = {"s": q.source, "r": q.rewrite, "label": q.label, "dataset": q.dataset}
                fh.write(json.dumps({**row, "split": q.split, "kind": q.kind}, ensure_ascii=False) + "\n")
    meta = {
        "seed": args.seed,
        "planted_per_file": args.planted_per_file,
        "planted_kinds": list(td.CROSS_PLANT_KINDS),
        "stsb_dropped_for_mrpc_test_overlap": sts_dropped,
        "files_sha256": file_hashes(td.files_read()),
    }
    args.out.with_name("pairs-meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    counts = Counter((p.dataset.split("-")[0], p.split, p.covers) for p in pairs)
    print(f"{len(pairs)} directed pairs, {len(labelled)} 4-way pairs -> {args.out}")
    for key, n in sorted(counts.items()):
        print(" ", *key, n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
