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
from dataclasses import dataclass, field, replace
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
    """One article (or unit numbered like one: a §, a disposición) and its operative text."""

    number: str
    """As written after the heading word: "83-1", "10a", "adicional primera" (ordinal words as digits)."""
    sort_key: tuple[tuple[int, str], ...]
    """``number_sort_key(number)``: the order a reader gives numbers."""
    title: str | None
    """The heading's title ("Freedom of assembly"), when it has one."""
    paragraphs: tuple[Paragraph, ...]
    """Operative text; empty for a repealed article."""
    status: ArticleStatus
    notes: tuple[Note, ...]
    """Editorial notes a database inserted; never compared as text."""
    heading_span: Span
    span: Span
    """Lines of the heading and of everything in the article."""
    domain: str | None = None
    """The numbering series: None for the main one; a second series that starts again at 1
    (transitional provisions, annexes) has its own name, e.g. "transitional"."""

    @property
    def key(self) -> str:
        """The article's identity in its document: its number, prefixed by its numbering domain
        when it is not in the main series ("transitional:1"), so two series never collide."""
        return article_key(self.number, self.domain)

    @property
    def text(self) -> str:
        """Operative text, one paragraph per line; the unit that gets compared."""
        return "\n".join(paragraph.full_text for paragraph in self.paragraphs)

    @property
    def word_count(self) -> int:
        """Words counted by the one rule the measures use (``worddiff.count_words``), so an
        outline and a comparison of the same text agree."""
        from constdiff.worddiff import count_words  # worddiff builds on this module

        return count_words(self.text)


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
class LocatedDivision:
    """A division with its depth (0 = top), its parent and the articles inside it, at any depth.

    ``parent`` is a position in ``Document.located_divisions()``; ``path`` names the divisions
    above it, top first; ``articles`` are ordinals in ``Document.located_articles()`` (the
    articles of a division are consecutive in document order).
    """

    division: Division
    level: int
    parent: int | None
    path: tuple[str, ...]
    articles: range

    @property
    def name(self) -> str:
        """What a path shows for it: its number, else its title, else its kind."""
        return self.division.number or self.division.title or self.division.kind


@dataclass(frozen=True)
class MetadataEntry:
    key: str
    value: str
    span: Span


@dataclass(frozen=True)
class Document:
    """One parsed version: the tree of divisions and articles, and what surrounds it."""

    source: str
    """The path or URL it was read from (``-``: standard input)."""
    language: str
    """The code of the profile that read it ("und": no profile's language)."""
    title: str | None
    title_span: Span | None
    metadata: tuple[MetadataEntry, ...]
    """Front matter and header lines ("ПРОЕКТ", "Adopted by referendum …")."""
    preamble: tuple[Paragraph, ...]
    children: tuple[Node, ...]
    """Top-level divisions and articles, in document order."""
    notes: tuple[Note, ...]
    warnings: tuple[str, ...] = field(default=())
    """What the parser doubts (an implausible reading, duplicate numbers, articles without text)."""
    closing: tuple[Paragraph, ...] = ()
    """After the last article: enacting formula, place and date, signatures, a footnote block.
    Not operative text, so never part of the last article."""

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

    def located_divisions(self) -> tuple[LocatedDivision, ...]:
        """Every division, depth first in document order, as ``divisions()``, with its place in the tree."""
        located: list[LocatedDivision] = []
        ordinal = 0

        def walk(nodes: tuple[Node, ...], parent: int | None, level: int, path: tuple[str, ...]) -> None:
            nonlocal ordinal
            for node in nodes:
                if isinstance(node, Article):
                    ordinal += 1
                    continue
                position, first = len(located), ordinal
                located.append(LocatedDivision(node, level, parent, path, range(first, first)))
                walk(node.children, position, level + 1, path + (located[position].name,))
                located[position] = replace(located[position], articles=range(first, ordinal))

        walk(self.children, None, 0, ())
        return tuple(located)

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


def article_key(number: str, domain: str | None) -> str:
    """``Article.key`` for an article still being built."""
    return number if domain is None else f"{domain}:{number}"


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
    """What became of an article; a small closed set that every reporter dispatches on.

    Each class's meaning lives here (``definition``, ``substantive``, ``changes_text``), read by
    classification, measures, gates and renderers alike.
    """

    UNCHANGED = "unchanged"
    EDITORIAL = "editorial"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    AMENDED = "amended"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REPEALED = "repealed"

    @property
    def definition(self) -> str:
        """One sentence a reader can check the class against (also each measure's definition)."""
        return _ARTICLE_CHANGE_MEANING[self][2]

    @property
    def substantive(self) -> bool:
        """The law itself changed: wording amended, text divided or combined, an article repealed or added."""
        return _ARTICLE_CHANGE_MEANING[self][0]

    @property
    def changes_text(self) -> bool:
        """The words changed at all (editorial changes included; a new number or place alone is not)."""
        return _ARTICLE_CHANGE_MEANING[self][1]


_ARTICLE_CHANGE_MEANING: dict[ArticleChange, tuple[bool, bool, str]] = {
    ArticleChange.UNCHANGED: (False, False, "Old articles with identical text, number and place."),
    ArticleChange.EDITORIAL: (
        False,
        True,
        "Old articles whose text differs only in punctuation, case, letter forms, footnote markers or renumbered references.",
    ),
    ArticleChange.RENUMBERED: (
        False,
        False,
        "Old articles with identical or editorially equal text that keep their place in the order under a new number "
        "(something was inserted or repealed before them).",
    ),
    ArticleChange.MOVED: (
        False,
        False,
        "Old articles with identical or editorially equal text relocated: out of the order of their neighbours, "
        "or into another division.",
    ),
    ArticleChange.AMENDED: (True, True, "Old articles whose wording changed in substance (one old article to one new)."),
    ArticleChange.SPLIT: (True, True, "Old articles whose text was divided among several new articles."),
    ArticleChange.MERGED: (True, True, "Old articles combined with others into one new article."),
    ArticleChange.ADDED: (
        True,
        True,
        "New articles with no counterpart in the old version, or enacted under a number the old version kept as a placeholder.",
    ),
    ArticleChange.REPEALED: (
        True,
        True,
        "Old articles in force with no counterpart in the new version, or reduced there to a placeholder.",
    ),
}


class SectionChange(str, Enum):
    UNCHANGED = "unchanged"
    RENUMBERED = "renumbered"
    RENAMED = "renamed"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"


class SectionLinkKind(str, Enum):
    """How the division aligner relates divisions; classification names a ``PAIR`` unchanged, renamed or renumbered."""

    PAIR = "pair"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class SectionLink:
    """Old and new divisions (positions in ``Document.located_divisions()``) that correspond.

    ``SPLIT`` links a new division to the paired old one most of its articles came from,
    ``MERGED`` an old division to the paired new one most of its articles went to.
    """

    old: tuple[int, ...]
    new: tuple[int, ...]
    kind: SectionLinkKind
    title_similarity: float
    shared_articles: int


@dataclass(frozen=True)
class ArticleRef:
    """Where an article stands in its version: number as written and its top-level division."""

    number: str
    section: str | None
    ordinal: int
    domain: str | None = None
    """Its numbering domain when not the main series (a second series restarting at 1)."""

    @property
    def key(self) -> str:
        """The number as reports show it: prefixed by its domain outside the main series."""
        return article_key(self.number, self.domain)


PLACEHOLDER_IN_BOTH = "placeholder"
"""``LinkEvidence.method`` of a number kept as a placeholder in both versions."""


@dataclass(frozen=True)
class LinkEvidence:
    """The evidence that decided an article link, component by component (JSON shows it)."""

    method: str
    """How the link was made: "user map", "placeholder" (in both versions), "reduced to a placeholder",
    "enacted again" (a placeholder's number given text), "same text", "content", "content in place",
    "number and place", "split" or "merge"."""
    content: float
    """Cosine similarity of the two articles' TF-IDF word-stem vectors (0 to 1)."""
    same_number: bool
    """Both articles carry the same number (in the same numbering domain)."""
    number_follows: bool
    """The new number is the old one shifted as its neighbours were renumbered (same number included)."""
    in_order: bool
    """The link belongs to the monotone alignment of both article sequences (not relocated)."""
    share: float | None = None
    """Splits and merges: share of the extra part's words that came from (went to) the other side."""


@dataclass(frozen=True)
class ArticleLink:
    """Positions in the old and new located-article sequences that correspond, and why."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    score: float
    reason: str
    evidence: LinkEvidence | None = None


@dataclass(frozen=True)
class ForcedPair:
    """A correspondence the user fixed in a mapping file; the aligner does not second-guess it."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    source: str = "--map"
    """Where the pair was written ("pairs[2] in map.yaml"), for the message when it names no article."""


class ParagraphChange(str, Enum):
    """What became of one paragraph inside an aligned article pair (the redline's unit)."""

    KEPT = "kept"
    """Identical (or editorially equal) text under the same marker."""
    RENUMBERED = "renumbered"
    """Identical (or editorially equal) text under a new marker: "4." kept word for word as "5."."""
    MOVED = "moved"
    """Identical or editorially equal text in another place: out of order within the pair, or
    (``ParagraphPair.elsewhere`` set) to or from another article."""
    AMENDED = "amended"
    INSERTED = "inserted"
    DELETED = "deleted"


@dataclass(frozen=True)
class ParagraphPair:
    """One paragraph correspondence inside an article pair, with its own word diff.

    ``old_article``/``new_article`` name the member article (``ArticleRef.key``) the paragraph
    belongs to on each side, so a split or merge shows which part came from where.
    """

    change: ParagraphChange
    old_article: str | None
    new_article: str | None
    old_number: str | None
    """The paragraph's number as written ("4", "3-1"); None for an unnumbered or absent one."""
    new_number: str | None
    diff: WordDiff
    """Word diff of the two paragraphs' texts, their markers left out (one side empty when inserted
    or deleted), so a paragraph kept word for word under a new number diffs all equal."""
    elsewhere: str | None = None
    """For a paragraph moved to (or from) another article: that article's key on the other side."""
    old_marker: str = ""
    """The marker as written ("4.", "2)"; empty for an unnumbered or absent paragraph)."""
    new_marker: str = ""


@dataclass(frozen=True)
class ArticlePair:
    """One correspondence between old and new articles (1:1, 1:n split, n:1 merge, or one side empty)."""

    old: tuple[ArticleRef, ...]
    """The old member articles (empty: added)."""
    new: tuple[ArticleRef, ...]
    """The new member articles (empty: repealed)."""
    change: ArticleChange
    similarity: float
    """Share of words kept: 2 × equal words / (old words + new words)."""
    reason: str
    """One sentence: why the articles were paired and classified so."""
    diff: WordDiff | None
    """The word diff of the members' joined texts."""
    words_deleted: int
    words_inserted: int
    renumbered: bool
    """The number changed (whatever the class: an amended article can be renumbered too)."""
    moved_section: bool
    """The article now stands in a division that does not correspond to its old one."""
    old_words: int = 0
    new_words: int = 0
    part_starts: tuple[PartStart, ...] = ()
    """Where each further member of a split or merge begins in its side's joined text."""
    moved: bool = False
    """Relocated: out of the order of its neighbours, or into another division."""
    evidence: LinkEvidence | None = None
    """The aligner's evidence, component by component (None for an unpaired article)."""
    paragraphs: tuple[ParagraphPair, ...] = ()
    """Paragraphs aligned first, then diffed word by word, in reading order (new order; a deleted
    paragraph where it stood)."""

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
    def counted(self) -> bool:
        """Whether figures count the pair: not an article repealed before the old version, nor a
        placeholder kept in both versions ("(repealed)" under the same number): neither is an
        article in force, so neither is unchanged, repealed or anything else now."""
        placeholder_in_both = self.evidence is not None and self.evidence.method == PLACEHOLDER_IN_BOTH
        return not (self.already_repealed or placeholder_in_both)

    @property
    def text_changed(self) -> bool:
        return self.diff is not None and any(op.tag is not DiffTag.EQUAL for op in self.diff.ops)

    @property
    def old_numbers(self) -> tuple[str, ...]:
        """Old article numbers (``ArticleRef.key``: domain-prefixed outside the main series)."""
        return tuple(ref.key for ref in self.old)

    @property
    def new_numbers(self) -> tuple[str, ...]:
        return tuple(ref.key for ref in self.new)


def _op_covers(op: DiffOp, start: PartStart) -> bool:
    """An old member starts inside an op that shows old text (equal, delete); a new one in equal or insert."""
    if start.side == "old":
        return op.tag is not DiffTag.INSERT and op.old_start <= start.token < op.old_end
    return op.tag is not DiffTag.DELETE and op.new_start <= start.token < op.new_end


@dataclass(frozen=True)
class SectionRef:
    """A division as the section map shows it: ``ordinal`` is its position in
    ``Document.located_divisions()``, ``level`` its depth (0 = top), ``path`` the divisions above it."""

    number: str | None
    title: str | None
    ordinal: int
    kind: str
    level: int
    path: tuple[str, ...]


@dataclass(frozen=True)
class SectionContent:
    """What became of the articles a division correspondence holds, apart from its heading.

    Counted in articles of the new side (the old side for repealed and moved-out ones); an
    article of a split or merge counts in every division its parts touch.
    """

    articles: int = 0
    """Articles on either side that the correspondence touches."""
    unchanged: int = 0
    """Text identical or editorially equal, still in this division (renumbered included)."""
    amended: int = 0
    """Wording changed in substance (amended, or part of a split or merge)."""
    moved_in: int = 0
    moved_out: int = 0
    added: int = 0
    repealed: int = 0


@dataclass(frozen=True)
class SectionPair:
    """One correspondence of the section map; the figures total the article pairs that
    touch its divisions (an article in a sub-division counts for every division above it)."""

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
    content: SectionContent = SectionContent()
    """The articles inside, by what became of them; ``change`` is the heading's status."""

    @property
    def place(self) -> SectionRef:
        """The side a report shows it under: the new one, or the old one for a removed division."""
        return (self.new or self.old)[0]

    @property
    def label(self) -> str:
        """The change as a reader names it: below the top level an addition is an "added sub-division"."""
        if self.place.level and self.change in (SectionChange.ADDED, SectionChange.REMOVED):
            return f"{self.change.value} sub-division"
        return self.change.value


@dataclass(frozen=True)
class Measure:
    """A figure with its written definition, so readers know which "percent changed" they get."""

    key: str
    label: str
    value: float
    unit: str
    definition: str
    numerator: float | None = None
    """For a share: the count on top (``value`` = 100 × numerator / denominator)."""
    denominator: float | None = None
    """For a share: the count it is a share of."""

    @property
    def formatted(self) -> str:
        """"12.3%", "1,024"; a share above nothing that would round to "0.0%" is "<0.1%", so a
        change is never reported as none."""
        if self.unit != "percent":
            return f"{self.value:,.0f}"
        return "<0.1%" if 0 < self.value < 0.05 else f"{self.value:.1f}%"


@dataclass(frozen=True)
class Reference:
    """One internal cross-reference as written ("пунктом 3 статьи 44", "Art. 93 Abs. 1 Nr. 4a"):
    where it stands and what it cites.  A list cites one article per number written ("Articles
    5, 7 and 9" is three references); a range of articles is one ("Articles 12 to 15"), a range
    of paragraphs its two ends."""

    source: str
    """The citing article's number."""
    paragraph_index: int
    """Which of the citing article's paragraphs holds it (an index into ``Article.paragraphs``)."""
    start: int
    end: int
    """The citation's characters in that paragraph's ``text``."""
    text: str
    """The whole citation as written, all its numbers."""
    article: str
    """The cited article's number (the citing article's own for "this Article"), as written
    with look-alike letters folded, in lower case; the first of a range."""
    through: str | None = None
    """The last article of a range ("Articles 12 to 15": 15); None for one article."""
    paragraph: str | None = None
    item: str | None = None
    """The cited paragraph and item, as written; None when the reference names none."""
    relative: bool = False
    """Written relative to where it stands ("this Article", "the preceding paragraph")."""
    source_domain: str | None = None
    """The citing article's series (``Article.domain``); references cite the main series."""
    source_paragraph: str | None = None
    """The citing paragraph's number, where it has one."""

    @property
    def target(self) -> str:
        """The cited provision as a reader writes it: "44", "44(3)", "44(3)(b)", "12–15"."""
        if self.through is not None:
            return f"{self.article}–{self.through}"
        return self.article + "".join(f"({part})" for part in (self.paragraph, self.item) if part is not None)


class ReferenceCheck(str, Enum):
    """What a reference in the new version (or the one version read) was found to do; each
    check's meaning lives here, read by the checks, the gates and every renderer."""

    RESOLVED = "resolved"
    UPDATED = "updated"
    STALE = "stale"
    RETARGETED = "retargeted"
    REPEALED_TARGET = "repealed-target"
    DANGLING = "dangling"

    @property
    def definition(self) -> str:
        """One sentence a reader can check the finding against."""
        return _REFERENCE_CHECK_MEANING[self][1]

    @property
    def problem(self) -> bool:
        """A drafter should look at it: a consequential amendment missed or a reference that cannot resolve."""
        return _REFERENCE_CHECK_MEANING[self][0]

    @property
    def needs_old_version(self) -> bool:
        """Only a comparison can find it: one version read alone is resolved, dangling or repealed-target."""
        return self in (ReferenceCheck.UPDATED, ReferenceCheck.STALE, ReferenceCheck.RETARGETED)


_REFERENCE_CHECK_MEANING: dict[ReferenceCheck, tuple[bool, str]] = {
    ReferenceCheck.RESOLVED: (False, "The cited article (and paragraph) exists, and it is the provision the old version cited, or the reference is new."),
    ReferenceCheck.UPDATED: (False, "The number was changed exactly as the cited article was renumbered."),
    ReferenceCheck.STALE: (
        True,
        "The old version cited the same number, the cited article was renumbered, and the new text still uses the old number: it now points at a different provision or at nothing.",
    ),
    ReferenceCheck.RETARGETED: (False, "The reference now cites a different provision than the old version did, both numbers valid: a deliberate change of target."),
    ReferenceCheck.REPEALED_TARGET: (True, "The cited article is repealed (a stub in this version, or repealed since the old version)."),
    ReferenceCheck.DANGLING: (True, "No article, or no paragraph in that article, has the cited number."),
}


@dataclass(frozen=True)
class ReferenceFinding:
    """One reference checked, with the evidence a reader needs to confirm it."""

    check: ReferenceCheck
    reference: Reference
    """The reference in the new version (or in the one version read)."""
    reason: str
    """One sentence: why this check, in terms of the numbers and articles involved."""
    old_reference: Reference | None = None
    """The same reference in the old version, where one was found."""
    expected: str | None = None
    """For a stale reference, the number the cited provision has now."""


@dataclass(frozen=True)
class ReferenceReport:
    """Every internal reference of a version checked: per reference a finding, in reading order."""

    findings: tuple[ReferenceFinding, ...]
    external: int = 0
    """Citations of another act's articles ("Article 5 of the Law on ..."): found, not checked."""

    def count(self, check: ReferenceCheck) -> int:
        return sum(1 for finding in self.findings if finding.check is check)

    @property
    def problems(self) -> tuple[ReferenceFinding, ...]:
        return tuple(finding for finding in self.findings if finding.check.problem)


@dataclass(frozen=True)
class Comparison:
    """Two versions compared: what ``constdiff.compare`` returns and every report renders."""

    old: Document
    new: Document
    articles: tuple[ArticlePair, ...]
    """Every old and every new article in exactly one pair, in the new version's reading order."""
    sections: tuple[SectionPair, ...]
    """The division map at every level, depth first."""
    preamble: ArticlePair | None
    measures: tuple[Measure, ...]
    """The figures, each with its written definition."""
    warnings: tuple[str, ...] = ()
    """Both documents' warnings, prefixed by their source, and the comparison's own."""
    preamble_not_found: tuple[str, ...] = ()
    """Sources in which no preamble was found while the other version has one: the preamble
    is then not compared (missing input is not proof of a repeal)."""
    references: ReferenceReport | None = None
    """The new version's cross-references checked against the renumbering (``compare(...,
    references=True)``, ``diff --refs``); None when not asked for."""

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
        """The measure with this key; ``KeyError`` naming the known keys if there is none."""
        for found in self.measures:
            if found.key == key:
                return found
        raise KeyError(f"no measure {key!r} (known: {', '.join(m.key for m in self.measures)})")


@dataclass(frozen=True)
class Commit:
    """The git commit a version of a history was read from (``constdiff history --git``)."""

    revision: str
    """The full commit id."""
    short: str
    """Git's abbreviation of it (``3f2a9c1``)."""
    date: str
    """The commit date, YYYY-MM-DD (the date ``--since`` and ``--until`` select by)."""
    subject: str
    """The first line of the commit message."""
    path: str
    """The file's path in that commit, from the repository's root (it may have been renamed since)."""


@dataclass(frozen=True)
class Version:
    """One version of a history, in the order given: parsed, or a gap that stops nothing."""

    label: str
    source: str
    document: Document | None
    """The parsed version; None for a gap."""
    error: str | None = None
    """Why the version could not be read (a gap): the one-line error the CLI would print."""
    commit: Commit | None = None
    """The commit it was read from, for a version from git."""

    @property
    def parsed(self) -> bool:
        return self.document is not None


@dataclass(frozen=True)
class Lineage:
    """One article followed across versions, through renumbering, and ended or begun by a split,
    a merge, an addition or a repeal.  Indexes count versions (gaps included)."""

    id: str
    """Stable within one history: "L1", "L2", ... in order of first appearance."""
    numbers: tuple[str | None, ...]
    """The article's number in each version; None where absent (or a gap)."""
    changes: tuple[ArticleChange | None, ...]
    """Per version, the class of the step into it that touched this lineage (including the step
    that ended it); None for its first version, a gap, or a version it is not in."""
    first: int
    last: int
    renumbered_in: tuple[int, ...] = ()
    moved_in: tuple[int, ...] = ()
    came_from: tuple[str, ...] = ()
    """Lineages it was split from or merged out of."""
    went_to: tuple[str, ...] = ()
    """Where it went when it ended: the lineages it was split or merged into.  A split or merge
    goes on in the article that keeps the old number (else the first), which does not end: the
    parts split off it name it in their ``came_from``."""
    pairs: tuple[ArticlePair | None, ...] = field(default=(), repr=False, compare=False)
    """Per version, the pair of the step into it that ``changes`` classes (the one this lineage
    went through, even where a version holds its number twice); None where ``changes`` is."""

    @property
    def amended_in(self) -> tuple[int, ...]:
        return tuple(index for index, change in enumerate(self.changes) if change is ArticleChange.AMENDED)

    @property
    def latest_number(self) -> str:
        """The number it last had: what a reader looks it up by."""
        return next(number for number in reversed(self.numbers) if number is not None)


@dataclass(frozen=True)
class History:
    """Many versions compared in order: what ``constdiff.history`` returns."""

    versions: tuple[Version, ...]
    comparisons: tuple[Comparison | None, ...]
    """Per version, the comparison that led into it from the previous parsed version; None for
    the first parsed version and for a gap (the chain continues across it)."""
    lineages: tuple[Lineage, ...]
