"""WARC files for the scan tests, written record by record (the WARC/1.0 layout, one gzip member each).

Hand-written rather than with warcio's writer: its digest pass buffers payloads in temporary files
it leaves open (a ResourceWarning, an error under this suite's filterwarnings), and a record with
no target URI cannot be made through it.
"""

from __future__ import annotations

import gzip
import uuid
from dataclasses import dataclass

PAGE = "<html><head><title>{title}</title></head><body><article>{paras}</article></body></html>"


@dataclass(frozen=True)
class Response:
    """One HTTP response to store: target URI (None: leave the header out), status, type, body."""

    uri: str | None
    body: bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"


def html_page(title: str, text: str) -> bytes:
    """A small news page with one <p> per paragraph of ``text``."""
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n") if p.strip())
    return PAGE.format(title=title, paras=paras).encode("utf-8")


def _record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def warc_bytes(responses: list[Response], *, gz: bool = True) -> bytes:
    """A warcinfo record, then a response record per item (each one gzip member if ``gz``)."""

    def headers(kind: str, content_type: str) -> list[tuple[str, str]]:
        return [
            ("WARC-Type", kind),
            ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"),
            ("WARC-Date", "2024-05-01T00:00:00Z"),
            ("Content-Type", content_type),
        ]

    records = [_record(headers("warcinfo", "application/warc-fields"), b"software: unspun tests\r\n")]
    for r in responses:
        http = (
            f"HTTP/1.1 {r.status}\r\nContent-Type: {r.content_type}\r\nContent-Length: {len(r.body)}\r\n\r\n"
        )
        head = headers("response", "application/http; msgtype=response")
        if r.uri is not None:
            head.insert(1, ("WARC-Target-URI", r.uri))
        records.append(_record(head, http.encode("latin-1") + r.body))
    if gz:
        return b"".join(gzip.compress(rec) for rec in records)
    return b"".join(records)
