"""An ordered map over forked processes, for inputs from a constitution to a legal code.

Parsing two versions and diffing a hundred aligned articles are work that splits
cleanly: one document per process, or every n-th aligned pair in each of n processes.  The
calling process keeps the first share of the work; each further share goes to a child
forked for it, which inherits the inputs (nothing is pickled on the way in) and writes
its results back, pickled, through a pipe.  The results are those of the serial map, in
the same order, and a child's exception is raised in the caller as it was raised.

A bare ``os.fork`` costs ~2 ms; a process pool costs ~7 ms to start and stop, more than
a constitution's diffs can save, so shares go to plain children.  Forking is used only
on Linux and only from a single-threaded process: a child forked while another thread
holds a lock (logging's, an allocator's) can hang.  Elsewhere, with one core, or when
asked for one job, the map runs serially.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_mapping = False  # set while a map runs: a nested map (in the caller's share or a child) runs serially


def available_jobs() -> int:
    """Cores this process may run on (the affinity mask, which containers and ``taskset`` narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item], *, jobs: int | None = None) -> list[Result]:
    """``[function(item) for item in items]``, over ``jobs`` processes (default: every core).

    ``function`` may be a closure: children are forked, not spawned.  With other threads
    running, the map is serial, so any thread may call it.
    """
    global _mapping
    jobs = min(jobs or available_jobs(), len(items))
    if jobs <= 1 or not sys.platform.startswith("linux") or _mapping or threading.active_count() > 1:
        return [function(item) for item in items]
    _mapping = True
    children: list[_Child] = []
    try:
        for share in range(1, jobs):
            child = _Child.fork(function, items[share::jobs])
            if child is None:  # no process could be made (process limit, sandbox): do the rest here
                break
            children.append(child)
        shares = [[function(item) for item in items[0::jobs]]]
        shares += [child.collect() for child in children]
        shares += [[function(item) for item in items[share::jobs]] for share in range(len(shares), jobs)]
        results: list[Result] = [None] * len(items)  # type: ignore[list-item]
        for share, share_results in enumerate(shares):
            results[share::jobs] = share_results
        return results
    finally:
        _mapping = False
        for child in children:
            child.reap()


class _Child:
    """One forked process mapping its share of the items, and the pipe its results come back through."""

    def __init__(self, pid: int, reader: int, function: Callable[[object], object], items: Sequence[object]) -> None:
        self.pid, self.reader, self.function, self.items = pid, reader, function, items

    @classmethod
    def fork(cls, function: Callable[[object], object], items: Sequence[object]) -> _Child | None:
        try:
            reader, writer = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            os.close(reader)
            _serve(writer, function, items)
        os.close(writer)
        return cls(pid, reader, function, items)

    def collect(self) -> list[object]:
        """The child's results; its exception raised here; its share done here if it died."""
        with os.fdopen(self.reader, "rb") as pipe:
            self.reader = -1
            payload = pipe.read()
        try:
            succeeded, value = pickle.loads(payload)
        except Exception:  # killed (out of memory, a signal) before it wrote everything
            return [self.function(item) for item in self.items]
        if not succeeded:
            raise value
        return value

    def reap(self) -> None:
        """Wait for the child; kill it first if its results were never read (the caller failed)."""
        if self.reader != -1:
            os.close(self.reader)
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve(writer: int, function: Callable[[object], object], items: Sequence[object]) -> None:  # pragma: no cover
    """In the child: map, send (True, results) or (False, exception), and exit without clean-up."""
    status = 0
    try:
        try:
            payload = pickle.dumps((True, [function(item) for item in items]), pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # the caller raises it, as the serial map would
            payload = _pickled_error(error)
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _pickled_error(error: BaseException) -> bytes:
    try:
        return pickle.dumps((False, error), pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle still reaches the caller, as text
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")), pickle.HIGHEST_PROTOCOL)
