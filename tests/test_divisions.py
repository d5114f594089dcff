"""The section map at every division level (constdiff.divisions and classify_sections)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from constdiff.divisions import title_similarity, title_words
from constdiff.model import Comparison, SectionChange, SectionPair
from constdiff.parse import parse_text
from constdiff.pipeline import compare, compare_files
from constdiff.profiles import data_dir, load_profile
from constdiff.report.html_export import render_html
from constdiff.report.json_export import render_json
from constdiff.report.markdown import render_markdown
from constdiff.report.terminal import section_table
from constdiff.report.view import ReportOptions, build_view

ARTICLES = {
    "people": "All power in the Republic belongs to the people, who exercise it directly and through their representatives.",
    "territory": "The territory of the Republic is one and indivisible; its borders change only by a law passed by referendum.",
    "language": "The state language is Arvenian; every citizen may use his mother tongue before courts and local offices.",
    "capital": "The capital of the Republic is the city of Vell, seat of the Parliament, the Government and the Supreme Court.",
    "assembly": "Citizens have the right to assemble peacefully and without weapons, after notice given to the local council.",
    "press": "Freedom of the press is guaranteed; censorship is forbidden and no newspaper may be closed without a court order.",
    "council": "The National Council consists of one hundred and twenty deputies elected for five years by secret ballot.",
    "sessions": "The National Council meets in two ordinary sessions a year, opening on the first Monday of March and October.",
    "mandate": "A deputy may not be arrested or prosecuted for opinions expressed or votes cast in the exercise of his mandate.",
    "budget": "The Government submits the draft budget to the National Council no later than the fifteenth of September.",
    "audit": "The Chamber of Accounts audits the spending of public money and reports its findings to the National Council.",
    "ombudsman": "The People's Advocate receives complaints about the administration and may refer laws to the Constitutional Court.",
    "referendum": "A referendum is called on the demand of one hundred thousand voters or of one third of the deputies.",
    "recall": "Voters of a district may recall their deputy by a petition signed by one fifth of them, followed by a vote.",
}


SCHEMA = json.loads((data_dir() / "schema" / "constdiff-1.schema.json").read_text(encoding="utf-8"))


def document(text: str):
    return parse_text(text, profile=load_profile("en"))


def diff(old: str, new: str) -> Comparison:
    return compare(document(old), document(new))


def article(number: int, key: str) -> str:
    return f"Article {number}\n{ARTICLES[key]}\n"


def by_new(comparison: Comparison) -> dict[tuple[str, ...], SectionPair]:
    """Each correspondence under its place: the path of numbers down to the division."""
    return {(*section.place.path, section.place.number or ""): section for section in comparison.sections}


def test_title_words_fold_case_and_letter_forms_but_keep_whole_words() -> None:
    assert title_similarity(title_words("Der Bundesrat"), title_words("DER BUNDESRAT")) == 1.0
    assert title_similarity(title_words("Der Bundesrat"), title_words("Der Bundestag")) == 0.0
    assert title_similarity(title_words("The Government"), title_words("The Government.")) == 1.0
    # a Cyrillic "І" for a Latin "I" is a look-alike (data/lookalikes.yaml), not a new word
    assert title_similarity(title_words("Internal Affairs"), title_words("\u0406nternal Affairs")) == 1.0


OLD_STATE = (
    "Part I\nThe State\n"
    "Chapter 1\nSovereignty\n" + article(1, "people") + article(2, "territory")
    + "Chapter 2\nSymbols\n" + article(3, "language") + article(4, "capital")
    + "Part II\nThe Parliament\n"
    "Chapter 3\nThe National Council\n" + article(5, "council") + article(6, "sessions") + article(7, "mandate")
)


def test_a_sub_division_added_inside_a_chapter_is_reported_at_its_level() -> None:
    new = OLD_STATE + "Chapter 4\nDirect Democracy\n" + article(8, "referendum") + article(9, "recall")
    found = by_new(diff(OLD_STATE, new))
    added = found[("II", "4")]
    assert (added.change, added.label, added.place.level, added.place.kind) == (SectionChange.ADDED, "added sub-division", 1, "chapter")
    assert "sub-division of II" in added.reason
    assert added.articles_changed == 2 and added.words_inserted > 30
    parent = found[("II",)]
    assert parent.change is SectionChange.UNCHANGED and parent.articles_changed == 2  # the new chapter's articles count for its part
    assert parent.reason.endswith("; 2 article(s) inside changed")
    assert [found[key].change for key in (("I",), ("I", "1"), ("I", "2"), ("II", "3"))] == [SectionChange.UNCHANGED] * 4


def test_reports_indent_sub_divisions_and_name_their_kind() -> None:
    comparison = diff(OLD_STATE, OLD_STATE + "Chapter 4\nDirect Democracy\n" + article(8, "referendum") + article(9, "recall"))
    view = build_view(comparison, ReportOptions(show="none"))
    markdown = render_markdown(view)
    assert "| — | &emsp;Chapter 4 Direct Democracy | added sub-division |" in markdown
    assert "| Part II The Parliament | Part II The Parliament | kept |" in markdown
    html = render_html(view)
    assert (
        '<td data-label="New" style="padding-left:2em">Chapter 4 Direct Democracy</td>'
        '<td class="status s-added" data-label="Heading">added sub-division</td>'
    ) in html
    console = Console(width=160, no_color=True, file=io.StringIO())
    console.print(section_table(view.sections))
    lines = console.file.getvalue().splitlines()
    (part,) = [line for line in lines if "Part II" in line]
    (row,) = [line for line in lines if "Direct Democracy" in line]
    assert row.index("Chapter 4") == part.rindex("Part II") + 2 and "added sub-division" in row  # indented under its part
    document = json.loads(render_json(view))
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    added = next(section for section in document["sections"] if section["status"] == "added")
    assert (added["kind"], added["level"], added["parent"], added["new"][0]["parent"]) == ("chapter", 1, ["II"], ["II"])


def test_a_renamed_chapter_and_a_renumbered_one() -> None:
    new = (
        OLD_STATE.replace("Chapter 2\nSymbols\n", "Chapter 2\nState Symbols and the Capital\n")
        .replace("Chapter 3\nThe National Council", "Chapter 4\nThe National Council")
    )
    found = by_new(diff(OLD_STATE, new))
    renamed = found[("I", "2")]
    assert (renamed.change, renamed.place.level, renamed.old[0].title) == (SectionChange.RENAMED, 1, "Symbols")
    assert found[("II", "4")].change is SectionChange.RENUMBERED
    assert found[("II", "4")].old[0].number == "3"


def test_the_map_reads_depth_first_with_sub_divisions_under_their_parent() -> None:
    comparison = diff(OLD_STATE, OLD_STATE)
    assert [(s.place.level, s.place.number) for s in comparison.sections] == [(0, "I"), (1, "1"), (1, "2"), (0, "II"), (1, "3")]
    assert not comparison.has_differences


def test_sections_whose_titles_differ_in_one_letter_do_not_tie() -> None:
    """With 5-letter stems "Bundestag" and "Bundesrat" were one word; two sections whose articles
    were all rewritten then had equal evidence for each other and came out removed + added."""
    old = (
        "Section III\nThe Bundestag\n" + article(1, "council") + article(2, "sessions")
        + "Section IV\nThe Bundesrat\n" + article(3, "budget") + article(4, "audit")
    )
    new = (
        "Section III\nTHE BUNDESTAG\n" + article(1, "referendum") + article(2, "recall")
        + "Section IV\nTHE BUNDESRAT\n" + article(3, "ombudsman") + article(4, "press")
    )
    found = by_new(diff(old, new))
    assert {key: section.change for key, section in found.items()} == {("III",): SectionChange.UNCHANGED, ("IV",): SectionChange.UNCHANGED}
    assert found[("III",)].old[0].title == "The Bundestag"


def test_untitled_divisions_pair_by_number_not_all_against_all() -> None:
    old = "Chapter 1\n" + article(1, "council") + "Chapter 2\n" + article(2, "budget")
    new = "Chapter 1\n" + article(1, "referendum") + "Chapter 3\n" + article(2, "press")
    found = {
        (section.old[0].number if section.old else None, section.new[0].number if section.new else None): section.change
        for section in diff(old, new).sections
    }
    assert found == {("1", "1"): SectionChange.UNCHANGED, ("2", None): SectionChange.REMOVED, (None, "3"): SectionChange.ADDED}


def test_a_section_split_off_and_a_chapter_that_follows_its_articles_into_a_new_part() -> None:
    old = (
        "Part I\nThe State\n"
        "Chapter 1\nSovereignty\n" + article(1, "people") + article(2, "territory")
        + "Chapter 2\nThe National Council\n" + article(3, "council") + article(4, "sessions") + article(5, "mandate")
    )
    new = (
        "Part I\nThe State\n"
        "Chapter 1\nSovereignty\n" + article(1, "people") + article(2, "territory")
        + "Part II\nThe Parliament\n"
        "Chapter 2\nThe National Council\n" + article(3, "council") + article(4, "sessions") + article(5, "mandate")
    )
    found = by_new(diff(old, new))
    split = found[("II",)]
    assert (split.change, split.old[0].number, split.shared_articles) == (SectionChange.SPLIT, "I", 3)
    moved = found[("II", "2")]
    assert (moved.change, moved.old[0].path, moved.new[0].path) == (SectionChange.UNCHANGED, ("I",), ("II",))


def test_chapters_wrapped_into_new_parts_keep_their_counterparts() -> None:
    """Divisions pair only with their own kind: the new parts are added, the chapters inside them pair."""
    chapters = (
        "Chapter 1\nSovereignty\n" + article(1, "people") + article(2, "territory")
        + "Chapter 2\nThe National Council\n" + article(3, "council") + article(4, "sessions")
    )
    wrapped = chapters.replace("Chapter 1\n", "Part I\nThe State\nChapter 1\n").replace("Chapter 2\n", "Part II\nThe Parliament\nChapter 2\n")
    found = by_new(diff(chapters, wrapped))
    assert {key: section.label for key, section in found.items()} == {
        ("I",): "added", ("I", "1"): "unchanged", ("II",): "added", ("II", "2"): "unchanged",
    }
    assert found[("I",)].shared_articles == 2


MIRROR = {SectionChange.ADDED: SectionChange.REMOVED, SectionChange.REMOVED: SectionChange.ADDED}


def section_map(comparison: Comparison, *, mirrored: bool = False) -> set[tuple]:
    def side(refs: tuple) -> tuple:
        return tuple((*ref.path, ref.number, ref.title) for ref in refs)

    return {
        (side(s.new), side(s.old), MIRROR.get(s.change, s.change)) if mirrored else (side(s.old), side(s.new), s.change)
        for s in comparison.sections
    }


@pytest.mark.parametrize(
    "new",
    [
        OLD_STATE + "Chapter 4\nDirect Democracy\n" + article(8, "referendum") + article(9, "recall"),
        OLD_STATE.replace("Chapter 2\nSymbols\n", "Chapter 2\nState Symbols\n").replace("Part II\nThe Parliament", "Part II\nParliament"),
    ],
    ids=["added-chapter", "renamed"],
)
def test_swapping_the_versions_mirrors_the_map(new: str) -> None:
    assert section_map(diff(new, OLD_STATE), mirrored=True) == section_map(diff(OLD_STATE, new))


def test_a_new_section_holding_the_second_part_of_a_split_counts_it() -> None:
    """Section figures total every pair touching the section, not only those whose first old article is in it."""
    old = "Section I\nPeople and Assembly\n" + f"Article 1\n{ARTICLES['people']}\n{ARTICLES['assembly']} {ARTICLES['press']}\n"
    new = (
        "Section I\nPeople and Assembly\n" + article(1, "people")
        + "Section II\nFreedoms\n" + f"Article 2\n{ARTICLES['assembly']} {ARTICLES['press']}\n"
    )
    comparison = diff(old, new)
    (split,) = [pair for pair in comparison.articles if pair.change.value == "split"]
    assert split.new_numbers == ("1", "2")
    added = by_new(comparison)[("II",)]
    assert added.change is SectionChange.ADDED and added.articles_changed == 1
    assert (added.words_deleted, added.words_inserted) == (split.words_deleted, split.words_inserted)


CZECH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cz"
# A stand-in for the shipped Czech profile: HLAVA chapters, and the short unnumbered
# headings ("Vláda") between a chapter's title and its articles as sub-divisions.
CZECH_PROFILE = r"""
language: cs
name: Czech (section map test)
words: [a, v, se, na, je, o, z, do, nebo, k, jako, pro, republiky]
title: ['^Ústava\b']
divisions:
  - kind: chapter
    patterns: ['^HLAVA\s+(?P<number>\S+)(?P<title>)$']
  - kind: subdivision
    patterns: ['^(?P<number>)(?P<title>[A-ZÚ][a-zá-ž]+(?: [a-zá-ž]+)?)$']
articles: ['^Čl\.\s+(?P<number>\d+[a-z]?)$']
paragraphs: ['^(?P<marker>\((?P<number>\d+)\))\s+(?P<text>\S.*)$', '^(?P<marker>(?P<number>[a-z])\))\s+(?P<text>\S.*)$']
notes: []
repealed: ['^\s*zrušen']
"""


def czech_pairs() -> list[tuple[Path, Path]]:
    versions = sorted(CZECH.glob("ustava-*.md"))
    return list(zip(versions, versions[1:]))


@pytest.mark.skipif(not CZECH.is_dir(), reason=f"Czech corpus not found at {CZECH} (it lives beside the repository)")
def test_czech_unnumbered_sub_divisions_are_mapped_under_their_chapter(tmp_path: Path) -> None:
    """Every in-force version keeps its eight chapters and their unnumbered sub-divisions;
    the amendments change articles, which the top-level rows total in full."""
    profile = tmp_path / "cs.yaml"
    profile.write_text(CZECH_PROFILE, encoding="utf-8")
    for old, new in czech_pairs():
        comparison = compare_files(str(old), str(new), profile_path=str(profile))
        assert {section.change for section in comparison.sections} == {SectionChange.UNCHANGED}, (old.name, new.name)
        sub_divisions = {(section.place.path, section.place.title) for section in comparison.sections if section.place.level}
        assert {(("TŘETÍ",), "Vláda"), (("ČTVRTÁ",), "Ústavní soud"), (("ČTVRTÁ",), "Soudy")} <= sub_divisions
        top = [section for section in comparison.sections if not section.place.level]
        assert len(top) == 8
        assert sum(section.words_inserted for section in top) == sum(pair.words_inserted for pair in comparison.articles)
        assert sum(section.words_deleted for section in top) == sum(pair.words_deleted for pair in comparison.articles)


KAZAKH_PAIRS = {
    "ru": ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
    "kk": ("kz-1995-2023.kk.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt"),
}


@pytest.mark.parametrize("language", sorted(KAZAKH_PAIRS))
def test_swapping_the_kazakh_versions_mirrors_the_section_map(corpus_dir: Path, language: str) -> None:
    """A split article counts once between two sections whichever side is old: new section X
    (one old article split into two of its articles) is added, and removed in the mirror."""
    old, new = (str(corpus_dir / name) for name in KAZAKH_PAIRS[language])
    assert section_map(compare_files(new, old), mirrored=True) == section_map(compare_files(old, new))


def test_content_counts_articles_at_every_level_where_they_stand() -> None:
    """Article 4 moves from chapter 2 to chapter 1 inside part I: it moves out of one chapter and
    into the other, while the part it never left counts it unchanged."""
    new = (
        "Part I\nThe State\n"
        "Chapter 1\nSovereignty\n" + article(1, "people") + article(2, "territory") + article(3, "capital")
        + "Chapter 2\nSymbols\n" + article(4, "language")
        + "Part II\nThe Parliament\n"
        "Chapter 3\nThe National Council\n" + article(5, "council") + article(6, "sessions") + article(7, "mandate")
        + article(8, "referendum")
    )
    found = by_new(diff(OLD_STATE, new))
    sovereignty, symbols, state, parliament = (found[key].content for key in (("I", "1"), ("I", "2"), ("I",), ("II",)))
    assert (sovereignty.moved_in, sovereignty.unchanged, sovereignty.articles) == (1, 2, 3)
    assert (symbols.moved_out, symbols.articles) == (1, 2)
    assert (state.unchanged, state.moved_in, state.moved_out, state.articles) == (4, 0, 0, 4)
    assert (parliament.unchanged, parliament.added, parliament.articles) == (3, 1, 4)
