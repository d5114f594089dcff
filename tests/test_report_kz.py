"""The report of the Kazakh pair (1995 text, 2023 edition → 2026), as a journalist reads it.

The reports hold the constitution's text, which the repository must not copy: their golden
files are SHA-256 digests (tests/golden/kz-ru.digests.json); on a mismatch the report is
written beside the test's temporary files for reading.  Skipped without ../shared/corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import assert_digest, diff_report


DIGESTS = Path(__file__).parent / "golden" / "kz-ru.digests.json"
OLD, NEW = "kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"
REPORTS = {
    "terminal-80-never": ("--color", "never", "--width", "80", "--no-pager"),
    "terminal-120-never": ("--color", "never", "--width", "120", "--no-pager"),
    "terminal-80-always": ("--color", "always", "--width", "80", "--no-pager"),
    "terminal-120-always": ("--color", "always", "--width", "120", "--no-pager"),
    "markdown": ("--format", "markdown"),
    "html": ("--format", "html"),
}


def report(corpus_dir: Path, *args: str) -> str:
    return diff_report(corpus_dir, OLD, NEW, *args)


@pytest.mark.parametrize("name", REPORTS)
def test_reports_match_their_golden_digests(corpus_dir: Path, name: str, tmp_path: Path) -> None:
    assert_digest(DIGESTS, name, report(corpus_dir, *REPORTS[name]), tmp_path / f"kz-{name}.txt")


def test_the_page_is_in_russian(corpus_dir: Path) -> None:
    assert '<html lang="ru"' in report(corpus_dir, "--format", "html", "--show", "none")


def test_the_first_screen_tells_the_truth_about_the_preamble(corpus_dir: Path) -> None:
    lines = report(corpus_dir, "--color", "never", "--width", "80", "--no-pager").splitlines()
    first = " ".join(" ".join(lines[:15]).replace("│", " ").split())
    assert f"{NEW}: no preamble found" in first
    assert any(line.strip("│ ").startswith("Preamble: not found in kz-2026.ru.raw.txt") for line in lines[:40])
    assert not any("preamble" in line.lower() and "repealed" in line for line in lines)
    assert not any("…" in line for line in lines)  # long title words wrap, never cut off


@pytest.fixture(scope="module")
def view():
    from conftest import CORPUS

    from constdiff.pipeline import compare_files
    from constdiff.report.view import build_view

    if not CORPUS.is_dir():
        pytest.skip(f"real-text corpus not found at {CORPUS}")
    return build_view(compare_files(str(CORPUS / OLD), str(CORPUS / NEW)))


def test_section_iii_keeps_its_title_and_shows_its_amended_articles(view) -> None:
    (row,) = [row for row in view.sections if row.new.startswith("III ")]
    assert row.heading_label == "kept" and row.content.amended >= 5
    assert "amended" in row.content_label


def test_section_x_counts_the_new_articles_92_and_93(view) -> None:
    (row,) = [row for row in view.sections if row.new.startswith("X ")]
    assert row.heading_label == "added" and row.content.articles >= 2 and row.words_inserted > 0
    (split,) = [pair for pair in view.articles if pair.new_numbers == "92, 93"]
    assert split.section_anchor == row.anchor


def test_clause_2_4_kept_word_for_word_as_2_5_is_shown_as_kept(view) -> None:
    from constdiff.model import DiffTag, ParagraphChange

    (pair,) = [pair for pair in view.articles if pair.old_numbers == "2" and pair.new_numbers == "2"]
    (clause,) = [paragraph for paragraph in pair.paragraphs if paragraph.old_label == "4" and paragraph.new_label == "5"]
    assert clause.change is ParagraphChange.RENUMBERED
    assert clause.inline and all(segment.tag is DiffTag.EQUAL for segment in clause.inline)  # word for word
    assert [(segment.tag, segment.text.strip()) for segment in clause.marker] == [(DiffTag.DELETE, "4."), (DiffTag.INSERT, "5.")]
