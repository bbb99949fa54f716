"""Metonymy a news reader accepts as the same party: a capital or a demonym for a country.

"Kyiv denied" = "Ukrainian officials denied"; "Moscow said" = "Russia said". A small gazetteer of
our own: neither spaCy's small English model nor any package on the registry ships this mapping.
Used by the aligner (a capital counts as its country's word) and by the audit (parties, owners).
"""

from __future__ import annotations

__all__ = ["CAPITALS", "COUNTRY_WORDS", "GOVERNMENT_WORDS", "country_of"]

CAPITALS = {
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "moscow": "russia",
    "washington": "united states",
    "beijing": "china",
    "london": "united kingdom",
    "paris": "france",
    "berlin": "germany",
    "tehran": "iran",
    "jerusalem": "israel",
    "ankara": "turkey",
    "tokyo": "japan",
    "seoul": "south korea",
    "pyongyang": "north korea",
    "delhi": "india",
    "new delhi": "india",
    "brussels": "european union",
    "minsk": "belarus",
    "warsaw": "poland",
    "rome": "italy",
    "madrid": "spain",
    "damascus": "syria",
    "baghdad": "iraq",
    "cairo": "egypt",
    "riyadh": "saudi arabia",
    "islamabad": "pakistan",
    "kabul": "afghanistan",
    "caracas": "venezuela",
    "havana": "cuba",
    "ottawa": "canada",
}
COUNTRY_WORDS = {
    "ukrain": "ukraine",
    "russia": "russia",
    "american": "united states",
    "united states": "united states",
    "u.s": "united states",
    "us": "united states",
    "chin": "china",
    "british": "united kingdom",
    "britain": "united kingdom",
    "uk": "united kingdom",
    "franc": "france",
    "french": "france",
    "german": "germany",
    "iran": "iran",
    "israel": "israel",
    "turk": "turkey",
    "japan": "japan",
    "india": "india",
    "belarus": "belarus",
    "polish": "poland",
    "poland": "poland",
    "ital": "italy",
    "spain": "spain",
    "spanish": "spain",
    "syria": "syria",
    "iraq": "iraq",
    "egypt": "egypt",
    "pakistan": "pakistan",
    "afghan": "afghanistan",
    "venezuela": "venezuela",
    "cuba": "cuba",
    "canad": "canada",
}
GOVERNMENT_WORDS = {
    "officials",
    "official",
    "government",
    "authorities",
    "ministry",
    "kremlin",
    "administration",
}


def country_of(party: str) -> str | None:
    """Country a party stands for, if it is a capital, a country, or "<demonym> officials"."""
    words = party.casefold().replace("’", "'").replace("the ", " ").split()
    if not words:
        return None
    text = " ".join(words)
    if text in CAPITALS:
        return CAPITALS[text]
    if len(words) > 3:
        return None
    rest = [w for w in words if w not in GOVERNMENT_WORDS]
    if len(rest) != 1 and text not in COUNTRY_WORDS:
        return None
    key = rest[0] if len(rest) == 1 else text
    for prefix, country in COUNTRY_WORDS.items():
        if key == prefix or (len(prefix) >= 4 and key.startswith(prefix)):
            return country
    return CAPITALS.get(key)
