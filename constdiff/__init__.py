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

from constdiff.model import ArticleChange, Comparison, Document, SectionChange  # noqa: E402
from constdiff.parse import parse_text  # noqa: E402
from constdiff.pipeline import compare, compare_files, read_document  # noqa: E402
from constdiff.profiles import load_profile  # noqa: E402

__all__ = [
    "ArticleChange",
    "Comparison",
    "Document",
    "SectionChange",
    "compare",
    "compare_files",
    "load_profile",
    "parse_text",
    "read_document",
]
