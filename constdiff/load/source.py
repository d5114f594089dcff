"""Where the bytes come from: a file, standard input, or an http(s) URL the user named.

A URL is the only network access constdiff ever makes, and only when given
explicitly: plain HTTP(S), a timeout, a size cap, redirects only to HTTP(S).
"""

from __future__ import annotations

import http.client
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from typing import IO

from constdiff import __version__
from constdiff.errors import InputError

URL_TIMEOUT_SECONDS = 30.0
_URL_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class RawInput:
    """The bytes, plus what the sender said about them (HTTP ``Content-Type``)."""

    data: bytes
    content_type: str | None = None
    charset: str | None = None


def is_url(source: str) -> bool:
    return urllib.parse.urlsplit(source).scheme.lower() in _URL_SCHEMES


def read_source(source: str, *, max_bytes: int, timeout: float = URL_TIMEOUT_SECONDS) -> RawInput:
    if is_url(source):
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
        raise InputError(source, _too_large(max_bytes))
    return data


def fetch_url(url: str, *, max_bytes: int, timeout: float = URL_TIMEOUT_SECONDS) -> RawInput:
    """GET one http(s) URL; every failure becomes one InputError line."""
    request = urllib.request.Request(url, headers={"User-Agent": f"constdiff/{__version__}"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            headers: Message = response.headers
            _check_announced_length(url, headers, max_bytes)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise InputError(url, f"cannot be fetched: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise InputError(url, f"cannot be fetched: {_reason(error.reason)}") from None
    except TimeoutError:
        raise InputError(url, f"cannot be fetched: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise InputError(url, f"cannot be fetched: {_reason(error)}") from None
    if len(data) > max_bytes:
        raise InputError(url, _too_large(max_bytes))
    return RawInput(data, headers.get_content_type(), headers.get_content_charset())


def _opener() -> urllib.request.OpenerDirector:
    """Only the HTTP(S) handlers: no file://, ftp:// or data: through a redirect."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in _URL_SCHEMES:
            raise urllib.error.URLError(f"redirect to a non-HTTP address refused ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_announced_length(url: str, headers: Message, max_bytes: int) -> None:
    announced = headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise InputError(url, _too_large(max_bytes))


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _too_large(max_bytes: int) -> str:
    return f"is larger than the {_size(max_bytes)} limit"


def _size(count: int) -> str:
    mebibytes = count / (1024 * 1024)
    return f"{mebibytes:g} MiB" if mebibytes >= 1 else f"{count:,} bytes"
