"""Worker processes for the library calls: a call that overruns its deadline has its process ended.

Why processes, and why this small pool rather than :class:`concurrent.futures.ProcessPoolExecutor`:
a thread cannot be stopped, so a timed-out call used to run on at full CPU after its request had
answered 504 (issue 13, item 1); and a ``ProcessPoolExecutor`` cannot end one running call, only
shut down all of its workers, which would fail every other request in flight. Here each busy
worker runs exactly one call. When the call's deadline passes, its process is killed (SIGKILL: the
work is pure computation with nothing to clean up) and reaped before :meth:`ProcessPool.call`
returns, so the caller's concurrency slot is only given back once the work is really gone.

Workers are forked by :mod:`multiprocessing`'s fork server, which imports
:mod:`unspun.service.warm` once (loading the language model and word lists): a replacement for a
killed worker starts in milliseconds and already warm. The fork server is one per process, so
the first pool of a process decides what it preloads.

The functions a worker runs are sent by reference (pickled as module and name), so they must be
module-level functions; arguments and results must pickle.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from unspun.errors import UnspunError

logger = logging.getLogger(__name__)

PRELOAD = ("unspun.service.warm",)
_REAP_S = 10.0  # a SIGKILLed process is gone in milliseconds; this only bounds a wedged kernel


class CallTimeout(Exception):
    """The call did not finish by its deadline; its worker process has been ended."""


class WorkerCrash(Exception):
    """The worker process died or failed in a way that is not an :class:`UnspunError`."""


@dataclass(eq=False, slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection


def _serve(conn: Connection) -> None:  # runs in the worker process
    """Answer calls from ``conn`` one at a time until the other end closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent ends us
    if not logging.getLogger().handlers:  # this process's own errors, to the server's stderr
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("unspun worker %(process)d: %(levelname)s %(message)s"))
        logger.addHandler(handler)
    while True:
        reply: tuple[Any, ...]
        try:
            func, args = conn.recv()
        except EOFError:
            return
        except Exception as exc:  # the call could not be unpickled here
            reply = ("crash", f"cannot read the call ({type(exc).__name__})")
        else:
            try:
                reply = ("ok", func(*args))
            except UnspunError as exc:
                reply = ("error", type(exc), str(exc))
            except Exception as exc:
                logger.error("unhandled error in a worker process: %s", type(exc).__name__, exc_info=exc)
                reply = ("crash", type(exc).__name__)
        try:
            conn.send(reply)
        except Exception as exc:  # the result does not pickle
            conn.send(("crash", f"cannot send the result ({type(exc).__name__})"))


class ProcessPool:
    """Up to ``size`` worker processes; blocking methods, meant to be called from threads.

    The caller bounds concurrency (at most ``size`` calls at once); the pool keeps idle workers
    for reuse and starts one when none is idle.
    """

    def __init__(self, size: int, *, preload: Sequence[str] = PRELOAD) -> None:
        if size < 1:
            raise ValueError(f"pool size must be >= 1, got {size}")
        self.size = size
        if "forkserver" in multiprocessing.get_all_start_methods():
            self._ctx: Any = multiprocessing.get_context("forkserver")
            self._ctx.set_forkserver_preload(list(preload))  # no effect once the fork server runs
        else:  # no fork server (Windows): spawned workers load the models on their first call
            self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._live: set[_Worker] = set()
        self._closed = False

    # ------------------------------------------------------------------ workers

    def _start(self) -> _Worker:
        ours, theirs = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(target=_serve, args=(theirs,), name="unspun-worker", daemon=True)
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        with self._lock:
            closed = self._closed
            if not closed:
                self._live.add(worker)
        if closed:
            self._end(worker)
            raise WorkerCrash("the server is shutting down")
        return worker

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise WorkerCrash("the server is shutting down")
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                self._live.discard(worker)
        return self._start()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        self._end(worker)

    def _end(self, worker: _Worker) -> None:
        """Kill ``worker`` and wait until its process is gone."""
        with self._lock:
            self._live.discard(worker)
            if worker in self._idle:
                self._idle.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(_REAP_S)
        if worker.process.exitcode is None:
            logger.error("worker process %s did not end after SIGKILL", worker.process.pid)
        worker.conn.close()

    def reopen(self) -> None:
        """Accept calls again after :meth:`close` (a server started anew)."""
        with self._lock:
            self._closed = False

    def prestart(self) -> None:
        """Start workers until ``size`` are idle (the first start waits for the fork server to warm up)."""
        while True:
            with self._lock:
                if self._closed or len(self._live) >= self.size:
                    return
            self._give_back(self._start())

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (idle or busy)."""
        with self._lock:
            return sorted(w.process.pid for w in self._live if w.process.pid is not None)

    # ------------------------------------------------------------------ calls

    def call(self, func: Callable[..., Any], args: Sequence[Any], *, deadline: float) -> Any:
        """Run ``func(*args)`` in a worker and return its result.

        ``deadline`` is a :func:`time.monotonic` time. Returns or raises only once the call's
        process is idle again or has been ended.

        Raises:
            CallTimeout: the deadline passed first; the worker was killed and reaped.
            UnspunError: the call raised it (re-raised here with the same class and message).
            WorkerCrash: the worker died, or the call raised anything else (logged by the worker).
        """
        if time.monotonic() >= deadline:
            raise CallTimeout()
        worker = self._take()
        try:
            worker.conn.send((func, tuple(args)))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                raise CallTimeout()
            reply = worker.conn.recv()
        except CallTimeout:
            self._end(worker)
            raise
        except (EOFError, OSError) as exc:
            self._end(worker)
            raise WorkerCrash(f"the worker process ended unexpectedly ({type(exc).__name__})") from None
        except BaseException:
            self._end(worker)
            raise
        self._give_back(worker)
        kind = reply[0]
        if kind == "ok":
            return reply[1]
        if kind == "error":
            cls, message = reply[1], reply[2]
            raise cls(message)
        raise WorkerCrash(str(reply[1]))

    def close(self) -> None:
        """End every worker, busy or idle, and wait for them; later calls fail with WorkerCrash."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
        for worker in workers:
            self._end(worker)


__all__ = ["PRELOAD", "CallTimeout", "ProcessPool", "WorkerCrash"]
