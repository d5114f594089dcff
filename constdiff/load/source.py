"""Where the bytes come from: a file, standard input, or an http(s) URL the user named (``url.py``)."""

from __future__ import annotations

import os
import re
import stat
import sys
import urllib.parse
from dataclasses import dataclass

from constdiff.errors import InputError
from constdiff.limits import DEFAULT_LIMITS, Limits, too_large

URL_TIMEOUT_SECONDS = 30.0
URL_SCHEMES = ("http", "https")
# The names a shell gives the pipe of a process substitution, ``<(command)``, and standard input.
_DESCRIPTOR_PATH = re.compile(r"/dev/fd/[0-9]+|/proc/(?:self|[0-9]+)/fd/[0-9]+|/dev/stdin")
_SPECIAL_FILES = (
    (stat.S_ISFIFO, "is a named pipe, not a regular file (pipe it to standard input instead: - < {source})"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
)


@dataclass(frozen=True)
class RawInput:
    """The bytes, plus what the sender said about them (HTTP ``Content-Type``)."""

    data: bytes
    content_type: str | None = None
    charset: str | None = None


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in URL_SCHEMES


def read_source(source: str, *, limits: Limits = DEFAULT_LIMITS, timeout: float = URL_TIMEOUT_SECONDS) -> RawInput:
    if is_url(source):
        from constdiff.load.url import fetch_url  # urllib.request costs ~20 ms to import; most runs need none

        return fetch_url(source, max_bytes=limits.bytes, timeout=timeout)
    return RawInput(read_bytes(source, max_bytes=limits.bytes))


def read_bytes(source: str, *, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (plus one, to detect overflow) from a path or stdin."""
    try:
        if source == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            _refuse_special_file(source)
            with open(source, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})") from None
    except ValueError:  # "embedded null byte": a library caller's name, never a shell's
        raise InputError(source, "is not a file name (it contains a NUL byte)") from None
    if len(data) > max_bytes:
        raise InputError(source, too_large(max_bytes))
    return data


def _refuse_special_file(source: str) -> None:
    """Looked at with ``stat``, never opened: opening a named pipe without a writer waits forever,
    and a device such as /dev/zero or /dev/tty never ends or waits for a person."""
    if _DESCRIPTOR_PATH.fullmatch(source):
        return
    mode = os.stat(source).st_mode
    for is_kind, problem in _SPECIAL_FILES:
        if is_kind(mode):
            raise InputError(source, problem.format(source=source))
