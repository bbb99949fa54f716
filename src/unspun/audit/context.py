"""What every audit rule reads: the rewrite, its sources, their facts and the alignment.

:class:`AuditContext` is built once per audit; :class:`Line` is one rewrite body sentence with
its facts and the source sentences it aligns to. A rule is anything that satisfies
:class:`Rule`; the rules run in the order of :data:`unspun.audit.run.RULES`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from unspun.config import AuditSettings
from unspun.facts.compare import normalize_quote
from unspun.types import (
    AlignmentLink,
    Article,
    FactSheet,
    Finding,
    FindingType,
    Sentence,
    SentenceFacts,
    Severity,
    Span,
    TextRef,
)

__all__ = ["AuditContext", "Line", "Rule", "SourceDoc", "Sources", "changed", "sentence_ref"]


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One article of the comparison with its facts by sentence index."""

    article: Article
    facts: Mapping[int, SentenceFacts]

    def sentence(self, index: int) -> Sentence:
        """Return the sentence at ``index``."""
        return self.article.sentences[index]

    def facts_of(self, index: int) -> SentenceFacts:
        """Return the facts of sentence ``index`` (empty if it has none)."""
        return self.facts.get(index, SentenceFacts(index))

    def body_facts(self) -> Iterable[tuple[Sentence, SentenceFacts]]:
        """Yield each body sentence that has facts, with its facts."""
        for s in self.article.body:
            f = self.facts.get(s.index)
            if f is not None:
                yield s, f


if TYPE_CHECKING:
    from unspun.audit.unsupported import SourceView


class Sources(dict[str, SourceDoc]):
    """The source documents by doc_id, with what every rule needs computed once."""

    @cached_property
    def all_facts(self) -> list[tuple[SourceDoc, Sentence, SentenceFacts]]:
        """Every body sentence of every source that has facts."""
        return [(d, s, f) for d in self.values() for s, f in d.body_facts()]

    @cached_property
    def quote_texts(self) -> list[str]:
        """The text of each source, normalised for quotation matching."""
        return [normalize_quote(d.article.text) for d in self.values()]

    @cached_property
    def entity_norms(self) -> set[str]:
        """The comparison keys of every entity of the sources."""
        return {x.norm for _, _, f in self.all_facts for x in f.entities}

    @cached_property
    def text(self) -> str:
        """The texts of all sources, joined by a space."""
        return " ".join(d.article.text for d in self.values())

    @cached_property
    def view(self) -> SourceView:
        """What the name and number look-ups read from all sources (the entity and unsupported rules)."""
        from unspun.audit.unsupported import SourceView  # the view's module imports this one

        return SourceView.of_docs(self)

    @cached_property
    def attributed(self) -> list[tuple[Sentence, SentenceFacts]]:
        """The source body sentences that attribute something to someone."""
        return [(s, f) for _, s, f in self.all_facts if f.attributions]


@dataclass(frozen=True, slots=True)
class Line:
    """One rewrite body sentence: its facts, the source sentences it aligns to, all sources.

    ``linked`` holds the aligned source sentences, most similar first; it is empty for a
    sentence that aligns to nothing.
    """

    rewrite: Article
    sentence: Sentence
    facts: SentenceFacts
    linked: Sequence[tuple[SourceDoc, Sentence, AlignmentLink]]
    docs: Sources

    def linked_facts(self) -> list[tuple[SourceDoc, SentenceFacts]]:
        """Return the facts of each aligned source sentence, with its document."""
        return [(d, d.facts_of(s.index)) for d, s, _ in self.linked]


@dataclass(frozen=True, slots=True)
class AuditContext:
    """Everything the rules of one audit read. Built once by :meth:`build`."""

    rewrite: Article
    sources: tuple[Article, ...]
    links: tuple[AlignmentLink, ...]
    docs: Sources
    rewrite_facts: SourceDoc
    by_rewrite: Mapping[int, Sequence[AlignmentLink]]  # rewrite sentence index -> its links
    lines: tuple[Line, ...]  # one per rewrite body sentence, in order
    settings: AuditSettings

    @classmethod
    def build(
        cls,
        rewrite: Article,
        sources: Sequence[Article],
        facts: FactSheet,
        links: Sequence[AlignmentLink],
        *,
        settings: AuditSettings,
    ) -> AuditContext:
        """Index the facts and links of one comparison for the rules."""
        rw = SourceDoc(rewrite, facts.by_sentence(rewrite.doc_id))
        docs = Sources({s.doc_id: SourceDoc(s, facts.by_sentence(s.doc_id)) for s in sources})
        by_r: dict[int, list[AlignmentLink]] = defaultdict(list)
        for link in links:
            by_r[link.rewrite_index].append(link)
        lines = []
        for rs in rewrite.body:
            rlinks = sorted(by_r.get(rs.index, ()), key=lambda x: -x.similarity)
            linked = [(docs[x.source_id], docs[x.source_id].sentence(x.source_index), x) for x in rlinks]
            lines.append(Line(rewrite, rs, rw.facts_of(rs.index), linked, docs))
        return cls(rewrite, tuple(sources), tuple(links), docs, rw, dict(by_r), tuple(lines), settings)

    @property
    def linked_lines(self) -> tuple[Line, ...]:
        """The rewrite body sentences that align to some source sentence."""
        return tuple(line for line in self.lines if line.linked)


class Rule(Protocol):
    """One family of checks (numbers, dates, quotes...): a module of :mod:`unspun.audit`.

    ``check`` yields the findings of this family. ``found`` holds the findings of the rules
    before it in ``RULES`` (after duplicates are dropped), for a rule that must not report a
    place again (the omissions of the coverage rule).
    """

    @property
    def name(self) -> str:
        """The family's name, unique among the rules."""
        ...

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterable[Finding]:
        """Yield the findings of this family for one audit."""
        ...


def sentence_ref(s: Sentence) -> TextRef:
    """Return the reference to a whole sentence."""
    return TextRef(s.span.start, s.span.end, s.text)


def changed(
    kind: FindingType,
    severity: Severity,
    rewrite: Article,
    r_span: Span,
    src: SourceDoc,
    s_span: Span,
    message: str,
    evidence: tuple[str | None, str | None],
    confidence: float,
) -> Finding:
    """Return a finding about a value the rewrite changed: both places and both values."""
    return Finding(
        kind,
        severity,
        TextRef.of(rewrite.text, r_span.start, r_span.end),
        TextRef.of(src.article.text, s_span.start, s_span.end),
        src.article.doc_id,
        message,
        evidence[0],
        evidence[1],
        confidence,
    )
