"""Does a parse explain its text?  And if not, does another reading?

A profile whose article pattern misses the text's headings does not fail: it finds a few
lines that happen to match (cross-references, quoted articles) and makes huge "articles"
of everything between them.  After parsing, the tree is judged against the text: the
share of lines it explains (in articles of a believable size, in headings, in the title
or closing), Markdown headings left unmatched, duplicate numbers, numbers out of order,
articles without text.  The judgement reads each line once, so a plausible parse costs
nothing more.  Only when it is implausible are other readings tried: each article pattern
of the profile alone, the other profiles, and a language-neutral reading of the Markdown
headings; one that explains the text far better is used, and the warnings say so.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path
from typing import Callable, Iterable, Sequence

from constdiff.errors import StructureError
from constdiff.model import Article, ArticleStatus, Document, Span
from constdiff.profiles import DivisionRule, HeadingPattern, Profile, available_languages, data_dir, load_profile

EVIDENCE_LINES_MIN = 20  # below this, shares are noise: a short test text is judged on nothing
EXPLAINED_MIN = 0.6  # share of non-blank lines a plausible parse explains
ARTICLE_WORDS_MAX = 2500  # an "article" longer than this has swallowed headings it did not see
WORDS_PER_ARTICLE_MAX = 1000  # on average: constitutions run 100-400 (the US one, 7 long articles, 650)
OUTSIDE_SHARE_MAX = 0.25  # a preamble (or text under a division heading) with more of the words has too
DUPLICATES_MAX = 0.2  # share of articles whose number (in their domain) was used before
DISORDER_MAX = 0.25  # share of articles off the longest ascending run of numbers
EMPTY_MAX = 0.5  # share of articles in force without text
FAR_BETTER = 0.25  # how much more of the text another reading must explain to replace the first
MARKDOWN_ARTICLES_MIN = 3  # "<word> <number>" headings at one level for a Markdown reading
PREVIEW_LINES = 5_000  # other readings of a longer text are judged on its first lines, and only the best is read whole

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")  # on whitespace-collapsed lines, as the parser sees them
_LABEL_AND_NUMBER = r"[*_]*(?:[^\W\d_]+\.?|§)[*_]*\s*(?P<number>\d+(?:[ºª°.]?-?[A-Za-z]{1,3}\b|[-.]\d+)*)[ºª°]?(?!\w)\.?[*_]*(?:\s*[-–—:.]?\s+(?P<title>.*?))?\s*"
_WORD_NUMBER = re.compile(f"^{_LABEL_AND_NUMBER}$")
_DIVISION_NUMBER_AND_TITLE = r"(?:(?P<number>(?:[IVXLCDM]+|\d+)[a-z]?)[.:]?\s+)?(?P<title>.*)"
_DIVISION_KINDS = ("part", "section", "chapter")


@dataclass(frozen=True)
class Verdict:
    """How well one reading's tree explains the text's non-blank lines."""

    reading: str  # "the de profile", "Markdown headings (level 3 as articles)"
    lines: int
    explained: int
    words: int
    articles: int
    markdown_headings: int
    unmatched_headings: int
    duplicates: int
    out_of_order: int
    empty: int

    @property
    def share(self) -> float:
        return self.explained / self.lines if self.lines else 1.0

    @property
    def score(self) -> float:
        """The share explained, discounted for duplicate and out-of-order numbers: what readings compete on."""
        if not self.articles:
            return 0.0
        return self.share * (1 - self.duplicates / self.articles) * (1 - self.out_of_order / self.articles)

    @property
    def plausible(self) -> bool:
        if self.lines < EVIDENCE_LINES_MIN:
            return self.articles > 0
        return (
            self.articles > 0
            and self.share >= EXPLAINED_MIN
            and self.words <= WORDS_PER_ARTICLE_MAX * self.articles
            and self.duplicates <= DUPLICATES_MAX * self.articles
            and self.out_of_order <= DISORDER_MAX * self.articles
            and self.empty <= EMPTY_MAX * self.articles
        )

    def sentence(self) -> str:
        """One sentence for the warnings: what the reading explains and what looks wrong."""
        found = [f"{self.articles:,} article{'s' if self.articles != 1 else ''} for {self.words:,} words"]
        if self.unmatched_headings:
            found.append(f"{self.unmatched_headings:,} of {self.markdown_headings:,} Markdown headings unmatched")
        if self.duplicates > DUPLICATES_MAX * self.articles:
            found.append(f"{self.duplicates:,} duplicate article numbers")
        if self.out_of_order > DISORDER_MAX * self.articles:
            found.append(f"{self.out_of_order:,} article numbers out of order")
        if self.empty > EMPTY_MAX * self.articles:
            found.append(f"{self.empty:,} articles without text")
        only = "only " if self.share < EXPLAINED_MIN else ""
        return f"{self.reading} explains {only}{self.share:.0%} of the lines ({'; '.join(found)})"


def judge(document: Document, lines: Sequence[str], reading: str) -> Verdict:
    """``lines``: the text's lines, whitespace collapsed (the parser's view of them).

    Words are counted per line once (spaces + 1 on a collapsed line), and a node's words
    are read off running totals over its span: a whole code is judged in a few passes
    over its lines, with no tokenising of articles.
    """
    per_line = [line.count(" ") + 1 if line else 0 for line in lines]
    running = [0, *accumulate(per_line)]

    def words_in(span: Span) -> int:
        return running[span.last] - running[span.first - 1]

    words = running[-1]
    articles = document.articles()
    oversized = [article.span for article in articles if words_in(article.span) > ARTICLE_WORDS_MAX]
    outside_max = min(ARTICLE_WORDS_MAX, OUTSIDE_SHARE_MAX * words)
    for block in (document.preamble, *(division.paragraphs for division in document.divisions())):
        if sum(words_in(paragraph.span) for paragraph in block) > outside_max:
            oversized += [paragraph.span for paragraph in block]
    unexplained = {number for span in oversized for number in range(span.first, span.last + 1)}
    headings = [number for number, line in enumerate(lines, start=1) if line[:1] == "#" and _MARKDOWN_HEADING.match(line)]
    matched = structural_lines(document) if headings else set()
    unmatched = [number for number in headings if number not in matched]
    unexplained.update(unmatched)
    non_blank = len(per_line) - per_line.count(0)
    return Verdict(
        reading=reading,
        lines=non_blank,
        explained=non_blank - sum(1 for number in unexplained if per_line[number - 1]),
        words=words,
        articles=len(articles),
        markdown_headings=len(headings),
        unmatched_headings=len(unmatched),
        duplicates=len(articles) - len({article.key for article in articles}),
        out_of_order=_out_of_order(articles),
        empty=sum(1 for article in articles if article.status is ArticleStatus.IN_FORCE and not article.paragraphs),
    )


def structural_lines(document: Document) -> set[int]:
    """Lines that are headings, the title, metadata or the closing block: where a Markdown heading is explained."""
    spans: list[Span] = [division.heading_span for division in document.divisions()]
    spans += [article.heading_span for article in document.articles()]
    spans += [entry.span for entry in document.metadata] + [paragraph.span for paragraph in document.closing]
    if document.title_span:
        spans.append(document.title_span)
    return {number for span in spans for number in range(span.first, span.last + 1)}


def _out_of_order(articles: Sequence[Article]) -> int:
    """Articles off the longest non-decreasing run of numbers, counted per numbering domain.

    Only numbers with digits have an order to keep: "adicional primera" or "A" may stand anywhere.
    """
    series: dict[str | None, list[tuple[tuple[int, str], ...]]] = defaultdict(list)
    for article in articles:
        if any(value >= 0 for value, _ in article.sort_key):
            series[article.domain].append(article.sort_key)
    return sum(len(keys) - _longest_non_decreasing(keys) for keys in series.values())


def _longest_non_decreasing(keys: list[tuple[tuple[int, str], ...]]) -> int:
    tails: list[tuple[tuple[int, str], ...]] = []
    for key in keys:
        position = bisect_right(tails, key)
        if position == len(tails):
            tails.append(key)
        else:
            tails[position] = key
    return len(tails)


# --- other readings -----------------------------------------------------------------------


def neutral_profile() -> Profile:
    """For a text in a language no profile knows: every profile's paragraph, note, repeal and
    closing patterns (first listed first), under the language code "und" (undetermined)."""
    profiles = [load_profile(language) for language in available_languages()]

    def every(field: str) -> tuple[re.Pattern[str], ...]:
        return tuple(dict.fromkeys(pattern for profile in profiles for pattern in getattr(profile, field)))

    return replace(
        profiles[0],
        language="und",
        name="undetermined",
        source="(every profile's paragraph and note patterns)",
        title=(),
        front_matter=(),
        words=frozenset(),
        domains=(),
        paragraphs=every("paragraphs"),
        notes=every("notes"),
        repealed=every("repealed"),
        closing=every("closing"),
    )


def describe(profile: Profile) -> str:
    """A reading's name for warnings: shipped profiles by code, a user's by file name."""
    shipped = Path(profile.source).resolve().parent == (data_dir() / "profiles").resolve()
    return f"the {profile.language} profile" if shipped else f"the profile {Path(profile.source).name}"


Reader = Callable[[Profile, "int | None"], Document]
"""Parses the text with a profile: all its lines, or only those up to line number ``int``."""


def reviewed(
    document: Document | None,
    failure: StructureError | None,
    lines: Sequence[str],
    profile: Profile | None,
    fallback: Profile,
    read: Reader,
) -> Document:
    """The first parse if it explains the text, else the best other reading if it explains it
    far better (the warnings say both), else the first parse with a warning.

    ``document`` is None when the first parse found no articles (``failure`` says why); then
    any plausible reading will do, and without one the failure is raised.  ``fallback`` lends
    its paragraph and note patterns to the Markdown reading when no profile was chosen.
    """
    if document is None or profile is None:
        assert failure is not None
        # A short text is judged on nothing: only its own Markdown headings may rescue it.
        markdown_only = sum(1 for line in lines if line) < EVIDENCE_LINES_MIN
        best = _best_reading(lines, profile, fallback, read, markdown_only=markdown_only)
        if best is None:
            raise failure
        verdict, parsed = best
        return _warned(parsed, f"{failure.problem}; read with {verdict.reading} instead: {_summary(verdict)}")
    first = judge(document, lines, describe(profile))
    if first.plausible:
        return document
    best = _best_reading(lines, profile, fallback, read)
    if best is not None and best[0].score >= first.score + FAR_BETTER:
        verdict, parsed = best
        return _warned(parsed, first.sentence(), f"read with {verdict.reading} instead: {_summary(verdict)}")
    return _warned(document, f"{first.sentence()}: the structure is probably wrong; check the headings with 'constdiff profile check'")


def _best_reading(
    lines: Sequence[str], profile: Profile | None, fallback: Profile, read: Reader, *, markdown_only: bool = False
) -> tuple[Verdict, Document] | None:
    """The plausible other reading with the highest score, if any.

    Each of the twenty-odd readings parses the whole text; for a text longer than
    ``PREVIEW_LINES`` they are judged on its first lines instead, and only the best is read
    whole (and judged again), so a hostile file of a million lines costs one full parse, not
    twenty.  The first 5,000 lines of a constitution hold a few hundred headings: evidence enough.
    """
    preview = PREVIEW_LINES if len(lines) > PREVIEW_LINES else None
    judged = lines[:preview] if preview else lines
    best: tuple[Verdict, Document, Profile] | None = None
    for reading, candidate in _alternatives(lines, profile, fallback, markdown_only=markdown_only):
        try:
            parsed = read(candidate, preview)
        except StructureError:
            continue
        verdict = judge(parsed, judged, reading)
        if verdict.plausible and (best is None or verdict.score > best[0].score):
            best = (verdict, parsed, candidate)
    if best is None:
        return None
    verdict, parsed, candidate = best
    if preview is None:
        return verdict, parsed
    whole = read(candidate, None)
    verdict = judge(whole, lines, verdict.reading)
    return (verdict, whole) if verdict.plausible else None


def _warned(document: Document, *warnings: str) -> Document:
    """The reading's own warnings come after what the plausibility check says about it."""
    return replace(document, warnings=(*warnings, *document.warnings))


def _summary(verdict: Verdict) -> str:
    return f"it explains {verdict.share:.0%} of the lines ({verdict.articles:,} articles)"


def _alternatives(
    lines: Sequence[str], profile: Profile | None, fallback: Profile, *, markdown_only: bool = False
) -> Iterable[tuple[str, Profile]]:
    """Each article pattern of the profile alone, the other profiles, the Markdown headings
    (only these for ``markdown_only``)."""
    if not markdown_only:
        if profile is not None and len(profile.articles) > 1:
            for index, pattern in enumerate(profile.articles):
                yield f"{describe(profile)}'s article pattern {index + 1} alone", replace(profile, articles=(pattern,))
        for language in available_languages():
            other = load_profile(language)
            if profile is None or other.source != profile.source:
                yield describe(other), other
    markdown = markdown_reading(lines, profile or fallback)
    if markdown is not None:
        yield markdown


def markdown_reading(lines: Sequence[str], base: Profile) -> tuple[str, Profile] | None:
    """A profile made of the text's own Markdown headings: the level whose headings most often
    read "<word> <number>" ("Art 93", "Čl. 10a", "§ 5") holds the articles, higher levels the
    divisions.  Paragraphs, notes and repeal phrases come from ``base``."""
    by_level: dict[int, list[str]] = defaultdict(list)
    first_heading: tuple[int, str] | None = None
    for line in lines:
        found = _MARKDOWN_HEADING.match(line) if line.startswith("#") else None
        if found:
            level, text = len(found.group(1)), found.group(2)
            by_level[level].append(text)
            first_heading = first_heading or (level, text)
    labelled = {level: sum(1 for text in texts if _WORD_NUMBER.match(text)) for level, texts in by_level.items()}
    if not labelled:
        return None
    article_level, count = max(labelled.items(), key=lambda item: (item[1], -item[0]))
    if count < MARKDOWN_ARTICLES_MIN or first_heading is None:
        return None
    title = first_heading if len(by_level[first_heading[0]]) == 1 and first_heading[0] < article_level else None
    division_levels = [level for level in sorted(by_level) if level < article_level and (title is None or level != title[0])]
    kinds = _DIVISION_KINDS[1:2] if len(division_levels) == 1 else _DIVISION_KINDS
    articles = [text for text in by_level[article_level] if _WORD_NUMBER.match(text)]
    try:
        divisions = tuple(
            DivisionRule(
                kind=kinds[rank] if rank < len(kinds) else f"level-{level}",
                rank=rank,
                patterns=(_heading_pattern(by_level[level], _DIVISION_NUMBER_AND_TITLE),),
            )
            for rank, level in enumerate(division_levels)
        )
        profile = replace(
            base,
            name="Markdown headings",
            source=f"{base.source} (Markdown headings)",
            title=(_heading_pattern([title[1]], ".*").pattern, *base.title) if title else base.title,
            divisions=divisions,
            articles=(_heading_pattern(articles, _LABEL_AND_NUMBER),),
            domains=(),
        )
    except (RecursionError, re.error):  # thousands of headings each the prefix of the next: no reading
        return None
    return f"the Markdown headings (level {article_level} as articles)", profile


def _heading_pattern(texts: Sequence[str], body: str) -> HeadingPattern:
    """``body`` matched only on the exact heading texts given: the parser strips the ``#`` before
    matching, so the texts themselves say which lines are headings of this level."""
    return HeadingPattern(re.compile(f"^(?=(?:{_alternation(sorted(set(texts)))})$){body}$"))


def _alternation(texts: Sequence[str]) -> str:
    """A regular expression matching exactly ``texts`` (sorted), as a trie: linear in a line's length
    however many headings there are."""
    prefix = os.path.commonprefix(list(texts))
    if prefix:
        return re.escape(prefix) + _alternation([text[len(prefix) :] for text in texts])
    groups: dict[str, list[str]] = defaultdict(list)
    ends = False
    for text in texts:
        if text:
            groups[text[0]].append(text[1:])
        else:
            ends = True
    branches = "|".join(re.escape(first) + _alternation(rest) for first, rest in groups.items())
    if not branches:
        return ""
    if ends:
        return f"(?:{branches})?"
    return branches if len(groups) == 1 else f"(?:{branches})"
