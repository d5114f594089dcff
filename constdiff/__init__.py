"""constdiff: how a constitution changed between versions.

The pipeline, one module per stage: load → parse → align → diff → measure → render.
"""

__version__ = "0.1.0"
