"""One row per article correspondence, for spreadsheets and data desks."""

from __future__ import annotations

import csv
import io

from constdiff.report.view import ReportView

COLUMNS = (
    "old_numbers",
    "new_numbers",
    "status",
    "similarity",
    "words_deleted",
    "words_inserted",
    "old_section",
    "new_section",
    "renumbered",
    "moved_section",
    "reason",
)


def render_csv(view: ReportView) -> str:
    """Several numbers in one cell (a split or a merge) are joined with ``+``; ``--article``
    keeps that article's rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for pair, _ in view.exported():
        if pair is view.comparison.preamble:
            continue
        writer.writerow(
            (
                "+".join(pair.old_numbers),
                "+".join(pair.new_numbers),
                pair.change.value,
                f"{pair.similarity:.4f}",
                pair.words_deleted,
                pair.words_inserted,
                pair.old[0].section or "" if pair.old else "",
                pair.new[0].section or "" if pair.new else "",
                int(pair.renumbered),
                int(pair.moved_section),
                pair.reason,
            )
        )
    return buffer.getvalue()
