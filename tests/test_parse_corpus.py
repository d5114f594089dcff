"""Issue acceptance on the real texts in ../shared/corpus/kz (skipped when absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from constdiff.load import load_source
from constdiff.model import ArticleStatus
from constdiff.parse import parse_text

from test_parse import assert_every_line_accounted_once

OLD_NUMBERS = [str(n) for n in range(1, 84)] + ["83-1"] + [str(n) for n in range(84, 95)] + ["94-1", "94-2"] + [
    str(n) for n in range(95, 100)
]
NEW_NUMBERS = [str(n) for n in range(1, 97)]
NOTE_MARKERS = re.compile(r"^\s*(Сноска|Примечание|Footnote|Note|Ескерту|Ескертпе)\s*[.:]", re.MULTILINE)

FILES = {
    "kz-2026.ru.raw.txt": ("ru", 11, NEW_NUMBERS),
    "kz-2026-draft-2026-02-12.kk.docx-extract.txt": ("kk", 11, NEW_NUMBERS),
    "kz-2026-draft-2026-02-12.ru.docx-extract.txt": ("ru", 11, NEW_NUMBERS),
    "kz-1995-2023.en.txt": ("en", 9, OLD_NUMBERS),
    "kz-1995-2023.ru.pdftotext-layout.txt": ("ru", 9, OLD_NUMBERS),
    "kz-1995-2023.kk.txt": ("kk", 9, OLD_NUMBERS),
    "kz-1995-2023.kk.pdftotext-layout.txt": ("kk", 9, OLD_NUMBERS),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_structure_of_corpus_text(corpus_dir: Path, name: str) -> None:
    language, sections, numbers = FILES[name]
    text = load_source(str(corpus_dir / name)).text
    document = parse_text(text, source=name)
    assert document.language == language
    assert len(document.top_divisions()) == sections
    assert all(division.title for division in document.top_divisions())
    assert sorted(a.number for a in document.articles()) == sorted(numbers)
    repealed = [a.number for a in document.articles() if a.status is ArticleStatus.REPEALED]
    assert repealed == (["84"] if numbers is OLD_NUMBERS else [])
    for article in document.articles():
        assert not NOTE_MARKERS.search(article.text), (article.number, "note text inside the article")
    marker_lines = len(NOTE_MARKERS.findall(text))
    notes = sum(len(a.notes) for a in document.articles()) + sum(len(d.notes) for d in document.divisions())
    assert notes + len(document.notes) >= marker_lines
    assert_every_line_accounted_once(text, document)


def test_header_lines_of_the_2026_mirror_are_metadata(corpus_dir: Path) -> None:
    document = parse_text(load_source(str(corpus_dir / "kz-2026.ru.raw.txt")).text)
    assert document.title and not document.preamble
    assert [entry.key for entry in document.metadata] == ["adopted", "source"]
    assert document.top_divisions()[5].title == "Қазақстан Халық Кеңесі"


def test_notes_attach_to_their_articles(corpus_dir: Path) -> None:
    for name in ("kz-1995-2023.en.txt", "kz-1995-2023.ru.pdftotext-layout.txt"):
        document = parse_text(load_source(str(corpus_dir / name)).text)
        articles = {a.number: a for a in document.articles()}
        assert articles["2"].notes and articles["84"].notes
        assert "254-III" in " ".join(note.text for note in articles["84"].notes)
