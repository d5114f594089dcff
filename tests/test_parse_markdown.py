"""Markdown statutes and heading lines in their many styles: heading levels, emphasis, invisible
characters, a title on the next heading, a first sentence on the heading's line, a marker alone on
its line; and every line still in exactly one node."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from constdiff.errors import ConstdiffError
from constdiff.model import Article, Division, Document
from constdiff.parse import parse_text
from constdiff.profiles import Profile, load_profile, parse_profile

from test_parse import assert_every_line_accounted_once

README = Path(__file__).resolve().parents[1] / "README.md"
EN, DE, RU = (load_profile(language) for language in ("en", "de", "ru"))


def _readme_block(language: str) -> str:
    """The first ``language`` code block of the README's "Writing a profile" section."""
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("### Writing a profile") :]
    found = re.search(rf"^```{language}\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert found, f"no {language} block under 'Writing a profile'"
    return found.group(1)


@pytest.fixture(scope="module")
def statute_profile(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    path = tmp_path_factory.mktemp("profile") / "statute.yaml"
    path.write_text(_readme_block("yaml"), encoding="utf-8")
    return load_profile(str(path))


def _outline(nodes: tuple, depth: int = 0) -> list[tuple]:
    """(depth, kind, number, title) of divisions, (depth, 'article', number, title) of articles."""
    found: list[tuple] = []
    for node in nodes:
        if isinstance(node, Division):
            found.append((depth, node.kind, node.number, node.title))
            found += _outline(node.children, depth + 1)
        else:
            found.append((depth, "article", node.number, node.title))
    return found


def _paragraphs(article: Article) -> list[tuple[str | None, str]]:
    return [(paragraph.number, paragraph.text) for paragraph in article.paragraphs]


def _articles(document: Document) -> dict[str, Article]:
    return {article.number: article for article in document.articles()}


# --- the README's worked example --------------------------------------------------------


def test_readme_example_profile_reads_the_example_statute(statute_profile: Profile) -> None:
    text = _readme_block("markdown")
    document = parse_text(text, profile=statute_profile)
    assert document.title == "CONSTITUTION OF TESTLAND" and not document.warnings
    assert _outline(document.children) == [
        (0, "title", "I", None),
        (1, "chapter", "1", "GENERAL PROVISIONS"),
        (2, "article", "1", "Sovereignty"),
        (2, "group", None, "The Government"),
        (3, "article", "2", None),
        (1, "chapter", "2", None),
        (2, "article", "3", None),
    ]
    articles = _articles(document)
    assert _paragraphs(articles["1"]) == [("1", "All power derives from the people."), ("2", "The people exercise it through elections.")]
    assert _paragraphs(articles["3"]) == [(None, "The Council meets every year."), ("a", "in spring;")]
    assert articles["1"].paragraphs[0].span.first == articles["1"].paragraphs[0].span.last - 1
    assert_every_line_accounted_once(text, document, statute_profile)


def test_level_bound_patterns_match_only_headings_of_their_level(statute_profile: Profile) -> None:
    text = "##### Art. 1\nText.\nArt. 2\n#### Art. 3\n###### Art. 4\n##### Art. 5\nMore.\n"
    document = parse_text(text, profile=statute_profile)
    assert list(_articles(document)) == ["1", "5"] and not document.divisions()  # "Art. 3" is no group title: it has a "."
    assert [p.text for p in _articles(document)["1"].paragraphs] == ["Text.", "Art. 2", "#### Art. 3", "###### Art. 4"]
    assert_every_line_accounted_once(text, document, statute_profile)


def test_an_unnumbered_division_pattern_yields_to_numbered_ones() -> None:
    profile = parse_profile(
        {
            "language": "xx",
            "divisions": [
                {"kind": "group", "patterns": [{"pattern": r"^(?P<title>[A-Z].*)$", "level": 4}]},
                {"kind": "chapter", "patterns": [{"pattern": r"^Chapter (?P<number>\d+)\s*(?P<title>.*)$", "level": 4}]},
            ],
            "articles": [r"^Art\. (?P<number>\d+)$"],
        },
        source="mine.yaml",
    )
    text = "#### Chapter 1\n#### Art. 1\nText.\n#### Later Rules\n#### Art. 2\nText.\n"
    document = parse_text(text, profile=profile)
    assert _outline(document.children) == [
        (0, "chapter", "1", None),
        (1, "article", "1", None),
        (0, "group", None, "Later Rules"),
        (1, "article", "2", None),
    ]
    assert_every_line_accounted_once(text, document, profile)


def test_ordinal_numbers_become_digits(statute_profile: Profile) -> None:
    text = "## TITLE II\n### CHAPTER THIRD\n##### Art. 7\nText.\n### CHAPTER 4\n##### Art. 8\nText.\n### CHAPTER Fifth\n##### Art. 9\nText.\n"
    document = parse_text(text, profile=statute_profile)
    assert [(d.kind, d.number) for d in document.divisions()] == [("title", "II"), ("chapter", "3"), ("chapter", "4"), ("chapter", "Fifth")]
    assert_every_line_accounted_once(text, document, statute_profile)


def test_the_title_line_after_a_heading_opens_no_sub_division_but_a_later_one_does(statute_profile: Profile) -> None:
    text = "### CHAPTER FIRST\n\n#### Basic Rules\n##### Art. 1\nText.\n#### Further Rules\n##### Art. 2\nText.\n"
    document = parse_text(text, profile=statute_profile)
    assert _outline(document.children) == [
        (0, "chapter", "1", "Basic Rules"),
        (1, "article", "1", None),
        (1, "group", None, "Further Rules"),
        (2, "article", "2", None),
    ]
    assert_every_line_accounted_once(text, document, statute_profile)


# --- titles from the next Markdown heading (shipped profiles) -----------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("## Chapter 1\n### Basic Principles\nArticle 1\nText.\n", "Basic Principles"),
        ("## Chapter 1\n\n### **Basic Principles**\n\nArticle 1\nText.\n", "Basic Principles"),
        ("## Chapter 1\nBasic Principles\nArticle 1\nText.\n", "Basic Principles"),
        ("## Chapter 1\n### Basic Principles\n### Further Words\nArticle 1\nText.\n", "Basic Principles"),
        ("## Chapter 1 **Basic Principles**\nArticle 1\nText.\n", "Basic Principles"),
        ("## Chapter 1\nArticle 1\nText.\n", None),
    ],
)
def test_a_division_title_on_the_next_markdown_heading(text: str, title: str | None) -> None:
    document = parse_text(text, profile=EN)
    (chapter,) = document.divisions()
    assert chapter.title == title
    assert_every_line_accounted_once(text, document)


# --- invisible characters and emphasis ------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "\u200eArticle 5 Freedom", "\ufeffArticle 5 Freedom", "\u202bArticle 5 Freedom\u202c", "\u2060Article 5 Freedom",
        "\u200bArticle 5 Free\u00addom", "Arti\u00adcle 5 Freedom", "## \u200fArticle 5 Freedom", "Article\u200d 5 Freedom",
        "**Art. 5** Freedom", "__Art. 5__ Freedom", "*Article 5 Freedom*", "_Article 5 Freedom_", "##### **Art. 5** Freedom",
        "### **Article 5** *Freedom*", "Article 5 Freedom\\", "## Article 5 Freedom \\", "**Article 5. Freedom**",
    ],
)
def test_invisible_characters_and_emphasis_do_not_hide_a_heading(heading: str) -> None:
    text = f"Article 4\nBefore.\n{heading}\n1. The *State* protects it.\n"
    document = parse_text(text, profile=EN)
    article = _articles(document)["5"]
    assert article.title == "Freedom"
    assert _paragraphs(article) == [("1", "The *State* protects it.")]  # emphasis in text is text
    assert_every_line_accounted_once(text, document)


def test_emphasised_division_headings() -> None:
    text = "## _Section II_\n**Chapter 3** General\n*Article 1*\nText.\n"
    document = parse_text(text, profile=EN)
    assert [(d.kind, d.number, d.title) for d in document.divisions()] == [("section", "II", None), ("chapter", "3", "General")]
    assert_every_line_accounted_once(text, document)


# --- text on the heading's line ------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "text", "number", "title", "paragraphs"),
    [
        (EN, "Art. 12. The State guarantees the freedom of conscience.\n2. It is secular.\n", "12", None,
         [(None, "The State guarantees the freedom of conscience."), ("2", "It is secular.")]),
        (EN, "Article 3. – The sovereignty belongs to the people.\n", "3", None, [(None, "The sovereignty belongs to the people.")]),
        (EN, "Article 4 1. Everyone is equal before the law.\n2. No one is above it.\n", "4", None,
         [("1", "Everyone is equal before the law."), ("2", "No one is above it.")]),
        (EN, "Article 6 The Parliament consists of:\na) the Senate;\n", "6", None, [(None, "The Parliament consists of:"), ("a", "the Senate;")]),
        (EN, "Article 7 Freedom of Speech\n1. Speech is free.\n", "7", "Freedom of Speech", [("1", "Speech is free.")]),
        (EN, "Article 8 " + " ".join(["Every"] + ["word"] * 30) + "\n", "8", None, [(None, " ".join(["Every"] + ["word"] * 30))]),
        (DE, "Art. 5 Jeder hat das Recht, seine Meinung frei zu äußern.\n(2) Eine Zensur findet nicht statt.\n", "5", None,
         [(None, "Jeder hat das Recht, seine Meinung frei zu äußern."), ("2", "Eine Zensur findet nicht statt.")]),
        (DE, "§ 3 (1) Die Würde des Menschen ist unantastbar.\n(2) Sie zu achten ist Pflicht.\n", "3", None,
         [("1", "Die Würde des Menschen ist unantastbar."), ("2", "Sie zu achten ist Pflicht.")]),
        (DE, "Art. 6 Grundsätze des Handelns\n(1) Das Recht gilt.\n", "6", "Grundsätze des Handelns", [("1", "Das Recht gilt.")]),
        (DE, "##### **Art. 9** Die Freiheit ist gewährleistet.\n", "9", None, [(None, "Die Freiheit ist gewährleistet.")]),
        (RU, "Статья 5. Земля принадлежит народу.\n", "5", None, [(None, "Земля принадлежит народу.")]),
    ],
)
def test_a_first_sentence_on_the_heading_line_is_the_first_paragraph(
    profile: Profile, text: str, number: str, title: str | None, paragraphs: list
) -> None:
    document = parse_text(text, profile=profile)
    article = _articles(document)[number]
    assert (article.title, _paragraphs(article)) == (title, paragraphs) and not document.warnings
    assert (article.paragraphs[0].span == article.heading_span) is (title is None)
    assert_every_line_accounted_once(text, document)


def test_a_sentence_about_an_article_is_still_text() -> None:
    text = "Article 1\nText.\nArticle 9 shall be amended by law.\n"
    document = parse_text(text, profile=EN)
    assert _paragraphs(_articles(document)["1"]) == [(None, "Text."), (None, "Article 9 shall be amended by law.")]


def test_a_first_sentence_on_the_heading_line_goes_on_on_hard_wrapped_lines() -> None:
    articles = [
        "Статья {}. Народ является единственным\nисточником власти и осуществляет\nее непосредственно.",
        "Статья {}. Государство признает права\nи свободы человека и гражданина\nвысшей ценностью.",
    ]
    text = "\n".join(articles[number % 2].format(number) for number in range(1, 7)) + "\n"
    document = parse_text(text, profile=RU)
    assert [len(a.paragraphs) for a in document.articles()] == [1] * 6
    assert _articles(document)["2"].paragraphs[0].text == "Народ является единственным источником власти и осуществляет ее непосредственно."
    assert_every_line_accounted_once(text, document)


def test_what_a_pattern_without_dollar_leaves_is_text() -> None:
    profile = parse_profile({"language": "xx", "articles": [r"^Art (?P<number>\d+)"]}, source="mine.yaml")
    text = "Art 1 The people rule.\nArt 2\nMore.\nArt 3: Last words\n"
    document = parse_text(text, profile=profile)
    assert [(a.number, a.title, _paragraphs(a)) for a in document.articles()] == [
        ("1", None, [(None, "The people rule.")]),
        ("2", None, [(None, "More.")]),
        ("3", None, [(None, ": Last words")]),
    ]
    assert_every_line_accounted_once(text, document, profile)


# --- a marker alone on its line ----------------------------------------------------------------


def test_a_marker_alone_and_its_text_on_the_next_line_are_one_paragraph() -> None:
    text = "Article 1\n(1)\nAll power belongs to the people.\n2.\n\nThe State is secular.\na)\nin peace;\n(3)\n(4) Text.\n(5)\n(6)\nMore.\n7.\n"
    document = parse_text(text, profile=EN)
    assert _paragraphs(_articles(document)["1"]) == [
        ("1", "All power belongs to the people."),
        ("2", "The State is secular."),
        ("a", "in peace;"),
        (None, "(3)"),  # the next line is a paragraph of its own
        ("4", "Text."),
        (None, "(5)"),  # the next line is a marker alone too
        ("6", "More."),
        (None, "7."),  # nothing follows
    ]
    assert_every_line_accounted_once(text, document)


def test_a_marker_alone_before_a_heading_stays_apart() -> None:
    text = "Article 1\n1.\nArticle 2\nText.\n1.\n## Not a heading here\n"
    document = parse_text(text, profile=EN)
    assert [_paragraphs(a) for a in document.articles()] == [[(None, "1.")], [(None, "Text."), (None, "1."), (None, "## Not a heading here")]]
    assert_every_line_accounted_once(text, document)


# --- the invariant on Markdown texts -------------------------------------------------------------

_WORDS = st.lists(
    st.sampled_from(["The", "people", "State", "Council", "law", "shall", "and", "of", "GENERAL", "Rules", "—", "1995"]),
    min_size=1, max_size=7,
).map(" ".join)
_NUMBER = st.builds("{}{}".format, st.integers(1, 40), st.sampled_from(["", "", "a"]))
_EMPHASIS = st.sampled_from(["{}", "{}", "**{}**", "__{}__", "*{}*", "_{}_", "{}\\", "{} \\"])
_INVISIBLE = st.sampled_from(["", "", "", "\u200b", "\u200e", "\ufeff", "\u202b", "\u00ad", "\u2060"])
_HEADING = st.one_of(
    st.builds("TITLE {}".format, st.sampled_from(["I", "II", "IV"])), st.builds("CHAPTER {}".format, st.sampled_from(["FIRST", "Second", "3"])),
    st.builds("CHAPTER {} {}".format, st.sampled_from(["FIRST", "2"]), _WORDS), _WORDS,
    st.builds("Art. {}".format, _NUMBER), st.builds("Art. {} {}".format, _NUMBER, _WORDS),
    st.builds("Art. {}. {}.".format, _NUMBER, _WORDS), st.builds("Art. {} ({}) {}.".format, _NUMBER, st.integers(1, 3), _WORDS),
    st.builds("Article {}".format, _NUMBER), st.builds("Article {}. {};".format, _NUMBER, _WORDS), st.builds("§ {} {}.".format, _NUMBER, _WORDS),
    st.builds("Chapter {}".format, st.integers(1, 5)), st.builds("Section {}".format, st.sampled_from(["I", "II"])),
)
_MARKED_HEADING = st.builds(
    lambda hashes, invisible, emphasis, heading: f"{hashes}{invisible}{emphasis.format(heading)}",
    st.sampled_from(["", "## ", "### ", "#### ", "##### ", "###### "]), _INVISIBLE, _EMPHASIS, _HEADING,
)
_BODY = st.one_of(
    _WORDS, st.builds("{}.".format, _WORDS), st.builds("({}) {}.".format, st.integers(1, 4), _WORDS),
    st.sampled_from(["(1)", "(2)", "1.", "2.", "a)", "b)", "(3a)", "Note.", "Footnote. A note."]), st.builds("{}) {};".format, st.sampled_from("ab"), _WORDS),
    st.builds("{}{}".format, _INVISIBLE, _WORDS),
)
_LINE = st.one_of(_MARKED_HEADING, _MARKED_HEADING, _BODY, _BODY, st.just(""), st.just(""))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(_LINE, max_size=30).map("\n".join), st.sampled_from(["statute", "en", "de"]))
def test_markdown_documents_account_for_every_line(statute_profile: Profile, text: str, name: str) -> None:
    profile = statute_profile if name == "statute" else load_profile(name)
    try:
        document = parse_text(text, profile=profile)
    except ConstdiffError:
        return
    assert_every_line_accounted_once(text, document, profile)


def test_nothing_outside_a_paragraph_pattern_groups_is_lost() -> None:
    profile = parse_profile(
        {
            "language": "xx",
            "articles": [r"^Art (?P<number>\d+)$"],
            "paragraphs": [r"^(?:[-•]\s+)?(?P<marker>(?P<number>[a-z])\))\s+(?P<text>\S+)"],
            "notes": [r"^\[(?P<marker>Note)\]\s*(?P<text>.*)$"],
        },
        source="mine.yaml",
    )
    text = "Art 1\n- a) the Senate and\n• b) the House;\n[Note] Amended.\n"
    document = parse_text(text, profile=profile)
    (article,) = document.articles()
    assert [(p.number, p.marker, p.text) for p in article.paragraphs] == [("a", "- a)", "the Senate and"), ("b", "• b)", "the House;")]
    assert [(n.marker, n.text) for n in article.notes] == [("[Note]", "Amended.")]
    assert_every_line_accounted_once(text, document, profile)
