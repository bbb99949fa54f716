"""Planted changes (issue 10): one change of each kind planted into real sentences, and its twin.

``python -m benchmarks.quality.planted [--quick] [--split dev|test|both] [--out FILE]``

Base items, built by script from the shared data on every run (never copied into the repo):

* LLMFake: the PolitiFact paraphrase and rewrite outputs of the LLMFake task's *train* half
  (:func:`benchmarks.quality.tasks.llmfake_items`, ``split_keys``, seed 0; non-rewrites left
  out), aligned to their original by unspun (:func:`unspun.align.align`). Each rewrite sentence
  whose best link has similarity >= ``MIN_LINK`` is a base item: the rewrite is that sentence,
  the source the linked source sentences with two body sentences either side (a sentence or
  source that unspun, read alone, takes for a title or a byline is left out).
* Distractors: ``DISTRACTOR_ARTICLES`` articles drawn with ``random.Random(PLANT_SEED)`` from
  the distractors that are neither in the overlap file nor among the retrieval benchmark's 500
  held-out queries (:func:`benchmarks.quality.retrieval.draw_heldout`); up to three body
  sentences of each (seeded), each with two sentences either side as its source. The rewrite
  is the sentence itself.

Each base item gets one planted change of each kind it offers (:mod:`benchmarks.quality.planting`)
and its unplanted twin (the rewrite as it is). unspun compares each with the source. A planted
item is *caught* when a finding of the kind's type (``planting.EXPECTED``) stands in the rewrite,
over the new value for a changed value (``POINTED``); a twin is *falsely flagged* when it gets any content
finding. Base items are split by hash of their article's id (sha1, even = dev, odd = test; an
LLMFake item by its original's id, so no source window is shared by the halves): rules are tuned
on dev, figures reported on test. A base item's id is its article and a hash of its sentence's
normalised text (:func:`text_key`), and every seeded draw (a distractor's sentences, the sample
per kind, the names put in) ranks by such keys: a sentence that the splitter cuts the same way
keeps its id, half, plants and place in the sample when another sentence is cut differently
(until session 10 ids held the sentence's index, and any splitter change redrew every sample).
``--quick`` (the gate) takes fewer source articles and at most ``QUICK_PER_KIND`` items per
kind, from the test half.

For choices on more dev items than the default draw gives a rare kind (33 speaker items),
``--extra-dev N`` adds N distractor articles drawn with ``EXTRA_DEV_SEED`` from the same pool
less the default sample and the held-out queries; of each, up to ``PER_ARTICLE`` sentences
that hold a quotation mark or a speech verb, and only articles of the dev half (origin
``extra-dev``, left out of the names pool, so the default bases get the same plants with or
without it; ``PER_KIND_CAP`` still applies, so a kind with more dev items than that is sampled
anew). ``--kinds a,b`` plants only those kinds. The default run (neither option) is unchanged.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.quality import data as ds
from benchmarks.quality import twins as judged_twins
from benchmarks.quality.planting import EXPECTED, PLANTERS, Kind, Plant, Pools, entities_of
from benchmarks.quality.retrieval import draw_heldout
from benchmarks.quality.scorers import CONTENT_TYPES, Audit, FoundSpan, UnspunAuditor
from benchmarks.quality.tasks import FAITHFUL, SEED, Context, Figure, TaskOutput, llmfake_items, split_keys

logger = logging.getLogger(__name__)

TASK = "6 planted"
PLANT_SEED = 10
MIN_LINK = 0.45
WINDOW = 2  # source sentences either side of the aligned ones
DISTRACTOR_ARTICLES = {"full": 600, "quick": 60}
LLMFAKE_PAIRS = {"full": None, "quick": 50}
PER_ARTICLE = 3
PER_KIND_CAP = 150  # per kind and split in the full run
QUICK_PER_KIND = 12
EXTRA_ORIGIN = "extra-dev"  # their origin: not in the default run's names pool nor per-origin twin figures
EXTRA_DEV_SEED = 11  # ``--extra-dev``: more dev-only distractor articles, for choices on more items
_EXTRA_DEV_TEXT = re.compile(r"[\"“”]|\b(?:said|says|told|according to|added|wrote|stated)\b")
#: Findings that say something about the rewrite's own content (a false one on a twin is a false alarm).
FLAG_TYPES = frozenset({*CONTENT_TYPES, "unsupported_fact", "meaning_reversed"})


def split_of(ident: str) -> str:
    """The half an article id falls in: sha1 even = dev, odd = test."""
    return "dev" if int(hashlib.sha1(ident.encode()).hexdigest(), 16) % 2 == 0 else "test"


def text_key(text: str) -> str:
    """A sentence's key: sha1 of its normalised text (NFKC, casefolded, spaces collapsed), 12 hex.

    Base items are keyed by article and this, not by sentence index, so that a sentence the
    splitter cuts the same way keeps its id (its half, its plants, its place in the sample) when
    some other sentence of the article is cut differently.
    """
    norm = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha1(norm.encode()).hexdigest()[:12]


def rank(seed: object, key: str) -> bytes:
    """A seeded draw's order over keys: sorting by this takes the same keys whatever else is in the pool."""
    return hashlib.sha1(f"{seed}:{key}".encode()).digest()


@dataclass(frozen=True, slots=True)
class Base:
    """One real sentence (the rewrite) with the source text it restates."""

    id: str  # "<article>::<text_key of the rewrite>"
    origin: str  # "llmfake" | "distractor"
    rewrite: str
    source: str
    article: str = ""  # the article whose half the item falls in (the id when empty)

    @property
    def split(self) -> str:
        return split_of(self.article or self.id)

    @property
    def source_id(self) -> str:
        return "src-" + hashlib.sha1(self.source.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Item:
    """A planted change (``kind`` set) or a base item's unplanted twin (``kind`` None)."""

    base: Base
    kind: Kind | None
    plant: Plant | None

    @property
    def id(self) -> str:
        return f"{self.base.id}::{self.kind.value if self.kind else 'twin'}"

    @property
    def text(self) -> str:
        return self.plant.text if self.plant else self.base.rewrite


# --------------------------------------------------------------------------- base items


def _llmfake_bases(limit: int | None) -> Iterator[Base]:
    from unspun.align import align
    from unspun.ingest import article_from_text

    recs = ds.load_llmfake()
    not_rw = ds.load_not_rewrites()
    train = split_keys([d for d, _, _, _ in llmfake_items(recs)])
    by_id = {r.doc_id: r for r in recs}
    pairs = sorted(
        (d, m)
        for d, m, _, manipulated in llmfake_items(recs)
        if d in train and not manipulated and m in FAITHFUL and f"{d}::{m}" not in not_rw
    )
    if limit is not None:
        pairs = sorted(random.Random(PLANT_SEED).sample(pairs, min(limit, len(pairs))))
    for doc_id, method in pairs:
        rec = by_id[doc_id]
        try:
            src = article_from_text(rec.text, doc_id=doc_id, fmt="text")
            rw = article_from_text(rec.rewrites[method], doc_id=f"{doc_id}::{method}", fmt="text")
        except Exception as exc:  # an unreadable record is skipped, not fatal
            logger.warning("skipping %s::%s: %s", doc_id, method, exc)
            continue
        body = list(src.body)
        pos = {s.index: i for i, s in enumerate(body)}
        best: dict[int, list[Any]] = defaultdict(list)
        for link in align(rw, [src]):
            best[link.rewrite_index].append(link)
        for r_index, links in sorted(best.items()):
            if max(x.similarity for x in links) < MIN_LINK:
                continue
            at = [pos[x.source_index] for x in links if x.source_index in pos]
            if not at:
                continue
            window = body[max(0, min(at) - WINDOW) : max(at) + WINDOW + 1]
            text = rw.sentences[r_index].text
            yield Base(
                f"{doc_id}::{method}::{text_key(text)}",
                "llmfake",
                text,
                " ".join(s.text for s in window),
                doc_id,
            )


def _distractor_pool() -> list[str]:
    """Distractor ids in the retrieval benchmark's order (files sorted by name), less the overlap file's."""
    overlap = {
        row.split("\t", 1)[0]
        for row in ds.data_file(ds.OVERLAP_FILE).read_text(encoding="utf-8").splitlines()[1:]
    }
    ids: list[str] = []
    for path in sorted((ds.data_dir() / "distractors").glob("*.jsonl*")):
        opener: Any = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                m = ds._ID_PREFIX.match(line)
                ident = m.group(1) if m else json.loads(line)["id"]
                if ident not in overlap:
                    ids.append(ident)
    return ids


def _pick(did: str, body: Sequence[Any], fit: Sequence[int], seed: int) -> list[int]:
    """Up to ``PER_ARTICLE`` of the ``fit`` sentences, drawn by rank of (seed, article, text key).

    One distinct text each; the draw does not depend on the other sentences' number or order.
    """
    by_key: dict[str, int] = {}
    for i in fit:
        by_key.setdefault(text_key(body[i].text), i)
    keys = sorted(by_key, key=lambda k: rank(f"{seed}:{did}", k))[:PER_ARTICLE]
    return sorted(by_key[k] for k in keys)


def _distractor_bases(n_articles: int, *, extra_dev: int = 0) -> Iterator[Base]:
    """Base items from ``n_articles`` seeded distractor articles (and ``extra_dev`` more, dev only).

    The extra articles (``--extra-dev``) are drawn with ``EXTRA_DEV_SEED`` from the same pool less
    the default sample; of each, up to ``PER_ARTICLE`` sentences that hold a quotation mark or a
    speech verb (the speaker and attribution kinds' material), and only articles of the dev half.
    """
    from unspun.ingest import article_from_text

    pool = _distractor_pool()
    held = set(draw_heldout(pool))
    free = [d for d in pool if d not in held]
    chosen = random.Random(PLANT_SEED).sample(free, n_articles)
    extra: set[str] = set()
    if extra_dev:
        taken = set(chosen)
        extra = set(random.Random(EXTRA_DEV_SEED).sample([d for d in free if d not in taken], extra_dev))
    for did, text in sorted(ds.iter_distractors(only=set(chosen) | extra)):
        if did in extra and split_of(did) != "dev":
            continue
        try:
            art = article_from_text(text, doc_id=did, fmt="text")
        except Exception as exc:  # an unreadable record is skipped, not fatal
            logger.warning("skipping %s: %s", did, exc)
            continue
        body = list(art.body)
        fit = [i for i, s in enumerate(body) if 40 <= len(s.text) <= 320]
        origin, seed = "distractor", PLANT_SEED
        if did in extra:
            fit = [i for i in fit if _EXTRA_DEV_TEXT.search(body[i].text)]
            origin, seed = EXTRA_ORIGIN, EXTRA_DEV_SEED
        for i in _pick(did, body, fit, seed):
            window = body[max(0, i - WINDOW) : i + WINDOW + 1]
            text = body[i].text
            yield Base(f"{did}::{text_key(text)}", origin, text, " ".join(s.text for s in window), did)


def _readable(text: str) -> bool:
    """True if unspun reads ``text`` alone as body text (not as a title or a byline)."""
    from unspun.errors import UnspunError
    from unspun.ingest import article_from_text

    try:
        return bool(article_from_text(text, doc_id="check", fmt="text").body)
    except UnspunError:
        return False


def _usable_name(name: str) -> bool:
    """A name fit to put in: capitalised words (not all capitals), no digits, no abbreviation dot."""
    words = name.split()
    return (
        len(name) >= 4
        and 1 <= len(words) <= 4
        and all(
            w[:1].isupper() and not w.isupper() and w.replace("-", "").replace("'", "").isalpha()
            for w in words
        )
    )


def build(*, quick: bool, extra_dev: int = 0) -> tuple[list[Base], list[Item]]:
    """Return the base items and every planted item (all kinds, both splits), in a fixed order."""
    from unspun.facts.nlp import load_nlp

    mode = "quick" if quick else "full"
    bases = [
        *_llmfake_bases(LLMFAKE_PAIRS[mode]),
        *_distractor_bases(DISTRACTOR_ARTICLES[mode], extra_dev=extra_dev),
    ]
    first: dict[str, Base] = {}
    ids: set[str] = set()
    for b in bases:  # one base item per sentence text (LLMFake paraphrases repeat sentences) and id
        if b.rewrite not in first and b.id not in ids and _readable(b.rewrite) and _readable(b.source):
            first[b.rewrite] = b
            ids.add(b.id)
    bases = list(first.values())
    ents = entities_of([b.rewrite for b in bases], load_nlp())
    pools = Pools()
    names: dict[str, set[str]] = defaultdict(set)
    for b, es in zip(bases, ents, strict=True):
        if b.origin == EXTRA_ORIGIN:
            continue  # the default items draw the same names with or without --extra-dev
        for start, end, label in es:
            name = b.rewrite[start:end]
            if _usable_name(name):
                names["GPE" if label == "LOC" else label].add(name)
    pools.names = {k: sorted(v) for k, v in names.items()}
    pools.quote_words = sorted(
        {"entirely", "quickly", "rarely", "wrongly", "deliberately", "hardly", "openly"}
    )
    items: list[Item] = []
    for b, es in zip(bases, ents, strict=True):
        for kind, planter in PLANTERS.items():
            rng = random.Random(f"{PLANT_SEED}:{b.id}:{kind.value}")
            plant = planter(b.rewrite, b.source, es, pools, rng)
            if plant is not None:
                items.append(Item(b, kind, plant))
    return bases, items


def select(bases: Sequence[Base], items: Sequence[Item], split: str, *, per_kind: int) -> list[Item]:
    """The planted items of ``split`` (at most ``per_kind`` per kind, seeded) and their bases' twins."""
    chosen: list[Item] = []
    by_kind: dict[Kind, list[Item]] = defaultdict(list)
    for it in items:
        if it.base.split == split:
            by_kind[it.kind].append(it)  # type: ignore[index]
    for kind in Kind:
        pool = sorted(by_kind.get(kind, []), key=lambda x: rank(SEED, x.id))  # a seeded draw by key
        chosen += sorted(pool[:per_kind], key=lambda x: x.id)
    used = {it.base.id for it in chosen}
    twins = [Item(b, None, None) for b in bases if b.id in used]
    return chosen + twins


# --------------------------------------------------------------------------- scoring


#: Kinds whose finding must point at the changed value; for the others (a reversed statement,
#: a quotation, an attribution) the finding may cover the clause or the quotation, anywhere.
POINTED = frozenset(
    {Kind.NUMBER, Kind.YEAR, Kind.MONTH, Kind.PERSON, Kind.ORGANISATION, Kind.PLACE, Kind.INVENTED_NUMBER}
)


def _at_change(item: Item, f: FoundSpan) -> bool:
    assert item.kind is not None
    assert item.plant is not None
    p = item.plant
    return item.kind not in POINTED or (f.start < p.end and p.start < max(f.end, f.start + 1))


def caught(item: Item, audit: Audit) -> bool:
    """True if a finding of the kind's type stands in the rewrite (over the new value, for POINTED kinds)."""
    assert item.kind is not None
    want = EXPECTED[item.kind]
    return any(f.type == want and _at_change(item, f) for f in audit.findings)


def flagged_at_change(item: Item, audit: Audit) -> list[str]:
    """The content finding types standing at the change (over the new value, for POINTED kinds)."""
    return sorted({f.type for f in audit.findings if f.type in FLAG_TYPES and _at_change(item, f)})


def flagged(audit: Audit) -> bool:
    """True if the audit has any content finding (a false alarm on a twin)."""
    return any(f.type in FLAG_TYPES for f in audit.findings)


def evaluate(items: Sequence[Item], auditor: UnspunAuditor) -> list[dict[str, Any]]:
    """Compare every item with its source; one record per item (no text of the data, only values)."""
    requests = [(it.text, [(it.base.source_id, it.base.source)], it.id) for it in items]
    audits = auditor.audit_many(requests)
    out = []
    for it, a in zip(items, audits, strict=True):
        rec: dict[str, Any] = {
            "id": it.id,
            "origin": it.base.origin,
            "article": it.base.article,
            "split": it.base.split,
            "kind": it.kind.value if it.kind else "twin",
            "findings": sorted({f.type for f in a.findings if f.type in FLAG_TYPES}),
            "details": [f.detail for f in a.findings if f.type in FLAG_TYPES][:4],
            "error": a.error,
        }
        if it.kind is not None and it.plant is not None:
            rec |= {
                "before": it.plant.before[:60],
                "after": it.plant.after[:60],
                "caught": caught(it, a),
                "at_change": flagged_at_change(it, a),
            }
            rec["spans"] = [(f.type, f.start, f.end) for f in a.findings if f.type == EXPECTED[it.kind]]
            rec["where"] = (it.plant.start, it.plant.end)
        else:
            rec["flagged"] = flagged(a)
        out.append(rec)
    return out


def figures(records: Sequence[dict[str, Any]], split: str, known_types: set[str]) -> list[Figure]:
    """Recall per kind, false alarms on twins, precision per finding type."""
    figs: list[Figure] = []
    recs = [r for r in records if r["split"] == split]
    planted = [r for r in recs if r["kind"] != "twin"]
    twins = [r for r in recs if r["kind"] == "twin"]
    for kind in Kind:
        rs = [r for r in planted if r["kind"] == kind.value]
        want = EXPECTED[kind]
        if want not in known_types:
            figs.append(
                Figure(
                    TASK,
                    f"caught {kind.value} ({split})",
                    "unspun",
                    None,
                    len(rs),
                    note=f"no {want} type in this build",
                )
            )
            continue
        value = sum(r["caught"] for r in rs) / len(rs) if rs else None
        figs.append(Figure(TASK, f"caught {kind.value} ({split})", "unspun", value, len(rs), note=want))
        any_type = sum(bool(r["at_change"]) for r in rs) / len(rs) if rs else None
        figs.append(
            Figure(
                TASK,
                f"flagged {kind.value}, any type ({split})",
                "unspun",
                any_type,
                len(rs),
                note="a content finding at the change",
                gate=False,
            )
        )
    known = [r for r in planted if EXPECTED[Kind(r["kind"])] in known_types]
    figs.append(
        Figure(
            TASK,
            f"caught, kinds with a finding type ({split})",
            "unspun",
            sum(r["caught"] for r in known) / len(known) if known else None,
            len(known),
        )
    )
    for origin in (None, "llmfake", "distractor"):
        ts = [r for r in twins if origin is None or r["origin"] == origin]
        label = "" if origin is None else f", {origin}"
        figs.append(
            Figure(
                TASK,
                f"false findings on twins{label} ({split})",
                "unspun",
                sum(r["flagged"] for r in ts) / len(ts) if ts else None,
                len(ts),
                higher_is_better=False,
                note={
                    None: "",
                    "llmfake": "twin = an LLM paraphrase sentence",
                    "distractor": "twin = the source sentence itself",
                }[origin],
            )
        )
    figs.append(
        judged_twins.figure(recs, split, judged_twins.load())
    )  # beside the raw rate: real LLM changes read
    for ftype, (good, total) in sorted(type_precision(recs).items()):
        figs.append(Figure(TASK, f"precision {ftype} ({split})", "unspun", good / total, total, gate=False))
    return figs


def type_precision(records: Sequence[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per finding type: (findings at a planted change of a kind that expects it, all findings).

    Counted once per item and type: a twin's finding is wrong; a planted item's finding is right
    when the kind expects that type and it was caught, or, for ``unsupported_fact``, when it
    stands on the new value of a changed number, date or name (the value is indeed in no source).
    """
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        for t in r["findings"]:
            out[t][1] += 1
            if r["kind"] == "twin":
                continue
            kind = Kind(r["kind"])
            right = EXPECTED[kind] == t and r["caught"]
            right |= t == "unsupported_fact" and kind in POINTED and t in r["at_change"]
            out[t][0] += right
    return {k: (v[0], v[1]) for k, v in out.items()}


def _known_types() -> set[str]:
    from unspun.types import FindingType

    return {t.value for t in FindingType}


def run_planted(
    auditor: UnspunAuditor,
    *,
    quick: bool,
    splits: Sequence[str],
    extra_dev: int = 0,
    kinds: Sequence[Kind] | None = None,
    per_kind: int | None = None,
) -> dict[str, Any]:
    """Build the set, run unspun, and return figures and per-item records.

    ``extra_dev`` more distractor articles add dev items (:func:`_distractor_bases`); ``kinds``
    keeps only those kinds' planted items (and their bases' twins); ``per_kind`` replaces the
    sample's cap per kind and split (a cap above a kind's pool takes the whole pool).
    """
    t0 = time.perf_counter()
    bases, items = build(quick=quick, extra_dev=extra_dev)
    if kinds is not None:
        items = [it for it in items if it.kind in kinds]
    t_build = time.perf_counter() - t0
    if per_kind is None:
        per_kind = QUICK_PER_KIND if quick else PER_KIND_CAP
    chosen = [it for split in splits for it in select(bases, items, split, per_kind=per_kind)]
    records = evaluate(chosen, auditor)
    known = _known_types()
    figs = [f for split in splits for f in figures(records, split, known)]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for it in items:
        counts[it.base.split][it.kind.value if it.kind else "twin"] += 1
    return {
        "mode": "quick" if quick else "full",
        "bases": {s: sum(1 for b in bases if b.split == s) for s in ("dev", "test")},
        "planted_available": {k: dict(v) for k, v in counts.items()},
        "seconds_build": round(t_build, 1),
        "seconds": round(time.perf_counter() - t0, 1),
        "figures": [f.to_dict() for f in figs],
        "records": records,
        "_figures": figs,
    }


def run_task(ctx: Context) -> TaskOutput:
    """The benchmark as a task of ``benchmarks.quality.run`` (test split; quick in the gate)."""
    t0 = time.perf_counter()
    out = TaskOutput(
        files=[ds.LLMFAKE_FILE, ds.LLMFAKE_NOT_REWRITES, ds.OVERLAP_FILE, *ds.distractor_files()]
    )
    if ctx.auditor is None:
        out.add(
            Figure(TASK, "caught, kinds with a finding type (test)", "unspun", None, 0, note=ctx.auditor_why)
        )
        return out
    mark = (ctx.auditor.calls, ctx.auditor.seconds)
    res = run_planted(ctx.auditor, quick=ctx.quick, splits=("test",))
    out.add(*res["_figures"])
    out.splits["planted"] = {
        "rule": "base items by sha1(article id) parity: even dev, odd test; "
        "LLMFake train half and seeded distractors",
        "bases": res["bases"],
    }
    out.examples = [r for r in res["records"] if r.get("caught") is False or r.get("flagged")]
    out.unspun_calls, out.unspun_seconds = ctx.auditor.calls - mark[0], ctx.auditor.seconds - mark[1]
    ctx.auditor.forget()
    out.seconds = time.perf_counter() - t0
    return out


def render(figs: Sequence[Figure]) -> str:
    """A plain table: figure, n, value, note."""
    rows = [(f.name, str(f.n), "n/a" if f.value is None else f"{f.value:.3f}", f.note) for f in figs]
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join(
        f"{a.ljust(w[0])} | {b.rjust(w[1])} | {c.rjust(w[2])} | {d}".rstrip() for a, b, c, d in rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.quality.planted", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="small sample from the test half (the gate)")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--out", default=None, help="JSON output (default: planted-<mode>.json)")
    parser.add_argument("--jobs", type=int, default=2, help="processes for unspun's pipeline (default 2)")
    parser.add_argument(
        "--extra-dev",
        type=int,
        default=0,
        metavar="N",
        help="N more seeded distractor articles, their quoted/attributed sentences, dev half only",
    )
    parser.add_argument(
        "--kinds", default=None, help="comma-separated kinds to plant (default all): " + ",".join(Kind)
    )
    parser.add_argument(
        "--per-kind",
        type=int,
        default=None,
        metavar="N",
        help=f"items per kind and split (default {PER_KIND_CAP}, quick {QUICK_PER_KIND}); more: whole pool",
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)
    try:
        kinds = None if args.kinds is None else [Kind(k.strip()) for k in args.kinds.split(",")]
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    auditor, why = UnspunAuditor.create()
    if auditor is None:
        print(f"error: {why}", file=sys.stderr)
        return 2
    auditor.jobs = args.jobs
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    res = run_planted(
        auditor,
        quick=args.quick,
        splits=splits,
        extra_dev=args.extra_dev,
        kinds=kinds,
        per_kind=args.per_kind,
    )
    figs = res.pop("_figures")
    table = render(figs)
    res["table"] = table
    out = args.out or f"planted-{res['mode']}.json"
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(res, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(table)
    print(f"\n{res['mode']} run, {res['seconds']} s (build {res['seconds_build']} s); JSON: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
