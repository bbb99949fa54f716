"""Candidate generation as Spark joins over the rare-term signatures (what the SQLite index does).

The local index stores ``postings(term, docno)`` for each reference article's signature and, per
query, keeps the suspect's heaviest terms whose posting count is under a cap, takes them rarest
first while their postings fit in a budget, sums their weights over the documents they post to
and keeps the best ``n`` documents (``unspun.index.search.candidates``). Here:

1. ``postings``: the reference signatures exploded, one row per (term, docno);
2. ``df``: postings counted per term;
3. query terms joined to ``df`` (terms no reference holds drop out), and each query's terms chosen
   by the index's own rule (:func:`unspun.scan.judge.select_terms`, one Python call per query
   after a shuffle by query: the budget rule is sequential, not a sum);
4. chosen terms joined to ``postings``, weights summed per (query, document), and the best ``n``
   per query kept by a window ordered as SQLite orders them (score, then docno).

The postings are broadcast to the join when they are small enough (about 16 bytes a row); the
chosen terms are hash-partitioned by query first, so the sum and the window need no further
shuffle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unspun.config import Settings
from unspun.scan.judge import postings_limits
from unspun.scan.tasks import SELECTED_SCHEMA, select_partition

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

BROADCAST_POSTINGS_ROWS = 8_000_000  # ~128 MB of (term, docno) pairs


def postings(refs: DataFrame) -> DataFrame:
    """One row per (term, docno) of the reference signatures (column ``sig``)."""
    from pyspark.sql import functions as F

    return refs.select(F.explode("sig").alias("term"), "docno")


def candidate_table(
    queries: DataFrame, posts: DataFrame, *, total: int, n: int, partitions: int, settings: Settings
) -> DataFrame:
    """Return (qkey, docno, rank, score): each query's best ``n`` reference documents.

    ``queries`` has ``qkey`` and ``terms`` (array of (term, qw) in query order); ``total`` is the
    number of reference articles; ``settings.index`` gives the posting cap and budget.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    spark = queries.sparkSession
    cap, _ = postings_limits(max(total, 1), settings.index)
    dfs = posts.groupBy("term").agg(F.count(F.lit(1)).alias("df")).where(F.col("df") <= cap)
    qterms = queries.select("qkey", F.posexplode("terms").alias("pos", "t")).select(
        "qkey", "pos", F.col("t.term").alias("term"), F.col("t.qw").alias("qw")
    )
    joined = qterms.join(dfs, "term")
    pairs = joined.rdd.map(lambda r: (r["qkey"], (r["pos"], r["term"], r["qw"], r["df"])))
    chosen = pairs.groupByKey(partitions).mapPartitions(lambda g: select_partition(g, total, settings))
    selected = spark.createDataFrame(chosen, SELECTED_SCHEMA).repartition(partitions, "qkey")
    small = total * settings.index.terms_per_doc <= BROADCAST_POSTINGS_ROWS
    acc = (
        selected.join(F.broadcast(posts) if small else posts, "term")
        .groupBy("qkey", "docno")
        .agg(F.sum("w").alias("score"))
    )
    order = Window.partitionBy("qkey").orderBy(F.desc("score"), F.asc("docno"))
    return acc.withColumn("rank", F.row_number().over(order)).where(F.col("rank") <= n)
