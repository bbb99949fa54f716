"""Source search internals: SQL candidate generation, content bigrams, margins and the score."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import pytest

from unspun.config import IndexSettings
from unspun.index import Record, open_index, prepare, search
from unspun.index.search import (
    _kth_best,
    candidates,
    content_bigrams,
    postings_limits,
    rank_key,
)
from unspun.index.terms import signature, term_hash, top_terms, weigher
from unspun.index.verify import FEATURES, calibrated_score

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "toretsk"

TOPICS = [
    "The harbour of Valparaiso closed after a storm sank three fishing boats near the breakwater.",
    "Wildfires in the Algarve forced the evacuation of tourists from Lagos beaches on Friday.",
    "The central bank of Norway raised its policy rate to 4.5 percent citing stubborn inflation.",
    "Glaciologists measured record melt on the Rhone glacier during the August heatwave.",
    "A tribunal in The Hague heard evidence about shelling of the Donetsk region in 2022.",
    "Copper prices jumped after strikes closed the Escondida mine in northern Chile.",
]


def _docs() -> list[Record]:
    docs = [Record(f"t{i}", t + " " + TOPICS[(i + 1) % len(TOPICS)]) for i, t in enumerate(TOPICS)]
    for name in ("source.md", "rewrite.txt"):
        path = EXAMPLE / name
        if path.exists():
            docs.append(Record(name, path.read_text(encoding="utf-8")))
    return docs


def test_candidates_match_a_brute_force_accumulation(tmp_path: Path) -> None:
    docs = _docs()
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(docs)
        query = prepare(TOPICS[2] + " " + TOPICS[3])
        got = candidates(idx, query, n=50)
        stored = [idx.get(r.id) for r in docs]
        docno = {d.id: d.docno for d in stored if d is not None}
        terms = idx.stats()["terms_per_doc"]
    postings: dict[int, set[int]] = defaultdict(set)
    for r in docs:
        for h in signature(r.text, terms):
            postings[h].add(docno[r.id])
    acc: dict[int, float] = defaultdict(float)
    for tok, qw in top_terms(query.counts, IndexSettings().max_query_terms, weigher()):
        df = len(postings.get(term_hash(tok), ()))
        if 0 < df <= postings_limits(len(docs))[0]:
            for d in postings[term_hash(tok)]:
                acc[d] += qw * math.log(1.0 + len(docs) / df)
    want = sorted(acc.items(), key=lambda x: (-x[1], x[0]))
    assert [d for d, _ in got] == [d for d, _ in want]
    assert all(g == pytest.approx(w) for (_, g), (_, w) in zip(got, want, strict=True))


def test_content_bigrams_keep_rare_pairs_only() -> None:
    pairs = content_bigrams(["the", "central", "bank", "of", "valparaiso", "raised", "the", "rate"])
    assert ("central", "bank") in pairs
    assert ("of", "valparaiso") in pairs  # the rare name alone carries the pair over the threshold
    assert ("of", "the") not in pairs
    assert ("raised", "the") not in pairs


def test_kth_best_leaves_out_the_candidate_itself() -> None:
    values = [0.9, 0.5, 0.4, 0.3, 0.1]
    assert _kth_best(values, 0, 1) == 0.5
    assert _kth_best(values, 1, 1) == 0.9
    assert _kth_best(values, 0, 3) == 0.3
    assert _kth_best(values, 0, 9) == 0.0


def test_score_falls_as_the_background_comes_closer() -> None:
    base = {"cos": 0.6, "mean_best": 0.5, "facts": 0.7, "coverage": 0.5, "bigrams": 0.3}
    lone = calibrated_score({**base, "cos_background": 0.15})
    crowded = calibrated_score({**base, "cos_background": 0.58})
    assert 0.0 <= crowded < lone <= 1.0


def test_hits_carry_their_features_and_are_ordered_by_rank_key(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add(_docs())
        hits = search(idx, TOPICS[4] + " The hearing continues.", k=5)
    verified = [h for h in hits if h.verification is not None]
    assert verified
    features = [h.features for h in verified if h.features is not None]
    assert len(features) == len(verified)
    assert set(features[0].to_dict()) == set(FEATURES)
    keys = [rank_key(h.features, h.cosine) for h in verified]
    assert keys == sorted(keys, reverse=True)
    assert [h.score for h in verified] == [calibrated_score(f.to_dict()) for f in features]
    assert all(0.0 <= f.cos_background <= 1.0 for f in features)
    assert [f.cos for f in features] == [h.cosine for h in verified]


def test_two_true_sources_are_not_each_others_background(tmp_path: Path) -> None:
    first, second = TOPICS[2], TOPICS[3]
    background = [Record(f"bg{i}", TOPICS[i]) for i in (0, 1, 4, 5)]
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add([Record("first", first), Record("second", second), *background])
        hits = search(idx, first + " " + second, k=8)
    by_id = {h.id: h for h in hits}
    a, b = by_id["first"], by_id["second"]
    # Each source's background is a background article, not the other source.
    assert a.features is not None
    assert b.features is not None
    assert a.features.cos_background < b.cosine
    assert b.features.cos_background < a.cosine


def test_postings_limits_shrink_on_large_archives_only() -> None:
    assert postings_limits(1_000) == postings_limits(200_000)
    cap_1m, budget_1m = postings_limits(1_000_000)
    cap_small, budget_small = postings_limits(50_000)
    assert cap_1m < cap_small
    assert budget_1m < budget_small
    assert postings_limits(100_000_000) == postings_limits(10_000_000)  # floors
