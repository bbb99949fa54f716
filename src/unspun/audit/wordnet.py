"""WordNet 3.0 synonymy for the swapped-word rule: are two words (or phrases) near in meaning?

:func:`related` says whether two words share a WordNet synset or stand one link apart (a
hypernym: "dog" / "animal"; similar-to or see-also: adjective clusters; a verb group), reading
``data/related.tsv`` (built by ``scripts/build_related.py`` from WordNet 3.0; its header holds
the licence). Inflected forms are reduced to WordNet lemmas as WordNet's own ``morphy`` does:
the exception lists ("fell" -> "fall"), then the detachment rules for suffixes ("plunged" ->
"plunge"). Two co-hyponyms ("yellow" / "green", "invasion" / "occupation") are two links apart
and so not related: swapping one for the other changes what is said.

Hand-written because no package on the registry ships WordNet's relations with their data
(``wn`` and ``nltk`` download them at run time; ``scripts/build_antonyms.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

__all__ = ["lemmas", "related"]

# WordNet's morphy detachment rules (suffix, replacement), all parts of speech together, and a
# doubled final consonant ("stopped" -> "stop")
_RULES = (
    ("s", ""),
    ("ses", "s"),
    ("xes", "x"),
    ("zes", "z"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("men", "man"),
    ("ies", "y"),
    ("es", "e"),
    ("es", ""),
    ("ed", "e"),
    ("ed", ""),
    ("ing", "e"),
    ("ing", ""),
    ("er", ""),
    ("est", ""),
    ("er", "e"),
    ("est", "e"),
)


@functools.cache
def _table() -> tuple[dict[str, frozenset[int]], dict[int, frozenset[int]], dict[str, tuple[str, ...]]]:
    """(lemma -> its synsets, synset -> the synsets one link away either way, form -> lemmas)."""
    text = resources.files("unspun.audit").joinpath("data/related.tsv").read_text(encoding="utf-8")
    of: dict[str, set[int]] = {}
    near: dict[int, set[int]] = {}
    forms: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.startswith("s\t"):
            _, sid, words, targets = line.split("\t")
            i = int(sid)
            for w in words.split():
                of.setdefault(w, set()).add(i)
            for t in targets.split():
                near.setdefault(i, set()).add(int(t))
                near.setdefault(int(t), set()).add(i)
        elif line.startswith("x\t"):
            _, form, bases = line.split("\t")
            forms[form] = tuple(bases.split())
    return (
        {k: frozenset(v) for k, v in of.items()},
        {k: frozenset(v) for k, v in near.items()},
        forms,
    )


@functools.lru_cache(maxsize=20_000)
def lemmas(word: str) -> frozenset[str]:
    """The WordNet lemmas ``word`` (a word or a phrase, any case) may be a form of."""
    of, _, forms = _table()
    w = "_".join(word.casefold().split())
    out = {w, *forms.get(w, ())}
    for suffix, repl in _RULES:
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            out.add(w[: -len(suffix)] + repl)
    for suffix in ("ed", "ing"):
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) > 2 and base[-1] == base[-2]:
            out.add(base[:-1])
    return frozenset(x for x in out if x in of)


def _synsets(word: str) -> frozenset[int]:
    of = _table()[0]
    return frozenset(s for lemma in lemmas(word) for s in of[lemma])


def _close(a: frozenset[int], b: frozenset[int]) -> bool:
    near = _table()[1]
    return bool(a & b) or any(near.get(s, frozenset()) & b for s in a)


def related(
    old: str, new: str, *, old_words: Sequence[str] = (), new_words: Sequence[str] = ()
) -> bool | None:
    """True if ``new`` is a synonym of ``old`` or one WordNet link from it.

    ``old`` and ``new`` are two replaced stretches ("prop up" / "shore up"); ``old_words`` and
    ``new_words`` their content words, tried one by one too. None if WordNet knows neither a
    stretch nor a word of one side.
    """
    a_sets = [s for s in (_synsets(old), *map(_synsets, old_words)) if s]
    b_sets = [s for s in (_synsets(new), *map(_synsets, new_words)) if s]
    if not a_sets or not b_sets:
        return None
    return any(_close(a, b) for a in a_sets for b in b_sets)
