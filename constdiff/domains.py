"""Numbering domains: a second series of article numbers inside one document.

Transitional provisions, annexes or final provisions often number their articles from 1
again.  Each such series is a domain; articles keep their numbers, and ``Article.key``
("transitional:1") tells the series apart.  A domain starts where the profile says (a
division heading or plain line matching one of its ``domains`` patterns) or where the
numbers go back to the start of the current series right after a division heading.
"""

from __future__ import annotations

import re
from typing import Sequence

from constdiff.model import number_sort_key
from constdiff.profiles import DomainRule

_SLUG_SEPARATORS = re.compile(r"[\W_]+")
_SortKey = tuple[tuple[int, str], ...]


def slug(text: str) -> str:
    """A heading as a domain name: lower case, words joined by hyphens ("Übergangsbestimmungen" stays one word)."""
    return _SLUG_SEPARATORS.sub("-", text.lower()).strip("-")


class DomainTracker:
    """Follows the document in reading order and names the domain of each article."""

    def __init__(self, rules: Sequence[DomainRule]) -> None:
        self.rules = tuple(rules)
        self.current: str | None = None
        self.pending: str | None = None  # named by a plain line, starts with the next article
        self.series_start: _SortKey | None = None
        self.previous: _SortKey | None = None
        self.used: set[str] = set()

    def plain_line(self, text: str) -> None:
        """A plain line such as "Transitional provisions" starts the domain its rule names."""
        if self.rules:
            self.pending = self._rule_name(text) or self.pending

    def article(self, number: str, headings: Sequence[str]) -> str | None:
        """The domain of the next article; ``headings`` are the division headings (titles, or
        labels when untitled) opened since the previous article, outermost first."""
        key = number_sort_key(number)
        named = self.pending or next(filter(None, map(self._rule_name, headings)), None)
        self.pending = None
        if named is not None and named != self.current:
            self._start(named, key)
        elif headings and self._restarts(key):
            self._start(self._unique(slug(headings[0]) or "series"), key)
        elif self.series_start is None:
            self.series_start = key
        self.previous = key
        return self.current

    def _restarts(self, key: _SortKey) -> bool:
        """Back at (or before) the first number of the current series, after higher numbers."""
        return (
            self.previous is not None
            and self.series_start is not None
            and key < self.previous
            and key <= self.series_start
        )

    def _start(self, name: str, key: _SortKey) -> None:
        self.current, self.series_start = name, key
        self.used.add(name)

    def _unique(self, name: str) -> str:
        candidate, counter = name, 2
        while candidate in self.used:
            candidate, counter = f"{name}-{counter}", counter + 1
        return candidate

    def _rule_name(self, text: str) -> str | None:
        return next((rule.name for rule in self.rules if rule.pattern.search(text)), None)
