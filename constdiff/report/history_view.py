"""The view of a History that ``constdiff history``'s renderers draw: the rows are built here, once,
so the renderers only lay them out (as ``report.view`` does for one comparison)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from constdiff.gates import DEFAULT_MEASURE
from constdiff.model import ArticleChange, Comparison, History, Lineage, Measure, Version

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
MOST_AMENDED_SHOWN = 10


@dataclass(frozen=True)
class StepSummary:
    """One version's column head: its step's counts by class and headline measure (or its error)."""

    label: str
    error: str | None
    counts: tuple[tuple[ArticleChange, int], ...]
    headline: Measure | None


@dataclass(frozen=True)
class TimelineRow:
    label: str
    """The lineage's latest number."""
    lineage: str
    marks: tuple[str, ...]
    """One character per version."""


@dataclass(frozen=True)
class AmendedArticle:
    label: str
    lineage: str
    times: int
    versions: tuple[str, ...]
    """Labels of the versions whose step amended it."""


@dataclass(frozen=True)
class HistoryView:
    steps: tuple[StepSummary, ...]
    rows: tuple[TimelineRow, ...]
    most_amended: tuple[AmendedArticle, ...]


def history_view(result: History) -> HistoryView:
    """What the terminal timeline shows, computed once."""
    labels = tuple(version.label for version in result.versions)
    steps = tuple(
        StepSummary(version.label, version.error, step_counts(comparison),
                    comparison.measure(DEFAULT_MEASURE) if comparison else None)
        for version, comparison in zip(result.versions, result.comparisons)
    )
    rows = tuple(TimelineRow(lineage.latest_number, lineage.id, _marks(lineage, result.versions))
                 for lineage in result.lineages)
    amended = sorted((lineage for lineage in result.lineages if lineage.amended_in),
                     key=lambda lineage: -len(lineage.amended_in))
    most = tuple(AmendedArticle(lineage.latest_number, lineage.id, len(lineage.amended_in),
                                tuple(labels[index] for index in lineage.amended_in))
                 for lineage in amended[:MOST_AMENDED_SHOWN])
    return HistoryView(steps, rows, most)


def step_counts(comparison: Comparison | None) -> tuple[tuple[ArticleChange, int], ...]:
    """Articles in force by class in one step (placeholders and long-repealed articles not counted)."""
    if comparison is None:
        return ()
    counted = Counter(pair.change for pair in comparison.articles if pair.counted)
    return tuple((change, counted[change]) for change in ArticleChange if counted[change])


def _marks(lineage: Lineage, versions: tuple[Version, ...]) -> tuple[str, ...]:
    def mark(index: int) -> str:
        if not versions[index].parsed:
            return GAP
        change = lineage.changes[index]
        if change is not None:
            return MARKS[change]
        return PRESENT if lineage.numbers[index] is not None else ABSENT

    return tuple(mark(index) for index in range(len(versions)))
