"""The benchmark's measuring side (bench/run.py): rows alternate run by run, a worker measures
in-process calls and reports where constdiff came from, failures and missing peers are noted,
and the goals are judged on the figures given.  No timings are asserted here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import Correspondence, generate_pair, score  # noqa: E402
from bench.run import (  # noqa: E402
    GOAL_CPU_GROWTH_PER_10X,
    ProcessTool,
    Row,
    Sample,
    WorkerTool,
    checkouts,
    measure_interleaved,
    scale_goals,
)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The environment of this checkout's rows, one bytecode cache for the module's workers."""
    return checkouts(str(tmp_path_factory.mktemp("bench")), None)[0].env


class _Logged:
    """A tool that only logs which row ran."""

    def __init__(self, log: list[str]) -> None:
        self.log = log

    def start(self, row: Row) -> None:
        self.log.append(f"start {row.label}")

    def run(self, row: Row) -> None:
        self.log.append(row.label)
        row.samples.append(Sample(1.0, 1.0, 1))

    def stop(self, row: Row) -> None:
        self.log.append(f"stop {row.label}")


def test_rows_alternate_run_by_run():
    log: list[str] = []
    rows = measure_interleaved([(Row("a", "process", 3), _Logged(log)), (Row("b", "process", 2), _Logged(log))])
    assert log == ["start a", "start b", "a", "b", "a", "b", "a", "stop a", "stop b"]
    assert [len(row.samples) for row in rows] == [3, 2]


def test_a_worker_times_compare_files_of_this_checkout(tmp_path, env):
    pair = generate_pair(30, seed=2)
    old_path, new_path = pair.write(tmp_path)
    spec = {"kind": "constdiff", "old": str(old_path), "new": str(new_path), "warmup": 1}
    (row,) = measure_interleaved([(Row("constdiff", "in-process", 2), WorkerTool(spec, env=env, timeout=120))])
    assert not row.note and row.timeout is None
    assert len(row.samples) == 2
    assert all(sample.cpu > 0 and sample.wall > 0 for sample in row.samples)
    assert row.peak_kb >= row.base_kb > 0
    assert Path(row.extra["constdiff"]) == ROOT / "constdiff"
    reported = [Correspondence(tuple(old), tuple(new), status) for old, new, status in row.extra["pairs"]]
    assert score(reported, pair.truth).precision == 1.0


def test_a_fresh_worker_per_run_reports_every_run(tmp_path, env):
    old_path, new_path = generate_pair(20, seed=3).write(tmp_path)
    spec = {"kind": "difflib", "old": str(old_path), "new": str(new_path), "autojunk": False}
    (row,) = measure_interleaved([(Row("difflib", "in-process", 2), WorkerTool(spec, env=env, timeout=120, fresh=True))])
    assert len(row.samples) == 2 and not row.note


def test_a_failing_worker_and_a_missing_peer_are_noted(tmp_path, env):
    failing, missing = measure_interleaved(
        [
            (Row("nonsense", "in-process", 2), WorkerTool({"kind": "nonsense", "old": "x", "new": "y"}, env=env, timeout=120)),
            (Row("absent", "process", 2), ProcessTool(["no-such-tool-for-constdiff-bench"], cwd=str(tmp_path))),
        ]
    )
    assert "unknown worker kind nonsense" in failing.note and not failing.samples
    assert missing.note == "no-such-tool-for-constdiff-bench not installed" and not missing.samples


def _result(size: int, cpu: float) -> dict:
    row = Row("constdiff", "in-process", 1, "this", samples=[Sample(cpu, cpu, 100 * 1024)])
    truth = (Correspondence(("1",), ("1",), "unchanged"),)
    return {"size": size, "rows": [row], "qualities": [score(list(truth), truth)]}


def test_growth_is_judged_per_ten_times_the_size_on_cpu_time():
    def verdict(cpu_large: float) -> bool | None:
        goals = {name: passed for name, passed, _ in scale_goals([_result(1_000, 1.0), _result(10_000, cpu_large)], not_run="not run (--quick)")}
        return goals[f"CPU-time growth <= {GOAL_CPU_GROWTH_PER_10X}x per 10x size"]

    assert verdict(GOAL_CPU_GROWTH_PER_10X - 0.1) is True
    assert verdict(GOAL_CPU_GROWTH_PER_10X + 0.1) is False


def test_quick_runs_print_the_large_goals_as_not_run():
    goals = scale_goals([_result(100, 0.1), _result(1_000, 1.0)], not_run="not run (--quick)")
    not_run = [(name, detail) for name, passed, detail in goals if passed is None]
    assert {name for name, _ in not_run} == {
        "10,000-article pair <= 4 s",
        "10,000-article pair <= 250 MB peak",
        "50,000-article pair <= 20 s",
        "50,000-article pair <= 1 GB peak",
        "100,000-article pair <= 45 s",
        "100,000-article pair <= 2 GB peak",
        f"CPU-time growth <= {GOAL_CPU_GROWTH_PER_10X}x per 10x size",  # judged from 1,000 articles up
    }
    assert {detail for _, detail in not_run} == {"not run (--quick)"}
