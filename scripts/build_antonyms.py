"""Build ``src/unspun/facts/data/antonyms.tsv`` from WordNet 3.0 and a curated list of news opposites.

No package on the registry ships WordNet's antonym relation with its data (``wn`` and
``nltk`` download it at run time; ``wordnet-lookup`` ships words without relations; checked
with ``pip download --no-deps`` and a look inside each wheel), so unspun ships a small
derived list instead, and this script rebuilds it. It reads the WordNet 3.0 database files
(``data.verb``, ``data.adj``, ``data.noun`` and the ``*.exc`` inflection lists), for instance
from Debian's ``wordnet-base`` package::

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/wn
    python scripts/build_antonyms.py /tmp/wn/usr/share/wordnet

Every pair of :data:`WORDNET_PAIRS` must be an antonym pair in WordNet (the script fails
otherwise); :data:`CURATED_PAIRS` are opposites in news claims that WordNet does not list as
antonyms (``approve``/``reject``, direction verbs such as ``rise``/``drop``), marked
``curated`` in the file. Inflected forms come from WordNet's exception lists (``rose``,
``fell``, ``won``, ``lost``) and regular English rules, kept only when wordfreq knows them.
The selection is by hand: pairs whose flip changes a reported fact and which news
paraphrases rarely swap (``high``/``low`` yes, ``first``/``last`` or ``up``/``down`` no).

To those, :func:`prefix_pairs` adds every WordNet adjective antonym pair whose one word is the
other with a negating prefix (un-, in-, im-, il-, ir-, dis-, non-: ``fair``/``unfair``,
``legitimate``/``illegitimate``), both words at least :data:`PREFIX_MIN_ZIPF` in wordfreq: a
prefix negation says the opposite of its stem, so these are reversals of a claim by their form,
chosen by a rule, not by hand, less :data:`PREFIX_OWN_SENSE`, prefixed words with a sense of
their own (``incredible`` is no "not credible" in news). Added in session 6 (issue 10), marked
``wordnet-prefix`` in the file.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "src" / "unspun" / "facts" / "data" / "antonyms.tsv"

WORDNET_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("v", "win", "lose"),
    ("v", "accept", "reject"),
    ("v", "accept", "refuse"),
    ("v", "approve", "disapprove"),
    ("v", "admit", "deny"),
    ("v", "acquit", "convict"),
    ("v", "increase", "decrease"),
    ("v", "rise", "fall"),
    ("v", "raise", "lower"),
    ("v", "buy", "sell"),
    ("v", "borrow", "lend"),
    ("v", "include", "exclude"),
    ("v", "succeed", "fail"),
    ("v", "hire", "fire"),
    ("v", "expand", "contract"),
    ("v", "widen", "narrow"),
    ("v", "strengthen", "weaken"),
    ("v", "upgrade", "downgrade"),
    ("v", "encourage", "discourage"),
    ("v", "praise", "criticize"),
    ("v", "agree", "disagree"),
    ("v", "remember", "forget"),
    ("v", "permit", "forbid"),
    ("v", "import", "export"),
    ("v", "open", "close"),
    ("v", "start", "stop"),
    ("v", "begin", "end"),
    ("a", "guilty", "innocent"),
    ("a", "legal", "illegal"),
    ("a", "lawful", "unlawful"),
    ("a", "constitutional", "unconstitutional"),
    ("a", "true", "false"),
    ("a", "accurate", "inaccurate"),
    ("a", "correct", "incorrect"),
    ("a", "likely", "unlikely"),
    ("a", "possible", "impossible"),
    ("a", "able", "unable"),
    ("a", "successful", "unsuccessful"),
    ("a", "positive", "negative"),
    ("a", "optimistic", "pessimistic"),
    ("a", "alive", "dead"),
    ("a", "strong", "weak"),
    ("a", "high", "low"),
    ("a", "rich", "poor"),
    ("a", "large", "small"),
    ("a", "good", "bad"),
    ("a", "more", "less"),  # "more effective" / "less effective"; added in session 4 (issue 10)
    ("a", "safe", "dangerous"),
    ("a", "maximum", "minimum"),
    ("n", "increase", "decrease"),
    ("n", "rise", "fall"),
    ("n", "gain", "loss"),
    ("n", "victory", "defeat"),
    ("n", "success", "failure"),
    ("n", "majority", "minority"),
)

_UP = ("rise", "increase", "climb", "grow", "gain", "jump", "surge", "soar", "rally", "boost")
_DOWN = ("fall", "decrease", "decline", "drop", "plunge", "slump", "tumble", "sink", "shrink", "dip")

CURATED_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("v", "approve", "reject"),
    ("v", "approve", "veto"),
    ("v", "confirm", "deny"),
    ("v", "support", "oppose"),
    ("v", "allow", "ban"),
    ("v", "permit", "ban"),
    ("v", "allow", "forbid"),
    ("v", "impose", "lift"),
    ("v", "tighten", "loosen"),
    ("v", "tighten", "ease"),
    ("v", "join", "quit"),
    ("v", "agree", "refuse"),
    ("v", "win", "forfeit"),
    ("v", "gain", "lose"),
    ("v", "raise", "cut"),
    ("v", "increase", "cut"),
    ("v", "increase", "reduce"),
    ("v", "raise", "reduce"),
    ("v", "advance", "retreat"),
    ("n", "profit", "loss"),
    ("n", "surplus", "deficit"),
    ("n", "win", "loss"),
    *(("v", u, d) for u in _UP for d in _DOWN if (u, d) not in {("rise", "fall"), ("increase", "decrease")}),
)

PREFIX_MIN_ZIPF = 3.0
_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
PREFIX_OWN_SENSE = frozenset(
    {"incredible", "immediate", "undue", "uneasy", "unlike", "unveiled", "uneven", "indiscriminate", "unholy"}
)


def prefix_pairs(
    wn_pairs: set[tuple[str, str, str]], known: set[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """WordNet adjective antonyms that differ by a negating prefix, both words common (see the docstring)."""
    out = []
    for pos, a, b in sorted(wn_pairs):
        if pos != "a" or (pos, a, b) in known:
            continue
        for stem, negated in ((a, b), (b, a)):
            if (
                any(negated == pre + stem for pre in _PREFIXES)
                and negated not in PREFIX_OWN_SENSE
                and min(zipf_frequency(stem, "en"), zipf_frequency(negated, "en")) >= PREFIX_MIN_ZIPF
            ):
                out.append((pos, stem, negated))
    return out


_IRREGULAR_VERB_FORMS = {"lie", "be", "have", "do"}  # never in the list; guards the rules below
_ONE_SYLLABLE_ADJ = {"strong", "weak", "high", "low", "rich", "poor", "safe", "large", "small"}


def _read_data(path: Path) -> dict[str, tuple[list[str], list[tuple[str, str, str]]]]:
    """Synsets by offset: their words and their (pointer, target offset, source/target) triples."""
    synsets: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue  # licence header
        parts = line.split(" | ")[0].split()
        n_words = int(parts[3], 16)
        words = [re.sub(r"\(.*\)$", "", parts[4 + 2 * i]).lower() for i in range(n_words)]
        i = 4 + 2 * n_words
        n_ptrs = int(parts[i])
        ptrs = [(parts[i + 1 + 4 * k], parts[i + 2 + 4 * k], parts[i + 4 + 4 * k]) for k in range(n_ptrs)]
        synsets[parts[0]] = (words, ptrs)
    return synsets


def wordnet_antonyms(wn_dir: Path) -> set[tuple[str, str, str]]:
    """Every lexical antonym pair of WordNet, as (pos, a, b) with a < b; pos is v, a or n."""
    pairs: set[tuple[str, str, str]] = set()
    for pos, tag in (("verb", "v"), ("adj", "a"), ("noun", "n")):
        synsets = _read_data(wn_dir / f"data.{pos}")
        for words, ptrs in synsets.values():
            for sym, target, st in ptrs:
                if sym != "!" or target not in synsets:
                    continue
                a = words[int(st[:2], 16) - 1]
                b = synsets[target][0][int(st[2:], 16) - 1]
                pairs.add((tag, *sorted((a, b))))  # type: ignore[arg-type]
    return pairs


def _exceptions(wn_dir: Path, pos: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in (wn_dir / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
        inflected, *bases = line.split()
        for base in bases:
            out.setdefault(base, set()).add(inflected)
    return out


# longer verbs stressed on a final consonant-vowel-consonant syllable: "beginning", "permitted"
_DOUBLING = frozenset({"begin", "forget", "forbid", "acquit", "permit", "admit", "regret", "compel"})


def _double_final(word: str) -> bool:
    """stop -> stopped, ban -> banned, dip -> dipped (short consonant-vowel-consonant words)."""
    short = bool(re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", word)) and len(word) <= 4
    return short or word in _DOUBLING


def verb_forms(word: str, irregular: set[str]) -> set[str]:
    """The inflected forms of a verb: -s, -ed, -ing by rule plus WordNet's irregular forms."""
    forms = {word, *irregular}
    if re.search(r"(s|sh|ch|x|z)$", word):
        forms.add(word + "es")
    elif re.search(r"[^aeiou]y$", word):
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", word):
        forms |= {word[:-1] + "ied", word + "ing"}
    elif _double_final(word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    else:
        forms |= {word + "ed", word + "ing"}
    if irregular:  # "won", not "winned"
        forms -= {word + "ed", word + "d", word + word[-1] + "ed"} - irregular
    return forms


def noun_forms(word: str, irregular: set[str]) -> set[str]:
    if re.search(r"(s|sh|ch|x|z)$", word):
        return {word, word + "es", *irregular}
    if re.search(r"[^aeiou]y$", word):
        return {word, word[:-1] + "ies", *irregular}
    return {word, word + "s", *irregular}


def adj_forms(word: str, irregular: set[str]) -> set[str]:
    forms = {word, *irregular}
    if word in _ONE_SYLLABLE_ADJ:
        stem = word[:-1] if word.endswith("e") else word
        forms |= {stem + "er", stem + "est"}
    return forms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("wordnet_dir", type=Path, help="folder with WordNet 3.0 data.* and *.exc files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    wn_pairs = wordnet_antonyms(args.wordnet_dir)
    missing = [p for p in WORDNET_PAIRS if (p[0], *sorted(p[1:])) not in wn_pairs]
    if missing:
        print(f"error: not antonyms in WordNet: {missing}", file=sys.stderr)
        return 1
    exc = {"v": _exceptions(args.wordnet_dir, "verb"), "a": _exceptions(args.wordnet_dir, "adj")}
    exc["n"] = _exceptions(args.wordnet_dir, "noun")
    make = {"v": verb_forms, "a": adj_forms, "n": noun_forms}

    def forms(pos: str, word: str) -> str:
        found = make[pos](word, exc[pos].get(word, set()))
        kept = sorted(f for f in found if f == word or zipf_frequency(f, "en") >= 2.0)
        return ",".join(kept)

    rows = [(*p, "wordnet") for p in WORDNET_PAIRS] + [(*p, "curated") for p in CURATED_PAIRS]
    known = {(pos, *sorted((a, b))) for pos, a, b in WORDNET_PAIRS}
    rows += [(*p, "wordnet-prefix") for p in prefix_pairs(wn_pairs, known)]  # type: ignore[arg-type]
    lines = [
        "# Antonym pairs for unspun's meaning_reversed rule. Built by scripts/build_antonyms.py (see it).",
        "# Origin 'wordnet': an antonym pair of WordNet 3.0 (Princeton University), forms from its",
        "# exception lists. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
        "# Licence: the WordNet 3.0 licence (permission to use, copy, modify and distribute for any",
        "# purpose without fee, with this notice; the database is provided AS IS, without warranty).",
        "# Origin 'curated': opposites in news claims that WordNet does not pair, chosen by hand.",
        "# Origin 'wordnet-prefix': WordNet adjective antonyms that differ by a negating prefix, both",
        "# words common (scripts/build_antonyms.py, prefix_pairs).",
        "# pos\tword_a\tword_b\torigin\tforms_a\tforms_b",
    ]
    for pos, a, b, origin in rows:
        lines.append("\t".join((pos, a, b, origin, forms(pos, a), forms(pos, b))))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
