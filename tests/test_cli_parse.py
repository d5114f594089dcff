"""`constdiff parse`, and bad input: one line on stderr naming the file and the problem, exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from constdiff.cli import main

SAMPLE = "Section I\nBasics\nArticle 1\n1. Text.\nFootnote. Article 1 as amended.\nArticle 2\nFootnote. Article 2 is excluded.\n"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def assert_one_line_error(result: Result, *parts: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("constdiff: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def test_tree_outline(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    result = run("parse", str(path))
    assert result.exit_code == 0 and result.stderr == ""
    assert "Section I  Basics" in result.stdout and "Articles 1ⁿ 2ⁿ" in result.stdout
    assert "1 divisions, 2 articles (1 repealed), 2 notes" in " ".join(result.stdout.split())


def test_json_outline(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    outline = json.loads(run("parse", str(path), "--format", "json").stdout)
    assert outline["counts"] == {"divisions": 1, "articles": 2, "repealed": 1, "paragraphs": 1, "notes": 2, "words": 2, "closing": 0}
    (section,) = outline["children"]
    assert [(c["number"], c["status"], c["lines"]) for c in section["children"]] == [
        ("1", "in-force", [3, 5]), ("2", "repealed", [6, 7]),
    ]
    assert section["children"][0]["notes"] == [{"marker": "Footnote.", "text": "Article 1 as amended.", "lines": [5, 5]}]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n\t\n", "is empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("Just prose, no headings at all.\nA second line.\n".encode(), "no article or section headings"),
        ("Section I\nSection II\n".encode(), "no article headings found with the English profile"),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert_one_line_error(run("parse", str(path)), str(path), problem)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert_one_line_error(run("parse", str(path)), str(path), "no such file")


@pytest.mark.parametrize(
    ("profile", "problem"),
    [
        ("language: xx\narticles: [\n", "is not valid YAML at line 3"),
        ("- just\n- a list\n", "a profile must be a mapping"),
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
    assert_one_line_error(run("parse", str(text), "--profile", str(profile_path)), str(profile_path), problem)


def test_missing_profile_file(tmp_path: Path) -> None:
    text = tmp_path / "c.txt"
    text.write_text("Article 1\nText.\n", encoding="utf-8")
    missing = tmp_path / "none.yaml"
    assert_one_line_error(run("parse", str(text), "--profile", str(missing)), str(missing), "no such profile file")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    command = [sys.executable, "-m", "constdiff"]
    quiet = subprocess.run([*command, "parse", str(path)], capture_output=True, text=True, check=False)
    loud = subprocess.run([*command, "--debug", "parse", str(path)], capture_output=True, text=True, check=False)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr and quiet.stderr.count("\n") == 1
    assert loud.returncode != 0 and "Traceback" in loud.stderr and "InputError" in loud.stderr and "is empty" in loud.stderr


def test_duplicate_article_numbers_warn_and_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "dup.txt"
    path.write_text("Article 1\nA.\nArticle 2\nB.\nArticle 1\nC.\n", encoding="utf-8")
    tree = run("parse", str(path))
    assert tree.exit_code == 0 and "warning: line 5: article number 1 already used at line 1" in tree.stdout
    outline = json.loads(run("parse", str(path), "--format", "json").stdout)
    assert outline["warnings"] == ["line 5: article number 1 already used at line 1"]


def test_articles_keep_their_place_between_divisions_in_the_tree(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Article 1\nA.\nArticle 1-1\nA.\nPart I\nChapter 1\nArticle 2\nB.\nArticle 3\nC.\nChapter 2\nArticle 4\nD.\n",
                    encoding="utf-8")
    lines = [line.strip("│├└─ ") for line in run("parse", str(path)).stdout.splitlines() if line.lstrip("│ ").startswith(("├", "└"))]
    assert lines == ["Articles 1 1-1", "Part I", "Chapter 1", "Articles 2 3", "Chapter 2", "Articles 4"]


def test_lang_option_forces_a_profile(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("Art. 5\nThe people are sovereign.\n", encoding="utf-8")
    assert json.loads(run("parse", str(path), "--format", "json").stdout)["language"] == "en"
    assert json.loads(run("parse", str(path), "--lang", "de", "--format", "json").stdout)["language"] == "de"
    assert_one_line_error(run("parse", str(path), "--lang", "ru"), str(path), "no article headings found with the Russian profile")


def test_user_profile_for_a_new_language(tmp_path: Path) -> None:
    text, profile_path = tmp_path / "c.txt", tmp_path / "es.yaml"
    text.write_text("Título I\nDisposiciones\nArtículo 1\n1. Texto.\n", encoding="utf-8")
    profile_path.write_text(
        "language: es\ndivisions:\n  - kind: title\n    patterns: ['^Título (?P<number>[IVX]+)\\s*(?P<title>.*)$']\n"
        "articles: ['^Artículo (?P<number>\\d+)']\nparagraphs: ['^(?P<marker>(?P<number>\\d+)\\.)\\s+(?P<text>.+)$']\n",
        encoding="utf-8",
    )
    outline = json.loads(run("parse", str(text), "--profile", str(profile_path), "--format", "json").stdout)
    assert outline["language"] == "es" and outline["children"][0]["title"] == "Disposiciones"
    assert outline["children"][0]["children"][0]["paragraphs"][0]["number"] == "1"


def test_standard_input() -> None:
    result = run("parse", "-", "--format", "json", stdin="---\nedition: 2\n---\nArticle 1\nText.\n")
    outline = json.loads(result.stdout)
    assert result.exit_code == 0 and outline["counts"]["articles"] == 1 and outline["metadata"] == {"edition": "2"}
