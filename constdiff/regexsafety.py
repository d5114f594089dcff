"""Will a profile's regular expression backtrack catastrophically on a long line?

A user's profile is data, and Python's ``re`` backtracks: ``(a+)+$`` takes over a second on 24
letters and twice as long for each letter more.  So a user pattern is analysed when the profile
is loaded and refused if a long line can make it run away.  (A run-time budget instead is not
possible with ``re``, which cannot be interrupted; the ``regex`` package's ``timeout`` would put
every match of the parser through another engine.  The analysis refuses before anything runs.)

How: the pattern is parsed with Python's own parser and turned into its position (Glushkov)
automaton, keeping an edge twice when the pattern can take it in two ways, so ``(a+)+`` has two
``a``-to-``a`` edges (and ``(a|a)``, parsed as ``a(?:|)``, two ways to end).  A pattern is *exponential*
when some state can return to itself along two different paths reading the same text (two runs
of the automaton that start together, part and meet again: a strongly connected part of the
pair automaton that holds a diagonal state and an edge where the runs differ); it is
*polynomial of degree k* when k loops follow one another and each can read what the next reads
(``(.*a){20}``: twenty).  These are the classic criteria (Weber and Seidl's EDA and IDA, as in
rxxr2 and Weideman's analysis; regexploit and safe-regex apply cruder forms of the same idea).
Only whether two character sets share a character matters, and that is decided on
representative characters: the pattern's own literals and range ends, and a sample of letters,
digits, spaces and punctuation.  A repetition whose parts are separated by a character the part
cannot match (``\\d+(?:-\\d+)*``) has one way to match any text and passes.

Ambiguity is harmless if the match cannot fail after it: ``(\\w+\\s?)+`` with nothing after, or
``\\s*(?P<title>.*)$`` (``.*`` reaches the end of the line, where ``$`` holds), succeed at the
first try; more generally only the states where the match can still fail are analysed, since
backtracking stops and succeeds at the others.  Without any loop, a step that can be taken in
more than ``WAYS_MAX`` ways (parts that match nothing, in bounded copies) is refused too: it costs
seconds on every line.  Profile patterns read cleaned lines (``lines.clean_line``: one space between words,
no newline), so a loop of whitespace alone reads one character at most and ``\\s*\\s*$`` cannot
be pumped.

Which polynomial degree is too much: a backtracking match whose loops can share a pumped text
costs about n^k steps on a line of n characters.  Quadratic cost is the price of ordinary
patterns: ``\\d+\\.`` tried at every start by ``search``, or a number followed by a title that may
start with digits (``\\d*\\d*\\.``); it takes seconds only on a line of 20,000 repeated digits
(about 5 s), which no text has, so it is accepted: refusing it would refuse reasonable patterns.
Cubic and worse (hours on such a line) is refused.  A field applied with ``search`` (repealed,
domains, closing) tries every start, one degree more, unless the pattern is anchored with ``^``.

Approximations that can only refuse more: assertions (``\\b``, lookarounds) are taken as
always passing when deciding ambiguity, and lookaround bodies are checked as patterns of their
own; a back-reference is taken as any text; a repeat of more than ``OPTIONAL_COPIES_MAX``
optional copies (or ``COPIES_MAX`` required ones) as unbounded; an atomic group or a possessive
repeat as an ordinary one, unless it is one loop of one character set (``a++``, ``(?>\\w+)``),
which reads the whole run and so can never be split.  Two that could accept more: the cleaned
lines above, and an assertion on the way from a loop to a loop that reads every character and
then the end (``(\\w+\\s?)+\\b.*$``) is taken as passing.
"""

from __future__ import annotations

import re
import string
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

if sys.version_info >= (3, 11):
    import re._constants as _sre  # noqa: PLC2701 - Python's own parse tree is the reference
    import re._parser as _parser  # noqa: PLC2701
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _parser

POLYNOMIAL_DEGREE_MAX = 2  # n² on an n-character line; cubic and worse is refused
COPIES_MAX = 32  # a repeat of more required copies is analysed as unbounded
OPTIONAL_COPIES_MAX = 3  # X{1,3} is analysed as written; X{1,8} as X+: (?:\w{1,8}\s?){1,8}$ has a finite
# ambiguity, but one so large that 40 letters take a second
WAYS_MAX = 64  # ways to take one step (through parts that match nothing): ((((\w*+)*?)+){2,3}){2,3}! has 1,872
_WAYS_CAP = 1 << 20  # counts of ways stop growing here (they are only compared with WAYS_MAX)
POSITIONS_MAX = 4000  # beyond this a pattern is refused as too large to analyse
STEPS_MAX = 2_000_000  # steps in the pair and triple automata: the analysis itself stays within seconds

# Representative characters besides the pattern's own: decide whether two sets overlap.
_SAMPLE = (
    string.ascii_letters[:3] + "xzXZ" + string.digits[:2] + "9" + string.punctuation + " \t\u00a0"
    + "éÉßçÇñžŽčČ" + "абжяАБЖЯёЁ" + "әӘқҚ" + "αΩ" + "٣" + "\u2013\u2014\u00a7\u00b6"
    + "\ue000"  # a character no class names, for "can the match fail here"
)
_WHITESPACE = frozenset(" \t\u00a0\f\v\r")

_CATEGORY = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_CHARACTER = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN)
_POSSESSIVE = getattr(_sre, "POSSESSIVE_REPEAT", None)  # Python 3.11+
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
_REPEAT = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _POSSESSIVE)
_END = (_sre.AT_END, _sre.AT_END_STRING)
_FLAG_MASK = re.IGNORECASE | re.DOTALL | re.ASCII | re.UNICODE

# How a fragment matches the empty text: freely, only at the end of the line, only if some
# other assertion holds, or not at all.  Ordered: min() of two is the easier way.
FREE, AT_END, ASSERTED, NEVER = range(4)
UNCHECKED = -1


@dataclass(frozen=True)
class Backtracking:
    """Why a pattern can run away: ``degree`` 0 for exponential, else the polynomial degree
    (``UNCHECKED``: too large or unusual to analyse, so not trusted)."""

    degree: int

    @property
    def problem(self) -> str:
        if self.degree == UNCHECKED:
            return "is too large or too deeply nested to check for catastrophic backtracking; simplify it or split it into several patterns"
        if self.degree == 0:
            return (
                "repeats a part that can match the same text in more than one way: a long line would make it "
                "backtrack exponentially and hang; separate the repetitions by a character the repeated part "
                "cannot match, or make the inner one possessive (a++)"
            )
        return (
            f"has {self.degree} repetitions in a row that can match the same text: a long line would make it "
            f"backtrack in n^{self.degree} steps and hang; make neighbouring repetitions match different "
            "characters, or make one possessive (a++)"
        )


def backtracking(pattern: str, *, searched: bool = False) -> Backtracking | None:
    """Why ``pattern`` (valid for ``re``) can backtrack catastrophically on a long line, or None.

    ``searched``: applied with ``re.search`` rather than ``re.match`` (every start is tried).

    >>> backtracking(r"(a+)+$").degree
    0
    >>> backtracking(r"\\d+(?:-\\d+)*") is None
    True
    """
    tree = _parser.parse(pattern)
    try:
        worst = _worst([tree], tree.state.flags)
    except (_TooLarge, RecursionError):
        return Backtracking(UNCHECKED)
    if worst is None:
        return None
    degree = worst.degree
    if searched and degree > 0 and not _anchored(tree):
        degree += 1
    return Backtracking(degree) if degree == 0 or degree > POLYNOMIAL_DEGREE_MAX else None


def _worst(trees: list[Any], flags: int) -> Backtracking | None:
    """The worst of the patterns (a pattern and its lookaround bodies, each checked alone)."""
    found: list[int] = []
    while trees:
        automaton = _Automaton(trees.pop(), flags)
        trees.extend(automaton.lookarounds)
        degree = automaton.worst_degree()
        if degree == 0:
            return Backtracking(0)
        if degree is not None:
            found.append(degree)
    return Backtracking(max(found)) if found else None


def _anchored(tree: Any) -> bool:
    for op, value in tree.data:
        if op is _sre.AT:
            return value in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)
        if op is _sre.SUBPATTERN:
            return _anchored(value[-1])
        return False
    return False


class _TooLarge(Exception):
    """The pattern needs more positions or steps than the analysis allows, or has an element it
    does not know."""


@dataclass
class _Fragment:
    """A parsed piece as a Glushkov fragment: its first positions and last positions, each with the
    number of ways to reach it, how the rest of the piece passes after each last position, and how
    (and in how many ways) the piece matches the empty text: ``(a|a)`` is parsed as ``a(?:|)``, two
    ways to match nothing after the ``a``."""

    first: dict[int, int]
    last: dict[int, tuple[int, int]]  # position → (ways, passing)
    empty: int = FREE
    empty_ways: int = 1


def _ways(*counts: int) -> int:
    product = 1
    for count in counts:
        product *= count
    return min(product, _WAYS_CAP)


@dataclass
class _Automaton:
    tree: Any
    flags: int
    masks: list[int] = field(default_factory=list)  # per position: the representative characters it reads
    possessive: set[int] = field(default_factory=set)
    edges: list[tuple[int, int, int]] = field(default_factory=list)  # (from, to, characters), twice if two ways
    lookarounds: list[Any] = field(default_factory=list)
    last: dict[int, int] = field(default_factory=dict)  # position → how the rest of the pattern passes after it
    steps: int = 0  # steps taken in the pair and triple automata so far
    live: list[tuple[int, int, int]] = field(default_factory=list)  # the edges between states where the match can fail
    ways: dict[tuple[int, int], int] = field(default_factory=dict)  # (from, to) → ways to take that step
    first: dict[int, int] = field(default_factory=dict)  # the pattern's first positions → ways to reach them

    def __post_init__(self) -> None:
        self.sample = _representatives(self.tree, self.flags)
        self.whitespace = sum(1 << index for index, char in enumerate(self.sample) if char in _WHITESPACE)
        self.universal = (1 << len(self.sample)) - 1
        whole = self._sequence(self.tree, self.flags)
        self.last = {position: passing for position, (_, passing) in whole.last.items()}
        self.first = whole.first

    # -- building -------------------------------------------------------------------------

    def _position(self, mask: int) -> int:
        if len(self.masks) >= POSITIONS_MAX:
            raise _TooLarge
        self.masks.append(mask)
        return len(self.masks) - 1

    def _link(self, sources: dict[int, tuple[int, int]], targets: dict[int, int]) -> None:
        for source, (source_ways, _) in sources.items():
            for target, target_ways in targets.items():
                mask = self.masks[target]
                if self.masks[source] & ~self.whitespace == 0:
                    mask &= ~self.whitespace  # cleaned lines: never two whitespace characters in a row
                if source in self.possessive:
                    mask &= ~self.masks[source]  # a possessive loop stops only where its characters do
                if mask:
                    ways = _ways(source_ways, target_ways)
                    self.edges.extend([(source, target, mask)] * min(ways, 2))  # two: the runs can differ
                    self.ways[source, target] = max(self.ways.get((source, target), 0), ways)

    def _sequence(self, items: Any, flags: int) -> _Fragment:
        result = _Fragment({}, {})
        for op, value in items.data if hasattr(items, "data") else items:
            result = self._then(result, self._item(op, value, flags))
        return result

    def _then(self, left: _Fragment, right: _Fragment) -> _Fragment:
        self._link(left.last, right.first)
        first = dict(left.first)
        if left.empty < NEVER:
            first.update((position, _ways(ways, left.empty_ways)) for position, ways in right.first.items())
        last = dict(right.last)
        if right.empty < NEVER:
            last.update(
                (position, (_ways(ways, right.empty_ways), max(passing, right.empty)))
                for position, (ways, passing) in left.last.items()
            )
        return _Fragment(first, last, max(left.empty, right.empty), _ways(left.empty_ways, right.empty_ways))

    def _item(self, op: Any, value: Any, flags: int) -> _Fragment:
        if op in _CHARACTER:
            position = self._position(self._mask(op, value, flags))
            return _Fragment({position: 1}, {position: (1, FREE)}, NEVER)
        if op is _sre.SUBPATTERN:
            _group, add, remove, body = value
            return self._sequence(body, (flags | add) & ~remove)
        if op is _sre.BRANCH:
            return self._either([self._sequence(branch, flags) for branch in value[1]])
        if op is _sre.GROUPREF_EXISTS:
            _group, yes, no = value
            return self._either([self._sequence(yes, flags), self._sequence(no, flags) if no else _Fragment({}, {})])
        if op in _REPEAT:
            return self._repeat(op, value, flags)
        if op is _ATOMIC:
            loop = _single_loop(value)
            return self._repeat(_POSSESSIVE, loop, flags) if loop else self._sequence(value, flags)
        if op is _sre.GROUPREF:
            return self._loop(self._position(self.universal), possessive=False, low=0)
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            self.lookarounds.append(value[1])
            return _Fragment({}, {}, ASSERTED)
        if op is _sre.AT:
            return _Fragment({}, {}, AT_END if value in _END else ASSERTED)
        raise _TooLarge  # an element this analysis does not know: refused rather than trusted

    def _either(self, branches: list[_Fragment]) -> _Fragment:
        first: dict[int, int] = {}
        last: dict[int, tuple[int, int]] = {}
        for branch in branches:
            first.update(branch.first)  # positions are never shared between branches
            last.update(branch.last)
        possible = [branch for branch in branches if branch.empty < NEVER]
        empty = min((branch.empty for branch in branches), default=NEVER)
        return _Fragment(first, last, empty, min(sum(branch.empty_ways for branch in possible), _WAYS_CAP) or 1)

    def _repeat(self, op: Any, value: Any, flags: int) -> _Fragment:
        low, high, body = value
        unbounded = high == _sre.MAXREPEAT or high - low > OPTIONAL_COPIES_MAX or low > COPIES_MAX
        if op is _POSSESSIVE and unbounded and _single_character(body):
            return self._loop(self._position(self._mask(*_single_character(body), flags)), possessive=True, low=low)
        low = min(low, COPIES_MAX)
        result = _Fragment({}, {})
        for _ in range(max(low - 1, 0) if unbounded else low):
            result = self._then(result, self._sequence(body, flags))
        if unbounded:
            result = self._then(result, self._plus(self._sequence(body, flags), optional=low == 0))
        else:
            optional = _Fragment({}, {})
            for _ in range(high - low):  # X{0,3} is (X(X(X)?)?)?: one way to read each text
                optional = self._optional(self._then(self._sequence(body, flags), optional))
            result = self._then(result, optional)
        return result

    def _plus(self, body: _Fragment, *, optional: bool) -> _Fragment:
        self._link(body.last, body.first)
        return self._optional(body) if optional else body

    @staticmethod
    def _optional(body: _Fragment) -> _Fragment:
        """``X?`` (and ``X*``): when X can match nothing, that is two ways to match nothing, X once or
        not at all, and Python's engine tries both: ``(?:(?:x?)?ab)+!`` is exponential."""
        ways = 1 + (body.empty_ways if body.empty < NEVER else 0)
        return _Fragment(body.first, body.last, FREE, min(ways, _WAYS_CAP))

    def _loop(self, position: int, *, possessive: bool, low: int) -> _Fragment:
        self._link({position: (1, FREE)}, {position: 1})
        if possessive:
            self.possessive.add(position)
        return _Fragment({position: 1}, {position: (1, FREE)}, FREE if low == 0 else NEVER)

    def _mask(self, op: Any, value: Any, flags: int) -> int:
        matcher = re.compile(_class_source(op, value), flags & _FLAG_MASK)
        return sum(1 << index for index, char in enumerate(self.sample) if matcher.fullmatch(char))

    # -- deciding -------------------------------------------------------------------------

    def worst_degree(self) -> int | None:
        """0 when exponential, else the longest chain of loops (None: no loop that can fail).

        Only states from which the match can still fail count: backtracking goes back to the
        latest choice first, and at a state where the match cannot fail that choice is to stop
        and succeed, so no ambiguity that passes through such a state is ever explored far
        (``(([^a]a)*)+`` ends at the last "a"; ``((a|a)*b)*`` still explodes between two "b")."""
        settled = {state for state in range(len(self.masks)) if self._cannot_fail(state)}
        self.live = [(a, b, mask) for a, b, mask in self.edges if a not in settled and b not in settled]
        steps = [ways for (a, b), ways in self.ways.items() if a not in settled and b not in settled]
        starts = [ways for state, ways in self.first.items() if state not in settled]
        if max(steps + starts, default=0) > WAYS_MAX:
            return 0  # no loop, but so many ways to reach one step that each line costs seconds
        components = _components(len(self.masks), [(a, b) for a, b, _ in self.live])
        looping = [part for part in components if len(part) > 1 or (part[0], part[0]) in {(a, b) for a, b, _ in self.live}]
        for part in looping:
            if self._exponential(set(part)):
                return 0
        chains: list[int] = []  # per loop: the longest chain of loops from it
        for index, part in enumerate(looping):  # components come sinks first: a loop's successors before it
            length = 1
            for later, chain in zip(looping[:index], chains):
                if self._follows(set(part), set(later)):
                    length = max(length, chain + 1)
            chains.append(length)
        return max(chains, default=0) or None

    def _cannot_fail(self, state: int) -> bool:
        """The match succeeds from here whatever follows: nothing after the state, or only a loop that
        reads every character and then the end of the line (``.*$``)."""
        passing = self.last.get(state, NEVER)
        return passing == FREE or passing == AT_END and any(
            source == state and target in self._universal_loops for source, target, _ in self.edges
        )

    @cached_property
    def _universal_loops(self) -> set[int]:
        return {
            a for a, b, _ in self.edges if a == b and self.masks[a] == self.universal and self.last.get(a, NEVER) <= AT_END
        }

    def _spend(self) -> None:
        self.steps += 1
        if self.steps > STEPS_MAX:
            raise _TooLarge

    def _exponential(self, part: set[int]) -> bool:
        """Two different paths from a state back to itself reading the same text, within ``part``."""
        inner = [(index, a, b, mask) for index, (a, b, mask) in enumerate(self.live) if a in part and b in part]
        outgoing: dict[int, list[tuple[int, int, int]]] = {}
        for index, a, b, mask in inner:
            outgoing.setdefault(a, []).append((index, b, mask))
        pairs: dict[tuple[int, int], list[tuple[tuple[int, int], bool]]] = {}
        stack = [(state, state) for state in part]
        seen = set(stack)
        while stack:
            pair = stack.pop()
            steps = pairs.setdefault(pair, [])
            for one, target_one, mask_one in outgoing.get(pair[0], []):
                for other, target_other, mask_other in outgoing.get(pair[1], []):
                    self._spend()
                    if mask_one & mask_other:
                        following = (target_one, target_other)
                        steps.append((following, one != other))
                        if following not in seen:
                            seen.add(following)
                            stack.append(following)
        index = {pair: number for number, pair in enumerate(pairs)}
        links = [(index[pair], index[target]) for pair, steps in pairs.items() for target, _ in steps]
        component_of = {}
        for number, component in enumerate(_components(len(index), links)):
            for member in component:
                component_of[member] = number
        diagonal = {component_of[index[pair]] for pair in pairs if pair[0] == pair[1]}
        return any(
            differ and component_of[index[pair]] == component_of[index[target]] and component_of[index[pair]] in diagonal
            for pair, steps in pairs.items()
            for target, differ in steps
        )

    def _follows(self, before: set[int], after: set[int]) -> bool:
        """Some text loops from a state of ``before`` back to it, leads from it to a state of ``after``
        and loops there too: three runs of the automaton read it at once."""
        outgoing: dict[int, set[tuple[int, int]]] = {}
        for a, b, mask in self.live:
            outgoing.setdefault(a, set()).add((b, mask))
        for start in before:
            for end in after:
                stack = [(start, start, end)]
                seen: set[tuple[int, int, int]] = set()
                while stack:
                    one, two, three = stack.pop()
                    for target_one, mask_one in outgoing.get(one, ()):
                        if target_one not in before:
                            continue
                        for target_three, mask_three in outgoing.get(three, ()):
                            if target_three not in after or not mask_one & mask_three:
                                continue
                            for target_two, mask_two in outgoing.get(two, ()):
                                self._spend()
                                state = (target_one, target_two, target_three)
                                if mask_one & mask_two & mask_three and state not in seen:
                                    seen.add(state)
                                    stack.append(state)
                if (start, end, end) in seen:
                    return True
        return False


def _items(tree: Any) -> list[tuple[Any, Any]]:
    return tree.data if hasattr(tree, "data") else tree


def _single_character(body: Any) -> tuple[Any, Any] | None:
    """The one character set a repeat's body is (``a``, ``[a-z]``, ``.``), or None."""
    items = _items(body)
    return items[0] if len(items) == 1 and items[0][0] in _CHARACTER else None


def _single_loop(body: Any) -> tuple[int, int, Any] | None:
    """``(?>a+)``: an atomic group that is one unbounded loop of one character set reads like ``a++``."""
    items = _items(body)
    if len(items) == 1 and items[0][0] in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, inner = items[0][1]
        if high == _sre.MAXREPEAT and _single_character(inner):
            return low, high, inner
    return None


def _class_source(op: Any, value: Any) -> str:
    """One character set of the parse tree as a pattern of its own."""
    if op is _sre.LITERAL:
        return re.escape(chr(value))
    if op is _sre.NOT_LITERAL:
        return f"[^{re.escape(chr(value))}]"
    if op is _sre.ANY:
        return "."
    parts, negate = [], ""
    for kind, item in value:
        if kind is _sre.NEGATE:
            negate = "^"
        elif kind is _sre.LITERAL:
            parts.append(re.escape(chr(item)))
        elif kind is _sre.RANGE:
            parts.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
        elif kind is _sre.CATEGORY:
            parts.append(_CATEGORY[item])
        else:
            raise _TooLarge
    return f"[{negate}{''.join(parts)}]"


def _representatives(tree: Any, flags: int) -> str:
    """The sample and every character the pattern names (its literals, the ends of its ranges, and
    their other cases), in a fixed order: two sets that share a character share one of these."""
    chars = dict.fromkeys(_SAMPLE)

    def add(code: int) -> None:
        char = chr(code)
        for variant in (char, char.lower(), char.upper(), chr(code - 1) if code else char, chr(min(code + 1, sys.maxunicode))):
            if len(variant) == 1 and variant != "\n":
                chars.setdefault(variant)

    def walk(items: Any) -> None:
        for op, value in items.data if hasattr(items, "data") else items:
            if op in (_sre.LITERAL, _sre.NOT_LITERAL):
                add(value)
            elif op is _sre.IN:
                for kind, item in value:
                    if kind is _sre.LITERAL:
                        add(item)
                    elif kind is _sre.RANGE:
                        add(item[0])
                        add(item[1])
            elif op is _sre.BRANCH:
                for branch in value[1]:
                    walk(branch)
            elif op is _sre.GROUPREF_EXISTS:
                walk(value[1])
                if value[2]:
                    walk(value[2])
            elif op is _sre.SUBPATTERN or op in (_sre.ASSERT, _sre.ASSERT_NOT):
                walk(value[-1])
            elif op in _REPEAT:
                walk(value[2])
            elif op is _ATOMIC:
                walk(value)

    walk(tree)
    return "".join(chars)


def _components(size: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative), sinks first."""
    outgoing: list[list[int]] = [[] for _ in range(size)]
    for a, b in links:
        outgoing[a].append(b)
    index: list[int | None] = [None] * size
    low = [0] * size
    on_stack = [False] * size
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(size):
        if index[root] is not None:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            if child < len(outgoing[node]):
                work.append((node, child + 1))
                target = outgoing[node][child]
                if index[target] is None:
                    work.append((target, 0))
                elif on_stack[target]:
                    low[node] = min(low[node], index[target])  # type: ignore[arg-type]
                continue
            for target in outgoing[node]:
                if on_stack[target] and index[target] is not None and index[target] > index[node]:  # type: ignore[operator]
                    low[node] = min(low[node], low[target])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components
