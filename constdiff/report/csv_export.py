"""One row per article correspondence, for spreadsheets and data desks; with ``--refs``, one
table still: a ``kind`` column first, then a row per article pair and a row per reference.

One table rather than two (CSV has no second sheet): every row of a report loads into one
frame and is told apart by ``kind``; the article columns are empty on a reference row and the
reference columns on an article row, except ``status`` (a pair's class, a reference's check)
and ``reason``, which mean the same for both.  Without ``--refs`` the columns are as they were.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from constdiff.report.view import ReferenceRow, ReferencesView, ReportView

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
REFERENCE_COLUMNS = (
    "citing_article",
    "citing_paragraph",
    "citation",
    "target",
    "expected",
    "old_citing_article",
    "old_citing_paragraph",
    "old_citation",
    "old_target",
)
"""A reference row's own columns: where it stands, what it cites as written, the number it should
cite (stale), and the old version's citation it was matched with."""
ARTICLE_KIND, REFERENCE_KIND = "article", "reference"


def render_csv(view: ReportView) -> str:
    """Several numbers in one cell (a split or a merge) are joined with ``+``; ``--article``
    keeps that article's rows (and the references standing in it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    kind: tuple[str, ...] = (ARTICLE_KIND,) if view.references else ()
    writer.writerow((*(("kind",) if view.references else ()), *COLUMNS, *(REFERENCE_COLUMNS if view.references else ())))
    blank = ("",) * len(REFERENCE_COLUMNS) if view.references else ()
    for pair, _ in view.exported():
        if pair is view.comparison.preamble:
            continue
        writer.writerow(
            (
                *kind,
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
                *blank,
            )
        )
    if view.references:
        for row in view.references.rows:
            cells = dict(zip(COLUMNS, ("",) * len(COLUMNS)), status=row.check.value, reason=row.reason)
            writer.writerow((REFERENCE_KIND, *cells.values(), *_reference_cells(row)))
    return buffer.getvalue()


def render_references_csv(references: ReferencesView) -> str:
    """One version's references (``constdiff refs``): a row per finding, problems first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("status", *REFERENCE_COLUMNS, "reason"))
    for row in references.rows:
        writer.writerow((row.check.value, *_reference_cells(row), row.reason))
    return buffer.getvalue()


def _reference_cells(row: ReferenceRow) -> Iterable[str]:
    return (
        row.citing_article,
        row.citing_paragraph or "",
        row.citation,
        row.target,
        row.expected or "",
        row.old_citing_article or "",
        row.old_citing_paragraph or "",
        row.old_citation or "",
        row.old_target or "",
    )
