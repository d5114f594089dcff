"""Numbering domains (a second series from 1) and the closing block after the last article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constdiff.cli import main
from constdiff.domains import slug
from constdiff.errors import ConstdiffError, ProfileError
from constdiff.parse import parse_text
from constdiff.profiles import load_profile, parse_profile
from test_parse import _DECORATED, assert_every_line_accounted_once

EN = load_profile("en")
DE = load_profile("de")

SERIES_AGAIN = """\
Chapter 1 Principles
Article 1
The state is a republic.
Article 2
Power belongs to the people.
Chapter 2 Transitional Provisions
Article 1
Laws in force remain in force.
Article 2
The first election is held within a year.
"""


def test_numbers_restarting_after_a_heading_start_a_domain() -> None:
    document = parse_text(SERIES_AGAIN, profile=EN)
    assert [article.key for article in document.articles()] == ["1", "2", "transitional-provisions:1", "transitional-provisions:2"]
    assert [article.domain for article in document.articles()][:2] == [None, None]
    assert not any("already used" in warning for warning in document.warnings)
    assert_every_line_accounted_once(SERIES_AGAIN, document)


def test_a_repeated_number_without_a_heading_between_stays_a_duplicate() -> None:
    text = "Article 1\nOne.\nArticle 2\nTwo.\nArticle 1\nOne again.\n"
    document = parse_text(text, profile=EN)
    assert {article.domain for article in document.articles()} == {None}
    assert document.warnings == ("line 5: article number 1 already used at line 1",)


def test_numbers_going_on_after_a_heading_stay_in_the_series() -> None:
    text = "Chapter 1\nArticle 1\nOne.\nArticle 2\nTwo.\nChapter 2 Final Provisions\nArticle 3\nThree.\n"
    assert {article.domain for article in parse_text(text, profile=EN).articles()} == {None}


def test_duplicates_are_counted_within_a_domain() -> None:
    text = SERIES_AGAIN + "Article 2\nA second article 2 of the transitional series.\n"
    assert parse_text(text, profile=EN).warnings == ("line 11: article number 2 already used at line 9",)


def test_two_restarts_under_the_same_title_get_distinct_names() -> None:
    text = SERIES_AGAIN + "Chapter 3 Transitional Provisions\nArticle 1\nAgain.\n"
    assert parse_text(text, profile=EN).articles()[-1].key == "transitional-provisions-2:1"


def _with_domains(profile_raw: dict) -> object:
    return parse_profile({"language": "xx", "articles": [r"^Art (?P<number>\d+)$"], **profile_raw}, source="mine.yaml")


def test_a_profile_domain_starts_at_a_plain_line_without_a_restart() -> None:
    profile = _with_domains({"domains": [{"name": "transitional", "pattern": "^Transitional provisions$"}]})
    text = "Art 1\nOne.\nArt 2\nTwo.\nTransitional provisions\nArt 3\nThree.\n"
    document = parse_text(text, profile=profile)
    assert [article.key for article in document.articles()] == ["1", "2", "transitional:3"]
    assert_every_line_accounted_once(text, document)


def test_a_profile_domain_starts_at_a_division_heading() -> None:
    profile = _with_domains({
        "domains": [{"name": "transitional", "pattern": "(?i)transitional"}],
        "divisions": [{"kind": "chapter", "patterns": [r"^Chapter (?P<number>\d+) ?(?P<title>.*)$"]}],
    })
    text = "Chapter 1 Principles\nArt 1\nOne.\nArt 2\nTwo.\nChapter 2 Transitional Provisions\nArt 3\nThree.\nArt 4\nFour.\n"
    assert [article.key for article in parse_text(text, profile=profile).articles()] == ["1", "2", "transitional:3", "transitional:4"]


@pytest.mark.parametrize(
    ("domains", "problem"),
    [
        ("transitional", "field 'domains' must be a list"),
        (["transitional"], "field 'domains[0]' must be a mapping"),
        ([{"pattern": "x"}], "field 'domains[0].name' must be a non-empty string"),
        ([{"name": "t", "pattern": "(x"}], "field 'domains[0].pattern[0]' is not a valid regular expression"),
    ],
)
def test_bad_domains_name_the_field(domains: object, problem: str) -> None:
    with pytest.raises(ProfileError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        _with_domains({"domains": domains})


def test_slug() -> None:
    assert slug("Übergangs- und Schlussbestimmungen") == "übergangs-und-schlussbestimmungen"
    assert slug("  Disposiciones transitorias. ") == "disposiciones-transitorias"


# --- closing --------------------------------------------------------------------------

SIGNED = """\
### Art 1

(1) Die Würde des Menschen ist zu achten.

### Art 2

Diese Verfassung tritt am Tage nach ihrer Verkündung in Kraft.

Nordhafen, den 23. Mai 1949

**Hartmann v. r.**

**Lindqvist v. r.**
"""


def test_signatures_after_the_last_article_are_the_closing() -> None:
    document = parse_text(SIGNED, profile=DE)
    last = document.articles()[-1]
    assert last.text == "Diese Verfassung tritt am Tage nach ihrer Verkündung in Kraft."
    assert [paragraph.text for paragraph in document.closing] == [
        "Nordhafen, den 23. Mai 1949", "**Hartmann v. r.**", "**Lindqvist v. r.**",
    ]
    assert last.span.last == 7
    assert_every_line_accounted_once(SIGNED, document)


def test_a_footnote_block_is_the_closing() -> None:
    text = (
        "Art. 1 Zweck\n(1) Der Bund sorgt vor.[^1]\n(2) Die Kantone wirken mit.\n"
        "###### Fussnoten\n[^1]: Angenommen in der Volksabstimmung vom 3. März 2013.\n[^2]: Aufgehoben.\n"
    )
    document = parse_text(text, profile=DE)
    assert [p.number for p in document.articles()[0].paragraphs] == ["1", "2"]
    assert [p.span.first for p in document.closing] == [4, 5, 6]
    assert_every_line_accounted_once(text, document)


def test_a_profile_closing_pattern_starts_the_block() -> None:
    text = (
        "Article 1\nThe state is a republic.\nArticle 2\nThis Constitution enters into force on adoption.\n"
        "IN WITNESS WHEREOF the delegates have signed this Constitution.\nDone at Port Amber, on the fifth day of May.\n"
    )
    profile = parse_profile({"language": "xx", "articles": [r"^Article (?P<number>\d+)$"], "closing": ["^IN WITNESS WHEREOF"]},
                            source="mine.yaml")
    document = parse_text(text, profile=profile)
    assert document.articles()[-1].text == "This Constitution enters into force on adoption."
    assert len(document.closing) == 2
    assert_every_line_accounted_once(text, document)


@pytest.mark.parametrize(
    "ending",
    [
        "Diese Verfassung tritt am 1. Januar 1996 in Kraft.",  # a sentence with a year
        "Nordhafen, den 23. Mai 1949",  # one signature-like line alone: not enough evidence
        "(2) Der Landtag beschließt.\n(3) Das Nähere regelt ein Gesetz.",
    ],
)
def test_the_last_article_keeps_its_own_text(ending: str) -> None:
    text = f"### Art 1\n\n(1) Die Würde des Menschen ist zu achten.\n\n{ending}\n"
    document = parse_text(text, profile=DE)
    assert not document.closing
    assert_every_line_accounted_once(text, document)


def test_an_article_made_only_of_signature_like_lines_keeps_them() -> None:
    text = "Art 1\nHartmann Lindqvist\nOle Brandt\n"
    document = parse_text(text, profile=DE)
    assert not document.closing and len(document.articles()[0].paragraphs) == 2


def test_parse_shows_domains_and_closing(tmp_path: Path) -> None:
    """(The Markdown loader drops whole-line emphasis: ``**Hartmann**`` is read as a name line.)"""
    path = tmp_path / "c.md"
    path.write_text(SERIES_AGAIN.replace("Article", "### Art").replace("Chapter", "## Kapitel") + "\nNordhafen, 1. Mai 2001\n\n**Hartmann**\n",
                    encoding="utf-8")
    runner = CliRunner()
    outline = json.loads(runner.invoke(main, ["parse", "--lang", "de", "--format", "json", str(path)]).output)
    assert outline["counts"]["closing"] == 2 and [p["text"] for p in outline["closing"]] == ["Nordhafen, 1. Mai 2001", "Hartmann"]
    second = outline["children"][1]["children"]
    assert [(a["number"], a["domain"]) for a in second] == [("1", "transitional-provisions"), ("2", "transitional-provisions")]
    tree = runner.invoke(main, ["parse", "--lang", "de", str(path)]).output
    assert "Articles (transitional-provisions) 1 2" in tree and "Closing (2 paragraphs, 5 words)" in tree


_SIGNATURE_LINES = st.sampled_from([
    "Nordhafen, den 23. Mai 1949", "**Hartmann v. r.**", "Ole Brandt", "EL PRESIDENTE DEL SENADO", "",
    "[^1]: Angenommen am 3. März 2013.", "[^2]: Aufgehoben.", "###### Fussnoten", "IN WITNESS WHEREOF the delegates signed.",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_DECORATED, max_size=30), st.lists(_SIGNATURE_LINES, min_size=2, max_size=8), st.sampled_from([None, "en", "de"]))
def test_a_closing_tail_keeps_every_line_in_one_node(body: list[str], tail: list[str], language: str | None) -> None:
    text = "\n".join(["Article 1", "1. The state is a republic.", *body, *tail])
    try:
        document = parse_text(text, profile=load_profile(language) if language else None)
    except ConstdiffError:
        return
    assert_every_line_accounted_once(text, document)
    assert all(p.span.first > a.span.last for p in document.closing for a in document.articles())
