"""The order of a history's versions: as given, by name (numbers as numbers), or by date from the
file name or the front matter; which files of a folder are versions.  Texts are fictional."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.versions import FRONT_MATTER_DATE_KEYS, front_matter_date, natural_key, ordered_sources

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

HARBOUR = "The harbour of Velmora is open to the ships of every nation that keeps the peace with the Republic."
HARBOUR_FEES = "The harbour of Velmora is open to the ships of every nation that keeps the peace, on payment of the fees."
LIGHTHOUSE = "The lighthouses on the northern cape are kept at public cost and lit from dusk to dawn."


def _law(*articles: str, front: str = "") -> str:
    body = "".join(f"Article {number}\n\n{text}\n\n" for number, text in enumerate(articles, start=1))
    return f"---\n{front}title: Harbour Law\n---\n\n{body}" if front else body


def _names(paths: list[str]) -> list[str]:
    return [Path(path).name for path in paths]


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_natural_order_reads_numbers_as_numbers() -> None:
    assert sorted(["v10.txt", "v2.txt", "v1.txt", "V3.txt"], key=natural_key) == ["v1.txt", "v2.txt", "V3.txt", "v10.txt"]


def test_files_keep_the_order_given_unless_an_order_is_asked(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drafts", {"draft-10.txt": _law(HARBOUR), "draft-9.txt": _law(HARBOUR_FEES),
                                          "draft-2010-01-01.txt": _law(LIGHTHOUSE)})
    given = [str(folder / "draft-10.txt"), str(folder / "draft-9.txt")]
    assert ordered_sources(given) == given
    assert _names(ordered_sources(given, "name")) == ["draft-9.txt", "draft-10.txt"]
    with pytest.raises(InputError, match=r"draft-10\.txt: has no date to order it by .*\(--order given\)$"):
        ordered_sources([*given, str(folder / "draft-2010-01-01.txt")], "date")


def test_a_folder_is_dated_by_the_front_matter_when_the_names_have_no_date(tmp_path: Path) -> None:
    """``last_updated`` wins over ``date`` (the first of FRONT_MATTER_DATE_KEYS present); a date in
    the name wins over the front matter; README and hidden files are never versions."""
    assert FRONT_MATTER_DATE_KEYS.index("last_updated") < FRONT_MATTER_DATE_KEYS.index("date")
    folder = _write(tmp_path / "harbour", {
        "first.md": _law(HARBOUR, front='last_updated: "1998-05-01"\ndate: "2030-01-01"\n'),
        "second.md": _law(HARBOUR_FEES, front="valid_from: 2004-07-01\n"),
        "third-2011-02-03.md": _law(HARBOUR_FEES, LIGHTHOUSE, front='last_updated: "1990-01-01"\n'),
        "README.md": "The harbour law, one file per version.\n",
        ".draft.md": _law(LIGHTHOUSE),
    })
    assert _names(ordered_sources([str(folder)])) == ["first.md", "second.md", "third-2011-02-03.md"]
    assert _names(ordered_sources([str(folder)], "name")) == ["first.md", "second.md", "third-2011-02-03.md"]
    result = CliRunner().invoke(main, ["history", str(folder), "--lang", "en", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [version["label"] for version in json.loads(result.output)["versions"]] == ["first.md", "second.md", "third-2011-02-03.md"]


def test_a_front_matter_value_that_is_not_a_date_dates_nothing(tmp_path: Path) -> None:
    folder = _write(tmp_path / "harbour", {"a.md": _law(HARBOUR, front="last_updated: soon\n"),
                                           "b.md": _law(HARBOUR_FEES, front="date: 2004-07-01T09:00:00Z\n")})
    assert front_matter_date(folder / "b.md") == "2004-07-01"
    assert front_matter_date(folder / "a.md") is None
    with pytest.raises(InputError, match=r"a\.md: has no date to order it by \(YYYY-MM-DD in its name, or last_updated:"):
        ordered_sources([str(folder)])


def test_a_folder_under_name_order_needs_no_dates(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drafts", {"v10.txt": _law(HARBOUR, LIGHTHOUSE), "v2.txt": _law(HARBOUR_FEES),
                                          "v1.txt": _law(HARBOUR), "LICENSE": "Public domain.\n"})
    assert _names(ordered_sources([str(folder)], "name")) == ["v1.txt", "v2.txt", "v10.txt"]
    result = CliRunner().invoke(main, ["history", str(folder), "--order", "name", "--lang", "en", "--format", "json"])
    assert [version["label"] for version in json.loads(result.output)["versions"]] == ["v1.txt", "v2.txt", "v10.txt"]
    undated = CliRunner().invoke(main, ["history", str(folder), "--lang", "en"])
    assert undated.exit_code == 2 and len(undated.output.strip().splitlines()) == 1
    assert re.search(r"v\d+\.txt: has no date to order it by .*use --order name$", undated.output.strip())


def test_a_folder_has_no_given_order(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drafts", {"v1.txt": _law(HARBOUR), "v2.txt": _law(HARBOUR_FEES)})
    result = CliRunner().invoke(main, ["history", str(folder), "--order", "given"])
    assert result.exit_code == 2 and "the files of a folder have no given order; use --order date or --order name" in result.output


def test_a_folder_with_one_version_is_one_line_exit_2(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drafts", {"law-2001-01-01.txt": _law(HARBOUR), "README.md": "Notes.\n"})
    result = CliRunner().invoke(main, ["history", str(folder)])
    assert result.exit_code == 2 and "holds 1 version file(s); a history needs 2" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_named_pipe_is_never_opened_for_its_front_matter(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert front_matter_date(tmp_path / "pipe.md") is None


@pytest.mark.parametrize("country", ["cz", "es", "ch"])
def test_the_corpus_front_matter_dates_each_version_as_its_file_name_does(country: str) -> None:
    """So a copy of the corpus with undated names would be read in the same order."""
    folder = CORPUS / country
    if not folder.is_dir():
        pytest.skip(f"real-text corpus not found at {folder} (it lives beside the repository, in ../shared/corpus)")
    versions = ordered_sources([str(folder)])
    assert len(versions) >= 4
    assert [front_matter_date(Path(path)) for path in versions] == [
        re.search(r"\d{4}-\d{2}-\d{2}", Path(path).name)[0] for path in versions  # type: ignore[index]
    ]


def test_natural_order_reads_only_decimal_digits_as_numbers() -> None:
    """A superscript or circled digit is a digit to str.isdigit() but no number: it sorts as text."""
    names = ["v10.md", "v2.md", "v1².md", "③.md", "v1.md"]
    assert sorted(names, key=natural_key) == ["v1.md", "v1².md", "v2.md", "v10.md", "③.md"]
