"""Runs of capitalised words (names, as the writing shows them) and a name put back in a sentence.

The aligner uses :func:`swapped_back` for a rewrite sentence that links to no source sentence: a
copy with one name changed ("Credit Garcia for The New York Times" / "Credit William DeShazer
for The New York Times ...") loses most of its weight with the name (a name is a rare word and
weighs most), so it falls below the link threshold although every other word is kept. Put the
source's name back in its place and the sentence links as its unchanged twin does; the audit
then sees the swap. The recognizer's names (:mod:`unspun.facts`) come after alignment in no
order the aligner may rely on, and a capitalised run is what a swapped name looks like on both
sides, so the runs here are read from the writing alone (no library marks name runs without a
model).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

__all__ = ["name_runs", "swapped_back"]

# A word that opens with a capital (letters, digits, dots, apostrophes, hyphens, "&" inside).
_TOKEN = re.compile(r"[A-Za-z0-9][\w'’.&\-]*")
# Lower-case words that stand inside a name ("Bank of England", "Osama bin Laden").
_INSIDE = frozenset({"of", "de", "del", "da", "van", "von", "bin", "al", "la", "le", "du"})
# Months and weekdays are capitalised and no names ("1 August, 2016" / "1 June, 2016" is a date
# changed, the date rule's); English only, as the text the rules read.
_NOT_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_TITLE_CASE = 0.6  # a sentence with more capitalised words than this is a headline: no runs read


def name_runs(text: str) -> list[tuple[int, int]]:
    """Character spans of the runs of capitalised words in ``text``.

    The first word of the sentence starts a run only when the next word is capitalised too
    ("Albert Gamez Jr is ...", not "Reports suggest"); a lower-case word that stands inside
    names ("of", "bin") joins two capitalised words. A title-case sentence (a headline) has no
    runs: its capitals say nothing.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    caps = [t[2][0].isupper() and t[2].rstrip(".").casefold() not in _NOT_NAMES for t in toks]
    if not toks or sum(caps) > _TITLE_CASE * len(toks):
        return []
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and (
            caps[j + 1] or (toks[j + 1][2] in _INSIDE and j + 2 < len(toks) and caps[j + 2])
        ):
            j += 1
        end = toks[j][1]
        if toks[j][2].endswith(".") and toks[j][2].count(".") == 1:
            end -= 1  # the sentence's full stop, not an abbreviation's ("U.S.")
        if i > 0 or j > 0:
            runs.append((toks[i][0], end))
        i = j + 1
    return runs


def swapped_back(
    rewrite: str,
    source: str,
    words: Callable[[str], set[str]],
    *,
    known: frozenset[str] | set[str] = frozenset(),
    limit: int = 8,
) -> Iterator[str]:
    """The rewrite sentence with its one new name replaced by each name of the source sentence.

    A name is new when none of its ``words`` (the aligner's stems) stands in the source
    sentence nor in ``known`` (the words of every source: a name found elsewhere in them is
    no new one). Nothing is yielded unless the rewrite sentence holds exactly one new name (two
    changed names are no swap of one) and the source sentence at least one name the rewrite
    sentence does not keep; at most ``limit`` source names are tried, in source order.
    """
    r_words, s_words = words(rewrite), words(source)
    new = _not_in(rewrite, s_words | known, words)
    if len(new) != 1:
        return
    a, b = new[0]
    for x, y in _not_in(source, r_words, words)[:limit]:
        yield rewrite[:a] + source[x:y] + rewrite[b:]


def _not_in(text: str, other: set[str], words: Callable[[str], set[str]]) -> list[tuple[int, int]]:
    """The parts of ``text``'s name runs whose words all stand nowhere in ``other``, as spans
    ("President Markell" -> "Markell" when the other sentence says "President")."""
    out: list[tuple[int, int]] = []
    for a, b in name_runs(text):
        start = end = -1
        for m in _TOKEN.finditer(text, a, b):
            w = words(m.group())
            if w and not w & other and m.group()[0].isupper():
                start = m.start() if start < 0 else start
                end = m.end()
            elif w or m.group()[0].isupper():
                if start >= 0:
                    out.append((start, end))
                start = -1
        if start >= 0:
            out.append((start, end))
    return out
