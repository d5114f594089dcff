"""The parser: structure, numbers, notes, repeals, front matter, detection, and the line-accounting invariant."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Mapping

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constdiff.errors import ConstdiffError, StructureError
from constdiff.lines import FORMAT_CHARACTERS
from constdiff.model import ArticleStatus, Document, Span
from constdiff.parse import _word_evidence, detect_profile, parse_text, reusing_lines
from constdiff.profiles import Profile, available_languages, fold_lookalikes, load_profile, parse_profile

EN = load_profile("en")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# --- the accounting invariant --------------------------------------------------

_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MARKDOWN = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_EMPHASIS_MARKS = str.maketrans("", "", "*_")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", FORMAT_CHARACTERS.sub("", text)).strip()


def _bare(text: str) -> str:
    """Heading text without emphasis marks, which headings and titles drop."""
    return normalise(text.translate(_EMPHASIS_MARKS))


def _unmarked(line: str) -> str:
    """A heading line as the reader sees it: whitespace collapsed, Markdown #'s, emphasis and a hard break dropped."""
    found = _MARKDOWN.match(normalise(line))
    return _bare((found.group(1) if found else normalise(line)).rstrip("\\"))


@dataclasses.dataclass(frozen=True)
class Leaf:
    """A node that owns source lines: ``text`` must equal them, or ``heading`` (number, title) match
    them, or (YAML front matter) every one of ``contains`` must appear in them."""

    span: Span
    what: str
    text: str | None = None
    heading: tuple[str | None, str | None] | None = None
    contains: tuple[str, ...] = ()


def leaves(document: Document) -> list[Leaf]:
    found: list[Leaf] = []
    front_matter: dict[Span, list[str]] = {}
    for entry in document.metadata:
        if entry.span.first == 1 and entry.span.last > 1 and entry.key != "copyright":
            front_matter.setdefault(entry.span, []).extend((entry.key, entry.value))
        else:
            found.append(Leaf(entry.span, f"metadata {entry.key}", entry.value))
    found += [Leaf(span, "YAML front matter", contains=tuple(parts)) for span, parts in front_matter.items()]
    if document.title_span:
        found.append(Leaf(document.title_span, "title", heading=(None, document.title)))
    found += [Leaf(p.span, "preamble", p.full_text) for p in document.preamble]
    found += [Leaf(n.span, "document note", f"{n.marker} {n.text}") for n in document.notes]
    found += [Leaf(p.span, "closing", p.full_text) for p in document.closing]
    for division in document.divisions():
        found.append(Leaf(division.heading_span, f"{division.label} heading", heading=(division.number, division.title)))
        found += [Leaf(p.span, f"{division.label} text", p.full_text) for p in division.paragraphs]
        found += [Leaf(n.span, f"{division.label} note", f"{n.marker} {n.text}") for n in division.notes]
    for article in document.articles():
        found.append(Leaf(article.heading_span, f"article {article.number} heading", heading=(article.number, article.title)))
        found += [Leaf(p.span, f"article {article.number} text", p.full_text) for p in article.paragraphs]
        found += [Leaf(n.span, f"article {article.number} note", f"{n.marker} {n.text}") for n in article.notes]
    return sorted(found, key=lambda leaf: (leaf.span.first, leaf.span.last))


def _is_ordinal_of(number: str, line: str, ordinals: Mapping[str, int]) -> bool:
    return number.isdigit() and any(
        ordinals.get(fold_lookalikes(word).lower()) == int(number) for word in re.findall(r"\w+", line)
    )


def _check_heading(leaf: Leaf, lines: list[str], ordinals: Mapping[str, int], tail: str = "") -> None:
    """``tail``: the start of the first paragraph, on the heading's line after it."""
    number, title = leaf.heading or (None, None)
    first = _unmarked(lines[leaf.span.first - 1])
    if tail:
        assert first.endswith(_bare(tail)) and first != _bare(tail), (leaf, first, tail)
        first = first[: -len(_bare(tail))].strip()
    if number:
        assert fold_lookalikes(number) in fold_lookalikes(first) or _is_ordinal_of(number, first, ordinals), (leaf, first)
    if not title:
        if number is not None:
            assert leaf.span.first == leaf.span.last, f"{leaf.what} claims lines it does not use: {leaf.span}"
        return
    if leaf.span.last > leaf.span.first and number is not None:
        assert _bare(title) == normalise(" ".join(map(_unmarked, lines[leaf.span.first : leaf.span.last]))), leaf
    elif number is not None:
        assert first.endswith(_bare(title)), (leaf, first)
    else:
        assert _bare(title) == normalise(" ".join(map(_unmarked, lines[leaf.span.first - 1 : leaf.span.last]))), leaf


def assert_every_line_accounted_once(text: str, document: Document, profile: Profile | None = None) -> None:
    """Leaves do not overlap, cover every non-blank line, and hold exactly the text of their lines.

    The one line two leaves share: a heading's line that also starts its article's first paragraph.
    """
    if profile is None and document.language in available_languages():
        profile = load_profile(document.language)
    ordinals = profile.ordinals if profile else {}
    lines = text.split("\n")
    found = leaves(document)
    shared: dict[int, Leaf] = {}  # heading leaf index → the paragraph that starts on its line
    for index, (left, right) in enumerate(zip(found, found[1:])):
        if left.heading is not None and left.span.first == left.span.last == right.span.first and right.text:
            shared[index] = right
            continue
        assert left.span.last < right.span.first, f"{left.what} {left.span} overlaps {right.what} {right.span}"
    covered = {number for leaf in found for number in range(leaf.span.first, leaf.span.last + 1)}
    non_blank = {number for number, line in enumerate(lines, start=1) if normalise(line)}
    missing = sorted(non_blank - covered)
    assert not missing, f"lines in no node: {[(n, lines[n - 1]) for n in missing[:5]]}"
    sharing = set(map(id, shared.values()))
    for index, leaf in enumerate(found):
        source = normalise(" ".join(lines[leaf.span.first - 1 : leaf.span.last]))
        if leaf.heading is not None:
            _check_heading(leaf, lines, ordinals, _tail(shared[index], lines) if index in shared else "")
        elif leaf.contains:
            assert lines[leaf.span.first - 1].strip() == "---" and all(normalise(part) in source for part in leaf.contains)
        elif id(leaf) in sharing:
            assert normalise(leaf.text or "").endswith(normalise(" ".join(lines[leaf.span.first : leaf.span.last])))
        else:
            assert normalise(leaf.text or "") == source, (leaf.what, leaf.span, leaf.text, source)


def _tail(paragraph: Leaf, lines: list[str]) -> str:
    """The part of a paragraph that is on its heading's line: all of it but its continuation lines."""
    text = normalise(paragraph.text or "")
    continued = normalise(" ".join(lines[paragraph.span.first : paragraph.span.last]))
    return text[: len(text) - len(continued)].strip() if continued else text


def test_the_accounting_check_catches_lost_overlapping_and_altered_text() -> None:
    text = "Article 1\n1. First.\n2. Second.\nArticle 2\nFootnote. A note.\nText.\n"
    document = parse_text(text, profile=EN)
    assert_every_line_accounted_once(text, document)
    first, second = document.children
    dropped = dataclasses.replace(document, children=(dataclasses.replace(first, paragraphs=first.paragraphs[:1]), second))
    with pytest.raises(AssertionError, match="lines in no node"):
        assert_every_line_accounted_once(text, dropped)
    doubled = dataclasses.replace(document, preamble=first.paragraphs[1:])
    with pytest.raises(AssertionError, match="overlaps"):
        assert_every_line_accounted_once(text, doubled)
    note = dataclasses.replace(second.notes[0], marker="")
    altered = dataclasses.replace(document, children=(first, dataclasses.replace(second, notes=(note,))))
    with pytest.raises(AssertionError):
        assert_every_line_accounted_once(text, altered)


# --- structure -------------------------------------------------------------------


def test_sections_articles_paragraphs_notes() -> None:
    text = (
        "CONSTITUTION OF TESTLAND\nAdopted by referendum on 1 May 2000.\n\nWe, the people,\nadopt this Constitution.\n\n"
        "Section I\nGeneral Provisions\n\nArticle 1\n1. First point.\nFootnote. Article 1 as amended in 2010.\n2. Second point.\n"
        "Article 1-1\nInserted article.\nArticle 2\nFootnote. Article 2 is excluded by the Law No. 254-III.\n"
        "Section II. Rights\nArticle 3\n1) an item;\n3-1. A suffixed point.\n"
    )
    document = parse_text(text, profile=EN)
    assert document.title == "CONSTITUTION OF TESTLAND" and document.title_span == Span(1, 1)
    assert [(entry.key, entry.span) for entry in document.metadata] == [("adopted", Span(2, 2))]
    assert [p.text for p in document.preamble] == ["We, the people,", "adopt this Constitution."]
    assert [(d.number, d.title) for d in document.top_divisions()] == [("I", "General Provisions"), ("II", "Rights")]
    articles = {a.number: a for a in document.articles()}
    assert list(articles) == ["1", "1-1", "2", "3"]
    assert [p.number for p in articles["1"].paragraphs] == ["1", "2"]
    assert "Footnote" not in articles["1"].text and [n.span for n in articles["1"].notes] == [Span(12, 12)]
    assert articles["1"].notes[0].text == "Article 1 as amended in 2010."
    assert articles["2"].status is ArticleStatus.REPEALED and not articles["2"].paragraphs
    assert [(p.number, p.marker) for p in articles["3"].paragraphs] == [("1", "1)"), ("3-1", "3-1.")]
    assert all(a.status is ArticleStatus.IN_FORCE for n, a in articles.items() if n != "2")
    assert_every_line_accounted_once(text, document)


@pytest.mark.parametrize(
    ("text", "language", "numbers", "sections"),
    [
        ("Раздел I. Общие\nСтатья 83-1.\nТекст.\nСтатья 84\nСноска. Исключена.\n", "ru", ["83-1", "84"], ["I"]),
        ("Раздел ХI\nЗаключительные\nСтатья 96\nТекст.\n", "ru", ["96"], ["XI"]),
        ("І бөлім\nКіріспе ережелер\n1-бап\nМәтін.\n", "kk", ["1"], ["I"]),
        ("I бөлім\nКіріспе ережелер\n1-бап\nМәтін.\n", "kk", ["1"], ["I"]),
        ("ІІ бөлім\nАдам\n12-бап\nМәтін.\n83-1-бап\nМәтін.\n", "kk", ["12", "83-1"], ["II"]),
        ("Art 12a\nText.\nArticle 1bis\nText.\nArticle 94-2\nText.\nArticle 3 ter\nText.\n", "en", ["12a", "1bis", "94-2", "3 ter"], []),
        ("Section IV. Courts\nArticle 83-1\nText.\nArt. 7\nText.\n", "en", ["83-1", "7"], ["IV"]),
        ("Abschnitt I Grundrechte\nArtikel 12a\n(1) Text.\n", "de", ["12a"], ["I"]),
        ("## Section I. Title\n### Article 5\n1. Text.\n", "en", ["5"], ["I"]),
    ],
)
def test_numbers_as_written_and_language_detection(text: str, language: str, numbers: list[str], sections: list[str]) -> None:
    document = parse_text(text)
    assert document.language == language
    assert [a.number for a in document.articles()] == numbers
    assert [d.number for d in document.top_divisions()] == sections
    assert_every_line_accounted_once(text, document)


@pytest.mark.parametrize(
    ("line", "language", "number", "marker", "text"),
    [
        ("3-1. A suffixed point.", "en", "3-1", "3-1.", "A suffixed point."),
        ("10-1) an item;", "ru", "10-1", "10-1)", "an item;"),
        ("2) item", "kk", "2", "2)", "item"),
        ("(1) Jeder hat das Recht.", "de", "1", "(1)", "Jeder hat das Recht."),
        ("(2a) Absatz.", "de", "2a", "(2a)", "Absatz."),
        ("b) ein Buchstabe", "de", "b", "b)", "ein Buchstabe"),
        ("(c) a lettered item", "en", "c", "(c)", "a lettered item"),
    ],
)
def test_paragraph_numbers_and_markers(line: str, language: str, number: str, marker: str, text: str) -> None:
    heading = {"en": "Article 1", "ru": "Статья 1", "kk": "1-бап", "de": "Artikel 1"}[language]
    (paragraph,) = parse_text(f"{heading}\n{line}\n", profile=load_profile(language)).articles()[0].paragraphs
    assert (paragraph.number, paragraph.marker, paragraph.text) == (number, marker, text)


def test_german_paragraph_needs_a_space_after_its_marker() -> None:
    """Otherwise "(1)Text" would be reported as "(1) Text", a text that is not in the file."""
    (paragraph,) = parse_text("Artikel 1\n(1)Text.\n", profile=load_profile("de")).articles()[0].paragraphs
    assert paragraph.full_text == "(1)Text." and paragraph.number is None


def test_markdown_headings_and_yaml_front_matter() -> None:
    text = (
        "---\ntitle: Testland\nversion: 2\nadopted: 2000-05-01\ndraft: yes\nsigned: [A, B]\n---\n"
        "# Constitution of Testland\n## Section I. Basics\n### Article 5 ###\n1. Text here.\n"
    )
    document = parse_text(text, profile=EN)
    assert {entry.key: entry.value for entry in document.metadata} == {
        "title": "Testland", "version": "2", "adopted": "2000-05-01", "draft": "yes", "signed": "[A, B]",
    }
    assert {entry.span for entry in document.metadata} == {Span(1, 7)}
    assert document.title == "Constitution of Testland" and not document.preamble
    assert [(d.number, d.title) for d in document.divisions()] == [("I", "Basics")]
    assert [(a.number, a.text) for a in document.articles()] == [("5", "1. Text here.")]
    assert_every_line_accounted_once(text, document)


def test_front_matter_that_is_not_a_mapping_stays_text() -> None:
    document = parse_text("---\njust a line\n---\nArticle 1\nText.\n", profile=EN)
    assert not document.metadata and [p.text for p in document.preamble] == ["---", "just a line", "---"]


def test_a_sentence_starting_with_a_heading_word_is_text() -> None:
    text = "Article 4\n1. Text.\nArticle 5 shall not apply in wartime.\nSection II of this Constitution may be amended only by referendum.\n"
    document = parse_text(text, profile=EN)
    assert [a.number for a in document.articles()] == ["4"] and not document.divisions()
    assert len(document.articles()[0].paragraphs) == 3 and not document.warnings


@pytest.mark.parametrize(
    ("text", "language", "note_lines"),
    [
        ("Article 8\nText.\nArticle 9 is excluded by the Law No. 1.\nArticle 10\nText.\n", "en", []),
        ("Article 9\nArticle 9 is excluded by the Law No. 1.\nArticle 10\nText.\n", "en", [2]),
        ("Статья 9\nСтатья 9 исключена Законом РК.\nСтатья 10\nТекст.\n", "ru", [2]),
        ("Статья 9\nИсключена Законом РК.\nСтатья 10\nТекст.\n", "ru", [2]),
        ("9-бап\n9-бап Заңымен алып тасталды.\n10-бап\nМәтін.\n", "kk", [2]),
        ("Artikel 9\n(weggefallen)\nArtikel 10\nText.\n", "de", [2]),
    ],
)
def test_repealed_articles(text: str, language: str, note_lines: list[int]) -> None:
    document = parse_text(text, profile=load_profile(language))
    *_, repealed, following = document.articles()
    assert (repealed.number, repealed.status, repealed.paragraphs) == ("9", ArticleStatus.REPEALED, ())
    assert [note.span.first for note in repealed.notes] == note_lines
    assert following.status is ArticleStatus.IN_FORCE and not document.warnings
    assert_every_line_accounted_once(text, document)


def test_repealed_point_inside_an_article_is_text() -> None:
    document = parse_text("Статья 5\n1. Текст.\n2. Исключен Законом РК.\n", profile=load_profile("ru"))
    (article,) = document.articles()
    assert article.status is ArticleStatus.IN_FORCE and [p.number for p in article.paragraphs] == ["1", "2"]


def test_notes_before_between_and_after_paragraphs() -> None:
    text = "Статья 2\nСноска. Статья 2 с изменениями.\n1. Один.\nПримечание. См. постановление.\n2. Два.\nСноска: ещё.\n"
    (article,) = parse_text(text, profile=load_profile("ru")).articles()
    assert [(n.marker, n.span.first) for n in article.notes] == [("Сноска.", 2), ("Примечание.", 4), ("Сноска:", 6)]
    assert article.text == "1. Один.\n2. Два." and article.span == Span(1, 6)


def test_hard_wrapped_paragraphs_and_notes_are_joined() -> None:
    wrapped = "Статья {n}\n   1. Текст первого пункта\nэтой статьи, который\nпродолжается здесь.\n"
    text = "".join(wrapped.format(n=n) for n in range(1, 4)) + "     Сноска. Статья 3 с изменениями,\nвнесенными законом.\n"
    articles = parse_text(text, profile=load_profile("ru")).articles()
    assert [a.paragraphs[0].span for a in articles] == [Span(2, 4), Span(6, 8), Span(10, 12)]
    assert articles[0].text == "1. Текст первого пункта этой статьи, который продолжается здесь."
    assert [(n.text, n.span) for n in articles[2].notes] == [("Статья 3 с изменениями, внесенными законом.", Span(13, 14))]


def test_a_user_pattern_that_fits_only_the_first_line_of_a_wrapped_paragraph() -> None:
    profile = parse_profile(
        {"language": "xx", "articles": [r"^Art (?P<number>\d+)$"],
         "paragraphs": [r"^(?P<marker>(?P<number>\d+)\.)\s+(?P<text>[a-z ]+)$"]},
        source="mine.yaml",
    )
    text = "".join(f"Art {n}\n1. the first line of\nit goes on here\nand ends here.\n" for n in range(1, 5))
    document = parse_text(text, profile=profile)
    assert [a.paragraphs[0].text for a in document.articles()] == ["the first line of it goes on here and ends here."] * 4


def test_copyright_line_of_a_database_export_is_metadata() -> None:
    text = "Article 1\nText.\nArticle 2\nMore text.\n© 2012. Some Institute\n        of Some Ministry\n\f\n"
    document = parse_text(text, profile=EN)
    assert document.articles()[-1].text == "More text."
    assert [(entry.key, entry.span) for entry in document.metadata] == [("copyright", Span(5, 6))]
    assert_every_line_accounted_once(text, document)


def test_duplicate_article_numbers_warn() -> None:
    document = parse_text("Article 1\nA.\nArticle 1\nB.\n", profile=EN)
    assert document.warnings == ("line 3: article number 1 already used at line 1",)


def test_article_without_text_warns() -> None:
    document = parse_text("Article 1\nArticle 2\nText.\n", profile=EN)
    assert document.warnings == ("line 1: article 1 has no text",)


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Just some prose.\nNothing else.\n", "1. A point.\nFootnote. A note.\n"])
def test_no_headings_is_a_structure_error(text: str) -> None:
    with pytest.raises(StructureError, match="no article or section headings"):
        parse_text(text, source="mine.txt")


def test_divisions_without_articles_is_a_structure_error() -> None:
    with pytest.raises(StructureError, match="no article headings found with the English profile"):
        parse_text("Section I\nSection II\n", profile=EN)


# --- language detection ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Article 1\n1. All power belongs to the people.\n", "en"),
        ("Art. 5\nThe people of the Republic are sovereign and free.\n", "en"),
        ("Art. 5\n(1) Das Volk wählt den Landtag.\n", "de"),
        ("Artikel 1\nDer Landtag ist die Vertretung des Volkes.\n", "de"),
        ("§ 1\nDas Volk ist der Souverän.\n", "de"),
        ("Статья 1\n1. Текст статьи о государстве и праве.\n", "ru"),
        ("1-бап\n1. Бұл баптың мәтіні.\n", "kk"),
        ("Art. 1\nI. General\nThe state is secular and social.\nArt. 2\nThe people are sovereign.\n", "en"),
        ("Раздел I\nГлава 1\nСтатья 1\nТекст.\n", "ru"),
    ],
)
def test_language_detection_on_small_samples(text: str, language: str) -> None:
    assert parse_text(text).language == language


def test_the_language_of_the_articles_wins_over_a_long_foreword_in_another() -> None:
    """Detection weighs the words of the first thousands of lines, not of a first few kilobytes:
    a foreword of 18,000 characters in English before longer German articles leaves the text German."""
    foreword = "This foreword tells the history of the text and the way in which the people have made and changed it, and it is not part of the law itself.\n\n" * 130
    clause = "Die Würde des Menschen ist unantastbar und die Freiheit der Person ist unverletzlich, und das Volk hat die Rechte, die in dieser Verfassung stehen.\n\n"
    articles = "".join(f"Art. {number}\n\n{clause * 3}" for number in range(1, 80))
    assert len(foreword) > 18_000
    assert parse_text(foreword + articles).language == "de"


# --- the seed pair -----------------------------------------------------------------


def _seed_numbers(side: str) -> set[str]:
    expected = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    return {str(number) for pair in expected["articles"] for number in pair[side]}


@pytest.mark.parametrize(("name", "side"), [("arvenia-2011.txt", "old"), ("arvenia-2024.txt", "new")])
def test_seed_versions_parse_as_expected_yaml_says(name: str, side: str) -> None:
    if not (SEEDS / name).is_file() or not (SEEDS / "expected.yaml").is_file():
        pytest.skip(f"seeds/{name} or seeds/expected.yaml not written yet")
    text = (SEEDS / name).read_text(encoding="utf-8")
    document = parse_text(text, source=name)
    expected = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    assert document.language == "en" and not document.warnings and document.preamble
    assert {a.number for a in document.articles()} == _seed_numbers(side)
    sections = [s for s in expected["sections"] if s[side] is not None]
    assert [d.number for d in document.top_divisions()] == [s[side] for s in sections]
    titles = {s[side]: s[f"{side}_title"] for s in sections if f"{side}_title" in s}
    assert {d.number: d.title for d in document.top_divisions() if d.number in titles} == titles
    assert document.title_span == Span(1, 1) and [(m.key, m.span) for m in document.metadata] == [("adopted", Span(2, 2))]
    footnotes = len(re.findall(r"^\s*Footnote\s*[.:]", text, re.MULTILINE))
    assert sum(1 for a in document.articles() for note in a.notes if note.marker == "Footnote.") == footnotes
    assert all("Footnote" not in a.text for a in document.articles())
    repealed = [a.number for a in document.articles() if a.status is ArticleStatus.REPEALED]
    assert repealed == (["31"] if side == "old" else [])
    assert all(a.paragraphs for a in document.articles() if a.number not in repealed)
    assert_every_line_accounted_once(text, document)


# --- properties ----------------------------------------------------------------------

_ROMAN = st.sampled_from(["I", "II", "IV", "IX", "XI", "І", "ІІ", "ХI"])
_NUMBER = st.builds("{}{}".format, st.integers(1, 120), st.sampled_from(["", "", "-1", "-2", "a", "bis"]))
_WORDS = st.lists(
    st.sampled_from(["the", "people", "State", "закон", "права", "және", "азамат", "Recht", "die", "ist", "—", "«law»",
                     "1995", "(a)", "Article", "Статья", "бап", "shall", "Ескерту"]),
    min_size=1, max_size=8,
).map(" ".join)
_HEADING = st.one_of(
    st.builds("Section {}".format, _ROMAN), st.builds("Section {}. {}".format, _ROMAN, _WORDS),
    st.builds("Chapter {}".format, st.integers(1, 9)), st.builds("Part {} {}".format, _ROMAN, _WORDS),
    st.builds("Article {}".format, _NUMBER), st.builds("Art. {}".format, _NUMBER), st.builds("Art {}".format, _NUMBER),
    st.builds("Article {}. {}".format, _NUMBER, _WORDS), st.builds("Article {} shall {}".format, _NUMBER, _WORDS),
    st.builds("Раздел {}".format, _ROMAN), st.builds("Раздел {}. {}".format, _ROMAN, _WORDS),
    st.builds("Глава {}".format, st.integers(1, 9)), st.builds("Статья {}".format, _NUMBER), st.builds("Статья {}.".format, _NUMBER),
    st.builds("{} бөлім".format, _ROMAN), st.builds("{}-бап".format, _NUMBER), st.builds("{} тарау".format, _ROMAN),
    st.builds("Abschnitt {} {}".format, _ROMAN, _WORDS), st.builds("Artikel {}".format, _NUMBER),
    st.builds("§ {}".format, st.integers(1, 99)), st.builds("## Section {}. {}".format, _ROMAN, _WORDS),
    st.builds("### Article {}".format, _NUMBER), st.builds("# {}".format, _WORDS),
)
_PARAGRAPH = st.one_of(
    st.builds("{}. {}".format, _NUMBER, _WORDS), st.builds("{}-{}. {}".format, st.integers(1, 9), st.integers(1, 3), _WORDS),
    st.builds("{}) {}".format, st.integers(1, 20), _WORDS), st.builds("({}) {}".format, st.integers(1, 9), _WORDS),
    st.builds("({}){}".format, st.integers(1, 9), _WORDS), st.builds("{}) {}".format, st.sampled_from("abc"), _WORDS), _WORDS,
)
_NOTE = st.builds(
    "{} {}".format,
    st.sampled_from(["Footnote.", "Footnote:", "Note.", "Сноска.", "Примечание.", "Ескерту.", "Ескертпе.", "Fußnote:"]),
    _WORDS,
)
_OTHER = st.sampled_from([
    "Article 9 is excluded.", "Excluded by the Law No. 1.", "Статья 7 исключена законом.", "84-бап алып тасталды.",
    "4. Исключен Законом РК.", "8) исключен", "Artikel 3 (weggefallen)", "CONSTITUTION OF TESTLAND", "Конституция Республики",
    "ПРОЕКТ", "Draft", "Adopted by referendum on 1 May 2000.", "Official source: a database", "---", "title: X", "...",
    "© 2012. An institute", "**Hartmann v. r.**", "Nordhafen, den 23. Mai 1949", "[^1]: Angenommen am 3. März 2013.",
    "IN WITNESS WHEREOF the delegates signed.", "EL PRESIDENTE DEL SENADO", "Ole Brandt", "###### Fussnoten",
])
_BLANK = st.sampled_from(["", "   ", "\u00a0", "\f", "\u00a0\u00a0 ", "\t"])
_LINE = st.one_of(_HEADING, _HEADING, _PARAGRAPH, _PARAGRAPH, _NOTE, _OTHER, _BLANK, _BLANK,
                  st.text(st.characters(blacklist_characters="\n"), max_size=30))
_DECORATED = st.builds("{}{}{}".format, st.sampled_from(["", "", "", " ", "   ", "\u00a0", "\f", "\f   "]), _LINE,
                       st.sampled_from(["", "", " ", "\u00a0"]))
_PROFILE = st.sampled_from([None, None, "en", "ru", "kk", "de"])


def _parse_and_account(text: str, language: str | None) -> None:
    try:
        document = parse_text(text, profile=load_profile(language) if language else None)
    except ConstdiffError:
        return
    assert_every_line_accounted_once(text, document)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_DECORATED, max_size=40).map("\n".join), _PROFILE)
def test_grammar_documents_never_crash_and_account_for_every_line(text: str, language: str | None) -> None:
    _parse_and_account(text, language)


@settings(max_examples=150, deadline=None)
@given(st.text(), _PROFILE)
def test_arbitrary_text_never_crashes_and_accounts_for_every_line(text: str, language: str | None) -> None:
    _parse_and_account(text, language)


def test_detection_reusing_lines_weighs_the_same_words():
    """Inside ``reusing_lines`` (a history's reading) the words of a line are counted once for
    every document that has it; each document's evidence and profile stay those it has alone."""
    english = ["Article 1", "All power belongs to the people and the state.", "Article 2", "12 345", "The state is secular."]
    german = ["Artikel 1", "Die Würde des Menschen ist unantastbar und die Freiheit der Person.", "Artikel 2", "12 345"]
    documents = [english, german, english + german[1:2], ["Article 1", "12 345", "12 345"]]
    alone = [(_word_evidence(lines), detect_profile(lines, "x").language) for lines in documents]
    with reusing_lines():
        twice = [[(_word_evidence(lines), detect_profile(lines, "x").language) for lines in documents] for _ in range(2)]
    assert twice == [alone, alone]
    assert [language for _, language in alone] == ["en", "de", "en", "en"]
    added = _word_evidence(german[1:2])  # the evidence of lines adds up: what reusing them relies on
    assert alone[2][0] == {language: alone[0][0][language] + added[language] for language in added} != alone[0][0]


def test_documents_read_reusing_lines_are_those_read_alone():
    """A line shared by versions is read once inside ``reusing_lines``, each copy under its own
    number: the documents equal those parsed alone, whatever the profile (given or detected)."""
    old = "Title\n\nArticle 1\n1. All power belongs to the people.\n  2. It is exercised by the people.\nArticle 2\nThe state is secular."
    new = "Title\n\nArticle 1\nPreamble moved here.\n1. All power belongs to the people.\nArticle 1a\nThe state is secular.\nArticle 2\nThe state is secular."
    alone = [parse_text(text, profile=profile) for profile in (None, EN) for text in (old, new, old)]
    with reusing_lines():
        shared = [parse_text(text, profile=profile) for profile in (None, EN) for text in (old, new, old)]
    assert shared == alone
    assert [article.span for article in shared[1].articles()] != [article.span for article in shared[0].articles()]
