"""Progress of ``constdiff history``: the engine tells a callback how far it has gone and prints
nothing; the CLI draws a Rich bar on stderr only when stderr is a terminal.

The versions are fictional text written here (three versions, the middle one unreadable).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.lineage import history

VERSIONS = {
    "a.txt": "Article 1\n\nThe harbour of Tessin is open to ships of every flag in time of peace.\n\n"
             "Article 2\n\nFishing rights in the bay belong to the coastal villages in common.\n",
    "b.txt": "",  # unreadable: a gap still counts as one step done
    "c.txt": "Article 1\n\nThe harbour of Tessin is open to ships of every flag in time of peace and of war.\n\n"
             "Article 2\n\nFishing rights in the bay belong to the coastal villages in common.\n",
}


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    for name, text in VERSIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in VERSIONS]


def test_the_callback_counts_every_read_and_every_step(sources: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    told: list[tuple[int, int]] = []
    history(sources, language="en", progress=lambda done, total: told.append((done, total)))
    assert told == [(done, 5) for done in range(1, 6)]  # three versions read, two versions compared into
    assert capsys.readouterr() == ("", "")


def test_non_terminal_stderr_stays_empty(sources: list[str]) -> None:
    result = CliRunner().invoke(main, ["history", *sources, "--lang", "en"], env={"TTY_COMPATIBLE": None, "FORCE_COLOR": None})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_terminal_gets_the_bar_on_stderr(sources: list[str]) -> None:
    result = CliRunner().invoke(main, ["history", *sources, "--lang", "en", "--format", "json"], env={"TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.output
    assert "reading and comparing versions" in result.stderr
    assert "reading and comparing" not in result.stdout and result.stdout.startswith("{")
