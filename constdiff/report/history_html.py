"""A history as one self-contained HTML page: the versions, the timeline as a table whose changed
cells link to that step's redline further down the page, the most amended articles, and per
article the redline of every step that changed it.

Like the single report (``report.html_export``, whose stylesheet, badges and pair redlines it
draws) it loads nothing and runs only its own small script, admitted by hash.  It reads only
``report.history_page.HistoryPage``; every label and id comes from there.
"""

from __future__ import annotations

from constdiff.report.history_page import GAP_STATUS, HistoryPage, LineageEntry, PageCell, PageRow, StepEntry, history_page
from constdiff.report.history_view import HistoryView
from constdiff.report.html_export import STYLE, content_security_policy, html_attr, html_text, pair_redline, status_badge

_HISTORY_STYLE = """
.history{max-width:96rem;margin:0 auto;padding:1rem}
.jump{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.25rem 0}
.timeline-scroll{overflow:auto;max-height:75vh;max-width:100%;border:1px solid var(--rule);margin:.5rem 0}
table.timeline{width:auto;border-collapse:separate;border-spacing:0;margin:0;font-size:.85rem}
table.timeline th,table.timeline td{padding:.05rem .3rem;border-bottom:1px solid var(--rule);text-align:center;white-space:nowrap;min-width:1.7rem}
table.timeline thead th{position:sticky;top:0;z-index:2;background:#fff;border-bottom:2px solid #999}
table.timeline th[scope=row],table.timeline thead th:first-child{position:sticky;left:0;z-index:1;background:#fff;text-align:left;border-right:1px solid var(--rule)}
table.timeline thead th:first-child{z-index:3}
table.timeline tr.group th{background:#f3f3f3;text-align:left}
table.timeline tr.group span{position:sticky;left:.3rem}
table.timeline td.m{padding:0;background:color-mix(in srgb,var(--status) 35%,#fff)}
table.timeline td.m a{display:block;padding:.05rem .3rem;color:var(--ink);text-decoration:none;font-weight:700}
table.timeline td.m a:hover,table.timeline td.m a:focus{outline:2px solid var(--status);outline-offset:-2px}
.gap{background:repeating-linear-gradient(135deg,#ececec 0 3px,#fff 3px 6px);color:var(--muted)}
table.timeline thead th.gap{background:repeating-linear-gradient(135deg,#ececec 0 3px,#fff 3px 6px)}
.gap-error{color:#8b0000}
section.lineage{border-top:1px solid var(--rule);margin-top:1rem}
section.lineage h3{margin:.5rem 0 .1rem;font-size:1.1rem}
details.step{margin:.25rem 0 .75rem;border-left:4px solid var(--status,#999);padding-left:.5rem}
details.step>summary{cursor:pointer;font-weight:600}
@media print{.timeline-scroll{max-height:none;overflow:visible}}
"""

_SCRIPT = """
(function(){
function reveal(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);if(!el)return;
for(var node=el;node;node=node.parentElement){if(node.tagName==='DETAILS')node.open=true;}el.scrollIntoView();}
document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a[href^="#"]');
if(a&&a.getAttribute('href')===location.hash)reveal();});
window.addEventListener('hashchange',reveal);reveal();
})();
"""
"""Opens the step a link or the address points to (and scrolls to it), also when it is the current one."""


def render_history_html(view: HistoryView) -> str:
    """The page of a history: its view with the page's rows and redlines (``history_page``)."""
    return render_history_page(history_page(view))


def render_history_page(page: HistoryPage) -> str:
    parts = [
        "<!doctype html>",
        f'<html lang="{html_attr(page.language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(_SCRIPT)}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta name="generator" content="constdiff">',
        f"<title>{html_text(page.title)}</title><style>{STYLE}{_HISTORY_STYLE}</style></head><body>",
        '<main class="history">',
        _header(page),
        _versions(page),
        _timeline(page),
        _most_amended(page),
        _lineages(page),
        "</main>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _header(page: HistoryPage) -> str:
    changed = sum(len(entry.steps) for entry in page.lineages)
    return (
        f'<header><h1 id="summary">{html_text(page.title)}</h1>'
        f"<p>{len(page.summary.rows)} articles followed across {len(page.summary.steps)} versions; "
        f"{changed} changed cells, each linked to its step below.</p>"
        '<nav class="jump" aria-label="On this page"><a href="#versions">Versions</a><a href="#timeline">Timeline</a>'
        '<a href="#most-amended">Most amended</a><a href="#articles">Articles, step by step</a></nav></header>'
    )


def _versions(page: HistoryPage) -> str:
    rows = []
    for index, step in enumerate(page.summary.steps):
        if step.error:
            summary = f'<span class="gap-error">gap: {html_text(step.error)}</span>'
            headline = ""
        else:
            summary = " · ".join(f"{status_badge(change.value)} {count}" for change, count in step.counts) or "first version"
            headline = html_text(f"{step.headline.formatted} {step.headline.label}") if step.headline else ""
        gap = ' class="gap"' if step.error else ""
        rows.append(
            f'<tr id="version-{index + 1}"{gap}><td class="n" data-label="#">{index + 1}</td>'
            f'<td data-label="Version">{html_text(step.described)}</td><td data-label="Step">{summary}</td>'
            f'<td data-label="Headline">{headline}</td></tr>'
        )
    head = '<tr><th class="n">#</th><th>Version</th><th>Step into it</th><th>Headline</th></tr>'
    return (
        '<section aria-labelledby="versions"><h2 id="versions">Versions</h2>'
        f'<table class="grid versions"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _timeline(page: HistoryPage) -> str:
    columns = []
    for index, step in enumerate(page.summary.steps):
        title = f"{step.label}: gap: {step.error}" if step.error else step.label
        gap = ' class="gap"' if step.error else ""
        columns.append(f'<th scope="col"{gap} title="{html_attr(title)}"><a href="#version-{index + 1}">{index + 1}</a></th>')
    head = '<tr><th scope="col">Article</th>' + "".join(columns) + "</tr>"
    body, group, grouped = [], None, any(row.group for row in page.rows)
    for row in page.rows:
        if grouped and row.group != group:
            group = row.group
            body.append(f'<tr class="group"><th colspan="{len(columns) + 1}" scope="colgroup"><span>{html_text(group or "—")}</span></th></tr>')
        body.append(_timeline_row(row))
    legend = "".join(
        f'<span class="badge {"gap" if status == GAP_STATUS else "s-" + html_attr(status)}">{html_text(mark)} {html_text(status)}</span>'
        for mark, status in page.legend
    )
    return (
        '<section aria-labelledby="timeline"><h2 id="timeline">Timeline</h2>'
        '<p class="muted">A row per article (by its latest number), a column per version; a changed cell links to '
        "that step's redline.</p>"
        f'<p class="legend">{legend}</p>'
        '<div class="timeline-scroll" role="region" aria-labelledby="timeline" tabindex="0">'
        f'<table class="timeline"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table></div>'
        + (f'<p class="muted">{html_text(page.summary.not_shown_line)}</p>' if page.summary.not_shown else "")
        + "</section>"
    )


def _timeline_row(row: PageRow) -> str:
    name = f'<a href="#{html_attr(row.anchor)}">{html_text(row.label)}</a>' if row.anchor else html_text(row.label)
    return f'<tr><th scope="row" title="{html_attr(row.lineage)}: {html_attr(row.numbers)}">{name}</th>{"".join(map(_cell, row.cells))}</tr>'


def _cell(cell: PageCell) -> str:
    if cell.target:
        label = html_attr(cell.label)
        return (
            f'<td class="m s-{html_attr(cell.status)}"><a href="#{html_attr(cell.target)}" title="{label}" '
            f'aria-label="{label}">{html_text(cell.mark)}</a></td>'
        )
    if cell.status == GAP_STATUS:
        return f'<td class="gap">{html_text(cell.mark)}</td>'
    return f"<td>{html_text(cell.mark)}</td>"


def _most_amended(page: HistoryPage) -> str:
    anchors = {entry.lineage: entry.anchor for entry in page.lineages}
    if not page.summary.most_amended:
        body = "<p>No article was amended.</p>"
    else:
        rows = "".join(
            f'<tr><td data-label="Article"><a href="#{html_attr(anchors[article.lineage])}">{html_text(article.label)}</a></td>'
            f'<td class="n" data-label="Times">{article.times}</td>'
            f'<td data-label="Versions">{html_text(", ".join(article.versions))}</td></tr>'
            for article in page.summary.most_amended
        )
        body = (
            '<table class="grid"><thead><tr><th>Article</th><th class="n">Times</th><th>Amended in</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return f'<section aria-labelledby="most-amended"><h2 id="most-amended">Most amended</h2>{body}</section>'


def _lineages(page: HistoryPage) -> str:
    entries = "".join(_lineage(entry, page.targets) for entry in page.lineages)
    return f'<section aria-labelledby="articles"><h2 id="articles">Articles, step by step</h2>{entries}</section>'


def _lineage(entry: LineageEntry, targets: frozenset[str]) -> str:
    facts = [f"{html_text(entry.lineage)} · numbers: {html_text(entry.numbers)}"]
    for words, linked in (("split or merged from", entry.came_from), ("split or merged into", entry.went_to)):
        if linked:
            facts.append(f"{words} " + ", ".join(_article_link(label, anchor) for label, anchor in linked))
    steps = "".join(_step(step, targets) for step in entry.steps)
    return (
        f'<section class="lineage" id="{html_attr(entry.anchor)}" aria-label="{html_attr(entry.label)}">'
        f'<h3>{html_text(entry.label)}</h3><p class="muted">{" · ".join(facts)}</p>{steps}</section>'
    )


def _article_link(label: str, anchor: str | None) -> str:
    text = html_text(f"Article {label}")
    return f'<a href="#{html_attr(anchor)}">{text}</a>' if anchor else text


def _step(step: StepEntry, targets: frozenset[str]) -> str:
    if step.drawn_at:
        body = f'<p>{html_text(step.pair.label)} ({html_text(step.status)}): <a href="#{html_attr(step.drawn_at)}">its redline</a>.</p>'
    elif step.redlined:
        left_out = _left_out(step.left_out)
        body = left_out + pair_redline(step.pair, targets)
    else:
        body = f"<p>{html_text(step.pair.label)}: {html_text(step.pair.reason)}</p>"
    return (
        f'<details class="step s-{html_attr(step.status)}" id="{html_attr(step.anchor)}">'
        f"<summary>{html_text(step.version)} {status_badge(step.status)}</summary>{body}</details>"
    )


def _left_out(paragraphs: int) -> str:
    if not paragraphs:
        return ""
    return f'<p class="muted">{paragraphs} paragraph{"" if paragraphs == 1 else "s"} kept word for word not shown.</p>'
