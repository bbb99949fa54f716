"""The words attributions are parsed with: cue verbs and their forms, and the word classes
that bound a party (auxiliaries, stop words, determiners, verbs that make a clause).

Hand-written, as :mod:`unspun.facts.attribution` says why (no tagger runs on that path); each
list says where its words were seen. Split from the parser, which reads them.
"""

from __future__ import annotations

CUE_LEMMAS: dict[str, str] = {}
for _lemma, _forms in {
    "say": "said says say saying",
    "tell": "told",
    "add": "added adds adding",
    "note": "noted notes note noting",
    "state": "stated stating",
    "claim": "claimed claims claim claiming",
    "emphasize": "emphasized emphasised emphasizes emphasises emphasize emphasise emphasizing emphasising",
    "stress": "stressed stresses stress stressing",
    "argue": "argued argues argue arguing",
    "warn": "warned warns warn warning",
    "caution": "cautioned cautions caution cautioning",
    "suggest": "suggested suggests suggest suggesting",
    "believe": "believe believes believed",
    "report": "reported reports report",
    "announce": "announced announces announce announcing",
    "deny": "denied denies deny denying",
    "insist": "insisted insists insist insisting",
    "write": "wrote writes write",
    "ask": "asked asks",
    "confirm": "confirmed confirms confirm",
    "explain": "explained explains",
    "estimate": "estimated estimates estimate",
    "acknowledge": "acknowledged acknowledges acknowledge",
    "allege": "alleged alleges allege",
    "admit": "admitted admits admit",
    # a post on social media is a statement in news copy ("Trump tweeted minutes after the vote")
    "tweet": "tweeted tweets",
}.items():
    for _f in _forms.split():
        CUE_LEMMAS[_f] = _lemma

# The speech verbs, as written, that put a speaker beside quoted words: the attribution parser
# reads a party after them when they follow a quotation or a comma ('"...," notes Mariah Haas':
# INVERTED_CUES, those of them that are cues), the quotation parser ends an unparsed speaker's
# phrase at one ('," one Justice Department official said'), and the speaker rule takes one off
# a phrase's edge for its message. One list for the three (they were three, each missing some of
# the others' verbs). Seen in wire copy, the present tense of feature writing ('"...," notes
# Mariah Haas') and posts ("tweeted"; planted dev).
SPEECH_VERBS = frozenset(
    {
        *("said", "says", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks"),
        *("explained", "explains", "noted", "notes", "stated", "warned", "warns", "tweeted"),
        *("insisted", "insists", "argued", "claimed", "recalled", "quoted", "continued"),
    }
)
INVERTED_CUES = frozenset(v for v in SPEECH_VERBS if v in CUE_LEMMAS)
AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "also",
        "previously",
        "later",
        "earlier",
        "repeatedly",
        "again",
        "reportedly",
        "publicly",
        "officially",
        "recently",
        "once",
        "then",
        "further",
        "itself",
        "themselves",
        "himself",
        "herself",
        "has",
        "since",
        "already",
        "now",
        "did",
        "does",
        "do",
        "will",
        "would",
    ]
)
STOP = frozenset(
    [
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "because",
        "although",
        "though",
        "if",
        "as",
        "since",
        "so",
        "yet",
        "however",
        "meanwhile",
        "than",
        "then",
        "after",
        "before",
        "until",
        "once",
        "whether",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "being",
        "to",
        "not",
        "never",
        "it's",
        "with",
        "what",
        "how",
        "why",
        # a conjunction or adverb right before the cue, not a party (faithful LLMFake rewrites):
        # "his publicist neither confirmed nor denied", "denied it and instead said"
        "neither",
        "nor",
        "instead",
        # a request or an imperative, not a party: "Please confirm", "Kindly note", "let us say"
        "please",
        "kindly",
        "let",
        "let's",
    ]
)
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})
DETS = frozenset(
    {"a", "an", "the", "some", "many", "several", "most", "other", "these", "those", "this", "that"}
)
POSSESSIVE_ONLY = frozenset({"his", "her", "its", "their", "our", "my", "your"})
WEEKDAYS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
# forms that are as often nouns or adjectives as verbs: a cue only before a clause
NOUN_LIKE = frozenset(
    [
        "report",
        "reports",
        "note",
        "notes",
        "claim",
        "claims",
        "estimate",
        "estimates",
        "stress",
        "stresses",
        "caution",
        "cautions",
        "alleged",
        "estimated",
        "tweets",
    ]
)
# before a noun-like cue ("numerous reports suggest", "there are regular reports that"), a noun's
# quantifier or adjective (LLMFake paraphrases in the planted benchmark's dev half)
QUANTIFIERS = frozenset(
    {*("most", "many", "some", "several", "numerous"), *("other", "regular", "multiple", "all")}
)
NOUN_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
        "those",
        "in",
        "of",
        "on",
        "for",
        "with",
        "by",
        "from",
        "recent",
        "new",
        "latest",
        "media",
        "news",
        "press",
        "such",
        # a preposition before the word: "resign over claims that", "a probe over reports that"
        "over",
        "about",
        "amid",
        "after",
        "against",
        "following",
        "despite",
        "under",
        "into",
        "at",
        "as",
        "like",
        "regarding",
        "among",
        "between",
        "through",
        "toward",
        "towards",
        "upon",
        "without",
        "within",
        "fresh",
        "further",
        "entire",
        "whole",
        "false",
        "controversial",
        "previous",
        "similar",
        "unfounded",
        "baseless",
        "official",
        "unconfirmed",
        "conflicting",
        # a verb whose object is the noun: "advises caution", "voiced caution", "shares notes"
        "advise",
        "advises",
        "advised",
        "urge",
        "urges",
        "urged",
        "express",
        "expresses",
        "expressed",
        "voice",
        "voices",
        "voiced",
        "raise",
        "raises",
        "raised",
        "share",
        "shares",
        "shared",
        "exercise",
        "exercises",
        "exercised",
        "offer",
        "offers",
        "offered",
    ]
)
# inside a source noun phrase, a verb: "has issued", "released a statement", "made fraudulent
# claims", "the news follows reports that". Hand-written: no tagger runs on this path (see the
# module docstring); these are the verbs seen before a cue word used as a noun in LLMFake train.
CLAUSE_VERB = frozenset(
    {
        "has",
        "have",
        "had",
        "'s",
        "made",
        "makes",
        "make",
        "took",
        "gave",
        "got",
        "found",
        "faces",
        "faced",
        "follows",
        "followed",
        "denied",
        "rejected",
        "dismissed",
        "cited",
        "received",
        "filed",
        "issued",
        "published",
        "released",
        "repeated",
        "spread",
        "heard",
        "sparked",
        "fuelled",
        "fueled",
        "exercise",
        "should",
        "would",
        "could",
        "must",
        "might",
        "may",
        "can",
        "cannot",  # "police officers cannot claim the cost", "we cannot deny": no claim is reported
        "shall",
    }
)
DETERMINERS_AFTER_VERB = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her"}
)
# small words inside a name ("Institute for the Study of War", "Johnson & Johnson"): one set for
# the attribution rules and the swapped-name search; the attribution parser also joins a party
# over "on" ("the Committee on Finance"), which in a changed stretch of words runs a name into
# the words before it ("washed ashore on Lake Michigan")
NAME_WORDS_INSIDE = frozenset({"for", "of", "the", "and", "de", "&"})
NAME_JOINERS = (NAME_WORDS_INSIDE - {"&"}) | {"on"}
