"""The benchmark's pair generator (bench/generate.py): deterministic, parseable, a complete truth,
in both modes (renumbering edits; one amending act with numbers kept).

And constdiff's alignment on a small generated pair meets the benchmark's quality goal
(precision and recall of article correspondences >= 0.99).  No timings are asserted here.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import (  # noqa: E402
    STATUSES,
    SUFFIX_STYLES,
    Correspondence,
    Rates,
    correspondences_of,
    generate_amendment_pair,
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
    """Parsing, diffing and classifying fork above the pipeline's size threshold (lowered here to
    zero); the JSON report must be byte-identical to the serial one."""
    import constdiff.pipeline
    from constdiff.report.json_export import render_json
    from constdiff.report.view import build_view

    old_path, new_path = generate_pair(300, seed=3).write(tmp_path)
    serial = render_json(build_view(constdiff.pipeline.compare_files(str(old_path), str(new_path), jobs=1)))
    monkeypatch.setattr(constdiff.pipeline, "PARALLEL_MIN_CHARS", 0)
    assert render_json(build_view(constdiff.pipeline.compare_files(str(old_path), str(new_path), jobs=2))) == serial


# --- amendment mode --------------------------------------------------------------------

AMENDMENT_ARTICLES = 150


_SUFFIXED = {
    "letter": re.compile(r"\d+[a-z]"),
    "dash": re.compile(r"\d+-\d+"),
    "latin": re.compile(r"\d+(bis|ter|quater)"),
}


@pytest.fixture(scope="module", params=SUFFIX_STYLES)
def amendment(request):
    return generate_amendment_pair(AMENDMENT_ARTICLES, seed=7, style=request.param)


def test_amendment_same_seed_same_pair():
    first, again = (generate_amendment_pair(40, seed=7, vocabulary_size=5000) for _ in range(2))
    assert (again.old_text, again.new_text, again.truth) == (first.old_text, first.new_text, first.truth)
    assert generate_amendment_pair(40, seed=8, vocabulary_size=5000).old_text != first.old_text


def test_amendment_style_names_the_inserted_numbers(amendment):
    inserted = [n for n in amendment.new_numbers if n not in amendment.old_numbers]
    assert len({style for style, pattern in _SUFFIXED.items() if any(pattern.fullmatch(n) for n in inserted)}) == 1


def test_amendment_texts_parse_into_the_expected_articles(amendment):
    old = parse_text(amendment.old_text, profile=EN)
    new = parse_text(amendment.new_text, profile=EN)
    assert [article.number for article in old.articles()] == list(amendment.old_numbers)
    assert [article.number for article in new.articles()] == list(amendment.new_numbers)
    assert len(amendment.old_numbers) == AMENDMENT_ARTICLES
    assert len(old.top_divisions()) == len(new.top_divisions()) == amendment.old_sections


def test_amendment_keeps_numbers_and_inserts_beside_a_neighbour(amendment):
    removed = {item.old[0] for item in amendment.truth if item.status == "repealed" and not item.new}
    assert set(amendment.old_numbers) - removed <= set(amendment.new_numbers)
    inserted = [n for n in amendment.new_numbers if n not in amendment.old_numbers]
    assert inserted and all(any(pattern.fullmatch(n) for pattern in _SUFFIXED.values()) for n in inserted)
    for number in inserted:  # right after the article it is numbered after
        before = amendment.new_numbers[amendment.new_numbers.index(number) - 1]
        assert re.match(r"\d+", before).group() == re.match(r"\d+", number).group()


def test_amendment_truth_sets_follow_the_correspondences(amendment):
    truth = amendment.truth
    assert amendment.amended == {c.old[0] for c in truth if c.status in ("amended", "split")}
    assert amendment.inserted == {n for c in truth if c.status in ("added", "split") for n in c.new if n not in c.old}
    assert amendment.repealed == {c.old[0] for c in truth if c.status == "repealed"}
    assert amendment.correspondence_of("old", truth[0].old[0]) == truth[0]


def test_amendment_exercises_every_kind_of_edit(amendment):
    statuses = Counter(item.status for item in amendment.truth)
    assert statuses["split"] >= 1 and statuses["added"] >= 2 and statuses["amended"] >= 2
    repealed = [item for item in amendment.truth if item.status == "repealed"]
    assert repealed and all(item.new in ((), item.old) for item in repealed)
    old_document, new_document = parse_text(amendment.old_text, profile=EN), parse_text(amendment.new_text, profile=EN)
    old = {a.number: a for a in old_document.articles()}
    new = {a.number: a for a in new_document.articles()}
    placeholders = [n for n in amendment.old_numbers if _is_stub(old[n]) and n in new and _is_stub(new[n])]
    assert placeholders and all(amendment.correspondence_of("old", n).status == "unchanged" for n in placeholders)
    # one or more articles rewritten in full under their number: few words kept
    amended = [c.old[0] for c in amendment.truth if c.status == "amended"]
    assert min(_kept_share(old[n].text, new[n].text) for n in amended) < 0.5
    assert max(_kept_share(old[n].text, new[n].text) for n in amended) > 0.7
    # an inserted article written on the model of its neighbour, which stays as it was
    inserted = [c.new[0] for c in amendment.truth if c.status == "added"]
    neighbours = {n: amendment.new_numbers[amendment.new_numbers.index(n) - 1] for n in inserted}
    assert max(_kept_share(new[neighbours[n]].text, new[n].text) for n in inserted) > 0.3
    # a section renamed
    assert any(o.title != n.title for o, n in zip(old_document.top_divisions(), new_document.top_divisions()))


def _is_stub(article) -> bool:
    return article.status is ArticleStatus.REPEALED or article.text in ("-", "(repealed)") or article.title == "(repealed)"


def _kept_share(old: str, new: str) -> float:
    """Share of the new text's words that the old text also has (as a multiset)."""
    new_words = Counter(new.split())
    return sum((Counter(old.split()) & new_words).values()) / max(1, sum(new_words.values()))
