"""Preloaded by the fork server of the worker processes (:mod:`unspun.service.pool`).

Importing this module runs one tiny compare, which loads the language model and the word
lists, under the server's settings (:func:`~unspun.service.worker.warm_settings`), so that a
model only they switch on is loaded here too. The fork server imports it once; every worker
is forked from it afterwards and so starts warm, including the replacement for a worker
killed at its deadline. Nothing else imports it. A failure is logged, not raised: requests
will then say what is wrong.

The objects loaded here are then frozen out of the garbage collector (:func:`gc.freeze`, which
the Python documentation recommends before forking): a collection in a worker would otherwise
write to every one of them and so copy into that worker the memory pages it shares with the
fork server (measured with benchmarks/speed/bench_serve_memory.py, BENCHMARKS.md section 1).
"""

from __future__ import annotations

import gc

from unspun.service.worker import warm_settings, warm_up

warm_up(warm_settings())
gc.collect()
gc.freeze()
