"""Server process helpers for the end-to-end tests: the one implementation is shared with the
serve benchmark in benchmarks/serve_process.py (benchmarks do not import tests)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.serve_process import (
    clean_env,
    descendants,
    free_port,
    start_server,
    stop_server,
    thread_count,
    tree_cpu_during,
)

__all__ = [
    "clean_env",
    "descendants",
    "free_port",
    "start_server",
    "stop_server",
    "thread_count",
    "tree_cpu_during",
]
