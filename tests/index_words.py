"""Test data shared by the index tests: rare English words (each one an index term).

Every word here has a background weight of at least ``unspun.index.terms.MIN_TERM_WEIGHT``
(checked by ``test_rare_words_are_index_terms`` in tests/unit/test_index_store.py), so text built
from them always has signature terms.
"""

RARE_WORDS = [
    "harbour",
    "tariff",
    "glacier",
    "senator",
    "vaccine",
    "pipeline",
    "turbine",
    "lawsuit",
    "refinery",
    "drought",
    "satellite",
    "merger",
    "orchestra",
    "quarantine",
    "tribunal",
    "battalion",
    "vineyard",
    "monsoon",
    "cathedral",
    "referendum",
    "asteroid",
    "embargo",
    "telescope",
    "wildfire",
    "regulator",
    "pension",
    "uranium",
    "festival",
]
