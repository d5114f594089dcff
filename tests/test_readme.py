"""Every command line shown in the README runs (on the seeds, a git repository of them, or on the corpus for the Kazakh pair).

The batch lines run on a manifest of the seeds; the one for a cluster on a cluster started by the
README's own ``dask scheduler`` and ``dask worker`` lines (on 127.0.0.1 and a free port)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner
from dask_fixtures import HAS_DASK, NO_DASK, dask_cluster
from git_fixtures import GIT, seed_repository

from constdiff.cli import main
from constdiff.profiles import data_dir
from constdiff.seeds import seed_pair

README = Path(__file__).resolve().parents[1] / "README.md"
MY_PROFILE = data_dir() / "profiles" / "en.yaml"  # "my.yaml" in the README: a profile of one's own
COMMAND = re.compile(r"^constdiff (?P<args>.+?)(?:\s+#.*)?$")
DASK_COMMAND = re.compile(r"^dask (?P<args>.+?)(?:\s+#.*)?$")
README_SCHEDULER = "tcp://HOST:8786"


def readme_commands(command: re.Pattern[str] = COMMAND) -> list[str]:
    commands, in_shell = [], False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_shell = line.strip() == "```sh"
            continue
        found = command.match(line) if in_shell else None
        if found:
            commands.append(found["args"].split(" > ")[0])
    return commands


def test_readme_shows_commands() -> None:
    assert len(readme_commands()) >= 15


@pytest.fixture(scope="module")
def readme_cluster() -> Iterator[str]:
    """The README's ``dask scheduler`` and ``dask worker`` lines run as written but for the address
    (127.0.0.1 and a free port for HOST:8786); the scheduler's address once its workers are in."""
    if not HAS_DASK:
        pytest.skip(NO_DASK)
    scheduler, worker = readme_commands(DASK_COMMAND)
    assert scheduler == "scheduler" and worker.startswith(f"worker {README_SCHEDULER} ")
    workers = int(shlex.split(worker)[shlex.split(worker).index("--nworkers") + 1])
    with dask_cluster(scheduler, worker.replace(README_SCHEDULER, "ADDRESS"), workers) as address:
        yield address


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
    if args.startswith("batch "):  # jobs.yaml: the seeds as a pair and there and back as a history
        if not HAS_DASK:
            pytest.skip(NO_DASK)
        jobs = tmp_path / "jobs.yaml"
        jobs.write_text(f"jobs:\n  - {{old: '{old}', new: '{new}'}}\n  - {{versions: ['{old}', '{new}', '{old}']}}\n",
                        encoding="utf-8")
        replacements.update({"jobs.yaml": str(jobs), "results": str(tmp_path / "results")})
        if README_SCHEDULER in args:
            replacements[README_SCHEDULER] = request.getfixturevalue("readme_cluster")
    words = [replacements.get(word, word) for word in shlex.split(args)]
    words = [str(tmp_path / word) if word.startswith("report.") else word for word in words]
    if words[0] == "batch":  # a Dask client: in a process of its own (dask_fixtures says why)
        done = subprocess.run([sys.executable, "-m", "constdiff", *words], capture_output=True, text=True, timeout=900)
        assert done.returncode in (0, 1), done.stderr
        return
    result = CliRunner().invoke(main, words)
    assert result.exit_code in (0, 1), result.output
