"""Connected components of the derivation graph, by label propagation over Spark joins.

Why hand-written: GraphFrames (``connectedComponents``) needs its JVM package fetched from a Maven
repository when the session starts (the ``graphframes-py`` wheel ships only Python), which does
not work offline and would add a second JVM dependency to pin against Spark 4.3. The algorithm is
a few DataFrame operations: every node starts with its own id as label; each round, a node takes
the smallest label among itself and its neighbours, then the label of its label (pointer jumping,
which shortens long chains); it stops when no label changes. Each round is checkpointed (local
checkpoint) so the plan does not grow with the number of rounds.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

logger = logging.getLogger(__name__)


def connected_components(edges: DataFrame, *, max_rounds: int = 100) -> tuple[DataFrame, int, bool]:
    """Label each node of an undirected graph with the smallest node id in its component.

    ``edges`` has long columns ``a`` and ``b``. Returns (``node``, ``label``) rows for every node
    that has an edge, the number of rounds run, and whether the labels converged (they always do
    within the graph's diameter; ``max_rounds`` only bounds a pathological input).
    """
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))
    )
    labels = both.select(F.col("src").alias("node")).distinct().withColumn("label", F.col("node"))
    labels = labels.localCheckpoint()
    for rounds in range(1, max_rounds + 1):
        offers = both.join(labels.withColumnRenamed("node", "src"), "src").select(
            F.col("dst").alias("node"), "label"
        )
        spread = labels.union(offers).groupBy("node").agg(F.min("label").alias("label"))
        hop = spread.select(F.col("node").alias("label"), F.col("label").alias("hop"))
        jumped = spread.join(hop, "label", "left").select(
            "node", F.least(F.col("label"), F.coalesce(F.col("hop"), F.col("label"))).alias("label")
        )
        jumped = jumped.localCheckpoint()
        changed = (
            jumped.join(labels.withColumnRenamed("label", "old"), "node")
            .where(F.col("label") < F.col("old"))
            .count()
        )
        labels = jumped
        logger.info("components: round %d, %d labels changed", rounds, changed)
        if changed == 0:
            return labels, rounds, True
    logger.warning("components: labels still changing after %d rounds", max_rounds)
    return labels, max_rounds, False
