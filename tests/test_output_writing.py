"""-o never overwrites an input and never leaves half a report; write errors are one line, exit 2."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.seeds import seed_pair

OLD, NEW = (str(path) for path in seed_pair())


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(Path(OLD).read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(Path(NEW).read_text(encoding="utf-8"), encoding="utf-8")
    return old, new


@pytest.mark.parametrize("spelling", ("direct", "symlink", "hard link", "dotted path"))
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(inputs, tmp_path: Path, spelling: str) -> None:
    old, new = inputs
    before = digest(new)
    target = {"direct": new, "dotted path": tmp_path / "." / "new.txt"}.get(spelling, tmp_path / "alias.txt")
    if spelling == "symlink":
        target.symlink_to(new)
    elif spelling == "hard link":
        os.link(new, target)
    for output_format in ("json", "rich"):
        result = run("diff", str(old), str(new), "--format", output_format, "-o", str(target))
        assert result.exit_code == 2, result.output
        assert "is the same file as the input" in result.output and result.output.count("\n") == 1
    assert digest(new) == before


def test_the_profile_and_the_map_are_inputs_too(inputs, tmp_path: Path) -> None:
    old, new = inputs
    mapping = tmp_path / "map.yaml"
    mapping.write_text("- old: 1\n  new: 1\n", encoding="utf-8")
    before = digest(mapping)
    result = run("diff", str(old), str(new), "--map", str(mapping), "--format", "csv", "-o", str(mapping))
    assert result.exit_code == 2 and f"the input {mapping}" in result.output
    assert digest(mapping) == before


@pytest.mark.parametrize("output_format", ("json", "rich", "markdown"))
def test_a_report_is_written_whole_and_replaces_the_old_one(inputs, tmp_path: Path, output_format: str) -> None:
    old, new = inputs
    report = tmp_path / "report.out"
    report.write_text("previous report", encoding="utf-8")
    assert run("diff", str(old), str(new), "--format", output_format, "-o", str(report)).exit_code == 1
    assert "previous report" not in report.read_text(encoding="utf-8") and report.stat().st_size > 1000
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new.txt", "old.txt", "report.out"]  # no temporary left


def test_a_missing_directory_is_one_line_and_exit_2(inputs, tmp_path: Path) -> None:
    old, new = inputs
    result = run("diff", str(old), str(new), "--format", "json", "-o", str(tmp_path / "missing" / "report.json"))
    assert result.exit_code == 2 and result.output.count("\n") <= 4 and "Traceback" not in result.output


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_device_is_one_line_and_exit_2(inputs) -> None:
    old, new = inputs
    result = run("diff", str(old), str(new), "--format", "json", "-o", "/dev/full")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("constdiff: error: /dev/full: cannot be written") and result.output.count("\n") == 1
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")  # written through, never replaced


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_standard_output_is_trouble_not_differences() -> None:
    """exit 1 would read as "differences found" to a CI gate; a report that never arrived is exit 2."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "constdiff", "diff", OLD, NEW, "--format", "json"],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("constdiff: error: <standard output>: cannot be written") and done.stderr.count("\n") == 1
