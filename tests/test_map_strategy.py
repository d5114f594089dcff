"""The pipeline's one cost rule: processes only where they pay, and by default only on idle cores."""

from __future__ import annotations

import os

import pytest

from constdiff import parallel, pipeline
from constdiff.parallel import SERIAL, Mapper, idle_jobs


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(parallel, "available_jobs", lambda: 2)

    def with_load(load: float) -> None:
        monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))

    return with_load


def test_idle_cores_are_the_cores_less_the_load(two_cores) -> None:
    two_cores(0.4)
    assert idle_jobs() == 2
    two_cores(1.3)
    assert idle_jobs() == 1
    two_cores(9.0)
    assert idle_jobs() == 1


def test_small_work_and_one_job_run_here(two_cores) -> None:
    two_cores(0.0)
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS - 1, None) == SERIAL
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS - 1, 4) == SERIAL
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS, 1) == SERIAL


def test_by_default_a_constitution_forks_only_onto_idle_cores(two_cores) -> None:
    two_cores(0.2)
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS, None) == Mapper(2)
    two_cores(1.5)
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS, None) == SERIAL


def test_by_default_a_whole_code_runs_in_one_process(two_cores) -> None:
    two_cores(0.0)
    assert pipeline._mapper(pipeline.PARALLEL_DEFAULT_MAX_CHARS, None) == Mapper(2)
    assert pipeline._mapper(pipeline.PARALLEL_DEFAULT_MAX_CHARS + 1, None) == SERIAL


def test_jobs_asked_for_fork_whatever_the_load_and_size(two_cores) -> None:
    two_cores(9.0)
    assert pipeline._mapper(pipeline.PARALLEL_MIN_CHARS, 3) == Mapper(3)
    assert pipeline._mapper(pipeline.PARALLEL_DEFAULT_MAX_CHARS + 1, 2) == Mapper(2)
