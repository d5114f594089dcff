"""The view of a History that ``constdiff history``'s renderers draw: the rows are built here, once,
so the renderers only lay them out (as ``report.view`` does for one comparison)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from constdiff.gates import DEFAULT_MEASURE
from constdiff.model import ArticleChange, ArticlePair, Commit, Comparison, History, Lineage, Measure, Version

if TYPE_CHECKING:
    from constdiff.report.article_story import ArticleStory

MARKS: dict[ArticleChange, str] = {
    ArticleChange.UNCHANGED: "·",
    ArticleChange.EDITORIAL: "e",
    ArticleChange.RENUMBERED: "R",
    ArticleChange.MOVED: "→",
    ArticleChange.AMENDED: "A",
    ArticleChange.SPLIT: "S",
    ArticleChange.MERGED: "M",
    ArticleChange.ADDED: "+",
    ArticleChange.REPEALED: "−",
}
PRESENT = "·"
"""An article in the first version it appears in, not changed by any step yet."""
ABSENT = " "
GAP = "?"
"""Every cell of a version that could not be read."""
LEGEND: tuple[tuple[str, str], ...] = (*((mark, change.value) for change, mark in MARKS.items()), (GAP, "gap"))
"""What each mark means, in the order every format lists them."""
MOST_AMENDED_SHOWN = 10


@dataclass(frozen=True)
class StepSummary:
    """One version's column head: its step's counts by class and headline measure (or its error)."""

    label: str
    error: str | None
    counts: tuple[tuple[ArticleChange, int], ...]
    headline: Measure | None
    source: str = ""
    articles: int | None = None
    """Articles the version holds; None for a gap."""
    commit: Commit | None = None
    """The git commit it was read from (``--git``)."""

    @property
    def described(self) -> str:
        """The version's label, with its commit's subject when it came from git: the versions table in every format."""
        return f"{self.label} {self.commit.subject}" if self.commit and self.commit.subject else self.label

    @property
    def summary(self) -> str:
        """"3 unchanged, 1 amended", "first version" or "gap: …": the step column in every format."""
        if self.error:
            return f"gap: {self.error}"
        return ", ".join(f"{count} {change.value}" for change, count in self.counts) or "first version"

    @property
    def headline_label(self) -> str:
        return f"{self.headline.formatted} {self.headline.label}" if self.headline else ""


@dataclass(frozen=True)
class TimelineCell:
    """One lineage in one version: its mark, and the pair of the step into that version behind it
    (what a cell links to, or a CSV row reads its word counts from)."""

    number: str | None
    """Its number in that version; None where absent or a gap."""
    change: ArticleChange | None
    mark: str
    pair: ArticlePair | None
    """The step's pair that touched the lineage; None in its first version, where absent and in a gap."""
    renumbered: bool = False

    @property
    def amended(self) -> bool:
        return self.change is ArticleChange.AMENDED


@dataclass(frozen=True)
class TimelineRow:
    label: str
    """The lineage's latest number."""
    lineage: str
    marks: tuple[str, ...]
    """One character per version."""
    cells: tuple[TimelineCell, ...]
    """One per version, the marks' cells."""
    came_from: tuple[str, ...]
    went_to: tuple[str, ...]


@dataclass(frozen=True)
class AmendedArticle:
    label: str
    lineage: str
    times: int
    versions: tuple[str, ...]
    """Labels of the versions whose step amended it."""
    columns: tuple[int, ...] = ()
    """The same versions as the timeline numbers its columns (1 = the first)."""


@dataclass(frozen=True)
class HistoryView:
    steps: tuple[StepSummary, ...]
    rows: tuple[TimelineRow, ...]
    """Every lineage's row (what a story or the page reads), in reading order: as the last version
    has them, an ended one where it last stood."""
    most_amended: tuple[AmendedArticle, ...]
    history: History
    """The data the JSON export carries in full."""
    story: ArticleStory | None = None
    """With ``--article``: that article's story (``report.article_story``)."""
    timeline: tuple[TimelineRow, ...] = ()
    """The rows the timeline shows (``--show``)."""
    not_shown: int = 0
    """Lineages no step changed, left out of the timeline by ``--show changed``."""

    @property
    def not_shown_line(self) -> str:
        """The line every timeline ends with when ``--show changed`` left rows out."""
        count = self.not_shown
        return f"{count} article{'s' if count != 1 else ''} no step changed {'are' if count != 1 else 'is'} not shown (--show all shows them)."


def history_view(result: History, article: str | None = None, show: str = "all") -> HistoryView:
    """What every history report shows, computed once; ``article`` (a number or a lineage id)
    adds that article's story (an ``InputError`` when no article answers to it); ``show``
    (``report.HISTORY_SHOW_CHOICES``) says which rows the timeline keeps."""
    labels = tuple(version.label for version in result.versions)
    steps = tuple(
        StepSummary(version.label, version.error, step_counts(comparison),
                    comparison.measure(DEFAULT_MEASURE) if comparison else None, version.source,
                    len(version.document.articles()) if version.document else None, version.commit)
        for version, comparison in zip(result.versions, result.comparisons)
    )
    rows = tuple(_row(lineage, result) for lineage in _reading_order(result))
    amended = sorted((lineage for lineage in result.lineages if lineage.amended_in),
                     key=lambda lineage: -len(lineage.amended_in))
    most = tuple(AmendedArticle(lineage.latest_number, lineage.id, len(lineage.amended_in),
                                tuple(labels[index] for index in lineage.amended_in),
                                tuple(index + 1 for index in lineage.amended_in))
                 for lineage in amended[:MOST_AMENDED_SHOWN])
    story = None
    if article is not None:
        from constdiff.report.article_story import article_story  # it builds on this module's rows

        story = article_story(result, rows, article)
    timeline = rows if show == "all" else tuple(row for row in rows if _changed(row))
    return HistoryView(steps, rows, most, result, story, timeline, len(rows) - len(timeline))


def _changed(row: TimelineRow) -> bool:
    return any(cell.change not in (None, ArticleChange.UNCHANGED) for cell in row.cells)


def step_counts(comparison: Comparison | None) -> tuple[tuple[ArticleChange, int], ...]:
    """Articles by class in one step, as ``diff`` counts them (its ``articles_<class>`` measures:
    old articles, so a merge of three is 3; new ones for an addition)."""
    if comparison is None:
        return ()
    counted = ((change, int(comparison.measure(f"articles_{change.value}").value)) for change in ArticleChange)
    return tuple((change, count) for change, count in counted if count)


def _row(lineage: Lineage, result: History) -> TimelineRow:
    cells = tuple(_cell(lineage, result, index) for index in range(len(result.versions)))
    return TimelineRow(lineage.latest_number, lineage.id, tuple(cell.mark for cell in cells), cells,
                       lineage.came_from, lineage.went_to)


def _cell(lineage: Lineage, result: History, index: int) -> TimelineCell:
    """The pair behind a mark is the one the lineage went through in that step (``Lineage.pairs``)."""
    number, change = lineage.numbers[index], lineage.changes[index]
    if not result.versions[index].parsed:
        return TimelineCell(None, None, GAP, None)
    if change is None:
        return TimelineCell(number, None, PRESENT if number is not None else ABSENT, None)
    return TimelineCell(number, change, MARKS[change], lineage.pairs[index], index in lineage.renumbered_in)


def previous_parsed(versions: tuple[Version, ...], index: int) -> int | None:
    """The version the step into ``index`` compared with: the nearest readable one before it."""
    return next((earlier for earlier in range(index - 1, -1, -1) if versions[earlier].parsed), None)


def _reading_order(result: History) -> list[Lineage]:
    """Lineages in the order of the last version, each ended one placed where it last stood
    (after the article it followed then), walking back through the versions."""
    order: list[Lineage] = []
    for index in reversed(range(len(result.versions))):
        document = result.versions[index].document
        if document is None:
            continue
        position = {article.key: place for place, article in enumerate(document.articles())}
        present = sorted((lineage for lineage in result.lineages if lineage.numbers[index] is not None),
                         key=lambda lineage: position[lineage.numbers[index]])
        order = _merged(order, present)
    return order


def _merged(order: list[Lineage], sequence: list[Lineage]) -> list[Lineage]:
    """``order`` with the lineages of ``sequence`` it lacks inserted before the next one it has."""
    merged, placed = list(order), {lineage.id for lineage in order}
    pending: list[Lineage] = []
    last_placed: Lineage | None = None
    for lineage in sequence:
        if lineage.id not in placed:
            pending.append(lineage)
            continue
        if pending:
            at = merged.index(lineage)
            merged[at:at] = pending
            pending = []
        last_placed = lineage
    if pending:
        at = merged.index(last_placed) + 1 if last_placed is not None else len(merged)
        merged[at:at] = pending
    return merged
