"""Cross-references: citations of articles read out of the text, and checked after a renumbering.

A citation is read by its language's grammar (the profile's ``references``): units of a word and
its numbers ("статьи 44, 45 и 46", "44-бабы", "Abs. 1"), chained from the smallest part to the
article ("пунктом 3 статьи 44") or from the article down ("Art. 93 Abs. 1 Nr. 4a"), plus phrases
that cite where they stand ("this Article").  Each cited article number is one ``Reference``.

The checks then ask of every reference in a version whether its target exists (``dangling``
otherwise) and, against the old version, whether it followed its target's renumbering
(``updated``), kept a number that now names another provision (``stale``), or was pointed at a
different provision on purpose (``retargeted``).  Citations of another act ("Article 5 of the
Law on ...") are counted, not checked: their numbers are that act's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from constdiff.model import (
    Article,
    ArticleLink,
    ArticleStatus,
    Document,
    LocatedArticle,
    Reference,
    ReferenceCheck,
    ReferenceFinding,
    ReferenceReport,
)
from constdiff.profiles import References, fold_lookalikes

# A word or number (as classify's editorial key reads them), or one punctuation character.
_TOKEN = re.compile(r"(\d+(?:-\d+)+|\w+)|([^\w\s])")
# An article number as written in running text: 44, 3-1, 94-2, 10a, 1bis.
_ARTICLE_NUMBER = re.compile(r"\d+(?:-\d+)*(?:[^\W\d_]|bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?", re.IGNORECASE)
# A paragraph or an item may be numbered by a letter as well: "písm. b)", "подпункт а)".
_PART_NUMBER = re.compile(rf"{_ARTICLE_NUMBER.pattern}|[^\W\d_]", re.IGNORECASE)
_DASHES = frozenset("-–—")
# Punctuation that may stand between a unit's word and its number: "ст. 44", "44-бабы", "1) тармақшасы".
_WORD_NUMBER_GLUE = frozenset(".-)")
# Connector words allowed between two parts of one citation ("paragraph 3 of the Article 44").
MAX_CONNECTORS = 2

ARTICLE, PARAGRAPH, ITEM = 3, 2, 1


@dataclass(frozen=True)
class _Token:
    text: str
    """Folded, lower-case."""
    start: int
    end: int
    word: bool


@dataclass(frozen=True)
class _Unit:
    """One part of a citation: its level, the numbers written (or the relative part meant), and its tokens."""

    level: int
    numbers: tuple[str, ...]
    first: int
    last: int
    relative: str | None = None


def _tokens(text: str) -> list[_Token]:
    """The text's tokens, their spans in ``text``; each folded and lower-cased on its own where
    folding the whole would move the characters."""
    folded = fold_lookalikes(text)
    if len(folded) != len(text):
        return [_Token(fold_lookalikes(match.group()).lower(), match.start(), match.end(), match.group(1) is not None) for match in _TOKEN.finditer(text)]
    return [_Token(match.group().lower(), match.start(), match.end(), match.group(1) is not None) for match in _TOKEN.finditer(folded)]


def extract(article: Article, rules: References) -> tuple[Reference, ...]:
    """The article's citations of articles of its own act, in reading order."""
    return _read(article, rules)[0]


def _read(article: Article, rules: References) -> tuple[tuple[Reference, ...], int]:
    """The article's references and how many citations of another act it makes."""
    references: list[Reference] = []
    external = 0
    for index, paragraph in enumerate(article.paragraphs):
        for first, last, chain in _chains(paragraph.text, rules):
            if chain is None:
                external += 1
                continue
            references += _references_of(chain, article, index, first, last, paragraph.text[first:last])
    return tuple(references), external


def citation_number_spans(text: str, rules: References) -> list[tuple[int, int]]:
    """Where ``text`` writes the number of a cited article of its own act: the numbers a
    renumbering rewrites (``classify.editorial_key``)."""
    tokens = _tokens(text)
    spans = []
    for chain, _first, _last, external in _read_chains(tokens, text, rules):
        if external:
            continue
        for unit in chain:
            if unit.level == ARTICLE and unit.relative is None:
                spans += [(tokens[at].start, tokens[at].end) for at in range(unit.first, unit.last + 1) if tokens[at].text in unit.numbers]
    return spans


def _chains(text: str, rules: References) -> Iterable[tuple[int, int, tuple[_Unit, ...] | None]]:
    """Per citation: its characters and its units (None for a citation of another act)."""
    tokens = _tokens(text)
    for chain, first, last, external in _read_chains(tokens, text, rules):
        yield tokens[first].start, tokens[last].end, None if external else chain


def _read_chains(tokens: Sequence[_Token], text: str, rules: References) -> Iterable[tuple[tuple[_Unit, ...], int, int, bool]]:
    units = _units(tokens, text, rules)
    chain: list[_Unit] = []
    for unit in units:
        if chain and _continues(chain[-1], unit, tokens, rules):
            chain.append(unit)
            continue
        if chain:
            yield from _citation(chain, tokens, rules)
        chain = [unit]
    if chain:
        yield from _citation(chain, tokens, rules)


def _citation(chain: list[_Unit], tokens: Sequence[_Token], rules: References) -> Iterable[tuple[tuple[_Unit, ...], int, int, bool]]:
    """A chain that names an article (by number or as "this Article") or a relative paragraph."""
    if not any(unit.level == ARTICLE or unit.relative for unit in chain):
        return
    first, last = chain[0].first, chain[-1].last
    yield tuple(chain), first, last, _cites_another_act(tokens, first, last, rules)


def _continues(previous: _Unit, unit: _Unit, tokens: Sequence[_Token], rules: References) -> bool:
    """``unit`` is the next part of ``previous``'s citation: the next level in the language's
    order, after nothing but a comma or a few connector words."""
    rising = rules.order == "small-first"
    if (unit.level > previous.level) != rising or unit.level == previous.level:
        return False
    between = tokens[previous.last + 1 : unit.first]
    connectors = [token for token in between if token.word]
    if len(connectors) > MAX_CONNECTORS or any(not token.word and token.text != "," for token in between):
        return False
    return all(rules.connectors is not None and rules.connectors.match(token.text) for token in connectors)


def _cites_another_act(tokens: Sequence[_Token], first: int, last: int, rules: References) -> bool:
    """A word naming another act right after the citation (right before it, in a language that
    writes the number first: "Заңның 5-бабы"), past connector words."""
    if rules.external is None:
        return False
    step, at = (-1, first - 1) if rules.number_first else (1, last + 1)
    for _ in range(MAX_CONNECTORS + 1):
        if not 0 <= at < len(tokens) or not tokens[at].word:
            return False
        if rules.external.match(tokens[at].text):
            return True
        if rules.connectors is None or not rules.connectors.match(tokens[at].text):
            return False
        at += step
    return False


def _units(tokens: Sequence[_Token], text: str, rules: References) -> list[_Unit]:
    relative = _relative_phrases(tokens, text, rules)
    units: list[_Unit] = []
    at = 0
    while at < len(tokens):
        if at in relative:
            unit = relative[at]
        else:
            unit = _numbered_unit(tokens, at, rules)
        if unit is None:
            at += 1
            continue
        units.append(unit)
        at = unit.last + 1
    return units


def _relative_phrases(tokens: Sequence[_Token], text: str, rules: References) -> dict[int, _Unit]:
    """The phrases that cite where they stand, by their first token."""
    phrases = ((rules.this_article, ARTICLE, "this"), (rules.this_paragraph, PARAGRAPH, "this"), (rules.preceding_paragraph, PARAGRAPH, "preceding"))
    if all(pattern is None for pattern, _, _ in phrases):
        return {}
    folded = fold_lookalikes(text).lower()
    if len(folded) != len(text):
        return {}
    found: dict[int, _Unit] = {}
    starts = {token.start: index for index, token in enumerate(tokens)}
    ends = {token.end: index for index, token in enumerate(tokens)}
    for pattern, level, kind in phrases:
        if pattern is None:
            continue
        for match in pattern.finditer(folded):
            first, last = starts.get(match.start()), ends.get(match.end())
            if first is not None and last is not None and first not in found:
                found[first] = _Unit(level, (), first, last, relative=kind)
    return found


def _level(word: str, rules: References) -> int | None:
    if rules.item_words is not None and rules.item_words.match(word):
        return ITEM
    if rules.paragraph_words is not None and rules.paragraph_words.match(word):
        return PARAGRAPH
    if rules.words.match(word):
        return ARTICLE
    return None


def _numbered_unit(tokens: Sequence[_Token], at: int, rules: References) -> _Unit | None:
    """The unit starting at ``at``: a level word and the numbers after it ("статьи 44 и 45"),
    or, in a language writing the number first, numbers and their word ("44 және 45-баптары")."""
    if rules.number_first:
        start = at + 1 if tokens[at].text == "(" and at + 1 < len(tokens) else at
        numbers, after = _number_list(tokens, start, rules, _PART_NUMBER)
        if not numbers:
            return None
        if after < len(tokens) and tokens[after].text in _WORD_NUMBER_GLUE:
            after += 1
        level = _level(tokens[after].text, rules) if after < len(tokens) and tokens[after].word else None
        if level is None or (level == ARTICLE and not all(_ARTICLE_NUMBER.fullmatch(number) for number in numbers)):
            return None
        return _Unit(level, numbers, at, after)
    if not tokens[at].word:
        return None
    level = _level(tokens[at].text, rules)
    if level is None:
        return None
    start = at + 1
    if start < len(tokens) and tokens[start].text == ".":
        start += 1
    numbers, after = _number_list(tokens, start, rules, _ARTICLE_NUMBER if level == ARTICLE else _PART_NUMBER)
    return _Unit(level, numbers, at, after - 1) if numbers else None


def _number_list(tokens: Sequence[_Token], at: int, rules: References, number: re.Pattern[str]) -> tuple[tuple[str, ...], int]:
    """Numbers joined by commas, joiner words, dashes or range words from ``at``, and the index
    past them.  A letter numbers a part only with its parenthesis ("b)"): a lone "a" is a word."""
    numbers: list[str] = []
    while at < len(tokens) and _is_number(tokens, at, number):
        numbers.append(tokens[at].text)
        at += 2 if at + 1 < len(tokens) and tokens[at + 1].text == ")" and number is _PART_NUMBER else 1
        if at + 1 < len(tokens) and _joins(tokens[at], rules) and _is_number(tokens, at + 1, number):
            at += 1
            continue
        break
    return tuple(numbers), at


def _is_number(tokens: Sequence[_Token], at: int, number: re.Pattern[str]) -> bool:
    token = tokens[at]
    if not token.word or not number.fullmatch(token.text):
        return False
    return token.text[0].isdigit() or (at + 1 < len(tokens) and tokens[at + 1].text == ")")


def _joins(token: _Token, rules: References) -> bool:
    if not token.word:
        return token.text == "," or token.text in _DASHES
    return any(pattern is not None and pattern.match(token.text) for pattern in (rules.joiners, rules.through))


def _references_of(chain: tuple[_Unit, ...], article: Article, index: int, start: int, end: int, written: str) -> list[Reference]:
    """One reference per cited article number, with the chain's paragraph and item; a chain
    with no article part cites its own article ("the preceding paragraph")."""
    by_level = {unit.level: unit for unit in chain}
    own_paragraph = article.paragraphs[index].number
    articles = _numbers_meant(by_level[ARTICLE], article.number) if ARTICLE in by_level else (article.number,)
    paragraphs = _numbers_meant(by_level[PARAGRAPH], own_paragraph) if PARAGRAPH in by_level else (None,)
    items = by_level[ITEM].numbers if ITEM in by_level else (None,)
    relative = any(unit.relative for unit in chain)
    return [
        Reference(
            source=article.number,
            paragraph_index=index,
            start=start,
            end=end,
            text=written,
            article=cited,
            paragraph=paragraph,
            item=item,
            relative=relative,
            source_domain=article.domain,
        )
        for cited in articles
        if cited is not None
        for paragraph in paragraphs
        for item in items
    ]


def _numbers_meant(unit: _Unit, own: str | None) -> tuple[str | None, ...]:
    """A unit's numbers; the citing part's own for "this Article", the one before it for "the
    preceding paragraph" (None when the citing paragraph has no number to count from)."""
    if unit.relative == "this":
        return (own,)
    if unit.relative == "preceding":
        return (str(int(own) - 1),) if own is not None and own.isdigit() and int(own) > 1 else (None,)
    return unit.numbers


def _key(number: str) -> str:
    """A number as references and headings are compared: look-alike letters folded, lower case."""
    return fold_lookalikes(number).lower()


class _Version:
    """One version's articles of the main series by number, for resolving references."""

    def __init__(self, located: Sequence[LocatedArticle]) -> None:
        self.by_number: dict[str, Article] = {}
        for item in located:
            if item.article.domain is None:
                self.by_number.setdefault(_key(item.article.number), item.article)

    def problem(self, reference: Reference, source: str) -> ReferenceFinding | None:
        """Dangling or repealed-target, told from this version alone; None when it resolves."""
        target = self.by_number.get(_key(reference.article))
        if target is None:
            if self._range_written_with_a_hyphen(reference.article):
                return None
            return ReferenceFinding(ReferenceCheck.DANGLING, reference, f"{source} has no Article {reference.article}")
        if target.status is ArticleStatus.REPEALED:
            return ReferenceFinding(ReferenceCheck.REPEALED_TARGET, reference, f"Article {target.number} is repealed in {source}")
        if reference.paragraph is not None and not reference.relative:
            numbers = [paragraph.number for paragraph in target.paragraphs if paragraph.number is not None]
            if numbers and _key(reference.paragraph) not in map(_key, numbers):
                return ReferenceFinding(
                    ReferenceCheck.DANGLING,
                    reference,
                    f"Article {target.number} of {source} has no paragraph {reference.paragraph} (its paragraphs: {', '.join(numbers)})",
                )
        return None

    def _range_written_with_a_hyphen(self, number: str) -> bool:
        """"Articles 12-15": a hyphenated number no article has, whose ends both are articles."""
        first, _, last = number.partition("-")
        return "-" not in last and first.isdigit() and last.isdigit() and int(first) < int(last) and first in self.by_number and last in self.by_number


def check_document(document: Document, rules: References) -> ReferenceReport:
    """Every reference of one version, checked against that version alone: the dangling ones
    and those citing a repealed article."""
    located = document.located_articles()
    version = _Version(located)
    findings: list[ReferenceFinding] = []
    external = 0
    for item in located:
        references, others = _read(item.article, rules)
        external += others
        for reference in references:
            findings.append(version.problem(reference, document.source) or ReferenceFinding(ReferenceCheck.RESOLVED, reference, "the cited article exists"))
    return ReferenceReport(tuple(findings), external)


def check_comparison(
    old_located: Sequence[LocatedArticle], new_located: Sequence[LocatedArticle], links: Sequence[ArticleLink], rules: References, *, source: str
) -> ReferenceReport:
    """Every reference of the new version, checked against the new version and against the same
    reference in the old version's counterpart of its article, through the renumbering.
    ``source`` names the new version in the findings' reasons."""
    old_version, new_version = _Version(old_located), _Version(new_located)
    became = _renumbering(old_located, new_located, links)
    was = _origins(became)
    counterparts: dict[int, list[int]] = defaultdict(list)
    for link in links:
        for index in link.new:
            counterparts[index] += link.old
    findings: list[ReferenceFinding] = []
    external = 0
    for index, item in enumerate(new_located):
        references, others = _read(item.article, rules)
        external += others
        if not references:
            continue
        old_references = [reference for counterpart in counterparts[index] for reference in extract(old_located[counterpart].article, rules)]
        unmatched = [reference for reference in old_references if not reference.relative]
        for reference in references:
            findings.append(_checked(reference, unmatched, became, was, source, new_version))
    return ReferenceReport(tuple(findings), external)


def _renumbering(old_located: Sequence[LocatedArticle], new_located: Sequence[LocatedArticle], links: Sequence[ArticleLink]) -> dict[str, frozenset[str]]:
    """Old article number → the numbers its text has in the new version (none: repealed)."""
    became: dict[str, set[str]] = {}
    for item in old_located:
        if item.article.domain is None:
            became.setdefault(_key(item.article.number), set())
    for link in links:
        new_numbers = {_key(new_located[index].article.number) for index in link.new if new_located[index].article.domain is None}
        for index in link.old:
            if old_located[index].article.domain is None:
                became.setdefault(_key(old_located[index].article.number), set()).update(new_numbers)
    return {number: frozenset(numbers) for number, numbers in became.items()}


def _origins(became: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """New article number → the old numbers whose text it holds (none: a new article)."""
    was: dict[str, set[str]] = defaultdict(set)
    for old_number, new_numbers in became.items():
        for new_number in new_numbers:
            was[new_number].add(old_number)
    return {number: frozenset(numbers) for number, numbers in was.items()}


def _checked(
    reference: Reference,
    unmatched: list[Reference],
    became: Mapping[str, frozenset[str]],
    was: Mapping[str, frozenset[str]],
    source: str,
    new_version: _Version,
) -> ReferenceFinding:
    """The finding for one new reference; the old reference it is matched with leaves ``unmatched``."""
    cited = _key(reference.article)
    if reference.relative:
        return new_version.problem(reference, source) or ReferenceFinding(ReferenceCheck.RESOLVED, reference, "it cites its own article")

    def take(found: Reference) -> Reference:
        unmatched.remove(found)
        return found

    kept = _first(unmatched, reference, lambda number: number == cited and cited in became.get(number, ()))
    if kept is not None:
        take(kept)
        return new_version.problem(reference, source) or ReferenceFinding(
            ReferenceCheck.RESOLVED, reference, f"Article {reference.article} kept its number", old_reference=kept
        )
    followed = _first(unmatched, reference, lambda number: number != cited and cited in became.get(number, ()))
    if followed is not None:
        take(followed)
        return ReferenceFinding(
            ReferenceCheck.UPDATED,
            reference,
            f"old Article {followed.article} became Article {reference.article}, and the reference followed it",
            old_reference=followed,
        )
    same = _first(unmatched, reference, lambda number: number == cited and number in became)
    if same is not None:
        take(same)
        now = sorted(became[cited])
        there = _what_stands_at(cited, was, new_version, source)
        if now:
            return ReferenceFinding(
                ReferenceCheck.STALE,
                reference,
                f"old Article {same.article} is now Article {' or '.join(now)}, but the reference still cites Article {reference.article}, which in {source} is {there}",
                old_reference=same,
                expected=" or ".join(now),
            )
        return ReferenceFinding(
            ReferenceCheck.REPEALED_TARGET,
            reference,
            f"old Article {same.article} was repealed, but the reference still cites Article {reference.article}, which in {source} is {there}",
            old_reference=same,
        )
    problem = new_version.problem(reference, source)
    if problem is not None:
        return problem
    retargeted = _same_place(unmatched, reference)
    if retargeted is not None:
        take(retargeted)
        before = sorted(became.get(_key(retargeted.article), ()))
        now_at = f" (now Article {' or '.join(before)})" if before else " (since repealed)"
        return ReferenceFinding(
            ReferenceCheck.RETARGETED,
            reference,
            f"it cited old Article {retargeted.article}{now_at} and now cites Article {reference.article}, {_what_stands_at(cited, was, new_version, source)}",
            old_reference=retargeted,
        )
    return ReferenceFinding(ReferenceCheck.RESOLVED, reference, "a new reference; the cited article exists")


def _first(candidates: Sequence[Reference], reference: Reference, number_matches) -> Reference | None:  # type: ignore[no-untyped-def]
    """The first candidate whose article number matches, one citing the same paragraph and item preferred."""
    matching = [candidate for candidate in candidates if number_matches(_key(candidate.article))]
    for candidate in matching:
        if (candidate.paragraph, candidate.item) == (reference.paragraph, reference.item):
            return candidate
    return matching[0] if matching else None


def _same_place(candidates: Sequence[Reference], reference: Reference) -> Reference | None:
    """The old reference standing where this one stands: written with the same words before the
    number in its paragraph, citing the same kind of part."""
    for candidate in candidates:
        if (candidate.paragraph is None, candidate.item is None) == (reference.paragraph is None, reference.item is None) and _lead(candidate) == _lead(reference):
            return candidate
    return None


def _lead(reference: Reference) -> str:
    """The citation's words before its first number ("пунктом", "статьи"): where it stands."""
    return " ".join(token.text for token in _tokens(reference.text) if token.word and not token.text[0].isdigit())


def _what_stands_at(number: str, was: Mapping[str, frozenset[str]], version: _Version, source: str) -> str:
    target = version.by_number.get(number)
    if target is None:
        return "no article"
    origins = sorted(was.get(number, ()))
    return f"old Article {' and '.join(origins)}" if origins else "a new article"
