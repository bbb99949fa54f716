"""The article-level rules on real text: ``truncated``, ``unsupported_claim``, ``credit_dropped``.

``python -m benchmarks.quality.article_rules [--split dev|test] [--articles N] [--out FILE]``

Issue 10 asks every rule to state its precision on real text, measured. The sentence-level rules
have the planted-changes benchmark (:mod:`benchmarks.quality.planted`); these three look at a
whole article, so this benchmark plants whole-article changes. Items are built by script from
``../shared/data/distractors`` on every run (never copied into the repository):
``--articles`` articles drawn with ``random.Random(SEED)`` from the distractors that are neither in
the overlap file, nor among the retrieval benchmark's 500 held-out queries, nor among the planted
benchmark's articles; each split by sha1 of its id (even = dev, odd = test, as ``planted``).

For each article (the source, as unspun reads it) the rewrite is its first ``KEEP`` body
sentences, a real prefix (byline and lead included), in four forms:

* ``copy``: the prefix as it is (the twin): no ``truncated``, no ``unsupported_claim``, no
  ``credit_dropped`` for a credit inside the prefix should be reported;
* ``cut``: the prefix stopped after a seeded word in the middle of its last sentence: ``truncated``;
* ``inserted``: one body sentence of another drawn article put after the prefix's third
  sentence: ``unsupported_claim`` (or ``attribution_added``, which the coverage rule gives instead
  when the sentence cites a party) over the inserted sentence;
* ``uncredited``: the prefix with each credit unspun reads in it removed (a short line holding a
  credit is removed whole, else the credit's words): ``credit_dropped`` naming each.

Precision per type is over every finding of that type on all four forms: a finding is right
when it is the planted change (``truncated`` on ``cut``, ``unsupported_claim``/``attribution_added``
over the inserted sentence, ``credit_dropped`` of a removed credit), wrong when it stands on the
copy or elsewhere. It says nothing of credits unspun does not read; ``--show-credits N`` prints
N seeded credits as read, to judge by hand (the figures in BENCHMARKS.md say how many were).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.quality import data as ds
from benchmarks.quality.planted import DISTRACTOR_ARTICLES, PLANT_SEED, _distractor_pool, split_of
from benchmarks.quality.retrieval import draw_heldout
from benchmarks.quality.scorers import Audit, UnspunAuditor

logger = logging.getLogger(__name__)

SEED = 12
KEEP = 8  # body sentences of the prefix
INSERT_AFTER = 3  # the inserted sentence follows this many body sentences
SHORT_LINE = 80  # a credit's line this short is a byline: removed whole
FORMS = ("copy", "cut", "inserted", "uncredited")
INSERT_TYPES = frozenset({"unsupported_claim", "attribution_added"})


@dataclass(frozen=True, slots=True)
class Item:
    """One rewrite built from an article, with what was planted in it."""

    article: str
    form: str
    rewrite: str
    span: tuple[int, int] | None = None  # the inserted sentence
    removed: tuple[str, ...] = ()  # credits taken out
    kept: tuple[str, ...] = ()  # credits inside the prefix (a copy must not drop them)


@dataclass(slots=True)
class Tally:
    right: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    caught: Counter[str] = field(default_factory=Counter)
    planted: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)


def draw(n: int) -> list[str]:
    """``n`` distractor ids, apart from the retrieval held-out queries and the planted articles."""
    pool = _distractor_pool()
    held = set(draw_heldout(pool))
    rest = [d for d in pool if d not in held]
    planted = set(random.Random(PLANT_SEED).sample(rest, DISTRACTOR_ARTICLES["full"]))
    return random.Random(SEED).sample([d for d in rest if d not in planted], n)


def _without_credits(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each credit removed: its whole line when that line is short, else its words."""
    cuts: list[tuple[int, int]] = []
    for s, e in spans:
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        le = len(text) if le < 0 else le
        cuts.append((ls, min(le + 1, len(text))) if le - ls <= SHORT_LINE else (s, e))
    out, pos = [], 0
    for s, e in sorted(cuts):
        if s < pos:
            s = pos
        out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return "".join(out).replace("()", "").replace("  ", " ")


def build(ids: Sequence[str]) -> tuple[dict[str, str], list[Item]]:
    """Return the sources (id -> text as unspun reads it) and every item, in a fixed order."""
    from unspun.ingest import article_from_text

    arts = []
    for did, text in sorted(ds.iter_distractors(only=set(ids))):
        try:
            art = article_from_text(text, doc_id=did, fmt="text")
        except Exception as exc:  # an unreadable record is skipped, not fatal
            logger.warning("skipping %s: %s", did, exc)
            continue
        if len(art.body) > KEEP:
            arts.append(art)
    rng = random.Random(SEED)
    sources: dict[str, str] = {}
    items: list[Item] = []
    for k, art in enumerate(arts):
        body = art.body
        end = body[KEEP - 1].span.end
        prefix = art.text[:end]
        sources[art.doc_id] = art.text
        inside = [c for c in art.credits if c.span is not None and c.span.end <= end]
        kept = tuple(c.value for c in inside)
        items.append(Item(art.doc_id, "copy", prefix, kept=kept))
        last = body[KEEP - 1]
        words = last.text.split()
        if len(words) >= 8:
            j = rng.randint(max(4, int(len(words) * 0.4)), int(len(words) * 0.8))
            stop = last.span.start + len(" ".join(words[:j]))
            items.append(Item(art.doc_id, "cut", art.text[:stop].rstrip(" ,;:-–—")))
        other = arts[(k + 1) % len(arts)].body
        fit = [s.text for s in other if 60 <= len(s.text) <= 250 and s.text.rstrip()[-1:] in ".!?"]
        if fit:
            foreign = rng.choice(fit)
            at = body[INSERT_AFTER - 1].span.end
            s = at + 1
            items.append(
                Item(
                    art.doc_id,
                    "inserted",
                    prefix[:at] + " " + foreign + prefix[at:],
                    span=(s, s + len(foreign)),
                )
            )
        if inside:
            spans = [(c.span.start, c.span.end) for c in inside if c.span is not None]
            items.append(
                Item(art.doc_id, "uncredited", _without_credits(prefix, spans), removed=kept, kept=kept)
            )
    return sources, items


def _credit_named(detail: str, values: Sequence[str]) -> bool:
    return any(v in detail for v in values)


def score(item: Item, audit: Audit, tally: Tally) -> None:
    """Count the item's planted change as caught or not and each finding as right or wrong."""
    if item.form == "cut":
        tally.planted["truncated"] += 1
    elif item.form == "inserted":
        tally.planted["unsupported_claim"] += 1
    elif item.form == "uncredited":
        tally.planted["credit_dropped"] += len(item.removed)
    hit_insert = False
    named: set[str] = set()
    for f in audit.findings:
        if f.type == "truncated":
            good = item.form == "cut"
            tally.caught["truncated"] += good
        elif f.type in INSERT_TYPES:
            good = (
                item.form == "inserted"
                and item.span is not None
                and f.start < item.span[1]
                and f.end > item.span[0]
            )
            hit_insert |= good
        elif f.type == "credit_dropped":
            in_prefix = _credit_named(f.detail, item.kept)
            good = item.form == "uncredited" and _credit_named(f.detail, item.removed)
            if not good and not in_prefix:
                continue  # a credit outside the prefix: the prefix did drop it
            named |= {v for v in item.removed if good and _credit_named(f.detail, [v])}
        else:
            continue
        (tally.right if good else tally.wrong)[f.type] += 1
        if not good and len(tally.examples) < 40:
            tally.examples.append({"article": item.article, "form": item.form, "finding": f.detail})
    tally.caught["unsupported_claim"] += hit_insert  # the inserted sentence, either type
    tally.caught["credit_dropped"] += len(named)


def run(split: str, n_articles: int) -> dict[str, Any]:
    ids = [d for d in draw(n_articles) if split_of(d) == split]
    t0 = time.perf_counter()
    sources, items = build(ids)
    auditor, why = UnspunAuditor.create()
    if auditor is None:
        raise SystemExit(why)
    tally = Tally()
    per_form: Counter[str] = Counter()
    for item in items:
        audit = auditor.audit(item.rewrite, [(item.article, sources[item.article])], rewrite_id=item.form)
        per_form[item.form] += 1
        score(item, audit, tally)
    types = ("truncated", "unsupported_claim", "attribution_added", "credit_dropped")
    return {
        "split": split,
        "articles": len(sources),
        "items": dict(per_form),
        "errors": auditor.errors,
        "seconds": round(time.perf_counter() - t0, 1),
        "recall": {t: _ratio(tally.caught[t], tally.planted[t]) for t in types if tally.planted[t]},
        "precision": {t: _ratio(tally.right[t], tally.right[t] + tally.wrong[t]) for t in types},
        "false_on_copy_or_elsewhere": {t: tally.wrong[t] for t in types},
        "wrong_examples": tally.examples,
    }


def _ratio(a: int, b: int) -> dict[str, Any]:
    return {"value": round(a / b, 3) if b else None, "n": b, "k": a}


def show_credits(n: int, n_articles: int, split: str) -> None:
    """Print ``n`` seeded credits unspun reads in ``split`` articles, with their line, to judge by hand."""
    from unspun.ingest import article_from_text

    ids = [d for d in draw(n_articles) if split_of(d) == split]
    found = []
    for did, text in sorted(ds.iter_distractors(only=set(ids))):
        art = article_from_text(text, doc_id=did, fmt="text")
        for c in art.credits:
            if c.span is not None:
                ls = art.text.rfind("\n", 0, c.span.start) + 1
                le = art.text.find("\n", c.span.end)
                found.append((did, c.kind.value, c.value, art.text[ls : le if le >= 0 else None][:160]))
    for did, kind, value, line in random.Random(SEED).sample(found, min(n, len(found))):
        print(json.dumps({"article": did, "kind": kind, "value": value, "line": line}, ensure_ascii=False))
    print(f"# {len(found)} credits in {len(ids)} {split} articles", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", choices=("dev", "test"), default="dev")
    p.add_argument("--articles", type=int, default=400, help="articles drawn (both splits; default 400)")
    p.add_argument("--out", default=None, help="JSON output")
    p.add_argument(
        "--show-credits", type=int, default=0, metavar="N", help="print N credits to judge, then stop"
    )
    a = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if a.show_credits:
        show_credits(a.show_credits, a.articles, a.split)
        return 0
    res = run(a.split, a.articles)
    text = json.dumps(res, indent=1, ensure_ascii=False)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    print(json.dumps({k: v for k, v in res.items() if k != "wrong_examples"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
