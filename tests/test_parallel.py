"""The forked ordered map: same results, same order, same errors as the serial map."""

from __future__ import annotations

import os
import sys

import pytest

from constdiff.errors import InputError
from constdiff.parallel import ordered_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="processes are forked on Linux only")


def test_results_come_back_in_order_from_every_process() -> None:
    items = list(range(101))
    results = ordered_map(lambda item: (item * item, os.getpid()), items, jobs=3)
    assert [square for square, _ in results] == [item * item for item in items]
    assert len({pid for _, pid in results}) >= 2, "forked workers did part of the work"
    assert results[0][1] == os.getpid(), "the calling process keeps the first share"


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


def test_a_worker_that_dies_has_its_share_done_here() -> None:
    parent = os.getpid()

    def square_or_die(item: int) -> int:
        if item == 7 and os.getpid() != parent:
            os._exit(9)  # as if killed by the out-of-memory killer
        return item * item

    assert ordered_map(square_or_die, range(10), jobs=2) == [item * item for item in range(10)]


def test_without_working_semaphores_the_map_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import constdiff.parallel

    def no_pool(*args: object, **kwargs: object) -> None:
        raise ImportError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(constdiff.parallel, "ProcessPoolExecutor", no_pool)
    assert {pid for pid in ordered_map(lambda _: os.getpid(), range(10), jobs=2)} == {os.getpid()}
