"""The bundled seeds: the report must find exactly the changes documented in seeds/expected.yaml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from constdiff.model import Comparison
from constdiff.pipeline import compare_files
from constdiff.seeds import seed_pair, seeds_dir

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    old, new = seed_pair()
    return compare_files(str(old), str(new))


@pytest.fixture(scope="module")
def expected() -> dict:
    return yaml.safe_load((seeds_dir() / "expected.yaml").read_text(encoding="utf-8"))


def test_articles_match_the_golden_truth(comparison: Comparison, expected: dict) -> None:
    found = sorted((list(pair.old_numbers), list(pair.new_numbers), pair.change.value) for pair in comparison.articles)
    truth = sorted((entry["old"], entry["new"], entry["status"]) for entry in expected["articles"])
    assert found == truth


def test_sections_match_the_golden_truth(comparison: Comparison, expected: dict) -> None:
    found = sorted(
        (
            section.old[0].number if section.old else "",
            section.new[0].number if section.new else "",
            section.change.value,
        )
        for section in comparison.sections
    )
    truth = sorted((entry["old"] or "", entry["new"] or "", entry["status"]) for entry in expected["sections"])
    assert found == truth


def test_preamble_matches_the_golden_truth(comparison: Comparison, expected: dict) -> None:
    assert comparison.preamble is not None and comparison.preamble.change.value == expected["preamble"]


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; CONSTDIFF_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("CONSTDIFF_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")
