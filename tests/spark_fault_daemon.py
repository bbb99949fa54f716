"""A PySpark daemon whose Python workers die once in every judge task (tests only).

Started by Spark in place of ``pyspark.daemon`` (``--conf spark.python.daemon.module=
spark_fault_daemon``, with tests/ on the workers' ``PYTHONPATH``). Each forked worker wraps
:func:`unspun.scan.tasks.judge_partition`: on a task's first attempt, after the partition has
produced its first output row, the worker process exits at once (``os._exit``), as a worker
killed by the operating system would. Spark sees a crashed Python worker, fails the task and
retries it; the retry (attempt 1) runs unchanged. Each crash leaves a file in
``$UNSPUN_FAULT_DIR`` so that a test can tell that the fault did happen.

The library is not touched: the scan's lambda refers to ``judge_partition`` by module and name
(cloudpickle pickles importable functions by reference), so the worker resolves the wrapped one.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyspark.daemon


def _install() -> None:
    import unspun.scan.tasks as tasks

    if getattr(tasks.judge_partition, "_faulty", False):
        return
    real = tasks.judge_partition

    def judge_partition(rows: Iterable[Any], settings: Any, *, k: int) -> Iterator[Any]:
        from pyspark import TaskContext

        ctx = TaskContext.get()
        for n, item in enumerate(real(rows, settings, k=k)):
            yield item
            if n == 0 and ctx is not None and ctx.attemptNumber() == 0:
                where = Path(os.environ["UNSPUN_FAULT_DIR"])
                (where / f"crash-{ctx.stageId()}-{ctx.partitionId()}").write_text("", encoding="utf-8")
                os._exit(1)

    judge_partition._faulty = True  # type: ignore[attr-defined]
    tasks.judge_partition = judge_partition


_forked_worker = pyspark.daemon.worker


def worker(sock: socket.socket, authenticated: bool) -> int:
    """Runs in each forked worker: wrap the judge, then serve tasks as ``pyspark.daemon`` does."""
    _install()
    return int(_forked_worker(sock, authenticated))


if __name__ == "__main__":
    pyspark.daemon.worker = worker
    pyspark.daemon.manager()
