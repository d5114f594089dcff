"""Renderers of ``constdiff history``: the terminal timeline (from ``history_view.HistoryView``) and the
``constdiff-history/1`` JSON export (the History itself, as data)."""

from __future__ import annotations

import json
from typing import Any

from rich.table import Table
from rich.text import Text

from constdiff import __version__
from constdiff.model import Comparison, History, Lineage, Version
from constdiff.report.history_view import MARKS, HistoryView, step_counts

SCHEMA = "constdiff-history/1"


def render_history_rich(view: HistoryView) -> list[Any]:
    """Per version its step, then the timeline (rows = lineages, columns = versions), then the most amended."""
    steps = Table(title="Versions", show_edge=False)
    for heading in ("#", "version", "step", "headline"):
        steps.add_column(heading)
    for index, step in enumerate(view.steps):
        if step.error:
            summary, headline = Text(f"gap: {step.error}", style="red"), ""
        else:
            summary = Text(", ".join(f"{count} {change.value}" for change, count in step.counts) or "first version")
            headline = f"{step.headline.formatted} {step.headline.label}" if step.headline else ""
        steps.add_row(str(index + 1), step.label, summary, headline)
    timeline = Table(title="Timeline", show_edge=False, pad_edge=False)
    timeline.add_column("article")
    timeline.add_column("lineage", style="dim")
    for index, _ in enumerate(view.steps):
        timeline.add_column(str(index + 1), justify="center")
    for row in view.rows:
        timeline.add_row(row.label, row.lineage, *row.marks)
    legend = Text("  ".join(f"{mark} {change.value}" for change, mark in MARKS.items()) + "  ? gap", style="dim")
    most = Table(title="Most amended", show_edge=False)
    for heading in ("article", "lineage", "times", "versions"):
        most.add_column(heading)
    for article in view.most_amended:
        most.add_row(article.label, article.lineage, str(article.times), ", ".join(article.versions))
    return [steps, Text(), timeline, legend, Text(), most if view.most_amended else Text("No article was amended.")]


def render_history_json(result: History) -> str:
    document = {
        "schema": SCHEMA,
        "generator": f"constdiff {__version__}",
        "versions": [_version(version, comparison) for version, comparison in zip(result.versions, result.comparisons)],
        "lineages": [_lineage(lineage) for lineage in result.lineages],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _version(version: Version, comparison: Comparison | None) -> dict[str, Any]:
    return {
        "label": version.label,
        "source": version.source,
        "parsed": version.parsed,
        "error": version.error,
        "articles": len(version.document.articles()) if version.document else None,
        "step": None if comparison is None else {
            "old": comparison.old.source,
            "counts": {change.value: count for change, count in step_counts(comparison)},
            "measures": {measure.key: measure.value for measure in comparison.measures},
        },
    }


def _lineage(lineage: Lineage) -> dict[str, Any]:
    return {
        "id": lineage.id,
        "numbers": list(lineage.numbers),
        "changes": [change.value if change else None for change in lineage.changes],
        "first": lineage.first,
        "last": lineage.last,
        "amended_in": list(lineage.amended_in),
        "renumbered_in": list(lineage.renumbered_in),
        "moved_in": list(lineage.moved_in),
        "came_from": list(lineage.came_from),
        "went_to": list(lineage.went_to),
    }
