"""How a report writes its numbers, in one place for every renderer.

A score or a confidence (a value in [0, 1]: a verdict's or a finding's confidence, a candidate
source's score, a link's similarity) is written with two decimals, ``0.87``, wherever it appears:
the terminal summary, the HTML report, the notes and the web page (``score()`` in
``unspun/web/app.js`` mirrors :func:`format_score`). A share of text is a percentage with one
decimal, ``87.5%`` (:func:`format_share`).
"""

from __future__ import annotations


def format_score(value: float) -> str:
    """Write a score, confidence or similarity in [0, 1] with two decimals (``0.87``)."""
    return f"{value:.2f}"


def format_share(value: float) -> str:
    """Write a share of text in [0, 1] as a percentage with one decimal (``87.5%``)."""
    return f"{value * 100:.1f}%"


__all__ = ["format_score", "format_share"]
