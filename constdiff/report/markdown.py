"""The comparison as Markdown: for a pull-request comment, a wiki page or a newsroom draft.

It draws a ``ReportView``.  Redlines use ``<del>``/``<ins>``, which Markdown renderers
pass through and which survive whitespace at the edge of a change (``~~ x~~`` does
not); every text from the input is HTML-escaped, in tables too, so an article's text
can never become markup.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from constdiff.model import DiffTag
from constdiff.report.view import PairView, ParagraphView, ReferencesView, ReportView, Segment

_CELL_ESCAPES = str.maketrans({"|": "\\|", "\n": " "})
_HTML_TAGS = {DiffTag.DELETE: "del", DiffTag.INSERT: "ins"}


def render_markdown(view: ReportView) -> str:
    parts = [_summary(view)]
    if view.options.article is None:
        parts += [_sections(view), _articles(view)]
    if view.references:
        parts.append(f"## Cross-references in `{table_cell(view.references.source)}`\n\n{_references(view.references)}")
    if view.redlines:
        parts.append(_redlines(view.redlines, view.options.side_by_side))
    if view.options.article is None:
        parts.append(_definitions(view))
    return "\n\n".join(part for part in parts if part) + "\n"


def table_cell(text: str | None) -> str:
    """Text for a table cell: HTML-escaped, pipes escaped, on one line."""
    return escape(text or "", quote=False).translate(_CELL_ESCAPES)


def _summary(view: ReportView) -> str:
    lines = [f"# {table_cell(view.title)}", "", f"`{view.old_source}` → `{view.new_source}`", ""]
    if view.warnings:  # they change what the figures mean: right under the title
        lines += [f"> **Warning:** {table_cell(warning)}" + "  " for warning in view.warnings]
        lines.append("")
    lines += [table_cell(" ".join(view.headline)), "", "| Measure | Value |", "|---|---:|"]
    lines += [f"| {table_cell(measure.label)} | {measure.formatted} |" for measure in view.measures]
    counts = ", ".join(f"{count.count:g} {count.change.value}" for count in view.counts)
    lines += ["", f"Articles: {counts}.", f"{table_cell(view.section_summary)}."]
    if view.preamble:
        lines.append(f"Preamble: {table_cell(view.preamble)}.")
    if view.references:
        lines.append(f"Cross-references: {table_cell(view.references.summary)}")
    return "\n".join(lines)


def _sections(view: ReportView) -> str:
    if not view.sections:
        return ""
    lines = ["## Section map", "", "| Old | New | Heading | Content | Words −/+ |", "|---|---|---|---|---:|"]
    for section in view.sections:
        indent = "&emsp;" * section.level  # Markdown tables drop leading blanks
        old = indent + table_cell(section.old) if section.old != "—" else "—"
        new = indent + table_cell(section.new) if section.new != "—" else "—"
        lines.append(
            f'| {old} | {new} | {section.heading_label} | {table_cell(section.content_label)} '
            f"| −{section.words_deleted} / +{section.words_inserted} |"
        )
    return "\n".join(lines)


def _articles(view: ReportView) -> str:
    lines = ["## Articles", "", "| Old | New | Status | Similarity | Words −/+ | Why |", "|---|---|---|---:|---:|---|"]
    for pair in view.listed:
        lines.append(
            f"| {table_cell(pair.old_numbers)} | {table_cell(pair.new_numbers)} | {pair.status} "
            f"| {pair.similarity} | −{pair.words_deleted} / +{pair.words_inserted} | {table_cell(pair.reason)} |"
        )
    if view.unlisted_note:
        lines += ["", table_cell(view.unlisted_note)]
    return "\n".join(lines)


def render_references_markdown(references: ReferencesView) -> str:
    """What ``constdiff refs --format markdown`` writes: the version's reading warnings, then its references."""
    lines = [f"# Cross-references in `{table_cell(references.source)}`", ""]
    if references.warnings:
        lines += [f"> **Warning:** {table_cell(warning)}" + "  " for warning in references.warnings]
        lines.append("")
    return "\n".join(lines) + "\n" + _references(references) + "\n"


def _references(references: ReferencesView) -> str:
    """The figures with their definitions, then the problems (every finding with ``--show all``)."""
    lines = ["| Figure | Count | Definition |", "|---|---:|---|"]
    lines += [
        f"| {'**' + count.key + '**' if count.problem and count.count else count.key} | {count.count} | {table_cell(count.definition)} |"
        for count in references.counts
        if count.count is not None
    ]
    if references.listed:
        should = " Expected |" if references.expects else ""
        lines += ["", f"| Check | In | Cites |{should} As written | Why |", "|---|---|---|" + ("---|" if should else "") + "---|---|"]
        for row in references.listed:
            why = row.reason + (f"; {row.old_note}" if row.old_note else "")
            expected = f" {table_cell(row.expected)} |" if should else ""
            lines.append(f"| {row.check.value} | {table_cell(row.citing)} | {table_cell(row.target)} |{expected} {table_cell(row.citation)} | {table_cell(why)} |")
    if references.unlisted_note:
        lines += ["", table_cell(references.unlisted_note)]
    return "\n".join(lines)


def _redlines(pairs: Iterable[PairView], side_by_side: bool) -> str:
    blocks = ["## Redlines"]
    for pair in pairs:
        ids = "".join(f'<a id="{anchor}"></a>' for anchor in pair.anchors)
        blocks.append(f"### {ids}{table_cell(pair.heading)}")
        if pair.has_text:
            blocks.append(_synopsis(pair) if side_by_side else redline_html(pair))
    return "\n\n".join(blocks)


def _html(segments: Iterable[Segment]) -> str:
    out = []
    for segment in segments:
        html = escape(segment.text, quote=False).replace("\n", "<br>")
        out.append(html if segment.tag is DiffTag.EQUAL else f"<{_HTML_TAGS[segment.tag]}>{html}</{_HTML_TAGS[segment.tag]}>")
    return "".join(out)


def _note(paragraph: ParagraphView) -> str:
    if paragraph.elsewhere and paragraph.elsewhere_label:
        return f' <i>(<a href="#{paragraph.elsewhere}">{escape(paragraph.elsewhere_label)}</a>)</i>'
    return f" <i>({escape(paragraph.note)})</i>" if paragraph.note else ""


def redline_html(pair: PairView) -> str:
    """Inline HTML: ``<del>`` and ``<ins>`` around changes, ``<br>`` between paragraphs."""
    lines = []
    for paragraph in pair.paragraphs:
        if paragraph.part_start:
            lines.append(f"<b>▸ {escape(paragraph.part_start)}</b>")
        lines.append(_html(paragraph.marked_inline).removesuffix("<br>") + _note(paragraph))
    return "<br>\n".join(lines)


def _synopsis(pair: PairView) -> str:
    """Old | new, a table row per paragraph (or a deleted one beside the one inserted in its place)."""
    rows = ["| Old | New |", "|---|---|"]
    for old_side, new_side in pair.synopsis_rows:
        if old_side.part_start:
            rows.append(f"| **▸ {table_cell(old_side.part_start)}** | |")
        old, new = (_html(column).translate(_CELL_ESCAPES) for column in (old_side.marked_columns[0], new_side.marked_columns[1]))
        rows.append(f"| {old} | {new}{_note(new_side)} |")
    return "\n".join(rows)


def _definitions(view: ReportView) -> str:
    lines = ["## How the figures are defined", "", "| Measure | Value | Of | Definition |", "|---|---:|---:|---|"]
    for measure in view.all_measures:
        lines.append(f"| {table_cell(measure.label)} | {measure.formatted} | {measure.share} | {table_cell(measure.definition)} |")
    return "\n".join(lines)
