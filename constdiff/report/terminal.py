"""The Rich terminal report: summary panel, section map, article table, redlines, definitions.

It draws a ``ReportView`` and nothing else; colour and width come from the console
(``NO_COLOR``, ``--color``, terminal size).  Deletions and insertions never differ by
colour alone: struck through and underlined in colour, ``[-old-]{+new+}`` without it.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from rich import box
from rich.console import Group, NewLine, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from constdiff.model import ArticleChange, DiffTag, ReferenceCheck, SectionChange
from constdiff.report.view import PairView, ParagraphView, ReferencesView, ReportView, Segment, SectionView

ARTICLE_STYLES = {
    ArticleChange.UNCHANGED: "dim",
    ArticleChange.EDITORIAL: "cyan",
    ArticleChange.RENUMBERED: "blue",
    ArticleChange.MOVED: "blue",
    ArticleChange.AMENDED: "yellow",
    ArticleChange.SPLIT: "magenta",
    ArticleChange.MERGED: "magenta",
    ArticleChange.ADDED: "green",
    ArticleChange.REPEALED: "red",
}
SECTION_STYLES = {
    SectionChange.UNCHANGED: "dim",
    SectionChange.RENUMBERED: "blue",
    SectionChange.RENAMED: "yellow",
    SectionChange.SPLIT: "magenta",
    SectionChange.MERGED: "magenta",
    SectionChange.ADDED: "green",
    SectionChange.REMOVED: "red",
}
REFERENCE_STYLES = {
    ReferenceCheck.RESOLVED: "dim",
    ReferenceCheck.UPDATED: "cyan",
    ReferenceCheck.RETARGETED: "blue",
    ReferenceCheck.STALE: "bold red",
    ReferenceCheck.REPEALED_TARGET: "bold red",
    ReferenceCheck.DANGLING: "bold red",
}
DELETED = "red strike"
INSERTED = "green underline"
SECTION_INDENT = 2  # columns per level
_SEGMENT_STYLES = {DiffTag.EQUAL: "", DiffTag.DELETE: DELETED, DiffTag.INSERT: INSERTED}
_UNSTYLED = dict.fromkeys(_SEGMENT_STYLES, "")


def render_rich(view: ReportView, *, plain: bool = False, styled: bool = True) -> list[RenderableType]:
    """Everything ``diff`` prints, in order; ``--article`` zooms on one article's redlines.

    ``plain`` marks deletions and insertions as ``[-old-]{+new+}`` (as wdiff does) for
    output without colour, where strike-through and underline are lost.  ``styled`` false
    (a console that draws no style at all: a file, a pipe) leaves the redlines' runs unstyled,
    the same characters drawn with an eighth less of Rich's work.
    """
    references = [Text(""), *references_section(view.references)] if view.references else []
    if view.options.article is not None:
        return [*_warnings(view), *references, *_redlines(view.redlines, view.options.side_by_side, plain, styled)]
    parts: list[RenderableType] = [summary_panel(view)]
    if view.sections:
        parts.append(section_table(view.sections))
    parts.append(article_table(view.listed))
    if view.unlisted_note:
        parts.append(Text(view.unlisted_note, style="dim"))
    parts += references
    parts += _redlines(view.redlines, view.options.side_by_side, plain, styled)
    parts += [Text(""), definitions_table(view)]
    return parts


def _warnings(view: ReportView) -> list[RenderableType]:
    if not view.warnings:
        return []
    return [Text("\n".join(f"warning: {warning}" for warning in view.warnings), style="yellow")]


def summary_panel(view: ReportView) -> Panel:
    """Title, the warnings that change what the figures mean, the headline, counts and figures."""
    counts = Table.grid(padding=(0, 2))
    counts.add_column(justify="right")
    counts.add_column()
    for count in view.counts:
        style = ARTICLE_STYLES[count.change]
        counts.add_row(Text(f"{count.count:g}", style=f"bold {style}"), Text(count.change.value, style=style))
    figures = Table.grid(padding=(0, 2))
    figures.add_column(justify="right", style="bold")
    figures.add_column()
    for measure in view.measures:
        figures.add_row(measure.formatted, Text(measure.label))
    layout = Table.grid(padding=(0, 4))
    layout.add_row(counts, figures)
    notes = Text(view.section_summary, style="bold")
    if view.preamble:
        notes.append_text(Text.assemble("\nPreamble: ", (view.preamble, "bold")))  # its own line: it may be a warning
    title, _, target = view.title.partition(" → ")
    parts: list[RenderableType] = [
        Text.assemble((title, "bold"), "  →  ", (target, "bold")),
        Text(f"{view.old_source}  →  {view.new_source}", style="dim"),
    ]
    if view.warnings:
        parts.append(Text("\n".join(f"⚠ {warning}" for warning in view.warnings), style="bold yellow"))
    parts += [Text(""), Text(" ".join(view.headline)), Text(""), layout, notes]
    return Panel(Group(*parts), title="constdiff summary", title_align="left", box=box.ROUNDED)


def section_table(sections: Iterable[SectionView]) -> Table:
    """One row per correspondence, depth first; the heading's status apart from its content's."""
    table = Table(title="Section map", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Old", ratio=2, overflow="fold")  # a long title word is cut onto the next line, never lost
    table.add_column("New", ratio=2, overflow="fold")
    table.add_column("Heading", no_wrap=True)
    table.add_column("Content", ratio=3)
    table.add_column("Words −/+", justify="right", no_wrap=True)
    for section in sections:
        table.add_row(
            _section_cell(section.old, section.level),
            _section_cell(section.new, section.level),
            Text(section.heading_label, style=SECTION_STYLES[section.heading]),
            Text(section.content_label),
            _word_figures(section.words_deleted, section.words_inserted),
        )
    return table


def _section_cell(text: str, level: int) -> RenderableType:
    """Padding rather than leading blanks, so a wrapped title keeps its indent."""
    if text == "—":
        return Text(text, style="dim")
    cell = Text(text)
    return Padding(cell, (0, 0, 0, SECTION_INDENT * level)) if level else cell


def _word_figures(deleted: int, inserted: int) -> Text:
    return Text.assemble((f"−{deleted}", "red"), " ", (f"+{inserted}", "green"))


def article_table(pairs: Iterable[PairView]) -> Table:
    """Old and new numbers in one column, so the reason keeps room at 80 columns."""
    table = Table(title="Articles", title_justify="left", box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Old → new", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Sim.", justify="right", no_wrap=True)
    table.add_column("Words", justify="right", no_wrap=True)
    table.add_column("Why", ratio=1, overflow="fold")
    for pair in pairs:
        table.add_row(
            f"{pair.old_numbers} → {pair.new_numbers}",
            Text(pair.status, style=ARTICLE_STYLES[pair.change]),
            pair.similarity,
            _word_figures(pair.words_deleted, pair.words_inserted),
            Text(pair.reason, style="dim"),
        )
    return table


def references_section(references: ReferencesView) -> list[RenderableType]:
    """The figures with their definitions, then the problems (every finding with ``--show all``)."""
    figures = Table(title=f"Cross-references in {references.source}", title_justify="left", box=None, show_header=False,
                    expand=True, pad_edge=False, padding=(0, 2, 0, 0))
    figures.add_column(justify="right", no_wrap=True)
    figures.add_column(no_wrap=True)
    figures.add_column(ratio=1)
    for count in references.counts:
        if count.count is None:
            continue
        style = "bold red" if count.problem and count.count else ""
        figures.add_row(Text(f"{count.count}", style=style or "bold"), Text(count.key, style=style), Text(count.definition, style="dim"))
    parts: list[RenderableType] = [figures]
    if references.listed:
        parts.append(reference_table(references))
    if references.unlisted_note:
        parts.append(Text(references.unlisted_note, style="dim"))
    return parts


def render_references_rich(references: ReferencesView) -> list[RenderableType]:
    """What ``constdiff refs`` prints: the version's reading warnings, then its references."""
    warnings = [Text("\n".join(f"warning: {warning}" for warning in references.warnings), style="yellow")] if references.warnings else []
    return [*warnings, *references_section(references)]


def reference_table(references: ReferencesView) -> Table:
    """One row per finding listed: where it stands, what it cites, and why it is what it is."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("Check", no_wrap=True)
    table.add_column("In", no_wrap=True)
    table.add_column("Cites", no_wrap=True)
    if references.expects:
        table.add_column("Expected", no_wrap=True)
    table.add_column("As written", ratio=1, overflow="fold")
    table.add_column("Why", ratio=2, overflow="fold")
    for row in references.listed:
        why = Text(row.reason, style="dim")
        if row.old_note:
            why.append(f"; {row.old_note}", style="dim")
        expected = (row.expected or "",) if references.expects else ()
        table.add_row(Text(row.check.value, style=REFERENCE_STYLES[row.check]), row.citing, row.target, *expected, row.citation, why)
    return table


def definitions_table(view: ReportView) -> Table:
    """Every measure with its value, numerator, denominator and definition."""
    table = Table(title="How the figures are defined", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Measure", ratio=2)
    table.add_column("Value", justify="right", no_wrap=True)
    table.add_column("Of", justify="right", no_wrap=True)
    table.add_column("Definition", ratio=3)
    for measure in view.all_measures:
        table.add_row(measure.label, measure.formatted, measure.share, Text(measure.definition, style="dim"))
    return table


def pair_heading(pair: PairView) -> Text:
    label, _, detail = pair.heading.partition("  ")
    return Text.assemble((label, "bold"), (f"  {detail}", ARTICLE_STYLES[pair.change]))


def _redlines(pairs: Iterable[PairView], side_by_side: bool, plain: bool, styled: bool) -> Iterator[RenderableType]:
    for pair in pairs:
        yield NewLine()  # not Text(""): print() joins consecutive texts with a space, on one line
        yield Rule(pair_heading(pair), align="left", style=ARTICLE_STYLES[pair.change])
        if not pair.has_text:
            continue
        yield side_by_side_table(pair, plain, styled) if side_by_side else redline(pair, plain, styled)


def _segments(segments: Iterable[Segment], plain: bool, styled: bool = True) -> Text:
    text = Text()
    styles = _SEGMENT_STYLES if styled else _UNSTYLED
    for segment in segments:
        part = segment.text
        if plain and segment.tag is not DiffTag.EQUAL:
            part = f"[-{part}-]" if segment.tag is DiffTag.DELETE else f"{{+{part}+}}"
        text.append(part, style=styles[segment.tag])
    return text


def _paragraph_note(paragraph: ParagraphView) -> Text | None:
    return Text(f"  ({paragraph.note})", style="dim italic") if paragraph.note else None


def redline(pair: PairView, plain: bool = False, styled: bool = True) -> Text:
    """Paragraph after paragraph in reading order; a bold line where a further member of a
    split or merge begins, a dim note on a paragraph renumbered or moved."""
    text = Text()
    for index, paragraph in enumerate(pair.paragraphs):
        if index:
            text.append("\n")
        if paragraph.part_start:
            text.append(f"▸ {paragraph.part_start}\n", style="bold")
        text.append_text(_segments(paragraph.marked_inline, plain, styled))
        note = _paragraph_note(paragraph)
        if note:
            text.append_text(note)
    text.rstrip()
    return text


def side_by_side_table(pair: PairView, plain: bool = False, styled: bool = True) -> Table:
    """A synopsis: a row per paragraph (or a deleted one beside the one inserted in its place),
    the old text on the left, the new on the right."""
    table = Table(box=box.SIMPLE, expand=True, show_header=True)
    table.add_column("Old", ratio=1)
    table.add_column("New", ratio=1)
    for old_side, new_side in pair.synopsis_rows:
        if old_side.part_start:
            table.add_row(Text(f"▸ {old_side.part_start}", style="bold"), "")
        old, new = _segments(old_side.marked_columns[0], plain, styled), _segments(new_side.marked_columns[1], plain, styled)
        note = _paragraph_note(new_side)
        if note:
            (old if new_side.new_label is None and not new_side.new else new).append_text(note)
        old.rstrip()
        new.rstrip()
        table.add_row(old, new)
    return table
