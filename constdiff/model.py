"""The data model: frozen dataclasses shared by every stage of the pipeline.

One module holds the whole vocabulary so that the parser, the aligner, the
differ and the reporters agree on it.  Nodes never point to their parents;
walking from the root (``Document.located_articles``) gives the context.

>>> span = Span(3, 4)
>>> Paragraph(number="1", marker="1.", text="Power belongs to the people.", span=span).full_text
'1. Power belongs to the people.'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator, Union


@dataclass(frozen=True, order=True)
class Span:
    """Inclusive 1-based line range in the loaded text, so reports can point at the input."""

    first: int
    last: int

    def __str__(self) -> str:
        return f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True)
class Note:
    """Editorial material (footnotes, database notes) kept apart from the operative text."""

    marker: str
    text: str
    span: Span


@dataclass(frozen=True)
class Paragraph:
    """A numbered point ("1.", "3-1."), an item ("2)") or an unnumbered paragraph."""

    number: str | None
    marker: str
    text: str
    span: Span

    @property
    def full_text(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


class ArticleStatus(str, Enum):
    IN_FORCE = "in-force"
    REPEALED = "repealed"


@dataclass(frozen=True)
class Article:
    number: str
    sort_key: tuple[tuple[int, str], ...]
    title: str | None
    paragraphs: tuple[Paragraph, ...]
    status: ArticleStatus
    notes: tuple[Note, ...]
    heading_span: Span
    span: Span

    @property
    def text(self) -> str:
        """Operative text, one paragraph per line; the unit that gets compared."""
        return "\n".join(paragraph.full_text for paragraph in self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(paragraph.full_text.split()) for paragraph in self.paragraphs)


@dataclass(frozen=True)
class Division:
    """A part, section, chapter... Children keep document order; ``paragraphs`` is text before its first child."""

    kind: str
    number: str | None
    title: str | None
    children: tuple[Node, ...]
    paragraphs: tuple[Paragraph, ...]
    notes: tuple[Note, ...]
    heading_span: Span
    span: Span

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.kind.capitalize(), self.number) if part)

    def articles(self) -> Iterator[Article]:
        for child in self.children:
            if isinstance(child, Article):
                yield child
            else:
                yield from child.articles()


Node = Union[Division, Article]


@dataclass(frozen=True)
class LocatedArticle:
    """An article with the chain of divisions above it and its position in the document."""

    article: Article
    divisions: tuple[Division, ...]
    ordinal: int

    @property
    def top_division(self) -> Division | None:
        return self.divisions[0] if self.divisions else None


@dataclass(frozen=True)
class MetadataEntry:
    key: str
    value: str
    span: Span


@dataclass(frozen=True)
class Document:
    source: str
    language: str
    title: str | None
    title_span: Span | None
    metadata: tuple[MetadataEntry, ...]
    preamble: tuple[Paragraph, ...]
    children: tuple[Node, ...]
    notes: tuple[Note, ...]
    warnings: tuple[str, ...] = field(default=())

    def located_articles(self) -> tuple[LocatedArticle, ...]:
        located: list[LocatedArticle] = []

        def walk(nodes: tuple[Node, ...], path: tuple[Division, ...]) -> None:
            for node in nodes:
                if isinstance(node, Article):
                    located.append(LocatedArticle(node, path, len(located)))
                else:
                    walk(node.children, path + (node,))

        walk(self.children, ())
        return tuple(located)

    def articles(self) -> tuple[Article, ...]:
        return tuple(item.article for item in self.located_articles())

    def divisions(self) -> tuple[Division, ...]:
        """Every division, depth first, in document order."""
        found: list[Division] = []

        def walk(nodes: tuple[Node, ...]) -> None:
            for node in nodes:
                if isinstance(node, Division):
                    found.append(node)
                    walk(node.children)

        walk(self.children)
        return tuple(found)

    def top_divisions(self) -> tuple[Division, ...]:
        return tuple(node for node in self.children if isinstance(node, Division))

    def counts(self) -> dict[str, int]:
        """The figures an outline shows: divisions, articles, repealed, paragraphs, notes, words."""
        articles = self.articles()
        divisions = self.divisions()
        return {
            "divisions": len(divisions),
            "articles": len(articles),
            "repealed": sum(article.status is ArticleStatus.REPEALED for article in articles),
            "paragraphs": sum(len(article.paragraphs) for article in articles),
            "notes": sum(len(article.notes) for article in articles)
            + sum(len(division.notes) for division in divisions)
            + len(self.notes),
            "words": sum(article.word_count for article in articles),
        }

    @property
    def preamble_text(self) -> str:
        return "\n".join(paragraph.full_text for paragraph in self.preamble)


_NUMBER_PART = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


def number_sort_key(number: str) -> tuple[tuple[int, str], ...]:
    """Order article numbers as a reader does: digits numerically, letter suffixes after the bare number.

    >>> sorted(["10", "3-1", "3", "1bis", "94-2", "94-1"], key=number_sort_key)
    ['1bis', '3', '3-1', '10', '94-1', '94-2']
    """
    return tuple(
        (int(part), "") if part.isdecimal() else (-1, part.lower()) for part in _NUMBER_PART.findall(number)
    ) or ((0, number),)


# --- Comparison --------------------------------------------------------------


REDLINE_CHOICES = ("changed", "all", "none")


class DiffTag(str, Enum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True)
class DiffOp:
    """One run of a word diff, as token index ranges into both sides (difflib opcode style)."""

    tag: DiffTag
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class WordDiff:
    """Tokens of both texts plus the ops that rebuild either of them exactly."""

    old_tokens: tuple[str, ...]
    new_tokens: tuple[str, ...]
    ops: tuple[DiffOp, ...]

    def old_text(self) -> str:
        return "".join(self.old_tokens)

    def segments(self) -> Iterator[tuple[DiffTag, str]]:
        """(tag, text) runs in reading order: what every redline renderer draws."""
        for op in self.ops:
            tokens = self.new_tokens[op.new_start : op.new_end] if op.tag is DiffTag.INSERT else self.old_tokens[op.old_start : op.old_end]
            yield op.tag, "".join(tokens)

    def new_text(self) -> str:
        return "".join(self.new_tokens)


@dataclass(frozen=True)
class PartStart:
    """Where a member article of a split or merge begins in the joined text of its side."""

    side: str  # "old" or "new"
    article: str
    token: int  # index into that side's tokens
    offset: int  # character offset in that side's joined text


@dataclass(frozen=True)
class WordCounts:
    """Words (not whitespace or punctuation) of both texts of a diff, and how many changed."""

    old: int
    new: int
    deleted: int
    inserted: int


class ArticleChange(str, Enum):
    """What became of an article; a small closed set that every reporter dispatches on."""

    UNCHANGED = "unchanged"
    EDITORIAL = "editorial"
    MOVED = "moved"
    AMENDED = "amended"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REPEALED = "repealed"


class SectionChange(str, Enum):
    UNCHANGED = "unchanged"
    RENUMBERED = "renumbered"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class ArticleRef:
    """Where an article stands in its version: number as written and its top-level division."""

    number: str
    section: str | None
    ordinal: int


@dataclass(frozen=True)
class ArticlePair:
    """One correspondence between old and new articles (1:1, 1:n split, n:1 merge, or one side empty)."""

    old: tuple[ArticleRef, ...]
    new: tuple[ArticleRef, ...]
    change: ArticleChange
    similarity: float
    reason: str
    diff: WordDiff | None
    words_deleted: int
    words_inserted: int
    renumbered: bool
    moved_section: bool
    old_words: int = 0
    new_words: int = 0
    part_starts: tuple[PartStart, ...] = ()

    def redline(self) -> Iterator[tuple[DiffTag, str] | PartStart]:
        """The diff's runs in reading order, with a ``PartStart`` where each further member
        of a split or merge begins, so a reader sees which text went to which article."""
        if self.diff is None:
            return
        diff = self.diff
        for op in diff.ops:
            cuts = sorted(
                (start.token - (op.old_start if start.side == "old" else op.new_start), start.side == "new", start)
                for start in self.part_starts
                if _op_covers(op, start)
            )
            tokens = diff.new_tokens[op.new_start : op.new_end] if op.tag is DiffTag.INSERT else diff.old_tokens[op.old_start : op.old_end]
            done = 0
            for offset, _, start in cuts:
                if offset > done:
                    yield op.tag, "".join(tokens[done:offset])
                yield start
                done = offset
            if done < len(tokens):
                yield op.tag, "".join(tokens[done:])

    @property
    def already_repealed(self) -> bool:
        """Repealed before the old version was published: no words, nothing changed now."""
        return self.change is ArticleChange.REPEALED and not (self.diff and self.diff.old_tokens)

    @property
    def text_changed(self) -> bool:
        return self.diff is not None and any(op.tag is not DiffTag.EQUAL for op in self.diff.ops)

    @property
    def old_numbers(self) -> tuple[str, ...]:
        return tuple(ref.number for ref in self.old)

    @property
    def new_numbers(self) -> tuple[str, ...]:
        return tuple(ref.number for ref in self.new)


def _op_covers(op: DiffOp, start: PartStart) -> bool:
    """An old member starts inside an op that shows old text (equal, delete); a new one in equal or insert."""
    if start.side == "old":
        return op.tag is not DiffTag.INSERT and op.old_start <= start.token < op.old_end
    return op.tag is not DiffTag.DELETE and op.new_start <= start.token < op.new_end


@dataclass(frozen=True)
class SectionRef:
    number: str | None
    title: str | None
    ordinal: int


@dataclass(frozen=True)
class SectionPair:
    old: tuple[SectionRef, ...]
    new: tuple[SectionRef, ...]
    change: SectionChange
    title_similarity: float
    shared_articles: int
    reason: str
    old_words: int = 0
    words_deleted: int = 0
    words_inserted: int = 0
    articles_changed: int = 0


@dataclass(frozen=True)
class Measure:
    """A figure with its written definition, so readers know which "percent changed" they get."""

    key: str
    label: str
    value: float
    unit: str
    definition: str

    @property
    def formatted(self) -> str:
        return f"{self.value:.1f}%" if self.unit == "percent" else f"{self.value:,.0f}"


@dataclass(frozen=True)
class Comparison:
    old: Document
    new: Document
    articles: tuple[ArticlePair, ...]
    sections: tuple[SectionPair, ...]
    preamble: ArticlePair | None
    measures: tuple[Measure, ...]
    warnings: tuple[str, ...] = ()

    @property
    def has_differences(self) -> bool:
        pairs = (*self.articles, *([self.preamble] if self.preamble else []))
        return any(pair.change is not ArticleChange.UNCHANGED for pair in pairs) or any(
            section.change is not SectionChange.UNCHANGED for section in self.sections
        )

    def redline_pairs(self, show: str) -> tuple[ArticlePair, ...]:
        """The pairs a report draws redlines for: ``all``, ``changed`` (text differs) or ``none``."""
        if show == "none":
            return ()
        pairs = (*([self.preamble] if self.preamble else []), *self.articles)
        return pairs if show == "all" else tuple(pair for pair in pairs if pair.text_changed)

    def measure(self, key: str) -> Measure:
        return next(measure for measure in self.measures if measure.key == key)
