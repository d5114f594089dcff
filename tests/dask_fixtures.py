"""A Dask cluster for the tests, in processes of its own: ``dask scheduler`` and ``dask worker`` on
127.0.0.1 and a free port, and ``batch_driver.py`` to run the client side.

Nothing of Dask's runs in the test process itself: a client leaves a thread behind for the life of
the process (Dask's offload executor), and ``constdiff.parallel`` rightly maps serially in a process
with other threads, which the tests of ``tests/test_parallel.py`` would then see."""

from __future__ import annotations

import importlib.util
import json
import shlex
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

HAS_DASK = importlib.util.find_spec("distributed") is not None
NO_DASK = "Dask is not installed (the batch extra: pip install 'constdiff[batch]')"
needs_dask = pytest.mark.skipif(not HAS_DASK, reason=NO_DASK)
DRIVER = Path(__file__).with_name("batch_driver.py")
START_TIMEOUT = 120


@contextmanager
def dask_cluster(scheduler: str, worker: str, workers: int) -> Iterator[str]:
    """Run ``dask SCHEDULER`` (bound to 127.0.0.1 and a free port) and ``dask WORKER`` with the
    string ``ADDRESS`` replaced by the scheduler's; yields the address once ``workers`` are in."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")
    processes = [subprocess.Popen([dask, *shlex.split(scheduler), "--host", "127.0.0.1", "--port", str(port),
                                   "--dashboard-address", ":0"], stderr=subprocess.DEVNULL)]
    try:
        processes.append(subprocess.Popen([dask, *shlex.split(worker.replace("ADDRESS", address))], stderr=subprocess.DEVNULL))
        waiting = f"from distributed import Client; Client({address!r}, timeout=60).wait_for_workers({workers}, timeout=120)"
        subprocess.run([sys.executable, "-c", waiting], check=True, timeout=START_TIMEOUT)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=60)


def drive(**spec: Any) -> dict[str, Any]:
    """``constdiff.batch.run`` in a Python of its own (``batch_driver.py``): what it returned."""
    done = subprocess.run([sys.executable, str(DRIVER), json.dumps(spec)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
