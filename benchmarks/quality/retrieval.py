"""Source-retrieval quality benchmark (issue 3): unspun's index beside TF-IDF and MinHashLSH.

Corpus: the LLMFake ``news_text`` (``llmfake-{dataset}-{news_id}``), the MixSet originals
(``mixset-{id}``) and every distractor article, minus the 500 held-out distractors used as
no-source queries (they are removed from the index, as BASELINES.md does with ``lsh.remove``;
TF-IDF is fitted on the whole corpus and the held-out articles are masked out of its ranking).
Queries: every LLMFake rewrite and MixSet revision (5,380), typed as in BASELINES.md.

Correct answers follow BASELINES.md: the original, the distractors that
``overlap_with_shared_eval_sets.tsv`` lists as its copies (LLMFake ``line<N>`` is 1-based,
MixSet ``/<N>/HWT_sentence`` is 0-based so the id is N+1), and any corpus document whose
lower-cased ``\\w+`` token sequence equals the original's.

False-source rate: 500 distractors drawn with ``random.Random(0)`` from those not in the overlap
file, used as queries; a top hit at or above the threshold is a false source, and "excl. near
copies" does not count a top hit sharing >= 0.5 of word 5-grams with the query in either direction.

Calibration split (``--fit``): queries whose original's id hashes even (xxh64) are dev, odd are
test; dev negatives are 600 other distractors (``random.Random(1)``), queried against the index
with themselves excluded. The fitted coefficients are printed, to be frozen in
``unspun/index/verify.py``; the report gives figures on all queries and on the test half.

Run (from the repo root)::

    .venv/bin/python benchmarks/quality/retrieval.py            # unspun + baselines, full
    .venv/bin/python benchmarks/quality/retrieval.py --no-baselines --fit
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import random
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "benchmarks" / "results"

_WORD = re.compile(r"\w+")


def norm_tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    toks = norm_tokens(text)
    if len(toks) < n:
        return {toks}
    return {toks[i : i + n] for i in range(len(toks) - n + 1)}


def containment(a: str, b: str) -> float:
    """Max over both directions of the share of one text's word 5-grams found in the other."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    inter = len(sa & sb)
    return max(inter / len(sa), inter / len(sb))


@dataclass
class Bench:
    corpus: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)
    queries: list[dict[str, Any]] = field(default_factory=list)
    heldout: list[str] = field(default_factory=list)
    devneg: list[str] = field(default_factory=list)


def _distractor_lines() -> Iterator[dict[str, Any]]:
    for f in sorted((DATA / "distractors").glob("*.jsonl*")):
        opener: Any = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def load() -> Bench:
    b = Bench()
    lf = [json.loads(x) for x in (DATA / "llmfake" / "llmfake_chatgpt_rewrites.jsonl").open(encoding="utf-8")]
    line_id: dict[int, str] = {}
    for n, r in enumerate(lf, 1):
        did = f"llmfake-{r['dataset']}-{r['news_id']}"
        b.corpus[did] = r["news_text"]
        line_id[n] = did
    hwt = json.loads((DATA / "mixset" / "selected_pure_data" / "HWT_original_data.json").read_text("utf-8"))
    for r in hwt:
        b.corpus[f"mixset-{r['id']}"] = r["HWT_sentence"]
    overlap: dict[str, set[str]] = defaultdict(set)
    overlap_ids: set[str] = set()
    for row in (DATA / "distractors" / "overlap_with_shared_eval_sets.tsv").read_text().splitlines()[1:]:
        did, efile, loc = row.split("\t")[:3]
        overlap_ids.add(did)
        if "llmfake" in efile:
            orig = line_id[int(loc.split("/")[0].removeprefix("line"))]
        else:
            orig = f"mixset-{int(loc.split('/')[1]) + 1}"
        overlap[orig].add(did)
    distractor_ids: list[str] = []
    for r in _distractor_lines():
        b.corpus[r["id"]] = r["text"]
        b.titles[r["id"]] = r.get("title")
        distractor_ids.append(r["id"])
    by_norm: dict[int, list[str]] = defaultdict(list)
    for did, text in b.corpus.items():
        by_norm[xxhash.xxh64_intdigest(" ".join(norm_tokens(text)).encode())].append(did)
    not_rw = json.loads((DATA / "llmfake" / "not_rewrites.json").read_text())["ids"]

    def answers(orig: str) -> set[str]:
        dup = by_norm[xxhash.xxh64_intdigest(" ".join(norm_tokens(b.corpus[orig])).encode())]
        return {orig, *overlap.get(orig, ()), *dup}

    for r in lf:
        orig = f"llmfake-{r['dataset']}-{r['news_id']}"
        for method, text in sorted(r["rewrites"].items()):
            qtype = method.replace("information_manipulation_", "im_")
            b.queries.append(
                {
                    "qid": f"{orig}::{method}",
                    "set": "llmfake",
                    "type": f"LLMFake {qtype}",
                    "text": text,
                    "orig": orig,
                    "answers": answers(orig),
                    "not_rewrite": f"{orig}::{method}" in not_rw,
                }
            )
    for f in sorted((DATA / "mixset" / "separated_files").glob("*.json")):
        model, op = f.stem.split("_", 1)
        model = "llama2" if model == "2llama" else model
        recs = json.loads(f.read_text("utf-8"))
        for r in recs:
            key = next(k for k in r if k.endswith("_output"))
            orig = f"mixset-{r['id']}"
            b.queries.append(
                {
                    "qid": f"{orig}::{model}_{op}",
                    "set": "mixset",
                    "type": f"MixSet {model}_{op}",
                    "text": r[key],
                    "orig": orig,
                    "answers": answers(orig),
                    "not_rewrite": False,
                }
            )
    pool = [d for d in distractor_ids if d not in overlap_ids]
    b.heldout = draw_heldout(pool)
    held = set(b.heldout)
    rest = [d for d in pool if d not in held]
    b.devneg = random.Random(1).sample(rest, 600)
    return b


HELDOUT_N = 500


def draw_heldout(pool: list[str]) -> list[str]:
    """The held-out no-source queries: ``random.Random(0)`` draws 500 of ``pool``.

    ``pool`` is every distractor id in file order (the files sorted by name), less the ids of
    the overlap file; other benchmarks call this to keep their samples apart from these.
    """
    return random.Random(0).sample(pool, HELDOUT_N)


def is_dev(q: dict[str, Any]) -> bool:
    return xxhash.xxh64_intdigest(q["orig"].encode()) % 2 == 0


# ---------------------------------------------------------------------------- methods


def run_unspun(
    b: Bench, *, fit: bool, limit: int | None, reuse: Path | None = None, settings: Any = None
) -> dict[str, Any]:
    """Search every query and no-source query; ``settings`` (an ``IndexSettings``) defaults to
    the defaults."""
    from unspun.config import IndexSettings

    settings = settings if settings is not None else IndexSettings()
    from unspun.index import Record, open_index, prepare, search

    verify_top = settings.verify_top

    held = set(b.heldout)
    if reuse is not None:  # query an index an earlier run of this script built (same corpus)
        tmp = reuse
        with open_index(tmp / "idx") as idx:
            out: dict[str, Any] = {"build_s": None, "index": idx.stats(), "reused_index": str(reuse)}
    else:
        tmp = Path(tempfile.mkdtemp(prefix="unspun-retrieval-"))
        recs = [Record(did, t, b.titles.get(did)) for did, t in b.corpus.items() if did not in held]
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        with open_index(tmp / "idx", mode="w") as idx:
            idx.add(recs)
            stats = idx.stats()
        build_s = time.perf_counter() - t0
        build_cpu = time.process_time() - cpu0
        print(f"  unspun index built: {len(recs)} docs in {build_s:.1f}s", file=sys.stderr, flush=True)
        out = {
            "build_s": build_s,
            "build_docs_per_s": len(recs) / build_s,
            "build_docs_per_cpu_s": len(recs) / build_cpu,
            "index": stats,
        }
    hits_by_q: dict[str, list[dict[str, Any]]] = {}
    lat: list[float] = []
    qs = b.queries if limit is None else b.queries[:: max(1, len(b.queries) // limit)]

    def row(h: Any, pos: bool, text: str | None) -> dict[str, Any]:
        v = h.verification
        return {
            "id": h.id,
            "pos": pos,
            "verified": v is not None,
            "cos": h.cosine,
            "features": h.features.to_dict() if h.features is not None else {},
            "share": v.share if v is not None else 0.0,
            # the band judge's cover share (index.judge), on a judged top hit only
            "cover": h.judge.cover_share if h.judge is not None else None,
            "near_copy": bool(text is not None and containment(text, h.doc.text) >= 0.5),
        }

    with open_index(tmp / "idx") as idx:
        for qi, q in enumerate(qs):
            if qi % 500 == 0:
                print(f"  unspun query {qi}/{len(qs)}", file=sys.stderr, flush=True)
            t = time.perf_counter()
            hits = search(idx, prepare(q["text"]), k=10, settings=settings)
            lat.append(time.perf_counter() - t)
            hits_by_q[q["qid"]] = [row(h, h.id in q["answers"], None) for h in hits]
        neg: dict[str, list[dict[str, Any]]] = {}
        for did in b.heldout + (b.devneg if fit else []):
            text = b.corpus[did]
            # k=verify_top: every verified candidate is dumped (the top one is the same for any k)
            hits = search(idx, prepare(text), k=verify_top, exclude={did}, settings=settings)
            neg[did] = [row(h, False, text) for h in hits]
    out["hits"] = hits_by_q
    out["neg"] = neg
    out["latency_ms_p50"] = float(np.median(lat) * 1000)
    out["latency_ms_p90"] = float(np.percentile(lat, 90) * 1000)
    apply_calibration(b, out, current_calibration(), settings)
    return out


def current_calibration() -> dict[str, Any]:
    from unspun.index import verify as v

    return {"coefficients": dict(v.COEFFICIENTS), "intercept": v.INTERCEPT}


def _score(h: dict[str, Any], c: dict[str, Any], settings: Any = None) -> float:
    """The hit's score under calibration ``c``; a hit the band judge saw gets the judged score
    (:func:`unspun.index.judge.judged_score` at the current settings)."""
    from unspun.index.judge import judged_score, lexical

    if not h["verified"]:
        return 0.0
    z = c["intercept"] + sum(w * h["features"].get(n, 0.0) for n, w in c["coefficients"].items())
    score = lexical(1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0, settings)
    return judged_score(score, h["cover"], settings) if h.get("cover") is not None else score


def search_order(hs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``hs`` (dumped hits of one query) in the order ``search`` returns them: verified first,
    then by :func:`unspun.index.search.rank_key`."""
    from unspun.index.search import rank_key
    from unspun.types import ScoreFeatures

    def key(h: dict[str, Any]) -> tuple[bool, float]:
        features = ScoreFeatures.from_dict(h["features"]) if h["features"] else None
        return not h["verified"], -rank_key(features, h["cos"])

    return sorted(hs, key=key)


def apply_calibration(b: Bench, u: dict[str, Any], c: dict[str, Any], settings: Any = None) -> None:
    """Rank each query's dumped hits as ``search`` does, score them with ``c``; fill ranks/fsr."""
    ranks: dict[str, dict[str, Any]] = {}
    for qid, hs in u["hits"].items():
        o = search_order(hs)
        rank = next((i + 1 for i, h in enumerate(o) if h["pos"]), None)
        ranks[qid] = {"rank": rank, "top_score": _score(o[0], c, settings) if o else 0.0}
    u["ranks"] = ranks
    fsr: dict[str, Any] = {}
    held = set(b.heldout)
    for did, hs in u["neg"].items():
        o = search_order(hs)
        top = o[0] if o else None
        entry = {
            "top": top["id"] if top else None,
            "score": _score(top, c, settings) if top else 0.0,
            "near_copy": bool(top and top["near_copy"]),
        }
        if did in held:
            fsr[did] = entry
    u["fsr"] = fsr


def run_tfidf(b: Bench, limit: int | None) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = list(b.corpus)
    held = {d: i for i, d in enumerate(ids) if d in set(b.heldout)}
    t0 = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32)
    m = vec.fit_transform([b.corpus[d] for d in ids])
    build_s = time.perf_counter() - t0
    mt = m.T.tocsr()
    mask = np.zeros(len(ids), dtype=bool)
    mask[list(held.values())] = True
    qs = b.queries if limit is None else b.queries[:: max(1, len(b.queries) // limit)]
    ranks: dict[str, dict[str, Any]] = {}
    idx_of = {d: i for i, d in enumerate(ids)}
    for s in range(0, len(qs), 256):
        chunk = qs[s : s + 256]
        sims = (vec.transform([q["text"] for q in chunk]) @ mt).toarray()
        sims[:, mask] = -1.0
        for q, row in zip(chunk, sims, strict=True):
            ans = [idx_of[a] for a in q["answers"] if a in idx_of]
            best = max(row[a] for a in ans)
            wrong = int((row >= best).sum()) - sum(1 for a in ans if row[a] >= best)
            ranks[q["qid"]] = {"rank": 1 + wrong, "top_score": float(row.max()), "best_ok": float(best)}
    fsr: dict[str, Any] = {}
    hq = vec.transform([b.corpus[d] for d in b.heldout])
    sims = (hq @ mt).toarray()
    sims[:, mask] = -1.0
    for d, row in zip(b.heldout, sims, strict=True):
        j = int(row.argmax())
        fsr[d] = {
            "top": ids[j],
            "score": float(row[j]),
            "near_copy": containment(b.corpus[d], b.corpus[ids[j]]) >= 0.5,
        }
    return {"build_s": build_s, "build_docs_per_s": len(ids) / build_s, "ranks": ranks, "fsr": fsr}


def run_minhash(b: Bench, limit: int | None) -> dict[str, Any]:
    from datasketch import MinHash, MinHashLSH

    def mh(text: str) -> MinHash:
        m = MinHash(num_perm=128)
        for sh in shingles(text, 5):
            m.update(" ".join(sh).encode("utf-8"))
        return m

    held = set(b.heldout)
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs: dict[str, MinHash] = {}
    for did, text in b.corpus.items():
        m = mh(text)
        sigs[did] = m
        lsh.insert(did, m)
    build_s = time.perf_counter() - t0
    build_cpu = time.process_time() - cpu0
    for d in held:
        lsh.remove(d)
    qs = b.queries if limit is None else b.queries[:: max(1, len(b.queries) // limit)]
    ranks: dict[str, dict[str, Any]] = {}
    for q in qs:
        m = mh(q["text"])
        cands = sorted(((m.jaccard(sigs[c]), c) for c in lsh.query(m)), reverse=True)
        ok = [s for s, c in cands if c in q["answers"]]
        if not ok:
            ranks[q["qid"]] = {"rank": None, "top_score": cands[0][0] if cands else 0.0}
            continue
        best = ok[0]
        wrong = sum(1 for s, c in cands if s >= best and c not in q["answers"])
        ranks[q["qid"]] = {"rank": 1 + wrong, "top_score": cands[0][0]}
    fsr: dict[str, Any] = {}
    for d in b.heldout:
        m = sigs[d]
        cands = sorted(((m.jaccard(sigs[c]), c) for c in lsh.query(m)), reverse=True)
        top = cands[0] if cands else (0.0, None)
        fsr[d] = {
            "top": top[1],
            "score": top[0],
            "near_copy": bool(top[1] and containment(b.corpus[d], b.corpus[top[1]]) >= 0.5),
        }
    return {
        "build_s": build_s,
        "build_docs_per_s": len(b.corpus) / build_s,
        "build_docs_per_cpu_s": len(b.corpus) / build_cpu,
        "ranks": ranks,
        "fsr": fsr,
    }


# ---------------------------------------------------------------------------- scoring


def summarise(b: Bench, res: dict[str, Any], *, threshold: float | None) -> dict[str, Any]:
    ranks = res["ranks"]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in b.queries:
        if q["qid"] not in ranks:
            continue
        groups[q["type"]].append(q)
        groups["LLMFake all" if q["set"] == "llmfake" else "MixSet all"].append(q)
        groups["overall"].append(q)
        if not q["not_rewrite"]:
            groups["overall (without non-rewrites)"].append(q)
        if not is_dev(q):
            groups["overall (test half)"].append(q)

    def rec(qs: list[dict[str, Any]], k: int) -> float:
        hits = sum(1 for q in qs if (r := ranks[q["qid"]]["rank"]) is not None and r <= k)
        return hits / max(len(qs), 1)

    def mrr(qs: list[dict[str, Any]]) -> float:
        total: float = sum(1.0 / r for q in qs if (r := ranks[q["qid"]]["rank"]) is not None)
        return total / max(len(qs), 1)

    table = {
        name: {"n": len(qs), "r1": rec(qs, 1), "r5": rec(qs, 5), "mrr": mrr(qs)}
        for name, qs in groups.items()
    }
    out: dict[str, Any] = {"table": table}
    fsr = res["fsr"]
    scores = sorted(v["score"] for v in fsr.values())

    def at(tau: float) -> dict[str, Any]:
        f = [v for v in fsr.values() if v["score"] >= tau]
        ok = [
            q
            for q in groups["overall"]
            if ranks[q["qid"]]["rank"] == 1 and ranks[q["qid"]]["top_score"] >= tau
        ]
        test = [q for q in groups["overall (test half)"] if ranks[q["qid"]]["rank"] == 1]
        return {
            "tau": tau,
            "r1_at_tau_test_half": sum(1 for q in test if ranks[q["qid"]]["top_score"] >= tau)
            / max(len(groups["overall (test half)"]), 1),
            "fsr": len(f) / len(fsr),
            "fsr_excl_near_copies": sum(1 for v in f if not v["near_copy"]) / len(fsr),
            "r1_at_tau": len(ok) / len(groups["overall"]),
            # per query type, test half only (the "every LLMFake type >= 0.90 at the threshold")
            "r1_at_tau_test_half_by_type": {
                name: sum(
                    1
                    for q in qs
                    if not is_dev(q) and ranks[q["qid"]]["rank"] == 1 and ranks[q["qid"]]["top_score"] >= tau
                )
                / max(sum(1 for q in qs if not is_dev(q)), 1)
                for name, qs in groups.items()
            },
        }

    if threshold is not None:
        out["at_min_score"] = at(threshold)
    # Threshold keeping FSR <= 1%: the lowest tau with at most 5 of 500 held-out top hits >= tau.
    tau1 = scores[-6] + 1e-9 if len(scores) > 5 else 0.0
    out["at_fsr_1pct"] = at(tau1)
    nc = sorted(v["score"] for v in fsr.values() if not v["near_copy"])
    tau1x = nc[-6] + 1e-9 if len(nc) > 5 else 0.0
    out["at_fsr_1pct_excl_near_copies"] = at(tau1x)
    return out


def fit_nonnegative_logistic(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, *, c: float = 10.0
) -> tuple[np.ndarray, float]:
    """Logistic regression whose coefficients are all >= 0 (the intercept is free).

    Minimises scikit-learn's objective for ``LogisticRegression(C=c)`` (``c`` times the weighted
    log-loss plus half the squared norm of the coefficients) under the bounds, with L-BFGS-B
    (scikit-learn has no bounded logistic regression). Every feature of the score is evidence
    *for* derivation, so a non-negative weight makes the score monotone in each of them.
    """
    from scipy.optimize import minimize
    from scipy.special import expit

    k = x.shape[1]

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        coef, b = theta[:k], theta[k]
        z = x @ coef + b
        loss = np.where(y > 0.5, np.logaddexp(0.0, -z), np.logaddexp(0.0, z))
        dz = weights * (expit(z) - y)
        value = c * float(weights @ loss) + 0.5 * float(coef @ coef)
        grad = np.r_[c * (x.T @ dz) + coef, c * dz.sum()]
        return value, grad

    bounds = [(0.0, None)] * k + [(None, None)]
    res = minimize(objective, np.zeros(k + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    if not res.success:
        raise RuntimeError(f"calibration fit did not converge: {res.message}")
    return res.x[:k], float(res.x[k])


def dev_fit(
    b: Bench,
    u: dict[str, Any],
    features: Sequence[str],
    against: Collection[str],
    weights: Mapping[str, float] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, float], float]:
    """The dev half's top-1 hits and the monotone score on ``features`` (see :func:`fit_calibration`).

    Returns the positives (correct top-1 hits of dev queries), the negatives (top-1 hits of the
    ``devneg`` no-source queries, near copies left out), the coefficients (fitted, or ``weights``
    as given) and the intercept that puts 0.5 where ``DEV_FSR`` of the negatives still reach it.
    """
    from unspun.index.verify import DEV_FSR, NEGATIVE_WEIGHT

    dev_q = {q["qid"] for q in b.queries if is_dev(q)}
    devneg = set(b.devneg)

    def top(hs: list[dict[str, Any]]) -> dict[str, Any] | None:
        hv = [h for h in hs if h["verified"]]
        # The top hit by cosine, as when the coefficients in verify.py were fitted; taking it by
        # rank_key (the order search uses) gives slightly different coefficients.
        return max(hv, key=lambda h: h["cos"]) if hv else None

    pos = [t for qid, hs in u["hits"].items() if qid in dev_q and (t := top(hs)) and t["pos"]]
    neg = [t for did, hs in u["neg"].items() if did in devneg and (t := top(hs)) and not t["near_copy"]]
    if weights is None:
        sign = np.array([-1.0 if f in against else 1.0 for f in features])
        x = np.array([[h["features"][f] for f in features] for h in pos + neg]) * sign
        y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
        w = np.r_[np.ones(len(pos)), np.full(len(neg), NEGATIVE_WEIGHT * len(pos) / max(len(neg), 1))]
        fitted, _ = fit_nonnegative_logistic(x, y, w)
        coef = dict(zip(features, (round(float(c), 2) for c in fitted * sign), strict=True))
    else:
        coef = {f: weights[f] for f in features}
    zneg = np.sort(np.array([sum(coef[f] * h["features"][f] for f in features) for h in neg]))
    cut = zneg[min(len(zneg) - 1, math.ceil(len(zneg) * (1.0 - DEV_FSR)))]
    return pos, neg, coef, round(-float(cut) - 1e-3, 2)


def fit_calibration(b: Bench, u: dict[str, Any]) -> dict[str, Any]:
    """Fit the score on the dev split; return coefficients and intercept (to freeze in verify.py).

    Logistic regression with sign constraints (:func:`fit_nonnegative_logistic` on the features,
    those in ``AGAINST`` negated, C=10) of the correct top-1 hits of dev queries (queries whose
    original's id hashes even) against the top-1 hits of the 600 ``devneg`` distractor queries that
    are not near copies, the negatives weighing ``NEGATIVE_WEIGHT`` times the positives in total;
    the intercept is then moved so that 0.5 is where ``DEV_FSR`` of those distractors still reach it.
    """
    from unspun.index.verify import AGAINST, FEATURES

    pos, neg, coef, intercept = dev_fit(b, u, FEATURES, AGAINST)
    devneg = set(b.devneg)
    zpos = np.array([sum(coef[f] * h["features"][f] for f in FEATURES) + intercept for h in pos])
    # the background of the dev no-source queries' top hits: index.missing_background is its 10th
    # percentile (what a tiny archive, which has no background of its own, is assumed to hold)
    background = [
        hs[0]["features"]["cos_background"]
        for did, hs in u["neg"].items()
        if did in devneg and hs and hs[0]["features"]
    ]
    return {
        "coefficients": coef,
        "intercept": intercept,
        "dev_positives": len(pos),
        "dev_negatives": len(neg),
        "dev_share_of_correct_top1_at_0.5": float((zpos >= 0).mean()),
        "dev_no_source_cos_background_p10": round(float(np.percentile(background, 10)), 3),
        "dev_no_source_cos_background_p50": round(float(np.percentile(background, 50)), 3),
    }


def fmt_table(names: list[str], results: dict[str, dict[str, Any]], metric: str) -> str:
    methods = list(results)
    lines = [f"| query type | n | {' | '.join(methods)} |", "|---|---|" + "---|" * len(methods)]
    for name in names:
        n = results[methods[0]]["summary"]["table"].get(name, {}).get("n", 0)
        cells = [
            f"{results[m]['summary']['table'].get(name, {}).get(metric, float('nan')):.3f}" for m in methods
        ]
        lines.append(f"| {name} | {n} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-baselines", action="store_true", help="run unspun only")
    ap.add_argument("--fit", action="store_true", help="dump features and fit the score calibration")
    ap.add_argument("--limit", type=int, default=None, help="evenly spaced subset of N queries (quick runs)")
    ap.add_argument("--out", type=Path, default=RESULTS / "retrieval.json")
    ap.add_argument(
        "--reuse-index", type=Path, default=None, help="query the index in DIR/idx instead of building"
    )
    ap.add_argument(
        "--baselines-from", type=Path, default=None, help="take TF-IDF/MinHash results from an earlier dump"
    )
    ap.add_argument(
        "--dump",
        type=Path,
        default=Path(tempfile.gettempdir()) / "unspun_retrieval_dump.json",
        help="raw per-query results (written after each method)",
    )
    ap.add_argument(
        "--from-dump",
        type=Path,
        default=None,
        help="re-score a dump with the coefficients now in unspun/index/verify.py instead of re-running",
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if not DATA.is_dir():
        print(f"no data at {DATA}", file=sys.stderr)
        return 2
    from unspun.config import IndexSettings

    t0 = time.perf_counter()
    b = load()
    print(
        f"corpus {len(b.corpus)} docs, {len(b.queries)} queries, loaded in {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    results: dict[str, dict[str, Any]]
    if args.from_dump:
        results = json.loads(args.from_dump.read_text())
        u = results["unspun"]
        apply_calibration(b, u, current_calibration())
    else:
        results = {}
        t = time.perf_counter()
        u = run_unspun(b, fit=args.fit, limit=args.limit, reuse=args.reuse_index)
        print(f"unspun: done in {time.perf_counter() - t:.1f}s", flush=True)
        results["unspun"] = u
        args.dump.write_text(json.dumps(results, default=str))
        if args.baselines_from:
            old = json.loads(args.baselines_from.read_text())
            results.update({k: v for k, v in old.items() if k != "unspun"})
            args.dump.write_text(json.dumps(results, default=str))
        elif not args.no_baselines:
            t = time.perf_counter()
            results["TF-IDF cos"] = run_tfidf(b, args.limit)
            print(f"tfidf: {time.perf_counter() - t:.1f}s", flush=True)
            args.dump.write_text(json.dumps(results, default=str))
            t = time.perf_counter()
            results["MinHashLSH 5-gram"] = run_minhash(b, args.limit)
            print(f"minhash: {time.perf_counter() - t:.1f}s", flush=True)
            args.dump.write_text(json.dumps(results, default=str))
    min_score = IndexSettings().min_score
    for name, r in results.items():
        r["summary"] = summarise(b, r, threshold=min_score if name == "unspun" else None)
    calib = fit_calibration(b, u) if args.fit and u["neg"].keys() & set(b.devneg) else None
    names = sorted({q["type"] for q in b.queries if q["set"] == "llmfake"})
    names += ["LLMFake all", *sorted({q["type"] for q in b.queries if q["set"] == "mixset"})]
    names += ["MixSet all", "overall", "overall (without non-rewrites)", "overall (test half)"]
    report = [
        "### recall@1",
        fmt_table(names, results, "r1"),
        "",
        "### recall@5",
        fmt_table(names, results, "r5"),
        "",
        "### MRR (top 10)",
        fmt_table(names, results, "mrr"),
        "",
        "### thresholds (500 held-out distractors as no-source queries)",
    ]
    for name, r in results.items():
        s = r["summary"]
        for key in ("at_min_score", "at_fsr_1pct", "at_fsr_1pct_excl_near_copies"):
            if key in s:
                v = s[key]
                report.append(
                    f"- {name} {key}: tau {v['tau']:.4f} -> FSR {v['fsr']:.3f} "
                    f"(excl. near copies {v['fsr_excl_near_copies']:.3f}), R@1 at tau {v['r1_at_tau']:.3f} "
                    f"(test half {v['r1_at_tau_test_half']:.3f})"
                )
    report.append("")
    report.append("### speed")
    for name, r in results.items():
        extra = f", {r['build_docs_per_cpu_s']:.0f} docs/CPU-s" if "build_docs_per_cpu_s" in r else ""
        if r.get("build_s"):
            report.append(f"- {name}: build {r['build_s']:.1f}s = {r['build_docs_per_s']:.0f} docs/s{extra}")
    report.append(f"- unspun single-query p50 {u['latency_ms_p50']:.1f} ms, p90 {u['latency_ms_p90']:.1f} ms")
    report.append(f"- unspun index: {json.dumps({k: v for k, v in u['index'].items() if k != 'tables'})}")
    if calib:
        report.append(f"- calibration fitted on dev: {json.dumps(calib)}")
    report.append(f"- peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    text = "\n".join(report)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    dump = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": " ".join(["benchmarks/quality/retrieval.py", *(argv or sys.argv[1:])]),
        "corpus_docs": len(b.corpus),
        "indexed_docs": len(b.corpus) - len(b.heldout),
        "queries": len(b.queries),
        "min_score": min_score,
        "calibration": calib,
        "methods": {
            name: {k: v for k, v in r.items() if k not in ("ranks", "fsr", "hits", "neg")}
            for name, r in results.items()
        },
        "table_md": text,
    }
    args.out.write_text(json.dumps(dump, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
