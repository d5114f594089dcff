"""Every committed version of one file, read with git itself (``git log``, ``git cat-file``).

Nothing is checked out or written, and a bare repository works as well as a working tree.
The history is the branch's own line (``--first-parent``: a merge is one version, the commits
of a merged side branch are not), renames followed (``--follow``), oldest first; a commit that
leaves the file's content as it was (a pure rename, a revert of nothing) is not a new version.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from constdiff.errors import InputError, TooFewVersionsError
from constdiff.limits import too_large
from constdiff.model import Commit

GIT_PROGRAM = "git"
_GIT_OPTIONS = ("--no-pager", "--literal-pathspecs", "-c", "log.showSignature=false", "-c", "color.ui=never")
"""Before every git command: a file name is never a pattern, and no user setting adds lines to the log."""
_REPOSITORY_ENVIRONMENT = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE",
)
"""Variables that would make git read another repository than REPO (set inside a git hook)."""
_REGULAR_FILE_MODES = ("100644", "100755")
_RECORD, _FIELD = "\x1e", "\x1f"
_LOG_FORMAT = f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%s"
SHORT_ID_CHARS = 7
"""A commit's short id in labels and names, as ``git log --oneline`` shows it in a small repository."""


@dataclass(frozen=True)
class CommittedFile:
    """One version of the file: the commit that gave it this content, and the content (None, with
    the problem, when it is not read: larger than the byte limit, or missing from the repository)."""

    commit: Commit
    data: bytes | None
    problem: str | None = None

    @property
    def source(self) -> str:
        """``3f2a9c1:docs/law.md``, git's own name for the file in that commit (its suffix is the format's)."""
        return f"{self.commit.short}:{self.commit.path}"


def committed_files(
    repo: str,
    path: str,
    *,
    since: str | None = None,
    until: str | None = None,
    rev_range: str | None = None,
    max_bytes: int,
) -> tuple[CommittedFile, ...]:
    """The versions of ``path`` (relative to ``repo``, or absolute inside it) committed on the
    current branch, or in ``rev_range`` (``A..B``, anything ``git log`` takes as one revision
    argument), with commit dates from ``since`` to ``until`` (YYYY-MM-DD, both included, the date
    a label shows), oldest first.

    The dates are applied after git has walked the whole range: git's own ``--until`` would stop
    it before a later rename, and the file's older name would never be found.  A missing git,
    a folder that is not a repository, a bad range or date, or no commit of the file is an
    ``InputError``."""
    git, folder = _git_and_folder(repo)
    check_selection(since, until, rev_range)
    top, relative = _locate(git, folder, path)
    revisions = [rev_range] if rev_range is not None else []
    found = _log(git, top, relative, revisions, repo)
    if not found:
        # none in the range asked for, though the branch has some: nothing to compare; none at all: no such file
        error = TooFewVersionsError if revisions and _log(git, top, relative, [], repo) else InputError
        raise error(f"{repo}:{relative}", "was never committed" + (f" in {rev_range}" if revisions else "")
                         + " (git log finds no commit of it on the first-parent line)")
    versions = _distinct(found)
    chosen = [(commit, blob) for commit, blob in versions if (since or "") <= commit.date <= (until or "9999-12-31")]
    if not chosen:
        asked = " ".join(f"--{name} {value}" for name, value in (("since", since), ("until", until)) if value)
        raise TooFewVersionsError(f"{repo}:{relative}", f"no commit changes it in the dates asked for ({asked}); its"
                                               f" versions are dated {versions[0][0].date} to {versions[-1][0].date}")
    return _read_contents(git, top, chosen, max_bytes)


def check_selection(since: str | None, until: str | None, rev_range: str | None) -> None:
    """An ``InputError`` for a date that is not YYYY-MM-DD or a range git cannot be given; asked
    before git runs (and by ``constdiff batch`` before any job does)."""
    for option, value in (("--since", since), ("--until", until)):
        if value is not None and not _is_date(value):
            raise InputError(option, f"{value!r} is not a date YYYY-MM-DD")
    if since is not None and until is not None and since > until:
        raise InputError("--since", f"{since} is after --until {until}: no commit is dated between them")
    if rev_range is not None and (not rev_range.strip() or rev_range.startswith("-") or "\0" in rev_range):
        raise InputError("--rev-range", f"{rev_range!r} is not a range git can be given (empty, a NUL byte, or a"
                                        " leading '-' that git would read as an option)")


def _is_date(value: str) -> bool:
    try:
        return len(value) == len("YYYY-MM-DD") and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _locate(git: str, folder: Path, path: str) -> tuple[Path, str]:
    """The folder git runs in and ``path`` from the root of the repository's tree."""
    if "\0" in path or "\n" in path:
        raise InputError(repr(path), "is not a file name git can be given (it holds a NUL byte or a line break)")
    failure = "git cannot read it as a repository"
    inside = _git(git, folder, ["rev-parse", "--is-inside-work-tree"], str(folder), failure)
    if inside.decode().strip() != "true":  # a bare repository: paths start at the root of its tree
        return folder, _within(PurePosixPath(path), path, str(folder))
    top_line, prefix = _git(git, folder, ["rev-parse", "--show-toplevel", "--show-prefix"], str(folder),
                            failure).decode().split("\n")[:2]
    top = Path(top_line)
    if os.path.isabs(path):
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
        return top, _within(PurePosixPath(Path(relative).as_posix()), path, str(top))
    return top, _within(PurePosixPath(prefix) / path, path, str(top))


def _within(candidate: PurePosixPath, given: str, repo: str) -> str:
    relative = os.path.normpath(candidate.as_posix())
    if relative in (".", "..") or relative.startswith("../") or os.path.isabs(relative):
        raise InputError(given, f"is not a file inside the repository {repo}")
    return relative


def _log(git: str, top: Path, relative: str, revisions: list[str], repo: str) -> list[tuple[Commit, str]]:
    """(commit, blob id) per commit that changed the file to a regular file, oldest first."""
    failure = f"--rev-range {revisions[0]}: git cannot read it" if revisions else "git log failed"
    output = _git(git, top, ["log", "--first-parent", "--follow", "--encoding=UTF-8", _LOG_FORMAT, "--raw",
                             "--no-abbrev", "-z", *revisions, "--", relative], repo, failure)
    found: list[tuple[Commit, str]] = []
    for record in reversed(output.decode("utf-8", errors="surrogateescape").split(_RECORD)[1:]):
        header, _, raw = record.partition("\0")
        fields = raw.lstrip("\n").split("\0")
        if len(fields) < 2 or not fields[0].startswith(":"):
            continue  # a merge without its diff (git before 2.31): its content comes with the next commit
        _, new_mode, _, blob, status = fields[0][1:].split(" ")
        if new_mode not in _REGULAR_FILE_MODES:
            continue  # deleted, or no longer a regular file
        revision, when, subject = header.split(_FIELD, 2)
        name = fields[2] if status[:1] in ("R", "C") and len(fields) > 2 else fields[1]
        found.append((Commit(revision, revision[:SHORT_ID_CHARS], when[:10], _text(subject), _text(name)), blob))
    return found


def _distinct(found: list[tuple[Commit, str]]) -> list[tuple[Commit, str]]:
    """A commit that leaves the content as the previous version had it (a rename) is no new version."""
    return [entry for index, entry in enumerate(found) if index == 0 or found[index - 1][1] != entry[1]]


def _text(value: str) -> str:
    return value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")


def _read_contents(git: str, top: Path, found: list[tuple[Commit, str]], max_bytes: int) -> tuple[CommittedFile, ...]:
    """Each blob's size with one ``git cat-file --batch-check``, then the contents of those within
    ``max_bytes`` with one ``--batch``."""
    blobs = "".join(f"{blob}\n" for _, blob in found).encode()
    checked = _git(git, top, ["cat-file", "--batch-check"], str(top), "git cat-file failed", stdin=blobs)
    problems = [_problem(line.split(" "), max_bytes) for line in checked.decode().splitlines()]
    wanted = "".join(f"{blob}\n" for (_, blob), problem in zip(found, problems) if problem is None).encode()
    contents = iter(_batch_contents(_git(git, top, ["cat-file", "--batch"], str(top), "git cat-file failed", stdin=wanted)))
    return tuple(
        CommittedFile(commit, next(contents) if problem is None else None, problem)
        for (commit, _), problem in zip(found, problems)
    )


def _problem(checked: list[str], max_bytes: int) -> str | None:
    """Why a blob is not read, from its ``<id> blob <size>`` (or ``<id> missing``) line; None to read it."""
    if checked[1:2] != ["blob"]:
        return "is missing from the repository (a shallow or partial clone?)"
    return too_large(max_bytes) if int(checked[2]) > max_bytes else None


def _batch_contents(output: bytes) -> list[bytes]:
    """``<id> blob <size>\\n<content>\\n`` repeated → the contents."""
    contents: list[bytes] = []
    position = 0
    while position < len(output):
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split(b" ")[2])
        contents.append(output[header_end + 1 : header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def _git(git: str, folder: Path, arguments: list[str], blamed: str, failure: str, *, stdin: bytes | None = None) -> bytes:
    """Run git in ``folder`` (no shell; arguments as a list); a failure is ``blamed: failure (git's reason)``."""
    environment = {name: value for name, value in os.environ.items() if name not in _REPOSITORY_ENVIRONMENT}
    environment["LC_ALL"] = "C"  # git's reasons in English, as the rest of the message
    completed = subprocess.run([git, *_GIT_OPTIONS, *arguments], cwd=folder, input=stdin, capture_output=True,
                               env=environment, check=False)
    if completed.returncode != 0:
        raise InputError(blamed, f"{failure} ({_reason(completed.stderr)})")
    return completed.stdout


def _reason(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", errors="replace").splitlines() if line.strip()]
    fatal = next((line for line in lines if line.startswith(("fatal:", "error:"))), lines[0] if lines else "no reason given")
    return fatal.removeprefix("fatal: ").removeprefix("error: ")


def head_commit(repo: str) -> str:
    """The commit id the repository's HEAD names (what a batch's key for a history from git hashes)."""
    git, folder = _git_and_folder(repo)
    return _git(git, folder, ["rev-parse", "--verify", "HEAD^{commit}"], repo, "git cannot read its HEAD").decode().strip()


def tracked_files(repo: str) -> list[str]:
    """The paths of the files in the tree of the repository's HEAD under the folder ``repo`` names
    (all of them from the root of a repository's top folder or a bare one), as ``history_from_git``
    takes them (``constdiff batch --glob``)."""
    git, folder = _git_and_folder(repo)
    listed = _git(git, folder, ["ls-tree", "-r", "-z", "--name-only", "HEAD"], repo, "git cannot list its files")
    return [_text(name) for name in listed.decode("utf-8", errors="surrogateescape").split("\0") if name]


def _git_and_folder(repo: str) -> tuple[str, Path]:
    git = shutil.which(GIT_PROGRAM)
    if git is None:
        raise InputError(GIT_PROGRAM, "not found on PATH; --git reads the versions with the git program")
    folder = Path(repo)
    if not folder.is_dir():
        raise InputError(repo, "no such directory" if not folder.exists() else "is not a directory")
    return git, folder
