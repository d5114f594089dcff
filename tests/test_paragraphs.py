"""Paragraphs first, then words: the paragraph pairs inside each article pair, and the flat diff built from them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from constdiff.classify import editorial_key, editorial_rules
from constdiff.model import ArticleChange, ArticlePair, Comparison, DiffTag, ParagraphChange, ParagraphPair
from constdiff.paragraphs import AMENDED_MIN_SHARE, MOVED_AMENDED_MIN_SHARE, MOVED_ELSEWHERE_MIN_WORDS, _CommonSubsequence
from constdiff.parse import parse_text
from constdiff.pipeline import compare, compare_files
from constdiff.profiles import data_dir, load_profile
from constdiff.worddiff import count_words, similarity, tokenize, word_counts

EN = load_profile("en")
RULES = editorial_rules(EN)

ASSEMBLY = "Everyone has the right to assemble peacefully and without arms."
PERMISSION = "No prior permission from any public authority is required for an assembly."
NOTICE = "The organisers of an assembly in a public place shall notify the local authority in advance."
COURT = "An assembly may be dissolved only by a decision of a court."
SPONTANEOUS = "Spontaneous assemblies held in response to sudden events are lawful."


def compared(old: str, new: str) -> Comparison:
    return compare(parse_text(old, profile=EN), parse_text(new, profile=EN))


def article(number: str, *paragraphs: str) -> str:
    return f"Article {number}\n" + "\n".join(paragraphs) + "\n"


def pair_of(comparison: Comparison, old_number: str) -> ArticlePair:
    return next(pair for pair in comparison.articles if old_number in pair.old_numbers)


def changes(pair: ArticlePair) -> list[tuple[str, str, str]]:
    """(change, old marker, new marker) per paragraph, in reading order."""
    return [(paragraph.change.value, paragraph.old_marker, paragraph.new_marker) for paragraph in pair.paragraphs]


def all_equal(paragraph: ParagraphPair) -> bool:
    return all(op.tag is DiffTag.EQUAL for op in paragraph.diff.ops)


def test_a_point_kept_word_for_word_under_a_new_number_is_renumbered_with_an_all_equal_diff() -> None:
    comparison = compared(
        article("1", f"1. {ASSEMBLY}", f"2. {COURT}"),
        article("1", f"1. {ASSEMBLY}", f"2. {NOTICE}", f"3. {COURT}"),
    )
    pair = pair_of(comparison, "1")
    assert changes(pair) == [("kept", "1.", "1."), ("inserted", "", "2."), ("renumbered", "2.", "3.")]
    renumbered = pair.paragraphs[2]
    assert all_equal(renumbered) and renumbered.diff.old_text() == COURT
    assert (renumbered.old_number, renumbered.new_number, renumbered.old_article, renumbered.new_article) == ("2", "3", "1", "1")
    assert pair.paragraphs[1].old_article is None and pair.paragraphs[1].diff.new_text() == NOTICE


def test_a_deleted_point_stands_where_it_stood_and_the_next_one_is_renumbered() -> None:
    pair = pair_of(
        compared(
            article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {COURT}"),
            article("1", f"1. {ASSEMBLY}", f"2. {COURT}"),
        ),
        "1",
    )
    assert changes(pair) == [("kept", "1.", "1."), ("deleted", "2.", ""), ("renumbered", "3.", "2.")]
    assert pair.paragraphs[1].new_article is None and pair.paragraphs[1].diff.old_text() == PERMISSION


def test_an_amended_point_diffs_its_words_and_an_editorial_one_is_kept() -> None:
    pair = pair_of(
        compared(
            article("1", f"1. {ASSEMBLY}", f"2. {COURT}"),
            article("1", f"1. {ASSEMBLY.upper()}", f"2. {COURT.replace('a court', 'an independent court')}"),
        ),
        "1",
    )
    assert changes(pair) == [("kept", "1.", "1."), ("amended", "2.", "2.")]
    amended = pair.paragraphs[1]
    assert [(tag.value, text) for tag, text in amended.diff.segments() if tag is not DiffTag.EQUAL] == [
        ("delete", "a"),
        ("insert", "an independent"),
    ]
    assert AMENDED_MIN_SHARE <= similarity(amended.diff) < 1


def test_a_point_that_only_follows_a_renumbered_reference_is_renumbered_not_amended() -> None:
    old = article("1", ASSEMBLY) + article("2", COURT) + article("3", f"1. {PERMISSION}", "2. The rights under Article 2 are protected.")
    new = (
        article("1", ASSEMBLY)
        + article("2", SPONTANEOUS)
        + article("3", COURT)
        + article("4", f"1. {NOTICE}", f"2. {PERMISSION}", "3. The rights under Article 3 are protected.")
    )
    pair = pair_of(compared(old, new), "3")
    assert changes(pair) == [("inserted", "", "1."), ("renumbered", "1.", "2."), ("renumbered", "2.", "3.")]
    reference = pair.paragraphs[2]
    assert [(tag.value, text) for tag, text in reference.diff.segments() if tag is not DiffTag.EQUAL] == [("delete", "2"), ("insert", "3")]


def test_a_point_divided_in_two_is_kept_in_two_pieces_and_two_joined_in_one_likewise() -> None:
    divided = pair_of(
        compared(article("1", f"1. {ASSEMBLY} {PERMISSION}", f"2. {COURT}"), article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {COURT}")),
        "1",
    )
    assert changes(divided) == [("kept", "1.", "1."), ("renumbered", "1.", "2."), ("renumbered", "2.", "3.")]
    assert [p.diff.old_text() for p in divided.paragraphs[:2]] == [f"{ASSEMBLY} ", PERMISSION]
    assert (divided.words_deleted, divided.words_inserted) == (1, 2)  # markers only: a new "2.", and "2." → "3."
    joined = pair_of(
        compared(article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {COURT}"), article("1", f"1. {ASSEMBLY} {PERMISSION}", f"2. {COURT}")),
        "1",
    )
    assert changes(joined) == [("kept", "1.", "1."), ("renumbered", "2.", "1."), ("renumbered", "3.", "2.")]
    assert [p.diff.new_text() for p in joined.paragraphs[:2]] == [f"{ASSEMBLY} ", PERMISSION]


def test_two_unrelated_points_in_the_same_place_are_deleted_and_inserted_not_amended() -> None:
    pair = pair_of(
        compared(article("1", f"1. {ASSEMBLY}", f"2. {COURT}"), article("1", f"1. {ASSEMBLY}", f"2. {SPONTANEOUS}")),
        "1",
    )
    assert changes(pair) == [("kept", "1.", "1."), ("deleted", "2.", ""), ("inserted", "", "2.")]


def test_points_out_of_order_are_moved_and_the_flat_diff_deletes_and_inserts_them() -> None:
    old = article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {NOTICE}", f"4. {COURT}")
    new = article("1", f"1. {COURT}", f"2. {ASSEMBLY}", f"3. {PERMISSION}", f"4. {NOTICE}")
    pair = pair_of(compared(old, new), "1")
    assert changes(pair) == [("moved", "4.", "1."), ("renumbered", "1.", "2."), ("renumbered", "2.", "3."), ("renumbered", "3.", "4.")]
    assert all(all_equal(paragraph) for paragraph in pair.paragraphs)
    assert pair.diff is not None
    assert any(tag is DiffTag.DELETE and f"4. {COURT}" in text for tag, text in pair.diff.segments())
    assert any(tag is DiffTag.INSERT and f"1. {COURT}" in text for tag, text in pair.diff.segments())


def test_a_similar_point_out_of_order_is_amended_in_its_new_place_only_when_similar_enough() -> None:
    reworded = ASSEMBLY.replace("Everyone", "Every citizen")
    pair = pair_of(
        compared(
            article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {NOTICE}"),
            article("1", f"1. {PERMISSION}", f"2. {NOTICE}", f"3. {reworded}"),
        ),
        "1",
    )
    assert changes(pair) == [("renumbered", "2.", "1."), ("renumbered", "3.", "2."), ("amended", "1.", "3.")]
    assert similarity(pair.paragraphs[2].diff) >= MOVED_AMENDED_MIN_SHARE


def test_a_split_pairs_each_part_with_the_points_it_came_from() -> None:
    old = article("4", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {NOTICE}", f"4. {COURT}")
    new = article("4", f"1. {ASSEMBLY}", f"2. {PERMISSION}") + article("5", f"1. {NOTICE}", f"2. {COURT}")
    pair = pair_of(compared(old, new), "4")
    assert pair.change is ArticleChange.SPLIT
    assert changes(pair) == [("kept", "1.", "1."), ("kept", "2.", "2."), ("renumbered", "3.", "1."), ("renumbered", "4.", "2.")]
    assert [(paragraph.old_article, paragraph.new_article) for paragraph in pair.paragraphs] == [("4", "4"), ("4", "4"), ("4", "5"), ("4", "5")]
    assert pair.words_deleted == pair.words_inserted == 2  # the two markers, "3." → "1." and "4." → "2."


def test_added_and_repealed_articles_have_every_point_inserted_or_deleted() -> None:
    comparison = compared(
        article("1", f"1. {ASSEMBLY}") + article("2", f"1. {COURT}", f"2. {SPONTANEOUS}"),
        article("1", f"1. {ASSEMBLY}") + article("2", "Repealed.") + article("3", f"1. {NOTICE}", PERMISSION),
    )
    repealed = pair_of(comparison, "2")
    added = next(pair for pair in comparison.articles if pair.new_numbers == ("3",))
    assert repealed.change is ArticleChange.REPEALED and added.change is ArticleChange.ADDED
    assert changes(repealed) == [("deleted", "1.", ""), ("deleted", "2.", "")]
    assert changes(added) == [("inserted", "", "1."), ("inserted", "", "")]
    assert added.paragraphs[1].new_number is None


def test_an_unchanged_article_keeps_every_point() -> None:
    pair = pair_of(compared(article("1", f"1. {ASSEMBLY}", COURT), article("1", f"1. {ASSEMBLY}", COURT)), "1")
    assert changes(pair) == [("kept", "1.", "1."), ("kept", "", "")]
    assert all(all_equal(paragraph) for paragraph in pair.paragraphs)


def test_a_point_moved_to_another_article_is_moved_on_both_sides_and_names_the_other_article() -> None:
    old = article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}", f"3. {NOTICE}") + article("2", f"1. {COURT}", f"2. {SPONTANEOUS}")
    new = article("1", f"1. {ASSEMBLY}", f"2. {PERMISSION}") + article("2", f"1. {COURT}", f"2. {SPONTANEOUS}", f"3. {NOTICE}")
    comparison = compared(old, new)
    gone = pair_of(comparison, "1").paragraphs[-1]
    came = pair_of(comparison, "2").paragraphs[-1]
    assert (gone.change, gone.old_article, gone.new_article, gone.elsewhere) == (ParagraphChange.MOVED, "1", None, "2")
    assert (came.change, came.old_article, came.new_article, came.elsewhere) == (ParagraphChange.MOVED, None, "2", "1")
    assert gone.diff.old_text() == came.diff.new_text() == NOTICE
    assert pair_of(comparison, "1").words_deleted == count_words(f"3. {NOTICE}")  # the measures still see a deletion


def test_short_or_repeated_points_are_never_linked_to_another_article() -> None:
    short = "Repealed by law."
    assert count_words(short) < MOVED_ELSEWHERE_MIN_WORDS
    old = (
        article("1", f"1. {ASSEMBLY}", f"2. {short}", f"3. {NOTICE}")
        + article("2", f"1. {COURT}")
        + article("3", f"1. {PERMISSION}", f"2. {NOTICE}")
    )
    new = (
        article("1", f"1. {ASSEMBLY}")
        + article("2", f"1. {COURT}", f"2. {short}", f"3. {NOTICE}")
        + article("3", f"1. {PERMISSION}")
    )
    comparison = compared(old, new)
    assert not [paragraph for pair in comparison.articles for paragraph in pair.paragraphs if paragraph.elsewhere]


def test_the_preamble_aligns_its_paragraphs_like_an_article() -> None:
    preamble = "We, the people, adopt this Constitution.\nWe honour the memory of our ancestors.\n"
    amended = "We, the people, adopt this Constitution.\nWe remember the victims of the war.\nWe honour the memory of our ancestors.\n"
    comparison = compared(preamble + article("1", ASSEMBLY), amended + article("1", ASSEMBLY))
    assert comparison.preamble is not None
    assert changes(comparison.preamble) == [("kept", "", ""), ("inserted", "", ""), ("kept", "", "")]
    assert {paragraph.new_article for paragraph in comparison.preamble.paragraphs} == {"preamble"}
    assert comparison.preamble.diff is not None and comparison.preamble.diff.new_text() == amended.rstrip("\n")


PARAGRAPH = st.lists(st.sampled_from("state people court law right freedom citizen election term office".split()), min_size=1, max_size=8).map(
    lambda words: " ".join(words).capitalize() + "."
)
ARTICLE = st.lists(PARAGRAPH, min_size=0, max_size=5)
VERSION = st.lists(ARTICLE, min_size=1, max_size=6)


def render(articles: list[list[str]]) -> str:
    return "".join(article(str(number), *(f"{index}. {text}" for index, text in enumerate(paragraphs, 1))) for number, paragraphs in enumerate(articles, 1))


@settings(max_examples=80, deadline=None)
@given(VERSION, VERSION)
@example(old_articles=[["State.", "State state."]], new_articles=[["State state state."]])
def test_paragraph_pairs_cover_each_side_once_and_the_flat_diff_rebuilds_both_texts(old_articles: list[list[str]], new_articles: list[list[str]]) -> None:
    old, new = parse_text(render(old_articles), profile=EN), parse_text(render(new_articles), profile=EN)
    comparison = compare(old, new)
    for pair in comparison.articles:
        assert pair.diff is not None
        old_members = [a for a in old.articles() if a.key in pair.old_numbers]
        new_members = [a for a in new.articles() if a.key in pair.new_numbers]
        assert pair.diff.old_text() == "\n".join(a.text for a in old_members)
        assert pair.diff.new_text() == "\n".join(a.text for a in new_members)
        # Every old word once (a moved paragraph stands at its new place), every new one once and in order
        # (a paragraph divided among several, or joined from several, comes in pieces).
        old_side = Counter(token for p in pair.paragraphs if p.old_article is not None for token in p.diff.old_tokens)
        assert old_side == Counter(token for a in old_members for p in a.paragraphs for token in tokenize(p.text))
        new_side = [p.diff.new_text() for p in pair.paragraphs if p.new_article is not None]
        assert "".join(new_side) == "".join(p.text for a in new_members for p in a.paragraphs)
        counts = word_counts(pair.diff)
        assert (pair.words_deleted, pair.words_inserted) == (counts.deleted, counts.inserted)
        for paragraph in pair.paragraphs:
            equal = all_equal(paragraph) and paragraph.diff.old_text() == paragraph.diff.new_text()
            if paragraph.change in (ParagraphChange.KEPT, ParagraphChange.RENUMBERED):
                # Editorially equal, as the class says: the piece of a joined paragraph may lose the
                # full stop where its part ended ("State." kept as "State " in "State state state.").
                assert editorial_key(paragraph.diff.old_text(), RULES) == editorial_key(paragraph.diff.new_text(), RULES) or equal
            if paragraph.change is ParagraphChange.AMENDED:
                assert not equal


def test_every_paragraph_change_is_in_the_schema() -> None:
    schema = json.loads((data_dir() / "schema" / "constdiff-1.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["paragraph"]["properties"]["status"]["enum"] == [change.value for change in ParagraphChange]


# --- The real case: Kazakhstan 1995 (as amended) → 2026, Russian ------------------------------

KZ_RU = ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt")


@pytest.fixture(scope="module")
def kazakh() -> Comparison:
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"
    if not corpus.is_dir():
        pytest.skip(f"real-text corpus not found at {corpus} (it lives beside the repository, in ../shared/corpus)")
    old, new = KZ_RU
    return compare_files(str(corpus / old), str(corpus / new))


def test_kazakh_clause_2_4_kept_word_for_word_as_2_5_is_one_renumbered_paragraph(kazakh: Comparison) -> None:
    pair = next(pair for pair in kazakh.articles if pair.old_numbers == ("2",))
    found = [p for p in pair.paragraphs if p.old_number == "4"]
    assert len(found) == 1
    clause = found[0]
    assert (clause.change, clause.old_article, clause.new_article, clause.new_number) == (ParagraphChange.RENUMBERED, "2", "2", "5")
    assert all_equal(clause) and clause.diff.old_text() == clause.diff.new_text()


def test_kazakh_split_77_keeps_its_identical_paragraphs(kazakh: Comparison) -> None:
    pair = next(pair for pair in kazakh.articles if pair.old_numbers == ("77",))
    assert pair.change is ArticleChange.SPLIT and pair.new_numbers == ("19", "78")
    old_texts = {p.text for a in kazakh.old.articles() if a.key == "77" for p in a.paragraphs}
    new_texts = {p.text for a in kazakh.new.articles() if a.key in ("19", "78") for p in a.paragraphs}
    identical = old_texts & new_texts
    assert len(identical) >= 7  # 78.1, 78.2 and five points of 78.3 are old 77's, word for word
    for paragraph in pair.paragraphs:
        text = paragraph.diff.old_text() or paragraph.diff.new_text()
        if text in identical:
            assert paragraph.change in (ParagraphChange.KEPT, ParagraphChange.RENUMBERED), paragraph
            assert all_equal(paragraph) and paragraph.new_article == "78"
    # The new article 19 takes old points 3.1), 3.2) and 3.7), reworded: each is diffed against its source.
    part = [(p.change, p.old_marker) for p in pair.paragraphs if p.new_article == "19" and p.old_article == "77"]
    assert part == [(ParagraphChange.AMENDED, "1)"), (ParagraphChange.AMENDED, "7)"), (ParagraphChange.AMENDED, "2)")]


def _longest_common_subsequence(old: list[str], new: list[str]) -> int:
    row = [0] * (len(new) + 1)
    for word in old:
        previous = 0
        for at, other in enumerate(new, 1):
            previous, row[at] = row[at], previous + 1 if word == other else max(row[at], row[at - 1])
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(
    old=st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=70),
    new=st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=70),
)
def test_the_bit_parallel_common_subsequence_is_the_longest(old: list[str], new: list[str]) -> None:
    """It rules candidate pairs out before their diff: too long a subsequence costs only time, too short one a pair."""
    assert _CommonSubsequence(old).length(new) == _longest_common_subsequence(old, new)
