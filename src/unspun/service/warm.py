"""Preloaded by the fork server of the worker processes (:mod:`unspun.service.pool`).

Importing this module runs one tiny compare, which loads the language model and the word
lists. The fork server imports it once; every worker is forked from it afterwards and so
starts warm, including the replacement for a worker killed at its deadline. Nothing else
imports it. A failure is logged, not raised: requests will then say what is wrong.
"""

from __future__ import annotations

from unspun.config import Settings
from unspun.service.worker import warm_up

warm_up(Settings())
