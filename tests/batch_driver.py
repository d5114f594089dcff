"""``python tests/batch_driver.py SPEC``: ``constdiff.batch.run`` as a test asks, in this Python
(``dask_fixtures.drive``); prints what it returned as JSON.

SPEC (JSON): ``manifest``, ``output``, and optionally ``scheduler`` (a cluster to use), or
``local_workers`` (a ``LocalCluster`` of that many one-thread workers started here and handed to
``run`` as its client), or ``workers`` (the local cluster ``run`` starts itself); ``reports``,
``resume``; ``kill_a_worker``: after the first job, SIGKILL a worker that has jobs left;
``interrupt_after``: raise KeyboardInterrupt once that many jobs are done."""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any


def main() -> None:
    spec = json.loads(sys.argv[1])
    import logging

    from distributed import Client, LocalCluster

    from constdiff.batch import BatchInterrupted, run

    cluster = None
    if spec.get("local_workers"):
        cluster = LocalCluster(n_workers=spec["local_workers"], threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
    client = Client(cluster or spec["scheduler"], timeout=60) if cluster or spec.get("scheduler") else None
    killed: list[int] = []

    def progress(done: int, total: int) -> None:
        if spec.get("kill_a_worker") and done and not killed:
            assert client is not None
            busy = [address for address, keys in client.processing().items() if keys]
            assert busy, "no worker had a job left to lose"
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        if spec.get("interrupt_after") == done:
            raise KeyboardInterrupt

    answer: dict[str, Any] = {}
    try:
        result = run(spec["manifest"], client, output=spec["output"], reports=spec.get("reports", False),
                     resume=spec.get("resume", False), workers=spec.get("workers"), progress=progress)
        answer = {"records": list(result.records), "skipped": result.skipped, "failed": result.failed}
    except BatchInterrupted as stop:
        answer = {"interrupted": True, "records": list(stop.result.records)}
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    answer["killed"] = len(killed)
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
