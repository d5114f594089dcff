"""The comparison as one self-contained HTML page: summary, section map, article table, redlines.

It draws a ``ReportView``.  No scripts and no external assets, so the page can be
mailed, archived or published as it is.
"""

from __future__ import annotations

from html import escape

from constdiff.report.markdown import redline_html
from constdiff.report.view import ReportView

SECTION_INDENT_EM = 1.5

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}del{background:#fdd;color:#900}ins{background:#dfd;color:#060}
.s-unchanged{color:#777}.s-amended,.s-renamed{color:#a60}.s-added{color:#060}.s-repealed,.s-removed{color:#900}
.s-split,.s-merged{color:#808}.s-moved,.s-renumbered,.s-editorial{color:#036}.redline{border-left:3px solid #ccc;padding-left:1rem}
"""


def render_html(view: ReportView) -> str:
    parts = [
        "<!doctype html>",
        f'<html lang="{escape(view.language)}"><head><meta charset="utf-8">',
        f"<title>{escape(view.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(view.title)}</h1><p><code>{escape(view.old_source)}</code> → <code>{escape(view.new_source)}</code></p>",
        *(f'<p class="warning">warning: {escape(warning)}</p>' for warning in view.warnings),
        f"<p>{escape(' '.join(view.headline))}</p>",
        _summary(view),
        _sections(view),
        _articles(view),
    ]
    if view.redlines:
        parts.append("<h2>Redlines</h2>")
        parts += [
            f'<h3 id="{view_pair.anchor}" class="s-{view_pair.status}">{escape(view_pair.heading)}</h3>'
            f'<div class="redline">{redline_html(view_pair)}</div>'
            for view_pair in view.redlines
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(view: ReportView) -> str:
    rows = [
        f'<tr><td>{escape(measure.label)}</td><td class="n">{measure.formatted}</td><td>{escape(measure.definition)}</td></tr>'
        for measure in view.all_measures
    ]
    return "<h2>Summary</h2><table><tr><th>Measure</th><th>Value</th><th>Definition</th></tr>" + "".join(rows) + "</table>"


def _sections(view: ReportView) -> str:
    rows = []
    for section in view.sections:
        pad = f' style="padding-left:{SECTION_INDENT_EM * section.level + 0.5:g}em"' if section.level else ""
        rows.append(
            f"<tr><td{pad}>{escape(section.old)}</td><td{pad}>{escape(section.new)}</td>"
            f'<td class="s-{section.heading.value}">{escape(section.heading_label)}</td>'
            f"<td>{escape(section.content_label)}</td><td class=\"n\">−{section.words_deleted} +{section.words_inserted}</td></tr>"
        )
    header = "<tr><th>Old</th><th>New</th><th>Heading</th><th>Content</th><th>Words −/+</th></tr>"
    return "<h2>Section map</h2><table>" + header + "".join(rows) + "</table>"


def _articles(view: ReportView) -> str:
    rows = [
        f"<tr><td>{escape(pair.old_numbers)}</td><td>{escape(pair.new_numbers)}</td>"
        f'<td class="s-{pair.status}">{pair.status}</td><td class="n">{pair.similarity}</td>'
        f'<td class="n">−{pair.words_deleted} +{pair.words_inserted}</td><td>{escape(pair.reason)}</td></tr>'
        for pair in view.articles
    ]
    header = "<tr><th>Old</th><th>New</th><th>Status</th><th>Similar</th><th>Words −/+</th><th>Why</th></tr>"
    return "<h2>Articles</h2><table>" + header + "".join(rows) + "</table>"
