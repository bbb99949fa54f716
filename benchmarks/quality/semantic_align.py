"""Semantic similarity in the aligner: fit its thresholds on train splits, measure it on test splits.

    python -m benchmarks.quality.semantic_align fit [--limit N] [--out FILE]
    python -m benchmarks.quality.semantic_align measure [--limit N] [--out FILE]

``fit`` (train splits only) chooses ``align.semantic_weight``, ``align.semantic_link`` and
``audit.quote_semantic_similarity``:

- items: the faithful LLMFake rewrites (paraphrase and rewrite generations,
  :func:`benchmarks.quality.faithful.items`) whose original is on the train side of both the
  faithful split and the derived-or-not split (the two splits cut different key sets), each with
  its pinned hard negative (``hard_negatives.json``: the distractor closest to it by TF-IDF);
- links: for every rewrite sentence, its lexical similarity (:data:`unspun.align.LEXICAL`) and
  static cosine to each sentence of its original and of its hard negative. A blend
  ``w * cosine + (1 - w) * lexical`` reaching ``link`` links a sentence the lexical aligner left
  unlinked. "recovered" is the share of the sentences the words leave unlinked to their original
  that the blend links to it (reworded sentences, but also real additions: it cannot reach 1);
  "false" the share of all rewrite sentences the blend newly links to the hard negative (for
  scale: the lexical aligner itself links 6% of them there). The chosen ``(w, link)`` recovers the
  most with "false" at most ``--max-false`` (default 2%), over w in 0.5..1.0 and link in steps
  of 0.01. ``semantic_min_share``: the highest share (steps of 0.05) of a rewrite's sentences
  reaching ``min_similarity`` by the words alone that keeps at least 90% of the faithful rewrites
  eligible for semantic links (the table beside it gives the hard negatives' share too). MRPC
  train accuracy of both views (threshold fitted there) is printed beside;
- quotes: each rewrite quotation the audit calls ``quote_fabricated`` with the lexical settings,
  its best cosine to the original's quotations and sentences, and to the negative's;
  ``quote_semantic_similarity`` is the lowest cosine at which at most ``--max-false`` of the
  negative quotations would match.

``measure`` (test splits) runs, in one process, both views (lexical, combined with the fitted
settings) on: the faithful LLMFake test split (share of articles with an ``unsupported_claim`` /
``quote_fabricated`` finding, and any critical finding); MRPC (accuracy and F1 of
``sentence_similarity``, threshold fitted on MRPC train); derived-or-not on the derived task's
test sources (derived share against its hard negative, threshold fitted on the train sources).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.quality import data as ds
from benchmarks.quality.corpus import load_hard_negatives
from benchmarks.quality.faithful import items as faithful_items
from benchmarks.quality.metrics import choose_threshold, classification
from benchmarks.quality.tasks import split_keys
from unspun.config import AlignSettings, AuditSettings, Settings, SimilarityView
from unspun.errors import UnspunError

GRID = [round(0.3 + 0.01 * i, 2) for i in range(70)]
FITTED_QUOTE = 0.73  # audit.quote_semantic_similarity chosen by ``fit`` (semantic_align_fit.json)
SHARES = [round(0.05 * i, 2) for i in range(11)]
WEIGHTS = [round(0.5 + 0.05 * i, 2) for i in range(11)]  # the cosine's weight in the blend
FloatMatrix = npt.NDArray[np.float64]

LEXICAL_SETTINGS = Settings(
    align=AlignSettings(similarity=SimilarityView.LEXICAL),
    audit=AuditSettings(quote_semantic_similarity=1.0),
)


def _negatives() -> dict[str, str]:
    pinned = load_hard_negatives()
    if pinned is None:
        raise SystemExit("benchmarks/quality/hard_negatives.json is missing")
    return {k: v["negative"] for k, v in pinned["negatives"].items()}


def _derived_train_sources() -> set[str]:
    queries = ds.rewrite_queries(ds.load_llmfake(), ds.load_mixset())
    return split_keys([q.source_id for q in queries])


def _texts(ids: set[str]) -> dict[str, str]:
    out = {r.doc_id: r.text for r in ds.load_llmfake()} | {m.doc_id: m.text for m in ds.load_mixset()}
    out.update(ds.iter_distractors(only=ids - set(out)))
    return out


def _quote_sources(article: Any, facts: Any) -> list[str]:
    """The texts a rewrite quotation may restate: the article's quotations and sentences."""
    quotes = [q.text for f in facts for q in f.quotes]
    return quotes + [s.text for s in article.body]


def fit(limit: int | None, max_false: float) -> dict[str, Any]:
    from unspun.align import LEXICAL, align
    from unspun.facts import extract_facts
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles
    from unspun.semantic import similarity_matrix
    from unspun.semantic.similarity import lexical_share

    negatives = _negatives()
    train_src = _derived_train_sources()
    todo = [i for i in faithful_items("train") if i[2] in train_src and i[0] in negatives]
    if limit is not None:
        todo = todo[:limit]
    texts = _texts({negatives[i[0]] for i in todo})
    lex = AlignSettings(similarity=SimilarityView.LEXICAL)
    # per item and side: (lexical matrix, cosine matrix, which rewrite sentences the words link)
    pairs: list[tuple[str, FloatMatrix, FloatMatrix, list[bool]]] = []
    n_sent = 0
    q_pos: list[float] = []
    q_neg: list[float] = []
    t0 = time.perf_counter()
    skipped = 0
    for k, (item_id, rewrite, src_id, source) in enumerate(todo):
        try:
            rw = article_from_text(rewrite, doc_id=item_id, fmt="text")
            src = article_from_text(source, doc_id=src_id, fmt="text")
            neg = article_from_text(texts[negatives[item_id]], doc_id="negative", fmt="text")
        except UnspunError:  # a text with no body sentences (a stub): nothing to align
            skipped += 1
            continue
        r_texts = [s.text for s in rw.body]
        n_sent += len(r_texts)
        for side, other in (("original", src), ("negative", neg)):
            o_texts = [s.text for s in other.body]
            linked = {link.rewrite_index for link in align(rw, [other], settings=lex)}
            lexical, cosine = LEXICAL(r_texts, o_texts), similarity_matrix(r_texts, o_texts)
            pairs.append((side, lexical, cosine, [s.index in linked for s in rw.body]))
        report = compare_articles(rw, [src], settings=LEXICAL_SETTINGS)
        fabricated = [
            f.after or f.rewrite.text for f in report.findings if f.type.value == "quote_fabricated"
        ]
        if fabricated:
            for other, qbucket in ((src, q_pos), (neg, q_neg)):
                cands = _quote_sources(other, extract_facts(other))
                cos = similarity_matrix(fabricated, cands)
                qbucket += [float(x) for x in cos.max(axis=1)] if cos.size else [0.0] * len(fabricated)
        if (k + 1) % 25 == 0:
            print(f"{k + 1}/{len(todo)} items, {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    def link_rates(weight: float, link: float) -> tuple[float, float]:
        """Share of the word-unlinked sentences the blend links to their original, and share of
        all rewrite sentences it newly links to their hard negative."""
        hits = {"original": 0, "negative": 0}
        unlinked = 0
        for side, lexical, cosine, linked in pairs:
            if lexical.size == 0:
                unlinked += (side == "original") * sum(not x for x in linked)
                continue
            best = (weight * cosine + (1 - weight) * lexical).max(axis=1)
            for i, was in enumerate(linked):
                if not was:
                    unlinked += side == "original"
                    hits[side] += int(best[i] >= link)
        return hits["original"] / max(1, unlinked), hits["negative"] / max(1, n_sent)

    floor = AlignSettings().min_similarity
    eligible = []
    for t in SHARES:
        row = {"min_share": t}
        for side in ("original", "negative"):
            shares = [lexical_share(lx, floor) for sd, lx, _, _ in pairs if sd == side]
            row[side] = sum(x >= t for x in shares) / max(1, len(shares))
        eligible.append(row)
    # the highest share keeping at least 90% of the faithful rewrites eligible for semantic links
    min_share = max(r["min_share"] for r in eligible if r["original"] >= 0.9)
    table = []
    for weight in WEIGHTS:
        for link in GRID:
            recovered, false = link_rates(weight, link)
            table.append({"weight": weight, "link": link, "recovered": recovered, "false": false})
    allowed = [r for r in table if r["false"] <= max_false]
    chosen = max(allowed, key=lambda r: (r["recovered"], -r["false"], r["weight"]))
    quotes = [
        {
            "cosine": c,
            "recovered": sum(x >= c for x in q_pos) / max(1, len(q_pos)),
            "false": sum(x >= c for x in q_neg) / max(1, len(q_neg)),
        }
        for c in GRID
    ]
    quote = next((r["cosine"] for r in quotes if r["false"] <= max_false), 1.0)
    link, weight = float(chosen["link"]), float(chosen["weight"])
    return {
        "items": len(todo),
        "skipped_unreadable": skipped,
        "rewrite_sentences": n_sent,
        "fabricated_quotes": len(q_pos),
        "max_false": max_false,
        "semantic_weight": weight,
        "semantic_link": link,
        "semantic_min_share": min_share,
        "eligible": eligible,
        "chosen": chosen,
        "quote_semantic_similarity": quote,
        "mrpc_train": _mrpc(link, weight, fit_only=True),
        "link_curve": table,
        "quote_curve": quotes,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def _mrpc(link: float, weight: float, *, fit_only: bool = False) -> dict[str, Any]:
    from unspun.align import sentence_similarity

    train, test = ds.load_mrpc("train"), ds.load_mrpc("test")
    out: dict[str, Any] = {}
    for view in SimilarityView:
        cfg = AlignSettings(similarity=view, semantic_link=link, semantic_weight=weight)
        s_tr = [sentence_similarity(p.a, p.b, settings=cfg) for p in train]
        y_tr = [p.label == 1 for p in train]
        thr = choose_threshold(s_tr, y_tr)
        row: dict[str, Any] = {
            "threshold": thr,
            "train_accuracy": classification(y_tr, [s >= thr for s in s_tr])["accuracy"],
        }
        if not fit_only:
            s_te = [sentence_similarity(p.a, p.b, settings=cfg) for p in test]
            m = classification([p.label == 1 for p in test], [s >= thr for s in s_te])
            row |= {"test_accuracy": m["accuracy"], "test_f1": m["f1"], "n": len(test)}
        out[view.value] = row
    return out


def _views(link: float, weight: float, quote: float) -> dict[str, Settings]:
    combined = Settings(
        align=AlignSettings(similarity=SimilarityView.COMBINED, semantic_link=link, semantic_weight=weight),
        audit=AuditSettings(quote_semantic_similarity=quote),
    )
    return {"lexical": LEXICAL_SETTINGS, "combined": combined}


def measure(
    limit: int | None,
    link: float,
    weight: float,
    quote: float,
    parts: Sequence[str],
    derived_queries: tuple[int, int],
) -> dict[str, Any]:

    views = _views(link, weight, quote)
    out: dict[str, Any] = {
        "semantic_link": link,
        "semantic_weight": weight,
        "quote_semantic_similarity": quote,
    }
    if "faithful" in parts:
        out["faithful_test"] = _faithful(views, limit)
    if "mrpc" in parts:
        out["mrpc"] = _mrpc(link, weight)
        print(json.dumps(out["mrpc"]), file=sys.stderr)
    if "derived" in parts:
        out["derived"] = _derived(views, derived_queries)
    return out


def _faithful(views: dict[str, Settings], limit: int | None) -> dict[str, Any]:
    """Share of the faithful LLMFake test rewrites with each finding type, per view."""
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    todo = faithful_items("test")[:limit] if limit else faithful_items("test")
    per: dict[str, dict[str, int]] = {v: {} for v in views}
    t0 = time.perf_counter()
    skipped = 0
    for item_id, rewrite, src_id, source in todo:
        try:
            rw = article_from_text(rewrite, doc_id=item_id, fmt="text")
            src = article_from_text(source, doc_id=src_id, fmt="text")
        except UnspunError:  # a text with no body sentences (a stub): counted as no finding
            skipped += 1
            continue
        for name, settings in views.items():
            report = compare_articles(rw, [src], settings=settings)
            kinds = {f.type.value for f in report.findings}
            crit = any(f.severity.value == "critical" for f in report.findings)
            c = per[name]
            for t in {f.type.value for f in report.findings if f.severity.value == "critical"}:
                c[f"critical:{t}"] = c.get(f"critical:{t}", 0) + 1
            for key, hit in (
                ("unsupported_claim", "unsupported_claim" in kinds),
                ("quote_fabricated", "quote_fabricated" in kinds),
                ("quote_altered", "quote_altered" in kinds),
                ("any_critical", crit),
            ):
                c[key] = c.get(key, 0) + int(hit)
            c["unsupported_claim_findings"] = c.get("unsupported_claim_findings", 0) + sum(
                f.type.value == "unsupported_claim" for f in report.findings
            )
    res = {
        "items": len(todo),
        "skipped_unreadable": skipped,
        "articles_with": {
            v: {k: round(n / max(1, len(todo)), 4) for k, n in c.items()} for v, c in per.items()
        },
        "counts": per,
        "seconds": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps(res["articles_with"]), file=sys.stderr)
    return res


def _derived(views: dict[str, Settings], queries_per_split: tuple[int, int]) -> dict[str, Any]:
    """Derived share of each test rewrite against its original and its hard negative."""
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    negatives = _negatives()
    queries = ds.rewrite_queries(ds.load_llmfake(), ds.load_mixset())
    train_src = split_keys([q.source_id for q in queries])
    n_tr, n_te = queries_per_split
    q_tr = sorted(
        (q for q in queries if q.source_id in train_src and q.qid in negatives), key=lambda q: q.qid
    )
    q_te = sorted(
        (q for q in queries if q.source_id not in train_src and q.qid in negatives), key=lambda q: q.qid
    )
    rng = random.Random(0)
    q_tr = rng.sample(q_tr, min(n_tr, len(q_tr)))
    q_te = rng.sample(q_te, min(n_te, len(q_te)))
    texts = _texts({negatives[q.qid] for q in q_tr + q_te} | {q.source_id for q in q_tr + q_te})
    shares: dict[str, dict[str, list[tuple[float, bool]]]] = {v: {"train": [], "test": []} for v in views}
    for part, qs in (("train", q_tr), ("test", q_te)):
        for q in qs:
            for doc_id, label in ((q.source_id, True), (negatives[q.qid], False)):
                pair: tuple[Any, Any] | None = None
                # a stub (no body sentences): nothing derived, as the harness counts an error
                with contextlib.suppress(UnspunError):
                    pair = (
                        article_from_text(q.text, doc_id=q.qid, fmt="text"),
                        article_from_text(texts[doc_id], doc_id=doc_id, fmt="text"),
                    )
                for name, settings in views.items():
                    share = 0.0
                    if pair is not None:
                        report = compare_articles(pair[0], [pair[1]], settings=settings)
                        share = float(report.metrics.derived_share)
                    shares[name][part].append((share, label))
    res: dict[str, Any] = {"train_pairs": 2 * len(q_tr), "test_pairs": 2 * len(q_te)}
    for name, parts in shares.items():
        thr = choose_threshold([s for s, _ in parts["train"]], [y for _, y in parts["train"]])
        m = classification([y for _, y in parts["test"]], [s >= thr for s, _ in parts["test"]])
        res[name] = {"threshold": thr, "test_accuracy": m["accuracy"], "test_f1": m["f1"]}
    return res


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality.semantic_align", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_fit = sub.add_parser("fit")
    p_fit.add_argument("--limit", type=int, default=None)
    p_fit.add_argument("--max-false", type=float, default=0.02)
    p_fit.add_argument("--out", type=Path, default=None)
    p_m = sub.add_parser("measure")
    p_m.add_argument("--limit", type=int, default=None)
    p_m.add_argument("--link", type=float, default=AlignSettings().semantic_link)
    p_m.add_argument("--weight", type=float, default=AlignSettings().semantic_weight)
    # the fitted value (semantic_align_fit.json); the library's default, 1.0, turns the check off
    p_m.add_argument("--quote", type=float, default=FITTED_QUOTE)
    p_m.add_argument("--parts", default="faithful,mrpc,derived", help="comma-separated")
    p_m.add_argument("--derived-queries", default="100,300", help="train,test queries sampled (seed 0)")
    p_m.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.cmd == "fit":
        result = fit(args.limit, args.max_false)
    else:
        n_tr, n_te = (int(x) for x in args.derived_queries.split(","))
        result = measure(args.limit, args.link, args.weight, args.quote, args.parts.split(","), (n_tr, n_te))
    result["command"] = " ".join(["python -m benchmarks.quality.semantic_align", *(argv or sys.argv[1:])])
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    result["total_seconds"] = round(time.perf_counter() - t0, 1)
    text = json.dumps(result, indent=1)
    if args.out is not None:
        args.out.write_text(text + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if not k.endswith("_curve")}
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
