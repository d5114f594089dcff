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
    assert len({pid for _, pid in results}) == 3, "the work was shared by three processes"
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
