"""False alarms on faithful rewrites: critical findings on LLMFake paraphrase and rewrite outputs.

The items are every LLMFake ``paraphrase_generation`` and ``rewrite_generation`` output, each
compared with its original, without the outputs ``not_rewrites.json`` lists (untruncated
copies, not rewrites). They are split by article (seed 0, half train, the harness's
:func:`~benchmarks.quality.tasks.split_keys`): rules are tuned on ``train``, figures are
reported on ``test``. A faithful rewrite should get no critical finding; the share that gets
one is the false-alarm rate, and reading a fixed sample of those findings by hand gives the
precision of each critical finding type (an LLM paraphrase does sometimes change a fact).

    python -m benchmarks.quality.faithful run --split test --out /tmp/faithful_test.json
    python -m benchmarks.quality.faithful sample /tmp/faithful_test.json \
        --judged benchmarks/results/faithful_critical_sample.json
    python -m benchmarks.quality.faithful score benchmarks/results/faithful_critical_sample.json
    python -m benchmarks.quality.faithful quotes --split train --out /tmp/quotes_train.json

``run`` prints the share of articles with any critical finding, by finding type too;
``sample`` draws (seed 0) 50 critical findings (or ``--types`` findings) and writes them to
``--judged`` with an empty ``judgement`` field, keeping every judgement already written for
the same finding; ``score`` prints the precision of each type from the judgements
(``"real"``: the rewrite did change that fact; ``"false"``: it did not); ``quotes`` fits the
quote rule's ``audit.quote_window_similarity`` (:func:`quote_fit`).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.quality import data as ds
from benchmarks.quality.tasks import SEED, split_keys

FAITHFUL = ("paraphrase_generation", "rewrite_generation")
SAMPLE_SIZE = 50
CONTEXT_CHARS = 300

Item = tuple[str, str, str, str]  # (item id, rewrite text, source doc id, source text)


def items(split: str) -> list[Item]:
    """The faithful rewrites of one split ("train", "test" or "all"), in file order."""
    recs = ds.load_llmfake()
    not_rw = ds.load_not_rewrites()
    found: list[Item] = []
    for r in recs:
        for method in FAITHFUL:
            text = r.rewrites.get(method)
            if text and f"{r.doc_id}::{method}" not in not_rw:
                found.append((f"{r.doc_id}::{method}", text, r.doc_id, r.text))
    train = split_keys([i[2] for i in found])
    if split == "all":
        return found
    return [i for i in found if (i[2] in train) == (split == "train")]


def _around(text: str, start: int, end: int) -> str:
    """The sentence-sized context of [start, end) in ``text``."""
    lo = max(0, text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0)
    lo = max(lo, start - CONTEXT_CHARS)
    hi = text.find(". ", end)
    hi = len(text) if hi < 0 else min(hi + 1, end + CONTEXT_CHARS)
    return text[lo:hi]


def audit_item(item: Item) -> dict[str, Any]:
    """Compare one rewrite with its original; keep what a reader needs to judge each finding."""
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    item_id, rewrite, src_id, source = item
    try:
        report = compare_articles(
            article_from_text(rewrite, doc_id=item_id, fmt="text"),
            [article_from_text(source, doc_id=src_id, fmt="text")],
        )
    except Exception as exc:  # one failing item must not stop the benchmark
        return {"id": item_id, "error": f"{type(exc).__name__}: {exc}", "findings": []}
    rw, src = report.rewrite.text, report.sources[0].text
    findings = []
    for f in report.findings:
        rec: dict[str, Any] = {
            "type": f.type.value,
            "severity": f.severity.value,
            "message": f.message,
            "before": f.before,
            "after": f.after,
            "count": getattr(f, "count", 1),  # runs on older versions too (the "before" figures)
            "rewrite_text": f.rewrite.text,
            "rewrite_context": _around(rw, f.rewrite.start, f.rewrite.end),
        }
        if f.source is not None:
            rec["source_text"] = f.source.text
            rec["source_context"] = _around(src, f.source.start, f.source.end)
        findings.append(rec)
    return {"id": item_id, "verdict": report.verdict.label.value, "findings": findings}


def run(split: str, *, jobs: int, limit: int | None) -> dict[str, Any]:
    todo = items(split)
    if limit is not None:
        todo = todo[:limit]
    t0 = time.perf_counter()
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(audit_item, todo, chunksize=4)
    else:
        results = [audit_item(i) for i in todo]
    ok = [r for r in results if "error" not in r]
    crit = [r for r in ok if any(f["severity"] == "critical" for f in r["findings"])]
    by_type: Counter[str] = Counter()
    for r in ok:
        by_type.update({f["type"] for f in r["findings"] if f["severity"] == "critical"})
    return {
        "split": split,
        "items": len(todo),
        "errors": len(results) - len(ok),
        "seconds": round(time.perf_counter() - t0, 1),
        "share_with_critical": round(len(crit) / max(1, len(ok)), 4),
        "articles_with_critical_by_type": dict(sorted(by_type.items())),
        "results": results,
    }


def _key(item_id: str, f: dict[str, Any]) -> str:
    return f"{item_id}|{f['type']}|{f['rewrite_text']}|{f.get('before')}"


def sample(
    result: dict[str, Any], judged_path: Path, *, n: int = SAMPLE_SIZE, types: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """A seeded sample of ``n`` findings, with any judgement already recorded for each.

    The pool is every critical finding, or every finding of ``types`` when given.
    """
    pool = [
        (r["id"], f)
        for r in result["results"]
        for f in r.get("findings", [])
        if (f["type"] in types if types else f["severity"] == "critical")
    ]
    pool.sort(key=lambda x: _key(*x))
    picked = random.Random(SEED).sample(pool, min(n, len(pool)))
    old: dict[str, dict[str, Any]] = {}
    if judged_path.is_file():
        old = {e["key"]: e for e in json.loads(judged_path.read_text(encoding="utf-8"))["items"]}
    out = []
    for item_id, f in picked:
        key = _key(item_id, f)
        prev = old.get(key, {})
        out.append(
            {
                "key": key,
                "item": item_id,
                **{k: f.get(k) for k in ("type", "message", "before", "after", "rewrite_context")},
                "source_context": f.get("source_context"),
                "judgement": prev.get("judgement", ""),
                "why": prev.get("why", ""),
            }
        )
    return out


def score(entries: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Precision per finding type from the judged entries ("real" / "false")."""
    per: dict[str, Counter[str]] = {}
    for e in entries:
        per.setdefault(e["type"], Counter())[e["judgement"] or "unjudged"] += 1
    out: dict[str, dict[str, Any]] = {}
    for t, c in sorted(per.items()):
        judged = c["real"] + c["false"]
        out[t] = {"n": sum(c.values()), "real": c["real"], "false": c["false"]}
        out[t]["precision"] = round(c["real"] / judged, 3) if judged else None
    return out


# --------------------------------------------------------------------------- quotation cut

QUOTE_CUTS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
MAX_FOREIGN = 0.02  # the share of other articles' quotations the cut may take for reworded ones
_QUOTE_LOG: list[dict[str, Any]] = []
_FOREIGN: list[tuple[str, str, str]] = []  # (doc id, dataset, quotation) of every LLMFake original
_CURRENT: dict[str, str] = {}
_COVERS: list[bool] = []  # non-empty: also record the cross-encoder's cover (``quotes --covers``)


def _quote_pool() -> list[tuple[str, str, str]]:
    from unspun.facts.compare import quote_words
    from unspun.facts.quotes import extract_quotes

    pool = []
    for r in ds.load_llmfake():
        for para in r.text.split("\n"):
            pool += [
                (r.doc_id, r.dataset, q.text) for q in extract_quotes(para) if len(quote_words(q.text)) >= 3
            ]
    return pool


def _record_window(text: str, ctx: Any, k: int) -> None:
    """Stand-in for the quote rule's window match: record the best overlap of ``text`` and of
    another article's quotation (same dataset, drawn from the text's CRC) in the same window;
    match nothing, so that every such quotation stays on the fabricated path."""
    import zlib

    from unspun.audit.quotes import soft_overlap, window_quotes, window_sentences
    from unspun.semantic import covers

    cands = [sq.text for _, sq in window_quotes(ctx, k)]
    sentences = [d.sentence(i).text for d, i in window_sentences(ctx, k)]
    pool = [p for p in _FOREIGN if p[0] != _CURRENT["doc"] and p[1] == _CURRENT["dataset"]]
    foreign = random.Random(zlib.crc32(text.encode())).choice(pool)[2]
    row: dict[str, Any] = {
        "quote": text,
        "own": max((soft_overlap(text, c) for c in cands), default=0.0),
        "foreign": max((soft_overlap(foreign, c) for c in cands), default=0.0),
        "window": len(cands),
    }
    row.update(_record_order(text, foreign, ctx, k))
    row.update(_record_whole(text, foreign, ctx, k))
    if _COVERS:
        # the cross-encoder: does a source quotation (or sentence) of the window say all the quotation says?
        for name, premises in (("cover", cands), ("cover_s", sentences)):
            for who, hyp in (("own", text), ("foreign", foreign)):
                row[f"{who}_{name}"] = float(covers([(c, hyp) for c in premises]).max()) if premises else 0.0
    _QUOTE_LOG.append(row)


_WHOLES: dict[int, Any] = {}  # id(ctx) -> the quote rule's cache of whole quotations


def _record_whole(text: str, foreign: str, ctx: Any, k: int) -> dict[str, Any]:
    """The quote rule's whole-quotation test (``_whole_match``): the best overlap of the whole
    quotation ``text`` is part of, and of ``foreign`` in its place, with the whole source
    quotations of the window (0.0 where both sides are one fragment: the window test's case)."""
    from unspun.audit.quotes import soft_overlap, whole_of, whole_window

    if id(ctx) not in _WHOLES:
        _WHOLES.clear()
        _WHOLES[id(ctx)] = {}
    cache = _WHOLES[id(ctx)]
    q = next((x for x in ctx.lines[k].facts.quotes if x.text == text), None)
    if q is None:
        return {}
    mine = whole_of(q, ctx, cache)
    cands = [w.text for _, w in whole_window(ctx, k, cache) if mine.parts > 1 or w.parts > 1]
    return {
        "whole_parts": mine.parts,
        "whole_own": round(max((soft_overlap(mine.text, c) for c in cands), default=0.0), 3),
        "whole_foreign": round(max((soft_overlap(foreign, c) for c in cands), default=0.0), 3),
    }


ORDER_CUTS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
ORDER_BONUSES = ((0.0, 0.0), (0.1, 0.0), (0.0, 0.1), (0.1, 0.1), (0.2, 0.2))  # (speaker, number)
_ORDER: dict[int, Any] = {}  # id(ctx) -> OrderedQuotes of the item being audited


def _same_speaker(a: Any, b: Any) -> bool:
    from unspun.audit.parties import is_vague, mentions, parties_match

    if not a.speaker or not b.speaker or is_vague(a.speaker) or is_vague(b.speaker):
        return False
    return (
        parties_match(a.speaker, b.speaker)
        or mentions(a.speaker, b.speaker)
        or mentions(b.speaker, a.speaker)
    )


def _order_features(order: Any, foreign: Any = None, row: int = -1) -> list[tuple[Any, Any]]:
    """Per source: (both name the same speaker, they share a number) for each pair of the order
    alignment's quotations; with ``foreign`` (analysed), row ``row`` holds it in place of its own
    words (the speaker kept)."""
    import numpy as np

    from unspun.semantic.features import analyse
    from unspun.semantic.model import default_model

    emb = default_model().embedder
    rows = [analyse(emb, q.text) for q in order.quotes]
    if foreign is not None:
        rows[row] = foreign
    out = []
    for p in order.docs:
        cols = [analyse(emb, sq.text) for sq in p.quotes]
        shape = (len(rows), len(cols))
        spk = np.array([[_same_speaker(q, sq) for sq in p.quotes] for q in order.quotes], dtype=float)
        num = np.array([[bool(x.numbers & y.numbers) for y in cols] for x in rows], dtype=float)
        out.append((spk.reshape(shape), num.reshape(shape)))
    return out


def _order_match_score(
    docs: Sequence[Any], feats: Sequence[tuple[Any, Any]], i: int, cut: float, sp: float, nb: float
) -> float:
    """The score row ``i`` is aligned at (0.0: none) in the best-scoring source's order alignment,
    pair score = overlap + ``sp`` x same speaker + ``nb`` x a shared number."""
    from unspun.audit.quote_order import monotone_matching

    best = 0.0
    for p, (spk, num) in zip(docs, feats, strict=True):
        mat = p.overlap + sp * spk + nb * num
        j = monotone_matching(mat, cut).get(i)
        if j is not None:
            best = max(best, float(mat[i, j]))
    return best


def _record_order(text: str, foreign: str, ctx: Any, k: int) -> dict[str, Any]:
    """The quotation-order alignment (:mod:`unspun.audit.quote_order`) at each cut and bonus pair:
    the score of the source quotation ``text`` is aligned to (0.0: none), and the same with
    ``foreign`` put in its place (the same speaker, the other words)."""
    from unspun.audit.quote_order import Pairs, ordered_quotes, soft_overlap_of
    from unspun.semantic.features import analyse
    from unspun.semantic.model import default_model

    if id(ctx) not in _ORDER:
        _ORDER.clear()
        _ORDER[id(ctx)] = ordered_quotes(ctx)
    order = _ORDER[id(ctx)]
    q = next((x for x in ctx.lines[k].facts.quotes if x.text == text), None)
    i = None if q is None else order.row(k, q)
    if q is None or i is None:
        return {}
    emb = default_model().embedder
    fx = analyse(emb, foreign)
    swapped = []
    for p in order.docs:
        overlap = p.overlap.copy()
        overlap[i, :] = [soft_overlap_of(fx, analyse(emb, sq.text)) for sq in p.quotes]
        swapped.append(Pairs(p.doc, p.quotes, overlap))
    from unspun.config import AuditSettings

    feats = {"own": _order_features(order), "foreign": _order_features(order, fx, i)}
    out: dict[str, Any] = {"gap": _record_gap(order, i, swapped, AuditSettings().quote_order_anchor)}
    out.update(_record_evidence(order, i, swapped, feats, text, foreign))
    for anchor in GAP_ANCHORS:
        out[f"gap_{anchor}"] = _record_gap(order, i, swapped, anchor)
    for sp, nb in ORDER_BONUSES:
        for name, docs in (("own", order.docs), ("foreign", swapped)):
            got = [_order_match_score(docs, feats[name], i, cut, sp, nb) for cut in ORDER_CUTS]
            out[f"order_{name}_{sp}_{nb}"] = [round(g, 3) for g in got]
    return out


def _record_evidence(
    order: Any, i: int, swapped: Sequence[Any], feats: dict[str, Any], text: str, foreign: str
) -> dict[str, Any]:
    """Other evidence that row ``i`` rewords a source quotation, for itself (own) and for the
    foreign quotation in its place: ``speaker``, its best overlap with the source quotations of
    the same named speaker; ``mutual``, its best overlap with a source quotation whose own best
    rewrite quotation it is; ``gap_cover``, the cross-encoder's cover of it by the gap's closest
    source quotation (at ``audit.quote_order_anchor``), and ``gap_rows``, the rewrite quotations
    of that gap."""
    from unspun.config import AuditSettings
    from unspun.semantic import covers

    out: dict[str, Any] = {}
    for who, docs in (("own", order.docs), ("foreign", swapped)):
        spk, mut = 0.0, 0.0
        for p, (same, _) in zip(docs, feats[who], strict=True):
            if not p.overlap.shape[1]:
                continue
            row = p.overlap[i]
            if same[i].any():
                spk = max(spk, float(row[same[i] > 0].max()))
            for j in range(len(row)):
                if int(p.overlap[:, j].argmax()) == i and float(row[j]) > mut:
                    mut = float(row[j])
        out[f"speaker_{who}"] = round(spk, 3)
        out[f"mutual_{who}"] = round(mut, 3)
        gaps = order.gaps(i, AuditSettings().quote_order_anchor, None if who == "own" else docs)
        best = max((g for g in gaps if g.quote is not None), key=lambda g: g.score, default=None)
        hyp = text if who == "own" else foreign
        cov = 0.0 if best is None or best.quote is None else float(covers([(best.quote.text, hyp)])[0])
        out[f"gap_cover_{who}"] = round(cov, 3)
        out[f"gap_rows_{who}"] = 99 if best is None else best.rows
    return out


GAP_ANCHORS = (0.4, 0.45, 0.5, 0.6)  # anchor cuts recorded besides audit.quote_order_anchor


def _record_gap(order: Any, i: int, swapped: Sequence[Any], anchor: float) -> list[dict[str, Any]]:
    """Per source: the gap of row ``i`` (:meth:`~unspun.audit.quote_order.OrderedQuotes.gaps` at
    ``anchor``): its size, the rewrite quotations in it, and the best overlap of row ``i``
    (own) and of the foreign quotation in its place with its source quotations."""
    own = order.gaps(i, anchor)
    foreign = order.gaps(i, anchor, swapped)
    return [
        {
            "cols": g.size,
            "rows": g.rows,
            "anchors": g.anchors,
            "own": round(g.score, 3),
            "foreign": round(f.score, 3),
        }
        for g, f in zip(own, foreign, strict=True)
    ]


def _gap_table(
    rows: Sequence[tuple[bool, dict[str, Any]]], window_cut: float, max_rows: int
) -> dict[str, Any]:
    """Shares taken by the window overlap (at ``window_cut``) or the gap rule of the quote rule
    (``audit.quote_order_*``: a gap with at most ``max_rows`` rewrite quotations), per cut."""

    def gap(q: dict[str, Any], who: str) -> float:
        return max((g[who] for g in q.get("gap", []) if g["cols"] and g["rows"] <= max_rows), default=0.0)

    table: dict[str, Any] = {}
    for cut in ORDER_CUTS:
        entry: dict[str, float] = {}
        for side, manip in (("faithful", False), ("manipulated", True)):
            qs = [q for m, q in rows if m == manip]
            for who in ("own", "foreign"):
                took = sum(q[who] >= window_cut or gap(q, who) >= cut for q in qs)
                entry[f"{side}_{who}"] = round(took / max(1, len(qs)), 3)
        took = sum(q["foreign"] >= window_cut or gap(q, "foreign") >= cut for _, q in rows)
        entry["foreign"] = round(took / max(1, len(rows)), 3)
        table[str(cut)] = entry
    return table


def _order_table(rows: Sequence[tuple[bool, dict[str, Any]]], window_cut: float) -> dict[str, Any]:
    """Shares taken by the window overlap (at ``window_cut``) or the order alignment, per bonus and cut."""
    table: dict[str, Any] = {}
    for sp, nb in ORDER_BONUSES:
        for c, cut in enumerate(ORDER_CUTS):
            entry: dict[str, float] = {}
            for side, manip in (("faithful", False), ("manipulated", True)):
                qs = [q for m, q in rows if m == manip and f"order_own_{sp}_{nb}" in q]
                for who in ("own", "foreign"):
                    took = sum(q[who] >= window_cut or q[f"order_{who}_{sp}_{nb}"][c] > 0 for q in qs)
                    entry[f"{side}_{who}"] = round(took / max(1, len(qs)), 3)
            qs = [q for _, q in rows if f"order_own_{sp}_{nb}" in q]
            took = sum(q["foreign"] >= window_cut or q[f"order_foreign_{sp}_{nb}"][c] > 0 for q in qs)
            entry["foreign"] = round(took / max(1, len(qs)), 3)
            table[f"speaker {sp} number {nb} cut {cut}"] = entry
    return table


def _quote_item(item: tuple[str, str, str, str, str, bool]) -> dict[str, Any]:
    item_id, rewrite, src_id, source, dataset, manipulated = item
    _QUOTE_LOG.clear()
    _ORDER.clear()
    _CURRENT.update(doc=src_id, dataset=dataset)
    audit_item((item_id, rewrite, src_id, source))
    return {"id": item_id, "manipulated": manipulated, "quotes": list(_QUOTE_LOG)}


def quote_fit(split: str, *, jobs: int, covers: bool = False) -> dict[str, Any]:
    """Fit ``audit.quote_window_similarity`` on one split.

    Every rewrite quotation that the quote rule would call fabricated (faithful rewrites and
    PolitiFact manipulations of the split) gets its best overlap with a source quotation of its
    window, and so does another article's quotation put in its place (which no cut should take
    for a reworded one). The cut chosen is the lowest at which at most ``MAX_FOREIGN`` of those
    are taken, over the faithful and the manipulated items together. With ``covers``, the
    cross-encoder's cover of each (window quotation or sentence, quotation) pair is recorded too,
    and :func:`_cover_table` gives what a cut on it would add.
    """
    import unspun.audit.quotes as rule
    from benchmarks.quality.tasks import llmfake_items
    from unspun.config import AuditSettings

    recs = ds.load_llmfake()
    by_id = {r.doc_id: r for r in recs}
    todo = [(*i, by_id[i[2]].dataset, False) for i in items(split)]
    m_items = llmfake_items(recs)
    train = split_keys([d for d, _, _, _ in m_items])
    todo += [
        (f"{d}::{m}", text, d, by_id[d].text, by_id[d].dataset, True)
        for d, m, text, manipulated in m_items
        if manipulated and (d in train) == (split == "train")
    ]
    _FOREIGN[:] = _quote_pool()
    _COVERS[:] = [True] if covers else []
    rule._window_match = _record_window  # an instrumented run: records, matches nothing
    rule._order_match = lambda *a: None  # the order alignment is recorded by _record_window
    rule._whole_match = lambda *a: None  # so is the whole-quotation test
    rule._cover_match = lambda *a: None  # and the cross-encoder's cover in the gap
    t0 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        results = pool.map(_quote_item, todo, chunksize=4)
    rows = [(r["manipulated"], q) for r in results for q in r["quotes"]]
    table: dict[str, dict[str, float]] = {}
    for cut in QUOTE_CUTS:
        entry: dict[str, float] = {}
        for name, manip in (("faithful", False), ("manipulated", True)):
            qs = [q for m, q in rows if m == manip]
            entry[f"{name}_own"] = round(sum(q["own"] >= cut for q in qs) / max(1, len(qs)), 3)
            entry[f"{name}_foreign"] = round(sum(q["foreign"] >= cut for q in qs) / max(1, len(qs)), 3)
        entry["foreign"] = round(sum(q["foreign"] >= cut for _, q in rows) / max(1, len(rows)), 3)
        table[str(cut)] = entry
    ok = [c for c in QUOTE_CUTS if table[str(c)]["foreign"] <= MAX_FOREIGN]
    out: dict[str, Any] = {
        "split": split,
        "items": len(todo),
        "quotes": {"faithful": sum(not m for m, _ in rows), "manipulated": sum(m for m, _ in rows)},
        "seconds": round(time.perf_counter() - t0, 1),
        "cuts": table,
        "chosen": min(ok) if ok else None,
        "results": results,
    }
    out["order_cuts"] = _order_table(rows, min(ok) if ok else 1.0)
    max_rows = AuditSettings().quote_order_max_rows
    out["gap_cuts"] = _gap_table(rows, min(ok) if ok else 1.0, max_rows)
    gap_ok = [c for c in ORDER_CUTS if out["gap_cuts"][str(c)]["foreign"] <= MAX_FOREIGN]
    out["gap_chosen"] = min(gap_ok) if gap_ok else None
    if covers:
        out["cover_cuts"] = _cover_table(rows, min(ok) if ok else 1.0)
    return out


COVER_CUTS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)


def _cover_table(rows: Sequence[tuple[bool, dict[str, Any]]], window_cut: float) -> dict[str, Any]:
    """Shares taken by the window overlap (at ``window_cut``) or the cross-encoder's cover at each cut.

    For the source quotations of the window (``cover``) and for its sentences (``cover_s``): a
    rewrite quotation is taken if either says it; so is the foreign quotation in its place.
    """
    table: dict[str, Any] = {}
    for name in ("cover", "cover_s"):
        for cut in COVER_CUTS:
            entry: dict[str, float] = {}
            for side, manip in (("faithful", False), ("manipulated", True)):
                qs = [q for m, q in rows if m == manip]
                for who in ("own", "foreign"):
                    took = sum(q[who] >= window_cut or q[f"{who}_{name}"] >= cut for q in qs)
                    entry[f"{side}_{who}"] = round(took / max(1, len(qs)), 3)
            took = sum(q["foreign"] >= window_cut or q[f"foreign_{name}"] >= cut for _, q in rows)
            entry["foreign"] = round(took / max(1, len(rows)), 3)
            table[f"{name} {cut}"] = entry
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality.faithful", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_run = sub.add_parser("run")
    p_run.add_argument("--split", choices=("train", "test", "all"), default="test")
    p_run.add_argument("--jobs", type=int, default=2)
    p_run.add_argument("--limit", type=int, default=None)
    p_run.add_argument("--out", type=Path, required=True)
    p_sample = sub.add_parser("sample")
    p_sample.add_argument("result", type=Path)
    p_sample.add_argument("--judged", type=Path, required=True)
    p_sample.add_argument("--n", type=int, default=SAMPLE_SIZE)
    p_sample.add_argument(
        "--types", default="", help="comma-separated finding types (default: critical ones)"
    )
    p_quotes = sub.add_parser("quotes", help="fit audit.quote_window_similarity (train split)")
    p_quotes.add_argument("--split", choices=("train", "test"), default="train")
    p_quotes.add_argument("--jobs", type=int, default=2)
    p_quotes.add_argument("--out", type=Path, required=True)
    p_quotes.add_argument("--covers", action="store_true", help="also record the cross-encoder's cover")
    p_score = sub.add_parser("score")
    p_score.add_argument("judged", type=Path)
    args = parser.parse_args(argv)
    if args.cmd == "run":
        result = run(args.split, jobs=args.jobs, limit=args.limit)
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(
            f"{args.split}: {result['items']} faithful rewrites ({result['errors']} errors), "
            f"share with a critical finding {result['share_with_critical']:.3f}, {result['seconds']} s"
        )
        for t, k in result["articles_with_critical_by_type"].items():
            print(f"  {t}: {k} articles ({k / max(1, result['items'] - result['errors']):.3f})")
        return 0
    if args.cmd == "quotes":
        fit = quote_fit(args.split, jobs=args.jobs, covers=args.covers)
        args.out.write_text(json.dumps(fit, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{args.split}: {fit['items']} rewrites, quotations on the fabricated path {fit['quotes']}")
        for cut, entry in fit["cuts"].items():
            print(f"  cut {cut}: " + ", ".join(f"{k} {v:.3f}" for k, v in entry.items()))
        print(f"chosen (lowest cut taking <= {MAX_FOREIGN} of other articles' quotations): {fit['chosen']}")
        for cut, entry in fit["order_cuts"].items():
            print(f"  window or order, {cut}: " + ", ".join(f"{k} {v:.3f}" for k, v in entry.items()))
        for cut, entry in fit["gap_cuts"].items():
            print(f"  window or gap, cut {cut}: " + ", ".join(f"{k} {v:.3f}" for k, v in entry.items()))
        print(f"audit.quote_order_similarity chosen (same rule): {fit['gap_chosen']}")
        for cut, entry in fit.get("cover_cuts", {}).items():
            print(f"  window or {cut}: " + ", ".join(f"{k} {v:.3f}" for k, v in entry.items()))
        return 0
    if args.cmd == "sample":
        result = json.loads(args.result.read_text(encoding="utf-8"))
        types = [t for t in args.types.split(",") if t]
        entries = sample(result, args.judged, n=args.n, types=types)
        doc = {
            "about": (
                f"{', '.join(types) or 'Critical'} findings on faithful LLMFake rewrites ({result['split']} "
                "split), a seeded sample read by hand: judgement 'real' if the rewrite did change that "
                "fact, 'false' if not. "
                "Regenerate with python -m benchmarks.quality.faithful sample (see its docstring)."
            ),
            "source_run": {k: result[k] for k in ("split", "items", "errors", "share_with_critical")},
            "items": entries,
        }
        args.judged.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(entries)} findings to {args.judged}")
        return 0
    entries = json.loads(args.judged.read_text(encoding="utf-8"))["items"]
    for t, s in score(entries).items():
        print(f"{t}: n={s['n']} real={s['real']} false={s['false']} precision={s['precision']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
