"""An ordered map over forked processes, for inputs from a constitution to a legal code.

Parsing two versions and diffing a hundred aligned articles are work that splits
cleanly: one document per process, or chunks of aligned pairs handed out to whichever
process is free.  The calling process works too; each further process is a child
forked for the map, which inherits the inputs (nothing is pickled on the way in),
takes chunk numbers from a shared pipe until it is empty, and writes its results back,
pickled, through a pipe of its own.  Chunks are handed out as processes become free,
because a child pays for pickling its results and for copying the pages it touches,
and with fixed shares the caller sat waiting for it.  The results are those of the
serial map, in the same order, and an exception is raised as the serial map would
raise it: the first item's that fails.

A bare ``os.fork`` costs ~1 ms; a process pool costs more than a constitution's diffs can
save, so the work goes to plain children: measured on a busy two-core machine with a 25 MB
heap, one map of 128 items took 4.8 ms of the parent's CPU time here, 20.7 ms through
``concurrent.futures.ProcessPoolExecutor`` and 19.0 ms through ``multiprocessing.Pool``
(fork context both), and the Kazakh pair maps three times in an 80 ms budget.  Forking is used only
on Linux and only from a single-threaded process: a child forked while another thread
holds a lock (logging's, an allocator's) can hang.  Elsewhere, with one core, or when
asked for one job, the map runs serially.
"""

from __future__ import annotations

import itertools
import os
import pickle
import struct
import sys
import threading
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_mapping = False  # set while a map runs: a nested map (in the caller's share or a child) runs serially
_CHUNKS_PER_JOB = 8  # enough to even out unequal items and a child's pickling, few enough to cost nothing
_CHUNK_NUMBER = struct.Struct("=H")  # pipe reads of one record are atomic; 65,535 chunks at most
_MAX_CHUNKS = 2048  # their numbers fit in the smallest pipe buffer (one 4 KiB page), so writing them cannot block

# One chunk's outcome: (chunk number, True, results) or (chunk number, False, the exception).
_Outcome = tuple[int, bool, object]


@dataclass(frozen=True)
class Mapper:
    """The map strategy of one comparison: built once by the pipeline from the size of the
    work and handed to every stage, which maps with it and decides nothing about processes.

    ``Mapper(1)`` (``SERIAL``) runs in this process; ``Mapper(None)`` uses every core.
    """

    jobs: int | None = 1

    def __call__(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        return ordered_map(function, items, jobs=self.jobs)


SERIAL = Mapper(1)


def available_jobs() -> int:
    """Cores this process may run on (the affinity mask, which containers and ``taskset`` narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def idle_jobs() -> int:
    """The available cores less those busy with other work (the one-minute load average,
    rounded down), at least 1: a forked child on a busy machine only adds its cost."""
    cores = available_jobs()
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average to be had (not a Unix)
        busy = 0
    return max(1, cores - busy)


def ordered_map(function: Callable[[Item], Result], items: Sequence[Item], *, jobs: int | None = None) -> list[Result]:
    """``[function(item) for item in items]``, over ``jobs`` processes (default: every core).

    ``function`` may be a closure: children are forked, not spawned.  With other threads
    running, the map is serial, so any thread may call it.
    """
    global _mapping
    jobs = min(jobs or available_jobs(), len(items))
    if jobs <= 1 or not sys.platform.startswith("linux") or _mapping or threading.active_count() > 1:
        return [function(item) for item in items]
    size = max(1, -(-len(items) // min(jobs * _CHUNKS_PER_JOB, _MAX_CHUNKS)))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    try:
        queue = _chunk_queue(range(1, len(chunks)))
    except OSError:  # no pipe to be had (out of file descriptors): this process does it all
        return [function(item) for item in items]
    _mapping = True
    children: list[_Child] = []
    try:
        try:
            for _ in range(1, jobs):
                child = _Child.fork(queue, function, items, chunks)
                if child is None:  # no process could be made (process limit, sandbox): fewer do the work
                    break
                children.append(child)
            outcomes = list(_work(queue, function, items, chunks, first=0))
        finally:
            os.close(queue)
        for child in children:
            outcomes += child.collect()
        return _in_order(outcomes, function, items, chunks)
    finally:
        _mapping = False
        for child in children:
            child.reap()


def _chunk_queue(numbers: range) -> int:
    """A pipe holding chunk numbers, its writing end closed: reading it to the end is the work."""
    reader, writer = os.pipe()
    try:
        os.write(writer, b"".join(map(_CHUNK_NUMBER.pack, numbers)))
    finally:
        os.close(writer)
    return reader


def _work(
    queue: int, function: Callable[[object], object], items: Sequence[object], chunks: list[range], first: int | None = None
) -> Iterator[_Outcome]:
    """Do chunk ``first``, then take chunks until none is left or one fails (the chunks
    after it need not be done).

    The caller starts with the first chunk, so that two items (two documents to parse)
    split one each, and a child that starts early cannot take both.
    """
    records = iter(lambda: os.read(queue, _CHUNK_NUMBER.size), b"")
    numbers = (_CHUNK_NUMBER.unpack(record)[0] for record in records)
    for number in numbers if first is None else itertools.chain([first], numbers):
        try:
            yield number, True, [function(items[index]) for index in chunks[number]]
        except Exception as error:
            yield number, False, error
            return


def _in_order(outcomes: list[_Outcome], function: Callable[[object], object], items: Sequence[object], chunks: list[range]) -> list:
    """The results in item order; chunks no process reported (a child died) are done here.

    Up to the first failed chunk, every chunk is done, so the error raised is the
    serial map's: an earlier chunk left undone may fail first when done here.
    """
    by_number = {number: (succeeded, value) for number, succeeded, value in outcomes}
    results: list = []
    for number, chunk in enumerate(chunks):
        succeeded, value = by_number.get(number) or (True, [function(items[index]) for index in chunk])
        if not succeeded:
            raise value  # type: ignore[misc]
        results += value  # type: ignore[arg-type]
    return results


class _Child:
    """One forked process taking chunks from the queue, and the pipe its outcomes come back through."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self.reader = pid, reader

    @classmethod
    def fork(cls, queue: int, function: Callable[[object], object], items: Sequence[object], chunks: list[range]) -> _Child | None:
        try:
            reader, writer = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return None
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            os.close(reader)
            _serve(writer, queue, function, items, chunks)
        os.close(writer)
        return cls(pid, reader)

    def collect(self) -> list[_Outcome]:
        """The chunks the child did; none if it died before writing them all (they are redone)."""
        with os.fdopen(self.reader, "rb") as pipe:
            self.reader = -1
            payload = pipe.read()
        try:
            return [pickle.loads(outcome) for outcome in pickle.loads(payload)]
        except Exception:  # killed (out of memory, a signal) before it wrote everything
            return []

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


def _serve(writer: int, queue: int, function: Callable[[object], object], items: Sequence[object], chunks: list[range]) -> None:  # pragma: no cover
    """In the child: do chunks, pickling each as it is done (the caller is working meanwhile),
    send them all, and exit without clean-up."""
    status = 0
    try:
        outcomes = [_pickled(outcome) for outcome in _work(queue, function, items, chunks)]
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(pickle.dumps(outcomes, pickle.HIGHEST_PROTOCOL))
    except BaseException:
        status = 1
    finally:
        os._exit(status)


def _pickled(outcome: _Outcome) -> bytes:
    try:
        return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except Exception:
        number, succeeded, value = outcome
        if succeeded:
            raise
        # an exception that does not pickle still reaches the caller, as text
        return pickle.dumps((number, False, RuntimeError(f"{type(value).__name__}: {value}")), pickle.HIGHEST_PROTOCOL)
