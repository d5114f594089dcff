"""The forked ordered map: same results, same order, same errors as the serial map."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from constdiff.errors import InputError
from constdiff.parallel import ordered_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="processes are forked on Linux only")


def _slowly(function):
    """Items that take a while, so that every process gets chunks before the caller has done them all."""

    def slow(item):
        time.sleep(0.002)
        return function(item)

    return slow


def test_results_come_back_in_order_from_every_process() -> None:
    items = list(range(101))
    results = ordered_map(_slowly(lambda item: (item * item, os.getpid())), items, jobs=3)
    assert [square for square, _ in results] == [item * item for item in items]
    pids = {pid for _, pid in results}
    assert len(pids) == 3, "forked workers did part of the work"
    assert os.getpid() in pids, "the calling process works too"


def test_the_first_failing_item_decides_the_error_as_in_a_serial_map() -> None:
    def fail_late_items(item: int) -> int:
        if item >= 40:
            raise InputError(f"article-{item}.txt", "is not text")
        return item

    for _ in range(5):  # which process meets which failure first varies from run to run
        with pytest.raises(InputError) as caught:
            ordered_map(_slowly(fail_late_items), range(64), jobs=2)
        assert caught.value.source == "article-40.txt"


def test_one_job_runs_in_this_process() -> None:
    assert {pid for pid in ordered_map(lambda _: os.getpid(), range(10), jobs=1)} == {os.getpid()}


def test_a_users_error_in_a_worker_reaches_the_caller_intact() -> None:
    def read(item: int) -> int:
        if item == 9:
            raise InputError("article-9.txt", "is not text")
        return item

    with pytest.raises(InputError) as caught:
        ordered_map(read, range(10), jobs=2)
    assert (caught.value.source, caught.value.problem) == ("article-9.txt", "is not text")


def test_nested_maps_run_serially_inside_a_worker() -> None:
    results = ordered_map(lambda item: ordered_map(lambda inner: os.getpid(), range(3), jobs=2), range(4), jobs=2)
    assert all(len(set(pids)) == 1 for pids in results)


def test_a_worker_that_dies_has_its_chunks_done_here() -> None:
    parent = os.getpid()

    def square_or_die(item: int) -> int:
        if item >= 5 and os.getpid() != parent:
            os._exit(9)  # as if killed by the out-of-memory killer, after it finished some chunks
        return item * item

    assert ordered_map(_slowly(square_or_die), range(40), jobs=2) == [item * item for item in range(40)]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ("fork", BlockingIOError(11, "Resource temporarily unavailable")),  # at a process limit
        ("pipe", OSError(24, "Too many open files")),
    ],
)
def test_when_no_process_or_pipe_can_be_made_the_map_runs_here(monkeypatch: pytest.MonkeyPatch, call: str, error: OSError) -> None:
    def fail(*args: object) -> int:
        raise error

    monkeypatch.setattr(os, call, fail)
    assert {pid for pid in ordered_map(lambda _: os.getpid(), range(10), jobs=2)} == {os.getpid()}


def test_an_error_in_the_callers_share_leaves_no_child_behind() -> None:
    parent = os.getpid()

    def fail_here(item: int) -> int:
        if os.getpid() == parent:
            raise InputError("old.txt", "is not text")
        return item

    with pytest.raises(InputError):
        ordered_map(fail_here, range(10), jobs=3)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was reaped


def test_an_error_that_cannot_be_pickled_still_reaches_the_caller() -> None:
    class LocalError(Exception):  # a local class: pickle cannot find it by name
        pass

    parent = os.getpid()

    def fail_in_child(item: int) -> int:
        if os.getpid() != parent:
            raise LocalError("bad article")
        return item

    with pytest.raises(RuntimeError, match="LocalError: bad article"):
        ordered_map(_slowly(fail_in_child), range(16), jobs=2)


def test_a_process_with_other_threads_maps_serially() -> None:
    """A host application's thread may hold a lock that a forked child would wait on forever."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert {pid for pid in ordered_map(lambda _: os.getpid(), range(10), jobs=2)} == {os.getpid()}
    finally:
        release.set()
        other.join()
