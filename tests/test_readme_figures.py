"""The README's worked explanation of the official Kazakh figures quotes constdiff's figures on the
real texts: recomputed here, so the README cannot drift from what constdiff reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from constdiff.model import ArticleChange, Comparison, Measure
from constdiff.pipeline import compare_files

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE_HEADER = "| constdiff figure (`key`) |"
OLD = "kz-1995-2023.ru.pdftotext-layout.txt"
NEW = ("kz-2026.ru.raw.txt", "kz-2026-draft-2026-02-12.ru.docx")  # the table's two figure columns, in order
PAIRED_BY_PLACE = ("content in place", "number and place")
LESS_BY_PLACE = "… less the rewrites paired by their place"
_KEY = re.compile(r"\(`(\w+)`\)")


def readme_rows() -> list[list[str]]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(TABLE_HEADER))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def cell(measure: Measure) -> str:
    """How the table writes a figure: a count, or a share with its numerator and denominator."""
    if measure.unit == "percent":
        return f"{measure.numerator:,.0f} of {measure.denominator:,.0f} ({measure.value:.1f}%)"
    return f"{measure.value:,.0f}"


def amended_less_paired_by_place(comparison: Comparison) -> int:
    """Old articles amended one to one, less the rewrites the aligner paired by their place."""
    by_place = [
        pair
        for pair in comparison.articles
        if pair.change is ArticleChange.AMENDED and pair.evidence is not None and pair.evidence.method in PAIRED_BY_PLACE
    ]
    assert sorted(pair.old_numbers for pair in by_place) == [("32",), ("92",)]  # the two the README names
    return int(comparison.measure("articles_amended").value) - len(by_place)


def expected(row: list[str], comparison: Comparison) -> str:
    if row[0] == LESS_BY_PLACE:
        return str(amended_less_paired_by_place(comparison))
    found = _KEY.search(row[0])
    assert found, f"a README figure without its measure key: {row[0]}"
    return cell(comparison.measure(found.group(1)))


@pytest.fixture(scope="module")
def comparisons() -> list[Comparison]:
    from conftest import CORPUS

    if not CORPUS.is_dir():
        pytest.skip(f"real-text corpus not found at {CORPUS} (it lives beside the repository, in ../shared/corpus)")
    return [compare_files(str(CORPUS / OLD), str(CORPUS / new)) for new in NEW]


def test_the_readme_figures_are_what_constdiff_computes(comparisons: list[Comparison]) -> None:
    rows = readme_rows()
    assert len(rows) >= 10
    for row in rows:
        assert row[1:3] == [expected(row, comparison) for comparison in comparisons], row[0]


def test_the_adopted_text_file_lacks_the_preamble_the_draft_has(comparisons: list[Comparison]) -> None:
    """The README's "the inputs matter": only the DOCX draft's preamble is compared."""
    adopted, draft = comparisons
    assert adopted.preamble is None and adopted.preamble_not_found
    assert draft.preamble is not None and not draft.preamble_not_found
    assert draft.measure("new_words").value > adopted.measure("new_words").value
