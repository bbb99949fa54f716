"""Read an article (plain text, Markdown, HTML, PDF or DOCX; a file, bytes or a string) into an
:class:`Article`.

The one normalised text
-----------------------
``Article.text`` is plain text: NFC, ``\\n`` line ends, zero-width characters and soft hyphens
removed, NBSP and other Unicode spaces turned into a plain space, runs of spaces collapsed,
each paragraph on one line and paragraphs separated by exactly one blank line (``"\\n\\n"``).
Curly quotes, apostrophes and dashes are kept as they are. Every offset in the article
(sentences, credits) points into this text.

Where things are
----------------
* :mod:`~unspun.ingest.load`: the entry points below;
* :mod:`~unspun.ingest.registry`: one reader per :class:`~unspun.types.InputFormat`
  (:mod:`~unspun.ingest.text_reader`, :mod:`~unspun.ingest.markdown_reader`,
  :mod:`~unspun.ingest.html_reader`, :mod:`~unspun.ingest.pdf_reader`,
  :mod:`~unspun.ingest.docx_reader`), sniffing and file suffixes;
* :mod:`~unspun.ingest.roles`: a :class:`~unspun.types.Role` per paragraph, broken paragraphs joined;
* :mod:`~unspun.ingest.patterns`: the news-layout patterns (bylines, captions, trailers);
* :mod:`~unspun.ingest.credits` and :mod:`~unspun.ingest.dates`: what those lines give;
* :mod:`~unspun.ingest.language`: the body's language, and the note for a non-English input;
* :mod:`~unspun.ingest.build`: the article itself. Decoding, normalisation and sentence splitting
  are the text layer's (:mod:`unspun.text`).

HTML boilerplate removal is left to trafilatura, Markdown parsing to markdown-it-py, PDF text to
pypdf, DOCX to python-docx, encoding detection to charset_normalizer, language detection to lingua
and date parsing to dateparser.
"""

from __future__ import annotations

from unspun.ingest.language import detect_language, language_note
from unspun.ingest.load import article_from_bytes, article_from_text, load_article
from unspun.ingest.registry import FORMATS, READERS, reader_for
from unspun.text import normalize_text
from unspun.types import InputFormat

__all__ = [
    "FORMATS",
    "READERS",
    "InputFormat",
    "article_from_bytes",
    "article_from_text",
    "detect_language",
    "language_note",
    "load_article",
    "normalize_text",
    "reader_for",
]
