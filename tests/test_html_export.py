"""The HTML synopsis without a browser: it draws the view and nothing else, every link has its
target, every permalink exists once, input text stays text, and nothing is loaded from outside.

The page in a real browser is tests/test_html_browser.py; the seeds' page is a golden file in
tests/test_exports.py, the Kazakh pair's (without redlines) here.
"""

from __future__ import annotations

import os
from dataclasses import replace
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from constdiff.model import DiffTag, ParagraphChange
from constdiff.parse import parse_text
from constdiff.pipeline import compare, compare_files
from constdiff.profiles import load_profile
from constdiff.report.html_export import render_html
from constdiff.report.view import ReportOptions, ReportView, build_view
from constdiff.seeds import read_seed_pair
from test_html_browser import HOSTILE_NEW, HOSTILE_OLD, moved_view
from test_seeds_golden import golden



class Page(HTMLParser):
    """Tags, ids, fragment links and script and style bodies of one page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.sources: list[str] = []
        self.handlers: list[str] = []
        self.lang: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        self.sources += [values[name] for name in ("src", "srcset", "action", "data") if values.get(name)]
        self.handlers += [name for name in values if name.startswith("on")]


@pytest.fixture(scope="module")
def seeds() -> ReportView:
    return build_view(compare(*read_seed_pair()), ReportOptions(show="all"))


def hostile() -> ReportView:
    profile = load_profile("en")
    return build_view(compare(parse_text(HOSTILE_OLD, profile=profile), parse_text(HOSTILE_NEW, profile=profile)), ReportOptions(show="all"))


def test_every_link_has_its_target_and_every_permalink_exists_once(seeds: ReportView) -> None:
    page = Page(render_html(seeds))
    assert [anchor for anchor, count in Counter(page.ids).items() if count > 1] == []
    assert {anchor for pair in seeds.articles for anchor in pair.anchors} <= set(page.ids)
    assert {section.anchor for section in seeds.sections} <= set(page.ids)
    assert all(link.startswith("#") for link in page.links)
    assert {link[1:] for link in page.links} - set(page.ids) == set()


def test_a_pair_not_drawn_is_reached_through_its_table_row() -> None:
    view = build_view(compare(*read_seed_pair()), ReportOptions(show="none"))
    page = Page(render_html(view))
    assert view.redlines == () and "synopsis" not in page.ids
    assert {anchor for pair in view.articles for anchor in pair.anchors} <= set(page.ids)


def test_the_redline_is_struck_and_underlined_word_for_word(seeds: ReportView) -> None:
    html = render_html(seeds)
    page = Page(html)
    paragraphs = [paragraph for pair in seeds.redlines for paragraph in pair.paragraphs]
    deleted = sum(segment.tag is DiffTag.DELETE for paragraph in paragraphs for segment in paragraph.old)
    inserted = sum(segment.tag is DiffTag.INSERT for paragraph in paragraphs for segment in paragraph.new)
    assert deleted and inserted
    assert (page.tags["del"], page.tags["ins"]) == (deleted, inserted)
    beside = sum(  # a deleted paragraph and the one inserted after it share a row
        (first.change, second.change) == (ParagraphChange.DELETED, ParagraphChange.INSERTED)
        and not (second.part_start or first.elsewhere or second.elsewhere)
        for pair in seeds.redlines
        for first, second in zip(pair.paragraphs, pair.paragraphs[1:])
    )
    assert html.count('<tr class="p-') == len(paragraphs) - beside
    assert "text-decoration:line-through" in html and "text-decoration:underline" in html  # never colour alone


def test_input_text_stays_text_and_nothing_loads_from_outside() -> None:
    html = render_html(hostile())
    page = Page(html)
    assert page.tags["script"] == 1 and page.tags["img"] == 0 and page.sources == [] and page.handlers == []
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html and "<script>window" not in html
    assert "default-src 'none'" in html  # and the browser refuses any script but ours


def test_the_page_is_in_the_documents_language(seeds: ReportView) -> None:
    assert Page(render_html(seeds)).lang == seeds.language == "en"


def test_every_pair_stands_under_its_section_in_the_synopsis(seeds: ReportView) -> None:
    """Repealed articles of a section that lives on too (found by the section's old key)."""
    assert [pair.label for pair in seeds.articles if pair.section_anchor is None] == []
    blocks = [paragraph.change for pair in seeds.redlines if pair.status in ("repealed", "added") for paragraph in pair.paragraphs]
    assert blocks and set(blocks) <= {"deleted", "inserted"}


def test_paragraph_rows_say_what_became_of_each_paragraph() -> None:
    view = moved_view()
    html = render_html(view)
    target = view.redlines[-1]
    assert '<tr class="p-renumbered"><td class="old"' in html and '<span class="pc note">renumbered 4 → 5</span>' in html
    assert '<span class="pn">4</span> The council keeps' in html and '<span class="pn">5</span> The council keeps' in html
    assert f'<a class="pc" href="#{target.anchor}">↪ moved to {target.label}</a>' in html
    assert '<tr class="part"><th colspan="2">new article 93</th></tr><tr class="p-amended">' in html
    assert "Notices are posted <del>weekly</del></td>" in html and "Notices are posted <ins>daily</ins></td>" in html
    (replaced,) = [row for row in html.split("<tr") if 'class="p-replaced"' in row and "bell" in row]  # deleted beside inserted
    assert "deleted</span>" in replaced and "<del>The old bell rings at noon.</del>" in replaced
    assert "inserted</span>" in replaced and "<ins>A siren sounds at noon.</ins>" in replaced


def test_one_article_zooms_in_on_its_synopsis_and_links_only_to_what_is_on_the_page() -> None:
    view = moved_view()
    first, last = view.redlines[0], view.redlines[-1]
    zoomed = replace(view, options=ReportOptions(article=first.new_numbers.split(", ")[0]), redlines=(first,))
    html = render_html(zoomed)
    page = Page(html)
    assert "synopsis" in page.ids and not {"sections", "articles", "definitions"} & set(page.ids)
    assert {link[1:] for link in page.links} <= set(page.ids) and set(first.anchors) <= set(page.ids)
    assert f'<span class="pc">↪ moved to {last.label}</span>' in html  # its pair is not on this page


def test_the_section_flow_draws_and_lists_every_band(seeds: ReportView) -> None:
    html = render_html(seeds)
    assert len(seeds.flows) > 5
    assert html.count('<path class="band"') == html.count('<td data-label="Mostly">') == len(seeds.flows)
    assert html.count('<rect class="node"') >= len(seeds.old_sections) + len(seeds.new_sections)
