"""Every report option works in every format or is refused for it; the pager never shows raw escapes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.text import Text

from constdiff import cli
from constdiff.cli import main
from constdiff.report import FORMATS, REPORT_OPTIONS
from constdiff.seeds import seed_pair

OLD, NEW = (str(path) for path in seed_pair())
GIVEN = {"show": ("--show", "all"), "article": ("--article", "5"), "side_by_side": ("--side-by-side",),
         "color": ("--color", "never"), "width": ("--width", "90"), "pager": ("--no-pager",)}


def run(*args: str):
    return CliRunner().invoke(main, ["diff", OLD, NEW, *args])


@pytest.mark.parametrize("output_format", tuple(FORMATS))
@pytest.mark.parametrize("option", REPORT_OPTIONS)
def test_an_option_is_applied_or_refused_in_one_line(output_format: str, option: str) -> None:
    result = run("--format", output_format, *GIVEN[option])
    if option in FORMATS[output_format].honours:
        assert result.exit_code == 1, result.output
    else:
        assert result.exit_code == 2
        assert f"{GIVEN[option][0]} does not apply to --format {output_format}" in result.output


def test_article_zooms_in_every_format() -> None:
    document = json.loads(run("--format", "json", "--article", "5").output)
    assert [pair["new"][0]["number"] for pair in document["articles"]] == ["5"] and document["preamble"] is None
    rows = run("--format", "csv", "--article", "5").output.splitlines()
    assert len(rows) == 2 and rows[1].startswith("5,5,amended")
    markdown = run("--format", "markdown", "--article", "5").output
    assert markdown.count("### ") == 1 and "## Articles" not in markdown
    html = run("--format", "html", "--article", "5").output
    assert 'id="art-new-5"' in html and 'id="art-new-6"' not in html


def test_show_decides_which_pairs_carry_word_ops_in_json() -> None:
    everything = json.loads(run("--format", "json").output)["articles"]
    changed = json.loads(run("--format", "json", "--show", "changed").output)["articles"]
    assert all(pair["ops"] for pair in everything if pair["status"] == "unchanged")  # json's default: all
    with_ops = [pair for pair in changed if pair["ops"]]
    assert with_ops and all(any(op["op"] != "equal" for op in pair["ops"]) for pair in with_ops)
    assert not any(pair["ops"] for pair in json.loads(run("--format", "json", "--show", "none").output)["articles"])


def test_markdown_side_by_side_is_an_old_new_table() -> None:
    markdown = run("--format", "markdown", "--article", "5", "--side-by-side").output
    assert "| Old | New |" in markdown and "<ins>" in markdown


def test_the_pager_is_less_with_raw_control_characters_and_git_defaults(tmp_path: Path, monkeypatch) -> None:
    record = tmp_path / "record"
    fake = tmp_path / "less"
    fake.write_text(f'#!/bin/sh\necho "$@" "LESS=$LESS" > {record}\ncat >> {record}\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("LESS", raising=False)
    cli._page(Console(force_terminal=True, color_system="standard"), [Text("struck", style="red strike")])
    first, *rest = record.read_text(encoding="utf-8").splitlines()
    assert first == "-R LESS=FRX"
    assert "\x1b[" in "".join(rest) and "struck" in "".join(rest)  # colours as escapes, for less -R to draw
    monkeypatch.setenv("LESS", "S")
    cli._page(Console(force_terminal=True), [Text("x")])
    assert record.read_text(encoding="utf-8").splitlines()[0] == "-R LESS=S"  # the reader's own settings win


def test_the_article_table_lists_changed_pairs_and_counts_the_rest() -> None:
    changed = run("--color", "never", "--no-pager", "--width", "120").output
    everything = run("--color", "never", "--no-pager", "--width", "120", "--show", "all").output
    assert "4 unchanged article pairs not listed (--show all lists every pair)." in changed
    assert "not listed" not in everything and everything.count(" unchanged ") > changed.count(" unchanged ")


def test_a_tiny_share_is_never_called_zero_in_the_headline() -> None:
    from constdiff.pipeline import compare
    from constdiff.parse import parse_text
    from constdiff.profiles import load_profile
    from constdiff.report.view import headline

    en = load_profile("en")
    body = " ".join(f"word{n}" for n in range(3000))
    old = parse_text(f"Article 1\n{body} the end.\nArticle 2\nShort.", profile=en)
    new = parse_text(f"Article 1\n{body} the finish.\nArticle 2\nShort.", profile=en)
    assert "under 0.1% of the old words deleted or replaced" in headline(compare(old, new))[0]


def test_section_content_says_kept_where_the_summary_says_unchanged_for_something_narrower() -> None:
    """The seeds renumber most articles: the summary counts few "unchanged" (same text, number
    and place), so the section map must not call the renumbered ones "unchanged" too."""
    from constdiff.pipeline import compare_files
    from constdiff.report.view import build_view

    view = build_view(compare_files(OLD, NEW))
    renumbered = [row for row in view.sections if row.heading.value == "renumbered" and row.content.unchanged]
    assert renumbered and all("kept" in row.content_label for row in renumbered)
    assert not any("unchanged" in row.content_label for row in view.sections)


@pytest.mark.parametrize(("color", "escapes"), (("always", True), ("never", False), ("auto", False)))
def test_a_terminal_report_written_to_a_file_honours_color(tmp_path: Path, color: str, escapes: bool) -> None:
    report = tmp_path / "report.txt"
    result = run("--color", color, "-o", str(report), "--show", "none")
    assert result.exit_code == 1, result.output
    assert ("\x1b[" in report.read_text(encoding="utf-8")) is escapes


def test_asking_for_a_preamble_that_is_not_compared_says_why(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    body = "Chapter 1. General provisions\n\nArticle 1\nTestland is a republic.\n\nArticle 2\nThe flag is blue and white.\n"
    old.write_text("CONSTITUTION OF TESTLAND\n\nWe, the people of Testland, resolved to live in freedom, adopt this Constitution.\n\n" + body, encoding="utf-8")
    new.write_text(body.replace("a republic", "a democratic republic"), encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--article", "preamble"])
    assert result.exit_code == 2
    assert "the preamble is not compared: not found in" in result.output and "new.txt" in result.output


def test_an_unnumbered_titled_division_is_named_by_its_title_alone() -> None:
    from constdiff.model import SectionRef
    from constdiff.report.view import section_name

    preliminary = SectionRef(None, "TÍTULO PRELIMINAR", 0, "title", 0, ())
    assert section_name(preliminary, True) == ""
    assert section_name(SectionRef("I", "De los derechos", 1, "title", 0, ()), True) == "Title I"
    assert section_name(SectionRef(None, None, 2, "title", 0, ()), True) == "Title"


def test_markdown_says_a_renumbered_paragraph_was_kept_as_the_terminal_does(tmp_path: Path) -> None:
    head = "CONSTITUTION OF TESTLAND\n\nChapter 1. General provisions\n\nArticle 1\n1. Testland is a sovereign and democratic republic governed by law.\n"
    kept = "The people are the sole source of power in Testland and exercise it directly and through their representatives.\n"
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(f"{head}2. {kept}", encoding="utf-8")
    new.write_text(f"{head}2. The capital of Testland is the city of Alpha, seat of the supreme organs of state.\n3. {kept}", encoding="utf-8")
    for args in (("--format", "markdown"), ("--color", "never", "--width", "200", "--no-pager")):
        output = CliRunner().invoke(main, ["diff", str(old), str(new), *args]).output
        assert "kept word for word under a new number" in output, args


def test_a_deleted_paragraph_stands_beside_the_one_inserted_in_its_place_in_every_synopsis(tmp_path: Path) -> None:
    head = "CONSTITUTION OF TESTLAND\n\nChapter 1. General provisions\n\nArticle 1\n1. Testland is a sovereign and democratic republic governed by law.\n"
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(head + "2. Shepherds may graze their flocks on common pastures from spring until the first snow.\n", encoding="utf-8")
    new.write_text(head + "2. The national bank alone issues the currency, whose name and unit are fixed by law.\n", encoding="utf-8")
    markdown = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "markdown", "--side-by-side"]).output
    (row,) = [line for line in markdown.splitlines() if "Shepherds" in line]
    assert "national bank" in row  # one row: old beside new
    terminal = CliRunner().invoke(main, ["diff", str(old), str(new), "--side-by-side", "--color", "never", "--width", "200", "--no-pager"]).output
    (line,) = [line for line in terminal.splitlines() if "Shepherds" in line]
    assert "national bank" in line
