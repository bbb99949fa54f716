"""Hypothesis invariants of the report renderers.

Whatever the article text (markup characters, any Unicode) and wherever the findings point
(overlapping, nested, empty, past the end), the HTML page shows every sentence's exact text,
highlights exactly the finding spans that fall inside sentences, and runs no article text as
markup; the JSON parses back to the same object.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspun.report import render_html, render_json
from unspun.types import (
    AlignmentLink,
    Article,
    FactSheet,
    Finding,
    FindingType,
    LinkKind,
    Metrics,
    Report,
    Role,
    Sentence,
    Severity,
    Span,
    TextRef,
    Verdict,
    VerdictLabel,
)

_chars = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"])
_sentence = st.text(alphabet=st.sampled_from(list("ab <>&\"'/=é—")) | _chars, min_size=1, max_size=40)


def _article(doc_id: str, sentences: list[str], roles: list[Role]) -> Article:
    text, out = "", []
    for i, (s, role) in enumerate(zip(sentences, roles, strict=False)):
        if i:
            text += " "
        out.append(Sentence(i, Span(len(text), len(text) + len(s)), s, role, i // 2))
        text += s
    return Article(doc_id, text, tuple(out))


class _TextOfSentences(HTMLParser):
    """Collect, per ``span.txt`` (one per sentence), its text and the text inside its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.marked: list[str] = []
        self.tags: list[str] = []
        self._depth = -1  # open elements inside the current span.txt; -1 when outside
        self._mark_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if self._depth >= 0:
            self._depth += 1
            if tag == "mark":
                self._mark_depth = self._depth
        elif tag == "span" and ("class", "txt") in attrs:
            self._depth = 0
            self.texts.append("")
            self.marked.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._depth < 0:
            return
        if self._mark_depth == self._depth:
            self._mark_depth = 0
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth >= 0:
            self.texts[-1] += data
            if self._mark_depth:
                self.marked[-1] += data


def _covered(article: Article, spans: list[tuple[int, int]]) -> list[str]:
    """Per sentence, the characters some span covers, in order."""
    return [
        "".join(ch for i, ch in enumerate(s.text, s.span.start) if any(a <= i < b for a, b in spans))
        for s in article.sentences
    ]


@st.composite
def reports(draw: st.DrawFn) -> Report:
    n = draw(st.integers(1, 6))
    sentences = draw(st.lists(_sentence, min_size=n, max_size=n))
    roles = draw(
        st.lists(st.sampled_from([Role.BODY, Role.BODY, Role.TITLE, Role.CAPTION]), min_size=n, max_size=n)
    )
    rewrite = _article(draw(_sentence), sentences, roles)
    source = _article("src" + draw(_sentence), list(reversed(sentences)), list(reversed(roles)))
    limit = len(rewrite.text) + 5
    findings = []
    for _ in range(draw(st.integers(0, 5))):
        a = draw(st.integers(0, limit))
        b = draw(st.integers(a, limit))
        findings.append(
            Finding(
                draw(st.sampled_from(list(FindingType))),
                draw(st.sampled_from(list(Severity))),
                TextRef(a, b, rewrite.text[a:b]),
                TextRef(0, min(3, len(source.text)), source.text[:3]) if draw(st.booleans()) else None,
                source.doc_id,
                draw(_sentence),
            )
        )
    links = tuple(
        AlignmentLink(
            i, source.doc_id, n - 1 - i, draw(st.floats(0, 1)), draw(st.sampled_from(list(LinkKind)))
        )
        for i in range(n)
        if draw(st.booleans())
    )
    return Report(
        rewrite=rewrite,
        sources=(source,),
        facts=FactSheet(),
        alignment=links,
        findings=tuple(findings),
        metrics=Metrics(0.5, 0.5, 0.1, n, n, len(links)),
        verdict=Verdict(VerdictLabel.PARTIAL, 0.5, draw(_sentence)),
        notes=(draw(_sentence),),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_html_shows_exact_sentences_and_marks_exact_spans(report: Report) -> None:
    parser = _TextOfSentences()
    parser.feed(render_html(report))
    parser.close()
    expected = [s.text for s in report.rewrite.sentences] + [s.text for s in report.sources[0].sentences]
    assert parser.texts == expected
    assert parser.tags.count("script") == 1
    rewrite, source = report.rewrite, report.sources[0]
    expected_marks = _covered(rewrite, [(f.rewrite.start, f.rewrite.end) for f in report.findings])
    expected_marks += _covered(source, [(f.source.start, f.source.end) for f in report.findings if f.source])
    assert parser.marked == expected_marks


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_json_round_trips(report: Report) -> None:
    data = json.loads(render_json(report))
    # The rendered JSON adds the evidence block (input hashes, version, audit time) to the report's.
    evidence = data.pop("evidence")
    assert [i["sha256"] for i in evidence["inputs"]]
    assert evidence["unspun_version"]
    assert data == json.loads(json.dumps(report.to_dict()))
    assert Report.from_dict(data).to_dict() == data
