"""The HTML synopsis in a real browser (Debian's chromium through selenium and the system chromedriver).

Checked as a reader would use the page: table-of-contents links land on their targets, the
filters hide rows, nothing overflows at 400 px, permalinks exist, and markup in an article's
text stays text (a ``<script>`` or ``onerror=`` in the input never runs).  Skipped with the
reason when no browser is installed (``apt-get install chromium chromium-driver``).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from constdiff.model import DiffTag, ParagraphChange
from constdiff.parse import parse_text
from constdiff.pipeline import compare, compare_files
from constdiff.profiles import load_profile
from constdiff.report.html_export import render_html
from constdiff.report.view import ParagraphView, ReportOptions, ReportView, Segment, build_view
from constdiff.seeds import read_seed_pair

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.browser import chrome, missing, set_viewport  # noqa: E402

NARROW = 400

HOSTILE_OLD = """\
THE CHARTER OF THE TOWN OF BRELL

Article 1

The town council meets every Tuesday in the old mill house on the river.

Article 2

Minutes of the council are kept by the town clerk and read aloud at the next meeting.
"""

HOSTILE_NEW = """\
THE CHARTER OF THE TOWN OF BRELL

Article 1

The town council meets every Tuesday <script>window.pwned=1</script> in the old mill house on the river.

Article 2

Minutes of the council are kept by the town clerk <img src=x onerror="window.pwned=1"> and read aloud at the next meeting.

Article 3

A notice of each meeting is posted at the gate: <svg onload="window.pwned=1"></svg> one day before.
"""


@pytest.fixture(scope="module")
def browser():
    reason = missing()
    if reason:
        pytest.skip(f"no browser for the HTML tests: {reason}")
    driver = chrome()
    yield driver
    driver.quit()


def seed_view(**options) -> ReportView:
    return build_view(compare(*read_seed_pair()), ReportOptions(**options))


def hostile_view() -> ReportView:
    profile = load_profile("en")
    return build_view(compare(parse_text(HOSTILE_OLD, profile=profile), parse_text(HOSTILE_NEW, profile=profile)), ReportOptions(show="all"))


def moved_view() -> ReportView:
    """The seeds with a first redline whose paragraphs show every kind of row: renumbered, moved away
    to the last pair drawn, the start of a split's second part, and a paragraph deleted where another
    is inserted (as the paragraph aligner reports them)."""
    view = seed_view()
    first, last = view.redlines[0], view.redlines[-1]
    same = (Segment(DiffTag.EQUAL, "The council keeps its minutes in the town hall."),)
    gone = (Segment(DiffTag.EQUAL, "The clerk reads the minutes aloud."),)
    amended = (Segment(DiffTag.EQUAL, "Notices are posted "), Segment(DiffTag.DELETE, "weekly"), Segment(DiffTag.INSERT, "daily"))
    bell, siren = (Segment(DiffTag.DELETE, "The old bell rings at noon."),), (Segment(DiffTag.INSERT, "A siren sounds at noon."),)
    paragraphs = (
        ParagraphView(ParagraphChange.RENUMBERED, "4", "5", None, same, same, same),
        ParagraphView(ParagraphChange.MOVED, "2", None, None, gone, (), gone, last.anchor, f"moved to {last.label}"),
        ParagraphView(ParagraphChange.AMENDED, "3", "1", "new article 93", amended[:2], amended[::2], amended),
        ParagraphView(ParagraphChange.DELETED, "4", None, None, bell, (), bell),
        ParagraphView(ParagraphChange.INSERTED, None, "2", None, (), siren, siren),
    )
    return replace(view, redlines=(replace(first, paragraphs=paragraphs), *view.redlines[1:]))


def open_page(driver, tmp_path: Path, view: ReportView, width: int = 1400, height: int = 900, name: str = "report.html"):
    page = tmp_path / name
    page.write_text(render_html(view), encoding="utf-8")
    set_viewport(driver, width, height)
    driver.get(page.as_uri())
    return page


def in_viewport(driver, element_id: str) -> bool:
    return driver.execute_script(
        "var r=document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.top>=-1&&r.top<window.innerHeight&&r.bottom>0;",
        element_id,
    )


def test_table_of_contents_links_land_on_their_targets(browser, tmp_path: Path) -> None:
    open_page(browser, tmp_path, seed_view())
    links = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('nav.toc a'), function(a){return a.getAttribute('href');});"
    )
    sections = [link for link in links if link.startswith("#sec-")]
    assert len(sections) >= 5 and "#synopsis" in links and "#definitions" in links
    for href in [links[0], "#definitions", *sections[1:], sections[0]]:  # the last one is scrolled back up to
        browser.find_element("css selector", f'nav.toc a[href="{href}"]').click()
        assert browser.execute_script("return location.hash") == href
        assert in_viewport(browser, href[1:]), href


def test_article_rows_and_moved_paragraphs_link_to_ids_that_exist(browser, tmp_path: Path) -> None:
    view = seed_view()
    open_page(browser, tmp_path, view)
    missing_ids = browser.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('a[href^=\"#\"]'), function(a){"
        "return !document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));})"
        ".map(function(a){return a.getAttribute('href');});"
    )
    assert missing_ids == []
    ids = set(browser.execute_script("return Array.prototype.map.call(document.querySelectorAll('[id]'), function(e){return e.id;});"))
    assert {anchor for pair in view.articles for anchor in pair.anchors} <= ids
    assert browser.execute_script("return document.querySelectorAll('[id]').length") == len(ids)  # no id twice


def test_a_permalink_opens_at_its_pair(browser, tmp_path: Path) -> None:
    view = seed_view()
    pair = next(pair for pair in view.redlines if pair.new_numbers and pair.old_numbers and pair.old_numbers != pair.new_numbers)
    page = open_page(browser, tmp_path, view)
    for anchor in pair.anchors:
        browser.get(f"{page.as_uri()}#{anchor}")
        assert in_viewport(browser, anchor), anchor


def test_a_moved_paragraph_links_to_where_it_went(browser, tmp_path: Path) -> None:
    view = moved_view()
    open_page(browser, tmp_path, view)
    link = browser.find_element("css selector", f'table.synopsis a[href="#{view.redlines[-1].anchor}"]')
    assert link.text == f"↪ moved to {view.redlines[-1].label}"
    link.click()
    assert in_viewport(browser, view.redlines[-1].anchor)


def test_filters_hide_rows_and_pairs(browser, tmp_path: Path) -> None:
    view = seed_view(show="all")
    open_page(browser, tmp_path, view)
    statuses = [pair.status for pair in view.articles]
    assert "unchanged" in statuses and "editorial" in statuses

    def visible(status: str) -> int:
        return browser.execute_script(
            "return Array.prototype.filter.call(document.querySelectorAll('[data-status=\"'+arguments[0]+'\"]'),"
            " function(e){return e.offsetParent!==null;}).length;",
            status,
        )

    unchanged_before, amended_before = visible("unchanged"), visible("amended")
    assert unchanged_before > 0 and amended_before > 0
    browser.find_element("id", "hide-unchanged").click()
    assert visible("unchanged") == 0 and visible("amended") == amended_before
    browser.find_element("id", "hide-editorial").click()
    assert visible("editorial") == 0
    browser.find_element("id", "hide-unchanged").click()
    browser.find_element("id", "hide-editorial").click()
    browser.find_element("css selector", '#only option[value="amended"]').click()
    assert visible("unchanged") == 0 and visible("editorial") == 0 and visible("amended") == amended_before
    browser.find_element("css selector", '#only option[value=""]').click()
    assert visible("unchanged") == unchanged_before


def test_search_keeps_only_pairs_containing_the_words(browser, tmp_path: Path) -> None:
    open_page(browser, tmp_path, hostile_view())
    pairs = "return Array.prototype.filter.call(document.querySelectorAll('article.pair'), function(e){return e.offsetParent!==null;}).length;"
    assert browser.execute_script(pairs) == 3
    browser.find_element("id", "search").send_keys("town clerk")
    assert browser.execute_script(pairs) == 1
    assert "town clerk" in browser.find_element("css selector", "article.pair:not([hidden])").text


def test_nothing_overflows_at_400_pixels(browser, tmp_path: Path) -> None:
    open_page(browser, tmp_path, seed_view(show="all"), width=NARROW, height=800)
    assert browser.execute_script("return window.innerWidth") == NARROW
    assert browser.execute_script("return document.documentElement.scrollWidth") <= NARROW
    old, new = browser.find_elements("css selector", "table.synopsis td")[:2]
    assert new.location["y"] > old.location["y"] and new.location["x"] == old.location["x"]  # the columns stack


def test_markup_in_an_article_never_runs(browser, tmp_path: Path) -> None:
    view = hostile_view()
    open_page(browser, tmp_path, view)
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.execute_script("return [document.scripts.length, document.images.length, document.querySelectorAll('svg:not(.flow)').length]") == [1, 0, 0]
    text = browser.find_element("tag name", "main").text
    assert "<script>window.pwned=1</script>" in text and '<img src=x onerror="window.pwned=1">' in text


def test_the_kazakh_synopsis_in_the_browser(browser, tmp_path: Path, corpus_dir: Path) -> None:
    comparison = compare_files(str(corpus_dir / "kz-1995-2023.ru.pdftotext-layout.txt"), str(corpus_dir / "kz-2026.ru.raw.txt"))
    view = build_view(comparison, ReportOptions())
    open_page(browser, tmp_path, view, width=NARROW, height=800)
    assert browser.execute_script("return document.documentElement.lang") == "ru"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= NARROW
    assert browser.execute_script("return document.querySelectorAll('svg.flow path.band').length") == len(view.flows)


def test_print_drops_the_controls_and_keeps_the_two_columns(browser, tmp_path: Path) -> None:
    open_page(browser, tmp_path, seed_view(), width=NARROW, height=800)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return ['nav.toc', '#filters', 'svg.flow'].map(function(s){return getComputedStyle(document.querySelector(s)).display;});"
        )
        old, new = browser.find_elements("css selector", "table.synopsis td")[:2]
        assert shown[:2] == ["none", "none"] and shown[2] != "none"
        assert new.location["x"] > old.location["x"]  # side by side on paper, however narrow the window
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
