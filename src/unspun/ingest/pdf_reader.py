"""The PDF reader: pypdf extracts each page's text in content order; the plain-text reader then
finds the paragraphs (a PDF has no paragraph markup, only lines).

Only text a PDF carries is read: a scanned PDF (images of pages) yields no text and is refused
as such; an encrypted one is refused unless it opens with an empty password. The document
information (/Title, /Author) is not used: it usually names the file or the account that made the
PDF ("Microsoft Word - draft3.docx", "jsmith"), not the article or its author.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from unspun.errors import IngestError
from unspun.ingest.page import Page, Reader, refuse_text
from unspun.ingest.text_reader import read_text
from unspun.types import InputFormat

__all__ = ["READER", "looks_like_pdf", "read_pdf"]

logger = logging.getLogger(__name__)
# pypdf reports the damage it recovers from as logging warnings ("EOF marker not found"). With no
# handler anywhere, Python prints such records raw to stderr (logging.lastResort), around the
# CLI's one-line error. A NullHandler on pypdf's logger stops only that fallback: an application
# that configures logging still receives the records through the root logger.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

# The PDF specification lets the "%PDF-" header start anywhere in the first 1024 bytes.
_HEADER_WINDOW = 1024


def looks_like_pdf(data: bytes) -> bool:
    """Return True if ``data`` carries a PDF header in its first kilobyte."""
    return b"%PDF-" in data[:_HEADER_WINDOW]


def _page_texts(reader: Any, origin: str, max_chars: int) -> list[str]:
    texts: list[str] = []
    total = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        total += len(text)
        if total > max_chars:
            raise IngestError(
                f"{origin}: the PDF holds more than {max_chars} characters of text "
                "(ingest.max_bytes); pass a single article or raise the limit"
            )
        texts.append(text)
    return texts


def read_pdf(data: bytes, origin: str, max_chars: int) -> Page:
    """Read a PDF's text: pages in order, paragraphs as the plain-text reader finds them.

    Raises:
        IngestError: not a readable PDF, encrypted, no text (a scan), or more than ``max_chars``.
    """
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{origin}: the PDF is encrypted; pass an unlocked copy or its text")
        texts = _page_texts(reader, origin, max_chars)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged files; wrap them all
        logger.debug("%s: pypdf failed", origin, exc_info=True)
        raise IngestError(
            f"{origin}: the PDF could not be read ({type(exc).__name__}: {exc}); "
            "check that the file is a whole PDF, or pass its text"
        ) from exc
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise IngestError(
            f"{origin}: the PDF has no text layer (a scan?); run OCR on it or pass the article text"
        )
    return read_text(text, origin)


READER = Reader(
    InputFormat.PDF,
    refuse_text(InputFormat.PDF),
    sniff=lambda text: False,
    suffixes=(".pdf",),
    infer_layout=True,
    read_bytes=read_pdf,
    sniff_bytes=looks_like_pdf,
)
