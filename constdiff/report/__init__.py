"""Renderers: each draws one view in one format and computes nothing.

The registries name every output the commands write: ``FORMATS`` (``diff``, ``demo``) and
``STATS_FORMATS`` (``stats``) draw a comparison's ``ReportView`` (``report.view``);
``OUTLINE_FORMATS`` (``parse``) one parsed version; ``REFS_FORMATS`` (``refs``) one version's
cross-references (a ``ReferencesView``); ``HISTORY_FORMATS`` (``history``) a
``HistoryView`` (``report.history_view``).  Each entry says where its renderer
lives (imported only when used: Rich alone takes ~100 ms to import) and which report
options it honours; an option a format cannot honour is refused, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Callable

REPORT_OPTIONS = ("show", "article", "side_by_side", "color", "width", "pager")
"""Options of ``diff`` and ``demo`` that shape a report; each format honours some of them."""


@dataclass(frozen=True)
class Format:
    name: str
    renderer: str
    """``module:function`` taking the view it draws."""
    honours: frozenset[str] = frozenset()
    """The ``REPORT_OPTIONS`` it applies."""
    default_show: str = "changed"
    """Which redlines it carries unless ``--show`` says otherwise."""
    note: str = ""
    """Why it refuses the options it does not honour, for the error message."""

    def load(self) -> Callable[..., Any]:
        module, function = self.renderer.split(":")
        return getattr(import_module(module), function)


FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("rich", "constdiff.report.terminal:render_rich", frozenset(REPORT_OPTIONS), "changed", ""),
        Format("markdown", "constdiff.report.markdown:render_markdown", frozenset({"show", "article", "side_by_side"}),
               "changed", "a document, not a terminal"),
        Format("html", "constdiff.report.html_export:render_html", frozenset({"show", "article", "side_by_side"}),
               "changed", "a page, not a terminal"),
        Format("json", "constdiff.report.json_export:render_json", frozenset({"show", "article"}),
               "all", "data with word-diff ops, not a layout"),
        Format("csv", "constdiff.report.csv_export:render_csv", frozenset({"article"}),
               "all", "one row per article pair, without redlines"),
    )
}

STATS_FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("line", "constdiff.report.explain:render_stats_line"),
        Format("json", "constdiff.report.explain:render_stats_json"),
        Format("explain", "constdiff.report.explain:render_explanation"),
    )
}
"""What ``constdiff stats`` writes: the measures of the same view, without redlines."""

OUTLINE_FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("tree", "constdiff.report.outline:outline_tree"),
        Format("json", "constdiff.report.outline:render_outline_json"),
    )
}
"""What ``constdiff parse`` writes: one version's outline (a Rich tree for the terminal, or JSON)."""

REFS_SHOW_CHOICES = ("problems", "all")
"""Which findings a references table lists (``refs --show``): the problems, or every one."""

REFS_FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("rich", "constdiff.report.terminal:render_references_rich", frozenset({"show"}), "problems"),
        Format("json", "constdiff.report.json_export:render_references_json", note="it carries every finding"),
        Format("markdown", "constdiff.report.markdown:render_references_markdown", frozenset({"show"}), "problems"),
        Format("csv", "constdiff.report.csv_export:render_references_csv", note="it carries every finding"),
    )
}
"""What ``constdiff refs`` writes: one version's cross-references (the figures and the problems,
or with ``--show all`` every finding; JSON, schema ``constdiff-refs/1``, and CSV carry every finding)."""

HISTORY_SHOW_CHOICES = ("changed", "all")
"""Which lineages a history's timeline shows (``history --show``): those some step changed (a
200-article constitution amended in a few articles is otherwise a page of dots), or every one.
Each ``HISTORY_FORMATS`` entry's ``default_show`` is one of them."""

HISTORY_FORMATS: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format("rich", "constdiff.report.history_report:render_history_rich", frozenset({"article", "show"})),
        Format("json", "constdiff.report.history_report:render_history_json", frozenset({"article", "show"}), "all"),
        Format("csv", "constdiff.report.history_report:render_history_csv", frozenset({"article", "show"}), "all"),
        Format("markdown", "constdiff.report.history_report:render_history_markdown", frozenset({"article", "show"})),
        Format("html", "constdiff.report.history_html:render_history_html", frozenset({"show"}),
               note="one page with every article's steps; each timeline cell links to its redline"),
    )
}
"""What ``constdiff history`` writes: the timeline (or with ``--article`` one article's story); a
format that does not honour ``article`` refuses ``--article`` with its note."""
