"""The two Spark jobs: ``scan`` (a crawl against a reference feed) and ``graph`` (a crawl against itself).

Stages, each persisted and counted so the summary can give its time (Spark is lazy: without the
count, all the work would show up in the last stage):

1. reference: read, ingest as ``unspun index add`` stores it, signature and norm; ``docno`` is
   the place in reading order (the index's tie-breaker); a repeated id keeps its last record;
2. crawl: read, ingest as ``unspun trace`` reads a suspect, query terms;
3. candidates: Spark joins over the signatures (:mod:`unspun.scan.candidates`);
4. judge: candidates joined to their reference texts and grouped by crawl article, then judged in
   ``mapPartitions`` by the library (:mod:`unspun.scan.tasks`), written as Parquet.

No stage collects the crawl to the driver: the driver holds counts, skip counts and, for a
manifest, its list of WARC paths. The reference texts go to the judge stage by a broadcast join
when they fit ``ScanOptions.broadcast_mb``, by a shuffle join otherwise.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from unspun.config import Settings
from unspun.errors import InputError
from unspun.scan.candidates import candidate_table, postings
from unspun.scan.inputs import Item, read_items
from unspun.scan.judge import candidate_count
from unspun.scan.readers import SkipReason
from unspun.scan.tasks import (
    DOC_SCHEMA,
    EDGE_SCHEMA,
    MATCH_SCHEMA,
    SKIP_SCHEMA,
    Tagged,
    edge_partition,
    judge_partition,
    prepare_docs,
)

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

logger = logging.getLogger(__name__)

REF_COLUMNS = ("docno", "id", "title", "url", "published", "fmt", "text", "article", "norm")


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Knobs of the Spark jobs that do not change any judgement (those live in ``Settings``).

    k: candidate sources listed per article (``trace -k``; at least 5 are searched, as trace does).
    partitions: shuffle partitions of the candidate and judge stages (default: twice Spark's
        default parallelism, at least 2).
    broadcast_mb: reference texts up to this size go to the judge stage by a broadcast join.
    max_rounds: bound on the label-propagation rounds of ``graph``.
    """

    k: int = 5
    partitions: int | None = None
    broadcast_mb: int = 256
    max_rounds: int = 100


@dataclass
class _Clock:
    seconds: dict[str, float] = field(default_factory=dict)
    _t: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str, what: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._t, 3)
        self._t = now
        logger.info("%s: %s (%.1f s)", stage, what, self.seconds[stage])


def _stage(spark: SparkSession, name: str) -> None:
    spark.sparkContext.setJobDescription(f"unspun {name}")


def _prepared(
    spark: SparkSession,
    items: RDD[Item],
    settings: Settings,
    *,
    side: str,
    as_reference: bool,
    as_query: bool,
) -> RDD[Tagged]:
    def run(pid: int, it: Iterable[Item]) -> Iterable[Tagged]:
        positioned = ((x, (pid << 32) + i) for i, x in enumerate(it))  # reading order, unique
        return prepare_docs(positioned, settings, side=side, as_reference=as_reference, as_query=as_query)

    from pyspark import StorageLevel

    return items.mapPartitionsWithIndex(run).persist(StorageLevel.MEMORY_AND_DISK)


def _split(spark: SparkSession, tagged: RDD[Tagged], schema: str) -> tuple[DataFrame, DataFrame]:
    """The rows and the skips of a tagged RDD, as two cached DataFrames (the RDD can then go)."""
    from pyspark import StorageLevel

    docs = spark.createDataFrame(tagged.filter(lambda t: t[0] == "doc").map(lambda t: t[1]), schema)
    skips = spark.createDataFrame(tagged.filter(lambda t: t[0] == "skip").map(lambda t: t[1]), SKIP_SCHEMA)
    return docs.persist(StorageLevel.MEMORY_AND_DISK), skips.persist(StorageLevel.MEMORY_AND_DISK)


def _deduped(docs: DataFrame, side: str) -> tuple[DataFrame, DataFrame]:
    """Keep the last record of each id (as ``unspun index add`` does); ``docno`` is its position.

    The position (``idx``: partition and place in it) grows with reading order, which is all the
    index's docno is used for (breaking ties between equal scores), so no renumbering, sort or
    shuffle of the texts is needed: only the (idx, id) pairs are shuffled to find repeated ids.
    """
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    later = Window.partitionBy("id").orderBy(F.desc("idx"))
    dropped = docs.select("idx", "id").withColumn("_r", F.row_number().over(later)).where(F.col("_r") > 1)
    dups = dropped.select(
        F.lit(side).alias("input"),
        F.col("id").alias("where"),
        F.lit(SkipReason.DUPLICATE_ID.value).alias("reason"),
        F.lit("a later record has the same id").alias("detail"),
    )
    kept = docs.join(dropped.select("idx"), "idx", "left_anti").withColumnRenamed("idx", "docno")
    return kept.persist(StorageLevel.MEMORY_AND_DISK), dups


def _partitions(spark: SparkSession, options: ScanOptions) -> int:
    return options.partitions or max(2, 2 * spark.sparkContext.defaultParallelism)


def _with_candidates(
    spark: SparkSession, cands: DataFrame, refs: DataFrame, options: ScanOptions
) -> DataFrame:
    """Group each query's candidates with their reference rows: (qkey, cands array)."""
    from pyspark.sql import functions as F

    payload = refs.select(*REF_COLUMNS)
    size = refs.select(F.sum(F.length("text") + F.coalesce(F.length("article"), F.lit(0)))).first()
    small = size is not None and (size[0] or 0) <= options.broadcast_mb * 2**20
    joined = cands.join(F.broadcast(payload) if small else payload, "docno")
    return joined.groupBy("qkey").agg(F.collect_list(F.struct("rank", *REF_COLUMNS)).alias("cands"))


def _is_local(path: str) -> bool:
    scheme = urlparse(path).scheme
    return scheme in ("", "file") or len(scheme) == 1


def _write_summary(spark: SparkSession, out: str, summary: dict[str, Any]) -> None:
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    if _is_local(out):
        base = Path(urlparse(out).path if out.startswith("file:") else out)
        base.mkdir(parents=True, exist_ok=True)
        (base / "summary.json").write_text(text + "\n", encoding="utf-8")
    else:
        spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").text(
            f"{out.rstrip('/')}/summary.json"
        )


def _skip_counts(skips: DataFrame) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in skips.groupBy("input", "reason").count().collect():  # a handful of rows
        out.setdefault(row["input"], {})[row["reason"]] = int(row["count"])
    return out


def _side(read: int, kept: int, skipped: dict[str, int]) -> dict[str, Any]:
    return {"read": read, "kept": kept, "skipped": sum(skipped.values()), "skipped_reasons": skipped}


def scan(
    spark: SparkSession,
    reference: Sequence[str],
    crawl: Sequence[str],
    out: str,
    *,
    settings: Settings | None = None,
    options: ScanOptions | None = None,
) -> dict[str, Any]:
    """Judge every crawl article against the reference feed as ``unspun trace`` would.

    Writes ``OUT/matches`` (one row per crawl article that derives from a reference article),
    ``OUT/skipped`` (every input not scanned, with its reason) and ``OUT/summary.json``, and
    returns the summary.

    Raises:
        InputError: an input's kind cannot be told from its name, or no reference article can be read.
    """
    from pyspark.sql import functions as F

    cfg = settings or Settings()
    opt = options or ScanOptions()
    k = max(opt.k, 5)
    parts = _partitions(spark, opt)
    clock = _Clock()
    dest = out.rstrip("/")

    _stage(spark, "scan: reference")
    ref_tagged = _prepared(spark, read_items(spark, reference), cfg, side="reference", as_reference=True,
                           as_query=False)  # fmt: skip
    ref_docs, ref_skips = _split(spark, ref_tagged, DOC_SCHEMA)
    refs, dups = _deduped(ref_docs, "reference")
    n_ref = refs.count()
    ref_skips.count()
    ref_tagged.unpersist()
    clock.lap("reference", f"{n_ref} reference articles")
    if n_ref == 0:
        reasons = _skip_counts(ref_skips).get("reference", {})
        raise InputError(
            f"no reference article could be read from {', '.join(reference)} "
            f"(skipped: {', '.join(f'{r} {c}' for r, c in reasons.items()) or 'nothing found'})"
        )

    _stage(spark, "scan: crawl")
    crawl_tagged = _prepared(spark, read_items(spark, crawl), cfg, side="crawl", as_reference=False,
                             as_query=True)  # fmt: skip
    crawl_docs, crawl_skips = _split(spark, crawl_tagged, DOC_SCHEMA)
    queries = crawl_docs.withColumnRenamed("idx", "qkey")
    n_crawl = crawl_docs.count()
    crawl_skips.count()
    crawl_tagged.unpersist()
    clock.lap("crawl", f"{n_crawl} crawl articles")

    _stage(spark, "scan: candidates")
    cands = candidate_table(
        queries.select("qkey", "terms"),
        postings(refs),
        total=n_ref,
        n=candidate_count(cfg.index, k, excluded=len(cfg.exclude.sources)),
        partitions=parts,
        settings=cfg,
    ).persist()
    judged = cands.where(F.col("rank") == 1).count()
    clock.lap("candidates", f"{judged} crawl articles have candidates")

    _stage(spark, "scan: judge")
    grouped = _with_candidates(spark, cands, refs, opt)
    rows = queries.select("qkey", "id", "url", "published", "article").join(grouped, "qkey")
    judged_rdd = rows.rdd.mapPartitions(lambda it: judge_partition(it, cfg, k=opt.k)).persist()
    matches, errors = _split(spark, judged_rdd, MATCH_SCHEMA)
    matches.write.mode("overwrite").parquet(f"{dest}/matches")
    n_match = spark.read.parquet(f"{dest}/matches").count()
    clock.lap("judge", f"{n_match} crawl articles derive from the reference")

    skips = ref_skips.unionByName(dups).unionByName(crawl_skips).unionByName(errors)
    skips.write.mode("overwrite").parquet(f"{dest}/skipped")
    counts = _skip_counts(spark.read.parquet(f"{dest}/skipped"))
    n_ref_read = n_ref + sum(counts.get("reference", {}).values())
    summary = {
        "command": "scan",
        "master": spark.sparkContext.master,
        "spark": spark.version,
        "reference": _side(n_ref_read, n_ref, counts.get("reference", {})),
        "crawl": _side(n_crawl + sum(counts.get("crawl", {}).values()), n_crawl, counts.get("crawl", {})),
        "judged": judged,
        "matched": n_match,
        "seconds": clock.seconds | {"total": round(sum(clock.seconds.values()), 3)},
        "outputs": {"matches": f"{dest}/matches", "skipped": f"{dest}/skipped"},
        "settings": cfg.to_dict(),
    }
    _write_summary(spark, dest, summary)
    judged_rdd.unpersist()
    for frame in (refs, ref_docs, ref_skips, crawl_docs, crawl_skips, cands):
        frame.unpersist()
    return summary


def _edges(spark: SparkSession, raw: DataFrame, docs: DataFrame) -> DataFrame:
    """Undirected edges with a direction: earliest is the source where both carry a date."""
    from pyspark.sql import functions as F

    pair = raw.select(
        F.least("query", "source").alias("a"), F.greatest("query", "source").alias("b"), "source", "score"
    )
    agg = pair.groupBy("a", "b").agg(F.max("score").alias("score"), F.collect_set("source").alias("found"))
    meta = docs.select("docno", "id", "url", F.col("published").cast("date").alias("pub"))
    a = meta.select(*[F.col(c).alias(f"a_{c}") for c in meta.columns])
    b = meta.select(*[F.col(c).alias(f"b_{c}") for c in meta.columns])
    e = agg.join(a, F.col("a") == F.col("a_docno")).join(b, F.col("b") == F.col("b_docno"))
    dated = F.col("a_pub").isNotNull() & F.col("b_pub").isNotNull()
    # As found: the one article a query chose as its source; both ways or by date otherwise.
    a_first = F.when(dated & (F.col("a_pub") != F.col("b_pub")), F.col("a_pub") < F.col("b_pub")).otherwise(
        (F.size("found") > 1) | F.array_contains("found", F.col("a"))
    )
    direction = F.when(dated & (F.col("a_pub") != F.col("b_pub")), "by date").when(dated, "same date")
    direction = direction.otherwise("undated")

    def side(col: str) -> Any:
        return F.when(a_first, F.col(f"a_{col}")).otherwise(F.col(f"b_{col}"))

    def other(col: str) -> Any:
        return F.when(a_first, F.col(f"b_{col}")).otherwise(F.col(f"a_{col}"))

    return e.select(
        "a",
        "b",
        side("id").alias("source_id"),
        other("id").alias("target_id"),
        side("url").alias("source_url"),
        other("url").alias("target_url"),
        side("pub").cast("string").alias("source_published"),
        other("pub").cast("string").alias("target_published"),
        "score",
        direction.alias("direction"),
    )


def graph(
    spark: SparkSession,
    crawl: Sequence[str],
    out: str,
    *,
    settings: Settings | None = None,
    options: ScanOptions | None = None,
) -> dict[str, Any]:
    """Find derivation edges among the crawl's own articles and their connected clusters.

    Each crawl article is judged as ``trace`` would judge it against an index of the whole crawl
    with itself left out; an edge joins it to each source ``trace`` would audit. Writes
    ``OUT/edges``, ``OUT/clusters`` (size, earliest member, members), ``OUT/skipped`` and
    ``OUT/summary.json``; returns the summary.

    Raises:
        InputError: an input's kind cannot be told from its name.
    """
    from pyspark.sql import functions as F

    from unspun.scan.components import connected_components

    cfg = settings or Settings()
    opt = options or ScanOptions()
    k = max(opt.k, 5)
    clock = _Clock()
    dest = out.rstrip("/")

    _stage(spark, "graph: crawl")
    tagged = _prepared(spark, read_items(spark, crawl), cfg, side="crawl", as_reference=True, as_query=True)
    raw_docs, skips = _split(spark, tagged, DOC_SCHEMA)
    docs, dups = _deduped(raw_docs, "crawl")
    n = docs.count()
    skips.count()
    tagged.unpersist()
    clock.lap("crawl", f"{n} crawl articles")

    _stage(spark, "graph: candidates")
    cands = candidate_table(
        docs.select(F.col("docno").alias("qkey"), "terms"),
        postings(docs),
        total=n,
        n=candidate_count(cfg.index, k, excluded=1),
        partitions=_partitions(spark, opt),
        settings=cfg,
    ).persist()
    judged = cands.where(F.col("rank") == 1).count()
    clock.lap("candidates", f"{judged} articles have candidates")

    _stage(spark, "graph: judge")
    grouped = _with_candidates(spark, cands, docs, opt)
    rows = docs.select(F.col("docno").alias("qkey"), "id", "text").join(grouped, "qkey")
    tagged_edges = rows.rdd.mapPartitions(lambda it: edge_partition(it, cfg, k=k)).persist()
    raw_edges, errors = _split(spark, tagged_edges, EDGE_SCHEMA)
    edges = _edges(spark, raw_edges, docs).persist()
    edges.drop("a", "b").write.mode("overwrite").parquet(f"{dest}/edges")
    n_edges = edges.count()
    clock.lap("judge", f"{n_edges} derivation edges")

    _stage(spark, "graph: clusters")
    labels, rounds, converged = connected_components(edges.select("a", "b"), max_rounds=opt.max_rounds)
    members = labels.join(docs.select(F.col("docno").alias("node"), "id", "url", "published"), "node")
    earliest = F.min(F.struct(F.col("published").isNull(), "published", "node", "id", "url"))
    clusters = members.groupBy("label").agg(
        F.count(F.lit(1)).alias("size"),
        earliest.alias("e"),
        F.array_sort(F.collect_list("id")).alias("members"),
    )
    clusters.select(
        F.col("e.id").alias("earliest_id"),
        F.col("e.url").alias("earliest_url"),
        F.col("e.published").alias("earliest_published"),
        "size",
        "members",
    ).write.mode("overwrite").parquet(f"{dest}/clusters")
    n_clusters = spark.read.parquet(f"{dest}/clusters").count()
    clock.lap("clusters", f"{n_clusters} clusters in {rounds} rounds")

    all_skips = skips.unionByName(dups).unionByName(errors)
    all_skips.write.mode("overwrite").parquet(f"{dest}/skipped")
    counts = _skip_counts(spark.read.parquet(f"{dest}/skipped")).get("crawl", {})
    summary = {
        "command": "graph",
        "master": spark.sparkContext.master,
        "spark": spark.version,
        "crawl": _side(n + sum(counts.values()), n, counts),
        "judged": judged,
        "edges": n_edges,
        "clusters": n_clusters,
        "label_rounds": rounds,
        "labels_converged": converged,
        "seconds": clock.seconds | {"total": round(sum(clock.seconds.values()), 3)},
        "outputs": {k: f"{dest}/{k}" for k in ("edges", "clusters", "skipped")},
        "settings": cfg.to_dict(),
    }
    _write_summary(spark, dest, summary)
    tagged_edges.unpersist()
    for frame in (edges, docs, raw_docs, skips, cands):
        frame.unpersist()
    return summary
