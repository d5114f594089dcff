"""Fetching an http(s) URL the user named: the only network access constdiff ever makes.

Plain HTTP(S), a timeout per read and a deadline for the whole download, a size cap (also
against ``Content-Length``), redirects only to HTTP(S).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from email.message import Message
from http.client import HTTPMessage
from typing import IO

from constdiff import __version__
from constdiff.errors import InputError
from constdiff.limits import too_large
from constdiff.load.source import URL_SCHEMES, URL_TIMEOUT_SECONDS, RawInput


def fetch_url(url: str, *, max_bytes: int, timeout: float = URL_TIMEOUT_SECONDS) -> RawInput:
    """GET one http(s) URL; every failure becomes one InputError line."""
    request = urllib.request.Request(url, headers={"User-Agent": f"constdiff/{__version__}"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            headers: Message = response.headers
            _check_announced_length(url, headers, max_bytes)
            data = _read_within(url, response, max_bytes, time.monotonic() + URL_DEADLINE_SECONDS)
    except urllib.error.HTTPError as error:
        raise InputError(url, f"cannot be fetched: HTTP {error.code} {' '.join(str(error.reason).split())}") from None
    except urllib.error.URLError as error:
        raise InputError(url, f"cannot be fetched: {_reason(error.reason)}") from None
    except TimeoutError:
        raise InputError(url, f"cannot be fetched: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        raise InputError(url, f"cannot be fetched: {_reason(error)}") from None
    if len(data) > max_bytes:
        raise InputError(url, too_large(max_bytes))
    return RawInput(data, headers.get_content_type(), headers.get_content_charset())


URL_DEADLINE_SECONDS = 60.0
"""The whole download, however slowly the server sends: the read timeout bounds each read only."""
_CHUNK = 64 * 1024


def _read_within(url: str, response: IO[bytes], max_bytes: int, deadline: float) -> bytes:
    """The body, read as it arrives, up to one byte past ``max_bytes``, stopped at ``deadline``."""
    chunks: list[bytes] = []
    received = 0
    while received <= max_bytes:
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - received))  # type: ignore[attr-defined]
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
        if time.monotonic() > deadline:
            raise InputError(url, f"cannot be fetched: the download took longer than {URL_DEADLINE_SECONDS:g} s")
    return b"".join(chunks)


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
        if urllib.parse.urlsplit(newurl).scheme.lower() not in URL_SCHEMES:
            raise urllib.error.URLError(f"redirect to a non-HTTP address refused ({newurl})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_announced_length(url: str, headers: Message, max_bytes: int) -> None:
    announced = headers.get("Content-Length", "")
    if announced.isdigit() and int(announced) > max_bytes:
        raise InputError(url, too_large(max_bytes))


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


