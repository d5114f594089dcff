"""What a language profile's fictional fixture must parse into, shared by the profile test modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from constdiff.model import Article, ArticleStatus, Document


@dataclass(frozen=True)
class Expected:
    articles: list[str]
    divisions: list[tuple[str, str | None, str | None]]  # kind, number, title in document order
    paragraphs: dict[str, list[str | None]]  # article → its paragraph numbers (None: unnumbered)
    repealed: set[str]
    title: str
    placement: dict[str, str] = field(default_factory=dict)  # article → title of the division holding it


def placement(document: Document) -> dict[str, str]:
    """Article number → title of the innermost division that holds it."""
    found: dict[str, str] = {}
    for division in document.divisions():
        for child in division.children:
            if isinstance(child, Article):
                found[child.number] = division.title or ""
    return found


def assert_structure(document: Document, expected: Expected) -> None:
    articles = {article.number: article for article in document.articles()}
    assert [article.number for article in document.articles()] == expected.articles
    assert [(division.kind, division.number, division.title) for division in document.divisions()] == expected.divisions
    for number, paragraphs in expected.paragraphs.items():
        assert [paragraph.number for paragraph in articles[number].paragraphs] == paragraphs, number
    assert {number for number, article in articles.items() if article.status is ArticleStatus.REPEALED} == expected.repealed
    assert all(article.paragraphs for number, article in articles.items() if number not in expected.repealed)
    assert document.title == expected.title and not document.warnings
    found = placement(document)
    assert {number: found.get(number) for number in expected.placement} == expected.placement
