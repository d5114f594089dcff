"""Renderers: turn model objects into terminal output or files. They compute nothing."""
