"""Every change class has its meaning in one place and a look in every report: a new class cannot
be added to the enum and forgotten by a renderer, the schema or the measures."""

from __future__ import annotations

import json

import pytest

from constdiff.model import ArticleChange
from constdiff.profiles import data_dir
from constdiff.report import html_export
from constdiff.report.terminal import ARTICLE_STYLES


@pytest.mark.parametrize("change", list(ArticleChange), ids=lambda change: change.value)
def test_each_class_has_a_definition_a_style_a_schema_entry_and_a_css_class(change: ArticleChange) -> None:
    assert change.definition.endswith(".") and len(change.definition) > 30
    assert isinstance(change.substantive, bool) and isinstance(change.changes_text, bool)
    assert change in ARTICLE_STYLES
    schema = json.loads((data_dir() / "schema" / "constdiff-1.schema.json").read_text(encoding="utf-8"))
    assert change.value in schema["$defs"]["pair"]["properties"]["status"]["enum"]
    assert f".s-{change.value}" in html_export.STYLE


def test_substantive_classes_change_text_and_relocations_do_not() -> None:
    assert all(change.changes_text for change in ArticleChange if change.substantive)
    assert not ArticleChange.RENUMBERED.changes_text and not ArticleChange.MOVED.changes_text
    assert ArticleChange.EDITORIAL.changes_text and not ArticleChange.EDITORIAL.substantive
