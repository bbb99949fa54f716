"""Why unspun misses inconsistent summaries the overlap rule catches (issue 10, session 9).

``python -m benchmarks.quality.summ_misses --limit-other 300 --out F.json``

On the tuning sides only (SummEdits-news "evaluation", 133 summaries, and a seeded sample of the
seven non-news SummEdits domains, ``training/summedits-other``), every summary is compared with its
document once. For each inconsistent summary that the overlap rule flags (a number or capitalised
word the document lacks) and unspun misses (no finding of the pinned ``choices.json`` SummEdits
types), each novel token is put in one class:

* ``finding, type not pinned``: a finding of another type covers the token;
* ``unaligned sentence``: the token's sentence aligns to no source sentence, so no fact of it is
  compared (only ``unsupported_claim`` for the whole sentence);
* ``aligned, not a fact``: the sentence aligns, but the token is not a number, date or name
  unspun extracts;
* ``aligned, fact found in source``: it is extracted and the look-up finds it (or a form of it)
  in the document;
* ``aligned, fact reported elsewhere``: extracted and unsupported, but the span was taken by
  another finding.

Nothing here reads a test split.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality import baselines as bl
from benchmarks.quality import data as ds
from benchmarks.quality.run import load_choices
from benchmarks.quality.tasks import summedits_other


def items(limit_other: int | None) -> list[tuple[str, str, str, bool]]:
    """``(id, summary, doc, inconsistent)``: news dev first, then the non-news sample."""
    news = [r for r in ds.load_summedits() if r.split == "evaluation"]
    return [(r.id, r.summary, r.doc, not r.consistent) for r in [*news, *summedits_other(limit_other)]]


def _inside(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


def diagnose(item: tuple[str, str, str, bool], pinned: Sequence[str], settings: Any = None) -> dict[str, Any]:
    """One item's row: unspun's types, the overlap rule's novel tokens and each one's class."""
    from unspun.audit.context import AuditContext
    from unspun.audit.unsupported import SourceView
    from unspun.config import Settings
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    item_id, summary, doc, positive = item
    cfg = settings or Settings()
    try:
        rw = article_from_text(summary, doc_id="rewrite", fmt="text")
        src = article_from_text(doc, doc_id="source", fmt="text")
        report = compare_articles(rw, [src], settings=cfg)
    except Exception as exc:  # one failing item must not stop the benchmark
        return {"id": item_id, "positive": positive, "error": f"{type(exc).__name__}: {exc}"}
    ctx = AuditContext.build(
        report.rewrite, report.sources, report.facts, report.alignment, settings=cfg.audit
    )
    view = SourceView.of(ctx)
    text = report.rewrite.text
    types = sorted({f.type.value for f in report.findings})
    tokens = []
    for tok in bl.novel_tokens(text, report.sources[0].text):
        line = next(
            (ln for ln in ctx.lines if ln.sentence.span.start <= tok.start < ln.sentence.span.end), None
        )
        # the findings on the token itself (a whole-sentence unsupported_claim says nothing of it)
        on = sorted(
            {
                f.type.value
                for f in report.findings
                if _inside(tok.start, tok.end, [(f.rewrite.start, f.rewrite.end)])
                and f.type.value not in ("unsupported_claim", "omission")
            }
        )
        facts: list[str] = []
        if line is not None:
            f = line.facts
            spans = (
                [("number", q.span) for q in f.quantities]
                + [("date", d.span) for d in f.dates]
                + [(f"name:{e.label}", e.span) for e in f.entities]
            )
            facts = [k for k, sp in spans if _inside(tok.start, tok.end, [(sp.start, sp.end)])]
        if on:
            cls = "finding, type pinned" if set(on) & set(pinned) else "finding, type not pinned"
        elif line is None:
            cls = "not in a body sentence"
        elif not line.linked:
            cls = "unaligned sentence"
        elif not facts:
            cls = "aligned, not a fact"
        else:
            cls = "aligned, fact found in source"
            ents = [
                e for e in line.facts.entities if _inside(tok.start, tok.end, [(e.span.start, e.span.end)])
            ]
            if ents and not all(view.supports_name(e, text) for e in ents):
                cls = "aligned, fact reported elsewhere"
        best = max((lk.similarity for _, _, lk in line.linked), default=0.0) if line else 0.0
        tokens.append({"token": tok.text, "class": cls, "on": on, "facts": facts, "link": round(best, 3)})
    return {
        "id": item_id,
        "positive": positive,
        "types": types,
        "pinned": any(t in pinned for t in types),
        "overlap": bool(tokens),
        "tokens": tokens,
        "sentences": len(ctx.lines),
        "unaligned": sum(1 for ln in ctx.lines if not ln.linked),
        "details": [
            f"{f.type.value}: {f.before!r} -> {f.after!r}"
            for f in report.findings
            if f.type.value != "omission"
        ][:8],
    }


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The classes of the misses, by part (news dev / non-news)."""
    lines = []
    for part, other in (("news dev", False), ("non-news", True)):
        rs = [r for r in rows if ("/" in r["id"]) == other and "error" not in r]
        pos = [r for r in rs if r["positive"]]
        miss = [r for r in pos if r["overlap"] and not r["pinned"]]
        neg = [r for r in rs if not r["positive"]]
        lines.append(
            f"{part}: {len(rs)} items, {len(pos)} inconsistent; caught by the overlap rule"
            f" {sum(r['overlap'] for r in pos)}, by unspun (pinned types) {sum(r['pinned'] for r in pos)};"
            f" by the overlap rule only {len(miss)}; consistent flagged: overlap"
            f" {sum(r['overlap'] for r in neg)}, unspun {sum(r['pinned'] for r in neg)} of {len(neg)}"
        )
        # each missed summary in the class of its "best" token (the one closest to a finding)
        order = [
            "finding, type not pinned",
            "aligned, fact reported elsewhere",
            "unaligned sentence",
            "aligned, fact found in source",
            "aligned, not a fact",
            "not in a body sentence",
            "finding, type pinned",
        ]
        c: Counter[str] = Counter()
        for r in miss:
            classes = {t["class"] for t in r["tokens"]}
            c[next(k for k in order if k in classes)] += 1
        for k in order:
            if c[k]:
                lines.append(f"  {k}: {c[k]}")
        tok: Counter[str] = Counter(t["class"] for r in miss for t in r["tokens"])
        lines.append("  tokens: " + ", ".join(f"{k} {v}" for k, v in tok.most_common()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--limit-other", type=int, default=300, help="non-news summaries (seeded sample)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--from-json", action="store_true", help="only print the table of an earlier --out")
    a = p.parse_args(argv)
    if a.from_json:
        print(table(json.loads(a.out.read_text(encoding="utf-8"))["rows"]))
        return 0
    pinned = list((load_choices() or {}).get("summedits/unspun/types", []))
    rows = []
    for i, it in enumerate(items(a.limit_other)):
        rows.append(diagnose(it, pinned))
        if (i + 1) % 50 == 0:
            print(f"{i + 1} items", file=sys.stderr, flush=True)
    a.out.write_text(json.dumps({"pinned": pinned, "rows": rows}, indent=1), encoding="utf-8")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
