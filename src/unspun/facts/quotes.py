"""Direct quotations and their speakers.

Quotation marks are paired by hand because no library here does it for news text: straight
``"`` alternate open/close, curly “ opens and ” closes, and a single quote (' or ‘ ’) opens a
quotation only at the start of a word and closes at the end of one, so apostrophes ("It's",
"Ukraine’s", "soldiers' lives") are never taken for quotes. Marks are paired within one
paragraph (a quotation can span several sentences of it); an unclosed mark is ignored.

Speakers come from the attribution patterns of :mod:`unspun.facts.attribution`:
``"...," X said`` / ``"...," said X`` (right after the closing mark), else ``X said: "..."``
/ ``X said ... "..."`` (before the opening mark in the same sentence). A pronoun speaker
("it said") keeps ``speaker_text`` and gets ``speaker`` None. A quotation that follows a
quotation with a speaker in the same paragraph, with only the attribution between, inherits it.
"""

from __future__ import annotations

import logging
import re

from unspun.facts.attribution import FoundAttribution, find_attributions
from unspun.facts.cue_words import SPEECH_VERBS
from unspun.types import Quote, Span

logger = logging.getLogger(__name__)

PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "you"})
_MIN_SINGLE_WORDS = 1
# between a closing mark and the attribution's name: punctuation and a few title words
# ("," Russian military correspondent Alexander Kots said)
_GAP_AFTER = re.compile(r"[\s,.?!\"”’'—–-]*(?:[\w'’.-]+\s+){0,5}")


def find_quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the (start, end) of every quotation's interior (marks excluded) in ``text[start:end]``.

    Positions are in ``text``. Quotations do not nest; a single-quoted quotation inside a
    double-quoted one is part of it.
    """
    stop = len(text) if end is None else end
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    curly = False  # the open quotation was opened by a curly mark
    for i in range(start, stop):
        c = text[i]
        if c == "“":
            open_at, curly = i + 1, True
        elif c == "”":
            if open_at is not None:
                regions.append((open_at, i))
                open_at = None
            elif _GLUED_OPEN.match(text, i - 1):
                open_at, curly = i + 1, True  # 'had”certain criteria”': a closing mark glued between words
        elif c == '"':
            looks = _straight_looks(text, i, start, stop)
            if open_at is None:
                if looks != "close":
                    open_at, curly = i + 1, False  # a mark that can only close opens nothing (a stray one)
            elif looks == "open":
                # the straight mark before was a stray one: this one opens; inside a curly quotation
                # ('“The key to contentment ... life.  "Only then ... loves,”', LLMFake) it is one of its
                # own paragraphs' marks, and the quotation goes on
                if not curly and text[open_at:i].rstrip().endswith((".", "!", "?")):
                    # a quotation that goes on in a new paragraph opens it again without closing
                    # the one before ('"They're both ... the singer.  "It will take a while ..."')
                    regions.append((open_at, i))
                open_at = open_at if curly else i + 1
            else:
                regions.append((open_at, i))
                open_at = None
        elif c == "\n" and i + 1 < stop and text[i + 1] == "\n":
            open_at = None  # quotations do not cross paragraphs
    regions.extend(_single_quote_regions(text, start, stop, regions))
    regions.sort()
    return [(s, e) for s, e in regions if text[s:e].strip()]


def _straight_looks(text: str, i: int, start: int, stop: int) -> str:
    """ "open", "close" or "" (either) for the straight mark at ``i``, from the characters around it.

    Straight marks are paired by alternation, which one stray mark turns inside out for the rest
    of the paragraph: a text that starts inside a quotation ('Now, actually, I did. It's called
    preparation." After pausing for laughter, Clinton added, "And looking back ...') gave the
    words between two quotations as the quotation and the quotation none of its speaker (planted
    dev). A mark after a word or a sentence's punctuation and before a space can only close; one
    after a space and before a word can only open.
    """
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < stop else " "
    if (prev.isalnum() or prev in ".,!?;:…'’") and (nxt.isspace() or nxt in ".,;:!?)—–"):
        return "close"
    if (prev.isspace() or prev in "([—–") and nxt.isalnum():
        return "open"
    return ""


# a closing curly mark with a letter either side and no open quotation, not an apostrophe
# ("Trump”s"): an opening mark whose space was lost ('the restaurant had”certain criteria”
# like”honesty ...,” Wilkinson told the Post', planted dev); the usual pairing misses it
_GLUED_OPEN = re.compile(r"[^\W_]”(?!(?:s|t|d|m|re|ve|ll)\b)[^\W_]")


def _single_quote_regions(
    text: str, start: int, stop: int, doubles: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, stop):
        c = text[i]
        if c not in "'‘’":
            if c == "\n" and i + 1 < stop and text[i + 1] == "\n":
                open_at = None
            continue
        if any(s - 1 <= i <= e for s, e in doubles) or _is_elision(text, i):
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < stop else " "
        at_word_start = (not prev.isalnum()) and nxt.isalnum() and c in "'‘"
        at_word_end = (not nxt.isalnum()) and (prev.isalnum() or prev in ".?!,") and c in "'’"
        if open_at is None:
            if at_word_start and prev not in "'’":
                open_at = i + 1
        elif at_word_end:
            if prev == "s" and nxt in " ," and _looks_possessive(text, i):
                continue
            inner = text[open_at:i]
            if len(inner.split()) >= _MIN_SINGLE_WORDS and "\n" not in inner:
                out.append((open_at, i))
            open_at = None
    return out


# an apostrophe that stands for left-out letters, not a quotation mark: a decade ("the '70s",
# "'90s-era") and "rock 'n' roll" (both marks); found as false "quotations" in LLM rewrites
_ELISION = re.compile(r"['‘’](?:\d0s\b|n['’]\s)")


def _is_elision(text: str, i: int) -> bool:
    """True if the single mark at ``i`` is an elision ("'70s", "rock 'n' roll"), not a quote."""
    if _ELISION.match(text, i):
        return True
    return i >= 2 and _ELISION.match(text, i - 2) is not None and text[i - 1] == "n"


def _looks_possessive(text: str, i: int) -> bool:
    """True for "soldiers' lives": a plural possessive followed by a lowercase noun."""
    return (
        re.match(r"\s+[a-z]", text[i + 1 : i + 4]) is not None
        and re.match(r"[’']\s+\w+[’']", text[i : i + 40]) is not None
    )


_FULL_STOP = re.compile(r"\s*\.\s")


def speaker_after(sentence: str, q_end: int, found: list[FoundAttribution]) -> FoundAttribution | None:
    """The attribution right after a closing mark at ``q_end`` ("...," X said / said X).

    A quotation that ends its sentence (".", "!" or "?" before the closing mark) is not
    introduced by an "According to X" that follows: that opens the next sentence; nor, after a
    full stop, by any attribution ('... daily lives." The company said tariffs would ...').
    """
    mark = sentence[max(0, q_end - 2) : q_end - 1]
    if mark == "." or _FULL_STOP.match(sentence, q_end):
        return None
    ended = mark in {".", "!", "?"}
    after = [
        a
        for a in found
        if a.start >= q_end
        and _GAP_AFTER.fullmatch(sentence[max(0, q_end) : a.start])
        and not (ended and a.cue == "according to")
    ]
    return min(after, key=lambda a: a.start) if after else None


def speaker_before(q_start: int, found: list[FoundAttribution]) -> FoundAttribution | None:
    """The nearest attribution ending before an opening mark at ``q_start`` (X said: "...")."""
    before = [a for a in found if a.end <= q_start]
    return max(before, key=lambda a: a.end) if before else None


# a participle of a cue after a comma: the clause that follows is its subject's words
_PARTICIPLE_CUE = re.compile(
    r",\s*(?:alleging|saying|claiming|arguing|insisting|warning|adding|noting|explaining|writing|telling)\b"
)


def pick_speaker(
    sentence: str, q_start: int, q_end: int, found: list[FoundAttribution]
) -> FoundAttribution | None:
    """Choose the attribution that introduces the quotation at [q_start, q_end) of ``sentence``."""
    after = speaker_after(sentence, q_end, found)
    if after is not None:
        return after
    if speech_tag_after(sentence, q_end):
        return None  # its speaker follows, unparsed: not an attribution before the opening mark
    before = speaker_before(q_start, found)
    return before if before is not None and speaks_through(sentence[before.end : q_start]) else None


# a speech verb within six words after a quotation closed by a comma, no clause word between:
# '," says Project Veritas founder and President James O'Keefe', '," one Justice Department
# official said'
_TAG_AFTER = re.compile(
    r"[\s,—–-]*(?:[\w'’.-]+\s+){0,6}?(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b(?![\s,]*[\"“])"
)


def speech_tag_after(sentence: str, q_end: int) -> bool:
    """True if the quotation ending at ``q_end`` is followed by its own speech tag, parsed or not.

    The sentence's attribution before the opening mark then introduces something else: "...
    private data according to Haynes“The fact is, even if Haynes was just speculating ...,” says
    Project Veritas founder and President James O’Keefe" gave O'Keefe's words to Haynes (a false
    ``quote_misattributed`` on a faithful LLMFake rewrite, train split).
    """
    comma = sentence[max(0, q_end - 2) : q_end - 1] == "," or sentence[q_end:].lstrip().startswith(",")
    m = _TAG_AFTER.match(sentence, q_end) if comma else None
    return m is not None and _CLAUSE_WORD.search(m.group(0)) is None


_CLAUSE_WORD = re.compile(r"\b(?:and|but|or|then|that|which|who|while|as|when)\b", re.IGNORECASE)


def speaks_through(between: str) -> bool:
    """True if an attribution before a quotation still introduces it across ``between``.

    Not across a participle of a cue after a comma in a clause the attribution introduces with a
    colon: "Truepundit.com reports: The embattled Page tossed Comey ..., alleging the FBI
    concealed Chinese state-backed 'assets'" gives the words to the participle's subject, whom
    the patterns do not find, not to the outlet (a false ``quote_misattributed`` on LLMFake
    test). Without the colon the participle's subject is the attribution's: "President Reagan
    told a group of supporters his pledge is solid, adding, "There will be no tax rate
    increase"" (planted dev).
    """
    m = _PARTICIPLE_CUE.search(between)
    return m is None or ":" not in between[: m.start()]


def names_something(quote: str) -> bool:
    """True for a quotation that is a name, not someone's words: a title or one capitalised word.

    'Levin said ... on "Hannity"', 'Speaking on "Let Me Love You"': such a quotation has no
    speaker (the attribution near it is the party of a claim about it).
    """
    return is_title(quote) or _ONE_NAME.fullmatch(quote.strip(" .,!?")) is not None


def speaker_of(attr: FoundAttribution | None, sentence: str) -> tuple[str | None, str | None]:
    """Return (speaker, speaker_text) for an attribution found in ``sentence``."""
    if attr is None:
        return None, None
    surface = sentence[attr.source_start : attr.source_end]
    if attr.source in PRONOUNS:
        return None, surface
    return attr.source, surface


def extract_quotes(text: str, *, offset: int = 0) -> tuple[Quote, ...]:
    """Find the quotations in ``text`` (one sentence or paragraph) with their speakers.

    Spans are ``offset`` + positions in ``text`` and exclude the quotation marks.
    """
    regions = find_quote_regions(text)
    found = find_attributions(text, mask=regions)
    quotes: list[Quote] = []
    for s, e in regions:
        s2, e2 = trim_region(text, s, e)
        if s2 >= e2:
            continue
        pick = None if names_something(text[s2:e2]) else pick_speaker(text, s, e + 1, found)
        speaker, surface = speaker_of(pick, text)
        quotes.append(Quote(Span(offset + s2, offset + e2), text[s2:e2], speaker, surface))
    return tuple(quotes)


# one capitalised word in quotation marks ("Hannity", the show): a name (:func:`names_something`)
_ONE_NAME = re.compile(r"[A-Z][\w'’.-]*")
# short words a title leaves in lowercase ("Ides of March", "La Vie en Rose")
_TITLE_SMALL = frozenset(
    {*("a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by"), "from"}
    | {*("with", "as", "is", "vs", "en", "de", "la", "le", "du", "von", "van")}
)
_TITLE_WORD = re.compile(r"[^\W_][\w'’-]*")  # a number counts as a capitalised word: "The 700 Club"


def is_title(text: str) -> bool:
    """True for a quoted title: two to eight words, each capitalised but the small ones.

    Songs, shows and dress codes ("Let Me Love You", "19 Kids and Counting", "Dress Uniform,
    Morning Coat") stand in quotation marks in LLMFake rewrites (train split) as in news; they
    are names of things, not words someone said.
    """
    words = _TITLE_WORD.findall(text)
    big = [w for w in words if w.casefold() not in _TITLE_SMALL]
    return (
        2 <= len(words) <= 8
        and len(big) >= 2
        and all(w[0].isupper() or w[0].isdigit() for w in big)
        and any(w[0].isupper() for w in big)
    )


def trim_region(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink [s, e) past surrounding whitespace and a trailing comma."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


# speech verbs that close an attribution the patterns leave unparsed ('," one Justice Department
# official said', '," Haas's head of Ultra High Net Worth, Josef Stadler, told Forbes')
_SPEECH_AFTER = re.compile(r"\b(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b")
# an apposition after a name that follows its cue: '," said Kevin Haggerty, senior vice
# president ... at Fidelity Investments.', '," asks Li Huifen, president of China United ...'
# An apposition names the speaker (", a former chief legal officer", ", Director of the NCMI"); a
# participle or a subordinate clause after the comma says something else (", referring to talks
# between Putin and U.S. President Donald Trump"): the names there are not the speaker's.
_APPOSITION_AFTER = re.compile(
    r",\s+(?!(?:[a-z]+(?:ing|ed)|who|whom|whose|which|that|where|when|while|and|but|as|after|before|because|"
    r"although|though|if|since|until)\b)(?:[a-z][\w'’-]*|[A-Z][a-z]+\s+(?:of|for|at)\b)[^;:!?\"“”]*"
)
_PARTY_AFTER = re.compile(r"\s+(?:[\w'’&-]+|(?<=\b[A-Z])\.|(?<=\b(?:Mr|Ms|Dr|Jr|Sr|St))\.|\s+)+")
_PHRASE_END = re.compile(r"[;:!?\"“”]|(?<=[a-z]{3})\.\s")


def speaker_phrase(
    sentence: str, q_start: int, q_end: int, found: list[FoundAttribution]
) -> tuple[int, int] | None:
    """The (start, end) in ``sentence`` of the words that say who speaks the quotation at [q_start, q_end).

    ``q_start`` is the quotation's first character, ``q_end`` the position after its closing
    mark. The whole phrase, not only the name the patterns take as the speaker: the title,
    owner and apposition around it ('," Col. R. Shane Day, Director of the NCMI, said', '," Clinton
    pollster Joel Benenson told reporters', 'said analyst George Baker at Smith Barney'), which
    identify the speaker as much as the name does (a changed organisation there gives the words
    to someone else). After the quotation: from its closing mark to the end of the attribution
    and an apposition after it; before it: from the clause's start to the cue; else from the
    closing mark to a speech verb within the clause. None if no phrase is found.
    """
    after = speaker_after(sentence, q_end, found)
    if after is not None:
        hi = after.end
        if after.source_start > after.start:  # '," said X': X's apposition belongs to the phrase
            m = _APPOSITION_AFTER.match(sentence, hi)
            hi = m.end() if m and m.end() - hi <= 120 else hi
        return q_end, hi
    before = speaker_before(q_start, found)
    if before is not None and speaks_through(sentence[before.end : q_start]):
        head = sentence[: before.source_start]
        cuts = [m.end() for m in _PHRASE_END.finditer(head)]
        return (cuts[-1] if cuts else 0), before.end
    rest = sentence[q_end : q_end + 160]
    verb = _SPEECH_AFTER.search(rest)
    if verb is None or _PHRASE_END.search(rest[: verb.start()]):
        return None
    if rest[: verb.start()].strip(" ,"):
        return q_end, q_end + verb.end()
    # '," said analyst George Baker at Smith Barney.': the verb first, the party after it
    party = _PARTY_AFTER.match(rest, verb.end())
    if party is None:
        return None
    hi = party.end()
    m = _APPOSITION_AFTER.match(rest, hi)
    return q_end, q_end + (m.end() if m and m.end() - hi <= 120 else hi)
