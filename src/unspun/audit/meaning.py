"""Reversed meaning: a negation or an antonym flipped inside an aligned sentence.

* ``meaning_reversed`` (critical), in six forms, tried in this order:

  1. the rewrite sentence and the source sentence(s) it aligns to share a predicate (same
     verb, copula and complement, or copula and preposition: "was among") about the same
     thing, and one side negates it where the other does not ("did not confirm" vs
     "confirmed", "refused to pay" vs "paid", "will not help stop" vs "will stop");
  2. the same with the verb reworded: no source clause has the rewrite clause's verb, but one
     has its arguments (at least ``audit.meaning_restated_min_shared`` words of subject,
     object and complements in common, no other subject, the roles not swapped): "sharp
     blades were not discovered in his cell" vs "sharp blades were found in the cell";
  3. the rewrite copies a source sentence word for word but for a negation it adds or drops
     ("which were not down 3.70 percent" vs "which were down 3.70 percent"): no parse needed
     (session 7: the parse gave no clause to compare for a copula with an adverb, or a verb
     whose subject it hung elsewhere; :func:`~unspun.audit.meaning_sentence.copied_flip`);
  4. the lone negation: the rewrite sentence's only negating word, none in the aligned source
     sentences (the best link at least ``audit.meaning_lone_min_similarity`` similar), on the
     source's verb about other words ("is not living a comfortable life" vs "is living a
     lavish lifestyle"), or on another verb with ``meaning_restated_min_shared`` argument words
     in common and no other subject; no copula paired with another verb, no hedge on one side
     only, no source with "only" ("only 20% show up" vs "are not showing up"). The source's
     verb may be a participle about a word of the rewrite sentence ("after being charged with
     ethics violations" vs "was not charged with ethics violations"), or have another subject
     when the two share ``meaning_restated_min_shared`` argument words ("the FBI and the CIA
     require polygraph exams" vs "a polygraph exam is not required");
  5. the same lone negation, no source clause answering it: the cross-encoder says the aligned
     source sentences cover the rewrite sentence without its negation (P at least
     ``audit.meaning_cover_min``) much better than with it (by ``audit.meaning_cover_gain``):
     "party are facing fraud charges" vs "corruption charges were not brought against the
     party" (:func:`~unspun.audit.meaning_sentence.covered_flip`; session 8: static word vectors
     could not pair the reworded verbs, "hospitalized" / "admitted" 0.28, "pledge" / "offer"
     0.0, "accept" / "reject" 0.51), or covers it without the negation with P at least
     ``audit.meaning_cover_band_min`` and all but rules it out with the negation (P at most
     ``audit.meaning_cover_band_with``): "has actually led to" vs "has not resulted in" (session
     10; off by default);
  6. the rewrite uses the opposite of the source's word, with the same polarity, about the
     same thing: a shared argument, or the same words around both (``audit.meaning_slot_words``
     either side: "decreased its crude oil posted prices" vs "increased its ..."); the list is
     ``unspun/facts/data/antonyms.tsv`` ("rose" / "fell", "approved" / "rejected", "fair" /
     "unfair").

  A negation counts only if it changes the sentences' count of negating words
  (:func:`~unspun.facts.polarity.negative_weight`, which counts "unable", "without",
  "failed to", "yet to", "overlooked", "very little" too), less the negations of clauses the
  other side has no key of ("who never fit in"); a flip that only this second count lets
  through must share ``meaning_restated_min_shared`` argument words. A source that says both
  ("approved ... then rejected") excuses a flip; a negated antonym ("did not win" vs "lost")
  is the same claim; a verb that carries the negation itself ("skipped", "ignored") is no
  reworded counterpart. Form 2 was tried before (git 7624237) with a word-vector similarity
  of the two verbs and dropped (faithful rewordings of implicit negations flagged); static
  word vectors put antonyms closer than synonyms ("accepted"/"rejected" 0.44, "listed"/"named"
  0.19), so session 6 pairs the clauses by their arguments instead, with the balance above.

  Kept out (session 8, false flips read on faithful LLMFake rewrites): a clause wished, put as
  what one would say, or of which there is no sign ("we demand that CNN takes action", "for the
  media to say that immigration isn't an issue", "no indication that Clooney has attracted"); a
  condition taken for a hedge ("if it were happening" vs "wouldn't be happening"); "whether or
  not"; "not ... until" ("didn't begin until X" = "began after X"); a "not just" on the same
  verb ("should have not just been limited"); "looks nothing like" vs "looks different from";
  a verb and a noun of the list unless each is listed as such ("helped defeat" vs "a victory
  over"); "more" / "less" of nouns of different verbs ("take up less space" vs "create more
  storage space").

Only sentence pairs whose negation cues differ ("not only" is none), or in which the rewrite
uses a listed word more often than the source and the source its opposite, are parsed
(:func:`~unspun.facts.polarity.might_reverse`); at most one finding per rewrite sentence.

Two clauses that negate the same verb of different subjects or objects ("plans to spend quiet
time" / "does not plan to sell photos") are not compared unless they share much else; a clause
in a question asserts nothing and denies nothing; the same modal on both sides ("would make" /
"would not make") is a flip all the same.

Precision, measured (2026-11-30, session 8, git 7671c2d): on planted changes (``python -m
benchmarks.quality.planted --split test``) 0.996 of 259 findings right, catching 0.767 of 150
negations (0.747 before, session 7 merged) and 0.953 of 150 antonyms (0.947 before); no unplanted
twin of 905 gets it (dev: 0.833 of 150 negations, 0.793 before; the two dev twins that got it no
longer do). On faithful LLMFake rewrites (test split, 586 articles, ``python -m
benchmarks.quality.faithful run --split test``) it fires on no article (0.9%, 5 articles, all
false, before; train split: 1 article, "was no longer being cast" / "She was cast", false, of 7
before). Its false alarms left: negations restated in other words ("no longer" against an
earlier state). Session 10 (2026-11-30, the planting fixed for "whether", "not only" and "cannot
help but"; the same rules): test 0.773 of 150 negations, 0.953 of 150 antonyms, 0.996 of 260
findings right; dev 0.820 of 150 negations, 0.815 of the 730 dev-pool ones. With
``audit.meaning_cover_band_with`` 0.05 (off by default): test 0.807, dev 0.860 and 0.838, 0.992
of 266 right, and one faithful LLMFake test rewrite flagged (false: "does not confirm the
existence of any investigation").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from unspun.audit.context import AuditContext, Line, SourceDoc, changed
from unspun.audit.meaning_sentence import copied_flip, covered_flip
from unspun.config import AuditSettings
from unspun.facts.polarity import (
    Predicate,
    antonyms_of,
    content_lemmas,
    listed_as,
    might_reverse,
    negative_weight,
    predicates,
    word_lemmas,
)
from unspun.types import Finding, FindingType, Sentence, Severity, Span

__all__ = ["MeaningRule"]

_NEGATION_CONFIDENCE = 0.8
_ANTONYM_CONFIDENCE = 0.75

_Hit = tuple[SourceDoc, Sentence, Predicate]
# "only" says that most do not, "instead" / "rather" that something else is not: a pair with one
# may be where a lone negation came from ("was not intended to show X, but rather to compare" /
# "Instead, what the graphic intended to do was to compare": faithful LLMFake test)
# "the only", "its only" is unique, no restriction ("the world's only whaler factory ship": planted
# dev half)
_ONLY_RE = re.compile(
    r"(?<!not )(?<!the )(?<!'s )(?<!’s )(?<!its )(?<!his )(?<!her )(?<!their )(?<!an )\bonly\b|"
    r"\binstead\b|\brather\b",
    re.IGNORECASE,
)
# verbs whose negation often bears on a manner or a part, not the claim ("did not end badly",
# "has no editors" vs "has a compilation", "only 20% show up"): compared on shared arguments only
_LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "give", "end", "show"})


class MeaningRule:
    """``meaning_reversed``: negation and antonym flips in aligned sentences."""

    name = "meaning"

    def check(self, ctx: AuditContext, found: Sequence[Finding]) -> Iterator[Finding]:
        """Yield at most one finding per aligned rewrite sentence whose meaning is reversed."""
        for line in ctx.linked_lines:
            f = _check_line(line, ctx.settings)
            if f is not None:
                yield f


def _check_line(line: Line, settings: AuditSettings) -> Finding | None:
    rs = line.sentence
    source_text = " ".join(s.text for _, s, _ in line.linked)
    if not might_reverse(rs.text, source_text):
        return None
    rp = predicates(rs.text)
    sp = [(d, s, p) for d, s, _ in line.linked for p in predicates(s.text)]
    w_r, w_s = negative_weight(rs.text), negative_weight(source_text)
    r_words, s_words = content_lemmas(rs.text), content_lemmas(source_text)
    min_shared = settings.meaning_restated_min_shared
    for p in rp:
        balance = _balance(p, rp, sp, w_r, w_s)
        hit = _negation_flip(p, sp, (w_r - w_s, balance), r_words, s_words, min_shared) or _restated_flip(
            p, rp, sp, balance, min_shared
        )
        if hit is not None:
            return _finding(line, p, *hit, confidence=_NEGATION_CONFIDENCE)
    copied = copied_flip(line, _NEGATION_CONFIDENCE)
    if copied is not None:
        return copied
    if (
        w_r == 1
        and w_s == 0
        and line.linked[0][2].similarity >= settings.meaning_lone_min_similarity
        # "only 20% of the truck drivers show up" / "the truck drivers are not showing up"
        and not _ONLY_RE.search(source_text)
        and not _ONLY_RE.search(rs.text)
    ):
        for p in rp:
            hit = _lone_flip(p, sp, rs.text, min_shared)
            if hit is not None:
                return _finding(line, p, *hit, confidence=_NEGATION_CONFIDENCE)
        covered = covered_flip(line, rp, source_text, settings, _NEGATION_CONFIDENCE)
        if covered is not None:
            return covered
    for p in rp:
        hit = _antonym_flip(p, rp, sp, line, settings.meaning_slot_words)
        if hit is not None:
            return _finding(line, p, *hit, confidence=_ANTONYM_CONFIDENCE)
    return None


def _moves(p: Predicate, balance: int) -> bool:
    """True if ``balance`` moves the way a flip of ``p`` would: up for a negation the rewrite
    adds, down for one it drops."""
    return balance > 0 if p.negated else balance < 0


def _balance(p: Predicate, rp: Sequence[Predicate], sp: Sequence[_Hit], w_r: int, w_s: int) -> int:
    """The rewrite's count of negating words minus the source's, less the negations of clauses
    the other side does not have at all.

    A negated clause that one side drops ("who never fit in", "doesn't give a damn") is seldom
    where the other side's negation moved to, so it need not excuse a flip of ``p`` elsewhere
    (planted dev half: five added negations hidden so); but it may be ("haven't been pictured
    together" / "have not been seen together"), so a flip that only this count lets through must
    share more words with its source clause (:func:`_negation_flip`). Clauses are matched by
    key; what is left out is their negating words, each once ("will not help stop": one "not"),
    ``p``'s own aside.
    """
    r_keys = {r.key for r in rp}
    s_keys = {x[2].key for x in sp}
    # a dropped clause about what p is about ("had no regrets" / "expressed no regrets") may be
    # where p's negation came from: it is not set aside
    dropped = {
        (x[1].index, c)
        for x in sp
        if x[2].negated and x[2].key not in r_keys and not (_arguments(x[2]) & _arguments(p))
        for c in x[2].cues
    }
    added = {c for r in rp if r.negated and r.key not in s_keys for c in r.cues} - set(p.cues)
    return (w_r - len(added)) - (w_s - len(dropped))


def _about_the_same(p: Predicate, q: Predicate, r_words: frozenset[str], s_words: frozenset[str]) -> bool:
    """True if ``p`` (rewrite) and ``q`` (source) speak of the same thing.

    A shared argument word, or an argument word of one that the other sentence holds.
    """
    return p.shares_context(q) or bool(p.context & s_words) or bool(q.context & r_words)


def _negation_flip(
    p: Predicate,
    sp: Sequence[_Hit],
    balances: tuple[int, int],
    r_words: frozenset[str],
    s_words: frozenset[str],
    min_shared: int,
) -> _Hit | None:
    """The source clause whose negation the rewrite adds or drops on ``p``, if any.

    ``balances`` are the rewrite sentence's count of negating words minus the source's
    (:func:`~unspun.facts.polarity.negative_weight`), as counted and less dropped clauses
    (:func:`_balance`): a negation the rewrite adds must raise it, one it drops must lower it;
    otherwise the negation only moved into another word ("could not perform" -> "was unable to
    perform", "hasn't told" -> "without telling"). A flip that only the second count lets
    through needs ``min_shared`` argument words in common with its source clause.
    """
    raw, balance = balances
    if not _moves(p, balance) or p.idiom:
        return None
    strong_only = not _moves(p, raw)
    same = [x for x in sp if x[2].key == p.key]
    if not same or any(x[2].negated == p.negated for x in same):
        return None  # the source says it the same way somewhere (or never says it)
    for x in same:
        q = x[2]
        positive = q if p.negated else p
        # the asserted side must be a clause that states something: "failure to appoint",
        # "without undermining", "whether the father is", "should be removed" do not
        negative = p if p.negated else q
        # both under the same hedge ("would make" / "would not make") is a flip all the same; a
        # condition is no hedge ("if it were happening" / "a reunion wouldn't be happening")
        hedged_alike = not (
            positive.asserted or negative.asserted or positive.conditional or negative.conditional
        )
        if (
            q.idiom
            or not (positive.has_subject and (positive.asserted or hedged_alike))
            or not negative.clause
            or negative.question
            or _excused(positive, negative)
        ):
            continue
        if strong_only and len(p.context & q.context) < min_shared:
            continue
        if p.key in _LIGHT_VERBS and not p.shares_context(q):
            continue  # "has no editors" vs "has a compilation": the same verb says little
        if _other_arguments(p, q) and len(p.context & q.context) <= min_shared:
            continue  # unless they share much else ("Wilkinson's actions" / "Wilkinson's bigotry")
        if _about_the_same(p, q, r_words, s_words):
            return x
    return None


def _restated_flip(
    p: Predicate, rp: Sequence[Predicate], sp: Sequence[_Hit], balance: int, min_shared: int
) -> _Hit | None:
    """The source clause that ``p`` restates with another verb and the opposite polarity, if any.

    "sharp blades were not discovered in his cell during a search" / "sharp blades were found in
    the cell during a search": no source clause has ``p``'s verb, so the clause is known by its
    arguments instead: at least ``min_shared`` content words in common, no other subject, no
    other rewrite clause sharing more with it, and its verb not used by the rewrite (which
    would be its own restatement). A negated antonym ("did not win" / "lost") is the same claim;
    the balance of negating words must move as for the same verb. Only a negation the rewrite
    adds: one it drops with the verb reworded was a faithful restatement in every case read on
    LLMFake train ("weren't content with just one turkey" / "went beyond just one turkey").
    """
    if not p.negated or not _moves(p, balance) or p.idiom or p.group != "v":
        return None  # a dropped negation restated ("weren't content with one" / "went beyond one"): no
    if any(x[2].key == p.key for x in sp):
        return None  # the same verb: :func:`_negation_flip` decides
    r_keys = {r.key for r in rp}
    opposite = antonyms_of(p.lemma)
    best: tuple[int, _Hit] | None = None
    for x in sp:
        q = x[2]
        if q.negated == p.negated or q.idiom or q.group != "v" or q.key in r_keys or q.lemma in opposite:
            continue
        if negative_weight(q.lemma) or negative_weight(p.lemma):
            continue  # "failed", "skipped", "ignored": the negation is in the verb itself
        positive, negative = (q, p) if p.negated else (p, q)
        if not (positive.has_subject and positive.asserted and negative.clause and negative.asserted):
            continue  # "may not receive an invitation" / "things could stand in the way of it"
        if _excused(positive, negative):
            continue
        if p.lemma == "be" and q.lemma == "be":
            continue  # two copulas: their complements say it ("is not as popular" / "is a tougher sell")
        if p.subjects and q.subjects and not (p.subjects & q.subjects):
            continue
        if p.subjects & q.objects or q.subjects & p.objects:
            continue  # "Obama offered no endorsement" / "he told Obama": the roles differ
        shared = len(_arguments(p) & _arguments(q))
        if shared < min_shared or any(len(_arguments(r) & _arguments(q)) > shared for r in rp if r is not p):
            continue
        if best is None or shared > best[0]:
            best = (shared, x)
    return best[1] if best is not None else None


def _lone_flip(p: Predicate, sp: Sequence[_Hit], rewrite: str, min_shared: int) -> _Hit | None:
    """The source clause that ``p`` negates when ``p``'s negation is the rewrite sentence's only
    negating word and the aligned source sentences have none.

    Nothing there can be where the negation came from, so the counterpart need share less than
    in :func:`_negation_flip` / :func:`_restated_flip`: the same verb, its source subject (if
    any) a word of the rewrite sentence, about other words ("Bin
    Laden is not living a comfortable life" / "he is living a lavish lifestyle", "any reported
    cases ... will not result in the child being placed" / "reports ... will result in the child
    being turned over"), or another verb with ``min_shared`` argument words in common and a
    subject of its own not another ("the retired American boxing legend has not pledged an
    impressive sum" / "the retired American boxer has offered an overwhelming sum"); both sides
    state something (or both hedge alike), neither verb is an opposite of the other or carries
    a negation itself, and no copula is paired with another verb.
    """
    if not p.negated or p.idiom or p.group != "v" or not p.clause or p.question or negative_weight(p.lemma):
        return None
    opposite = antonyms_of(p.lemma)
    best: tuple[int, _Hit] | None = None
    r_words = word_lemmas(rewrite)
    for x in sp:
        q = x[2]
        if q.negated or q.idiom or q.group != "v" or q.question or q.lemma in opposite:
            continue
        # a participle or gerund of the same verb states its fact too when it is about a word of
        # the rewrite sentence: "the ship being temporarily disabled" / "the crew ... was not
        # temporarily disabled", "after being charged with ethics violations" (planted dev half)
        stated = q.has_subject and q.clause
        if (
            not (stated or (q.key == p.key and q.context & r_words))
            or negative_weight(q.lemma)
            or not p.has_subject
        ):
            continue
        if q.asserted != p.asserted or _excused(q, p):
            continue  # "would be wise to call" / "are not encouraged to call": a hedge is no claim
        shared = len(_arguments(p) & _arguments(q))
        if q.key == p.key:
            if p.key in _LIGHT_VERBS and not p.shares_context(q):
                continue
            if q.subjects and not q.subjects & r_words and shared < min_shared:
                # "People are responsible" / "Guns are not responsible": another subject, unless
                # the two share more ("the FBI and the CIA require polygraph exams" / "a
                # polygraph exam is not required")
                continue
            score = shared + min_shared
        elif p.lemma == "be" or q.lemma == "be" or shared < min_shared:
            continue  # "it is no surprise" / "it makes total sense": a copula's complement says it
        elif p.subjects and q.subjects and not (p.subjects & q.subjects):
            continue  # "Sophie is not bothered" / "Sophie posted a video": another clause
        else:
            score = shared
        if best is None or score > best[0]:
            best = (score, x)
    return best[1] if best is not None else None


_UNLIKE = frozenset({"different", "unlike", "distinct", "dissimilar"})


def _excused(positive: Predicate, negative: Predicate) -> bool:
    """True if the two clauses say the same though only ``negative`` is negated.

    "should have not just been limited to Facebook" / "should not be limited to one company"
    (the "not just" is no negation to the count, yet says as much), "Fact-checking didn't begin
    until the stories were published" / "After the stories were published, fact-checking began"
    (faithful LLMFake test, both read as false flips); "stayed until" / "did not stay until" is a
    flip still. Nor a clause either side states as wished, as what one would say, or as of no
    sign (:attr:`~unspun.facts.polarity.Predicate.unstated`: "we demand that CNN takes action" /
    "CNN officials have refused to take action", LLMFake train).
    """
    return (
        positive.softened
        or (negative.until and not positive.until)
        or positive.unstated
        or negative.unstated
        # "looks nothing like her sisters" / "looks different from her sisters" (LLMFake train)
        or (negative.unlike and bool(positive.context & _UNLIKE))
    )


def _arguments(p: Predicate) -> frozenset[str]:
    """Every word of ``p``'s arguments: context words, subjects, objects and complement verbs."""
    return p.context | p.subjects | p.objects


def _other_arguments(p: Predicate, q: Predicate) -> bool:
    """True if ``p`` and ``q`` say their verb of different things: both name a subject, or both
    an object or verb complement, and the two share no word.

    "endorsed edibles" / "wasn't endorsing pot smoking", "plans to spend quiet time" / "does not
    plan to sell any photos", "Guns are not responsible" / "People are responsible": read on
    faithful LLMFake rewrites (train split), the same verb negated about another thing.
    """
    if p.objects and q.objects and not (p.objects & q.objects):
        return True
    return bool(p.subjects and q.subjects and not (p.subjects & q.subjects))


def _antonym_flip(
    p: Predicate, rp: Sequence[Predicate], sp: Sequence[_Hit], line: Line, slot: int
) -> _Hit | None:
    opposite = antonyms_of(p.lemma)
    if not opposite:
        return None
    same_word = [x for x in sp if x[2].lemma == p.lemma and x[2].negated == p.negated]
    hit = _same_slot(p, opposite, sp, same_word, line.sentence.text, slot)
    if hit is not None or same_word:
        return hit  # else the source uses the rewrite's word too
    r_lemmas = {x.lemma for x in rp}
    for x in sp:
        q = x[2]
        if q.lemma not in opposite or q.lemma in r_lemmas or q.negated != p.negated:
            continue
        # the two opposite words must share an argument ("prices rose" / "prices fell"): tried
        # on LLMFake train, a shared word anywhere in the sentences let unrelated opposites
        # through ("rose to fame" / "fell pregnant")
        if not (_group_compatible(p, q) and p.shares_context(q)):
            continue
        if p.governor and q.governor and p.governor != q.governor:
            continue  # "create more storage space" / "take up less space" (faithful LLMFake test)
        return x
    return None


_WORD_RE = re.compile(r"[\w'’]+")


def _neighbours(text: str, start: int, k: int) -> list[str | None]:
    """The ``k`` words before and the ``k`` words after the word at ``start`` (None past an end)."""
    words = [(m.start(), m.group(0).lower().replace("’", "'")) for m in _WORD_RE.finditer(text)]
    i = next((i for i, (s, w) in enumerate(words) if s <= start < s + len(w)), None)
    if i is None:
        return [None] * (2 * k)
    before: list[str | None] = [w for _, w in words[max(0, i - k) : i]]
    after: list[str | None] = [w for _, w in words[i + 1 : i + 1 + k]]
    return [None] * (k - len(before)) + before + after + [None] * (k - len(after))


def _slot_score(a: Sequence[str | None], b: Sequence[str | None]) -> int:
    """How many of the neighbouring words stand at the same place around both words; -1 when
    neither next-door word is the same."""
    k = len(a) // 2
    if a[k - 1] != b[k - 1] and a[k] != b[k]:
        return -1
    return sum(1 for x, y in zip(a, b, strict=True) if x is not None and x == y)


def _same_slot(
    p: Predicate, opposite: frozenset[str], sp: Sequence[_Hit], same_word: Sequence[_Hit], text: str, k: int
) -> _Hit | None:
    """The source's opposite word standing in the rewrite word's place, if any.

    "in support of" / "in oppose of", "the more people counted" / "the less people counted",
    "decreased its crude oil posted prices" / "increased its crude oil ...": the same words
    around both (at least two of the ``k`` either side, one of them next door) make them
    about the same thing, whatever the parse gives as their arguments. Where the source uses
    the rewrite's word too, the opposite must fit the place better ("Exports rose in March
    but fell in April" / "Exports fell in April after they rose in March" is no flip).
    """
    mine = _neighbours(text, p.start, k)
    best: tuple[int, _Hit] | None = None
    for x in sp:
        if x[2].lemma in opposite and x[2].negated == p.negated:
            score = _slot_score(mine, _neighbours(x[1].text, x[2].start, k))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, x)
    if best is None:
        return None
    rival = max((_slot_score(mine, _neighbours(x[1].text, x[2].start, k)) for x in same_word), default=-1)
    return best[1] if best[0] > rival else None


def _group_compatible(p: Predicate, q: Predicate) -> bool:
    """Verbs and nouns of change compare with each other ("an increase" vs "fell"); adjectives alone.

    A verb and a noun only if the list gives each its opposite as that part of speech: the verb
    "defeat" (to win over) is not the noun "defeat" ("a victory over the Patriots" / "helped the
    Giants defeat the Patriots": faithful LLMFake test).
    """
    if p.group == q.group:
        return True
    return (
        {p.group, q.group} == {"v", "n"} and p.group in listed_as(p.lemma) and q.group in listed_as(q.lemma)
    )


def _finding(
    line: Line, p: Predicate, d: SourceDoc, s: Sentence, q: Predicate | None, *, confidence: float
) -> Finding:
    """The finding for rewrite predicate ``p`` against source predicate ``q`` (None: the sentence)."""
    r0, s0 = line.sentence.span.start, s.span.start
    after = line.sentence.text[p.phrase_start : p.phrase_end]
    s_span = Span(s0 + q.phrase_start, s0 + q.phrase_end) if q is not None else s.span
    before = s.text[q.phrase_start : q.phrase_end] if q is not None else s.text
    if q is None:
        message = f"The rewrite adds a negation: {after!r}, where the source states it."
    elif p.negated and not q.negated:
        message = f"The rewrite adds a negation: the source says {before!r}, the rewrite {after!r}."
    elif q.negated and not p.negated:
        message = (
            f"The rewrite drops the source's negation: the source says {before!r}, the rewrite {after!r}."
        )
    else:
        message = f"The rewrite says the opposite of the source: {after!r} where the source says {before!r}."
    return changed(
        FindingType.MEANING_REVERSED,
        Severity.CRITICAL,
        line.rewrite,
        Span(r0 + p.phrase_start, r0 + p.phrase_end),
        d,
        s_span,
        message,
        (before, after),
        confidence,
    )
