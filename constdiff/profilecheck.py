"""``constdiff profile check``: is a profile valid, and how does it read a text?

Writing a profile for a new language is a loop of "edit a pattern, see what it found";
this gives the second half: the headings found by kind with their line numbers, the
plausibility verdict, and the first lines that look like headings but matched nothing.
The profile's own reading is shown, never another one (no plausibility re-reading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from constdiff.errors import StructureError
from constdiff.parse import parse_text
from constdiff.plausibility import Verdict, describe, judge, structural_lines
from constdiff.profiles import Profile, load_profile

SHOWN_PER_KIND = 10
_HEADING_LIKE_WORDS_MAX = 8
_SHORT_WITH_STOP_WORDS_MAX = 4  # "Artikel 5." may end with a stop; a longer line that does is a sentence
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
_NUMBER = re.compile(r"\d|\b[IVXLCDM]+\b")


@dataclass(frozen=True)
class FoundHeading:
    line: int
    number: str | None
    title: str | None


@dataclass(frozen=True)
class ProfileCheck:
    profile: Profile
    source: str | None = None  # the text read, if any
    headings: tuple[tuple[str, tuple[FoundHeading, ...]], ...] = ()  # (kind, every heading of that kind)
    verdict: Verdict | None = None
    problem: str | None = None  # why the text could not be read (no article headings)
    unmatched: tuple[tuple[int, str], ...] = ()  # first heading-like lines that matched nothing

    @property
    def summary(self) -> str:
        """The profile's contents in one line: "2 article patterns, 3 division kinds (5 patterns), …"."""
        profile = self.profile
        parts = [
            _count(len(profile.articles), "article pattern"),
            f"{_count(len(profile.divisions), 'division kind')} ({_count(sum(len(rule.patterns) for rule in profile.divisions), 'pattern')})",
            _count(len(profile.paragraphs), "paragraph pattern"),
            _count(len(profile.notes), "note pattern"),
            _count(len(profile.repealed), "repeal pattern"),
            _count(len(profile.words), "common word"),
        ]
        if profile.domains:
            parts.append(_count(len(profile.domains), "numbering domain"))
        if profile.closing:
            parts.append(_count(len(profile.closing), "closing pattern"))
        return ", ".join(parts)

    @property
    def read_well(self) -> bool:
        """No text, or a text the profile explains."""
        return self.source is None or (self.verdict is not None and self.verdict.plausible)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def check_profile(path: str, text: str | None = None, *, source: str = "<text>") -> ProfileCheck:
    """Validate the profile at ``path`` (a ``ProfileError`` names the field) and read ``text`` with it."""
    profile = load_profile(path)
    if text is None:
        return ProfileCheck(profile)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    try:
        document = parse_text(text, source=source, profile=profile, review=False)
    except StructureError as error:
        return ProfileCheck(profile, source, problem=error.problem, unmatched=_heading_like(lines, set()))
    divisions: dict[str, list[FoundHeading]] = {}
    for division in document.divisions():
        divisions.setdefault(division.kind, []).append(FoundHeading(division.heading_span.first, division.number, division.title))
    articles = tuple(FoundHeading(a.heading_span.first, a.number, a.title) for a in document.articles())
    return ProfileCheck(
        profile,
        source,
        headings=(("article", articles), *((kind, tuple(found)) for kind, found in divisions.items())),
        verdict=judge(document, lines, describe(profile)),
        unmatched=_heading_like(lines, structural_lines(document)),
    )


def _heading_like(lines: list[str], matched: set[int]) -> tuple[tuple[int, str], ...]:
    """Lines that matched no heading pattern but look like headings: Markdown headings, or
    short lines that start with a capital and carry a number ("Art 93", "CHAPTER IV")."""
    found = []
    for number, line in enumerate(lines, start=1):
        if line and number not in matched and _looks_like_heading(line):
            found.append((number, line))
            if len(found) == SHOWN_PER_KIND:
                break
    return tuple(found)


def _looks_like_heading(line: str) -> bool:
    if _MARKDOWN_HEADING.match(line):
        return True
    words = line.split()
    if len(words) > _HEADING_LIKE_WORDS_MAX or not (line[0].isupper() or line[0] == "§") or not _NUMBER.search(line):
        return False
    if line.endswith((",", ";", ":")):
        return False
    return not line.endswith(".") or len(words) <= _SHORT_WITH_STOP_WORDS_MAX
