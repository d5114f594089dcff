"""Issue acceptance on the real texts in ../shared/corpus/kz (skipped when absent).

Nothing from the texts is copied here: expected section titles are read from the
corpus README's tables at test time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from constdiff.load import load_source
from constdiff.model import ArticleStatus, Document, Span
from constdiff.parse import parse_text
from constdiff.profiles import fold_lookalikes

from test_parse import assert_every_line_accounted_once, normalise

OLD_NUMBERS = [str(n) for n in range(1, 84)] + ["83-1"] + [str(n) for n in range(84, 95)] + ["94-1", "94-2"] + [
    str(n) for n in range(95, 100)
]
NEW_NUMBERS = [str(n) for n in range(1, 97)]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
NOTE_LINE = re.compile(r"^\s*(Сноска|Примечание|Footnote|Note|Ескерту|Ескертпе)\s*[.:]", re.MULTILINE)
NOTE_WORDS = ("Сноска", "Примечание", "Footnote", "Ескерту", "Ескертпе")

# file: (language, README table (1995 or 2026), column of that table, article numbers)
FILES = {
    "kz-2026.ru.raw.txt": ("ru", "2026", "Russian", NEW_NUMBERS),
    "kz-2026-draft-2026-02-12.ru.docx-extract.txt": ("ru", "2026", "Russian", NEW_NUMBERS),
    "kz-2026-draft-2026-02-12.kk.docx-extract.txt": ("kk", "2026", "Kazakh", NEW_NUMBERS),
    "kz-1995-2023.en.txt": ("en", "1995", "English", OLD_NUMBERS),
    "kz-1995-2023.ru.pdftotext-layout.txt": ("ru", "1995", "Russian", OLD_NUMBERS),
    "kz-1995-2023.kk.txt": ("kk", "1995", "Kazakh (`.kk.txt`)", OLD_NUMBERS),
    "kz-1995-2023.kk.pdftotext-layout.txt": ("kk", "1995", "Kazakh (PDF)", OLD_NUMBERS),
}
WITH_NOTES = ["kz-1995-2023.en.txt", "kz-1995-2023.ru.pdftotext-layout.txt", "kz-1995-2023.kk.pdftotext-layout.txt"]


@lru_cache(maxsize=None)
def _text(corpus: Path, name: str) -> str:
    return load_source(str(corpus / name)).text


@lru_cache(maxsize=None)
def _parsed(corpus: Path, name: str) -> Document:
    return parse_text(_text(corpus, name), source=name)


def _readme_titles(corpus: Path, table: str, column: str) -> list[str]:
    """Section titles from the README table that follows the '### <table> Constitution' heading."""
    readme = (corpus / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(f"### {table} Constitution") :]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    titles = []
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if cells[0] not in ROMAN:
            break
        titles.append(cells[header.index(column)])
    return titles


def _same_title(left: str | None, right: str) -> bool:
    return fold_lookalikes(normalise(left or "")).casefold() == fold_lookalikes(normalise(right)).casefold()


@pytest.mark.parametrize("name", sorted(FILES))
def test_sections_with_titles(corpus_dir: Path, name: str) -> None:
    language, table, column, _ = FILES[name]
    document = _parsed(corpus_dir, name)
    assert document.language == language
    expected = _readme_titles(corpus_dir, table, column)
    assert len(expected) == (11 if table == "2026" else 9)
    sections = document.top_divisions()
    assert [s.number for s in sections] == ROMAN[: len(expected)]
    for section, title in zip(sections, expected):
        assert _same_title(section.title, title), (section.number, section.title, title)
    assert all(child in sections for child in document.children), "an article outside every section"


@pytest.mark.parametrize("name", sorted(FILES))
def test_articles_numbered_and_repealed(corpus_dir: Path, name: str) -> None:
    *_, numbers = FILES[name]
    document = _parsed(corpus_dir, name)
    assert [a.number for a in document.articles()] == numbers
    repealed = [a for a in document.articles() if a.status is ArticleStatus.REPEALED]
    assert [a.number for a in repealed] == (["84"] if numbers is OLD_NUMBERS else [])
    assert all(not a.paragraphs and a.notes for a in repealed)
    assert all(a.paragraphs for a in document.articles() if a.status is ArticleStatus.IN_FORCE)
    assert not document.warnings


@pytest.mark.parametrize("name", sorted(FILES))
def test_notes_are_kept_apart_and_attached(corpus_dir: Path, name: str) -> None:
    document = _parsed(corpus_dir, name)
    for article in document.articles():
        for word in NOTE_WORDS:
            assert word not in article.text, (article.number, word)
        assert all(article.span.first < note.span.first <= article.span.last for note in article.notes)
    notes = [n for a in document.articles() for n in a.notes] + [n for d in document.divisions() for n in d.notes]
    notes += list(document.notes)
    assert sum(1 for note in notes if note.marker) == len(NOTE_LINE.findall(_text(corpus_dir, name)))


@pytest.mark.parametrize("name", WITH_NOTES)
def test_article_2_has_its_notes(corpus_dir: Path, name: str) -> None:
    articles = {a.number: a for a in _parsed(corpus_dir, name).articles()}
    assert articles["2"].notes and all(note.marker for note in articles["2"].notes)
    assert len(articles["84"].notes) == 1


@pytest.mark.parametrize("name", sorted(path.name for path in Path(__file__).resolve().parents[2].glob("shared/corpus/kz/*.txt")) or ["none"])
def test_every_line_of_every_corpus_text_is_accounted_once(corpus_dir: Path, name: str) -> None:
    assert_every_line_accounted_once(_text(corpus_dir, name), _parsed(corpus_dir, name))


def test_header_lines_of_the_2026_mirror_are_front_matter(corpus_dir: Path) -> None:
    document = _parsed(corpus_dir, "kz-2026.ru.raw.txt")
    assert document.title_span == Span(1, 1) and document.title
    assert [(entry.key, entry.span) for entry in document.metadata] == [("adopted", Span(2, 2)), ("source", Span(3, 3))]
    assert not document.preamble and not document.notes
    assert document.children[0].span.first == 5


@pytest.mark.parametrize("name", ["kz-2026-draft-2026-02-12.ru.docx-extract.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt"])
def test_draft_stamp_title_and_preamble(corpus_dir: Path, name: str) -> None:
    document = _parsed(corpus_dir, name)
    assert [(entry.key, entry.span) for entry in document.metadata] == [("status", Span(1, 1))]
    assert document.title and document.title_span.first > 1 and document.preamble
    assert document.title_span.last < document.preamble[0].span.first
    assert document.preamble[-1].span.last < document.children[0].span.first


@pytest.mark.parametrize("name", ["kz-1995-2023.ru.pdftotext-layout.txt", "kz-1995-2023.kk.pdftotext-layout.txt"])
def test_copyright_line_is_not_article_text(corpus_dir: Path, name: str) -> None:
    document, lines = _parsed(corpus_dir, name), _text(corpus_dir, name).rstrip().split("\n")
    last_article = document.articles()[-1]
    notice = document.metadata[-1]
    assert notice.key == "copyright" and notice.value.startswith("©") and notice.span.last == len(lines)
    assert last_article.span.last < notice.span.first
