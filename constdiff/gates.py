"""CI gates: which findings make ``constdiff diff`` exit with status 1.

Without gates, any difference does (as diff(1)). With gates, only a tripped
gate does, so a pipeline can allow editorial changes but fail on a repeal,
or on a cross-reference the renumbering left stale (``stale-refs``).
"""

from __future__ import annotations

from dataclasses import dataclass

from constdiff.errors import ConstdiffError
from constdiff.model import ArticleChange, Comparison, ReferenceCheck

DEFAULT_MEASURE = "old_words_deleted_pct"
REFERENCE_GATE_SUFFIX = "-refs"
"""``--fail-on`` names a reference check as its value and this: ``stale-refs``, ``dangling-refs``."""
REFERENCE_GATES = {f"{check.value}{REFERENCE_GATE_SUFFIX}": check for check in ReferenceCheck if check.problem}
"""The reference checks a gate can fail on: those that are a problem for a drafter."""
MESSAGE_NUMBERS = 10
"""How many article numbers (or references) a tripped gate's message names before "and N more"."""


class GateError(ConstdiffError):
    """A gate is misconfigured (unknown class or measure)."""


@dataclass(frozen=True)
class Gates:
    fail_on: frozenset[ArticleChange | ReferenceCheck] = frozenset()
    max_changed: float | None = None
    measure: str = DEFAULT_MEASURE

    @property
    def active(self) -> bool:
        return bool(self.fail_on) or self.max_changed is not None

    @property
    def checks_references(self) -> bool:
        """A reference gate needs the references checked: it turns the check on (``--refs``)."""
        return any(isinstance(item, ReferenceCheck) for item in self.fail_on)


def parse_fail_on(value: str | list[str] | None) -> frozenset[ArticleChange | ReferenceCheck]:
    """``added,repealed,stale-refs`` (or a list) → change classes and reference checks; an unknown
    name is an error naming the choices."""
    if not value:
        return frozenset()
    names = value.split(",") if isinstance(value, str) else value
    chosen: set[ArticleChange | ReferenceCheck] = set()
    for name in (str(name).strip().lower() for name in names):
        if not name:
            continue
        if name in REFERENCE_GATES:
            chosen.add(REFERENCE_GATES[name])
            continue
        try:
            chosen.add(ArticleChange(name))
        except ValueError:
            choices = ", ".join([change.value for change in ArticleChange] + list(REFERENCE_GATES))
            raise GateError("--fail-on", f"unknown class '{name}' (choose from {choices})") from None
    return frozenset(chosen)


def tripped(comparison: Comparison, gates: Gates) -> list[str]:
    """One message per tripped gate, with the figure that tripped it."""
    messages = []
    for change in (change for change in ArticleChange if change in gates.fail_on):
        pairs = [pair for pair in comparison.articles if pair.change is change and pair.counted]
        if pairs:
            numbers = ", ".join("+".join(pair.old_numbers or pair.new_numbers) for pair in pairs[:MESSAGE_NUMBERS])
            messages.append(f"{len(pairs)} article(s) {change.value}: {numbers}{_more(len(pairs))}")
    checks = [check for check in ReferenceCheck if check in gates.fail_on]
    report = comparison.references
    if checks and report is None:
        raise GateError("--fail-on", f"{checks[0].value}{REFERENCE_GATE_SUFFIX} needs the cross-references checked (compare(..., references=True))")
    for check in checks:
        findings = [finding for finding in report.findings if finding.check is check] if report else []
        if findings:
            cited = ", ".join(
                f"{finding.reference.source} → {finding.reference.target}" + (f" (should cite {finding.expected})" if finding.expected else "")
                for finding in findings[:MESSAGE_NUMBERS]
            )
            messages.append(f"{len(findings)} reference(s) {check.value}: {cited}{_more(len(findings))}")
    if gates.max_changed is not None:
        try:
            measure = comparison.measure(gates.measure)
        except KeyError:
            raise GateError("--max-changed", f"no measure named '{gates.measure}'") from None
        if measure.value > gates.max_changed:
            messages.append(f"{measure.label}: {measure.value:g}% is over the {gates.max_changed:g}% limit")
    return messages


def _more(count: int) -> str:
    return f" and {count - MESSAGE_NUMBERS} more" if count > MESSAGE_NUMBERS else ""
