// unspun web page: collects the articles, calls the API, shows the audit.
// Every piece of article or report text is inserted with textContent (never as HTML); the
// full HTML report goes into a sandboxed iframe (opaque origin) via srcdoc. The frame may run
// scripts, but the page's Content-Security-Policy, which the frame inherits, allows only the
// report template's own script (by its hash): its severity filters and highlighting work there.
"use strict";

const state = { reportText: null, report: null, htmlText: null, sources: 1 };

function $(id) {
  return document.getElementById(id);
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function setStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.className = isError ? "error" : "";
}

function setBusy(busy) {
  for (const id of ["run-audit", "run-trace", "add-source", "clear"]) $(id).disabled = busy;
  document.body.classList.toggle("busy", busy);
}

// ------------------------------------------------------------------ building the request

function looksLikeHtml(text) {
  const head = text.trimStart().slice(0, 200).toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

function articlePayload(textarea, dateInput) {
  const text = textarea.value;
  const name = textarea.dataset.filename || "";
  const lower = name.toLowerCase();
  const item = {};
  if (lower.endsWith(".html") || lower.endsWith(".htm") || (!name && looksLikeHtml(text))) {
    item.html = text;
  } else {
    item.text = text;
    if (lower.endsWith(".md") || lower.endsWith(".markdown")) item.format = "markdown";
  }
  if (name) item.id = name; // as the CLI does: an uploaded file keeps its name as doc_id
  if (dateInput && dateInput.value) item.published = dateInput.value;
  return item;
}

function sourceBoxes() {
  return Array.from(document.querySelectorAll("#sources fieldset.source"));
}

function comparePayload() {
  const rewrite = $("rewrite-text");
  if (!rewrite.value.trim()) throw new Error("Paste or upload the rewrite first.");
  const sources = [];
  for (const box of sourceBoxes()) {
    const area = box.querySelector(".source-text");
    if (area.value.trim()) sources.push(articlePayload(area, box.querySelector(".source-published")));
  }
  if (!sources.length) throw new Error("Paste or upload at least one source, or search the index.");
  return { rewrite: articlePayload(rewrite, $("rewrite-published")), sources };
}

// ------------------------------------------------------------------ calling the API

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = "the server answered " + response.status;
    try {
      const err = JSON.parse(text);
      message = err.message + " (" + err.error + ")";
    } catch (ignored) {
      // not JSON: keep the status line
    }
    throw new Error(message);
  }
  return text;
}

async function runAudit(url, payload) {
  setBusy(true);
  setStatus("Running the audit…");
  try {
    const reportText = await postJson(url, payload);
    const report = JSON.parse(reportText);
    state.reportText = reportText;
    state.report = report;
    state.htmlText = null;
    showReport(report);
    setStatus("Audit done: " + report.findings.length + " finding(s).");
    $("results").focus();
    state.htmlText = await postJson("/v1/render?format=html", reportText);
    $("report-frame").srcdoc = state.htmlText;
  } catch (err) {
    setStatus("Error: " + err.message, true);
  } finally {
    setBusy(false);
  }
}

// ------------------------------------------------------------------ showing the report

// Numbers as every renderer writes them (unspun/report/numbers.py): a share of text as a
// percentage with one decimal, a score, confidence or similarity with two decimals.
function percent(x) {
  return (x * 100).toFixed(1) + "%";
}

function score(x) {
  return Number(x).toFixed(2);
}

function showSummary(report) {
  const box = $("summary");
  box.textContent = "";
  const verdict = el("p", null, "verdict verdict-" + report.verdict);
  verdict.appendChild(el("strong", "Verdict: " + report.verdict));
  const detail = report.verdict_detail || {};
  if (detail.confidence !== undefined) verdict.appendChild(el("span", " (confidence " + score(detail.confidence) + ")"));
  box.appendChild(verdict);
  if (detail.reason) box.appendChild(el("p", detail.reason, "reason"));
  const dl = el("dl", null, "metrics");
  const m = report.metrics;
  for (const [label, value] of [
    ["Derived from the source(s)", percent(m.derived_share)],
    ["Source used", percent(m.source_coverage)],
    ["Verbatim or near-verbatim", percent(m.verbatim_share)],
    ["Rewrite sentences aligned", m.aligned_sentences + " of " + m.rewrite_sentences],
  ]) {
    dl.appendChild(el("dt", label));
    dl.appendChild(el("dd", value));
  }
  box.appendChild(dl);
  if (report.sources && report.sources.length) {
    const list = el("ul", null, "matches");
    for (const match of report.sources) list.appendChild(el("li", match.id + " (score " + score(match.score) + ")"));
    box.appendChild(el("p", "Sources found in the index:"));
    box.appendChild(list);
  }
  if (report.notes && report.notes.length) {
    const notes = el("ul", null, "notes");
    for (const note of report.notes) notes.appendChild(el("li", note));
    box.appendChild(notes);
  }
}

function quote(label, ref, cls) {
  const p = el("p", null, "quote " + cls);
  p.appendChild(el("span", label, "label"));
  p.appendChild(el("q", ref.text));
  return p;
}

function showFindings(report) {
  const list = $("findings");
  list.textContent = "";
  // An empty list is hidden and a sentence says so (an item in the numbered list read "1. No findings.").
  list.hidden = !report.findings.length;
  $("no-findings").hidden = report.findings.length > 0;
  for (const f of report.findings) {
    const item = el("li", null, "finding sev-" + f.severity);
    const head = el("p", null, "head");
    head.appendChild(el("span", f.severity, "badge sev-" + f.severity));
    head.appendChild(el("span", f.type.replaceAll("_", " "), "type"));
    item.appendChild(head);
    item.appendChild(el("p", f.message, "message"));
    if (f.rewrite && f.rewrite.text) item.appendChild(quote("Rewrite", f.rewrite, "rewrite"));
    if (f.source && f.source.text) item.appendChild(quote("Source", f.source, "source"));
    list.appendChild(item);
  }
}

// Split a sentence into runs, marking the runs that findings cover.
function highlighted(sentence, findings) {
  const start = sentence.start;
  const end = sentence.end;
  const cuts = new Set([start, end]);
  const hits = [];
  for (const f of findings) {
    const a = Math.max(start, f.rewrite.start);
    const b = Math.min(end, f.rewrite.end);
    if (a < b) {
      hits.push({ a, b, f });
      cuts.add(a);
      cuts.add(b);
    }
  }
  const points = Array.from(cuts).sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const text = sentence.text.slice(a - start, b - start);
    const covering = hits.filter((h) => h.a <= a && b <= h.b);
    if (!covering.length) {
      frag.appendChild(document.createTextNode(text));
      continue;
    }
    const order = ["critical", "major", "minor", "info"];
    const worst = covering.map((h) => h.f.severity).sort((x, y) => order.indexOf(x) - order.indexOf(y))[0];
    const mark = el("mark", text, "sev-" + worst);
    mark.title = covering.map((h) => h.f.message).join("\n");
    frag.appendChild(mark);
  }
  return frag;
}

function showSideBySide(report) {
  const body = document.querySelector("#side-by-side tbody");
  body.textContent = "";
  const sources = new Map(report.source_articles.map((a) => [a.doc_id, a]));
  const multi = report.source_articles.length > 1;
  const links = new Map();
  for (const link of report.alignment) {
    if (!links.has(link.rewrite_index)) links.set(link.rewrite_index, []);
    links.get(link.rewrite_index).push(link);
  }
  for (const s of report.rewrite.sentences) {
    if (s.role !== "body") continue;
    const row = el("tr");
    row.appendChild(el("td", String(s.index + 1), "num"));
    const rewriteCell = el("td", null, "rw");
    rewriteCell.appendChild(highlighted(s, report.findings));
    row.appendChild(rewriteCell);
    const sourceCell = el("td", null, "src");
    const kindCell = el("td", null, "kind");
    const mine = links.get(s.index) || [];
    if (!mine.length) {
      row.classList.add("unsupported");
      sourceCell.appendChild(el("span", "No source sentence: unsupported", "nosource"));
    }
    for (const link of mine) {
      const article = sources.get(link.source_id);
      const sentence = article && article.sentences[link.source_index];
      const p = el("p", sentence ? sentence.text : "(sentence " + link.source_index + ")");
      if (multi) p.prepend(el("span", link.source_id + ": ", "srcid"));
      sourceCell.appendChild(p);
      kindCell.appendChild(el("p", link.kind.replace("_", " ") + " " + score(link.similarity)));
    }
    row.appendChild(sourceCell);
    row.appendChild(kindCell);
    body.appendChild(row);
  }
}

function showReport(report) {
  $("results").hidden = false;
  $("report-frame").srcdoc = "";
  showSummary(report);
  showFindings(report);
  showSideBySide(report);
}

// ------------------------------------------------------------------ downloads and inputs

function download(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function loadFile(input, textarea) {
  const file = input.files && input.files[0];
  if (!file) return;
  textarea.value = await file.text();
  textarea.dataset.filename = file.name;
  setStatus("Loaded " + file.name + ".");
}

function wireArticle(fileInput, textarea) {
  fileInput.addEventListener("change", () => loadFile(fileInput, textarea));
  textarea.addEventListener("input", () => {
    if (!textarea.value) delete textarea.dataset.filename;
  });
}

function addSource() {
  state.sources += 1;
  const n = state.sources;
  const template = sourceBoxes()[0];
  const box = template.cloneNode(true);
  box.dataset.source = String(n);
  box.querySelector("legend").textContent = "Source " + n;
  for (const [cls, prefix] of [["source-text", "source-text-"], ["source-file", "source-file-"], ["source-published", "source-published-"]]) {
    const input = box.querySelector("." + cls);
    input.id = prefix + n;
    input.value = "";
    delete input.dataset.filename;
  }
  for (const label of box.querySelectorAll("label")) {
    label.htmlFor = label.htmlFor.replace(/-\d+$/, "-" + n);
  }
  $("sources").appendChild(box);
  wireArticle(box.querySelector(".source-file"), box.querySelector(".source-text"));
  box.querySelector(".source-text").focus();
}

function clearAll() {
  for (const area of document.querySelectorAll("textarea")) {
    area.value = "";
    delete area.dataset.filename;
  }
  for (const input of document.querySelectorAll("input")) input.value = "";
  $("results").hidden = true;
  setStatus("");
  $("rewrite-text").focus();
}

async function init() {
  wireArticle($("rewrite-file"), $("rewrite-text"));
  wireArticle($("source-file-1"), $("source-text-1"));
  $("audit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    let payload;
    try {
      payload = comparePayload();
    } catch (err) {
      setStatus(err.message, true);
      return;
    }
    runAudit("/v1/compare", payload);
  });
  $("run-trace").addEventListener("click", () => {
    const rewrite = $("rewrite-text");
    if (!rewrite.value.trim()) {
      setStatus("Paste or upload the rewrite first.", true);
      return;
    }
    runAudit("/v1/trace", { article: articlePayload(rewrite, $("rewrite-published")) });
  });
  $("add-source").addEventListener("click", addSource);
  $("clear").addEventListener("click", clearAll);
  $("download-json").addEventListener("click", () => {
    if (state.reportText) download(state.reportText, "application/json", "unspun-report.json");
  });
  $("download-html").addEventListener("click", () => {
    if (state.htmlText) download(state.htmlText, "text/html", "unspun-report.html");
    else setStatus("The HTML report is still being prepared.", true);
  });
  try {
    const health = await (await fetch("/v1/health")).json();
    $("run-trace").hidden = !health.index;
  } catch (ignored) {
    // health unreachable: leave index search hidden
  }
}

init();
