"""``constdiff batch``: the click command over ``constdiff.batch`` (registered in ``constdiff.cli``).

It imports nothing of Dask or Rich until it runs, so ``constdiff diff`` does not pay for it.
"""

from __future__ import annotations

import click

from constdiff.batch import (
    ARTICLES,
    DEFAULT_TIMEOUT,
    FAILED,
    HISTORY,
    OK,
    PAIR,
    REPORTS,
    RESULTS,
    SUMMARY,
    BatchResult,
    Progress,
)
from constdiff.cli import git_selection_options, limit_option, progress_on_stderr
from constdiff.limits import with_limits
from constdiff.pipeline import AUTO

EXIT_ALL_DONE, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 130
COUNT_LINES = 10
"""Without a terminal, a count line each time another tenth of the jobs is finished."""
PLURALS = {PAIR: "pairs", HISTORY: "histories"}
FAILURES_SHOWN = 10
"""Failures the summary names with their errors (all of them are in summary.csv)."""


@click.command("batch")
@click.argument("manifest", required=False)
@click.option("--git", "git_repo", metavar="REPO",
              help="Instead of a manifest: the history of every file of this git repository that --glob matches.")
@click.option("--glob", "pattern", metavar="PATTERN", help="With --git: the files, e.g. 'laws/**/*.md' (** any folders).")
@git_selection_options
@click.option("-o", "--output", default="batch-results", show_default=True, metavar="DIR",
              help=f"Folder for {RESULTS}, {SUMMARY}, {ARTICLES} (with pyarrow) and the jobs done.")
@click.option("--reports", is_flag=True, help=f"Also keep each job's JSON report in DIR/{REPORTS}/.")
@click.option("--resume", is_flag=True, help="Skip the jobs DIR holds as done with the same inputs and settings.")
@click.option("--lang", "language", default=AUTO, show_default=True, metavar="CODE",
              help="Language profile of the jobs that name no lang or profile of their own.")
@click.option("--profile", "profile_path", metavar="FILE.yaml",
              help="A profile of your own for the jobs that name no lang or profile.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDS", help="A job running longer is stopped and recorded as failed.")
@limit_option
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run on this Dask cluster (default: a local one).")
@click.option("--workers", type=click.IntRange(1, 1024), metavar="N",
              help="Worker processes of the local cluster (default: one per core).")
@click.pass_context
def batch(ctx: click.Context, manifest: str | None, git_repo: str | None, pattern: str | None, since: str | None,
          until: str | None, rev_range: str | None, output: str,
          reports: bool, resume: bool, language: str, profile_path: str | None, timeout: float,
          limits: tuple[tuple[str, int], ...], scheduler: str | None, workers: int | None) -> None:
    """Run many comparisons: every job of MANIFEST (YAML or CSV), on Dask.

    \b
    A job is a pair (old, new; optional lang, profile, map, labels) or a
    history (versions: files or one folder; or git + path).  Results go to DIR
    in the manifest's order, byte-identical whatever the number of workers.
    A file of a git repository with fewer than two versions in the commits
    asked for is recorded as too_few_versions, not as failed.
    Exit status: 0 every job done, 1 some job failed (its error is in its
    record), 2 trouble, 130 interrupted (the jobs done are kept: --resume).
    """
    from constdiff.batch import BatchInterrupted, GitSelection, git_manifest, read_manifest, run

    if (manifest is None) == (git_repo is None):
        raise click.UsageError("give a MANIFEST, or --git REPO --glob PATTERN")
    if (git_repo is None) != (pattern is None):
        raise click.UsageError("--git REPO and --glob PATTERN go together")
    selection = GitSelection(since, until, rev_range)
    if git_repo is None and selection != GitSelection():
        raise click.UsageError("--since, --until and --rev-range go with --git (a manifest's git jobs take them as keys)")
    if scheduler is not None and workers is not None:
        raise click.UsageError("--workers sizes the local cluster; an existing one (--scheduler) has its own")
    try:
        jobs = read_manifest(manifest) if manifest is not None else git_manifest(str(git_repo), str(pattern), selection)
        with progress_on_stderr("jobs", remaining=True, otherwise=_count_lines()) as progress:
            result = run(jobs, output=output, language=language, profile_path=profile_path, timeout=timeout,
                         reports=reports, resume=resume, limits=with_limits(limits), scheduler=scheduler, workers=workers,
                         progress=progress)
    except BatchInterrupted as stop:
        if stop.result.output is None:
            click.echo(f"constdiff: interrupted before the cluster started: no job ran, {output} is as it was", err=True)
        else:
            click.echo(f"constdiff: interrupted: {len(stop.result.records)} of {len(jobs.jobs)} jobs finished, their"
                       f" results in {output} (--resume goes on from there)", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    except KeyboardInterrupt:  # while the manifest was read, the inputs hashed, or the results written
        click.echo(f"constdiff: interrupted before the results were written to {output} (--resume goes on from the jobs"
                   " kept there, if any)", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    _print_summary(result, len(jobs.jobs))
    ctx.exit(EXIT_SOME_FAILED if result.failed else EXIT_ALL_DONE)


def _count_lines() -> Progress:
    """Without a terminal: a count line each time another tenth of the jobs is finished."""
    said = [-1]

    def count_line(done: int, total: int) -> None:
        tenth = done * COUNT_LINES // max(total, 1)
        if tenth > said[0]:
            said[0] = tenth
            click.echo(f"constdiff: batch: {done} of {total} jobs finished", err=True)

    return count_line


def _print_summary(result: BatchResult, total: int) -> None:
    """The summary table: jobs by kind and status, and the first failures with their errors."""
    from rich.console import Console
    from rich.table import Table

    counts = result.status_counts()
    statuses = next(iter(counts.values()), {OK: 0, FAILED: 0})
    table = Table("jobs", *(status.replace("_", " ") for status in statuses), title=f"constdiff batch: {total} jobs",
                  title_justify="left")
    for kind, by_status in counts.items():
        jobs = sum(by_status.values())
        table.add_row(f"{jobs} {kind if jobs == 1 else PLURALS[kind]}", *map(str, by_status.values()))
    console = Console(highlight=False)
    console.print(table)
    console.print(f"results in {result.output}/" + ("" if result.parquet else f" (no {ARTICLES}: pyarrow is not installed)"),
                  markup=False)
    if result.skipped:
        console.print(f"{result.skipped} of them done before (--resume): not run again")
    failures = [record for record in result.records if record["status"] == FAILED]
    for record in failures[:FAILURES_SHOWN]:
        console.print(f"failed: {record['id']}: {record['error']}", markup=False)
    if len(failures) > FAILURES_SHOWN:
        console.print(f"... and {len(failures) - FAILURES_SHOWN} more failures: see {SUMMARY}")

