"""Invariants of the comparison on generated documents (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from constdiff.model import ArticleChange
from constdiff.parse import parse_text
from constdiff.pipeline import compare
from constdiff.profiles import load_profile

EN = load_profile("en")
VOCABULARY = ("state people court law right freedom citizen election term office council budget land "
              "treaty language property labour health school army police tax region city judge").split()

ARTICLE = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=30).map(lambda words: " ".join(words).capitalize() + ".")
VERSION = st.lists(ARTICLE, min_size=1, max_size=12)


def render(articles: list[str], sections_every: int = 4) -> str:
    lines = []
    for index, text in enumerate(articles):
        if index % sections_every == 0:
            lines += [f"Section {'I' * (index // sections_every + 1) if index < 12 else 'X'}", "Title"]
        lines += [f"Article {index + 1}", text]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(VERSION, VERSION)
def test_every_article_is_in_exactly_one_pair(old_articles: list[str], new_articles: list[str]) -> None:
    old, new = parse_text(render(old_articles), profile=EN), parse_text(render(new_articles), profile=EN)
    comparison = compare(old, new)
    old_numbers = [number for pair in comparison.articles for number in pair.old_numbers]
    new_numbers = [number for pair in comparison.articles for number in pair.new_numbers]
    assert sorted(old_numbers) == sorted(a.number for a in old.articles())
    assert sorted(new_numbers) == sorted(a.number for a in new.articles())
    for pair in comparison.articles:
        assert pair.diff is not None
        assert pair.diff.old_text() == "\n".join(a.text for a in old.articles() if a.number in pair.old_numbers)
        assert 0.0 <= pair.similarity <= 1.0


@settings(max_examples=40, deadline=None)
@given(VERSION)
def test_a_version_compared_with_itself_is_unchanged(articles: list[str]) -> None:
    document = parse_text(render(articles), profile=EN)
    comparison = compare(document, document)
    assert not comparison.has_differences
    assert all(pair.change is ArticleChange.UNCHANGED for pair in comparison.articles)
