"""A user profile's pattern that can backtrack catastrophically is refused when the profile is loaded (issue 13)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.errors import ProfileError
from constdiff.profiles import data_dir, load_profile
from constdiff.regexsafety import UNCHECKED, backtracking

SHIPPED = sorted((data_dir() / "profiles").glob("*.yaml"))

# A fictional language's profile; {field} is where a test puts a pattern of its own.
PROFILE = """\
language: lu
articles:
  - '^Clausa\\s+(?P<number>\\d+)\\.?(?:\\s+(?P<title>.*))?$'
{field}
"""

# Each runs for seconds at 30 characters and for ever on a long line.
DANGEROUS = [
    r"(a+)+$",
    r"(\w+\s?)+$",
    r"(a|aa)+$",
    r"(a|a)*b",
    r"(.*a){20}",
    r"^(\d+)*\.",
    r"(?:\w{1,8}\s?){1,8}$",  # bounded, but with more ways to split a word than a line could wait for
    r"(?=(a+)+$)\w",  # inside a lookahead
    r"(?:(?:x?)?ab)+!",  # "x?" can match nothing, and "(?:x?)?" so in two ways: 2^n on "abab…"
    r"(?:(?:(?:(?:\w*+)*?)+){2,3}){2,3}!",  # no loop to pump, but 1,872 ways to match nothing: 4 s a line
]

# What a profile's author writes: each has one way to match a text, or a harmless second one.
REASONABLE = [
    r"\d+[a-z]?",
    r"(?:\d+\.)*\d+",
    r"[IVXLC]+",
    r"Art(?:icle|\.)?\s+\d+(?:-\d+)?",
    r"\d+(?:-\d+)*",
    r"^(?:Article|Art\.)\s+(?P<number>\d+)\s*(?P<title>.*)$",
    r"^(?:CHAPTER|Chapter)\s+(?P<number>[IVXLC]+|\d+)\.?\s*(?P<title>.*?)\s*$",
    r"^§\s*(?P<number>\d+[a-z]?)\s*(?P<title>[^.]*)$",
    r"^(?:Section|Sec\.)\s+(?P<number>\d+(?:\.\d+)*)(?:\s+(?P<title>.+))?$",
    r"\((?:repealed|omitted|spent)\)",
    r"^(?:TITLE|PART|BOOK)\s+(?P<number>[IVXLCDM]+)\b",
    r"^(?:\w+ )+\w+\.$",
    r"^(?P<marker>\(?[a-z]\)|\d+\.)\s+(?P<text>.+)$",
    r"(?i)^(?:first|second|third|fourth|fifth)\s+(?:part|chapter)$",
    r"^\d{1,3}(?:\.\d{1,3}){0,3}\s",
    r"(?:a++)+$",  # the possessive fix the message suggests
    r"(?>\w+)+$",
    r"(?:\w++\s?)+$",
]


def _profile(tmp_path: Path, field: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(PROFILE.format(field=field), encoding="utf-8")
    return path


def _quoted(pattern: str) -> str:
    return "'" + pattern.replace("'", "''") + "'"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_profile_passes_the_check_a_users_copy_of_it_gets(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    assert load_profile(str(copy)).source == str(copy)


@pytest.mark.parametrize("pattern", DANGEROUS)
def test_a_dangerous_pattern_is_refused_naming_the_file_and_the_field(pattern: str, tmp_path: Path) -> None:
    problem = _problem(_profile(tmp_path, f"repealed:\n  - '\\(repealed\\)'\n  - {_quoted(pattern)}"))
    assert problem.startswith(f"field 'repealed[1]' pattern '{pattern}' ")
    assert "backtrack" in problem and "\n" not in problem


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("divisions:\n  - kind: part\n    patterns: ['^Pars (?P<title>(\\w+\\s?)+)$']", "divisions[0].patterns[0]"),
        ("title: ['^(a|aa)+$']", "title[0]"),
        ("domains:\n  - name: annex\n    pattern: '^(\\d+)*\\.'", "domains[0].pattern[0]"),
        ("references:\n  words: '^(a+)+$'", "references.words"),
        ("paragraphs: ['^(?P<marker>(\\d+)*\\.) (?P<number>x)?(?P<text>.*)$']", "paragraphs[0]"),
        ("closing: ['(.*,){20}']", "closing[0]"),
    ],
)
def test_every_pattern_field_is_checked(field: str, named: str, tmp_path: Path) -> None:
    problem = _problem(_profile(tmp_path, field))
    assert re.match(rf"field '{re.escape(named)}' pattern '.*' (repeats a part|has \d+ repetitions)", problem), problem


def _problem(path: Path) -> str:
    """What loading the profile at ``path`` is refused for (the file named as the error's source)."""
    with pytest.raises(ProfileError) as raised:
        load_profile(str(path))
    assert raised.value.source == str(path)
    return raised.value.problem


def test_an_article_pattern_with_a_level_is_checked_and_named(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("language: lu\narticles:\n  - pattern: '^Clausa (?P<number>(a|a)*)b'\n    level: 2\n", encoding="utf-8")
    assert _problem(path).startswith("field 'articles[0].pattern' pattern '^Clausa (?P<number>(a|a)*)b' repeats a part")


@pytest.mark.parametrize("pattern", REASONABLE)
def test_a_reasonable_pattern_is_accepted_matched_or_searched(pattern: str) -> None:
    assert backtracking(pattern) is None
    assert backtracking(pattern, searched=True) is None


def test_reasonable_patterns_load_in_a_profile(tmp_path: Path) -> None:
    patterns = "\n".join(f"  - {_quoted(pattern)}" for pattern in REASONABLE)
    profile = load_profile(str(_profile(tmp_path, f"title:\n{patterns}\nrepealed:\n{patterns}")))
    assert len(profile.title) == len(profile.repealed) == len(REASONABLE)


def test_a_repetition_separated_by_what_it_cannot_match_passes_and_an_optional_separator_does_not() -> None:
    assert backtracking(r"^\d+(?:-\d+)*$") is None
    assert backtracking(r"^(?:\d+-?)+$").degree == 0  # "12" is (1)(2) or (12)


def test_quadratic_is_accepted_cubic_is_refused_and_search_adds_a_degree() -> None:
    assert backtracking(r"\d*\d*\.") is None
    assert backtracking(r"\d*\d*\d*\.").degree == 3
    assert backtracking(r"\d*\d*\.", searched=True).degree == 3
    assert backtracking(r"^\d*\d*\.", searched=True) is None  # anchored: one start
    assert "n^20 steps" in backtracking(r"(.*a){20}").problem


def test_ambiguity_with_nothing_after_it_that_can_fail_is_harmless() -> None:
    assert backtracking(r"(a+)+") is None  # the first try matches
    assert backtracking(r"((([^a]a)*)+)+") is None  # "baba…b!": back to the last "a", and done
    assert backtracking(r"((([^a]a)*)+)+$").degree == 0  # the same, with an end that "b!" fails
    assert backtracking(r"((a|a)*b)*").degree == 0  # "aaa…!": ambiguous before any "b" can end it
    assert backtracking(r"^(\w+\s?)+(?P<title>.*)$") is None  # ".*" reaches the end, where "$" holds
    assert backtracking(r"(a+)+(?:b|$)").degree == 0  # "aaa…c": neither "b" nor the end


def test_whitespace_runs_do_not_count_since_profile_patterns_read_cleaned_lines() -> None:
    assert backtracking(r"^(?P<title>.*?)\s*\s*$") is None
    assert backtracking(r"(?:\s+x?)+$") is None  # one space at a time


def test_a_pattern_too_large_to_analyse_is_refused_not_trusted(tmp_path: Path) -> None:
    assert backtracking(r"((?:a{32}){32}){32}").degree == UNCHECKED
    problem = _problem(_profile(tmp_path, "title: ['((?:a{32}){32}){32}']"))
    assert problem.startswith("field 'title[0]' pattern '((?:a{32}){32}){32}' is too large or too deeply nested to check")


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        (r"(?P<x>a", "is not a valid regular expression (missing ), unterminated subpattern at position 0)"),
        ("(?x)\n  (a\n", "is not a valid regular expression (missing ), unterminated subpattern at position 7 (line 2, column 3))"),
        ("a{99999999999}", "is not a valid regular expression (the repetition number is too large)"),
        ("(?:" * 600 + "a" + ")" * 600, "is not a valid regular expression (nested too deeply)"),
    ],
    ids=["unclosed", "verbose", "huge-count", "deep"],
)
def test_an_invalid_pattern_is_one_line_naming_the_field(pattern: str, problem: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(f"language: lu\narticles: ['^Clausa (?P<number>\\d+)']\ntitle:\n  - {_yaml_block(pattern)}\n", encoding="utf-8")
    assert _problem(path) == f"field 'title[0]' {problem}"


def _yaml_block(pattern: str) -> str:
    return '"' + pattern.replace("\\", "\\\\").replace("\n", "\\n") + '"'


def test_profile_check_reports_the_same_line(tmp_path: Path) -> None:
    path = _profile(tmp_path, "repealed: ['(a|aa)+$']")
    result = CliRunner().invoke(main, ["profile", "check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"constdiff: error: {path}: field 'repealed[0]' pattern '(a|aa)+$' repeats a part")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


HOSTILE_RUN_SECONDS = 20  # the run is refused at load time: far less, but a busy machine must not fail the test


@pytest.mark.parametrize("how", ["--profile", "folder"])
def test_a_hostile_profile_and_a_long_line_end_at_once_with_one_line(how: str, tmp_path: Path) -> None:
    profile = tmp_path / "profiles" / "lu.yaml"
    profile.parent.mkdir()
    profile.write_text("language: lu\narticles: ['^Clausa (?P<number>(a+)+)$']\n", encoding="utf-8")
    text = tmp_path / "long.txt"
    text.write_text("Clausa 1\nLex est.\nClausa " + "a" * 100_000 + "!\n", encoding="utf-8")
    arguments = ["--profile", str(profile)] if how == "--profile" else ["--lang", "lu"]
    result = subprocess.run(
        [sys.executable, "-m", "constdiff", "parse", *arguments, str(text)],
        capture_output=True, text=True, timeout=HOSTILE_RUN_SECONDS, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CONSTDIFF_PROFILES": str(profile.parent)},
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"constdiff: error: {profile}: field 'articles[0]' pattern '^Clausa (?P<number>(a+)+)$' ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""
