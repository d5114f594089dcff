"""The fuzz figures at the end of the run (see harness.py for the budget)."""

from __future__ import annotations

from typing import Any

import harness


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not harness.TALLIES or not any(tally.examples for tally in harness.TALLIES.values()):
        return
    terminalreporter.section("fuzz")
    for name, tally in harness.TALLIES.items():
        if not tally.examples:
            continue
        terminalreporter.write_line(f"{name}: {tally.examples} examples, {len(tally.failures)} distinct failures"
                                    + (f", {tally.seconds:.0f} s" if tally.seconds else ""))
    harness.write_report()
