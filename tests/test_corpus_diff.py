"""The mission case: Kazakhstan 1995 (as amended) → 2026, read from ../shared/corpus/kz."""

from __future__ import annotations

from pathlib import Path

import pytest

from constdiff.model import ArticleChange, Comparison, SectionChange
from constdiff.pipeline import compare_files

PAIRS = {
    "ru": ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
    "kk": ("kz-1995-2023.kk.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt"),
}

EXPECTED_SECTIONS = {
    ("I", "I"): SectionChange.RENAMED,
    ("II", "II"): SectionChange.RENAMED,
    ("III", "III"): SectionChange.UNCHANGED,
    ("IV", "IV"): SectionChange.RENAMED,
    ("V", "V"): SectionChange.UNCHANGED,
    (None, "VI"): SectionChange.ADDED,
    ("VI", "VII"): SectionChange.RENUMBERED,
    ("VII", "VIII"): SectionChange.RENAMED,
    ("VIII", "IX"): SectionChange.RENUMBERED,
    (None, "X"): SectionChange.ADDED,
    ("IX", "XI"): SectionChange.RENUMBERED,
}


@pytest.fixture(params=sorted(PAIRS))
def comparison(request: pytest.FixtureRequest, corpus_dir: Path) -> Comparison:
    old, new = PAIRS[request.param]
    return compare_files(str(corpus_dir / old), str(corpus_dir / new))


def test_section_map_matches_the_published_structure(comparison: Comparison) -> None:
    found = {
        (section.old[0].number if section.old else None, section.new[0].number if section.new else None): section.change
        for section in comparison.sections
    }
    assert found == EXPECTED_SECTIONS


def test_every_article_is_accounted_for_once(comparison: Comparison) -> None:
    old = [number for pair in comparison.articles for number in pair.old_numbers]
    new = [number for pair in comparison.articles for number in pair.new_numbers]
    assert sorted(old) == sorted(article.number for article in comparison.old.articles())
    assert sorted(new) == sorted(article.number for article in comparison.new.articles())
    assert len(set(old)) == 102 and len(set(new)) == 96


def test_known_correspondences(comparison: Comparison) -> None:
    by_old = {pair.old_numbers: pair for pair in comparison.articles if pair.old}
    assert by_old[("84",)].change is ArticleChange.REPEALED and by_old[("84",)].already_repealed
    assert by_old[("1",)].new_numbers == ("1",)
    assert by_old[("2",)].new_numbers == ("2",)
    assert by_old[("83-1",)].new_numbers == ("85",)


SPLITS_AND_MERGES = {
    (("77",), ("19", "78")): ArticleChange.SPLIT,
    (("91",), ("92", "93")): ArticleChange.SPLIT,
    (("31", "38"), ("37",)): ArticleChange.MERGED,
    (("53", "56", "57"), ("56",)): ArticleChange.MERGED,
}


def test_the_same_splits_and_merges_in_both_languages(comparison: Comparison) -> None:
    found = {
        (pair.old_numbers, pair.new_numbers): pair.change
        for pair in comparison.articles
        if pair.change in (ArticleChange.SPLIT, ArticleChange.MERGED)
    }
    assert found == SPLITS_AND_MERGES


def test_freedom_of_assembly_pairs_by_its_place(comparison: Comparison) -> None:
    """Old 32 was left unpaired when a crossing merge (31 + 38 → 37) blocked its gap."""
    by_old = {pair.old_numbers: pair for pair in comparison.articles}
    assert by_old[("32",)].new_numbers == ("34",)


def test_unrelated_constitutions_are_not_paired(corpus_dir: Path) -> None:
    """Negative control: Kazakhstan's 1995 text against the fictional Arvenia shares topics, not text."""
    from constdiff.seeds import seed_pair

    comparison = compare_files(str(corpus_dir / "kz-1995-2023.en.txt"), str(seed_pair()[1]))
    paired = [pair for pair in comparison.articles if pair.old and pair.new]
    assert len(paired) <= 5
    assert all(pair.change is ArticleChange.AMENDED and pair.similarity < 0.3 for pair in paired)


def test_pdf_and_docx_report_the_same_as_their_text_twins(corpus_dir: Path) -> None:
    """The official PDF against the DOCX draft gives the comparison of their text extractions."""
    pytest.importorskip("pypdfium2", reason="the pdf extra is not installed")

    def summary(comparison: Comparison) -> list[tuple]:
        return [(pair.old_numbers, pair.new_numbers, pair.change.value) for pair in comparison.articles]

    from_originals = compare_files(
        str(corpus_dir / "kz-1995-2023.ru.pdf"), str(corpus_dir / "kz-2026-draft-2026-02-12.ru.docx")
    )
    from_twins = compare_files(
        str(corpus_dir / "kz-1995-2023.ru.pdftotext-layout.txt"),
        str(corpus_dir / "kz-2026-draft-2026-02-12.ru.docx-extract.txt"),
    )
    assert summary(from_originals) == summary(from_twins)


def test_the_preamble_missing_from_the_adopted_text_file_is_not_compared(corpus_dir: Path) -> None:
    """kz-2026.ru.raw.txt starts at section I, though the adopted text has a preamble (the draft DOCX shows it)."""
    old, new = (str(corpus_dir / name) for name in PAIRS["ru"])
    comparison = compare_files(old, new)
    assert comparison.preamble is None and comparison.preamble_not_found == (new,)
    assert f"{new}: no preamble found; the preamble is not compared" in comparison.warnings
    draft = compare_files(old, str(corpus_dir / "kz-2026-draft-2026-02-12.ru.docx-extract.txt"))
    assert draft.preamble is not None and draft.preamble.change is ArticleChange.AMENDED and not draft.preamble_not_found


def test_section_content_separates_the_heading_from_the_articles(comparison: Comparison) -> None:
    """Section III keeps its title while its articles are amended; new section X holds new
    articles 92 and 93, the second part of the split of old 91, and their inserted words."""
    by_new = {section.new[0].number: section for section in comparison.sections if section.new}
    president = by_new["III"]
    assert president.change is SectionChange.UNCHANGED
    assert president.content.amended >= 9 and president.content.unchanged == 0
    amending = by_new["X"]
    split = next(pair for pair in comparison.articles if pair.new_numbers == ("92", "93"))
    assert amending.content.moved_in == 2 and amending.content.articles == 2 and amending.articles_changed == 2
    assert amending.old_words == amending.words_deleted == 0 and amending.words_inserted == split.words_inserted
    assert by_new["XI"].content.moved_out == 1


def test_section_words_add_up_to_the_article_words(comparison: Comparison) -> None:
    """A split's parts count their words in their own sections, so nothing counts twice."""
    top = [section for section in comparison.sections if section.place.level == 0]
    live = [pair for pair in comparison.articles if not pair.already_repealed]
    assert sum(section.words_deleted for section in top) == sum(pair.words_deleted for pair in live)
    assert sum(section.words_inserted for section in top) == sum(pair.words_inserted for pair in live)
    assert sum(section.content.articles for section in top) >= len(comparison.new.articles())


def test_reasons_are_one_short_clause_without_a_second_similarity(comparison: Comparison) -> None:
    """The word-diff similarity is the table's one figure; the reason gives the evidence in words."""
    from constdiff.classify import REASON_WIDTH

    reasons = {pair.reason for pair in comparison.articles}
    assert all(len(reason) <= REASON_WIDTH and "%" not in reason and "cosine" not in reason for reason in reasons), reasons
    split = next(pair for pair in comparison.articles if pair.old_numbers == ("77",))
    assert split.reason == "new 78 carries what 19 dropped" and split.evidence and split.evidence.share
    assert any(reason.startswith("replaced in full") for reason in reasons)
