"""Cross-references: what the grammar reads as a citation, and what the checks find after a renumbering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from constdiff.model import ArticleLink, ReferenceCheck
from constdiff.parse import parse_text
from constdiff.pipeline import check_references, compare
from constdiff.profiles import load_profile
from constdiff.references import check_comparison, extract

EN, RU = load_profile("en"), load_profile("ru")


def targets(text: str, profile=EN) -> list[str]:  # type: ignore[no-untyped-def]
    """The targets read from one article's text (written after an "Article 1" heading)."""
    document = parse_text(f"{'Статья' if profile is RU else 'Article'} 1\n{text}\n", profile=profile)
    (article,) = document.articles()
    return [reference.target for reference in extract(article, profile.references)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As provided in Article 44, the court decides.", ["44"]),
        ("Articles 5, 7 and 9 apply.", ["5", "7", "9"]),
        ("Articles 12 to 15 apply, and Articles 20–22.", ["12–15", "20–22"]),
        ("Under paragraph 3 of Article 7 and Art. 10a.", ["7(3)", "10a"]),
        ("Article 72-1 and Article 3bis apply.", ["72-1", "3bis"]),
        ("Under paragraph 2 of this Article the council sits.", ["1(2)"]),
        ("Article 5 of the Act on Elections applies.", []),
        ("Article 64 of the Constitution adopted on 28 January 1993 stays in force.", []),
        ("Article 5, paragraph 3 applies.", ["5"]),
        ("Under Article 44(3)(b) and Article 12 (the council), it decides.", ["44(3)(b)", "12"]),
        ("Paragraph 3 applies.", []),
    ],
)
def test_english_citations(text: str, expected: list[str]) -> None:
    assert targets(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("в соответствии с пунктом 3 статьи 44 Конституции", ["44(3)"]),
        ("предусмотренные подпунктом 1) пункта 2 статьи 5", ["5(2)(1)"]),
        ("статьями 11, 13–15, пунктом 1 статьи 16, статьей 17", ["11", "13–15", "16(1)", "17"]),
        ("пунктами 2 и 3 статьи 50", ["50(2)", "50(3)"]),
        ("в порядке, предусмотренном статьей 5 Закона о выборах", []),
        ("в случаях, указанных в пункте 2 настоящей статьи", ["1(2)"]),
        ("Статьей 7 установлено", ["7"]),
    ],
)
def test_russian_citations(text: str, expected: list[str]) -> None:
    assert targets(text, RU) == expected


def test_a_reference_spans_its_citation_as_written() -> None:
    document = parse_text("Article 1\nThe court, under paragraph 3 of Article 7, decides.\n", profile=EN)
    (article,) = document.articles()
    (reference,) = extract(article, EN.references)
    assert article.paragraphs[reference.paragraph_index].text[reference.start : reference.end] == reference.text == "paragraph 3 of Article 7"
    assert (reference.source, reference.article, reference.paragraph, reference.relative) == ("1", "7", "3", False)


OLD = """Article 1
The people hold all power of the state.
Article 2
The courts are independent and obey only the law.
Article 3
Elections are free, equal, secret and held every five years.
Article 4
The budget is public and adopted by the council each year.
Article 5
1. As provided in Article 3 and Article 4, the laws are published.
2. Article 9 applies to treaties.
"""

NEW = """Article 1
The people hold all power of the state.
Article 2
Land and water belong to the people and are protected.
Article 3
The courts are independent and obey only the law.
Article 4
Elections are free, equal, secret and held every five years.
Article 5
The budget is public and adopted by the council each year.
Article 6
1. As provided in Article 4 and Article 4, the laws are published.
2. Article 9 applies to treaties.
3. Paragraph 4 of Article 5 applies.
"""


def test_a_renumbering_makes_one_reference_updated_one_stale_and_leaves_a_dangling_one() -> None:
    old, new = parse_text(OLD, profile=EN, source="old.txt"), parse_text(NEW, profile=EN, source="new.txt")
    report = compare(old, new, references=True).references
    assert report is not None
    found = [(finding.check, finding.reference.source, finding.reference.target, finding.expected) for finding in report.findings]
    assert found == [
        (ReferenceCheck.UPDATED, "6", "4", None),
        (ReferenceCheck.STALE, "6", "4", "5"),
        (ReferenceCheck.DANGLING, "6", "9", None),
        (ReferenceCheck.RESOLVED, "6", "5(4)", None),
    ]
    stale = report.findings[1]
    assert stale.old_reference is not None and stale.old_reference.article == "4"
    assert stale.reason == "old Article 4 is now Article 5, but the reference still cites Article 4, which in the new version is old Article 3"
    assert [finding.check for finding in report.problems] == [ReferenceCheck.STALE, ReferenceCheck.DANGLING]


def test_one_mistyped_number_in_an_updated_list_leaves_its_neighbours_updated() -> None:
    old = parse_text(OLD.replace("As provided in Article 3 and Article 4", "As provided in Articles 2, 3 and 4"), profile=EN)
    new = parse_text(NEW.replace("As provided in Article 4 and Article 4", "As provided in Articles 3, 9 and 5"), profile=EN)
    report = compare(old, new, references=True).references
    assert report is not None
    assert [(finding.check, finding.reference.target) for finding in report.findings][:3] == [
        (ReferenceCheck.UPDATED, "3"),
        (ReferenceCheck.DANGLING, "9"),
        (ReferenceCheck.UPDATED, "5"),
    ]


def test_one_version_reports_dangling_articles_and_paragraphs() -> None:
    document = parse_text("Article 1\n1. See Article 2.\n2. See paragraph 3 of Article 2 and Article 7.\nArticle 2\n1. Text.\n2. More.\n", profile=EN, source="v.txt")
    report = check_references(document, profile=EN)
    assert [(finding.check, finding.reference.target) for finding in report.findings] == [
        (ReferenceCheck.RESOLVED, "2"),
        (ReferenceCheck.DANGLING, "2(3)"),
        (ReferenceCheck.DANGLING, "7"),
    ]
    assert report.findings[1].reason == "Article 2 has no paragraph 3 in this version (its paragraphs: 1, 2)"


def test_a_range_written_with_a_hyphen_is_read_as_a_range_where_no_article_has_that_number() -> None:
    text = "Article 1\nSee Articles 2-3 and Article 4-1.\nArticle 2\nText.\nArticle 3\nText.\nArticle 4-1\nText.\n"
    report = check_references(parse_text(text, profile=EN), profile=EN)
    assert [(finding.check, finding.reference.target) for finding in report.findings] == [(ReferenceCheck.RESOLVED, "2–3"), (ReferenceCheck.RESOLVED, "4-1")]


def test_a_reference_to_a_repealed_article_is_found_in_one_version_and_across_two() -> None:
    old = parse_text("Article 1\nThe council meets yearly in the capital city.\nArticle 2\nThe council may be dissolved as Article 1 says.\n", profile=EN)
    new = parse_text("Article 1\n(repealed)\nArticle 2\nThe council may be dissolved as Article 1 says.\n", profile=EN)
    assert [finding.check for finding in check_references(new, profile=EN).findings] == [ReferenceCheck.REPEALED_TARGET]
    report = compare(old, new, references=True).references
    assert report is not None and [finding.check for finding in report.findings] == [ReferenceCheck.REPEALED_TARGET]


@pytest.mark.parametrize(
    "text",
    [
        "Article 9 of the European Convention on Human Rights applies.",
        "As Article 9 of the 1937 Constitution provided, the council sits.",
        'In Article 2 the words "Article 9" are replaced.',
    ],
)
def test_citations_of_another_act_or_quoted_are_not_this_acts(text: str) -> None:
    assert targets(text) == (["2"] if "In Article 2" in text else [])


def test_a_date_with_ordinal_points_dates_the_act_cited() -> None:
    de = load_profile("de")
    document = parse_text("Artikel 1\nNach Artikel 9 des Grundgesetzes vom 23. Mai 1949 gilt dies.\n", profile=de)
    assert check_references(document, profile=de).findings == () and check_references(document, profile=de).external == 1


def test_russian_citations_of_a_law_named_by_its_adjectives_are_another_acts() -> None:
    assert targets("в соответствии со статьей 9 Федерального конституционного закона", RU) == []


def test_a_citation_dropped_and_another_of_that_number_written_elsewhere_are_two_references() -> None:
    old = parse_text(OLD.replace("2. Article 9 applies to treaties.", "2. Treaties are published in the manner set out in Article 3."), profile=EN)
    new = parse_text(NEW.replace("3. Paragraph 4 of Article 5 applies.", "3. Every citizen has electoral rights under Article 3."), profile=EN)
    report = compare(old, new, references=True).references
    assert report is not None
    assert (report.findings[-1].check, report.findings[-1].reference.target) == (ReferenceCheck.RESOLVED, "3")


# Generated versions: articles of distinct words, some citing others; the new version inserts an
# article first, so every old article n becomes n + 1, and each citation is either updated or left.
WORDS = "state people court law right freedom citizen election office council budget land treaty language".split()
CITATIONS = st.lists(st.tuples(st.integers(min_value=1, max_value=6), st.booleans()), max_size=3)


def _version(citations: list[list[tuple[int, bool]]], *, shifted: bool) -> str:
    lines = ["Article 1", "A new article on water and air."] if shifted else []
    for index, cited in enumerate(citations, start=1):
        body = " ".join(WORDS[(index + offset) % len(WORDS)] for offset in range(5)).capitalize()
        written = [f"Article {number + 1 if shifted and updated else number}" for number, updated in cited]
        lines += [f"Article {index + 1 if shifted else index}", f"{body} {', '.join(written)}." if written else f"{body}."]
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(CITATIONS, min_size=6, max_size=6))
def test_after_a_renumbering_each_reference_left_behind_is_stale_and_each_followed_one_updated(citations: list[list[tuple[int, bool]]]) -> None:
    old, new = parse_text(_version(citations, shifted=False), profile=EN), parse_text(_version(citations, shifted=True), profile=EN)
    old_located, new_located = old.located_articles(), new.located_articles()
    links = [ArticleLink(old=(index,), new=(index + 1,), score=1.0, reason="renumbered") for index in range(len(old_located))]
    report = check_comparison(old_located, new_located, links, EN.references)
    expected = [ReferenceCheck.UPDATED if updated else ReferenceCheck.STALE for cited in citations for _, updated in cited]
    assert [finding.check for finding in report.findings] == expected
    assert [finding.expected for finding in report.findings if finding.check is ReferenceCheck.STALE] == [
        str(number + 1) for cited in citations for number, updated in cited if not updated
    ]


@settings(max_examples=40, deadline=None)
@given(st.lists(CITATIONS, min_size=1, max_size=6))
def test_a_version_compared_with_itself_finds_only_what_it_finds_alone(citations: list[list[tuple[int, bool]]]) -> None:
    document = parse_text(_version(citations, shifted=False), profile=EN)
    alone = check_references(document, profile=EN)
    against_itself = compare(document, document, references=True).references
    assert against_itself is not None
    assert [(finding.check, finding.reference) for finding in against_itself.findings] == [(finding.check, finding.reference) for finding in alone.findings]
    assert all(finding.check in (ReferenceCheck.RESOLVED, ReferenceCheck.DANGLING) for finding in alone.findings)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=5).flatmap(lambda rows: st.lists(st.lists(st.integers(min_value=0, max_value=9), min_size=rows, max_size=rows), min_size=1, max_size=5)))
def test_the_assignment_has_the_most_total_weight_of_any(weights: list[list[int]]) -> None:
    from itertools import permutations

    from constdiff.references import _assignment

    found = _assignment(weights)
    assert len(set(found.values())) == len(found) and all(weights[row][column] > 0 for row, column in found.items())
    rows, columns = len(weights), len(weights[0])
    if rows <= columns:
        best = max(sum(weights[row][column] for row, column in enumerate(chosen)) for chosen in permutations(range(columns), rows))
    else:
        best = max(sum(weights[row][column] for column, row in enumerate(chosen)) for chosen in permutations(range(rows), columns))
    assert sum(weights[row][column] for row, column in found.items()) == best
