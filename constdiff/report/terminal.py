"""The Rich terminal report: summary, section map, article table, redlines.

Small builders, each turning part of a ``Comparison`` into a renderable; colour
and width come from the console (``NO_COLOR``, ``--color``, terminal size).
"""

from __future__ import annotations

from typing import Iterable, Iterator

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from constdiff.model import ArticleChange, ArticlePair, Comparison, DiffTag, PartStart, SectionChange, SectionPair, SectionRef

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
DELETED = "red strike"
INSERTED = "green underline"
SUMMARY_MEASURES = (
    "old_articles",
    "new_articles",
    "old_articles_changed_substantively_pct",
    "old_articles_text_changed_pct",
    "old_words_deleted_pct",
    "new_words_inserted_pct",
    "old_text_verbatim_pct",
)


def report(
    comparison: Comparison,
    *,
    show: str = "changed",
    article: str | None = None,
    side_by_side: bool = False,
    plain: bool = False,
) -> Iterator[RenderableType]:
    """Everything the ``diff`` command prints, in order; ``article`` zooms on one article.

    ``plain`` marks deletions and insertions as ``[-old-]{+new+}`` (as wdiff does) for
    output without colour, where strike-through and underline are lost.
    """
    # Warnings change what the figures mean (an implausible parse, a missing preamble): first.
    if comparison.warnings:  # one renderable: printed side by side, several Texts would share lines
        yield Text("\n".join(f"warning: {warning}" for warning in comparison.warnings), style="yellow")
    if article is not None:
        yield from _redlines(_pairs_for_article(comparison, article), side_by_side, plain)
        return
    yield summary_panel(comparison)
    if comparison.sections:
        yield section_table(comparison.sections)
    yield article_table(comparison.articles)
    yield from _redlines(comparison.redline_pairs(show), side_by_side, plain)


def _pairs_for_article(comparison: Comparison, number: str) -> list[ArticlePair]:
    return [pair for pair in comparison.articles if number in pair.old_numbers or number in pair.new_numbers]


def summary_panel(comparison: Comparison) -> Panel:
    counts = Table.grid(padding=(0, 2))
    counts.add_column(justify="right")
    counts.add_column()
    for change in ArticleChange:
        measure = comparison.measure(f"articles_{change.value}")
        counts.add_row(Text(f"{measure.value:g}", style=f"bold {ARTICLE_STYLES[change]}"), Text(change.value, style=ARTICLE_STYLES[change]))
    figures = Table.grid(padding=(0, 2))
    figures.add_column(justify="right", style="bold")
    figures.add_column()
    for key in SUMMARY_MEASURES:
        measure = comparison.measure(key)
        figures.add_row(measure.formatted, Text(measure.label))
    layout = Table.grid(padding=(0, 4))
    layout.add_row(counts, figures)
    preamble = comparison.preamble
    notes = Text.assemble(
        (f"Sections {comparison.measure('old_sections').value:g} → {comparison.measure('new_sections').value:g}: ", "bold"),
        *_section_counts(comparison),
    )
    if preamble:
        notes.append_text(Text.assemble("   Preamble: ", (preamble.change.value, ARTICLE_STYLES[preamble.change])))
    title = Text.assemble((comparison.old.title or comparison.old.source, "bold"), "  →  ", (comparison.new.title or comparison.new.source, "bold"))
    subtitle = Text(f"{comparison.old.source}  →  {comparison.new.source}", style="dim")
    return Panel(Group(title, subtitle, Text(""), layout, notes), title="constdiff summary", title_align="left", box=box.ROUNDED)


def _section_counts(comparison: Comparison) -> list[tuple[str, str] | str]:
    parts: list[tuple[str, str] | str] = []
    for change in SectionChange:
        count = comparison.measure(f"sections_{change.value}").value
        if count:
            parts += [", "] if parts else []
            parts.append((f"{count:g} {change.value}", SECTION_STYLES[change]))
    return parts


def section_table(sections: Iterable[SectionPair]) -> Table:
    """One row per correspondence, depth first; sub-divisions indented under their parent."""
    table = Table(title="Section map", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Old", ratio=3)
    table.add_column("New", ratio=3)
    table.add_column("Status", no_wrap=True)
    table.add_column("Changed", justify="right", no_wrap=True)
    table.add_column("Words −/+", justify="right", no_wrap=True)
    sections = tuple(sections)
    with_kind = shows_kinds(sections)
    for section in sections:
        style = SECTION_STYLES[section.change]
        table.add_row(
            _section_cell(section.old, with_kind),
            _section_cell(section.new, with_kind),
            Text(section.label, style=style),
            str(section.articles_changed),
            Text.assemble((f"−{section.words_deleted}", "red"), " ", (f"+{section.words_inserted}", "green")),
        )
    return table


SECTION_INDENT = 2  # columns per level


def shows_kinds(sections: Iterable[SectionPair]) -> bool:
    """A map of one kind at one level ("Section I" ... "Section X") reads better without the kind."""
    return len({(ref.kind, ref.level) for section in sections for ref in (*section.old, *section.new)}) > 1


def section_name(ref: SectionRef, with_kind: bool) -> str:
    """"Chapter 2" (or "2"): what a section map shows before the title, in every format."""
    return " ".join(part for part in (ref.kind.capitalize() if with_kind else None, ref.number) if part)


def _section_cell(refs: tuple[SectionRef, ...], with_kind: bool) -> RenderableType:
    """Padding rather than leading blanks, so a wrapped title keeps its indent."""
    if not refs:
        return Text("—", style="dim")
    ref = refs[0]
    name = section_name(ref, with_kind)
    text = Text.assemble((name, "bold"), f" {ref.title}" if ref.title and name else ref.title or "")
    return Padding(text, (0, 0, 0, SECTION_INDENT * ref.level)) if ref.level else text


def article_table(pairs: Iterable[ArticlePair]) -> Table:
    table = Table(title="Articles", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Old", no_wrap=True)
    table.add_column("New", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Similar", justify="right", no_wrap=True)
    table.add_column("Words −/+", justify="right", no_wrap=True)
    table.add_column("Why", ratio=1, overflow="fold")
    for pair in pairs:
        style = ARTICLE_STYLES[pair.change]
        table.add_row(
            ", ".join(pair.old_numbers) or "—",
            ", ".join(pair.new_numbers) or "—",
            Text(pair.change.value, style=style),
            f"{pair.similarity:.0%}" if pair.old and pair.new else "",
            Text.assemble((f"−{pair.words_deleted}", "red"), " ", (f"+{pair.words_inserted}", "green")),
            Text(pair.reason, style="dim"),
        )
    return table


def pair_label(pair: ArticlePair) -> str:
    """"Article 12 → 13  amended, 82% similar": the heading of a redline in every format."""
    old = ", ".join(pair.old_numbers)
    new = ", ".join(pair.new_numbers)
    if "preamble" in (*pair.old_numbers, *pair.new_numbers):
        label = "Preamble"
    elif not pair.old:
        label = f"New article {new}"
    elif not pair.new:
        label = f"Article {old}"
    else:
        label = f"Article {old} → {new}"
    detail = f"  {pair.change.value}"
    if pair.old and pair.new:
        detail += f", {pair.similarity:.0%} similar"
    return label + detail


def pair_heading(pair: ArticlePair) -> Text:
    label, _, detail = pair_label(pair).partition("  ")
    return Text.assemble((label, "bold"), (f"  {detail}", ARTICLE_STYLES[pair.change]))


def _redlines(pairs: Iterable[ArticlePair], side_by_side: bool, plain: bool) -> Iterator[RenderableType]:
    for pair in pairs:
        yield Rule(pair_heading(pair), align="left", style=ARTICLE_STYLES[pair.change])
        if pair.diff is None:
            continue
        if side_by_side:
            yield side_by_side_table(pair, plain)
        else:
            yield redline(pair, plain)


def _append(text: Text, item: tuple[DiffTag, str] | PartStart, plain: bool) -> None:
    if isinstance(item, PartStart):
        text.append("" if not text or text.plain.endswith("\n") else "\n")
        text.append(f"▸ {item.side} article {item.article}\n", style="bold")
        return
    tag, part = item
    if plain and tag is not DiffTag.EQUAL:
        part = f"[-{part}-]" if tag is DiffTag.DELETE else f"{{+{part}+}}"
    text.append(part, style=_SEGMENT_STYLES[tag])


def redline(pair: ArticlePair, plain: bool = False) -> Text:
    """Deleted words struck through in red, inserted words underlined in green, in reading order;
    in a split or merge, a line where each further member article begins."""
    text = Text()
    for item in pair.redline():
        _append(text, item, plain)
    return text


def side_by_side_table(pair: ArticlePair, plain: bool = False) -> Table:
    old, new = Text(), Text()
    for item in pair.redline():
        on_old = item.side == "old" if isinstance(item, PartStart) else item[0] is not DiffTag.INSERT
        on_new = item.side == "new" if isinstance(item, PartStart) else item[0] is not DiffTag.DELETE
        if on_old:
            _append(old, item, plain)
        if on_new:
            _append(new, item, plain)
    table = Table(box=box.SIMPLE, expand=True, show_header=True)
    table.add_column("Old", ratio=1)
    table.add_column("New", ratio=1)
    table.add_row(old, new)
    return table


_SEGMENT_STYLES = {DiffTag.EQUAL: "", DiffTag.DELETE: DELETED, DiffTag.INSERT: INSERTED}
