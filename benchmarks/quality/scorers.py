"""unspun as a detector: lazy adapters around ``unspun.align`` and ``unspun.pipeline``.

Every import of unspun's stages happens inside a function, so the harness still runs the
baselines while a stage does not exist yet (its rows then say "not available").
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Indel

if TYPE_CHECKING:
    from unspun.types import Report

logger = logging.getLogger(__name__)

#: (rewrite text, [(source doc id, source text), ...], rewrite id)
Request = tuple[str, Sequence[tuple[str, str]], str]

#: Finding types about the rewrite's own content; omission/credit/truncation say nothing
#: about whether what the rewrite states is supported. ``meaning_changed`` (the pair judge,
#: off by default: ``audit.meaning_changed``) is one: it says what the rewrite states is not
#: what its source says.
CONTENT_TYPES = (
    "number_mismatch",
    "date_mismatch",
    "quote_altered",
    "quote_fabricated",
    "quote_misattributed",
    "meaning_reversed",
    "meaning_changed",
    "entity_mismatch",
    "attribution_added",
    "attribution_dropped",
    "unsupported_claim",
    "unsupported_fact",
)


def sentence_similarity_fn() -> tuple[Callable[[str, str], float] | None, str]:
    """Return ``(unspun.align.sentence_similarity, "")`` or ``(None, why it is unavailable)``."""
    try:
        mod = importlib.import_module("unspun.align")
        fn: Callable[[str, str], float] = mod.sentence_similarity
    except (ImportError, AttributeError) as exc:
        return None, f"unspun.align.sentence_similarity not available ({exc})"
    return fn, ""


@dataclass(frozen=True, slots=True)
class FoundSpan:
    """One finding, with its rewrite span mapped back onto the raw rewrite text given."""

    type: str
    severity: str
    confidence: float
    start: int
    end: int
    detail: str = ""  # "type: before -> after" (for the error examples of the report)


@dataclass(frozen=True, slots=True)
class Audit:
    """What the harness keeps of one ``compare_articles`` report."""

    verdict: str
    derived_share: float
    findings: tuple[FoundSpan, ...]
    seconds: float
    error: str | None = None
    sentences: int = 0  # body sentences of the rewrite

    def content_rate(self) -> float:
        """Content findings (CONTENT_TYPES) per rewrite body sentence: a graded score."""
        n = sum(1 for f in self.findings if f.type in CONTENT_TYPES)
        return n / max(1, self.sentences)

    def types(self) -> set[str]:
        return {f.type for f in self.findings}

    def flags(self, types: Sequence[str] | set[str] | frozenset[str]) -> bool:
        """True if any finding has one of ``types``."""
        wanted = set(types)
        return any(f.type in wanted for f in self.findings)


def _offset_map(normalised: str, raw: str) -> list[int]:
    """Map each offset of ``normalised`` (plus its end) to an offset of ``raw``."""
    mapping = [0] * (len(normalised) + 1)
    for op in Indel.opcodes(normalised, raw):
        for k in range(op.src_end - op.src_start):
            mapping[op.src_start + k] = op.dest_start + (k if op.tag == "equal" else 0)
    mapping[len(normalised)] = len(raw)
    # Offsets inside deletions keep the last raw position reached; make the map monotone.
    for i in range(1, len(mapping)):
        mapping[i] = max(mapping[i], mapping[i - 1])
    return mapping


def raw_spans(report: Report, raw: str) -> list[tuple[int, int]]:
    """Each finding's rewrite span as offsets of ``raw``, the text given before unspun normalised it."""
    mapping = _offset_map(report.rewrite.text, raw) if report.rewrite.text != raw else None
    spans = []
    for f in report.findings:
        s, e = f.rewrite.start, f.rewrite.end
        if mapping is not None:
            s, e = mapping[min(s, len(mapping) - 1)], mapping[min(e, len(mapping) - 1)]
        spans.append((s, e))
    return spans


@dataclass
class UnspunAuditor:
    """Runs ``compare_articles`` on (rewrite text, source texts) pairs; caches parsed sources."""

    settings: Any = None
    _article_from_text: Callable[..., Any] | None = None
    _compare: Callable[..., Any] | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    calls: int = 0
    seconds: float = 0.0
    errors: int = 0
    jobs: int = 1

    @classmethod
    def create(cls) -> tuple[UnspunAuditor | None, str]:
        """Return an auditor, or ``(None, why)`` if ingest/pipeline are not there yet."""
        try:
            ingest = importlib.import_module("unspun.ingest")
            pipeline = importlib.import_module("unspun.pipeline")
            a2t = ingest.article_from_text
            cmp_ = pipeline.compare_articles
        except (ImportError, AttributeError) as exc:
            return None, f"unspun pipeline not available ({exc})"
        return cls(_article_from_text=a2t, _compare=cmp_), ""

    def _article(self, text: str, doc_id: str, *, cache: bool) -> Any:
        assert self._article_from_text is not None
        if cache and doc_id in self._cache:
            return self._cache[doc_id]
        art = self._article_from_text(text, doc_id=doc_id, fmt="text")
        if cache:
            self._cache[doc_id] = art
        return art

    def audit(
        self, rewrite: str, sources: Sequence[tuple[str, str]], *, rewrite_id: str = "rewrite"
    ) -> Audit:
        """Compare ``rewrite`` with ``sources`` (``(doc_id, text)`` pairs; parsed once and cached).

        A failure inside unspun is recorded in ``Audit.error`` (counted as no finding,
        verdict "error") so that one bad item does not stop the benchmark.
        """
        assert self._compare is not None
        t0 = time.perf_counter()
        self.calls += 1
        try:
            src = [self._article(text, doc_id, cache=True) for doc_id, text in sources]
            rw = self._article(rewrite, rewrite_id, cache=False)
            report = self._compare(rw, src, settings=self.settings)
        except Exception as exc:  # one failing item must not stop the benchmark
            self.errors += 1
            dt = time.perf_counter() - t0
            self.seconds += dt
            logger.warning("unspun failed on %s: %s: %s", rewrite_id, type(exc).__name__, exc)
            return Audit("error", 0.0, (), dt, f"{type(exc).__name__}: {exc}")
        found = []
        for f, (s, e) in zip(report.findings, raw_spans(report, rewrite), strict=True):
            detail = f"{f.type.value}: {f.before!r} -> {f.after!r}" if f.before or f.after else f.type.value
            if not (f.before or f.after):
                detail += f" [{f.rewrite.text[:80]!r}]"
            found.append(FoundSpan(f.type.value, f.severity.value, float(f.confidence), s, e, detail[:200]))
        dt = time.perf_counter() - t0
        self.seconds += dt
        return Audit(
            report.verdict.label.value,
            float(report.metrics.derived_share),
            tuple(found),
            dt,
            sentences=int(report.metrics.rewrite_sentences),
        )

    def audit_many(self, requests: Sequence[Request]) -> list[Audit]:
        """Audit many ``(rewrite, sources, rewrite_id)`` requests, in order, on ``jobs`` processes."""
        if self.jobs <= 1 or len(requests) < 4:
            return [self.audit(r, s, rewrite_id=i) for r, s, i in requests]
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(self.jobs, initializer=_init_worker, initargs=(self.settings,)) as pool:
            audits = pool.map(_worker_audit, requests, chunksize=max(1, len(requests) // (self.jobs * 4)))
        self.calls += len(audits)
        self.seconds += sum(a.seconds for a in audits)
        self.errors += sum(1 for a in audits if a.error)
        return audits

    def forget(self) -> None:
        """Drop the parsed-source cache."""
        self._cache.clear()


_WORKER: UnspunAuditor | None = None


def _init_worker(settings: Any) -> None:
    global _WORKER  # one auditor per worker process (fork keeps the loaded models)
    auditor, why = UnspunAuditor.create()
    if auditor is None:
        raise RuntimeError(why)
    auditor.settings = settings
    _WORKER = auditor


def _worker_audit(request: Request) -> Audit:
    assert _WORKER is not None
    rewrite, sources, rewrite_id = request
    return _WORKER.audit(rewrite, sources, rewrite_id=rewrite_id)


def select_types(
    audits: Sequence[Audit],
    labels: Sequence[bool],
    candidates: Sequence[str],
    objective: Callable[[Sequence[bool], Sequence[bool]], float],
) -> tuple[str, ...]:
    """Greedy forward selection of finding types: "positive = any finding of these types".

    Adds the type that raises ``objective`` most until none raises it; deterministic
    (candidates are tried in the order given). Returns the chosen types (maybe empty).
    """
    chosen: list[str] = []
    best = objective(labels, [False] * len(labels))
    while True:
        step: tuple[float, str] | None = None
        for t in candidates:
            if t in chosen:
                continue
            pred = [a.flags({*chosen, t}) for a in audits]
            v = objective(labels, pred)
            if v > best + 1e-12 and (step is None or v > step[0]):
                step = (v, t)
        if step is None:
            return tuple(chosen)
        best = step[0]
        chosen.append(step[1])
