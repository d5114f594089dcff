"""The outline of one parsed version, as a Rich tree or JSON (``constdiff parse``).

The figures are the document's own (``Document.counts``), counted by the same rule as a
comparison's, so an outline and a report of the same text agree.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from rich.tree import Tree

from constdiff.model import Article, ArticleStatus, Document, Node, Note, Paragraph, Span
from constdiff.worddiff import count_words

OUTLINE_SCHEMA = "constdiff-outline/1"


def render_outline_json(document: Document) -> str:
    return json.dumps(outline_dict(document), ensure_ascii=False, indent=2) + "\n"


def outline_dict(document: Document) -> dict[str, Any]:
    return {
        "schema": OUTLINE_SCHEMA,
        "source": document.source,
        "language": document.language,
        "title": document.title,
        "metadata": {entry.key: entry.value for entry in document.metadata},
        "counts": {**document.counts(), "closing": len(document.closing)},
        "preamble": [_paragraph_dict(paragraph) for paragraph in document.preamble],
        "children": [_node_dict(node) for node in document.children],
        "notes": [_note_dict(note) for note in document.notes],
        "closing": [_paragraph_dict(paragraph) for paragraph in document.closing],
        "warnings": list(document.warnings),
    }


def _span(span: Span) -> list[int]:
    return [span.first, span.last]


def _note_dict(note: Note) -> dict[str, Any]:
    return {"marker": note.marker, "text": note.text, "lines": _span(note.span)}


def _paragraph_dict(paragraph: Paragraph) -> dict[str, Any]:
    return {"number": paragraph.number, "text": paragraph.full_text, "lines": _span(paragraph.span)}


def _node_dict(node: Node) -> dict[str, Any]:
    if isinstance(node, Article):
        return {
            "type": "article",
            "number": node.number,
            "domain": node.domain,
            "title": node.title,
            "status": node.status.value,
            "lines": _span(node.span),
            "paragraphs": [_paragraph_dict(paragraph) for paragraph in node.paragraphs],
            "notes": [_note_dict(note) for note in node.notes],
        }
    return {
        "type": "division",
        "kind": node.kind,
        "number": node.number,
        "title": node.title,
        "lines": _span(node.span),
        "paragraphs": [_paragraph_dict(paragraph) for paragraph in node.paragraphs],
        "notes": [_note_dict(note) for note in node.notes],
        "children": [_node_dict(child) for child in node.children],
    }


def outline_tree(document: Document) -> Tree:
    counts = document.counts()
    heading = Text.assemble(
        (document.title or document.source, "bold"),
        (f"  [{document.language}] ", "dim"),
        (f"{counts['divisions']} divisions, {counts['articles']} articles "
         f"({counts['repealed']} repealed), {counts['notes']} notes, {counts['words']:,} words", "cyan"),
    )
    tree = Tree(heading)
    for entry in document.metadata:
        tree.add(Text.assemble((f"{entry.key}: ", "dim"), entry.value))
    if document.preamble:
        words = count_words(document.preamble_text)
        tree.add(Text(f"Preamble ({len(document.preamble)} paragraphs, {words} words)", style="italic"))
    _add_children(tree, document.children)
    if document.closing:
        words = count_words("\n".join(paragraph.full_text for paragraph in document.closing))
        tree.add(Text(f"Closing ({len(document.closing)} paragraphs, {words} words)", style="italic"))
    for warning in document.warnings:
        tree.add(Text(f"warning: {warning}", style="yellow"))
    return tree


def _add_children(parent: Tree, children: tuple[Node, ...]) -> None:
    """Divisions as branches; each run of consecutive articles of one numbering domain on one line."""
    run: list[Article] = []
    for child in children:
        if isinstance(child, Article):
            if run and run[-1].domain != child.domain:
                parent.add(_article_run(run))
                run = []
            run.append(child)
            continue
        if run:
            parent.add(_article_run(run))
            run = []
        label = Text.assemble((child.label, "bold magenta"), (f"  {child.title}" if child.title else "", "magenta"))
        _add_children(parent.add(label), child.children)
    if run:
        parent.add(_article_run(run))


def _article_run(articles: list[Article]) -> Text:
    """Articles of one division on one wrapped line: numbers, with repealed ones struck through."""
    line = Text()
    for index, article in enumerate(articles):
        if index:
            line.append(" ")
        style = "strike dim" if article.status is ArticleStatus.REPEALED else "green"
        line.append(article.number, style=style)
        if article.notes:
            line.append(f"ⁿ{len(article.notes)}" if len(article.notes) > 1 else "ⁿ", style="dim")
    domain = f"({articles[0].domain}) " if articles[0].domain else ""
    return Text.assemble((f"Articles {domain}", "dim"), line)
