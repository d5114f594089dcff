"""Every command line shown in the README runs (on the seeds, a git repository of them, or on the corpus for the Kazakh pair)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from git_fixtures import GIT, seed_repository

from constdiff.cli import main
from constdiff.profiles import data_dir
from constdiff.seeds import seed_pair

README = Path(__file__).resolve().parents[1] / "README.md"
MY_PROFILE = data_dir() / "profiles" / "en.yaml"  # "my.yaml" in the README: a profile of one's own
COMMAND = re.compile(r"^constdiff (?P<args>.+?)(?:\s+#.*)?$")


def readme_commands() -> list[str]:
    commands, in_shell = [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() == "```sh"
            continue
        found = COMMAND.match(line) if in_shell else None
        if found:
            commands.append(found["args"].split(" > ")[0])
    return commands


def test_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 15


@pytest.mark.parametrize("args", readme_commands())
def test_readme_command_runs(args: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    old, new = (str(path) for path in seed_pair())
    mapping = tmp_path / "pairs.yaml"
    mapping.write_text("pairs:\n  - {old: '63', new: []}\n", encoding="utf-8")
    if "$K" in args:
        corpus = request.getfixturevalue("corpus_dir")
        args = args.replace("$K", str(corpus))
    replacements = {"old.txt": old, "new.txt": new, "constitution.txt": old, "pairs.yaml": str(mapping), "my.yaml": str(MY_PROFILE)}
    if "--git" in args:  # my-repo: constitution.txt committed as the old seed, the new one, the old one again
        if GIT is None:
            pytest.skip("git is not installed (constdiff history --git runs it)")
        replacements = {"my-repo": str(seed_repository(tmp_path / "my-repo"))}
    words = [replacements.get(word, word) for word in shlex.split(args)]
    words = [str(tmp_path / word) if word.startswith("report.") else word for word in words]
    result = CliRunner().invoke(main, words)
    assert result.exit_code in (0, 1), result.output
