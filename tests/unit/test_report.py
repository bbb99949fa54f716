"""Tests for unspun.report: JSON (and its schema document), HTML page, terminal text."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from unspun import types as unspun_types
from unspun.config import Settings
from unspun.report import ReportFormat, render, render_html, render_json, render_text
from unspun.types import FindingType, Metrics, Report, Role, Severity, SourceMatch

SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "report-schema.md"

XSS = '<script>alert(1)</script>"><img src=x onerror=1>&'

# --------------------------------------------------------------------------- helpers


@dataclasses.dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base", "embed"}


class _TreeBuilder(HTMLParser):
    """A tiny DOM builder over the standard library parser (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.start_tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.start_tags.append((tag, node.attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(page: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder


def by_id(tree: _TreeBuilder) -> dict[str, Node]:
    return {n.attrs["id"]: n for n in tree.root.iter() if "id" in n.attrs}


# --------------------------------------------------------------------------- JSON


def test_json_is_to_dict_with_fixed_layout(report: Report) -> None:
    text = render_json(report)
    data = json.loads(text)
    evidence = data.pop("evidence")
    assert data == report.to_dict()
    assert text.startswith('{\n  "schema": "unspun.report/1",\n  "version"')
    keys = list(report.to_dict())
    assert list(json.loads(text)) == [
        *keys[: keys.index("notes") + 1],
        "evidence",
        *keys[keys.index("notes") + 1 :],
    ]
    assert evidence["audited_at"] is None  # the renderer never reads the clock


def test_json_keeps_non_ascii_and_round_trips(report_builder: Callable[..., Report]) -> None:
    report = report_builder(payload=" — café «Київ»")
    text = render(report, ReportFormat.JSON)
    assert "café «Київ»" in text
    assert "\\u" not in text
    assert Report.from_dict(json.loads(text)).to_dict() == report.to_dict()


def test_json_settings_are_the_typed_settings_key_sorted(report: Report) -> None:
    data = json.loads(render_json(report))
    assert data["settings"] == report.settings.to_dict()
    assert list(data["settings"]) == sorted(data["settings"])
    assert list(data["settings"]["align"]) == sorted(data["settings"]["align"])
    assert render_json(report) == render_json(report)
    assert Report.from_dict(data).settings == report.settings


def test_recorded_settings_of_another_version_are_read_leniently(report: Report) -> None:
    data = report.to_dict()
    data["settings"] = {"align": {"min_similarity": 0.4, "gone_key": 1}, "gone_section": {"x": 1}}
    settings = Report.from_dict(data).settings
    assert settings.align.min_similarity == 0.4
    assert settings.index == Settings().index  # missing sections keep their defaults
    data["settings"] = {"align": {"min_similarity": "high"}}
    with pytest.raises(ValueError, match=r"align\.min_similarity"):
        Report.from_dict(data)


def test_match_evidence_round_trips_through_json(report: Report) -> None:
    match = report.matches[0]
    data = json.loads(render_json(report))["sources"][0]
    assert SourceMatch.from_dict(data).to_dict() == match.to_dict()
    assert data["evidence"]["score_features"]["cos_background"] == 0.32
    assert data["evidence"]["aligned_examples"][0]["similarity"] == 0.66
    unverified = dataclasses.replace(match.evidence, score_features=None, alignment=None).to_dict()
    assert unverified["score_features"] == {}
    assert "aligned_share" not in unverified


def test_json_refuses_nan_instead_of_writing_invalid_json(report: Report) -> None:
    broken = dataclasses.replace(report, metrics=Metrics(float("nan"), 0.5, 0.5, 1, 1, 1))
    with pytest.raises(ValueError, match="JSON"):
        render_json(broken)


# --------------------------------------------------------------------------- schema doc


def _doc_sections() -> dict[str, tuple[list[str], list[list[str]]]]:
    """Return {heading: (paths, table rows)} for every '## ... — `path`' section of the doc."""
    sections: dict[str, tuple[list[str], list[list[str]]]] = {}
    current: str | None = None
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = None
            head, sep, tail = line[3:].partition(" — ")
            if sep:
                current = head.strip()
                sections[current] = (re.findall(r"`([^`]+)`", tail), [])
        elif current is not None and line.startswith("| ") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if cells[0] not in ("Field", "Value"):
                sections[current][1].append(cells)
    return sections


def _walk(data: Any, path: str) -> list[Any]:
    """Evaluate a doc path ('$', 'findings[].rewrite', 'facts.*[].dates[]') on parsed JSON."""
    nodes = [data]
    if path == "$":
        return nodes
    for token in path.split("."):
        name, many = (token[:-2], True) if token.endswith("[]") else (token, False)
        step: list[Any] = []
        for node in nodes:
            if name == "*":
                step.extend(node.values())
            elif isinstance(node, dict) and node.get(name) is not None:
                step.append(node[name])
        if many:
            step = [x for lst in step for x in lst]
        nodes = [n for n in step if n is not None]
    return nodes


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _name(cell: str) -> str:
    return cell.strip("`")


def test_schema_doc_documents_every_top_level_field(report: Report) -> None:
    rendered = json.loads(render_json(report))
    paths, rows = _doc_sections()["Report"]
    assert paths == ["$"]
    assert [_name(r[0]) for r in rows] == list(rendered), "doc table order must be the JSON key order"


def test_schema_doc_field_tables_match_rendered_json(report: Report) -> None:
    rendered = json.loads(render_json(report))
    field_sections = {h: v for h, v in _doc_sections().items() if not v[0][0][0].isupper()}
    assert len(field_sections) >= 15
    for heading, (paths, rows) in field_sections.items():
        documented = {_name(r[0]): r[1] for r in rows}
        objects = [obj for path in paths for obj in _walk(rendered, path)]
        assert objects, f"{heading}: fixture report has nothing at {paths}"
        for obj in objects:
            assert set(obj) == set(documented), f"{heading}: {set(obj) ^ set(documented)}"
            for key, type_cell in documented.items():
                allowed = tuple(t for name in type_cell.split(" or ") for t in _JSON_TYPES[name])
                value = obj[key]
                ok = isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed)
                assert ok, f"{heading}.{key}: {value!r} is not {type_cell}"


def test_schema_doc_lists_every_enum_value() -> None:
    enum_sections = {h: v for h, v in _doc_sections().items() if v[0][0][0].isupper()}
    names = {paths[0] for paths, _ in enum_sections.values()}
    assert {
        "FindingType",
        "Severity",
        "VerdictLabel",
        "LinkKind",
        "Role",
        "CreditKind",
        "DateOrigin",
    } <= names
    for paths, rows in enum_sections.values():
        enum = getattr(unspun_types, paths[0])
        assert [_name(r[0]) for r in rows] == [e.value for e in enum], paths[0]


# --------------------------------------------------------------------------- HTML


def test_html_escapes_every_piece_of_report_text(report_builder: Callable[..., Report]) -> None:
    report = report_builder(payload=XSS)
    page = render_html(report)
    assert "<script>alert(1)</script>" not in page
    assert "<img" not in page
    assert "onerror=1>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # every raw '&' starts an entity: the payload's and the article's bare '&' were escaped
    outside_code = re.sub(r"<script>.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    assert not re.search(r"&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)", outside_code)
    tree = parse_html(page)
    tags = [t for t, _ in tree.start_tags]
    assert tags.count("script") == 1
    assert "img" not in tags
    assert not [a for _, attrs in tree.start_tags for a in attrs if a.startswith("on")]
    # the payload survives as text: the parser gives back exactly what the article said
    titles = [n.text() for n in tree.root.iter() if n.tag == "title"]
    assert titles == [f"unspun report: Town captured after long siege{XSS}"]


def test_html_is_self_contained(report: Report) -> None:
    page = render_html(report)
    tree = parse_html(page)
    tags = {t for t, _ in tree.start_tags}
    assert not tags & {"link", "img", "iframe", "object", "embed", "video", "audio", "base"}
    for tag, attrs in tree.start_tags:
        assert "src" not in attrs, tag
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs["href"]
    assert "@import" not in page
    assert "url(" not in page
    assert "//" not in re.sub(r"https://example\.org/northfield", "", page.split("<script>")[0])


def test_html_sentences_carry_exact_text_links_and_status(report: Report) -> None:
    tree = parse_html(render_html(report))
    ids = by_id(tree)
    columns = [("r", report.rewrite)] + [(f"s{k}", s) for k, s in enumerate(report.sources, 1)]
    linked_r = {a.rewrite_index for a in report.alignment}
    linked_s = {(a.source_id, a.source_index) for a in report.alignment}
    for key, article in columns:
        for s in article.sentences:
            node = ids[f"{key}-{s.index}"]
            (txt,) = [n for n in node.iter() if "txt" in n.classes()]
            assert txt.text() == s.text
            if s.role is not Role.BODY:
                assert "nonbody" in node.classes()
                continue
            used = s.index in linked_r if key == "r" else (article.doc_id, s.index) in linked_s
            status = "st-unsupported" if key == "r" else "st-omitted"
            assert (status in node.classes()) is not used, (key, s.index)
    # every link on the page lands on an element of the page
    hrefs = [a["href"][1:] for t, a in tree.start_tags if t == "a"]
    assert hrefs
    assert all(h in ids for h in hrefs), [h for h in hrefs if h not in ids]
    # each rewrite sentence names the source sentence(s) it derives from, and vice versa
    for link in report.alignment:
        k = 1 + [s.doc_id for s in report.sources].index(link.source_id)
        r_node, s_node = ids[f"r-{link.rewrite_index}"], ids[f"s{k}-{link.source_index}"]
        assert f"s{k}-{link.source_index}" in r_node.attrs["data-partners"].split()
        assert f"r-{link.rewrite_index}" in s_node.attrs["data-partners"].split()
        chips = [n.text() for n in r_node.iter() if "chip" in n.classes()]
        assert f"S{k} #{link.source_index} · {link.kind.value} {link.similarity:.2f}" in chips


def test_html_marks_every_finding_span_inside_its_sentences(report: Report) -> None:
    page = render_html(report)
    tree = parse_html(page)
    marks = [n for n in tree.root.iter() if n.tag == "mark" and "title" in n.attrs]
    findings = sorted(
        report.findings, key=lambda f: (f.severity.rank, f.rewrite.start, f.rewrite.end, f.type.value)
    )
    for number, f in enumerate(findings, 1):
        covering = [m for m in marks if re.search(rf"(^|; )F{number} ", m.attrs["title"])]
        in_source = f.source is not None and f.source.end > f.source.start
        texts = "".join(m.text() for m in covering)
        expected = (f.rewrite.text if f.rewrite.end > f.rewrite.start else "") + (
            f.source.text if in_source and f.source is not None else ""
        )
        assert texts == expected, (number, f.type)
        ids = by_id(tree)
        if f.rewrite.end == f.rewrite.start:  # absent from the rewrite: placed where it would stand
            holders = [k for k, n in ids.items() if k.startswith("r-") and ids[f"gap-f{number}"] in n.iter()]
            assert len(holders) == 1, (number, holders)
        item = ids[f"f{number}"]
        assert f.message in item.text()
        assert f.severity.value in {n.text() for n in item.iter() if "badge" in n.classes()}


def test_html_with_one_source_and_no_findings(report: Report) -> None:
    plain = dataclasses.replace(report, sources=report.sources[:1], findings=(), notes=())
    plain = dataclasses.replace(
        plain, alignment=tuple(a for a in report.alignment if a.source_id == "source-a.md")
    )
    page = render_html(plain)
    ids = by_id(parse_html(page))
    assert "col-s1" in ids
    assert "col-s2" not in ids
    assert "No findings" in page
    assert "--cols: 2" in page


# --------------------------------------------------------------------------- terminal text


def test_text_is_plain_and_fits_100_columns(report: Report) -> None:
    text = render(report, ReportFormat.TEXT)
    assert "\x1b" not in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert text.splitlines()[0].startswith("Verdict: REWRITE")
    for value in ("72.0%", "66.0%", "20.0%"):
        assert value in text
    assert "Notes:" in text


def test_text_lists_findings_by_severity_then_position(report: Report) -> None:
    text = render_text(report, width=200)
    rows = [
        line.split()
        for line in text.splitlines()
        if re.match(r"^\s*\d+\s+(critical|major|minor|info)\s", line)
    ]
    assert len(rows) == len(report.findings)
    got = [(Severity(r[1]).rank, FindingType(r[2])) for r in rows]
    expected = sorted(report.findings, key=lambda f: (f.severity.rank, f.rewrite.start, f.rewrite.end))
    assert got == [(f.severity.rank, f.type) for f in expected]


def test_text_prints_article_markup_literally(report_builder: Callable[..., Report]) -> None:
    report = report_builder(payload="[bold red]x[/]")
    text = render_text(report, width=200)
    assert "Town captured after long siege[bold red]x[/]" in text


def test_text_with_colour_for_a_terminal(report: Report) -> None:
    assert "\x1b[" in render_text(report, color=True)


def test_render_accepts_format_names(report: Report) -> None:
    assert render(report, ReportFormat("json")) == render_json(report)
    # plain names are accepted at run time too (CLI and service pass them through)
    assert render(report, "html").startswith("<!DOCTYPE html>")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pdf"):
        render(report, "pdf")  # type: ignore[arg-type]  # an unknown name on purpose


def test_rejected_candidates_round_trip_and_render_escaped(report: Report) -> None:
    hostile = dataclasses.replace(report.matches[0], id="<b>rival</b>", score=0.31)
    with_rejected = dataclasses.replace(report, rejected=(hostile,))
    data = json.loads(render_json(with_rejected))
    assert data["rejected_candidates"][0]["id"] == "<b>rival</b>"
    assert Report.from_dict(data).rejected == (SourceMatch.from_dict(hostile.to_dict()),)
    page = render_html(with_rejected)
    assert "&lt;b&gt;rival&lt;/b&gt;" in page
    assert "<b>rival</b>" not in page
    text = render_text(with_rejected, width=200)
    assert "Best candidates below the threshold" in text
    assert "<b>rival</b> (score 0.31)" in text
    assert "Best candidates below the threshold" not in render_text(report, width=200)
