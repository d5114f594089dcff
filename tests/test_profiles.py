"""Language profiles: the shipped YAML files, validation of a user's profile, look-alike letters."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from constdiff.errors import ProfileError
from constdiff.parse import parse_text
from constdiff.profiles import available_languages, data_dir, fold_lookalikes, load_profile, lookalike_table, parse_profile

MINIMAL = {"language": "xx", "articles": [r"^Art (?P<number>\d+)"]}


def test_shipped_languages() -> None:
    assert available_languages() == (
        "cs", "da", "de", "en", "es", "et", "fi", "fr", "hr", "hu", "it", "kk", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl",
        "sv", "uk",
    )


@pytest.mark.parametrize("language", available_languages())
def test_shipped_profile_is_complete(language: str) -> None:
    profile = load_profile(language)
    assert profile.language == language and profile.source.endswith(f"{language}.yaml")
    assert profile.articles and profile.divisions and profile.paragraphs and profile.notes and profile.repealed
    assert len(profile.words) >= 15 and all(word == fold_lookalikes(word).lower() for word in profile.words)
    assert [rule.rank for rule in profile.divisions] == list(range(len(profile.divisions)))


REFERENCE_WORDS = {
    "cs": "článku", "de": "Artikel", "en": "Articles", "es": "artículo", "et": "paragrahvi", "fr": "article",
    "it": "articolo", "kk": "бабының", "pl": "artykułu", "ru": "Статьей", "sk": "článkov", "uk": "Статті",
    "hr": "članka", "nl": "artikelen", "pt": "artigo", "ro": "articolul", "sl": "člena", "hu": "cikkének",
    "sv": "paragrafen", "da": "paragraf", "fi": "pykälän", "nb": "paragrafen",
}


@pytest.mark.parametrize("language", available_languages())
def test_shipped_profile_names_its_reference_and_page_words(language: str) -> None:
    """Each language says how it cites an article and how a printed page counter reads; reference
    words are matched folded and lower-case (a capital Cyrillic С folds to a Latin C)."""
    raw = yaml.safe_load((data_dir() / "profiles" / f"{language}.yaml").read_text(encoding="utf-8"))
    assert "references" in raw and "page_counter" in raw
    assert load_profile(language).references.words.match(fold_lookalikes(REFERENCE_WORDS[language]).lower())


def test_function_words_of_different_languages_do_not_overlap_much() -> None:
    words = {language: load_profile(language).words for language in available_languages()}
    for language, own in words.items():
        others = set().union(*(other for name, other in words.items() if name != language))
        assert len(own - others) >= 0.8 * len(own), language


@pytest.mark.parametrize(
    ("language", "heading", "kind", "number"),
    [
        ("en", "Part II", "part", "II"), ("en", "Section IX. Final Provisions", "section", "IX"),
        ("en", "Chapter 3-1", "chapter", "3-1"), ("ru", "Раздел VIII Местное", "section", "VIII"),
        ("ru", "Глава 2", "chapter", "2"), ("kk", "ХI бөлім", "section", "XI"), ("kk", "2-тарау", "chapter", "2"),
        ("de", "Abschnitt IV", "section", "IV"), ("de", "VII. Die Gesetzgebung", "section", "VII"), ("de", "1. Teil", "part", "1"),
    ],
)
def test_division_kinds(language: str, heading: str, kind: str, number: str) -> None:
    article = {"en": "Article 1", "ru": "Статья 1", "kk": "1-бап", "de": "Artikel 1"}[language]
    (division,) = parse_text(f"{heading}\n{article}\nText.\n", profile=load_profile(language)).divisions()
    assert (division.kind, division.number) == (kind, number)


def test_lookalikes_fold_to_one_letter() -> None:
    assert fold_lookalikes("ІІ ХI Ү") == "II XI Ү"
    assert fold_lookalikes("жөнiндегi") == fold_lookalikes("жөніндегі")
    table = yaml.safe_load((data_dir() / "lookalikes.yaml").read_text(encoding="utf-8"))
    variants = [variant for listed in table.values() for variant in listed]
    assert len(variants) == len(set(variants)) and not set(variants) & set(table)
    assert all(len(variant) == 1 for variant in variants) and len(lookalike_table()) == len(variants)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"language": None}, "field 'language' must be a non-empty string"),
        ({"language": "  "}, "field 'language' must be a non-empty string"),
        ({"articles": None}, "field 'articles' must list at least one pattern"),
        ({"articles": r"^Art (?P<number>\d+)"}, "field 'articles' must be a list of regular expressions"),
        ({"articles": [r"^Art (?P<number>\d+"]}, "field 'articles[0]' is not a valid regular expression"),
        ({"articles": [r"^Art \d+"]}, "field 'articles[0]' needs the named group(s) number"),
        ({"articles": [5]}, "field 'articles[0]' must be a regular expression string"),
        ({"paragraphs": [None]}, "field 'paragraphs[0]' must be a regular expression string (got null)"),
        ({"paragraphs": [r"^(?P<number>\d+)\. (?P<text>.*)"]}, "field 'paragraphs[0]' needs the named group(s) marker"),
        ({"notes": [r"^Note: (?P<text>.*)"]}, "field 'notes[0]' needs the named group(s) marker"),
        ({"divisions": {"kind": "part"}}, "field 'divisions' must be a list"),
        ({"divisions": [{"patterns": [r"^Part (?P<number>\d+)(?P<title>.*)"]}]}, "field 'divisions[0].kind' must be a non-empty string"),
        ({"divisions": [{"kind": "part", "patterns": [r"^Part (?P<number>\d+)"]}]}, "field 'divisions[0].patterns[0]' needs the named group(s) title"),
        ({"front_matter": [{"key": "status", "pattern": "(draft"}]}, "field 'front_matter[0].pattern[0]' is not a valid regular expression"),
        ({"words": ["the", "of", "and", False]}, "field 'words[3]' must be a string (got false; quote it)"),
        ({"words": ["the", ""]}, "field 'words[1]' must be a non-empty string"),
        ({"language": 5}, "field 'language' must be a string (got 5; quote it)"),
        ({"name": True}, "field 'name' must be a string (got true; quote it)"),
        ({"articles": [True]}, "field 'articles[0]' must be a regular expression string or a {pattern, level} mapping (got true; quote it)"),
        ({"articles": [{"pattern": r"^Art (?P<number>\d+)", "level": 7}]}, "field 'articles[0].level' must be a Markdown heading level 1-6"),
        ({"articles": [{"pattern": r"^Art (?P<number>\d+)", "level": [2, "3"]}]}, "field 'articles[0].level' must be a Markdown heading level"),
        ({"articles": [{"pattern": r"^Art (?P<number>\d+)", "level": True}]}, "field 'articles[0].level' must be a Markdown heading level"),
        ({"articles": [{"pattern": r"^Art (?P<number>\d+)", "levels": 2}]}, "field 'articles[0]' has unknown key(s) levels (allowed: pattern, level)"),
        ({"articles": [{"level": 2}]}, "field 'articles[0].pattern' must be a regular expression string (got null)"),
        ({"articles": [{"pattern": r"^Art \d+", "level": 2}]}, "field 'articles[0].pattern' needs the named group(s) number"),
        ({"divisions": [{"kind": "part", "patterns": [{"pattern": "^(?P<number>I)$", "level": 2}]}]}, "field 'divisions[0].patterns[0].pattern' needs the named group(s) title"),
        ({"ordinals": ["first"]}, "field 'ordinals' must be a mapping of words to numbers"),
        ({"ordinals": {"first": "1"}}, "field 'ordinals[first]' must be a whole number of 0 or more (got '1')"),
        ({"ordinals": {"first": True}}, "field 'ordinals[first]' must be a whole number of 0 or more (got true)"),
        ({"ordinals": {"first": -1}}, "field 'ordinals[first]' must be a whole number of 0 or more (got -1)"),
        ({"ordinals": {1: 1}}, "field 'ordinals[1]' must be a string (got 1; quote it)"),
        ({"words": "the"}, "field 'words' must be a list"),
        ({"references": "^art$"}, "field 'references' must be a mapping ({words: REGEX, paragraph_words: REGEX, ...})"),
        ({"references": {"joiners": "^and$"}}, "field 'references.words' must be a regular expression string (got null)"),
        ({"references": {"words": "^(art"}}, "field 'references.words' is not a valid regular expression"),
        ({"references": {"words": "^art$", "numbers_after": 3}}, "field 'references.numbers_after' is no longer read: a citation's grammar says where its numbers stand (words with joiners and through)"),
        ({"references": {"words": "^art$", "number_first": "yes"}}, "field 'references.number_first' must be true or false (got 'yes')"),
        ({"references": {"words": "^art$", "order": "left"}}, "field 'references.order' must be one of small-first, large-first (got 'left')"),
        ({"references": {"words": "^art$", "through": "^(to"}}, "field 'references.through' is not a valid regular expression"),
        ({"references": {"words": "^art$", "after": 2}}, "field 'references' has unknown key(s) after (allowed: words, paragraph_words, item_words, joiners, through, connectors, external, act_words, number_first, paragraph_after_comma, ordinal_point, order, this_article, this_paragraph, preceding_paragraph)"),
        ({"page_counter": ["page"]}, "field 'page_counter' must be a mapping ({labels: [page], of: [of]})"),
        ({"page_counter": {"labels": "page"}}, "field 'page_counter.labels' must be a list"),
        ({"page_counter": {"labels": ["page"], "of": [""]}}, "field 'page_counter.of[0]' must be a non-empty string"),
        ({"page_counter": {"label": ["page"]}}, "field 'page_counter' has unknown key(s) label (allowed: labels, of)"),
    ],
)
def test_invalid_profile_names_the_field(changes: dict, problem: str) -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({**MINIMAL, **changes}, source="mine.yaml")
    assert caught.value.source == "mine.yaml" and problem in caught.value.problem


@pytest.mark.parametrize("raw", [None, [], "articles"])
def test_a_profile_must_be_a_mapping(raw: object) -> None:
    with pytest.raises(ProfileError, match="must be a mapping"):
        parse_profile(raw, source="mine.yaml")


def test_minimal_user_profile_parses_a_text() -> None:
    profile = parse_profile(MINIMAL, source="mine.yaml")
    assert profile.name == "xx" and not profile.words
    assert [a.number for a in parse_text("Art 1\nText.\nArt 2\nMore.\n", profile=profile).articles()] == ["1", "2"]


def test_heading_patterns_with_levels_ordinals_and_unnumbered_divisions() -> None:
    profile = parse_profile(
        {
            "language": "xx",
            "ordinals": {"First": 1, "SECOND": 2, "zeroth": 0},
            "divisions": [
                {"kind": "title", "patterns": [{"pattern": r"^Title (?P<number>\w+)(?:: (?P<title>.*))?$", "level": 2}]},
                {"kind": "group", "patterns": [{"pattern": r"^(?P<title>[A-Z][a-z ]+)$", "level": [4, 5]}]},
            ],
            "articles": [r"^Art (?P<number>\d+)$", {"pattern": r"^(?P<number>\d+)\.$", "level": 6}],
        },
        source="mine.yaml",
    )
    assert [pattern.levels for pattern in profile.articles] == [frozenset(), frozenset({6})]
    assert profile.divisions[1].patterns[0].levels == frozenset({4, 5})
    assert [profile.number(word) for word in ("first", "Second", "ZEROTH", "third", "12")] == ["1", "2", "0", "third", "12"]
    text = "## Title second: Powers\n#### Plain group\nArt 1\nText.\n###### 2.\nMore.\n2.\nThis is text, no heading.\n"
    document = parse_text(text, profile=profile)
    (title,) = document.children
    (group,) = title.children
    assert (title.kind, title.number, group.kind, group.number, group.title) == ("title", "2", "group", None, "Plain group")
    assert title.title == "Powers"
    assert [(a.number, [p.text for p in a.paragraphs]) for a in document.articles()] == [
        ("1", ["Text."]),
        ("2", ["More.", "2.", "This is text, no heading."]),
    ]


def test_profile_yaml_keeps_yes_no_on_off_as_words(tmp_path: Path) -> None:
    path = tmp_path / "nb.yaml"
    path.write_text(
        "language: nb\nwords: [og, i, no, on, off, yes, y, n, 'true']\narticles: ['^§ (?P<number>\\d+)']\n",
        encoding="utf-8",
    )
    assert load_profile(str(path)).words == frozenset({"og", "i", "no", "on", "off", "yes", "y", "n", "true"})
    path = tmp_path / "nb-false.yaml"
    path.write_text("language: nb\nwords: [og, false]\narticles: ['^§ (?P<number>\\d+)']\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"field 'words\[1\]' must be a string \(got false; quote it\)"):
        load_profile(str(path))


def test_load_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yml"
    path.write_text("language: es\narticles: ['^Artículo (?P<number>\\d+)']\n", encoding="utf-8")
    assert load_profile(str(path)).language == "es"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.yaml", None, "no such profile file"),
        ("bad.yaml", "language: xx\narticles: [\n", "is not valid YAML at line 3"),
        ("latin1.yaml", b"language: \xe9\n", "cannot be read"),
        ("mine.txt", "language: xx\n", "a profile file must be YAML, named *.yaml or *.yml"),
    ],
)
def test_load_profile_problems(tmp_path: Path, name: str, content: str | bytes | None, problem: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(str(path))
    assert str(path) in str(caught.value) and problem in caught.value.problem


def test_unknown_language_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"xx: no such language profile \(available: cs, da, de, en, es, et, fi, fr, hr, hu, it, kk, nb, nl, pl, pt, ro, ru, sk, sl, sv, uk\)"):
        load_profile("xx")
