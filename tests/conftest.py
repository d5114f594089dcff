from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-text corpus not found at {CORPUS} (it lives beside the repository, in ../shared/corpus)")
    return CORPUS


def diff_report(folder: Path, old: str, new: str, *args: str) -> str:
    """``constdiff diff OLD NEW ARGS`` run in ``folder`` on relative paths, so a report (and its
    digest) does not depend on where the files are; the output of a run that found differences."""
    from click.testing import CliRunner

    from constdiff.cli import main

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(main, ["diff", old, new, *args], env={"NO_COLOR": None, "COLUMNS": None, "TERM": "xterm-256color", "COLORTERM": None})
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1, result.output
    return result.output


def assert_digest(digests: Path, name: str, output: str, saved: Path) -> None:
    """``output`` has the SHA-256 digest recorded under ``name`` in ``digests`` (recorded anew with
    CONSTDIFF_UPDATE_GOLDEN=1); on a mismatch it is kept at ``saved`` for reading."""
    digest = {"sha256": hashlib.sha256(output.encode()).hexdigest(), "lines": output.count("\n")}
    known = json.loads(digests.read_text(encoding="utf-8")) if digests.exists() else {}
    if os.environ.get("CONSTDIFF_UPDATE_GOLDEN"):
        known[name] = digest
        digests.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    saved.write_text(output, encoding="utf-8")
    assert known.get(name) == digest, f"report changed; read it at {saved}"
