"""Consecutive official versions (one amending act between them): the Czech and Spanish histories
in ../shared/corpus. constdiff must match the number-keyed comparison the folders' READMEs describe
on every pair (none of these acts renumbers or moves anything), and swapping the versions must
mirror the result."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.accuracy import CORPUS, CORPUS_GROUPS, corpus_rows  # noqa: E402
from constdiff.pipeline import compare, read_document  # noqa: E402

GROUPS = {group.name: group for group in CORPUS_GROUPS}


def _folder(name: str) -> Path:
    folder = CORPUS / GROUPS[name].folder
    if not folder.is_dir():
        pytest.skip(f"real-text corpus not found at {folder} (it lives beside the repository, in ../shared/corpus)")
    return folder


@pytest.mark.parametrize("name", ["cz", "es"])
def test_every_consecutive_pair_matches_the_number_keyed_comparison(name: str) -> None:
    _folder(name)
    rows = corpus_rows(GROUPS[name])
    assert rows
    for row in rows:
        assert row.sets.f1 == 1.0, (row.label, row.errors)
        assert row.pairs.f1 == 1.0, (row.label, row.errors)
        assert row.sets.f1 >= row.baseline_sets.f1


@pytest.mark.parametrize("name", ["cz", "es"])
def test_the_language_is_detected_and_swapping_versions_mirrors_the_pairs(name: str) -> None:
    folder = _folder(name)
    versions = sorted(folder.glob(GROUPS[name].glob))
    old, new = read_document(str(versions[-2])), read_document(str(versions[-1]))
    assert old.language == new.language == GROUPS[name].language
    forward, backward = compare(old, new), compare(new, old)
    assert {(p.old_numbers, p.new_numbers) for p in forward.articles} == {
        (p.new_numbers, p.old_numbers) for p in backward.articles
    }
