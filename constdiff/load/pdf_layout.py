"""Printed lines with their positions → one line per paragraph, blank lines between.

A PDF knows glyphs and coordinates, not paragraphs.  The printed page shows where a
paragraph starts: its first line is indented (or outdented), or set in another type
size, or follows a vertical gap or a line that stopped short of the right margin.
A line the parser would read as a heading, a point ("2.", "3-1.", "a)") or an
editorial note ("Сноска.", "Footnote:") under any shipped language profile starts
one too, whatever the layout.  The lines of a paragraph are joined here, where a
word broken at a hyphen can still be judged, so the parser needs no guess about
hard wraps (its guess needs many wrapped lines, which a one-page amendment lacks).

It is independent of the PDF library: the loader hands over ``PdfLine`` objects.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from constdiff.lines import LineKind, classify_line, clean_line, heading_text
from constdiff.profiles import Profile, available_languages, load_profile

_EDGE_LINES = 2
_RUNNING_SHARE = 0.5
_RUNNING_MIN_PAGES = 3
_GAP_FACTOR = 1.3
_SIZE_CHANGE = 0.15
_MARGIN_TOLERANCE = 2.0
_INDENT_MIN = 3.0
_FOOT_LINES_AFTER_COPYRIGHT = 2

_PRINT_STAMP = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?(?!\S)", re.IGNORECASE
)
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s)", re.IGNORECASE)
_HYPHENS = "-\u00ad\u2010"
_WORD = re.compile(r"\w+(?:[-\u2010]\w+)*")


@dataclass(frozen=True)
class PdfLine:
    """One printed line and where it sits (PDF points, y grows upwards).

    ``lead_width`` is the width of the line's first unbreakable piece (up to the
    first space, or through the first hyphen): had it fitted at the end of the
    line above, a typesetter would have put it there.
    """

    text: str
    left: float
    right: float
    baseline: float
    size: float
    lead_width: float


@dataclass(frozen=True)
class _Geometry:
    """What is normal for this document: margins, text width, line pitch."""

    left_margin: float
    text_width: float
    paragraph_gap: float


def layout_text(pages: list[list[PdfLine]]) -> str:
    """The paragraphs of all pages, furniture removed, one per line with a blank line between."""
    body = _remove_furniture(pages)
    geometry = _measure(body)
    vocabulary = _Vocabulary.of(line.text for page in body for line in page)
    paragraphs: list[str] = []
    previous: PdfLine | None = None
    for page in body:
        page_left = _page_left(page, geometry)
        for index, line in enumerate(page):
            gap = previous is not None and index > 0 and previous.baseline - line.baseline > geometry.paragraph_gap
            if previous is None or gap or _starts_paragraph(previous, line, page_left, geometry):
                paragraphs.append(line.text)
            else:
                paragraphs[-1] = _joined(paragraphs[-1], line.text, vocabulary)
            previous = line
    return "\n\n".join(paragraphs) + "\n"


# --- furniture ----------------------------------------------------------------


def _remove_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Drop what the printer or the database added: page numbers, running heads, stamps, URLs, ©."""
    running = _running_texts(pages)
    cleaned = []
    for page in pages:
        edges = set(_edge_lines(page))
        kept = [
            line
            for line in page
            if not _is_url_line(line.text)
            and not (line in edges and (_is_stamp_or_counter(line.text) or _running_key(line.text) in running))
        ]
        cleaned.append(_without_copyright_foot(kept))
    return cleaned


def _edge_lines(page: list[PdfLine]) -> list[PdfLine]:
    """The top and bottom lines of a page, where headers and footers live (by position, not order)."""
    by_height = sorted(page, key=lambda line: -line.baseline)
    return by_height[:_EDGE_LINES] + by_height[-_EDGE_LINES:]


def _running_key(text: str) -> str:
    """Running heads differ only in their numbers ("3/50", "Page 4")."""
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _running_texts(pages: list[list[PdfLine]]) -> set[str]:
    """Edge lines that recur on at least half the pages, identical or with a number that counts pages."""
    seen: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for number, page in enumerate(pages):
        for text in {line.text for line in _edge_lines(page)}:
            seen[_running_key(text)].append((number, text))
    needed = max(_RUNNING_MIN_PAGES, _RUNNING_SHARE * len(pages))
    return {key for key, hits in seen.items() if len(hits) >= needed and _same_or_counting_pages(hits)}


def _same_or_counting_pages(hits: list[tuple[int, str]]) -> bool:
    """A repeated title, or "Page 7" on page 7; "Article 7" on page 7 is a heading, not a page count."""
    if len({text for _, text in hits}) == 1:
        return True
    if _opens_structure(hits[0][1]):
        return False
    numbers = [(page, [int(found) for found in re.findall(r"\d+", text)]) for page, text in hits]
    positions = range(len(numbers[0][1]))
    return any(len({values[position] - page for page, values in numbers}) == 1 for position in positions)


def _is_stamp_or_counter(text: str) -> bool:
    """A page counter, or a line made only of a print date, a URL and a counter."""
    rest = _URL.sub(" ", _PRINT_STAMP.sub(" ", text))
    page_number = _page_number()
    return not rest.strip() or all(page_number.match(part) for part in re.split(r"\s{2,}|\t", rest.strip()))


@lru_cache(maxsize=1)
def _page_number() -> re.Pattern[str]:
    """A page counter in any profile's words: "7", "- 7 -", "7/50", "Page 7 of 50", "стр. 7 из 50"."""
    profiles = _shipped_profiles()
    labels = _any_word(word for profile in profiles for word in profile.page_counter.labels)
    of = _any_word(["/", *(word for profile in profiles for word in profile.page_counter.of)])
    label = rf"(?:(?:{labels})\s*)?" if labels else ""
    return re.compile(rf"^{label}(?:[-–—]\s*)?\d{{1,4}}(?:\s*[-–—])?(?:\s*(?:{of})\s*\d{{1,4}})?$", re.IGNORECASE)


def _any_word(words: Iterable[str]) -> str:
    """An alternation of the words as written, longest first."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda word: (-len(word), word)))


def _is_url_line(text: str) -> bool:
    """A line that is nothing but a web address is a print header, never the text of a law.

    Every address ``_URL`` finds has a "/" or a "www.": a line with neither is left alone
    unsearched (the pattern tries every word of it, 25 ms for the Kazakh PDF's lines)."""
    if "/" not in text and "www." not in text.lower():
        return not text.strip()
    return not _URL.sub("", text).strip()


def _without_copyright_foot(page: list[PdfLine]) -> list[PdfLine]:
    """A database's ``© 2012 ...`` notice at the foot of a page, with the line or two it wraps onto."""
    for index, line in enumerate(page):
        if _COPYRIGHT.match(line.text) and len(page) - index - 1 <= _FOOT_LINES_AFTER_COPYRIGHT:
            return page[:index]
    return page


# --- geometry -------------------------------------------------------------------


def _measure(pages: list[list[PdfLine]]) -> _Geometry:
    lines = [line for page in pages for line in page]
    if not lines:
        return _Geometry(0.0, 0.0, float("inf"))
    left_margin = _mode(line.left for line in lines)
    widths = sorted(line.right - left_margin for line in lines)
    text_width = widths[int(0.95 * (len(widths) - 1))]
    pitches = [
        above.baseline - below.baseline
        for page in pages
        for above, below in pairwise(page)
        if above.baseline > below.baseline and abs(above.size - below.size) <= _SIZE_CHANGE * above.size
    ]
    pitch = sorted(pitches)[len(pitches) // 5] if pitches else float("inf")
    return _Geometry(left_margin, text_width, _GAP_FACTOR * pitch)


def _mode(values: Iterable[float]) -> float:
    """Most common value, to the nearest point (margins are where most lines start)."""
    counts = Counter(round(value) for value in values)
    return float(max(counts, key=lambda value: (counts[value], -value)))


def _page_left(page: list[PdfLine], geometry: _Geometry) -> float:
    """The document's margin, unless this page is shifted (odd and even pages of a book)."""
    if not page or any(abs(line.left - geometry.left_margin) <= _MARGIN_TOLERANCE for line in page):
        return geometry.left_margin
    return _mode(line.left for line in page)


def _starts_paragraph(previous: PdfLine, line: PdfLine, page_left: float, geometry: _Geometry) -> bool:
    """Indented (or outdented), in another type size, after a line that stopped short, or structure."""
    indent = max(_INDENT_MIN, 0.3 * line.size)
    return (
        abs(line.left - page_left) > indent
        or abs(line.size - previous.size) > _SIZE_CHANGE * previous.size
        or _stopped_short(previous, line, page_left + geometry.text_width)
        or _opens_structure(line.text)
    )


def _stopped_short(previous: PdfLine, line: PdfLine, right_margin: float) -> bool:
    """The line above had room for this line's first word, so the break there was a paragraph end."""
    characters = max(len(previous.text), 1)
    average = (previous.right - previous.left) / characters
    room = right_margin - previous.right
    return room > line.lead_width + 3 * average


def _opens_structure(text: str) -> bool:
    """A heading, point number or note marker of any shipped language profile, as the parser reads it.

    Geometry cannot see these when the line above happens to end near the margin
    ("...опубликования)." then "Статья 94-2" in the Adilet PDF).

    Only a profile with a pattern that matches the line can read it as more than text, so
    ``classify_line`` asks only those: asking all 22 for each of the Kazakh PDF's 1,100
    lines took 0.2 s, and made ``lines`` join every profile's heading patterns into one.
    """
    cleaned = clean_line(text)
    if not cleaned or cleaned.startswith("#"):  # a blank line, or one with a Markdown heading level
        return any(classify_line(text, profile) is not LineKind.TEXT for profile in _shipped_profiles())
    heading = heading_text(cleaned)  # what heading patterns see; notes and points see the cleaned line
    matchers, profiles = _line_patterns()
    if heading == cleaned:
        hits = {number for number, match in enumerate(matchers) if match(cleaned)}
    else:
        hits = {number for number, match in enumerate(matchers) if match(cleaned) or match(heading)}
    return bool(hits) and any(
        classify_line(text, profile) is not LineKind.TEXT for profile, numbers in profiles if not hits.isdisjoint(numbers)
    )


@lru_cache(maxsize=1)
def _shipped_profiles() -> tuple[Profile, ...]:
    return tuple(load_profile(language) for language in available_languages())


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[tuple[Callable[[str], re.Match[str] | None], ...], tuple[tuple[Profile, frozenset[int]], ...]]:
    """The ``match`` of every pattern that can make a line without a Markdown heading level more
    than text (headings not tied to heading levels, notes, points), once each, and each shipped
    profile with the numbers of its own: a pattern several profiles share is tried once."""
    numbers: dict[str, int] = {}
    matchers: list[Callable[[str], re.Match[str] | None]] = []
    profiles = []
    for profile in _shipped_profiles():
        headings = (*(pattern for rule in profile.divisions for pattern in rule.patterns), *profile.articles)
        own = [heading.pattern for heading in headings if not heading.levels or 0 in heading.levels]
        own += [*profile.notes, *profile.paragraphs]
        for pattern in own:
            if pattern.pattern not in numbers:
                numbers[pattern.pattern] = len(matchers)
                matchers.append(pattern.match)
        profiles.append((profile, frozenset(numbers[pattern.pattern] for pattern in own)))
    return tuple(matchers), tuple(profiles)


# --- joining lines ----------------------------------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    """The document's own words, the evidence for telling a typesetter's hyphen from a real one."""

    words: frozenset[str]

    @classmethod
    def of(cls, texts: Iterable[str]) -> _Vocabulary:
        return cls(frozenset(word.casefold() for text in texts for word in _WORD.findall(text)))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.casefold() in self.words


def _joined(above: str, text: str, vocabulary: _Vocabulary) -> str:
    """Two lines of one paragraph; a word broken at a hyphen is mended."""
    if not _ends_with_break_hyphen(above) or not text[:1].isalnum():
        return f"{above} {text}"
    if _is_typesetting_hyphen(above, text, vocabulary):
        return above[:-1] + text
    return above + text


def _ends_with_break_hyphen(text: str) -> bool:
    return len(text) >= 2 and text[-1] in _HYPHENS and text[-2].isalnum()


def _is_typesetting_hyphen(above: str, head: str, vocabulary: _Vocabulary) -> bool:
    """Hyphenation splits a lower-case word; drop the hyphen only when the document spells the word whole.

    A soft hyphen is always the typesetter's.  "254-III", "13-НП", "3-1", "өзін-өзі" have
    digits, capitals or no unhyphenated twin in the text, so they keep their hyphen.
    """
    if above[-1] == "\u00ad":
        return True
    left = re.search(r"\w+$", above[:-1])
    right = re.match(r"\w+", head)
    if not left or not right:
        return False
    first, second = left.group(), right.group()
    word_halves = first.isalpha() and second.isalpha() and second[:1].islower()
    return word_halves and first + second in vocabulary and f"{first}-{second}" not in vocabulary
