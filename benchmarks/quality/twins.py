"""Judged twins: which content findings on the planted benchmark's unplanted twins are false.

A twin is a base item of :mod:`benchmarks.quality.planted` left as it is. For a distractor the
twin is the source sentence itself, so any content finding on it is false. For an LLMFake item
the twin is the LLM's own paraphrase sentence, and an LLM paraphrase does sometimes change a
fact: it drops "according to witnesses", rewrites a date. The raw rate ("false findings on
twins") counts those real changes as false alarms; this module keeps a file of hand-read
judgements, one per flagged twin and finding type, and the planted report gives, beside the raw
rate, the share of twins with a *false* content finding (judged "false", or not judged yet:
an unread finding counts as false, so the measure cannot fall by not reading).

    python -m benchmarks.quality.twins sample P.json --judged benchmarks/results/planted_twins_judged.json
    python -m benchmarks.quality.twins score P.json --judged benchmarks/results/planted_twins_judged.json
    python -m benchmarks.quality.twins rekey --judged benchmarks/results/planted_twins_judged.json

``sample`` writes every flagged twin of the planted run ``P.json`` (``planted --out``) to
``--judged`` with its sentence and the findings' details, an empty ``judgement`` for new ones
(and prints each unjudged twin with its source window, to read; the window is not stored);
judgements already in the file are kept (also for twins the run no longer flags, so runs of
other versions are scored with the same file). ``score`` prints, per
split, the raw and the judged rate. Judgements: ``"real"`` (the twin does make the change the
finding reports) or ``"false"``; ``why`` gives the reason in one line.

``rekey`` moves judgements keyed the old way (until session 10, a twin's id held its sentence's
index: ``<article>::<index>::twin``) to the planted benchmark's keys by text (``<article>::<text
key of the twin sentence>::twin``, :func:`benchmarks.quality.planted.text_key`), and each entry's
half to its article's; entries already keyed by text are left as they are.

Rules are chosen on the dev twins only. The test twins are read to *label* them (as the faithful
benchmark's fixed sample is), never to change a rule.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality.tasks import Figure

JUDGED = Path(__file__).resolve().parents[1] / "results" / "planted_twins_judged.json"
TASK = "6 planted"


def key(item_id: str, ftype: str) -> str:
    """The judgement's key: the twin's item id and one finding type."""
    return f"{item_id}|{ftype}"


def load(path: Path = JUDGED) -> dict[str, dict[str, Any]]:
    """The judged entries by key ({} when the file does not exist)."""
    if not path.is_file():
        return {}
    return {e["key"]: e for e in json.loads(path.read_text(encoding="utf-8"))["items"]}


def false_flag(record: Mapping[str, Any], judged: Mapping[str, Mapping[str, Any]]) -> bool:
    """True if a twin's record has a content finding not judged "real" (unjudged counts as false)."""
    return any(judged.get(key(record["id"], t), {}).get("judgement") != "real" for t in record["findings"])


def tally(
    records: Sequence[Mapping[str, Any]], split: str, judged: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """Per split: twins, twins flagged (raw), twins with a false finding, findings not judged."""
    twins = [r for r in records if r["kind"] == "twin" and r["split"] == split]
    flagged = [r for r in twins if r.get("flagged")]
    false = [r for r in flagged if false_flag(r, judged)]
    unjudged = sum(
        1
        for r in flagged
        for t in r["findings"]
        if judged.get(key(r["id"], t), {}).get("judgement") not in ("real", "false")
    )
    return {"twins": len(twins), "flagged": len(flagged), "false": len(false), "unjudged": unjudged}


def figure(
    records: Sequence[Mapping[str, Any]], split: str, judged: Mapping[str, Mapping[str, Any]]
) -> Figure:
    """The share of twins with a false content finding (judged), beside the planted report's raw rate."""
    t = tally(records, split, judged)
    return Figure(
        TASK,
        f"twins with a false content finding, judged ({split})",
        "unspun",
        t["false"] / t["twins"] if t["twins"] else None,
        t["twins"],
        higher_is_better=False,
        note=f"{t['flagged']} flagged, {t['flagged'] - t['false']} real changes; "
        f"{t['unjudged']} findings unjudged (count as false)",
        gate=False,
    )


_OLD_ID = re.compile(r"^(?P<article>.+)::(?P<index>\d+)::twin$")


def rekey(entries: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Judgements keyed by sentence index moved to the keys by text (see the module's ``rekey``)."""
    from benchmarks.quality.planted import split_of, text_key

    out: list[dict[str, Any]] = []
    for e in entries:
        new = dict(e)
        m = _OLD_ID.match(e["item"])
        if m and e.get("twin"):
            article = m.group("article")
            new["item"] = f"{article}::{text_key(e['twin'])}::twin"
            new["key"] = key(new["item"], e["type"])
            new["split"] = split_of(article.split("::", 1)[0])
        out.append(new)
    return sorted(out, key=lambda e: (e["split"], e["key"]))


def _texts(ids: set[str]) -> dict[str, tuple[str, str]]:
    """(twin sentence, source window) of each base id, rebuilt with the planted benchmark's own code."""
    from benchmarks.quality.planted import build

    bases, _ = build(quick=False)
    return {b.id: (b.rewrite, b.source) for b in bases if b.id in ids}


def sample(result: Mapping[str, Any], judged_path: Path) -> list[dict[str, Any]]:
    """Every flagged twin of ``result`` (one entry per finding type), old judgements kept."""
    old = load(judged_path)
    flagged = [r for r in result["records"] if r["kind"] == "twin" and r.get("flagged")]
    texts = _texts({r["id"].rsplit("::", 1)[0] for r in flagged}) if flagged else {}
    entries = dict(old)
    for r in flagged:
        rewrite, source = texts.get(r["id"].rsplit("::", 1)[0], ("", ""))
        if not old.get(key(r["id"], r["findings"][0]), {}).get("judgement") and source:
            # to read, not to keep: the source window stays out of the file (shared data)
            print(f"## {r['id']} {r['findings']} {r.get('details', [])}")
            print(f"  TWIN: {rewrite}\n  SOURCE: {source}\n")
        for t in r["findings"]:
            k = key(r["id"], t)
            prev = old.get(k, {})
            entries[k] = {
                "key": k,
                "item": r["id"],
                "split": r["split"],
                "origin": r["origin"],
                "type": t,
                "details": [d for d in r.get("details", []) if d.startswith(f"{t}:")],
                "twin": rewrite or prev.get("twin", ""),
                "judgement": prev.get("judgement", ""),
                "why": prev.get("why", ""),
            }
    return sorted(entries.values(), key=lambda e: (e["split"], e["key"]))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality.twins", description=__doc__.splitlines()[0]
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    for name in ("sample", "score"):
        p = sub.add_parser(name)
        p.add_argument(
            "result", type=Path, help="a planted run's JSON (python -m benchmarks.quality.planted --out)"
        )
        p.add_argument("--judged", type=Path, default=JUDGED)
    sub.add_parser("rekey").add_argument("--judged", type=Path, default=JUDGED)
    args = parser.parse_args(argv)
    if args.cmd == "rekey":
        try:
            doc = json.loads(args.judged.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"error: cannot read {args.judged}: {exc}", file=sys.stderr)
            return 2
        old = doc["items"]
        doc["items"] = rekey(old)
        args.judged.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        moved = len({e["key"] for e in old} - {e["key"] for e in doc["items"]})
        print(f"rekeyed {args.judged}: {moved} of {len(old)} entries given keys by text")
        return 0
    try:
        result = json.loads(args.result.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.result}: {exc}", file=sys.stderr)
        return 2
    if args.cmd == "sample":
        entries = sample(result, args.judged)
        doc = {
            "about": (
                "Content findings on the planted benchmark's unplanted twins, read by hand: judgement "
                "'real' if the twin (an LLM paraphrase sentence, or a distractor's own sentence) does "
                "make the change the finding reports, 'false' if not. Dev twins chose rules; test twins "
                "were read only to label them. Regenerate with python -m benchmarks.quality.twins sample."
            ),
            "items": entries,
        }
        args.judged.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        todo = sum(1 for e in entries if e["judgement"] not in ("real", "false"))
        print(f"wrote {len(entries)} findings to {args.judged} ({todo} to judge)")
        return 0
    judged = load(args.judged)
    for split in ("dev", "test"):
        t = tally(result["records"], split, judged)
        if t["twins"]:
            print(
                f"{split}: {t['twins']} twins, flagged {t['flagged']} ({t['flagged'] / t['twins']:.3f}), "
                f"with a false finding {t['false']} ({t['false'] / t['twins']:.3f}), "
                f"{t['unjudged']} findings unjudged"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
