"""``constdiff stats --explain``: every measure with its definition, and for a share the
two counts it was made of, so a reader can tell which "percent changed" answers a claim."""

from __future__ import annotations

import textwrap
from typing import Iterable

from constdiff.model import Measure

WIDTH = 80
INDENT = "  "


def explain_measures(measures: Iterable[Measure]) -> str:
    """One block per measure: key and value; its label, for a share with "numerator of denominator"; the definition."""
    return "\n\n".join(_block(measure) for measure in measures) + "\n"


def _block(measure: Measure) -> str:
    label = measure.label
    if measure.numerator is not None and measure.denominator is not None:
        label += f": {measure.numerator:,.0f} of {measure.denominator:,.0f}"
    lines = [f"{measure.key} = {measure.formatted}", INDENT + label]
    lines += textwrap.wrap(measure.definition, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT)
    return "\n".join(lines)
