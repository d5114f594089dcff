"""`constdiff parse` and bad input: one line naming the file and the problem, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_tree_and_json_outline(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Section I\nBasics\nArticle 1\n1. Text.\nArticle 2\nFootnote. Article 2 is excluded.\n", encoding="utf-8")
    tree = run("parse", str(path))
    assert tree.exit_code == 0 and "Section I" in tree.output and "Basics" in tree.output
    outline = json.loads(run("parse", str(path), "--format", "json").output)
    assert outline["counts"] == {"divisions": 1, "articles": 2, "repealed": 1, "paragraphs": 1, "notes": 1, "words": 2}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        ("Just prose, no headings at all.\n".encode(), "no article or section headings"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("parse", str(path))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and str(path) in result.output and problem in result.output


@pytest.mark.parametrize(
    ("profile", "problem"),
    [
        ("language: xx\narticles: [\n", "not valid YAML"),
        ("language: xx\n", "field 'articles' must list at least one pattern"),
        ("language: xx\narticles: ['^Article (?P<number>\\d+']\n", "field 'articles[0]' is not a valid regular expression"),
        ("language: xx\narticles: ['^Article \\d+']\n", "field 'articles[0]' needs the named group(s) number"),
        ("articles: ['^Article (?P<number>\\d+)']\n", "field 'language' must be a non-empty string"),
    ],
)
def test_bad_profile_is_one_line_exit_2(tmp_path: Path, profile: str, problem: str) -> None:
    text, profile_path = tmp_path / "c.txt", tmp_path / "mine.yaml"
    text.write_text("Article 1\nText.\n", encoding="utf-8")
    profile_path.write_text(profile, encoding="utf-8")
    result = run("parse", str(text), "--profile", str(profile_path))
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert str(profile_path) in result.output and problem in result.output


def test_user_profile_for_a_new_language(tmp_path: Path) -> None:
    text, profile_path = tmp_path / "c.txt", tmp_path / "es.yaml"
    text.write_text("Título I\nDisposiciones\nArtículo 1\n1. Texto.\n", encoding="utf-8")
    profile_path.write_text(
        "language: es\ndivisions:\n  - kind: title\n    patterns: ['^Título (?P<number>[IVX]+)\\s*(?P<title>.*)$']\n"
        "articles: ['^Artículo (?P<number>\\d+)']\nparagraphs: ['^(?P<marker>(?P<number>\\d+)\\.)\\s+(?P<text>.+)$']\n",
        encoding="utf-8",
    )
    outline = json.loads(run("parse", str(text), "--profile", str(profile_path), "--format", "json").output)
    assert outline["language"] == "es" and outline["children"][0]["title"] == "Disposiciones"


def test_standard_input() -> None:
    result = CliRunner().invoke(main, ["parse", "-", "--format", "json"], input="Article 1\nText.\n")
    assert result.exit_code == 0 and json.loads(result.output)["counts"]["articles"] == 1
