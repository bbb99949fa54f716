"""Settings: one frozen section per stage, all defaults in this one place.

``load_settings(path=None, *, env=os.environ, overrides=None)`` merges, lowest to highest:
defaults < TOML file (``path`` or ``./unspun.toml``) < ``UNSPUN_<SECTION>_<KEY>`` environment
variables < ``overrides`` (explicit CLI flags and keyword arguments). A partial file overrides
only the keys it sets. Every value is checked when it is built; a bad one raises
:class:`~unspun.errors.ConfigError` naming the key, the value and where it came from.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from unspun.errors import ConfigError


@dataclass(frozen=True, slots=True)
class IngestSettings:
    """Input limits. A compare's time grows with the square of its sentences: measured on a busy
    2-core machine (CPU seconds), 20k characters each side take 1.6 s, 50k 7 s, 75k 14 s, 100k
    24 s. ``max_chars`` keeps the worst case of a compare near 15 s; ``max_bytes`` bounds what is
    read before that check (2 MB of text or HTML is read in about 5 s; HTML pages carry markup).
    """

    max_bytes: int = 2_000_000  # refuse larger input files/strings (raw, before reading) with IngestError
    max_chars: int = 80_000  # refuse articles whose text (as read) is longer (0: no limit)
    max_sentence_chars: int = 2_000  # longer "sentences" are split at the nearest space
    foreign_confidence: float = 0.5  # verdict confidence factor when an input is not in English


class SimilarityView(StrEnum):
    """What the aligner's sentence similarity rests on (``align.similarity``)."""

    LEXICAL = "lexical"  # word overlap (weighted stems, bigrams) and character similarity
    COMBINED = "combined"  # the lexical view, raised where the static sentence cosine is high


class JudgeKind(StrEnum):
    """Which pair judge answers "does P say everything H says?" (``audit.judge``)."""

    CROSS = "cross"  # a MiniLM cross-encoder reading both texts together (unspun.semantic.cross)
    STATIC = "static"  # a small classifier over static word-coverage features (unspun.semantic.judge)


@dataclass(frozen=True, slots=True)
class AlignSettings:
    min_similarity: float = 0.28  # below this a rewrite sentence is unsupported
    # a sentence that links nowhere links where putting one source name back in place of its one
    # new name lifts it to name_swap_similarity (a copy with a name swapped derives from the source);
    # above min_similarity: on faithful LLMFake train rewrites a lower bar linked added names. Off:
    # +9 planted name swaps of 1548 (dev), but 2 more "derived" false calls of 120 on the gate
    name_swap_links: bool = False
    name_swap_similarity: float = 0.45
    near_verbatim: float = 0.85  # at or above: near_verbatim
    verbatim: float = 0.97  # at or above: verbatim
    max_links_per_sentence: int = 3  # many-to-many: keep up to this many sources per rewrite sentence
    secondary_ratio: float = 0.4  # a second link must reach this share of the best link's similarity
    # Combined view: max(lexical, lift(e)) with the evidence e = semantic_weight x static cosine
    # (unspun.semantic) + (1 - semantic_weight) x lexical, and lift mapping e linearly from
    # [semantic_link, 1] onto [min_similarity, 1] (0 below semantic_link): a reworded pair the word
    # view misses links from semantic_link up. Fitted on the train splits
    # (benchmarks/quality/semantic_align.py fit; BENCHMARKS.md section 6). Default lexical: the
    # combined view cuts unsupported_claim on faithful rewrites by 17% but lowers the quick gate's
    # detection figures (the manipulated sentences it links are no longer reported).
    similarity: SimilarityView = SimilarityView.LEXICAL
    semantic_weight: float = 0.5
    semantic_link: float = 0.47
    # ... and only in a rewrite whose body sentences reach min_similarity with some source sentence
    # by the words alone for at least this share: a reworded link is believable in a derived
    # article; in an independent one on the same story a high cosine is the topic.
    semantic_min_share: float = 0.25


@dataclass(frozen=True, slots=True)
class AuditSettings:
    omission_min_chars: int = 40  # shorter unused source sentences are not reported as omissions
    report_omissions: bool = True
    confident_link: float = 0.35  # attribution_dropped needs a best link at least this similar
    # attribution_dropped needs the rewrite to keep this share of the content words of the source
    # clause that holds the attribution (planted dev twins: a rewrite of another clause drops none)
    attribution_claim_share: float = 0.2
    # ... or, under confident_link, this share of its words standing in the source sentence (a short
    # restatement word for word, which the link's similarity ranks low; planted dev)
    attribution_within_share: float = 0.9
    citation_similarity: float = 0.12  # attribution_added is excused by a source sentence this similar
    quote_altered_similarity: float = 0.6  # a quotation this close to a source one is altered, not fabricated
    quote_critical_words: int = 4  # a fabricated quotation of at least this many words is critical
    quote_fuzzy_min_words: int = 3  # shorter quotations (scare quotes) must match a source's words exactly
    quote_linked_similarity: float = 0.25  # reworded, not invented: this close to an aligned quote
    quote_reworded_min_words: int = 8  # a quotation this long 0.05 closer than that to any source quote
    # reworded, not invented: a static cosine (unspun.semantic) at least this high to a source quotation
    # or a source sentence (reported speech). 1.0 turns the check off, the default: 0.73 (fitted on
    # train splits) turns 3 of 18 fabricated-quote faithful test articles into quote_altered, but also
    # the LLMFake manipulations' invented quotations, and the quick gate's detection figures drop.
    quote_semantic_similarity: float = 1.0
    # reworded, not invented: this word-level overlap (audit/quotes.py soft_overlap) with a source
    # quotation in the stretch of the source that the rewrite sentences within quote_window_lines
    # restate (their aligned source sentences, widened by quote_window_pad). Fitted on LLMFake train
    # (python -m benchmarks.quality.faithful quotes --split train): the highest cut at which at most
    # 2% of other articles' quotations put in the rewrite's place match.
    quote_window_similarity: float = 0.5
    quote_window_lines: int = 3
    # reworded, not invented: the rewrite's quotations aligned in reading order to the source's
    # (audit/quote_order.py); pairs of soft overlap quote_order_anchor and up are anchors; a rewrite
    # quotation left unmatched between two anchors with at most quote_order_max_rows - 1 others rewords
    # the source quotation of that gap it overlaps quote_order_similarity or more. Chosen on LLMFake
    # train (python -m benchmarks.quality.faithful quotes --split train): other articles' quotations put
    # in a rewrite quotation's place stay at 2% matched (as with the window alone) and no manipulation
    # quotation more; faithful quotations off quote_fabricated 15 -> 18 of 51. 1.0 turns it off.
    quote_order_similarity: float = 0.45
    quote_order_anchor: float = 0.5
    quote_order_max_rows: int = 2
    quote_window_pad: int = 2
    # reworded, not invented: the window test (quote_window_similarity) on whole quotations, their
    # sentences' fragments joined on both sides (a quotation over three sentences is three quotes of the
    # sentence facts, each matched alone). Chosen on LLMFake train (python -m
    # benchmarks.quality.faithful quotes --split train): the window's cut; no other article's quotation
    # put in the rewrite's place matched (0 of 339), 7 more of 47 faithful quotations. 1.0 turns it off.
    quote_whole_similarity: float = 0.5
    # reworded, not invented: the cross-encoder's probability that the closest source quotation of the
    # order rule's gap says all the rewrite quotation says (audit/quotes.py _cover_match). Chosen on
    # LLMFake train (same command): 3 more of 47 faithful quotations, 2 of 339 other articles' quotations
    # (0.6%), no manipulation quotation; 0.5 took 4 foreign, 0.65 none but two faithful less. 1.0: off.
    quote_order_cover: float = 0.6
    # a fabricated fragment of a quotation another fragment of which the sources hold (the same marks:
    # one quotation) is quote_altered against that source quotation whole when their soft overlap
    # reaches this (audit/quotes.py _sibling_pass; an unrelated sentence put inside the marks stays
    # fabricated). Chosen on LLMFake train faithful rewrites (faith9, session 9). 1.0 turns it off.
    quote_sibling_similarity: float = 0.33
    # reworded, not invented: a whole quotation and a source whole quotation that are each other's
    # closest by soft overlap, at least quote_mutual_similarity, the rewrite one's next closest source
    # quotation quote_mutual_margin further (audit/quote_order.py mutual_best; an interview reworded
    # quotation by quotation). Chosen on LLMFake train (quote10, session 10): 0.4 takes 2 of the 5
    # critical fabricated faithful quotations and none of the 219 PolitiFact manipulations' (0.35: 1);
    # off by default (1.0): on the quick gate's LLMFake test sample it turned one manipulation's
    # invented quotation into quote_altered (detection at <= 5% false alarms 11 -> 10 of 54) and on the
    # faithful test split it changed no critical finding. 0.4 turns it on.
    quote_mutual_similarity: float = 1.0
    quote_mutual_margin: float = 0.1
    # entity_mismatch (audit/entities.py), chosen on the planted benchmark's dev half: a name of
    # another label group (or of a neighbouring source sentence) replaces a source name when a
    # word within name_context_words of both stands on the same side (with 3, a faithful
    # restatement's added name read as a swap: "D'Alesandro) Pelosi was born" / "the House, was born");
    # a sentence-opening word at least this common in English (wordfreq Zipf) is no name
    # ("Media reports", 5.3; surnames are rarer: "Johnson" 4.7); a name is looked for in a
    # reworded stretch of at most name_stretch_words words.
    name_context_words: int = 2
    name_common_zipf: float = 5.0
    name_stretch_words: int = 12
    # unsupported_fact (audit/unsupported.py) also on a body sentence aligned to nothing: its
    # numbers, dates and names are looked up in the whole source, beside the coverage rule's
    # unsupported_claim for the sentence. Off: on dev it moved SummEdits by one summary and it
    # adds findings to faithful LLM rewrites that add facts (BENCHMARKS.md section 3, session 7).
    unsupported_unaligned: bool = False
    # ... or only on an unaligned body sentence whose closest source sentence
    # (align.sentence_similarity) is at least unsupported_weak_similarity similar: a summary
    # sentence compressing several source sentences, not one the rewrite adds (confidence 0.5, the
    # closest sentence as its place). The floor was chosen on SummEdits dev + non-news and faithful
    # LLMFake train. Off: it moves no test figure of issue 10 (SummEdits flags those summaries by
    # unsupported_claim already) and the quick gate's LLMFake rewrite false alarms, whose pinned
    # types hold unsupported_fact, rise 0.167 -> 0.278 (BENCHMARKS.md section 3, session 9, summ9).
    unsupported_weak_link: bool = False
    unsupported_weak_similarity: float = 0.2
    # truncated (audit/coverage.py): a rewrite ending on a line of its own of at most this many
    # words whose last word is at least this common (wordfreq Zipf) ends on a heading or list item
    # ("- Khloé Kardashian Proves Her Mothering Skills on Snapchat"), not a cut ("- Nige", 2.0)
    closing_line_words: int = 12
    closing_word_zipf: float = 2.5
    copy_derived_share: float = 0.9  # verdict copy: derived and verbatim shares at least these
    copy_verbatim_share: float = 0.8
    rewrite_derived_share: float = 0.5  # verdict rewrite: derived share at least this
    partial_derived_share: float = 0.2  # verdict partial: at least this with two aligned sentences,
    short_partial_derived_share: float = 0.3  # or this with one aligned sentence in a rewrite of
    short_rewrite_sentences: int = 3  # at most this many sentences
    # meaning_changed (audit/judged.py): the pair judge on close aligned sentences no other rule
    # flagged. The probability that the source does not cover the sentence must reach
    # meaning_changed_min and the best link meaning_changed_min_similarity: fitted for the cross
    # judge on LLMFake train (the most manipulations flagged with at most 2% of faithful rewrites
    # getting the finding; BENCHMARKS.md section 6, "Cross-encoder judge in unspun"). The static
    # judge's own fit was 0.99 / 0.65. Major from meaning_changed_major on a CHANGED label, else
    # minor. Off by default: on the test splits neither judge made the finding fall clearly more
    # often on manipulated rewrites than on faithful ones, so it is an opt-in for readers who want
    # the judge's hints, not a default.
    meaning_changed: bool = False
    meaning_changed_min: float = 0.97
    meaning_changed_major: float = 0.999
    meaning_changed_min_similarity: float = 0.6  # the best link at least this similar (a close rewrite)
    # Report a verdict that blames no word (every word has a counterpart), over the whole sentence:
    # what a cross-encoder sees and word coverage cannot (roles swapped, a relation reversed).
    meaning_changed_unblamed: bool = False
    # The pair judge behind meaning_changed: the cross-encoder reads both sentences together. On
    # held-out pairs it beats the static judge on SICK, STS-B, MRPC dev and planted name swaps, and
    # loses on planted antonyms, numbers and swapped roles (docs/model-card.md; BENCHMARKS.md
    # section 6, "Cross-encoder judge in unspun"). judge_threads: onnxruntime's intra-op threads
    # for it (0: all cores).
    judge: JudgeKind = JudgeKind.CROSS
    judge_threads: int = 1
    # meaning_reversed (audit/meaning.py): a negation added or dropped on a reworded verb counts
    # when the two clauses share at least this many argument words (fitted on the planted dev half
    # and LLMFake train faithful rewrites)
    meaning_restated_min_shared: int = 2
    # an antonym in the source word's place: this many words either side are compared (at least two
    # the same, one of them next door; planted dev half)
    meaning_slot_words: int = 3
    # the lone negation: the rewrite sentence's only negating word, none in its aligned source
    # sentences, on a clause whose source counterpart shares a word; the best link at least this
    # similar (planted dev half, LLMFake train faithful rewrites; 1.0 turns it off)
    meaning_lone_min_similarity: float = 0.45
    # the lone negation no source clause answers (audit/meaning_sentence.py): reported when the
    # cross-encoder finds the aligned source sentences cover the rewrite sentence without its
    # negation with P at least meaning_cover_min, and at least meaning_cover_gain more than with
    # it (planted dev half, LLMFake train faithful rewrites; 1.0 turns it off)
    meaning_cover_min: float = 0.8
    meaning_cover_gain: float = 0.3
    # ... or when P without the negation is at least meaning_cover_band_min and P with it at most
    # meaning_cover_band_with (the source all but rules the negated sentence out; chosen on the
    # planted dev pool and LLMFake train faithful rewrites: 0.05; session 10). Off (0.0) by
    # default: on the test halves it caught 5 more planted negations but added a false finding on
    # one faithful LLMFake test rewrite ("does not confirm the existence of any investigation")
    meaning_cover_band_min: float = 0.5
    meaning_cover_band_with: float = 0.0
    # meaning_changed from a swapped word (audit/substitutions.py): a rewrite sentence keeping at
    # least substitution_min_copied of its words from its source sentence(s) with a stretch of at
    # most substitution_max_words words replaced by words not in the source sentences within
    # substitution_window of it, whose static cosine with the old is under
    # substitution_synonym_cosine and that WordNet does not relate (substitution_wordnet); or, from
    # substitution_polar_min_copied, a word swapped for one of the opposite polarity (VADER valences
    # of opposite sign at least substitution_polar_gap apart). Chosen on SummEdits non-news and
    # news dev and LLMFake train (BENCHMARKS.md section 3, session 8). Off by default: on the test
    # splits it adds as many false flags as changes caught, and every faithful-rewrite finding read
    # by hand was false (audit/substitutions.py's docstring).
    substitutions: bool = False
    substitution_min_copied: float = 0.85
    substitution_max_words: int = 3
    substitution_window: int = 1
    substitution_synonym_cosine: float = 0.3
    substitution_wordnet: bool = True
    substitution_polar_min_copied: float = 0.6
    substitution_polar_gap: float = 2.5


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """The source index: signatures, candidate generation, re-ranking and verification."""

    terms_per_doc: int = 48  # signature terms kept per article
    candidates: int = 50  # candidates re-ranked per query
    min_score: float = 0.5  # report threshold: below it a candidate is not a source
    batch_docs: int = 2_000  # articles per add transaction (what a killed add can lose)
    max_query_terms: int = 64  # the suspect's heaviest tokens looked up in the postings
    # Terms in more signatures than max_postings are skipped (too common to discriminate), and a
    # query joins at most postings_budget postings. Both hold up to full_limits_up_to articles,
    # then shrink in proportion down to the floors min_max_postings / min_postings_budget.
    max_postings: int = 5_000
    postings_budget: int = 20_000
    full_limits_up_to: int = 200_000
    min_max_postings: int = 1_000
    min_postings_budget: int = 6_000
    verify_top: int = 6  # candidates verified by sentence alignment and given a calibrated score
    fact_min_weight: float = 3.5  # a word at least this rare (zipf <= 3.5) is a fact token (names)
    background_rank: int = 3  # margins are over the 3rd-best other candidate (robust to 2 sources)
    # An archive too small to show a background (fewer than background_rank other candidates) is
    # taken to hold a thin one: the 10th percentile of cos_background over the top hits of the 600
    # dev no-source queries of the retrieval benchmark (`retrieval.py --fit` records it as
    # dev_no_source_cos_background_p10: 0.184 on 2026-11-30). Without it a tiny index made
    # unrelated articles sources (tests/e2e/test_trace.py); the median, 0.305, hid the example
    # rewrite's own source in a 2-article index (tests/unit/test_service.py).
    missing_background: float = 0.184
    rank_bigram_weight: float = 0.2  # hits are ordered by cosine + this x shared content bigrams
    bigram_min_weight: float = 3.0  # a content bigram's two words' background weights sum to this
    stub_check_chars: int = 300  # add ingests texts this short to refuse stubs (no body sentences)
    # The band judge (unspun.index.judge): the cross-encoder's cover share is asked about the top
    # hit only when its lexical score is in [judge_min_score, judge_cap); the judged score is
    # max(score, min(logistic(judge_intercept + judge_weight_score * logit(score) +
    # judge_weight_cover * cover_share), judge_cap)). Weights >= 0 keep it monotone. Chosen on the
    # dev half of the retrieval benchmark with 5,000 dev no-source queries, adding none of their
    # false sources (`retrieval_judge fit`, BENCHMARKS.md §4, session 9; off: held-out +1 of 500).
    judge: bool = False
    judge_min_score: float = 0.05
    judge_cap: float = 0.6
    judge_intercept: float = -7.25
    judge_weight_score: float = 2.0
    judge_weight_cover: float = 16.0
    # premises asked per suspect sentence: its n nearest candidate sentences by static cosine (a
    # sentence is covered where any of them covers it); 2 doubles the judge's cost
    judge_premises: int = 2
    # With the judge on, every verified hit's lexical score is first lowered by this much in logit,
    # sigmoid(logit(score) - judge_shift) (monotone), to pay for the false sources the judge adds;
    # 0 leaves the score as calibrated. Off with the judge: the score is the calibrated one.
    judge_shift: float = 0.1


@dataclass(frozen=True, slots=True)
class TraceSettings:
    """Choosing which retrieved candidates ``trace`` audits (``unspun.index.choose``)."""

    max_audited_sources: int = 3
    # Reports list up to this many of the best verified candidates that stayed below
    # index.min_score (with their evidence), so "no source found" can be checked.
    rejected_shown: int = 3
    # A further source is audited only if it explains at least this share of the suspect's
    # sentences and this many sentences that the sources already chosen do not.
    min_extra_share: float = 0.15
    min_extra_sentences: int = 2
    # Composite suspects (no single candidate reaches index.min_score): a sentence is closely
    # explained at strong_sim; two of the first verified_for_joint verified candidates are audited
    # together if each closely explains joint_min_share of the suspect's sentences that the other
    # does not, and both together joint_min_union (suspects of joint_min_sentences or more).
    strong_sim: float = 0.6
    joint_min_share: float = 0.25
    joint_min_union: float = 0.7
    verified_for_joint: int = 4
    joint_min_sentences: int = 4


@dataclass(frozen=True, slots=True)
class ExcludeSettings:
    """What the audit leaves out when judging derivation (``unspun.exclusions``).

    Excluded sentences (of the rewrite and of the sources) are relabelled ``Role.EXCLUDED``: they
    are not aligned, count toward no share and get no findings. Excluded source ids are never
    audited by ``compare`` and never retrieved by ``trace``.
    """

    quotes: bool = False  # ignore quotations: sentences mostly inside quotation marks
    boilerplate: bool = False  # ignore boilerplate lines: prompts, credit lines, copyright, "follow us"
    sources: tuple[str, ...] = ()  # ignore these source ids (compare: doc ids; trace: index ids)
    quote_min_share: float = 0.5  # a sentence is a quotation if this share of its characters is quoted


@dataclass(frozen=True, slots=True)
class ServeSettings:
    host: str = "127.0.0.1"
    port: int = 8000
    max_request_bytes: int = 5_000_000
    max_article_chars: int = 500_000
    timeout_s: float = 30.0
    # Host header names accepted besides the bound host, localhost and 127.0.0.1 (DNS-rebinding
    # guard): comma-separated, e.g. "unspun.newsroom.lan,10.0.0.5"; "*" accepts any.
    allowed_hosts: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    audit: AuditSettings = field(default_factory=AuditSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    trace: TraceSettings = field(default_factory=TraceSettings)
    exclude: ExcludeSettings = field(default_factory=ExcludeSettings)
    serve: ServeSettings = field(default_factory=ServeSettings)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON/TOML values: sections of scalars (lists as lists)."""
        return {
            section: {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
            for section, values in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Rebuild settings written by :meth:`to_dict` (e.g. the ``settings`` of a report).

        Sections and keys this version does not know (a report of another version) are ignored;
        missing ones keep their defaults.

        Raises:
            ConfigError: a value is invalid.
        """
        base = cls()
        known: dict[str, dict[str, Any]] = {}
        for f in fields(cls):
            entries = data.get(f.name)
            if isinstance(entries, Mapping):
                keys = {g.name for g in fields(getattr(base, f.name))}
                known[f.name] = {k: v for k, v in entries.items() if k in keys}
        return _apply(base, known, "recorded settings")


_UNIT_INTERVAL = {
    ("ingest", "foreign_confidence"),
    ("align", "min_similarity"),
    ("align", "name_swap_similarity"),
    ("align", "near_verbatim"),
    ("align", "verbatim"),
    ("align", "secondary_ratio"),
    ("align", "semantic_link"),
    ("align", "semantic_weight"),
    ("align", "semantic_min_share"),
    ("audit", "quote_semantic_similarity"),
    ("audit", "quote_window_similarity"),
    ("audit", "quote_order_similarity"),
    ("audit", "quote_order_anchor"),
    ("audit", "quote_whole_similarity"),
    ("audit", "quote_order_cover"),
    ("audit", "quote_sibling_similarity"),
    ("audit", "quote_mutual_similarity"),
    ("audit", "quote_mutual_margin"),
    ("index", "min_score"),
    ("index", "missing_background"),
    ("trace", "min_extra_share"),
    ("trace", "strong_sim"),
    ("trace", "joint_min_share"),
    ("trace", "joint_min_union"),
    ("exclude", "quote_min_share"),
    ("audit", "meaning_changed_min"),
    ("audit", "meaning_changed_major"),
    ("audit", "meaning_changed_min_similarity"),
    ("audit", "meaning_lone_min_similarity"),
    ("audit", "meaning_cover_min"),
    ("audit", "meaning_cover_gain"),
    ("audit", "meaning_cover_band_min"),
    ("audit", "meaning_cover_band_with"),
    ("audit", "substitution_min_copied"),
    ("audit", "substitution_polar_min_copied"),
    ("audit", "substitution_synonym_cosine"),
}
# Counts that must be at least 1 (a rank, a number of terms or sources).
_AT_LEAST_ONE = {
    ("index", "max_query_terms"),
    ("index", "background_rank"),
    ("index", "full_limits_up_to"),
    ("trace", "max_audited_sources"),
    ("audit", "substitution_max_words"),
}


def _string_tuple(raw: Any) -> tuple[str, ...]:
    """A list setting: a TOML array of strings, or one comma-separated string (environment)."""
    if isinstance(raw, str):
        items: list[Any] = raw.split(",")
    elif isinstance(raw, list | tuple):
        items = list(raw)
    else:
        raise ValueError(raw)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(raw)
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def _coerce(section: str, key: str, raw: Any, default: Any, origin: str) -> Any:
    name = f"{section}.{key}"
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                value: Any = raw
            elif str(raw).lower() in {"1", "true", "yes", "on"}:
                value = True
            elif str(raw).lower() in {"0", "false", "no", "off"}:
                value = False
            else:
                raise ValueError(raw)
        elif isinstance(default, int):
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            value = int(raw)
        elif isinstance(default, float):
            value = float(raw)
        elif isinstance(default, tuple):
            value = _string_tuple(raw)
        elif isinstance(default, StrEnum):
            value = type(default)(str(raw))
        else:
            value = str(raw)
    except (TypeError, ValueError):
        kind = "list of strings" if isinstance(default, tuple) else type(default).__name__
        if isinstance(default, StrEnum):
            kind = f"{type(default).__name__} ({' | '.join(m.value for m in type(default))})"
        raise ConfigError(f"{name} must be a {kind}, got {raw!r} ({origin})") from None
    if (section, key) in _UNIT_INTERVAL and not 0.0 <= value <= 1.0:
        raise ConfigError(f"{name} must be in [0, 1], got {value} ({origin})")
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise ConfigError(f"{name} must be >= 0, got {value} ({origin})")
    if (section, key) in _AT_LEAST_ONE and value < 1:
        raise ConfigError(f"{name} must be >= 1, got {value} ({origin})")
    return value


def _apply(base: Settings, values: Mapping[str, Mapping[str, Any]], origin: str) -> Settings:
    sections: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)}
    for section, entries in values.items():
        if section not in known:
            raise ConfigError(f"unknown settings section {section!r} ({origin}); known: {sorted(known)}")
        current = getattr(base, section)
        keys = {f.name for f in fields(current)}
        changes = {}
        for key, raw in entries.items():
            if key not in keys:
                raise ConfigError(f"unknown setting {section}.{key} ({origin}); known: {sorted(keys)}")
            changes[key] = _coerce(section, key, raw, getattr(current, key), origin)
        sections[section] = dataclasses.replace(current, **changes)
    settings = dataclasses.replace(base, **sections)
    _check(settings, origin)
    return settings


def _check(s: Settings, origin: str) -> None:
    a = s.align
    if not a.min_similarity <= a.near_verbatim <= a.verbatim:
        raise ConfigError(
            "align thresholds must satisfy min_similarity <= near_verbatim <= verbatim, got "
            f"{a.min_similarity} / {a.near_verbatim} / {a.verbatim} ({origin})"
        )


def load_settings(
    path: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Settings:
    """Build the effective settings.

    Raises:
        ConfigError: the file cannot be read or parsed, or a value is invalid.
    """
    settings = Settings()
    file = Path(path) if path is not None else Path("unspun.toml")
    if path is not None or file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read settings file {file}: {exc.strerror}") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"settings file {file} is not valid TOML: {exc}") from exc
        bad = [k for k, v in data.items() if not isinstance(v, dict)]
        if bad:
            raise ConfigError(f"settings file {file}: top-level keys must be sections, got {bad}")
        settings = _apply(settings, data, str(file))
    environ = os.environ if env is None else env
    from_env: dict[str, dict[str, str]] = {}
    for name, raw in environ.items():
        if not name.startswith("UNSPUN_"):
            continue
        parts = name[len("UNSPUN_") :].lower().split("_", 1)
        if len(parts) == 2 and parts[0] in {f.name for f in fields(Settings)}:
            from_env.setdefault(parts[0], {})[parts[1]] = raw
    if from_env:
        settings = _apply(settings, from_env, "environment")
    if overrides:
        settings = _apply(settings, overrides, "arguments")
    return settings
