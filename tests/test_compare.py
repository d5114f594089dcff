"""The diff engine on small hand-made versions where the right answer is known."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from constdiff.model import ForcedPair
from constdiff.errors import MappingError
from constdiff.model import ArticleChange, DiffTag, SectionChange
from constdiff.parse import parse_text
from constdiff.pipeline import compare
from constdiff.profiles import DEFAULT_REFERENCES, load_profile

EN = load_profile("en")

OLD = """\
Section I
Foundations

Article 1
1. The Republic is a democratic and social state governed by the rule of law.
2. Its highest values are the person, life, rights and freedoms.

Article 2
The capital of the Republic is the city of Norwick, as established by law.

Article 3
1. The official language is Arvenian. The state cares for other languages of the people.
2. Every citizen may use the mother tongue and choose freely the language of communication and upbringing.

Article 4
Land, subsoil, waters, flora and fauna belong to the state and are protected by constitutional law in the interest of future generations.

Section II
Rights

Article 5
Everyone has the right to life, and no one may arbitrarily deprive a person of life under any circumstances.

Article 6
Freedom of speech and creative expression is guaranteed; censorship is prohibited throughout the Republic.

Article 7
Citizens may assemble peacefully without weapons after notifying the local authorities in advance.

Article 8
Everyone has the right to own property, including the right to inherit it, protected by law and courts.

Article 9
Every citizen has the right to choose a profession and occupation, and to fair pay for their work.

Article 10
Foreigners enjoy the rights established for citizens, unless otherwise provided by laws and treaties.
"""

NEW = """\
Section I
Foundations of the constitutional order

Article 1
1. The Republic is a democratic and social state governed by the rule of law.
2. Its highest values are the person, life, rights and freedoms.

Article 2
Adopted articles need a new home too: the People's Assembly meets every spring in the capital city.

Article 3
The capital of the Republic is the city of Norwick, as established by law.

Article 4
1. The official language is Arvenian. The state cares for the other languages of the people.

Article 5
Every citizen may use the mother tongue and choose freely the language of communication and upbringing.

Section II
Rights

Article 6
Everyone has the right to life, and no one may arbitrarily deprive a person of life under any circumstances.

Article 7
Freedom of speech and creative expression is guaranteed, censorship is prohibited throughout the Republic.

Article 8
Citizens may assemble peacefully without weapons after notifying the local authorities in advance. Everyone has the right to own property, including the right to inherit it, protected by law and courts.

Article 9
Every citizen has the right to choose a profession and occupation, to safe working conditions, and to fair pay for their work.

Article 10
Land, subsoil, waters, flora and fauna belong to the state and are protected by constitutional law in the interest of future generations.
"""


def changes(old_text: str = OLD, new_text: str = NEW, **options) -> dict[tuple[tuple[str, ...], tuple[str, ...]], str]:
    comparison = compare(parse_text(old_text, profile=EN), parse_text(new_text, profile=EN), **options)
    return {(pair.old_numbers, pair.new_numbers): pair.change.value for pair in comparison.articles}


def test_every_kind_of_article_change_is_found() -> None:
    assert changes() == {
        (("1",), ("1",)): "unchanged",
        ((), ("2",)): "added",
        (("2",), ("3",)): "renumbered",
        (("3",), ("4", "5")): "split",
        (("4",), ("10",)): "moved",
        (("5",), ("6",)): "renumbered",
        (("6",), ("7",)): "renumbered",
        (("7", "8"), ("8",)): "merged",
        (("9",), ("9",)): "amended",
        (("10",), ()): "repealed",
    }


def test_editorial_change_in_place() -> None:
    old = "Article 1\nThe state is \"secular\" and SOCIAL.\n"
    new = "Article 1\nThe state is “secular”, and social.\n"
    assert changes(old, new) == {(("1",), ("1",)): "editorial"}


def test_footnote_markers_that_shift_are_editorial_and_a_figure_is_not() -> None:
    """A note added earlier in the text renumbers every later footnote marker ("<sup>12</sup>",
    "[^12]"); the law's own figures are words that matter."""
    old = "Article 1\nThe council<sup>12</sup> has 40 members.[^13]\nArticle 2\nThe term is 4 years.<sup>14</sup>\n"
    new = "Article 1\nThe council<sup>13</sup> has 40 members.[^14]\nArticle 2\nThe term is 5 years.<sup>15</sup>\n"
    assert changes(old, new) == {(("1",), ("1",)): "editorial", (("2",), ("2",)): "amended"}


def test_reference_updated_for_renumbering_is_editorial() -> None:
    old = "Article 1\nPower belongs to the people of the land.\nArticle 2\nThe rule in Article 1 binds everyone.\n"
    new = (
        "Article 1\nA wholly new first article about the flag and anthem.\n"
        "Article 2\nPower belongs to the people of the land.\nArticle 3\nThe rule in Article 2 binds everyone.\n"
    )
    assert changes(old, new)[(("2",), ("3",))] == "renumbered"


CS_OLD = "Čl. 1\nMoc patří lidu celé země.\nČl. 2\nPravidlo podle čl. 1 zavazuje každého.\n"
CS_NEW = (
    "Čl. 1\nZcela nový první článek o vlajce a hymně.\n"
    "Čl. 2\nMoc patří lidu celé země.\nČl. 3\nPravidlo podle čl. 2 zavazuje každého.\n"
)
ES_OLD = "Artículo 1\nEl poder pertenece al pueblo del país.\nArtículo 2\nLa regla del artículo 1 obliga a todos.\n"
ES_NEW = (
    "Artículo 1\nUn primer artículo del todo nuevo sobre la bandera.\n"
    "Artículo 2\nEl poder pertenece al pueblo del país.\nArtículo 3\nLa regla del artículo 2 obliga a todos.\n"
)


@pytest.mark.parametrize(("language", "old_text", "new_text"), [("cs", CS_OLD, CS_NEW), ("es", ES_OLD, ES_NEW)])
def test_reference_words_come_from_the_profile(language: str, old_text: str, new_text: str) -> None:
    """"čl. 1" → "čl. 2" follows the renumbering under the Czech profile's words; the default
    words ("art", "article") do not know "čl" or "artículo", so there it is an amendment."""
    profile = load_profile(language)
    old, new = parse_text(old_text, profile=profile), parse_text(new_text, profile=profile)

    def status(comparison: object) -> str:
        return {(pair.old_numbers, pair.new_numbers): pair.change.value for pair in comparison.articles}[(("2",), ("3",))]

    assert status(compare(old, new)) == "renumbered"  # the profile of the documents' language
    assert status(compare(old, new, profile=profile)) == "renumbered"
    assert status(compare(old, new, profile=replace(profile, references=DEFAULT_REFERENCES))) == "amended"
    # a reading no profile made ("und") compares with the default words
    assert status(compare(replace(old, language="und"), replace(new, language="und"))) == "amended"


def test_changed_number_that_is_not_a_reference_is_amendment() -> None:
    old = "Article 1\nCitizens vote from the age of 18 years.\n"
    new = "Article 1\nCitizens vote from the age of 16 years.\n"
    assert changes(old, new) == {(("1",), ("1",)): "amended"}


def test_sections_are_mapped_by_their_articles() -> None:
    comparison = compare(parse_text(OLD, profile=EN), parse_text(NEW, profile=EN))
    statuses = {(s.old[0].number if s.old else None, s.new[0].number if s.new else None): s.change for s in comparison.sections}
    assert statuses == {("I", "I"): SectionChange.RENAMED, ("II", "II"): SectionChange.UNCHANGED}


def test_identical_versions_have_no_differences() -> None:
    comparison = compare(parse_text(OLD, profile=EN), parse_text(OLD, profile=EN))
    assert not comparison.has_differences
    assert {pair.change for pair in comparison.articles} == {ArticleChange.UNCHANGED}
    assert comparison.measure("old_words_deleted_pct").value == 0.0


def test_identical_versions_keep_all_their_text_verbatim_preamble_included() -> None:
    text = PREAMBLE + OLD
    comparison = compare(parse_text(text, profile=EN), parse_text(text, profile=EN))
    assert comparison.preamble is not None and comparison.preamble.old_words
    assert comparison.measure("old_text_verbatim_pct").value == 100.0


def test_user_mapping_overrides_alignment() -> None:
    forced = (ForcedPair(("10",), ("2",)),)
    assert changes(forced=forced)[(("10",), ("2",))] == "amended"


def test_user_mapping_with_unknown_article_is_an_error() -> None:
    with pytest.raises(MappingError, match="no article 99"):
        changes(forced=(ForcedPair(("99",), ("1",)),))


def test_measures_are_consistent() -> None:
    comparison = compare(parse_text(OLD, profile=EN), parse_text(NEW, profile=EN))
    assert comparison.measure("old_articles").value == 10
    assert comparison.measure("new_articles").value == 10
    assert comparison.measure("articles_repealed").value == 1
    assert comparison.measure("articles_added").value == 1
    # amended 9, split 3, merged 7 and 8, repealed 10
    assert comparison.measure("old_articles_changed_substantively").value == 5
    assert 0 < comparison.measure("old_words_deleted_pct").value < 50


def test_point_number_after_a_reference_is_not_renumbered() -> None:
    """ "... Article 1.\\n2. ..." : the window after "Article" stops at the end of the clause."""
    old = "Article 1\nPower belongs to the people of the land.\nArticle 2\n1. As Article 1 says.\n2. Nothing else.\n"
    new = (
        "Article 1\nA new article about the flag and the anthem of the state.\n"
        "Article 2\nPower belongs to the people of the land.\nArticle 3\n1. As Article 2 says.\n2. Nothing else.\n"
    )
    assert changes(old, new)[(("2",), ("3",))] == "renumbered"


def test_splits_and_merges_mark_where_each_member_article_begins() -> None:
    """The redline of a split or merge names each further member where its text begins."""
    from constdiff.model import PartStart
    from constdiff.pipeline import compare_files
    from constdiff.seeds import seed_pair

    old_path, new_path = seed_pair()
    comparison = compare_files(str(old_path), str(new_path))
    checked = 0
    for pair in comparison.articles:
        items = list(pair.redline())
        runs = [item for item in items if not isinstance(item, PartStart)]
        assert "".join(text for tag, text in runs if tag is not DiffTag.INSERT) == pair.diff.old_text()
        assert "".join(text for tag, text in runs if tag is not DiffTag.DELETE) == pair.diff.new_text()
        starts = [item for item in items if isinstance(item, PartStart)]
        members = {"old": pair.old_numbers[1:], "new": pair.new_numbers[1:]}
        assert [s.article for s in starts if s.side == "old"] == list(members["old"])
        assert [s.article for s in starts if s.side == "new"] == list(members["new"])
        for start in starts:
            before = items[: items.index(start)]
            hidden = DiffTag.INSERT if start.side == "old" else DiffTag.DELETE
            shown = "".join(text for tag, text in (i for i in before if not isinstance(i, PartStart)) if tag is not hidden)
            assert len(shown) == start.offset
            member_text = pair.diff.old_text() if start.side == "old" else pair.diff.new_text()
            assert member_text[start.offset - 1] == "\n"
            checked += 1
    assert checked >= 2, "the seeds hold a split and a merge"


def test_same_text_apart_from_numbers_pairs_directly_and_a_changed_figure_is_amended() -> None:
    old = parse_text(
        "Article 1\nAn appeal is lodged within 30 days.\n"
        "Article 2\nThe court decides within 30 days.\n"
        "Article 3\nThe court decides within 30 days.\n",
        profile=EN,
    )
    new = parse_text(
        "Article 1\nAn appeal is lodged within 60 days.\n"
        "Article 2\nThe court decides within 30 days.\n"
        "Article 3\nThe court decides within 30 days.\n",
        profile=EN,
    )
    pairs = {pair.old_numbers: pair for pair in compare(old, new).articles}
    assert pairs[("1",)].new_numbers == ("1",)
    assert pairs[("1",)].change is ArticleChange.AMENDED
    assert pairs[("1",)].reason == "same text, numbers aside"
    # twice the same text on a side is no certain pair: those go through the aligner's passes
    from constdiff.align import align_articles

    reasons = {link.old: link.reason for link in align_articles(old.located_articles(), new.located_articles())}
    assert reasons[(0,)] == "same text, numbers aside"
    assert reasons[(1,)] == reasons[(2,)] == "close vocabulary, same number"


PREAMBLE = "We, the people of Arvenia, adopt this Constitution.\n\n"


def test_a_preamble_missing_from_one_input_is_not_compared() -> None:
    """An input that starts at its first section proves nothing about the preamble."""
    old = parse_text(PREAMBLE + OLD, profile=EN, source="old.txt")
    new = parse_text(NEW, profile=EN, source="new.txt")
    comparison = compare(old, new)
    assert comparison.preamble is None and comparison.preamble_not_found == ("new.txt",)
    assert "new.txt: no preamble found; the preamble is not compared" in comparison.warnings
    assert not any("repealed" in warning or "added" in warning for warning in comparison.warnings)
    without = compare(parse_text(OLD, profile=EN), parse_text(NEW, profile=EN))
    assert comparison.measure("old_words").value == without.measure("old_words").value


def test_a_repeal_note_in_place_of_the_preamble_proves_its_repeal() -> None:
    old = parse_text(PREAMBLE + OLD, profile=EN)
    new = parse_text("The preamble is repealed.\n\n" + NEW, profile=EN)
    comparison = compare(old, new)
    assert comparison.preamble is not None and comparison.preamble.change is ArticleChange.REPEALED
    assert comparison.preamble.reason == "the new version marks it repealed" and not comparison.preamble_not_found
    both = compare(old, parse_text(PREAMBLE + NEW, profile=EN))
    assert both.preamble is not None and both.preamble.change is ArticleChange.UNCHANGED


def test_section_content_counts_each_article_where_it_stands() -> None:
    """Old 4 moved from section I to new 10 in section II; the split 3 → 4, 5 counts both parts."""
    from constdiff.model import SectionContent

    comparison = compare(parse_text(OLD, profile=EN), parse_text(NEW, profile=EN))
    content = {section.new[0].number: section.content for section in comparison.sections}
    assert content["I"] == SectionContent(articles=6, unchanged=2, amended=2, moved_out=1, added=1)
    assert content["II"] == SectionContent(articles=6, unchanged=2, amended=2, moved_in=1, repealed=1)


def test_every_share_keeps_its_numerator_and_denominator() -> None:
    comparison = compare(parse_text(OLD, profile=EN), parse_text(NEW, profile=EN))
    shares = [measure for measure in comparison.measures if measure.unit == "percent"]
    assert shares and all(
        measure.denominator and measure.value == round(100 * measure.numerator / measure.denominator, 1) for measure in shares
    )
    assert all(measure.numerator is None for measure in comparison.measures if measure.unit == "count")
    # new 2 added; new 4 and 5 (split of 3), 8 (merge of 7 and 8) and 9 amended
    assert comparison.measure("new_articles_changed").value == 5
    assert comparison.measure("new_articles_amended").value == 4
    assert comparison.measure("new_articles_changed_pct").numerator == 5
    assert comparison.measure("old_articles_changed_substantively_pct").numerator == 5


def test_an_article_reduced_to_a_placeholder_is_no_new_article_changed() -> None:
    old = "Article 1\nThe state is secular.\nArticle 2\nThe capital is Norwick.\nArticle 3\nThe flag is green.\n"
    new = "Article 1\nThe state is secular and social.\nArticle 2\nThe capital is Norwick.\nArticle 3\n(repealed)\n"
    comparison = compare(parse_text(old, profile=EN), parse_text(new, profile=EN))
    assert comparison.measure("articles_repealed").value == 1
    assert comparison.measure("new_articles_changed").value == comparison.measure("new_articles_amended").value == 1


def test_section_content_counts_placeholders_as_repealed_or_added() -> None:
    old = (
        "Section I\nBasics\nArticle 1\nThe state is secular.\nArticle 2\n(repealed)\nArticle 3\nThe flag is green.\n"
        "Article 4\n(repealed)\nArticle 5\nThe anthem is sung in Arvenian.\n"
    )
    new = (
        "Section I\nBasics\nArticle 1\nThe state is secular.\nArticle 2\nThe coat of arms shows a heron over seven rivers.\n"
        "Article 3\n(repealed)\nArticle 4\n(repealed)\nArticle 5\nThe anthem is sung in Arvenian.\n"
    )
    from constdiff.model import SectionContent

    comparison = compare(parse_text(old, profile=EN), parse_text(new, profile=EN))
    assert {pair.old_numbers: pair.change.value for pair in comparison.articles} == {
        ("1",): "unchanged", ("2",): "added", ("3",): "repealed", ("4",): "unchanged", ("5",): "unchanged"
    }
    assert comparison.sections[0].content == SectionContent(articles=4, unchanged=2, added=1, repealed=1)


def test_a_placeholder_kept_in_both_versions_is_in_no_count() -> None:
    """"Article 2 (repealed)" in both: not an article in force, so neither unchanged nor anything else now,
    and the headline never counts more articles than the old version has in force."""
    from constdiff.parse import parse_text
    from constdiff.pipeline import compare
    from constdiff.profiles import load_profile

    en = load_profile("en")
    text = "Article 1\nPower belongs to the people.\nArticle 2\n(repealed)\nArticle 3\nThe state is {}.\n"
    comparison = compare(parse_text(text.format("secular"), profile=en), parse_text(text.format("social"), profile=en))
    counted = sum(comparison.measure(f"articles_{change}").value for change in ("unchanged", "amended", "repealed"))
    assert comparison.measure("old_articles").value == counted == 2


def test_a_comparison_leaves_nothing_behind_for_the_life_of_the_process() -> None:
    """The collector is paused during a comparison, never made to forget what it made: the walks of
    located_articles are reference cycles, and a frozen cycle would leak on every call."""
    import gc

    from constdiff.model import LocatedArticle
    from constdiff.pipeline import compare_files

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    gc.collect()
    alive_before = sum(isinstance(item, LocatedArticle) for item in gc.get_objects())
    comparison = compare_files(str(seeds / "arvenia-2011.txt"), str(seeds / "arvenia-2024.txt"), jobs=1)
    del comparison
    gc.collect()
    assert gc.get_freeze_count() == 0
    assert sum(isinstance(item, LocatedArticle) for item in gc.get_objects()) == alive_before
