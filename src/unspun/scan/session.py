"""Start, or join, the Spark session a scan runs in.

Under ``spark-submit`` (or inside an active session) the session carries the cluster's settings,
and nothing here overrides them. Started from the ``unspun`` command line, the session gets:

* the master given (``local[*]`` by default, ``spark://HOST:PORT`` for a standalone cluster);
* on this machine only (local mode, or a standalone master on the loopback address): the driver's
  Python for the executors (``PYSPARK_PYTHON``) and its ``PYTHONPATH``, so that they import the
  same unspun, and
  ``SPARK_LOCAL_IP=127.0.0.1`` unless set (the machine's host name may not resolve);
* in local mode, 4 GB for the driver (which is also the executor) and 8 shuffle partitions;
* no console progress bar (the driver logs one line per stage instead; Spark's UI shows the rest);
* each ``--conf KEY=VALUE`` given, last.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlparse

from unspun.errors import UnspunError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

logger = logging.getLogger(__name__)


class SparkUnavailableError(UnspunError):
    """Spark cannot start here: PySpark or Java is missing, or the master cannot be reached."""

    exit_code: ClassVar[int] = 4


def is_on_this_machine(master: str | None) -> bool:
    """True for local mode and for a standalone master on the loopback address."""
    if master is None or master.startswith("local"):
        return True
    host = urlparse(master).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def spark_session(
    master: str | None = None, *, app_name: str = "unspun scan", conf: Mapping[str, str] | None = None
) -> SparkSession:
    """Return the active Spark session, or start one as the module docstring says.

    Raises:
        SparkUnavailableError: PySpark is not installed, or the JVM could not start.
    """
    try:
        from pyspark.errors import PySparkRuntimeError
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailableError(
            "PySpark is not installed; install the extra: pip install 'unspun[spark]'"
        ) from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    if os.environ.get("PYSPARK_GATEWAY_PORT") and master is None:
        # Started by spark-submit: its settings (master, Python, archives) are the cluster's.
        return SparkSession.builder.appName(app_name).getOrCreate()
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings: dict[str, str] = {"spark.ui.showConsoleProgress": "false"}
    if is_on_this_machine(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # PySpark reads the workers' Python here
        if os.environ.get("PYTHONPATH"):
            settings["spark.executorEnv.PYTHONPATH"] = os.environ["PYTHONPATH"]
        if master is None or master.startswith("local"):
            settings["spark.sql.shuffle.partitions"] = "8"  # adaptive execution coalesces further
            # Local mode runs the executors inside the driver: Spark's 1 GB default cannot hold
            # the broadcast reference texts of a feed of tens of thousands of articles.
            settings["spark.driver.memory"] = "4g"
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except PySparkRuntimeError as exc:
        raise SparkUnavailableError(
            f"Spark could not start ({exc.getErrorClass() or exc}); it needs Java 17 "
            "(Debian: apt-get install openjdk-17-jre-headless) and JAVA_HOME or java on the PATH"
        ) from None
    session.sparkContext.setLogLevel("WARN" if logger.isEnabledFor(logging.DEBUG) else "ERROR")
    logger.info(
        "Spark %s session on %s (UI: %s)",
        session.version,
        session.sparkContext.master,
        session.sparkContext.uiWebUrl,
    )
    return session
