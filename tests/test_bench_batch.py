"""The batch benchmark (bench/batch.py): its rounds cut the corpus without losing or repeating a
pair, and a tiny run prints every row and finds the cluster rows' results identical.  No timings
are asserted here."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.batch import round_manifests  # noqa: E402


@pytest.mark.parametrize("rounds", [1, 3, 7])
def test_rounds_cut_the_manifest_into_consecutive_slices(tmp_path: Path, rounds: int) -> None:
    manifest = tmp_path / "manifest.csv"
    lines = [f"pair-{seed},a{seed}.txt,b{seed}.txt,{seed}" for seed in range(1, 8)]
    manifest.write_text("\n".join(["id,old,new,seed", *lines]) + "\n", encoding="utf-8")
    slices = round_manifests(manifest, rounds)
    assert len(slices) == rounds
    read = [path.read_text(encoding="utf-8").splitlines() for path, _ in slices]
    assert all(text[0] == "id,old,new,seed" for text in read)
    assert [line for text in read for line in text[1:]] == lines
    assert [size for _, size in slices] == [len(text) - 1 for text in read]


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="Dask is not installed (constdiff[batch])")
def test_a_tiny_run_prints_every_row(tmp_path: Path) -> None:
    """Two pairs in two rounds: one process, clusters of one and two workers, the CLI peer."""
    command = [sys.executable, str(ROOT / "bench" / "batch.py"), "--pairs", "2", "--rounds", "2", "--workers", "1", "2",
               "--keep", str(tmp_path)]
    printed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True).stdout
    table = printed[printed.index("\nrow "):]
    for row in ("one process ", "local cluster, 1 worker ", "local cluster, 2 workers ", "constdiff diff per pair, "):
        assert f"\n{row}" in table, printed
    assert "the cluster rows wrote byte-identical results" in printed
    assert sorted(path.name for path in (tmp_path / "results-cli").iterdir()) == ["pair-0001.json", "pair-0002.json"]


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="Dask is not installed (constdiff[batch])")
def test_per_process_splits_a_clusters_cpu_by_process(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "bench" / "batch.py"), "--pairs", "3", "--keep", str(tmp_path), "--per-process", "1"]
    printed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True).stdout
    idle, busy = printed.splitlines()[-2:]
    assert idle.startswith("idle 1 s, CPU s per second: client and scheduler ")
    assert busy.startswith("2 jobs, CPU s per job: client and scheduler ") and "job processes 0." in busy
