"""Small git repositories a test builds: commits of texts with chosen dates, none of the user's settings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from constdiff.seeds import seed_pair

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed (constdiff history --git runs it)")

# The repository in the folder given, whatever the environment says (a test run inside a git hook
# sets GIT_DIR), and none of the user's or the system's settings (signing, hooks, templates).
_DROPPED = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE")


def git(repo: Path, *arguments: str, date: str = "2000-01-01") -> str:
    """Run git in ``repo``; commits are dated ``date`` (noon UTC) for author and committer."""
    assert GIT is not None
    environment = {name: value for name, value in os.environ.items() if name not in _DROPPED}
    environment.update(
        GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.invalid",
        GIT_AUTHOR_DATE=f"{date}T12:00:00Z", GIT_COMMITTER_DATE=f"{date}T12:00:00Z",
    )
    done = subprocess.run([GIT, *arguments], cwd=repo, env=environment, capture_output=True, text=True, check=True)
    return done.stdout


def new_repository(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_file(repo: Path, name: str, text: str, subject: str, date: str) -> str:
    """Write ``name`` and commit it alone; returns the commit id."""
    (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "--", name)
    git(repo, "commit", "-q", "-m", subject, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


def seed_repository(repo: Path) -> Path:
    """The README's ``my-repo``: ``constitution.txt`` committed as the old seed (2019), the new
    one (2021), and the old one again (2023), with a commit of another file between."""
    old, new = (path.read_text(encoding="utf-8") for path in seed_pair())
    new_repository(repo)
    commit_file(repo, "constitution.txt", old, "Constitution of 2011", "2019-06-01")
    commit_file(repo, "NOTES.txt", "Where the texts come from.\n", "Add notes", "2020-06-01")
    commit_file(repo, "constitution.txt", new, "Constitution of 2024", "2021-06-01")
    commit_file(repo, "constitution.txt", old, "Back to 2011", "2023-06-01")
    return repo
