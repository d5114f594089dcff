"""Many comparisons at once (``constdiff batch``): a manifest of jobs, each an independent Dask task.

A job is a pair (``old``, ``new``) or a history (a list of versions, one folder, or one file's
commits in a git repository).  The client reads the manifest, hashes each job's inputs and
settings (its key), and submits the jobs not already done; a worker reads the job's inputs by
path or URL itself, so nothing but job descriptions and results crosses the network.  In the
worker each job runs in a constdiff process of its own beside the worker's thread
(``_JobProcess``): a job past its timeout is killed there without killing the worker, and a
crash is that job's error.  A worker that is lost is Dask's to handle: the scheduler gives its
jobs to another worker.

Results are written once all jobs are in (or on Ctrl-C, with those done), in the manifest's
order whatever order they finished in, so the same manifest gives byte-identical files with any
number of workers: ``results.jsonl`` (one record per job), ``articles.parquet`` (one row per
article pair, with the job's labels; when pyarrow is installed), ``summary.csv`` (one row per
job), and with ``reports`` one constdiff/1 or constdiff-history/1 JSON report per job.  Each
finished job is also kept in ``jobs/<key>.json`` as it arrives: ``resume`` skips those done.
"""

from __future__ import annotations

import csv
import datetime
import functools
import hashlib
import io
import json
import os
import pickle
import re
import select
import signal
import stat
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator, Sequence

from constdiff import __version__
from constdiff.errors import ConstdiffError, InputError, MissingExtraError, TooFewVersionsError
from constdiff.limits import DEFAULT_LIMITS, Limits
from constdiff.model import ArticleChange, ArticlePair, Comparison, History, Version
from constdiff.output import InputFiles, write_report
from constdiff.pipeline import AUTO, choose_profile

DEFAULT_TIMEOUT = 600.0
"""Seconds one job may run: a whole code takes a minute or two, a constitution under a second."""
RESULTS, SUMMARY, ARTICLES, REPORTS, JOBS = "results.jsonl", "summary.csv", "articles.parquet", "reports", "jobs"
EXTRA_HINT = "pip install 'constdiff[batch]'"

PAIR, HISTORY = "pair", "history"
OK, FAILED, TOO_FEW_VERSIONS = "ok", "failed", "too_few_versions"
"""A job's status.  ``too_few_versions``: a file's history in git with fewer than two versions in
the commits asked for (committed once, or not since ``since``): nothing to compare, and no
failure: a ``--glob`` over a code finds most of its files so."""
DONE = (OK, TOO_FEW_VERSIONS)
"""The statuses ``resume`` does not run again: the same inputs give them again."""
_JOB_KEYS = ("id", "old", "new", "versions", "git", "path", "glob", "since", "until", "rev-range", "lang", "profile", "map",
             "labels")
_GIT_RANGE_KEYS = ("since", "until", "rev-range")
_URL = re.compile(r"(?i)^https?://")
_REPORT_NAME = re.compile(r"[^A-Za-z0-9._-]+")

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` after each job finishes (jobs skipped by ``resume`` count as done)."""


@dataclass(frozen=True)
class Job:
    """One line of a manifest: a pair (``old``, ``new``) or a history (``versions``, or ``git`` + ``path``)."""

    id: str
    old: str | None = None
    new: str | None = None
    versions: tuple[str, ...] = ()
    """The history's files in order, or one folder of them (read by date, as ``constdiff history``)."""
    git: str | None = None
    path: str | None = None
    """With ``git``: the file, in that repository, whose committed versions are the history."""
    since: str | None = None
    until: str | None = None
    rev_range: str | None = None
    """With ``git``: the commits (``A..B``) and their dates (YYYY-MM-DD, both included), as
    ``constdiff history --git`` takes them."""
    language: str | None = None
    profile: str | None = None
    mapping: str | None = None
    labels: tuple[tuple[str, str], ...] = ()
    """Carried to the job's record and to every row of its article pairs (country, year, corpus...)."""

    @property
    def kind(self) -> str:
        return PAIR if self.old is not None else HISTORY

    @property
    def selection(self) -> GitSelection:
        return GitSelection(self.since, self.until, self.rev_range)

    def reading(self, settings: Settings) -> tuple[str, str | None]:
        """The language and profile the job is read with: its own when it names either (its
        ``lang`` wins over the batch's ``--profile``), else the batch's."""
        if self.language is None and self.profile is None:
            return settings.language, settings.profile
        return self.language or AUTO, self.profile

    def files(self) -> tuple[str, ...]:
        """The local inputs the job names (URLs included: ``InputFiles`` passes over them)."""
        named = (self.old, self.new, *self.versions, self.profile, self.mapping)
        return tuple(item for item in named if item) + ((os.path.join(self.git, self.path),) if self.git and self.path else ())


@dataclass(frozen=True)
class Manifest:
    """The jobs of a manifest file (or of ``--git --glob``), in its order: the order of every result."""

    source: str
    jobs: tuple[Job, ...]

    def label_names(self) -> tuple[str, ...]:
        return tuple(sorted({name for job in self.jobs for name, _ in job.labels}))


@dataclass(frozen=True)
class Settings:
    """What every job of a batch shares: the defaults a job's own ``lang``/``profile`` override."""

    language: str = AUTO
    profile: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    reports: bool = False
    """Keep each job's JSON report (and send it back from the worker)."""
    limits: Limits = DEFAULT_LIMITS
    """The caps on the work one input may cause (``--limit``), as for every command."""


@dataclass(frozen=True)
class Outcome:
    """What a job gives back: its record (a line of results.jsonl), its article rows, its report."""

    record: dict[str, Any]
    rows: tuple[tuple[Any, ...], ...] = ()
    report: str | None = None

    @property
    def ok(self) -> bool:
        return self.record["status"] == OK


@dataclass(frozen=True)
class BatchResult:
    """What ``run`` returns: the records of the jobs done (their rows are in the output folder)."""

    records: tuple[dict[str, Any], ...]
    """One per job of the manifest that has finished, in the manifest's order."""
    skipped: int = 0
    """Jobs ``resume`` found done."""
    output: str | None = None
    """The folder the results were written to (None: none given, or none written, as on Ctrl-C
    before the cluster started)."""
    parquet: bool = False
    """Whether articles.parquet was written (pyarrow installed, an output folder given)."""

    @property
    def failed(self) -> int:
        return sum(record["status"] == FAILED for record in self.records)

    def status_counts(self) -> dict[str, dict[str, int]]:
        """Per kind of job (pair, history), in that order: the jobs of each status, ok and failed
        always, too_few_versions when some job has it."""
        statuses = [status for status in (OK, TOO_FEW_VERSIONS, FAILED)
                    if status != TOO_FEW_VERSIONS or any(record["status"] == status for record in self.records)]
        return {kind: {status: sum(record["kind"] == kind and record["status"] == status for record in self.records)
                       for status in statuses}
                for kind in sorted({record["kind"] for record in self.records})}


# --- the manifest ----------------------------------------------------------------------------


def read_manifest(source: str) -> Manifest:
    """A YAML manifest (``jobs:``, a list of mappings) or a CSV one (a header row; columns other
    than the job's keys are labels).  Relative paths are read from the manifest's folder."""
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a CSV saved by Excel begins with a byte-order mark
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(source, f"cannot be read as a manifest: {getattr(error, 'strerror', None) or error}") from error
    entries = _csv_entries(source, text) if path.suffix.lower() == ".csv" else _yaml_entries(source, text)
    if not entries:
        raise InputError(source, "lists no jobs")
    base = path.resolve().parent
    jobs = [_job(source, number, entry, base) for number, entry in enumerate(entries, 1)]
    expanded = tuple(job for entry_jobs in jobs for job in entry_jobs)
    return Manifest(source, _checked_ids(source, expanded))


@dataclass(frozen=True)
class GitSelection:
    """Which commits of a file make its history (``since``, ``until``, ``rev-range``; none: all of
    the current branch's), as ``constdiff history --git`` takes them."""

    since: str | None = None
    until: str | None = None
    rev_range: str | None = None

    def check(self, where: str, *, options: bool) -> None:
        """An ``InputError`` naming ``where`` and the option (``--since``) or, in a manifest, the key (``since``)."""
        from constdiff.load.git_versions import check_selection

        try:
            check_selection(self.since, self.until, self.rev_range)
        except InputError as error:
            raise InputError(where, f"{error.source if options else error.source.lstrip('-')}: {error.problem}") from error

    def fields(self) -> dict[str, Any]:
        """As ``Job``'s fields and ``history_from_git``'s parameters are named."""
        return {"since": self.since, "until": self.until, "rev_range": self.rev_range}

    def asked(self) -> dict[str, str]:
        """Those given, by their manifest keys (``rev-range``): what a record says was asked."""
        return {key: value for key, value in zip(_GIT_RANGE_KEYS, self.fields().values()) if value is not None}


def git_manifest(repo: str, pattern: str, selection: GitSelection = GitSelection()) -> Manifest:
    """``--git REPO --glob PATTERN``: the history of every file of the current branch's tree that
    matches (within ``selection``'s commits)."""
    selection.check(repo, options=True)
    jobs = _globbed_jobs(repo, repo, pattern, selection.fields(), "")
    return Manifest(f"{repo}:{pattern}", _checked_ids(repo, jobs))


def _yaml_entries(source: str, text: str) -> list[dict[str, Any]]:
    import yaml

    from constdiff.profiles import safe_load

    try:
        loaded = safe_load(text)
    except yaml.YAMLError as error:
        raise InputError(source, f"is not valid YAML: {str(error).splitlines()[0]}") from error
    entries = loaded.get("jobs") if isinstance(loaded, dict) else loaded
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise InputError(source, "a manifest is a list of jobs (mappings), or a mapping with one: jobs: [...]")
    return entries


def _csv_entries(source: str, text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    if "labels" in (reader.fieldnames or ()):
        raise InputError(source, "a CSV manifest's labels are its columns other than a job's keys:"
                                 " rename the column 'labels'")
    rows = list(reader)
    entries: list[dict[str, Any]] = []
    for row in rows:
        entry: dict[str, Any] = {"labels": {}}
        for name, value in row.items():
            if name is None or value is None:
                raise InputError(source, f"row {len(entries) + 1} has {'more' if name is None else 'fewer'} cells than"
                                         " the header has columns")
            if not value.strip():
                continue
            if name in _JOB_KEYS:
                entry[name] = value.split(";") if name == "versions" else value
            else:
                entry["labels"][name] = value
        entries.append(entry)
    return entries


def _job(source: str, number: int, entry: dict[str, Any], base: Path) -> list[Job]:
    """One entry of the manifest as its job (or, with ``git`` and ``glob``, as one job per file)."""
    where = f"{source}: job {number}" + (f" ({entry['id']})" if "id" in entry else "")
    unknown = sorted(set(map(str, entry)) - set(_JOB_KEYS))
    if unknown:
        raise InputError(where, f"unknown key {unknown[0]!r} (a job has: {', '.join(_JOB_KEYS)})")
    labels = entry.get("labels") or {}
    if not isinstance(labels, dict):
        raise InputError(where, "labels is a mapping of names to values")
    taken = sorted(set(map(str, labels)) & {*ROW_COLUMNS, *SUMMARY_COLUMNS})
    if taken:
        raise InputError(where, f"the label {taken[0]!r} has the name of a column of the results; rename it")
    entry = {key: value.isoformat() if isinstance(value, datetime.date) else value  # YAML reads 2024-01-31 as a date
             for key, value in entry.items() if value is not None}
    texts = {key: value for key, value in entry.items() if key not in ("labels", "versions")}
    bad = next((key for key, value in texts.items() if not isinstance(value, (str, int, float))), None)
    if bad is not None:
        raise InputError(where, f"{bad} is one value, not {type(entry[bad]).__name__}")
    given = {key for key in ("old", "new", "versions", "git", "path", "glob") if entry.get(key)}
    shape = next((name for name, keys in _SHAPES.items() if given == keys), None)
    if shape is None:
        raise InputError(where, "needs old and new (a pair), versions (a history), or git with path or glob")
    common: dict[str, Any] = {
        "language": str(entry["lang"]) if "lang" in entry else None,
        "profile": _located(entry.get("profile"), base),
        "labels": tuple(sorted((str(name), str(value)) for name, value in labels.items())),
    }
    if entry.get("map") and shape != PAIR:
        raise InputError(where, "map is for a pair (old and new), not a history")
    selection = GitSelection(*(str(entry[key]) if key in entry else None for key in _GIT_RANGE_KEYS))
    if selection != GitSelection() and shape not in ("git", "glob"):
        raise InputError(where, f"{next(key for key in _GIT_RANGE_KEYS if key in entry)} is for the history of a file"
                                " in git (git with path or glob)")
    selection.check(where, options=False)
    job_id = str(entry["id"] if "id" in entry else number)
    if not job_id.strip():
        raise InputError(where, "id is blank; it names the job's record and report file")
    if shape == PAIR:
        return [Job(job_id, _located(entry["old"], base), _located(entry["new"], base),
                    mapping=_located(entry.get("map"), base), **common)]
    if shape == "versions":
        versions = entry["versions"]
        if isinstance(versions, str):
            versions = [versions]
        if not isinstance(versions, list) or not versions:
            raise InputError(where, "versions is a list of files, or one folder")
        return [Job(job_id, versions=tuple(_located(str(item), base) or "" for item in versions), **common)]
    repo = _located(entry["git"], base) or ""
    if shape == "git":
        return [Job(job_id, git=repo, path=str(entry["path"]), **selection.fields(), **common)]
    return list(_globbed_jobs(where, repo, str(entry["glob"]), {**selection.fields(), **common},
                              f"{job_id}/" if "id" in entry else ""))


_SHAPES = {PAIR: {"old", "new"}, "versions": {"versions"}, "git": {"git", "path"}, "glob": {"git", "glob"}}


def _located(value: Any, base: Path) -> str | None:
    """A path as the manifest gives it, read from the manifest's folder; a URL as it is."""
    if value is None or value == "":
        return None
    text = str(value)
    return text if _URL.match(text) else str(base / os.path.expanduser(text))


def _globbed_jobs(where: str, repo: str, pattern: str, common: dict[str, Any], prefix: str) -> tuple[Job, ...]:
    from constdiff.load.git_versions import tracked_files

    paths = [path for path in tracked_files(repo) if glob_matches(pattern, path)]
    if not paths:
        raise InputError(where, f"no file of the repository's tree matches {pattern!r}")
    return tuple(Job(f"{prefix}{path}", git=repo, path=path, **common) for path in paths)


def glob_matches(pattern: str, path: str) -> bool:
    """Whether a repository path matches a glob as a shell with ``globstar`` reads it: ``*`` and
    ``?`` within one folder name, ``**`` any run of folders (none included).

    >>> [glob_matches("laws/**/*.md", path) for path in ("laws/a.md", "laws/x/y/b.md", "laws/a.txt", "other/a.md")]
    [True, True, False, False]
    """
    return _glob_pattern(pattern).fullmatch(path) is not None


def _glob_pattern(pattern: str) -> re.Pattern[str]:
    parts, index = [], 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]+/)*")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        else:
            char = pattern[index]
            parts.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return re.compile("".join(parts))


def _checked_ids(source: str, jobs: Sequence[Job]) -> tuple[Job, ...]:
    """Ids name the records and the report files: two jobs may not share one (nor its file name,
    compared case-folded: APFS and NTFS take Laws.md.json and laws.md.json for one file)."""
    seen: dict[str, str] = {}
    for job in jobs:
        name = report_name(job.id).casefold()
        if name in seen:
            raise InputError(source, f"two jobs have the id {job.id!r}" if seen[name] == job.id else
                             f"jobs {seen[name]!r} and {job.id!r} would share the report file {name}")
        seen[name] = job.id
    return tuple(jobs)


def report_name(job_id: str) -> str:
    """The file name of a job's report: its id with every run of other characters than letters,
    digits, ``.``, ``_`` and ``-`` made one ``_`` (``laws/civil.md`` → ``laws_civil.md.json``).
    A name longer than a file system takes (a deep path of a ``--glob``) keeps its start and
    ends in a digest of the whole id.

    >>> len(report_name("laws/" + "x" * 300)) <= MAX_FILE_NAME
    True
    """
    name = _REPORT_NAME.sub("_", job_id)
    if len(name) + len(".json") > MAX_FILE_NAME:
        name = f"{name[:MAX_FILE_NAME - 64]}-{hashlib.sha256(job_id.encode()).hexdigest()[:16]}"
    return name + ".json"


MAX_FILE_NAME = 255
"""Bytes of a file name on the common file systems (ext4, APFS, NTFS)."""


# --- a job's key -----------------------------------------------------------------------------


def job_key(job: Job, settings: Settings) -> str:
    """SHA-256 of what decides a job's result: constdiff's version, the job (labels included), the
    language and profile it is read with, the user's own profiles (a language code may name one,
    and detection weighs them all), the limits, and the content of each local input (a folder:
    its files; a git repository: its HEAD commit).  A URL, or an input this machine cannot read
    as a file (a FIFO, a device), counts by its name alone."""
    language, profile = job.reading(settings)
    described = {
        "constdiff": __version__,
        "job": [job.id, job.old, job.new, list(job.versions), job.git, job.path, job.since, job.until, job.rev_range,
                job.mapping, list(job.labels)],
        "language": language,
        "profile": profile,
        "user_profiles": _user_profiles_digest(),
        "limits": sorted(vars(settings.limits).items()),
        "content": [_digest(item) for item in (job.old, job.new, *job.versions, profile, job.mapping) if item],
        "head": _head(job.git) if job.git else None,
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


@functools.lru_cache(maxsize=None)
def _user_profiles_digest() -> list[list[Any]]:
    """Read once per run (``run`` forgets it when it starts), as ``_head``."""
    from constdiff.profiles import user_profiles

    return [[code, _digest(str(path))] for code, path in sorted(user_profiles().items())]


def _digest(source: str) -> str | list[Any]:
    if _URL.match(source):
        return source
    try:
        mode = os.stat(source).st_mode
    except (OSError, ValueError):
        return source
    if stat.S_ISDIR(mode):
        return [[item.name, _digest(str(item))] for item in sorted(Path(source).iterdir()) if item.is_file()]
    if not stat.S_ISREG(mode):
        return source  # reading a FIFO would wait for a writer; the job's loader refuses it
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return source
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def _head(repo: str) -> str | None:
    """Asked once per repository in a run (``run`` forgets the answers when it starts): a ``--glob``
    over ten thousand files is ten thousand jobs of one repository."""
    from constdiff.load.git_versions import head_commit

    try:
        return head_commit(repo)
    except ConstdiffError:
        return None


# --- one job, in whatever process runs it ------------------------------------------------------


ROW_COLUMNS = ("job", "kind", "step", "old_version", "new_version", "old_numbers", "new_numbers", "status",
               "similarity", "words_deleted", "words_inserted", "old_words", "new_words", "old_section",
               "new_section", "renumbered", "moved_section", "moved", "reason")
"""The columns of articles.parquet before the labels: one row per article pair (the preamble left
out, as in the CSV export); ``step`` numbers a history's comparisons from 1 (a pair's is 1)."""


def run_job(job: Job, settings: Settings) -> Outcome:
    """The job in this process: its record, rows and report; any error is the record's, never raised."""
    try:
        language, profile = job.reading(settings)
        if job.kind == PAIR:
            return _pair_outcome(job, language, profile, settings)
        return _history_outcome(job, language, profile, settings)
    except TooFewVersionsError as error:
        return Outcome({**job_record(job), "status": TOO_FEW_VERSIONS, "error": str(error)})
    except ConstdiffError as error:
        return failed(job, str(error))
    except Exception as error:  # a bug must not stop the other thousands of jobs; it says what it was
        return failed(job, f"unexpected {type(error).__name__}: {error}")


def job_record(job: Job) -> dict[str, Any]:
    """What every record of the job begins with: its id, kind, labels and inputs (a git job's
    ``since``, ``until`` and ``rev-range`` when it has them)."""
    inputs = ({"old": job.old, "new": job.new} if job.kind == PAIR else
              {"git": job.git, "path": job.path, **job.selection.asked()} if job.git else {"versions": list(job.versions)})
    return {"id": job.id, "kind": job.kind, "labels": dict(job.labels), **inputs}


def failed(job: Job, error: str) -> Outcome:
    return Outcome({**job_record(job), "status": FAILED, "error": error})


def _pair_outcome(job: Job, language: str, profile: str | None, settings: Settings) -> Outcome:
    from constdiff.pipeline import compare_files
    from constdiff.usermap import read_mapping

    assert job.old is not None and job.new is not None
    forced = read_mapping(job.mapping) if job.mapping else ()
    comparison = compare_files(job.old, job.new, language=language, profile_path=profile, forced=forced, jobs=1,
                               limits=settings.limits)
    record = {**job_record(job), "status": OK, "error": None, **_comparison_fields(comparison)}
    rows = _rows(job, 1, comparison.old.source, comparison.new.source, comparison)
    report = None
    if settings.reports:
        from constdiff.report.json_export import render_json
        from constdiff.report.view import ReportOptions, build_view

        report = render_json(build_view(comparison, ReportOptions(show="all")))
    return Outcome(record, rows, report)


def _history_outcome(job: Job, language: str, profile: str | None, settings: Settings) -> Outcome:
    from constdiff.lineage import history, history_from_git
    from constdiff.versions import ordered_sources

    if job.git is not None:
        assert job.path is not None
        result = history_from_git(job.git, job.path, **job.selection.fields(), language=language, profile_path=profile,
                                  jobs=1, limits=settings.limits)
    else:
        result = history(ordered_sources(job.versions), language=language, profile_path=profile, jobs=1,
                         limits=settings.limits)
    record = {**job_record(job), "status": OK, "error": None, **_history_fields(result)}
    rows = tuple(row for index, old, new, comparison in _steps(result)
                 for row in _rows(job, index, old.label, new.label, comparison))
    report = None
    if settings.reports:
        from constdiff.report.history_report import render_history_json
        from constdiff.report.history_view import history_view

        report = render_history_json(history_view(result))
    return Outcome(record, rows, report)


def _comparison_fields(comparison: Comparison) -> dict[str, Any]:
    return {
        "changes": _change_counts(comparison.articles),
        "has_differences": comparison.has_differences,
        "measures": {measure.key: measure.value for measure in comparison.measures},
        "warnings": list(comparison.warnings),
    }


def _change_counts(pairs: Sequence[ArticlePair]) -> dict[str, int]:
    counted = [pair.change for pair in pairs if pair.counted]
    return {change.value: counted.count(change) for change in ArticleChange if change in counted}


def _history_fields(result: History) -> dict[str, Any]:
    return {
        "version_labels": [version.label for version in result.versions],
        "gaps": [{"version": version.label, "error": version.error} for version in result.versions if not version.parsed],
        "lineages": len(result.lineages),
        "steps": [{"old": old.label, "new": new.label, **_comparison_fields(comparison)}
                  for _, old, new, comparison in _steps(result)],
    }


def _steps(result: History) -> Iterator[tuple[int, Version, Version, Comparison]]:
    """Each comparison of a history, with its place among the versions and the two versions it
    compared (a gap's neighbours are compared with each other)."""
    previous = None
    for index, (version, comparison) in enumerate(zip(result.versions, result.comparisons)):
        if comparison is not None and previous is not None:
            yield index, previous, version, comparison
        if version.parsed:
            previous = version


def _rows(job: Job, step: int, old_version: str, new_version: str, comparison: Comparison) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        (job.id, job.kind, step, old_version, new_version, "+".join(pair.old_numbers), "+".join(pair.new_numbers),
         pair.change.value, pair.similarity, pair.words_deleted, pair.words_inserted, pair.old_words, pair.new_words,
         pair.old[0].section if pair.old else None, pair.new[0].section if pair.new else None, pair.renumbered,
         pair.moved_section, pair.moved, pair.reason)
        for pair in comparison.articles
    )


# --- a worker's job process ------------------------------------------------------------------


_LENGTH = struct.Struct("!Q")
_job_processes = threading.local()
_every_job_process: list[_JobProcess] = []
"""This worker's job processes, one per thread that ran a job: ``dask_teardown`` ends them."""
_every_job_process_lock = threading.Lock()


def run_in_job_process(job: Job, settings: Settings) -> Outcome:
    """The Dask task: ``run_job`` in this worker thread's job process, within the timeout."""
    process = getattr(_job_processes, "process", None)
    if process is None:
        process = _job_processes.process = _JobProcess()
        with _every_job_process_lock:
            _every_job_process.append(process)
    return process.run(job, settings)


class _JobProcess:
    """A Python running ``serve_jobs`` beside one worker thread, started on first use and started
    anew after a job it had to kill.  A thread cannot be stopped; a process can, and a job that
    crashes (out of memory, a segfault in a parser) takes only this process with it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.busy = False
        """Whether a job is under way: ``close`` (from the worker's teardown) kills a busy process at once."""
        self.lock = threading.Lock()
        """``close`` runs in the teardown's thread while ``run`` may be stopping the process in the worker's."""

    def run(self, job: Job, settings: Settings) -> Outcome:
        if self.process is None:
            try:
                self.process = _started_job_process()
            except EOFError as error:
                return failed(job, str(error))
        try:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.busy = True
            _send(self.process.stdin, (job, settings))
            reply = _receive(self.process.stdout.fileno(), time.monotonic() + settings.timeout)
        except (BrokenPipeError, EOFError, OSError, ValueError):  # OSError, ValueError: closed by ``close``
            code = self._stop()
            return failed(job, f"its process ended (exit status {code}) before it finished: out of memory, or a crash")
        finally:
            self.busy = False
        if reply is None:
            self._stop()
            return failed(job, f"timed out after {settings.timeout:g} s (--timeout)")
        return reply

    def close(self) -> None:
        """End the process and reap it: an idle one as its input ends, a busy one (its worker is
        stopping with the batch, as on Ctrl-C) killed at once rather than after its job."""
        with self.lock:
            if self.process is None:
                return
            if self.busy:
                self._kill()
                return
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=JOB_PROCESS_GRACE)
            except subprocess.TimeoutExpired:
                self._kill()
            self.process = None

    def _stop(self) -> int | None:
        with self.lock:
            return self._kill()

    def _kill(self) -> int | None:
        if self.process is None:
            return None
        self.process.kill()
        code = self.process.wait()
        self.process = None
        return code


def _started_job_process() -> subprocess.Popen[bytes]:
    """A job process, once it has imported the engine and said so: the start-up (a second on a busy
    machine) is not the first job's time."""
    command = [sys.executable, "-c", "from constdiff.batch import serve_jobs; serve_jobs()"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None
    try:
        ready = _receive(process.stdout.fileno(), None)
    except EOFError:
        ready = None
    if ready != _READY:
        process.kill()
        raise EOFError(f"its job process did not start (exit status {process.wait()}; the worker's standard error"
                       " says why: is constdiff installed where the worker runs?)")
    return process


_READY = "ready"
JOB_PROCESS_GRACE = 10.0
"""Seconds an idle job process is given to end once its worker stops, before it is killed."""


def serve_jobs() -> None:
    """A job process's loop: a pickled (job, settings) in on standard input, its pickled
    ``Outcome`` out, until the input ends (the worker closed it, or died).  Ctrl-C is for the
    client: this process stops when its worker does.  Anything printed goes to standard error,
    so that standard output carries only the replies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with_worker, args=(os.getppid(),), daemon=True).start()
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = sys.stdin.buffer.fileno()
    import constdiff.lineage  # noqa: F401  (the engine, and the pipeline with it)

    _send(replies, _READY)
    while True:
        try:
            message = _receive(requests, None)
        except EOFError:
            return
        assert message is not None
        try:
            _send(replies, run_job(*message))
        except BrokenPipeError:
            return


def _end_with_worker(worker: int) -> None:
    """A job process's watch: once its worker is gone (killed, or its cluster stopped by Ctrl-C
    before it could end its job processes) it ends at once, not when its job is done for nobody."""
    while os.getppid() == worker:
        time.sleep(WORKER_WATCH)
    os._exit(1)


WORKER_WATCH = 0.5
"""Seconds between a job process's looks at whether its worker is still there."""


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(descriptor: int, deadline: float | None) -> Any:
    """One message, or None when ``deadline`` (a ``time.monotonic()``) passes first; EOFError at the end."""
    header = _read_exactly(descriptor, _LENGTH.size, deadline)
    if header is None:
        return None
    data = _read_exactly(descriptor, _LENGTH.unpack(header)[0], deadline)
    return None if data is None else pickle.loads(data)


def _read_exactly(descriptor: int, size: int, deadline: float | None) -> bytes | None:
    chunks, left = [], size
    while left:
        if deadline is not None:
            ready, _, _ = select.select([descriptor], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                return None
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# --- the client --------------------------------------------------------------------------------


def run(
    manifest: str | os.PathLike[str] | Manifest,
    client: Any = None,
    *,
    output: str | None = None,
    language: str = AUTO,
    profile_path: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    reports: bool = False,
    resume: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> BatchResult:
    """Run every job of ``manifest`` (a file, or a ``Manifest``) on Dask and return the records.

    ``client``: a ``dask.distributed.Client`` to use as it is; else one for the cluster at
    ``scheduler`` (``tcp://HOST:8786``); else a local cluster of ``workers`` one-thread worker
    processes (default: one per core this process may use), started here and stopped at the end.
    ``output``: the folder for the results (module docstring); ``reports`` keeps each job's
    JSON report there, ``resume`` skips the jobs already done there.  ``limits``: the caps on each
    input (``--limit``).  A failing job is a record
    with its error; Ctrl-C writes the results of the jobs done, then raises ``BatchInterrupted``
    (a ``KeyboardInterrupt``).
    """
    if not isinstance(manifest, Manifest):
        manifest = read_manifest(os.fspath(manifest))
    if resume and output is None:
        raise InputError("--resume", "needs the output folder of the batch to go on with")
    settings = Settings(language, profile_path, timeout, reports, limits)
    _check_profiles(manifest, settings)
    if client is None:
        _require_dask()
    store = _Store(output, manifest, reports) if output is not None else None
    _head.cache_clear()
    _user_profiles_digest.cache_clear()
    keys = [job_key(job, settings) for job in manifest.jobs]
    records: dict[int, dict[str, Any]] = {}
    if store is not None and resume:
        records = {index: found for index, key in enumerate(keys) if (found := store.done(key, manifest.jobs[index]))}
    skipped = len(records)
    pending = [index for index in range(len(manifest.jobs)) if index not in records]
    if progress:
        progress(len(records), len(manifest.jobs))
    interrupted = connected = False
    try:
        if pending:
            with _dask_client(client, scheduler, workers) as dask:
                connected = True
                _run_pending(dask, manifest, settings, keys, pending, records, store, progress)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        written = store is not None and (connected or not pending)  # no cluster to be had: the last results stay
        if written:
            assert store is not None
            store.write_results(records, keys)
    ordered = tuple(records[index] for index in sorted(records))
    result = BatchResult(ordered, skipped, output if written else None,
                         parquet=written and store is not None and store.parquet)
    if interrupted:
        raise BatchInterrupted(result)
    return result


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during ``run``: the results of the jobs done were written; ``result`` holds their records."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__(f"{len(result.records)} jobs done")
        self.result = result


def _check_profiles(manifest: Manifest, settings: Settings) -> None:
    """Every language code and profile named is loaded once here, so a typo is one error before any job runs."""
    for language, profile in sorted({job.reading(settings)
                                     for job in manifest.jobs}, key=str):
        choose_profile(language, profile)


def _run_pending(dask: Any, manifest: Manifest, settings: Settings, keys: list[str], pending: list[int],
                 records: dict[int, dict[str, Any]], store: _Store | None, progress: Progress | None) -> None:
    """Submit the pending jobs and take their outcomes as they come: each kept in the store at once
    (its rows stay there, not in this process), its record in ``records``."""
    from distributed import as_completed

    submitted = dask.map(run_in_job_process, [manifest.jobs[index] for index in pending], settings=settings, pure=False)
    futures = dict(zip(submitted, pending))
    try:
        for future in as_completed(futures):
            index = futures[future]
            outcome = _outcome_of(future, manifest.jobs[index])
            if store is not None:
                outcome = store.save(keys[index], manifest.jobs[index], outcome)
            records[index] = outcome.record
            future.release()
            if progress:
                progress(len(records), len(manifest.jobs))
    finally:
        dask.cancel([future for future in futures if not future.done()])


def _outcome_of(future: Any, job: Job) -> Outcome:
    """The job's outcome; a task that did not return (its workers lost, over and again) is a failure."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return failed(job, "every worker that ran it was lost (a crash, or out of memory); it was tried on several")
    except Exception as error:  # a task the cluster could not run (a worker without constdiff): the job's error
        return failed(job, f"the cluster could not run it: {type(error).__name__}: {error}")


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("constdiff batch", f"needs Dask ({EXTRA_HINT})") from error


@contextmanager
def _dask_client(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if client is not None:
        yield client
        return
    import logging

    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            connected = Client(scheduler, timeout=30)
        except (OSError, TimeoutError, ValueError) as error:
            raise InputError(scheduler, f"no Dask scheduler answers there: {error}") from error
        with connected:
            yield connected
        return
    import dask

    from constdiff.parallel import available_jobs

    with dask.config.set(LOCAL_CLUSTER_CONFIG), \
            LocalCluster(n_workers=workers or available_jobs(), threads_per_worker=1, processes=True,
                         dashboard_address=":0", silence_logs=logging.ERROR, preload=[__name__]) as cluster, \
            Client(cluster) as local:
        yield local


LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False}
"""Dask settings of the local cluster constdiff starts.  Each worker's statistical profiler
samples its threads every 10 ms for the dashboard's profile page, which nobody opens on a
cluster started and stopped for one batch.  Off, a worker and its nanny took 0.7 s of CPU in 20
idle seconds instead of 1.2-1.35 s, and 1.6-1.7 s instead of 2.9-3.0 s over 100 generated pairs
of 100 articles (one worker, two runs each): the CPU spent beside the jobs fell from 0.05 to 0.04 s
a pair, against 0.32 s a pair of the jobs themselves.  An existing cluster keeps its own settings."""


def dask_setup(worker: Any) -> None:
    """Run in each worker of the local cluster as it starts (Dask's preload hook): Ctrl-C reaches
    the whole process group of a terminal, but it is for the client, which stops the cluster; a
    worker that took it would die printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def dask_teardown(worker: Any) -> None:
    """Run in each worker of the local cluster as it stops: its job processes end with it, reaped
    (their CPU time counts in the worker's, as a benchmark reads it), none left behind."""
    with _every_job_process_lock:
        for process in _every_job_process:
            process.close()
        _every_job_process.clear()


class _Store:
    """The output folder: each finished job in ``jobs/<key>.json`` as it arrives (what ``resume``
    reads), its report in ``reports/``, and at the end the results of every job done, in order."""

    def __init__(self, output: str, manifest: Manifest, reports: bool) -> None:
        self.folder = Path(output)
        self.manifest = manifest
        self.reports = reports
        """Whether the batch keeps reports: a job done needs its own, and a job without one (failed, or
        with too few versions) leaves no earlier run's report beside its record."""
        self.parquet = False
        self.inputs = InputFiles((manifest.source, *(item for job in manifest.jobs for item in job.files())))
        for name in (RESULTS, SUMMARY, ARTICLES):
            self.inputs.refuse(str(self.folder / name))
        _refuse_output_in_versions(self.folder, manifest)
        try:
            (self.folder / JOBS).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(output, f"cannot be made a folder for the results: {error.strerror or error}") from error

    def done(self, key: str, job: Job) -> dict[str, Any] | None:
        """The record kept for ``key`` if the job is done (and, with reports, an ok job's report is
        there as that run wrote it: another run may have written that id's report since)."""
        kept = self._kept(key)
        if kept is None or kept["record"]["status"] not in DONE:
            return None
        if self.reports and kept["record"]["status"] == OK:
            report = _file_identity(self.folder / REPORTS / report_name(job.id))
            if report is None or kept.get("report") != report:
                return None
        return dict(kept["record"])

    def _kept(self, key: str) -> dict[str, Any] | None:
        try:
            kept = json.loads((self.folder / JOBS / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return kept if isinstance(kept, dict) and {"record", "rows"} <= kept.keys() else None

    def save(self, key: str, job: Job, outcome: Outcome) -> Outcome:
        """Keep the outcome, and its report in ``reports/``: a report that cannot be written is
        that job's failure (kept as such), not the batch's.  A job file that cannot be written
        (a full disk) stops the batch: nothing more could be kept."""
        report = None
        if outcome.report is not None:
            target = self.folder / REPORTS / report_name(job.id)
            try:
                target.parent.mkdir(exist_ok=True)
                self.inputs.refuse(str(target))
                write_report(str(target), lambda handle: handle.write(outcome.report or ""))
            except (OSError, ConstdiffError) as error:
                outcome = failed(job, f"its report could not be written: {getattr(error, 'strerror', None) or error}")
            else:
                report = _file_identity(target)
        elif self.reports:
            (self.folder / REPORTS / report_name(job.id)).unlink(missing_ok=True)
        kept = json.dumps({"record": outcome.record, "rows": outcome.rows, "report": report}, ensure_ascii=False)
        write_report(str(self.folder / JOBS / f"{key}.json"), lambda handle: handle.write(kept))
        return outcome

    def write_results(self, records: dict[int, dict[str, Any]], keys: Sequence[str]) -> None:
        """results.jsonl, summary.csv and articles.parquet of the jobs done, in the manifest's order
        (the rows read back job by job from the store)."""
        ordered = sorted(records)
        lines = "".join(json.dumps(records[index], ensure_ascii=False, sort_keys=True) + "\n" for index in ordered)
        write_report(str(self.folder / RESULTS), lambda handle: handle.write(lines))
        summary = summary_csv([records[index] for index in ordered], self.manifest)
        write_report(str(self.folder / SUMMARY), lambda handle: handle.write(summary))
        jobs = ((records[index], (self._kept(keys[index]) or {"rows": ()})["rows"]) for index in ordered)
        self.parquet = write_parquet(str(self.folder / ARTICLES), jobs, self.manifest.label_names())


def _file_identity(path: Path) -> list[int] | None:
    """A file's size and modification time (None when it is absent): what tells a report rewritten."""
    try:
        found = path.stat()
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns]


def _refuse_output_in_versions(folder: Path, manifest: Manifest) -> None:
    """The results may not go in a folder a history reads as its versions: the next run would read them."""
    resolved = folder.resolve()
    for job in manifest.jobs:
        for item in job.versions:
            versions = Path(item).resolve()
            if versions.is_dir() and (resolved == versions or versions in resolved.parents):
                raise InputError(str(folder), f"is in the folder of versions {item} (job {job.id}); the next run would read"
                                              " the results as versions: give another -o")


SUMMARY_COLUMNS = ("id", "kind", "status", "steps", "old_articles", "new_articles", *(change.value for change in ArticleChange),
                   "old_words_deleted_pct", "new_words_inserted_pct", "error")
"""One row per job: articles in force in the first and the last version, the pairs of each class
(over all steps of a history), and the word shares of the (last) step."""


def summary_csv(records: Sequence[dict[str, Any]], manifest: Manifest) -> str:
    labels = manifest.label_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((*SUMMARY_COLUMNS, *labels))
    for record in records:
        steps = [record] if record["kind"] == PAIR else record.get("steps", [])
        cells: dict[str, Any] = {"id": record["id"], "kind": record["kind"], "status": record["status"],
                                 "error": record.get("error") or ""}
        if record["status"] == OK and steps:
            cells.update(steps=len(steps), old_articles=steps[0]["measures"]["old_articles"],
                         new_articles=steps[-1]["measures"]["new_articles"])
            for change in ArticleChange:
                cells[change.value] = sum(step["changes"].get(change.value, 0) for step in steps)
            for key in ("old_words_deleted_pct", "new_words_inserted_pct"):
                cells[key] = f"{steps[-1]['measures'][key]:.1f}"
        writer.writerow((*(cells.get(column, "") for column in SUMMARY_COLUMNS), *(record["labels"].get(name, "") for name in labels)))
    return buffer.getvalue()


ROW_GROUP = 100_000
"""Rows of articles.parquet gathered in memory before they are written as one row group."""


def write_parquet(target: str, jobs: Iterable[tuple[dict[str, Any], Sequence[Sequence[Any]]]], labels: Sequence[str]) -> bool:
    """articles.parquet from each job's record (its labels) and rows, in order, one row group per
    ``ROW_GROUP`` rows; False (nothing written) without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return False
    text, number, flag = pa.string(), pa.int64(), pa.bool_()
    types = {"step": number, "similarity": pa.float64(), "words_deleted": number, "words_inserted": number,
             "old_words": number, "new_words": number, "renumbered": flag, "moved_section": flag, "moved": flag}
    schema = pa.schema([(column, types.get(column, text)) for column in ROW_COLUMNS] + [(label, text) for label in labels])

    def write(handle: IO[str]) -> None:
        handle.flush()
        columns: list[list[Any]] = [[] for _ in schema]

        def flush_group(writer: Any) -> None:
            writer.write_table(pa.Table.from_arrays([pa.array(values, type=kind.type) for values, kind in zip(columns, schema)],
                                                    schema=schema))
            for values in columns:
                values.clear()

        with pq.ParquetWriter(handle.buffer, schema) as writer:  # type: ignore[attr-defined]
            for record, rows in jobs:
                extra = tuple(record["labels"].get(label) for label in labels)
                for row in rows:
                    for values, value in zip(columns, (*row, *extra)):
                        values.append(value)
                    if len(columns[0]) == ROW_GROUP:
                        flush_group(writer)
            if columns[0]:
                flush_group(writer)

    write_report(target, write)
    return True
