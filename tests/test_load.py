"""Loading real-world inputs: format sniffing, encodings, PDF layout, DOCX, HTML, URLs, bad files.

Every input here is made by the test itself (a small invented constitution), so these
tests run without the corpus; tests/test_load_corpus.py checks the real texts.
"""

from __future__ import annotations

import codecs
import contextlib
import http.server
import importlib.util
import io
import json
import random
import socket
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from constdiff.errors import InputError, MissingExtraError, StructureError
from constdiff.limits import Limits
from constdiff.load import load_source
from constdiff.load.pdf_layout import PdfLine, layout_text
from constdiff.load.url import fetch_url
from constdiff.load.text import decode_text
from constdiff.parse import parse_text
from constdiff.profiles import load_profile

ENGLISH = """Constitution of Testland
Section I
General Provisions
Article 1
1. All power belongs to the people – and to no one else.
2. The people exercise power through referendums and elections.
Article 2
The state is secular; its capital is the city of Riverton.
"""
RUSSIAN = """Конституция Тестовой Республики
Раздел I
Общие положения
Статья 1
1. Единственным источником власти является народ.
2. Народ осуществляет власть через референдум и выборы.
Статья 2
Государство светское; столица — город Речной.
"""


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _problem(source: str, **kwargs: Limits) -> str:
    """The one-line message of the InputError that loading ``source`` raises."""
    with pytest.raises(InputError) as raised:
        load_source(source, **kwargs)
    message = str(raised.value)
    assert "\n" not in message
    return message


def _article_texts(text: str, language: str = "en") -> dict[str, str]:
    document = parse_text(text, profile=load_profile(language))
    return {article.number: article.text for article in document.articles()}


# --- plain text and encodings ---------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, prefix",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("cp1251", b""),
        ("koi8-r", b""),
        ("cp866", b""),
    ],
)
def test_russian_text_in_every_encoding_reads_the_same(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = RUSSIAN.replace("—", "-") if encoding in ("koi8-r", "cp866") else RUSSIAN
    loaded = load_source(_write(tmp_path, "ru.txt", prefix + text.encode(encoding)))
    assert loaded.text == text
    assert loaded.media_type == "text/plain"


def test_utf16_without_bom_is_found_by_its_spaces_not_its_zero_bytes() -> None:
    """Cyrillic UTF-16 has almost no zero bytes: only spaces and line ends do."""
    data = "Статья 1\nГосударство светское.\n".encode("utf-16-le")
    assert data.count(0) < len(data) / 4
    assert decode_text(data, source="x").encoding == "utf-16-le"


def test_mostly_ascii_cp1252_is_not_mistaken_for_a_rare_code_page(tmp_path: Path) -> None:
    text = ENGLISH + "The ‘Riverton’ charter\u00a0applies.\n"
    assert load_source(_write(tmp_path, "en.txt", text.encode("cp1252"))).text == text


def test_kazakh_kz1048_is_read_as_kazakh() -> None:
    text = (
        "Қазақстан Республикасы өзін демократиялық, зайырлы, құқықтық және әлеуметтік мемлекет ретінде орнықтырады.\n"
        * 5
    )
    assert decode_text(text.encode("kz1048"), source="x").text == text


def test_text_is_normalised_to_nfc_and_newlines(tmp_path: Path) -> None:
    decomposed = "Статья 1\r\n1. Йод и ё.\r2. Конец.\n".replace("Й", "И\u0306").replace("ё", "е\u0308")
    assert (
        load_source(_write(tmp_path, "ru.txt", decomposed.encode("utf-8"))).text == "Статья 1\n1. Йод и ё.\n2. Конец.\n"
    )


def test_markdown_markup_is_reduced_to_words_line_by_line(tmp_path: Path) -> None:
    markdown = "# Constitution\n\n**Article 1**\n\n1\\. See [Article 2](#a2).\n\n## Article 2\n\nThe end.\n"
    loaded = load_source(_write(tmp_path, "c.md", markdown.encode()))
    assert loaded.media_type == "text/markdown"
    assert loaded.text.splitlines()[2:5] == ["Article 1", "", "1. See Article 2."]
    assert list(_article_texts(loaded.text)) == ["1", "2"]


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(RUSSIAN.encode("cp1251"))))
    assert load_source("-").text == RUSSIAN


# --- bad files ------------------------------------------------------------------------------


def test_empty_and_blank_files(tmp_path: Path) -> None:
    assert _problem(_write(tmp_path, "empty.txt", b"")).endswith("is empty")
    assert "is empty" in _problem(_write(tmp_path, "blank.txt", b" \n\t\n"))
    assert "is empty" in _problem(_write(tmp_path, "blank16.txt", codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le")))
    assert "is empty" in _problem(_write(tmp_path, "empty.pdf", b""))


def test_binary_garbage(tmp_path: Path) -> None:
    noise = random.Random(7).randbytes(4096)
    assert "binary" in _problem(_write(tmp_path, "noise.bin", noise))
    without_zeros = noise.replace(b"\x00", b"\x01")
    assert "binary" in _problem(_write(tmp_path, "noise.txt", without_zeros))


def test_size_cap_missing_file_and_directory(tmp_path: Path) -> None:
    source = _write(tmp_path, "big.txt", ENGLISH.encode() * 100)
    assert "larger than the 1,000 bytes limit" in _problem(source, limits=Limits(bytes=1000))
    assert "no such file" in _problem(str(tmp_path / "absent.txt"))
    assert "is a directory" in _problem(str(tmp_path))


def test_other_office_formats_get_a_clear_message(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert ".doc" in _problem(_write(tmp_path, "old.doc", ole))
    assert "RTF" in _problem(_write(tmp_path, "x.rtf", b"{\\rtf1\\ansi Article 1}"))


# --- PDF --------------------------------------------------------------------------------------


def _pdf(
    pages: list[list[tuple[float, float, str]]], *, encrypted: bool = False, to_unicode: dict[str, str] | None = None
) -> bytes:
    """A minimal PDF: Courier 12 pt lines (7.2 pt a character) at (x, y); optionally with a password we do not know,
    or with a ToUnicode map that says some letters are other characters (UTF-16BE in hex: {"A": "FB01"})."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>", b""]
    if to_unicode:
        pairs = b" ".join(b"<%02X> <%s>" % (ord(letter), target.encode()) for letter, target in to_unicode.items())
        cmap = b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange %d beginbfchar %s endbfchar endcmap" % (
            len(to_unicode),
            pairs,
        )
        objects[0] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /ToUnicode 3 0 R >>"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap))
    page_numbers = []
    for lines in pages:
        ops = b"".join(b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, y, _pdf_string(text)) for x, y, text in lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(ops), ops))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 1 0 R >> >> "
            b"/Contents %d 0 R >>" % len(objects)
        )
        page_numbers.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % n for n in page_numbers),
        len(pages),
    )
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, len(objects))
    if encrypted:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >>")
        trailer = b"/Size %d /Root %d 0 R /Encrypt %d 0 R /ID [<%s><%s>]" % (
            len(objects) + 1,
            len(objects) - 1,
            len(objects),
            b"ab" * 16,
            b"ab" * 16,
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


PDF_PAGES = [
    [
        (72, 770, "Constitution of Testland"),
        (72, 740, "Article 1"),
        (90, 715, "1. All power belongs to the people, who exercise it by way of refer-"),
        (72, 701, "endums and elections, held every five years, under the Law No. 254-"),
        (72, 687, "III, and through local self-government."),
        (90, 673, "2. Elections are held by secret ballot."),
        (290, 40, "1/2"),
    ],
    [
        (72, 770, "Article 2"),
        (90, 745, "The state holds referendums on constitutional laws."),
        (290, 40, "2/2"),
    ],
]


needs_pdfium = pytest.mark.skipif(
    importlib.util.find_spec("pypdfium2") is None, reason="the pdf extra (pypdfium2) is not installed"
)
needs_selectolax = pytest.mark.skipif(
    importlib.util.find_spec("selectolax") is None, reason="the html extra (selectolax) is not installed"
)


@needs_pdfium
def test_pdf_is_sniffed_by_content_and_laid_out_for_the_parser(tmp_path: Path) -> None:
    loaded = load_source(_write(tmp_path, "no-extension", _pdf(PDF_PAGES)))
    assert loaded.media_type == "application/pdf"
    assert "/2" not in loaded.text
    articles = _article_texts(loaded.text)
    assert articles == {
        "1": "1. All power belongs to the people, who exercise it by way of referendums and elections, held every "
        "five years, under the Law No. 254-III, and through local self-government.\n2. Elections are held by secret ballot.",
        "2": "The state holds referendums on constitutional laws.",
    }


@needs_pdfium
def test_truncated_encrypted_and_textless_pdfs(tmp_path: Path) -> None:
    whole = _pdf(PDF_PAGES)
    assert "truncated" in _problem(_write(tmp_path, "cut.pdf", whole[: len(whole) // 2]))
    assert "encrypted" in _problem(_write(tmp_path, "locked.pdf", _pdf(PDF_PAGES, encrypted=True)))
    assert "no text layer" in _problem(_write(tmp_path, "scan.pdf", _pdf([[]])))
    assert "is named .pdf but is not a PDF" in _problem(_write(tmp_path, "fake.pdf", b"Article 1\nText.\n"))


@needs_pdfium
@pytest.mark.parametrize("target", ["0002", "0003", "FFFE", "0000", "FB01", "D835DC00", "2010", "0627"])
def test_pdf_page_text_read_at_once_is_the_text_read_character_by_character(target: str) -> None:
    """PDFium's text buffer, read in one call, differs from its characters for control characters,
    characters without Unicode, line-end hyphens and surrogates: those are read one by one."""
    import pypdfium2
    from pypdfium2 import raw

    from constdiff.load.pdf import _page_text

    lines = [(72, 770, "BAB Article 2 AB"), (72, 756, "Lo-"), (72, 742, "rem A"), (72, 728, "B")]
    document = pypdfium2.PdfDocument(_pdf([lines], to_unicode={"A": target}))
    textpage = document[0].get_textpage()
    count = raw.FPDFText_CountChars(textpage.raw)
    one_by_one = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count))
    assert "\x02" in one_by_one  # PDFium's mark of the line-end hyphen in "Lo-"
    assert _page_text(raw, textpage.raw) == one_by_one


def test_missing_pdf_library_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'constdiff\[pdf\]'"):
        load_source(_write(tmp_path, "c.pdf", _pdf(PDF_PAGES)))


def _paragraphs(pages: list[list[PdfLine]]) -> list[str]:
    return layout_text(pages).rstrip("\n").split("\n\n")


def _line(text: str, left: float, baseline: float, *, right: float | None = None, size: float = 12.0) -> PdfLine:
    """A line of 6-point-wide characters, so widths follow from lengths."""
    lead = text.split(" ")[0]
    return PdfLine(text, left, right if right is not None else left + 6 * len(text), baseline, size, 6 * len(lead))


def test_layout_removes_running_heads_page_counters_stamps_urls_and_the_copyright_foot() -> None:
    pages = []
    for number in range(1, 5):
        pages.append(
            [
                _line("13.05.2025, 14:22 Constitution of Testland", 40, 810),
                _line(f"Article {2 * number - 1}", 40, 760),
                _line("Text.", 60, 740),
                _line(f"Article {2 * number}", 40, 720),
                _line("More text.", 60, 700),
                _line("https://example.org/constitution", 40, 30),
                _line(f"- {number} -", 290, 20),
            ]
        )
    pages[0].insert(1, _line("example.org/en/constitution-of-testland", 40, 780))
    pages[-1][-2:-2] = [_line("© 2012. Institute of Legal Information", 60, 60), _line("Ministry of Justice", 100, 48)]
    assert _paragraphs(pages) == [
        item for number in range(1, 9) for item in (f"Article {number}", "Text." if number % 2 else "More text.")
    ]


def test_layout_keeps_article_headings_that_happen_to_open_every_page() -> None:
    pages = [
        [_line(f"Article {number + 5}", 40, 800), _line("Text.", 60, 780), _line("Tail.", 60, 100)]
        for number in range(4)
    ]
    headings = [paragraph for paragraph in _paragraphs(pages) if paragraph.startswith("Article")]
    assert headings == [f"Article {number + 5}" for number in range(4)]


def test_layout_removes_running_heads_that_count_pages() -> None:
    words = ["One.", "Two.", "Three.", "Four."]
    pages = [[_line(f"Testland Constitution, page {n + 3}", 40, 800), _line(words[n], 60, 780)] for n in range(4)]
    assert layout_text(pages) == "One. Two. Three. Four.\n"


@pytest.mark.parametrize("counter", ["Seite {n} von 4", "strana {n} z 4", "стр. {n} из 4", "Page {n} of 4", "página {n} de 4"])
def test_layout_removes_page_counters_in_any_profiles_words(counter: str) -> None:
    """The words come from the profiles (``page_counter``), all of them: a browser prints its own
    language's.  One page, so the counter cannot be told by recurring on most pages."""
    page = [_line("Article 1", 40, 800), _line("Text.", 60, 780), _line(counter.format(n=1), 280, 20)]
    assert _paragraphs([page]) == ["Article 1", "Text."]


MEASURE = 520.0


def test_layout_marks_paragraphs_by_indent_gap_size_and_short_lines() -> None:
    lines = [
        _line("Article 1", 40, 704, size=16),
        _line("A first paragraph that fills the whole measure", 40, 690, right=MEASURE),
        _line("continues here.", 40, 676),
        _line("A second paragraph after a short line, filling the measure", 40, 662, right=MEASURE),
        _line("wraps again.", 40, 648),
        _line("An indented third paragraph fills the measure", 60, 634, right=MEASURE),
        _line("A fourth paragraph after a vertical gap fills the measure", 40, 600, right=MEASURE),
        _line("too.", 40, 586),
    ]
    assert _paragraphs([lines]) == [
        "Article 1",
        "A first paragraph that fills the whole measure continues here.",
        "A second paragraph after a short line, filling the measure wraps again.",
        "An indented third paragraph fills the measure",
        "A fourth paragraph after a vertical gap fills the measure too.",
    ]


@pytest.mark.parametrize(
    "first, second, joined",
    [
        ("amended by Law No. 254-", "III of 2007", "amended by Law No. 254-III"),
        ("resolution No. 13-", "НП of 2023", "resolution No. 13-НП"),
        ("paragraphs 3-", "1 and 4", "paragraphs 3-1"),
        ("өзін-", "өзі басқару", "өзін-өзі"),
        ("a self-", "government body", "a self-government"),
        ("the soft\u00ad", "ware of it", "the software"),
        ("held by referen-", "dums only", "held by referendums"),
    ],
)
def test_layout_mends_words_broken_at_line_end_hyphens(first: str, second: str, joined: str) -> None:
    lines = [
        _line("Elsewhere the text says referendums and software in full.", 40, 714, right=MEASURE),
        _line("Then a line that fills the measure and ends in " + first, 40, 700, right=MEASURE),
        _line(second, 40, 686),
    ]
    assert joined in layout_text([lines])


def test_the_pdf_layout_reads_lines_without_importing_the_parser() -> None:
    """Loaders read lines with ``constdiff.lines``; the parser (tree building) is no loader's dependency."""
    probe = "import json, sys, constdiff.load.pdf_layout; print(json.dumps(sorted(sys.modules)))"
    imported = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)
    assert "constdiff.lines" in imported
    assert "constdiff.parse" not in imported


# --- DOCX -------------------------------------------------------------------------------------

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(
    body: str, *, extra: dict[str, bytes] | None = None, compression: int = zipfile.ZIP_DEFLATED, encoding: str = "UTF-8"
) -> bytes:
    document = f'<?xml version="1.0" encoding="{encoding}"?><w:document xmlns:w="{W_NAMESPACE}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document)
        archive.writestr(
            "word/footer1.xml", f'<w:ftr xmlns:w="{W_NAMESPACE}"><w:p><w:r><w:t>Page 1</w:t></w:r></w:p></w:ftr>'
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _p(*runs: str, properties: str = "") -> str:
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_paragraphs_tables_and_revisions_in_body_order(tmp_path: Path) -> None:
    body = (
        _p(
            _r("Article 1"),
            properties='<w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>',
        )
        + _p(
            _r("1. Law No. 254"),
            "<w:r><w:noBreakHyphen/><w:t>III applies</w:t></w:r>",
            '<w:ins w:id="1"><w:r><w:t> in full</w:t></w:r></w:ins>',
            '<w:del w:id="2"><w:r><w:delText> in part</w:delText></w:r></w:del>',
            _r("."),
        )
        + "<w:tbl><w:tr><w:tc>"
        + _p(_r("2. Cell one"))
        + "</w:tc><w:tc>"
        + _p(_r("3. Cell two"))
        + "</w:tc></w:tr></w:tbl>"
        + "<w:sdt><w:sdtContent>"
        + _p(_r("Article 2"))
        + "</w:sdtContent></w:sdt>"
        + _p(_r("Left"), "<w:r><w:tab/><w:t>right</w:t><w:br/><w:t>next line</w:t></w:r>")
    )
    loaded = load_source(_write(tmp_path, "constitution.bin", _docx(body)))
    assert (
        loaded.text
        == "Article 1\n1. Law No. 254-III applies in full.\n2. Cell one\n3. Cell two\nArticle 2\nLeft\tright\nnext line\n"
    )
    assert "Page 1" not in loaded.text
    assert not loaded.warnings


def test_docx_text_box_paragraphs_follow_their_anchor_and_skipped_subtrees_do_not_count_as_depth(
    tmp_path: Path,
) -> None:
    text_box = "<w:r><w:pict><w:txbxContent>" + _p(_r("inner")) + "</w:txbxContent></w:pict></w:r>"
    deleted_deep = "<w:del>" + "<w:sdt>" * 1200 + _p(_r("deleted")) + "</w:sdt>" * 1200 + "</w:del>"
    body = _p(_r("outer "), text_box, _r(" after")) + _p("<w:r><w:t>a<w:tab/>not text</w:t></w:r>") + deleted_deep
    loaded = load_source(_write(tmp_path, "boxes.docx", _docx(body)))
    assert loaded.text == "outer  after\ninner\na\t\n"


def test_docx_automatic_numbering_is_reported(tmp_path: Path) -> None:
    numbered = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>'
    loaded = load_source(_write(tmp_path, "c.docx", _docx(_p(_r("Article 1")) + _p(_r("Text"), properties=numbered))))
    assert loaded.warnings == ("1 paragraphs use Word's automatic numbering; their numbers are not in the text",)


def test_bad_docx_files(tmp_path: Path) -> None:
    assert "is named .docx but is not a Word document (not a ZIP archive)" in _problem(
        _write(tmp_path, "not-zip.docx", b"Article 1\nThis is plain text.\n")
    )
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not a Word document (no word/document.xml)" in _problem(
        _write(tmp_path, "other.docx", other_zip.getvalue())
    )
    assert "damaged ZIP" in _problem(_write(tmp_path, "cut.docx", _docx(_p(_r("Article 1")))[:200]))
    assert "bad XML" in _problem(_write(tmp_path, "badxml.docx", _docx("<w:p><w:r><w:t>unclosed")))
    for encoding in ("bogus-enc", "shift_jis"):  # unknown to Python; multi-byte, which expat refuses
        declared = _docx(_p(_r("Article 1")), encoding=encoding)
        assert "its XML's encoding cannot be read" in _problem(_write(tmp_path, f"{encoding}.docx", declared))
    entity = '<!DOCTYPE w:document [<!ENTITY a "aaaa">]>'
    with_dtd = io.BytesIO()
    with zipfile.ZipFile(with_dtd, "w") as archive:
        archive.writestr("word/document.xml", f'<?xml version="1.0"?>{entity}<w:document xmlns:w="{W_NAMESPACE}"/>')
    assert "DTD" in _problem(_write(tmp_path, "dtd.docx", with_dtd.getvalue()))


def test_docx_zip_bomb_is_refused_by_ratio_and_by_unpacked_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    padding = "<w:p/>" * (4 * 1024 * 1024 // 6)
    bomb = _docx(_p(_r("Article 1")) + padding)
    assert len(bomb) < 100_000
    assert "ZIP bomb" in _problem(_write(tmp_path, "bomb.docx", bomb))

    import constdiff.load.docx as docx_loader

    monkeypatch.setattr(docx_loader, "MAX_UNPACKED_BYTES", 1024)
    big = _docx(_p(_r("Article 1 " + "word " * 400)), compression=zipfile.ZIP_STORED)
    assert "unpacks word/document.xml to more than 1,024 bytes" in _problem(_write(tmp_path, "big.docx", big))


# --- HTML -------------------------------------------------------------------------------------


def _page(body: str, *, head: str = '<meta charset="utf-8">') -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Site | Constitution</title><style>p {{ color: red }}</style>"
        "<script>var article = 'Article 99';</script></head><body><header>Official site</header>"
        "<nav><ul><li>Home</li><li>Article 98</li></ul></nav>"
        f"<main>{body}</main><aside>Related: Article 97</aside>"
        "<form><label>Search</label><input></form><footer>© Testland 2025</footer></body></html>"
    )


HTML_BODY = (
    "<h1>Constitution of Testland</h1><h2>Section I</h2><h3>General Provisions</h3>"
    "<h4>Article 1</h4><p>1. All power belongs to the <b>people</b> &amp; no one else.</p>"
    "<p>2. The people   exercise\n power&nbsp;through referendums.</p>"
    "<div><h4>Article 2</h4><div>The state is secular.<br>Its capital is Riverton.</div></div>"
    "<ul><li>1) first item</li><li>2) second item</li></ul>"
)


@needs_selectolax
def test_html_blocks_become_lines_and_chrome_is_dropped(tmp_path: Path) -> None:
    loaded = load_source(_write(tmp_path, "page.txt", _page(HTML_BODY).encode()))
    assert loaded.media_type == "text/html"
    for chrome in ("Official site", "Home", "Article 97", "Article 98", "Article 99", "Search", "©", "color"):
        assert chrome not in loaded.text
    articles = _article_texts(loaded.text)
    assert (
        articles["1"]
        == "1. All power belongs to the people & no one else.\n2. The people exercise power through referendums."
    )
    assert articles["2"].splitlines() == [
        "The state is secular.",
        "Its capital is Riverton.",
        "1) first item",
        "2) second item",
    ]


@needs_selectolax
def test_html_in_a_legacy_encoding_declared_by_meta(tmp_path: Path) -> None:
    page = _page(
        "<h4>Статья 1</h4><p>Государство светское.</p>",
        head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    )
    loaded = load_source(_write(tmp_path, "page.html", page.encode("cp1251")))
    assert _article_texts(loaded.text, "ru") == {"1": "Государство светское."}


@needs_selectolax
def test_html_page_without_a_constitution(tmp_path: Path) -> None:
    loaded = load_source(_write(tmp_path, "news.html", _page("<p>Weather: sunny.</p><p>Sports news.</p>").encode()))
    with pytest.raises(StructureError):
        parse_text(loaded.text, source="news.html")
    assert "without any text" in _problem(_write(tmp_path, "blank.html", _page("<script>x()</script>").encode()))


@needs_selectolax
def test_html_is_repaired_like_a_browser_does(tmp_path: Path) -> None:
    broken = "<html><body><p>Article 1<p>1. Unclosed <i>italic<p>2. Next</i> point</body>"
    lines = [line for line in load_source(_write(tmp_path, "b.html", broken.encode())).text.splitlines() if line]
    assert lines == ["Article 1", "1. Unclosed italic", "2. Next point"]


def test_missing_html_library_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "selectolax", None)
    monkeypatch.setitem(sys.modules, "selectolax.lexbor", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'constdiff\[html\]'"):
        load_source(_write(tmp_path, "p.html", _page(HTML_BODY).encode()))


# --- URLs (a server on the loopback interface only) ---------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: the test output is not the place for access logs."""


@pytest.fixture
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with serving(_Handler) as url:
        yield url


@contextlib.contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A local HTTP server in a thread, for as long as the block runs; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@needs_pdfium
@needs_selectolax
def test_urls_are_fetched_and_sniffed(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _Handler,
        "routes",
        {
            "/law": (200, {"Content-Type": "text/plain; charset=windows-1251"}, RUSSIAN.encode("cp1251")),
            "/page": (200, {"Content-Type": "text/html"}, _page(HTML_BODY).encode()),
            "/download": (200, {"Content-Type": "application/octet-stream"}, _pdf(PDF_PAGES)),
            "/moved": (302, {"Location": "/law"}, b""),
        },
    )
    assert load_source(f"{local_server}/law").text == RUSSIAN
    assert load_source(f"{local_server}/moved").text == RUSSIAN
    assert load_source(f"{local_server}/page").media_type == "text/html"
    assert list(_article_texts(load_source(f"{local_server}/download").text)) == ["1", "2"]


def test_url_failures_are_one_line_errors(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        _Handler,
        "routes",
        {
            "/big": (200, {"Content-Type": "text/plain"}, ENGLISH.encode() * 50),
            "/huge": (200, {"Content-Type": "text/plain", "Content-Length": str(10**9)}, b""),
            "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
            "/to-ftp": (302, {"Location": "ftp://127.0.0.1/constitution.txt"}, b""),
            "/fake.pdf": (200, {"Content-Type": "application/pdf"}, b"<html>error page</html>"),
        },
    )
    assert "HTTP 404" in _problem(f"{local_server}/absent")
    assert "larger than" in _problem(f"{local_server}/big", limits=Limits(bytes=1000))
    assert "larger than" in _problem(f"{local_server}/huge", limits=Limits(bytes=1000))
    assert "'file:///etc/passwd' is not allowed" in _problem(f"{local_server}/to-file")
    assert "redirect to a non-HTTP address refused" in _problem(f"{local_server}/to-ftp")
    assert "served as application/pdf but is not a PDF" in _problem(f"{local_server}/fake.pdf")


def test_url_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    with listener:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
        for name in ("http_proxy", "HTTP_PROXY"):
            monkeypatch.delenv(name, raising=False)
        with pytest.raises(InputError, match="within 0.2 s|timed out"):
            fetch_url(url, max_bytes=1000, timeout=0.2)


def test_a_server_that_drips_is_stopped_at_the_whole_download_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each byte comes well within the read timeout; the deadline bounds the whole download."""
    import time

    from constdiff.load import url as url_module

    class Drip(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:  # the client gave up: as it should
                pass

        def log_message(self, *args: object) -> None:
            """Quiet."""

    for name in ("http_proxy", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(url_module, "URL_DEADLINE_SECONDS", 0.5)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(InputError, match="the download took longer than 0.5 s"):
            fetch_url(f"http://127.0.0.1:{server.server_address[1]}/drip", max_bytes=10_000, timeout=5)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
