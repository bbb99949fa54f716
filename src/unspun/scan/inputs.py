"""Turn ``--crawl`` / ``--reference`` arguments into one RDD of documents and skips.

* WARC / WARC.gz files, and manifests listing them (one path per line, local or any file system
  URI): one Spark task per WARC file, streaming it through :func:`unspun.scan.readers.iter_warc`.
* JSONL (optionally gzipped): Spark's text reader (splits, Hadoop file systems), one
  :func:`~unspun.scan.readers.parse_json_line` per line; a line's place is ``PATH:LINE``.
* Parquet (a file or a directory of them): Spark's Parquet reader, columns ``id``, ``text`` and
  optionally ``url``, ``published``, ``title``.

An argument that does not exist, a manifest entry that does not, a Parquet dataset without a
``text`` column: each becomes a counted skip, never a failed job. Only an argument whose kind
cannot be told from its name is refused (:class:`~unspun.errors.InputError`, before any work).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from unspun.errors import InputError
from unspun.scan.readers import (
    InputKind,
    RawDoc,
    Skip,
    SkipReason,
    doc_from_fields,
    input_kind,
    manifest_paths,
    parse_json_line,
    read_warc_uri,
)

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

logger = logging.getLogger(__name__)

Item = RawDoc | Skip
PARQUET_COLUMNS = ("id", "text", "url", "published", "title")


def check_kinds(paths: Sequence[str]) -> None:
    """Refuse arguments whose kind cannot be told from their names.

    Raises:
        InputError: an argument is not a WARC, manifest, JSONL or Parquet path.
    """
    bad = [p for p in paths if input_kind(p) is None]
    if bad:
        raise InputError(
            f"cannot tell how to read {bad[0]!r}: name WARC files *.warc or *.warc.gz, manifests "
            "*.paths, *.txt or *.manifest, JSONL *.jsonl[.gz], Parquet *.parquet or a directory"
        )


def _text_lines(spark: SparkSession, path: str) -> DataFrame | Skip:
    from pyspark.errors import AnalysisException

    try:
        return spark.read.text(path)
    except AnalysisException as exc:
        reason = SkipReason.MISSING_PATH if "PATH_NOT_FOUND" in str(exc) else SkipReason.UNREADABLE_PATH
        return Skip(path, reason, str(exc).splitlines()[0][:300])


def _jsonl(spark: SparkSession, path: str) -> RDD[Item] | Skip:
    lines = _text_lines(spark, path)
    if isinstance(lines, Skip):
        return lines

    def parse(pair: tuple[Any, int]) -> Iterator[Item]:
        got = parse_json_line(pair[0].value, f"{path}:{pair[1] + 1}")
        if got is not None:
            yield got

    return lines.rdd.zipWithIndex().flatMap(parse)


def _parquet(spark: SparkSession, path: str) -> RDD[Item] | Skip:
    from pyspark.errors import AnalysisException
    from pyspark.sql import functions as F

    try:
        df = spark.read.parquet(path)
    except AnalysisException as exc:
        reason = SkipReason.MISSING_PATH if "PATH_NOT_FOUND" in str(exc) else SkipReason.UNREADABLE_PATH
        return Skip(path, reason, str(exc).splitlines()[0][:300])
    if "text" not in df.columns:
        return Skip(path, SkipReason.MISSING_TEXT, f"no 'text' column (columns: {', '.join(df.columns)})")
    cols = [F.col(c) if c in df.columns else F.lit(None).alias(c) for c in PARQUET_COLUMNS]

    def convert(pair: tuple[Any, int]) -> Item:
        r, i = pair
        return doc_from_fields(
            r["id"], r["text"], where=f"{path}#{i}", url=r["url"], published=r["published"], title=r["title"]
        )

    return df.select(*cols).rdd.zipWithIndex().map(convert)


def _warc_paths(spark: SparkSession, path: str, kind: InputKind) -> list[str] | Skip:
    if kind is InputKind.WARC:
        return [path]
    lines = _text_lines(spark, path)
    if isinstance(lines, Skip):
        return lines
    return manifest_paths([r.value for r in lines.collect()], path)  # a manifest is small


def read_items(spark: SparkSession, paths: Sequence[str]) -> RDD[Item]:
    """One RDD of every document (or skip) under ``paths``, in argument order.

    Raises:
        InputError: an argument's kind cannot be told from its name (see :func:`check_kinds`).
    """
    check_kinds(paths)
    sc = spark.sparkContext
    parts: list[RDD[Item]] = []
    skips: list[Item] = []
    warcs: list[str] = []

    def flush_warcs() -> None:
        if warcs:  # one task per WARC file
            parts.append(sc.parallelize(list(warcs), len(warcs)).flatMap(read_warc_uri))
            warcs.clear()

    for path in paths:
        kind = input_kind(path)
        got: RDD[Item] | list[str] | Skip
        if kind in (InputKind.WARC, InputKind.MANIFEST):
            assert kind is not None
            got = _warc_paths(spark, path, kind)
            if isinstance(got, list):
                warcs.extend(got)
                continue
        else:
            flush_warcs()
            got = _jsonl(spark, path) if kind is InputKind.JSONL else _parquet(spark, path)
        if isinstance(got, Skip):
            logger.warning("%s: %s %s", path, got.reason.value, got.detail)
            skips.append(got)
        elif not isinstance(got, list):
            parts.append(got)
    flush_warcs()
    if skips:
        parts.append(sc.parallelize(skips, 1))
    if not parts:
        return sc.emptyRDD()
    return parts[0] if len(parts) == 1 else sc.union(parts)
