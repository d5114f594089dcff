"""Caps on the work one input may cause (issue 13): --limit, deep HTML and DOCX, special files.

Hostile inputs are generated here, in temporary folders; the CLI runs in a subprocess with a
timeout wherever a regression would hang rather than fail.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from constdiff.cli import main
from constdiff.errors import InputError
from constdiff.limits import DEFAULT_LIMITS, Limits, check_count, parse_limit, too_large, with_limits
from constdiff.load import load_source
from constdiff.load.html_nesting import WORK_PER_DEPTH, measure_nesting
from constdiff.pipeline import read_document
from constdiff.profiles import data_dir

HANG_GUARD_SECONDS = 60
OLD = "Article 1\nThe land belongs to the people of Norland.\nArticle 2\nThe capital is Riverton.\n"
NEW = "Article 1\nThe land belongs to the people of Norland.\nArticle 2\nThe capital is Lakeside.\n"
DEPTH_HINT = "more than the limit of 1,000 (raise it with --limit depth=N)"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return str(path)


def _problem(source: str, **kwargs: Limits) -> str:
    with pytest.raises(InputError) as raised:
        read_document(source, language="en", **kwargs)
    assert "\n" not in str(raised.value)
    return raised.value.problem


def _run(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "constdiff", *args],
        capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, stdin=stdin,
    )  # fmt: skip


# --- the limits themselves ---------------------------------------------------------------------


def test_defaults_are_the_contracts() -> None:
    assert DEFAULT_LIMITS == Limits(bytes=50 * 1024 * 1024, chars=50_000_000, lines=1_000_000, articles=100_000, depth=1000, tags=1_000_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("lines=3000000", ("lines", 3_000_000)), ("lines=3M", ("lines", 3_000_000)), ("chars=2k", ("chars", 2000)),
     ("bytes=64Mi", ("bytes", 64 * 1024 * 1024)), ("depth=5000", ("depth", 5000)), (" articles=1G ", ("articles", 10**9))],
)  # fmt: skip
def test_parse_limit(text: str, expected: tuple[str, int]) -> None:
    assert parse_limit(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [("lines=1,000", "no commas"), ("lines=1_000", "no commas, underscores"), ("lines=-5", "whole number"),
     ("lines=0", "at least 1"), ("lines=", "whole number"), ("pages=5", "names no limit"), ("lines", "is not NAME=N"),
     ("lines=5T", "whole number")],
)  # fmt: skip
def test_parse_limit_refuses_clearly(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_limit(text)


def test_later_settings_win_and_the_rest_stay() -> None:
    limits = with_limits([("lines", 5), ("depth", 7), ("lines", 9)])
    assert (limits.lines, limits.depth, limits.chars) == (9, 7, DEFAULT_LIMITS.chars)


def test_messages_name_the_cap_and_how_to_raise_it() -> None:
    with pytest.raises(InputError) as raised:
        check_count("big.txt", DEFAULT_LIMITS, "lines", 2_500_000, "lines")
    assert str(raised.value) == (
        "big.txt: has 2,500,000 lines, more than the limit of 1,000,000 (raise it with --limit lines=N)"
    )
    check_count("big.txt", DEFAULT_LIMITS, "lines", 1_000_000, "lines")  # at the limit: fine
    assert too_large(DEFAULT_LIMITS.bytes) == "is larger than the 50 MiB limit (raise it with --limit bytes=N)"


def test_loading_and_parsing_are_checked(tmp_path: Path) -> None:
    source = _write(tmp_path, "old.txt", OLD)
    assert _problem(source, limits=Limits(chars=50)) == (
        f"has {len(OLD)} characters, more than the limit of 50 (raise it with --limit chars=N)"
    )
    assert _problem(source, limits=Limits(lines=3)) == "has 4 lines, more than the limit of 3 (raise it with --limit lines=N)"
    assert _problem(source, limits=Limits(articles=1)) == (
        "has 2 articles, more than the limit of 1 (raise it with --limit articles=N)"
    )
    assert "larger than the 10 bytes limit (raise it with --limit bytes=N)" in _problem(source, limits=Limits(bytes=10))
    assert len(read_document(source, language="en", limits=Limits(lines=4, articles=2)).articles()) == 2


# --- HTML nesting ---------------------------------------------------------------------------------


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Norland</title></head><body>{body}</body></html>"


def test_deep_html_is_refused_before_parsing(tmp_path: Path) -> None:
    source = _write(tmp_path, "deep.html", "<div>" * 100_000 + "Article 1 Text.")
    assert _problem(source) == f"nests elements 100,000 deep, {DEPTH_HINT}"
    in_a_page = _write(tmp_path, "page.html", _page("<div>" * 100_000))
    assert _problem(in_a_page) == f"nests elements 100,002 deep, {DEPTH_HINT}"  # html and body too


@pytest.mark.parametrize(
    "body",
    ["<ul><li>" * 5000, "<blockquote>" * 5000, "".join(f"<p><b id={n}>x" for n in range(5000)),
     "<p><div>" * 5000, "<svg><style>" + "<div>" * 5000, "<!-- <b -->x</b>" + "<div>" * 5000,
     '<div title="<">' * 5000, "<!-->" + "<div>" * 5000 + "-->", "<!--->" + "<div>" * 5000 + "-->", "<table><tr><td>" * 5000, "<DIV>" * 5000],
)  # fmt: skip
def test_nestings_that_make_the_parser_slow_are_found(body: str) -> None:
    assert measure_nesting(_page(body), max_depth=1000).deepest > 1000


@pytest.mark.parametrize(
    "body",
    ["<p>Article 1 Text" * 20_000, "<ul>" + "<li>Point" * 20_000 + "</ul>", "<dl>" + "<dt>a<dd>b" * 10_000 + "</dl>",
     "<table>" + "<tr><td>a<td><font size=2>b" * 10_000 + "</table>", "<p><font face=Arial>text" * 20_000,
     "<div>" + "<br><img src=x><hr>" * 20_000 + "</div>", "<script>" + "'<div>'" * 5000 + "</script><p>x",
     "<!--" + "<div>" * 5000 + "--><p>x", "<svg>" + "<path d=x/>" * 5000 + "</svg>",
     "<div><span>" * 300 + "x" + "</span></div>" * 300],
)  # fmt: skip
def test_real_page_patterns_do_not_inflate_the_depth(body: str) -> None:
    found = measure_nesting(_page(body), max_depth=1000)
    assert found.deepest <= 610
    assert found.work <= 1000 * WORK_PER_DEPTH


def test_a_page_of_unclosed_paragraphs_and_items_loads(tmp_path: Path) -> None:
    articles = "".join(f"<p>Article {n}<p>The council meets in session {n}.<ul><li>one<li>two</ul>" for n in range(1, 3001))
    source = _write(tmp_path, "page.html", _page(f"<main><div class=law>{articles}</div></main>"))
    assert len(read_document(source, language="en").articles()) == 3000


def test_raising_the_depth_limit_lets_a_deep_page_through(tmp_path: Path) -> None:
    source = _write(tmp_path, "deep.html", _page("<div>" * 1500 + "<p>Article 1<p>The land belongs to the people."))
    assert _problem(source) == f"nests elements 1,502 deep, {DEPTH_HINT}"
    assert [a.number for a in read_document(source, language="en", limits=Limits(depth=2000)).articles()] == ["1"]


def test_much_work_at_a_modest_depth_is_refused() -> None:
    """1,000 open spans and then stray end tags: each walks the whole stack in the parser."""
    found = measure_nesting("<span>" * 900 + "</q>" * 1_000_000, max_depth=1000)
    assert found.deepest == 900
    assert found.work > 1000 * WORK_PER_DEPTH


def test_a_select_of_many_options_is_refused() -> None:
    found = measure_nesting("<select>" + "<option>x" * 50_000, max_depth=1000)
    assert found.work > 1000 * WORK_PER_DEPTH


# --- DOCX nesting ---------------------------------------------------------------------------------


def _docx(levels: int) -> bytes:
    paragraph = "<w:p><w:r><w:t>Article 1</w:t></w:r></w:p><w:p><w:r><w:t>The land belongs to the people.</w:t></w:r></w:p>"
    xml = f"<w:document {_W}><w:body>{'<w:sdt>' * levels}{paragraph}{'</w:sdt>' * levels}</w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # deflated, it would be refused as a zip bomb
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_deep_docx_is_refused_and_walked_without_recursion(tmp_path: Path) -> None:
    source = _write(tmp_path, "deep.docx", _docx(100_000))
    # w:document 1, w:body 2, the content controls 3..100,002, then w:p, w:r, w:t
    assert _problem(source) == f"nests elements 100,005 deep, {DEPTH_HINT}"
    assert load_source(source, limits=Limits(depth=200_000)).text.startswith("Article 1\n")


def test_docx_of_ordinary_depth_loads(tmp_path: Path) -> None:
    source = _write(tmp_path, "ok.docx", _docx(3))
    assert [a.number for a in read_document(source, language="en").articles()] == ["1"]


# --- special files --------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_without_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    new = _write(tmp_path, "new.txt", NEW)
    result = _run("diff", str(fifo), new)
    assert result.returncode == 2
    assert result.stderr == (
        f"constdiff: error: {fifo}: is a named pipe, not a regular file (pipe it to standard input instead: - < {fifo})\n"
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_character_device_is_refused() -> None:
    with pytest.raises(InputError, match="^/dev/zero: is a character device, not a regular file$"):
        load_source("/dev/zero")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_refused() -> None:
    folder = tempfile.mkdtemp()  # a short path: socket names are limited to about 100 bytes
    try:
        path = os.path.join(folder, "s")
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path)
            with pytest.raises(InputError, match="is a socket, not a regular file$"):
                load_source(path)
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed for process substitution")
def test_process_substitution_is_read(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.txt", OLD), _write(tmp_path, "new.txt", NEW)
    command = f'"{sys.executable}" -m constdiff stats --lang en <(cat "{old}") "{new}"'
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    assert result.returncode == 1, result.stderr
    assert "old_articles=2 new_articles=2" in result.stdout


def test_standard_input_is_still_read(tmp_path: Path) -> None:
    new = _write(tmp_path, "new.txt", NEW)
    with open(_write(tmp_path, "old.txt", OLD), "rb") as handle:
        result = _run("stats", "--lang", "en", "-", new, stdin=handle.fileno())
    assert result.returncode == 1, result.stderr
    assert "articles_amended=1" in result.stdout


# --- the command line -----------------------------------------------------------------------------


def test_limit_option_on_every_reading_command(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.txt", OLD), _write(tmp_path, "new.txt", NEW)
    profile = str(data_dir() / "profiles" / "en.yaml")
    lines = f"constdiff: error: {old}: has 4 lines, more than the limit of 3 (raise it with --limit lines=N)\n"
    for args in (["diff", old, new], ["stats", old, new], ["parse", old], ["profile", "check", profile, old]):
        result = CliRunner().invoke(main, [*args, "--limit", "lines=3"])
        assert (result.exit_code, result.stderr) == (2, lines), args
        assert CliRunner().invoke(main, [*args, "--limit", "lines=3", "--limit", "lines=4"]).exit_code in (0, 1), args


def test_bad_limit_is_a_usage_error(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.txt", OLD), _write(tmp_path, "new.txt", NEW)
    result = CliRunner().invoke(main, ["diff", old, new, "--limit", "lines=1,000"])
    assert result.exit_code == 2
    assert "Invalid value for '--limit': 'lines=1,000' is not NAME=N" in result.stderr


def test_limit_from_the_settings_file(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.txt", OLD), _write(tmp_path, "new.txt", NEW)
    settings = _write(tmp_path, "constdiff.yaml", "limit: {articles: 1}\n")
    result = CliRunner().invoke(main, ["--config", settings, "stats", old, new])
    assert result.exit_code == 2
    assert result.stderr.endswith("has 2 articles, more than the limit of 1 (raise it with --limit articles=N)\n")
    assert CliRunner().invoke(main, ["--config", settings, "stats", old, new, "--limit", "articles=2"]).exit_code == 1


def test_bad_limit_in_the_settings_file_names_the_file_and_key(tmp_path: Path) -> None:
    old, new = _write(tmp_path, "old.txt", OLD), _write(tmp_path, "new.txt", NEW)
    settings = _write(tmp_path, "constdiff.yaml", "limit: [depth=lots]\n")
    result = CliRunner().invoke(main, ["--config", settings, "diff", old, new])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"constdiff: error: {settings}: setting 'limit': 'depth=lots' is not NAME=N")
    assert "\n" not in result.stderr.rstrip("\n")


def test_deep_html_through_the_command_line(tmp_path: Path) -> None:
    deep = _write(tmp_path, "deep.html", "<div>" * 100_000)
    result = _run("parse", deep)
    assert (result.returncode, result.stderr) == (2, f"constdiff: error: {deep}: nests elements 100,000 deep, {DEPTH_HINT}\n")


def test_a_flood_of_tags_is_refused_before_the_page_is_parsed(tmp_path: Path) -> None:
    """Walking a million elements from Python takes seconds; 50 MiB of ``<p>x`` would take minutes."""
    page = tmp_path / "flood.html"
    page.write_text("<html><body>" + "<p>Article 1 x" * 30, encoding="utf-8")
    assert "Article 1" in load_source(str(page), limits=Limits(tags=40)).text
    with pytest.raises(InputError, match=r"has 32 tags, more than the limit of 31 \(raise it with --limit tags=N\)"):
        load_source(str(page), limits=Limits(tags=31))
