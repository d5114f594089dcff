"""The benchmark's pair generator (bench/generate.py): deterministic, parseable, a complete truth.

And constdiff's alignment on a small generated pair meets the benchmark's quality goal
(precision and recall of article correspondences >= 0.99).  No timings are asserted here.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    STATUSES,
    Correspondence,
    Rates,
    correspondences_of,
    generate_pair,
    score,
)
from constdiff.model import ArticleStatus  # noqa: E402
from constdiff.parse import parse_text  # noqa: E402
from constdiff.pipeline import compare  # noqa: E402
from constdiff.profiles import load_profile  # noqa: E402

EN = load_profile("en")
ARTICLES = 200


@pytest.fixture(scope="module")
def pair():
    return generate_pair(ARTICLES, seed=11)


def test_same_seed_same_pair(pair):
    again = generate_pair(ARTICLES, seed=11)
    assert again.old_text == pair.old_text
    assert again.new_text == pair.new_text
    assert again.truth == pair.truth


def test_another_seed_another_pair(pair):
    other = generate_pair(ARTICLES, seed=12)
    assert other.old_text != pair.old_text


def test_texts_follow_the_seed_layout(pair):
    lines = pair.old_text.splitlines()
    assert lines[0].isupper()
    first_section = lines.index("Section I")
    assert lines[first_section + 1] and not lines[first_section + 1].startswith("Article")
    assert "Article 1" in lines
    assert any(line.startswith("1. ") for line in lines)


def test_texts_parse_into_the_expected_articles(pair):
    old = parse_text(pair.old_text, profile=EN)
    new = parse_text(pair.new_text, profile=EN)
    assert [article.number for article in old.articles()] == list(pair.old_numbers)
    assert [article.number for article in new.articles()] == list(pair.new_numbers)
    assert len(pair.old_numbers) == ARTICLES
    assert len(old.top_divisions()) == pair.old_sections
    assert len(new.top_divisions()) == pair.new_sections
    assert not old.warnings and not new.warnings
    repealed_in_old = [a.number for a in old.articles() if a.status is ArticleStatus.REPEALED]
    assert all(not article.paragraphs for article in old.articles() if article.number in repealed_in_old)
    assert all(article.paragraphs for article in new.articles())


def test_truth_covers_every_article_exactly_once(pair):
    old_seen = Counter(number for item in pair.truth for number in item.old)
    new_seen = Counter(number for item in pair.truth for number in item.new)
    assert old_seen == Counter(pair.old_numbers)
    assert new_seen == Counter(pair.new_numbers)
    assert set(old_seen.values()) == {1} and set(new_seen.values()) == {1}


def test_truth_statuses_match_their_shape(pair):
    for item in pair.truth:
        assert item.status in STATUSES
        if item.status == "split":
            assert len(item.old) == 1 and len(item.new) >= 2
        elif item.status == "merged":
            assert len(item.old) >= 2 and len(item.new) == 1
        elif item.status == "added":
            assert not item.old and len(item.new) == 1
        elif item.status == "repealed":
            assert len(item.old) == 1 and not item.new
        else:
            assert len(item.old) == 1 and len(item.new) == 1
    # the default edit model exercises every kind of change
    assert {"moved", "amended", "split", "merged", "added", "repealed"} <= {item.status for item in pair.truth}


def test_no_edits_means_every_article_unchanged():
    nothing = Rates(
        editorial=0, amended=0, repealed=0, split=0, merged=0, moved=0, already_repealed=0, added=0,
        inserted_number=0, footnote=0, new_section=0, renamed_section=0,
    )
    pair = generate_pair(30, seed=5, rates=nothing)
    assert {item.status for item in pair.truth} == {"unchanged"}
    assert pair.old_numbers == pair.new_numbers
    comparison = compare(parse_text(pair.old_text, profile=EN), parse_text(pair.new_text, profile=EN))
    assert {article.change.value for article in comparison.articles} == {"unchanged"}


def test_score_definitions():
    truth = [
        Correspondence(("1",), ("1",), "unchanged"),
        Correspondence(("2",), ("2", "3"), "split"),
        Correspondence(("3",), (), "repealed"),
    ]
    assert score(truth, truth).precision == score(truth, truth).recall == 1.0
    half_split = [truth[0], Correspondence(("2",), ("2",), "amended"), Correspondence((), ("3",), "added"), truth[2]]
    result = score(half_split, truth)
    assert (result.correct, result.reported, result.true) == (2, 4, 3)
    assert result.precision == 0.5 and result.recall == pytest.approx(2 / 3)
    assert result.link_recall == pytest.approx(3 / 4)  # (1,1), (2,2), (3,-) of (1,1), (2,2), (2,3), (3,-)


def test_constdiff_aligns_a_generated_pair(pair):
    comparison = compare(parse_text(pair.old_text, profile=EN), parse_text(pair.new_text, profile=EN))
    result = score(correspondences_of(comparison), pair.truth)
    assert result.precision >= 0.99, result.wrong
    assert result.recall >= 0.99, result.wrong


def test_benchmark_stage_timers_name_existing_functions():
    """bench/run.py times stages by patching functions by name; a renamed one must not vanish silently."""
    import importlib

    from bench.run import STAGES

    for _, module_name, attribute, _ in STAGES:
        owner = importlib.import_module(module_name)
        for part in attribute.split("."):
            owner = getattr(owner, part)
        assert callable(owner), f"{module_name}.{attribute}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="processes are forked on Linux only")
def test_parallel_stages_give_the_same_report(tmp_path, monkeypatch):
    """Parsing, candidate scoring and diffing fork above size thresholds (lowered here to zero);
    the JSON report must be byte-identical to the serial one."""
    import constdiff.align
    import constdiff.classify
    import constdiff.pipeline
    from constdiff.report.json_export import render_json

    old_path, new_path = generate_pair(300, seed=3).write(tmp_path)
    serial = render_json(constdiff.pipeline.compare_files(str(old_path), str(new_path), jobs=1))
    monkeypatch.setattr(constdiff.pipeline, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(constdiff.align, "PARALLEL_MIN_ARTICLES", 0)
    monkeypatch.setattr(constdiff.classify, "PARALLEL_MIN_CHARS", 0)
    assert render_json(constdiff.pipeline.compare_files(str(old_path), str(new_path), jobs=2)) == serial
