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
then layout) takes 0.3-0.6 s of CPU for one of these files on a busy two-core machine,
once the 22 profiles the layout consults are loaded (0.2 s more); about 0.3 s of it is
PDFium loading the pages and their text.
"""

from __future__ import annotations

import ctypes
import re
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
_UNKNOWN = "\ufffe"  # in PDFium's page text: a character without Unicode, or a line-end hyphen
_SURROGATE = re.compile("[\ud800-\udfff\U00010000-\U0010ffff]")
# A line: the characters up to a line end, or through a line-end hyphen.
_LINE = re.compile(f"[^{_LINE_END}{_HYPHEN_BREAK}]+{_HYPHEN_BREAK}?|{_HYPHEN_BREAK}")
_VISIBLE = re.compile(f"[^\\s{''.join(sorted(_DROPPED))}]")  # re's \s is str.isspace
_LINE_TEXT = str.maketrans({**dict.fromkeys(_DROPPED), _HYPHEN_BREAK: "-"})  # 20 us a line: only where needed
_RARE = re.compile("[" + "".join(sorted(_DROPPED - {"\r"})) + _HYPHEN_BREAK + "]")


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
        return [line for line in (chars.line(*span) for span in chars.lines()) if line is not None]
    finally:
        textpage.close()
        page.close()


class _Chars:
    """One page's characters, read through PDFium's C API (the helpers lack origins and sizes)."""

    def __init__(self, textpage: Any) -> None:
        from pypdfium2 import raw

        self._raw = raw
        self._handle = textpage.raw
        self.text = _page_text(raw, self._handle)
        # PDFium writes a box or an origin into these; made once, not for every call (half its cost)
        self._box = tuple(ctypes.c_double() for _ in range(4))
        self._origin = (ctypes.c_double(), ctypes.c_double())

    def lines(self) -> list[tuple[int, int]]:
        """Where each line's characters start and end; PDFium ends lines with a generated ``\\r\\n``."""
        return [found.span() for found in _LINE.finditer(self.text)]

    def line(self, start: int, end: int) -> PdfLine | None:
        visible = _VISIBLE.search(self.text, start, end)
        if visible is None:
            return None
        first, last = visible.start(), self._last_visible(end)
        text = self.text[start:end].replace("\r", "")  # PDFium's line ends: in nearly every line
        if _RARE.search(text):
            text = text.translate(_LINE_TEXT)
        text = text.strip()
        left, _ = self._horizontal_extent(first)
        _, right = self._horizontal_extent(last)
        _, lead_right = self._horizontal_extent(self._lead_end(first, end))
        return PdfLine(
            text=text,
            left=left,
            right=right,
            baseline=self._baseline(first),
            size=self._raw.FPDFText_GetFontSize(self._handle, first),
            lead_width=lead_right - left,
        )

    def _last_visible(self, end: int) -> int:
        index = end - 1
        while self.text[index].isspace() or self.text[index] in _DROPPED:
            index -= 1
        return index

    def _lead_end(self, first: int, end: int) -> int:
        """Last character of the line's first unbreakable piece: before a space, or a hyphen."""
        last = first
        for index in range(first, end):
            char = self.text[index]
            if char in _DROPPED:
                continue
            if char == " ":
                break
            last = index
            if char in "-\u2010" + _HYPHEN_BREAK:
                break
        return last

    def _horizontal_extent(self, index: int) -> tuple[float, float]:
        left, right, _, _ = self._box
        self._raw.FPDFText_GetCharBox(self._handle, index, *self._box)
        return left.value, right.value

    def _baseline(self, index: int) -> float:
        _, y = self._origin
        self._raw.FPDFText_GetCharOrigin(self._handle, index, *self._origin)
        return y.value


def _page_text(raw: Any, handle: Any) -> str:
    """Every character of the page as ``FPDFText_GetUnicode`` tells it, in one call where that is sure.

    One call per character costs 1-2 us of ctypes each (0.2 s for the Kazakh PDF's 113,000);
    ``FPDFText_GetText`` copies PDFium's text buffer at once (4 ms).  That buffer holds one
    unit per character, the same, except that it leaves out control characters (the count
    then differs: asked one by one), writes U+FFFE for a line-end hyphen (``\\x02``) and for a
    character without Unicode (``\\x00``), asked again one by one, and holds UTF-16: a page with
    surrogates is asked one by one too, so nothing is ever combined or split differently.
    """
    count = raw.FPDFText_CountChars(handle)
    if count <= 0:
        return ""
    units = (ctypes.c_ushort * (2 * count + 1))()  # room for every character as a surrogate pair
    written = raw.FPDFText_GetText(handle, 0, count, units) - 1  # less the terminating NUL
    text = bytes(units)[: 2 * max(written, 0)].decode("utf-16-le", "surrogatepass")
    if written != count or _SURROGATE.search(text):
        return "".join(chr(raw.FPDFText_GetUnicode(handle, index)) for index in range(count))
    if _UNKNOWN not in text:
        return text
    chars = list(text)
    for index in (index for index, char in enumerate(chars) if char == _UNKNOWN):
        chars[index] = chr(raw.FPDFText_GetUnicode(handle, index))
    return "".join(chars)
