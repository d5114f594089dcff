"""Cross-references on the seeds: the checks find exactly the mistakes written into them.

seeds/arvenia-2030.txt renumbers the 2024 text and makes one consequential-amendment mistake of
every kind (seeds/expected-2030.yaml lists them: stale, dangling, repealed-target, retargeted, and
the updated ones).  The first pair (2011 -> 2024) has none: its README says every reference points
at an existing article and follows the renumbering.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from constdiff.model import Comparison, ReferenceCheck, ReferenceFinding
from constdiff.pipeline import check_references, compare_files, read_document
from constdiff.seeds import seed_pair, seeds_dir

NEW_SEED = "arvenia-2030.txt"


def _seed(name: str) -> str:
    return str(seeds_dir() / name)


def _rows(findings: tuple[ReferenceFinding, ...]) -> list[dict[str, str]]:
    """Each finding as the truth file writes it: check, citing article, target (and expected number)."""
    rows = []
    for finding in findings:
        row = {"check": finding.check.value, "source": finding.reference.source, "target": finding.reference.target}
        if finding.expected is not None:
            row["expected"] = finding.expected
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def truth() -> dict:
    return yaml.safe_load((seeds_dir() / "expected-2030.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def amended() -> Comparison:
    return compare_files(_seed("arvenia-2024.txt"), _seed(NEW_SEED), references=True)


def _finding(comparison: Comparison, check: ReferenceCheck, source: str) -> ReferenceFinding:
    assert comparison.references is not None
    (found,) = [finding for finding in comparison.references.findings if finding.check is check and finding.reference.source == source]
    return found


def test_the_2030_seed_renumbers_as_its_truth_says(amended: Comparison, truth: dict) -> None:
    """The findings below rest on this renumbering: 32 inserted, old 32-46 up by one, old 47 repealed."""
    listed = sorted((entry["old"], entry["new"], entry["status"]) for entry in truth["articles"])
    found = sorted(
        (list(pair.old_numbers), list(pair.new_numbers), pair.change.value)
        for pair in amended.articles
        if not (pair.change.value == "unchanged" and pair.old_numbers == pair.new_numbers)
    )
    assert found == listed
    assert amended.preamble is not None and amended.preamble.change.value == truth["preamble"]


def test_every_reference_of_the_2030_seed_gets_its_written_check(amended: Comparison, truth: dict) -> None:
    assert amended.references is not None
    assert _rows(amended.references.findings) == truth["references"]
    assert amended.references.external == 0
    problems = {ReferenceCheck.STALE: 1, ReferenceCheck.DANGLING: 2, ReferenceCheck.REPEALED_TARGET: 1}
    assert {check: amended.references.count(check) for check in problems} == problems
    assert {finding.check for finding in amended.references.problems} == set(problems)


def test_the_stale_reference_names_the_old_number_the_new_one_and_what_stands_there(amended: Comparison) -> None:
    stale = _finding(amended, ReferenceCheck.STALE, "34")
    assert stale.old_reference is not None and (stale.old_reference.source, stale.old_reference.article) == ("33", "46")
    assert stale.reference.text == "Article 46" and stale.expected == "47"
    assert "old Article 46 is now Article 47" in stale.reason and "old Article 45" in stale.reason


def test_the_reference_to_the_repealed_article_is_told_from_a_renumbered_one(amended: Comparison) -> None:
    """Number 47 exists in 2030 (the old 46), so only the old version shows that the cited 47 was repealed."""
    repealed = _finding(amended, ReferenceCheck.REPEALED_TARGET, "41")
    assert repealed.old_reference is not None and (repealed.old_reference.source, repealed.old_reference.article) == ("40", "47")
    assert repealed.expected is None
    assert "old Article 47 was repealed" in repealed.reason and "old Article 46" in repealed.reason


def test_updated_references_carry_the_old_citation_they_followed(amended: Comparison) -> None:
    assert amended.references is not None
    followed = {
        (finding.reference.source, finding.old_reference.article, finding.reference.article)
        for finding in amended.references.findings
        if finding.check is ReferenceCheck.UPDATED and finding.old_reference is not None
    }
    assert followed == {("37", "32", "33"), ("51", "46", "47"), ("69", "37", "38")}


def test_dangling_references_say_what_is_missing(amended: Comparison) -> None:
    assert amended.references is not None
    reasons = {finding.reference.target: finding.reason for finding in amended.references.findings if finding.check is ReferenceCheck.DANGLING}
    assert set(reasons) == {"36(4)", "70"}
    assert reasons["36(4)"] == "Article 36 has no paragraph 4 in the new version (its paragraphs: 1, 2, 3)"
    assert reasons["70"] == "no Article 70 in the new version"


def test_the_2030_seed_alone_shows_only_the_dangling_references(truth: dict) -> None:
    """Without the old version the stale and the repealed-target citations resolve: their numbers exist."""
    report = check_references(read_document(_seed(NEW_SEED)))
    assert _rows(report.problems) == truth["alone"]
    assert len(report.findings) == len(truth["references"])


def test_the_first_seed_pair_has_no_reference_problem() -> None:
    """seeds/README.md: every reference points at an article of its text, and the new text uses the new numbers."""
    old, new = seed_pair()
    comparison = compare_files(str(old), str(new), references=True)
    assert comparison.references is not None
    assert comparison.references.problems == ()
    followed = {
        (finding.old_reference.source, finding.reference.source, finding.old_reference.article, finding.reference.article)
        for finding in comparison.references.findings
        if finding.check is ReferenceCheck.UPDATED and finding.old_reference is not None
    }
    # The README's list: 30->33 (47->51, 45->46), 34->36 (29->32), 47->51 (45->46), 55->59 (56->60), 62->30 (39->40).
    assert followed == {
        ("30", "33", "47", "51"),
        ("30", "33", "45", "46"),
        ("34", "36", "29", "32"),
        ("47", "51", "45", "46"),
        ("55", "59", "56", "60"),
        ("62", "30", "39", "40"),
    }
    for path in (old, new):
        assert check_references(read_document(str(path))).problems == (), Path(path).name


@pytest.mark.parametrize(
    ("old", "new", "gate", "status"),
    [
        ("arvenia-2011.txt", "arvenia-2024.txt", "stale-refs,dangling-refs,repealed-target-refs", 0),
        ("arvenia-2024.txt", NEW_SEED, "stale-refs", 1),
        ("arvenia-2024.txt", NEW_SEED, "dangling-refs", 1),
        ("arvenia-2024.txt", NEW_SEED, "repealed-target-refs", 1),
    ],
)
def test_the_ci_gate_stops_on_the_planted_mistakes_only(old: str, new: str, gate: str, status: int) -> None:
    """`diff --fail-on …-refs`, as CI runs it: the first pair passes, each planted kind fails the 2030 one."""
    from click.testing import CliRunner

    from constdiff.cli import main

    result = CliRunner().invoke(main, ["diff", _seed(old), _seed(new), "--fail-on", gate, "--quiet"])
    assert result.exit_code == status, result.output
