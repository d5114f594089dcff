"""constdiff history on histories generated with a known lineage (bench/generate.py's
``generate_history``): the lineage links of ``History.lineages`` against the generator's truth,
scored as bench/history.py scores them (precision and recall >= 0.99).  Small sizes; no timings.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import HistoryRates, generate_history  # noqa: E402
from bench.history import GOAL_LINKS, lineage_links, score_links  # noqa: E402
from constdiff.lineage import history  # noqa: E402
from constdiff.parse import parse_text  # noqa: E402
from constdiff.pipeline import compare  # noqa: E402

# Every step of the amendment mode splits, merges and (half the time) renumbers, so a small
# history holds each kind of link.
EVENTFUL = HistoryRates(split=1.0, merged=1.0, consolidated=0.5)


def test_generated_history_is_deterministic_and_links_every_step() -> None:
    first, again = (generate_history(4, 40, seed=3, vocabulary_size=3000) for _ in range(2))
    assert first.texts == again.texts and first.links == again.links
    assert generate_history(4, 40, seed=4, vocabulary_size=3000).texts != first.texts
    assert {link.step for link in first.links} == {1, 2, 3}
    for link in first.links:
        assert link.old in first.numbers[link.step - 1] and link.new in first.numbers[link.step]


@pytest.mark.parametrize(
    ("mode", "rates"), [("amendment", EVENTFUL), ("rewrite", HistoryRates())], ids=["amendment", "rewrite"]
)
def test_lineage_links_meet_the_goal(tmp_path: Path, mode: str, rates: HistoryRates) -> None:
    generated = generate_history(6, 60, seed=1, mode=mode, rates=rates)
    kinds = {link.kind for link in generated.links}
    assert kinds == {"continues", "split", "merged"}
    if mode == "amendment":  # a consolidation renumbered some step: a continuing link changes its number
        assert any(link.old != link.new for link in generated.links if link.kind == "continues")
    found = score_links(lineage_links(history([str(path) for path in generated.write(tmp_path)], jobs=1)), generated.links)
    assert found.precision >= GOAL_LINKS and found.recall >= GOAL_LINKS, (found.wrong[:5], found.missed[:5])


def test_a_split_or_merge_goes_on_in_the_article_that_keeps_its_number(tmp_path: Path) -> None:
    """Article N split into N and Na, or N and the next merged into N: N's lineage goes on in N."""
    generated = generate_history(6, 60, seed=1, rates=EVENTFUL)
    result = history([str(path) for path in generated.write(tmp_path)], jobs=1)
    kept = [link for link in generated.links if link.kind != "continues" and link.old == link.new]
    assert {link.kind for link in kept} == {"split", "merged"}
    for link in kept:
        assert any(
            lineage.numbers[link.step - 1] == link.old and lineage.numbers[link.step] == link.new for lineage in result.lineages
        ), link


def test_shared_work_changes_no_comparison(tmp_path: Path) -> None:
    """A history shares tokens and the redlines of kept articles between its steps
    (``paragraphs.reusing_work``); each step is still exactly what ``compare`` gives alone."""
    generated = generate_history(5, 60, seed=2, rates=EVENTFUL)
    result = history([str(path) for path in generated.write(tmp_path)], jobs=1)
    for before, after, comparison in zip(result.versions, result.versions[1:], result.comparisons[1:]):
        assert before.document is not None and after.document is not None
        assert comparison == compare(before.document, after.document, jobs=1)


def test_a_light_step_leaves_only_its_amended_articles_to_redline() -> None:
    """The pipeline forks for the text ``redline_links`` has still to make: outside
    ``reusing_work`` every linked article's, inside it not a kept article an earlier step redlined."""
    from constdiff.align import align_articles, link_order
    from constdiff.paragraphs import reusing_work, text_left_to_redline

    generated = generate_history(3, 60, seed=4)  # its second step amends a few articles in place
    first, second, third = (parse_text(text, source=f"v{index}") for index, text in enumerate(generated.texts))
    old, new = second.located_articles(), third.located_articles()
    links = link_order(align_articles(old, new))
    every_text = sum(len(paragraph.text) for side in (old, new) for item in side for paragraph in item.article.paragraphs)
    assert text_left_to_redline(old, new, links) == every_text
    with reusing_work():
        compare(first, second, jobs=1)
        left = text_left_to_redline(old, new, links)
        kept_here = compare(second, third, jobs=1)
    changed = [pair for pair in kept_here.articles if pair.change.value != "unchanged"]
    assert changed and 0 < left < every_text / 3
