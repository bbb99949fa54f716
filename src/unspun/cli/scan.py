"""`unspun scan` and `unspun graph`: the Spark jobs of :mod:`unspun.scan` from the command line.

Both print the run summary (read, skipped with reasons, matched or edges, seconds per stage) to
stdout; progress goes to the driver's log (``-v``) and Spark's UI. Exit codes: 0 done, 2 bad
input (an argument of unknown kind, no readable reference), 4 Spark cannot start (no PySpark or
no Java), 1 anything else.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from unspun.cli._app import app
from unspun.cli._common import ConfigOption, VerboseOption, emit
from unspun.config import load_settings
from unspun.errors import InputError

CrawlOption = Annotated[
    list[str],
    typer.Option(
        "--crawl",
        metavar="INPUT",
        help="Crawl input (repeatable): WARC[.gz], a manifest of WARC paths (*.paths, *.txt), "
        "JSONL[.gz] or Parquet; local paths or file system URIs (s3a://, hdfs://).",
    ),
]
OutOption = Annotated[
    str, typer.Option("--out", metavar="DIR", help="Output directory (Parquet + summary.json).")
]
MasterOption = Annotated[
    str | None,
    typer.Option(
        "--master", metavar="URL", help="Spark master: local[N] (default local[*]), spark://HOST:PORT."
    ),
]
ConfOption = Annotated[
    list[str] | None,
    typer.Option(
        "--conf", metavar="KEY=VALUE", help="Spark setting (repeatable), e.g. spark.executor.memory=4g."
    ),
]
KOption = Annotated[
    int, typer.Option("-k", "--top-k", min=1, max=100, help="Most candidate sources to list per article.")
]
PartitionsOption = Annotated[
    int | None,
    typer.Option("--partitions", min=1, help="Shuffle partitions (default: 2 x Spark's parallelism)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


def _conf(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf takes KEY=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


def _print(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit(json.dumps(summary, indent=2, ensure_ascii=False), None)
        return
    lines = []
    for side in ("reference", "crawl"):
        s = summary.get(side)
        if s:
            lines.append(f"{side}: read {s['read']}, kept {s['kept']}, skipped {s['skipped']}")
            lines += [f"  skipped {n}: {reason}" for reason, n in sorted(s["skipped_reasons"].items())]
    if summary["command"] == "scan":
        lines.append(f"judged {summary['judged']}, derived from the reference: {summary['matched']}")
    else:
        lines.append(f"judged {summary['judged']}, edges {summary['edges']}, clusters {summary['clusters']}")
    lines.append("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in summary["seconds"].items()))
    lines += [f"wrote {path}" for path in summary["outputs"].values()]
    emit("\n".join(lines), None)


@app.command("scan")
def scan_command(
    reference: Annotated[
        list[str],
        typer.Option(
            "--reference", metavar="FEED", help="Reference feed (repeatable), same kinds as --crawl."
        ),
    ],
    crawl: CrawlOption,
    out: OutOption,
    master: MasterOption = None,
    conf: ConfOption = None,
    k: KOption = 5,
    partitions: PartitionsOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Find every crawl article that derives from the reference feed, judged as `unspun trace` judges.

    Writes OUT/matches (Parquet: one row per derived crawl article with its sources, verdict,
    finding counts and report JSON), OUT/skipped and OUT/summary.json.
    """
    from unspun.scan import ScanOptions, scan, spark_session
    from unspun.scan.inputs import check_kinds

    settings = load_settings(config)
    check_kinds([*reference, *crawl])
    spark = spark_session(master, conf=_conf(conf))
    summary = scan(
        spark, reference, crawl, out, settings=settings, options=ScanOptions(k=k, partitions=partitions)
    )
    _print(summary, as_json)


@app.command("graph")
def graph_command(
    crawl: CrawlOption,
    out: OutOption,
    master: MasterOption = None,
    conf: ConfOption = None,
    partitions: PartitionsOption = None,
    as_json: JsonOption = False,
    config: ConfigOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Draw the crawl's provenance graph: derivation edges among its articles and their clusters.

    Writes OUT/edges (source is the earlier article where both carry a date), OUT/clusters
    (size, earliest member, members), OUT/skipped and OUT/summary.json.
    """
    from unspun.scan import ScanOptions, graph, spark_session
    from unspun.scan.inputs import check_kinds

    settings = load_settings(config)
    check_kinds(crawl)
    spark = spark_session(master, app_name="unspun graph", conf=_conf(conf))
    summary = graph(spark, crawl, out, settings=settings, options=ScanOptions(partitions=partitions))
    _print(summary, as_json)
