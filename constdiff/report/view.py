"""The report view: one plain description of a comparison that every renderer draws.

Rows, labels and text runs, no Rich and no HTML.  Every choice about what a report
says (the headline sentences, which figures lead, how a section's content is summed
up in words, which redlines are drawn, the permalink of each pair) is made here
once, so the terminal, Markdown, HTML, CSV and JSON reports cannot disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from constdiff.model import (
    REDLINE_CHOICES,
    ArticleChange,
    ArticlePair,
    Comparison,
    DiffTag,
    Document,
    Measure,
    ParagraphChange,
    ParagraphPair,
    PartStart,
    Reference,
    ReferenceCheck,
    ReferenceFinding,
    ReferenceReport,
    SectionChange,
    SectionContent,
    SectionPair,
    SectionRef,
    article_key,
)

SUMMARY_MEASURES = (
    "old_articles",
    "new_articles",
    "old_articles_changed_substantively_pct",
    "old_articles_text_changed_pct",
    "old_words_deleted_pct",
    "new_words_inserted_pct",
    "old_text_verbatim_pct",
)
"""The figures a summary leads with; every measure is in ``ReportView.all_measures``."""

PREAMBLE = "preamble"

PARAGRAPH_NOTES = {
    ParagraphChange.RENUMBERED: "kept word for word under a new number",
    ParagraphChange.MOVED: "moved",
}
"""What a text redline says beside a paragraph whose markers alone would not tell its fate."""


@dataclass(frozen=True)
class ReportOptions:
    """What a reader asked to see; every renderer honours these or the CLI refuses them."""

    show: str = "changed"
    """Which redlines: ``changed`` (text differs), ``all`` or ``none``."""
    article: str | None = None
    """Only the pairs of this article (old or new number, or "preamble")."""
    side_by_side: bool = False
    """Redlines as old and new columns rather than one inline text."""

    def __post_init__(self) -> None:
        if self.show not in REDLINE_CHOICES:
            raise ValueError(f"show must be one of {', '.join(REDLINE_CHOICES)}")


@dataclass(frozen=True)
class Segment:
    """A run of text with its diff tag: what a renderer styles."""

    tag: DiffTag
    text: str


@dataclass(frozen=True)
class ParagraphView:
    """One paragraph row of a redline: inline runs, and the two columns of a synopsis."""

    change: ParagraphChange
    old_label: str | None
    new_label: str | None
    part_start: str | None
    """"new article 93": a further member article of a split or merge begins here."""
    old: tuple[Segment, ...]
    """Equal and deleted runs: the old column."""
    new: tuple[Segment, ...]
    """Equal and inserted runs: the new column."""
    inline: tuple[Segment, ...]
    """Every run in reading order: the inline redline."""
    elsewhere: str | None = None
    """Anchor of the pair a moved paragraph went to or came from."""
    elsewhere_label: str | None = None
    marker: tuple[Segment, ...] = ()
    """The paragraph markers ("4. ", or "4. " deleted and "5. " inserted), apart from the text: a
    synopsis shows the numbers in a column of their own, a text redline writes them first."""

    @property
    def note(self) -> str | None:
        """"moved to Article 19", "kept word for word under a new number", or None."""
        return self.elsewhere_label or PARAGRAPH_NOTES.get(self.change)

    @property
    def marked_inline(self) -> tuple[Segment, ...]:
        """Markers, then the runs: the paragraph as an inline redline writes it."""
        return self.marker + self.inline

    @property
    def marked_columns(self) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
        """The old and the new column, each with its marker first."""
        old, new = _columns(self.marker)
        return old + self.old, new + self.new


class _Rows:
    """``PairView.paragraphs`` made from the pair when a renderer first reads them: exports and
    tables never do, and a report draws some pairs only (making every row was most of a view's
    cost).  A dataclass field whose default is this descriptor: rows given to ``__init__`` (or
    ``replace``) are kept as given."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, view: PairView | None, owner: type) -> Any:
        if view is None:
            return None  # the field's default: rows not given
        rows = view.__dict__[self.slot]
        if rows is None:
            rows = view.__dict__[self.slot] = _paragraph_views(view.pair)
        return rows

    def __set__(self, view: PairView, rows: tuple[ParagraphView, ...] | None) -> None:
        view.__dict__[self.slot] = rows


@dataclass(frozen=True)
class PairView:
    """One row of the article table, and the redline of that pair."""

    anchor: str
    """The pair's permalink id: "art-new-34", or "art-old-32" for a repealed article."""
    anchors: tuple[str, ...]
    """Every id the pair answers to: each old and each new member article."""
    label: str
    """"Article 32 → 34", "New article 93", "Preamble"."""
    change: ArticleChange
    old_numbers: str
    new_numbers: str
    similarity: str
    """The word-diff similarity ("82%"), empty when one side is missing: the only one shown."""
    words_deleted: int
    words_inserted: int
    reason: str
    section_anchor: str | None
    """Anchor of the top-level section row it stands in (new side, else old)."""
    has_text: bool
    pair: ArticlePair = field(repr=False, compare=False)
    """The pair it draws."""
    paragraphs: tuple[ParagraphView, ...] = _Rows()  # type: ignore[assignment]
    """The rows of its redline: given, or made from ``pair`` when first read."""

    @property
    def status(self) -> str:
        return self.change.value

    @property
    def synopsis_rows(self) -> tuple[tuple[ParagraphView, ParagraphView], ...]:
        """(old side, new side) per row of a two-column redline: one paragraph's two sides, or a
        deleted paragraph beside the one inserted in its place, as a synopsis sets them."""
        rows: list[tuple[ParagraphView, ParagraphView]] = []
        index = 0
        while index < len(self.paragraphs):
            paragraph = self.paragraphs[index]
            following = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
            if following is not None and _share_a_row(paragraph, following):
                rows.append((paragraph, following))
                index += 2
            else:
                rows.append((paragraph, paragraph))
                index += 1
        return tuple(rows)

    @property
    def heading(self) -> str:
        """"Article 12 → 13  amended, 82% similar": the heading of a redline in every format."""
        detail = f"{self.status}, {self.similarity} similar" if self.similarity else self.status
        return f"{self.label}  {detail}"


@dataclass(frozen=True)
class SectionView:
    """One row of the section map: the heading's fate and the content's, in separate columns."""

    anchor: str
    old: str
    new: str
    level: int
    heading: SectionChange
    heading_label: str
    """"kept", "renamed", "renumbered", "added", "removed sub-division" …"""
    content: SectionContent
    content_label: str
    """"12 articles: 3 amended, 1 new, 8 kept"."""
    words_deleted: int
    words_inserted: int
    reason: str
    old_key: str | None
    new_key: str | None
    """Top-level section keys ("old:III", "new:III") linking the row to the flow picture."""


@dataclass(frozen=True)
class SectionNode:
    """A top-level section in one column of the flow picture."""

    key: str
    label: str
    articles: int
    change: SectionChange


@dataclass(frozen=True)
class FlowView:
    """Articles that went from one old top-level section to one new one (None: added or repealed)."""

    old_key: str | None
    new_key: str | None
    articles: int
    change: ArticleChange
    """The most frequent class among those articles, to colour the band."""


@dataclass(frozen=True)
class MeasureView:
    """A measure as reports write it: its figures formatted, the measure itself for exports."""

    measure: Measure
    key: str
    label: str
    formatted: str
    definition: str
    numerator: str | None
    denominator: str | None

    @property
    def share(self) -> str:
        """"512 / 5,869" for a share, empty for a count: the "of" column of every definitions table."""
        return f"{self.numerator} / {self.denominator}" if self.numerator is not None and self.denominator is not None else ""


@dataclass(frozen=True)
class CountView:
    change: ArticleChange
    count: int


@dataclass(frozen=True)
class ReferenceCountView:
    """One figure of a references section: how many references were found, or had one check."""

    key: str
    """"found", "external", or a ``ReferenceCheck`` value ("stale")."""
    count: int | None
    """None: not counted for the part shown (external citations are counted per version only)."""
    definition: str
    problem: bool


@dataclass(frozen=True)
class ReferenceRow:
    """One reference checked, as every format writes it."""

    finding: ReferenceFinding = field(repr=False)
    """The finding it draws (the exports carry its reference in full)."""
    citing: str
    """Where the citation stands: "41(3)" (article and paragraph number), "41 ¶2" (the second,
    unnumbered, paragraph) or "41" (the first)."""
    citing_article: str
    """The citing article's key ("41", "transitional:3")."""
    old_citing: str | None
    old_citing_article: str | None
    """The same for the old version's citation, where one was found."""
    citing_anchor: str
    """The permalink id of the citing article in a report ("art-new-41")."""
    target_anchor: str
    """The permalink id of the cited article in the version checked."""

    @property
    def check(self) -> ReferenceCheck:
        return self.finding.check

    @property
    def citation(self) -> str:
        return self.finding.reference.text

    @property
    def target(self) -> str:
        return self.finding.reference.target

    @property
    def reason(self) -> str:
        return self.finding.reason

    @property
    def expected(self) -> str | None:
        return self.finding.expected

    @property
    def citing_paragraph(self) -> str | None:
        """The citing paragraph's number as written; None when it has none."""
        return self.finding.reference.source_paragraph

    @property
    def old_citing_paragraph(self) -> str | None:
        return self.finding.old_reference.source_paragraph if self.finding.old_reference else None

    @property
    def old_citation(self) -> str | None:
        return self.finding.old_reference.text if self.finding.old_reference else None

    @property
    def old_target(self) -> str | None:
        return self.finding.old_reference.target if self.finding.old_reference else None

    @property
    def old_note(self) -> str | None:
        """"was «пунктом 1 статьи 16» in old Article 39(3)": the old citation, for a report's Why cell."""
        if self.finding.old_reference is None:
            return None
        return f"was «{self.old_citation}» in old Article {self.old_citing}"


@dataclass(frozen=True)
class ReferencesView:
    """The cross-references of the version checked: figures, then every finding, problems first."""

    source: str
    """The version whose references these are (the new one of a comparison)."""
    language: str
    warnings: tuple[str, ...]
    """What the parser doubts about that version, for a report of it alone (``constdiff refs``);
    empty in a comparison, whose report lists every warning already."""
    counts: tuple[ReferenceCountView, ...]
    rows: tuple[ReferenceRow, ...]
    """Every finding: the problems (stale, dangling, repealed-target, in that order, each in
    reading order), then the others in reading order.  JSON and CSV carry them all."""
    listed: tuple[ReferenceRow, ...]
    """The rows a report's table shows: the problems, or every row with ``--show all``."""
    summary: str
    """"34 references found: 17 resolved, 15 updated, 1 stale …": the figures in one sentence."""

    @property
    def expects(self) -> bool:
        """Some row listed has a number it should cite (a stale one): the table shows that column."""
        return any(row.expected for row in self.listed)

    @property
    def unlisted_note(self) -> str | None:
        """What the table leaves out, in words."""
        left_out = len(self.rows) - len(self.listed)
        if not left_out:
            return None
        return f"{left_out} reference{'' if left_out == 1 else 's'} without a problem not listed (--show all lists every one)."


@dataclass(frozen=True)
class ReportView:
    """Everything a report of one comparison says, in reading order."""

    comparison: Comparison
    """The data the exports (JSON, CSV) carry in full."""
    options: ReportOptions
    title: str
    old_source: str
    new_source: str
    language: str
    headline: tuple[str, ...]
    warnings: tuple[str, ...]
    counts: tuple[CountView, ...]
    preamble: str | None
    """"amended", "unchanged", "not found in new.txt"; None when neither version has one."""
    section_summary: str
    measures: tuple[MeasureView, ...]
    all_measures: tuple[MeasureView, ...]
    sections: tuple[SectionView, ...]
    old_sections: tuple[SectionNode, ...]
    new_sections: tuple[SectionNode, ...]
    flows: tuple[FlowView, ...]
    articles: tuple[PairView, ...]
    """Every pair, in the new version's reading order."""
    listed: tuple[PairView, ...]
    """The article table's rows: every pair with ``--show all``, else those not unchanged."""
    redlines: tuple[PairView, ...]
    """The pairs whose redlines the options ask for."""
    preamble_pair: PairView | None = None
    references: ReferencesView | None = None
    """The new version's cross-references checked (``diff --refs``); None when not asked for."""

    def exported(self) -> Iterator[tuple[ArticlePair, bool]]:
        """The pairs an export carries in full (the preamble first; only one article's with
        ``--article``), each with whether its word diff is asked for (``--show``)."""
        drawn = {id(pair_view) for pair_view in self.redlines}
        pairs = ((self.comparison.preamble, self.preamble_pair),) if self.comparison.preamble and self.preamble_pair else ()
        for pair, pair_view in (*pairs, *zip(self.comparison.articles, self.articles)):
            if self.options.article is None or id(pair_view) in drawn:
                yield pair, id(pair_view) in drawn

    @property
    def unlisted_note(self) -> str | None:
        """What the article table leaves out (unchanged pairs, unless ``--show all``), in words."""
        left_out = len(self.articles) - len(self.listed)
        if not left_out:
            return None
        return f"{left_out} unchanged article pair{'' if left_out == 1 else 's'} not listed (--show all lists every pair)."


def build_view(comparison: Comparison, options: ReportOptions = ReportOptions()) -> ReportView:
    """The view of ``comparison`` that ``options`` ask for."""
    old, new = comparison.old, comparison.new
    with_kind = _shows_kinds(comparison.sections)
    sections = _section_views(comparison.sections, with_kind)
    top_anchor = {key: row.anchor for row in sections if row.level == 0 for key in (row.old_key, row.new_key) if key}
    anchors = _Anchors()
    preamble = _pair_view(comparison.preamble, anchors, top_anchor) if comparison.preamble else None
    articles = tuple(_pair_view(pair, anchors, top_anchor) for pair in comparison.articles)
    redlines = _redlines(comparison, options, preamble, articles)
    return ReportView(
        comparison=comparison,
        options=options,
        title=f"{old.title or old.source} → {new.title or new.source}",
        old_source=old.source,
        new_source=new.source,
        language=new.language if new.language != "und" else old.language,
        headline=headline(comparison),
        warnings=comparison.warnings,
        counts=tuple(CountView(change, int(comparison.measure(f"articles_{change.value}").value)) for change in ArticleChange),
        preamble=_preamble_status(comparison),
        section_summary=_section_summary(comparison),
        measures=tuple(_measure_view(comparison.measure(key)) for key in SUMMARY_MEASURES),
        all_measures=tuple(map(_measure_view, comparison.measures)),
        sections=sections,
        old_sections=_section_nodes(comparison, "old"),
        new_sections=_section_nodes(comparison, "new"),
        flows=_flows(comparison.articles),
        articles=articles,
        listed=articles if options.show == "all" else tuple(row for row in articles if row.change is not ArticleChange.UNCHANGED),
        redlines=redlines,
        preamble_pair=preamble,
        references=_comparison_references(comparison, options, redlines),
    )


def headline(comparison: Comparison) -> tuple[str, ...]:
    """One or two plain sentences: what changed, in articles and in words."""
    if not comparison.has_differences:
        return ("No differences: the same articles with the same text, numbers and places.",)

    def count(key: str) -> int:
        return int(comparison.measure(key).value)

    old_articles = count("old_articles")
    changes = [f"{count('articles_amended')} of {old_articles} old articles amended"]
    changes += [
        f"{count(f'articles_{change.value}')} {change.value}"
        for change in (ArticleChange.SPLIT, ArticleChange.MERGED, ArticleChange.REPEALED)
        if count(f"articles_{change.value}")
    ]
    added = count("articles_added")
    changes.append(f"{added} new article{'' if added == 1 else 's'}")
    first = f"{', '.join(changes)}; {_share_in_words(comparison.measure('old_words_deleted_pct'))} of the old words deleted or replaced."
    kept = [
        f"{count(f'articles_{change.value}')} {label}"
        for change, label in (
            (ArticleChange.UNCHANGED, "unchanged"),
            (ArticleChange.EDITORIAL, "changed only editorially"),
            (ArticleChange.RENUMBERED, "renumbered"),
            (ArticleChange.MOVED, "moved"),
        )
        if count(f"articles_{change.value}")
    ]
    return (first, f"Of the others, {', '.join(kept)}.") if kept else (first,)


def _share_in_words(measure: Measure) -> str:
    """A share as a sentence says it: "12.5%", or "under 0.1%" (never "0.0%" for something)."""
    if measure.numerator and measure.value < SMALLEST_SHARE_SHOWN:
        return f"under {SMALLEST_SHARE_SHOWN:g}%"
    return measure.formatted


SMALLEST_SHARE_SHOWN = 0.1  # percent: what one decimal can still show


def _preamble_status(comparison: Comparison) -> str | None:
    if comparison.preamble is not None:
        return comparison.preamble.change.value
    if comparison.preamble_not_found:
        return f"not found in {', '.join(comparison.preamble_not_found)}"
    return None


def _section_summary(comparison: Comparison) -> str:
    counts = [
        f"{comparison.measure(f'sections_{change.value}').value:g} {_HEADING_LABELS.get(change, change.value)}"
        for change in SectionChange
        if comparison.measure(f"sections_{change.value}").value
    ]
    total = f"Sections {comparison.measure('old_sections').value:g} → {comparison.measure('new_sections').value:g}"
    return f"{total}: {', '.join(counts)}" if counts else total


def _measure_view(measure: Measure) -> MeasureView:
    def figure(value: float | None) -> str | None:
        if value is None:
            return None
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"

    return MeasureView(measure, measure.key, measure.label, measure.formatted, measure.definition,
                       figure(measure.numerator), figure(measure.denominator))


# --- sections ------------------------------------------------------------------------------


_HEADING_LABELS = {SectionChange.UNCHANGED: "kept"}


def _shows_kinds(sections: Iterable[SectionPair]) -> bool:
    """A map of one kind at one level ("Section I" ... "Section X") reads better without the kind."""
    return len({(ref.kind, ref.level) for section in sections for ref in (*section.old, *section.new)}) > 1


def section_name(ref: SectionRef, with_kind: bool) -> str:
    """"Chapter 2" (or "2"): what a section map shows before the title.

    An unnumbered division with a title is named by its title alone: its heading already says
    what it is ("TÍTULO PRELIMINAR", not "Title TÍTULO PRELIMINAR")."""
    kind = ref.kind.capitalize() if with_kind and (ref.number or not ref.title) else None
    return " ".join(part for part in (kind, ref.number) if part)


def _section_cell(refs: tuple[SectionRef, ...], with_kind: bool) -> str:
    return " / ".join(f"{section_name(ref, with_kind)} {ref.title or ''}".strip() for ref in refs) or "—"


def _section_key(side: str, number: str | None) -> str:
    return f"{side}:{number or ''}"


def _section_views(sections: Iterable[SectionPair], with_kind: bool) -> tuple[SectionView, ...]:
    rows = []
    for index, section in enumerate(sections):
        top = section.place.level == 0
        rows.append(
            SectionView(
                anchor=f"sec-{index + 1}",
                old=_section_cell(section.old, with_kind),
                new=_section_cell(section.new, with_kind),
                level=section.place.level,
                heading=section.change,
                heading_label=_HEADING_LABELS.get(section.change, section.label),
                content=section.content,
                content_label=content_label(section.content),
                words_deleted=section.words_deleted,
                words_inserted=section.words_inserted,
                reason=section.reason,
                old_key=_section_key("old", section.old[0].number) if top and section.old else None,
                new_key=_section_key("new", section.new[0].number) if top and section.new else None,
            )
        )
    return tuple(rows)


def content_label(content: SectionContent) -> str:
    """"12 articles: 3 amended, 1 new, 8 kept": the content column of a section map.

    "kept", not "unchanged": these articles may be renumbered or changed editorially, and the
    summary beside the map keeps "unchanged" for identical text, number and place."""
    if not content.articles:
        return "no articles"
    parts = [
        f"{number} {name}"
        for number, name in (
            (content.amended, "amended"),
            (content.moved_in, "moved in"),
            (content.moved_out, "moved out"),
            (content.added, "new"),
            (content.repealed, "repealed"),
            (content.unchanged, "kept"),
        )
        if number
    ]
    total = f"{content.articles} article{'' if content.articles == 1 else 's'}"
    return f"{total}: {', '.join(parts)}" if parts else total


def _section_nodes(comparison: Comparison, side: str) -> tuple[SectionNode, ...]:
    """The top-level sections of one version, in order, with the articles each holds."""
    held = Counter(ref.section for pair in comparison.articles for ref in getattr(pair, side))
    nodes: dict[str, SectionNode] = {}
    first_ordinal: dict[str, int] = {}
    for section in comparison.sections:
        refs = getattr(section, side)
        if section.place.level or not refs:
            continue
        for ref in refs:
            key = _section_key(side, ref.number)
            label = section_name(ref, False) or ref.title or ref.kind
            nodes[key] = SectionNode(key, label, held[ref.number], section.change)
            first_ordinal.setdefault(key, ref.ordinal)
    return tuple(sorted(nodes.values(), key=lambda node: first_ordinal[node.key]))


def _flows(pairs: Iterable[ArticlePair]) -> tuple[FlowView, ...]:
    """One band per (old section, new section): the articles of a split count once per new part."""
    classes: dict[tuple[str | None, str | None], Counter[ArticleChange]] = {}
    for pair in pairs:
        olds = [_section_key("old", ref.section) for ref in pair.old] or [None]
        news = [_section_key("new", ref.section) for ref in pair.new] or [None]
        for old_key in dict.fromkeys(olds):
            for new_key in dict.fromkeys(news):
                members = max(olds.count(old_key), news.count(new_key))
                classes.setdefault((old_key, new_key), Counter())[pair.change] += members
    return tuple(
        FlowView(old_key, new_key, sum(counter.values()), counter.most_common(1)[0][0])
        for (old_key, new_key), counter in classes.items()
    )


# --- article pairs -------------------------------------------------------------------------


class _Anchors:
    """Permalink ids, unique within a page ("art-old-32", "art-new-34", "art-new-34-2")."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def claim(self, side: str, number: str) -> str:
        base = article_anchor(side, number)
        anchor, suffix = base, 2
        while anchor in self.used:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self.used.add(anchor)
        return anchor


_ID_UNSAFE = re.compile(r"[^\w.-]+")


def article_anchor(side: str, number: str) -> str:
    """The permalink id of an article of one side ("art-old-32"), before any suffix a duplicate needs."""
    return f"art-{side}-{_ID_UNSAFE.sub('-', number)}"


def _pair_label(pair: ArticlePair) -> str:
    old, new = ", ".join(pair.old_numbers), ", ".join(pair.new_numbers)
    if PREAMBLE in (*pair.old_numbers, *pair.new_numbers):
        return "Preamble"
    if not pair.old:
        return f"New article {new}"
    if not pair.new:
        return f"Article {old}"
    return f"Article {old} → {new}"


def article_pair_view(pair: ArticlePair) -> PairView:
    """One pair's row and redline on its own, outside a report of its comparison (a step of an
    article's story in ``constdiff history``): its anchors unsuffixed, no section to link to."""
    return _pair_view(pair, _Anchors(), {})


def _pair_view(pair: ArticlePair, anchors: _Anchors, top_anchor: dict[str | None, str]) -> PairView:
    if PREAMBLE in (*pair.old_numbers, *pair.new_numbers):
        ids = (PREAMBLE,)
    else:
        ids = tuple(anchors.claim("new", number) for number in pair.new_numbers) + tuple(
            anchors.claim("old", number) for number in pair.old_numbers
        )
    place = (
        top_anchor.get(_section_key("new", pair.new[0].section)) if pair.new else top_anchor.get(_section_key("old", pair.old[0].section))
    )
    return PairView(
        anchor=ids[0],
        anchors=ids,
        label=_pair_label(pair),
        change=pair.change,
        old_numbers=", ".join(pair.old_numbers) or "—",
        new_numbers=", ".join(pair.new_numbers) or "—",
        similarity=f"{pair.similarity:.0%}" if pair.old and pair.new else "",
        words_deleted=pair.words_deleted,
        words_inserted=pair.words_inserted,
        reason=pair.reason,
        section_anchor=place,
        has_text=pair.diff is not None,
        pair=pair,
    )


def _paragraph_views(pair: ArticlePair) -> tuple[ParagraphView, ...]:
    if pair.paragraphs:
        return _from_paragraph_pairs(pair.paragraphs)
    return _from_flat_redline(pair)


def _share_a_row(deleted: ParagraphView, inserted: ParagraphView) -> bool:
    return (
        deleted.change is ParagraphChange.DELETED
        and inserted.change is ParagraphChange.INSERTED
        and not (inserted.part_start or deleted.elsewhere or inserted.elsewhere)
    )


def _columns(segments: tuple[Segment, ...]) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    return (
        tuple(segment for segment in segments if segment.tag is not DiffTag.INSERT),
        tuple(segment for segment in segments if segment.tag is not DiffTag.DELETE),
    )


def _from_paragraph_pairs(paragraphs: tuple[ParagraphPair, ...]) -> tuple[ParagraphView, ...]:
    views = []
    old_member = new_member = None
    for index, paragraph in enumerate(paragraphs):
        starts = []
        if paragraph.new_article is not None and paragraph.new_article != new_member:
            if index and new_member is not None:
                starts.append(f"new article {paragraph.new_article}")
            new_member = paragraph.new_article
        if paragraph.old_article is not None and paragraph.old_article != old_member:
            if index and old_member is not None:
                starts.append(f"old article {paragraph.old_article}")
            old_member = paragraph.old_article
        inline = tuple(Segment(tag, text) for tag, text in paragraph.diff.segments())
        old, new = _columns(inline)
        elsewhere = label = None
        if paragraph.elsewhere is not None:
            to_new = paragraph.new_article is None  # left this pair: its other place is in the new version
            elsewhere = article_anchor("new" if to_new else "old", paragraph.elsewhere)
            label = f"{'moved to' if to_new else 'moved from'} Article {paragraph.elsewhere}"
        views.append(
            ParagraphView(
                change=paragraph.change,
                old_label=paragraph.old_number,
                new_label=paragraph.new_number,
                part_start="; ".join(starts) or None,
                old=old,
                new=new,
                inline=inline,
                elsewhere=elsewhere,
                elsewhere_label=label,
                marker=_marker_segments(paragraph),
            )
        )
    return tuple(views)


def _marker_segments(paragraph: ParagraphPair) -> tuple[Segment, ...]:
    """The paragraph markers ("4.", "2)"), which its diff leaves out: kept, or one replaced by the other."""
    old = f"{paragraph.old_marker} " if paragraph.old_marker else ""
    new = f"{paragraph.new_marker} " if paragraph.new_marker else ""
    if old == new:
        return (Segment(DiffTag.EQUAL, old),) if old else ()
    return tuple(segment for segment in (Segment(DiffTag.DELETE, old), Segment(DiffTag.INSERT, new)) if segment.text)


def _from_flat_redline(pair: ArticlePair) -> tuple[ParagraphView, ...]:
    """A pair without paragraph pairs (the preamble): one block per member article."""
    if pair.diff is None:
        return ()
    blocks: list[tuple[str | None, list[Segment]]] = [(None, [])]
    for item in pair.redline():
        if isinstance(item, PartStart):
            blocks.append((f"{item.side} article {item.article}", []))
        else:
            blocks[-1][1].append(Segment(*item))
    views = []
    for start, segments in blocks:
        if not segments and start is None:
            continue
        inline = tuple(segments)
        old, new = _columns(inline)
        views.append(ParagraphView(_block_change(inline), None, None, start, old, new, inline))
    return tuple(views)


def _block_change(inline: tuple[Segment, ...]) -> ParagraphChange:
    """A block of a flat redline: all deleted (a repeal), all inserted (an addition), amended or kept."""
    tags = {segment.tag for segment in inline}
    if tags == {DiffTag.DELETE}:
        return ParagraphChange.DELETED
    if tags == {DiffTag.INSERT}:
        return ParagraphChange.INSERTED
    return ParagraphChange.KEPT if tags <= {DiffTag.EQUAL} else ParagraphChange.AMENDED


def _redlines(
    comparison: Comparison, options: ReportOptions, preamble: PairView | None, articles: tuple[PairView, ...]
) -> tuple[PairView, ...]:
    everything = ((comparison.preamble, preamble),) if comparison.preamble and preamble else ()
    everything += tuple(zip(comparison.articles, articles))
    if options.article is not None:
        wanted = options.article
        return tuple(view for pair, view in everything if wanted in pair.old_numbers or wanted in pair.new_numbers)
    drawn = {id(pair) for pair in comparison.redline_pairs(options.show)}
    return tuple(view for pair, view in everything if id(pair) in drawn)


# --- cross-references ----------------------------------------------------------------------


REFERENCE_PROBLEM_ORDER = (ReferenceCheck.STALE, ReferenceCheck.DANGLING, ReferenceCheck.REPEALED_TARGET)
"""The order a report lists problems in: a renumbering the text missed first, then a reference
that cannot resolve, then one citing a repealed article."""

FOUND = "found"
EXTERNAL = "external"
REFERENCE_FIGURES = {
    FOUND: "Internal cross-references found and checked: one per article cited (a list counts each number written, a range of articles once).",
    EXTERNAL: "Citations of another act's articles (\"Article 5 of the Law on ...\"): counted, not checked, since their numbers are that act's.",
}
"""The two figures of a references section that are not a check (a check's meaning is ``ReferenceCheck.definition``)."""


def references_view(
    report: ReferenceReport,
    document: Document,
    *,
    compared: bool = False,
    show_all: bool = False,
    within: frozenset[str] | None = None,
) -> ReferencesView:
    """The references of ``document`` as ``report`` found them: ``compared``, the new version's in
    a comparison (every check counted), else one version's alone (the checks it can show, and its warnings).
    ``within``: only the references standing in these article keys (``--article``); the external
    citations are then not counted."""
    rows = [
        _reference_row(finding)
        for finding in report.findings
        if within is None or _citing_key(finding.reference) in within
    ]
    rank = {check: index for index, check in enumerate(REFERENCE_PROBLEM_ORDER)}
    problems = sorted((row for row in rows if row.check.problem), key=lambda row: rank.get(row.check, len(rank)))
    ordered = (*problems, *(row for row in rows if not row.check.problem))
    tally = Counter(row.check for row in rows)
    external = report.external if within is None else None
    counts = (
        ReferenceCountView(FOUND, len(rows), REFERENCE_FIGURES[FOUND], False),
        *(
            ReferenceCountView(check.value, tally[check], check.definition, check.problem)
            for check in ReferenceCheck
            if compared or not check.needs_old_version
        ),
        ReferenceCountView(EXTERNAL, external, REFERENCE_FIGURES[EXTERNAL], False),
    )
    return ReferencesView(
        source=document.source,
        language=document.language,
        warnings=() if compared else document.warnings,
        counts=counts,
        rows=ordered,
        listed=ordered if show_all else tuple(problems),
        summary=_references_summary(counts),
    )


def _comparison_references(comparison: Comparison, options: ReportOptions, redlines: tuple[PairView, ...]) -> ReferencesView | None:
    """The comparison's references, if checked; with ``--article`` those standing in that article."""
    if comparison.references is None:
        return None
    within = frozenset(ref.key for view in redlines for ref in view.pair.new) if options.article is not None else None
    return references_view(comparison.references, comparison.new, compared=True, show_all=options.show == "all", within=within)


def _citing_key(reference: Reference) -> str:
    return article_key(reference.source, reference.source_domain)


def _citing_place(reference: Reference) -> str:
    """"41(3)" in a numbered paragraph; "41 ¶2" in the second (unnumbered) one; "41" in the first."""
    key = _citing_key(reference)
    if reference.source_paragraph is not None:
        return f"{key}({reference.source_paragraph})"
    return f"{key} ¶{reference.paragraph_index + 1}" if reference.paragraph_index else key


def _reference_row(finding: ReferenceFinding) -> ReferenceRow:
    old = finding.old_reference
    return ReferenceRow(
        finding=finding,
        citing=_citing_place(finding.reference),
        citing_article=_citing_key(finding.reference),
        old_citing=_citing_place(old) if old else None,
        old_citing_article=_citing_key(old) if old else None,
        citing_anchor=article_anchor("new", _citing_key(finding.reference)),
        target_anchor=article_anchor("new", finding.reference.article),
    )


def _references_summary(counts: tuple[ReferenceCountView, ...]) -> str:
    """"34 references found: 17 resolved, 15 updated, 1 stale, …; 2 citations of other acts, not checked."""
    found, *checks, external = counts
    text = f"{found.count} reference{'' if found.count == 1 else 's'} found"
    if found.count:
        text += ": " + ", ".join(f"{count.count} {count.key}" for count in checks)
    if external.count is not None:
        text += f"; {external.count} citation{'' if external.count == 1 else 's'} of other acts, not checked"
    return text + "."
