"""Compare time against input size: the measurement behind ``ingest.max_chars`` (issue 13, item 7).

Rewrites and originals of LLMFake (PolitiFact, ChatGPT ``rewrite_generation``; ../shared/data,
never copied) are concatenated, in the same order on both sides, up to N characters each, so
that every rewrite paragraph has its source and alignment does its full work. For each size the
script reports the CPU seconds of ingesting both texts and of the compare itself (facts,
alignment, audit), and the sentence counts::

    python -m benchmarks.speed.bench_compare_size 20000x20000 50000x50000 10000x200000

``RxS`` is the rewrite's and the source's size in characters. CPU time, not wall time: on a shared
machine the wall time depends on the neighbours.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "llmfake" / "llmfake_chatgpt_rewrites.jsonl"


def _pairs() -> list[tuple[str, str]]:
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rewrite = record["rewrites"].get("rewrite_generation")
        if rewrite and record["dataset"] == "politifact":
            out.append((rewrite, record["news_text"]))
    return out


def _take(pairs: list[tuple[str, str]], n: int, side: int) -> str:
    parts: list[str] = []
    total = 0
    for pair in pairs:
        if total >= n:
            break
        parts.append(pair[side])
        total += len(pair[side]) + 2
    return "\n\n".join(parts)[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="+", help="RxS: rewrite and source sizes in characters")
    args = parser.parse_args(argv)
    if not DATA.is_file():
        print(f"LLMFake data not found at {DATA}", file=sys.stderr)
        return 2
    from unspun.config import IngestSettings, Settings
    from unspun.ingest import article_from_text
    from unspun.pipeline import compare_articles

    unlimited = Settings(ingest=IngestSettings(max_bytes=10**9, max_chars=0))  # 0: no max_chars
    pairs = _pairs()
    warm = article_from_text(_take(pairs, 3000, 0), doc_id="r")
    compare_articles(warm, [article_from_text(_take(pairs, 3000, 1), doc_id="s")], settings=unlimited)
    print("rewrite chars  source chars  ingest CPU s  compare CPU s  sentences (rewrite x source)")
    for spec in args.sizes:
        r_size, s_size = (int(x) for x in spec.lower().split("x"))
        rewrite, source = _take(pairs, r_size, 0), _take(pairs, s_size, 1)
        start = time.process_time()
        r_art = article_from_text(rewrite, doc_id="r", settings=unlimited)
        s_art = article_from_text(source, doc_id="s", settings=unlimited)
        read = time.process_time()
        report = compare_articles(r_art, [s_art], settings=unlimited)
        done = time.process_time()
        m = report.metrics
        print(
            f"{len(rewrite):>13,} {len(source):>13,} {read - start:>13.1f} {done - read:>14.1f}  "
            f"{m.rewrite_sentences} x {m.source_sentences}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
