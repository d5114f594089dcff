"""Benchmarks of ``constdiff history`` (issue 14): lineage accuracy, speed and memory.

    python bench/history.py            # histories of 20 versions of 200 articles, 5 rounds
    python bench/history.py --quick    # 3 rounds, one seed per mode
    python bench/history.py --keep DIR # also keep the generated histories in DIR

1. **Lineage accuracy.**  ``bench/generate.py``'s ``generate_history`` makes N versions, each from
   the one before, in two modes (``amendment``: a few articles per step, insertions such as 10a,
   repeals, now and then a split, a merge or a consolidation that renumbers; ``rewrite``: every
   step a ``generate_pair``-style rewrite renumbered 1..M), with the true lineage links.  The
   links of ``History.lineages`` (``lineage_links``) are scored against them: precision and
   recall (definitions in ``lineage_links`` and ``score_links``).
2. **Speed.**  One round times ``constdiff.history(paths)`` in this process (load, parse, every
   comparison, the lineages) and the N−1 ``python -m constdiff diff V(i-1) V(i) --format json``
   processes that a user would otherwise run, one after the other; rounds alternate which goes
   first (A/B, B/A).  Wall and CPU seconds (CPU: user + system, of the process and of the
   children it waited for, ``os.times`` in-process and ``os.wait4`` per process); medians over
   the rounds; the ratio is of the medians of wall time.
3. **Memory.**  For N = 5, 10 and 20 (amendment mode), a fresh worker Python builds the history
   under ``tracemalloc``: the peak of traced memory while it is built and what the returned
   ``History`` keeps (traced memory still held after the call; ``ru_maxrss`` would mostly show
   tracemalloc's own records), and of that what the parsed documents alone take (read first,
   on their own); beside them the number and size of the distinct article texts and N ×
   article text.

The run ends with a PASS/FAIL line per goal of issue 14.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import GeneratedHistory, LineageLink, generate_history  # noqa: E402
from constdiff.model import History  # noqa: E402

VERSIONS = 20
ARTICLES = 200
MEMORY_VERSIONS = (5, 10, 20)
GOAL_LINKS = 0.99
GOAL_LIGHT_SECONDS = 1.0
GOAL_REWRITE_SECONDS = 2.0
GOAL_CLI_RATIO = 5.0
TIMEOUT_CLI = 120.0
FULL = {"rounds": 5, "seeds": (1, 2)}
QUICK = {"rounds": 3, "seeds": (1,)}


# --- lineage accuracy ---------------------------------------------------------------


def lineage_links(history: History) -> set[LineageLink]:
    """The links between consecutive versions that ``History.lineages`` reports.

    A link joins article ``old`` of one parsed version to article ``new`` of the next parsed
    version (``step`` is the index of the later one): each pair of consecutive versions in which
    one lineage has a number; each lineage begun from others (``came_from``: the parts a split
    begins) joined to the number each of them had in the version before its first; and each
    lineage that ended in others (``went_to``: an article merged into another) joined to their
    numbers in the next version they are in.  A link's ``kind`` is read from the shape of the
    step's links, the same way as the generator's truth: ``merged`` when the new article has several
    predecessors, else ``split`` when the old one has several successors, else ``continues``
    (so the kind does not depend on which lineage a split's part is filed under).
    """
    by_id = {lineage.id: lineage for lineage in history.lineages}
    pairs: set[tuple[int, str, str]] = set()
    for lineage in history.lineages:
        present = [index for index, number in enumerate(lineage.numbers) if number is not None]
        for before, after in zip(present, present[1:]):
            pairs.add((after, lineage.numbers[before] or "", lineage.numbers[after] or ""))
        for source in lineage.came_from:
            before = by_id[source].numbers[: lineage.first]
            parent_number = next(number for number in reversed(before) if number is not None)
            pairs.add((lineage.first, parent_number, lineage.numbers[lineage.first] or ""))
        for target in (by_id[name] for name in lineage.went_to):
            step = next(index for index in range(lineage.last + 1, len(target.numbers)) if target.numbers[index] is not None)
            pairs.add((step, lineage.numbers[lineage.last] or "", target.numbers[step] or ""))
    successors = Counter((step, old) for step, old, _ in pairs)
    predecessors = Counter((step, new) for step, _, new in pairs)
    return {
        LineageLink(step, old, new,
                    "merged" if predecessors[step, new] > 1 else "split" if successors[step, old] > 1 else "continues")
        for step, old, new in pairs
    }


@dataclass(frozen=True)
class LinkScore:
    """precision = correct / reported links, recall = correct / true links; a link is correct when
    the truth holds the same (step, old number, new number, kind).  An added or repealed article
    has no link, so a repeal + addition reported in place of a continuation costs one recall, and
    a continuation reported in place of a repeal + addition one precision."""

    reported: int
    true: int
    correct: int
    wrong: tuple[LineageLink, ...]
    missed: tuple[LineageLink, ...]

    @property
    def precision(self) -> float:
        return self.correct / self.reported if self.reported else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0


def score_links(reported: set[LineageLink], truth: frozenset[LineageLink]) -> LinkScore:
    both = reported & truth
    order = lambda link: (link.step, link.old, link.new)  # noqa: E731
    return LinkScore(len(reported), len(truth), len(both), tuple(sorted(reported - truth, key=order)),
                     tuple(sorted(truth - reported, key=order)))


def add_scores(scores: Sequence[LinkScore]) -> LinkScore:
    """Micro-average: counts added up."""
    return LinkScore(sum(s.reported for s in scores), sum(s.true for s in scores), sum(s.correct for s in scores),
                     tuple(link for s in scores for link in s.wrong), tuple(link for s in scores for link in s.missed))


# --- speed -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def time_history(paths: Sequence[str]) -> Timing:
    """``constdiff.history`` in this process; CPU includes forked workers it waited for."""
    import constdiff

    before, start = os.times(), time.perf_counter()
    constdiff.history(list(paths))
    wall, after = time.perf_counter() - start, os.times()
    return Timing(wall, _cpu(after) - _cpu(before))


def _cpu(times: os.times_result) -> float:
    return times.user + times.system + times.children_user + times.children_system


def time_cli_calls(paths: Sequence[str]) -> Timing:
    """N−1 ``constdiff diff`` processes, one per consecutive pair, one after the other."""
    wall = cpu = 0.0
    for old, new in zip(paths, paths[1:]):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "constdiff", "diff", old, new, "--format", "json"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall += time.perf_counter() - start
        cpu += usage.ru_utime + usage.ru_stime
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise RuntimeError(f"constdiff diff {old} {new} failed (exit status {os.waitstatus_to_exitcode(status)})")
    return Timing(wall, cpu)


def interleaved(paths: Sequence[str], rounds: int) -> tuple[list[Timing], list[Timing]]:
    """``rounds`` rounds of (in-process history, N−1 CLI calls), the order swapped every round."""
    time_history(paths[:2])  # warm-up: imports, profiles, caches of the first call
    in_process: list[Timing] = []
    cli: list[Timing] = []
    for round_ in range(rounds):
        if round_ % 2:
            cli.append(time_cli_calls(paths))
            in_process.append(time_history(paths))
        else:
            in_process.append(time_history(paths))
            cli.append(time_cli_calls(paths))
    return in_process, cli


def median(timings: Sequence[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


# --- memory ------------------------------------------------------------------------------


def memory_worker(paths: Sequence[str]) -> dict[str, Any]:
    """In a fresh Python: build the history once under tracemalloc."""
    import tracemalloc

    import constdiff
    from constdiff.pipeline import read_document

    constdiff.history(list(paths[:2]))  # imports and first-call caches outside the measure
    tracemalloc.start()
    documents = [read_document(path) for path in paths]
    in_documents = tracemalloc.get_traced_memory()[0]
    del documents
    tracemalloc.stop()
    tracemalloc.start()
    kept = constdiff.history(list(paths))
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    texts = [article.text for version in kept.versions if version.document for article in version.document.articles()]
    distinct = set(texts)
    return {
        "peak": peak,
        "retained": retained,
        "documents": in_documents,
        "distinct_texts": len(distinct),
        "distinct_chars": sum(map(len, distinct)),
        "all_chars": sum(map(len, texts)),
    }


def measure_memory(paths: Sequence[str]) -> dict[str, Any]:
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(list(paths))],
                            capture_output=True, text=True, timeout=600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"memory worker failed (exit status {result.returncode}): {result.stderr.strip()[-300:]}")
    return json.loads(lines[-1])


# --- the run ----------------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def write(history: GeneratedHistory, scratch: Path, name: str) -> list[str]:
    return [str(path) for path in history.write(scratch / name)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 rounds, one seed per mode")
    parser.add_argument("--keep", metavar="DIR", help="write the generated histories to DIR and keep them")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N wrong and N missed links")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(memory_worker(json.loads(args.worker))))
        return 0
    import constdiff

    settings = QUICK if args.quick else FULL
    started = time.perf_counter()
    print(f"constdiff {constdiff.__version__} from {Path(constdiff.__file__).parent}; {os.cpu_count()} CPUs; "
          f"{'quick' if args.quick else 'full'} run")
    print(f"load average at start: {load()} (other work on the machine slows every row)")
    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="constdiff-history-bench-")
    scratch = Path(args.keep or holder.name)  # type: ignore[union-attr]
    goals: list[tuple[str, bool, str]] = []
    try:
        goals += accuracy(settings, scratch, args.errors)
        goals += speed(settings, scratch)
        goals += memory(scratch)
    finally:
        if holder is not None:
            holder.cleanup()
    print("\nSummary")
    for text, passed, detail in goals:
        print(f"{'PASS' if passed else 'FAIL'}  {text}: {detail}")
    print(f"load average at end: {load()}")
    print(f"whole benchmark: {time.perf_counter() - started:.0f} s")
    return 0


def accuracy(settings: dict[str, Any], scratch: Path, errors: int) -> list[tuple[str, bool, str]]:
    import constdiff

    print(f"\n1. Lineage links on generated histories ({VERSIONS} versions of {ARTICLES} articles)")
    rows, goals = [], []
    for mode in ("amendment", "rewrite"):
        scores = []
        for seed in settings["seeds"]:
            generated = generate_history(VERSIONS, ARTICLES, seed, mode=mode)
            found = score_links(lineage_links(constdiff.history(write(generated, scratch, f"{mode}-{seed}"))), generated.links)
            scores.append(found)
            kinds = Counter(link.kind for link in generated.links)
            rows.append([mode, str(seed), " ".join(f"{kinds[k]} {k}" for k in ("continues", "split", "merged")),
                         str(found.reported), f"{found.precision:.4f}", f"{found.recall:.4f}"])
            for link in found.wrong[:errors]:
                print(f"  {mode} seed {seed}: wrong  {link}")
            for link in found.missed[:errors]:
                print(f"  {mode} seed {seed}: missed {link}")
        total = add_scores(scores)
        goals.append((f"lineage precision and recall >= {GOAL_LINKS} ({mode})",
                      min(total.precision, total.recall) >= GOAL_LINKS,
                      f"P {total.precision:.4f}, R {total.recall:.4f} over {total.true} true links"))
    print_table(["mode", "seed", "true links", "reported", "P", "R"], rows)
    return goals


def speed(settings: dict[str, Any], scratch: Path) -> list[tuple[str, bool, str]]:
    rounds = settings["rounds"]
    print(f"\n2. Speed: {VERSIONS} versions of {ARTICLES} articles, {rounds} rounds (medians; CPU beside wall)")
    rows, goals = [], []
    for mode, limit in (("amendment", GOAL_LIGHT_SECONDS), ("rewrite", GOAL_REWRITE_SECONDS)):
        paths = write(generate_history(VERSIONS, ARTICLES, 1, mode=mode), scratch, f"{mode}-speed")
        in_process, cli = interleaved(paths, rounds)
        mine, theirs = median(in_process), median(cli)
        ratio = theirs.wall / mine.wall
        rows.append([mode, f"{mine.wall:.3f}", f"{mine.cpu:.3f}", f"{theirs.wall:.3f}", f"{theirs.cpu:.3f}",
                     f"{ratio:.1f}x", f"{theirs.cpu / mine.cpu:.1f}x"])
        goals.append((f"{mode}: constdiff.history() under {limit:.0f} s", mine.wall < limit,
                       f"median {mine.wall:.3f} s wall, {mine.cpu:.3f} s CPU"))
        if mode == "amendment":
            goals.append((f"{mode}: at least {GOAL_CLI_RATIO:.0f}x faster than {VERSIONS - 1} constdiff diff calls",
                          ratio >= GOAL_CLI_RATIO, f"{ratio:.1f}x ({theirs.wall:.2f} s / {mine.wall:.3f} s wall)"))
    print_table(["mode", "history() s", "CPU s", f"{VERSIONS - 1} CLI calls s", "CPU s", "ratio", "CPU ratio"], rows)
    return goals


def memory(scratch: Path) -> list[tuple[str, bool, str]]:
    print("\n3. Memory as the history grows (amendment mode; a fresh worker per row)")
    generated = generate_history(max(MEMORY_VERSIONS), ARTICLES, 1)
    paths = write(generated, scratch, "amendment-memory")
    rows, found = [], {}
    for count in MEMORY_VERSIONS:
        report = found[count] = measure_memory(paths[:count])
        rows.append([str(count), f"{report['distinct_texts']}", f"{report['distinct_chars'] / 1e6:.2f}",
                     f"{report['all_chars'] / 1e6:.2f}", f"{report['peak'] / 1e6:.1f}", f"{report['retained'] / 1e6:.1f}",
                     f"{report['documents'] / 1e6:.1f}"])
    print_table(["N", "distinct article texts", "their MB", "N x articles MB", "peak MB (traced)", "kept by History MB",
                 "of which parsed documents MB"], rows)
    small, large = found[MEMORY_VERSIONS[1]], found[MEMORY_VERSIONS[-1]]
    per_version = (large["retained"] - small["retained"]) / (MEMORY_VERSIONS[-1] - MEMORY_VERSIONS[1])
    document = large["all_chars"] / MEMORY_VERSIONS[-1]
    new_text = (large["distinct_chars"] - small["distinct_chars"]) / (MEMORY_VERSIONS[-1] - MEMORY_VERSIONS[1])
    documents = (large["documents"] - small["documents"]) / (MEMORY_VERSIONS[-1] - MEMORY_VERSIONS[1])
    print(f"each version added keeps {per_version / 1e6:.2f} MB ({documents / 1e6:.2f} MB its parsed document, "
          f"{(per_version - documents) / 1e6:.2f} MB its comparison): {per_version / document:.1f} bytes per character of a "
          f"version's article text, {per_version / max(new_text, 1):.0f} per character of new (distinct) article text")
    return [(f"memory: each added version keeps less than its own article text ({document / 1e6:.2f} MB)",
             per_version < document, f"{per_version / 1e6:.2f} MB per version from N={MEMORY_VERSIONS[1]} to {MEMORY_VERSIONS[-1]}")]


if __name__ == "__main__":
    raise SystemExit(main())
