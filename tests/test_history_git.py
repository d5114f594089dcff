"""constdiff history --git: the committed versions of one file, read with git, in commit order.

The repository is built here: a fictional statute of Velmora committed as ``statute.txt``,
amended, left alone by a commit of another file, renamed to ``statute.md`` without a change,
and then given a new Article 2 that renumbers the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from git_fixtures import commit_file, git, needs_git, new_repository

import constdiff
from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.limits import with_limits
from constdiff.load import git_versions
from constdiff.load.git_versions import committed_files
from constdiff.model import ArticleChange
from constdiff.versions import ordered_sources, version_date
from test_history import SCHEMA

RIVERS = "The rivers of Velmora and their banks are public property; no one may close the way along them."
RIVERS_AMENDED = "The rivers and lakes of Velmora and their banks are public property; no one may close the way along them."
FORESTS = "The forests are held in trust for the generations to come and may be cut only under a plan the province approves."
MILLS = "Every village may keep a common mill, and its miller is chosen each year by the households that use it."
FERRIES = "Ferries across the great river run at public cost from the first thaw to the first frost of every year."


def _statute(*articles: str) -> str:
    return "".join(f"Article {number}\n\n{text}\n\n" for number, text in enumerate(articles, start=1))


ENACTED = _statute(RIVERS, FORESTS, MILLS)
AMENDED = _statute(RIVERS_AMENDED, FORESTS, MILLS)
EXTENDED = _statute(RIVERS_AMENDED, FERRIES, FORESTS, MILLS)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Five commits, three versions of the statute (2001, 2003, 2005)."""
    repo = new_repository(tmp_path / "laws")
    commit_file(repo, "statute.txt", ENACTED, "Enact the statute on waters and woods", "2001-01-10")
    commit_file(repo, "sources.txt", "Gazette of Velmora, 2001.\n", "Note the source", "2002-02-20")
    commit_file(repo, "statute.txt", AMENDED, "Amend Article 1: lakes too", "2003-03-30")
    git(repo, "mv", "statute.txt", "statute.md")
    git(repo, "commit", "-q", "-m", "Rename the statute to Markdown", date="2004-04-15")
    commit_file(repo, "statute.md", EXTENDED, "Insert Article 2 on ferries", "2005-05-05")
    return repo


def _log(repo: Path) -> dict[str, str]:
    """Subject → commit id."""
    lines = git(repo, "log", "--format=%s\t%H").splitlines()
    return dict(line.split("\t") for line in lines)


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["history", *arguments, "--lang", "en"])
    return result.exit_code, result.output


@needs_git
def test_every_committed_version_oldest_first_renames_followed_unchanged_commits_left_out(repo: Path) -> None:
    found = committed_files(str(repo), "statute.md", max_bytes=1_000_000)
    commits = _log(repo)
    assert [(file.commit.date, file.commit.subject, file.commit.path) for file in found] == [
        ("2001-01-10", "Enact the statute on waters and woods", "statute.txt"),
        ("2003-03-30", "Amend Article 1: lakes too", "statute.txt"),
        ("2005-05-05", "Insert Article 2 on ferries", "statute.md"),
    ]
    assert [file.data for file in found] == [text.encode() for text in (ENACTED, AMENDED, EXTENDED)]
    assert [file.commit.revision for file in found] == [
        commits["Enact the statute on waters and woods"], commits["Amend Article 1: lakes too"],
        commits["Insert Article 2 on ferries"],
    ]
    assert found[0].source == f"{commits['Enact the statute on waters and woods'][:7]}:statute.txt"


@needs_git
def test_the_history_of_a_file_in_git_follows_its_articles(repo: Path) -> None:
    result = constdiff.history_from_git(str(repo), "statute.md", language="en")
    assert [version.label for version in result.versions] == [
        f"{version.commit.date} {version.commit.short}" for version in result.versions if version.commit
    ]
    assert [version.label[:10] for version in result.versions] == ["2001-01-10", "2003-03-30", "2005-05-05"]
    numbers = {lineage.id: lineage.numbers for lineage in result.lineages}
    changes = {lineage.id: lineage.changes for lineage in result.lineages}
    assert numbers == {"L1": ("1", "1", "1"), "L2": ("2", "2", "3"), "L3": ("3", "3", "4"), "L4": (None, None, "2")}
    assert changes["L1"] == (None, ArticleChange.AMENDED, ArticleChange.UNCHANGED)
    assert changes["L2"][2] is ArticleChange.RENUMBERED and changes["L4"][2] is ArticleChange.ADDED


@needs_git
def test_since_until_and_a_range_choose_the_commits(repo: Path) -> None:
    def dates(**chosen: str) -> list[str]:
        return [file.commit.date for file in committed_files(str(repo), "statute.md", max_bytes=1_000_000, **chosen)]

    first = _log(repo)["Enact the statute on waters and woods"]
    assert dates(since="2002-01-01") == ["2003-03-30", "2005-05-05"]
    assert dates(until="2004-12-31") == ["2001-01-10", "2003-03-30"]
    assert dates(rev_range=f"{first}..HEAD") == ["2003-03-30", "2005-05-05"]
    assert dates(rev_range="HEAD~1", since="2001-01-01") == ["2001-01-10", "2003-03-30"]
    assert dates(since="2003-03-30", until="2005-05-05") == ["2003-03-30", "2005-05-05"], "both days included"


@needs_git
def test_until_before_a_rename_still_finds_the_older_name(repo: Path) -> None:
    """git's own --until would stop the walk before the rename of 2004 is seen."""
    found = committed_files(str(repo), "statute.md", until="2003-12-31", max_bytes=1_000_000)
    assert [(file.commit.date, file.commit.path) for file in found] == [("2001-01-10", "statute.txt"), ("2003-03-30", "statute.txt")]


@needs_git
def test_cli_timeline_labels_are_dates_and_short_ids(repo: Path) -> None:
    code, output = _run("--git", str(repo), "statute.md", "--format", "json")
    assert code == 0, output
    versions = json.loads(output)["versions"]
    short = _log(repo)["Insert Article 2 on ferries"][:7]
    assert versions[-1]["label"] == f"2005-05-05 {short}" and versions[-1]["source"] == f"{short}:statute.md"
    assert versions[-1]["commit"] == {"revision": _log(repo)["Insert Article 2 on ferries"], "date": "2005-05-05",
                                      "subject": "Insert Article 2 on ferries", "path": "statute.md"}
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(json.loads(output))
    code, output = _run("--git", str(repo), "statute.md")
    assert code == 0 and f"2005-05-05 {short}" in output
    code, output = _run("--git", str(repo), "statute.md", "--format", "markdown")
    assert code == 0 and f"| 3 | 2005-05-05 {short} Insert Article 2 on ferries |" in output, "the subject beside the label"


@needs_git
def test_a_merged_branch_is_one_version_and_a_rename_with_an_edit_is_one(repo: Path) -> None:
    """The branch's own line (first parents): the side branch's two commits are not versions."""
    git(repo, "checkout", "-q", "-b", "repeal")
    commit_file(repo, "statute.md", _statute(RIVERS_AMENDED, FERRIES, FORESTS), "Repeal the mills", "2006-01-01")
    commit_file(repo, "statute.md", _statute(RIVERS_AMENDED, FERRIES), "Repeal the forests", "2006-02-01")
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "sources.txt", "Gazette of Velmora, 2006.\n", "Note another source", "2006-03-01")
    git(repo, "merge", "-q", "--no-ff", "repeal", "-m", "Merge the repeals", date="2006-04-01")
    git(repo, "mv", "statute.md", "waters.md")
    (repo / "waters.md").write_text(_statute(RIVERS, FERRIES), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Rename to waters.md; Article 1 as enacted", date="2007-01-01")
    found = committed_files(str(repo), "waters.md", max_bytes=1_000_000)
    assert [(file.commit.date, file.commit.subject, file.commit.path) for file in found][2:] == [
        ("2005-05-05", "Insert Article 2 on ferries", "statute.md"),
        ("2006-04-01", "Merge the repeals", "statute.md"),
        ("2007-01-01", "Rename to waters.md; Article 1 as enacted", "waters.md"),
    ]
    assert [file.data for file in found][3:] == [_statute(RIVERS_AMENDED, FERRIES).encode(), _statute(RIVERS, FERRIES).encode()]


@needs_git
def test_each_version_is_read_as_its_name_in_that_commit_declares(tmp_path: Path) -> None:
    """The same Markdown link is text in ``law.txt`` and a link (its label kept) once renamed ``law.md``."""
    repo = new_repository(tmp_path / "links")
    linked = f"{RIVERS} See [Article 2](#article-2)."
    commit_file(repo, "law.txt", _statute(linked, FORESTS), "Plain text", "2001-01-01")
    git(repo, "mv", "law.txt", "law.md")
    (repo / "law.md").write_text(_statute(linked, FORESTS, MILLS), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Markdown, and Article 3 on mills", date="2002-01-01")
    result = constdiff.history_from_git(str(repo), "law.md", language="en")
    first_articles = [version.document.articles()[0] for version in result.versions if version.document]
    assert [" ".join(paragraph.text for paragraph in article.paragraphs) for article in first_articles] == [
        linked, f"{RIVERS} See Article 2."
    ]


@needs_git
def test_a_path_in_a_subfolder_is_relative_to_the_folder_given(repo: Path) -> None:
    (repo / "acts").mkdir()
    commit_file(repo, "acts/ferries.txt", _statute(FERRIES), "Enact the ferry act", "2006-01-01")
    commit_file(repo, "acts/ferries.txt", _statute(FERRIES, MILLS), "Extend the ferry act", "2007-01-01")
    from_root = committed_files(str(repo), "acts/ferries.txt", max_bytes=1_000_000)
    from_folder = committed_files(str(repo / "acts"), "ferries.txt", max_bytes=1_000_000)
    absolute = committed_files(str(repo / "acts"), str(repo / "acts" / "ferries.txt"), max_bytes=1_000_000)
    assert [file.commit.path for file in from_root] == ["acts/ferries.txt"] * 2
    assert from_root == from_folder == absolute


@needs_git
def test_nothing_is_checked_out_or_written_and_a_bare_clone_reads_the_same(repo: Path, tmp_path: Path) -> None:
    head, status = git(repo, "rev-parse", "HEAD"), git(repo, "status", "--porcelain", "--ignored")
    listing = sorted(path.relative_to(repo) for path in repo.rglob("*") if ".git" not in path.parts)
    worked = constdiff.history_from_git(str(repo), "statute.md", language="en")
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain", "--ignored") == status == ""
    assert sorted(path.relative_to(repo) for path in repo.rglob("*") if ".git" not in path.parts) == listing
    git(tmp_path, "clone", "-q", "--bare", str(repo), "bare.git")
    bare = constdiff.history_from_git(str(tmp_path / "bare.git"), "statute.md", language="en")
    assert [version.commit for version in bare.versions] == [version.commit for version in worked.versions]


@needs_git
def test_versions_are_read_by_the_normal_loader_with_its_limits(repo: Path) -> None:
    """A version over ``--limit bytes`` is a gap with the loader's message; its neighbours are compared."""
    limit = len(AMENDED.encode())
    result = constdiff.history_from_git(str(repo), "statute.md", language="en",
                                        limits=with_limits([("bytes", limit)]))
    assert [version.parsed for version in result.versions] == [True, True, False]
    assert "is larger than" in str(result.versions[2].error) and "--limit bytes=N" in str(result.versions[2].error)
    commit_file(repo, "statute.md", "", "Empty the file by mistake", "2006-06-06")
    commit_file(repo, "statute.md", EXTENDED, "Restore it", "2006-06-07")
    restored = constdiff.history_from_git(str(repo), "statute.md", language="en")
    gap = restored.versions[3]
    assert gap.commit is not None and not gap.parsed and gap.error == f"{gap.commit.short}:statute.md: is empty"
    assert restored.comparisons[4] is not None and not restored.comparisons[4].has_differences


@needs_git
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("statute.md", "--until", "2002-12-31"), "has one version (2001-01-10 "),
        (("statute.md", "--since", "2004-01-01"), "has one version (2005-05-05 "),  # the rename of 2004 is none
        (("statute.md", "--since", "2030-01-01"),
         "no commit changes it in the dates asked for (--since 2030-01-01); its versions are dated 2001-01-10 to 2005-05-05"),
        (("ghost.md",), "laws:ghost.md: was never committed"),
        (("statute.md", "--rev-range", "nowhere..HEAD"), "--rev-range nowhere..HEAD: git cannot read it"),
        (("statute.md", "--rev-range=--all"), "--rev-range: '--all' is not a range git can be given"),
        (("statute.md", "--since=-1"), "--since: '-1' is not a date YYYY-MM-DD"),
        (("statute.md", "--until", "2020/01/01"), "--until: '2020/01/01' is not a date YYYY-MM-DD"),
        (("../outside.md",), "../outside.md: is not a file inside the repository"),
    ],
)
def test_bad_git_input_is_one_line_exit_2(repo: Path, arguments: tuple[str, ...], message: str) -> None:
    code, output = _run("--git", str(repo), *arguments)
    assert code == 2 and message in output and len(output.strip().splitlines()) == 1, output


@needs_git
def test_a_folder_that_is_not_a_repository_is_one_line_exit_2(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    inside = CliRunner().invoke(main, ["history", "--git", str(plain), "x.md"])
    if "git cannot read it as a repository" not in inside.output:
        pytest.skip(f"{tmp_path} is itself inside a git repository")
    assert inside.exit_code == 2 and len(inside.output.strip().splitlines()) == 1
    missing = CliRunner().invoke(main, ["history", "--git", str(tmp_path / "nowhere"), "x.md"])
    assert missing.exit_code == 2 and "nowhere: no such directory" in missing.output


def test_without_git_installed_one_line_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(git_versions.shutil, "which", lambda program: None)
    with pytest.raises(InputError, match=r"^git: not found on PATH; --git reads the versions with the git program$"):
        committed_files(str(tmp_path), "statute.md", max_bytes=1_000)
    code, output = _run("--git", str(tmp_path), "statute.md")
    assert code == 2 and output.strip().endswith("git: not found on PATH; --git reads the versions with the git program")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("a.txt", "b.txt", "--since", "2020-01-01"), "--since selects commits; it needs --git REPO"),
        (("--git", ".", "a.txt", "b.txt"), "--git REPO reads one file's versions; give one PATH, not 2"),
        (("--git", ".", "a.txt", "--order", "name"), "--order does not apply to --git"),
    ],
)
def test_git_options_out_of_place_are_usage_errors(arguments: tuple[str, ...], message: str) -> None:
    code, output = _run(*arguments)
    assert code == 2 and message in output


CZECH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cz"


@needs_git
def test_the_czech_versions_committed_to_git_give_the_history_of_the_folder(tmp_path: Path) -> None:
    """Each corpus version committed on its in-force date (a temporary repository, outside this one)."""
    if not CZECH.is_dir():
        pytest.skip(f"real-text corpus not found at {CZECH} (it lives beside the repository, in ../shared/corpus)")
    repo = new_repository(tmp_path / "legalize-cz")
    files = ordered_sources([str(CZECH)])
    for file in files:
        commit_file(repo, "ustava.md", Path(file).read_text(encoding="utf-8"), f"Version {Path(file).name}",
                    str(version_date(Path(file))))
    from_git = constdiff.history_from_git(str(repo), "ustava.md")
    from_folder = constdiff.history([str(CZECH)])
    assert [version.label[:10] for version in from_git.versions] == [str(version_date(Path(file))) for file in files]
    assert [(lineage.numbers, lineage.changes) for lineage in from_git.lineages] == [
        (lineage.numbers, lineage.changes) for lineage in from_folder.lineages
    ]


@needs_git
def test_the_report_never_overwrites_the_working_copy_of_the_file(repo: Path) -> None:
    """The working copy may hold edits not committed: -o naming it is refused before any work."""
    before = (repo / "statute.md").read_bytes()
    code, output = _run("--git", str(repo), "statute.md", "-o", str(repo / "statute.md"))
    assert code == 2 and "would overwrite it" in output and output.count("\n") == 1
    assert (repo / "statute.md").read_bytes() == before
