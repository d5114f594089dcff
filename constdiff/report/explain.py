"""The ``stats`` command's outputs: one line, JSON, or ``--explain`` (each measure with its
definition, and for a share the two counts it was made of, so a reader can tell which
"percent changed" answers a claim)."""

from __future__ import annotations

import json
import textwrap

from constdiff.report.view import MeasureView, ReportView

WIDTH = 80
INDENT = "  "
STATS_SCHEMA = "constdiff-stats/1"


def render_stats_line(view: ReportView) -> str:
    """``key=value`` for scripts: counts in full (``:g`` alone would write 1.23457e+06 words)."""
    return " ".join(f"{measure.key}={_figure(measure.measure.value)}" for measure in view.all_measures) + "\n"


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def render_stats_json(view: ReportView) -> str:
    measures = {
        item.key: {
            "value": item.measure.value,
            "unit": item.measure.unit,
            "definition": item.definition,
            "numerator": item.measure.numerator,
            "denominator": item.measure.denominator,
        }
        for item in view.all_measures
    }
    return json.dumps({"schema": STATS_SCHEMA, "measures": measures}, ensure_ascii=False, indent=2) + "\n"


def render_explanation(view: ReportView) -> str:
    """One block per measure: key and value; its label, for a share with "numerator of denominator"; the definition."""
    return "\n\n".join(_block(measure) for measure in view.all_measures) + "\n"


def _block(measure: MeasureView) -> str:
    label = measure.label
    if measure.numerator is not None and measure.denominator is not None:
        label += f": {measure.numerator} of {measure.denominator}"
    lines = [f"{measure.key} = {measure.formatted}", INDENT + label]
    lines += textwrap.wrap(measure.definition, WIDTH, initial_indent=INDENT, subsequent_indent=INDENT)
    return "\n".join(lines)
