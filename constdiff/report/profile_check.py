"""``constdiff profile check`` as plain lines of text."""

from __future__ import annotations

from constdiff.profilecheck import SHOWN_PER_KIND, FoundHeading, ProfileCheck


def render_profile_check(check: ProfileCheck) -> str:
    lines = [f"ok: {check.summary}"]
    if check.source is None:
        return "\n".join(lines) + "\n"
    lines.append(f"{check.source}:")
    if check.problem:
        lines.append(f"  {check.problem}")
    for kind, headings in check.headings:
        shown = ", ".join(_heading(heading) for heading in headings[:SHOWN_PER_KIND])
        more = f", … ({len(headings) - SHOWN_PER_KIND} more)" if len(headings) > SHOWN_PER_KIND else ""
        lines.append(f"  {kind} headings: {len(headings)}" + (f" — {shown}{more}" if headings else ""))
    if check.verdict is not None:
        lines.append(f"  {'plausible' if check.verdict.plausible else 'implausible'}: {check.verdict.sentence()}")
    if check.unmatched:
        lines.append("  lines that look like headings but matched nothing:")
        lines += [f"    line {number}: {text}" for number, text in check.unmatched]
    return "\n".join(lines) + "\n"


def _heading(heading: FoundHeading) -> str:
    label = " ".join(part for part in (heading.number, heading.title) if part) or "(untitled)"
    return f"{label} (line {heading.line})"
