"""Fuzzing (issue 13): mutated texts, DOCX, PDF, HTML, random bytes, random profiles and random
command lines, through load → parse → compare → every report, and through the CLI.

The invariants: a library call raises nothing but ``ConstdiffError``, whose message is one line
starting with the source; the CLI exits 0, 1 or 2 without a traceback and changes no input; and
a comparison accounts for every old and new article exactly once, by position (numbers may repeat
in a mutated text), with figures that are shares between 0 and 100 where they are shares.
The seeds are our own fictional constitutions (seeds/).  Budget and the long run: harness.py.
"""

from __future__ import annotations

import io
import itertools
import os
import tempfile
from contextlib import contextmanager
from importlib import import_module
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import strategies as st
from rich.console import Console

from constdiff.cli import main
from constdiff.errors import ConstdiffError
from constdiff.load import load_bytes
from constdiff.load.source import RawInput
from constdiff.model import Comparison, Document
from constdiff.parse import parse_text
from constdiff.pipeline import compare
from constdiff.profiles import load_profile
from constdiff.report.view import ReportOptions, build_view
from harness import TALLIES, fuzzes, write_report
from test_load import W_NAMESPACE, _pdf

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_TEXTS = tuple((SEEDS / name).read_text(encoding="utf-8") for name in ("arvenia-2011.txt", "arvenia-2024.txt"))
OLD = parse_text(SEED_TEXTS[0], source="old.txt")
REPORTS = ("json_export:render_json", "markdown:render_markdown", "csv_export:render_csv", "html_export:render_html",
           "terminal:render_rich")
reports = st.sampled_from(REPORTS)
"""One report an example: rendering all five would cost most of the fuzzing time."""



@pytest.fixture(scope="module", autouse=True)
def figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """The examples run and the failures found, per target, at the end of the module."""
    yield
    write_report()
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    ran = {name: tally for name, tally in TALLIES.items() if tally.examples}
    if terminal is None or capture is None or not ran:
        return
    with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
        terminal.write_line("")
        for name, tally in ran.items():
            terminal.write_line(f"fuzz: {name}: {tally.examples} examples, {len(tally.failures)} distinct failures"
                                + (f", {tally.seconds:.0f} s" if tally.seconds else ""))


# --- mutations ----------------------------------------------------------------------------------

FORMAT_CHARACTERS = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c\u180e"
ODD_NUMBERS = ("3-1", "10a", "1bis", "12-1-1", "0", "007", "-5", "IV", "1.2.3", "10" * 40, "99999999999999999999999",
               "１２", "١٢", "Ⅻ", "", "1 bis", "ter", "5–6", "5/6", "XLII-b")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1251", "cp1252", "latin-1", "koi8-r")
NAMES = ("fuzz.txt", "fuzz.md", "fuzz", "fuzz.html", "fuzz.pdf", "fuzz.docx", "FUZZ.TXT")


@st.composite
def seed_lines(draw: st.DrawFn) -> list[str]:
    """A window of one of the seeds, whole or a few sections."""
    lines = draw(st.sampled_from(SEED_TEXTS)).splitlines()
    start = draw(st.integers(0, len(lines) - 1))
    return lines[start: start + draw(st.integers(1, len(lines)))]


@st.composite
def mutated_lines(draw: st.DrawFn) -> list[str]:
    lines = draw(seed_lines())
    for _ in range(draw(st.integers(0, 8))):
        lines = draw(st.sampled_from(LINE_MUTATIONS))(draw, lines)
    return lines


def _headings(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if line.startswith(("Article", "Section"))] or [0]


def _duplicate_heading(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.sampled_from(_headings(lines)))
    return lines[: index + 1] + lines[index: index + draw(st.integers(1, 4))] + lines[index + 1:]


def _renumber_heading(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.sampled_from(_headings(lines)))
    word = lines[index].split(" ")[0] if lines else "Article"
    return [*lines[:index], f"{word} {draw(st.sampled_from(ODD_NUMBERS))}", *lines[index + 1:]]


def _format_characters(draw: st.DrawFn, lines: list[str]) -> list[str]:
    if not lines:
        return lines
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    at = draw(st.integers(0, len(line)))
    inserted = draw(st.text(st.sampled_from(FORMAT_CHARACTERS), min_size=1, max_size=5))
    return [*lines[:index], line[:at] + inserted + line[at:], *lines[index + 1:]]


def _insert_line(draw: st.DrawFn, lines: list[str]) -> list[str]:
    line = draw(st.one_of(
        st.text(max_size=80),
        st.sampled_from(("Article", "Article Article 5", "Section XIV", "Footnote.", "Chapter 1", "§ 4", "1.", "a)", "\u2028", "\f")),
        st.integers(1, 400).map(lambda count: "word " * count * 50),
    ))
    index = draw(st.integers(0, len(lines)))
    return [*lines[:index], line, *lines[index:]]


def _delete_lines(draw: st.DrawFn, lines: list[str]) -> list[str]:
    index = draw(st.integers(0, max(len(lines) - 1, 0)))
    return lines[:index] + lines[index + draw(st.integers(1, 20)):]


def _swap_lines(draw: st.DrawFn, lines: list[str]) -> list[str]:
    if len(lines) < 2:
        return lines
    first, second = sorted(draw(st.lists(st.integers(0, len(lines) - 1), min_size=2, max_size=2)))
    swapped = list(lines)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    return swapped


LINE_MUTATIONS = (_duplicate_heading, _renumber_heading, _format_characters, _insert_line, _delete_lines, _swap_lines)


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Byte flips, insertions and a cut, or none."""
    mutable = bytearray(data)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(("flip", "insert", "cut", "keep")))
        if not mutable or kind == "keep":
            continue
        at = draw(st.integers(0, len(mutable) - 1))
        if kind == "flip":
            mutable[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            mutable[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del mutable[at:]
    return bytes(mutable)


@st.composite
def text_files(draw: st.DrawFn) -> tuple[str, bytes]:
    text = "\n".join(draw(mutated_lines())) + draw(st.sampled_from(("\n", "", "\r\n", "\n\n\n")))
    line_end = draw(st.sampled_from(("\n", "\r\n", "\r")))
    data = text.replace("\n", line_end).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return draw(st.sampled_from(NAMES)), draw(mutated_bytes(data))


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{_xml(text)}</w:t></w:r>'


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


NESTING = (0, 0, 0, 100, 1500, 3000)
"""How deep the whole body is nested: over the depth limit (1,000) sometimes."""
DOCX_WRAPPERS = (
    ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"),
    ("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"),
    ('<w:ins w:id="1">', "</w:ins>"),
    ('<w:del w:id="2">', "</w:del>"),
    ("<w:customXml>", "</w:customXml>"),
)


@st.composite
def docx_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A DOCX of seed lines in tables, content controls and revisions, the whole nested up to a few thousand deep."""
    body = []
    for line in draw(mutated_lines()):
        paragraph = f"<w:p>{_run(line)}</w:p>"
        if draw(st.integers(0, 9)) == 0:
            opening, closing = draw(st.sampled_from(DOCX_WRAPPERS))
            depth = draw(st.sampled_from((1, 2, 10)))
            paragraph = opening * depth + paragraph + closing * depth
        body.append(paragraph)
    opening, closing = draw(st.sampled_from(DOCX_WRAPPERS))
    depth = draw(st.sampled_from(NESTING))
    inner = opening * depth + "".join(body) + closing * depth
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NAMESPACE}"><w:body>{inner}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", draw(st.sampled_from((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED)))) as archive:
        archive.writestr("word/document.xml", draw(mutated_bytes(document.encode())))
    return draw(st.sampled_from(("fuzz.docx", "fuzz"))), draw(mutated_bytes(buffer.getvalue()))


HTML_TAGS = ("p", "div", "span", "b", "i", "table", "tr", "td", "li", "ul", "h2", "h4", "pre", "br", "section", "script",
             "style", "nav", "a", "font", "center", "svg", "template", "select", "textarea", "title", "body", "html")


@st.composite
def html_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """Seed lines in random, often unclosed, markup, the whole nested up to a few thousand deep."""
    pieces = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>', "<div>" * draw(st.sampled_from(NESTING))]
    for line in draw(mutated_lines()):
        tag = draw(st.sampled_from(HTML_TAGS))
        depth = draw(st.sampled_from((1, 1, 1, 2, 5)))
        closed = draw(st.booleans())
        pieces.append(f"<{tag}>" * depth + _xml(line) + (f"</{tag}>" * depth if closed else ""))
    pieces.append(draw(st.sampled_from(("</body></html>", "", "<!--", "<script>", "&#x110000;&#0;&amp"))))
    return draw(st.sampled_from(("fuzz.html", "fuzz.txt", "fuzz"))), draw(mutated_bytes("".join(pieces).encode()))


@st.composite
def pdf_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A PDF of seed lines (Courier, one page per 40 lines), then mutated bytes."""
    lines = [line.encode("cp1252", "replace").decode("cp1252") for line in draw(mutated_lines())[:200]]
    pages = [[(72.0, 770.0 - 18 * row, line[:90]) for row, line in enumerate(lines[start: start + 40])]
             for start in range(0, max(len(lines), 1), 40)]
    return draw(st.sampled_from(("fuzz.pdf", "fuzz"))), draw(mutated_bytes(_pdf(pages)))


MAGIC = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1", b"<?xml version='1.0'?>", b"Article 1\n")
random_files = st.tuples(st.sampled_from(NAMES), st.builds(lambda magic, tail: magic + tail, st.sampled_from(MAGIC), st.binary(max_size=4096)))

# --- library invariants -------------------------------------------------------------------------


def load_parse_compare(name: str, data: bytes, report: str, *, profile: Any = None) -> None:
    """Through every stage and a report; only a clean, one-line ConstdiffError may stop it."""
    try:
        loaded = load_bytes(RawInput(data), source=name)
        document = parse_text(loaded.text, source=name, profile=profile)
        comparison = compare(OLD, document, profile=profile)
    except ConstdiffError as error:
        assert "\n" not in str(error) and str(error).startswith(f"{error.source}: "), repr(str(error))
        return
    assert_accounted(OLD, document, comparison)
    render(comparison, report)


def assert_accounted(old: Document, new: Document, comparison: Comparison) -> None:
    """Each article of either version in exactly one pair, by its position; shares are shares."""
    for side, document in (("old", old), ("new", new)):
        ordinals = sorted(ref.ordinal for pair in comparison.articles for ref in getattr(pair, side))
        assert ordinals == list(range(len(document.located_articles()))), side
    for pair in comparison.articles:
        assert pair.old or pair.new
        assert 0.0 <= pair.similarity <= 1.0
    for measure in comparison.measures:
        assert measure.value == measure.value, measure.key  # not NaN
        if measure.unit == "%":
            assert 0.0 <= measure.value <= 100.0, (measure.key, measure.value)


def render(comparison: Comparison, report: str) -> None:
    module, function = report.split(":")
    view = build_view(comparison, ReportOptions(show="all"))
    rendered = getattr(import_module(f"constdiff.report.{module}"), function)(view)
    if module == "terminal":
        Console(file=io.StringIO(), width=100).print(*rendered)
    else:
        assert isinstance(rendered, str)


@fuzzes(st.tuples(text_files(), reports))
def test_texts(example: tuple[tuple[str, bytes], str]) -> None:
    (name, data), report = example
    load_parse_compare(name, data, report)


@fuzzes(st.tuples(docx_files(), reports))
def test_docx(example: tuple[tuple[str, bytes], str]) -> None:
    (name, data), report = example
    load_parse_compare(name, data, report)


@fuzzes(st.tuples(html_files(), reports))
def test_html(example: tuple[tuple[str, bytes], str]) -> None:
    (name, data), report = example
    load_parse_compare(name, data, report)


@fuzzes(st.tuples(pdf_files(), reports))
def test_pdf(example: tuple[tuple[str, bytes], str]) -> None:
    (name, data), report = example
    load_parse_compare(name, data, report)


@fuzzes(st.tuples(random_files, reports))
def test_random_bytes(example: tuple[tuple[str, bytes], str]) -> None:
    (name, data), report = example
    load_parse_compare(name, data, report)


# --- random profiles ----------------------------------------------------------------------------

REGEX_PIECES = ("^", "$", "Article", "Section", r"\s+", r"\s*", r"(?P<number>\d+)", r"(?P<number>[IVX]+)", r"(?P<title>.*)",
                r"\d+", r"\w+", ".*", "(", ")", "[", "]", "\\", "|", "?", "*", "+", "{2,}", r"(?P<text>.*)", r"(?P<marker>\S+)",
                "(?i)", "(?P<number>", r"\b", "Статья", "(a+)+", r"(\w+\s?)*", "(?=x)", r"\1")
regexes = st.lists(st.sampled_from(REGEX_PIECES), max_size=8).map("".join)
WELL_FORMED_PIECES = tuple(piece for piece in REGEX_PIECES if piece not in ("(", ")", "[", "]", "\\", "(?P<number>", r"\1", "(?i)"))
well_formed = st.lists(st.sampled_from(WELL_FORMED_PIECES), max_size=4).map("".join)
heading_regexes = st.builds(lambda before, after: rf"^(?:Article|Section)\s+{before}(?P<number>\S+){after}", well_formed, well_formed)
"""Patterns with the group an article pattern needs, so that many profiles load and then read a text."""
division_regexes = st.builds(lambda before, after: rf"^Section\s+(?P<number>[IVX]+){before}\s*(?P<title>.*){after}", well_formed, well_formed)
yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(allow_nan=True), regexes, st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, min_size=1, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, min_size=1, max_size=3)),
    max_leaves=12,
)
PROFILE_FIELDS = ("language", "name", "title", "front_matter", "divisions", "articles", "paragraphs", "notes", "repealed",
                  "words", "domains", "closing", "references", "page_counter", "ordinals", "unknown")


@st.composite
def profiles(draw: st.DrawFn) -> str:
    """A profile of random fields, mostly plausible (about half load): a language, article patterns,
    maybe divisions, sometimes fields of junk."""
    raw: dict[str, Any] = {"language": draw(st.integers(0, 19).map(lambda pick: ("", 5, None)[pick - 17] if pick > 16 else "xx"))}
    raw["articles"] = draw(st.one_of(*(st.lists(heading_regexes, min_size=1, max_size=2),) * 4,
                                     st.lists(regexes, max_size=3), yaml_values))
    if draw(st.booleans()):
        raw["divisions"] = [{"kind": "section", "patterns": draw(st.lists(division_regexes, min_size=1, max_size=2))}]
    if draw(st.integers(0, 3)) == 0:
        for key in draw(st.lists(st.sampled_from(PROFILE_FIELDS), min_size=1, max_size=3)):
            raw[key] = draw(yaml_values)
    text = yaml.safe_dump(raw, allow_unicode=True)
    return draw(st.one_of(st.just(text), mutated_bytes(text.encode()).map(lambda data: data.decode("utf-8", "replace"))))


_PROFILE_FOLDER = Path(tempfile.mkdtemp(prefix="constdiff-fuzz-profiles-"))
_PROFILE_NUMBERS = itertools.count()


@fuzzes(st.tuples(profiles(), text_files(), reports))
def test_profiles(example: tuple[str, tuple[str, bytes], str]) -> None:
    """A profile loads or is refused in one line; if it loads, it reads a text (within the time limit)."""
    content, (name, data), report = example
    path = _PROFILE_FOLDER / f"p{next(_PROFILE_NUMBERS)}.yaml"  # a new path: profiles are cached by path
    path.write_text(content, encoding="utf-8")
    try:
        profile = load_profile(str(path))
    except ConstdiffError as error:
        assert "\n" not in str(error) and str(error).startswith(f"{path}: "), repr(str(error))
        return
    finally:
        path.unlink()
    load_parse_compare(name, data, report, profile=profile)


# --- random command lines -----------------------------------------------------------------------

_POOL = Path(tempfile.mkdtemp(prefix="constdiff-fuzz-cli-"))
POOL_FILES = {
    "old.txt": SEED_TEXTS[0].encode(),
    "new.txt": SEED_TEXTS[1].encode(),
    "empty.txt": b"",
    "noise.bin": bytes(range(256)) * 8,
    "prose.txt": b"No headings here.\n",
    "en.yaml": "language: xx\narticles: ['^Article\\s+(?P<number>\\S+)$']\n".encode(),
    "bad.yaml": b"language: [\n",
    "pairs.yaml": b"pairs:\n  - {old: '63', new: []}\n",
    "settings.yaml": b"lang: en\nformat: json\n",
}
for _name, _data in POOL_FILES.items():
    (_POOL / _name).write_bytes(_data)
(_POOL / "folder").mkdir()
FILES = (*(str(_POOL / name) for name in POOL_FILES), str(_POOL / "folder"), str(_POOL / "missing.txt"), "-")
VALUES = st.one_of(st.sampled_from(FILES), st.sampled_from(("en", "ru", "xx", "auto", "json", "csv", "html", "markdown", "rich",
                   "tree", "all", "none", "changed", "0", "1", "-1", "40", "100.5", "nan", "lines=5", "articles=x", "=",
                   "repealed,added", "bogus", "63", "preamble", "")), st.text(max_size=10))
OPTIONS = ("--lang", "--profile", "--map", "--format", "--show", "--article", "--width", "--jobs", "--fail-on", "--max-changed",
           "--measure", "--limit", "-o", "--color")
FLAGS = ("--side-by-side", "--quiet", "--no-pager", "--explain", "--help")
COMMANDS = (("diff",), ("stats",), ("parse",), ("profile", "check"), ("demo",), ())


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], bytes]:
    words = list(draw(st.sampled_from(COMMANDS)))
    if draw(st.integers(0, 5)) == 0:
        words = ["--config", draw(st.sampled_from(FILES)), *words]
    words += draw(st.lists(st.sampled_from(FILES), min_size=0, max_size=3))
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(OPTIONS + FLAGS))
        words.append(option)
        if option in OPTIONS:
            words.append(str(_POOL / "out" / "report") if option == "-o" and draw(st.booleans()) else draw(VALUES))
    return words, draw(st.sampled_from((b"", SEED_TEXTS[0].encode(), b"\x00\x01")))


INPUT_OPTIONS = ("--profile", "--map", "--config")
"""Options whose value is a file constdiff reads (and -o must therefore never overwrite)."""


def inputs_named(words: list[str]) -> set[str]:
    """The pool files a command line reads: its arguments and the values of INPUT_OPTIONS."""
    named = set()
    for before, word in zip(["", *words], words):
        takes_value = before in OPTIONS or before == "--config"
        if word in POOL_PATHS and (not takes_value or before in INPUT_OPTIONS):
            named.add(word)
    return named


def changed_pool_files() -> set[str]:
    """The pool files no longer as made; each is made again, so that every example starts alike."""
    changed = set()
    for name, data in POOL_FILES.items():
        path = _POOL / name
        if not path.is_file() or path.read_bytes() != data:
            changed.add(str(path))
            path.unlink(missing_ok=True)
            path.write_bytes(data)
    return changed


POOL_PATHS = frozenset(str(_POOL / name) for name in POOL_FILES)


@contextmanager
def fresh_working_folder() -> Iterator[None]:
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(dir=_POOL) as folder:
        os.chdir(folder)
        try:
            yield
        finally:
            os.chdir(previous)


@fuzzes(command_lines())
def test_command_lines(example: tuple[list[str], bytes]) -> None:
    """Exit 0, 1 or 2; no traceback; a refusal is one line; no file the command reads overwritten.
    Each example runs in a fresh working folder, so a relative -o lands there."""
    words, stdin = example
    changed_pool_files()
    (_POOL / "out").mkdir(exist_ok=True)
    with fresh_working_folder():
        result = CliRunner().invoke(main, words, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("constdiff: error: ")]
    if errors:
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    overwritten = changed_pool_files() & inputs_named(words)
    assert not overwritten, f"an input was overwritten: {sorted(overwritten)}"

