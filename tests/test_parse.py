"""The parser: structure, numbers, notes, repeals, front matter, and the line-accounting invariant."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from constdiff.errors import ConstdiffError, StructureError
from constdiff.model import ArticleStatus, Document, Span
from constdiff.parse import parse_text
from constdiff.profiles import load_profile

_SPACE = re.compile(r"[\s\u00a0]+")


def leaves(document: Document) -> list[tuple[Span, str]]:
    """Every node that owns source lines, with the text it claims for them."""
    found: list[tuple[Span, str]] = [(entry.span, entry.value) for entry in document.metadata if entry.span.first > 0]
    if document.title_span:
        found.append((document.title_span, document.title or ""))
    found += [(p.span, p.full_text) for p in document.preamble] + [(n.span, n.text) for n in document.notes]
    for division in document.divisions():
        found.append((division.heading_span, ""))
        found += [(p.span, p.full_text) for p in division.paragraphs] + [(n.span, n.text) for n in division.notes]
    for article in document.articles():
        found.append((article.heading_span, ""))
        found += [(p.span, p.full_text) for p in article.paragraphs] + [(n.span, n.text) for n in article.notes]
    return sorted(found, key=lambda item: (item[0].first, item[0].last))


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def assert_every_line_accounted_once(text: str, document: Document) -> None:
    lines = text.split("\n")
    spans = leaves(document)
    for (left, _), (right, _) in zip(spans, spans[1:]):
        assert left.last < right.first, f"overlapping spans {left} and {right}"
    covered = {number for span, _ in spans for number in range(span.first, span.last + 1)}
    non_blank = {number for number, line in enumerate(lines, start=1) if normalise(line)}
    assert non_blank <= covered, f"lines not in any node: {sorted(non_blank - covered)[:5]}"
    for span, claimed in spans:
        source = normalise(" ".join(lines[span.first - 1 : span.last]))
        if claimed:
            assert normalise(claimed) in source, (span, claimed, source)


EN = load_profile("en")


def test_sections_articles_paragraphs_notes() -> None:
    text = (
        "CONSTITUTION OF TESTLAND\nAdopted by referendum on 1 May 2000.\n\nWe, the people,\nadopt this Constitution.\n\n"
        "Section I\nGeneral Provisions\n\nArticle 1\n1. First point.\nFootnote. Article 1 as amended in 2010.\n2. Second point.\n"
        "Article 1-1\nInserted article.\nArticle 2\nFootnote. Article 2 is excluded by the Law No. 254-III.\n"
        "Section II. Rights\nArticle 3\n1) an item;\n3-1. A suffixed point.\n"
    )
    document = parse_text(text, profile=EN)
    assert document.title == "CONSTITUTION OF TESTLAND"
    assert [(entry.key) for entry in document.metadata] == ["adopted"]
    assert [p.text for p in document.preamble] == ["We, the people,", "adopt this Constitution."]
    assert [(d.number, d.title) for d in document.top_divisions()] == [("I", "General Provisions"), ("II", "Rights")]
    articles = {a.number: a for a in document.articles()}
    assert list(articles) == ["1", "1-1", "2", "3"]
    assert [p.number for p in articles["1"].paragraphs] == ["1", "2"]
    assert "Footnote" not in articles["1"].text and len(articles["1"].notes) == 1
    assert articles["2"].status is ArticleStatus.REPEALED and not articles["2"].paragraphs
    assert [p.number for p in articles["3"].paragraphs] == ["1)", "3-1"]
    assert_every_line_accounted_once(text, document)


@pytest.mark.parametrize(
    ("text", "language", "numbers", "sections"),
    [
        ("Раздел I. Общие\nСтатья 83-1.\nТекст.\nСтатья 84\nСноска. Статья 84 исключена Законом.\n", "ru", ["83-1", "84"], ["I"]),
        ("І бөлім\nЖалпы ережелер\n1-бап\nМәтін.\n", "kk", ["1"], ["I"]),
        ("I бөлім\nЖалпы ережелер\n1-бап\nМәтін.\n", "kk", ["1"], ["I"]),
        ("Art 12a\nText.\nArticle 1bis\nText.\nArticle 94-2\nText.\n", "en", ["12a", "1bis", "94-2"], []),
        ("Abschnitt I Grundrechte\nArtikel 12a\n(1) Text.\n", "de", ["12a"], ["I"]),
    ],
)
def test_numbers_as_written_and_language_detection(text: str, language: str, numbers: list[str], sections: list[str]) -> None:
    document = parse_text(text)
    assert document.language == language
    assert [a.number for a in document.articles()] == numbers
    assert [d.number for d in document.top_divisions()] == sections


def test_markdown_headings_and_front_matter() -> None:
    text = "---\ntitle: Testland\nversion: 2\n---\n## Section I. Basics\n### Article 5\n1. Text here.\n"
    document = parse_text(text, profile=EN)
    assert {entry.key: entry.value for entry in document.metadata} == {"title": "Testland", "version": "2"}
    assert [a.number for a in document.articles()] == ["5"]
    assert "title" not in document.articles()[0].text


def test_duplicate_article_numbers_warn() -> None:
    document = parse_text("Article 1\nA.\nArticle 1\nB.\n", profile=EN)
    assert any("already used" in warning for warning in document.warnings)


def test_no_headings_is_a_structure_error() -> None:
    with pytest.raises(StructureError, match="no article or section headings"):
        parse_text("Just some prose.\nNothing else.\n")


LINE = st.one_of(
    st.sampled_from(["Section II", "Section IV. Courts", "Article 7", "Article 7-1", "Статья 5", "12-бап", "", "   ",
                     "1. A point.", "2) an item", "3-1. Suffixed.", "Footnote. A note.", "Article 9 is excluded.",
                     "Сноска. Статья 5 исключена.", "\u00a0", "\f   2. Page break.", "## Section V", "---"]),
    st.text(max_size=40).map(lambda text: text.replace("\n", " ")),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=40))
def test_never_crashes_and_accounts_for_every_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        document = parse_text(text)
    except ConstdiffError:
        return
    assert_every_line_accounted_once(text, document)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        parse_text(text)
    except ConstdiffError:
        pass
