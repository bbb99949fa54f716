"""Tell which language an article's body is written in, and say when that is outside unspun's scope.

unspun's sentence splitting, word weights, fact extraction (spaCy's English model) and thresholds
are built and measured for English news only. Detection uses lingua (bundled models, no network)
in its low-accuracy mode (trigrams only) over a fixed set of the main news languages: with 39
languages the models take about 50 MB and load in well under a second, and a sample of up to
``_SAMPLE_CHARS`` characters takes a few milliseconds. The high-accuracy mode took about six times
the memory for no gain on samples this long (lingua's low-accuracy mode is weaker only on texts
shorter than about 120 characters, which are reported as undetermined here).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from unspun.types import Article, Sentence

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["ENGLISH", "LANGUAGES", "body_language", "detect_language", "language_note"]

ENGLISH = "en"

#: ISO 639-1 code -> English name of every language the detector tells apart. A text in another
#: language is reported as the closest of these (still "not English", which is what matters).
LANGUAGES: dict[str, str] = {
    "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian",
    "nb": "Norwegian", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovene", "sr": "Serbian", "sv": "Swedish", "th": "Thai",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip

# The detector reads at most this much of the body (cut at a space), and says nothing below
# _MIN_LETTERS letters: trigram statistics of a headline-length text are not reliable.
_SAMPLE_CHARS = 500
_MIN_LETTERS = 120


@functools.lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def _sample(text: str) -> str:
    if len(text) <= _SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, _SAMPLE_CHARS)
    return text[: cut if cut > 0 else _SAMPLE_CHARS]


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of the language ``text`` is written in, or None if it cannot tell.

    Only the first ``_SAMPLE_CHARS`` characters are read; a sample with fewer than
    ``_MIN_LETTERS`` letters gives None.
    """
    sample = _sample(text)
    if sum(1 for c in sample if c.isalpha()) < _MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return language.iso_code_639_1.name.lower()


def body_language(sentences: Iterable[Sentence]) -> str | None:
    """Return the language of the body sentences (read up to ``_SAMPLE_CHARS`` characters of them)."""
    parts: list[str] = []
    size = 0
    for sentence in sentences:
        if sentence.is_body:
            parts.append(sentence.text)
            size += len(sentence.text) + 1
            if size >= _SAMPLE_CHARS:
                break
    return detect_language(" ".join(parts))


def _name(code: str) -> str:
    return LANGUAGES.get(code, code)


def language_note(rewrite: Article, sources: Sequence[Article]) -> str | None:
    """Return a warning when the rewrite or a source is not in English, else None.

    unspun's findings and confidence are measured on English only; the caller shows the note and
    lowers the confidence. Articles whose language is unknown (None) are not counted.
    """
    named = [("the rewrite", rewrite), *((f"source {s.doc_id}", s) for s in sources)]
    foreign = [(label, a.language) for label, a in named if a.language not in (None, ENGLISH)]
    if not foreign:
        return None
    said = "; ".join(f"{label} reads as {_name(code)}" for label, code in foreign if code)
    differ = {a.language for _, a in named if a.language is not None}
    tail = " A translation is not recognised as derived from its source." if len(differ) > 1 else ""
    return (
        f"{said[:1].upper()}{said[1:]}: unspun is built for English news, so its findings and "
        f"confidence are unreliable for other languages.{tail}"
    )
