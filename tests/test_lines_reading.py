"""Reading lines: the one match that names the first matching pattern reads every line as trying the
patterns one by one does, under every shipped profile, on every fixture text and the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from constdiff.lines import LineKind, _any_of, _heading_or_point, _line_reader, clean_line, read_lines, split_heading
from constdiff.profiles import available_languages, load_profile

TESTS = Path(__file__).resolve().parent
TEXTS = sorted([*(TESTS / "data").glob("profiles*/*.*"), *(TESTS.parent / "seeds").glob("*.txt")])


def _one_by_one(number: int, raw: str, cleaned: str, language: str):
    """The reading of one line that tries each pattern in turn (no alternation)."""
    reader = _line_reader(load_profile(language))
    indented = raw.lstrip("\f")[:1].isspace()
    return _heading_or_point(number, cleaned, indented, *split_heading(cleaned), reader, load_profile(language))


@pytest.mark.parametrize("language", available_languages())
def test_the_first_pattern_alternation_reads_lines_as_one_by_one(language: str) -> None:
    assert _line_reader(load_profile(language)).first_pattern is not None  # the fast path is what is tested
    raw_lines = [line for path in TEXTS for line in path.read_text(encoding="utf-8").split("\n")]
    cleaned = [clean_line(line) for line in raw_lines]
    read = read_lines(1, raw_lines, cleaned, load_profile(language))
    expected = [
        _one_by_one(number, raw, clean, language) for number, (raw, clean) in enumerate(zip(raw_lines, cleaned), start=1) if clean
    ]
    assert [line for line in read if line.kind is not LineKind.BLANK] == expected
    assert {line.kind for line in expected} >= {LineKind.TEXT, LineKind.PARAGRAPH}


def test_the_alternation_names_the_first_pattern_that_matches() -> None:
    """Where two patterns match, ``lastgroup`` names the one listed first, whatever groups they have."""
    patterns = [re.compile(r"(?P<a>x)(y)"), re.compile(r"(?i)(?P<a>X)Y(Z)?"), re.compile(r"z")]
    joined = _any_of(patterns, named=True)
    assert joined is not None
    assert [getattr(joined.match(text), "lastgroup", None) for text in ("xy", "XYZ", "z", "q")] == ["_0", "_1", "_2", None]


def test_patterns_that_cannot_be_joined_are_not() -> None:
    """Back-references and conditionals refer to group numbers that joining would change."""
    assert _any_of([re.compile(r"(a)\1"), re.compile("b")]) is None
    assert _any_of([re.compile(r"(a)?(?(1)b|c)"), re.compile("b")]) is None
    assert _any_of([re.compile(r"\(?(?P<n>a)\)"), re.compile("b")]) is not None  # an escaped "(" then "?(": no conditional
