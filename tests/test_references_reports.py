"""Cross-references as a user sees them: ``diff --refs`` in every format, the reference gates,
``constdiff refs FILE``, the JSON schemas, and the goldens of a small fictional pair made for it.

The pair (the Charter of the Isle of Quill) inserts an article 3, so old 3-5 become 4-6, and
repeals old 6 as a stub 7.  Its new version holds one reference of each kind a drafter must see:
Article 2 follows its target's renumbering (updated); Article 4(2) still cites "Article 5",
which was the warden's removal and is now Article 6 (stale, should cite 6); Article 3 cites an
Article 9 that does not exist, and Article 8 a paragraph 3 of Article 4, which has two (dangling);
Article 8 cites the repealed Article 7 (repealed-target).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from referencing import Registry, Resource

from constdiff.cli import main
from constdiff.gates import REFERENCE_GATES, GateError, Gates, parse_fail_on, tripped
from constdiff.model import ReferenceCheck
from constdiff.pipeline import compare_files
from constdiff.profiles import data_dir
from constdiff.report.csv_export import COLUMNS
from constdiff.report.terminal import REFERENCE_STYLES
from constdiff.report.view import REFERENCE_PROBLEM_ORDER, ReportOptions, build_view
from constdiff.seeds import seed_pair
from test_html_export import Page
from test_seeds_golden import golden

OLD_CHARTER = """\
THE CHARTER OF THE ISLE OF QUILL

Article 1

The isle is governed by an assembly of twelve members elected by its residents.

Article 2

The assembly elects a warden under the rules of Article 4.

Article 3

1. The warden keeps the seal of the isle and answers to the assembly.
2. The warden may be removed as Article 5 provides.

Article 4

Elections are held every four years by secret ballot of all residents of the isle.

Article 5

The warden may be removed by a vote of two thirds of the assembly after a public hearing.

Article 6

The harbour dues are set each year by the assembly, as provided in Article 1.
"""

NEW_CHARTER = """\
THE CHARTER OF THE ISLE OF QUILL

Article 1

The isle is governed by an assembly of twelve members elected by its residents.

Article 2

The assembly elects a warden under the rules of Article 5.

Article 3

The assembly meets in the town hall each spring, except as provided in Article 9.

Article 4

1. The warden keeps the seal of the isle and answers to the assembly.
2. The warden may be removed as Article 5 provides.

Article 5

Elections are held every four years by secret ballot of all residents of the isle.

Article 6

The warden may be removed by a vote of two thirds of the assembly after a public hearing.

Article 7

Repealed.

Article 8

Fishing rights are granted by the warden within the limits of Article 7 and paragraph 3 of Article 4.
"""

SCHEMAS = data_dir() / "schema"
SCHEMA = json.loads((SCHEMAS / "constdiff-1.schema.json").read_text(encoding="utf-8"))
REFS_SCHEMA = json.loads((SCHEMAS / "constdiff-refs-1.schema.json").read_text(encoding="utf-8"))
SEED_OLD, SEED_NEW = (str(path) for path in seed_pair())
TERMINAL = {"NO_COLOR": None, "COLUMNS": None, "TERM": "xterm-256color", "COLORTERM": None}


@pytest.fixture
def charter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pair as old.txt and new.txt in the working directory: reports name them by those relative paths."""
    (tmp_path / "old.txt").write_text(OLD_CHARTER, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW_CHARTER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), env=TERMINAL, **kwargs)


def validate_refs(document: dict) -> None:
    """constdiff-refs/1 names constdiff/1's references object: both schemas are registered by their $id."""
    registry = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in (SCHEMA, REFS_SCHEMA))
    jsonschema.Draft202012Validator(REFS_SCHEMA, registry=registry).validate(document)


# --- diff --refs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("--format", "markdown"), "refs-pair.md"),
        (("--format", "csv"), "refs-pair.csv"),
        (("--format", "html"), "refs-pair.html"),
        (("--color", "never", "--width", "80", "--no-pager", "--show", "none"), "refs-pair-80-never.txt"),
    ],
)
def test_diff_refs_matches_golden_files(charter: Path, args: tuple[str, ...], name: str) -> None:
    result = run("diff", "old.txt", "new.txt", "--refs", *args)
    assert result.exit_code == 1, result.output + result.stderr
    golden(name, result.output)


def test_every_format_names_the_problems_and_the_figures(charter: Path) -> None:
    for output_format in ("rich", "markdown", "html", "json", "csv"):
        pager = ("--no-pager",) if output_format == "rich" else ()
        output = run("diff", "old.txt", "new.txt", "--refs", "--format", output_format, *pager).output
        for needle in ("stale", "dangling", "repealed-target", "Article 5", "Article 9", "paragraph 3 of Article 4"):
            assert needle in output, (output_format, needle)


def test_json_carries_every_finding_problems_first_and_validates(charter: Path) -> None:
    result = run("diff", "old.txt", "new.txt", "--refs", "--format", "json")
    document = json.loads(result.output)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    references = document["references"]
    checks = [finding["check"] for finding in references["findings"]]
    assert checks == ["stale", "dangling", "dangling", "repealed-target", "updated"]
    assert references["counts"] == {"found": 5, "resolved": 0, "updated": 1, "stale": 1, "retargeted": 0, "repealed-target": 1, "dangling": 2, "external": 0}
    assert set(references["definitions"]) == set(references["counts"])
    stale = references["findings"][0]
    assert (stale["citing"], stale["reference"]["target"], stale["expected"]) == ("4(2)", "5", "6")
    assert stale["old_reference"]["source"] == "3" and stale["old_reference"]["source_paragraph"] == "2"
    paragraph = NEW_CHARTER.split("2. ", 1)[1].split("\n")[0]
    assert paragraph[stale["reference"]["start"] : stale["reference"]["end"]] == stale["reference"]["text"] == "Article 5"
    assert all(finding["problem"] == (finding["check"] in {"stale", "dangling", "repealed-target"}) for finding in references["findings"])


def test_without_refs_no_report_changes(charter: Path) -> None:
    """No references member, no kind column, no section: the goldens of the seeds pin the rest."""
    for output_format, absent in (("json", '"references"'), ("markdown", "Cross-references"), ("html", "Cross-references"), ("rich", "Cross-references")):
        assert absent not in run("diff", "old.txt", "new.txt", "--format", output_format).output, output_format
    assert run("diff", "old.txt", "new.txt", "--format", "csv").output.splitlines()[0] == ",".join(COLUMNS)


def test_csv_is_one_table_told_apart_by_kind(charter: Path) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("diff", "old.txt", "new.txt", "--refs", "--format", "csv").output)))
    kinds = [row["kind"] for row in rows]
    assert kinds == sorted(kinds) and set(kinds) == {"article", "reference"}
    references = [row for row in rows if row["kind"] == "reference"]
    assert [row["status"] for row in references] == ["stale", "dangling", "dangling", "repealed-target", "updated"]
    stale = references[0]
    assert (stale["citing_article"], stale["citing_paragraph"], stale["target"], stale["expected"], stale["old_citing_article"]) == ("4", "2", "5", "6", "3")
    assert all(row["old_numbers"] == row["similarity"] == "" for row in references)
    assert all(row["citation"] == "" for row in rows if row["kind"] == "article")


def test_show_all_lists_every_finding_and_the_default_only_the_problems(charter: Path) -> None:
    default = run("diff", "old.txt", "new.txt", "--refs", "--format", "markdown").output
    everything = run("diff", "old.txt", "new.txt", "--refs", "--format", "markdown", "--show", "all").output
    followed = "old Article 4 became Article 5, and the reference followed it"
    assert followed not in default and "1 reference without a problem not listed (--show all lists every one)." in default
    assert followed in everything and "not listed (--show all" not in everything.split("## Cross-references")[1]


def test_article_keeps_the_references_standing_in_it(charter: Path) -> None:
    document = json.loads(run("diff", "old.txt", "new.txt", "--refs", "--format", "json", "--article", "8").output)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    assert [finding["check"] for finding in document["references"]["findings"]] == ["dangling", "repealed-target"]
    assert document["references"]["counts"]["found"] == 2 and document["references"]["counts"]["external"] is None
    zoomed = run("diff", "old.txt", "new.txt", "--refs", "--article", "8", "--color", "never", "--no-pager").output
    assert "Article 9" not in zoomed and "paragraph 3 of" in zoomed


def test_the_html_section_links_only_to_what_is_on_the_page(charter: Path) -> None:
    page = run("diff", "old.txt", "new.txt", "--refs", "--format", "html").output
    parsed = Page(page)
    assert "references" in parsed.ids and "#references" in parsed.links
    assert {link[1:] for link in parsed.links} - set(parsed.ids) == set()
    assert '<a href="#art-new-4">4(2)</a>' in page and '<td data-label="Cites">9</td>' in page  # no Article 9 to link to
    assert 'data-status="stale"' not in page  # the article filters never hide a reference row


def test_the_view_orders_problems_and_every_check_has_a_style() -> None:
    assert set(REFERENCE_PROBLEM_ORDER) == {check for check in ReferenceCheck if check.problem}
    assert set(REFERENCE_STYLES) == set(ReferenceCheck)
    assert SCHEMA["$defs"]["reference_finding"]["properties"]["check"]["enum"] == [check.value for check in ReferenceCheck]
    counted = SCHEMA["$defs"]["references"]["properties"]["counts"]["properties"]
    assert set(counted) == {"found", "external", *(check.value for check in ReferenceCheck)}


def test_demo_refs_adds_the_section() -> None:
    result = run("demo", "--refs", "--format", "markdown")
    assert result.exit_code == 0 and "## Cross-references in `" in result.output


def test_the_settings_file_turns_the_check_on(charter: Path) -> None:
    (charter / "constdiff.yaml").write_text("refs: true\n", encoding="utf-8")
    assert '"references"' in run("diff", "old.txt", "new.txt", "--format", "json").output


# --- gates ---------------------------------------------------------------------------------


def test_reference_gates_trip_on_their_problem_and_turn_the_check_on(charter: Path) -> None:
    stale = run("diff", "old.txt", "new.txt", "--fail-on", "stale-refs", "--quiet")
    assert (stale.exit_code, stale.stdout) == (1, "")
    assert stale.stderr == "constdiff: gate: 1 reference(s) stale: 4 → 5 (should cite 6)\n"
    dangling = run("diff", "old.txt", "new.txt", "--fail-on", "dangling-refs", "--quiet")
    assert dangling.exit_code == 1 and dangling.stderr == "constdiff: gate: 2 reference(s) dangling: 3 → 9, 8 → 4(3)\n"
    assert run("diff", "old.txt", "new.txt", "--fail-on", "repealed-target-refs", "--quiet").exit_code == 1
    implied = run("diff", "old.txt", "new.txt", "--fail-on", "stale-refs", "--format", "json")
    assert implied.exit_code == 1 and "references" in json.loads(implied.stdout)


def test_reference_gates_pass_when_every_reference_resolves() -> None:
    passed = run("diff", SEED_OLD, SEED_NEW, "--fail-on", "stale-refs,dangling-refs", "--quiet")
    assert (passed.exit_code, passed.stderr) == (0, "")
    assert run("diff", SEED_OLD, SEED_NEW, "--fail-on", "stale-refs,added", "--quiet").exit_code == 1  # the other gate


def test_an_unknown_gate_is_one_line_naming_the_choices() -> None:
    result = run("diff", SEED_OLD, SEED_NEW, "--fail-on", "stale-ref")
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "unknown class 'stale-ref'" in result.stderr and "stale-refs, repealed-target-refs, dangling-refs" in result.stderr


def test_a_library_gate_without_the_check_is_an_error() -> None:
    assert set(parse_fail_on("stale-refs,dangling-refs,repealed")) == {ReferenceCheck.STALE, ReferenceCheck.DANGLING, *parse_fail_on("repealed")}
    assert set(REFERENCE_GATES.values()) == {check for check in ReferenceCheck if check.problem}
    comparison = compare_files(SEED_OLD, SEED_NEW)
    with pytest.raises(GateError, match="needs the cross-references checked"):
        tripped(comparison, Gates(parse_fail_on("stale-refs")))


# --- constdiff refs ------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "name"), [((), "refs-one.txt"), (("--format", "markdown"), "refs-one.md"), (("--format", "csv"), "refs-one.csv")])
def test_refs_matches_golden_files(charter: Path, args: tuple[str, ...], name: str) -> None:
    result = run("refs", "new.txt", *args)
    assert result.exit_code == 1, result.output + result.stderr
    golden(name, result.output)


def test_refs_json_validates_and_carries_every_finding(charter: Path) -> None:
    document = json.loads(run("refs", "new.txt", "--format", "json").output)
    validate_refs(document)
    assert document["schema"] == "constdiff-refs/1" and document["source"] == "new.txt" and document["language"] == "en"
    assert [finding["check"] for finding in document["references"]["findings"]] == ["dangling", "dangling", "repealed-target", "resolved", "resolved"]
    assert set(document["references"]["counts"]) == {"found", "resolved", "repealed-target", "dangling", "external"}
    broken = {**document, "references": {**document["references"], "counts": {"found": 5}}}
    with pytest.raises(jsonschema.ValidationError):
        validate_refs(broken)


def test_refs_exit_status_and_quiet(charter: Path) -> None:
    assert run("refs", SEED_NEW).exit_code == 0
    assert run("refs", SEED_NEW, "--format", "json").exit_code == 0
    quiet = run("refs", "new.txt", "--quiet")
    assert (quiet.exit_code, quiet.output) == (1, "")
    assert run("refs", "old.txt", "--quiet").exit_code == 0  # the old version's references all resolve
    piped = run("refs", "-", "--quiet", input=NEW_CHARTER)
    assert piped.exit_code == 1


def test_refs_show_all_lists_every_finding(charter: Path) -> None:
    everything = run("refs", "new.txt", "--show", "all", "--format", "markdown").output
    assert everything.count("| the cited article exists |") == 2 and "not listed" not in everything


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("refs", "missing.txt"), "constdiff: error: missing.txt: no such file"),
        (("refs", "new.txt", "--format", "json", "--show", "all"), "constdiff: error: --show: does not apply to --format json (it carries every finding)"),
        (("refs", "new.txt", "-o", "new.txt"), "constdiff: error: new.txt: is the same file as the input new.txt; the report would overwrite it"),
        (("refs", "new.txt", "--lang", "en", "--profile", "nothing.yaml"), "nothing.yaml"),
    ],
)
def test_refs_errors_are_one_line_exit_2(charter: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert (charter / "new.txt").read_text(encoding="utf-8") == NEW_CHARTER


@pytest.mark.parametrize("output_format", ["rich", "markdown", "json", "csv"])
def test_refs_writes_a_file(charter: Path, output_format: str) -> None:
    result = run("refs", "new.txt", "--format", output_format, "-o", "report.out")
    assert (result.exit_code, result.stdout) == (1, "")
    written = (charter / "report.out").read_text(encoding="utf-8")
    assert "Article 9" in written and "repealed-target" in written and "\x1b[" not in written


def test_refs_on_the_kazakh_text(corpus_dir: Path) -> None:
    result = run("refs", str(corpus_dir / "kz-2026.ru.raw.txt"), "--format", "json")
    document = json.loads(result.output)
    validate_refs(document)
    counts = document["references"]["counts"]
    assert counts["found"] == len(document["references"]["findings"]) > 20
    assert result.exit_code == (1 if counts["dangling"] + counts["repealed-target"] else 0)


def test_diff_refs_json_of_the_kazakh_pair_validates(corpus_dir: Path) -> None:
    old, new = corpus_dir / "kz-1995-2023.ru.pdftotext-layout.txt", corpus_dir / "kz-2026.ru.raw.txt"
    document = json.loads(run("diff", str(old), str(new), "--refs", "--format", "json", "--show", "none").output)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    counts = document["references"]["counts"]
    assert counts["found"] == sum(counts[check.value] for check in ReferenceCheck) == len(document["references"]["findings"])


def test_the_view_counts_what_the_report_found(charter: Path) -> None:
    comparison = compare_files("old.txt", "new.txt", references=True)
    view = build_view(comparison, ReportOptions()).references
    assert view is not None
    assert {count.key: count.count for count in view.counts}[ReferenceCheck.STALE.value] == comparison.references.count(ReferenceCheck.STALE)
    assert [row.citing for row in view.rows if row.check.problem] == ["4(2)", "3", "8", "8"]


# --- the page in a browser -----------------------------------------------------------------


def test_the_references_section_in_a_browser(charter: Path, tmp_path: Path) -> None:
    from test_html_browser import NARROW, in_viewport, missing, open_page

    reason = missing()
    if reason:
        pytest.skip(f"no browser for the HTML tests: {reason}")
    from bench.browser import chrome

    view = build_view(compare_files("old.txt", "new.txt", references=True), ReportOptions())
    driver = chrome()
    try:
        open_page(driver, tmp_path, view)
        driver.find_element("css selector", 'nav.toc a[href="#references"]').click()
        assert in_viewport(driver, "references")
        rows = driver.find_elements("css selector", "table.references tbody tr")
        assert [row.find_element("css selector", "td.status").text for row in rows] == ["stale", "dangling", "dangling", "repealed-target"]
        rows[0].find_element("link text", "4(2)").click()
        assert driver.execute_script("return location.hash") == "#art-new-4"
        open_page(driver, tmp_path, view, width=NARROW, height=800)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= NARROW
    finally:
        driver.quit()


def test_a_range_of_articles_is_one_finding_with_both_ends() -> None:
    document = json.loads(run("diff", SEED_OLD, SEED_NEW, "--refs", "--format", "json", "--show", "none").stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    ranges = [finding["reference"] for finding in document["references"]["findings"] if finding["reference"]["through"]]
    assert [(reference["text"], reference["article"], reference["through"], reference["target"]) for reference in ranges] == [("Articles 1 to 3", "1", "3", "1–3")]
