"""constdiff history --format html: one page whose timeline cells link to each step's redline.

Structure is checked on the parsed page (every link has its target, hostile text stays text, the
gap column), the layout on a golden file of the generated 4-version history (test_history.py),
and the reading in Debian's chromium: a click opens the step, a wide timeline scrolls inside its
own box with the article column and the version row kept in view, and nothing errs.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.lineage import history
from constdiff.model import ArticleChange
from constdiff.report.history_html import render_history_page
from constdiff.report.history_page import GAP_STATUS, HistoryPage, history_page
from constdiff.report.history_view import history_view

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from test_history import CZECH, VERSIONS  # noqa: E402
from test_html_browser import HOSTILE_NEW, HOSTILE_OLD, browser, in_viewport  # noqa: E402,F401
from test_seeds_golden import golden  # noqa: E402

from bench.browser import set_viewport  # noqa: E402

VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "col", "wbr"})


class Element:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Element | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element] = []
        self.content: list[Element | str] = []
        """Text and elements in document order."""

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def all_text(self) -> str:
        return "".join(part if isinstance(part, str) else part.all_text() for part in self.content)

    def walk(self) -> list[Element]:
        """This element and every one inside it, in document order."""
        found = [self]
        for child in self.children:
            found += child.walk()
        return found

    def find(self, tag: str) -> list[Element]:
        return [element for element in self.walk() if element.tag == tag]


class Page(HTMLParser):
    """The page as a tree of elements (attributes unescaped, as a browser reads them)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.feed(html)
        self.close()
        self.ids = [element.attrs["id"] for element in self.root.walk() if "id" in element.attrs]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag: str) -> None:
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.content.append(data)

    def by_id(self, anchor: str) -> Element:
        return next(element for element in self.root.walk() if element.attrs.get("id") == anchor)

    def cell_links(self) -> list[Element]:
        return [link for link in self.root.find("a") if link.parent is not None and "m" in link.parent.classes]


def page_of(result, show: str = "all") -> HistoryPage:
    return history_page(history_view(result, show=show))


def changed_cells(result) -> int:
    return sum(change not in (None, ArticleChange.UNCHANGED) for lineage in result.lineages for change in lineage.changes)


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    for name, text in VERSIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [str(tmp_path / name) for name in VERSIONS]


def test_every_changed_cell_links_to_its_step_on_the_page(sources: list[str]) -> None:
    result = history(sources, language="en")
    page = Page(render_history_page(page_of(result)))
    links = page.cell_links()
    assert len(links) == changed_cells(result) == 9
    assert len(page.ids) == len(set(page.ids))
    for link in links:
        target = page.by_id(link.attrs["href"][1:])
        assert target.tag == "details" and target.parent is not None and "lineage" in target.parent.classes
        status = next(name[2:] for name in link.parent.classes if name.startswith("s-"))
        assert link.attrs["aria-label"] == link.attrs["title"] and link.attrs["aria-label"].endswith(f": {status}")
        assert status in target.find("summary")[0].all_text()
    every_href = [link.attrs["href"][1:] for link in page.root.find("a") if link.attrs.get("href", "").startswith("#")]
    assert set(every_href) <= set(page.ids)


def test_a_split_is_drawn_once_and_its_parts_point_to_it(sources: list[str]) -> None:
    page = Page(render_history_page(page_of(history(sources, language="en"))))
    drawn = page.by_id("L5-v4")
    assert [article.attrs["id"] for article in drawn.find("article")] == ["v4-art-new-6"]
    assert "new article 6a" in drawn.all_text()  # where the second part begins
    assert [link.attrs["href"] for link in page.by_id("L8-v4").find("a")] == ["#L5-v4"]  # 6a, split off 6
    assert page.ids.count("v4-art-new-6") == 1


def test_a_renumbering_is_said_in_words_without_a_redline(sources: list[str]) -> None:
    page = Page(render_history_page(page_of(history(sources, language="en"))))
    renumbered = page.by_id("L3-v2")
    assert renumbered.find("table") == [] and "Article 3 → 4: identical text" in renumbered.all_text()


def test_rows_follow_the_latest_version_with_ended_articles_where_they_stood(sources: list[str]) -> None:
    rows = page_of(history(sources, language="en")).rows
    assert [(row.label, row.lineage) for row in rows] == [
        ("1", "L1"), ("2", "L2"), ("3", "L7"), ("4", "L3"), ("5", "L4"), ("6", "L5"), ("7", "L6"), ("6a", "L8"),
    ]
    assert rows[3].numbers == "3 (v1.txt) → 4 (v2.txt)" and rows[0].anchor is None and rows[1].anchor == "lineage-L2"


def test_the_gap_is_a_column_of_gaps_with_its_error(sources: list[str]) -> None:
    page = Page(render_history_page(page_of(history(sources, language="en"))))
    table = next(table for table in page.root.find("table") if "timeline" in table.classes)
    head = table.find("thead")[0].find("th")
    assert "gap" in head[3].classes and "is empty" in head[3].attrs["title"]
    assert not any("gap" in cell.classes for cell in head[:3] + head[4:])
    for row in table.find("tbody")[0].find("tr"):
        cells = row.find("td")
        assert "gap" in cells[2].classes and cells[2].all_text() == "?"
        assert not any("gap" in cell.classes for cell in cells[:2] + cells[3:])
    assert "gap: " in page.by_id("version-3").all_text() and "is empty" in page.by_id("version-3").all_text()


HARBOUR_RULES = (
    "The harbour master is appointed by the council for four years.",
    "Ships of more than forty tonnes announce their arrival a day ahead.",
    "Fishing boats of the town moor at the northern quay without a fee.",
    "The harbour dues are set each winter and posted at the customs house.",
    "Cargo left on the quays for more than a week is sold at auction.",
    "The lighthouse is kept lit from dusk to dawn at the town's expense.",
)


def test_a_long_article_shows_its_changed_paragraph_with_its_neighbours(tmp_path: Path) -> None:
    amended = (*HARBOUR_RULES[:4], HARBOUR_RULES[4].replace("a week", "a fortnight"), HARBOUR_RULES[5])
    names = []
    for name, rules in (("harbour-1.txt", HARBOUR_RULES), ("harbour-2.txt", amended)):
        (tmp_path / name).write_text("Article 1\n\n" + "\n\n".join(rules) + "\n", encoding="utf-8")
        names.append(str(tmp_path / name))
    page = page_of(history(names, language="en"))
    step = page.lineages[0].steps[0]
    assert step.status == "amended" and step.left_out == 3
    text = Page(render_history_page(page)).by_id(step.anchor).all_text()
    assert "3 paragraphs kept word for word not shown" in text
    assert all(rule in text for rule in HARBOUR_RULES[3:]) and not any(rule in text for rule in HARBOUR_RULES[:3])


HOSTILE_NAME = 'charter <b>&"x".txt'


def test_hostile_text_and_file_names_stay_text(tmp_path: Path) -> None:
    names = ("old.txt", HOSTILE_NAME, 'gap<script>alert("x")<.txt')
    for name, text in zip(names, (HOSTILE_OLD, HOSTILE_NEW, "")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    html = render_history_page(page_of(history([str(tmp_path / name) for name in names], language="en")))
    assert html.count("<script") == 1 and "<img" not in html and "<svg" not in html and "<b>" not in html
    page = Page(html)
    text = page.root.all_text()
    assert "<script>window.pwned=1</script>" in text and '<img src=x onerror="window.pwned=1">' in text
    assert HOSTILE_NAME in page.by_id("version-2").all_text()
    titles = [cell.attrs["title"] for cell in page.root.find("th") if "title" in cell.attrs]
    assert HOSTILE_NAME in titles and any(title.startswith(names[2]) for title in titles)


def test_the_page_of_the_generated_history_is_golden(sources: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(sources[0]).parent)  # file names, not temporary paths, in the page
    golden("history-small.html", render_history_page(page_of(history(list(VERSIONS), language="en"))))


def test_cli_writes_the_page(sources: list[str], tmp_path: Path) -> None:
    report = tmp_path / "timeline.html"
    result = CliRunner().invoke(main, ["history", *sources, "--lang", "en", "--format", "html", "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8") == render_history_page(page_of(history(sources, language="en"), "changed"))
    to_stdout = CliRunner().invoke(main, ["history", *sources, "--lang", "en", "--format", "html"])
    assert to_stdout.exit_code == 0 and to_stdout.output.startswith("<!doctype html>")


@pytest.fixture(scope="module")
def czech_page() -> tuple[str, int]:
    if not CZECH.is_dir():
        pytest.skip(f"the Czech corpus is absent ({CZECH})")
    result = history([str(CZECH)])
    return render_history_page(page_of(result)), changed_cells(result)


def test_the_czech_page_links_every_changed_cell_and_only_those(czech_page: tuple[str, int]) -> None:
    html, changed = czech_page
    page = Page(html)
    links = page.cell_links()
    assert len(links) == changed and len(page.ids) == len(set(page.ids))
    assert {link.attrs["href"][1:] for link in links} <= set(page.ids)
    assert html.count('<td class="m ') == changed  # unchanged cells carry neither link nor class
    # 87/2024 Sb. amended Čl. 16, 17 and 102 (corpus README): their cells in the last column link to redlines.
    for number in ("16", "17", "102"):
        step = page.by_id(next(link.attrs["href"][1:] for link in links if link.attrs["title"] == f"Article {number} in ustava-2026-01-01.md: amended"))
        assert step.find("del") or step.find("ins")


# --- in the browser -------------------------------------------------------------------------

SUBJECTS = ("harbour", "forest", "granary", "bridge", "library", "militia", "mint", "archive", "school", "hospital")
DUTIES = ("keeps a register of", "inspects every spring", "reports each year on", "sets the fees for", "appoints the wardens of")
PLACES = ("Orlask", "Dunmere", "Velhaven", "Kestrel Bay", "Marrow Fen", "Ashgate", "Pellin")
WIDE_VERSIONS = 30
WIDE_ARTICLES = 40


def wide_version(version: int) -> str:
    """A fictional statute of many articles; each version revises the article of its own number."""
    parts = []
    for number in range(1, WIDE_ARTICLES + 1):
        subject, duty, place = SUBJECTS[number % 10], DUTIES[number % 5], PLACES[number % 7]
        revised = f", as revised by the reform of year {1900 + version}" if number == version % WIDE_ARTICLES + 1 else ""
        parts.append(f"Article {number}\n\nFor the {subject} of {place}, the council {duty} the {subject} number {number} "
                     f"and publishes its findings in the gazette of the province{revised}.\n\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def wide_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wide")
    for version in range(WIDE_VERSIONS):
        (folder / f"statute-{2000 + version}-01-01.txt").write_text(wide_version(version), encoding="utf-8")
    page = folder / "timeline.html"
    page.write_text(render_history_page(page_of(history([str(folder)], language="en"))), encoding="utf-8")
    return page


def open_page(driver, page: Path, width: int, height: int = 800) -> None:
    driver.get_log("browser")  # start with an empty console
    set_viewport(driver, width, height)
    driver.get(page.as_uri())


def is_open(driver, anchor: str) -> bool:
    return driver.execute_script("return document.getElementById(arguments[0]).open", anchor)


def test_clicking_a_cell_opens_and_shows_its_redline(browser, sources: list[str], tmp_path: Path) -> None:
    page = tmp_path / "timeline.html"
    page.write_text(render_history_page(page_of(history(sources, language="en"))), encoding="utf-8")
    open_page(browser, page, 1280)
    assert not is_open(browser, "L2-v2")
    browser.find_element("css selector", 'td.m a[href="#L2-v2"]').click()
    assert is_open(browser, "L2-v2") and in_viewport(browser, "L2-v2")
    browser.find_element("css selector", 'td.m a[href="#L8-v4"]').click()
    browser.find_element("css selector", '#L8-v4 a[href="#L5-v4"]').click()
    assert is_open(browser, "L5-v4") and in_viewport(browser, "L5-v4")
    browser.execute_script("document.getElementById('L5-v4').open=false;window.scrollTo(0,0);")
    browser.find_element("css selector", 'td.m a[href="#L5-v4"]').click()  # the address already points there
    assert is_open(browser, "L5-v4") and in_viewport(browser, "L5-v4")
    assert browser.get_log("browser") == []


def test_a_wide_timeline_scrolls_in_its_box_and_keeps_its_heads_in_view(browser, wide_page: Path) -> None:
    for width in (1280, 800):
        open_page(browser, wide_page, width)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        box = browser.execute_script(
            "var b=document.querySelector('.timeline-scroll');return [b.scrollWidth>b.clientWidth,b.scrollHeight>b.clientHeight];"
        )
        assert box == [width < 1280, True]  # 30 versions fit in 1280 px, not in 800
        assert browser.get_log("browser") == []
    moved = browser.execute_script(
        "var b=document.querySelector('.timeline-scroll');b.scrollLeft=b.scrollWidth;b.scrollTop=400;var r=b.getBoundingClientRect();"
        "var rows=Array.prototype.filter.call(document.querySelectorAll('table.timeline tbody th[scope=row]'),"
        " function(e){var t=e.getBoundingClientRect().top;return t>r.top+40&&t<r.bottom;});"
        "var head=document.querySelector('table.timeline thead th:nth-child(5)');"
        "return [b.scrollLeft, rows[0].getBoundingClientRect().left-r.left-b.clientLeft, head.getBoundingClientRect().top-r.top-b.clientTop];"
    )
    assert moved[0] > 100 and abs(moved[1]) <= 1 and abs(moved[2]) <= 1  # the article column and the version row stay


def test_markup_in_a_history_never_runs(browser, tmp_path: Path) -> None:
    names = ("old.txt", HOSTILE_NAME)
    for name, text in zip(names, (HOSTILE_OLD, HOSTILE_NEW)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    page = tmp_path / "timeline.html"
    page.write_text(render_history_page(page_of(history([str(tmp_path / name) for name in names], language="en"))),
                    encoding="utf-8")
    open_page(browser, page, 1280)
    for link in browser.find_elements("css selector", "td.m a"):
        link.click()
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    assert browser.execute_script("return [document.scripts.length, document.images.length]") == [1, 0]
    assert browser.get_log("browser") == []


def test_the_czech_page_in_the_browser(browser, czech_page: tuple[str, int], tmp_path: Path) -> None:
    page = tmp_path / "cz.html"
    page.write_text(czech_page[0], encoding="utf-8")
    open_page(browser, page, 1280)
    assert browser.execute_script("return document.documentElement.lang") == "cs"
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1280
    links = browser.find_elements("css selector", "td.m a")
    links[-1].click()
    target = links[-1].get_attribute("href").split("#")[1]
    assert is_open(browser, target) and in_viewport(browser, target)
    assert browser.get_log("browser") == []
