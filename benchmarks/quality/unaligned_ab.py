"""``audit.unsupported_unaligned`` off and on, on the tuning sides only (issue 10, session 7).

``python -m benchmarks.quality.unaligned_ab``

The setting ships off; this is the measurement behind that choice (BENCHMARKS.md section 3,
"Session 7 (coordinator)"). Two figures, each with the setting off then on:

* SummEdits-news dev (origin "evaluation", 133 summaries): balanced accuracy with the types the
  full run pinned for SummEdits in ``choices.json`` and with types chosen greedily on dev itself;
* the LLMFake train sample the task draws (100 manipulations, 100 faithful): types chosen on it
  at <= 5% paraphrase false alarms and for balanced accuracy, in sample, with what they flag.

Nothing here reads a test split.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from benchmarks.quality import data as ds
from benchmarks.quality.metrics import balanced_accuracy
from benchmarks.quality.run import load_choices
from benchmarks.quality.scorers import Audit, UnspunAuditor, select_types
from benchmarks.quality.tasks import _capped_recall, _obj, _types_in, llmfake_items, sample, split_keys
from unspun.config import Settings


def _auditor(on: bool) -> UnspunAuditor:
    auditor, why = UnspunAuditor.create()
    if auditor is None:
        raise SystemExit(why)
    s = Settings()
    auditor.settings = dataclasses.replace(s, audit=dataclasses.replace(s.audit, unsupported_unaligned=on))
    return auditor


def _rate(pred: Sequence[bool], keep: Sequence[bool]) -> float:
    chosen = [p for p, k in zip(pred, keep, strict=True) if k]
    return sum(chosen) / len(chosen)


def summedits(on: bool, pinned: Sequence[str]) -> str:
    recs = [r for r in ds.load_summedits() if r.split == "evaluation"]
    y = [not r.consistent for r in recs]
    aud = _auditor(on)
    audits = [aud.audit(r.summary, [(r.doc_id, r.doc)], rewrite_id=r.id) for r in recs]
    greedy = select_types(audits, y, _types_in(audits), balanced_accuracy)
    ba_pinned = balanced_accuracy(y, [a.flags(pinned) for a in audits])
    ba_greedy = balanced_accuracy(y, [a.flags(greedy) for a in audits])
    return f"SummEdits dev ({len(recs)}): pinned types {ba_pinned:.3f}; greedy {list(greedy)} {ba_greedy:.3f}"


def llmfake(on: bool) -> str:
    recs = ds.load_llmfake()
    not_rw = ds.load_not_rewrites()
    by_id = {r.doc_id: r for r in recs}
    items = llmfake_items(recs)
    train = split_keys([d for d, _, _, _ in items])
    tr = [x for x in items if x[0] in train and f"{x[0]}::{x[1]}" not in not_rw]
    s_tr = sample([x for x in tr if x[3]], 100) + sample([x for x in tr if not x[3]], 100)
    y = [x[3] for x in s_tr]
    para = [x[1] == "paraphrase_generation" for x in s_tr]
    aud = _auditor(on)
    audits: list[Audit] = [aud.audit(t, [(d, by_id[d].text)], rewrite_id=f"{d}::{m}") for d, m, t, _ in s_tr]
    out = []
    for name, objective in (
        ("<= 5% false alarms", _capped_recall(para, 0.05)),
        ("balanced", _obj("balanced_accuracy")),
    ):
        types = select_types(audits, y, _types_in(audits), objective)
        pred = [a.flags(types) for a in audits]
        out.append(f"{name} {list(types)} flagged {_rate(pred, y):.3f} @ {_rate(pred, para):.3f}")
    return "LLMFake train (200): " + "; ".join(out)


def main() -> int:
    choices = load_choices() or {}
    pinned = list(choices.get("summedits/unspun/types", []))
    for on in (False, True):
        print(f"audit.unsupported_unaligned = {on}")
        print("  " + summedits(on, pinned), flush=True)
        print("  " + llmfake(on), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
