"""The German profile: Grundgesetz-style Markdown (``### Art 93``), Swiss titles/chapters, repealed stubs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from constdiff.errors import StructureError
from constdiff.model import ArticleStatus
from constdiff.parse import parse_text
from constdiff.pipeline import read_document
from constdiff.profiles import load_profile

DE = load_profile("de")
CH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ch"


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("Art 93", "93", None),
        ("Art. 93", "93", None),
        ("Artikel 93", "93", None),
        ("Art. 93a", "93a", None),
        ("Art 143h", "143h", None),
        ("Art 93.", "93", None),
        ("### Art 16a", "16a", None),
        ("Art. 5 Freiheit der Meinung", "5", "Freiheit der Meinung"),
        ("**Art. 1** Eidgenossenschaft", "1", "Eidgenossenschaft"),
        ("##### **Art. 41**", "41", None),
    ],
)
def test_article_headings(heading: str, number: str, title: str | None) -> None:
    (article,) = parse_text(f"{heading}\n(1) Der Text.\n", profile=DE).articles()
    assert (article.number, article.title, article.status) == (number, title, ArticleStatus.IN_FORCE)


@pytest.mark.parametrize("heading", ["Art 74a (weggefallen)", "Art. 45a – aufgehoben", "### Art 117 (aufgehoben)"])
def test_repealed_stubs(heading: str) -> None:
    text = f"Art 1\n(1) Text.\n{heading}\nArt 118\n(1) Mehr.\n"
    stub = parse_text(text, profile=DE).articles()[1]
    assert stub.status is ArticleStatus.REPEALED and not stub.paragraphs


@pytest.mark.parametrize("line", ["Art. 12 Abs. 2 gilt entsprechend.", "Art. 3 und 4 bleiben unberührt.", "Artikel 7, 8 sind anzuwenden."])
def test_citations_at_a_line_start_are_no_headings(line: str) -> None:
    with pytest.raises(StructureError):
        parse_text(f"{line}\n", profile=DE)


@pytest.mark.parametrize(
    ("heading", "kind", "number", "title"),
    [
        ("I. Die Grundrechte", "section", "I", "Die Grundrechte"),
        ("VIIIa. Gemeinschaftsaufgaben", "section", "VIIIa", "Gemeinschaftsaufgaben"),
        ("Abschnitt 2", "section", "2", None),
        ("1. Titel: Allgemeine Bestimmungen", "title", "1", "Allgemeine Bestimmungen"),
        ("2. Kapitel: Zuständigkeiten", "chapter", "2", "Zuständigkeiten"),
        ("3. Abschnitt: Bildung und Kultur", "subsection", "3", "Bildung und Kultur"),
    ],
)
def test_division_headings(heading: str, kind: str, number: str, title: str | None) -> None:
    (division,) = parse_text(f"## {heading}\n### Art 1\n(1) Text.\n", profile=DE).divisions()
    assert (division.kind, division.number, division.title) == (kind, number, title)


def test_swiss_titles_chapters_and_sections_nest() -> None:
    text = (
        "## 1. Titel: Allgemeines\n### 1. Kapitel: Grundsätze\n#### 1. Abschnitt: Aufgaben\n##### **Art. 1** Zweck\n"
        "<sup>1</sup> Der Bund sorgt vor.\n#### 2. Abschnitt: Zusammenarbeit\n##### **Art. 2**\nText.\n"
        "### 2. Kapitel: Behörden\n##### **Art. 3** Wahl\nText.\n## 2. Titel: Schluss\n##### **Art. 4**\nText.\n"
    )
    document = parse_text(text, profile=DE)
    (first, second) = document.top_divisions()
    assert [(c.kind, c.number) for c in first.children] == [("chapter", "1"), ("chapter", "2")]
    assert [(c.kind, c.number) for c in first.children[0].children] == [("subsection", "1"), ("subsection", "2")]
    assert [a.number for a in second.articles()] == ["4"]


GRUNDGESETZ_STYLE = """\
# Verfassung des Landes Nordmark

## Präambel

Im Bewusstsein seiner Verantwortung hat sich das Volk diese Verfassung gegeben.

## I. Die Grundrechte

### Art 1

(1) Die Würde des Menschen ist zu achten.

(2) Art. 3 gilt entsprechend.

### Art 2

(1) Jeder hat das Recht auf die freie Entfaltung seiner Persönlichkeit.

## II. Das Land und die Gemeinden

### Art 3

(1) Das Land gliedert sich in Kreise.

### Art 3a (weggefallen)

### Art 4

Die Gemeinden regeln ihre Angelegenheiten selbst.
"""


def test_grundgesetz_style_markdown() -> None:
    document = parse_text(GRUNDGESETZ_STYLE, profile=DE)
    assert [(d.kind, d.number) for d in document.divisions()] == [("section", "I"), ("section", "II")]
    assert [(a.number, a.status.value) for a in document.articles()] == [
        ("1", "in-force"), ("2", "in-force"), ("3", "in-force"), ("3a", "repealed"), ("4", "in-force"),
    ]
    assert document.articles()[0].paragraphs[1].text == "Art. 3 gilt entsprechend."
    assert not document.warnings


def test_grundgesetz_style_is_detected_as_german() -> None:
    assert parse_text(GRUNDGESETZ_STYLE).language == "de"


def _readme_heading_counts() -> dict[str, int]:
    """The ``**Art. N**`` headings column of the corpus README's file table."""
    counts = {}
    for line in (CH / "README.md").read_text(encoding="utf-8").splitlines():
        found = re.match(r"\| `(bv-[\d-]+\.md)` \|.*\| (\d+) \| \d+ \|$", line)
        if found:
            counts[found[1]] = int(found[2])
    return counts


@pytest.mark.skipif(not (CH / "README.md").is_file(), reason="the Swiss corpus (../shared/corpus/ch) is absent")
def test_swiss_versions_parse_every_article_heading() -> None:
    """Every ``**Art. N**`` heading the corpus README counts is an article, except the two written
    with the letter after a space (``**Art. 191** b``), which the profile does not read as a number."""
    counts = _readme_heading_counts()
    assert len(counts) == 28
    for name, expected in counts.items():
        text = (CH / name).read_text(encoding="utf-8")
        separated = len(re.findall(r"(?m)^#+ \*\*Art\. \d+\*\* [a-z]\s", text))
        document = read_document(str(CH / name))
        assert document.language == "de", name
        assert len(document.articles()) == expected - separated, name
        assert [d.kind for d in document.top_divisions()] == ["title"] * 6, name
