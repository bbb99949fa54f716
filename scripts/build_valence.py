"""Build ``src/unspun/audit/data/valence.tsv`` from the VADER sentiment lexicon.

The swapped-word rule (:mod:`unspun.audit.substitutions`) reports a copied sentence whose
evaluative word is swapped for one of the opposite polarity ("the troubled start-up" / "the
triumphant start-up", "good" / "poor"): WordNet does not list most such pairs as antonyms, and
static word vectors put them close. VADER (Hutto and Gilbert 2014) rates ~7,500 English words
from -4 (most negative) to +4 by the mean of ten human ratings. unspun ships the words it keeps
(alphabetic, mean valence at least :data:`MIN_ABS` either way) rather than depending on the
``vaderSentiment`` package for one data file; this script rebuilds the table from its wheel::

    pip download --no-deps vaderSentiment==3.3.2 -d /tmp/vader
    unzip -o /tmp/vader/vaderSentiment-3.3.2-py2.py3-none-any.whl -d /tmp/vader/x
    python scripts/build_valence.py /tmp/vader/x/vaderSentiment/vader_lexicon.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "unspun" / "audit" / "data" / "valence.tsv"
MIN_ABS = 1.0

HEADER = """\
# Word valence (-4 negative .. +4 positive) for unspun's swapped-word rule. Built by
# scripts/build_valence.py (see it) from vader_lexicon.txt of vaderSentiment 3.3.2.
# VADER: Hutto, C.J. & Gilbert, E.E. (2014). VADER: A Parsimonious Rule-based Model for
# Sentiment Analysis of Social Media Text. ICWSM-14.
# Copyright (c) 2016 C.J. Hutto. Licence: MIT (permission is hereby granted, free of charge, to
# any person obtaining a copy ... to deal in the Software without restriction; the above
# copyright notice and this permission notice shall be included in all copies or substantial
# portions of the Software; THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND).
# word<TAB>mean valence
"""


def build(lexicon: Path) -> str:
    """Return the table's text from VADER's ``vader_lexicon.txt``."""
    rows = []
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].isalpha():
            continue
        value = float(parts[1])
        if abs(value) >= MIN_ABS:
            rows.append(f"{parts[0].lower()}\t{value:g}")
    return HEADER + "\n".join(sorted(set(rows))) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("lexicon", type=Path, help="vader_lexicon.txt from the vaderSentiment wheel")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not args.lexicon.is_file():
        print(f"error: {args.lexicon} not found; see this script's docstring", file=sys.stderr)
        return 2
    text = build(args.lexicon)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
