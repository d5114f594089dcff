"""Many versions in order → one History: each version parsed once, consecutive parsed versions
compared with the same engine as ``diff``, and every article followed across them as a lineage.

A version that fails to read is a gap: it stops nothing, and the versions on either side of it
are compared directly.  ``report.history_view`` builds the rows a reporter draws.  The versions
come from files (``versions.ordered_sources`` orders them) or from git (``load.git_versions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from constdiff.errors import ConstdiffError, InputError
from constdiff.limits import DEFAULT_LIMITS, Limits
from constdiff.load.git_versions import CommittedFile, committed_files
from constdiff.model import ArticleChange, ArticlePair, Comparison, History, Lineage, Version
from constdiff.pipeline import AUTO, choose_profile, compare, read_document
from constdiff.versions import MIN_VERSIONS, ordered_sources


def history(
    sources: Sequence[str],
    *,
    language: str = AUTO,
    profile_path: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
) -> History:
    """Read every version once (``sources`` as ``ordered_sources`` takes them: files, or one
    directory), compare each parsed version with the previous parsed one, and follow the
    articles.  Fewer than two readable versions is an ``InputError``."""
    sources = ordered_sources(sources)
    versions = tuple(_read_version(source, language, profile_path, limits) for source in sources)
    return history_of(versions, language=language, profile_path=profile_path, jobs=jobs)


def history_from_git(
    repo: str,
    path: str,
    *,
    since: str | None = None,
    until: str | None = None,
    rev_range: str | None = None,
    language: str = AUTO,
    profile_path: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
) -> History:
    """The history of every committed version of ``path`` in the git repository ``repo``, oldest
    first (``load.git_versions.committed_files`` says which); each labelled by its commit date and
    short id, and read like a file of that name.  Fewer than two versions is an ``InputError``."""
    committed = committed_files(repo, path, since=since, until=until, rev_range=rev_range, max_bytes=limits.bytes)
    if len(committed) < MIN_VERSIONS:
        only = committed[0]
        raise InputError(f"{repo}:{only.commit.path}", f"has one version ({only.commit.date} {only.commit.short})"
                                                       f" in the commits asked for; a history needs {MIN_VERSIONS}")
    versions = tuple(_read_committed(version, language, profile_path, limits) for version in committed)
    return history_of(versions, language=language, profile_path=profile_path, jobs=jobs)


def history_of(
    versions: Sequence[Version], *, language: str = AUTO, profile_path: str | None = None, jobs: int | None = None
) -> History:
    """Compare each parsed version (those read: a gap has no document) with the previous parsed
    one, and follow the articles.  Fewer than two parsed versions is an ``InputError``."""
    versions = tuple(versions)
    parsed = [index for index, version in enumerate(versions) if version.parsed]
    if len(parsed) < MIN_VERSIONS:
        raise InputError(_blamed_source(versions), _too_few(len(versions), versions))
    profile = choose_profile(language, profile_path)
    comparisons: list[Comparison | None] = [None] * len(versions)
    for old, new in zip(parsed, parsed[1:]):
        old_document, new_document = versions[old].document, versions[new].document
        assert old_document is not None and new_document is not None
        comparisons[new] = compare(old_document, new_document, jobs=jobs, profile=profile)
    return History(versions, tuple(comparisons), _lineages(len(versions), parsed, comparisons))


def _read_version(source: str, language: str, profile_path: str | None, limits: Limits) -> Version:
    label = Path(source).name if source != "-" else "<stdin>"
    try:
        document = read_document(source, language=language, profile_path=profile_path, limits=limits)
    except ConstdiffError as error:
        return Version(label, source, None, str(error))
    return Version(label, source, document)


def _read_committed(version: CommittedFile, language: str, profile_path: str | None, limits: Limits) -> Version:
    label, commit = f"{version.commit.date} {version.commit.short}", version.commit
    if version.data is None:
        return Version(label, version.source, None, str(InputError(version.source, str(version.problem))), commit)
    try:
        document = read_document(version.source, language=language, profile_path=profile_path, limits=limits,
                                 data=version.data)
    except ConstdiffError as error:
        return Version(label, version.source, None, str(error), commit)
    return Version(label, version.source, document, commit=commit)


def _blamed_source(versions: tuple[Version, ...]) -> str:
    gaps = [version.source for version in versions if not version.parsed]
    return gaps[0] if gaps else (versions[0].source if versions else "history")


def _too_few(given: int, versions: tuple[Version, ...]) -> str:
    readable = sum(version.parsed for version in versions)
    first_error = next((version.error for version in versions if version.error), None)
    because = f" ({first_error})" if first_error else ""
    return f"a history needs at least {MIN_VERSIONS} readable versions; {readable} of {given} could be read{because}"


@dataclass
class _Growing:
    """A lineage while the steps are walked (frozen into a ``Lineage`` at the end)."""

    id: str
    numbers: list[str | None]
    changes: list[ArticleChange | None]
    first: int
    last: int
    renumbered_in: list[int] = field(default_factory=list)
    moved_in: list[int] = field(default_factory=list)
    came_from: tuple[str, ...] = ()
    went_to: tuple[str, ...] = ()

    def frozen(self) -> Lineage:
        return Lineage(self.id, tuple(self.numbers), tuple(self.changes), self.first, self.last,
                       tuple(self.renumbered_in), tuple(self.moved_in), self.came_from, self.went_to)


_Begin = Callable[[int, str, ArticleChange | None, tuple[str, ...]], _Growing]
"""How a step begins a lineage: (version, number, change, lineages it came from)."""


def _lineages(count: int, parsed: list[int], comparisons: list[Comparison | None]) -> tuple[Lineage, ...]:
    """A one-to-one pair continues a lineage (whatever its class: a renumbering, an amendment, a
    reduction to a placeholder); any other pair ends its old lineages and begins one per new
    article, linked both ways (a split, a merge; an addition begins one, a repeal ends one)."""
    grown: list[_Growing] = []

    def begin(index: int, number: str, change: ArticleChange | None, came_from: tuple[str, ...] = ()) -> _Growing:
        lineage = _Growing(f"L{len(grown) + 1}", [None] * count, [None] * count, index, index, came_from=came_from)
        lineage.numbers[index], lineage.changes[index] = number, change
        grown.append(lineage)
        return lineage

    first_step = comparisons[parsed[1]]
    assert first_step is not None
    first_refs = sorted((ref for pair in first_step.articles for ref in pair.old), key=lambda ref: ref.ordinal)
    current = {ref.ordinal: begin(parsed[0], ref.key, None, ()) for ref in first_refs}
    for new in parsed[1:]:
        comparison = comparisons[new]
        assert comparison is not None
        following: dict[int, _Growing] = {}
        for pair in comparison.articles:
            following.update(_step(pair, new, [current[ref.ordinal] for ref in pair.old], begin))
        current = following
    return tuple(lineage.frozen() for lineage in grown)


def _step(pair: ArticlePair, new: int, olds: list[_Growing], begin: _Begin) -> dict[int, _Growing]:
    """Apply one pair of the step into version ``new``; returns its new articles' lineages by ordinal."""
    if len(olds) == 1 and len(pair.new) == 1:
        lineage, ref = olds[0], pair.new[0]
        lineage.numbers[new], lineage.changes[new], lineage.last = ref.key, pair.change, new
        if pair.renumbered:
            lineage.renumbered_in.append(new)
        if pair.moved or pair.moved_section:
            lineage.moved_in.append(new)
        return {ref.ordinal: lineage}
    sources = tuple(lineage.id for lineage in olds)
    born = {ref.ordinal: begin(new, ref.key, pair.change, sources) for ref in pair.new}
    for lineage in olds:
        lineage.changes[new] = pair.change
        lineage.went_to = tuple(child.id for child in born.values())
    return born
