"""Time constdiff on the Kazakh pair (Russian texts): parse, compare, CLI end to end.

Usage: python bench/compare_kz.py [--repeat N]
Reports medians over N runs, and the ratio of each stage to the whole in-process
comparison measured in the same run. Needs ../shared/corpus/kz beside the repository.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from constdiff.load import load_source
from constdiff.parse import parse_text
from constdiff.pipeline import compare, compare_files
from constdiff.worddiff import ENGINE_NAME

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"
OLD = CORPUS / "kz-1995-2023.ru.pdftotext-layout.txt"
NEW = CORPUS / "kz-2026.ru.raw.txt"


def median_seconds(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS}; nothing to measure")
        return 0
    old_text, new_text = load_source(str(OLD)).text, load_source(str(NEW)).text
    old_doc, new_doc = parse_text(old_text), parse_text(new_text)
    cli = [sys.executable, "-m", "constdiff", "diff", str(OLD), str(NEW), "--show", "none", "--color", "never", "--no-pager"]
    rows = [
        ("parse both texts", median_seconds(lambda: (parse_text(old_text), parse_text(new_text)), args.repeat)),
        ("compare() on parsed documents", median_seconds(lambda: compare(old_doc, new_doc), args.repeat)),
        ("compare_files(): load + parse + compare", median_seconds(lambda: compare_files(str(OLD), str(NEW)), args.repeat)),
        ("CLI end to end (python -m constdiff diff)", median_seconds(lambda: subprocess.run(cli, capture_output=True), args.repeat)),
    ]
    whole = rows[2][1]
    print(f"word diff engine: {ENGINE_NAME}; median of {args.repeat} runs")
    print(f"{'stage':45} {'median s':>9} {'x compare_files':>16}")
    for name, seconds in rows:
        print(f"{name:45} {seconds:9.3f} {seconds / whole:16.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
