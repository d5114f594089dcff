"""Parse plausibility: an implausible tree gets a warning, and a far better reading replaces it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import constdiff.plausibility as plausibility
from constdiff.cli import main
from constdiff.errors import StructureError
from constdiff.parse import parse_text
from constdiff.pipeline import compare, read_document
from constdiff.profiles import load_profile, parse_profile
from constdiff.seeds import seed_pair
from test_parse import assert_every_line_accounted_once

DE = load_profile("de")

# The German profile before it knew "Art 93" without a dot: only "Art. 93" and "Artikel 93".
OLD_GERMAN = r"""
language: de
articles:
  - '^(?i:artikel|art\.)\s*(?P<number>\d+[a-z]?)\.?(?:\s+(?P<title>.*))?$'
divisions:
  - kind: section
    patterns: ['^(?P<number>[IVXLCDM]+[a-z]?)\.\s+(?P<title>\S.*)$']
paragraphs:
  - '^(?P<marker>\((?P<number>\d+[a-z]?)\))\s+(?P<text>\S.*)$'
"""

_SUBJECTS = ["Der Landtag", "Die Landesregierung", "Jede Gemeinde", "Das Verfassungsgericht", "Der Rechnungshof"]
_DUTIES = ["beschließt über den Haushalt des Landes", "wacht über die Einhaltung dieser Verfassung",
           "gibt sich eine Geschäftsordnung", "berichtet dem Landtag jährlich über ihre Tätigkeit"]


def nordmark(articles: int = 30, cross_references: tuple[int, ...] = (7, 19)) -> str:
    """A fictional Land constitution in the Grundgesetz's Markdown style: ``## I. …``, ``### Art 5``,
    paragraphs ``(1) …``; some paragraphs are cross-reference lines that begin with "Art. N Abs. …"."""
    lines = ["# Verfassung des Landes Nordmark", "", "Das Volk von Nordmark hat sich diese Verfassung gegeben.", ""]
    for number in range(1, articles + 1):
        if number % 10 == 1:
            lines += [f"## {['I', 'II', 'III', 'IV'][number // 10]}. Abschnitt über Teil {number // 10 + 1}", ""]
        lines += [f"### Art {number}", ""]
        for paragraph in (1, 2):
            subject, duty = _SUBJECTS[(number + paragraph) % 5], _DUTIES[(number * paragraph) % 4]
            lines += [f"({paragraph}) {subject} {duty}; das Nähere regelt ein Gesetz über Artikel {number}.", ""]
        if number in cross_references:
            lines += [f"Art. {number - 3} Abs. 2 Satz 1 gilt entsprechend.", ""]
    return "\n".join(lines)


@pytest.fixture
def old_german(tmp_path: Path):
    path = tmp_path / "old-de.yaml"
    path.write_text(OLD_GERMAN, encoding="utf-8")
    return load_profile(str(path))


def test_the_shipped_profile_reads_the_text_directly() -> None:
    text = nordmark()
    document = parse_text(text, profile=DE)
    assert [a.number for a in document.articles()] == [str(n) for n in range(1, 31)]
    assert document.warnings == ()


def test_an_old_style_profile_gets_a_warning_and_the_better_reading(old_german) -> None:
    """(The "# Verfassung …" line is an unmatched heading too: that profile has no title pattern.)"""
    text = nordmark()
    document = parse_text(text, profile=old_german)
    first, second, *_ = document.warnings
    assert re.fullmatch(
        r"the profile old-de\.yaml explains only \d+% of the lines \(2 articles for [\d,]+ words; "
        r"31 of 34 Markdown headings unmatched\)",
        first,
    ), first
    assert re.fullmatch(r"read with the de profile instead: it explains 100% of the lines \(30 articles\)", second), second
    assert [a.number for a in document.articles()] == [str(n) for n in range(1, 31)]
    assert_every_line_accounted_once(text, document)


def test_a_text_longer_than_the_preview_is_judged_on_its_first_lines_then_read_whole(old_german) -> None:
    """The other readings parse the first PREVIEW_LINES lines only; the best one then reads them all."""
    lines = ["# Verfassung des Landes Nordmark", ""]
    for number in range(1, 1201):
        subject, duty = _SUBJECTS[number % 5], _DUTIES[number % 4]
        lines += [f"### Art {number}", "", f"(1) {subject} {duty}.", "", f"(2) Das Nähere regelt ein Gesetz über Artikel {number}.", ""]
    assert len(lines) > plausibility.PREVIEW_LINES
    document = parse_text("\n".join(lines), profile=old_german)
    assert [a.number for a in document.articles()] == [str(n) for n in range(1, 1201)]
    assert document.warnings[0].endswith("; read with the de profile instead: it explains 100% of the lines (1,200 articles)")


def test_without_review_the_profile_reading_stays(old_german) -> None:
    document = parse_text(nordmark(), profile=old_german, review=False)
    assert [a.number for a in document.articles()] == ["4", "16"] and document.warnings == ()


def test_a_profile_that_explains_the_text_is_not_reread(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_other_reading(*args: object) -> None:
        raise AssertionError("a plausible parse must not be parsed again")

    monkeypatch.setattr(plausibility, "_alternatives", no_other_reading)
    old, new = seed_pair()
    assert read_document(str(old)).articles() and parse_text(nordmark(), profile=DE).articles()


def test_the_warning_reaches_the_comparison_and_every_report(tmp_path: Path) -> None:
    old_path, new_path, profile_path = tmp_path / "old.md", tmp_path / "new.md", tmp_path / "old-de.yaml"
    old_path.write_text(nordmark(), encoding="utf-8")
    new_path.write_text(nordmark().replace("jährlich", "halbjährlich"), encoding="utf-8")
    profile_path.write_text(OLD_GERMAN, encoding="utf-8")
    comparison = compare(read_document(str(old_path), profile_path=str(profile_path)),
                         read_document(str(new_path), profile_path=str(profile_path)))
    assert comparison.warnings[0].startswith(f"{old_path}: the profile old-de.yaml explains only")
    assert comparison.warnings[1] == f"{old_path}: read with the de profile instead: it explains 100% of the lines (30 articles)"
    runner = CliRunner()
    args = ["diff", str(old_path), str(new_path), "--profile", str(profile_path), "--show", "none"]
    report = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert report["warnings"][:2] == list(comparison.warnings[:2])
    markdown = runner.invoke(main, [*args, "--format", "markdown"]).output
    assert "read with the de profile instead" in markdown.split("\n## ")[0]  # above the first table
    terminal = " ".join(runner.invoke(main, [*args, "--color", "never", "--no-pager", "--width", "200"]).output.split())
    assert "read with the de profile instead" in terminal


def test_markdown_headings_rescue_a_language_without_a_profile() -> None:
    """Headings in a language no profile knows: the level whose headings read "<word> <number>" are articles."""
    lines = ["# Vurta Lumenaro", "", "### ZORBA AK", ""]
    for number in range(1, 26):
        if number == 13:
            lines += ["### ZORBA BEK", ""]
        lines += [f"##### Kl. {number}", "", f"(1) Lumena vurtas zimbal orkenta numer {number}.", "", "(2) Orkentu zimbal vurtos.", ""]
    text = "\n".join(lines)
    document = parse_text(text)
    assert [a.number for a in document.articles()] == [str(n) for n in range(1, 26)]
    assert [d.title for d in document.top_divisions()] == ["ZORBA AK", "ZORBA BEK"]
    assert document.title == "Vurta Lumenaro" and document.language == "und"  # no profile's words are common in it
    assert "read with the Markdown headings (level 5 as articles) instead" in document.warnings[0]
    assert [p.number for p in document.articles()[0].paragraphs] == ["1", "2"]
    assert_every_line_accounted_once(text, document)


def test_an_implausible_reading_without_a_better_one_is_kept_with_a_warning() -> None:
    lines = []
    for repeat in range(12):
        lines += ["Article 1", f"The text of a clause that repeats, number {repeat}."]
    document = parse_text("\n".join(lines), profile=load_profile("en"))
    assert len(document.articles()) == 12
    assert document.warnings[0].startswith("the en profile explains 100% of the lines (12 articles for ")
    assert "11 duplicate article numbers" in document.warnings[0] and "constdiff profile check" in document.warnings[0]


def test_a_long_text_no_reading_finds_articles_in_still_fails() -> None:
    prose = "\n".join(f"Sentence {n} of an essay about the law, without any heading." for n in range(40))
    with pytest.raises(StructureError, match="no article or section headings recognised"):
        parse_text(prose)


def _judged(text: str) -> plausibility.Verdict:
    document = parse_text(text, profile=load_profile("en"), review=False)
    return plausibility.judge(document, [" ".join(line.split()) for line in text.split("\n")], "the en profile")


def test_duplicates_and_order_are_judged_within_a_numbering_domain() -> None:
    main_series = "".join(f"Article {n}\nText {n}.\n" for n in range(1, 21))
    transitional = "Chapter 9 Transitional\n" + "".join(f"Article {n}\nText {n}.\n" for n in range(1, 6))
    verdict = _judged(main_series + transitional)
    assert (verdict.articles, verdict.duplicates, verdict.out_of_order) == (25, 0, 0) and verdict.plausible


def test_numbers_without_digits_keep_no_order() -> None:
    """Ordinal-word numbers ("adicional primera") or letters may stand anywhere in the series."""
    profile = parse_profile({"language": "xx", "articles": [r"^Article (?P<number>\w+)$"]}, source="mine.yaml")
    text = "".join(f"Article {n}\nText {n}.\n" for n in [*range(1, 21), "tercera", "primera", "segunda"])
    document = parse_text(text, profile=profile, review=False)
    verdict = plausibility.judge(document, text.split("\n"), "the xx profile")
    assert (verdict.articles, verdict.out_of_order) == (23, 0) and verdict.plausible


def test_numbers_far_out_of_order_are_implausible() -> None:
    order = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10, 15, 11, 13, 12, 14, 20, 16, 18, 17, 19]
    verdict = _judged("".join(f"Article {n}\nText {n}.\n" for n in order))
    assert verdict.out_of_order > plausibility.DISORDER_MAX * verdict.articles and not verdict.plausible


def test_few_articles_for_the_text_size_are_implausible() -> None:
    long_article = "\n".join(f"Clause {n} of a long article says what it says in many words." for n in range(110))
    verdict = _judged("".join(f"Article {n}\n{long_article}\n" for n in range(1, 3)))
    assert verdict.share == 1.0 and verdict.words > plausibility.WORDS_PER_ARTICLE_MAX * 2 and not verdict.plausible


def test_a_giant_article_explains_nothing() -> None:
    text = "Article 1\n" + "\n".join(f"Line {n} of a text with many words in it, " * 20 for n in range(30))
    verdict = _judged(text)
    assert verdict.explained == 0 and not verdict.plausible


@given(st.lists(st.text(alphabet="Aab. 1-", min_size=0, max_size=6), min_size=1, max_size=30))
def test_the_heading_alternation_matches_exactly_its_texts(texts: list[str]) -> None:
    pattern = re.compile(f"(?:{plausibility._alternation(sorted(set(texts)))})\\Z")
    for text in {*texts, "Ab", "a.1", "", "zz"}:
        assert bool(pattern.match(text)) == (text in texts), text


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_NUMBERED_HEADING = re.compile(r"(?m)^#{1,6} (?:Čl\.|Artículo) (\d+[a-z]?)\s*$")


@pytest.mark.parametrize("folder", ["cz", "es"])
def test_markdown_corpus_texts_are_read_whatever_profiles_ship(folder: str) -> None:
    """Every ``##### Čl. 5`` / ``##### Artículo 5`` heading of the Czech and Spanish versions is an
    article, with or without a profile for the language (the Markdown reading stands in); the Czech
    signatures ("Uhde v. r.") are the closing, not the last article's text."""
    paths = sorted((CORPUS / folder).glob("*.md"))
    paths = [path for path in paths if path.name != "README.md"]
    if not paths:
        pytest.skip(f"the corpus ({CORPUS / folder}) is absent")
    for path in paths:
        document = read_document(str(path))
        expected = _NUMBERED_HEADING.findall(path.read_text(encoding="utf-8"))
        assert len(expected) > 100 and set(expected) <= {a.number for a in document.articles()}, path.name
        if folder == "cz":
            assert document.closing and "v. r." not in document.articles()[-1].text, path.name
