"""The comparison as one self-contained HTML page: a synopsis (old | new, paragraph by paragraph).

Laid out like a German Synopse or a Japanese 新旧対照表: each article pair in two columns,
paragraphs side by side, deleted words struck through in the old column and inserted words
underlined in the new one. The page loads nothing and runs no script but its own small filter
script (a Content-Security-Policy admits only that script, by hash), so it can be mailed,
archived or published as it is. It reads only the report view: every figure and label comes
from ``constdiff.report.view``; this module lays them out.  The stylesheet, the status badge
and the redline of one pair are public: the history page (``report.history_html``) draws them too.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape

from constdiff.model import DiffTag, ParagraphChange, SectionChange
from constdiff.report.view import FlowView, PairView, ParagraphView, ReferencesView, ReportView, SectionNode, SectionView, Segment

NONE = "—"
"""What the view writes in a cell with nothing on that side."""

NARROW_MAX_PX = 720
"""Below this width the synopsis columns and the tables stack (phones, a narrow window)."""

_STATUS_COLOURS = {
    "unchanged": "#8a8a8a",
    "editorial": "#5b7f95",
    "renumbered": "#2f8f8f",
    "moved": "#2f8f8f",
    "amended": "#c77700",
    "renamed": "#c77700",
    "split": "#8e44ad",
    "merged": "#8e44ad",
    "added": "#2e8b3e",
    "repealed": "#c0392b",
    "removed": "#c0392b",
}
"""One colour per status, shared by badges, table cells and the flow picture (never the only cue:
the status is always written out too)."""

_STATUS_CSS = "".join(
    f".s-{status}{{--status:{colour}}}" for status, colour in _STATUS_COLOURS.items()
)

STYLE = (
    """
:root{color-scheme:light;--ink:#1d1d1d;--muted:#666;--rule:#d9d9d9;--del:#fbe3e3;--del-ink:#8b0000;--ins:#dff3e2;--ins-ink:#0b5d1e;--toc:16rem}
*{box-sizing:border-box}
html{scroll-padding-top:1rem}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);margin:0;overflow-wrap:break-word}
a{color:#0b57a4}
.layout{display:grid;grid-template-columns:var(--toc) minmax(0,1fr);gap:2rem;max-width:96rem;margin:0 auto;padding:1rem}
nav.toc{position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;padding:.5rem 0;font-size:.9rem}
nav.toc summary{font-weight:600;cursor:pointer}
nav.toc ol{list-style:none;margin:0;padding:0}nav.toc ol ol{padding-left:1rem}
nav.toc li{margin:.15rem 0}
main{min-width:0}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--rule)}
h3.section{font-size:1.1rem;margin:1.5rem 0 .5rem;padding:.25rem .5rem;background:#f3f3f3;border-left:4px solid var(--status,#999)}
.sources code{font-size:.9em}
.warnings{border:2px solid #b35c00;background:#fff4e5;padding:.5rem 1rem;margin:1rem 0;border-radius:4px}
.warnings h2{border:0;margin:0;font-size:1.05rem;color:#7a3e00}
.warnings ul{margin:.25rem 0;padding-left:1.25rem}
.headline{font-size:1.1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #999;font-size:.9rem}
td.n,th.n{text-align:right;white-space:nowrap}
.badge{display:inline-block;border:1px solid var(--status,#999);border-left-width:6px;border-radius:3px;padding:0 .35rem;font-size:.8rem;white-space:nowrap}
td.status{border-left:6px solid var(--status,transparent);white-space:nowrap}
del{background:var(--del);color:var(--del-ink);text-decoration:line-through 2px}
ins{background:var(--ins);color:var(--ins-ink);text-decoration:underline 2px}
del::before,del::after,ins::before,ins::after{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
del::before{content:" [deleted: "}ins::before{content:" [inserted: "}del::after,ins::after{content:"] "}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem;background:#f6f6f6;border:1px solid var(--rule);border-radius:4px;margin:.5rem 0}
.filters input[type=search]{min-width:0;width:14rem;max-width:100%}
.pair{margin:1rem 0 1.5rem;border-top:3px solid var(--status,#999);padding-top:.25rem}
.pair h4{margin:.25rem 0;font-size:1rem;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.pair .reason{margin:.1rem 0 .4rem;color:var(--muted);font-size:.88rem}
.anchor{position:relative;top:-1rem}
table.synopsis{table-layout:fixed}
table.synopsis td{width:50%;white-space:pre-wrap}
table.synopsis td:first-child{border-right:1px solid var(--rule)}
table.synopsis tr.part th{background:#f3eefa;font-weight:600;font-size:.9rem}
.pc{display:block;font-size:.75rem;color:var(--muted);white-space:normal}
.pn{font-weight:600;color:var(--muted)}
.note{float:right;margin:0 0 0 .75rem;padding:0 .3rem;border:1px solid var(--rule);border-radius:3px;background:#fff}
.p-moved td{background:#eef7f7}
.empty{color:var(--muted);font-style:italic;white-space:normal}
.flow-wrap{overflow-x:auto}
.flow{width:100%;min-width:40rem;height:auto;font:12px system-ui,sans-serif}
.flow .band{fill:var(--status);fill-opacity:.45;stroke:var(--status);stroke-opacity:.8;stroke-width:.5}
.flow .node{fill:var(--status)}
.flow .count{font-size:11px}
.legend{display:flex;flex-wrap:wrap;gap:.25rem .75rem;font-size:.85rem;margin:.25rem 0}
dl.measures dt{font-weight:600;margin-top:.75rem}dl.measures dd{margin:.1rem 0 0 1rem}
.muted{color:var(--muted)}
[hidden]{display:none!important}
@media screen and (max-width:"""
    + str(NARROW_MAX_PX)
    + """px){
.layout{display:block;padding:.5rem}
nav.toc{position:static;max-height:none;border-bottom:1px solid var(--rule);margin-bottom:1rem}
table.grid thead{display:none}
table.grid tr{display:block;border-bottom:2px solid var(--rule);padding:.25rem 0}
table.grid td{display:inline-block;max-width:100%;border:0;padding:.1rem .25rem;margin-right:.5rem;text-align:left}
table.grid td:last-child{display:block}
table.grid td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:var(--muted)}
table.synopsis td{display:block;width:auto}
table.synopsis td:first-child{border-right:0;border-bottom:1px dashed var(--rule)}
table.synopsis td::before{display:block;font-size:.75rem;font-weight:600;color:var(--muted)}
table.synopsis td.old::before{content:attr(data-side)}
table.synopsis td.new::before{content:attr(data-side)}
table.synopsis thead{display:none}
table.synopsis tr{display:block;border-bottom:2px solid var(--rule)}
}
@media print{
body{font-size:10.5pt}
.layout{display:block;padding:0}
nav.toc,.filters{display:none}
.flow{min-width:0}
table.synopsis tr{break-inside:avoid}
h2,h3,h4{break-after:avoid}
a{color:inherit;text-decoration:none}
del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""
    + _STATUS_CSS
)

REFERENCE_STYLE = (
    ".r-problem td.status{--status:#c0392b}.r-problem td.status{font-weight:600}"
    ".r-updated td.status{--status:#5b7f95}.r-retargeted td.status{--status:#2f8f8f}.r-resolved td.status{--status:#8a8a8a}"
    "dl.references{display:grid;grid-template-columns:auto auto 1fr;gap:.1rem .75rem;margin:.5rem 0}"
    "dl.references dt{font-weight:600}dl.references dd{margin:0}dl.references .count{text-align:right}"
    f"@media screen and (max-width:{NARROW_MAX_PX}px){{dl.references dd{{grid-column:1/-1;margin:0 0 .4rem}}}}"
)
"""A references section's colours (by check, never the only cue: the check is written out), only on a page that has one."""

_SCRIPT = """
(function(){
if(window.matchMedia('(max-width:""" + str(NARROW_MAX_PX) + """px)').matches)document.getElementById('contents').open=false;
var bar=document.getElementById('filters');if(!bar)return;bar.hidden=false;
var pairs=Array.prototype.slice.call(document.querySelectorAll('[data-status]'));
var rows=document.querySelectorAll('tr[data-status]').length;
var groups=Array.prototype.slice.call(document.querySelectorAll('.group'));
var hideUnchanged=document.getElementById('hide-unchanged'),hideEditorial=document.getElementById('hide-editorial');
var only=document.getElementById('only'),search=document.getElementById('search'),shown=document.getElementById('shown');
function apply(){
var q=search.value.trim().toLowerCase(),n=0;
pairs.forEach(function(el){var s=el.getAttribute('data-status');
var hide=(hideUnchanged.checked&&s==='unchanged')||(hideEditorial.checked&&s==='editorial')||(only.value&&s!==only.value)||(q&&el.textContent.toLowerCase().indexOf(q)<0);
el.hidden=hide;if(!hide&&el.tagName==='TR')n++;});
groups.forEach(function(g){g.hidden=!g.querySelector('.pair:not([hidden])');});
shown.textContent=n+' of '+rows+' table rows shown';}
function reveal(){var id=decodeURIComponent(location.hash.slice(1));var el=id&&document.getElementById(id);
if(el&&el.closest('[hidden]')){hideUnchanged.checked=false;hideEditorial.checked=false;only.value='';search.value='';apply();el.scrollIntoView();}}
[hideUnchanged,hideEditorial,only].forEach(function(el){el.addEventListener('change',apply);});
search.addEventListener('input',apply);window.addEventListener('hashchange',reveal);apply();reveal();
})();
"""


def content_security_policy(script: str) -> str:
    """Nothing loads from the network and no script runs but ``script``, even if escaping ever failed."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


# The flow picture's geometry, in SVG user units (the picture scales to the page's width).
FLOW_WIDTH = 1000
FLOW_LABEL_WIDTH = 330
FLOW_BAR_WIDTH = 14
FLOW_GAP = 8
FLOW_HEAD = 24
"""Room above the bars for the Old and New column heads."""
FLOW_MIN_SLOT = 18
"""Every section gets at least a line of label height, however few articles it holds."""
FLOW_UNIT_MAX = 6
FLOW_TARGET_HEIGHT = 480
FLOW_LABEL_CHARS = 40
FLOW_COUNT_MIN_THICKNESS = 13
"""A band thick enough for its article count to be written on it."""
OUTSIDE_LABEL = "(before any section)"
"""Articles that stand outside every top-level section (before the first one)."""
ADDED_NODE = "__added__"
REPEALED_NODE = "__repealed__"


@dataclass(frozen=True)
class _Page:
    """What stands on this page, so that every link drawn has its target."""

    whole: bool
    """The full report; ``--article`` zooms in on the synopsis of one article (no map, tables, definitions)."""
    headed: frozenset[str]
    """Sections with a heading in the synopsis."""
    drawn: frozenset[str]
    """Pairs with a synopsis."""
    targets: frozenset[str]
    """Every id a link may point to."""


def render_html(view: ReportView) -> str:
    whole = view.options.article is None
    headed = _synopsis_sections(view)
    drawn = frozenset(pair.anchor for pair in view.redlines)
    pairs = view.articles if whole else view.redlines
    sections = view.sections if whole else [section for section in view.sections if section.anchor in headed]
    targets = frozenset(
        [anchor for pair in (*pairs, *view.redlines) for anchor in pair.anchors] + [section.anchor for section in sections]
    )
    page = _Page(whole, headed, drawn, targets)
    parts = [
        "<!doctype html>",
        f'<html lang="{html_attr(view.language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(_SCRIPT)}">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        '<meta name="generator" content="constdiff">',
        f"<title>{html_text(view.title)}</title><style>{STYLE}{REFERENCE_STYLE if view.references else ''}</style></head><body>",
        '<div class="layout">',
        _toc(view, page),
        "<main>",
        _header(view, page),
        *((_flow(view), _section_map(view, page), _article_table(view, page)) if whole else ()),
        _references(view.references, page) if view.references else "",
        _synopsis(view, page),
        _definitions(view) if whole else "",
        "</main></div>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def html_text(value: str) -> str:
    """Text as element content (quotes left as they are)."""
    return escape(value, quote=False)


def html_attr(value: str) -> str:
    """Text as an attribute value."""
    return escape(value, quote=True)


def status_badge(status: str) -> str:
    return f'<span class="badge s-{html_attr(status)}">{html_text(status)}</span>'


def _header(view: ReportView, page: _Page) -> str:
    parts = [f'<header><h1 id="summary">{html_text(view.title)}</h1>']
    parts.append(f'<p class="sources"><code>{html_text(view.old_source)}</code> → <code>{html_text(view.new_source)}</code></p>')
    if view.warnings:  # they change what the figures mean: before any figure
        items = "".join(f"<li>{html_text(warning)}</li>" for warning in view.warnings)
        parts.append(f'<section class="warnings" role="alert" lang="en"><h2 id="warnings">⚠ Warnings</h2><ul>{items}</ul></section>')
    parts += [f'<p class="headline">{html_text(sentence)}</p>' for sentence in view.headline]
    if view.counts:
        counts = " · ".join(f"{status_badge(count.change.value)} {count.count}" for count in view.counts if count.count)
        parts.append(f"<p>Articles: {counts}</p>")
    if view.preamble:
        parts.append(f"<p>Preamble: {html_text(view.preamble)}.</p>")
    if view.section_summary:
        parts.append(f"<p>{html_text(view.section_summary)}.</p>")
    if view.references:
        parts.append(f'<p><a href="#references">Cross-references</a>: {html_text(view.references.summary)}</p>')
    if view.measures:
        rows = "".join(
            f'<tr><td data-label="Measure">{html_text(measure.label)}</td><td class="n" data-label="Value">{html_text(measure.formatted)}</td></tr>'
            for measure in view.measures
        )
        parts.append(f'<table class="grid measures"><thead><tr><th>Measure</th><th class="n">Value</th></tr></thead><tbody>{rows}</tbody></table>')
        if page.whole:
            parts.append('<p class="muted"><a href="#definitions">How the figures are defined</a></p>')
    parts.append("</header>")
    return "\n".join(parts)


def _toc(view: ReportView, page: _Page) -> str:
    """Contents by section; every link has a target (the synopsis heading, else the map row)."""
    items = ['<li><a href="#summary">Summary</a></li>']
    if view.warnings:
        items.append('<li><a href="#warnings">Warnings</a></li>')
    by_section = _toc_sections(tuple(section for section in view.sections if section.anchor in page.targets))
    if page.whole:
        if view.old_sections or view.new_sections:
            items.append('<li><a href="#flow">Section flow</a></li>')
        items.append(f'<li><a href="#sections">Section map</a>{"" if view.redlines else by_section}</li>')
        items.append('<li><a href="#articles">Articles</a></li>')
    if view.references:
        items.append('<li><a href="#references">Cross-references</a></li>')
    if view.redlines:
        items.append(f'<li><a href="#synopsis">Synopsis</a>{by_section}</li>')
    if page.whole:
        items.append('<li><a href="#definitions">How the figures are defined</a></li>')
    return (
        '<nav class="toc" aria-label="Contents"><details open id="contents"><summary>Contents</summary>'
        f'<ol>{"".join(items)}</ol></details></nav>'
    )


def _toc_sections(sections: tuple[SectionView, ...]) -> str:
    """Nested lists following the sections' levels (depth first)."""
    if not sections:
        return ""
    out, depth = ["<ol>"], 0
    for index, section in enumerate(sections):
        level = section.level
        if index:
            if level > depth:
                out.append("<ol>" * (level - depth))
            else:
                out.append("</li>" + "</ol></li>" * (depth - level))
        depth = level
        out.append(f'<li><a href="#{html_attr(section.anchor)}">{html_text(_section_name(section))}</a>')
    out.append("</li>" + "</ol></li>" * depth + "</ol>")
    return "".join(out)


def _section_name(section: SectionView) -> str:
    return section.new if section.new != NONE else section.old


def _flow(view: ReportView) -> str:
    if not (view.old_sections or view.new_sections):  # no sections: nothing to draw
        return ""
    return (
        '<section aria-labelledby="flow"><h2 id="flow">Section flow</h2>'
        '<p class="muted">Old top-level sections on the left, new on the right; each band is as wide as the '
        "number of articles that went from one to the other, coloured by what most of them became; a section's "
        "bar is coloured by what became of its heading.</p>"
        f'<div class="flow-wrap">{_flow_svg(view)}</div>{_legend(view)}{_flow_table(view)}</section>'
    )


def _flow_table(view: ReportView) -> str:
    """The picture's bands in words, every one with its count (thin bands carry none in the picture)."""
    titles = _section_titles(view)
    rows = "".join(
        f'<tr><td data-label="Old">{html_text(titles.get(flow.old_key, OUTSIDE_LABEL) if flow.old_key else NONE)}</td>'
        f'<td data-label="New">{html_text(titles.get(flow.new_key, OUTSIDE_LABEL) if flow.new_key else NONE)}</td>'
        f'<td class="n" data-label="Articles">{flow.articles}</td><td data-label="Mostly">{status_badge(flow.change.value)}</td></tr>'
        for flow in view.flows
    )
    return (
        '<details><summary>The bands as a table</summary><table class="grid"><thead><tr><th>Old section</th>'
        f'<th>New section</th><th class="n">Articles</th><th>Mostly</th></tr></thead><tbody>{rows}</tbody></table></details>'
    )


def _legend(view: ReportView) -> str:
    statuses = dict.fromkeys(flow.change.value for flow in view.flows)
    statuses |= dict.fromkeys(node.change.value for node in (*view.old_sections, *view.new_sections))
    return '<p class="legend">' + "".join(status_badge(status) for status in statuses) + "</p>"


def _flow_svg(view: ReportView) -> str:
    """Old sections left, new right, one band per flow with its article count."""
    left = list(view.old_sections)
    right = list(view.new_sections)
    for nodes, keys in ((left, [flow.old_key for flow in view.flows]), (right, [flow.new_key for flow in view.flows])):
        known = {node.key for node in nodes}
        nodes += [SectionNode(key, OUTSIDE_LABEL, 0, SectionChange.UNCHANGED) for key in dict.fromkeys(keys) if key and key not in known]
    if any(flow.old_key is None for flow in view.flows):
        left.append(SectionNode(ADDED_NODE, "(not in the old version: added)", 0, SectionChange.ADDED))
    if any(flow.new_key is None for flow in view.flows):
        right.append(SectionNode(REPEALED_NODE, "(not in the new version: repealed)", 0, SectionChange.REMOVED))
    flows = [(flow.old_key or ADDED_NODE, flow.new_key or REPEALED_NODE, flow) for flow in view.flows]

    def drawn(node: SectionNode, side: int) -> int:
        """A bar holds all its bands, even where a split's article is drawn once per part."""
        return max(node.articles, sum(flow.articles for *keys, flow in flows if keys[side] == node.key))

    heights = {node.key: drawn(node, 0) for node in left} | {node.key: drawn(node, 1) for node in right}
    largest = max(sum(heights[node.key] for node in left), sum(heights[node.key] for node in right), 1)
    unit = max(1.0, min(FLOW_UNIT_MAX, FLOW_TARGET_HEIGHT / largest))

    def place(nodes: list[SectionNode]) -> dict[str, tuple[float, float]]:
        tops, y = {}, FLOW_HEAD
        for node in nodes:
            height = max(heights[node.key] * unit, 2.0)
            tops[node.key] = (y, height)
            y += max(height, FLOW_MIN_SLOT) + FLOW_GAP
        return tops

    left_at, right_at = place(left), place(right)
    total_height = max(
        max((y + max(h, FLOW_MIN_SLOT) for y, h in left_at.values()), default=0),
        max((y + max(h, FLOW_MIN_SLOT) for y, h in right_at.values()), default=0),
    ) + FLOW_GAP
    x_left = FLOW_LABEL_WIDTH
    x_right = FLOW_WIDTH - FLOW_LABEL_WIDTH - FLOW_BAR_WIDTH
    left_rank = {node.key: index for index, node in enumerate(left)}
    labels = {node.key: node.label for node in (*left, *right)} | _section_titles(view)
    used_left = dict.fromkeys(left_at, 0.0)
    used_right = dict.fromkeys(right_at, 0.0)
    starts: dict[int, float] = {}
    for index, (old_key, _, flow) in enumerate(flows):  # stack bands in each old section in flow order
        starts[index] = left_at[old_key][0] + used_left[old_key]
        used_left[old_key] += flow.articles * unit
    bands = []
    for index, (old_key, new_key, flow) in sorted(enumerate(flows), key=lambda item: (item[1][1], left_rank[item[1][0]])):
        thickness = flow.articles * unit
        y0 = starts[index]
        y1 = right_at[new_key][0] + used_right[new_key]
        used_right[new_key] += thickness
        title = f"{labels[old_key]} → {labels[new_key]}: {flow.articles} article(s), mostly {flow.change.value}"
        bands.append(_band(flow, title, x_left + FLOW_BAR_WIDTH, y0, x_right, y1, thickness))
    nodes = [_node(node, labels[node.key], x_left, *left_at[node.key], "end", x_left - 6) for node in left]
    nodes += [_node(node, labels[node.key], x_right, *right_at[node.key], "start", x_right + FLOW_BAR_WIDTH + 6) for node in right]
    return (
        f'<svg class="flow" viewBox="0 0 {FLOW_WIDTH} {total_height:.0f}" role="img" aria-labelledby="flow-title" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="flow-title">{html_text(view.title)}: section flow</title>'
        f'<text x="{x_left + FLOW_BAR_WIDTH}" y="{FLOW_HEAD - 6}" text-anchor="end" font-weight="600">Old</text>'
        f'<text x="{x_right}" y="{FLOW_HEAD - 6}" font-weight="600">New</text>'
        + "".join(bands)
        + "".join(nodes)
        + "</svg>"
    )


def _band(flow: FlowView, title: str, x0: float, y0: float, x1: float, y1: float, thickness: float) -> str:
    middle = (x0 + x1) / 2
    path = (
        f"M{x0:.1f} {y0:.1f}C{middle:.1f} {y0:.1f} {middle:.1f} {y1:.1f} {x1:.1f} {y1:.1f}"
        f"L{x1:.1f} {y1 + thickness:.1f}C{middle:.1f} {y1 + thickness:.1f} {middle:.1f} {y0 + thickness:.1f} {x0:.1f} {y0 + thickness:.1f}Z"
    )
    count = ""
    if thickness >= FLOW_COUNT_MIN_THICKNESS:
        count = f'<text class="count" x="{x0 + 4:.1f}" y="{y0 + thickness / 2:.1f}" dy="0.35em">{flow.articles}</text>'
    return f'<g class="s-{html_attr(flow.change.value)}"><title>{html_text(title)}</title><path class="band" d="{path}"/>{count}</g>'


def _section_titles(view: ReportView) -> dict[str, str]:
    """A flow node's label with its title ("III Президент"), from the section map row it belongs to."""
    titles = {section.old_key: section.old for section in view.sections if section.old_key}
    return titles | {section.new_key: section.new for section in view.sections if section.new_key}


def _node(node: SectionNode, name: str, x: float, y: float, height: float, anchor: str, text_x: float) -> str:
    """A section's bar, labelled with its name, its articles and (unless kept) what became of its heading."""
    label, full = name, name
    if node.label != OUTSIDE_LABEL and node.key not in (ADDED_NODE, REPEALED_NODE):
        suffix = f" · {node.articles}" + (f" ({node.change.value})" if node.change is not SectionChange.UNCHANGED else "")
        room = FLOW_LABEL_CHARS - len(suffix)
        label = (name if len(name) <= room else name[: room - 1] + "…") + suffix
        full = f"{name}: {node.articles} article(s), heading {node.change.value}"
    return (
        f'<g class="s-{html_attr(node.change.value)}"><title>{html_text(full)}</title>'
        f'<rect class="node" x="{x}" y="{y:.1f}" width="{FLOW_BAR_WIDTH}" height="{height:.1f}"/>'
        f'<text x="{text_x}" y="{y + height / 2:.1f}" dy="0.35em" text-anchor="{anchor}">{html_text(label)}</text></g>'
    )


def _section_map(view: ReportView, page: _Page) -> str:
    rows = []
    for section in view.sections:
        row_id = "" if section.anchor in page.headed else f' id="{html_attr(section.anchor)}"'
        indent = f' style="padding-left:{0.5 + 1.5 * section.level:g}em"' if section.level else ""
        name = html_text(_section_name(section))
        link = f'<a href="#{html_attr(section.anchor)}">{name}</a>' if section.anchor in page.headed else name
        rows.append(
            f"<tr{row_id}>"
            f'<td data-label="Old"{indent}>{html_text(section.old)}</td><td data-label="New"{indent}>{link if section.new != NONE else html_text(section.new)}</td>'
            f'<td class="status s-{html_attr(section.heading.value)}" data-label="Heading">{html_text(section.heading_label)}</td>'
            f'<td data-label="Content">{html_text(section.content_label)}</td>'
            f'<td class="n" data-label="Words −/+">−{section.words_deleted} +{section.words_inserted}</td></tr>'
        )
    head = "<tr><th>Old</th><th>New</th><th>Heading</th><th>Content</th><th class=\"n\">Words −/+</th></tr>"
    return (
        f'<section aria-labelledby="sections"><h2 id="sections">Section map</h2>'
        f'<table class="grid"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _article_table(view: ReportView, page: _Page) -> str:
    """Every pair; a row links to its synopsis, or is itself the target when the pair is not drawn."""
    rows = []
    for pair in view.articles:
        drawn = pair.anchor in page.drawn
        row_id = "" if drawn else f' id="{html_attr(pair.anchor)}"'
        extra = "" if drawn else _extra_anchors(pair)
        target = html_attr(pair.anchor)
        rows.append(
            f'<tr{row_id} data-status="{html_attr(pair.status)}">'
            f'<td data-label="Old"><a href="#{target}">{html_text(pair.old_numbers)}</a>{extra}</td>'
            f'<td data-label="New"><a href="#{target}">{html_text(pair.new_numbers)}</a></td>'
            f'<td class="status s-{html_attr(pair.status)}" data-label="Status">{html_text(pair.status)}</td>'
            f'<td class="n" data-label="Similarity">{html_text(pair.similarity)}</td>'
            f'<td class="n" data-label="Words −/+">−{pair.words_deleted} +{pair.words_inserted}</td>'
            f'<td data-label="Why">{html_text(pair.reason)}</td></tr>'
        )
    head = "<tr><th>Old</th><th>New</th><th>Status</th><th class=\"n\">Similarity</th><th class=\"n\">Words −/+</th><th>Why</th></tr>"
    return (
        f'<section aria-labelledby="articles"><h2 id="articles">Articles</h2>{_filters(view)}'
        f'<table class="grid articles"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _references(references: ReferencesView, page: _Page) -> str:
    """The figures with their definitions, then the problems (every finding with ``--show all``); the
    citing and the cited article link to their rows or synopses on the page."""

    def linked(text: str, anchor: str) -> str:
        return f'<a href="#{html_attr(anchor)}">{html_text(text)}</a>' if anchor in page.targets else html_text(text)

    figures = "".join(
        f'<dt class="count">{count.count}</dt><dt>{html_text(count.key)}</dt><dd>{html_text(count.definition)}</dd>'
        for count in references.counts
        if count.count is not None
    )
    parts = [
        f'<section aria-labelledby="references"><h2 id="references">Cross-references in <code>{html_text(references.source)}</code></h2>',
        f'<dl class="references" lang="en">{figures}</dl>',
    ]
    if references.listed:
        rows = []
        for row in references.listed:
            kind = "problem" if row.check.problem else row.check.value
            why = html_text(row.reason) + (f'<br><span class="muted">{html_text(row.old_note)}</span>' if row.old_note else "")
            rows.append(
                f'<tr class="r-{html_attr(kind)}"><td class="status" data-label="Check">{html_text(row.check.value)}</td>'
                f'<td data-label="In">{linked(row.citing, row.citing_anchor)}</td>'
                f'<td data-label="Cites">{linked(row.target, row.target_anchor)}</td>'
                + (f'<td data-label="Expected">{html_text(row.expected or "")}</td>' if references.expects else "")
                + f'<td data-label="As written">{html_text(row.citation)}</td><td data-label="Why">{why}</td></tr>'
            )
        should = "<th>Expected</th>" if references.expects else ""
        head = f"<tr><th>Check</th><th>In</th><th>Cites</th>{should}<th>As written</th><th>Why</th></tr>"
        parts.append(f'<table class="grid references"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>')
    if references.unlisted_note:
        parts.append(f'<p class="muted">{html_text(references.unlisted_note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _filters(view: ReportView) -> str:
    """Hidden until our script runs, so a page without scripts shows no dead controls."""
    options = "".join(
        f'<option value="{html_attr(count.change.value)}">{html_text(count.change.value)}</option>' for count in view.counts if count.count
    )
    return (
        '<div class="filters" id="filters" hidden role="search">'
        '<label><input type="checkbox" id="hide-unchanged"> hide unchanged</label>'
        '<label><input type="checkbox" id="hide-editorial"> hide editorial</label>'
        f'<label>only <select id="only"><option value="">every class</option>{options}</select></label>'
        '<label>search <input type="search" id="search" placeholder="word or number"></label>'
        '<span id="shown" class="muted" aria-live="polite"></span></div>'
    )


def _extra_anchors(pair: PairView) -> str:
    """The pair's other ids (its old number, the parts of a split or merge), as empty targets."""
    return "".join(f'<span class="anchor" id="{html_attr(anchor)}"></span>' for anchor in pair.anchors if anchor != pair.anchor)


def _synopsis_sections(view: ReportView) -> frozenset[str]:
    """Sections that get a heading in the synopsis: those holding a drawn pair, and the sections above them."""
    wanted = {pair.section_anchor for pair in view.redlines}
    anchored: set[str] = set()
    parents: list[SectionView] = []
    for section in view.sections:
        del parents[section.level :]
        if section.anchor in wanted:
            anchored.add(section.anchor)
            anchored.update(parent.anchor for parent in parents)
        parents.append(section)
    return frozenset(anchored)


def _synopsis(view: ReportView, page: _Page) -> str:
    if not view.redlines:
        return ""
    known = {section.anchor for section in view.sections}
    outside = [pair for pair in view.redlines if pair.section_anchor not in known]
    parts = ['<section aria-labelledby="synopsis"><h2 id="synopsis">Synopsis</h2>']
    if outside:
        parts.append('<div class="group">' + "".join(pair_redline(pair, page.targets) for pair in outside) + "</div>")
    for section in view.sections:
        if section.anchor not in page.headed:
            continue
        pairs = "".join(pair_redline(pair, page.targets) for pair in view.redlines if pair.section_anchor == section.anchor)
        heading = f'<h3 class="section s-{html_attr(section.heading.value)}" id="{html_attr(section.anchor)}">{html_text(_section_name(section))}</h3>'
        parts.append(f'<div class="group">{heading}{pairs}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def pair_redline(pair: PairView, targets: frozenset[str]) -> str:
    """One pair's heading, reason and synopsis; a moved paragraph links to its other place when that is in ``targets``."""
    head = (
        f'<h4><a href="#{html_attr(pair.anchor)}" title="Permalink">{html_text(pair.label)}</a> {status_badge(pair.status)}'
        + (f'<span class="muted">{html_text(pair.similarity)} similar</span>' if pair.similarity else "")
        + f'<span class="muted">−{pair.words_deleted} +{pair.words_inserted} words</span></h4>'
    )
    body = _synopsis_table(pair, targets) if pair.has_text else '<p class="empty">No text on either side.</p>'
    return (
        f'<article class="pair s-{html_attr(pair.status)}" id="{html_attr(pair.anchor)}" data-status="{html_attr(pair.status)}">'
        f'{_extra_anchors(pair)}{head}<p class="reason">{html_text(pair.reason)}</p>{body}</article>'
    )


def _synopsis_table(pair: PairView, targets: frozenset[str]) -> str:
    old_side = "old" if pair.old_numbers == NONE else f"old {pair.old_numbers}"
    new_side = "new" if pair.new_numbers == NONE else f"new {pair.new_numbers}"
    sides = (html_attr(old_side), html_attr(new_side))
    rows = []
    for old, new in pair.synopsis_rows:
        if old.part_start:
            rows.append(f'<tr class="part"><th colspan="2">{html_text(old.part_start)}</th></tr>')
        rows.append(_paragraph_row(old, new, sides, targets))
    return (
        f'<table class="synopsis"><thead><tr><th>{html_text(old_side.capitalize())}</th><th>{html_text(new_side.capitalize())}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def _paragraph_row(old: ParagraphView, new: ParagraphView, sides: tuple[str, str], targets: frozenset[str]) -> str:
    """Old words (deletions struck) left, new words (insertions underlined) right: one paragraph's two
    sides, or a deleted paragraph beside the one inserted in its place."""
    change = old.change.value if old is new else "replaced"
    return (
        f'<tr class="p-{html_attr(change)}">'
        f'<td class="old" data-side="{sides[0]}">{_cell(old, "old", targets)}</td>'
        f'<td class="new" data-side="{sides[1]}">{_cell(new, "new", targets)}</td></tr>'
    )


def _cell(paragraph: ParagraphView, side: str, targets: frozenset[str]) -> str:
    """One side of a paragraph: its number and words; the paragraph's fate is noted on the side that has
    words (the new one when both do), and a moved paragraph's link stands where its words are missing."""
    segments, number = (paragraph.old, paragraph.old_label) if side == "old" else (paragraph.new, paragraph.new_label)
    words = _segments(segments)
    noted_here = (side == "new") == bool(paragraph.new)
    parts = [_paragraph_note(paragraph) if noted_here else ""]
    if words:
        parts.append(f'<span class="pn">{html_text(number)}</span> {words}' if number else words)
    if paragraph.elsewhere and (not words or (noted_here and paragraph.old and paragraph.new)):
        label = f"↪ {html_text(paragraph.elsewhere_label or paragraph.elsewhere)}"
        parts.append(
            f'<a class="pc" href="#{html_attr(paragraph.elsewhere)}">{label}</a>'
            if paragraph.elsewhere in targets
            else f'<span class="pc">{label}</span>'
        )
    return "".join(parts) or '<span class="empty">—</span>'


def _paragraph_note(paragraph: ParagraphView) -> str:
    """The paragraph's fate in words when it is not simply kept (renumbered 4 → 5, moved, inserted...)."""
    if paragraph.change is ParagraphChange.KEPT:
        return ""
    numbers = ""
    if paragraph.old_label and paragraph.new_label and paragraph.old_label != paragraph.new_label:
        numbers = f" {paragraph.old_label} → {paragraph.new_label}"
    return f'<span class="pc note">{html_text(paragraph.change.value)}{html_text(numbers)}</span>'


_SEGMENT_TAGS = {DiffTag.DELETE: "del", DiffTag.INSERT: "ins"}


def _segments(segments: tuple[Segment, ...]) -> str:
    out = []
    for segment in segments:
        text = html_text(segment.text)
        tag = _SEGMENT_TAGS.get(segment.tag)
        out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(out)


def _definitions(view: ReportView) -> str:
    items = []
    for measure in view.all_measures:
        share = f'<br><span class="muted">= {html_text(measure.share)}</span>' if measure.share else ""
        items.append(
            f'<dt id="measure-{html_attr(measure.key)}">{html_text(measure.label)}: {html_text(measure.formatted)}</dt>'
            f"<dd>{html_text(measure.definition)}{share}</dd>"
        )
    return (
        '<section aria-labelledby="definitions" lang="en"><h2 id="definitions">How the figures are defined</h2>'
        f'<dl class="measures">{"".join(items)}</dl></section>'
    )
