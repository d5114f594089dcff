"""Many versions in order → one History: each version parsed once, consecutive parsed versions
compared with the same engine as ``diff``, and every article followed across them as a lineage.

A version that fails to read is a gap: it stops nothing, and the versions on either side of it
are compared directly.  ``report.history_view`` builds the rows a reporter draws.  The versions
come from files (``versions.ordered_sources`` orders them) or from git (``load.git_versions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

from constdiff.errors import ConstdiffError, InputError, TooFewVersionsError
from constdiff.limits import DEFAULT_LIMITS, Limits
from constdiff.load.git_versions import CommittedFile, committed_files
from constdiff.model import ArticleChange, ArticlePair, ArticleRef, Comparison, History, Lineage, Version
from constdiff.paragraphs import reusing_work
from constdiff.parse import reusing_lines
from constdiff.pipeline import AUTO, choose_profile, compare, cyclic_gc_paused, read_document
from constdiff.versions import MIN_VERSIONS, ordered_sources

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` after each unit of work: every version read, then every version after
the first compared into (a gap counts as done at once); ``total`` is 2 × versions − 1."""


def history(
    sources: Sequence[str],
    *,
    language: str = AUTO,
    profile_path: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> History:
    """Read every version once (``sources`` as ``ordered_sources`` takes them: files, or one
    directory), compare each parsed version with the previous parsed one, and follow the
    articles.  Fewer than two readable versions is an ``InputError``.  ``progress``, when given,
    is told how far the work has gone (the engine prints nothing)."""
    sources = ordered_sources(sources)
    versions = _read_all([partial(_read_version, source, language, profile_path, limits) for source in sources], progress)
    return history_of(versions, language=language, profile_path=profile_path, jobs=jobs, progress=progress)


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
    progress: Progress | None = None,
) -> History:
    """The history of every committed version of ``path`` in the git repository ``repo``, oldest
    first (``load.git_versions.committed_files`` says which); each labelled by its commit date and
    short id, and read like a file of that name.  Fewer than two versions is a ``TooFewVersionsError``."""
    committed = committed_files(repo, path, since=since, until=until, rev_range=rev_range, max_bytes=limits.bytes)
    if len(committed) < MIN_VERSIONS:
        only = committed[0]
        raise TooFewVersionsError(f"{repo}:{only.commit.path}", f"has one version ({only.commit.date} {only.commit.short})"
                                                                f" in the commits asked for; a history needs {MIN_VERSIONS}")
    versions = _read_all([partial(_read_committed, version, language, profile_path, limits) for version in committed],
                         progress)
    return history_of(versions, language=language, profile_path=profile_path, jobs=jobs, progress=progress)


def history_of(
    versions: Sequence[Version],
    *,
    language: str = AUTO,
    profile_path: str | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> History:
    """Compare each parsed version (those read: a gap has no document) with the previous parsed
    one, and follow the articles.  Fewer than two parsed versions is an ``InputError``."""
    versions = tuple(versions)
    total = 2 * len(versions) - 1
    parsed = [index for index, version in enumerate(versions) if version.parsed]
    if len(parsed) < MIN_VERSIONS:
        raise InputError(_blamed_source(versions), _too_few(len(versions), versions))
    profile = choose_profile(language, profile_path)
    comparisons: list[Comparison | None] = [None] * len(versions)
    previous = None
    with cyclic_gc_paused(), reusing_work():
        for index, version in enumerate(versions):
            if version.document is not None:
                if previous is not None:
                    comparisons[index] = compare(previous, version.document, jobs=jobs, profile=profile)
                previous = version.document
            if index and progress:
                progress(len(versions) + index, total)
    return History(versions, tuple(comparisons), _lineages(len(versions), parsed, comparisons))


def _read_all(readers: Sequence[Callable[[], Version]], progress: Progress | None) -> tuple[Version, ...]:
    """Each version read in turn, ``progress`` told after each; the language of a line is weighed
    once.  The cyclic collector is paused as for a comparison: it rescanned the versions already
    parsed (about a tenth of a light history's time)."""
    total = 2 * len(readers) - 1
    versions = []
    with cyclic_gc_paused(), reusing_lines():
        for read in readers:
            versions.append(read())
            if progress:
                progress(len(versions), total)
    return tuple(versions)


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
    pairs: list[ArticlePair | None]
    first: int
    last: int
    renumbered_in: list[int] = field(default_factory=list)
    moved_in: list[int] = field(default_factory=list)
    came_from: tuple[str, ...] = ()
    went_to: tuple[str, ...] = ()

    def frozen(self) -> Lineage:
        return Lineage(self.id, tuple(self.numbers), tuple(self.changes), self.first, self.last,
                       tuple(self.renumbered_in), tuple(self.moved_in), self.came_from, self.went_to, tuple(self.pairs))

    def record(self, index: int, pair: ArticlePair) -> None:
        """The step into version ``index`` touched it through ``pair``."""
        self.changes[index], self.pairs[index] = pair.change, pair


_Begin = Callable[[int, str, ArticlePair | None, tuple[str, ...]], _Growing]
"""How a step begins a lineage: (version, number, the pair it begins in, lineages it came from)."""


def _lineages(count: int, parsed: list[int], comparisons: list[Comparison | None]) -> tuple[Lineage, ...]:
    """A one-to-one pair continues a lineage (whatever its class: a renumbering, an amendment, a
    reduction to a placeholder).  A split or merge continues one lineage too (``_continuing``):
    the parts split off begin lineages that came from it (``came_from``), the articles merged
    into it end and went to it (``went_to``, set only where a lineage ends, so each relation
    belongs to one step).  An addition begins a lineage, a repeal ends one."""
    grown: list[_Growing] = []

    def begin(index: int, number: str, pair: ArticlePair | None, came_from: tuple[str, ...] = ()) -> _Growing:
        lineage = _Growing(f"L{len(grown) + 1}", [None] * count, [None] * count, [None] * count, index, index,
                           came_from=came_from)
        lineage.numbers[index] = number
        if pair is not None:
            lineage.record(index, pair)
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
    continuing = _continuing(pair, olds)
    following: dict[int, _Growing] = {}
    if continuing is not None:
        lineage, ref = continuing
        one_to_one = len(pair.old) == len(pair.new) == 1
        if pair.renumbered if one_to_one else ref.key != lineage.numbers[lineage.last]:
            lineage.renumbered_in.append(new)
        if pair.moved or pair.moved_section:
            lineage.moved_in.append(new)
        lineage.numbers[new], lineage.last = ref.key, new
        lineage.record(new, pair)
        following[ref.ordinal] = lineage
    sources = tuple(lineage.id for lineage in olds)
    born = {ref.ordinal: begin(new, ref.key, pair, sources) for ref in pair.new if ref.ordinal not in following}
    following.update(born)
    for lineage in olds:
        if continuing is None or lineage is not continuing[0]:
            lineage.record(new, pair)
            lineage.went_to = tuple(child.id for child in following.values())
    return following


def _continuing(pair: ArticlePair, olds: list[_Growing]) -> tuple[_Growing, ArticleRef] | None:
    """The old lineage that goes on through a pair, and the new article it goes on in: the only
    one of a one-to-one pair; of a split or merge, the old article whose number the new side keeps
    (Article 6 split into 6 and 6a, or 6 and 7 merged into 6, goes on as 6, as amending acts and
    the number-keyed lists of the corpus READMEs read it: 6 amended, 6a inserted or 7 repealed),
    else the first old article in the first new one.  None for an addition or a repeal."""
    if not olds or not pair.new:
        return None
    for lineage in olds:
        for ref in pair.new:
            if ref.key == lineage.numbers[lineage.last]:
                return lineage, ref
    return olds[0], pair.new[0]
