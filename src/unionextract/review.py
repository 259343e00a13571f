"""`unionextract review`: one self-contained HTML page to check what a store holds.

Each document's text is shown with its metrics (background colour by kind) and events
(underline colour by type) highlighted; overlapping spans are cut into segments, each
carrying the ids of every record that covers it. A table lists the metrics, filterable by
kind, organisation, period and status. CSS and JS are inlined, nothing is fetched, and every
piece of text goes through `html.escape`.
"""

from __future__ import annotations

import argparse
import json
from html import escape
from importlib import resources
from pathlib import Path

from .records import EventType, QuantityKind
from .store import SQLiteStore
from .stored import with_readonly_store

METRIC_KINDS = (QuantityKind.COUNT.value, QuantityKind.MONEY.value, QuantityKind.PERCENT.value)
# one hue per event type, distinct enough side by side
EVENT_COLOURS = dict(zip(
    [t.value for t in EventType],
    ["#0969da", "#bf3989", "#1a7f37", "#cf222e", "#bc4c00", "#8250df", "#0550ae", "#9a6700",
     "#1b7c83", "#a475f9", "#57606a", "#e16f24", "#2da44e"],
    strict=True,
))


def _asset(name: str) -> str:
    return resources.files("unionextract").joinpath("assets", name).read_text(encoding="utf-8")


def _json_script(data) -> str:
    # inside <script>, "</" would end the element: escape it (and & for good measure)
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> str:
    """Escaped HTML of `text` with each (start, end, id, css classes, hover title) span marked.

    Spans may overlap or nest: the text is cut at every span boundary and each piece covered
    by spans becomes one element listing all their ids (`data-r`), with the ids of the spans
    that begin there in `data-first`.
    """
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        piece = escape(text[a:b], quote=False)
        if not covering:
            out.append(piece)
            continue
        classes = {"hl"}
        for s in covering:
            classes.update(s[3].split())
        if sum(1 for s in covering if "ev" not in s[3].split()) > 1 or \
                sum(1 for s in covering if "ev" in s[3].split()) > 1:
            classes.add("multi")
        style = ""
        ev = [s for s in covering if "ev" in s[3].split()]
        if ev:
            colour = EVENT_COLOURS.get(ev[0][3].split()[-1].removeprefix("t-"), "#8250df")
            style = f' style="--ev:{colour}"'
        ids = " ".join(s[2] for s in covering)
        first = " ".join(s[2] for s in covering if s[0] == a)
        first_attr = f' data-first="{escape(first)}"' if first else ""
        title = escape("\n".join(s[4] for s in covering))
        out.append(f'<span class="{escape(" ".join(sorted(classes)))}" data-r="{escape(ids)}"{first_attr}'
                   f' title="{title}"{style}>{piece}</span>')
    return "".join(out)


def _summary(rec: dict) -> str:
    if "kind" in rec:
        bits = [f"{rec['kind']} {rec.get('value')}{rec.get('unit') or ''}", rec.get("indicator"),
                rec.get("org"), rec.get("period"), rec.get("status")]
    else:
        bits = [f"{rec['type']}: {rec.get('trigger')}", rec.get("date"), rec.get("org"), rec.get("status")]
    return " · ".join(str(b) for b in bits if b)


def _legend() -> str:
    items = [f'<span><span class="sw hl k-{k}"></span>{k}</span>' for k in METRIC_KINDS]
    items += [f'<span><span class="sw" style="border-bottom:3px solid {c}"></span>{escape(t)}</span>'
              for t, c in EVENT_COLOURS.items()]
    return '<div class="legend">' + "".join(items) + "</div>"


def render(store: SQLiteStore, *, max_docs: int | None = None, title: str = "unionextract review") -> str:
    records: dict[str, dict] = {}
    nav: list[str] = []
    sections: list[str] = []
    table_rows: list[str] = []
    counts = store.counts()
    shown = 0
    for d in store.iter_documents():
        if max_docs is not None and shown >= max_docs:
            break
        shown += 1
        anchor = f"doc-{d['id']}"
        status = d["status"]
        nav.append(f'<a href="#{anchor}">{escape(d["doc"])}<span class="badge {escape(status)}">'
                   f'{escape(status)}</span><span class="badge">{d["n_metrics"]}m {d["n_events"]}e'
                   '</span></a>')
        spans = []
        for m in store.iter_metrics(d["id"]):
            rec = json.loads(m["record"])
            rid = f"d{d['id']}-m{m['i']}"
            records[rid] = rec
            spans.append((m["start"], m["end"], rid, f"k-{m['kind']}", _summary(rec)))
            table_rows.append(_metric_row(rid, rec))
        for e in store.iter_events(d["id"]):
            rec = json.loads(e["record"])
            rid = f"d{d['id']}-e{e['i']}"
            records[rid] = rec
            spans.append((e["start"], e["end"], rid, f"ev t-{e['type']}", _summary(rec)))
        text = store.document_text(d["id"])
        meta = " · ".join(escape(str(x)) for x in (d["format"], d["encoding"], d["script"],
                                                    f"{d['characters']} characters", d["sha256"][:12]) if x)
        parts = [f'<section class="doc" id="{anchor}" data-doc="{escape(d["doc"])}" data-records="'
                 f'{len(spans)}"><h2>{escape(d["doc"])} <span class="badge {escape(status)}">{escape(status)}'
                 f'</span></h2><div class="docmeta">{meta}</div>']
        if d["reason"]:
            parts.append(f'<div class="reason">{escape(d["reason"])}</div>')
        if text:
            body = highlight(text, spans)
            parts.append(f'<div class="text">{body}</div>')
        parts.append("</section>")
        sections.append("".join(parts))
    html_sections = "\n".join(sections)
    more = ""
    if max_docs is not None and counts["documents"] > shown:
        more = f'<p class="reason">Showing the first {shown} of {counts["documents"]} documents.</p>'
    return _page(title, counts, nav, html_sections, table_rows, records, more)


def _metric_row(rid: str, rec: dict) -> str:
    cells = [rec.get("doc"), rec.get("text"), rec.get("kind"), rec.get("value"), rec.get("unit"),
             rec.get("approx"), rec.get("indicator"), rec.get("org"), rec.get("period"), rec.get("status")]
    tds = "".join(
        f'<td{" class=num" if i == 3 else ""}>{escape("" if c is None else str(c))}</td>'
        for i, c in enumerate(cells)
    )
    data = {k: rec.get(k) or "" for k in ("kind", "org", "period", "status")}
    attrs = "".join(f' data-{k}="{escape(str(v))}"' for k, v in data.items())
    return f'<tr data-id="{escape(rid)}"{attrs} title="{escape(_summary(rec))}">{tds}</tr>'


def _options(values) -> str:
    return '<option value="">all</option>' + "".join(
        f'<option value="{escape(v)}">{escape(v)}</option>' for v in sorted(v for v in values if v)
    )


def _page(title, counts, nav, sections, table_rows, records, more) -> str:
    kinds, orgs, periods, statuses = set(), set(), set(), set()
    for rec in records.values():
        if "kind" in rec:
            kinds.add(rec["kind"])
            orgs.add(rec.get("org") or "")
            periods.add(rec.get("period") or "")
            statuses.add(rec.get("status") or "")
    stats = " ".join(f"<span>{escape(k)}: {v}</span>" for k, v in counts.items())
    filters = (
        f'<div class="filters"><label>kind <select id="f-kind">{_options(kinds)}</select></label>'
        f'<label>organisation <select id="f-org">{_options(orgs)}</select></label>'
        f'<label>period <select id="f-period">{_options(periods)}</select></label>'
        f'<label>status <select id="f-status">{_options(statuses)}</select></label>'
        f'<label>text <input id="f-q" type="search" placeholder="search"></label>'
        f'<span id="shown"></span></div>'
    )
    head = ("<tr><th>doc</th><th>text</th><th>kind</th><th>value</th><th>unit</th><th>approx</th>"
            "<th>indicator</th><th>org</th><th>period</th><th>status</th></tr>")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{escape(title)}</title>
<script>window.addEventListener("error", function (e) {{
  var el = document.documentElement;
  el.dataset.errors = (el.dataset.errors || "") + e.message + "\\n"; }});</script>
<style>{_asset("review.css")}</style></head>
<body>
<header class="top"><h1>{escape(title)}</h1>
<nav><a href="#documents" data-view="documents">documents</a>
<a href="#metrics" data-view="metrics">metrics table</a></nav>
<div class="stats">{stats}</div></header>
<div class="layout"><aside class="docs">{"".join(nav)}</aside>
<main>
<div class="view" id="view-documents">
{_legend()}
{more}
{sections}
</div>
<div class="view" id="view-metrics" hidden>
{filters}
<table class="metrics"><thead>{head}</thead><tbody>
{"".join(table_rows)}
</tbody></table>
</div>
</main></div>
<div id="detail" hidden></div>
<script type="application/json" id="records">{_json_script(records)}</script>
<script>{_asset("review.js")}</script>
</body></html>
"""


def write_review(store: SQLiteStore, out: Path, *, max_docs: int | None = None) -> Path:
    import os

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(render(store, max_docs=max_docs), encoding="utf-8")
    os.replace(tmp, out)
    return out


def run_review(args: argparse.Namespace) -> int:
    def review(store) -> int:
        write_review(store, args.out, max_docs=args.max_docs)
        print(args.out)
        return 0

    return with_readonly_store(args.db, review)
