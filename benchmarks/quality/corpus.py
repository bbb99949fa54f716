"""The retrieval corpus of BASELINES.md and the derived-or-not hard negatives drawn from it.

Corpus (49,554 documents): the 1,540 LLMFake originals, the 300 MixSet originals and the
47,714 distractors. A query's acceptable answers are its original, the distractors the
overlap TSV lists as its copies, and every document whose normalised text (lower-cased
``\\w+`` tokens) equals the original's. The hard negative of a query is the top-scoring
document under corpus-fitted TF-IDF cosine that is not acceptable.

Finding the hard negatives needs the whole corpus (about 2-3 minutes on 2 cores), so the
result is pinned in ``hard_negatives.json`` (ids only, with the data hashes) and the quick
run reads it; ``python -m benchmarks.quality.corpus`` rewrites it.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.quality.baselines import TfidfCosine
from benchmarks.quality.data import (
    LLMFAKE_FILE,
    OVERLAP_FILE,
    LlmFakeRecord,
    MixsetRecord,
    RewriteQuery,
    distractor_files,
    file_hashes,
    iter_distractors,
    load_llmfake,
    load_mixset,
    load_overlap,
    mixset_files,
    rewrite_queries,
    word_tokens,
)

logger = logging.getLogger(__name__)

HARD_NEGATIVES_FILE = Path(__file__).with_name("hard_negatives.json")


@dataclass(frozen=True)
class RetrievalCorpus:
    ids: list[str]
    texts: list[str]
    acceptable: dict[str, set[int]]  # source doc id -> indices of acceptable documents


def corpus_files() -> list[str]:
    """Relative paths of every data file the corpus reads."""
    return [LLMFAKE_FILE, OVERLAP_FILE, *mixset_files(), *distractor_files()]


def build_corpus(
    llmfake: Sequence[LlmFakeRecord], mixset: Sequence[MixsetRecord], *, with_distractors: bool = True
) -> RetrievalCorpus:
    """Build the corpus and the acceptable answers of every original that has rewrites."""
    ids = [r.doc_id for r in llmfake] + [m.doc_id for m in mixset]
    texts = [r.text for r in llmfake] + [m.text for m in mixset]
    if with_distractors:
        for did, text in iter_distractors():
            ids.append(did)
            texts.append(text)
    index_of = {d: i for i, d in enumerate(ids)}
    by_norm: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        by_norm[" ".join(word_tokens(text))].append(i)
    overlap = load_overlap(list(llmfake))
    acceptable: dict[str, set[int]] = {}
    for doc_id, text in [(r.doc_id, r.text) for r in llmfake if r.rewrites] + [
        (m.doc_id, m.text) for m in mixset
    ]:
        ok = {index_of[doc_id], *by_norm[" ".join(word_tokens(text))]}
        ok.update(index_of[d] for d in overlap.get(doc_id, ()) if d in index_of)
        acceptable[doc_id] = ok
    return RetrievalCorpus(ids, texts, acceptable)


def find_hard_negatives(
    corpus: RetrievalCorpus,
    queries: Sequence[RewriteQuery],
    *,
    tfidf: TfidfCosine | None = None,
    chunk: int = 256,
) -> dict[str, dict[str, Any]]:
    """Return ``{qid: {"negative": doc id, "rank": TF-IDF rank of the original}}``.

    Rank = 1 + number of wrong documents scoring at least as high as the best acceptable one.
    """
    t0 = time.perf_counter()
    if tfidf is None:
        tfidf = TfidfCosine.fit(corpus.texts)
    docs = tfidf.vectorizer.transform(corpus.texts).T.tocsr()
    logger.info("TF-IDF fitted on %d docs in %.0f s", len(corpus.ids), time.perf_counter() - t0)
    out: dict[str, dict[str, Any]] = {}
    for lo in range(0, len(queries), chunk):
        batch = queries[lo : lo + chunk]
        scores = (tfidf.vectorizer.transform([q.text for q in batch]) @ docs).toarray()
        for row, q in zip(scores, batch, strict=True):
            ok = sorted(corpus.acceptable[q.source_id])
            best_ok = float(row[ok].max())
            wrong = row.copy()
            wrong[ok] = -np.inf
            neg = int(np.argmax(wrong))
            rank = 1 + int(np.sum(wrong >= best_ok))
            out[q.qid] = {"negative": corpus.ids[neg], "rank": rank}
    logger.info("hard negatives for %d queries in %.0f s", len(queries), time.perf_counter() - t0)
    return out


def load_hard_negatives() -> dict[str, Any] | None:
    """Return the pinned hard negatives file, or None if absent."""
    if not HARD_NEGATIVES_FILE.is_file():
        return None
    data: dict[str, Any] = json.loads(HARD_NEGATIVES_FILE.read_text(encoding="utf-8"))
    return data


def write_hard_negatives(path: Path = HARD_NEGATIVES_FILE) -> dict[str, Any]:
    """Recompute the hard negatives over the whole corpus and pin them in ``path``."""
    llmfake = load_llmfake()
    mixset = load_mixset()
    corpus = build_corpus(llmfake, mixset)
    queries = rewrite_queries(llmfake, mixset)
    negatives = find_hard_negatives(corpus, queries)
    data = {
        "definition": (
            "top-scoring non-acceptable document under TfidfVectorizer(ngram_range=(1,2), "
            "sublinear_tf=True, min_df=2) cosine fitted on the 49,554-document corpus of BASELINES.md; "
            "rank = TF-IDF rank of the original (ties count against)"
        ),
        "corpus_size": len(corpus.ids),
        "data_hashes": file_hashes(corpus_files()),
        "negatives": negatives,
    }
    path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite ``hard_negatives.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=HARD_NEGATIVES_FILE)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    data = write_hard_negatives(args.out)
    ranks = [v["rank"] for v in data["negatives"].values()]
    r1 = sum(r == 1 for r in ranks) / len(ranks)
    print(f"wrote {args.out}: {len(ranks)} queries, TF-IDF recall@1 {r1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
