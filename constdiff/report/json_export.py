"""The comparison as JSON (schema ``constdiff/1``, published in ``data/schema/``).

Output is deterministic: the same inputs give byte-identical JSON (fixed key
order, no timestamps), so it can be committed, diffed and cached.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from constdiff import __version__
from constdiff.model import (
    ArticlePair,
    ArticleRef,
    Comparison,
    DiffTag,
    Division,
    Document,
    LinkEvidence,
    Measure,
    ParagraphPair,
    Reference,
    SectionPair,
    SectionRef,
    WordDiff,
)
from constdiff.report.view import ReferenceRow, ReferencesView, ReportView

SCHEMA_ID = "constdiff/1"
REFS_SCHEMA_ID = "constdiff-refs/1"


def comparison_dict(comparison: Comparison, view: ReportView | None = None) -> dict[str, Any]:
    """The whole comparison; with a ``view``, the pairs its options select (``--article``),
    word-diff ops only for the pairs whose redlines it asks for (``--show``), and the checked
    cross-references when it has them (``--refs``: the optional ``references`` member)."""
    selected = dict((id(pair), drawn) for pair, drawn in view.exported()) if view else None

    def chosen(pair: ArticlePair) -> bool:
        return selected is None or id(pair) in selected

    def pair(pair: ArticlePair) -> dict[str, Any]:
        return _pair(pair, with_ops=selected is None or selected[id(pair)])

    document = {
        "schema": SCHEMA_ID,
        "generator": f"constdiff {__version__}",
        "old": _document(comparison.old),
        "new": _document(comparison.new),
        "has_differences": comparison.has_differences,
        "measures": [_measure(measure) for measure in comparison.measures],
        "sections": [_section(section) for section in comparison.sections],
        "preamble": pair(comparison.preamble) if comparison.preamble and chosen(comparison.preamble) else None,
        "articles": [pair(item) for item in comparison.articles if chosen(item)],
        "warnings": list(comparison.warnings),
        "preamble_not_found": list(comparison.preamble_not_found),
    }
    if view is not None and view.references is not None:
        document["references"] = references_dict(view.references)
    return document


def render_json(view: ReportView) -> str:
    """Laid out to one line per measure, section, article pair and outline division: a diff of
    two reports reads pair by pair, and the pieces go through json's C encoder (``indent=``
    would fall back to the pure-Python one, 4x slower)."""
    return _laid_out(comparison_dict(view.comparison, view), 0) + "\n"


def render_references_json(references: ReferencesView) -> str:
    """One version's references (``constdiff refs``), schema ``constdiff-refs/1``."""
    document = {
        "schema": REFS_SCHEMA_ID,
        "generator": f"constdiff {__version__}",
        "source": references.source,
        "language": references.language,
        "warnings": list(references.warnings),
        "references": references_dict(references),
    }
    return _laid_out(document, 0) + "\n"


def references_dict(references: ReferencesView) -> dict[str, Any]:
    """The figures, what each means, and every finding (problems first)."""
    return {
        "source": references.source,
        "counts": {count.key: count.count for count in references.counts},
        "definitions": {count.key: count.definition for count in references.counts},
        "findings": [_finding(row) for row in references.rows],
    }


def _finding(row: ReferenceRow) -> dict[str, Any]:
    finding = row.finding
    return {
        "check": finding.check.value,
        "problem": finding.check.problem,
        "citing": row.citing,
        "reason": finding.reason,
        "expected": finding.expected,
        "reference": _reference(finding.reference),
        "old_reference": _reference(finding.old_reference) if finding.old_reference else None,
    }


def _reference(reference: Reference) -> dict[str, Any]:
    return {
        "source": reference.source,
        "source_domain": reference.source_domain,
        "source_paragraph": reference.source_paragraph,
        "paragraph_index": reference.paragraph_index,
        "start": reference.start,
        "end": reference.end,
        "text": reference.text,
        "article": reference.article,
        "through": reference.through,
        "paragraph": reference.paragraph,
        "item": reference.item,
        "relative": reference.relative,
        "target": reference.target,
    }


def _laid_out(value: Any, depth: int, margin: str = "") -> str:
    """Objects down to depth 1 and lists of objects down to depth 2 one member per line; the rest compact."""
    inner = margin + "  "
    if depth < 2 and isinstance(value, dict) and value:
        fields = ",\n".join(f"{inner}{_compact(key)}: {_laid_out(item, depth + 1, inner)}" for key, item in value.items())
        return "{\n" + fields + "\n" + margin + "}"
    if depth < 3 and isinstance(value, list) and value and isinstance(value[0], dict):
        items = ",\n".join(inner + _laid_out(item, depth + 1, inner) for item in value)
        return "[\n" + items + "\n" + margin + "]"
    return _compact(value)


_compact = json.JSONEncoder(ensure_ascii=False).encode
"""``json.dumps(value, ensure_ascii=False)``, with the encoder made once rather than per piece."""


def _document(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "language": document.language,
        "title": document.title,
        "metadata": {entry.key: entry.value for entry in document.metadata},
        "counts": document.counts(),
        "outline": [_division(division) for division in document.top_divisions()],
    }


def _division(division: Division) -> dict[str, Any]:
    return {
        "kind": division.kind,
        "number": division.number,
        "title": division.title,
        "lines": [division.span.first, division.span.last],
        "articles": [article.number for article in division.articles()],
        "divisions": [_division(child) for child in division.children if isinstance(child, Division)],
    }


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "key": measure.key,
        "label": measure.label,
        "value": measure.value,
        "unit": measure.unit,
        "definition": measure.definition,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
    }


def _section(section: SectionPair) -> dict[str, Any]:
    place = section.place
    return {
        "old": [_section_ref(ref) for ref in section.old],
        "new": [_section_ref(ref) for ref in section.new],
        "status": section.change.value,
        "kind": place.kind,
        "level": place.level,
        "parent": list(place.path),
        "title_similarity": section.title_similarity,
        "shared_articles": section.shared_articles,
        "reason": section.reason,
        "old_words": section.old_words,
        "words_deleted": section.words_deleted,
        "words_inserted": section.words_inserted,
        "articles_changed": section.articles_changed,
        "content": asdict(section.content),
    }


def _section_ref(ref: SectionRef) -> dict[str, Any]:
    return {"number": ref.number, "title": ref.title, "parent": list(ref.path)}


def _ref(ref: ArticleRef) -> dict[str, Any]:
    return {"number": ref.number, "section": ref.section, "domain": ref.domain}


def diff_ops(diff: WordDiff | None) -> list[dict[str, str]]:
    """A word diff as constdiff/1 writes it (a history's story too): runs of kept, deleted and inserted text."""
    return [] if diff is None else [{"op": _OP_NAMES[tag], "text": text} for tag, text in diff.segments()]


def _pair(pair: ArticlePair, *, with_ops: bool = True) -> dict[str, Any]:
    """``with_ops`` false (a pair ``--show`` leaves out): no word-diff ops, for the pair or its paragraphs."""
    return {
        "old": [_ref(ref) for ref in pair.old],
        "new": [_ref(ref) for ref in pair.new],
        "status": pair.change.value,
        "similarity": pair.similarity,
        "reason": pair.reason,
        "renumbered": pair.renumbered,
        "moved_section": pair.moved_section,
        "moved": pair.moved,
        "evidence": _evidence(pair.evidence),
        "words_deleted": pair.words_deleted,
        "words_inserted": pair.words_inserted,
        "ops": diff_ops(pair.diff) if with_ops else [],
        "part_starts": [{"side": start.side, "article": start.article, "offset": start.offset} for start in pair.part_starts],
        "paragraphs": [_paragraph(paragraph, with_ops) for paragraph in pair.paragraphs],
    }


def _paragraph(paragraph: ParagraphPair, with_ops: bool) -> dict[str, Any]:
    return {
        "status": paragraph.change.value,
        "old_article": paragraph.old_article,
        "new_article": paragraph.new_article,
        "old_number": paragraph.old_number,
        "new_number": paragraph.new_number,
        "old_marker": paragraph.old_marker,
        "new_marker": paragraph.new_marker,
        "elsewhere": paragraph.elsewhere,
        "ops": diff_ops(paragraph.diff) if with_ops else [],
    }


def _evidence(evidence: LinkEvidence | None) -> dict[str, Any] | None:
    """The aligner's component scores for the pair (null for unpaired articles)."""
    if evidence is None:
        return None
    return {
        "method": evidence.method,
        "content": evidence.content,
        "same_number": evidence.same_number,
        "number_follows": evidence.number_follows,
        "in_order": evidence.in_order,
        "share": evidence.share,
    }


_OP_NAMES = {DiffTag.EQUAL: "equal", DiffTag.DELETE: "delete", DiffTag.INSERT: "insert"}
