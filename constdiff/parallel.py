"""An ordered map over forked processes, for inputs the size of a legal code.

A code of thousands of articles spends seconds parsing and diffing, work that splits
cleanly: one document per process, or one stretch of aligned pairs per process.  The
calling process keeps the first share of the work; forked children inherit the inputs
(nothing is pickled on the way in) and send their results back pickled.  The results
are those of the serial map, in the same order.

Forking is used only on Linux, where it is the default start method and cheap; elsewhere,
with one core, or when asked for one job, the map runs serially.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# What the forked children run; set by ordered_map just before it forks, read by _run_share.
_TASK: tuple[Callable[[object], object], Sequence[object]] | None = None


def available_jobs() -> int:
    """Cores this process may run on (the affinity mask, which containers and ``taskset`` narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item], *, jobs: int | None = None) -> list[Result]:
    """``[function(item) for item in items]``, over ``jobs`` processes (default: every core).

    ``function`` may be a closure: children are forked, not spawned.  Not re-entrant
    from threads (one task at a time per process).
    """
    global _TASK
    jobs = min(jobs or available_jobs(), len(items))
    if jobs <= 1 or not sys.platform.startswith("linux") or _TASK is not None:
        return [function(item) for item in items]
    bounds = [len(items) * share // jobs for share in range(jobs + 1)]
    try:
        pool = ProcessPoolExecutor(max_workers=jobs - 1, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ImportError, NotImplementedError):  # no working semaphores (some sandboxes)
        return [function(item) for item in items]
    _TASK = (function, items)  # type: ignore[assignment]
    try:
        with pool:
            others = [pool.submit(_run_share, bounds[share], bounds[share + 1]) for share in range(1, jobs)]
            results = [function(item) for item in items[bounds[0] : bounds[1]]]
            for share, other in enumerate(others, start=1):
                try:
                    results += other.result()
                except BrokenProcessPool:  # a worker died (out of memory, killed): do its share here
                    results += _run_share(bounds[share], bounds[share + 1])
    finally:
        _TASK = None
    return results


def _run_share(start: int, stop: int) -> list[object]:
    assert _TASK is not None, "a forked child sees the task its parent set"
    function, items = _TASK
    return [function(item) for item in items[start:stop]]
