"""Bytes to text: the first stage of the pipeline.

Every loader returns a ``LoadedText`` whose ``text`` is normalised the same way
(NFC, ``\\n`` line ends), so the parser never cares where the text came from.
"""

from __future__ import annotations

from pathlib import Path

from constdiff.load.text import LoadedText, decode_text

__all__ = ["LoadedText", "load_source", "decode_text", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def load_source(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read a file path, or ``-`` for standard input, into normalised text."""
    from constdiff.load.text import read_bytes

    data = read_bytes(source, max_bytes=max_bytes)
    return decode_text(data, source=source)


def display_name(source: str) -> str:
    return "<stdin>" if source == "-" else str(Path(source))
