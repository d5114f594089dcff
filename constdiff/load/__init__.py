"""Bytes to text: the first stage of the pipeline.

Every loader returns a ``LoadedText`` whose ``text`` is normalised the same way
(NFC, ``\\n`` line ends), so the parser never cares where the text came from.
The loader is chosen by content (magic bytes, HTML markers), not by file name:
``text`` (plain text and Markdown), ``pdf``, ``docx`` and ``html``.  Optional
libraries are imported only when a file needs them.
"""

from __future__ import annotations

from constdiff.errors import InputError
from constdiff.limits import DEFAULT_LIMITS, Limits, check_count, too_large
from constdiff.load.sniff import Format, sniff_format
from constdiff.load.source import RawInput, read_source
from constdiff.load.text import LoadedText, decode_text, normalise_text

__all__ = ["LoadedText", "decode_text", "load_bytes", "load_data", "load_source", "normalise_text"]


def load_source(source: str, *, limits: Limits = DEFAULT_LIMITS) -> LoadedText:
    """Read a file path, ``-`` for standard input, or an explicit http(s) URL into normalised text."""
    return _within_limits(load_bytes(read_source(source, limits=limits), source=source, limits=limits), source, limits)


def load_data(data: bytes, *, source: str, limits: Limits = DEFAULT_LIMITS) -> LoadedText:
    """Bytes already in memory (a version read from git), named by ``source``, whose suffix
    declares the format as a file's name would; the same limits as a file."""
    if len(data) > limits.bytes:
        raise InputError(source, too_large(limits.bytes))
    return _within_limits(load_bytes(RawInput(data), source=source, limits=limits), source, limits)


def _within_limits(loaded: LoadedText, source: str, limits: Limits) -> LoadedText:
    check_count(source, limits, "chars", len(loaded.text), "characters")
    check_count(source, limits, "lines", loaded.text.count("\n"), "lines")
    return loaded


def load_bytes(raw: RawInput, *, source: str, limits: Limits = DEFAULT_LIMITS) -> LoadedText:
    """Pick the loader by what the bytes are and run it (``limits.depth`` bounds markup nesting)."""
    found = sniff_format(raw, source=source)
    if found is Format.PDF:
        from constdiff.load.pdf import load_pdf

        return load_pdf(raw.data, source=source)
    if found is Format.DOCX:
        from constdiff.load.docx import load_docx

        return load_docx(raw.data, source=source, max_depth=limits.depth)
    if found is Format.HTML:
        from constdiff.load.html import load_html

        return load_html(raw.data, source=source, charset=raw.charset, limits=limits)
    return decode_text(raw.data, source=source, charset=raw.charset, markdown=found is Format.MARKDOWN)
