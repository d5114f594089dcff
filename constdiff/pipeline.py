"""The pipeline as a library: file → Document, and (later stages) two Documents → Comparison."""

from __future__ import annotations

from constdiff.load import load_source
from constdiff.model import Document
from constdiff.parse import parse_text
from constdiff.profiles import Profile, load_profile

AUTO = "auto"


def choose_profile(language: str = AUTO, profile_path: str | None = None) -> Profile | None:
    """A user's profile file wins over a language code; ``None`` means detect per document."""
    if profile_path:
        return load_profile(profile_path)
    return None if language == AUTO else load_profile(language)


def read_document(source: str, *, language: str = AUTO, profile_path: str | None = None) -> Document:
    """Load and parse one version (a path, or ``-`` for standard input)."""
    loaded = load_source(source)
    document = parse_text(loaded.text, source=source, profile=choose_profile(language, profile_path))
    if loaded.warnings:
        document = _with_warnings(document, loaded.warnings)
    return document


def _with_warnings(document: Document, warnings: tuple[str, ...]) -> Document:
    from dataclasses import replace

    return replace(document, warnings=warnings + document.warnings)
