"""Plain text and Markdown: encoding detection and normalisation."""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass

from constdiff.errors import InputError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


@dataclass(frozen=True)
class LoadedText:
    source: str
    text: str
    media_type: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_bytes(source: str, *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (plus one, to detect overflow) from a path or stdin."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})") from None
    if len(data) > max_bytes:
        raise InputError(source, f"is larger than the {max_bytes // (1024 * 1024)} MiB limit")
    return data


def normalise_text(text: str) -> str:
    """NFC, one kind of line end; other whitespace is left for the parser to judge."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return unicodedata.normalize("NFC", text)


def decode_text(data: bytes, *, source: str) -> LoadedText:
    """Decode by BOM, then strict UTF-8, then charset detection for legacy encodings."""
    if not data.strip():
        raise InputError(source, "is empty")
    encoding = _sniff_encoding(data, source)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(source, f"cannot be decoded as {encoding}") from None
    if "\x00" in text:
        raise InputError(source, "looks like a binary file, not text")
    return LoadedText(source=source, text=normalise_text(text), media_type="text/plain", encoding=encoding)


def _sniff_encoding(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if _looks_like_utf16_without_bom(data):
        return "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    if b"\x00" in data:
        raise InputError(source, "looks like a binary file, not text")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(source, "is not text in any encoding we recognise")
    return best.encoding


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even_zeros, odd_zeros) > 0.3 * half and min(even_zeros, odd_zeros) < 0.05 * half
