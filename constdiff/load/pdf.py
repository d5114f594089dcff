"""PDF → text with pypdfium2; ``pdf_layout`` turns its printed lines into paragraphs.

Why pypdfium2 and not pdfminer.six (measured on the corpus PDFs, 52 + 52 + 50 pages;
whole-document text through ``PdfTextPage.get_text_range`` and
``pdfminer.high_level.extract_text``; median of 5 runs, pdfminer 3; Python 3.11,
pypdfium2 5.15.2, pdfminer.six 20260107).  "In order" is the share of the reference
text's words found in the same order (difflib over word tokens), the reference being
the ``pdftotext -layout`` twin, or kz-1995-2023.en.txt for the akorda.kz print:

==============================  ===========  ===========  ==================  ==================
file                            pypdfium2    pdfminer     in order (pdfium)   in order (pdfminer)
==============================  ===========  ===========  ==================  ==================
kz-1995-2023.ru.pdf             0.18 s       4.1 s        100.0 %             92.8 %
kz-1995-2023.kk.pdf             0.24 s       3.5 s        100.0 %             92.7 %
kz-1995-2023.en.akorda-print    0.06 s       2.3 s        100.0 %             100.0 %
==============================  ===========  ===========  ==================  ==================

Both keep the hyphen of "254-III" at a line end (43 of 43).  pdfminer's layout analysis
cuts the database's notes into fragments (the raised "№ 8-НП" pieces get their own
baseline) and reorders them, with ``boxes_flow=None`` too, so one "13-НП" of four comes
apart; PDFium keeps every fragment on its line.  PDFium is also 15-40 times faster and is
one wheel with no further dependencies.  The whole loader (characters with positions,
then layout) takes 0.6-1.0 s for one of these files.
"""

from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any

from constdiff.errors import InputError, MissingExtraError
from constdiff.load.pdf_layout import PdfLine, layout_text
from constdiff.load.text import LoadedText

if TYPE_CHECKING:
    import pypdfium2

MEDIA_TYPE = "application/pdf"
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024
_PASSWORD_ERROR = 4
_SECURITY_ERROR = 6
_LINE_END = "\n"
_HYPHEN_BREAK = "\x02"  # PDFium's mark for a hyphen it judged to end a line; it then omits the line end
_DROPPED = {"\r", "\ufffe", "\uffff", "\x00"}


def load_pdf(data: bytes, *, source: str) -> LoadedText:
    """The text of every page, furniture removed; one clear InputError for files we cannot read."""
    pdfium = _import_pdfium(source)
    document = _open(pdfium, data, source)
    try:
        pages = [_page_lines(_page(pdfium, document, index, source)) for index in range(len(document))]
    finally:
        document.close()
    if not any(pages):
        raise InputError(source, "PDF has no text layer (a scanned image?); run OCR on it first")
    warnings = _warnings(data, pages)
    return LoadedText.normalised(
        source=source, text=layout_text(pages), media_type=MEDIA_TYPE, encoding="", warnings=warnings
    )


def _import_pdfium(source: str) -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise MissingExtraError(source, "reading PDF needs the pdf extra: pip install 'constdiff[pdf]'") from None
    return pypdfium2


def _open(pdfium: Any, data: bytes, source: str) -> pypdfium2.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise InputError(source, _open_problem(data, getattr(error, "err_code", None))) from None


def _page(pdfium: Any, document: pypdfium2.PdfDocument, index: int, source: str) -> Any:
    """A page PDFium cannot load (a damaged page tree) is the file's problem, not ours."""
    try:
        return document[index]
    except pdfium.PdfiumError:
        raise InputError(source, f"PDF is damaged and cannot be read (page {index + 1} does not load)") from None


def _open_problem(data: bytes, code: int | None) -> str:
    if code == _PASSWORD_ERROR:
        return "PDF is encrypted (password protected); save an unprotected copy first"
    if code == _SECURITY_ERROR:
        return "PDF uses an unsupported security handler; save an unprotected copy first"
    if _EOF_MARKER not in data[-_EOF_WINDOW:]:
        return "PDF is truncated or damaged (no end-of-file marker); download it again"
    return "PDF is damaged and cannot be read"


def _warnings(data: bytes, pages: list[list[PdfLine]]) -> tuple[str, ...]:
    found = []
    if _EOF_MARKER not in data[-_EOF_WINDOW:]:
        found.append("PDF has no end-of-file marker; it may be truncated")
    empty = [str(number) for number, lines in enumerate(pages, start=1) if not lines]
    if empty:
        found.append(f"PDF pages without text (scanned images?): {', '.join(empty)}")
    return tuple(found)


def _page_lines(page: Any) -> list[PdfLine]:
    """Printed lines in PDFium's reading order, each with the geometry the layout step needs."""
    textpage = page.get_textpage()
    try:
        chars = _Chars(textpage)
        return [line for line in (chars.line(indices) for indices in chars.lines()) if line is not None]
    finally:
        textpage.close()
        page.close()


class _Chars:
    """One page's characters, read through PDFium's C API (the helpers lack origins and sizes)."""

    def __init__(self, textpage: Any) -> None:
        from pypdfium2 import raw

        self._raw = raw
        self._handle = textpage.raw
        count = raw.FPDFText_CountChars(self._handle)
        self.text = "".join(chr(raw.FPDFText_GetUnicode(self._handle, index)) for index in range(count))

    def lines(self) -> list[list[int]]:
        """Indices of the characters of each line; PDFium ends lines with a generated ``\\r\\n``."""
        found: list[list[int]] = [[]]
        for index, char in enumerate(self.text):
            if char == _LINE_END:
                found.append([])
            elif char not in _DROPPED:
                found[-1].append(index)
                if char == _HYPHEN_BREAK:
                    found.append([])
        return found

    def line(self, indices: list[int]) -> PdfLine | None:
        visible = [index for index in indices if not self.text[index].isspace()]
        if not visible:
            return None
        first, last = visible[0], visible[-1]
        text = "".join(self.text[index] for index in indices).replace(_HYPHEN_BREAK, "-").strip()
        left, _ = self._horizontal_extent(first)
        _, right = self._horizontal_extent(last)
        _, lead_right = self._horizontal_extent(self._lead_end(indices, first))
        return PdfLine(
            text=text,
            left=left,
            right=right,
            baseline=self._baseline(first),
            size=self._raw.FPDFText_GetFontSize(self._handle, first),
            lead_width=lead_right - left,
        )

    def _lead_end(self, indices: list[int], first: int) -> int:
        """Last character of the line's first unbreakable piece: before a space, or a hyphen."""
        end = first
        for index in indices[indices.index(first) :]:
            char = self.text[index]
            if char == " ":
                break
            end = index
            if char in "-\u2010" + _HYPHEN_BREAK:
                break
        return end

    def _horizontal_extent(self, index: int) -> tuple[float, float]:
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        self._raw.FPDFText_GetCharBox(self._handle, index, left, right, bottom, top)
        return left.value, right.value

    def _baseline(self, index: int) -> float:
        x, y = ctypes.c_double(), ctypes.c_double()
        self._raw.FPDFText_GetCharOrigin(self._handle, index, x, y)
        return y.value
