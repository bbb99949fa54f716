"""Loaders for the shared evaluation data (read in place, never copied into the repo).

The data folder is ``$UNSPUN_DATA`` if set, else ``<repo>/../shared/data``. Every loader
returns plain frozen records; the traps listed in ``BASELINES.md`` are handled here:
MRPC has a BOM and raw quotes (read with ``utf-8-sig`` and ``QUOTE_NONE``), the overlap TSV
uses a 1-based JSONL line for LLMFake but a 0-based array index for MixSet, and LLMFake has
exact-duplicate originals and 368 outputs that are not rewrites (``not_rewrites.json``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]

MIXSET_FILES = (
    "gpt4_rewrite",
    "gpt4_polish_sentence",
    "gpt4_polish_token",
    "gpt4_complete",
    "2llama_rewrite",
    "2llama_polish_sentence",
    "2llama_polish_token",
    "2llama_complete",
)
DISTRACTOR_FILES = (
    "allsides_abp.jsonl.gz",
    "reuters21578.jsonl",
    "reuters_c50.jsonl",
    "fnc1_bodies.jsonl",
    "bbc_news.jsonl",
    "ptc_semeval2020.jsonl",
)
MANIPULATION_PREFIX = "information_manipulation_"


class DataMissingError(RuntimeError):
    """The shared data folder or one of its files is absent."""


def data_dir() -> Path:
    """Return the shared data folder.

    Raises:
        DataMissingError: neither ``$UNSPUN_DATA`` nor ``<repo>/../shared/data`` exists.
    """
    env = os.environ.get("UNSPUN_DATA")
    path = Path(env) if env else REPO_ROOT.parent / "shared" / "data"
    if not path.is_dir():
        raise DataMissingError(f"shared data folder {path} not found; set UNSPUN_DATA to its location")
    return path


def data_file(relative: str) -> Path:
    """Return one file of the shared data folder.

    Raises:
        DataMissingError: the file is absent.
    """
    path = data_dir() / relative
    if not path.is_file():
        raise DataMissingError(f"data file {path} not found; check the shared data folder")
    return path


def sha256_of(path: Path) -> str:
    """Return the SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_hashes(relatives: Iterable[str]) -> dict[str, str]:
    """Return ``{relative path: sha256}`` for the data files a run read."""
    return {rel: sha256_of(data_file(rel)) for rel in sorted(set(relatives))}


def word_tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens (the normalisation BASELINES.md uses)."""
    return re.findall(r"\w+", text.lower())


# --------------------------------------------------------------------------- MRPC


@dataclass(frozen=True, slots=True)
class MrpcPair:
    label: int  # 1 = paraphrase
    a: str
    b: str


MRPC_FILES = {"train": "mrpc/msr_paraphrase_train.txt", "test": "mrpc/msr_paraphrase_test.txt"}


def load_mrpc(split: str) -> list[MrpcPair]:
    """Load the MRPC ``train`` or ``test`` file (no header, BOM, raw quotes)."""
    pairs: list[MrpcPair] = []
    with data_file(MRPC_FILES[split]).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row:
                continue
            if row[0] == "Quality":  # tolerate the official header if present
                continue
            pairs.append(MrpcPair(int(row[0]), row[3], row[4]))
    return pairs


# --------------------------------------------------------------------------- SummEdits


@dataclass(frozen=True, slots=True)
class SummEdit:
    id: str
    doc_id: str
    doc: str
    summary: str
    consistent: bool
    edit_types: tuple[str, ...]
    split: str  # "test" (21 docs) or "evaluation" (4 docs)


SUMMEDITS_FILE = "summedits-news/summedits_news.json"


def load_summedits() -> list[SummEdit]:
    """Load SummEdits-news (label 1 = consistent)."""
    raw = json.loads(data_file(SUMMEDITS_FILE).read_text(encoding="utf-8"))
    return [
        SummEdit(
            r["id"],
            r["id"].rsplit("_", 1)[0],
            r["doc"],
            r["summary"],
            int(r["label"]) == 1,
            tuple(r.get("edit_types") or ()),
            r["split"],
        )
        for r in raw
    ]


SUMMEDITS_OTHER_DIR = "training/summedits-other"


def summedits_other_files() -> list[str]:
    """The seven non-news SummEdits files (``training/summedits-other``), relative to the data folder."""
    folder = data_dir() / SUMMEDITS_OTHER_DIR
    return [f"{SUMMEDITS_OTHER_DIR}/{p.name}" for p in sorted(folder.glob("summedits_*.json"))]


def load_summedits_other() -> list[SummEdit]:
    """Load the non-news SummEdits summaries (label 1 = consistent; tuning data only, never
    reported), file by file in name order: ids ``<file stem>/<id>``, split ``"other"``."""
    out = []
    for rel in summedits_other_files():
        stem = rel.rsplit("/", 1)[-1].removesuffix(".json")
        for r in json.loads(data_file(rel).read_text(encoding="utf-8")):
            doc_id = f"{stem}/doc-{hashlib.sha1(r['doc'].encode()).hexdigest()[:12]}"
            edits = tuple(r.get("edit_types") or ())
            out.append(
                SummEdit(f"{stem}/{r['id']}", doc_id, r["doc"], r["summary"], r["label"] == 1, edits, "other")
            )
    return out


# --------------------------------------------------------------------------- QAGS


@dataclass(frozen=True, slots=True)
class QagsSentence:
    text: str
    yes: int
    no: int

    @property
    def consistent(self) -> bool:
        """Majority of the three crowd labels."""
        return self.yes > self.no


@dataclass(frozen=True, slots=True)
class QagsArticle:
    id: str  # "cnndm-<line>" / "xsum-<line>" (0-based)
    article: str
    sentences: tuple[QagsSentence, ...]


QAGS_FILES = {"cnndm": "qags/mturk_cnndm.jsonl", "xsum": "qags/mturk_xsum.jsonl"}


def load_qags() -> list[QagsArticle]:
    """Load both QAGS files; one record per article."""
    out: list[QagsArticle] = []
    for corpus, rel in QAGS_FILES.items():
        with data_file(rel).open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if not line.strip():
                    continue
                r = json.loads(line)
                sents = tuple(
                    QagsSentence(
                        s["sentence"],
                        sum(1 for x in s["responses"] if x["response"] == "yes"),
                        sum(1 for x in s["responses"] if x["response"] == "no"),
                    )
                    for s in r["summary_sentences"]
                )
                out.append(QagsArticle(f"{corpus}-{i}", r["article"], sents))
    return out


# --------------------------------------------------------------------------- FaithBench


@dataclass(frozen=True, slots=True)
class FaithSpan:
    start: int
    end: int
    labels: tuple[str, ...]

    @property
    def unwanted(self) -> bool:
        return any(x.startswith("Unwanted") for x in self.labels)


@dataclass(frozen=True, slots=True)
class FaithSample:
    id: str  # "batch<k>-<sample_id>"
    source: str
    summary: str
    spans: tuple[FaithSpan, ...]
    summarizer: str


def load_faithbench() -> list[FaithSample]:
    """Load every FaithBench batch (750 samples)."""
    folder = data_dir() / "faithbench" / "data_for_release"
    if not folder.is_dir():
        raise DataMissingError(f"{folder} not found; check the shared data folder")
    out: list[FaithSample] = []
    for path in sorted(folder.glob("batch_*.json"), key=lambda p: int(p.stem.split("_")[1])):
        for s in json.loads(path.read_text(encoding="utf-8"))["samples"]:
            spans = tuple(
                FaithSpan(int(a["summary_start"]), int(a["summary_end"]), tuple(a.get("label") or ()))
                for a in s.get("annotations") or ()
                if a.get("summary_start") is not None and a.get("summary_end") is not None
            )
            meta = s.get("metadata") or {}
            out.append(
                FaithSample(
                    f"{path.stem}-{s['sample_id']}",
                    s["source"],
                    s["summary"],
                    spans,
                    str(meta.get("summarizer")),
                )
            )
    return out


def faithbench_files() -> list[str]:
    """Relative paths of the FaithBench batch files."""
    folder = data_dir() / "faithbench" / "data_for_release"
    return [f"faithbench/data_for_release/{p.name}" for p in sorted(folder.glob("batch_*.json"))]


# --------------------------------------------------------------------------- LLMFake


@dataclass(frozen=True, slots=True)
class LlmFakeRecord:
    doc_id: str  # "llmfake-{dataset}-{news_id}"
    dataset: str
    news_id: str
    line: int  # 1-based line of the JSONL (the overlap TSV's locator)
    text: str
    rewrites: dict[str, str] = field(default_factory=dict)


LLMFAKE_FILE = "llmfake/llmfake_chatgpt_rewrites.jsonl"
LLMFAKE_NOT_REWRITES = "llmfake/not_rewrites.json"


def load_llmfake() -> list[LlmFakeRecord]:
    """Load all 1,540 LLMFake records (768 with rewrites)."""
    out: list[LlmFakeRecord] = []
    with data_file(LLMFAKE_FILE).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            r = json.loads(line)
            doc_id = f"llmfake-{r['dataset']}-{r['news_id']}"
            out.append(
                LlmFakeRecord(doc_id, r["dataset"], str(r["news_id"]), i, r["news_text"], dict(r["rewrites"]))
            )
    return out


def load_not_rewrites() -> dict[str, str]:
    """Return ``{"llmfake-{dataset}-{news_id}::{method}": reason}`` for the 368 non-rewrites."""
    raw = json.loads(data_file(LLMFAKE_NOT_REWRITES).read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw["ids"].items()}


# --------------------------------------------------------------------------- MixSet


@dataclass(frozen=True, slots=True)
class MixsetRecord:
    doc_id: str  # "mixset-{id}"
    id: int
    category: str
    text: str
    outputs: dict[str, str] = field(default_factory=dict)  # method ("gpt4_rewrite", "llama2_rewrite") -> text


def mixset_method(stem: str) -> str:
    """File stem to the method name BASELINES.md uses ("2llama_rewrite" -> "llama2_rewrite")."""
    return stem.replace("2llama_", "llama2_")


def mixset_files() -> list[str]:
    return [f"mixset/separated_files/{s}.json" for s in MIXSET_FILES]


def load_mixset() -> list[MixsetRecord]:
    """Load the 300 MixSet human texts with their 8 revisions each."""
    by_id: dict[int, MixsetRecord] = {}
    for stem, rel in zip(MIXSET_FILES, mixset_files(), strict=True):
        raw: list[dict[str, Any]] = json.loads(data_file(rel).read_text(encoding="utf-8"))
        for r in raw:
            rid = int(r["id"])
            rec = by_id.get(rid)
            if rec is None:
                rec = MixsetRecord(f"mixset-{rid}", rid, r["category"], r["HWT_sentence"])
                by_id[rid] = rec
            out_key = next(k for k in r if k.endswith("_output"))
            rec.outputs[mixset_method(stem)] = r[out_key]
    return [by_id[k] for k in sorted(by_id)]


# --------------------------------------------------------------------------- distractors


OVERLAP_FILE = "distractors/overlap_with_shared_eval_sets.tsv"


def distractor_files() -> list[str]:
    return [f"distractors/{name}" for name in DISTRACTOR_FILES]


_ID_PREFIX = re.compile(r'\{"id": "([^"]+)"')


def iter_distractors(*, only: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(id, text)`` for the 47,714 distractor articles (or only those in ``only``)."""
    for rel in distractor_files():
        path = data_file(rel)
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                if only is not None:  # skip parsing lines whose id is not wanted
                    m = _ID_PREFIX.match(line)
                    if m and m.group(1) not in only:
                        continue
                r = json.loads(line)
                if only is None or r["id"] in only:
                    yield r["id"], r["text"]


def load_overlap(llmfake: list[LlmFakeRecord]) -> dict[str, list[str]]:
    """Map an original's doc id to the distractor ids that copy it.

    The TSV uses ``line<N>`` (1-based JSONL line) for LLMFake and ``/<N>/HWT_sentence``
    (0-based array index, so MixSet id N+1) for MixSet.
    """
    by_line = {r.line: r.doc_id for r in llmfake}
    out: dict[str, list[str]] = defaultdict(list)
    with data_file(OVERLAP_FILE).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        for row in reader:
            loc = row["eval_locator"]
            if "llmfake" in row["eval_file"]:
                m = re.match(r"line(\d+)", loc)
                if m and int(m.group(1)) in by_line:
                    out[by_line[int(m.group(1))]].append(row["distractor_id"])
            elif "mixset" in row["eval_file"]:
                m = re.match(r"/(\d+)/", loc)
                if m:
                    out[f"mixset-{int(m.group(1)) + 1}"].append(row["distractor_id"])
    return dict(out)


# --------------------------------------------------------------------------- rewrite queries


@dataclass(frozen=True, slots=True)
class RewriteQuery:
    qid: str  # "{source doc id}::{method}"
    source_id: str
    corpus: str  # "llmfake" | "mixset"
    method: str
    text: str
    group: str  # dataset (llmfake) or category (mixset)


def rewrite_queries(llmfake: list[LlmFakeRecord], mixset: list[MixsetRecord]) -> list[RewriteQuery]:
    """All 5,380 rewrite queries: 2,980 LLMFake outputs and 2,400 MixSet revisions."""
    out: list[RewriteQuery] = []
    for r in llmfake:
        for method in sorted(r.rewrites):
            out.append(
                RewriteQuery(
                    f"{r.doc_id}::{method}", r.doc_id, "llmfake", method, r.rewrites[method], r.dataset
                )
            )
    for m in mixset:
        for method in sorted(m.outputs):
            out.append(
                RewriteQuery(
                    f"{m.doc_id}::{method}", m.doc_id, "mixset", method, m.outputs[method], m.category
                )
            )
    return out


def query_type(q: RewriteQuery) -> str:
    """Row label used in BASELINES.md tables ("llmfake/paraphrase_generation", "mixset/gpt4_rewrite")."""
    method = q.method.replace(MANIPULATION_PREFIX, "im_")
    return f"{q.corpus}/{method}"
