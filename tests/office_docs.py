"""Build small PDF and DOCX files at test time (no binary test data in the repository).

DOCX: python-docx (a runtime dependency) writes a real Word package.

PDF: reportlab is not installed here, and pypdf cannot draw text, so :func:`minimal_pdf` writes a
minimal PDF 1.4 by hand: a catalog, one page tree, one page per list of lines, each page with a
content stream that sets the standard Helvetica font (WinAnsi encoding, so Latin-1 text such as
"café" survives) and shows each line with ``Tj`` then moves down one leading with ``T*``; then a
cross-reference table with the byte offset of every object, and a trailer. It is the smallest
file a conforming reader (pypdf) opens and extracts text from.
"""

from __future__ import annotations

import io
from collections.abc import Sequence


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def minimal_pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """Return a PDF with one page per item of ``pages``, each showing its lines top to bottom.

    An empty line leaves a blank line on the page.
    """
    n = len(pages)
    font_no = 3 + 2 * n  # objects: 1 catalog, 2 page tree, then (page, content) per page, then the font
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n),
    ]
    for i, lines in enumerate(pages):
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 760 Td"]
        ops += [(_pdf_string(line) + b" Tj T*") if line else b"T*" for line in lines]
        ops.append(b"ET")
        content = b"\n".join(ops)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font_no)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes(
    paragraphs: Sequence[tuple[str, str]], *, title: str | None = None, table: Sequence[Sequence[str]] = ()
) -> bytes:
    """Return a DOCX with ``(style, text)`` paragraphs in order, then an optional table.

    Style "bold" is a Normal paragraph whose only run is bold; any other style is a Word style name
    ("Normal", "Title", "Heading 1", "List Bullet").
    """
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for style, text in paragraphs:
        if style == "bold":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
