"""constdiff history: lineages across many versions, gaps, the CLI and its JSON schema.

The generated history is fictional text written here: four versions with a known story (an
amendment, an insertion that renumbers the articles after it, a gap, a split and a repeal).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import constdiff
from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.lineage import history, ordered_sources
from constdiff.model import ArticleChange, Lineage
from constdiff.report.history_view import GAP, MARKS, history_view
from constdiff.profiles import data_dir

CZECH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cz"
SCHEMA = json.loads((data_dir() / "schema" / "constdiff-history-1.schema.json").read_text(encoding="utf-8"))

SOVEREIGNTY = "Sovereignty in the Republic of Velmora belongs to its citizens, who exercise it by free elections and by referendum."
CAPITAL = "The capital of the Republic is the city of Orlask, seat of the parliament, the government and the supreme court."
CAPITAL_AMENDED = "The capital of the Republic is the city of Dunmere, seat of the parliament, the cabinet and the constitutional court."
LANGUAGE = "The official language is Velmoran; the regional tongues of the northern valleys enjoy the protection of the state."
FLAG = "The national flag consists of three horizontal stripes of green, silver and blue, with a golden heron at its centre."
COUNCILS = "Each province elects a council for five years; the councils manage schools, roads, water supply and local planning."
BUDGET = "The parliament adopts the annual budget by a majority of its members, after hearing the audit office on the previous year."
MONARCHY = "Titles of nobility granted under the former monarchy confer no privilege and may not be used in official documents."
ASSEMBLY = "A citizens' assembly chosen by lot meets each spring to propose questions for national referendums to parliament."


def _text(*articles: str, numbers: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7")) -> str:
    return "".join(f"Article {number}\n\n{text}\n\n" for number, text in zip(numbers, articles, strict=True))


VERSIONS = {
    "v1.txt": _text(SOVEREIGNTY, CAPITAL, LANGUAGE, FLAG, f"{COUNCILS}\n\n{BUDGET}", MONARCHY, numbers=("1", "2", "3", "4", "5", "6")),
    "v2.txt": _text(SOVEREIGNTY, CAPITAL_AMENDED, ASSEMBLY, LANGUAGE, FLAG, f"{COUNCILS}\n\n{BUDGET}", MONARCHY),
    "v3.txt": "",  # fails to read (an empty file): a gap
    "v4.txt": _text(SOVEREIGNTY, CAPITAL_AMENDED, ASSEMBLY, LANGUAGE, FLAG, COUNCILS, BUDGET,
                    numbers=("1", "2", "3", "4", "5", "6", "6a")),
}


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    for name, text in VERSIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in VERSIONS]


U, A, R, S, X, P = (ArticleChange.UNCHANGED, ArticleChange.AMENDED, ArticleChange.RENUMBERED, ArticleChange.SPLIT,
                    ArticleChange.REPEALED, ArticleChange.ADDED)


def test_generated_history_lineages_exactly(sources: list[str]) -> None:
    result = history(sources, language="en")
    assert [version.parsed for version in result.versions] == [True, True, False, True]
    assert result.comparisons[0] is None and result.comparisons[2] is None
    assert result.comparisons[3] is not None and result.comparisons[3].old.source == sources[1]  # across the gap
    assert result.lineages == (
        Lineage("L1", ("1", "1", None, "1"), (None, U, None, U), 0, 3),
        Lineage("L2", ("2", "2", None, "2"), (None, A, None, U), 0, 3),
        Lineage("L3", ("3", "4", None, "4"), (None, R, None, U), 0, 3, renumbered_in=(1,)),
        Lineage("L4", ("4", "5", None, "5"), (None, R, None, U), 0, 3, renumbered_in=(1,)),
        # Split into 6 and 6a: it goes on as 6 (the number kept), 6a begins from it.
        Lineage("L5", ("5", "6", None, "6"), (None, R, None, S), 0, 3, renumbered_in=(1,)),
        Lineage("L6", ("6", "7", None, None), (None, R, None, X), 0, 1, renumbered_in=(1,)),
        Lineage("L7", (None, "3", None, "3"), (None, P, None, U), 1, 3),
        Lineage("L8", (None, None, None, "6a"), (None, None, None, S), 3, 3, came_from=("L5",)),
    )
    assert result.lineages[1].amended_in == (1,)


def test_view_marks_each_change_and_the_gap(sources: list[str]) -> None:
    view = history_view(history(sources, language="en"))
    marks = {row.lineage: "".join(row.marks) for row in view.rows}
    assert marks["L2"] == f"·{MARKS[A]}{GAP}·"
    assert marks["L6"] == f"·R{GAP}{MARKS[X]}"
    assert marks["L7"] == f" +{GAP}·"
    # Labelled by the latest number, in reading order: as the last version has them, the repealed 7 where it stood.
    assert [row.label for row in view.rows] == ["1", "2", "3", "4", "5", "6", "7", "6a"]
    assert [(article.label, article.times) for article in view.most_amended] == [("2", 1)]
    assert view.steps[2].error is not None and "is empty" in view.steps[2].error


def test_history_is_the_library_face(sources: list[str]) -> None:
    assert constdiff.history is history
    assert len(constdiff.history(sources[:2], language="en").lineages) == 7


def test_fewer_than_two_readable_versions_is_an_input_error(sources: list[str]) -> None:
    with pytest.raises(InputError, match="1 of 2 could be read"):
        history([sources[0], sources[2]], language="en")


def test_cli_timeline(sources: list[str]) -> None:
    result = CliRunner().invoke(main, ["history", *sources, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Timeline" in result.output and "Most amended" in result.output
    assert "gap:" in result.output and "v3.txt" in result.output


def test_cli_json_validates_against_the_schema(sources: list[str], tmp_path: Path) -> None:
    report = tmp_path / "history.json"
    result = CliRunner().invoke(main, ["history", *sources, "--lang", "en", "--format", "json", "-o", str(report)])
    assert result.exit_code == 0, result.output
    document = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert document["schema"] == "constdiff-history/1"
    assert [version["parsed"] for version in document["versions"]] == [True, True, False, True]
    assert document["versions"][1]["step"]["counts"] == {"unchanged": 1, "amended": 1, "renumbered": 4, "added": 1}
    assert document["lineages"][7]["came_from"] == ["L5"] and document["lineages"][4]["went_to"] == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{0}"], "a history needs at least 2 readable versions; 1 of 1 could be read"),
        (["{0}", "{2}"], "1 of 2 could be read"),
        (["{0}", "{1}", "-o", "{1}"], "is the same file as the input"),
    ],
)
def test_cli_errors_are_one_line_exit_2(sources: list[str], arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["history", *(word.format(*sources) for word in arguments), "--lang", "en"])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert Path(sources[1]).read_text(encoding="utf-8") == VERSIONS["v2.txt"]


@pytest.fixture
def dated_folder(tmp_path: Path) -> Path:
    """The generated versions as a folder whose file names carry dates, written out of order, with a README."""
    folder = tmp_path / "versions"
    folder.mkdir()
    chronological = ("1999-12-31", "2001-07-01", "2004-03-15", "2010-01-01")
    texts = list(VERSIONS.values())
    for index in (2, 0, 3, 1):
        (folder / f"law-{chronological[index]}.txt").write_text(texts[index], encoding="utf-8")
    (folder / "README.md").write_text("Versions of the law, one file each.\n", encoding="utf-8")
    return folder


def test_a_folder_is_read_in_the_order_of_the_dates_in_its_file_names(dated_folder: Path, sources: list[str]) -> None:
    ordered = ordered_sources([str(dated_folder)])
    assert [Path(path).name for path in ordered] == [
        "law-1999-12-31.txt", "law-2001-07-01.txt", "law-2004-03-15.txt", "law-2010-01-01.txt"
    ]
    from_folder = history([str(dated_folder)], language="en")
    from_files = history(sources, language="en")
    assert [lineage.numbers for lineage in from_folder.lineages] == [lineage.numbers for lineage in from_files.lineages]


def test_a_folder_with_a_file_without_a_date_names_it_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "law-2001-01-01.txt").write_text(VERSIONS["v1.txt"], encoding="utf-8")
    (tmp_path / "notes.txt").write_text(VERSIONS["v2.txt"], encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.txt: has no date to order it by"):
        ordered_sources([str(tmp_path)])
    result = CliRunner().invoke(main, ["history", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_cli_reads_a_folder(dated_folder: Path) -> None:
    result = CliRunner().invoke(main, ["history", str(dated_folder), "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    labels = [version["label"] for version in json.loads(result.output)["versions"]]
    assert labels == ["law-1999-12-31.txt", "law-2001-07-01.txt", "law-2004-03-15.txt", "law-2010-01-01.txt"]


@pytest.fixture
def czech_versions() -> list[str]:
    if not CZECH.is_dir():
        pytest.skip(f"the Czech corpus is absent ({CZECH})")
    # The README's file names sort in the order the versions came into force.
    return [str(path) for path in sorted(CZECH.glob("ustava-*.md"))]


def test_the_czech_folder_orders_as_its_readme_does(czech_versions: list[str]) -> None:
    assert ordered_sources([str(CZECH)]) == czech_versions
