"""Time the word diff on both diff-match-patch engines: C++ (fast-diff-match-patch) and pure Python.

Usage: python bench/worddiff_engines.py [--repeat N]
Cases, from the English text of the Kazakh Constitution: every article against a
programmatically edited copy of it (words replaced, dropped and inserted), and
the whole text against the whole edited copy. Reports medians over N runs, their
ratio, and whether both engines gave the same ops. Needs ../shared/corpus/kz
beside the repository.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

from constdiff.worddiff import CPP_ENGINE, ENGINES, PYTHON_ENGINE, diff_words, tokenize

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TEXT = CORPUS / "kz" / "kz-1995-2023.en.txt"
Pairs = list[tuple[str, str]]


def edited(text: str, rng: random.Random) -> str:
    """About 3% of words replaced, 2% dropped and 2% inserted: an amendment spread over the whole text."""
    tokens = tokenize(text)
    words = [token for token in tokens if token[:1].isalnum()]
    out: list[str] = []
    for token in tokens:
        roll = rng.random()
        if token[:1].isalnum() and roll < 0.03:
            out.append(rng.choice(words))
        elif token[:1].isalnum() and roll < 0.05:
            continue
        else:
            out.append(token)
            if roll > 0.98:
                out.append(" " + rng.choice(words))
    return "".join(out)


def cases(text: str) -> dict[str, Pairs]:
    rng = random.Random(1995)
    articles = [chunk for chunk in re.split(r"(?m)^(?=Article )", text) if chunk.strip()]
    article_pairs = [(article, edited(article, rng)) for article in articles]
    whole = (text, "".join(new for _, new in article_pairs))
    return {f"{len(article_pairs)} articles vs edited copies": article_pairs, "whole text vs edited copy": [whole]}


def median_seconds(pairs: Pairs, engine: str, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        for old, new in pairs:
            diff_words(old, new, engine)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def same_ops(pairs: Pairs) -> bool:
    return all(diff_words(old, new, CPP_ENGINE) == diff_words(old, new, PYTHON_ENGINE) for old, new in pairs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not TEXT.is_file():
        print(f"corpus not found at {TEXT}; nothing to measure")
        return 0
    if CPP_ENGINE not in ENGINES:
        print("fast-diff-match-patch is not installed (pip install 'constdiff[fast]'); nothing to compare")
        return 0
    print(f"word diff engines on {TEXT.name}; median of {args.repeat} runs")
    print(f"{'case':32} {'tokens':>8} {'C++ s':>8} {'Python s':>9} {'Python/C++':>11} {'same ops':>9}")
    for name, pairs in cases(TEXT.read_text(encoding="utf-8")).items():
        tokens = sum(len(tokenize(old)) + len(tokenize(new)) for old, new in pairs)
        cpp, python = (median_seconds(pairs, engine, args.repeat) for engine in (CPP_ENGINE, PYTHON_ENGINE))
        print(f"{name:32} {tokens:8,} {cpp:8.3f} {python:9.3f} {python / cpp:11.1f} {'yes' if same_ops(pairs) else 'NO':>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
