"""trace helpers: direction of derivation from dates, choice of audited sources, verification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unspun.config import TraceSettings
from unspun.index import Record, open_index, prepare, search
from unspun.index.choose import choose_sources, derivation_direction, direction_note
from unspun.index.verify import sentence_set, verify
from unspun.text import split_units
from unspun.types import Article, Direction, Sentence, Span


def _article(doc_id: str, published: dt.date | None) -> Article:
    text = "A sentence here."
    return Article(doc_id, text, (Sentence(0, Span(0, len(text)), text),), published=published)


def test_direction_note() -> None:
    early, late = dt.date(2024, 1, 5), dt.date(2024, 3, 1)
    assert "derivation from it is possible" in direction_note(_article("s", late), _article("src", early))
    assert "cannot derive from it" in direction_note(_article("s", early), _article("src", late))
    assert "Direction unknown" in direction_note(_article("s", None), _article("src", early))
    assert "source src carries no date" in direction_note(_article("s", early), _article("src", None))


A = (
    "The harbour of Valparaiso closed on Monday after a storm sank three fishing boats. "
    "Port officials said 40 ships were waiting offshore for the swell to drop. "
    "The navy rescued eleven sailors from the Esmeralda trawler near the breakwater. "
    "Copper exports worth 120 million dollars were delayed by the closure."
)
B = (
    "Wildfires in the Algarve forced the evacuation of 2,000 tourists from Lagos beaches. "
    "Firefighters from Faro battled flames fanned by easterly winds for a third night. "
    "The mayor of Portimao asked visitors to avoid the coastal motorway until Friday. "
    "Cork oak plantations north of Monchique were destroyed across 9,000 hectares."
)


def test_verification_separates_derived_from_unrelated() -> None:
    rewrite = (
        "A storm that sank three fishing boats shut Valparaiso's harbour on Monday. "
        "According to port officials, 40 ships waited offshore until the swell dropped. "
        "Eleven sailors from the trawler Esmeralda were rescued by the navy close to the breakwater."
    )
    s = sentence_set(split_units(rewrite))
    derived = verify(s, sentence_set(split_units(A)))
    unrelated = verify(s, sentence_set(split_units(B)))
    assert derived.share > 0.9
    assert unrelated.share == 0.0
    assert derived.aligned == (0, 1, 2)


def test_two_source_suspect_chooses_both(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add([Record("a", A), Record("b", B), Record("a-copy", A + " Reuters.")])
        hits = search(idx, prepare(" ".join(split_units(A)[:3] + split_units(B)[:3])), k=5)
    chosen = [h.id for h in choose_sources(hits, 0.5)]
    assert len(chosen) == 2
    assert "b" in chosen
    assert {"a", "a-copy"} & set(chosen)  # one of the two copies, not both


def test_choice_follows_the_trace_settings(tmp_path: Path) -> None:
    with open_index(tmp_path / "idx", mode="w") as idx:
        idx.add([Record("a", A), Record("b", B)])
        hits = search(idx, prepare(" ".join(split_units(A)[:3] + split_units(B)[:3])), k=5)
    assert len(choose_sources(hits, 0.5)) == 2
    assert len(choose_sources(hits, 0.5, TraceSettings(max_audited_sources=1))) == 1
    assert len(choose_sources(hits, 0.5, TraceSettings(min_extra_sentences=4))) == 1


def test_derivation_direction() -> None:
    early, late = dt.date(2024, 1, 5), dt.date(2024, 3, 1)
    assert derivation_direction(late, early) is Direction.POSSIBLE
    assert derivation_direction(early, early) is Direction.POSSIBLE
    assert derivation_direction(early, late) is Direction.REVERSED
    assert derivation_direction(None, early) is Direction.UNKNOWN
    assert derivation_direction(early, None) is Direction.UNKNOWN
