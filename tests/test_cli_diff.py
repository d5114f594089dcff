"""`constdiff diff`: exit codes like diff(1), one-line errors, report options."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main

OLD = "Section I\nBasics\nArticle 1\nPower belongs to the people.\nArticle 2\nThe state is secular.\n"
NEW = "Section I\nBasics\nArticle 1\nPower belongs to the people.\nArticle 2\nThe state is secular and social.\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_identical_files_exit_0(tmp_path: Path) -> None:
    old = write(tmp_path, "a.txt", OLD)
    result = run("diff", old, old, "--color", "never")
    assert result.exit_code == 0, result.output
    assert "unchanged" in result.output


def test_different_files_exit_1_with_redline(tmp_path: Path) -> None:
    result = run("diff", write(tmp_path, "a.txt", OLD), write(tmp_path, "b.txt", NEW), "--color", "never")
    assert result.exit_code == 1, result.output
    assert "Article 2 → 2  amended" in result.output
    assert "and social" in result.output


def test_missing_file_exit_2_one_line(tmp_path: Path) -> None:
    result = run("diff", str(tmp_path / "nope.txt"), write(tmp_path, "b.txt", NEW))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "nope.txt: no such file" in result.output
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "diff", str(tmp_path / "nope.txt"), write(tmp_path, "b.txt", NEW))
    assert result.exit_code != 0
    assert result.exception is not None and "no such file" in str(result.exception)


def test_article_zoom_and_unknown_article(tmp_path: Path) -> None:
    old, new = write(tmp_path, "a.txt", OLD), write(tmp_path, "b.txt", NEW)
    zoom = run("diff", old, new, "--article", "2", "--color", "never")
    assert "Article 2 → 2" in zoom.output and "Section map" not in zoom.output
    missing = run("diff", old, new, "--article", "9")
    assert missing.exit_code == 2 and "no article 9" in missing.output


def test_show_none_prints_no_redlines(tmp_path: Path) -> None:
    result = run("diff", write(tmp_path, "a.txt", OLD), write(tmp_path, "b.txt", NEW), "--show", "none", "--color", "never")
    assert "Section map" in result.output and "Article 2 → 2" not in result.output


def test_colour_can_be_forced_and_refused(tmp_path: Path) -> None:
    old, new = write(tmp_path, "a.txt", OLD), write(tmp_path, "b.txt", NEW)
    assert "\x1b[" in run("diff", old, new, "--color", "always").output
    assert "\x1b[" not in run("diff", old, new, "--color", "never").output
    assert "\x1b[" not in run("diff", old, new, env={"NO_COLOR": "1"}).output


def test_mapping_file(tmp_path: Path) -> None:
    old, new = write(tmp_path, "a.txt", OLD), write(tmp_path, "b.txt", NEW)
    mapping = write(tmp_path, "map.yaml", "pairs:\n  - {old: '2', new: []}\n")
    result = run("diff", old, new, "--map", mapping, "--color", "never", "--show", "none")
    assert result.exit_code == 1
    assert "repealed" in result.output and "added" in result.output
    bad = write(tmp_path, "bad.yaml", "pairs: 3\n")
    assert run("diff", old, new, "--map", bad).exit_code == 2


def test_warnings_stand_before_the_figures_in_every_report(tmp_path: Path) -> None:
    """A warning changes what the figures mean (here: one input has no preamble), so it comes first."""
    old = write(tmp_path, "a.txt", "We the people adopt this text.\n\n" + OLD)
    new = write(tmp_path, "b.txt", NEW)
    for output_format, figures in (("rich", "Articles in force"), ("markdown", "## Section map"), ("html", '<table class="grid measures"')):
        result = run("diff", old, new, "--format", output_format, *(("--color", "never", "--no-pager") if output_format == "rich" else ()))
        assert result.exit_code == 1, result.output
        output = " ".join(result.output.replace("│", " ").split())  # a panel wraps long paths
        assert "no preamble found" in output
        assert output.index("no preamble found") < output.index(figures), output_format


def test_each_warning_has_a_line_of_its_own(tmp_path: Path) -> None:
    """A language no profile knows, in Markdown: both inputs are read from their headings, and
    each says so on a line of its own (never run together with the other)."""
    text = "".join(f"## Ĉapitro {n}\n\n#### Artikolo {n}º\nLa teksto numero {n} de la urbo estas tiel.\n\n" for n in range(1, 4))
    old, new = write(tmp_path, "a.md", text), write(tmp_path, "b.md", text.replace("tiel", "nun"))
    result = run("diff", old, new, "--color", "never", "--no-pager", "--width", "200")
    assert result.exit_code == 1, result.output
    warnings = [line for line in result.output.splitlines() if "⚠" in line]
    assert len(warnings) == 2 and all(line.startswith("│ ⚠") for line in warnings)
    assert " ".join(result.output.replace("│", " ").split()).count("read with the Markdown headings") == 2  # however long the paths, wherever the panel wraps


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("parse", "x\0.txt"), "constdiff: error: x\\0.txt: is not a file name (it contains a NUL byte)"),
        (("diff", "x\0.txt", "y.txt"), "constdiff: error: x\\0.txt: is not a file name (it contains a NUL byte)"),
        (("diff", "--profile", "p\0.yaml", "x.txt", "y.txt"), "Error: Invalid value for '--profile': contains a NUL byte, which no file name can"),
        (("diff", "x.txt", "y.txt", "-o", "r\0.json"), "Error: Invalid value for '-o' / '--output': contains a NUL byte, which no file name can"),
    ],
)
def test_a_name_with_a_nul_byte_from_a_library_caller_is_refused_without_a_traceback(args: tuple[str, ...], message: str) -> None:
    """argv cannot hold a NUL byte, but CliRunner and other callers can (found by the fuzzer)."""
    result = run(*args)
    assert result.exit_code == 2 and not isinstance(result.exception, ValueError)
    assert result.output.rstrip("\n").splitlines()[-1] == message
