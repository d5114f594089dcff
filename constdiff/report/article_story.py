"""One article's story across a history (``constdiff history --article N``): per version its
number, the step's class and the redline from the version before, its wording where it began,
and for each paragraph of its last wording the version that gave it that wording (a "blame").

Built once from the history view's rows (``report.history_view``); each step's redline is the
single comparison's ``PairView`` (``report.view``), so it is drawn by the same renderers as a
``diff`` redline.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from constdiff.errors import InputError
from constdiff.model import ArticleChange, ArticlePair, DiffTag, History, Lineage, ParagraphChange, number_sort_key
from constdiff.report.history_view import TimelineRow, previous_parsed
from constdiff.report.view import PairView, article_pair_view

LINEAGE_ID = re.compile(r"L[1-9][0-9]*")
NEARBY_SHOWN = 3
"""Known numbers named on either side of an unknown ``--article``."""


@dataclass(frozen=True)
class StoryStep:
    """The article in one version, from its first to the step that ended it (gaps between included)."""

    index: int
    label: str
    number: str | None
    """Its number there; None in a gap or in the version whose step ended it."""
    change: ArticleChange | None
    """The class of the step into this version; None where it begins (unless added, split or merged) or in a gap."""
    summary: str
    """"amended, 82% similar", "renumbered, from article 38", "first version", "gap: …": the step in words."""
    error: str | None
    """Why a gap could not be read."""
    pair: PairView | None
    """The step's pair (from the version compared), its redline drawn when ``redline`` says so."""
    article_pair: ArticlePair | None
    """The same pair as data, for the JSON export."""
    redline: bool
    """The step changed its text (not the version it begins in: its wording is given in full there)."""
    wording: tuple[str, ...]
    """Its paragraphs in this version (markers first); empty in a gap, where it ended, or as a placeholder."""


@dataclass(frozen=True)
class BlameLine:
    """A paragraph of the article's last wording and the version whose step gave it that wording."""

    text: str
    index: int
    label: str
    since_start: bool
    """No step changed it: the wording stands as it was where the lineage (or the one it came from) began."""
    inherited_from: str | None = None
    """The lineage that gave it the wording, when it came through a split or merge."""

    @property
    def since(self) -> str:
        """"v2.txt", "v1.txt (first)", "v1.txt (as L5)": the blame column in every format."""
        notes = ["first"] * self.since_start + [f"as {self.inherited_from}"] * (self.inherited_from is not None)
        return f"{self.label} ({', '.join(notes)})" if notes else self.label


@dataclass(frozen=True)
class LinkedLineage:
    lineage: str
    number: str
    """Its latest number."""


@dataclass(frozen=True)
class LineageStory:
    lineage: str
    number: str
    """The latest number."""
    numbers: tuple[str, ...]
    """Every number it had, in order ("3", "4")."""
    title: str
    """"Article 4 (L3), numbered 3 → 4": the heading of the story in every format."""
    steps: tuple[StoryStep, ...]
    came_from: tuple[LinkedLineage, ...]
    went_to: tuple[LinkedLineage, ...]
    links: str
    """"Came from L5 (article 6); went to …": the lineages it was split or merged from and into, in words."""
    blame: tuple[BlameLine, ...]
    """Empty when the paragraphs cannot be followed back (a step without paragraph pairs)."""
    blame_title: str
    """"Present wording, …", or for a lineage that ended "Last wording (in v2.txt), …"."""


@dataclass(frozen=True)
class ArticleStory:
    asked: str
    lineages: tuple[LineageStory, ...]
    """Every lineage holding the asked article (one, unless the number was reused)."""


def article_story(result: History, rows: tuple[TimelineRow, ...], asked: str) -> ArticleStory:
    """The story of ``asked``: a lineage id ("L12"); the number of the lineages whose latest number it
    is; else the one lineage that ever had that number.  Anything else is an ``InputError``."""
    chosen = find_lineages(result.lineages, asked)
    by_id = {lineage.id: lineage for lineage in result.lineages}
    row_of = {row.lineage: row for row in rows}
    return ArticleStory(asked, tuple(_lineage_story(result, lineage, row_of, by_id) for lineage in chosen))


def find_lineages(lineages: tuple[Lineage, ...], asked: str) -> tuple[Lineage, ...]:
    if LINEAGE_ID.fullmatch(asked):
        found = tuple(lineage for lineage in lineages if lineage.id == asked)
        if found:
            return found
        raise InputError(f"--article {asked}", f"no lineage {asked}; this history has L1 to L{len(lineages)}")
    latest = tuple(lineage for lineage in lineages if lineage.latest_number == asked)
    if latest:
        return latest
    earlier = tuple(lineage for lineage in lineages if asked in lineage.numbers)
    if len(earlier) == 1:
        return earlier
    if earlier:
        holders = ", ".join(f"{lineage.id} (now {lineage.latest_number})" for lineage in earlier)
        raise InputError(f"--article {asked}", f"was the number of several articles: {holders}; name one by its lineage id")
    raise InputError(f"--article {asked}", f"no article {asked} in any version; the numbers nearby: {_nearby(lineages, asked)}")


def _nearby(lineages: tuple[Lineage, ...], asked: str) -> str:
    known = sorted({number for lineage in lineages for number in lineage.numbers if number is not None}, key=number_sort_key)
    at = bisect.bisect_left([number_sort_key(number) for number in known], number_sort_key(asked))
    return ", ".join(known[max(0, at - NEARBY_SHOWN):at + NEARBY_SHOWN])


def _lineage_story(result: History, lineage: Lineage, rows: dict[str, TimelineRow], by_id: dict[str, Lineage]) -> LineageStory:
    end = max(index for index, (number, change) in enumerate(zip(lineage.numbers, lineage.changes))
              if number is not None or change is not None)
    steps = tuple(_step(result, lineage, rows[lineage.id], index) for index in range(lineage.first, end + 1))
    present = [number for number in lineage.numbers if number is not None]
    numbers = tuple(number for at, number in enumerate(present) if at == 0 or present[at - 1] != number)  # 2 → 3 → 2
    title = f"Article {lineage.latest_number} ({lineage.id})" + (f", numbered {' → '.join(numbers)}" if len(numbers) > 1 else "")
    # Where its text came from and went: the lineages it began from or ended in, and those merged
    # into it or split off it while it went on.
    joined = (other.id for other in by_id.values() if lineage.id in other.went_to)
    came_from = tuple(LinkedLineage(other, by_id[other].latest_number) for other in dict.fromkeys((*lineage.came_from, *joined)))
    parts = (other.id for other in by_id.values() if lineage.id in other.came_from)
    went_to = tuple(LinkedLineage(other, by_id[other].latest_number) for other in dict.fromkeys((*lineage.went_to, *parts)))
    return LineageStory(
        lineage=lineage.id,
        number=lineage.latest_number,
        numbers=numbers,
        title=title,
        steps=steps,
        came_from=came_from,
        went_to=went_to,
        links=_links(came_from, went_to),
        blame=_blame(result, lineage, rows, by_id, steps[lineage.last - lineage.first].wording),
        blame_title=_blame_title(result, lineage),
    )


def _links(came_from: tuple[LinkedLineage, ...], went_to: tuple[LinkedLineage, ...]) -> str:
    def named(linked: tuple[LinkedLineage, ...]) -> str:
        return ", ".join(f"{link.lineage} (article {link.number})" for link in linked)

    text = "; ".join(f"{way} {named(linked)}" for way, linked in (("came from", came_from), ("went to", went_to)) if linked)
    return text[:1].upper() + text[1:]


def _blame_title(result: History, lineage: Lineage) -> str:
    alive = lineage.last == max(index for index, version in enumerate(result.versions) if version.parsed)
    wording = "Present wording" if alive else f"Last wording (in {result.versions[lineage.last].label})"
    return f"{wording}, each paragraph with the version that gave it"


def _step(result: History, lineage: Lineage, row: TimelineRow, index: int) -> StoryStep:
    version, cell = result.versions[index], row.cells[index]
    pair = article_pair_view(cell.pair) if cell.pair is not None else None
    if not version.parsed:
        summary = f"gap: {version.error}"
    elif cell.pair is None or pair is None:
        summary = "first version"
    else:
        details = [pair.status]
        if cell.pair.new and (cell.number is None or len(cell.pair.new) > 1):  # where its text went: it ended or split
            details.append(f"into article {pair.new_numbers}")
        elif cell.pair.old and (cell.number not in cell.pair.old_numbers or len(cell.pair.old) > 1):
            details.append(f"from article {pair.old_numbers}")
        if cell.pair.text_changed and pair.similarity:
            details.append(f"{pair.similarity} similar")
        summary = ", ".join(details)
    return StoryStep(
        index=index,
        label=version.label,
        number=cell.number,
        change=cell.change,
        summary=summary,
        error=version.error,
        pair=pair,
        article_pair=cell.pair,
        redline=index != lineage.first and cell.pair is not None and (cell.pair.text_changed or _joins_or_parts(cell.pair)),
        wording=_wording(result, index, cell.number),
    )


def _joins_or_parts(pair: ArticlePair) -> bool:
    """A split or merge: its redline shows where the parts begin, even when no word changed."""
    return len(pair.old) + len(pair.new) > 2


def _wording(result: History, index: int, number: str | None) -> tuple[str, ...]:
    document = result.versions[index].document
    if document is None or number is None:
        return ()
    article = next((article for article in document.articles() if article.key == number), None)
    return tuple(paragraph.full_text for paragraph in article.paragraphs) if article else ()


def _blame(result: History, lineage: Lineage, rows: dict[str, TimelineRow], by_id: dict[str, Lineage],
           last_wording: tuple[str, ...]) -> tuple[BlameLine, ...]:
    """Each paragraph followed back through the steps while its text stayed word for word the same
    (its marker may change), across a split or merge into the lineage it came from; the version
    where that stops gave it its present wording.  Empty when a step has no paragraphs to follow."""
    last_pair = rows[lineage.id].cells[lineage.last].pair
    number = lineage.numbers[lineage.last]
    if last_pair is not None and last_pair.paragraphs and _new_side_count(last_pair, number) != len(last_wording):
        return ()
    lines = []
    for position, text in enumerate(last_wording):
        held, index, at = lineage, lineage.last, position
        while True:
            pair = rows[held.id].cells[index].pair
            earlier_index = previous_parsed(result.versions, index)
            if pair is None or earlier_index is None or (index == held.first and not held.came_from):
                break
            kept = _kept_from(pair, held.numbers[index], at)
            if kept is None:
                break
            member, earlier = kept
            if index == held.first:  # born of a split or merge: on in the lineage the paragraph came from
                parents = [by_id[other] for other in held.came_from if by_id[other].numbers[earlier_index] == member]
                if not parents:
                    break
                held = parents[0]
            index, at = earlier_index, earlier
        lines.append(BlameLine(text, index, result.versions[index].label, index == held.first and pair is None,
                               held.id if held is not lineage else None))
    return tuple(lines)


def _sides(pair: ArticlePair, number: str | None) -> list[tuple[str | None, bool, bool]]:
    """Per paragraph pair: (the old member article it stood in, or None; has a new side in article
    ``number``; text word for word the same)."""
    return [
        (paragraph.old_article if paragraph.change is not ParagraphChange.INSERTED else None,
         paragraph.new_article == number and paragraph.change is not ParagraphChange.DELETED,
         all(op.tag is DiffTag.EQUAL for op in paragraph.diff.ops))
        for paragraph in pair.paragraphs
    ]


def _new_side_count(pair: ArticlePair, number: str | None) -> int:
    return sum(has_new for _, has_new, _ in _sides(pair, number))


def _kept_from(pair: ArticlePair, number: str | None, at: int) -> tuple[str, int] | None:
    """Where the paragraph at position ``at`` of article ``number`` stood before the step (the old
    member article and the position in it) when the step kept its text; else None."""
    if not pair.paragraphs:
        return None if pair.text_changed or len(pair.old) != 1 else (pair.old_numbers[0], at)
    old_at: dict[str, int] = {}
    new_at = 0
    for member, has_new, same in _sides(pair, number):
        if has_new and new_at == at:
            return (member, old_at.get(member, 0)) if member is not None and same else None
        if member is not None:
            old_at[member] = old_at.get(member, 0) + 1
        new_at += has_new
    return None
