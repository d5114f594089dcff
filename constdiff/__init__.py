"""constdiff: how a constitution changed between versions.

The pipeline, one module per stage: load → parse → align → diff → classify → measure → render.
The library face is three functions; everything they return is a frozen dataclass of
``constdiff.model``:

>>> import constdiff
>>> old = constdiff.parse_text("Article 1\\nPower belongs to the people.\\n", profile=constdiff.load_profile("en"))
>>> new = constdiff.parse_text("Article 1\\nPower belongs to the nation.\\n", profile=constdiff.load_profile("en"))
>>> [pair.change.value for pair in constdiff.compare(old, new).articles]
['amended']
"""

__version__ = "0.1.0"

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from constdiff.lineage import history, history_from_git
    from constdiff.model import ArticleChange, Comparison, Document, History, Lineage, SectionChange, Version
    from constdiff.parse import parse_text
    from constdiff.pipeline import compare, compare_files, read_document
    from constdiff.profiles import load_profile

# The library face, imported when first used: ``import constdiff.load.pdf_layout`` (or any one
# stage) must not import the parser and every other stage with it.
_FACE = {
    "ArticleChange": "constdiff.model",
    "Comparison": "constdiff.model",
    "Document": "constdiff.model",
    "History": "constdiff.model",
    "Lineage": "constdiff.model",
    "Version": "constdiff.model",
    "SectionChange": "constdiff.model",
    "compare": "constdiff.pipeline",
    "compare_files": "constdiff.pipeline",
    "history": "constdiff.lineage",
    "history_from_git": "constdiff.lineage",
    "load_profile": "constdiff.profiles",
    "parse_text": "constdiff.parse",
    "read_document": "constdiff.pipeline",
}

__all__ = sorted(_FACE)


def __getattr__(name: str) -> Any:
    if name not in _FACE:
        raise AttributeError(f"module 'constdiff' has no attribute {name!r}")
    value = getattr(import_module(_FACE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FACE})
