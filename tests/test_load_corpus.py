"""Issue "Real-world inputs" acceptance on the real texts in ../shared/corpus/kz (skipped when absent).

Each binary file must parse into the same articles as its text twin: the PDFs as the
``pdftotext -layout`` extractions (and the akorda.kz print as the plain English text),
the DOCX drafts as the Russian mirror text and the Kazakh extraction.  Nothing from the
texts is copied here; expectations come from the twins at test time.
"""

from __future__ import annotations

import codecs
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

from constdiff.load import load_source
from constdiff.model import Article, Document
from constdiff.parse import parse_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "kz"
NOTE_WORDS = ("Сноска", "Примечание", "Ескерту", "Ескертпе", "Footnote")
PAGE_COUNTER_LINE = re.compile(r"^\s*(?:[-–]\s*)?\d+\s*(?:/\s*\d+|[-–])?\s*$", re.MULTILINE)
# pdftotext -layout keeps a hyphen that ends a line, and the parser joins wrapped lines with a
# space ("16-" + "бабының" -> "16- бабының"); the PDF loader mends the word ("16-бабының").
SPACE_AFTER_LINE_END_HYPHEN = re.compile(r"(?<=\w)-\s+(?=\w)")

needs_pdfium = pytest.mark.skipif(
    importlib.util.find_spec("pypdfium2") is None, reason="the pdf extra (pypdfium2) is not installed"
)


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"real-text corpus not found at {CORPUS} (it lives beside the repository, in ../shared/corpus)")
    return CORPUS


@cache
def _text(path: Path) -> str:
    return load_source(str(path)).text


@cache
def _document(path: Path) -> Document:
    return parse_text(_text(path), source=path.name)


def _normalised(text: str) -> str:
    return " ".join(SPACE_AFTER_LINE_END_HYPHEN.sub("-", text).split())


def _assert_same_articles(loaded: Document, twin: Document, *, notes: bool = True) -> None:
    """Same numbers in the same order, same status, same text up to whitespace; same paragraphs and notes."""
    assert [a.number for a in loaded.articles()] == [a.number for a in twin.articles()]
    for mine, theirs in zip(loaded.articles(), twin.articles()):
        assert mine.status is theirs.status, mine.number
        assert _normalised(mine.text) == _normalised(theirs.text), mine.number
        assert len(mine.paragraphs) == len(theirs.paragraphs), mine.number
        if notes:
            assert [_normalised(n.text) for n in mine.notes] == [_normalised(n.text) for n in theirs.notes], mine.number
    assert not loaded.warnings


def _no_notes_or_furniture(article: Article) -> None:
    for word in NOTE_WORDS:
        assert word not in article.text, (article.number, word)
    assert "©" not in article.text, article.number
    assert not PAGE_COUNTER_LINE.search(article.text), article.number


@needs_pdfium
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_adilet_pdf_parses_like_its_pdftotext_twin(corpus: Path, language: str) -> None:
    loaded = _document(corpus / f"kz-1995-2023.{language}.pdf")
    twin = _document(corpus / f"kz-1995-2023.{language}.pdftotext-layout.txt")
    assert len(loaded.articles()) == 102
    _assert_same_articles(loaded, twin)
    for article in loaded.articles():
        _no_notes_or_furniture(article)
    assert loaded.preamble_text.split() == twin.preamble_text.split()
    assert [(d.number, d.title) for d in loaded.divisions()] == [(d.number, d.title) for d in twin.divisions()]


@needs_pdfium
@pytest.mark.parametrize("language, numbers", [("ru", ["254-III", "13-НП"]), ("kk", ["254-ІІІ", "13-НҚ"])])
def test_adilet_pdf_keeps_hyphens_at_line_ends_and_drops_the_copyright_line(
    corpus: Path, language: str, numbers: list[str]
) -> None:
    text = _text(corpus / f"kz-1995-2023.{language}.pdf")
    twin = (corpus / f"kz-1995-2023.{language}.pdftotext-layout.txt").read_text(encoding="utf-8")
    for number in numbers:
        assert text.count(number) == SPACE_AFTER_LINE_END_HYPHEN.sub("-", twin).count(number) > 0, number
    assert "©" in twin and "©" not in text


@needs_pdfium
def test_akorda_print_parses_like_the_english_text_without_print_furniture(corpus: Path) -> None:
    text = _text(corpus / "kz-1995-2023.en.akorda-print.pdf")
    loaded = _document(corpus / "kz-1995-2023.en.akorda-print.pdf")
    plain = _document(corpus / "kz-1995-2023.en.txt")
    assert len(loaded.articles()) == 102
    _assert_same_articles(loaded, plain)
    for article in loaded.articles():
        _no_notes_or_furniture(article)
    assert "akorda.kz" not in text
    assert not re.search(r"^\s*\d+/50\s*$", text, re.MULTILINE)
    assert [(d.number, d.title) for d in loaded.divisions()] == [(d.number, d.title) for d in plain.divisions()]


def test_russian_docx_has_the_articles_of_the_mirror_text(corpus: Path) -> None:
    loaded = _document(corpus / "kz-2026-draft-2026-02-12.ru.docx")
    mirror = _document(corpus / "kz-2026.ru.raw.txt")
    assert len(loaded.articles()) == 96
    _assert_same_articles(loaded, mirror)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_docx_reads_exactly_as_the_reference_extraction(corpus: Path, language: str) -> None:
    docx = corpus / f"kz-2026-draft-2026-02-12.{language}.docx"
    extract = corpus / f"kz-2026-draft-2026-02-12.{language}.docx-extract.txt"
    assert _text(docx) == _text(extract)
    assert len(_document(docx).articles()) == 96
    _assert_same_articles(_document(docx), _document(extract))


@pytest.mark.parametrize(
    "name, encoding, bom",
    [
        ("kz-1995-2023.ru.pdftotext-layout.txt", "cp1251", b""),
        ("kz-1995-2023.kk.pdftotext-layout.txt", "kz1048", b""),
        ("kz-1995-2023.kk.txt", "utf-16-le", codecs.BOM_UTF16_LE),
        ("kz-1995-2023.kk.txt", "utf-16-be", codecs.BOM_UTF16_BE),
        ("kz-1995-2023.kk.txt", "utf-16-le", b""),
        ("kz-1995-2023.kk.txt", "utf-16-be", b""),
        ("kz-2026.ru.raw.txt", "utf-8", codecs.BOM_UTF8),
    ],
)
def test_a_copy_in_another_encoding_gives_the_identical_tree(
    corpus: Path, tmp_path: Path, name: str, encoding: str, bom: bytes
) -> None:
    original = corpus / name
    copy = tmp_path / name
    copy.write_bytes(bom + original.read_bytes().decode("utf-8").encode(encoding))
    assert load_source(str(copy)).text == _text(original)
    assert parse_text(_text(copy), source=name) == _document(original)
