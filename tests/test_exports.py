"""Exports and CI use: JSON against the published schema, Markdown and CSV golden files, gates, config."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.model import ArticleChange
from constdiff.profiles import data_dir
from constdiff.seeds import seed_pair

from test_seeds_golden import golden

SCHEMA = json.loads((data_dir() / "schema" / "constdiff-1.schema.json").read_text(encoding="utf-8"))
OLD, NEW = (str(path) for path in seed_pair())


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), **kwargs)


def validate(output: str) -> dict:
    document = json.loads(output)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    return document


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_seed_json_validates_and_is_byte_identical() -> None:
    first = run("diff", OLD, NEW, "--format", "json")
    second = run("diff", OLD, NEW, "--format", "json")
    assert first.exit_code == 1 and first.output == second.output
    document = validate(first.output)
    assert document["schema"] == "constdiff/1"
    statuses = {entry["status"] for entry in document["articles"]}
    assert statuses == {change.value for change in ArticleChange}


def _json_under_hash_seed(old: str, new: str, hash_seed: int) -> bytes:
    environment = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    command = [sys.executable, "-m", "constdiff", "diff", old, new, "--format", "json"]
    return subprocess.run(command, env=environment, capture_output=True, check=False).stdout


def test_json_does_not_depend_on_the_hash_seed(corpus_dir: Path) -> None:
    """Set and dict order change with PYTHONHASHSEED; float sums over them must not leak into output."""
    for old, new in [(OLD, NEW), (str(corpus_dir / "kz-1995-2023.ru.pdftotext-layout.txt"), str(corpus_dir / "kz-2026.ru.raw.txt"))]:
        outputs = {_json_under_hash_seed(old, new, hash_seed) for hash_seed in (1, 2, 3)}
        assert len(outputs) == 1 and json.loads(outputs.pop())["schema"] == "constdiff/1"


def test_json_ops_rebuild_both_texts() -> None:
    document = validate(run("diff", OLD, NEW, "--format", "json").output)
    for pair in document["articles"]:
        old = "".join(op["text"] for op in pair["ops"] if op["op"] != "insert")
        new = "".join(op["text"] for op in pair["ops"] if op["op"] != "delete")
        assert bool(old) == bool(pair["old"]) or pair["status"] == "repealed"
        assert bool(new) == bool(pair["new"])


def test_json_of_the_real_pair_validates(corpus_dir: Path) -> None:
    for old, new in [
        ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
        ("kz-1995-2023.kk.txt", "kz-2026-draft-2026-02-12.kk.docx-extract.txt"),
    ]:
        result = run("diff", str(corpus_dir / old), str(corpus_dir / new), "--format", "json")
        assert result.exit_code == 1
        validate(result.output)


@pytest.mark.parametrize(
    ("output_format", "name"), [("markdown", "seeds.md"), ("csv", "seeds.csv"), ("html", "seeds.html")]
)
def test_markdown_csv_and_html_match_golden_files(output_format: str, name: str) -> None:
    old, new = (f"seeds/{Path(path).name}" for path in (OLD, NEW))
    result = run("diff", old, new, "--format", output_format)
    assert result.exit_code == 1
    golden(name, result.output)


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run("diff", OLD, NEW, "--format", "json", "-o", str(target))
    assert result.output == "" and validate(target.read_text(encoding="utf-8"))["schema"] == "constdiff/1"


def test_exit_codes_identical_different_missing() -> None:
    assert run("diff", OLD, OLD, "--quiet").exit_code == 0
    assert run("diff", OLD, NEW, "--quiet").exit_code == 1
    missing = run("diff", OLD, "no-such-file.txt")
    assert missing.exit_code == 2 and "no-such-file.txt: no such file" in missing.output


def test_gates_trip_and_do_not_trip() -> None:
    tripped = run("diff", OLD, NEW, "--fail-on", "repealed", "--quiet")
    assert tripped.exit_code == 1 and "article(s) repealed" in tripped.output
    assert run("diff", OLD, NEW, "--fail-on", "editorial", "--quiet").exit_code == 1
    quiet = run("diff", OLD, OLD, "--fail-on", "amended,repealed", "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    over = run("diff", OLD, NEW, "--max-changed", "1", "--quiet")
    assert over.exit_code == 1 and "over the 1% limit" in over.output
    assert run("diff", OLD, NEW, "--max-changed", "99", "--quiet").exit_code == 0
    assert run("diff", OLD, NEW, "--fail-on", "nonsense").exit_code == 2


def test_standard_input_as_one_version() -> None:
    text = Path(NEW).read_text(encoding="utf-8")
    assert run("diff", OLD, "-", "--quiet", input=text).exit_code == 1
    assert run("diff", "-", "-", input=text).exit_code == 2


def test_stats_line_and_json() -> None:
    line = run("stats", OLD, NEW)
    assert line.exit_code == 1 and line.output.count("\n") == 1 and "old_words_deleted_pct=" in line.output
    measures = json.loads(run("stats", OLD, NEW, "--format", "json").output)["measures"]
    assert measures["new_articles"]["value"] == 69 and measures["old_words"]["definition"]
    deleted = measures["old_words_deleted_pct"]
    assert deleted["denominator"] == measures["old_words"]["value"]
    assert deleted["value"] == round(100 * deleted["numerator"] / deleted["denominator"], 1)
    assert measures["new_articles"]["numerator"] is None


def test_stats_explain_gives_every_measure_its_definition_and_counts() -> None:
    result = run("stats", OLD, NEW, "--explain")
    measures = json.loads(run("stats", OLD, NEW, "--format", "json").output)["measures"]
    blocks = result.output.rstrip("\n").split("\n\n")
    assert result.exit_code == 1 and [block.split(" = ")[0] for block in blocks] == list(measures)
    assert all(len(line) <= 80 for line in result.output.splitlines())
    share = next(block for block in blocks if block.startswith("old_articles_changed_substantively_pct = "))
    counts = measures["old_articles_changed_substantively_pct"]
    assert f"\n  Old articles changed in substance: {counts['numerator']:,.0f} of {counts['denominator']:,.0f}\n" in share
    assert " ".join(share.split("\n", 2)[2].split()) == counts["definition"]
    assert run("stats", OLD, NEW, "--explain", "--format", "json").exit_code == 2


def test_configuration_file_sets_defaults(tmp_path: Path) -> None:
    config = tmp_path / "constdiff.yaml"
    config.write_text("fail-on: [repealed]\nformat: csv\n", encoding="utf-8")
    result = run("--config", str(config), "diff", OLD, OLD)
    assert result.exit_code == 0 and result.output.startswith("old_numbers,")
    assert run("--config", str(config), "diff", OLD, NEW, "--quiet").exit_code == 1
    config.write_text("colour: never\n", encoding="utf-8")
    bad = run("--config", str(config), "diff", OLD, NEW)
    assert bad.exit_code == 2 and "unknown setting 'colour'" in bad.output


def test_configuration_file_pins_the_language_of_history_and_batch(tmp_path: Path) -> None:
    """``lang`` in constdiff.yaml reaches every command with a --lang: an unknown code is refused by
    history and batch as by diff (before any version is read or any worker started)."""
    config = tmp_path / "constdiff.yaml"
    config.write_text("lang: zz\n", encoding="utf-8")
    manifest = tmp_path / "jobs.csv"
    manifest.write_text(f"id,old,new\nseeds,{OLD},{NEW}\n", encoding="utf-8")
    for command in (["diff", OLD, NEW], ["history", OLD, NEW], ["batch", str(manifest), "-o", str(tmp_path / "out")]):
        result = run("--config", str(config), *command)
        assert result.exit_code == 2 and "zz" in result.output, (command, result.output)
    config.write_text("lang: en\n", encoding="utf-8")
    assert run("--config", str(config), "history", OLD, NEW, "--format", "json").exit_code == 0


def test_configuration_file_settings_reach_each_command_that_has_the_option(tmp_path: Path) -> None:
    """Each command's defaults from one file: batch takes lang, profile and limit (and no map or
    jobs, which it has no option for); history takes jobs too."""
    from constdiff.config import load_config

    config = tmp_path / "constdiff.yaml"
    config.write_text("lang: ru\nprofile: mine.yaml\nlimit: {articles: 5}\nmap: pairs.yaml\njobs: 2\n", encoding="utf-8")
    settings = load_config(str(config))
    assert settings["batch"] == {"language": "ru", "profile_path": "mine.yaml", "limits": ["articles=5"]}
    assert settings["history"] == {**settings["batch"], "jobs": 2}
    assert settings["diff"]["mapping_path"] == "pairs.yaml" and "mapping_path" not in settings["history"]


def test_html_escapes_text_and_marks_changes(tmp_path: Path) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("Article 1\nThe <state> is secular & free.\n", encoding="utf-8")
    new.write_text("Article 1\nThe <state> is social & free.\n", encoding="utf-8")
    page = run("diff", str(old), str(new), "--format", "html").output
    assert "&lt;state&gt;" in page and "<state>" not in page
    assert "<del>secular</del>" in page and "<ins>social</ins>" in page  # old column, new column


def test_the_process_exit_keeps_output_and_status(tmp_path: Path) -> None:
    """``python -m constdiff`` leaves with os._exit: every byte must be flushed and the status kept."""
    command = [sys.executable, "-m", "constdiff"]
    different = subprocess.run([*command, "diff", OLD, NEW, "--format", "csv"], capture_output=True, check=False)
    assert different.returncode == 1
    assert different.stdout.decode("utf-8") == run("diff", OLD, NEW, "--format", "csv").output
    same = subprocess.run([*command, "diff", OLD, OLD, "--quiet"], capture_output=True, check=False)
    assert (same.returncode, same.stdout) == (0, b"")
    missing = subprocess.run([*command, "diff", OLD, str(tmp_path / "none.txt")], capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    assert version.returncode == 0 and "constdiff" in version.stdout


def test_json_carries_shares_with_their_counts_and_section_content() -> None:
    document = json.loads(run("diff", OLD, NEW, "--format", "json").output)
    for measure in document["measures"]:
        if measure["unit"] == "percent":
            assert measure["denominator"] and round(100 * measure["numerator"] / measure["denominator"], 1) == measure["value"]
    top = [section for section in document["sections"] if section["level"] == 0]
    assert all(section["content"]["articles"] >= section["content"]["amended"] for section in top)
    assert any(section["content"]["added"] for section in top) and document["preamble_not_found"] == []


def test_the_stats_line_writes_large_counts_in_full() -> None:
    from types import SimpleNamespace

    from constdiff.model import Measure
    from constdiff.report.explain import render_stats_line

    measures = [SimpleNamespace(key=key, measure=Measure(key, key, value, unit, "")) for key, value, unit in
                (("old_words", 1234567, "count"), ("old_words_deleted_pct", 42.6, "percent"), ("old_articles", 101, "count"))]
    assert render_stats_line(SimpleNamespace(all_measures=measures)) == "old_words=1234567 old_words_deleted_pct=42.6 old_articles=101\n"


def test_a_bad_value_in_the_settings_file_names_the_file_and_key_not_an_option(tmp_path: Path) -> None:
    config = tmp_path / "constdiff.yaml"
    config.write_text("format: pdf\n", encoding="utf-8")
    bad = run("--config", str(config), "diff", OLD, NEW)
    assert bad.exit_code == 2
    assert bad.output == f"constdiff: error: {config}: setting 'format': 'pdf' is not one of 'rich', 'markdown', 'html', 'json', 'csv'.\n"
    typed = run("--config", str(config), "diff", OLD, NEW, "--format", "sql")  # typed: click's own message, about the option
    assert typed.exit_code == 2 and "Invalid value for '--format'" in typed.output
