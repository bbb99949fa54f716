"""Audit: compare the facts of aligned sentences and report what the rewrite changed.

Input: the rewrite and its sources (ingested), the facts of every sentence and the alignment.
Output: findings (a fixed vocabulary, :class:`~unspun.types.FindingType`), metrics and a verdict.

The rules read as an editor reads:

* a fact in a rewrite sentence is checked first against the source sentences it was aligned
  to, then against the rest of the source (rewrites move facts between sentences). A value
  is *changed* only when the aligned source sentence holds a comparable value that the
  rewrite sentence does not keep (a number for a number of the same kind, a date for a date);
* quotes are checked against every quote of the sources (quotes move around freely);
* attributions: a party the rewrite cites for a claim must be cited for it by the source
  (``attribution_added``); a party the source cites must still be named in the rewrite
  sentence that restates the claim (``attribution_dropped``);
* a rewrite sentence aligned to nothing is an unsupported claim; a source sentence used by
  nothing is an omission; credits (author, agency, photo, URL) must survive; a rewrite that
  stops mid-sentence is truncated.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from unspun.align import sentence_similarity
from unspun.config import Settings
from unspun.facts.compare import (
    dates_compatible,
    dates_conflict,
    normalize_quote,
    quantities_equivalent,
    quote_contained,
    quote_similarity,
    same_party,
)
from unspun.gazetteer import CAPITALS, COUNTRY_WORDS, country_of
from unspun.types import (
    AlignmentLink,
    Article,
    Attribution,
    CreditKind,
    DateGranularity,
    DateMention,
    Entity,
    Finding,
    FindingType,
    LinkKind,
    Metrics,
    Quantity,
    QuantityKind,
    Quote,
    Sentence,
    SentenceFacts,
    Severity,
    Span,
    TextRef,
    Verdict,
    VerdictLabel,
)

__all__ = ["audit", "compute_metrics", "decide_verdict"]

logger = logging.getLogger(__name__)

_TERMINAL = re.compile(r"[.!?…](?:[\"'”’)\]]*)\s*$|[\"”’]\s*$|[.!?…]\s*[\"”’]\s*$")
_CONFIDENT_LINK = 0.35
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those", "who", "one"}
_GENERIC_PARTIES = {"the post", "post", "the report", "report", "the statement", "statement", "some", "many"}
_POSSESSIVE = re.compile(
    r"\b((?:[Tt]he\s+)?(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s\s+((?:[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*)"
)


def _party_key(party: str) -> str:
    return " ".join(w for w in re.findall(r"[\w.]+", party.casefold()) if w not in {"the", "a", "an", "s"})


def _is_vague(party: str) -> bool:
    key = _party_key(party)
    return not key or key in _PRONOUNS or key in _GENERIC_PARTIES


def _parties_match(a: str, b: str) -> bool:
    if same_party(a, b):
        return True
    ka, kb = _party_key(a), _party_key(b)
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    # Same institution named with a different owner ("Moscow's Defense Ministry" vs "the
    # Kremlin's Defense Ministry") is an entity change, reported by the entity rule.
    if len(wa) >= 2 and len(wb) >= 2 and wa[-2:] == wb[-2:]:
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb


def _mentions(text: str, party: str) -> bool:
    """True if ``text`` names ``party`` (its head words), or the country it stands for."""
    low = text.casefold().replace("’", "'")
    key = _party_key(party)
    if not key:
        return False
    words = [w for w in key.split() if len(w) > 2]
    if words and all(w in low for w in words[-2:]):
        return True
    country = country_of(party)
    if country:
        for cap, c in CAPITALS.items():
            if c == country and re.search(rf"\b{re.escape(cap)}\b", low):
                return True
        for prefix, c in COUNTRY_WORDS.items():
            if c == country and len(prefix) >= 4 and re.search(rf"\b{re.escape(prefix)}", low):
                return True
    return False


# --------------------------------------------------------------------------- context


@dataclass(frozen=True, slots=True)
class _Doc:
    article: Article
    facts: Mapping[int, SentenceFacts]

    def sentence(self, index: int) -> Sentence:
        return self.article.sentences[index]

    def body_facts(self) -> Iterable[tuple[Sentence, SentenceFacts]]:
        for s in self.article.body:
            f = self.facts.get(s.index)
            if f is not None:
                yield s, f


class _Sources(dict[str, _Doc]):
    """The source documents by doc_id, with what every rule needs computed once."""

    @cached_property
    def all_facts(self) -> list[tuple[_Doc, Sentence, SentenceFacts]]:
        return [(d, s, f) for d in self.values() for s, f in d.body_facts()]

    @cached_property
    def quote_texts(self) -> list[str]:
        return [normalize_quote(d.article.text) for d in self.values()]

    @cached_property
    def entity_norms(self) -> set[str]:
        return {x.norm for _, _, f in self.all_facts for x in f.entities}

    @cached_property
    def text(self) -> str:
        return " ".join(d.article.text for d in self.values())

    @cached_property
    def attributed(self) -> list[tuple[Sentence, SentenceFacts]]:
        return [(s, f) for _, s, f in self.all_facts if f.attributions]


def _ref(doc: Article, start: int, end: int) -> TextRef:
    return TextRef(start, end, doc.text[start:end])


def _changed(
    kind: FindingType,
    severity: Severity,
    rewrite: Article,
    r_span: Span,
    src: _Doc,
    s_span: Span,
    message: str,
    evidence: tuple[str | None, str | None],
    confidence: float,
) -> Finding:
    """A finding about a value the rewrite changed: both places and both values."""
    return Finding(
        kind,
        severity,
        _ref(rewrite, r_span.start, r_span.end),
        _ref(src.article, s_span.start, s_span.end),
        src.article.doc_id,
        message,
        evidence[0],
        evidence[1],
        confidence,
    )


def _sref(doc: Article, s: Sentence) -> TextRef:
    return TextRef(s.span.start, s.span.end, s.text)


class _Builder:
    """Collects findings, dropping exact duplicates (same type and rewrite span)."""

    def __init__(self) -> None:
        self.items: list[Finding] = []
        self._seen: set[tuple[str, int, int, str | None]] = set()

    def add(self, f: Finding) -> None:
        key = (f.type.value, f.rewrite.start, f.rewrite.end, f.before)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(f)


@dataclass(frozen=True, slots=True)
class _Line:
    """One rewrite body sentence: its facts, the source sentences it aligns to, all sources."""

    rewrite: Article
    sentence: Sentence
    facts: SentenceFacts
    linked: Sequence[tuple[_Doc, Sentence, AlignmentLink]]
    docs: _Sources


# --------------------------------------------------------------------------- metrics, verdict


def compute_metrics(rewrite: Article, sources: Sequence[Article], links: Sequence[AlignmentLink]) -> Metrics:
    """Derived share, source coverage and verbatim share, weighted by characters of body text."""
    r_body = rewrite.body
    best: dict[int, AlignmentLink] = {}
    for link in links:
        cur = best.get(link.rewrite_index)
        if cur is None or link.similarity > cur.similarity:
            best[link.rewrite_index] = link
    r_total = sum(len(s.text) for s in r_body) or 1
    derived = sum(len(s.text) for s in r_body if s.index in best)
    verbatim = sum(
        len(s.text)
        for s in r_body
        if s.index in best and best[s.index].kind in (LinkKind.VERBATIM, LinkKind.NEAR_VERBATIM)
    )
    used = {(link.source_id, link.source_index) for link in links}
    s_total = sum(len(s.text) for d in sources for s in d.body) or 1
    covered = sum(len(s.text) for d in sources for s in d.body if (d.doc_id, s.index) in used)
    return Metrics(
        derived_share=min(1.0, derived / r_total),
        source_coverage=min(1.0, covered / s_total),
        verbatim_share=min(1.0, verbatim / r_total),
        rewrite_sentences=len(r_body),
        source_sentences=sum(len(d.body) for d in sources),
        aligned_sentences=len(best),
    )


def decide_verdict(metrics: Metrics) -> Verdict:
    """Label the relation of the rewrite to its sources from the metrics.

    copy: nearly all of it is verbatim; rewrite: most of it derives from the sources;
    partial: a sizeable part does; independent: too little to say it derives.
    """
    d, v = metrics.derived_share, metrics.verbatim_share
    if d >= 0.9 and v >= 0.8:
        return Verdict(VerdictLabel.COPY, min(1.0, 0.5 + v / 2), f"{v:.0%} of the text is copied verbatim")
    if d >= 0.5:
        conf = min(1.0, 0.6 + (d - 0.5))
        return Verdict(VerdictLabel.REWRITE, conf, f"{d:.0%} of the text derives from the source(s)")
    # A short rewrite (a summary of one or two sentences) is partial on one aligned sentence
    # if that sentence is a sizeable part of it; a longer one needs two.
    if d >= 0.2 and (metrics.aligned_sentences >= 2 or (d >= 0.3 and metrics.rewrite_sentences <= 3)):
        conf = 0.5 + abs(d - 0.35)
        return Verdict(
            VerdictLabel.PARTIAL, min(1.0, conf), f"{d:.0%} of the text derives from the source(s)"
        )
    conf = min(1.0, 0.6 + (0.2 - d) * 2)
    return Verdict(VerdictLabel.INDEPENDENT, conf, f"only {d:.0%} of the text aligns with the source(s)")


# --------------------------------------------------------------------------- audit


def audit(
    rewrite: Article,
    sources: Sequence[Article],
    facts: Mapping[str, Sequence[SentenceFacts]],
    links: Sequence[AlignmentLink],
    *,
    settings: Settings | None = None,
) -> tuple[tuple[Finding, ...], Metrics, Verdict]:
    """Return the findings, metrics and verdict for an aligned rewrite.

    ``facts`` maps each doc_id to its facts, one per sentence of that article.
    Findings come in rewrite order, most severe first at equal positions. An independent
    rewrite gets no fact findings (there is nothing to compare it with).
    """
    cfg = settings or Settings()
    metrics = compute_metrics(rewrite, sources, links)
    verdict = decide_verdict(metrics)
    rw = _Doc(rewrite, {f.sentence_index: f for f in facts.get(rewrite.doc_id, ())})
    docs = _Sources(
        {s.doc_id: _Doc(s, {f.sentence_index: f for f in facts.get(s.doc_id, ())}) for s in sources}
    )
    out = _Builder()
    if verdict.label is VerdictLabel.INDEPENDENT:
        return (), metrics, verdict

    by_r: dict[int, list[AlignmentLink]] = defaultdict(list)
    for link in links:
        by_r[link.rewrite_index].append(link)

    for rs in rewrite.body:
        rf = rw.facts.get(rs.index, SentenceFacts(rs.index))
        rlinks = sorted(by_r.get(rs.index, ()), key=lambda x: -x.similarity)
        linked = [(docs[x.source_id], docs[x.source_id].sentence(x.source_index), x) for x in rlinks]
        line = _Line(rewrite, rs, rf, linked, docs)
        _check_quotes(out, line)
        if not linked:
            if not (rs is rewrite.body[-1] and not _is_terminated(rs.text)):  # a cut-off tail: truncated
                _unsupported(out, line)
            continue
        _check_numbers(out, line)
        _check_dates(out, line)
        _check_entities(out, line)
        _check_attributions(out, line)

    _check_truncation(out, rewrite, sources, by_r, docs)
    _check_credits(out, rewrite, sources)
    if cfg.audit.report_omissions:
        _check_omissions(out, rewrite, sources, links, docs, cfg, rw.facts.values())
    findings = sorted(out.items, key=lambda f: (f.rewrite.start, f.severity.rank, f.type.value))
    return tuple(findings), metrics, verdict


# --------------------------------------------------------------------------- rules


def _linked_facts(linked: Sequence[tuple[_Doc, Sentence, AlignmentLink]]) -> list[tuple[_Doc, SentenceFacts]]:
    return [(d, d.facts.get(s.index, SentenceFacts(s.index))) for d, s, _ in linked]


def _check_numbers(out: _Builder, line: _Line) -> None:
    rewrite, rf, linked, docs = line.rewrite, line.facts, line.linked, line.docs
    linked_q = [(d, q) for d, f in _linked_facts(linked) for q in f.quantities]
    everywhere = [(d, q) for d, _, f in docs.all_facts for q in f.quantities]
    used: set[int] = set()
    linked_q = [(d, sq) for d, sq in linked_q if not _idiomatic(sq)]
    for q in rf.quantities:
        if _idiomatic(q):
            continue
        if any(quantities_equivalent(q, sq) for _, sq in linked_q):
            continue
        if any(quantities_equivalent(q, sq) for _, sq in everywhere):
            continue
        for i, (d, sq) in enumerate(linked_q):
            if i in used or not _comparable_quantities(q, sq):
                continue
            if any(quantities_equivalent(rq, sq) for rq in rf.quantities):
                continue  # that source number is kept elsewhere in the sentence
            used.add(i)
            out.add(
                _changed(
                    FindingType.NUMBER_MISMATCH,
                    Severity.CRITICAL,
                    rewrite,
                    q.span,
                    d,
                    sq.span,
                    f"The source says {sq.text!r}; the rewrite says {q.text!r}.",
                    (_qval(sq), _qval(q)),
                    0.9,
                )
            )
            break


def _idiomatic(q: Quantity) -> bool:
    """The word "one": the extractor counts it, but in news prose it is mostly a partitive or a
    pronoun ("one of the last towns", "no one"), so the audit never compares it."""
    return q.text.casefold() == "one"


def _comparable_quantities(a: Quantity, b: Quantity) -> bool:
    if a.kind is not b.kind:
        return False
    if a.kind is QuantityKind.ORDINAL:
        return True
    return (a.unit or "") == (b.unit or "") or a.unit is None or b.unit is None


def _qval(q: Quantity) -> str:
    v = int(q.value) if float(q.value).is_integer() else q.value
    unit = f" {q.unit}" if q.unit and q.unit != "%" else ("%" if q.unit == "%" else "")
    prefix = "~" if q.is_approx else ""
    direction = f" ({q.direction})" if q.direction else ""
    return f"{prefix}{v}{unit}{direction}"


_GRAN_ORDER = {
    DateGranularity.DAY: 0,
    DateGranularity.WEEK: 1,
    DateGranularity.MONTH: 2,
    DateGranularity.SEASON: 3,
    DateGranularity.YEAR: 4,
    DateGranularity.DECADE: 5,
}


def _month_of(d: DateMention) -> str | None:
    if d.value is None or d.granularity not in (DateGranularity.DAY, DateGranularity.MONTH):
        return None
    parts = d.value.split("-")
    return parts[1] if len(parts) >= 2 else None


def _check_dates(out: _Builder, line: _Line) -> None:
    rewrite, rf, linked, docs = line.rewrite, line.facts, line.linked, line.docs
    linked_d = [(d, x) for d, f in _linked_facts(linked) for x in f.dates if x.value is not None]
    everywhere = [(d, x) for d, _, f in docs.all_facts for x in f.dates if x.value is not None]
    r_dates = [x for x in rf.dates if x.value is not None]
    # One-to-one: a source date explains one rewrite date, same granularity first, so that
    # "in 2024 ... by July last year (2024-07)" does not let "2024" hide behind "2024-07".
    free = list(range(len(linked_d)))
    unmatched: list[DateMention] = []
    for same_gran in (True, False):
        pending = unmatched if not same_gran else r_dates
        unmatched = []
        for rd in pending:
            hit = next(
                (
                    i
                    for i in free
                    if dates_compatible(rd, linked_d[i][1])
                    and (not same_gran or linked_d[i][1].granularity is rd.granularity)
                ),
                None,
            )
            if hit is None:
                unmatched.append(rd)
            else:
                free.remove(hit)
    for rd in unmatched:
        conflict = next(
            (
                linked_d[i]
                for i in free
                if dates_conflict(rd, linked_d[i][1])
                and abs(_GRAN_ORDER[rd.granularity] - _GRAN_ORDER[linked_d[i][1].granularity]) <= 2
            ),
            None,
        )
        confidence = 0.9
        if conflict is None:
            if any(dates_compatible(rd, sd) for _, sd in everywhere):
                continue
            # A relative date ("July last year") turned into a wrong absolute one moves the
            # year but keeps the month: look for the same month elsewhere in the source.
            month = _month_of(rd)
            if month is None:
                continue
            conflict = next(
                ((d, sd) for d, sd in everywhere if _month_of(sd) == month and dates_conflict(rd, sd)), None
            )
            confidence = 0.7
        if conflict is None:
            continue
        d, sd = conflict
        rel = " (resolved from a relative date)" if sd.is_relative else ""
        out.add(
            _changed(
                FindingType.DATE_MISMATCH,
                Severity.CRITICAL,
                rewrite,
                rd.span,
                d,
                sd.span,
                f"The source's {sd.text!r} means {sd.value}{rel}; the rewrite says {rd.text!r} ({rd.value}).",
                (sd.value, rd.value),
                confidence,
            )
        )


def _entity_in(text: str, e: Entity) -> bool:
    low = text.casefold().replace("’", "'")
    if e.text.casefold().replace("’", "'") in low:
        return True
    words = [w for w in re.findall(r"\w+", e.norm) if len(w) > 1]
    if not words:
        return True
    if all(w in low for w in words):
        return True
    # "Putin" for "Vladimir Putin": the last name alone is enough for people.
    return e.label == "PERSON" and words[-1] in low


# The small NER model often confuses people, organisations and places ("Chasiv Yar" as a
# person), so names of those kinds are compared as one group; a new name that is nowhere in
# the source, standing where a source name went missing, is a substitution whatever its label.
_LABEL_GROUP = {"PERSON": "NAME", "ORG": "NAME", "GPE": "NAME", "LOC": "NAME", "FAC": "NAME", "NORP": "NORP"}


def _check_entities(out: _Builder, line: _Line) -> None:
    rewrite, rs, rf, linked, docs = line.rewrite, line.sentence, line.facts, line.linked, line.docs
    # 1. "X's Head" in both with the same head and another owner: an institution renamed.
    r_pos = {(h.casefold(), o) for o, h in _POSSESSIVE.findall(rs.text)}
    for d, ss, _ in linked:
        for m in _POSSESSIVE.finditer(ss.text):
            owner, head = m.group(1), m.group(2)
            for r_head, r_owner in r_pos:
                if r_head != head.casefold() or _owner_same(owner, r_owner):
                    continue
                r_at = rs.text.find(f"{r_owner}")
                start = rs.span.start + max(0, r_at)
                out.add(
                    Finding(
                        FindingType.ENTITY_MISMATCH,
                        Severity.MAJOR,
                        _ref(rewrite, start, start + len(r_owner) + 3 + len(r_head)),
                        _ref(d.article, ss.span.start + m.start(), ss.span.start + m.end()),
                        d.article.doc_id,
                        f"The source names {m.group(0)!r}; the rewrite names it {r_owner}'s {head!r}.",
                        f"{owner}'s {head}",
                        f"{r_owner}'s {head}",
                        0.8,
                    )
                )
    # 2. An entity of the aligned source sentence replaced by another of the same kind.
    linked_text = " ".join(s.text for _, s, _ in linked)
    src_text = docs.text
    s_ents = [(d, e) for d, f in _linked_facts(linked) for e in f.entities if e.label in _LABEL_GROUP]
    speakers = " ".join(q.speaker_text or "" for q in rf.quotes)
    for e in rf.entities:
        if speakers and e.text in speakers:
            continue  # a quoted speaker: checked with the quotation (quote_misattributed)
        group = _LABEL_GROUP.get(e.label)
        if (
            group is None
            or e.norm in docs.entity_norms
            or _entity_in(linked_text, e)
            or _entity_in(src_text, e)
        ):
            continue
        if country_of(e.text) and any(country_of(x.text) == country_of(e.text) for _, x in s_ents):
            continue
        r_norms = {x.norm for x in rf.entities}
        for d, se in s_ents:
            if _LABEL_GROUP[se.label] != group or se.norm in r_norms or _entity_in(rs.text, se):
                continue
            if country_of(se.text) and country_of(se.text) == country_of(e.text):
                continue
            out.add(
                _changed(
                    FindingType.ENTITY_MISMATCH,
                    Severity.MAJOR,
                    rewrite,
                    e.span,
                    d,
                    se.span,
                    f"The source names {se.text!r} here; the rewrite names {e.text!r}, "
                    "who is not in the source.",
                    (se.norm, e.norm),
                    0.75,
                )
            )
            break


def _owner_same(a: str, b: str) -> bool:
    ka, kb = _party_key(a), _party_key(b)
    if ka == kb:
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb


def _check_quotes(out: _Builder, line: _Line) -> None:
    rewrite, rf, docs = line.rewrite, line.facts, line.docs
    src_quotes = [(d, q) for d, _, f in docs.all_facts for q in f.quotes]
    src_texts = docs.quote_texts
    for q in rf.quotes:
        nq = normalize_quote(q.text)
        if len(nq) < 2:
            continue
        best: tuple[float, _Doc | None, Quote | None] = (0.0, None, None)
        for doc, cand in src_quotes:
            score = (
                1.0 if quote_contained(q.text, cand.text) else min(0.99, quote_similarity(q.text, cand.text))
            )
            if score > best[0]:
                best = (score, doc, cand)
        sim, d, sq = best
        in_text = any(nq in t for t in src_texts)
        # Quotes are compared word for word (after normalising marks, dashes and case):
        # one word added inside a quotation is an alteration, however long the quotation.
        if sim == 1.0 or in_text:
            if d is not None and sq is not None and sim == 1.0:
                _check_speaker(out, rewrite, q, d, sq)
            continue
        words = len(nq.split())
        if d is not None and sq is not None and sim >= 0.6:
            out.add(
                _changed(
                    FindingType.QUOTE_ALTERED,
                    Severity.MAJOR,
                    rewrite,
                    q.span,
                    d,
                    sq.span,
                    "A quotation differs from the source's wording.",
                    (sq.text, q.text),
                    min(1.0, 0.5 + sim / 2),
                )
            )
        else:
            out.add(
                Finding(
                    FindingType.QUOTE_FABRICATED,
                    Severity.CRITICAL if words >= 4 else Severity.MAJOR,
                    _ref(rewrite, q.span.start, q.span.end),
                    None,
                    None,
                    f"The quotation {q.text!r} is not in the source"
                    + (f" (attributed to {q.speaker_text})." if q.speaker_text else "."),
                    None,
                    q.text,
                    0.9 if words >= 4 else 0.6,
                )
            )


def _check_speaker(out: _Builder, rewrite: Article, q: Quote, d: _Doc, sq: Quote) -> None:
    if not q.speaker or not sq.speaker or _is_vague(q.speaker) or _is_vague(sq.speaker):
        return
    if _parties_match(q.speaker, sq.speaker) or _mentions(q.speaker, sq.speaker):
        return
    out.add(
        _changed(
            FindingType.QUOTE_MISATTRIBUTED,
            Severity.CRITICAL,
            rewrite,
            q.span,
            d,
            sq.span,
            f"The source attributes this quotation to {sq.speaker_text or sq.speaker}; "
            f"the rewrite to {q.speaker_text or q.speaker}.",
            (sq.speaker, q.speaker),
            0.85,
        )
    )


def _check_attributions(out: _Builder, line: _Line) -> None:
    rewrite, rs, rf, linked, docs = line.rewrite, line.sentence, line.facts, line.linked, line.docs
    linked_f = _linked_facts(linked)
    s_attr = [(d, a) for d, f in linked_f for a in f.attributions if not _is_vague(a.source)]
    linked_text = " ".join(s.text for _, s, _ in linked)
    quoted = {(q.span.start, q.span.end) for q in rf.quotes}
    # Speakers of quotations are checked with the quotations (quote_misattributed).
    r_speakers = [q.speaker for q in rf.quotes if q.speaker]
    # Added: the rewrite names a party the aligned source text does not cite for this claim.
    for a in rf.attributions:
        if _is_vague(a.source) or _inside_quote(a, quoted):
            continue
        if any(_parties_match(a.source, sp) for sp in r_speakers):
            continue
        if any(_parties_match(a.source, sa.source) for _, sa in s_attr):
            continue
        if _mentions(linked_text, a.source):
            continue
        if _cited_nearby(rs, a, docs):
            continue
        out.add(_attribution_added(rewrite, rs, a, linked[0][0].article.doc_id))
    # Dropped: the source cites a party; the rewrite sentence states the claim without it.
    primary_doc, primary_sentence, primary_link = linked[0]
    if primary_link.similarity < _CONFIDENT_LINK:
        return  # too loose a link to say the rewrite restates the attributed claim
    pf = primary_doc.facts.get(primary_sentence.index, SentenceFacts(primary_sentence.index))
    s_speakers = [q.speaker for q in pf.quotes if q.speaker]
    for sa in pf.attributions:
        if _is_vague(sa.source) or any(_parties_match(sa.source, sp) for sp in s_speakers):
            continue
        if any(_parties_match(sa.source, a.source) for a in rf.attributions):
            continue
        if _mentions(rs.text, sa.source):
            continue
        if any(q.speaker and _parties_match(q.speaker, sa.source) for q in rf.quotes):
            continue
        out.add(
            Finding(
                FindingType.ATTRIBUTION_DROPPED,
                Severity.MAJOR,
                _sref(rewrite, rs),
                _ref(primary_doc.article, sa.span.start, sa.span.end),
                primary_doc.article.doc_id,
                f"The source attributes this to {sa.source} ({sa.text!r}); the rewrite states it as fact.",
                sa.text,
                None,
                0.75,
            )
        )


def _inside_quote(a: Attribution, quoted: set[tuple[int, int]]) -> bool:
    return any(s <= a.span.start and a.span.end <= e for s, e in quoted)


def _cited_nearby(rs: Sentence, a: Attribution, docs: _Sources) -> bool:
    """True if some source sentence close in content cites the same party."""
    return any(
        any(_parties_match(a.source, sa.source) for sa in f.attributions)
        and sentence_similarity(rs.text, s.text) >= 0.12
        for s, f in docs.attributed
    )


def _attribution_added(rewrite: Article, rs: Sentence, a: Attribution, source_id: str | None) -> Finding:
    return Finding(
        FindingType.ATTRIBUTION_ADDED,
        Severity.CRITICAL,
        _ref(rewrite, a.span.start, a.span.end),
        None,
        source_id,
        f"The rewrite attributes this claim to {a.source}; the source never does.",
        None,
        a.text,
        0.75,
    )


def _unsupported(out: _Builder, line: _Line) -> None:
    rewrite, rs, rf = line.rewrite, line.sentence, line.facts
    # A claim no source sentence supports, put in someone's mouth: the attribution is invented.
    cited = [a for a in rf.attributions if not _is_vague(a.source)]
    if cited:
        out.add(_attribution_added(rewrite, rs, cited[0], None))
        return
    has_facts = bool(rf.quantities or rf.dates or rf.quotes)
    out.add(
        Finding(
            FindingType.UNSUPPORTED_CLAIM,
            Severity.MAJOR if has_facts else Severity.MINOR,
            _sref(rewrite, rs),
            None,
            None,
            "No source sentence supports this sentence"
            + (" (it states facts of its own)." if has_facts else " (editorial or invented)."),
            None,
            None,
            0.7,
        )
    )


def _is_terminated(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def _check_truncation(
    out: _Builder,
    rewrite: Article,
    sources: Sequence[Article],
    by_r: Mapping[int, Sequence[AlignmentLink]],
    docs: _Sources,
) -> None:
    body = rewrite.body
    if not body or _is_terminated(body[-1].text):
        return
    last = body[-1]
    # A copy of a source that is itself cut off inherits the cut: not the rewrite's doing.
    for src in sources:
        if (
            src.body
            and not _is_terminated(src.body[-1].text)
            and src.body[-1].text.strip() == last.text.strip()
        ):
            return
    end = last.span.end
    out.add(
        Finding(
            FindingType.TRUNCATED,
            Severity.MAJOR,
            TextRef(last.span.start, end, last.text),
            None,
            None,
            "The rewrite stops in the middle of a sentence.",
            None,
            last.text[-60:],
            0.9,
        )
    )


def _check_credits(out: _Builder, rewrite: Article, sources: Sequence[Article]) -> None:
    r_credits = {(c.kind, c.value.casefold()) for c in rewrite.credits}
    r_values = {c.value.casefold() for c in rewrite.credits}
    anchor = rewrite.sentences[0].span if rewrite.sentences else None
    start = anchor.start if anchor else 0
    for src in sources:
        for c in src.credits:
            if (c.kind, c.value.casefold()) in r_credits or c.value.casefold() in r_values:
                continue
            if c.kind is CreditKind.URL and rewrite.url and rewrite.url == c.value:
                continue
            in_text = c.kind in (CreditKind.AUTHOR, CreditKind.AGENCY) and re.search(
                rf"\b{re.escape(c.value)}\b", rewrite.text, re.IGNORECASE
            )
            severity = Severity.MAJOR if c.kind in (CreditKind.AUTHOR, CreditKind.AGENCY) else Severity.MINOR
            what = {
                CreditKind.AUTHOR: "author",
                CreditKind.AGENCY: "news agency",
                CreditKind.PHOTO: "photo credit",
                CreditKind.URL: "link to the original",
                CreditKind.PUBLISHER: "publisher",
            }[c.kind]
            note = " (named in the text, but not credited)" if in_text else ""
            out.add(
                Finding(
                    FindingType.CREDIT_DROPPED,
                    severity,
                    TextRef(start, start, ""),
                    _ref(src, c.span.start, c.span.end) if c.span else None,
                    src.doc_id,
                    f"The source credits the {what} {c.value!r}; the rewrite does not{note}.",
                    c.value,
                    None,
                    0.95,
                )
            )


def _check_omissions(
    out: _Builder,
    rewrite: Article,
    sources: Sequence[Article],
    links: Sequence[AlignmentLink],
    docs: _Sources,
    cfg: Settings,
    r_facts_in: Iterable[SentenceFacts],
) -> None:
    used = {(x.source_id, x.source_index) for x in links}
    # Where in the rewrite an omitted sentence would have stood: after the rewrite sentence
    # aligned to the closest preceding source sentence.
    pos_by_src: dict[tuple[str, int], int] = {}
    for x in links:
        end = rewrite.sentences[x.rewrite_index].span.end
        key = (x.source_id, x.source_index)
        pos_by_src[key] = max(pos_by_src.get(key, 0), end)
    contributing = {x.source_id for x in links}
    r_facts = list(r_facts_in)
    reported = {(f.source_id, f.source.start, f.source.end) for f in out.items if f.source is not None}
    for src in sources:
        if src.doc_id not in contributing:
            continue
        doc = docs[src.doc_id]
        last_pos = 0
        for s in src.body:
            key = (src.doc_id, s.index)
            if key in used:
                last_pos = pos_by_src.get(key, last_pos)
                _dropped_facts(out, rewrite, r_facts, doc, s, last_pos, reported)
                continue
            if len(s.text) < cfg.audit.omission_min_chars:
                continue
            f = doc.facts.get(s.index, SentenceFacts(s.index))
            weighty = bool(f.quantities or f.dates or f.quotes or f.attributions)
            out.add(
                Finding(
                    FindingType.OMISSION,
                    Severity.MINOR if weighty else Severity.INFO,
                    TextRef(last_pos, last_pos, ""),
                    _sref(src, s),
                    src.doc_id,
                    "The rewrite leaves out this source sentence"
                    + (" and the facts in it." if weighty else "."),
                    s.text,
                    None,
                    0.7,
                )
            )


def _dropped_facts(
    out: _Builder,
    rewrite: Article,
    r_facts: Sequence[SentenceFacts],
    doc: _Doc,
    s: Sentence,
    pos: int,
    reported: set[tuple[str | None, int, int]],
) -> None:
    """Numbers, dates and quotes of a source sentence the rewrite uses but never states."""
    f = doc.facts.get(s.index)
    if f is None:
        return
    r_quant = [q for rf in r_facts for q in rf.quantities]
    r_dates = [d for rf in r_facts for d in rf.dates if d.value is not None]
    r_text = normalize_quote(rewrite.text)
    dropped: list[tuple[Span, str]] = []
    dropped += [
        (q.span, q.text)
        for q in f.quantities
        if not _idiomatic(q) and not any(quantities_equivalent(q, rq) for rq in r_quant)
    ]
    dropped += [
        (d.span, d.text)
        for d in f.dates
        if d.value is not None and not any(dates_compatible(d, rd) for rd in r_dates)
    ]
    dropped += [(q.span, q.text) for q in f.quotes if normalize_quote(q.text) not in r_text]
    src = doc.article
    for span, text in dropped:
        if (src.doc_id, span.start, span.end) in reported:
            continue  # already reported as changed (number, date, quote)
        out.add(
            Finding(
                FindingType.OMISSION,
                Severity.MINOR,
                TextRef(pos, pos, ""),
                _ref(src, span.start, span.end),
                src.doc_id,
                f"The rewrite restates this source sentence but drops {text!r}.",
                text,
                None,
                0.6,
            )
        )
