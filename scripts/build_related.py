"""Build ``src/unspun/audit/data/related.tsv``: WordNet 3.0 synonym sets and their close links.

The swapped-word rule (:mod:`unspun.audit.substitutions`) must tell a synonym swap ("death" /
"demise", "fell" / "tumbled") from a swap for a word that means something else ("clifftop" /
"building"). No package on the registry ships WordNet's relations with its data (``wn`` and
``nltk`` download them at run time; see ``scripts/build_antonyms.py``), so unspun ships this
derived table, and this script rebuilds it from the WordNet 3.0 database files (``data.*`` and
the ``*.exc`` inflection lists), for instance from Debian's ``wordnet-base`` package::

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb /tmp/wn
    python scripts/build_related.py /tmp/wn/usr/share/wordnet

Kept: every synset with at least one lemma that wordfreq knows at Zipf >= :data:`MIN_ZIPF`
(rarer lemmas dropped) and with two lemmas or a link, and its links to other kept synsets of
the kinds in :data:`LINKS`:
hypernym (a more general word: "sedan" / "car"), similar-to and see-also (adjective clusters),
verb group. Hyponyms are the reverse of hypernyms and are derived when the table is read. Lines:

    s<TAB>id<TAB>lemma lemma ...<TAB>id id ...      a synset, its lemmas, the synsets it links to
    x<TAB>form<TAB>lemma lemma ...                  an irregular form (WordNet's exception lists)

Lemmas are lower case with ``_`` for a space ("prop_up").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wordfreq import zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "src" / "unspun" / "audit" / "data" / "related.tsv"
POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
LINKS = frozenset({"@", "@i", "&", "^", "$"})
MIN_ZIPF = 2.0

HEADER = """\
# WordNet 3.0 synonym sets and close links for unspun's swapped-word rule. Built by
# scripts/build_related.py (see it) from the WordNet 3.0 database files.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Licence: the WordNet 3.0 licence (permission to use, copy, modify and distribute for any
# purpose without fee, with this notice; the database is provided AS IS, without warranty).
# s<TAB>id<TAB>lemmas<TAB>linked ids (hypernym, similar-to, see-also, verb group); x<TAB>form<TAB>lemmas
"""


def _known(lemma: str) -> bool:
    return zipf_frequency(lemma.replace("_", " "), "en") >= MIN_ZIPF


def build(wn: Path) -> str:
    """Return the table's text from the WordNet database folder ``wn``."""
    members: dict[tuple[str, str], list[str]] = {}
    links: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for name, pos in POS.items():
        for line in (wn / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            parts = line.split(" | ")[0].split()
            key = (pos, parts[0])
            count = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower().split("(")[0] for i in range(count)]
            members[key] = sorted({w for w in words if _known(w)})
            k = 4 + 2 * count
            out = []
            for _ in range(int(parts[k])):
                sym, off, tpos = parts[k + 1], parts[k + 2], parts[k + 3]
                if sym in LINKS:
                    out.append(("a" if tpos == "s" else tpos, off))
                k += 4
            links[key] = out
    known = {s for s, v in members.items() if v}
    targets_of = {s: {t for t in links[s] if t in known} for s in known}
    linked_to = {t for s in known for t in targets_of[s]}
    # a synset of one lemma that links nowhere and that nothing links to tells nothing
    kept = sorted(s for s in known if len(members[s]) > 1 or targets_of[s] or s in linked_to)
    ids = {s: i for i, s in enumerate(kept)}
    lines = [HEADER.rstrip("\n")]
    for s in kept:
        targets = sorted({ids[t] for t in targets_of[s] if t in ids})
        lines.append(f"s\t{ids[s]}\t{' '.join(members[s])}\t{' '.join(map(str, targets))}")
    lemmas = {w for v in members.values() for w in v}
    forms: dict[str, set[str]] = {}
    for name in POS:
        for line in (wn / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            form, *bases = line.split()
            keep = {b for b in bases if b in lemmas}
            if keep:
                forms.setdefault(form, set()).update(keep)
    lines += [f"x\t{f}\t{' '.join(sorted(b))}" for f, b in sorted(forms.items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wordnet", type=Path, help="the WordNet 3.0 dict folder (data.noun, noun.exc, ...)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(
            f"error: {args.wordnet} holds no WordNet data.noun; see this script's docstring", file=sys.stderr
        )
        return 2
    text = build(args.wordnet)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines())} lines, {len(text.encode()) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
