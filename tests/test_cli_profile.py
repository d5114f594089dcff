"""`constdiff profile check FILE.yaml [TEXT]`: validation, and how a profile reads a text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from constdiff.cli import main
from constdiff.profiles import data_dir

PROFILE = r"""
language: lu
name: Lumenic
divisions:
  - kind: chapter
    patterns: ['^Capitulum\s+(?P<number>[IVX]+)\s*(?P<title>.*)$']
articles:
  - '^Clausa\s+(?P<number>\d+)\.?(?:\s+(?P<title>.*))?$'
paragraphs:
  - '^(?P<marker>(?P<number>\d+)\.)\s+(?P<text>\S.*)$'
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["profile", "check", *args])


def test_a_valid_profile_is_summarised(tmp_path: Path) -> None:
    path = tmp_path / "lu.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        "ok: 1 article pattern, 1 division kind (1 pattern), 1 paragraph pattern, 0 note patterns, "
        "0 repeal patterns, 0 common words\n"
    )


def test_a_shipped_profile_is_valid() -> None:
    result = run(str(data_dir() / "profiles" / "de.yaml"))
    assert result.exit_code == 0 and result.stdout.startswith("ok: 2 article patterns, 5 division kinds")


def test_an_invalid_profile_is_one_line_naming_the_field(tmp_path: Path) -> None:
    path = tmp_path / "lu.yaml"
    path.write_text(PROFILE.replace("(?P<number>\\d+)\\.?", "(\\d+)\\.?"), encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"constdiff: error: {path}: field 'articles[0]' needs the named group(s) number\n"


def test_a_profile_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lu.txt"
    path.write_text(PROFILE, encoding="utf-8")
    assert run(str(path)).exit_code == 2


TEXT = """\
Capitulum I Principia
Clausa 1
1. Potestas populi est.
Clausa 2
1. Lex est quod populi sunt.
Clausa 3a
Haec clausa non legitur.
Capitulum II Magistratus
Clausa 4
1. Senatus consulit.
"""


def test_a_text_is_shown_as_the_profile_reads_it(tmp_path: Path) -> None:
    path, text = tmp_path / "lu.yaml", tmp_path / "lex.txt"
    path.write_text(PROFILE, encoding="utf-8")
    text.write_text(TEXT, encoding="utf-8")
    result = run(str(path), str(text))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == f"{text}:"
    assert lines[2] == "  article headings: 3 — 1 (line 2), 2 (line 4), 4 (line 9)"
    assert lines[3] == "  chapter headings: 2 — I Principia (line 1), II Magistratus (line 8)"
    assert lines[4].startswith("  plausible: the profile lu.yaml explains 100% of the lines (3 articles for ")
    assert lines[5:] == ["  lines that look like headings but matched nothing:", "    line 6: Clausa 3a"]


def test_a_text_without_article_headings_lists_heading_like_lines(tmp_path: Path) -> None:
    path, text = tmp_path / "lu.yaml", tmp_path / "lex.md"
    path.write_text(PROFILE, encoding="utf-8")
    text.write_text("# Lex Lumenae\n\n## Titulus 1\n\nPopulus regit.\n\n### Art 1\n\nLex valet.\n", encoding="utf-8")
    result = run(str(path), str(text))
    assert result.exit_code == 1
    assert "  no article headings found with the Lumenic profile" in result.stdout
    assert result.stdout.endswith("    line 1: # Lex Lumenae\n    line 3: ## Titulus 1\n    line 7: ### Art 1\n")


def test_the_profile_own_reading_is_shown_never_another(tmp_path: Path) -> None:
    """A reading the plausibility check would replace is still what the check reports."""
    path, text = tmp_path / "lu.yaml", tmp_path / "lex.md"
    path.write_text(PROFILE, encoding="utf-8")
    body = "".join(f"### Art {n}\n\n1. Lex numero {n} valet.\n\n" for n in range(1, 26))
    text.write_text(f"Clausa 1\n1. Prima.\n\n{body}", encoding="utf-8")
    result = run(str(path), str(text))
    assert result.exit_code == 1
    assert "  article headings: 1 — 1 (line 1)" in result.stdout and "  implausible: " in result.stdout
