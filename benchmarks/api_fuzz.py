"""Hypothesis fuzzing of the HTTP API: every endpoint, in-process (ASGI), real worker processes.

    python -m benchmarks.api_fuzz --examples 10000 --out benchmarks/results/fuzz_api.json

Each endpoint (POST /v1/compare, /v1/trace, /v1/render, GET /v1/health) gets requests drawn
from a mix of: arbitrary JSON values, request-shaped objects with wrong or odd fields, articles
of any Unicode (lone surrogates, bidi controls, markup, news-like fragments), report JSON with
one part replaced or removed (for /v1/render), malformed bytes, other Content-Types, other
``format`` values and Host headers. The contract checked on every answer (:func:`problem`):
no 5xx, never a traceback, an error is one JSON line ``{"error", "message"}`` with a 4xx status
from the documented set, and a 200 carries the asked format.

tests/property/test_api_fuzz.py runs the same strategies with a bounded example count in
``make test``; this script runs the long count per endpoint, recording failures instead of
stopping at the first, and writes the tally as JSON. The server is built in-process with a
small index (the example source and an invented article) so that /v1/trace does real work.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from anyio.from_thread import start_blocking_portal
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "toretsk"
ENDPOINTS = ("compare", "trace", "render", "health")
HOST = "127.0.0.1"
ERROR_STATUSES = {400, 404, 405, 413, 415, 422, 504}
MEDIA = {"json": "application/json", "html": "text/html", "text": "text/plain"}
MAX_REQUEST_BYTES = 200_000
TIMEOUT_S = 20.0
JSON_HEADERS = {"host": HOST, "content-type": "application/json"}


# --------------------------------------------------------------------------- requests


@dataclass(frozen=True, slots=True)
class FuzzRequest:
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""

    def short(self) -> str:
        """A one-line description for a failure record."""
        body = self.content[:300].decode("utf-8", "backslashreplace")
        return f"{self.method} {self.path} {self.params} {self.headers} {body!r}"


_FRAGMENTS = [
    "The council approved the budget on Monday.",
    "Mayor John Doe said 40 million euros would go to roads.",
    '"This is a good day," she told Reuters.',
    "On 7 February 2025, about 3,000 people left Toretsk.",
    "# Heading\n\n",
    "* a list item\n",
    "<p>para</p>",
    "<script>alert(1)</script>",
    "&amp; &lt;b&gt;",
    "\u202eevil\u202c",
    "\u200b\u200f\ufeff",
    "\n\n",
    "Москва заявила во вторник.",
    "東京で火曜日に",
    "by AFP",
    "By Jane Smith, Reuters\n\nFebruary 7, 2025\n\n",
    "[link](http://127.0.0.1:9/x)",
    "12.5% 1,000,000 $3bn -4 2e10",
]

# Any code point, lone surrogates included (JSON escapes them as \udXXX).
_any_text = st.text(st.characters(exclude_categories=()), max_size=300)
_news_text = st.lists(st.sampled_from(_FRAGMENTS) | _any_text, max_size=12).map("".join)
_text = _news_text | _any_text
# News-like text without lone surrogates: it gets past the request checks into the library.
_clean_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
_sentence = st.tuples(st.sampled_from(_FRAGMENTS[:4]), _clean_text | st.just(""), st.sampled_from(_FRAGMENTS))
_paragraph = st.lists(_sentence.map(" ".join), min_size=1, max_size=4).map(" ".join)
_clean_news = st.lists(_paragraph, min_size=2, max_size=4).map("\n\n".join)
_article_text = st.one_of(_clean_news, _clean_news, _clean_news, _text)

_json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _any_text
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_any_text, inner, max_size=4),
    max_leaves=20,
)

_article = st.fixed_dictionaries(
    {},
    optional={
        "text": _text | _json,
        "html": _text.map(lambda t: f"<html><body><p>{t}</p></body></html>") | _json,
        "format": st.sampled_from(["auto", "text", "markdown", "html", "pdf", ""]) | _json,
        "published": st.dates().map(str) | st.sampled_from(["2025-02-30", "yesterday", ""]) | _json,
        "title": _text | st.none(),
        "url": _text | st.none(),
        "id": _text | st.none(),
        "extra": _json,
    },
)
# Articles the schema accepts, with any text: these reach the library.
_good_article = st.fixed_dictionaries(
    {"text": _article_text},
    optional={
        "format": st.sampled_from(["auto", "text", "markdown"]),
        "published": st.dates().map(str),
        "title": _article_text,
        "id": _article_text.filter(lambda t: 1 <= len(t) <= 200),
    },
) | st.builds(
    lambda t: {"html": f"<html><head><title>{t[:20]}</title></head><body>{t}</body></html>"}, _article_text
)
_good_compare = st.fixed_dictionaries(
    {"rewrite": _good_article, "sources": st.lists(_good_article, min_size=1, max_size=3)}
)
_good_trace = st.fixed_dictionaries(
    {"article": _good_article}, optional={"k": st.integers(min_value=1, max_value=50)}
)
_compare_body = st.fixed_dictionaries(
    {
        "rewrite": _good_article | _article | _json,
        "sources": st.lists(_good_article | _article, min_size=0, max_size=3) | _json,
    },
    optional={"fetch": _json},
)
_trace_body = st.fixed_dictionaries(
    {"article": _good_article | _article | _json},
    optional={"k": st.integers(min_value=-3, max_value=60) | _json},
)


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


_raw = st.binary(max_size=200) | st.sampled_from(
    [b"", b"{", b"[" * 5000, b'{"rewrite": ' * 3000, b"\xff\xfe{}", b"null", b"NaN"]
)
_format: st.SearchStrategy[dict[str, str]] = st.one_of(
    st.just({}), st.sampled_from(["json", "html", "text", "pdf", ""]).map(lambda f: {"format": f})
)
_host = st.one_of(
    st.just(HOST),
    st.sampled_from(["localhost:8000", "[::1]:8000", "evil.example", "127.0.0.1.evil.example", ""]),
)
_content_type = st.one_of(
    st.just("application/json"),
    st.sampled_from(["text/plain", "application/x-www-form-urlencoded", "application/problem+json", ""]),
)


def _mutations(report: dict[str, Any]) -> st.SearchStrategy[Any]:
    """The report with one value somewhere replaced by arbitrary JSON, or one key removed."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, (*path, k))
        elif isinstance(node, list):
            for i, v in enumerate(node[:3]):
                walk(v, (*path, i))

    walk(report, ())

    def apply(path: tuple[Any, ...], value: Any, delete: bool) -> Any:
        copy = json.loads(json.dumps(report))
        if not path:
            return value
        parent = copy
        for key in path[:-1]:
            parent = parent[key]
        if delete and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        return copy

    return st.builds(apply, st.sampled_from(paths), _json, st.booleans())


_query_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)  # a URL carries no surrogates


def requests(endpoint: str, report: dict[str, Any]) -> st.SearchStrategy[FuzzRequest]:
    """Requests for ``endpoint`` (one of :data:`ENDPOINTS`); ``report`` seeds /v1/render's.

    About half are well-formed requests with wild content (they reach the library), half are
    wild in every part.
    """
    if endpoint == "health":
        return st.builds(
            lambda host, params: FuzzRequest("GET", "/v1/health", params=params, headers={"host": host}),
            _host,
            st.dictionaries(st.sampled_from(["format", "x", "k"]), _query_text, max_size=2),
        )
    good, wild = {
        "compare": (_good_compare, _compare_body | _json),
        "trace": (_good_trace, _trace_body | _json),
        "render": (_mutations(report) | st.just(report), _json),
    }[endpoint]
    good_format = st.sampled_from([{}, {"format": "json"}, {"format": "html"}, {"format": "text"}])

    def build(content: bytes, params: dict[str, str], host: str, ctype: str) -> FuzzRequest:
        headers = {"host": host}
        if ctype:
            headers["content-type"] = ctype
        return FuzzRequest("POST", f"/v1/{endpoint}", params=params, headers=headers, content=content)

    well_formed = st.builds(build, good.map(_encode), good_format, st.just(HOST), st.just("application/json"))
    anything = st.builds(
        build, st.one_of(good.map(_encode), wild.map(_encode), _raw), _format, _host, _content_type
    )
    return st.one_of(well_formed, anything)


# --------------------------------------------------------------------------- the contract


def problem(request: FuzzRequest, response: httpx.Response) -> str | None:
    """Return what is wrong with ``response`` to ``request``, or None if it keeps the contract."""
    status = response.status_code
    if "Traceback" in response.text:
        return f"{status}: a traceback in the answer"
    if status == 200:
        fmt = request.params.get("format", "html" if request.path == "/v1/render" else "json")
        if request.path == "/v1/health":
            fmt = "json"
        media = response.headers.get("content-type", "")
        if not media.startswith(MEDIA.get(fmt, "?")):
            return f"200 with content-type {media!r} for format {fmt!r}"
        if fmt == "json":
            try:
                json.loads(response.text)
            except ValueError:
                return "200 with a JSON body that does not parse"
        return None
    if status not in ERROR_STATUSES:
        return f"status {status}: {response.text[:300]!r}"
    try:
        body = response.json()
    except ValueError:
        return f"{status} with a body that is not JSON: {response.text[:200]!r}"
    if not isinstance(body, dict) or set(body) != {"error", "message"}:
        return f"{status} with an error body of the wrong shape: {response.text[:200]!r}"
    if not isinstance(body["message"], str) or not body["message"] or "\n" in body["message"]:
        return f"{status} with a message that is not one line: {body['message']!r}"
    return None


# --------------------------------------------------------------------------- the app


def build_index(folder: Path) -> Path:
    """Write a two-article index (the example source and an invented article) under ``folder``."""
    from unspun.pipeline import open_index, read_records

    other = folder / "other.txt"
    other.write_text(
        "The city council of Lyon voted on Tuesday to extend the tram network by 12 kilometres.\n\n"
        "The works will start next spring and cost 300 million euros, the mayor said.\n",
        encoding="utf-8",
    )
    index_dir = folder / "index"
    with open_index(index_dir, mode="w") as idx:
        idx.add(read_records([EXAMPLE / "source.md", other]))
    return index_dir


class FuzzClient:
    """A synchronous client over ASGI to a real app (worker processes started with its lifespan)."""

    def __init__(self, index_dir: Path, *, max_concurrency: int = 2) -> None:
        import dataclasses

        from unspun import service
        from unspun.config import ServeSettings, Settings

        serve = dataclasses.replace(ServeSettings(), max_request_bytes=MAX_REQUEST_BYTES, timeout_s=TIMEOUT_S)
        self.app = service.create_app(
            dataclasses.replace(Settings(), serve=serve),
            index_dir=index_dir,
            max_concurrency=max_concurrency,
            warm_up=True,
        )
        self._stack = contextlib.ExitStack()

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[httpx.AsyncClient]:
        async with self.app.router.lifespan_context(self.app):
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url=f"http://{HOST}", timeout=120) as c:
                yield c

    def __enter__(self) -> FuzzClient:
        self._portal = self._stack.enter_context(start_blocking_portal())
        self._client_ = self._stack.enter_context(self._portal.wrap_async_context_manager(self._client()))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def send(self, request: FuzzRequest) -> httpx.Response:
        call = functools.partial(
            self._client_.request,
            request.method,
            request.path,
            params=request.params,
            headers=request.headers,
            content=request.content,
        )
        return self._portal.call(call)


def example_report(client: FuzzClient) -> dict[str, Any]:
    """The report of the example pair, from the app itself (seed of /v1/render's inputs)."""
    pair = {
        "rewrite": {"text": (EXAMPLE / "rewrite.txt").read_text(encoding="utf-8")},
        "sources": [{"text": (EXAMPLE / "source.md").read_text(encoding="utf-8"), "format": "markdown"}],
    }
    response = client.send(
        FuzzRequest("POST", "/v1/compare", headers=JSON_HEADERS, content=json.dumps(pair).encode())
    )
    response.raise_for_status()
    report: dict[str, Any] = response.json()
    return report


@contextlib.contextmanager
def fuzz_app(folder: Path) -> Iterator[tuple[FuzzClient, dict[str, Any]]]:
    """The client and the seed report, for the tests and the long run."""
    with FuzzClient(build_index(folder)) as client:
        yield client, example_report(client)


# --------------------------------------------------------------------------- the long run


def run_endpoint(client: FuzzClient, endpoint: str, report: dict[str, Any], examples: int) -> dict[str, Any]:
    """Send ``examples`` drawn requests to ``endpoint``; record every contract failure."""
    tried = 0
    statuses: dict[str, int] = {}
    failures: list[str] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(requests(endpoint, report))
    def one(request: FuzzRequest) -> None:
        nonlocal tried
        tried += 1
        try:
            response = client.send(request)
        except Exception as exc:  # the app raised through the transport: a failure too
            failures.append(f"{type(exc).__name__}: {exc} for {request.short()}")
            return
        statuses[str(response.status_code)] = statuses.get(str(response.status_code), 0) + 1
        found = problem(request, response)
        if found is not None:
            failures.append(f"{found} for {request.short()}")

    start = time.perf_counter()
    one()
    return {
        "endpoint": endpoint,
        "inputs": tried,
        "failures": len(failures),
        "failure_examples": failures[:20],
        "statuses": dict(sorted(statuses.items())),
        "seconds": round(time.perf_counter() - start, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000, help="inputs per endpoint")
    parser.add_argument("--endpoints", nargs="+", choices=ENDPOINTS, default=list(ENDPOINTS))
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/fuzz_api.json")
    args = parser.parse_args(argv)
    from unspun import __version__

    results: list[dict[str, Any]] = []
    command = "python -m benchmarks.api_fuzz " + " ".join(argv if argv is not None else sys.argv[1:])

    def write() -> None:  # after each endpoint: a run cut short keeps what it finished
        out = {
            "benchmark": "API fuzz: Hypothesis inputs per endpoint, in-process ASGI, real worker processes",
            "command": command,
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "unspun_version": __version__,
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "endpoints": results,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp, fuzz_app(Path(tmp)) as (client, report):
        for endpoint in args.endpoints:
            results.append(run_endpoint(client, endpoint, report, args.examples))
            r = results[-1]
            counts = f"{r['inputs']} inputs, {r['failures']} failures"
            print(f"{endpoint:>8}: {counts}, {r['seconds']} s, {r['statuses']}")
            sys.stdout.flush()
            write()
    print(f"wrote {args.out}")
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
