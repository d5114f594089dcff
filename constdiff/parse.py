"""Text + profile → Document.

The parser works line by line in three passes: every line is classified
(``constdiff.lines``: heading, numbered paragraph, note, plain text, blank), consecutive lines are
grouped into blocks, and blocks are placed into the tree.  Every non-blank
input line ends up in exactly one node's span, which the property tests check.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import yaml

from constdiff.closing import closing_start
from constdiff.domains import DomainTracker
from constdiff.errors import StructureError
from constdiff.lines import (
    MARKER_CHARS_MAX,
    Line,
    LineKind,
    clean_line,
    collapse_whitespace,
    heading_text,
    is_marker_alone,
    match_heading,
    paragraph_line,
    read_line,
    read_lines,
    remove_format_characters,
    split_heading,
)
from constdiff.plausibility import neutral_profile, reviewed
from constdiff.model import (
    Article,
    ArticleStatus,
    Division,
    Document,
    MetadataEntry,
    Node,
    Note,
    Paragraph,
    Span,
    article_key,
    number_sort_key,
)
from constdiff.profiles import (
    Profile,
    available_languages,
    fold_lookalikes,
    language_words,
    load_profile,
)

_COPYRIGHT_SIGN = "©"
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = tuple(".;:!?»\"”)")
_NOT_CONTINUED = (LineKind.BLANK, LineKind.DIVISION, LineKind.ARTICLE)  # a line after these starts anew
_TITLE_LINES_MAX = 3
_TITLE_CHARS_MAX = 200
_LANGUAGE_WORDS_MIN_SHARE = 0.05  # a profile's common words make a fifth to a third of a text in its language
_DETECT_LINES = 5000  # non-blank lines read to choose a profile: enough evidence, and O(1) in the document's size


def parse_text(text: str, *, source: str = "<text>", profile: Profile | None = None, review: bool = True) -> Document:
    """Parse one version; with no profile, the one that explains the text best is chosen.

    With ``review`` the tree is judged against the text, and when it explains little of it
    another reading that explains it far better is used (``constdiff.plausibility``); the
    warnings say so.  Without, the profile's own reading is returned as it is.

    Invisible format characters are removed first, as every loader does (``normalise_text``),
    so a string from elsewhere reads the same: a BOM before front matter, a direction mark
    before an indented line.

    >>> doc = parse_text("Article 1\\n1. All power belongs to the people.\\n", profile=load_profile("en"))
    >>> [(a.number, a.paragraphs[0].number) for a in doc.articles()]
    [('1', '1')]
    """
    raw_lines = remove_format_characters(text)[0].split("\n")
    metadata, body_start = _yaml_front_matter(raw_lines, source)
    cleaned = _clean_lines(raw_lines)

    def read(chosen: Profile, last_line: int | None = None) -> Document:
        end = len(raw_lines) if last_line is None else min(len(raw_lines), last_line)
        lines = _read_lines(body_start + 1, raw_lines[body_start:end], cleaned[body_start:end], chosen)
        if not any(line.kind is LineKind.ARTICLE for line in lines):
            raise StructureError(source, f"no article headings found with the {chosen.name} profile ({chosen.source})")
        return _TreeBuilder(chosen, source, metadata).build(lines, hard_wrapped=_is_hard_wrapped(lines))

    chosen, document, failure = profile, None, None
    try:
        chosen = profile or detect_profile(cleaned[body_start:], source)
        document = read(chosen)
    except StructureError as error:
        if not review:
            raise
        failure = error
    if not review:
        return document  # type: ignore[return-value]
    fallback = chosen or _profile_by_words(cleaned[body_start:])
    return reviewed(document, failure, [*[""] * body_start, *cleaned[body_start:]], chosen, fallback, read)


def detect_profile(lines: list[str], source: str) -> Profile:
    """Pick the shipped profile that explains the text best (``lines`` already cleaned).

    A profile must recognise some headings.  Profiles that find article headings
    beat those that do not; among them the language of the words decides (the
    same "Art. 5" heading is English or German), then the number of headings.
    """
    sample = list(itertools.islice(filter(None, lines), _DETECT_LINES))
    headings = _Replayed(heading for heading in map(split_heading, sample) if heading[0])
    evidence = _word_evidence(sample)
    scored = []
    # Most words first: the first profile that finds articles wins against all with less
    # evidence, so usually only one profile is compiled, and its headings are read up to the
    # first article heading; only profiles with equal evidence compete on their counts.
    for _, same_evidence in itertools.groupby(sorted(evidence, key=lambda language: -evidence[language]), key=evidence.get):
        group = list(same_evidence)
        for language in group:
            profile = load_profile(language)
            articles, divisions = _heading_counts(headings, profile, first_article_decides=len(group) == 1)
            if articles or divisions:
                scored.append(((articles > 0, evidence[language], articles, divisions), profile))
        if any(key[0] for key, _ in scored):
            break
    if not scored:
        tried = ", ".join(available_languages())
        raise StructureError(source, f"no article or section headings recognised (profiles tried: {tried})")
    return max(scored, key=lambda item: item[0])[1]


class _Replayed(Iterable[tuple[str, int]]):
    """An iterator's items, read from it only as far as the furthest reader went: the first
    profile tried usually needs a text's first headings alone."""

    def __init__(self, items: Iterator[tuple[str, int]]) -> None:
        self._items = items
        self._read: list[tuple[str, int]] = []

    def __iter__(self) -> Iterator[tuple[str, int]]:
        yield from self._read
        for item in self._items:
            self._read.append(item)
            yield item


@dataclass
class _Reuse:
    """What the documents read inside ``reusing_lines`` share, by line as written."""

    cleaned: dict[str, str] = field(default_factory=dict)
    lines: dict[int, tuple[Profile, dict[str, Line]]] = field(default_factory=dict)  # by id(profile)
    words: dict[frozenset[str], dict[str, tuple[str, ...]]] = field(default_factory=dict)  # by the words kept


_REUSE: ContextVar[_Reuse | None] = ContextVar("constdiff_line_reuse", default=None)


@contextmanager
def reusing_lines() -> Iterator[None]:
    """Inside the block, a line that several documents have is cleaned, read with a profile and
    weighed for language detection once: the versions of one history share most of their lines."""
    token = _REUSE.set(_Reuse())
    try:
        yield
    finally:
        _REUSE.reset(token)


def _clean_lines(raw_lines: list[str]) -> list[str]:
    """``clean_line`` of lines whose format characters ``parse_text`` removed already."""
    reuse = _REUSE.get()
    if reuse is None:
        # collapse_whitespace without a call per line; a line already clean is kept, not held twice
        return [raw if raw == cleaned else cleaned for raw, cleaned in zip(raw_lines, map(" ".join, map(str.split, raw_lines)))]
    known = reuse.cleaned
    return [known[raw] if raw in known else known.setdefault(raw, collapse_whitespace(raw)) for raw in raw_lines]


def _read_lines(first: int, raw_lines: list[str], cleaned: list[str], profile: Profile) -> list[Line]:
    """``read_line`` of each line, numbered from ``first``; inside ``reusing_lines`` a line read
    before with the same profile is a copy of that reading under its own number."""
    reuse = _REUSE.get()
    if reuse is None:
        return read_lines(first, raw_lines, cleaned, profile)
    entry = reuse.lines.get(id(profile))
    if entry is None or entry[0] is not profile:  # the profile is kept so that its id is not another's
        entry = reuse.lines[id(profile)] = (profile, {})
    known = entry[1]
    lines = []
    for number, raw, clean in zip(itertools.count(first), raw_lines, cleaned):
        line = known.get(raw) or known.setdefault(raw, read_line(number, raw, clean, profile))
        lines.append(Line(number, line.text, line.indented, line.kind, line.groups, line.rank, line.division_kind, line.level, line.tail))
    return lines


def _word_evidence(sample: list[str]) -> dict[str, int]:
    """How often each profile's common words occur in the sample.  Counted line by line inside
    ``reusing_lines`` (the same sum: folding and lower-casing go letter by letter, and no
    word spans the space that joins two lines)."""
    by_language = language_words()
    reuse = _REUSE.get()
    if reuse is None:
        words = Counter(_WORD.findall(fold_lookalikes(" ".join(sample)).lower()))
    else:
        every = frozenset().union(*by_language.values())  # a line's words kept: those of any language
        known = reuse.words.setdefault(every, {})
        words = Counter(itertools.chain.from_iterable(known[line] if line in known else _common_words(line, every, known) for line in sample))
    return {language: sum(map(words.get, common & words.keys())) for language, common in by_language.items()}


def _common_words(line: str, every: frozenset[str], known: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    known[line] = tuple(filter(every.__contains__, _WORD.findall(fold_lookalikes(line).lower())))
    return known[line]


def _profile_by_words(lines: list[str]) -> Profile:
    """The profile of the language the text is written in, whatever its headings; when no
    profile's words are common in it, one of every profile's paragraph and note patterns
    under the language code "und", so a reading of its Markdown headings claims no language."""
    sample = list(itertools.islice(filter(None, lines), _DETECT_LINES))
    evidence = _word_evidence(sample)
    language = max(evidence, key=lambda code: evidence[code])
    words = sum(line.count(" ") + 1 for line in sample)
    return load_profile(language) if evidence[language] >= _LANGUAGE_WORDS_MIN_SHARE * words else neutral_profile()


def _heading_counts(headings: Iterable[tuple[str, int]], profile: Profile, *, first_article_decides: bool = False) -> tuple[int, int]:
    """Article and division headings among ``headings``; with ``first_article_decides``, counted
    only up to the first article heading (1 article then), for a profile no other one ties with."""
    articles = divisions = 0
    for text, level in headings:
        found = match_heading(text, level, profile)
        if found is None:
            continue
        if found[0] is LineKind.DIVISION:
            divisions += 1
        else:
            articles += 1
            if first_article_decides:
                break
    return articles, divisions


def front_matter(text: str, *, source: str = "<text>") -> dict[str, str]:
    """The keys and values of a leading ``---`` YAML block as written (none without one): what
    ``parse_text`` keeps as metadata, for a caller that needs only that (a history's dates)."""
    return {entry.key: entry.value for entry in _yaml_front_matter(text.split("\n"), source)[0]}


def _yaml_front_matter(raw_lines: list[str], source: str) -> tuple[tuple[MetadataEntry, ...], int]:
    """A Markdown-style ``---`` YAML block at the top is metadata, never text."""
    if not raw_lines or clean_line(raw_lines[0]) != "---":
        return (), 0
    for end in range(1, len(raw_lines)):
        if clean_line(raw_lines[end]) in ("---", "..."):
            break
    else:
        return (), 0
    block = "\n".join(raw_lines[1:end])
    try:
        node = yaml.compose(block, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return (), 0
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return (), 0
    span = Span(1, end + 1)
    entries = tuple(MetadataEntry(_as_written(key, block), _as_written(value, block), span) for key, value in node.value)
    return entries, end + 1


def _as_written(node: yaml.Node, block: str) -> str:
    """Values as the file writes them: no dates or booleans made of ``2024-01-01`` or ``yes``."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    return block[node.start_mark.index : node.end_mark.index].strip()


def _is_hard_wrapped(lines: list[Line]) -> bool:
    """Layout text (e.g. from PDF) breaks paragraphs mid-sentence; one-line-per-paragraph text does not."""
    kinds = [line.kind for line in lines]
    needed = max(3, (len(kinds) - 1 - kinds[1:].count(LineKind.BLANK)) // 20)  # of the lines after the first
    evidence = 0
    for previous, current in zip(lines, lines[1:]):
        if current.kind is not LineKind.TEXT or previous.kind in _NOT_CONTINUED:
            continue
        if _starts_lower(current.text) and not previous.text.endswith(_SENTENCE_END):
            evidence += 1
            if evidence >= needed:
                return True
    return False


def _starts_lower(text: str) -> bool:
    return text[0].islower() or text[0] in ",;:)"


def _continues(line: Line, lines: list[Line], index: int) -> bool:
    """In hard-wrapped text, the next line goes on with the sentence on ``line``."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and following.kind is LineKind.TEXT and not following.indented and _starts_lower(following.text)


def _title_as_text(line: Line) -> Line:
    """An article heading whose "title" is the start of a sentence wrapped onto the next line."""
    tail = f"{line.groups['title']} {line.tail}".strip()
    return dataclasses.replace(line, groups={**line.groups, "title": None}, tail=tail)


@dataclass(slots=True)
class _Block:
    """Consecutive lines read as one paragraph or note, made once they are all known."""

    kind: LineKind
    lines: list[Line]
    span: Span  # from before the first line when a marker alone starts it
    text: str


def _marker_and_text(block: _Block) -> tuple[str, str]:
    """The marker and text matched on a block's first line; wrapped lines continue the text."""
    first = block.lines[0]
    continued = block.text[len(first.text) :]
    return (first.groups.get("marker") or "").strip(), ((first.groups.get("text") or "") + continued).strip()


@dataclass
class _OpenDivision:
    kind: str
    rank: int
    number: str | None
    title: str | None
    heading_span: Span
    children: list[Node] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    last_line: int = 0


@dataclass
class _OpenArticle:
    number: str
    title: str | None
    heading_span: Span
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    repealed_by_heading: bool = False
    last_line: int = 0
    domain: str | None = None


class _TreeBuilder:
    def __init__(self, profile: Profile, source: str, metadata: tuple[MetadataEntry, ...]) -> None:
        self.profile = profile
        self.source = source
        self.metadata = list(metadata)
        self.title: str | None = None
        self.title_span: Span | None = None
        self.preamble: list[Paragraph] = []
        self.document_notes: list[Note] = []
        self.root: list[Node] = []
        self.stack: list[_OpenDivision] = []
        self.article: _OpenArticle | None = None
        self.seen_numbers: dict[str, int] = {}  # article key (domain and number) → line first seen
        self.warnings: list[str] = []
        self.structure_started = False
        self.closing: list[Paragraph] = []
        self.domains = DomainTracker(profile.domains)
        self.stack_at_last_article: list[_OpenDivision] = []

    def build(self, lines: list[Line], *, hard_wrapped: bool) -> Document:
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.kind is LineKind.DIVISION:
                index = self._open_division(lines, index)
                continue
            if line.kind is LineKind.ARTICLE and not self._is_repeal_restatement(line):
                if hard_wrapped and line.groups.get("title") and _continues(line, lines, index):
                    line = _title_as_text(line)
                self._open_article(line)
                if line.tail:  # the article's first sentence on its heading's line
                    tail = paragraph_line(line.number, line.tail, self.profile)
                    block, index = self._read_block(lines, index, hard_wrapped, first=tail)
                    self._place(block)
                    continue
            elif line.kind is not LineKind.BLANK:
                block, index = self._read_block(lines, index, hard_wrapped)
                self._place(block)
                continue
            index += 1
        self._split_closing()
        self._close_article()
        while self.stack:
            self._close_division()
        return Document(
            source=self.source,
            language=self.profile.language,
            title=self.title,
            title_span=self.title_span,
            metadata=tuple(self.metadata),
            preamble=tuple(self.preamble),
            children=tuple(self.root),
            notes=tuple(self.document_notes),
            warnings=tuple(self.warnings),
            closing=tuple(self.closing),
        )

    # --- blocks -------------------------------------------------------------

    def _read_block(
        self, lines: list[Line], index: int, hard_wrapped: bool, *, first: Line | None = None
    ) -> tuple[_Block, int]:
        """The block that starts at ``lines[index]`` (or at ``first``, text standing in for that line)."""
        first = first or lines[index]
        index += 1
        start = 0
        if first.kind is LineKind.TEXT and len(first.text) <= MARKER_CHARS_MAX and is_marker_alone(first.text, self.profile):
            joined = self._marker_and_next_line(first, lines, index)
            if joined:
                start = first.number
                first, index = joined
        kind = LineKind.TEXT if first.kind is LineKind.ARTICLE else first.kind
        block_lines = [first]
        copyright_notice = first.text.startswith(_COPYRIGHT_SIGN)
        in_front = not self.structure_started and not self.preamble
        if copyright_notice or hard_wrapped and not in_front:
            # A copyright notice runs on to the next blank line, however its lines are laid out.
            while index < len(lines):
                line = lines[index]
                if line.kind is not LineKind.TEXT or line.indented and not copyright_notice:
                    break
                block_lines.append(line)
                index += 1
        text = first.text if len(block_lines) == 1 else " ".join([line.text for line in block_lines])
        return _Block(kind, block_lines, Span(start or first.number, block_lines[-1].number), text), index

    def _marker_and_next_line(self, marker: Line, lines: list[Line], index: int) -> tuple[Line, int] | None:
        """"(1)" alone on a line and its text on the next non-blank one: one paragraph line."""
        while index < len(lines) and lines[index].kind is LineKind.BLANK:
            index += 1
        if index == len(lines):
            return None
        text = lines[index]
        if text.kind is not LineKind.TEXT or text.level or is_marker_alone(text.text, self.profile):
            return None
        joined = paragraph_line(text.number, f"{marker.text} {text.text}", self.profile, indented=text.indented)
        return (joined, index + 1) if joined.kind is LineKind.PARAGRAPH else None

    def _place(self, block: _Block) -> None:
        if not self.structure_started and self._place_front(block):
            return
        if block.text.startswith(_COPYRIGHT_SIGN):
            # A database's copyright line (often the last line of an export) is about the file, not the law.
            self.metadata.append(MetadataEntry("copyright", block.text, block.span))
            return
        if block.kind is LineKind.NOTE:
            marker, text = _marker_and_text(block)
            self._notes_target().append(Note(marker=marker, text=text, span=block.span))
            return
        paragraph = self._paragraph(block)
        if paragraph.number is None:
            self.domains.plain_line(paragraph.text)
        if self.article is not None:
            self.article.paragraphs.append(paragraph)
            self.article.last_line = block.span.last
        elif self.stack:
            self.stack[-1].paragraphs.append(paragraph)
        else:
            self.preamble.append(paragraph)

    def _place_front(self, block: _Block) -> bool:
        """Before the first heading: metadata lines and the title, until the preamble starts."""
        if self.preamble or self.document_notes or len(block.lines) > 1:
            return False
        text = block.text
        for rule in self.profile.front_matter:
            if rule.pattern.match(text):
                self.metadata.append(MetadataEntry(rule.key, text, block.span))
                return True
        title = heading_text(text)
        if self.title is None and len(title) <= _TITLE_CHARS_MAX and block.kind is LineKind.TEXT:
            if any(pattern.match(title) for pattern in self.profile.title) or (title.isupper() and len(title) > 3):
                self.title, self.title_span = title, block.span
                return True
        return False

    @staticmethod
    def _paragraph(block: _Block) -> Paragraph:
        if block.kind is LineKind.PARAGRAPH:
            marker, text = _marker_and_text(block)
            number = block.lines[0].groups.get("number") or ""
            return Paragraph(number=number, marker=marker, text=text, span=block.span)
        return Paragraph(number=None, marker="", text=block.text, span=block.span)

    def _notes_target(self) -> list[Note]:
        if self.article is not None:
            return self.article.notes
        if self.stack:
            return self.stack[-1].notes
        return self.document_notes

    # --- headings -----------------------------------------------------------

    def _open_division(self, lines: list[Line], index: int) -> int:
        line = lines[index]
        self.structure_started = True
        self._close_article()
        while self.stack and self.stack[-1].rank >= line.rank:
            self._close_division()
        title = (line.groups.get("title") or "").strip() or None
        last = line.number
        index += 1
        if title is None:
            title_lines, index = self._title_lines(lines, index)
            if title_lines:
                title = " ".join(heading_text(item.text) for item in title_lines)
                last = title_lines[-1].number
        number = line.groups.get("number")
        self.stack.append(
            _OpenDivision(
                kind=line.division_kind,
                rank=line.rank,
                number=self.profile.number(fold_lookalikes(number)) if number else None,
                title=title,
                heading_span=Span(line.number, last),
                last_line=last,
            )
        )
        return index

    @staticmethod
    def _title_lines(lines: list[Line], index: int) -> tuple[list[Line], int]:
        """A heading without a title takes the next short plain lines, up to the next heading.

        When something other than a heading follows them, only one short line is taken.  A Markdown
        heading or an unnumbered division heading right after it is its title line, and the only one
        ("### HLAVA PRVNÍ" then "#### ZÁKLADNÍ USTANOVENÍ").
        """
        found: list[int] = []
        cursor = index
        while cursor < len(lines):
            line = lines[cursor]
            if line.kind is LineKind.BLANK:
                cursor += 1
                continue
            unnumbered = line.kind is LineKind.DIVISION and line.groups.get("number") is None
            if line.level or unnumbered:
                if not found and (line.kind is LineKind.TEXT or unnumbered) and len(line.text) <= _TITLE_CHARS_MAX:
                    return [line], cursor + 1
                break
            if line.kind in (LineKind.DIVISION, LineKind.ARTICLE):
                break
            if line.kind is LineKind.TEXT and len(line.text) <= _TITLE_CHARS_MAX and len(found) < _TITLE_LINES_MAX:
                found.append(cursor)
                cursor += 1
                continue
            if found and len(lines[found[0]].text) > _TITLE_CHARS_MAX // 2:
                found = []
            found = found[:1]
            break
        if not found:
            return [], index
        return [lines[position] for position in found], found[-1] + 1

    def _open_article(self, line: Line) -> None:
        self.structure_started = True
        self._close_article()
        number = self.profile.number(line.groups["number"] or "")
        title = (line.groups.get("title") or "").strip() or None
        repealed = bool(title and self._mentions_repeal(title))
        self.article = _OpenArticle(
            number=number,
            title=title,
            heading_span=Span(line.number, line.number),
            repealed_by_heading=repealed,
            last_line=line.number,
            domain=self.domains.article(number, self._headings_since_last_article()),
        )

    def _headings_since_last_article(self) -> list[str]:
        """Titles (or labels) of the divisions opened since the previous article, outermost first."""
        before = self.stack_at_last_article
        self.stack_at_last_article = list(self.stack)
        opened = [division for division in self.stack if not any(division is seen for seen in before)]
        return [division.title or f"{division.kind} {division.number or ''}".strip() for division in opened]

    def _is_repeal_restatement(self, line: Line) -> bool:
        """``84-бап ... алып тасталды`` right under the heading of article 84 is its text, not a new article."""
        return (
            self.article is not None
            and not self.article.paragraphs
            and self.profile.number(line.groups.get("number") or "") == self.article.number
            and self._mentions_repeal(line.text)
        )

    def _mentions_repeal(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in self.profile.repealed)

    # --- closing ------------------------------------------------------------

    def _close_article(self) -> None:
        open_article = self.article
        if open_article is None:
            return
        self.article = None
        paragraphs, notes = open_article.paragraphs, open_article.notes
        repealed = open_article.repealed_by_heading
        if len(paragraphs) == 1 and paragraphs[0].number is None and self._mentions_repeal(paragraphs[0].text):
            only = paragraphs[0]
            notes = [Note(marker="", text=only.text, span=only.span), *notes]
            paragraphs, repealed = [], True
        if not paragraphs and any(self._mentions_repeal(note.text) for note in notes):
            repealed = True
        if not paragraphs and not repealed:
            self.warnings.append(f"line {open_article.heading_span.first}: article {open_article.number} has no text")
        key = article_key(open_article.number, open_article.domain)
        first_seen = self.seen_numbers.setdefault(key, open_article.heading_span.first)
        if first_seen != open_article.heading_span.first:
            self.warnings.append(
                f"line {open_article.heading_span.first}: article number {open_article.number} "
                f"already used at line {first_seen}"
            )
        last = max([open_article.last_line, *(item.span.last for item in (*paragraphs, *notes))])
        article = Article(
            number=open_article.number,
            sort_key=number_sort_key(open_article.number),
            title=open_article.title,
            paragraphs=tuple(paragraphs),
            status=ArticleStatus.REPEALED if repealed else ArticleStatus.IN_FORCE,
            notes=tuple(sorted(notes, key=lambda note: note.span)) if len(notes) > 1 else tuple(notes),
            heading_span=open_article.heading_span,
            span=Span(open_article.heading_span.first, last),
            domain=open_article.domain,
        )
        self._children_target().append(article)

    def _split_closing(self) -> None:
        """Signatures, place and date, a footnote block after the last article: the document's closing."""
        open_article = self.article
        if open_article is None:
            return
        items = sorted([*open_article.paragraphs, *open_article.notes], key=lambda item: item.span)
        start = closing_start(items, self.profile.closing)
        if start is None:
            return
        kept = items[:start]
        open_article.paragraphs = [item for item in kept if isinstance(item, Paragraph)]
        open_article.notes = [item for item in kept if isinstance(item, Note)]
        open_article.last_line = open_article.heading_span.last
        self.closing = [
            item if isinstance(item, Paragraph) else Paragraph(number=None, marker=item.marker, text=item.text, span=item.span)
            for item in items[start:]
        ]

    def _close_division(self) -> None:
        open_division = self.stack.pop()
        last_lines = [open_division.last_line]
        last_lines += [child.span.last for child in open_division.children]
        last_lines += [item.span.last for item in (*open_division.paragraphs, *open_division.notes)]
        division = Division(
            kind=open_division.kind,
            number=open_division.number,
            title=open_division.title,
            children=tuple(open_division.children),
            paragraphs=tuple(open_division.paragraphs),
            notes=tuple(open_division.notes),
            heading_span=open_division.heading_span,
            span=Span(open_division.heading_span.first, max(last_lines)),
        )
        self._children_target().append(division)

    def _children_target(self) -> list[Node]:
        return self.stack[-1].children if self.stack else self.root
