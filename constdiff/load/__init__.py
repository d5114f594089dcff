"""Bytes to text: the first stage of the pipeline.

Every loader returns a ``LoadedText`` whose ``text`` is normalised the same way
(NFC, ``\\n`` line ends), so the parser never cares where the text came from.
The loader is chosen by content (magic bytes, HTML markers), not by file name:
``text`` (plain text and Markdown), ``pdf``, ``docx`` and ``html``.  Optional
libraries are imported only when a file needs them.
"""

from __future__ import annotations

from constdiff.load.sniff import Format, sniff_format
from constdiff.load.source import RawInput, read_source
from constdiff.load.text import LoadedText, decode_text, normalise_text

__all__ = ["DEFAULT_MAX_BYTES", "LoadedText", "decode_text", "load_bytes", "load_source", "normalise_text"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def load_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read a file path, ``-`` for standard input, or an explicit http(s) URL into normalised text."""
    return load_bytes(read_source(source, max_bytes=max_bytes), source=source)


def load_bytes(raw: RawInput, *, source: str) -> LoadedText:
    """Pick the loader by what the bytes are and run it."""
    found = sniff_format(raw, source=source)
    if found is Format.PDF:
        from constdiff.load.pdf import load_pdf

        return load_pdf(raw.data, source=source)
    if found is Format.DOCX:
        from constdiff.load.docx import load_docx

        return load_docx(raw.data, source=source)
    if found is Format.HTML:
        from constdiff.load.html import load_html

        return load_html(raw.data, source=source, charset=raw.charset)
    return decode_text(raw.data, source=source, charset=raw.charset, markdown=found is Format.MARKDOWN)
