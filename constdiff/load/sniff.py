"""Which loader reads these bytes: decided by their content, the name only as a hint.

Files are misnamed often enough (an Adilet "DOC" that is HTML, a ".txt" that is a PDF)
that the magic bytes decide.  A name or HTTP type that promises a binary format the
bytes do not have is an error with its own message, rather than garbage text.
"""

from __future__ import annotations

import codecs
import re
from enum import Enum
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from constdiff.errors import InputError
from constdiff.load.source import RawInput, is_url
from constdiff.load.text import MARKDOWN_SUFFIXES


class Format(str, Enum):
    TEXT = "text"
    MARKDOWN = "markdown"
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"


_PDF_MAGIC = b"%PDF-"
_PDF_MAGIC_WINDOW = 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_HEAD_BYTES = 2048
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_DECLARED_BY_SUFFIX = {
    ".pdf": Format.PDF,
    ".docx": Format.DOCX,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    **{suffix: Format.MARKDOWN for suffix in MARKDOWN_SUFFIXES},
}
_DECLARED_BY_TYPE = {
    "application/pdf": Format.PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Format.DOCX,
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "text/markdown": Format.MARKDOWN,
}
_BINARY_NAMES = {Format.PDF: "a PDF (no %PDF header)", Format.DOCX: "a Word document (not a ZIP archive)"}


def sniff_format(raw: RawInput, *, source: str) -> Format:
    """Magic bytes first; then HTML markers; then what the name or HTTP type declares."""
    data = raw.data
    if not data:
        raise InputError(source, "is empty")
    if _PDF_MAGIC in data[:_PDF_MAGIC_WINDOW]:
        return Format.PDF
    if data.startswith(_ZIP_MAGIC):
        return Format.DOCX
    _refuse_other_binary_formats(data, source)
    declared, how = _declared_format(raw, source)
    if declared in _BINARY_NAMES:
        raise InputError(source, f"is {how} but is not {_BINARY_NAMES[declared]}; it starts with {data[:8]!r}")
    if declared is Format.HTML or _looks_like_html(data):
        return Format.HTML
    return declared or Format.TEXT


def _refuse_other_binary_formats(data: bytes, source: str) -> None:
    if data.startswith(_OLE_MAGIC):
        raise InputError(source, "is an old binary Office file (.doc); save it as .docx, PDF or text")
    if data.startswith(_RTF_MAGIC):
        raise InputError(source, "is an RTF file; save it as .docx, PDF or text")


def _declared_format(raw: RawInput, source: str) -> tuple[Format | None, str]:
    """The format the HTTP type or the file name promises, and how it was promised."""
    if raw.content_type in _DECLARED_BY_TYPE:
        return _DECLARED_BY_TYPE[raw.content_type], f"served as {raw.content_type}"
    path = urlsplit(source).path if is_url(source) else source
    suffix = PurePosixPath(path.replace("\\", "/")).suffix.lower()
    return _DECLARED_BY_SUFFIX.get(suffix), f"named {suffix}"


def _looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(_head_text(data)))


def _head_text(data: bytes) -> str:
    """The first bytes as text, enough to see markup: by BOM, else as Latin-1 (ASCII-safe)."""
    head = data[:_HEAD_BYTES]
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    return head.decode("latin-1")
