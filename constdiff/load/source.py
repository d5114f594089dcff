"""Where the bytes come from: a file, standard input, or an http(s) URL the user named (``url.py``)."""

from __future__ import annotations

import sys
import urllib.parse
from dataclasses import dataclass

from constdiff.errors import InputError

URL_TIMEOUT_SECONDS = 30.0
URL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class RawInput:
    """The bytes, plus what the sender said about them (HTTP ``Content-Type``)."""

    data: bytes
    content_type: str | None = None
    charset: str | None = None


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in URL_SCHEMES


def read_source(source: str, *, max_bytes: int, timeout: float = URL_TIMEOUT_SECONDS) -> RawInput:
    if is_url(source):
        from constdiff.load.url import fetch_url  # urllib.request costs ~20 ms to import; most runs need none

        return fetch_url(source, max_bytes=max_bytes, timeout=timeout)
    return RawInput(read_bytes(source, max_bytes=max_bytes))


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
        raise InputError(source, too_large(max_bytes))
    return data


def too_large(max_bytes: int) -> str:
    return f"is larger than the {_size(max_bytes)} limit"


def _size(count: int) -> str:
    mebibytes = count / (1024 * 1024)
    return f"{mebibytes:g} MiB" if mebibytes >= 1 else f"{count:,} bytes"
