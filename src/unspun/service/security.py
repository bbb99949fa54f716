"""Response security headers and the Host-header check of the HTTP service.

Content-Security-Policy: the web page loads only its own assets; an HTML report (``format=html``,
``/v1/render``) may run only the report template's own inline script, named by its SHA-256
hash. The web page shows reports in a ``srcdoc`` frame, which inherits the page's policy, so the
page's policy names the same hashes: the report's filters and highlighting work in the frame and
nothing else runs there. The hashes are computed once, from a fixed empty report rendered by
the same template, never from a response: hashing the scripts of each response would also allow
a script that had been injected into it.

Host check: a page on another site can point its own DNS name at 127.0.0.1 (DNS rebinding) and
then read this server's answers from the user's browser. Browsers always send the name they
connected to, so the server answers only requests whose Host header names it.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from functools import cache

from unspun.types import Article, FactSheet, Metrics, Report, Verdict, VerdictLabel

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "::1")
ANY_HOST = "*"
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


@cache
def report_script_hashes() -> tuple[str, ...]:
    """Return the CSP sources (``'sha256-…'``) of the inline scripts of unspun's HTML report."""
    from unspun.pipeline import ReportFormat, render

    probe = Report(
        rewrite=Article(doc_id="probe", text="", sentences=()),
        sources=(),
        facts=FactSheet(),
        alignment=(),
        findings=(),
        metrics=Metrics(0.0, 0.0, 0.0, 0, 0, 0),
        verdict=Verdict(VerdictLabel.INDEPENDENT, 0.0),
    )
    html = render(probe, ReportFormat.HTML)
    hashes = []
    for body in _SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return tuple(dict.fromkeys(hashes))


def _policy(*directives: str) -> str:
    return "; ".join(directives)


def page_headers() -> dict[str, str]:
    """Headers of the web page, the docs page and their static assets."""
    scripts = " ".join(("'self'", *report_script_hashes()))
    return {
        "Content-Security-Policy": _policy(
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def report_headers() -> dict[str, str]:
    """Headers of an HTML report: its own inline CSS and script only, nothing loaded, never framed."""
    scripts = " ".join(report_script_hashes()) or "'none'"
    return {
        "Content-Security-Policy": _policy(
            "default-src 'none'",
            f"script-src {scripts}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def _normal(name: str) -> str:
    name = name.strip().lower().rstrip(".")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        return str(ipaddress.ip_address(name))  # one spelling per address (::1, 0:0::1)
    except ValueError:
        return name


def allowed_hosts(bind_host: str, extra: str) -> frozenset[str] | None:
    """Return the Host names to accept: the bound host, localhost, 127.0.0.1, ::1 and the
    comma-separated ``extra`` names (``serve.allowed_hosts``); None if ``extra`` holds ``*``."""
    names = [n for n in (part.strip() for part in extra.split(",")) if n]
    if ANY_HOST in names:
        return None
    return frozenset(_normal(n) for n in (bind_host, *DEFAULT_HOSTS, *names))


def host_name(header: str) -> str:
    """Return the host part of a Host header value, normalised (port, brackets, case, final dot)."""
    value = header.strip()
    if value.startswith("["):  # [v6]:port
        end = value.find("]")
        return _normal(value[: end + 1] if end > 0 else value)
    if value.count(":") == 1:  # name:port (a bare IPv6 address has several colons)
        value = value.rsplit(":", 1)[0]
    return _normal(value)


def is_loopback(host: str) -> bool:
    """Return True if binding ``host`` only accepts connections from this machine."""
    name = _normal(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


__all__ = [
    "ANY_HOST",
    "DEFAULT_HOSTS",
    "allowed_hosts",
    "host_name",
    "is_loopback",
    "page_headers",
    "report_headers",
    "report_script_hashes",
]
