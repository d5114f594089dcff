"""constdiff history's report formats (terminal, Markdown, CSV, JSON) and --article, an article's story.

The generated history is test_history's four fictional versions (an amendment, an insertion that
renumbers the articles after it, a gap, a split and a repeal); its reports are golden files
(CONSTDIFF_UPDATE_GOLDEN=1 rewrites them).  The Czech versions check the story against the acts.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Callable

import jsonschema
import pytest
from click.testing import CliRunner
from test_history import CAPITAL_AMENDED, CZECH, SCHEMA, VERSIONS
from test_seeds_golden import golden

from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.lineage import history
from constdiff.model import ArticleChange, Lineage
from constdiff.report import HISTORY_FORMATS
from constdiff.report.article_story import ArticleStory, find_lineages
from constdiff.report.history_report import CSV_COLUMNS
from constdiff.report.history_view import history_view


@pytest.fixture
def in_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The generated versions, named relative to the working directory (so no report holds a temporary path)."""
    for name, text in VERSIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return list(VERSIONS)


def _run(*arguments: str) -> str:
    """The report as written with -o (the terminal one plain, 100 columns wide)."""
    result = CliRunner().invoke(main, ["history", *arguments, "--lang", "en", "-o", "report.out"])
    assert result.exit_code == 0, result.output
    return Path("report.out").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("history.txt", ("--format", "rich")),
        ("history.md", ("--format", "markdown")),
        ("history.csv", ("--format", "csv")),
        ("history-article-6.txt", ("--format", "rich", "--article", "6")),
        ("history-article-2.txt", ("--format", "rich", "--article", "2")),
        ("history-article-2.md", ("--format", "markdown", "--article", "2")),
        ("history-article-6.csv", ("--format", "csv", "--article", "6")),
    ],
)
def test_reports_match_golden_files(in_versions: list[str], name: str, arguments: tuple[str, ...]) -> None:
    golden(name, _run(*in_versions, *arguments))


@pytest.mark.parametrize("output_format", [name for name, entry in HISTORY_FORMATS.items()
                                           if name != "csv" and "article" in entry.honours])
def test_every_format_tells_the_story(in_versions: list[str], output_format: str) -> None:
    report = _run(*in_versions, "--format", output_format, "--article", "2")
    assert "Dunmere" in report and "Orlask" in report  # the amendment's redline: both sides
    assert "Timeline" not in report or output_format == "json"


def test_csv_with_article_keeps_its_lineage(in_versions: list[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(*in_versions, "--format", "csv", "--article", "2"))))
    assert [(row["lineage"], row["version"], row["amended"], row["words_inserted"]) for row in rows] == [
        ("L2", "1", "0", ""), ("L2", "2", "1", "3"), ("L2", "4", "0", "0")
    ]


def test_json_with_and_without_a_story_validates(in_versions: list[str]) -> None:
    plain = json.loads(_run(*in_versions, "--format", "json"))
    told = json.loads(_run(*in_versions, "--format", "json", "--article", "2"))
    for document in (plain, told):
        jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert "story" not in plain
    assert {key: value for key, value in told.items() if key != "story"} == plain  # the story is additive
    (lineage,) = told["story"]["lineages"]
    assert lineage["id"] == "L2" and [step["change"] for step in lineage["steps"]] == [None, "amended", None, "unchanged"]
    amended = lineage["steps"][1]
    assert {"op": "insert", "text": "Dunmere"} in amended["ops"] and amended["words_deleted"] == 3
    assert [step["ops"] for step in lineage["steps"] if step is not amended] == [[], [], []]  # no redline where the text stayed
    assert lineage["blame"] == [{"text": CAPITAL_AMENDED, "version": 1, "since_start": False, "inherited_from": None}]


def test_csv_has_a_row_per_article_per_version(in_versions: list[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run(*in_versions, "--format", "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(row["version"], row["number"], row["status"]) for row in rows if row["lineage"] == "L6"] == [
        ("1", "6", ""), ("2", "7", "renumbered"), ("4", "", "repealed")
    ]
    assert all(row["version"] != "3" for row in rows)  # the gap holds no article
    assert {row["came_from"] for row in rows if row["lineage"] == "L8"} == {"L5"}  # 6a, split off 6, which goes on
    assert {row["went_to"] for row in rows if row["lineage"] == "L5"} == {""}


def test_story_follows_a_split_and_names_both_sides(in_versions: list[str]) -> None:
    story = history_view(history(in_versions, language="en"), "6a").story
    assert story is not None
    (part,) = story.lineages
    assert part.lineage == "L8" and [link.lineage for link in part.came_from] == ["L5"]
    assert [(line.label, line.since) for line in part.blame] == [("v1.txt", "v1.txt (first, as L5)")]
    whole_story = history_view(history(in_versions, language="en"), "L5").story
    assert whole_story is not None
    (whole,) = whole_story.lineages
    assert [step.summary for step in whole.steps] == [
        "first version", "renumbered, from article 5", "gap: v3.txt: is empty", "split, into article 6, 6a"
    ]
    assert [link.number for link in whole.went_to] == ["6a"], "the part split off while it goes on as 6"
    assert whole.blame_title.startswith("Present wording")


def _lineage(id: str, *numbers: str | None) -> Lineage:
    present = [index for index, number in enumerate(numbers) if number is not None]
    changes = tuple(None if index == present[0] or number is None else ArticleChange.UNCHANGED for index, number in enumerate(numbers))
    return Lineage(id, numbers, changes, present[0], present[-1])


LINEAGES = (_lineage("L1", "1", "1", "1"), _lineage("L2", "2", "3", "4"), _lineage("L3", None, "2", "3"),
            _lineage("L4", "5", "5", None), _lineage("L5", None, "8", "5"), _lineage("L6", "6", "7", "7"))


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        ("4", ["L2"]),  # its latest number
        ("3", ["L3"]),  # the latest number of L3 (L2 had it before)
        ("5", ["L4", "L5"]),  # the latest number of two lineages: both stories
        ("6", ["L6"]),  # an earlier number no other lineage had
        ("8", ["L5"]),
        ("L3", ["L3"]),
    ],
)
def test_an_article_is_found_by_latest_number_earlier_number_or_id(asked: str, found: list[str]) -> None:
    assert [lineage.id for lineage in find_lineages(LINEAGES, asked)] == found


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("2", "--article 2: was the number of several articles: L2 (now 4), L3 (now 3); name one by its lineage id"),
        ("99", "--article 99: no article 99 in any version; the numbers nearby: 6, 7, 8"),
        ("3a", "--article 3a: no article 3a in any version; the numbers nearby: 1, 2, 3, 4, 5, 6"),
        ("L7", "--article L7: no lineage L7; this history has L1 to L6"),
    ],
)
def test_an_unknown_or_ambiguous_article_names_what_there_is(asked: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        find_lineages(LINEAGES, asked)
    assert str(raised.value) == message


def test_cli_unknown_article_is_one_line_exit_2(in_versions: list[str]) -> None:
    for output_format in (name for name, entry in HISTORY_FORMATS.items() if "article" in entry.honours):
        result = CliRunner().invoke(main, ["history", *in_versions, "--lang", "en", "--format", output_format, "--article", "12"])
        assert result.exit_code == 2
        assert result.output == "constdiff: error: --article 12: no article 12 in any version; the numbers nearby: 6, 6a, 7\n"


def test_the_html_page_refuses_article_in_one_line(in_versions: list[str]) -> None:
    result = CliRunner().invoke(main, ["history", *in_versions, "--lang", "en", "--format", "html", "--article", "2"])
    assert result.exit_code == 2
    assert result.output.startswith("constdiff: error: --article: does not apply to --format html (one page with")


def test_a_format_without_stories_refuses_article_in_one_line(in_versions: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    timeline_only = replace(HISTORY_FORMATS["csv"], honours=frozenset(), note="a timeline only")
    monkeypatch.setitem(HISTORY_FORMATS, "csv", timeline_only)
    result = CliRunner().invoke(main, ["history", *in_versions, "--lang", "en", "--format", "csv", "--article", "2"])
    assert result.exit_code == 2
    assert result.output == "constdiff: error: --article: does not apply to --format csv (a timeline only)\n"


@pytest.fixture(scope="module")
def czech_story() -> Callable[[str], ArticleStory]:
    if not CZECH.is_dir():
        pytest.skip(f"the Czech corpus is absent ({CZECH})")
    result = history([str(CZECH)])

    def story(article: str) -> ArticleStory:
        told = history_view(result, article).story
        assert told is not None
        return told

    return story


def test_czech_article_1_has_its_wording_in_every_version(czech_story: Callable[[str], ArticleStory]) -> None:
    (story,) = czech_story("1").lineages
    assert [step.number for step in story.steps] == ["1"] * 10
    assert all(step.wording for step in story.steps)
    # 395/2001 Sb. (in force 2002-06-01) added Čl. 1(2): the only step that changed its text.
    assert [step.label for step in story.steps if step.redline] == ["ustava-2002-06-01.md"]
    assert [line.label for line in story.blame] == ["ustava-1993-01-01.md", "ustava-2002-06-01.md"]


@pytest.mark.parametrize(
    ("article", "amended", "blame"),
    [
        # 300/2000 Sb. amended Čl. 39(3), 395/2001 Sb. its (4) (the corpus README; the acts in acts/).
        ("39", ["2000-12-01", "2002-06-01"], ["1993-01-01", "1993-01-01", "2000-12-01", "2002-06-01"]),
        # 87/2024 Sb.: sentences added to Čl. 16(2); words replaced in 17(1) and a new 17(3); 102(2) replaced, a new 102(3).
        ("16", ["2026-01-01"], ["1993-01-01", "2026-01-01"]),
        ("17", ["2026-01-01"], ["2026-01-01", "1993-01-01", "2026-01-01"]),
        ("102", ["2026-01-01"], ["1993-01-01", "2026-01-01", "2026-01-01"]),
    ],
)
def test_czech_story_and_blame_agree_with_the_acts(czech_story: Callable[[str], ArticleStory], article: str,
                                                   amended: list[str], blame: list[str]) -> None:
    (story,) = czech_story(article).lineages
    assert [step.label for step in story.steps if step.redline] == [f"ustava-{date}.md" for date in amended]
    assert [step.change for step in story.steps if step.redline] == [ArticleChange.AMENDED] * len(amended)
    assert [line.label for line in story.blame] == [f"ustava-{date}.md" for date in blame]


def test_czech_story_in_the_terminal_shows_the_redline(tmp_path: Path) -> None:
    if not CZECH.is_dir():
        pytest.skip(f"the Czech corpus is absent ({CZECH})")
    report = tmp_path / "story.txt"
    result = CliRunner().invoke(main, ["history", str(CZECH), "--article", "39", "-o", str(report)])
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "[-pobytem" in text and "republiky-]{+vysláním" in text  # 300/2000 Sb., Čl. 39(3)
    assert "Wording in ustava-1993-01-01.md" in text


def test_the_timeline_shows_the_changed_articles_unless_show_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two versions that amend one of three articles: the terminal, Markdown and HTML timelines show
    it and say the other two are left out; --show all (the default of csv and json) shows all three."""
    monkeypatch.chdir(tmp_path)
    kept = "Article 1\nThe capital is Orlask.\n\nArticle 3\nThe flag is green and white.\n"
    Path("a.txt").write_text(kept + "\nArticle 2\nThe council sits in spring.\n", encoding="utf-8")
    Path("b.txt").write_text(kept + "\nArticle 2\nThe council sits in spring and autumn.\n", encoding="utf-8")
    note = "2 articles no step changed are not shown (--show all shows them)."
    for output_format in ("rich", "markdown", "html"):
        changed = _run("a.txt", "b.txt", "--format", output_format)
        everything = _run("a.txt", "b.txt", "--format", output_format, "--show", "all")
        assert note in changed and note not in everything, output_format
    rows = list(csv.DictReader(io.StringIO(_run("a.txt", "b.txt", "--format", "csv"))))
    assert sorted({row["number"] for row in rows}) == ["1", "2", "3"]
    rows = list(csv.DictReader(io.StringIO(_run("a.txt", "b.txt", "--format", "csv", "--show", "changed"))))
    assert {row["number"] for row in rows} == {"2"}
    assert [lineage["numbers"] for lineage in json.loads(_run("a.txt", "b.txt", "--format", "json", "--show", "changed"))["lineages"]] == [["2", "2"]]
    assert len(json.loads(_run("a.txt", "b.txt", "--format", "json"))["lineages"]) == 3


def test_a_story_names_what_merged_into_it_and_every_number_it_had(tmp_path: Path) -> None:
    """Article 1 is split into 1 and 2, then 2 merges back into 1: the story of 1 names the lineage
    it absorbed; the article that was 2, then 3, then 2 again reads "2 → 3 → 2"."""
    first, second = ("Each province elects a council for five years and the council manages the schools.",
                     "The parliament adopts the annual budget after hearing the audit office on the year.")
    other = "The flag of the republic is green and white in two equal bands."
    whole = f"## Article 1\n\n{first}\n\n{second}\n\n## Article 2\n\n{other}\n"
    parts = f"## Article 1\n\n{first}\n\n## Article 2\n\n{second}\n\n## Article 3\n\n{other}\n"
    names = []
    for index, text in enumerate((whole, parts, whole)):
        (tmp_path / f"v{index + 1}.md").write_text(f"# Statute\n\n{text}", encoding="utf-8")
        names.append(str(tmp_path / f"v{index + 1}.md"))
    result = history(names, language="en")
    story = history_view(result, "1").story
    assert story is not None
    (whole_story,) = story.lineages
    part = next(lineage for lineage in result.lineages if lineage.came_from == (whole_story.lineage,))
    assert [link.lineage for link in whole_story.went_to] == [part.id]
    assert [link.lineage for link in whole_story.came_from] == [part.id], "the part merged back into it"
    flag = history_view(result, "L2").story
    assert flag is not None and flag.lineages[0].numbers == ("2", "3", "2")
    assert flag.lineages[0].title == "Article 2 (L2), numbered 2 → 3 → 2"


def test_a_number_held_twice_reads_the_pair_each_lineage_went_through(tmp_path: Path) -> None:
    """A version that holds Article 2 twice (a slip of the source) amends the first of them: the
    first one's cell, story and CSV figures are the amendment's, the second one's stay unchanged."""
    texts = ("The first article two speaks of rivers.", "The second article two speaks of forests and hills.")
    for name, first in (("d1.md", texts[0]), ("d2.md", texts[0][:-1] + " and lakes.")):
        (tmp_path / name).write_text(f"# Statute\n\n## Article 1\n\nThe capital is Orlask.\n\n## Article 2\n\n{first}\n\n"
                                     f"## Article 2\n\n{texts[1]}\n", encoding="utf-8")
    view = history_view(history([str(tmp_path / "d1.md"), str(tmp_path / "d2.md")], language="en"), "L2")
    cells = {row.lineage: row.cells[1] for row in view.rows}
    assert (cells["L2"].change, cells["L3"].change) == (ArticleChange.AMENDED, ArticleChange.UNCHANGED)
    assert cells["L2"].pair is not None and cells["L2"].pair.words_inserted == 2
    assert view.story is not None and view.story.lineages[0].steps[1].redline
