"""Who is cited: compare the parties of attributions and quotations.

Used by the quotation rule (speakers), the attribution rule and the coverage rule (a claim
put in someone's mouth). Parties are compared as normalised names ("moscow defense
ministry"); messages name them as the text writes them (:func:`as_written`).
"""

from __future__ import annotations

import re

from unspun.facts.attribution import normalize_source
from unspun.facts.compare import same_party
from unspun.facts.cue_words import POSSESSIVE_ONLY
from unspun.gazetteer import CAPITALS, COUNTRY_WORDS, country_of
from unspun.types import Attribution, SentenceFacts

__all__ = [
    "as_written",
    "cites_unnamed",
    "is_vague",
    "mentions",
    "parties_match",
    "party_key",
    "unnamed_party",
]

_NAME_WORD = re.compile(r"[\w][\w'’.&-]*")


def as_written(a: Attribution) -> str:
    """Return the party of ``a`` as its text writes it ("Russian military bloggers").

    The shortest run of words of ``a.text`` whose normalised form is ``a.source``; the
    normalised party if none is (it then comes from an alias).
    """
    words = list(_NAME_WORD.finditer(a.text))
    for n in range(1, len(words) + 1):
        for i in range(len(words) - n + 1):
            span = a.text[words[i].start() : words[i + n - 1].end()]
            if normalize_source(span) == a.source:
                return span.rstrip(".")
    return a.source


_PRONOUNS = {
    *("it", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those", "who", "one"),
    *("him", "her", "them", "us", "me"),
}
_GENERIC_PARTIES = {"the post", "post", "the report", "report", "the statement", "statement", "some", "many"}
# heads of parties that name nobody: anonymous sources ("an insider", "sources close to"),
# hearsay ("reports", "rumors") and things ("the evidence", "their history together"). Seen
# cited for the same claim under different words in faithful LLMFake rewrites (train half).
_ANONYMOUS_HEADS = frozenset(
    {
        "source",
        "sources",
        "insider",
        "insiders",
        # an anonymous informant in other words ("the tipster" / "the informant", hand-read sample)
        "tipster",
        "tipsters",
        "informant",
        "informants",
        "report",
        "reports",
        "rumor",
        "rumors",
        "rumour",
        "rumours",
        "speculation",
        "evidence",
        "history",
        "revelation",
        "website",
        "site",
        "post",
        "posts",
        "statement",
        "story",
        "article",
        "news",
        "getaway",
        "data",
        "accounts",
        "developments",
        "information",
        "passage",
        "interview",
        "memoir",
        "book",
        "situation",
        "hangouts",
        "accent",
        "birth",
        "claim",
        "claims",
        "denial",
        "justification",
        "year",
        "testing",
        "fees",
        "notes",
        "records",
        "documents",
        "photos",
        "video",
        "footage",
        "images",
        "pictures",
        "outlets",
        "media",
        "investigation",
        "policy",
        "timing",
    }
)


_AFTER_HEAD = frozenset(
    {"of", "from", "by", "in", "at", "on", "for", "with", "close", "obtained", "together"}
)


# "Life & Style magazine" is "Life & Style": a generic word after a title is dropped
_TITLE_HEADS = frozenset({"magazine", "newspaper", "website", "tabloid", "outlet", "channel", "network"})


def party_key(party: str) -> str:
    """Return the words of ``party``, case-folded, without articles and possessive marks.

    A generic word after a title ("New Idea magazine") is dropped.
    """
    words = [w for w in re.findall(r"[\w.]+", party.casefold()) if w not in {"the", "a", "an", "s"}]
    if len(words) > 1 and words[-1] in _TITLE_HEADS:
        words = words[:-1]
    return " ".join(words)


def is_vague(party: str) -> bool:
    """Return True for a party that names nobody in particular ("they", "the report")."""
    key = party_key(party)
    if not key or key in _PRONOUNS or key in _GENERIC_PARTIES:
        return True
    # the head noun stands before a preposition or modifier: "sources close to the couple",
    # "a report from OK", "their history together", "information obtained by In Touch"
    return head_words(party, _AFTER_HEAD)[-1] in _ANONYMOUS_HEADS


def parties_match(a: str, b: str) -> bool:
    """Return True if ``a`` and ``b`` are the same party, or the same country's."""
    if same_party(a, b):
        return True
    ka, kb = party_key(a), party_key(b)
    if ka == kb:
        return True
    wa, wb = ka.split(), kb.split()
    # "their spokesman" / "the group's spokesman": the same head, one of them only a pronoun's
    if wa and wb and wa[-1] == wb[-1] and (wa[0] in POSSESSIVE_ONLY or wb[0] in POSSESSIVE_ONLY):
        return True
    # Same institution named with a different owner ("Moscow's Defense Ministry" vs "the
    # Kremlin's Defense Ministry") is an entity change, reported by the entity rule.
    if len(wa) >= 2 and len(wb) >= 2 and wa[-2:] == wb[-2:]:
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb


def mentions(text: str, party: str) -> bool:
    """Return True if ``text`` names ``party`` (its head words), or the country it stands for."""
    low = text.casefold().replace("’", "'")
    key = party_key(party)
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


# (moved from audit/attributions.py, shared by the added and the dropped attribution rules)
HEAD_CUT = frozenset(
    {*("of", "from", "by", "in", "at", "on", "for", "with", "about", "per"), *("close", "quoted", "cited")}
)


def head_words(party: str, cut_at: frozenset[str] = HEAD_CUT) -> list[str]:
    """The words of ``party`` before a preposition or participle ("source quoted by X" -> "source")."""
    words = party_key(party).split()
    cut = next((i for i, w in enumerate(words) if w in cut_at and i > 0), len(words))
    return words[:cut]


def head_noun(party: str) -> str:
    """The last word of ``party``'s head (``head_words``), or "" for a party of no words."""
    head = head_words(party)
    return head[-1] if head else ""


def normalize_lower(word: str) -> str:
    """``word`` case-folded, without a possessive ending or dots."""
    return re.sub(r"['’]s$", "", word.casefold()).replace(".", "")


# Hand-written (see attributions._GROUPS): the people who speak for someone ("his team", "her rep",
# "a spokesperson for the couple"), which faithful LLMFake rewrites name in other words.
SPOKESPEOPLE = frozenset(
    {
        *("team", "camp", "rep", "reps", "representative", "representatives", "spokesperson"),
        *("spokespeople", "spokesman", "spokesmen", "spokeswoman", "publicist", "publicists"),
        *("aide", "aides", "staff", "staffer", "staffers", "lawyer", "lawyers", "attorney", "attorneys"),
    }
)


# Hand-written (see attributions._GROUPS): the people a source cites without naming them
# (anonymous sources, "they", "many", "some"), as parsed parties and quotation speakers, and the
# clauses in which such people hold an opinion with a verb the attribution parser has no cue for
# ("But many think the tabloid story is completely false", "Some of the more pathetic and
# pandering individuals, however, have criticized the new law"; faithful LLMFake train rewrites
# turned them into "Critics argue" / "some critics believe").
_UNNAMED_KEYS = frozenset({"some", "many", "they", "them", "others", "people", "several", "most", "few"})
_UNNAMED_HEADS = frozenset(
    {"source", "sources", "insider", "insiders", "tipster", "tipsters", "informant", "informants"}
)
_UNNAMED_SUBJECT = r"(?:many|some|others|several|most|few|people|individuals|folks)"
_OPINION_VERB = (
    r"(?:think|thinks|thought|feel|feels|felt|believe[sd]?|say|says|said|claim(?:s|ed)?|argue[sd]?"
    r"|critici[sz](?:e|es|ed)|question(?:s|ed)?|doubt(?:s|ed)?|fear(?:s|ed)?|suspect(?:s|ed)?"
    r"|accuse[sd]?|condemn(?:s|ed)?|complain(?:s|ed)?|insist(?:s|ed)?|contend(?:s|ed)?"
    r"|worr(?:y|ies|ied)|predict(?:s|ed)?|(?:dis)?agree[sd]?|allege[sd]?|slam(?:s|med)?"
    r"|blast(?:s|ed)?|denounce[sd]?|wonder(?:s|ed)?)"
)
_UNNAMED_OPINION = re.compile(
    rf"\b{_UNNAMED_SUBJECT}\b(?:\s+[\w'’,-]+){{0,9}}?\s+(?:(?:have|has|had)\s+)?{_OPINION_VERB}\b",
    re.IGNORECASE,
)


def unnamed_party(party: str) -> bool:
    """True for a party that is people the text does not name: "an insider", "sources close to
    the couple", "many", "they" (not "he" or "she": one person the story names; not a thing
    such as "the report")."""
    head = head_words(party, _AFTER_HEAD)
    return party_key(party) in _UNNAMED_KEYS or (bool(head) and head[-1] in _UNNAMED_HEADS)


def cites_unnamed(facts: SentenceFacts, text: str) -> bool:
    """True if a sentence (``text``, its ``facts``) gives its claim to people it does not name:
    a parsed party or a quotation's speaker that is such people (:func:`unnamed_party`), or an
    opinion clause of theirs ("many think", "some ... have criticized")."""
    return (
        any(unnamed_party(a.source) for a in facts.attributions)
        or any(q.speaker is not None and unnamed_party(q.speaker) for q in facts.quotes)
        or _UNNAMED_OPINION.search(text) is not None
    )
