"""Profiles in the user folder ($CONSTDIFF_PROFILES, else $XDG_CONFIG_HOME/constdiff/profiles) take part in --lang."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.errors import ProfileError
from constdiff.parse import parse_text
from constdiff.profiles import available_languages, data_dir, load_profile, user_profile_dir

# A fictional language: "Clausa 3" headings, "Capitulum II" divisions.
LUMENIC = r"""
language: lu
name: Lumenic
words: [et, est, quod, sunt, populi, ad, cum]
divisions:
  - kind: chapter
    patterns: ['^Capitulum\s+(?P<number>[IVX]+)\s*(?P<title>.*)$']
articles:
  - '^Clausa\s+(?P<number>\d+)\.?(?:\s+(?P<title>.*))?$'
"""
SHIPPED = tuple(sorted(path.stem for path in (data_dir() / "profiles").glob("*.yaml")))
TEXT = "Capitulum I Principia\nClausa 1\nPotestas populi est et manet.\nClausa 2\nLex est quod populi sunt.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    monkeypatch.setenv("CONSTDIFF_PROFILES", str(profiles))
    return profiles


def test_the_folder_comes_from_the_variable_or_the_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTDIFF_PROFILES", str(tmp_path / "mine"))
    assert user_profile_dir() == tmp_path / "mine"
    monkeypatch.delenv("CONSTDIFF_PROFILES")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert user_profile_dir() == tmp_path / "config" / "constdiff" / "profiles"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    assert user_profile_dir() == Path.home() / ".config" / "constdiff" / "profiles"


def test_an_absent_folder_adds_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSTDIFF_PROFILES", str(tmp_path / "absent"))
    assert available_languages() == SHIPPED


def test_a_user_profile_takes_part_in_detection(folder: Path) -> None:
    (folder / "lu.yaml").write_text(LUMENIC, encoding="utf-8")
    assert available_languages() == tuple(sorted((*SHIPPED, "lu")))
    document = parse_text(TEXT)
    assert document.language == "lu" and [a.number for a in document.articles()] == ["1", "2"]


def test_a_user_profile_can_be_named_with_lang_and_the_parse_says_which_file(folder: Path, tmp_path: Path) -> None:
    (folder / "lu.yml").write_text(LUMENIC, encoding="utf-8")
    text = tmp_path / "c.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--lang", "lu", "--format", "json", str(text)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["language"] == "lu"
    assert result.stderr == f"constdiff: note: language profile lu read from {folder / 'lu.yml'}\n"


def test_a_user_profile_wins_over_the_shipped_one_of_the_same_code(folder: Path, tmp_path: Path) -> None:
    (folder / "de.yaml").write_text(LUMENIC.replace("language: lu", "language: de"), encoding="utf-8")
    assert load_profile("de").source == str(folder / "de.yaml")
    text = tmp_path / "c.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--lang", "de", str(text)])
    assert result.exit_code == 0 and "Articles 1 2" in result.stdout
    assert result.stderr == f"constdiff: note: language profile de read from {folder / 'de.yaml'}\n"


def test_without_user_profiles_parse_prints_no_note(folder: Path, tmp_path: Path) -> None:
    text = tmp_path / "c.txt"
    text.write_text("Article 1\nThe people are sovereign.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(text)])
    assert result.exit_code == 0 and result.stderr == ""
    assert load_profile("en").source == str(data_dir() / "profiles" / "en.yaml")


def test_a_broken_user_profile_is_named(folder: Path, tmp_path: Path) -> None:
    (folder / "lu.yaml").write_text("language: lu\narticles: ['^Clausa (\\d+)']\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="field 'articles\\[0\\]' needs the named group"):
        load_profile("lu")
    text = tmp_path / "c.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--lang", "lu", str(text)])
    assert result.exit_code == 2 and str(folder / "lu.yaml") in result.stderr


def test_an_unknown_code_lists_the_user_profiles_too(folder: Path, tmp_path: Path) -> None:
    (folder / "lu.yaml").write_text(LUMENIC, encoding="utf-8")
    text = tmp_path / "c.txt"
    text.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--lang", "xx", str(text)])
    assert result.exit_code == 2 and "'xx' is not one of 'auto', " in result.stderr and "'lu'" in result.stderr
