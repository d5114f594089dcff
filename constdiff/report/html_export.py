"""The comparison as one self-contained HTML page: summary, section map, article table, redlines.

No scripts and no external assets, so the page can be mailed, archived or
published as it is.
"""

from __future__ import annotations

from html import escape

from constdiff.model import ArticlePair, Comparison, SectionRef
from constdiff.report.markdown import redline_html
from constdiff.report.terminal import SUMMARY_MEASURES, pair_label, section_name, shows_kinds

SECTION_INDENT_EM = 1.5

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
.s-unchanged{color:#777}.s-amended,.s-renamed{color:#a60}.s-added{color:#060}.s-repealed,.s-removed{color:#900}
.s-split,.s-merged{color:#808}.s-moved,.s-renumbered,.s-editorial{color:#036}.redline{border-left:3px solid #ccc;padding-left:1rem}
"""


def render_html(comparison: Comparison, *, show: str = "changed") -> str:
    old, new = comparison.old, comparison.new
    title = f"{old.title or old.source} → {new.title or new.source}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1><p><code>{escape(old.source)}</code> → <code>{escape(new.source)}</code></p>",
        *(f'<p class="warning">warning: {escape(warning)}</p>' for warning in comparison.warnings),
        _summary(comparison),
        _sections(comparison),
        _articles(comparison),
    ]
    if show != "none":
        parts.append("<h2>Redlines</h2>")
        parts += [_redline(pair) for pair in comparison.redline_pairs(show)]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _summary(comparison: Comparison) -> str:
    rows = []
    for key in SUMMARY_MEASURES:
        measure = comparison.measure(key)
        rows.append(f'<tr><td>{escape(measure.label)}</td><td class="n">{measure.formatted}</td><td>{escape(measure.definition)}</td></tr>')
    return "<h2>Summary</h2><table><tr><th>Measure</th><th>Value</th><th>Definition</th></tr>" + "".join(rows) + "</table>"


def _sections(comparison: Comparison) -> str:
    rows = []
    with_kind = shows_kinds(comparison.sections)
    for section in comparison.sections:
        status = section.change.value
        rows.append(
            f"<tr>{_section_cell(section.old, with_kind)}{_section_cell(section.new, with_kind)}"
            f'<td class="s-{status}">{escape(section.label)}</td>'
            f'<td class="n">{section.articles_changed}</td><td class="n">−{section.words_deleted} +{section.words_inserted}</td></tr>'
        )
    header = "<tr><th>Old</th><th>New</th><th>Status</th><th>Changed</th><th>Words −/+</th></tr>"
    return "<h2>Section map</h2><table>" + header + "".join(rows) + "</table>"


def _section_cell(refs: tuple[SectionRef, ...], with_kind: bool) -> str:
    """Sub-divisions indented by level."""
    if not refs:
        return "<td>—</td>"
    names = " / ".join(escape(f"{section_name(ref, with_kind)} {ref.title or ''}".strip()) for ref in refs)
    level = refs[0].level
    return f'<td style="padding-left:{SECTION_INDENT_EM * level + 0.5:g}em">{names}</td>' if level else f"<td>{names}</td>"


def _articles(comparison: Comparison) -> str:
    rows = []
    for pair in comparison.articles:
        status = pair.change.value
        similarity = f"{pair.similarity:.0%}" if pair.old and pair.new else ""
        rows.append(
            f"<tr><td>{escape(', '.join(pair.old_numbers) or '—')}</td><td>{escape(', '.join(pair.new_numbers) or '—')}</td>"
            f'<td class="s-{status}">{status}</td><td class="n">{similarity}</td>'
            f'<td class="n">−{pair.words_deleted} +{pair.words_inserted}</td><td>{escape(pair.reason)}</td></tr>'
        )
    header = "<tr><th>Old</th><th>New</th><th>Status</th><th>Similar</th><th>Words −/+</th><th>Why</th></tr>"
    return "<h2>Articles</h2><table>" + header + "".join(rows) + "</table>"


def _redline(pair: ArticlePair) -> str:
    return f'<h3 class="s-{pair.change.value}">{escape(pair_label(pair))}</h3><div class="redline">{redline_html(pair)}</div>'
