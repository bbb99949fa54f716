"""News-layout patterns: the lines around an article that are not its prose.

Bylines, photo credits, captions, "Related article:" lines, URL trailers, copyright lines,
subscribe prompts and the like. They are written by hand because no library classifies these
lines (HTML boilerplate removal itself is left to trafilatura); :mod:`unspun.ingest.roles` and
:mod:`unspun.ingest.credits` apply them. Date lines are in :mod:`unspun.ingest.dates`.
"""

from __future__ import annotations

import re

# A paragraph that ends a sentence: final punctuation, optionally closing quotes or brackets.
FINAL_PUNCT = re.compile(r"[.!?…][\"”’'»)\]]*$")

# News agencies, by the names they are credited under -> the one name reported.
AGENCIES = {
    "afp": "AFP", "ap": "AP", "reuters": "Reuters", "bloomberg": "Bloomberg", "dpa": "dpa", "ansa": "ANSA",
    "efe": "EFE", "xinhua": "Xinhua", "tass": "TASS", "interfax": "Interfax", "upi": "UPI", "pa": "PA",
    "ani": "ANI", "kyodo": "Kyodo", "yonhap": "Yonhap", "associated press": "AP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "press association": "PA",
}  # fmt: skip
AGENCY_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(AGENCIES, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
URL_ONLY = re.compile(r"^<?((?:https?://|www\.)[^\s<>]+)>?$", re.IGNORECASE)
URL_IN = re.compile(r"(?:https?://|www\.)[^\s<>]+", re.IGNORECASE)
URL_TRAILER = re.compile(
    r"^(?:original|source|article|canonical)\s+(?:url|link|article)\s*:|^originally published (?:at|on|by)\b",
    re.IGNORECASE,
)
RELATED = re.compile(
    r"^(?:related(?:\s+(?:articles?|stor(?:y|ies)|content|coverage|news|reading|links?))?|read more|"
    r"read also|also read|see also|more on this(?: story)?|recommended(?: reading| for you)?|further reading|"
    r"more from [^:]{1,40}|watch|listen)\s*[:\-–—»|]|^see also\b",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\(?(?:by|written by|words by|reporting by|story by|text by|report by|(?:source|sources|credits?)\s*:)"
    r"\s*(?=\S)",
    re.IGNORECASE,
)
BYLINE_CONNECTORS = {"and", "for", "in", "with", "of", "the", "de", "van", "von", "al", "bin", "da", "del",
                     "la", "le", "du", "&", "|", "-", "–", "—", "editing", "by", "additional"}  # fmt: skip

# Photo credits at the end of a caption ("Jane Roe / AFP", "(Photo: ...)", "... Getty Images").
CREDIT_SLASH = re.compile(
    r"(?:^|(?<=[.!?…\"”’)]\s)|(?<=[.!?…]))\s*(?P<credit>\(?(?:[A-Z][\w'’.\-]*\s+){0,5}[A-Z][\w'’.\-]*\s*/\s*"
    r"[A-Za-z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*){0,3}\)?)$"
)
CREDIT_PAREN = re.compile(
    r"\((?:photo|image|picture|photograph|credit|video)s?(?:\s+(?:by|credit))?\s*:?\s*(?P<credit>[^()]{2,100})\)$",
    re.IGNORECASE,
)
CREDIT_AGENCY_PHOTO = re.compile(
    r"\((?P<credit>[A-Z][\w.&]*\s+(?:photo|image|video|pool photo)s?\s*/\s*[^()]{2,80})\)$", re.IGNORECASE
)
CREDIT_LABEL = re.compile(
    r"(?:^|(?<=\s))(?:photo|image|picture|photograph)s?(?:\s+credit)?\s*(?::|\bby\b)\s*(?P<credit>[^.!?]{2,100})$",
    re.IGNORECASE,
)
CREDIT_GETTY = re.compile(r"(?P<credit>(?:[A-Z][\w'’.\-]*\s+){0,6}(?:via\s+)?Getty Images)$")
CAPTION_START = re.compile(
    r"^(?:in this\s+(?:\w+\s+)?(?:photograph|photo|picture|image|handout|screengrab|video grab)|"
    r"this\s+(?:\w+\s+)?(?:photograph|photo|picture|image|handout|screengrab|screenshot|video grab|"
    r"satellite image|aerial view|file photo)s?,?(?:\s+\w+)?\s+"
    r"(?:shows?|taken|released|provided|obtained|made available|posted|published|shared|distributed|grab))\b",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}|by\b))", re.IGNORECASE)
BOILERPLATE = re.compile(
    r"\ball rights reserved\b|^(?:subscribe|sign up|sign in|log in|click here|tap here|continue reading|"
    r"download (?:the|our) app|support (?:our|independent)|join our|get the latest|we use cookies|"
    r"this (?:site|website) uses cookies|accept (?:all )?cookies|share (?:this|on|via)|follow (?:us|@|on)|"
    r"register (?:now|here|for free)|scroll down for|story continue[sd] below|take our poll|"
    r"advertisement continue reading|view results|skip (?:to|this)|watch (?:the )?video|media playback is)\b|"
    r"^(?:advertisement|sponsored(?: content)?|share|tweet|print|e-?mail|comments?|loading|close|menu)\W*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*\s+(?=[\"“‘'(]?[A-Z])")
BOILERPLATE_LOOSE = re.compile(r"\b(?:newsletter|cookies?|subscribe|subscription)\b", re.IGNORECASE)
SMALL_WORDS = frozenset(
    """a an the of in on at to for and or but nor with from by as vs via over into onto per than up""".split()  # noqa: SIM905
)
CONTINUATION = SMALL_WORDS | frozenset(
    """is was were are be been being has have had that which who whom whose this these those its their his
    her our my your late early mid said says will would could should can may might must not no if when
    while about after before since until because although though than then also such some many most more
    less""".split()  # noqa: SIM905
)
