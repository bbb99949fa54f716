"""Issue 13, item 18 end to end on real text: ignoring quotations, boilerplate lines and chosen
sources when judging derivation (``--exclude-quotes``, ``--exclude-boilerplate``,
``--exclude-source``).

LLMFake originals and ChatGPT rewrites (quotations), AllSides articles (newsletter prompts,
"contributed to this report" lines inside the body) and BBC distractors, read from
../shared/data (never copied). An excluded sentence must not be aligned, must count toward no
share and must carry no finding.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from unspun.cli._main import run
from unspun.config import ExcludeSettings, load_settings
from unspun.exclusions import apply_exclusions, is_boilerplate
from unspun.ingest import article_from_text
from unspun.pipeline import compare_articles
from unspun.types import Article, Report, Role

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
pytestmark = [pytest.mark.data, pytest.mark.slow]


def cli(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation(env={"SOURCE_DATE_EPOCH": "1700000000"}) as (out, err, _):
        code = run(list(args))
        return code, out.getvalue().decode(), err.getvalue().decode()


def _llmfake() -> list[dict[str, Any]]:
    path = DATA / "llmfake" / "llmfake_chatgpt_rewrites.jsonl"
    if not path.is_file():
        pytest.skip(f"LLMFake data not found at {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _quoting_pairs(n: int) -> list[tuple[Article, Article]]:
    """(rewrite, original) pairs whose rewrite has at least two quotation sentences."""
    out = []
    records = _llmfake()
    random.Random(18).shuffle(records)
    for r in records:
        text = r["rewrites"].get("paraphrase_generation")
        if not text or r["dataset"] != "politifact" or len(r["news_text"]) < 800:
            continue
        try:
            rw = article_from_text(text, doc_id="rewrite")
            src = article_from_text(r["news_text"], doc_id="original")
        except Exception:
            continue
        if len(apply_exclusions(rw, ExcludeSettings(quotes=True))[1].quotes) >= 2:
            out.append((rw, src))
        if len(out) == n:
            break
    return out


def _excluded(article: Article) -> set[int]:
    return {s.index for s in article.sentences if s.role is Role.EXCLUDED}


def _check_left_out(base: Report, report: Report, gone: set[int]) -> None:
    """The excluded rewrite sentences are in no link, no finding and no share."""
    assert gone
    assert report.metrics.rewrite_sentences == base.metrics.rewrite_sentences - len(gone)
    assert not {link.rewrite_index for link in report.alignment} & gone
    spans = [s.span for s in report.rewrite.sentences if s.index in gone]
    for f in report.findings:
        assert not any(f.rewrite.start < sp.end and sp.start < f.rewrite.end for sp in spans), f
    assert any("Left out of the audit" in n for n in report.notes)


def test_exclude_quotes_on_llmfake_paraphrases() -> None:
    pairs = _quoting_pairs(3)
    assert len(pairs) == 3
    settings = load_settings(overrides={"exclude": {"quotes": True}})
    for rw, src in pairs:
        base = compare_articles(rw, [src])
        report = compare_articles(rw, [src], settings=settings)
        gone = _excluded(report.rewrite)
        _check_left_out(base, report, gone)
        assert "quoted sentence" in " ".join(report.notes)
        quote_findings = [f for f in base.findings if f.type.value.startswith("quote")]
        kept = [f for f in report.findings if f.type.value.startswith("quote")]
        assert len(kept) <= len(quote_findings)


def test_exclude_quotes_through_the_cli(tmp_path: Path) -> None:
    rw, src = _quoting_pairs(1)[0]
    (tmp_path / "rw.txt").write_text(rw.text, encoding="utf-8")
    (tmp_path / "src.txt").write_text(src.text, encoding="utf-8")
    args = ["compare", str(tmp_path / "rw.txt"), str(tmp_path / "src.txt"), "-f", "json"]
    code, plain, _ = cli(*args)
    assert code == 0
    code, stdout, stderr = cli(*args, "--exclude-quotes")
    assert code == 0, stderr
    data = json.loads(stdout)
    assert data["settings"]["exclude"]["quotes"] is True
    roles = [s["role"] for s in data["rewrite"]["sentences"]]
    assert "excluded" in roles
    assert json.loads(plain)["metrics"]["rewrite_sentences"] == data["metrics"][
        "rewrite_sentences"
    ] + roles.count("excluded")


def _allsides_with_boilerplate(n: int) -> list[Article]:
    path = DATA / "distractors" / "allsides_abp.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"AllSides data not found at {path}")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if "contributed to this report" not in obj["text"] and "newsletter" not in obj["text"]:
                continue
            if len(obj["text"]) > 6000:
                continue
            art = article_from_text(obj["text"], doc_id=obj["id"])
            if any(is_boilerplate(s.text) for s in art.body):
                out.append(art)
            if len(out) == n:
                break
    return out


def test_exclude_boilerplate_on_allsides_articles() -> None:
    articles = _allsides_with_boilerplate(3)
    assert len(articles) == 3
    settings = load_settings(overrides={"exclude": {"boilerplate": True}})
    for art in articles:
        copy = article_from_text(art.text, doc_id="copy")
        base = compare_articles(copy, [art])
        report = compare_articles(copy, [art], settings=settings)
        gone = _excluded(report.rewrite)
        _check_left_out(base, report, gone)
        assert _excluded(report.sources[0])  # the source's boilerplate is left out as well
        assert report.metrics.derived_share > 0.9  # the copy is still a copy without it
        assert report.verdict.label.value == "copy"


def test_exclude_source_in_compare_and_trace(tmp_path: Path) -> None:
    records = [
        r for r in _llmfake() if r["dataset"] == "politifact" and r["rewrites"].get("rewrite_generation")
    ]
    records = [r for r in records if 1500 < len(r["news_text"]) < 3900][:5]
    lines = [{"id": f"orig-{r['news_id']}", "text": r["news_text"]} for r in records]
    with (DATA / "distractors" / "bbc_news.jsonl").open(encoding="utf-8") as fh:
        for _, raw in zip(range(150), fh, strict=False):
            lines.append({"id": json.loads(raw)["id"], "text": json.loads(raw)["text"]})
    (tmp_path / "src.jsonl").write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    index = tmp_path / "idx"
    assert cli("index", "add", str(tmp_path / "src.jsonl"), "--index", str(index))[0] == 0
    target = records[0]
    suspect = tmp_path / "suspect.txt"
    suspect.write_text(target["rewrites"]["rewrite_generation"], encoding="utf-8")
    original = f"orig-{target['news_id']}"
    code, stdout, _ = cli("trace", str(suspect), "--index", str(index), "-f", "json")
    assert code == 0
    assert json.loads(stdout)["sources"][0]["id"] == original
    code, stdout, stderr = cli(
        "trace", str(suspect), "--index", str(index), "-f", "json", "--exclude-source", original
    )
    assert code == 0, stderr
    data = json.loads(stdout)
    assert original not in [m["id"] for m in data["sources"]]
    assert original not in [a["doc_id"] for a in data["source_articles"]]
    assert data["settings"]["exclude"]["sources"] == [original]

    (tmp_path / "orig.txt").write_text(target["news_text"], encoding="utf-8")
    (tmp_path / "other.txt").write_text(lines[-1]["text"], encoding="utf-8")
    args = ["compare", str(suspect), str(tmp_path / "orig.txt"), str(tmp_path / "other.txt"), "-f", "json"]
    code, stdout, stderr = cli(*args, "--exclude-source", str(tmp_path / "other.txt"))
    assert code == 0, stderr
    data = json.loads(stdout)
    assert [a["doc_id"] for a in data["source_articles"]] == [str(tmp_path / "orig.txt")]
    assert any("Excluded from the audit by exclude.sources" in n for n in data["notes"])
    code, _, stderr = cli(
        *args, "--exclude-source", str(tmp_path / "orig.txt"), "--exclude-source", str(tmp_path / "other.txt")
    )
    assert code == 2
    assert "every source is excluded" in stderr
