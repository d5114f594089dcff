"""The fuzz budget: a short, reproducible run by default; as long as ``CONSTDIFF_FUZZ_SECONDS`` says otherwise.

Short (the normal test run): each target runs ``SHORT_EXAMPLES`` derandomised examples and fails
on the first crash, like any test.  Long: the seconds are shared among the targets; each target
runs batch after batch of fresh random examples until its share is spent, records every distinct
failure (hypothesis shrinks each one to a minimal example) and goes on, then fails listing them.
The counts are printed at the end of the run and, with ``CONSTDIFF_FUZZ_REPORT=FILE``, written
to FILE as JSON after every batch, so a run that dies still leaves its figures.
"""

from __future__ import annotations

import json
import os
import signal
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

LONG_SECONDS = float(os.environ.get("CONSTDIFF_FUZZ_SECONDS") or 0)
REPORT = os.environ.get("CONSTDIFF_FUZZ_REPORT")
SHORT_EXAMPLES = 10
LONG_BATCH_EXAMPLES = 25
SHORT_PHASES = (Phase.explicit, Phase.generate)
"""No shrinking in the short run: a failure there is shown as found, at once (shrinking took minutes)."""
EXAMPLE_SECONDS = 10.0
"""No input may hold constdiff longer than this (the issue's acceptance: never a hang past 10 s)."""


class TookTooLong(Exception):
    """An example ran past EXAMPLE_SECONDS: a hang, for a fuzzer."""


@dataclass
class Tally:
    examples: int = 0
    batches: int = 0
    seconds: float = 0.0
    failures: dict[str, str] = field(default_factory=dict)
    """A failure's kind (exception, message, where in constdiff) → its minimal example and traceback."""


TALLIES: dict[str, Tally] = {}


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """SIGALRM interrupts Python code and the regular-expression engine alike (both check signals)."""

    def stop(signum: int, frame: Any) -> None:
        raise TookTooLong(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fuzzes(strategy: st.SearchStrategy[Any]) -> Callable[[Callable[[Any], None]], Callable[[], None]]:
    """A test that feeds ``strategy``'s examples to the check, within the budget."""

    def decorate(check: Callable[[Any], None]) -> Callable[[], None]:
        tally = TALLIES.setdefault(check.__name__, Tally())

        def counted(example: Any) -> None:
            tally.examples += 1
            with time_limit(EXAMPLE_SECONDS):
                check(example)

        common = dict(deadline=None, database=None, suppress_health_check=list(HealthCheck))
        short = settings(max_examples=SHORT_EXAMPLES, derandomize=True, phases=SHORT_PHASES, **common)(given(strategy)(counted))
        batch = settings(max_examples=LONG_BATCH_EXAMPLES, **common)(given(strategy)(counted))

        def test() -> None:
            if not LONG_SECONDS:
                short()
                return
            start = time.monotonic()
            while time.monotonic() - start < LONG_SECONDS / len(TALLIES):  # a share for each target
                try:
                    batch()
                except Exception as error:  # noqa: BLE001 - a finding to record, then fuzz on
                    for each in _leaves(error):
                        tally.failures.setdefault(_kind(each), _description(each))
                tally.batches += 1
                tally.seconds = time.monotonic() - start
                write_report()
            if tally.failures:
                pytest.fail(f"{len(tally.failures)} distinct failure(s):\n\n" + "\n\n".join(tally.failures.values()))

        test.__name__, test.__qualname__, test.__doc__ = check.__name__, check.__qualname__, check.__doc__
        return test

    return decorate


def _leaves(error: BaseException) -> list[BaseException]:
    """The failures themselves: hypothesis reports several distinct ones as an exception group."""
    inner = getattr(error, "exceptions", None)  # an ExceptionGroup (a backport's before Python 3.11)
    return [leaf for each in inner for leaf in _leaves(each)] if isinstance(inner, tuple) else [error]


def _kind(error: BaseException) -> str:
    """Same exception type, same first line of message, raised at the same place in constdiff: one failure."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "/constdiff/" in frame.filename]
    where = f"{frames[-1].filename.rsplit('/constdiff/', 1)[-1]}:{frames[-1].lineno}" if frames else "the test"
    message = str(error).splitlines()[0][:120] if str(error) else ""
    return f"{type(error).__name__}: {message} (at {where})"


def _description(error: BaseException) -> str:
    notes = "\n".join(getattr(error, "__notes__", ()))
    return f"{_kind(error)}\n{notes}\n" + "".join(traceback.format_exception(error)[-6:])


def write_report() -> None:
    if REPORT:
        figures = {name: {"examples": tally.examples, "batches": tally.batches, "seconds": round(tally.seconds),
                          "failures": tally.failures} for name, tally in TALLIES.items()}
        with open(REPORT, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2, ensure_ascii=False)
