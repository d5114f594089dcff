"""The comparison as Markdown: for a pull-request comment, a wiki page or a newsroom draft.

Redlines use ``<del>``/``<ins>``, which Markdown renderers pass through and which
survive whitespace at the edge of a change (``~~ x~~`` does not).
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from constdiff.model import ArticlePair, Comparison, DiffTag, PartStart, SectionPair, SectionRef
from constdiff.report.terminal import SUMMARY_MEASURES, pair_label, section_name, shows_kinds

_CELL_ESCAPES = str.maketrans({"|": "\\|", "\n": " "})


def render_markdown(comparison: Comparison, *, show: str = "changed") -> str:
    parts = [_summary(comparison)]
    if comparison.warnings:  # they change what the figures mean: right under the title
        parts.append("## Warnings\n\n" + "\n".join(f"- {_cell(warning)}" for warning in comparison.warnings))
    parts += [_sections(comparison.sections), _articles(comparison.articles)]
    if show != "none":
        parts.append(_redlines(comparison.redline_pairs(show)))
    return "\n\n".join(part for part in parts if part) + "\n"


def _cell(text: str | None) -> str:
    return (text or "").translate(_CELL_ESCAPES)


def _summary(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    lines = [
        f"# {_cell(old.title or old.source)} → {_cell(new.title or new.source)}",
        "",
        f"`{old.source}` → `{new.source}`",
        "",
        "| Measure | Value | Definition |",
        "|---|---:|---|",
    ]
    for key in SUMMARY_MEASURES:
        measure = comparison.measure(key)
        lines.append(f"| {measure.label} | {measure.formatted} | {_cell(measure.definition)} |")
    counts = ", ".join(
        f"{measure.value:g} {measure.key.removeprefix('articles_')}"
        for measure in comparison.measures
        if measure.key.startswith("articles_")
    )
    sections = ", ".join(
        f"{measure.value:g} {measure.key.removeprefix('sections_')}"
        for measure in comparison.measures
        if measure.key.startswith("sections_") and measure.value
    )
    lines += ["", f"Articles: {counts}.", f"Sections: {sections}."]
    if comparison.preamble:
        lines.append(f"Preamble: {comparison.preamble.change.value}.")
    return "\n".join(lines)


def _sections(sections: Iterable[SectionPair]) -> str:
    lines = ["## Section map", "", "| Old | New | Status | Articles changed | Words −/+ |", "|---|---|---|---:|---:|"]
    sections = tuple(sections)
    with_kind = shows_kinds(sections)
    for section in sections:
        old, new = _section_cell(section.old, with_kind), _section_cell(section.new, with_kind)
        lines.append(f"| {old} | {new} | {section.label} | {section.articles_changed} | −{section.words_deleted} / +{section.words_inserted} |")
    return "\n".join(lines)


def _section_cell(refs: tuple[SectionRef, ...], with_kind: bool) -> str:
    """Sub-divisions indented with em spaces: Markdown tables drop leading blanks."""
    return " / ".join(
        "&emsp;" * ref.level + f"{section_name(ref, with_kind)} {_cell(ref.title)}".strip() for ref in refs
    ) or "—"


def _articles(pairs: Iterable[ArticlePair]) -> str:
    lines = ["## Articles", "", "| Old | New | Status | Similarity | Words −/+ | Why |", "|---|---|---|---:|---:|---|"]
    for pair in pairs:
        similarity = f"{pair.similarity:.0%}" if pair.old and pair.new else ""
        lines.append(
            f"| {', '.join(pair.old_numbers) or '—'} | {', '.join(pair.new_numbers) or '—'} | {pair.change.value} "
            f"| {similarity} | −{pair.words_deleted} / +{pair.words_inserted} | {_cell(pair.reason)} |"
        )
    return "\n".join(lines)


def _redlines(pairs: Iterable[ArticlePair]) -> str:
    blocks = ["## Redlines"]
    for pair in pairs:
        blocks.append(f"### {pair_label(pair)}")
        if pair.diff is not None:
            blocks.append(redline_html(pair))
    return "\n\n".join(blocks)


def redline_html(pair: ArticlePair) -> str:
    """Inline HTML: ``<del>`` and ``<ins>`` around changes, ``<br>`` at line ends."""
    out = []
    for item in pair.redline():
        if isinstance(item, PartStart):
            out.append(f"<b>▸ {item.side} article {escape(item.article)}</b><br>\n")
            continue
        tag, text = item
        html = escape(text, quote=False).replace("\n", "<br>\n")
        out.append(html if tag is DiffTag.EQUAL else f"<{_HTML_TAGS[tag]}>{html}</{_HTML_TAGS[tag]}>")
    return "".join(out)


_HTML_TAGS = {DiffTag.DELETE: "del", DiffTag.INSERT: "ins"}
