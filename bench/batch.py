"""Throughput of ``constdiff batch`` (issue 17): pairs per second on a generated corpus.

    python bench/batch.py --keep /tmp/batch-corpus           # 2,000 pairs: one process, then 1 and 2 workers
    python bench/batch.py --pairs 200 --keep /tmp/small      # a smaller corpus, for a quick look
    python bench/batch.py --keep /tmp/batch-corpus --workers 2    # only these local-cluster rows (and one process)
    python bench/batch.py --pairs 101 --keep /tmp/small --per-process 20   # a cluster's CPU by process

The corpus is ``generate_pair(ARTICLES, seed)`` for seeds 1..N (constitution-sized: 100 old
articles, about 90,000 characters a version), written once to ``--keep DIR`` with a CSV
manifest; a later run with the same ``--keep`` reads it instead of generating it again.

Rows, each on the same manifest:

* **one process**: ``batch.run_job`` on every job in turn in this Python, no Dask at all
  (the work each worker does, without a scheduler, pickling or a child process); the peer the
  speed-up column divides by;
* **local cluster, N workers**: ``constdiff.batch.run`` with a ``LocalCluster`` of N one-thread
  worker processes started for the row (its start-up and shut-down are timed too), for N from
  1 to the cores this process may use;
* **the peer, ``constdiff diff`` per pair, N at a time**: what a researcher without ``batch``
  writes (``xargs -P N``): one ``constdiff diff OLD NEW --format json -o FILE`` process per pair,
  as many running at once as cores, each paying the start-up (``--no-peer`` leaves it out).

The load of a shared machine drifts over the hour a run takes, so the rows are interleaved: the
corpus is cut into ``--rounds`` slices (default 4), and every row runs on the first slice, then
every row on the second, and so on (a cluster row starts a cluster per slice).  Each row gives
the wall seconds, pairs per second, its speed-up over one process, CPU seconds (this process and
its children, ``os.times``; a cluster's workers and their job processes are children of this
process) in all and per pair, the median seconds between two jobs finishing, and the range of
the 1-minute load average at its slices' starts and ends.  The cluster rows' results are
compared byte for byte at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate_pair  # noqa: E402

PAIRS = 2000
ROUNDS = 4
ARTICLES = 100
MANIFEST = "manifest.csv"


def write_corpus(directory: Path, pairs: int) -> Path:
    """The generated pairs and their manifest in ``directory``; pairs already written are kept.
    The missing ones are generated a process per core (one process takes 15-30 minutes for 2,000)."""
    from concurrent.futures import ProcessPoolExecutor

    from constdiff.parallel import available_jobs

    directory.mkdir(parents=True, exist_ok=True)
    names = {seed: _pair_names(directory, seed) for seed in range(1, pairs + 1)}
    missing = [seed for seed, (old, new) in names.items() if not (old.exists() and new.exists())]
    if missing:
        with ProcessPoolExecutor(available_jobs()) as pool:
            list(pool.map(_write_pair, [directory] * len(missing), missing, chunksize=8))
    rows = ["id,old,new,seed", *(f"{_stem(seed)},{old.name},{new.name},{seed}" for seed, (old, new) in names.items())]
    manifest = directory / MANIFEST
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest


def _stem(seed: int) -> str:
    return f"pair-{seed:04d}"


def _pair_names(directory: Path, seed: int) -> tuple[Path, Path]:
    return directory / f"{_stem(seed)}-old.txt", directory / f"{_stem(seed)}-new.txt"


def _write_pair(directory: Path, seed: int) -> None:
    """One pair, written under other names and then renamed: a stopped run leaves no half text."""
    for written, final in zip(generate_pair(ARTICLES, seed).write(directory, f"partial-{_stem(seed)}"), _pair_names(directory, seed)):
        os.replace(written, final)


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


Work = Callable[[Path, Callable[[], None]], None]
"""A row's work: run every job of a manifest, calling the second argument after each job."""


@dataclass
class Tally:
    """One row of the table: its work's wall and CPU seconds summed over the rounds it ran."""

    label: str
    work: Work
    wall: float = 0.0
    cpu: float = 0.0
    pairs: int = 0
    gaps: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    def run(self, manifest: Path, pairs: int) -> None:
        finished: list[float] = []
        self.loads.append(os.getloadavg()[0])
        started, cpu = time.perf_counter(), cpu_seconds()
        self.work(manifest, lambda: finished.append(time.perf_counter()))
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        self.wall, self.cpu, self.pairs = self.wall + wall, self.cpu + cpu, self.pairs + pairs
        self.gaps += [later - earlier for earlier, later in zip([started, *finished], finished)]
        self.loads.append(os.getloadavg()[0])
        print(f"  {self.label}: {pairs} pairs in {wall:.1f} s, {cpu:.1f} s CPU", flush=True)

    def row(self, peer: Tally) -> list[str]:
        return [self.label, f"{self.wall:.1f}", f"{self.pairs / self.wall:.2f}", f"{peer.wall / self.wall:.2f}",
                f"{self.cpu:.1f}", f"{self.cpu / self.pairs:.3f}", f"{statistics.median(self.gaps):.3f}",
                f"{min(self.loads):.1f}-{max(self.loads):.1f}"]


def one_process(manifest: Path, tick: Callable[[], None]) -> None:
    from constdiff.batch import Settings, read_manifest, run_job

    for job in read_manifest(str(manifest)).jobs:
        outcome = run_job(job, Settings())
        assert outcome.record["status"] == "ok", outcome.record
        tick()


def local_cluster(workers: int, output: Path) -> Work:
    from constdiff.batch import run

    def work(manifest: Path, tick: Callable[[], None]) -> None:
        told = [0]

        def progress(done: int, total: int) -> None:  # also told once at the start, with none done
            if done > told[0]:
                told[0] = done
                tick()

        result = run(str(manifest), output=str(output / manifest.stem), workers=workers, progress=progress)
        assert result.failed == 0, result

    return work


def cli_per_pair(at_once: int, output: Path) -> Work:
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from constdiff.batch import read_manifest

    output.mkdir(parents=True, exist_ok=True)

    def diff(job_id: str, old: str, new: str) -> None:
        command = [sys.executable, "-m", "constdiff", "diff", old, new, "--format", "json", "-o", str(output / f"{job_id}.json")]
        code = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
        assert code in (0, 1), (command, code)  # diff(1): 1 means the versions differ

    def work(manifest: Path, tick: Callable[[], None]) -> None:
        with ThreadPoolExecutor(at_once) as pool:
            for done in as_completed([pool.submit(diff, job.id, job.old, job.new) for job in read_manifest(str(manifest)).jobs]):
                done.result()
                tick()

    return work


def per_process(manifest: Path, idle: float) -> None:
    """``--per-process``: where a one-worker local cluster's CPU goes, by process (psutil, which
    Dask needs anyway): first idle for ``idle`` seconds with its job process started, then over the
    manifest's jobs (the first one, which starts the job process, left out)."""
    import psutil

    from constdiff.batch import Settings, _dask_client, read_manifest, run_in_job_process

    def by_kind() -> dict[int, tuple[str, float]]:
        found = {}
        for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
            try:
                times, line = process.cpu_times(), " ".join(process.cmdline())
            except psutil.Error:
                continue
            kind = ("job processes" if "serve_jobs" in line else "client and scheduler" if process.pid == os.getpid()
                    else "workers and nannies")
            found[process.pid] = (kind, times.user + times.system)
        return found

    def spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
        kinds: dict[str, float] = {}
        for pid, (kind, cpu) in after.items():
            kinds[kind] = kinds.get(kind, 0.0) + cpu - before.get(pid, (kind, 0.0))[1]
        return kinds

    first, *jobs = read_manifest(str(manifest)).jobs
    with _dask_client(None, None, 1) as client:
        client.submit(run_in_job_process, first, Settings(), pure=False).result()
        quiet = by_kind()
        time.sleep(idle)
        busy = by_kind()
        for future in client.map(run_in_job_process, jobs, settings=Settings(), pure=False):
            assert future.result().ok
        done = by_kind()
    print(f"idle {idle:g} s, CPU s per second: " + ", ".join(f"{kind} {cpu / idle:.3f}" for kind, cpu in
                                                          sorted(spent(quiet, busy).items())))
    print(f"{len(jobs)} jobs, CPU s per job: " + ", ".join(f"{kind} {cpu / len(jobs):.3f}" for kind, cpu in
                                                       sorted(spent(busy, done).items())))


def round_manifests(manifest: Path, rounds: int) -> list[tuple[Path, int]]:
    """The manifest cut into ``rounds`` consecutive slices (each a manifest beside it) and their sizes."""
    header, *lines = manifest.read_text(encoding="utf-8").splitlines()
    slices = []
    for number in range(rounds):
        part = lines[number * len(lines) // rounds:(number + 1) * len(lines) // rounds]
        sliced = manifest.with_name(f"round-{number + 1}-of-{rounds}.csv")
        sliced.write_text("\n".join([header, *part]) + "\n", encoding="utf-8")
        slices.append((sliced, len(part)))
    return slices


def identical_results(folders: Sequence[Path]) -> bool:
    """Whether every cluster row wrote the same bytes in each round (the workers' count changes nothing)."""
    names = ("results.jsonl", "summary.csv", "articles.parquet")
    return all(len({(folder / name).read_bytes() for folder in folders}) == 1 for name in names)


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
    parser.add_argument("--no-peer", action="store_true", help="leave out the constdiff-diff-per-pair row")
    parser.add_argument("--per-process", type=float, metavar="IDLE_SECONDS",
                        help="instead of the rows: a one-worker cluster's CPU by process, idle that long, then on the pairs")
    parser.add_argument("--rounds", type=int,
                        help=f"cut the corpus into this many slices, every row run on each in turn (default {ROUNDS},"
                             " or one per pair when there are fewer)")
    args = parser.parse_args(argv)
    if args.rounds is None:
        args.rounds = min(ROUNDS, args.pairs)
    if not 1 <= args.rounds <= args.pairs:
        parser.error(f"--rounds must be from 1 to the pairs ({args.pairs}): each slice needs a pair")
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
        if args.per_process is not None:
            per_process(manifest, args.per_process)
            return 0
        cores = available_jobs()
        print(f"constdiff {constdiff.__version__}; {cores} cores available; load average {load_average()}")
        one = Tally("one process", one_process)
        clusters = [Tally(f"local cluster, {workers} worker{'s' if workers > 1 else ''}",
                          local_cluster(workers, scratch / f"results-{workers}"))
                    for workers in args.workers or range(1, cores + 1)]
        tallies = [*([] if args.no_one_process else [one]), *clusters,
                   *([] if args.no_peer else [Tally(f"constdiff diff per pair, {cores} at a time",
                                                    cli_per_pair(cores, scratch / "results-cli"))])]
        rounds = round_manifests(manifest, args.rounds)
        for number, (sliced, pairs) in enumerate(rounds, 1):
            print(f"round {number} of {len(rounds)}: {pairs} pairs; load average {load_average()}", flush=True)
            for tally in tallies:
                tally.run(sliced, pairs)
        peer = tallies[0]
        headers = ["row", "wall s", "pairs/s", f"speed-up over {peer.label}", "CPU s", "CPU s/pair", "median s/job",
                   "load (1 min)"]
        print_table(headers, [tally.row(peer) for tally in tallies])
        if len(clusters) > 1:
            same = all(identical_results([scratch / f"results-{workers}" / sliced.stem
                                          for workers in args.workers or range(1, cores + 1)]) for sliced, _ in rounds)
            print("the cluster rows wrote " + ("byte-identical results" if same else "DIFFERENT results"))
    finally:
        if holder is not None:
            holder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
