"""The band judge re-chosen on a dev set of no-source queries large enough for a 1% rate (issue 11).

Session 7 chose the band judge (:mod:`unspun.index.judge`) on 600 dev no-source queries: a 1%
budget of 6 false sources, one more than the shipped score used, too coarse to set a 1% threshold
(held-out FSR rose to 1.8%). This script adds thousands of dev no-source queries to the session-4
dump of the full benchmark, without rebuilding the index or re-running the 5,380 rewrite queries:

``devneg`` (slow: ~0.2 s per query)
    draws ``--n`` distractors (``random.Random(--seed)``) from those that are neither in the
    overlap file, nor among the 500 held-out no-source queries, nor among the 600 dev ones, and
    searches each against the dump's index (``--index``: the index ``retrieval.py`` built for that
    dump, 49,054 articles) with itself excluded from the candidates (what ``retrieval.py --fit``
    does with its 600 dev no-source queries). Rows as in the dump, appended to a JSON-lines file
    (a rerun resumes); the first line records the seed, the ids drawn, and that they are disjoint
    from the held-out queries.
``band`` (slow: ~20 ms per sentence pair)
    the cross-encoder's cover probabilities for the top hit (search order) of every query and
    no-source query whose shipped score is in ``[--lo, --hi)``, for the ``PREMISES`` candidate
    sentences nearest to each suspect sentence by static cosine; dev items first. A pickle,
    checkpointed and resumed.
``fit`` (a minute)
    the band judge's parameters chosen on the dev half alone (the grid of session 7 and a logit
    shift of the lexical score, for 1 and 2 premises per sentence); the budget: 1% of the dev
    no-source queries (near copies excluded) or, where the shipped score already lets more through,
    that many (the judge adds none); with ``--test`` the chosen parameters on the test half and
    the 500 held-out queries, once.
``losses`` (seconds)
    where the test half's rewrites are lost at the threshold, per query type.

Run (from the repo root)::

    python -m benchmarks.quality.retrieval_judge devneg --index DIR/idx --out DEVNEG.jsonl --n 4400
    python -m benchmarks.quality.retrieval_judge band --dump DUMP --devneg DEVNEG.jsonl --out COVERS.pkl \
        --lo 0.05 --hi 0.65 --premises 2 --dev-only
    python -m benchmarks.quality.retrieval_judge fit --dump DUMP --devneg DEVNEG.jsonl --covers COVERS.pkl
    python -m benchmarks.quality.retrieval_judge losses --dump DUMP
"""

from __future__ import annotations

import argparse
import json
import math
import pickle
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.quality import retrieval as R
from benchmarks.quality import retrieval_semantic as RS

PREMISES = 2  # nearest candidate sentences asked per suspect sentence (1 = what the judge ships)
DEVNEG_SEED = 3


def devneg_pool(b: R.Bench) -> list[str]:
    """Distractors that may serve as extra dev no-source queries: not in the overlap file (copies of
    an evaluation original), not held out, not among the 600 dev ones; file order."""
    overlap = {
        row.split("\t")[0]
        for row in (R.DATA / "distractors" / "overlap_with_shared_eval_sets.tsv").read_text().splitlines()[1:]
    }
    taken = set(b.heldout) | set(b.devneg)
    return [d for d in b.corpus if not d.startswith(("llmfake-", "mixset-")) and d not in overlap | taken]


def draw_devneg(b: R.Bench, n: int, seed: int = DEVNEG_SEED) -> list[str]:
    return random.Random(seed).sample(devneg_pool(b), n)


def read_devneg(path: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The header line and the searched rows (``{id: hits}``) of a ``devneg`` file."""
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    rows: dict[str, list[dict[str, Any]]] = {}
    for line in lines[1:]:
        try:
            r = json.loads(line)
        except json.JSONDecodeError:  # a line cut short by a killed run
            continue
        rows[r["id"]] = r["hits"]
    return head, rows


def search_devneg(index: Path, out: Path, n: int, seed: int) -> int:
    from unspun.config import IndexSettings
    from unspun.index import open_index, prepare, search

    settings = IndexSettings()
    b = R.load()
    ids = draw_devneg(b, n, seed)
    assert not set(ids) & (set(b.heldout) | set(b.devneg)), "dev no-source queries overlap the held-out"
    done: set[str] = set()
    if out.exists():
        head, rows = read_devneg(out)
        if head["ids"] != ids:
            print(f"{out} was drawn with other parameters", file=sys.stderr)
            return 2
        done = set(rows)
    else:
        head = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "command": " ".join(sys.argv),
            "seed": seed,
            "n": n,
            "pool": len(devneg_pool(b)),
            "disjoint_from_heldout_and_devneg600": True,
            "ids": ids,
        }
        out.write_text(json.dumps(head) + "\n")
    print(f"{len(ids)} dev no-source queries, {len(done)} done", flush=True)
    t0, c0 = time.perf_counter(), time.process_time()
    with open_index(index) as idx, out.open("a") as fh:
        for i, did in enumerate(ids):
            if did in done:
                continue
            text = b.corpus[did]
            hits = search(idx, prepare(text), k=settings.verify_top, exclude={did}, settings=settings)
            found: list[dict[str, Any]] = [
                {
                    "id": h.id,
                    "pos": False,
                    "verified": h.verification is not None,
                    "cos": h.cosine,
                    "features": h.features.to_dict() if h.features is not None else {},
                    "share": h.verification.share if h.verification is not None else 0.0,
                    "cover": None,
                    "near_copy": R.containment(text, h.doc.text) >= 0.5,
                }
                for h in hits
            ]
            fh.write(json.dumps({"id": did, "hits": found}) + "\n")
            fh.flush()
            if i % 200 == 0:
                print(
                    f"  {i}/{len(ids)}: {time.perf_counter() - t0:.0f} s, "
                    f"{time.process_time() - c0:.0f} CPU-s",
                    flush=True,
                )
    print(f"done in {time.perf_counter() - t0:.0f} s, {time.process_time() - c0:.0f} CPU-s", flush=True)
    return 0


def load_all(dump: Path, devneg: Path) -> tuple[R.Bench, dict[str, Any], list[str]]:
    """The benchmark, the dump's results with the extra dev no-source rows merged into ``neg``, and
    the extra ids searched (a prefix of the drawn sample when the ``devneg`` run was cut short)."""
    b = R.load()
    u = json.loads(dump.read_text())["unspun"]
    head, rows = read_devneg(devneg)
    extra = [d for d in head["ids"] if d in rows]
    assert not set(extra) & set(b.heldout)
    u["neg"].update({d: rows[d] for d in extra})
    return b, u, extra


def band_jobs(b: R.Bench, u: dict[str, Any], extra: list[str], lo: float, hi: float) -> list[tuple[Any, ...]]:
    """(dev, tier, kind, key, hit id) of every top hit (search order) with a shipped score in
    [lo, hi); dev items first, those in [0.2, 0.5) (session 7's band) before the rest."""
    from unspun.index.verify import calibrated_score

    dev_q = {q["qid"] for q in b.queries if R.is_dev(q)}
    devneg = set(b.devneg) | set(extra)
    held = set(b.heldout)
    jobs: list[tuple[Any, ...]] = []
    for kind, part in (("q", u["hits"]), ("n", u["neg"])):
        for key, hs in part.items():
            t = R.search_order(hs)[0] if hs else None
            if t is None or not t["verified"] or not lo <= (s := calibrated_score(t["features"])) < hi:
                continue
            dev = key in dev_q if kind == "q" else key in devneg
            if kind == "n" and not dev and key not in held:
                continue
            tier = 0 if 0.2 <= s < 0.5 else 1 if s < 0.2 else 2
            jobs.append((dev, tier, kind, key, t["id"]))
    jobs.sort(key=lambda j: (not j[0], j[1]))
    return jobs


def band_covers(
    dump: Path,
    devneg: Path,
    out: Path,
    lo: float,
    hi: float,
    seed: Path | None,
    premises: int,
    dev_only: bool,
    every: int = 25,
) -> int:
    """Per band item and suspect sentence, the cover probability of its nearest candidate sentences
    by static cosine: column 0 the nearest (what the shipped judge asks), column 1 the second
    (NaN until a run with ``premises`` 2 fills it; a rerun fills what is missing). ``seed``:
    session 7's band pickle (one premise, the same model and pairs): its probabilities are taken
    as column 0 instead of recomputed."""
    from unspun.index.judge import nearest_premises
    from unspun.index.verify import sentence_set
    from unspun.semantic.cross import default_cross
    from unspun.semantic.model import default_model
    from unspun.text import split_units

    b, u, extra = load_all(dump, devneg)
    texts = {q["qid"]: q["text"] for q in b.queries}
    jobs = [j for j in band_jobs(b, u, extra, lo, hi) if j[0] or not dev_only]
    done: dict[tuple[str, str, str], dict[str, Any]] = pickle.loads(out.read_bytes()) if out.exists() else {}
    old: dict[tuple[str, str, str], dict[str, Any]] = pickle.loads(seed.read_bytes()) if seed else {}
    print(f"{len(jobs)} band items ({sum(j[0] for j in jobs)} dev), {len(done)} done", flush=True)
    model, cross = default_model(), default_cross(1)
    t0, pairs_done, reused = time.process_time(), 0, 0
    for n, (_, _, kind, key, hid) in enumerate(jobs):
        prev = done.get((kind, key, hid))
        if prev is not None and not np.isnan(prev["p"][:, :premises]).any():
            continue
        c0 = time.process_time()
        qs = sentence_set(split_units(texts[key] if kind == "q" else b.corpus[key]))
        cs = sentence_set(split_units(b.corpus[hid]))
        p = prev["p"].copy() if prev is not None else np.full((len(qs.texts), PREMISES), np.nan)
        first = old.get((kind, key, hid))
        if not qs.texts or not cs.texts:
            p[:] = 0.0
        else:
            near = nearest_premises(qs, cs, model, PREMISES)
            if near.shape[1] < PREMISES:  # a one-sentence candidate: its only sentence for every column
                near = np.repeat(near[:, :1], PREMISES, axis=1)
            if first is not None and np.isnan(p[:, 0]).any():
                p[:, 0] = first["p"]
                reused += 1
            for c in range(premises):
                if not np.isnan(p[:, c]).any():
                    continue
                same = near[:, c] == near[:, 0]
                todo = [i for i in range(len(qs.texts)) if c == 0 or not same[i]]
                if todo:
                    p[todo, c] = cross.covers([(cs.texts[int(near[i, c])], qs.texts[i]) for i in todo])
                if c:
                    p[same, c] = p[same, 0]
                pairs_done += len(todo)
        done[(kind, key, hid)] = {
            "chars": np.asarray(qs.chars, dtype=np.float64),
            "p": p,
            "cpu_s": (prev["cpu_s"] if prev is not None else 0.0) + time.process_time() - c0,
            "reused_first": first is not None,
        }
        if (n + 1) % every == 0:
            out.write_bytes(pickle.dumps(done))
            print(
                f"  {n + 1}/{len(jobs)}: {pairs_done} pairs, {reused} reused, "
                f"{time.process_time() - t0:.0f} CPU-s",
                flush=True,
            )
    out.write_bytes(pickle.dumps(done))
    print(f"done: {len(done)} items, {pairs_done} pairs, {time.process_time() - t0:.0f} CPU-s", flush=True)
    return 0


def _share(c: dict[str, Any] | None, premises: int, threshold: float) -> float:
    """The cover share over ``premises`` columns; NaN where the band run has not filled them."""
    from unspun.index.judge import cover_share

    if c is None:
        return float("nan")
    p = c["p"][:, :premises]
    if np.isnan(p).any():
        return float("nan")
    return cover_share(c["chars"], p.max(axis=1) if len(p) else np.zeros(0), threshold)


def items_with_covers(
    b: R.Bench, u: dict[str, Any], extra: list[str], covers: dict[Any, dict[str, Any]], premises: int
) -> dict[str, Any]:
    """:func:`retrieval_semantic.band_items` with the extra dev no-source queries among ``devneg``
    and each top hit's cover share over its ``premises`` nearest candidate sentences."""
    from unspun.semantic.cross import default_cross_dir, read_cross_manifest

    b.devneg = [*b.devneg, *extra]
    it = RS.band_items(b, u)
    threshold = float(read_cross_manifest(default_cross_dir())["threshold"])
    for part in it.values():
        part["cover"] = np.array([_share(covers.get(k), premises, threshold) for k in part["key"]])
        part["n_sent"] = np.array(
            [len(c["chars"]) if (c := covers.get(k)) is not None else 0 for k in part["key"]]
        )
        part["cpu_s"] = np.array(
            [c["cpu_s"] if (c := covers.get(k)) is not None else np.nan for k in part["key"]]
        )
    return it


GRID: dict[str, tuple[float, ...]] = {
    "shift": (0.0, 0.1, 0.2, 0.3, 0.4, 0.6),
    "lo": (0.05, 0.1, 0.2, 0.3),
    "w_score": (0.0, 0.5, 1.0, 2.0),
    "w_cover": (2.0, 4.0, 8.0, 16.0, 32.0),
}


def choose(it: dict[str, Any], budget: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Session 7's grid on the dev half: per (shift, lo, w_score, w_cover) the loosest intercept
    that keeps the dev no-source top hits at 0.5 (near copies left out) within ``budget``; the best
    dev recall at 0.5 wins (ties: no shift, the narrower band, the smaller cover weight)."""
    q, dn = it["q"], it["devneg"]
    dev = q["dev"]
    base = {"shift": 0.0, "lo": 1.0, "cap": 0.6, "intercept": 0.0, "w_score": 0.0, "w_cover": 0.0}

    def figures(p: dict[str, float]) -> tuple[float, int, int]:
        sq = RS.judged(q["s"][dev], q["cover"][dev], p)
        sn = RS.judged(dn["s"], dn["cover"], p)
        recall = float(np.mean(q["pos"][dev] & (sq >= 0.5)))
        fp = int(np.sum((sn >= 0.5) & ~dn["near"]))
        s2 = RS._sigmoid(RS._logit(np.r_[q["s"][dev], dn["s"]]) - p["shift"])
        cover = np.r_[q["cover"][dev], dn["cover"]]
        missing = int(
            np.sum((s2 >= p["lo"]) & (s2 < 0.5) & np.isnan(cover) & (np.r_[q["s"][dev], dn["s"]] > 0))
        )
        return recall, fp, missing

    # The intercept scan, vectorised: the cap (0.6) is above 0.5, so an item below 0.5 in the band
    # reaches 0.5 exactly where intercept + w_score * z + w_cover * cover >= 0 (what RS.judged
    # computes, the test checks they agree); recall and false sources rise with the intercept.
    intercepts = np.arange(-40.0, 5.01, 0.25)
    s_all = np.r_[q["s"][dev], dn["s"]]
    cover_all = np.r_[q["cover"][dev], dn["cover"]]
    is_pos = np.r_[q["pos"][dev], np.zeros(len(dn["s"]), dtype=bool)]
    is_neg = np.r_[np.zeros(int(dev.sum()), dtype=bool), ~dn["near"]]
    n_dev = max(int(dev.sum()), 1)
    results: list[dict[str, Any]] = []
    for shift in GRID["shift"]:
        z = RS._logit(s_all) - shift
        s2 = RS._sigmoid(z)
        above = s2 >= 0.5
        for lo in GRID["lo"]:
            below = (s2 >= lo) & (s2 < 0.5) & (s_all > 0)
            if np.any(below & np.isnan(cover_all)):
                continue  # the band run did not judge every item this band needs
            for w_score in GRID["w_score"]:
                for w_cover in GRID["w_cover"]:
                    need = -(w_score * z + w_cover * np.nan_to_num(cover_all, nan=0.0))
                    pos_need = np.sort(need[below & is_pos])
                    neg_need = np.sort(need[below & is_neg])
                    rec_curve = (
                        int(np.sum(above & is_pos)) + np.searchsorted(pos_need, intercepts, side="right")
                    ) / n_dev
                    fp_curve = int(np.sum(above & is_neg)) + np.searchsorted(
                        neg_need, intercepts, side="right"
                    )
                    ok = np.flatnonzero(fp_curve <= budget)
                    if not len(ok):
                        continue
                    i = int(
                        ok[np.argmax(rec_curve[ok])]
                    )  # the first (tightest) intercept with the best recall
                    p = {**base, "shift": shift, "lo": lo, "w_score": w_score, "w_cover": w_cover}
                    results.append(
                        {
                            **p,
                            "intercept": float(intercepts[i]),
                            "dev_r1_at_0.5": float(rec_curve[i]),
                            "dev_fp": int(fp_curve[i]),
                        }
                    )
    results.sort(key=lambda r: (-r["dev_r1_at_0.5"], r["shift"], -r["lo"], r["w_cover"]))
    for r in results[:20]:  # the vectorised scan agrees with the judged score itself
        rec, fp, missing = figures({k: r[k] for k in base})
        assert (rec, fp, missing) == (r["dev_r1_at_0.5"], r["dev_fp"], 0), (r, rec, fp, missing)
    r0, fp0, _ = figures({**base})
    # the lexical score alone, its intercept lowered by ``shift`` (no judge): the baseline a judge
    # must beat at the same dev budget
    shifted = []
    for shift in np.arange(0.0, 2.01, 0.05):
        rec, fp, _ = figures({**base, "shift": float(shift)})
        shifted.append({"shift": round(float(shift), 2), "dev_r1_at_0.5": rec, "dev_fp": fp})
    within = [r for r in shifted if r["dev_fp"] <= budget]
    return {
        "r1_at_0.5": r0,
        "no_source_at_0.5": fp0,
        "shift_only": within[0] if within else None,
        "shift_curve": shifted[::2],
    }, results


def test_figures(it: dict[str, Any], p: dict[str, float]) -> dict[str, Any]:
    q, ho = it["q"], it["heldout"]
    tq = ~q["dev"]
    sq = RS.judged(q["s"], q["cover"], p)
    sh = RS.judged(ho["s"], ho["cover"], p)
    ok = q["pos"] & (sq >= 0.5)
    by_type = {t: round(float(np.mean(ok[tq & (q["type"] == t)])), 3) for t in sorted(set(q["type"]))}
    by_type["LLMFake all"] = round(float(np.mean(ok[tq & (q["set"] == "llmfake")])), 3)
    by_type["MixSet all"] = round(float(np.mean(ok[tq & (q["set"] == "mixset")])), 3)
    s2 = RS._sigmoid(RS._logit(q["s"]) - p["shift"])
    judged = tq & (s2 >= p["lo"]) & (s2 < p["cap"]) & (q["s"] > 0)
    return {
        "r1_at_0.5_test_half": round(float(np.mean(ok[tq])), 4),
        "heldout_fsr": round(float(np.mean(sh >= 0.5)), 4),
        "heldout_fsr_excl_near_copies": round(float(np.mean((sh >= 0.5) & ~ho["near"])), 4),
        "test_half_by_type": by_type,
        "judged_test_queries": int(np.sum(judged)),
        "missing_covers": int(np.sum(judged & np.isnan(q["cover"]) & (s2 < 0.5))),
        "judged_sentences_p50_p90": [
            float(np.percentile(q["n_sent"][judged], x)) if np.any(judged) else None for x in (50, 90)
        ],
        "judge_cpu_s_p50_p90": [
            round(float(np.nanpercentile(q["cpu_s"][judged], x)), 3) if np.any(judged) else None
            for x in (50, 90)
        ],
    }


def fit(
    dump: Path, devneg: Path, covers_path: Path, out: Path | None, test: bool, n_extra: int | None
) -> int:
    from unspun.index.verify import DEV_FSR

    b, u, extra = load_all(dump, devneg)
    if n_extra is not None:
        extra = extra[:n_extra]
    covers = pickle.loads(covers_path.read_bytes())
    record: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join(sys.argv),
        "dev_no_source_queries": 600 + len(extra),
        "extra_dev_no_source_ids_sha": __import__("hashlib")
        .sha256(" ".join(extra).encode())
        .hexdigest()[:16],
    }
    chosen: dict[int, dict[str, Any]] = {}
    items: dict[int, dict[str, Any]] = {}
    for premises in (1, 2):
        bb = R.Bench(b.corpus, b.titles, b.queries, b.heldout, list(b.devneg))
        it = items_with_covers(bb, u, extra, covers, premises)
        items[premises] = it
        n_neg = len(it["devneg"]["s"])
        # The budget: 1% of the dev no-source queries or, where the shipped score already lets more
        # through (it does on the larger dev set: same-story updates and rewrites among the
        # distractors), what it lets through: the judge may add no dev false source.
        dn = it["devneg"]
        shipped_fp = int(np.sum((dn["s"] >= 0.5) & ~dn["near"]))
        budget = max(math.floor(DEV_FSR * n_neg + 1e-9), shipped_fp)
        shipped, results = choose(it, budget)
        print(
            f"premises {premises}: dev no-source {n_neg} (budget {budget}); shipped score: dev R@1 at 0.5 "
            f"{shipped['r1_at_0.5']:.3f}, dev no-source at 0.5 {shipped['no_source_at_0.5']}",
            flush=True,
        )
        for r in results[:8]:
            print("  ", json.dumps(r), flush=True)
        record[f"premises_{premises}"] = {"budget": budget, "dev_shipped": shipped, "dev_best": results[:15]}
        if results:
            chosen[premises] = results[0]
    if test and chosen:
        premises = max(chosen, key=lambda k: (chosen[k]["dev_r1_at_0.5"], -k))
        p = chosen[premises]
        base = {"shift": 0.0, "lo": 1.0, "cap": 0.6, "intercept": 0.0, "w_score": 0.0, "w_cover": 0.0}
        record["test_chosen"] = {"premises": premises, **p}
        shift_only = record[f"premises_{premises}"]["dev_shipped"]["shift_only"]
        runs: list[tuple[str, dict[str, Any]]] = [("shipped", base), ("judged", p)]
        if shift_only is not None:
            runs.append(("shift_only", {**base, "shift": shift_only["shift"]}))
        for name, pp in runs:
            fig = test_figures(items[premises], pp)
            record[f"test_{name}"] = fig
            print(name, json.dumps(fig), flush=True)
    if out is not None:
        out.write_text(json.dumps(record, indent=1))
    return 0


def losses(dump: Path, out: Path | None) -> int:
    """Where the test half's rewrites are lost at the report threshold, per query type: the correct
    article not among the hits at all, retrieved below rank 1, first but unverified, first but
    scored under 0.5 (in [0.2, 0.5), the judge's band, or under 0.2), or kept (first, >= 0.5);
    and the query lengths of the lost ones beside the kept ones (the shipped score)."""
    from unspun.index.verify import calibrated_score, sentence_set
    from unspun.text import split_units

    b = R.load()
    u = json.loads(dump.read_text())["unspun"]
    table: dict[str, dict[str, int]] = {}
    sentences: dict[str, dict[str, list[int]]] = {}
    for q in b.queries:
        if R.is_dev(q):
            continue
        o = R.search_order(u["hits"][q["qid"]])
        rank = next((i + 1 for i, h in enumerate(o) if h["pos"]), None)
        if rank is None:
            why = "not retrieved"
        elif rank > 1:
            why = "retrieved, not first"
        elif not o[0]["verified"]:
            why = "first, unverified"
        else:
            s = calibrated_score(o[0]["features"])
            why = "kept (>= 0.5)" if s >= 0.5 else "first, 0.2-0.5" if s >= 0.2 else "first, < 0.2"
        for name in (q["type"], "LLMFake all" if q["set"] == "llmfake" else "MixSet all"):
            row = table.setdefault(name, {"n": 0})
            row["n"] += 1
            row[why] = row.get(why, 0) + 1
        if q["type"] == "LLMFake open_ended_generation":
            n_sent = len(sentence_set(split_units(q["text"])).texts)
            sentences.setdefault(why, {"n_sentences": []})["n_sentences"].append(n_sent)
    cols = [
        "not retrieved",
        "retrieved, not first",
        "first, unverified",
        "first, < 0.2",
        "first, 0.2-0.5",
        "kept (>= 0.5)",
    ]
    print("| query type (test half) | n | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for name in sorted(table):
        row = table[name]
        print(f"| {name} | {row['n']} | " + " | ".join(str(row.get(c, 0)) for c in cols) + " |")
    lengths = {
        why: {
            "n": len(v["n_sentences"]),
            "sentences_p25_p50_p75": [float(np.percentile(v["n_sentences"], x)) for x in (25, 50, 75)],
        }
        for why, v in sentences.items()
    }
    print("open-ended, suspect sentences by outcome:", json.dumps(lengths))
    if out is not None:
        out.write_text(
            json.dumps({"command": " ".join(sys.argv), "table": table, "open_ended": lengths}, indent=1)
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s1 = sub.add_parser("devneg")
    s1.add_argument("--index", type=Path, required=True, help="the dump's index (DIR/idx)")
    s1.add_argument("--out", type=Path, required=True, help="JSON lines, resumed if it exists")
    s1.add_argument("--n", type=int, default=4400)
    s1.add_argument("--seed", type=int, default=DEVNEG_SEED)
    s2 = sub.add_parser("band")
    s2.add_argument("--dump", type=Path, required=True)
    s2.add_argument("--devneg", type=Path, required=True)
    s2.add_argument("--out", type=Path, required=True, help="pickle, resumed if it exists")
    s2.add_argument("--lo", type=float, default=0.05)
    s2.add_argument("--hi", type=float, default=0.65, help="0.65: a logit shift up to 0.6 stays covered")
    s2.add_argument("--seed-covers", type=Path, default=None, help="session 7's band pickle (1 premise)")
    s2.add_argument("--premises", type=int, choices=(1, 2), default=PREMISES, help="columns to fill")
    s2.add_argument("--dev-only", action="store_true", help="only the dev items (the choice reads no other)")
    s3 = sub.add_parser("fit")
    s3.add_argument("--dump", type=Path, required=True)
    s3.add_argument("--devneg", type=Path, required=True)
    s3.add_argument("--covers", type=Path, required=True)
    s3.add_argument("--out", type=Path, default=None)
    s3.add_argument("--test", action="store_true", help="the chosen parameters on the test half (once)")
    s3.add_argument("--n-extra", type=int, default=None, help="use only the first N extra dev queries")
    s3.add_argument(
        "--shifts",
        type=float,
        nargs="+",
        default=None,
        help="logit shifts of the lexical score to try (a shift lowers every hit's score, judged or not)",
    )
    s4 = sub.add_parser("losses")
    s4.add_argument("--dump", type=Path, required=True)
    s4.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.cmd == "losses":
        return losses(args.dump, args.out)
    if args.cmd == "band":
        return band_covers(
            args.dump, args.devneg, args.out, args.lo, args.hi, args.seed_covers, args.premises, args.dev_only
        )
    if args.cmd == "fit":
        if args.shifts is not None:
            GRID["shift"] = tuple(args.shifts)
        return fit(args.dump, args.devneg, args.covers, args.out, args.test, args.n_extra)
    if args.cmd == "devneg":
        return search_devneg(args.index, args.out, args.n, args.seed)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
