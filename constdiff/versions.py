"""Which files are the versions of a history, and in what order: as given, by name, or by date.

A date comes from the file name (``ustava-2002-06-01.md``) or, when the name has none, from the
front matter (``FRONT_MATTER_DATE_KEYS``).  ``load.git_versions`` is the other source of versions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Sequence

from constdiff.errors import InputError
from constdiff.parse import front_matter

MIN_VERSIONS = 2
"""A history needs two readable versions: with fewer there is nothing to compare."""

Order = Literal["given", "name", "date"]
ORDERS: tuple[Order, ...] = ("given", "name", "date")

FRONT_MATTER_DATE_KEYS = ("last_updated", "valid_from", "in_force_from", "date")
"""Front-matter keys that date a version, the first present wins.  ``last_updated`` is the date a
version took effect in the corpus files (cz, es, ch: it equals the date in each name); their
``publication_date``, ``entry_into_force`` and ``applicability_date`` are the same in every
version (dates of the original act or of the download), so they cannot order versions."""

FRONT_MATTER_HEAD_BYTES = 64 * 1024
"""Bytes read to find the front matter: its block closes long before (the corpus's: under 3 KB)."""

NOT_A_VERSION = re.compile(r"(?i)(?:readme|licen[cs]e|changelog|notice)(?:\.[^.]*)?")
"""File names in a folder of versions that are never versions, left out whatever the order."""

_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DATE_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\d-])")
_NUMBER = re.compile(r"(\d+)")


def ordered_sources(sources: Sequence[str], order: Order | None = None) -> list[str]:
    """The versions to read, oldest first.

    Files are taken as given by default; ``name`` sorts them naturally (``v2`` before ``v10``),
    ``date`` by the date in each name or front matter.  One directory is read as its files,
    by date by default (or by name); its README, LICENSE, CHANGELOG, NOTICE and hidden files are
    left out, and a file with no date under ``date`` is an ``InputError`` naming it, so that no
    version is skipped unseen.  A directory with fewer than ``MIN_VERSIONS`` versions is one too.
    """
    if len(sources) == 1 and Path(sources[0]).is_dir():
        return _folder_versions(Path(sources[0]), order or "date")
    if order == "name":
        return sorted(sources, key=lambda source: (natural_key(Path(source).name), source))
    if order == "date":
        return _by_date([Path(source) for source in sources])
    return list(sources)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads runs of digits as numbers: ``v2`` < ``v10``, ``Art. 9`` < ``Art. 10``."""
    return tuple((0, int(part)) if part.isdecimal() else (1, part.casefold()) for part in _NUMBER.split(text) if part)


def version_date(path: Path) -> str | None:
    """``YYYY-MM-DD`` from the file name, else from its front matter; None when neither has one."""
    found = _DATE.search(path.name)
    return found.group(0) if found else front_matter_date(path)


def front_matter_date(path: Path) -> str | None:
    """The date of the first of ``FRONT_MATTER_DATE_KEYS`` in the file's front matter; None without
    one, or when the value is not a date, or for anything but a regular file (a pipe is never read)."""
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            head = handle.read(FRONT_MATTER_HEAD_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return None  # the reader reports it, as for any version
    entries = front_matter(head, source=str(path))
    value = next((entries[key] for key in FRONT_MATTER_DATE_KEYS if key in entries), "")
    dated = _DATE_VALUE.match(value.strip())
    return dated.group(0) if dated else None


def _folder_versions(folder: Path, order: Order) -> list[str]:
    if order == "given":
        raise InputError(str(folder), "the files of a folder have no given order; use --order date or --order name")
    files = [
        path for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and not NOT_A_VERSION.fullmatch(path.name)
    ]
    if len(files) < MIN_VERSIONS:
        raise InputError(str(folder), f"holds {len(files)} version file(s); a history needs {MIN_VERSIONS}"
                                      " (or name the versions in order)")
    if order == "name":
        return [str(path) for path in sorted(files, key=lambda path: (natural_key(path.name), path.name))]
    return _by_date(files, "date it, move it out of the folder, or use --order name")


def _by_date(paths: list[Path], remedy: str = "date it, or give the versions in order (--order given)") -> list[str]:
    dated: list[tuple[str, tuple[tuple[int, int | str], ...], str]] = []
    for path in paths:
        date = version_date(path)
        if date is None:
            keys = ", ".join(f"{key}:" for key in FRONT_MATTER_DATE_KEYS)
            raise InputError(str(path), f"has no date to order it by (YYYY-MM-DD in its name, or {keys} in its"
                                        f" front matter); {remedy}")
        dated.append((date, natural_key(path.name), str(path)))
    return [source for _, _, source in sorted(dated)]
