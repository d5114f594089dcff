"""CI gates: which findings make ``constdiff diff`` exit with status 1.

Without gates, any difference does (as diff(1)). With gates, only a tripped
gate does, so a pipeline can allow editorial changes but fail on a repeal.
"""

from __future__ import annotations

from dataclasses import dataclass

from constdiff.errors import ConstdiffError
from constdiff.model import ArticleChange, Comparison

DEFAULT_MEASURE = "old_words_deleted_pct"


class GateError(ConstdiffError):
    """A gate is misconfigured (unknown class or measure)."""


@dataclass(frozen=True)
class Gates:
    fail_on: frozenset[ArticleChange] = frozenset()
    max_changed: float | None = None
    measure: str = DEFAULT_MEASURE

    @property
    def active(self) -> bool:
        return bool(self.fail_on) or self.max_changed is not None


def parse_fail_on(value: str | list[str] | None) -> frozenset[ArticleChange]:
    """``added,repealed`` (or a list) → change classes; an unknown name is an error naming the choices."""
    if not value:
        return frozenset()
    names = value.split(",") if isinstance(value, str) else value
    classes = set()
    for name in (str(name).strip().lower() for name in names):
        if not name:
            continue
        try:
            classes.add(ArticleChange(name))
        except ValueError:
            choices = ", ".join(change.value for change in ArticleChange)
            raise GateError("--fail-on", f"unknown class '{name}' (choose from {choices})") from None
    return frozenset(classes)


def tripped(comparison: Comparison, gates: Gates) -> list[str]:
    """One message per tripped gate, with the figure that tripped it."""
    messages = []
    for change in sorted(gates.fail_on, key=list(ArticleChange).index):
        pairs = [pair for pair in comparison.articles if pair.change is change and pair.counted]
        if pairs:
            numbers = ", ".join("+".join(pair.old_numbers or pair.new_numbers) for pair in pairs[:10])
            more = f" and {len(pairs) - 10} more" if len(pairs) > 10 else ""
            messages.append(f"{len(pairs)} article(s) {change.value}: {numbers}{more}")
    if gates.max_changed is not None:
        try:
            measure = comparison.measure(gates.measure)
        except KeyError:
            raise GateError("--max-changed", f"no measure named '{gates.measure}'") from None
        if measure.value > gates.max_changed:
            messages.append(f"{measure.label}: {measure.value:g}% is over the {gates.max_changed:g}% limit")
    return messages
