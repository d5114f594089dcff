"""How deep a web page will nest once parsed, found by one linear scan of its tags before Lexbor parses it.

Lexbor (like every HTML5 tree builder) walks the stack of open elements for many tokens:
a block start tag looks for an open ``<p>``, ``<li>`` and ``<dd>`` for open list items, a
stray end tag for its element, and a formatting element (``<b id=1>``) is compared with
every entry of the list of active formatting elements, which is rebuilt inside every new
paragraph.  Parse time grows with depth x tokens.  Measured with selectolax 0.3.x
(Lexbor), 10,000 then 20,000 repetitions: ``<div>`` 0.30 s → 1.29 s, ``<ul><li>`` 1.1 →
3.9 s, ``<blockquote>``, ``<section>``, ``<center>``, ``<pre>``, ``<dl><dd>``, ``<div/>``
alike; ``<b id=N>`` (distinct) 0.74 → 3.1 s; ``<p><b id=N>x`` 1,000 → 0.22 s, 2,000 →
0.72 s, 10,000 → 59 s; ``<span>`` x20,000 then as many stray ``</q>`` 2.3 s; a ``<select>``
of 20,000 options 3.7 s.  Fast (under 0.03 s for 20,000): identical ``<b>``, ``<span>``,
``<table>``, ``<table><tr><td>``, ``<a href>``, ``<p>``, ``<li>``, ``<tr>``, ``<svg><g>``,
``<math>``, ``<button>``, ``<object>``, ``<template>``, ``<h1>``, ``<form>``, ``<ruby>``.

So the scan models the parser just enough to know the depth: elements that the next one of
their kind closes (``<p>``, ``<li>``, ``<td>``...) weigh nothing, a block start closes an open
``<p>``, an end tag closes what was opened after its element, active formatting elements
count (three identical ones at most, as the parser keeps), ``<td>`` and ``<th>`` start
their own formatting list.  Scripts, styles and comments are skipped.  Its answer errs on
the deep side for exotic markup (nested tables without cells, CDATA in SVG), never on the
shallow side for the patterns above.

Depth alone does not bound the time: 900 open ``<span>`` and then 200,000 stray end tags
take 3.6 s, 999 open ``<ul>`` and then 200,000 closed ``<li>`` 4.6 s (2 MB; 50 MiB would take
minutes).  So the scan also adds up the work, the depth at every tag plus a constant per tag
scanned (and the options already in an open ``<select>``), and refuses a page whose work
exceeds ``WORK_PER_DEPTH`` tags at the full depth limit: about 1.5-3 s of Lexbor at worst
(10-20 ns per unit measured).  A 6.5 MB page built from kz-1995-2023.en.txt does 1.6 million
units; a 50 MiB page of that kind would do 13 million, a tenth of the budget.

Cost: 15 ms for the 165 KB page, 0.4 s for the 6.5 MB one, against 55 ms and 1.0 s for the
whole of ``load_html`` (a loaded machine; Lexbor alone takes 4 and 200 ms).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from constdiff.errors import InputError
from constdiff.limits import raise_hint, too_deep

WORK_PER_DEPTH = 150_000
"""Tags at the full depth limit a page may cost; raising ``--limit depth`` raises it with the limit."""
_TAG_WORK = 100  # every scanned tag counts as this much depth too: a flood of stray end tags is work at any depth
_EXACT_TAGS = 300_000  # past the work budget, a page already too deep is scanned this far for its true depth
_OPTION_WORK = 5  # an option in a <select> costs Lexbor about five times a level of depth per option before it

# Lower case only (IGNORECASE makes the alternation five times slower); other spellings are scanned.
_VOID_TAG = re.compile(
    r"<(?:area|base|basefont|bgsound|br|col|embed|frame|hr|image|img|input|keygen|link|meta|param|source|track|wbr)"
    r"(?=[\t\n\f\r />])[^>]*>"
)
# An element with nothing but text inside, closed by its own end tag: it leaves the depth as it found it.
# No "<" inside the tag: each attempt then stops at the next "<" and the expression stays linear.
# Options stay: their number in a <select>, not their depth, is what costs (see _OPTION_WORK).
_LEAF = re.compile(r"<(?!(?i:option|optgroup)[\t\n\f\r />])([A-Za-z][^\t\n\f\r /<>]*)(?:[\t\n\f\r /][^<>]*)?>[^<]*</\1[\t\n\f\r ]*>")
# A paragraph, list item or cell left open with only text inside, closed by the next one of its kind.
_CLOSED_BY_NEXT = re.compile(r"<(p|li|dt|dd|td|th)(?:[\t\n\f\r /][^<>]*)?>[^<]*(?=<\1[\t\n\f\r />])")
_LEAF_PASSES = 12
# Where the tokenizer leaves plain markup (comments, <!DOCTYPE>, CDATA, scripts, styles...): never cut there.
_BARRIER = re.compile(
    r"<!--(?:-?>|.*?(?:--!?>|\Z))|<![^>]*>?|<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript)"
    r"(?=[\t\n\f\r />]).*?(?:</\1|\Z)|<plaintext.*",
    re.IGNORECASE | re.DOTALL,
)  # real pages are 5-20 deep; each pass strips one level of closed leaves
_TAG = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*)([^>]*)>|!--)")
_COMMENT_REST = re.compile(r"-?>|.*?(?:--!?>|\Z)", re.DOTALL)  # after "<!--"; "<!-->" is a whole comment
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr".split()
)
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes noscript".split())
_FOREIGN = frozenset({"svg", "math"})
# Their start tag closes an open element of the kinds named (within the scope given below): they never nest.
_CLOSES_KIN = {
    "p": ("p",), "li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "option": ("option",),
    "optgroup": ("optgroup", "option"), "tr": ("tr", "td", "th"), "td": ("td", "th"), "th": ("td", "th"),
    "thead": ("thead", "tbody", "tfoot"), "tbody": ("thead", "tbody", "tfoot"), "tfoot": ("thead", "tbody", "tfoot"),
    "rb": ("rb", "rt", "rp"), "rt": ("rb", "rt", "rp"), "rp": ("rb", "rt", "rp"),
}  # fmt: skip
# Start tags that close an open <p> (the spec's "close a p element in button scope").
_CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre search section summary table ul xmp
    li dd dt plaintext""".split()
)
# Elements an auto-closing start tag does not look past (list items stop at a list, cells at a table).
_SCOPE = frozenset(
    """applet button caption html marquee object table template td th ul ol dl menu select blockquote section
    article aside nav fieldset figure details body""".split()
)
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_REPLACES_ITSELF = frozenset({"a", "nobr"})  # a new one ends the open one first
_MARKERS = frozenset("td th caption applet object marquee template".split())
_NOAHS_ARK = 3  # the parser keeps at most three identical active formatting elements
# HTML start tags that end SVG or MathML content (the parser pops back to HTML).
_BREAKS_FOREIGN = frozenset(
    """b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing
    menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var""".split()
)


@dataclass(frozen=True)
class Nesting:
    deepest: int
    work: int
    tags: int
    complete: bool
    """False when the scan stopped early (the work was over budget): ``deepest`` is then a lower bound."""


def check_nesting(markup: str, *, source: str, max_depth: int) -> None:
    """InputError when the page nests deeper than ``max_depth`` or would cost too much work to parse."""
    found = measure_nesting(markup, max_depth=max_depth)
    if found.deepest > max_depth:
        raise InputError(source, too_deep(found.deepest, max_depth, at_least=not found.complete))
    if found.work > max_depth * WORK_PER_DEPTH:
        raise InputError(
            source,
            f"has {found.tags:,} tags nesting up to {found.deepest:,} deep, more parsing work than the "
            f"depth limit of {max_depth:,} allows {raise_hint('depth')}",
        )


def measure_nesting(markup: str, *, max_depth: int) -> Nesting:
    """The deepest nesting and the work (an upper bound of both); the scan stops once the work is
    over what ``max_depth`` allows.

    Scanning every tag in Python would cost more than Lexbor's whole parse, so void elements,
    then closed elements with only text inside, level by level, are first cut out by regular
    expressions (in C); what is left, the part whose nesting is in question, is scanned tag by
    tag.  The cut elements count in the result: each pass may hide one level of depth, and
    each cut tag the work of the deepest level."""
    if markup.count(">") <= max_depth:  # every tag ends with one: too few tags to nest deeper or cost much
        return Nesting(0, 0, 0, complete=True)
    markup = markup[: markup.rfind(">") + 1]  # no tag ends after the last ">"; every match attempt finds one
    pieces, cut, passes = [], 0, 0
    position = 0
    for barrier in _BARRIER.finditer(markup):
        plain, plain_cut, plain_passes = _cut_closed_elements(markup[position : barrier.start()])
        pieces += [plain, barrier[0]]
        cut, passes, position = cut + plain_cut, max(passes, plain_passes), barrier.end()
    plain, plain_cut, plain_passes = _cut_closed_elements(markup[position:])
    markup, cut, passes = "".join([*pieces, plain]), cut + plain_cut, max(passes, plain_passes)
    found = _scan(markup, max_depth)
    deepest = found.deepest + passes if found.deepest else passes
    return Nesting(deepest, found.work + cut * deepest, found.tags + cut, found.complete)


def _cut_closed_elements(markup: str) -> tuple[str, int, int]:
    """Plain markup without its void elements and closed text-only elements: (what is left, tags cut, passes)."""
    markup, cut = _VOID_TAG.subn("", markup)
    markup, closed = _CLOSED_BY_NEXT.subn("", markup)
    cut += closed
    passes = 0
    while passes < _LEAF_PASSES:
        markup, leaves = _LEAF.subn("", markup)
        if not leaves:
            break
        cut += 2 * leaves
        passes += 1
    return markup, cut, passes


def _scan(markup: str, max_depth: int) -> Nesting:
    scan = _Scan()
    position, tags = 0, 0
    while scan.work <= max_depth * WORK_PER_DEPTH or (scan.deepest > max_depth and tags < _EXACT_TAGS):
        found = _TAG.search(markup, position)
        if found is None:
            return Nesting(scan.deepest, scan.work, tags, complete=True)
        position = found.end()
        name = found[2]
        if name is None:  # <!-- comment -->
            rest = _COMMENT_REST.match(markup, position)
            position = rest.end() if rest else len(markup)
            continue
        tags += 1
        name = name.lower()
        if found[1]:
            scan.end(name)
        elif name == "plaintext" and not scan.foreign:
            return Nesting(scan.deepest, scan.work, tags, complete=True)
        else:
            scan.start(name, found[3])
            if name in _RAW_TEXT and not scan.foreign:
                closing = re.compile(f"</{name}", re.IGNORECASE).search(markup, position)
                position = closing.end() if closing else len(markup)
                scan.end(name)
    return Nesting(scan.deepest, scan.work, tags, complete=position >= len(markup))


class _Scan:
    """The stack of open elements as the parser would keep it, reduced to what sets the depth."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.positions: dict[str, list[int]] = {}
        self.scopes: list[int] = [-1]  # stack positions of the _SCOPE elements open
        self.weight = 0  # open elements that nest (not p, li, td...)
        self.foreign = 0  # open svg and math elements
        self.frames = [_Formatting()]  # the list of active formatting elements, one per open marker
        self.selects = [0]  # options seen in each open <select>
        self.deepest = 0
        self.work = 0

    def start(self, name: str, attributes: str) -> None:
        if self.foreign and name in _BREAKS_FOREIGN:
            self._pop_to(self._last_of(_FOREIGN))
        if name in _CLOSES_P:
            self._close_within_scope(("p",))
        if name in _CLOSES_KIN:
            self._close_within_scope(_CLOSES_KIN[name])
        if name in _FORMATTING:
            self.frames[-1].add(name, attributes)
        if name == "option" and len(self.selects) > 1:
            self.selects[-1] += 1
            self.work += _OPTION_WORK * self.selects[-1]
        self_closing = attributes.endswith("/") and self.foreign
        if name not in _VOID and not self_closing:
            self._push(name)
        depth = self.weight + self.frames[-1].count
        self.deepest = max(self.deepest, depth)
        self.work += depth + _TAG_WORK

    def end(self, name: str) -> None:
        self.work += self.weight + self.frames[-1].count + _TAG_WORK
        if name in _FORMATTING:
            self.frames[-1].remove(name)
        index = self._last_of((name,))
        if index >= 0:
            self._pop_to(index)

    def _push(self, name: str) -> None:
        self.positions.setdefault(name, []).append(len(self.stack))
        if name in _SCOPE:
            self.scopes.append(len(self.stack))
        self.stack.append(name)
        self.weight += name not in _CLOSES_KIN
        self.foreign += name in _FOREIGN
        if name in _MARKERS:
            self.frames.append(_Formatting())
        if name == "select":
            self.selects.append(0)

    def _pop_to(self, index: int) -> None:
        """Close the element at ``index`` and everything opened after it."""
        while len(self.stack) > index >= 0:
            name = self.stack.pop()
            self.positions[name].pop()
            if self.scopes[-1] == len(self.stack):
                self.scopes.pop()
            self.weight -= name not in _CLOSES_KIN
            self.foreign -= name in _FOREIGN
            if name in _MARKERS and len(self.frames) > 1:
                self.frames.pop()
            if name == "select":
                self.selects.pop()

    def _last_of(self, names: tuple[str, ...] | frozenset[str]) -> int:
        return max((self.positions[name][-1] for name in names if self.positions.get(name)), default=-1)

    def _close_within_scope(self, kinds: tuple[str, ...]) -> None:
        """Close the outermost open element of these kinds since the innermost scope (a list, a table...)."""
        boundary = next((index for index in reversed(self.scopes) if index < 0 or self.stack[index] not in kinds), -1)
        opened_since = [
            positions[bisect.bisect_right(positions, boundary)]
            for positions in (self.positions.get(kind) for kind in kinds)
            if positions and positions[-1] > boundary
        ]
        if opened_since:
            self._pop_to(min(opened_since))


class _Formatting:
    """The active formatting elements since the last marker, as many as the parser keeps."""

    def __init__(self) -> None:
        self.identical: Counter[tuple[str, str]] = Counter()
        self.by_name: dict[str, list[tuple[str, str]]] = {}
        self.count = 0  # elements kept: at most _NOAHS_ARK of each (name, attributes)

    def add(self, name: str, attributes: str) -> None:
        if name in _REPLACES_ITSELF:
            self.remove(name)
        key = (name, " ".join(attributes.split()))
        self.count += self.identical[key] < _NOAHS_ARK
        self.identical[key] += 1
        self.by_name.setdefault(name, []).append(key)

    def remove(self, name: str) -> None:
        """An end tag removes the latest active element of its name (the attributes do not matter)."""
        keys = self.by_name.get(name)
        if not keys:
            return
        key = keys.pop()
        self.identical[key] -= 1
        self.count -= self.identical[key] < _NOAHS_ARK
