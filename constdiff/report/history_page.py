"""What the HTML page of a history shows beyond ``history_view.HistoryView``: the timeline's rows in
reading order, grouped by top-level division; a link target for every changed cell; and per
lineage the redline of each step that changed it, drawn from that step's comparison by the single
report's view (``report.view``), with ids made unique on the page.

Built here, once, so ``report.history_html`` only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from constdiff.model import ArticleChange, ArticlePair, Comparison, DiffTag, Division, History, Lineage, ParagraphChange
from constdiff.report.history_view import GAP, MARKS, PRESENT, HistoryView, TimelineCell
from constdiff.report.view import PairView, ParagraphView, build_view

PRESENT_STATUS = "present"
"""A cell of an article in its first version, not changed by any step yet."""
ABSENT_STATUS = "absent"
GAP_STATUS = "gap"
OUTSIDE_GROUP = ""
"""The group of articles that stand before every top-level division."""
KEPT_CONTEXT = 1
"""Paragraphs kept word for word shown on either side of a changed one; the others are left out
of a step's redline (a long article amended in one paragraph, step after step, would otherwise
fill the page with its unchanged text twice over; ``diff --article`` shows the article whole)."""


@dataclass(frozen=True)
class PageCell:
    mark: str
    status: str
    """The change class of the step into this version ("amended"), or present, absent, gap."""
    target: str | None = None
    """For a changed cell: the id of that step's entry under its lineage."""
    label: str = ""
    """For a changed cell: the mark in words ("Article 2 in v2.txt: amended")."""


@dataclass(frozen=True)
class PageRow:
    label: str
    """The lineage's latest number."""
    lineage: str
    group: str
    """Its top-level division in the last version it is in ("Titel 1: Allgemeine Bestimmungen")."""
    numbers: str
    """The numbers it had, each with the version it first had it in: "5 (v1.txt) → 6 (v2.txt)"."""
    anchor: str | None
    """The id of its entry with the redlines; None when no step changed it."""
    cells: tuple[PageCell, ...]


@dataclass(frozen=True)
class StepEntry:
    """One step that changed a lineage: its class and the redline of the pair it was in."""

    anchor: str
    version: str
    status: str
    pair: PairView
    redlined: bool
    """False for a one-to-one step that kept the words (a renumbering, a move): its entry says so in
    words; a split or a merge is drawn even with the words kept, to show where its parts begin."""
    drawn_at: str | None = None
    """The entry that draws this pair, when a split or merge shared it with an earlier lineage."""
    left_out: int = 0
    """Paragraphs kept word for word, away from every change, that the redline leaves out."""


@dataclass(frozen=True)
class LineageEntry:
    anchor: str
    label: str
    """"Article 6"."""
    lineage: str
    numbers: str
    came_from: tuple[tuple[str, str | None], ...]
    """(label, anchor or None) of the lineages it was split or merged from."""
    went_to: tuple[tuple[str, str | None], ...]
    steps: tuple[StepEntry, ...]


@dataclass(frozen=True)
class HistoryPage:
    """Everything the HTML page of a history says, in reading order."""

    summary: HistoryView
    """The versions table and the most amended, as the terminal shows them."""
    title: str
    language: str
    legend: tuple[tuple[str, str], ...]
    """(mark, status) of every kind of cell."""
    rows: tuple[PageRow, ...]
    lineages: tuple[LineageEntry, ...]
    """Lineages changed by some step, in the order of the rows."""
    targets: frozenset[str]
    """Every id of a drawn pair (what a moved paragraph may link to)."""


def history_page(summary: HistoryView) -> HistoryPage:
    """What the HTML page of the history ``summary`` views shows, computed once."""
    result = summary.history
    by_id = {lineage.id: lineage for lineage in result.lineages}
    order = [by_id[row.lineage] for row in summary.rows]
    labels = {lineage.id: lineage.latest_number for lineage in result.lineages}
    cells_of = {row.lineage: row.cells for row in summary.rows}
    views = [_StepViews(comparison, f"v{index + 1}-") if comparison else None for index, comparison in enumerate(result.comparisons)]
    drawn: dict[tuple[int, int], str] = {}
    entries = []
    for lineage in order:
        steps = _steps(lineage, cells_of[lineage.id], result, views, drawn)
        if steps:
            entries.append((lineage, steps))
    anchors = {lineage.id: _lineage_anchor(lineage) for lineage, _ in entries}
    groups = _Groups(result)
    shown = {row.lineage for row in summary.timeline}
    rows = tuple(
        PageRow(lineage.latest_number, lineage.id, groups.of(lineage), _numbers(lineage, result), anchors.get(lineage.id),
                _cells(lineage, cells_of[lineage.id], result))
        for lineage in order if lineage.id in shown
    )

    def linked(ids: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
        return tuple((labels[other], anchors.get(other)) for other in ids)

    drawn_pairs = [step.pair for _, steps in entries for step in steps if step.drawn_at is None and step.redlined]
    last = next(version.document for version in reversed(result.versions) if version.document)
    return HistoryPage(
        summary=summary,
        title=f"{last.title or last.source}: {len(result.versions)} versions",
        language=last.language,
        legend=(*((mark, change.value) for change, mark in MARKS.items()), (PRESENT, PRESENT_STATUS), (GAP, GAP_STATUS)),
        rows=rows,
        lineages=tuple(
            LineageEntry(anchors[lineage.id], f"Article {lineage.latest_number}", lineage.id, _numbers(lineage, result),
                         linked(lineage.came_from), linked(lineage.went_to), steps)
            for lineage, steps in entries
        ),
        targets=frozenset(anchor for pair in drawn_pairs for anchor in pair.anchors),
    )


def step_anchor(lineage: Lineage, index: int) -> str:
    """The id of a lineage's entry for the step into version ``index`` (0-based): "L2-v2"."""
    return f"{lineage.id}-v{index + 1}"


def _lineage_anchor(lineage: Lineage) -> str:
    return f"lineage-{lineage.id}"


class _StepViews:
    """One step's pairs, each with its view under ids unique on the page."""

    def __init__(self, comparison: Comparison, prefix: str) -> None:
        view = build_view(comparison)
        self.prefix = prefix
        self.views = dict(zip(map(id, comparison.articles), view.articles))

    def view(self, pair: ArticlePair) -> PairView:
        found = self.views[id(pair)]
        paragraphs = tuple(
            replace(paragraph, elsewhere=self.prefix + paragraph.elsewhere) if paragraph.elsewhere else paragraph
            for paragraph in found.paragraphs
        )
        return replace(found, anchor=self.prefix + found.anchor, anchors=tuple(self.prefix + anchor for anchor in found.anchors),
                       paragraphs=paragraphs)


def _steps(lineage: Lineage, cells: tuple[TimelineCell, ...], result: History, views: list[_StepViews | None],
           drawn: dict[tuple[int, int], str]) -> tuple[StepEntry, ...]:
    """An entry per step that changed the lineage (the pair behind its timeline cell); a pair shared
    by several lineages (a split, a merge) is drawn under the first and pointed to from the others."""
    steps = []
    for index, cell in enumerate(cells):
        step, pair = views[index], cell.pair
        if cell.change is None or cell.change is ArticleChange.UNCHANGED or step is None or pair is None:
            continue
        change = cell.change
        anchor = step_anchor(lineage, index)
        shared = drawn.setdefault((index, id(pair)), anchor)
        redlined = pair.text_changed or len(pair.old) + len(pair.new) > 2
        view = step.view(pair)
        shown = _near_a_change(view.paragraphs)
        steps.append(StepEntry(anchor, result.versions[index].label, change.value, replace(view, paragraphs=shown), redlined,
                               None if shared == anchor else shared, len(view.paragraphs) - len(shown)))
    return tuple(steps)


def _near_a_change(paragraphs: tuple[ParagraphView, ...]) -> tuple[ParagraphView, ...]:
    """The paragraphs within ``KEPT_CONTEXT`` of one that changed, began a part or moved."""
    changed = [index for index, paragraph in enumerate(paragraphs) if not _kept_word_for_word(paragraph)]
    near = {index + offset for index in changed for offset in range(-KEPT_CONTEXT, KEPT_CONTEXT + 1)}
    return tuple(paragraph for index, paragraph in enumerate(paragraphs) if index in near)


def _kept_word_for_word(paragraph: ParagraphView) -> bool:
    return (paragraph.change is ParagraphChange.KEPT and not paragraph.part_start and not paragraph.elsewhere
            and all(segment.tag is DiffTag.EQUAL for segment in (*paragraph.marker, *paragraph.inline)))


def _cells(lineage: Lineage, cells: tuple[TimelineCell, ...], result: History) -> tuple[PageCell, ...]:
    """The timeline's cells in the page's words, each changed one with its link."""
    return tuple(_cell(lineage, cell, index, result.versions[index].label) for index, cell in enumerate(cells))


def _cell(lineage: Lineage, cell: TimelineCell, index: int, version: str) -> PageCell:
    if cell.mark == GAP:
        return PageCell(GAP, GAP_STATUS)
    if cell.change is None:
        return PageCell(cell.mark, PRESENT_STATUS if cell.mark == PRESENT else ABSENT_STATUS)
    if cell.change is ArticleChange.UNCHANGED:
        return PageCell(cell.mark, cell.change.value)
    label = f"Article {cell.number or lineage.numbers[lineage.last]} in {version}: {cell.change.value}"
    return PageCell(cell.mark, cell.change.value, step_anchor(lineage, index), label)


def _numbers(lineage: Lineage, result: History) -> str:
    shown: list[str] = []
    previous = None
    for number, version in zip(lineage.numbers, result.versions):
        if number is not None and number != previous:
            shown.append(f"{number} ({version.label})")
            previous = number
    return " → ".join(shown)


class _Groups:
    """The top-level division holding a lineage's article in the last version it is in."""

    def __init__(self, result: History) -> None:
        self.result = result
        self.by_version: dict[int, dict[str, str]] = {}

    def of(self, lineage: Lineage) -> str:
        if lineage.last not in self.by_version:
            document = self.result.versions[lineage.last].document
            assert document is not None
            self.by_version[lineage.last] = {item.article.key: _group_name(item.top_division) for item in document.located_articles()}
        return self.by_version[lineage.last][lineage.numbers[lineage.last]]


def _group_name(top: Division | None) -> str:
    if top is None:
        return OUTSIDE_GROUP
    return f"{top.label}: {top.title}" if top.title else top.label
