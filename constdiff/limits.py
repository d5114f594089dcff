"""Every cap on the work one input may cause, in one place, and the one way to raise each.

Hostile or broken input must end in a clear refusal rather than a run that never ends:
a size cap on the bytes read, caps on the text the loaders return (characters, lines)
and on what the parser finds (articles), and a cap on how deep markup nests (HTML,
the XML inside DOCX), which is what makes HTML parsers slow.  Each refusal names the
cap and says ``--limit NAME=N`` raises it; the defaults are far above any real text
(the Kazakh constitution: 100,000 characters, 2,000 lines, 100 articles, 20 deep).
They bound the work, not make it instant: measured on a busy two-core machine, one article of
120,000 lines against another takes 26 s to compare (about 0.2 ms a line, linear), and the
largest pair the speed goals cover, 100,000 articles, about 95 s today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Iterable

from constdiff.errors import InputError

MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """The caps, one per kind of work; ``--limit NAME=N`` sets one."""

    bytes: int = 50 * MEBIBYTE
    """Bytes read from one file, standard input or URL."""
    chars: int = 50_000_000
    """Characters of text a loader returns."""
    lines: int = 1_000_000
    """Lines of that text."""
    articles: int = 100_000
    """Articles the parser finds in one version."""
    depth: int = 1_000
    """How deep the elements of an HTML page or a Word document's XML nest."""
    tags: int = 1_000_000
    """Tags (start and end) of an HTML page: walking the elements from Python costs microseconds
    each, so 50 MiB of ``<p>x`` (13 million) would take minutes; a million take 2-7 s."""


DEFAULT_LIMITS = Limits()
LIMIT_NAMES = tuple(field.name for field in fields(Limits))

_SETTING = re.compile(r"(?P<name>[a-z]+)=(?P<number>[0-9]+)(?P<suffix>[kMG]i?)?")
_SUFFIXES = {"k": 10**3, "M": 10**6, "G": 10**9, "ki": 2**10, "Mi": 2**20, "Gi": 2**30}


def parse_limit(text: str) -> tuple[str, int]:
    """``NAME=N`` → (name, N); N is digits with an optional k, M, G (or Ki, Mi, Gi) suffix."""
    found = _SETTING.fullmatch(text.strip())
    name = text.split("=", 1)[0].strip()
    if name not in LIMIT_NAMES:
        raise ValueError(f"'{text}' names no limit (known: {', '.join(LIMIT_NAMES)}; write NAME=N)")
    if found is None:
        raise ValueError(
            f"'{text}' is not NAME=N with N a whole number such as 3000000 or 3M (no commas, underscores or signs)"
        )
    value = int(found["number"]) * _SUFFIXES.get(found["suffix"] or "", 1)
    if value < 1:
        raise ValueError(f"'{text}': a limit must be at least 1")
    return name, value


def with_limits(settings: Iterable[tuple[str, int]], base: Limits = DEFAULT_LIMITS) -> Limits:
    """``base`` with the parsed ``NAME=N`` settings applied, later ones winning."""
    return replace(base, **dict(settings))


def raise_hint(name: str) -> str:
    return f"(raise it with --limit {name}=N)"


def check_count(source: str, limits: Limits, name: str, count: int, what: str) -> None:
    """InputError ``has 2,500,000 lines, more than the limit of 1,000,000 (raise it ...)``."""
    limit = getattr(limits, name)
    if count > limit:
        raise InputError(source, f"has {count:,} {what}, more than the limit of {limit:,} {raise_hint(name)}")


def too_deep(depth: int, limit: int, *, at_least: bool = False) -> str:
    """``at_least``: the count is where a scan stopped, not the whole depth."""
    found = f"at least {depth:,}" if at_least else f"{depth:,}"
    return f"nests elements {found} deep, more than the limit of {limit:,} {raise_hint('depth')}"


def too_large(max_bytes: int) -> str:
    return f"is larger than the {_size(max_bytes)} limit {raise_hint('bytes')}"


def _size(count: int) -> str:
    mebibytes = count / MEBIBYTE
    return f"{mebibytes:g} MiB" if mebibytes >= 1 else f"{count:,} bytes"
