"""The language of an ingested article (lingua, bundled models) and the note for non-English input."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspun.ingest import article_from_text, detect_language, language_note, load_article
from unspun.types import Article

ROOT = Path(__file__).resolve().parents[2]

RUSSIAN = (
    "Россия заявила в пятницу, что её войска захватили шахтёрский город Торецк на востоке Украины. "
    "По данным министерства обороны, город был взят после нескольких месяцев боёв. Украинские военные "
    "не подтвердили это сообщение и заявили, что бои в городе продолжаются. До войны в Торецке жили "
    "около тридцати тысяч человек."
)
FRENCH = (
    "La Russie a affirmé vendredi que ses troupes avaient pris la ville minière de Toretsk, dans l'est "
    "de l'Ukraine. Selon le ministère de la Défense, la ville a été prise après des mois de combats. "
    "L'armée ukrainienne n'a pas confirmé cette annonce et affirme que les combats se poursuivent."
)
ENGLISH = (
    "Russia said on Friday that its troops had captured the mining town of Toretsk in eastern Ukraine. "
    "The defence ministry said the town was taken after months of fighting. The Ukrainian army did "
    "not confirm the claim and said fighting in the town was continuing."
)


@pytest.mark.parametrize(("text", "code"), [(ENGLISH, "en"), (RUSSIAN, "ru"), (FRENCH, "fr")])
def test_article_language_is_detected(text: str, code: str) -> None:
    a = article_from_text(f"A Title\n\n{text}", doc_id="t")
    assert a.language == code
    assert Article.from_dict(a.to_dict()).language == code


def test_example_pair_is_english() -> None:
    for name in ("rewrite.txt", "source.md"):
        assert load_article(ROOT / "examples" / "toretsk" / name).language == "en"


def test_too_little_text_is_undetermined() -> None:
    assert article_from_text("Russia said it took the town.", doc_id="t").language is None
    assert detect_language("") is None
    assert detect_language("12 345 678 — 9.5% / 2024") is None


def test_only_a_bounded_prefix_is_read() -> None:
    # 1,000 characters of English, then Russian: the detector reads only the first 500
    english = (ENGLISH + " ") * 4
    assert detect_language(english[:1000] + " " + RUSSIAN * 20) == "en"
    assert detect_language((RUSSIAN + " ") * 4 + english * 10) == "ru"


def test_article_stored_before_detection_has_no_language() -> None:
    d = article_from_text(ENGLISH, doc_id="t").to_dict()
    del d["language"]
    assert Article.from_dict(d).language is None


def test_language_note() -> None:
    en = article_from_text(ENGLISH, doc_id="en.txt")
    ru = article_from_text(RUSSIAN, doc_id="ru.txt")
    fr = article_from_text(FRENCH, doc_id="fr.txt")
    short = article_from_text("Russia said it took the town.", doc_id="short.txt")
    assert language_note(en, [en, short]) is None
    note = language_note(ru, [en])
    assert note is not None
    assert note.startswith("The rewrite reads as Russian: unspun is built for English news")
    assert note.endswith("A translation is not recognised as derived from its source.")
    note = language_note(en, [fr, en])
    assert note is not None
    assert note.startswith("Source fr.txt reads as French:")
    assert "translation" in note
    note = language_note(ru, [ru])
    assert note is not None
    assert "Russian" in note
    assert "translation" not in note  # same language on both sides
