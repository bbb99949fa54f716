"""Facts stage: quantities, dates, quotes, entities and attributions per sentence.

``extract_facts(article)`` is the stage entry point; the extractors and the comparison
primitives in :mod:`unspun.facts.compare` are public for the audit and for tests.
"""

from __future__ import annotations

from unspun.facts.attribution import extract_attributions, normalize_source
from unspun.facts.compare import (
    date_stated_by,
    dates_compatible,
    dates_conflict,
    normalize_quote,
    quantities_equivalent,
    quote_contained,
    quote_similarity,
    same_party,
    values_close,
)
from unspun.facts.dates import extract_dates
from unspun.facts.entities import entity_key_parts, normalize_entity
from unspun.facts.extract import extract_facts
from unspun.facts.nlp import ModelMissingError, load_nlp
from unspun.facts.number_words import parse_number, parse_number_words, render_number
from unspun.facts.numbers import extract_quantities
from unspun.facts.quotes import extract_quotes, find_quote_regions

__all__ = [
    "ModelMissingError",
    "date_stated_by",
    "dates_compatible",
    "dates_conflict",
    "entity_key_parts",
    "extract_attributions",
    "extract_dates",
    "extract_facts",
    "extract_quantities",
    "extract_quotes",
    "find_quote_regions",
    "load_nlp",
    "normalize_entity",
    "normalize_quote",
    "normalize_source",
    "parse_number",
    "parse_number_words",
    "quantities_equivalent",
    "quote_contained",
    "quote_similarity",
    "render_number",
    "same_party",
    "values_close",
]
