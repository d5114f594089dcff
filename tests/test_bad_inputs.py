"""The bad-input table (issue 13): every hostile or broken input a new user might hand constdiff.

Each case runs the real command line in a subprocess, with a time bound (a subprocess timeout,
not a speed assertion), and checks the exact exit status; for a refusal, that standard error
is exactly one line naming the file and the problem; never a traceback; and that no file in
the case's folder changed (SHA-256 before and after), nor a report was left half-written.
Hostile files are made here, never committed.  The cases run side by side (``RUNS_AT_ONCE``).
"""

from __future__ import annotations

import codecs
import hashlib
import importlib.util
import io
import json
import os
import random
import re
import shlex
import signal
import socket
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ClassVar

import pytest

from test_load import PDF_PAGES, RUSSIAN, W_NAMESPACE, _docx, _Handler, _p, _pdf, _r, serving

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CONSTDIFF = (sys.executable, "-m", "constdiff")
RUN_BOUND_SECONDS = 20.0
"""Time bound for an ordinary run; generous, since the suite may share the machine."""
HANG_BOUND_SECONDS = 10.0
"""Time bound for the inputs that used to hang (the issue's acceptance: never a hang past 10 s)."""

TESTLAND = """Constitution of Testland
Section I
General Provisions
Article 1
1. All power belongs to the people of Testland.
2. The people exercise their power through free elections and referendums.
Article 2
The state is secular and no religion may be established as a state religion.
Article 3
The capital of Testland is the city of Riverton.
Section II
The Parliament
Article 4
The Parliament adopts the laws and the budget of the state.
Article 5
The Parliament meets in two ordinary sessions every year.
"""
TESTLAND_2 = TESTLAND.replace("two ordinary sessions", "three ordinary sessions")
PROFILE = r"""language: tl
name: Testlandic
words: [the, of, and, state, people]
divisions:
  - kind: section
    patterns: ['^Section\s+(?P<number>[IVX]+)\s*(?P<title>.*)$']
articles:
  - '^Article\s+(?P<number>\d+)$'
"""

# --- what a case runs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invocation:
    """One run: constdiff's arguments, or a bash command line in which ``constdiff`` is the CLI."""

    args: tuple[str, ...] = ()
    shell: str | None = None
    stdin: bytes | None = None
    cwd: Path | None = None
    report: Path | None = None  # the -o file a successful run writes
    closed_stdout: bool = False  # standard output a pipe whose reader is gone


Build = Callable[[Path, str], Invocation]
"""Makes the hostile input in the case's folder; gets the folder and the local web server's address."""


@dataclass(frozen=True)
class Case:
    """One row of the table.  ``says`` is a regular expression for the whole line after
    ``constdiff: error: `` (a refusal), or searched in the last line of click's usage message
    (``usage``: click's own four lines); ``@`` stands for the case's folder.  A run that gives a
    result instead prints nothing on stderr: ``prints`` is searched in its output, ``warns`` must
    begin one of the warnings of its JSON report."""

    name: str
    build: Build
    exit: int
    says: str | None = None
    usage: bool = False
    warns: str | None = None
    prints: str | None = None
    bound: float = RUN_BOUND_SECONDS
    needs: str | None = None  # an optional module the input's format needs
    skip: str | None = None  # why this row is not run here


# --- builders -----------------------------------------------------------------------------------


def _bytes(data: bytes | Callable[[], bytes]) -> bytes:
    return data() if callable(data) else data


def parse_file(name: str, data: bytes | Callable[[], bytes], *options: str) -> Build:
    """``constdiff parse FILE`` on a file made of ``data``."""

    def build(tmp: Path, web: str) -> Invocation:
        path = tmp / name
        path.write_bytes(_bytes(data))
        return Invocation(("parse", str(path), *options))

    return build


def parse_path(source: str, *options: str) -> Build:
    """``constdiff parse SOURCE`` on something that is not made here: a device, or a path on the web server (``@/...``)."""
    return lambda tmp, web: Invocation(("parse", source.replace("@/", f"{web}/", 1), *options))


def diff_files(old: bytes | Callable[[], bytes], new: bytes | Callable[[], bytes], *options: str,
               name: str = "new.txt") -> Build:
    """``constdiff diff old.txt NEW`` in the case's folder (the folder is the working directory)."""

    def build(tmp: Path, web: str) -> Invocation:
        (tmp / "old.txt").write_bytes(_bytes(old))
        (tmp / name).write_bytes(_bytes(new))
        return Invocation(("diff", str(tmp / "old.txt"), str(tmp / name), *options), cwd=tmp)

    return build


def seeds(tmp: Path) -> tuple[Path, Path]:
    """Copies of the sample pair, so that the hash check covers them."""
    old, new = tmp / "old.txt", tmp / "new.txt"
    old.write_bytes((SEEDS / "arvenia-2011.txt").read_bytes())
    new.write_bytes((SEEDS / "arvenia-2024.txt").read_bytes())
    return old, new


def with_file(name: str, content: str | bytes, then: Callable[[Path, Path], Invocation]) -> Build:
    """A side file (a profile, a map, a settings file) in the folder, and the run that uses it."""

    def build(tmp: Path, web: str) -> Invocation:
        path = tmp / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return then(tmp, path)

    return build


def with_profile(content: str | bytes, text: str = TESTLAND) -> Build:
    def then(tmp: Path, profile: Path) -> Invocation:
        (tmp / "c.txt").write_text(text, encoding="utf-8")
        return Invocation(("parse", str(tmp / "c.txt"), "--profile", str(profile)))

    return with_file("mine.yaml", content, then)


def with_map(content: str) -> Build:
    def then(tmp: Path, mapping: Path) -> Invocation:
        old, new = seeds(tmp)
        return Invocation(("diff", str(old), str(new), "--map", str(mapping), "--quiet"))

    return with_file("pairs.yaml", content, then)


def with_settings(content: str) -> Build:
    """A ./constdiff.yaml in the working folder, and a diff that reads it."""

    def then(tmp: Path, settings: Path) -> Invocation:
        return Invocation(("diff", *map(str, seeds(tmp))), cwd=tmp)

    return with_file("constdiff.yaml", content, then)


def output_to(target: Callable[[Path, Path], str], *options: str, report: bool = False) -> Build:
    """``constdiff diff old new -o TARGET`` where ``target`` names (or makes) the -o path."""

    def build(tmp: Path, web: str) -> Invocation:
        old, new = seeds(tmp)
        output = target(tmp, new)
        return Invocation(("diff", str(old), str(new), *options, "-o", output), cwd=tmp,
                          report=tmp / output if report else None)

    return build


def symlink_to_new(tmp: Path, new: Path) -> str:
    (tmp / "alias.txt").symlink_to(new)
    return str(tmp / "alias.txt")


def hard_link_to_new(tmp: Path, new: Path) -> str:
    os.link(new, tmp / "alias.txt")
    return str(tmp / "alias.txt")


def read_only_folder(tmp: Path, new: Path) -> str:
    folder = tmp / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    return str(folder / "report.json")


def unreadable(tmp: Path, web: str) -> Invocation:
    path = tmp / "locked.txt"
    path.write_text(TESTLAND, encoding="utf-8")
    path.chmod(0)
    return Invocation(("parse", str(path)))


def fifo(tmp: Path, web: str) -> Invocation:
    path = tmp / "pipe.txt"
    os.mkfifo(path)
    return Invocation(("parse", str(path)))


_KEEP_OPEN: list[socket.socket] = []
"""Listening sockets whose files the table reads; closed once it has run."""


def unix_socket(tmp: Path, web: str) -> Invocation:
    path = tmp / "sock.txt"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    _KEEP_OPEN.append(listener)
    return Invocation(("parse", str(path)))


def shell(command: str) -> Build:
    """A bash command line on the sample pair (``@/`` the folder, ``constdiff`` the CLI)."""

    def build(tmp: Path, web: str) -> Invocation:
        seeds(tmp)
        line = command.replace("@/", f"{shlex.quote(str(tmp))}/").replace("constdiff", shlex.join(CONSTDIFF))
        return Invocation(shell=line, cwd=tmp)

    return build


def closed_stdout(tmp: Path, web: str) -> Invocation:
    return Invocation(("diff", *map(str, seeds(tmp)), "--format", "json"), closed_stdout=True)


def stdin_of(data: bytes, *args: str) -> Build:
    return lambda tmp, web: Invocation(args, stdin=data, cwd=tmp)


# --- hostile content ----------------------------------------------------------------------------


def noise(size: int, *, seed: int = 13, zeros: bool = True) -> bytes:
    data = random.Random(seed).randbytes(size)
    return data if zeros else data.replace(b"\x00", b"\x01")


def docx_with(document: str, files: dict[str, str] | None = None) -> bytes:
    """A ZIP with ``word/document.xml`` holding exactly ``document`` (no wrapping), and ``files``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document)
        for name, data in (files or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def patched_zip(data: bytes, *, offset_local: int, offset_central: int, value: bytes) -> bytes:
    """The first member's header field at the given offsets (local header, central directory) set to ``value``."""
    patched = bytearray(data)
    local, central = patched.find(b"PK\x03\x04"), patched.find(b"PK\x01\x02")
    patched[local + offset_local: local + offset_local + len(value)] = value
    patched[central + offset_central: central + offset_central + len(value)] = value
    return bytes(patched)


def declared_huge_docx() -> bytes:
    """A small DOCX whose header claims document.xml unpacks to 3 GB (uncompressed-size fields)."""
    return patched_zip(docx_with(_document(_p(_r("Article 1")))), offset_local=22, offset_central=24,
                       value=(3 * 10**9).to_bytes(4, "little"))


def unknown_compression_docx() -> bytes:
    return patched_zip(docx_with(_document(_p(_r("Article 1")))), offset_local=8, offset_central=10,
                       value=(99).to_bytes(2, "little"))


def bad_crc_docx() -> bytes:
    data = docx_with(_document(_p(_r("Article 1")) + _p(_r("Text."))))
    return patched_zip(data, offset_local=14, offset_central=16, value=b"\x00\x00\x00\x00")


def misplaced_directory_docx() -> bytes:
    """The end record says the central directory starts 20,000 bytes later than it does (found by the fuzzer)."""
    data = bytearray(docx_of_testland())
    end = data.rfind(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16: end + 20], "little")
    data[end + 16: end + 20] = (offset + 20_000).to_bytes(4, "little")
    return bytes(data)


def future_zip_version_docx() -> bytes:
    """Every entry of the central directory needs ZIP version 6.4 to extract (found by the fuzzer)."""
    data = bytearray(docx_of_testland())
    entry = data.find(b"PK\x01\x02")
    while entry >= 0:
        data[entry + 6: entry + 8] = (64).to_bytes(2, "little")
        entry = data.find(b"PK\x01\x02", entry + 4)
    return bytes(data)


def _document(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NAMESPACE}"><w:body>{body}</w:body></w:document>'


def docx_of_testland() -> bytes:
    return _docx("".join(_p(_r(line)) for line in TESTLAND.splitlines()))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    + f']><w:document xmlns:w="{W_NAMESPACE}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NAMESPACE}"><w:body><w:p><w:r><w:t>Article 1 &xxe;</w:t></w:r></w:p></w:body></w:document>'
)
DEEP = 100_000


def deep_docx() -> bytes:
    return _docx("<w:sdt><w:sdtContent>" * DEEP + "".join(_p(_r(line)) for line in TESTLAND.splitlines())
                 + "</w:sdtContent></w:sdt>" * DEEP)


def html_page(body: str) -> bytes:
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Testland</title></head><body>{body}</body></html>'.encode()


TESTLAND_HTML = "".join(f"<p>{line}</p>" for line in TESTLAND.splitlines())


def deep_html(depth: int = DEEP) -> bytes:
    return html_page("<div>" * depth + TESTLAND_HTML)


def lines_of(count: int) -> bytes:
    body = "".join(f"Line {index} of the long text.\n" for index in range(count - 2))
    return f"Article 1\n{body}Article 2\n".encode()


def articles_of(count: int) -> bytes:
    return "".join(f"Article {index}\nText of article {index}.\n" for index in range(1, count + 1)).encode()


def with_format_noise(text: str) -> str:
    """Zero-width spaces inside words, soft hyphens, a joiner and a BOM mid-text: invisible noise."""
    noisy = text.replace("people", "peo\u00adple").replace("Parliament", "Parl\u200biament").replace("state", "st\u200date")
    return noisy.replace("Article 3\n", "Article 3\n\ufeff")


def with_bad_utf8(text: str) -> bytes:
    """UTF-8 but for three stray bytes: a legacy reading of the whole file would be wrong."""
    data = text.replace("Riverton", "Ríverton — Ёлкино").encode()
    return data.replace(b"Article 2\n", b"Article 2\n\xff").replace(b"Article 4\n", b"Article 4\n\xfe\xc0")


def with_bidi_marks(text: str) -> str:
    return text.replace("Article 3\n", "\u200fArticle 3\n").replace("Article 5\n", "\u202bArticle 5\u202c\n")


# --- the local web server -----------------------------------------------------------------------


class _Web(_Handler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {
        "/law.txt": (200, {"Content-Type": "text/plain; charset=utf-8"}, TESTLAND.encode()),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/law.txt"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/fake.pdf": (200, {"Content-Type": "application/pdf"}, b"<html><body>Error page</body></html>"),
        "/huge": (200, {"Content-Type": "text/plain", "Content-Length": str(10**11)}, b""),
        "/empty": (200, {"Content-Type": "text/plain"}, b""),
        "/noise": (200, {"Content-Type": "application/octet-stream"}, noise(4096)),
    }

    def do_GET(self) -> None:
        if self.path == "/garbage":  # not HTTP at all
            self.wfile.write(b"\x00\x01garbage, not an HTTP status line\r\n\r\n")
            return
        super().do_GET()


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    with serving(_Web) as url:
        yield url


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        return listener.getsockname()[1]


# --- the table ----------------------------------------------------------------------------------

NOT_TEXT = r"looks like a binary file, not text"
SAME = r"is the same file as the input @/new\.txt; the report would overwrite it"
JSON = ("--format", "json")
LEGACY_RUSSIAN = RUSSIAN.replace("—", "-")
NAMES_IT = r".*(?:constdiff\.yaml|x.*\.yaml).*"
"""A refusal whose exact words are not settled yet, naming the settings file or the path in it."""

CASES = (
    # plain text, encodings, binaries
    Case("empty file", parse_file("empty.txt", b""), 2, r"@/empty\.txt: is empty"),
    Case("whitespace only", parse_file("blank.txt", b" \n\t\n\r\n   \n"), 2, r"@/blank\.txt: is empty \(only whitespace\)"),
    Case("UTF-16 whitespace only", parse_file("blank16.txt", codecs.BOM_UTF16_LE + "  \n \n".encode("utf-16-le")), 2,
         r"@/blank16\.txt: is empty \(only whitespace\)"),
    Case("random bytes", parse_file("noise.bin", noise(65536)), 2, rf"@/noise\.bin: {NOT_TEXT}"),
    Case("random bytes without zeros", parse_file("noise.txt", noise(65536, zeros=False)), 2,
         r"@/noise\.txt: is not text in any encoding we recognise"),
    Case("NUL bytes in a text", parse_file("nul.txt", TESTLAND.encode().replace(b"Article 2", b"Article\x002")), 2,
         rf"@/nul\.txt: {NOT_TEXT}"),
    Case("a PNG image named .txt", parse_file("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise(2000)), 2,
         rf"@/image\.txt: {NOT_TEXT}"),
    Case("an ELF executable", parse_file("tool", b"\x7fELF\x02\x01\x01" + bytes(9) + noise(8000)), 2, rf"@/tool: {NOT_TEXT}"),
    Case("prose without headings", parse_file("prose.txt", b"Just prose, no headings at all.\nA second line of it.\n"), 2,
         r"@/prose\.txt: no article or section headings recognised \(profiles tried: .+\)"),
    Case("sections without articles", parse_file("sections.txt", b"Section I\nSection II\n", "--lang", "en"), 2,
         r"@/sections\.txt: no article headings found with the English profile \(.+en\.yaml\)"),
    Case("UTF-8 with a BOM", parse_file("bom.txt", codecs.BOM_UTF8 + TESTLAND.encode()), 0, prints=r"Articles 1 2 3"),
    Case("UTF-16 LE with a BOM", parse_file("le.txt", codecs.BOM_UTF16_LE + TESTLAND.encode("utf-16-le")), 0,
         prints=r"Articles 1 2 3"),
    Case("UTF-16 BE without a BOM", parse_file("be.txt", TESTLAND.encode("utf-16-be")), 0, prints=r"Articles 1 2 3"),
    Case("UTF-32 with a BOM", parse_file("u32.txt", codecs.BOM_UTF32_LE + TESTLAND.encode("utf-32-le")), 0,
         prints=r"Articles 1 2 3"),
    Case("UTF-16 cut in the middle of a character", parse_file("cut16.txt", codecs.BOM_UTF16_LE + TESTLAND.encode("utf-16-le")[:-1]),
         2, r"@/cut16\.txt: cannot be decoded as utf-16"),
    Case("legacy cp1251 Russian", parse_file("ru.txt", RUSSIAN.encode("cp1251")), 0, prints=r"Статьи 1 2|Articles 1 2"),
    Case("legacy KOI8-R Russian", parse_file("ru.txt", LEGACY_RUSSIAN.encode("koi8-r")), 0, prints=r"Статьи 1 2|Articles 1 2"),
    Case("UTF-8 with three bad bytes", diff_files(TESTLAND.encode(), with_bad_utf8(TESTLAND), *JSON, name="bad.txt"), 1,
         warns=r"@/bad\.txt: 3 bytes are not valid UTF-8 \(the first at byte [\d,]+\); they are shown as \ufffd"),
    Case("zero-width spaces and soft hyphens", diff_files(TESTLAND.encode(), with_format_noise(TESTLAND).encode(), *JSON), 0,
         warns=r"@/new\.txt: removed \d+ invisible format characters"),
    Case("bidi marks before headings", parse_file("rtl.txt", with_bidi_marks(TESTLAND).encode(), *JSON), 0,
         prints=r'"articles": 5,'),
    Case("duplicate article numbers", parse_file("dup.txt", b"Article 1\nOne.\nArticle 1\nAgain.\nArticle 2\nTwo.\n"), 0,
         prints=r"Articles 1 1 2|duplicate"),
    Case("odd article numbers (3-1, 10a, 1bis)",
         parse_file("odd.txt", b"Article 1\nOne.\nArticle 1bis\nOne more.\nArticle 3-1\nInserted.\nArticle 10a\nTen.\n"),
         0, prints=r"1bis|3-1"),
    Case("a huge article number", parse_file("big.txt", b"Article 1\nOne.\nArticle 99999999999999999999999999\nHuge.\n"), 0,
         prints=r"99999999999999999999999999"),
    Case("one megabyte on one line", parse_file("line.txt", b"Article 1\n" + b"word " * 200_000 + b"\nArticle 2\nEnd.\n"), 0,
         prints=r"Articles 1 2"),
    # files that are not files
    Case("missing file", lambda tmp, web: Invocation(("parse", str(tmp / "nowhere.txt"))), 2, r"@/nowhere\.txt: no such file"),
    Case("a directory", lambda tmp, web: Invocation(("parse", str(tmp))), 2, r"@: is a directory, not a file"),
    Case("an unreadable file", unreadable, 2, r"@/locked\.txt: cannot be read \(Permission denied\)",
         skip="root reads any file" if os.geteuid() == 0 else None),
    Case("/dev/zero", parse_path("/dev/zero"), 2, r"/dev/zero: is a character device, not a regular file", bound=HANG_BOUND_SECONDS),
    Case("/dev/urandom", parse_path("/dev/urandom"), 2, r"/dev/urandom: is a character device, not a regular file",
         bound=HANG_BOUND_SECONDS),
    Case("/dev/null", parse_path("/dev/null"), 2, r"/dev/null: is a character device, not a regular file"),
    Case("/dev/tty", parse_path("/dev/tty"), 2, r"/dev/tty: is a character device, not a regular file", bound=HANG_BOUND_SECONDS),
    Case("a named pipe with no writer", fifo, 2,
         r"@/pipe\.txt: is a named pipe, not a regular file \(pipe it to standard input instead: - < @/pipe\.txt\)",
         bound=HANG_BOUND_SECONDS),
    Case("a Unix socket", unix_socket, 2, r"@/sock\.txt: is a socket(?:, not a regular file)?", bound=HANG_BOUND_SECONDS),
    Case("process substitution", shell("constdiff diff <(cat @/old.txt) @/new.txt --show none"), 1),
    Case("standard input", stdin_of(TESTLAND.encode(), "parse", "-"), 0, prints=r"Articles 1 2 3"),
    Case("both versions from standard input", stdin_of(TESTLAND.encode(), "diff", "-", "-"), 2,
         r"-: only one of the two versions can come from standard input"),
    # limits
    Case("more lines than --limit lines", parse_file("long.txt", lines_of(200), "--limit", "lines=100"), 2,
         r"@/long\.txt: has 20[01] lines, more than the limit of 100 \(raise it with --limit lines=N\)"),
    Case("more articles than --limit articles", parse_file("many.txt", articles_of(8), "--limit", "articles=5"), 2,
         r"@/many\.txt: has 8 articles, more than the limit of 5 \(raise it with --limit articles=N\)"),
    Case("more characters than --limit chars", parse_file("wide.txt", articles_of(200), "--limit", "chars=1000"), 2,
         r"@/wide\.txt: has [\d,]+ characters, more than the limit of 1,000 \(raise it with --limit chars=N\)"),
    Case("more bytes than --limit bytes", parse_file("heavy.txt", articles_of(200), "--limit", "bytes=1000"), 2,
         r"@/heavy\.txt: is larger than the 1,000 bytes limit \(raise it with --limit bytes=N\)"),
    Case("deeper HTML than --limit depth", parse_file("nest.html", deep_html(200), "--limit", "depth=50"), 2,
         r"@/nest\.html: nests elements [\d,]+ deep, more than the limit of 50 \(raise it with --limit depth=N\)"),
    Case("a raised limit lets the text through", parse_file("many.txt", articles_of(8), "--limit", "articles=10"), 0,
         prints=r"Articles 1 2 3"),
    Case("--limit with a word for a number", parse_file("c.txt", TESTLAND.encode(), "--limit", "lines=many"), 2,
         r"lines=many", usage=True),
    Case("--limit of an unknown name", parse_file("c.txt", TESTLAND.encode(), "--limit", "pages=5"), 2, r"pages", usage=True),
    Case("--limit of a negative number", parse_file("c.txt", TESTLAND.encode(), "--limit", "lines=-1"), 2, r"lines=-1", usage=True),
    Case("--limit without a value", parse_file("c.txt", TESTLAND.encode(), "--limit", "lines"), 2, r"'lines'|NAME=N", usage=True),
    # DOCX
    Case("a ZIP bomb named .docx", parse_file("bomb.docx", lambda: _docx(_p(_r("Article 1")) + "<w:p/>" * 700_000)), 2,
         r"@/bomb\.docx: is compressed [\d,]+:1, which only a ZIP bomb is; refusing it"),
    Case("a DOCX claiming 3 GB unpacked", parse_file("claims.docx", declared_huge_docx), 2,
         r"@/claims\.docx: unpacks word/document\.xml to more than 209,715,200 bytes; refusing it"),
    Case("a truncated DOCX", parse_file("cut.docx", lambda: docx_of_testland()[:300]), 2,
         r"@/cut\.docx: is not a valid Word document \(damaged ZIP archive\)"),
    Case("a ZIP without document.xml", parse_file("other.docx", lambda: docx_with("x").replace(b"word/document.xml", b"word/elsewhere.xm")),
         2, r"@/other\.docx: is a ZIP archive but not a Word document \(no word/document\.xml\)"),
    Case("a DOCX pointing outside the archive",
         parse_file("escape.docx", lambda: docx_with("x", {"_rels/.rels": (
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" '
             'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="../../etc/passwd"/></Relationships>')})),
         2, r"@/escape\.docx: is a ZIP archive but not a Word document \(no \.\./\.\./etc/passwd\)"),
    Case("a DOCX with an unknown compression method", parse_file("method.docx", unknown_compression_docx), 2,
         r"@/method\.docx: is a damaged Word document \(.+\)"),
    Case("a DOCX with a wrong checksum", parse_file("crc.docx", bad_crc_docx), 2,
         r"@/crc\.docx: is a damaged Word document \(Bad CRC-32 for file 'word/document\.xml'\)"),
    Case("a DOCX whose directory is misplaced", parse_file("seek.docx", misplaced_directory_docx), 2,
         r"@/seek\.docx: is (?:not a valid|a damaged) Word document .+"),
    Case("a DOCX needing a newer ZIP version", parse_file("zip64.docx", future_zip_version_docx), 2,
         r"@/zip64\.docx: is not a valid Word document \(damaged ZIP archive\)"),
    Case("a DOCX with broken XML", parse_file("xml.docx", lambda: _docx("<w:p><w:r><w:t>unclosed")), 2,
         r"@/xml\.docx: is a damaged Word document \(bad XML: .+\)"),
    Case("billion laughs in a DOCX", parse_file("laughs.docx", lambda: docx_with(BILLION_LAUGHS)), 2,
         r"@/laughs\.docx: is not a Word document \(its XML declares a DTD\)"),
    Case("XXE in a DOCX", parse_file("xxe.docx", lambda: docx_with(XXE)), 2,
         r"@/xxe\.docx: is not a Word document \(its XML declares a DTD\)"),
    Case("a DOCX without a body", parse_file("nobody.docx", lambda: docx_with(f'<w:document xmlns:w="{W_NAMESPACE}"/>')), 2,
         r"@/nobody\.docx: is not a Word document \(word/document\.xml has no body\)"),
    Case("a DOCX without text", parse_file("blank.docx", lambda: _docx(_p() + _p(_r("   ")))), 2,
         r"@/blank\.docx: is a Word document without any text"),
    Case("DOCX XML nested 100,000 deep", parse_file("deep.docx", deep_docx), 2,
         r"@/deep\.docx: nests elements [\d,]+ deep, more than the limit of 1,000 \(raise it with --limit depth=N\)",
         bound=HANG_BOUND_SECONDS),
    Case("a DOCX that reads", parse_file("c.docx", docx_of_testland), 0, prints=r"Articles 1 2 3"),
    Case("text named .docx", parse_file("fake.docx", TESTLAND.encode()), 2,
         r"@/fake\.docx: is named \.docx but is not a Word document \(not a ZIP archive\); it starts with b'Constitu'"),
    Case("an old binary .doc", parse_file("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)), 2,
         r"@/old\.doc: is an old binary Office file \(\.doc\); save it as \.docx, PDF or text"),
    Case("an RTF file", parse_file("c.rtf", b"{\\rtf1\\ansi Article 1\\par Text.}"), 2,
         r"@/c\.rtf: is an RTF file; save it as \.docx, PDF or text"),
    # PDF
    Case("a truncated PDF", parse_file("cut.pdf", lambda: _pdf(PDF_PAGES)[: len(_pdf(PDF_PAGES)) // 2]), 2,
         r"@/cut\.pdf: PDF is truncated or damaged \(no end-of-file marker\); download it again", needs="pypdfium2"),
    Case("an encrypted PDF", parse_file("locked.pdf", lambda: _pdf(PDF_PAGES, encrypted=True)), 2,
         r"@/locked\.pdf: PDF is encrypted \(password protected\); save an unprotected copy first", needs="pypdfium2"),
    Case("a PDF header and junk", parse_file("junk.pdf", b"%PDF-1.7\n" + noise(20_000) + b"\n%%EOF\n"), 2,
         r"@/junk\.pdf: PDF is damaged and cannot be read", needs="pypdfium2"),
    Case("a PDF header and nothing", parse_file("bare.pdf", b"%PDF-"), 2, r"@/bare\.pdf: PDF is truncated or damaged \(no end-of-file marker\); download it again", needs="pypdfium2"),
    Case("a PDF with a damaged page tree", parse_file("pages.pdf", lambda: _pdf(PDF_PAGES).replace(b"/Pages /Kids", b"/Pages \0Kids")),
         2, r"@/pages\.pdf: .+", needs="pypdfium2"),
    Case("a PDF without a text layer", parse_file("scan.pdf", lambda: _pdf([[]])), 2,
         r"@/scan\.pdf: PDF has no text layer \(a scanned image\?\); run OCR on it first", needs="pypdfium2"),
    Case("text named .pdf", parse_file("fake.pdf", TESTLAND.encode()), 2,
         r"@/fake\.pdf: is named \.pdf but is not a PDF \(no %PDF header\); it starts with b'Constitu'"),
    # HTML
    Case("a web page without text", parse_file("blank.html", html_page("<script>var x = 1;</script><div> </div>")), 2,
         r"@/blank\.html: is a web page without any text", needs="selectolax"),
    Case("a web page of chrome only", parse_file("chrome.html", html_page("<nav>Article 1</nav><footer>Article 2</footer>")), 2,
         r"@/chrome\.html: is a web page without any text", needs="selectolax"),
    Case("a web page without headings", parse_file("news.html", html_page("<p>Weather: sunny.</p><p>Sports.</p>")), 2,
         r"@/news\.html: no article or section headings recognised \(profiles tried: .+\)", needs="selectolax"),
    Case("HTML nested 100,000 deep", parse_file("deep.html", deep_html), 2,
         r"@/deep\.html: nests elements [\d,]+ deep, more than the limit of 1,000 \(raise it with --limit depth=N\)",
         bound=HANG_BOUND_SECONDS, needs="selectolax"),
    Case("HTML with a bogus charset", parse_file("c.html", html_page(TESTLAND_HTML).replace(b"utf-8", b"x-no-such")), 0,
         prints=r"Articles 1 2 3", needs="selectolax"),
    # output
    Case("-o is the new version", output_to(lambda tmp, new: str(new)), 2, rf"@/new\.txt: {SAME}"),
    Case("-o is a symlink to an input", output_to(symlink_to_new), 2, rf"@/alias\.txt: {SAME}"),
    Case("-o is a hard link to an input", output_to(hard_link_to_new), 2, rf"@/alias\.txt: {SAME}"),
    Case("-o spells an input another way", output_to(lambda tmp, new: "./new.txt"), 2, rf"\./new\.txt: {SAME}"),
    Case("-o is the profile", with_file("mine.yaml", PROFILE, lambda tmp, profile: Invocation(
        ("diff", *map(str, seeds(tmp)), "--profile", str(profile), "-o", str(profile)))), 2,
        r"@/mine\.yaml: is the same file as the input @/mine\.yaml; the report would overwrite it"),
    Case("-o is the map", with_file("pairs.yaml", "pairs: []\n", lambda tmp, mapping: Invocation(
        ("diff", *map(str, seeds(tmp)), "--map", str(mapping), "-o", str(mapping)))), 2,
        r"@/pairs\.yaml: is the same file as the input @/pairs\.yaml; the report would overwrite it"),
    Case("-o is the --config file", with_file("settings.yaml", "lang: en\n", lambda tmp, settings: Invocation(
        ("--config", str(settings), "diff", *map(str, seeds(tmp)), "-o", str(settings)))), 2,
        r"@/settings\.yaml: is the same file as the input @/settings\.yaml; the report would overwrite it"),
    Case("-o is ./constdiff.yaml", with_file("constdiff.yaml", "lang: en\n", lambda tmp, settings: Invocation(
        ("diff", *map(str, seeds(tmp)), "-o", "constdiff.yaml"), cwd=tmp)), 2,
         r"constdiff\.yaml: is the same file as the input constdiff\.yaml; the report would overwrite it"),
    Case("-o in a missing folder", output_to(lambda tmp, new: str(tmp / "missing" / "report.json"), *JSON), 2,
         r"@/missing/report\.json: cannot be written: No such file or directory"),
    Case("-o in a read-only folder", output_to(read_only_folder, *JSON), 2, r"@/locked/report\.json: cannot be written: Permission denied",
         skip="root writes in any folder" if os.geteuid() == 0 else None),
    Case("-o is a folder", output_to(lambda tmp, new: str(tmp)), 2, r"is a directory", usage=True),
    Case("-o /dev/full", output_to(lambda tmp, new: "/dev/full", *JSON), 2, r"/dev/full: cannot be written: No space left on device",
         skip=None if os.path.exists("/dev/full") else "no /dev/full here"),
    Case("standard output is /dev/full", shell("constdiff diff @/old.txt @/new.txt --format json > /dev/full"), 2,
         r"<standard output>: cannot be written: No space left on device",
         skip=None if os.path.exists("/dev/full") else "no /dev/full here"),
    Case("standard output is a closed pipe", closed_stdout, 2,
         r"<standard output>: cannot be written: Broken pipe"),
    Case("-o writes a whole report", output_to(lambda tmp, new: "report.json", *JSON, report=True), 1),
    # URLs
    Case("a URL that is not found", parse_path("@/absent"), 2, r"http://127\.0\.0\.1:\d+/absent: cannot be fetched: HTTP 404 Not Found"),
    Case("a redirect to file://", parse_path("@/to-file"), 2, r"http://127\.0\.0\.1:\d+/to-file: cannot be fetched: .*'file:///etc/passwd' is not allowed.*"),
    Case("a redirect to ftp://", parse_path("@/to-ftp"), 2,
         r"http://127\.0\.0\.1:\d+/to-ftp: cannot be fetched: redirect to a non-HTTP address refused \(ftp://127\.0\.0\.1/law\.txt\)"),
    Case("a redirect loop", parse_path("@/loop"), 2, r"http://127\.0\.0\.1:\d+/loop: cannot be fetched: HTTP 302 .+"),
    Case("a URL served as PDF that is not", parse_path("@/fake.pdf"), 2,
         r"http://127\.0\.0\.1:\d+/fake\.pdf: is served as application/pdf but is not a PDF \(no %PDF header\); it starts with .+"),
    Case("a URL announcing 100 GB", parse_path("@/huge"), 2, r"http://127\.0\.0\.1:\d+/huge: is larger than the 50 MiB limit(?: \(raise it with --limit bytes=N\))?"),
    Case("a URL with an empty body", parse_path("@/empty"), 2, r"http://127\.0\.0\.1:\d+/empty: is empty"),
    Case("a URL serving noise", parse_path("@/noise"), 2, rf"http://127\.0\.0\.1:\d+/noise: {NOT_TEXT}"),
    Case("a server that does not speak HTTP", parse_path("@/garbage"), 2, r"http://127\.0\.0\.1:\d+/garbage: cannot be fetched: .+"),
    Case("a refused connection", lambda tmp, web: Invocation(("parse", f"http://127.0.0.1:{closed_port()}/law.txt")), 2,
         r"http://127\.0\.0\.1:\d+/law\.txt: cannot be fetched: connection refused"),
    Case("a URL that reads", parse_path("@/law.txt"), 0, prints=r"Articles 1 2 3"),
    Case("a server that drips a byte at a time", parse_path("@/drip"), 2,
         skip="the whole-download deadline is 60 s; tests/test_load.py checks it with a short deadline, in the library"),
    Case("an ftp:// address", parse_path("ftp://127.0.0.1/law.txt"), 2, r"ftp://127\.0\.0\.1/law\.txt: no such file"),
    # profiles
    Case("a profile that is not YAML", with_profile("language: xx\narticles: [\n"), 2, r"@/mine\.yaml: is not valid YAML at line 3"),
    Case("a profile with a !!python tag", with_profile("language: !!python/object/apply:os.system ['echo hacked']\n"
                                                      "articles: ['^Article (?P<number>\\d+)$']\n"), 2,
         r"@/mine\.yaml: is not valid YAML at line 1"),
    Case("a profile with a date that is none", with_profile("language: xx\nversion: 2020-13-01\n"), 2,
         r"@/mine\.yaml: is not valid YAML"),
    Case("a profile that is a list", with_profile("- language\n- articles\n"), 2, r"@/mine\.yaml: a profile must be a mapping of fields"),
    Case("a profile without articles", with_profile("language: xx\n"), 2, r"@/mine\.yaml: field 'articles' must list at least one pattern"),
    Case("a profile without a language", with_profile("articles: ['^Article (?P<number>\\d+)$']\n"), 2,
         r"@/mine\.yaml: field 'language' must be a non-empty string"),
    Case("a profile with an invalid regex", with_profile("language: xx\narticles: ['^Article (?P<number>\\d+']\n"), 2,
         r"@/mine\.yaml: field 'articles\[0\]' is not a valid regular expression \(.+\)"),
    Case("a profile pattern without its group", with_profile("language: xx\narticles: ['^Article \\d+$']\n"), 2,
         r"@/mine\.yaml: field 'articles\[0\]' needs the named group\(s\) number"),
    Case("a profile in Latin-1", with_profile(PROFILE.replace("Testlandic", "Testländisch").encode("latin-1")), 2,
         r"@/mine\.yaml: cannot be read \(.+\)"),
    Case("a profile that does not exist", parse_file("c.txt", TESTLAND.encode(), "--profile", "nowhere.yaml"), 2,
         r"nowhere\.yaml: no such profile file"),
    Case("a profile named .txt", with_file("mine.txt", PROFILE, lambda tmp, profile: Invocation(
        ("parse", str(profile), "--profile", str(profile)))), 2,
        r"@/mine\.txt: a profile file must be YAML, named \*\.yaml or \*\.yml"),
    Case("a profile of YAML aliases (a YAML bomb)",
         with_profile("language: xx\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                      "words: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\narticles: ['^Article (?P<number>\\d+)$']\n"),
         2, r"@/mine\.yaml: field 'words\[0\]' .+", bound=HANG_BOUND_SECONDS),
    Case("a catastrophic pattern (a+)+$",
         with_profile("language: xx\narticles: ['^Article (?P<number>\\d+) (a+)+$']\n",
                      text="Article 1 " + "a" * 40 + "!\nText.\n"),
         2, r"@/mine\.yaml: .*articles.*\(a\+\)\+\$.*(?:repeat|backtrack).*", bound=HANG_BOUND_SECONDS),
    Case("a catastrophic pattern (\\w+\\s?)*$",
         with_profile("language: xx\narticles: ['^Article (?P<number>\\d+):(\\w+\\s?)*$']\n",
                      text="Article 1:" + "word " * 12 + "word!\nText.\n"),
         2, r"@/mine\.yaml: .*articles.*(?:repeat|backtrack).*", bound=HANG_BOUND_SECONDS),
    Case("a profile key with a line break", with_profile('language: xx\narticles:\n  - "\\n": null\n'), 2,
         r"@/mine\.yaml: field 'articles\[0\]' has unknown key.+"),
    Case("a profile that reads", with_profile(PROFILE), 0, prints=r"Articles 1 2 3"),
    # maps
    Case("a map that is not YAML", with_map("pairs: [\n"), 2, r"@/pairs\.yaml: cannot be read as YAML \(\w+\)"),
    Case("a map with a !!python tag", with_map("pairs: !!python/object/apply:os.system ['echo hacked']\n"), 2,
         r"@/pairs\.yaml: cannot be read as YAML \(ConstructorError\)"),
    Case("a map with a date that is none", with_map("pairs:\n  - {old: 2020-13-01, new: '1'}\n"), 2,
         r"@/pairs\.yaml: cannot be read as YAML \(YAMLError\)"),
    Case("a map without pairs", with_map("old: 1\nnew: 2\n"), 2, r"@/pairs\.yaml: must be a mapping with a list under 'pairs'"),
    Case("a map pair without new", with_map("pairs:\n  - {old: '1'}\n"), 2, r"@/pairs\.yaml: pairs\[0\] needs both 'old' and 'new'"),
    Case("a map pair naming nothing", with_map("pairs:\n  - {old: [], new: []}\n"), 2, r"@/pairs\.yaml: pairs\[0\] names no article"),
    Case("a map naming an unknown article", with_map("pairs:\n  - {old: '999', new: '1'}\n"), 2, r"@/pairs\.yaml: .*999.*"),
    Case("a map that does not exist", lambda tmp, web: Invocation(("diff", *map(str, seeds(tmp)), "--map", str(tmp / "none.yaml"))),
         2, r"@/none\.yaml: no such mapping file"),
    # settings file
    Case("a setting with a bad value", with_settings("format: pdf\n"), 2, r"constdiff\.yaml: setting 'format': .*'pdf'.*"),
    Case("a setting out of range", with_settings("max-changed: 250\n"), 2, r"constdiff\.yaml: setting 'max-changed': .*250.*"),
    Case("a setting of the wrong type", with_settings("jobs: many\n"), 2, r"constdiff\.yaml: setting 'jobs': .*many.*"),
    Case("a settings limit with a bad value", with_settings("limit: {lines: many}\n"), 2, r"constdiff\.yaml: setting 'limit': .*many.*"),
    Case("a settings limit that trips", with_settings("limit: {articles: 5}\n"), 2,
         r"@/old\.txt: has 68 articles, more than the limit of 5 \(raise it with --limit articles=N\)"),
    Case("a settings file naming a profile with a NUL byte", with_settings('profile: "x\\0.yaml"\n'), 2, NAMES_IT),
    Case("a settings file naming a map with a NUL byte", with_settings('map: "x\\0.yaml"\n'), 2, NAMES_IT),
    Case("an unknown setting", with_settings("colour: never\n"), 2, r"constdiff\.yaml: unknown setting 'colour' \(known: .+\)"),
    Case("settings that are a list", with_settings("- lang\n- en\n"), 2, r"constdiff\.yaml: must be a mapping of settings"),
    Case("settings that are not YAML", with_settings("lang: [en\n"), 2, r"constdiff\.yaml: cannot be read as YAML \(\w+\)"),
    Case("a settings file with a !!python tag", with_settings("lang: !!python/object/apply:os.system ['echo hacked']\n"), 2,
         r"constdiff\.yaml: cannot be read as YAML \(ConstructorError\)"),
    Case("a settings file with a date that is none", with_settings("lang: 2020-02-30\n"), 2,
         r"constdiff\.yaml: cannot be read as YAML \(YAMLError\)"),
    Case("a --config file that does not exist", lambda tmp, web: Invocation(("--config", "none.yaml", "parse", "x.txt"), cwd=tmp), 2,
         r"none\.yaml: no such configuration file"),
    # options
    Case("an unknown --lang", parse_file("c.txt", TESTLAND.encode(), "--lang", "xx"), 2,
         r"Invalid value for '--lang': 'xx' is not one of 'auto', .+", usage=True),
    Case("--side-by-side with --format csv", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--format", "csv", "--side-by-side"), 2,
         r"--side-by-side does not apply to --format csv \(.+\)", usage=True),
    Case("--explain with --format json", lambda tmp, web: Invocation(("stats", *map(str, seeds(tmp)), "--explain", *JSON)), 2,
         r"--explain is --format explain; it cannot be combined with --format json", usage=True),
    Case("--article that is in neither version", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--article", "99"), 2,
         r"no article 99 in either version", usage=True),
    Case("--fail-on an unknown class", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--fail-on", "vanished"), 2,
         r"--fail-on: unknown class 'vanished' \(choose from .+\)"),
    Case("--measure that does not exist", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--max-changed", "5", "--measure", "mood"), 2,
         r"--max-changed: no measure named 'mood'"),
    Case("--max-changed over 100", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--max-changed", "101"), 2,
         r"Invalid value for '--max-changed'", usage=True),
    Case("--jobs 0", diff_files(TESTLAND.encode(), TESTLAND_2.encode(), "--jobs", "0"), 2, r"Invalid value for '--jobs'", usage=True),
)



def _marks(case: Case) -> list[pytest.MarkDecorator]:
    marks = []
    if case.skip:
        marks.append(pytest.mark.skip(reason=case.skip))
    if case.needs and importlib.util.find_spec(case.needs) is None:
        marks.append(pytest.mark.skip(reason=f"{case.needs} is not installed"))
    return marks


# --- running the table -------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: a regular file by its SHA-256, anything else by its kind."""
    found = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        name = str(path.relative_to(folder))
        if stat.S_ISREG(mode):
            try:
                found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
            except PermissionError:
                found[name] = f"unreadable, {path.lstat().st_size} bytes, modified {path.lstat().st_mtime_ns}"
        elif stat.S_ISLNK(mode):
            found[name] = f"link to {os.readlink(path)}"
        else:
            found[name] = stat.filemode(mode)[0]
    return found


@dataclass(frozen=True)
class Outcome:
    """What one run did: exit status (None: stopped at its time bound), output, and the folder before and after."""

    status: int | None
    stdout: str
    stderr: str
    before: dict[str, str]
    after: dict[str, str]


def run(invocation: Invocation, folder: Path, bound: float) -> Outcome:
    """The CLI in its own session (no terminal to read; one process group to stop), within ``bound``."""
    before = snapshot(folder)
    command = ["bash", "-c", invocation.shell] if invocation.shell else [*CONSTDIFF, *invocation.args]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    environment.update(CONSTDIFF_PROFILES=str(folder / "no-user-profiles"), NO_COLOR="1")
    reader, writer = os.pipe() if invocation.closed_stdout else (None, None)
    if reader is not None:
        os.close(reader)
    process = subprocess.Popen(command, cwd=invocation.cwd or folder, env=environment, start_new_session=True,
                               stdin=subprocess.PIPE if invocation.stdin is not None else subprocess.DEVNULL,
                               stdout=writer if writer is not None else subprocess.PIPE, stderr=subprocess.PIPE)
    if writer is not None:
        os.close(writer)
    status: int | None
    try:
        stdout, stderr = process.communicate(invocation.stdin, timeout=bound)
        status = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        status = None
    text = (stdout or b"").decode("utf-8", "replace"), stderr.decode("utf-8", "replace")
    return Outcome(status, *text, before, snapshot(folder))


RUNS_AT_ONCE = max(4, 2 * (os.cpu_count() or 1))
"""The cases are independent; most of a run is process start-up and waiting, so they run side by side."""


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, web: str) -> Iterator[dict[str, tuple[Path, Invocation, Outcome]]]:
    """Every selected case of the table, built in its own folder and run, side by side."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if getattr(item, "module", None) is request.module and "case" in getattr(getattr(item, "callspec", None), "params", {})]
    runnable = [case for case in selected if not any(mark.name == "skip" for mark in _marks(case))]
    prepared = []
    for case in runnable:
        folder = tmp_path_factory.mktemp("case")
        prepared.append((case, folder, case.build(folder, web)))
    try:
        with ThreadPoolExecutor(RUNS_AT_ONCE) as pool:
            done = list(pool.map(lambda job: run(job[2], job[1], job[0].bound), prepared))
    finally:
        for listener in _KEEP_OPEN:
            listener.close()
        _KEEP_OPEN.clear()
    yield {case.name: (folder, invocation, outcome) for (case, folder, invocation), outcome in zip(prepared, done)}


def expected(pattern: str, folder: Path) -> str:
    return pattern.replace("@/", re.escape(f"{folder}/")).replace("@", re.escape(str(folder)))


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name, marks=_marks(case)) for case in CASES])
def test_bad_input(case: Case, outcomes: dict[str, tuple[Path, Invocation, Outcome]]) -> None:
    folder, invocation, outcome = outcomes[case.name]
    assert outcome.status is not None, f"no answer within {case.bound:g} s"
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.status == case.exit, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    if case.usage:
        assert lines[0].startswith("Usage: ") and lines[-1].startswith("Error: "), outcome.stderr
        assert re.search(expected(case.says or "", folder), lines[-1]), outcome.stderr
    elif case.says is not None:
        assert len(lines) == 1, outcome.stderr
        assert re.fullmatch("constdiff: error: " + expected(case.says, folder), lines[0]), lines[0]
    else:
        assert outcome.stderr == "", outcome.stderr
    if case.prints is not None:
        assert re.search(expected(case.prints, folder), outcome.stdout), outcome.stdout[:2000]
    if case.warns is not None:
        warnings = json.loads(outcome.stdout)["warnings"]
        assert any(re.fullmatch(expected(case.warns, folder) + ".*", warning) for warning in warnings), warnings
    written = {str(invocation.report.relative_to(folder))} if invocation.report and case.exit in (0, 1) else set()
    assert set(outcome.after) - set(outcome.before) == written, "a file was left behind"
    assert {name: outcome.after.get(name) for name in outcome.before} == outcome.before, "an input changed"
    for name in written:
        assert json.loads((folder / name).read_text(encoding="utf-8"))["schema"].startswith("constdiff/")


def test_the_table_is_long_enough_and_its_names_unique() -> None:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)) and len(names) >= 70


def test_the_readme_counts_the_cases_of_this_table() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"`tests/test_bad_inputs.py` ({len(CASES)} in all)" in readme
