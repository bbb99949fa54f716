"""Training pairs for the pair judge, read in place from ../shared/data (never copied).

Every pair is directed: ``covers`` says whether the premise says everything the hypothesis says
(the judge's one question, see ``unspun.semantic.judge``). Sources and how their labels map:

- SICK (A -> B): ENTAILMENT covers, NEUTRAL and CONTRADICTION do not; a CONTRADICTION does not
  cover the other way either. Split 70/10/20 by pair id (SICK.txt carries no split).
- RTE (premise -> hypothesis): label 0 (entailment) covers. Train split 90/10 into train/dev; the
  official dev file is the test split.
- STS-B: score >= 4.6 covers both ways, score <= 1.0 neither way; pairs in between are left out.
  Pairs with a sentence that is also in MRPC test are dropped (README trap). Official splits.
- MRPC train (split 90/10 into train/dev): a paraphrase covers both ways; in a non-paraphrase
  the sentence with more content words the other lacks is not covered (the other way is unknown
  and left out). MRPC test is never read here.
- SummEdits, the seven non-news domains (split 70/10/20 by document): each summary sentence
  against its best-matching document sentences (covered unless it is the edited sentence of an
  inconsistent summary), and each edited sentence against its original sentence (a consistent
  edit is a paraphrase; an inconsistent one is CHANGED, or MORE when the only edit type is an
  invented fact).
- Planted edits on distractor sentences (split 80/10/10 by article; articles that
  ``overlap_with_shared_eval_sets.tsv`` lists as copies of evaluation texts are skipped):
  numbers, dates, names, negation, antonyms (CHANGED), dropped attribution (CHANGED), added
  clause or attribution (MORE), dropped clause or parenthesis (LESS), and meaning-preserving
  rewording of form (SAME). The cross-encoder's data (``CROSS_PLANT_KINDS``) adds swapped roles
  and hedged/asserted statements (CHANGED) and multi-word faithful rewordings (SAME).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from benchmarks.quality.data import data_file, load_mrpc, word_tokens

from unspun.semantic.features import zipf

# 4-way label of a (source, rewrite) pair -> (source covers rewrite, rewrite covers source)
DIRECTIONS = {"same": (1, 1), "less": (1, 0), "more": (0, 1), "changed": (0, 0)}

SICK_FILE = "training/sick/SICK.txt"
RTE_FILES = {"train": "training/rte/train.tsv", "dev": "training/rte/dev.tsv"}
STSB_FILES = {
    "train": "training/stsb/sts-train.csv",
    "dev": "training/stsb/sts-dev.csv",
    "test": "training/stsb/sts-test.csv",
}
SUMMEDITS_DOMAINS = ("ectsum", "podcast", "qmsumm", "sales_call", "sales_email", "samsum", "scitldr")
SUMMEDITS_FILES = tuple(f"training/summedits-other/summedits_{d}.json" for d in SUMMEDITS_DOMAINS)
DISTRACTOR_FILES = (
    "distractors/reuters_c50.jsonl",
    "distractors/bbc_news.jsonl",
    "distractors/fnc1_bodies.jsonl",
)
OVERLAP_FILE = "distractors/overlap_with_shared_eval_sets.tsv"


@dataclass(frozen=True, slots=True)
class Directed:
    premise: str
    hypothesis: str
    covers: int
    dataset: str
    split: str  # train / dev / test


@dataclass(frozen=True, slots=True)
class Labelled:
    """A (source, rewrite) pair with a 4-way label (for the 4-way figures)."""

    source: str
    rewrite: str
    label: str
    dataset: str
    split: str
    kind: str


def files_read() -> list[str]:
    """Every shared-data file the training reads (their sha256 go into the manifest)."""
    return sorted(
        [
            SICK_FILE,
            *RTE_FILES.values(),
            *STSB_FILES.values(),
            *SUMMEDITS_FILES,
            *DISTRACTOR_FILES,
            OVERLAP_FILE,
            "mrpc/msr_paraphrase_train.txt",
            "mrpc/msr_paraphrase_test.txt",
        ]
    )


def _bucket(key: str, seed: int) -> float:
    """A stable number in [0, 1) for a key (splits do not depend on file order)."""
    return int(hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()[:12], 16) / float(1 << 48)


def _split3(key: str, seed: int, train: float, dev: float) -> str:
    b = _bucket(key, seed)
    return "train" if b < train else "dev" if b < train + dev else "test"


def both_ways(source: str, rewrite: str, label: str, dataset: str, split: str) -> list[Directed]:
    fwd, back = DIRECTIONS[label]
    return [Directed(source, rewrite, fwd, dataset, split), Directed(rewrite, source, back, dataset, split)]


# --------------------------------------------------------------------------- human-labelled


def sick(seed: int) -> list[Directed]:
    out: list[Directed] = []
    with data_file(SICK_FILE).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            split = _split3("sick" + row["pair_ID"], seed, 0.7, 0.1)
            a, b, j = row["sentence_A"], row["sentence_B"], row["entailment_judgment"]
            out.append(Directed(a, b, int(j == "ENTAILMENT"), "sick", split))
            if j == "CONTRADICTION":
                out.append(Directed(b, a, 0, "sick", split))
    return out


def rte(seed: int) -> list[Directed]:
    out: list[Directed] = []
    for name, rel in RTE_FILES.items():
        with data_file(rel).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if name == "dev":
                    split = "test"
                else:
                    split = "train" if _bucket("rte" + row["idx"], seed) < 0.9 else "dev"
                out.append(
                    Directed(row["sentence1"], row["sentence2"], int(row["label"] == "0"), "rte", split)
                )
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def stsb() -> tuple[list[Directed], int]:
    """STS-B pairs; also the number dropped for overlapping MRPC test."""
    mrpc_test = {_norm(s) for p in load_mrpc("test") for s in (p.a, p.b)}
    out: list[Directed] = []
    dropped = 0
    for split, rel in STSB_FILES.items():
        with data_file(rel).open(encoding="utf-8", newline="") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 7:
                    continue
                score, a, b = float(cols[4]), cols[5], cols[6]
                if _norm(a) in mrpc_test or _norm(b) in mrpc_test:
                    dropped += 1
                    continue
                if score >= 4.6:
                    out += both_ways(a, b, "same", "stsb", split)
                elif score <= 1.0:
                    out += both_ways(a, b, "changed", "stsb", split)
    return out, dropped


def content_words(text: str, function: Callable[[str], bool]) -> set[str]:
    return {w for w in word_tokens(text) if not function(w)}


def mrpc_split(row: int, seed: int) -> str:
    """``train`` or ``dev`` for row ``row`` (0-based) of the MRPC train file."""
    return "train" if _bucket(f"mrpc{row}", seed) < 0.9 else "dev"


def mrpc_train(seed: int, function: Callable[[str], bool]) -> list[Directed]:
    out: list[Directed] = []
    for i, p in enumerate(load_mrpc("train")):
        split = mrpc_split(i, seed)
        if p.label == 1:
            out += both_ways(p.a, p.b, "same", "mrpc", split)
            continue
        wa, wb = content_words(p.a, function), content_words(p.b, function)
        if len(wb - wa) >= len(wa - wb):
            out.append(Directed(p.a, p.b, 0, "mrpc", split))
        else:
            out.append(Directed(p.b, p.a, 0, "mrpc", split))
    return out


# --------------------------------------------------------------------------- SummEdits (non-news)

_SENT_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """A plain regex sentence split (training only; unspun's own segmenter is spaCy-based)."""
    return [s.strip() for s in _SENT_SPLIT.split(text) if len(s.strip()) > 2]


def summedits(
    seed: int, best_premise: Callable[[str, list[str]], str]
) -> tuple[list[Directed], list[Labelled]]:
    directed: list[Directed] = []
    labelled: list[Labelled] = []
    for rel in SUMMEDITS_FILES:
        domain = rel.rsplit("_", 1)[-1].removesuffix(".json")
        doc_sents: dict[str, list[str]] = {}
        for r in json.loads(data_file(rel).read_text(encoding="utf-8")):
            doc = r["doc"]
            split = _split3("summedits" + hashlib.sha256(doc.encode()).hexdigest(), seed, 0.7, 0.1)
            if doc not in doc_sents:
                doc_sents[doc] = sentences(doc)
            consistent = int(r["label"]) == 1
            types = set(eval_list(r.get("edit_types")))
            new, old = sentences(r["summary"]), sentences(r["original_summary"])
            name = f"summedits-{domain}"
            if len(new) != len(old):
                if consistent:
                    for s in new:
                        directed.append(Directed(best_premise(s, doc_sents[doc]), s, 1, name, split))
                continue
            for s_new, s_old in zip(new, old, strict=True):
                edited = s_new != s_old
                covered = consistent or not edited
                directed.append(
                    Directed(best_premise(s_new, doc_sents[doc]), s_new, int(covered), name, split)
                )
                if not edited:
                    continue
                if consistent:
                    label = "same"
                elif types == {"hallucinated_fact_insertion"}:
                    label = "more"
                else:
                    label = "changed"
                directed += both_ways(s_old, s_new, label, name, split)
                labelled.append(Labelled(s_old, s_new, label, name, split, ",".join(sorted(types)) or "none"))
    return directed, labelled


def eval_list(raw: object) -> list[str]:
    """SummEdits stores edit types as a Python list literal in a string (or as a list)."""
    if isinstance(raw, list):
        return [str(x) for x in raw]
    if not raw:
        return []
    return re.findall(r"'([^']+)'", str(raw))


# --------------------------------------------------------------------------- planted edits


def _overlap_ids() -> set[str]:
    ids: set[str] = set()
    with data_file(OVERLAP_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            ids.update(c for c in line.rstrip("\n").split("\t") if c.startswith(("reuters", "bbc", "fnc1")))
    return ids


def distractor_sentences(seed: int, per_file: int) -> Iterator[tuple[str, str, str]]:
    """(article id, sentence, split) for usable news sentences of a seeded article sample."""
    skip = _overlap_ids()
    rng = random.Random(seed)
    for rel in DISTRACTOR_FILES:
        opener = gzip.open if rel.endswith(".gz") else open
        with opener(data_file(rel), "rt", encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        rng.shuffle(records)
        taken = 0
        for rec in records:
            if rec["id"] in skip:
                continue
            split = _split3("distractor" + rec["id"], seed, 0.8, 0.1)
            good = [s for s in sentences(rec["text"]) if 8 <= len(s.split()) <= 45 and s[-1] in '.!?"”']
            rng.shuffle(good)
            for s in good[:3]:
                yield rec["id"], s.replace("\n", " "), split
                taken += 1
            if taken >= per_file:
                break


_AUX = re.compile(
    r"\b(is|are|was|were|will|would|can|could|should|has|have|had|must|did|does|do)\b(?! not\b)"
)
_NEG = re.compile(r"\s+not\b|n't\b")
_NUM = re.compile(r"\b\d+(?:[.,]\d+)*\b")
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ANTONYMS = [
    ("increase", "decrease"),
    ("increased", "decreased"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("up", "down"),
    ("higher", "lower"),
    ("more", "less"),
    ("won", "lost"),
    ("win", "lose"),
    ("approved", "rejected"),
    ("support", "oppose"),
    ("supported", "opposed"),
    ("before", "after"),
    ("accepted", "refused"),
    ("gain", "loss"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("large", "small"),
    ("early", "late"),
    ("first", "last"),
    ("majority", "minority"),
    ("positive", "negative"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("open", "close"),
    ("opened", "closed"),
    ("allow", "ban"),
    ("allowed", "banned"),
    ("include", "exclude"),
    ("best", "worst"),
    ("good", "bad"),
    ("high", "low"),
    ("rising", "falling"),
    ("expand", "cut"),
    ("profit", "loss"),
    ("new", "old"),
    ("agreed", "refused"),
    ("increase", "cut"),
    ("above", "below"),
    ("north", "south"),
    ("east", "west"),
    ("success", "failure"),
    ("legal", "illegal"),
    ("safe", "dangerous"),
]
_ANTONYM = {a: b for a, b in _ANTONYMS} | {b: a for a, b in _ANTONYMS}
_ATTRIB_END = re.compile(
    r",[\"”]?\s+(?:(?:the|a|an) )?(?:[A-Za-z][\w.'-]*\s+){0,4}(?:said|says|told \w+|added|reported)"
    r"(?: on \w+| in a statement)?\.$"
)
_ATTRIBUTIONS = (
    "officials said",
    "a spokesman said",
    "according to a company statement",
    "analysts said",
    "according to people familiar with the matter",
    "the ministry said in a statement",
)
_TRAILING_CLAUSE = re.compile(r"^(.{40,}?),\s+([^,]{15,})([.!?])$")


def _swap_word(sentence: str, match: re.Match[str], replacement: str) -> str:
    return sentence[: match.start()] + replacement + sentence[match.end() :]


def _first_sub(s: str, subs: list[tuple[str, str]], rng: random.Random) -> str | None:
    """``s`` with the first of ``subs`` (in an order shuffled by ``rng``) that matches applied once."""
    rng.shuffle(subs)
    for pat, rep in subs:
        if re.search(pat, s):
            return re.sub(pat, rep, s, count=1)
    return None


def plant(
    sentence: str, kind: str, rng: random.Random, pool: list[str], names: list[str]
) -> tuple[str, str] | None:
    """One planted edit of ``kind``; returns (rewrite, 4-way label) or None when it does not apply."""
    s = sentence
    if kind == "number":
        nums = [m for m in _NUM.finditer(s) if not _YEAR.fullmatch(m.group())]
        if not nums:
            return None
        m = rng.choice(nums)
        digits = m.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        new = value * rng.choice([0.5, 0.8, 1.25, 1.5, 2, 3, 10]) + rng.choice([0, 1, 2])
        text = f"{new:.{len(digits.split('.')[1]) if '.' in digits else 0}f}"
        return (_swap_word(s, m, text), "changed") if text != digits else None
    if kind == "date":
        for words in (_MONTHS, _DAYS):
            hits = [w for w in words if re.search(rf"\b{w}\b", s)]
            if hits:
                w = rng.choice(hits)
                return re.sub(rf"\b{w}\b", rng.choice([x for x in words if x != w]), s, count=1), "changed"
        year = _YEAR.search(s)
        if year:
            return _swap_word(s, year, str(int(year.group()) + rng.choice([-3, -2, -1, 1, 2]))), "changed"
        return None
    if kind == "name":
        caps = [m for m in re.finditer(r"(?<=\s)[A-Z][a-z]{2,}\b", s) if m.group() not in _MONTHS + _DAYS]
        if not caps or not names:
            return None
        cap = rng.choice(caps)
        other = rng.choice(names)
        return (_swap_word(s, cap, other), "changed") if other != cap.group() else None
    if kind == "negation":
        neg = _NEG.search(s)
        if neg and rng.random() < 0.5:
            return _swap_word(s, neg, ""), "changed"
        m2 = _AUX.search(s)
        if not m2:
            return None
        return s[: m2.end()] + " not" + s[m2.end() :], "changed"
    if kind == "antonym":
        found = [m for m in re.finditer(r"\b[a-z]+\b", s) if m.group() in _ANTONYM]
        if not found:
            return None
        word = rng.choice(found)
        return _swap_word(s, word, _ANTONYM[word.group()]), "changed"
    if kind == "drop_attribution":
        attrib = _ATTRIB_END.search(s)
        return (s[: attrib.start()] + ".", "changed") if attrib else None
    if kind == "add_attribution":
        if _ATTRIB_END.search(s) or not s.endswith("."):
            return None
        return s[:-1] + ", " + rng.choice(_ATTRIBUTIONS) + ".", "more"
    if kind == "add_clause":
        other = rng.choice(pool).rstrip('.!?"” ')
        if not s.endswith(".") or len(other.split()) < 5:
            return None
        glue = rng.choice([", and ", ", while ", "; ", ", after "])
        return s[:-1] + glue + other[0].lower() + other[1:] + ".", "more"
    if kind == "drop_clause":
        paren = re.search(r"\s*\([^()]{3,}\)", s)
        if paren:
            return _swap_word(s, paren, ""), "less"
        clause = _TRAILING_CLAUSE.match(s)
        if not clause or _ATTRIB_END.search(s):
            return None
        return clause.group(1) + clause.group(3), "less"
    if kind == "reform":
        subs = [
            (r"\bdo not\b", "don't"),
            (r"\bdoes not\b", "doesn't"),
            (r"\bis not\b", "isn't"),
            (r"\bper cent\b", "percent"),
            (r"\bpercent\b", "per cent"),
            (r"\bsaid\b", "says"),
            (r"\bU\.S\.", "US"),
            (r"\bapproximately\b", "about"),
            (r"\bpurchase\b", "buy"),
            (r"\bhowever\b", "but"),
            (r"\bwill\b", "is going to"),
            (r"\bin order to\b", "to"),
        ]
        swapped = _first_sub(s, subs, rng)
        if swapped is not None:
            return swapped, "same"
        trailing = _TRAILING_CLAUSE.match(s)
        if trailing and not _ATTRIB_END.search(s):
            lead, tail = trailing.group(1), trailing.group(2)
            return tail[0].upper() + tail[1:] + ", " + lead[0].lower() + lead[1:] + trailing.group(3), "same"
        return None
    if kind == "swap_roles":
        # reversed relation ("A beat B" -> "B beat A"): two different names trade places
        caps = [m for m in re.finditer(r"(?<=\s)[A-Z][a-z]{2,}\b", s) if m.group() not in _MONTHS + _DAYS]
        pairs = [(a, b) for i, a in enumerate(caps) for b in caps[i + 1 :] if a.group() != b.group()]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        return s[: a.start()] + b.group() + s[a.end() : b.start()] + a.group() + s[b.end() :], "changed"
    if kind == "certainty":
        # hedged <-> asserted: "may rise" is not "will rise", "is expected to" is not "will"
        hedges = [
            (r"\bwill\b", "may"),
            (r"\bmay\b", "will"),
            (r"\bmight\b", "will"),
            (r"\bcould\b", "will"),
            (r"\bis expected to\b", "will"),
            (r"\bplans to\b", "has agreed to"),
            (r"\bsaid\b", "denied"),
        ]
        swapped = _first_sub(s, hedges, rng)
        return None if swapped is None else (swapped, "changed")
    if kind == "reword":
        # a faithful rewording that changes several words of form at once (covered both ways)
        subs = [
            (r"\bsaid\b", "stated"),
            (r"\bbecause\b", "as"),
            (r"\bdespite\b", "in spite of"),
            (r"\babout\b", "around"),
            (r"\bbig\b", "large"),
            (r"\bbegan\b", "started"),
            (r"\bstarted\b", "began"),
            (r"\bhelp\b", "assist"),
            (r"\bshow\b", "indicate"),
            (r"\bshowed\b", "indicated"),
            (r"\bneeds\b", "requires"),
            (r"\balso\b", "additionally"),
            (r"\bmany\b", "numerous"),
            (r"\bquickly\b", "rapidly"),
            (r"\bchief executive\b", "CEO"),
            (r"\bgovernment\b", "administration"),
            (r"\bcompany\b", "firm"),
            (r"\bhowever\b", "but"),
            (r"\bper cent\b", "percent"),
            (r"\bapproximately\b", "about"),
            (r"\bin order to\b", "to"),
            (r"\bwould not\b", "wouldn't"),
            (r"\bdid not\b", "didn't"),
            (r"\btold\b", "informed"),
        ]
        rng.shuffle(subs)
        out, done = s, 0
        for pat, rep in subs:
            if done < 3 and re.search(pat, out):
                out = re.sub(pat, rep, out, count=1)
                done += 1
        return (out, "same") if done else None
    raise ValueError(kind)


PLANT_KINDS = (
    "number",
    "date",
    "name",
    "negation",
    "antonym",
    "drop_attribution",
    "add_attribution",
    "add_clause",
    "drop_clause",
    "reform",
)
# kinds only the cross-encoder's data uses (the static judge's committed artifact was built without them)
CROSS_PLANT_KINDS = (*PLANT_KINDS, "swap_roles", "certainty", "reword")


def planted(
    seed: int, per_file: int, kinds: tuple[str, ...] = PLANT_KINDS
) -> tuple[list[Directed], list[Labelled]]:
    rng = random.Random(seed)
    rows = list(distractor_sentences(seed, per_file))
    pool = [s for _, s, _ in rows]
    names = sorted(
        {
            m.group()
            for s in pool
            for m in re.finditer(r"(?<=\s)[A-Z][a-z]{3,}\b", s)
            if zipf(m.group().lower()) < 4.0
        }
    )
    directed: list[Directed] = []
    labelled: list[Labelled] = []
    made: Counter[str] = Counter()
    for _, s, split in rows:
        # every edit that applies, then the kind made least so far: the kinds that rarely apply
        # (numbers, dates, dropped attribution) are not crowded out by those that always do
        edits = {k: plant(s, k, rng, pool, names) for k in kinds}
        usable = [(made[k], rng.random(), k) for k, e in edits.items() if e is not None and e[0] != s]
        if not usable:
            continue
        kind = min(usable)[2]
        rewrite, label = edits[kind]  # type: ignore[misc]
        made[kind] += 1
        directed += both_ways(s, rewrite, label, "planted", split)
        labelled.append(Labelled(s, rewrite, label, "planted", split, kind))
    return directed, labelled


def training_pairs(
    seed: int,
    planted_per_file: int,
    function: Callable[[str], bool],
    best_premise: Callable[[str, list[str]], str],
    kinds: tuple[str, ...] = PLANT_KINDS,
) -> tuple[list[Directed], list[Labelled], int]:
    """Every family's directed pairs (SICK, RTE, STS-B, MRPC train, SummEdits, planted ``kinds``), the
    4-way labelled pairs behind SummEdits and the planted edits, and how many STS-B pairs were dropped
    for sharing a sentence with MRPC test. One list for both judges (static and cross-encoder)."""
    pairs: list[Directed] = [*sick(seed), *rte(seed)]
    sts, sts_dropped = stsb()
    pairs += sts
    pairs += mrpc_train(seed, function)
    summ, summ_labelled = summedits(seed, best_premise)
    plant, plant_labelled = planted(seed, planted_per_file, kinds)
    return [*pairs, *summ, *plant], [*summ_labelled, *plant_labelled], sts_dropped
