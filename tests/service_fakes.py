"""Stand-ins for the library call behind POST /v1/compare, for the service tests.

They run in the server's worker processes, which receive them by reference (module and name),
so they live in this importable module rather than in a test function. Each takes the request,
the settings and the format, as ``unspun.service.worker.compare_and_render`` does, and reads its
instructions from the rewrite's text (JSON), so that every request says what its call does.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from unspun import errors
from unspun.config import Settings
from unspun.service import CompareRequest, ReportFormatParam
from unspun.service.worker import compare_and_render as _real_compare_and_render


def echo(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """Answer the request's texts, so each answer is tied to its request."""
    return json.dumps(
        {"rewrite": req.rewrite.body, "sources": [s.body for s in req.sources], "fmt": fmt.value}
    )


def _write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a process killed meanwhile leaves the previous text."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


def instructions(**what: Any) -> dict[str, Any]:
    """A compare request whose rewrite text carries ``what`` for :func:`work` or :func:`fail`."""
    return {"rewrite": {"text": json.dumps(what)}, "sources": [{"text": "a source"}]}


def work(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """Keep the CPU busy (or sleep, with ``"sleep": true``) for ``seconds`` (forever if null).

    About every 10 ms it writes its pid and a counter to the file ``"beat"`` names, and its pid,
    start time and latest time alive (``time.time()``; ``"end"`` once done) to a file of its own
    in the folder ``"log"`` names.
    """
    todo = json.loads(req.rewrite.body)
    seconds: float | None = todo.get("seconds")
    beat = Path(todo["beat"]) if todo.get("beat") else None
    log = Path(todo["log"]) / f"{os.getpid()}-{time.monotonic_ns()}.json" if todo.get("log") else None
    start = time.time()
    count = 0
    next_beat = 0.0
    while True:
        now = time.time()
        done = seconds is not None and now - start >= seconds
        if now >= next_beat or done:
            count += 1
            if beat is not None:
                _write(beat, f"{os.getpid()} {count}")
            if log is not None:
                entry = {"pid": os.getpid(), "start": start, "last": now, **({"end": now} if done else {})}
                _write(log, json.dumps(entry))
            next_beat = now + 0.01
        if done:
            return echo(req, settings, fmt)
        if todo.get("sleep"):
            time.sleep(0.005)


def fail(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """Raise the exception named by ``"raise"`` (an unspun error, or RuntimeError) with ``"message"``,
    or end the worker process abruptly with ``"exit": true``."""
    todo = json.loads(req.rewrite.body)
    if todo.get("exit"):
        os._exit(3)
    name, message = todo["raise"], todo["message"]
    cls = RuntimeError if name == "RuntimeError" else getattr(errors, name)
    raise cls(message)


def offline(req: CompareRequest, settings: Settings, fmt: ReportFormatParam) -> str:
    """The real library call, with every outgoing connection of this worker process refused.

    Raises:
        InputError: the call tried to connect somewhere (the addresses are in the message).
    """
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise OSError("network access attempted")

    saved = socket.socket.connect, socket.socket.connect_ex, socket.create_connection
    socket.socket.connect = socket.socket.connect_ex = refuse  # type: ignore[assignment,method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]
    try:
        text = _real_compare_and_render(req, settings, fmt)
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.create_connection = saved  # type: ignore[method-assign]
    if attempts:
        raise errors.InputError(f"the library call tried to connect: {attempts}")
    return text
