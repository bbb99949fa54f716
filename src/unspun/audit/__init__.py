"""Audit: compare the facts of aligned sentences and report what the rewrite changed.

Input: the rewrite and its sources (ingested), their facts (:class:`~unspun.types.FactSheet`)
and the alignment. Output: an :class:`~unspun.types.AuditResult`: findings (a fixed
vocabulary, :class:`~unspun.types.FindingType`), metrics and a verdict.

The rules read as an editor reads, one module per fact family, listed in :data:`RULES`
(:mod:`unspun.audit.run`):

* a fact in a rewrite sentence is checked first against the source sentences it was aligned
  to, then against the rest of the source (rewrites move facts between sentences). A value
  is *changed* only when the aligned source sentence holds a comparable value that the
  rewrite sentence does not keep (a number for a number of the same kind, a date for a date):
  :mod:`~unspun.audit.numbers`, :mod:`~unspun.audit.dates`, :mod:`~unspun.audit.entities`
  (with :mod:`~unspun.audit.name_swaps`);
* quotes are checked against every quote of the sources (quotes move around freely):
  :mod:`~unspun.audit.quotes`;
* attributions: a party the rewrite cites for a claim must be cited for it by the source
  (``attribution_added``); a party the source cites must still be named in the rewrite
  sentence that restates the claim (``attribution_dropped``): :mod:`~unspun.audit.attributions`;
* a negation or an antonym flipped inside an aligned sentence reverses its meaning:
  :mod:`~unspun.audit.meaning`;
* credits (author, agency, photo, URL) must survive: :mod:`~unspun.audit.credits`;
* a number, date or name of an aligned sentence that stands nowhere in the sources (and
  replaces nothing of its kind) is unsupported: :mod:`~unspun.audit.unsupported`;
* a rewrite sentence aligned to nothing is an unsupported claim; a source sentence used by
  nothing is an omission; a rewrite that stops mid-sentence is truncated:
  :mod:`~unspun.audit.coverage`.

A new rule is a module with an object that satisfies :class:`Rule`, added to ``RULES``.
"""

from __future__ import annotations

from unspun.audit.context import AuditContext, Line, Rule
from unspun.audit.metrics import compute_metrics, decide_verdict
from unspun.audit.run import RULES, audit, preload

__all__ = ["RULES", "AuditContext", "Line", "Rule", "audit", "compute_metrics", "decide_verdict", "preload"]
