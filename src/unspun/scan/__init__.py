"""Scale out on Spark: scan a web crawl for rewrites of a reference feed, and its provenance graph.

Public names::

    spark_session(master=None, *, conf=None) -> SparkSession
    scan(spark, reference, crawl, out, *, settings=None, options=None) -> summary dict
    graph(spark, crawl, out, *, settings=None, options=None) -> summary dict
    ScanOptions, SparkUnavailableError, SkipReason

Needs the ``spark`` extra (``pip install 'unspun[spark]'``) and Java 17. Every judgement is the
library's own (see :mod:`unspun.scan.judge`); Spark replaces only the index's candidate join and
does the distribution, retries and shuffles. ``docs/spark.md`` gives the cluster recipe.
"""

from __future__ import annotations

from unspun.scan.jobs import ScanOptions, graph, scan
from unspun.scan.readers import SkipReason
from unspun.scan.session import SparkUnavailableError, spark_session

__all__ = ["ScanOptions", "SkipReason", "SparkUnavailableError", "graph", "scan", "spark_session"]
