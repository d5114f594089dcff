"""The terminal report of the seeds at 80 and 120 columns, in colour and without (golden files).

Without colour, deletions and insertions are marked ``[-…-]``/``{+…+}``; in colour they are
struck through and underlined as well as coloured, so no reader depends on colour alone.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from test_seeds_golden import golden

STRUCK_RED, UNDERLINED_GREEN = "\x1b[9;31m", "\x1b[4;32m"


@pytest.mark.parametrize("width", (80, 120))
@pytest.mark.parametrize("color", ("never", "always"))
def test_demo_matches_golden_file(width: int, color: str) -> None:
    result = CliRunner().invoke(main, ["demo", "--color", color, "--width", str(width), "--no-pager"], env={"NO_COLOR": None, "TERM": "xterm-256color", "COLORTERM": None})
    assert result.exit_code == 0, result.output
    golden(f"demo-{width}-{color}.txt", result.output)
    assert max(len(line) for line in _visible(result.output).splitlines()) <= width
    if color == "never":
        assert "\x1b[" not in result.output and "[-" in result.output and "{+" in result.output
    else:
        assert STRUCK_RED in result.output and UNDERLINED_GREEN in result.output


def test_no_color_environment_marks_changes_in_plain_text() -> None:
    result = CliRunner().invoke(main, ["demo", "--width", "100", "--no-pager"], env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.output and "[-" in result.output and "{+" in result.output


def _visible(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_each_redline_heading_stands_after_a_blank_line() -> None:
    lines = CliRunner().invoke(main, ["demo", "--color", "never", "--width", "80", "--no-pager"], env={"NO_COLOR": None}).output.splitlines()
    headings = [index for index, line in enumerate(lines) if "──" in line and line.startswith(("Article ", "New article ", "Preamble "))]
    assert len(headings) > 10
    assert all(not lines[index - 1].strip() for index in headings), [lines[index - 1] for index in headings if lines[index - 1].strip()][:3]
