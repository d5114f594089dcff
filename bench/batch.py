"""Throughput of ``constdiff batch`` (issue 17): pairs per second on a generated corpus.

    python bench/batch.py --keep /tmp/batch-corpus           # 2,000 pairs: one process, then 1 and 2 workers
    python bench/batch.py --pairs 200 --keep /tmp/small      # a smaller corpus, for a quick look
    python bench/batch.py --keep /tmp/batch-corpus --workers 2    # only these local-cluster rows (and one process)

The corpus is ``generate_pair(ARTICLES, seed)`` for seeds 1..N (constitution-sized: 100 old
articles, about 90,000 characters a version), written once to ``--keep DIR`` with a CSV
manifest; a later run with the same ``--keep`` reads it instead of generating it again.

Rows, run one after the other on the same manifest:

* **one process**: ``batch.run_job`` on every job in turn in this Python, no Dask at all
  (the work each worker does, without a scheduler, pickling or a child process);
* **local cluster, N workers**: ``constdiff.batch.run`` with a ``LocalCluster`` of N one-thread
  worker processes started for the row (its start-up and shut-down are timed too), for N from
  1 to the cores this process may use.

Each row gives the wall time, pairs per second, CPU seconds (this process and its children,
``os.times``; a cluster's workers and their job processes are children of this process), the
median seconds per job as this process saw them complete, and the load average before and
after.  Other work on the machine slows every row: quote a quiet run, with its load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate_pair  # noqa: E402

PAIRS = 2000
ARTICLES = 100
MANIFEST = "manifest.csv"


def write_corpus(directory: Path, pairs: int) -> Path:
    """The generated pairs and their manifest in ``directory``; pairs already written are kept."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = ["id,old,new,seed"]
    for seed in range(1, pairs + 1):
        stem = f"pair-{seed:04d}"
        old, new = directory / f"{stem}-old.txt", directory / f"{stem}-new.txt"
        if not (old.exists() and new.exists()):  # written under other names, then renamed: a stopped run leaves no half text
            for written, final in zip(generate_pair(ARTICLES, seed).write(directory, f"partial-{stem}"), (old, new)):
                os.replace(written, final)
        rows.append(f"{stem},{old.name},{new.name},{seed}")
    manifest = directory / MANIFEST
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(label: str, work: Callable[[Callable[[], None]], None], pairs: int) -> list[str]:
    """Run ``work`` (told to call its argument after each job) and make its table row."""
    before_load, finished = load_average(), []
    started, cpu = time.perf_counter(), cpu_seconds()
    work(lambda: finished.append(time.perf_counter()))
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    gaps = [later - earlier for earlier, later in zip([started, *finished], finished)]
    row = [label, f"{wall:.1f}", f"{pairs / wall:.2f}", f"{cpu:.1f}", f"{statistics.median(gaps):.3f}",
           before_load, load_average()]
    print("  ".join(row), flush=True)  # a long run shows each row as it ends; the table follows at the end
    return row


def one_process(manifest: Path) -> Callable[[Callable[[], None]], None]:
    from constdiff.batch import Settings, read_manifest, run_job

    def work(tick: Callable[[], None]) -> None:
        for job in read_manifest(str(manifest)).jobs:
            outcome = run_job(job, Settings())
            assert outcome.record["status"] == "ok", outcome.record
            tick()

    return work


def local_cluster(manifest: Path, workers: int, output: Path) -> Callable[[Callable[[], None]], None]:
    from constdiff.batch import run

    def work(tick: Callable[[], None]) -> None:
        result = run(str(manifest), output=str(output), workers=workers, progress=lambda done, total: tick())
        assert result.failed == 0, result

    return work


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    for row in (headers, ["-" * width for width in widths], *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=PAIRS, help=f"pairs in the corpus (default {PAIRS})")
    parser.add_argument("--keep", metavar="DIR", help="write the corpus to DIR and keep it (read it there next time)")
    parser.add_argument("--generate-only", action="store_true", help="write the corpus and stop")
    parser.add_argument("--workers", type=int, nargs="*", metavar="N",
                        help="local-cluster rows to run (default: 1 to the cores available)")
    parser.add_argument("--no-one-process", action="store_true", help="leave out the one-process row")
    args = parser.parse_args(argv)
    import constdiff
    from constdiff.parallel import available_jobs

    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="constdiff-batch-bench-")
    scratch = Path(args.keep or holder.name)  # type: ignore[union-attr]
    try:
        started = time.perf_counter()
        manifest = write_corpus(scratch / "corpus", args.pairs)
        print(f"corpus of {args.pairs} pairs of {ARTICLES} articles in {scratch / 'corpus'} "
              f"({time.perf_counter() - started:.0f} s to write or find)")
        if args.generate_only:
            return 0
        print(f"constdiff {constdiff.__version__}; {available_jobs()} cores available; load average {load_average()}")
        headers = ["row", "wall s", "pairs/s", "CPU s", "median s/job", "load before", "load after"]
        rows = [] if args.no_one_process else [timed("one process", one_process(manifest), args.pairs)]
        for workers in args.workers or range(1, available_jobs() + 1):
            output = scratch / f"results-{workers}"
            rows.append(timed(f"local cluster, {workers} worker{'s' if workers > 1 else ''}",
                              local_cluster(manifest, workers, output), args.pairs))
        print_table(headers, rows)
    finally:
        if holder is not None:
            holder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
