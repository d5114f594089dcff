"""Renderers of ``constdiff history``, each drawing a ``history_view.HistoryView``: the terminal
timeline, Markdown, CSV (one row per article per version) and the ``constdiff-history/1`` JSON
export; with ``--article`` the article's story (``article_story``) instead of the timeline (JSON:
the history and the story).  A step's redline is drawn by the single comparison's renderers."""

from __future__ import annotations

import csv
import io
import json
from html import escape
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from constdiff import __version__
from constdiff.model import Comparison, Lineage
from constdiff.report.article_story import ArticleStory, LineageStory, StoryStep
from constdiff.report.history_view import LEGEND, HistoryView, StepSummary
from constdiff.report.json_export import diff_ops
from constdiff.report.markdown import redline_html, table_cell
from constdiff.report.terminal import ARTICLE_STYLES, redline

SCHEMA = "constdiff-history/1"
WORDING_INDENT = 4  # columns before a wording or redline under its step
NO_TEXT = "(no operative text)"


# --- terminal ------------------------------------------------------------------------------


def render_history_rich(view: HistoryView, *, plain: bool = False) -> list[RenderableType]:
    """Per version its step, then the timeline (rows = lineages, columns = versions), then the most
    amended; with ``--article`` that article's story.  ``plain``: redlines as ``[-old-]{+new+}``."""
    if view.story is not None:
        return _story_rich(view.story, plain)
    steps = Table(title="Versions", show_edge=False)
    for heading in ("#", "version", "step", "headline"):
        steps.add_column(heading)
    for index, step in enumerate(view.steps):
        steps.add_row(str(index + 1), step.described, Text(step.summary, style="red" if step.error else ""), step.headline_label)
    timeline = Table(title="Timeline", show_edge=False, pad_edge=False)
    timeline.add_column("article")
    timeline.add_column("lineage", style="dim")
    for index, _ in enumerate(view.steps):
        timeline.add_column(str(index + 1), justify="center")
    for row in view.timeline:
        timeline.add_row(row.label, row.lineage, *row.marks)
    legend = Text("  ".join(f"{mark} {meaning}" for mark, meaning in LEGEND), style="dim")
    if view.not_shown:
        legend.append(f"\n{view.not_shown_line}")
    most = Table(title="Most amended", show_edge=False)
    for heading in ("article", "lineage", "times", "in versions (timeline columns)"):
        most.add_column(heading)
    for article in view.most_amended:
        most.add_row(article.label, article.lineage, str(article.times), ", ".join(map(str, article.columns)))
    return [steps, Text(), timeline, legend, Text(), most if view.most_amended else Text("No article was amended.")]


def _story_rich(story: ArticleStory, plain: bool) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for lineage in story.lineages:
        parts.append(Rule(Text(lineage.title, style="bold"), align="left"))
        if lineage.links:
            parts.append(Text(lineage.links, style="dim"))
        steps = Table(show_edge=False, pad_edge=False)
        for heading in ("#", "version", "number", "step"):
            steps.add_column(heading)
        for step in lineage.steps:
            steps.add_row(str(step.index + 1), step.label, step.number or "—", _step_text(step))
        parts.append(steps)
        first = lineage.steps[0]
        parts += [Text(), Text(f"Wording in {first.label}", style="bold"), _indented(Text("\n".join(first.wording) or NO_TEXT))]
        for step in lineage.steps:
            if step.redline and step.pair is not None:
                parts += [Text(), Text.assemble((f"{step.index + 1}  {step.label}  ", "bold"), _step_text(step)),
                          _indented(redline(step.pair, plain))]
        if lineage.blame:
            blame = Table(title=lineage.blame_title, title_justify="left", show_edge=False, pad_edge=False)
            blame.add_column("since", no_wrap=True)
            blame.add_column("paragraph", ratio=1)
            for line in lineage.blame:
                blame.add_row(line.since, line.text)
            parts += [Text(), blame]
        parts.append(Text())
    return [Group(*parts)]


def _step_text(step: StoryStep) -> Text:
    return Text(step.summary, style="red" if step.error else ARTICLE_STYLES[step.change] if step.change else "")


def _indented(renderable: RenderableType) -> Padding:
    return Padding(renderable, (0, 0, 0, WORDING_INDENT))


# --- Markdown ------------------------------------------------------------------------------


def render_history_markdown(view: HistoryView) -> str:
    """The version table, the timeline as a table, the most amended; or the article's story."""
    if view.story is not None:
        return _story_markdown(view.story)
    lines = [f"# History of {len(view.steps)} versions", "", "| # | Version | Step | Headline |", "|---:|---|---|---|"]
    lines += [f"| {index + 1} | {table_cell(step.described)} | {table_cell(step.summary)} | {table_cell(step.headline_label)} |"
              for index, step in enumerate(view.steps)]
    columns = [str(index + 1) for index, _ in enumerate(view.steps)]
    lines += ["", "## Timeline", "", f"| Article | Lineage | {' | '.join(columns)} |",
              f"|---|---|{'|'.join(':-:' for _ in columns)}|"]
    lines += [f"| {table_cell(row.label)} | {row.lineage} | {' | '.join(mark.strip() for mark in row.marks)} |"
              for row in view.timeline]
    lines += ["", "Marks: " + ", ".join(f"{mark} {meaning}" for mark, meaning in LEGEND) + "."]
    if view.not_shown:
        lines += ["", view.not_shown_line]
    lines += ["", "## Most amended", ""]
    if view.most_amended:
        lines += ["| Article | Lineage | Times | Versions |", "|---|---|---:|---|"]
        lines += [f"| {table_cell(article.label)} | {article.lineage} | {article.times} | {table_cell(', '.join(article.versions))} |"
                  for article in view.most_amended]
    else:
        lines.append("No article was amended.")
    return "\n".join(lines) + "\n"


def _story_markdown(story: ArticleStory) -> str:
    blocks = [f"# The story of article {table_cell(story.asked)}"]
    for lineage in story.lineages:
        blocks.append(f"## {table_cell(lineage.title)}")
        if lineage.links:
            blocks.append(f"{table_cell(lineage.links)}.")
        rows = ["| # | Version | Number | Step |", "|---:|---|---|---|"]
        rows += [f"| {step.index + 1} | {table_cell(step.label)} | {table_cell(step.number or '—')} | {table_cell(step.summary)} |"
                 for step in lineage.steps]
        blocks.append("\n".join(rows))
        first = lineage.steps[0]
        blocks += [f"### Wording in {table_cell(first.label)}", "<br>\n".join(escape(text, quote=False) for text in first.wording) or NO_TEXT]
        for step in lineage.steps:
            if step.redline and step.pair is not None:
                blocks += [f"### {step.index + 1}. {table_cell(step.label)}: {table_cell(step.summary)}", redline_html(step.pair)]
        if lineage.blame:
            rows = [f"### {table_cell(lineage.blame_title)}", "", "| Since | Paragraph |", "|---|---|"]
            rows += [f"| {table_cell(line.since)} | {table_cell(line.text)} |" for line in lineage.blame]
            blocks.append("\n".join(rows))
    return "\n\n".join(blocks) + "\n"


# --- CSV -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "lineage",
    "version",
    "version_label",
    "number",
    "mark",
    "status",
    "amended",
    "renumbered",
    "words_deleted",
    "words_inserted",
    "came_from",
    "went_to",
)
"""``version`` counts from 1, as the timeline's columns; ``status`` is empty where the lineage begins
(no step touched it yet); word counts are the step's pair's (a split's: all its parts')."""


def render_history_csv(view: HistoryView) -> str:
    """One row per lineage per version it stands in (or whose step ended it), as ``csv_export``
    writes one comparison: several ids in one cell joined with ``+``; ``--article`` keeps its lineages."""
    wanted = {lineage.lineage for lineage in view.story.lineages} if view.story else None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in view.timeline if wanted is None else view.rows:
        if wanted is not None and row.lineage not in wanted:
            continue
        for index, (cell, step) in enumerate(zip(row.cells, view.steps)):
            if cell.number is None and cell.change is None:
                continue
            writer.writerow((
                row.lineage, index + 1, step.label, cell.number or "", cell.mark,
                cell.change.value if cell.change else "", int(cell.amended), int(cell.renumbered),
                cell.pair.words_deleted if cell.pair else "", cell.pair.words_inserted if cell.pair else "",
                "+".join(row.came_from), "+".join(row.went_to),
            ))
    return buffer.getvalue()


# --- JSON ----------------------------------------------------------------------------------


def render_history_json(view: HistoryView) -> str:
    result = view.history
    shown = {row.lineage for row in view.timeline}
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "generator": f"constdiff {__version__}",
        "versions": [_version(step, comparison) for step, comparison in zip(view.steps, result.comparisons)],
        "lineages": [_lineage(lineage) for lineage in result.lineages if lineage.id in shown],
    }
    if view.story is not None:
        document["story"] = {"asked": view.story.asked, "lineages": [_story_json(lineage) for lineage in view.story.lineages]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _version(step: StepSummary, comparison: Comparison | None) -> dict[str, Any]:
    return {
        "label": step.label,
        "source": step.source,
        "parsed": step.error is None,
        "error": step.error,
        "articles": step.articles,
        "commit": None if step.commit is None else {
            "revision": step.commit.revision, "date": step.commit.date, "subject": step.commit.subject,
            "path": step.commit.path,
        },
        "step": None if comparison is None else {
            "old": comparison.old.source,
            "counts": {change.value: count for change, count in step.counts},
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


def _story_json(lineage: LineageStory) -> dict[str, Any]:
    return {
        "id": lineage.lineage,
        "number": lineage.number,
        "numbers": list(lineage.numbers),
        "came_from": [{"id": link.lineage, "number": link.number} for link in lineage.came_from],
        "went_to": [{"id": link.lineage, "number": link.number} for link in lineage.went_to],
        "steps": [_story_step(step) for step in lineage.steps],
        "blame": [{"text": line.text, "version": line.index, "since_start": line.since_start, "inherited_from": line.inherited_from}
                  for line in lineage.blame],
    }


def _story_step(step: StoryStep) -> dict[str, Any]:
    pair = step.pair
    return {
        "version": step.index,
        "label": step.label,
        "number": step.number,
        "change": step.change.value if step.change else None,
        "summary": step.summary,
        "words_deleted": pair.words_deleted if pair else None,
        "words_inserted": pair.words_inserted if pair else None,
        "ops": diff_ops(step.article_pair.diff) if step.redline and step.article_pair else [],
        "wording": list(step.wording),
    }
