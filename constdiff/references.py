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
from dataclasses import dataclass, replace
from enum import IntEnum
from itertools import islice
from typing import Iterable, Mapping, NamedTuple, Sequence

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

# A word or a number ("72-1"): what classify's editorial key compares, and a citation is read from.
WORD = re.compile(r"\d+(?:-\d+)+|\w+")
# A word or number, or one punctuation character.
_TOKEN = re.compile(rf"({WORD.pattern})|([^\w\s])")
# An article number as written in running text: 44, 3-1, 94-2, 10a, 1bis.
_ARTICLE_NUMBER = re.compile(r"\d+(?:-\d+)*(?:[^\W\d_]|bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)?", re.IGNORECASE)
# A paragraph or an item may be numbered by a letter as well: "písm. b)", "подпункт а)".
_PART_NUMBER = re.compile(rf"{_ARTICLE_NUMBER.pattern}|[^\W\d_]", re.IGNORECASE)
_DASHES = frozenset("-–—")
# "l'article", "dell'articolo": an elided article joins the words around it.
_ELISION = frozenset("'’")
_QUOTES = frozenset('"“”„«»‘‚')
# "artigo 5.º", "5º": a number's ordinal sign is no part of it.
_ORDINAL_SIGNS = frozenset("ºª°")
_SIGNS = "".join(sorted(_ORDINAL_SIGNS))
# "artikelen 20 tot en met 23": a range word may be a phrase of up to this many words.
MAX_RANGE_WORDS = 3
_DIGIT = re.compile(r"\d")
_LEADING_DIGITS = re.compile(r"\d+")
# Punctuation that may stand between a unit's word and its number: "ст. 44", "44-бабы", "1) тармақшасы".
_WORD_NUMBER_GLUE = frozenset(".-)")
# Connector words allowed between two parts of one citation ("paragraph 3 of the Article 44").
MAX_CONNECTORS = 2

# Words after a citation (before it, number first) in which a word naming another act makes it that act's.
EXTERNAL_WINDOW = 3
# A year this many words after the name of the act a citation cites, in its sentence, dates that
# act: another one ("of the Constitution of the Republic of Kazakhstan adopted on 28 January 1993").
DATED_ACT_WINDOW = 12
_YEAR = re.compile(r"1[6-9]\d\d|20\d\d")
_SENTENCE_ENDS = frozenset(".;:!?")

ARTICLE, PARAGRAPH, ITEM = 3, 2, 1


@dataclass(frozen=True)
class _Token:
    text: str
    """Folded, lower-case."""
    start: int
    end: int
    word: bool


class _Number(NamedTuple):
    """A number written in a unit, the end of the range it begins, and (in a language writing
    "artículo 161, 1, a)") the paragraph and item after it."""

    first: str | None
    last: str | None = None
    paragraph: str | None = None
    item: str | None = None


@dataclass(frozen=True)
class _Unit:
    """One part of a citation: its level, the numbers written (or the relative part meant), and its tokens."""

    level: int
    numbers: tuple[_Number, ...]
    first: int
    last: int
    relative: str | None = None
    attached: bool = False
    """Written in parentheses right after the article's number ("Article 44(3)(b)")."""


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
                written = {number for cited in unit.numbers for number in (cited.first, cited.last)}
                spans += [(tokens[at].start, tokens[at].end) for at in range(unit.first, unit.last + 1) if tokens[at].text in written]
    return spans


def _may_cite(text: str, rules: References) -> bool:
    """A citation writes a number or a relative phrase: text with neither is not read word by word."""
    if _DIGIT.search(text):
        return True
    phrases = (rules.this_article, rules.this_paragraph, rules.preceding_paragraph)
    return any(pattern is not None for pattern in phrases) and any(pattern.search(fold_lookalikes(text).lower()) for pattern in phrases if pattern is not None)


def _chains(text: str, rules: References) -> Iterable[tuple[int, int, tuple[_Unit, ...] | None]]:
    """Per citation: its characters and its units (None for a citation of another act)."""
    if not _may_cite(text, rules):
        return
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
    """A chain that names an article (by number or as "this Article") or a relative paragraph;
    not one in quotation marks, which is wording quoted ('the words "Article 9" are replaced')."""
    if not any(unit.level == ARTICLE or unit.relative for unit in chain):
        return
    first, last = chain[0].first, chain[-1].last
    if first > 0 and tokens[first - 1].text in _QUOTES:
        return
    if any(unit.relative for unit in chain):
        yield tuple(chain), first, last, False
        return
    yield tuple(chain), first, last, _cites_another_act(tokens, first, last, rules)


def _continues(previous: _Unit, unit: _Unit, tokens: Sequence[_Token], rules: References) -> bool:
    """``unit`` is the next part of ``previous``'s citation: the next level in the language's
    order, after nothing but a comma or a few connector words."""
    if unit.attached:
        return True
    rising = rules.order == "small-first"
    # "Absatz 1 dieses Artikels" in a language citing "Art. 93 Abs. 1": a relative part comes either way.
    if unit.level == previous.level or ((unit.level > previous.level) != rising and not (unit.relative or previous.relative)):
        return False
    between = [token for token in tokens[previous.last + 1 : unit.first] if token.text not in _ELISION]
    connectors = [token for token in between if token.word]
    # "Article 44, paragraph 3" runs on past a comma; "artículos 17, 18, apartados 2 y 3, artículos 19":
    # a comma before an article ends its paragraphs' citation.
    comma = "," if not rising else None
    if len(connectors) > MAX_CONNECTORS or any(not token.word and token.text != comma for token in between):
        return False
    return all(rules.connectors is not None and rules.connectors.match(token.text) for token in connectors)


def _cites_another_act(tokens: Sequence[_Token], first: int, last: int, rules: References) -> bool:
    """A word naming another act soon after the citation, in its clause, or right before it
    ("статьи 5 Федерального закона", "Article 9 of the European Convention", "Заңның 5-бабы",
    "l'article 5 de l'ordonnance"); or the name of an act like this one dated by a year
    ("Article 64 of the Constitution adopted on 28 January 1993", "Article 9 of the 1937
    Constitution"): an earlier constitution.  Reading too much as another act's only leaves a
    reference unchecked; too little makes false findings."""
    after = _owner_words(tokens, _clause_words(tokens, last + 1, 1, MAX_CONNECTORS + EXTERNAL_WINDOW), rules)
    # Before a citation, the act's name in the genitive stands right next to it ("Заңның 5-бабы"):
    # a word further back belongs to the sentence ("келісімінсіз не Конституцияның 55-бабының").
    before = _clause_words(tokens, first - 1, -1, 1)
    if rules.external is not None and any(rules.external.match(tokens[at].text) for at in (*after, *before)):
        return True
    if rules.act_words is None:
        return False
    near = before if rules.number_first else after
    for place, at in enumerate(near):
        if rules.act_words.match(tokens[at].text):
            step = -1 if rules.number_first else 1
            return any(_YEAR.fullmatch(tokens[word].text) for word in near[:place]) or _dated(tokens, at + step, step)
    return False


def _owner_words(tokens: Sequence[_Token], words: list[int], rules: References) -> list[int]:
    """The words (indexes of ``tokens``) that may name the act a citation belongs to: past
    connectors ("of the"), the next ``EXTERNAL_WINDOW`` ("European Convention"); in a language
    that marks it by case, with no connectors ("Федерального конституционного закона"), the first
    ones; otherwise ("Article 9 applies to treaties") only the first word.  A joiner ends them
    ("čl. 10 a zákonem")."""
    connectors = 0
    while connectors < min(len(words), MAX_CONNECTORS) and rules.connectors is not None and rules.connectors.match(tokens[words[connectors]].text):
        connectors += 1
    if not connectors and rules.connectors is not None:
        return words[:1]
    owner = words[connectors : connectors + EXTERNAL_WINDOW]
    # "podle čl. 10 a zákonem": a joiner begins another phrase.
    joined = next((place for place, at in enumerate(owner) if rules.joiners is not None and rules.joiners.match(tokens[at].text)), len(owner))
    return owner[:joined]


def _clause_words(tokens: Sequence[_Token], at: int, step: int, count: int) -> list[int]:
    """The indexes of up to ``count`` words from ``at`` on, stopping at a sign that ends a clause
    (a comma, a stop that is no ordinal point, a bracket); elisions and ordinal points are passed."""
    words: list[int] = []
    while 0 <= at < len(tokens) and len(words) < count:
        token = tokens[at]
        if token.word:
            words.append(at)
        elif token.text not in _ELISION and not _ordinal_point(tokens, at):
            break
        at += step
    return words


def _ordinal_point(tokens: Sequence[_Token], at: int) -> bool:
    """A point after a day or an ordinal number ("23. Mai 1949"), not a sentence's end."""
    return tokens[at].text == "." and at > 0 and tokens[at - 1].text.isdigit() and at + 1 < len(tokens) and tokens[at + 1].word


def _dated(tokens: Sequence[_Token], at: int, step: int) -> bool:
    """A year within ``DATED_ACT_WINDOW`` words from ``at``, in the same sentence."""
    words = 0
    while 0 <= at < len(tokens):
        token = tokens[at]
        at += step
        if token.text in _SENTENCE_ENDS and not _ordinal_point(tokens, at - step):
            return False
        if token.word:
            if _YEAR.fullmatch(token.text):
                return True
            words += 1
            if words == DATED_ACT_WINDOW:
                return False
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
        if unit.level == ARTICLE and unit.relative is None and len(unit.numbers) == 1:
            for attached in _in_parentheses(tokens, at):
                units.append(attached)
                at = attached.last + 1
    return units


def _in_parentheses(tokens: Sequence[_Token], at: int) -> list[_Unit]:
    """The paragraph and item written in parentheses right after an article's number: "44(3)(b)"."""
    found: list[_Unit] = []
    for level in (PARAGRAPH, ITEM):
        if at + 2 < len(tokens) and tokens[at].text == "(" and tokens[at + 2].text == ")" and tokens[at + 1].word and _PART_NUMBER.fullmatch(tokens[at + 1].text):
            if tokens[at].start != tokens[at - 1].end:
                break
            found.append(_Unit(level, (_Number(tokens[at + 1].text),), at, at + 2, attached=True))
            at += 3
        else:
            break
    return found


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
        level = _level(tokens[after].text, rules) if after < len(tokens) else None
        if level is None or (level == ARTICLE and not all(_ARTICLE_NUMBER.fullmatch(number) for cited in numbers for number in (cited.first, cited.last) if number)):
            return None
        return _Unit(level, numbers, at, after)
    level = _level(tokens[at].text, rules)
    if level is None:
        return None
    start = at + 1
    if start < len(tokens) and tokens[start].text == ".":
        start += 1
    if start + 1 < len(tokens) and tokens[start].text == "(" and level != ARTICLE:
        start += 1
    numbers, after = _number_list(tokens, start, rules, _ARTICLE_NUMBER if level == ARTICLE else _PART_NUMBER)
    return _Unit(level, numbers, at, after - 1) if numbers else None


def _number_list(tokens: Sequence[_Token], at: int, rules: References, number: re.Pattern[str]) -> tuple[tuple[_Number, ...], int]:
    """Numbers joined by commas, joiner words, dashes or range words from ``at``; and the index
    past them.  A letter numbers a part only with its parenthesis ("b)"): a lone "a" is a word."""
    numbers: list[_Number] = []
    range_from: str | None = None
    while at < len(tokens) and _is_number(tokens, at, number):
        written = tokens[at].text.rstrip(_SIGNS)
        if range_from is None:
            numbers.append(_Number(written))
        else:
            numbers[-1] = numbers[-1]._replace(last=written)
        at = _past_number_signs(tokens, at + 1, rules, number)
        if rules.paragraph_after_comma and number is _ARTICLE_NUMBER:
            numbers[-1], at = _parts_after_commas(tokens, at, numbers[-1])
        separator = _separator(tokens, at, rules)
        if separator is not None and at + separator[0] < len(tokens) and _is_number(tokens, at + separator[0], number):
            range_from = numbers[-1].first if separator[1] and numbers[-1].last is None else None
            at += separator[0]
            continue
        break
    return tuple(numbers), at


def _past_number_signs(tokens: Sequence[_Token], at: int, rules: References, number: re.Pattern[str]) -> int:
    """Past what may follow a number in a citation: a part's parenthesis ("b)"), an ordinal sign
    ("5.º"), a profile's ordinal point ("članka 12., 14. i 16.")."""
    if at < len(tokens) and tokens[at].text == ")" and number is _PART_NUMBER:
        return at + 1
    if at + 1 < len(tokens) and tokens[at].text == "." and tokens[at + 1].text in _ORDINAL_SIGNS:
        return at + 2
    if at < len(tokens) and (tokens[at].text in _ORDINAL_SIGNS or (rules.ordinal_point and tokens[at].text == ".")):
        return at + 1
    return at


def _separator(tokens: Sequence[_Token], at: int, rules: References) -> tuple[int, bool] | None:
    """The tokens joining two numbers at ``at`` and whether they make a range: a comma, a dash,
    a joiner word, or up to ``MAX_RANGE_WORDS`` range words."""
    if at >= len(tokens):
        return None
    token = tokens[at]
    if not token.word:
        return (1, token.text in _DASHES) if token.text == "," or token.text in _DASHES else None
    if rules.joiners is not None and rules.joiners.match(token.text):
        return 1, False
    count = 0
    while count < MAX_RANGE_WORDS and at + count < len(tokens) and rules.through is not None and tokens[at + count].word and rules.through.match(tokens[at + count].text):
        count += 1
    return (count, True) if count else None


def _parts_after_commas(tokens: Sequence[_Token], at: int, cited: _Number) -> tuple[_Number, int]:
    """"artículo 161, 1, a)": a smaller number after the article's comma is its paragraph, and a
    letter with its parenthesis after the next comma the paragraph's item."""
    if cited.last is not None or not cited.first or not cited.first[0].isdigit():
        return cited, at
    if at + 1 < len(tokens) and tokens[at].text == "," and tokens[at + 1].text.isdigit() and int(tokens[at + 1].text) < int(_LEADING_DIGITS.match(cited.first).group()):
        cited, at = cited._replace(paragraph=tokens[at + 1].text), at + 2
        if at + 2 < len(tokens) and tokens[at].text == "," and _is_number(tokens, at + 1, _PART_NUMBER) and not tokens[at + 1].text[0].isdigit():
            cited, at = cited._replace(item=tokens[at + 1].text), at + 3
    return cited, at


def _is_number(tokens: Sequence[_Token], at: int, number: re.Pattern[str]) -> bool:
    token = tokens[at]
    if not token.word or not number.fullmatch(token.text):
        return False
    return token.text[0].isdigit() or (at + 1 < len(tokens) and tokens[at + 1].text == ")")


def _references_of(chain: tuple[_Unit, ...], article: Article, index: int, start: int, end: int, written: str) -> list[Reference]:
    """One reference per cited article number, with the chain's paragraph and item; a chain
    with no article part cites its own article ("the preceding paragraph")."""
    by_level = {unit.level: unit for unit in chain}
    own_paragraph = article.paragraphs[index].number
    articles = _numbers_meant(by_level[ARTICLE], article.number) if ARTICLE in by_level else (_Number(article.number),)
    paragraphs = _ends(_numbers_meant(by_level[PARAGRAPH], own_paragraph)) if PARAGRAPH in by_level else (None,)
    items = _ends(by_level[ITEM].numbers) if ITEM in by_level else (None,)
    relative = any(unit.relative for unit in chain)
    return [
        Reference(
            source=article.number,
            paragraph_index=index,
            start=start,
            end=end,
            text=written,
            article=cited.first,
            through=cited.last,
            paragraph=cited.paragraph or paragraph,
            item=cited.item or item,
            relative=relative,
            source_domain=article.domain,
            source_paragraph=own_paragraph,
        )
        for cited in articles
        if cited.first is not None
        for paragraph in ((None,) if cited.paragraph else paragraphs)
        for item in ((None,) if cited.item else items)
    ]


def _numbers_meant(unit: _Unit, own: str | None) -> tuple[_Number, ...]:
    """A unit's numbers; the citing part's own for "this Article", the one before it for "the
    preceding paragraph" (None when the citing paragraph has no number to count from)."""
    if unit.relative == "this":
        return (_Number(own),)
    if unit.relative == "preceding":
        return (_Number(str(int(own) - 1) if own is not None and own.isdigit() and int(own) > 1 else None),)
    return unit.numbers


def _ends(numbers: Sequence[_Number]) -> tuple[str | None, ...]:
    """A paragraph or item per number written: a range's two ends."""
    return tuple(number for cited in numbers for number in ((cited.first,) if cited.last is None else (cited.first, cited.last)))


def _key(number: str) -> str:
    """A number as references and headings are compared: look-alike letters folded, lower case,
    an ordinal sign dropped ("44º" is Article 44)."""
    return fold_lookalikes(number).lower().rstrip(_SIGNS)


class _Version:
    """One version's articles of the main series, by number and in reading order."""

    def __init__(self, located: Sequence[LocatedArticle], name: str) -> None:
        self.name = name
        """How reasons name it: "this version", "the new version" (the report names the file)."""
        self.by_number: dict[str, Article] = {}
        for item in located:
            if item.article.domain is None:
                self.by_number.setdefault(_key(item.article.number), item.article)
        self.position = {number: at for at, number in enumerate(self.by_number)}

    def read(self, references: Iterable[Reference]) -> list[Reference]:
        """The references as this version reads them: "13-15", a number no article has while 13
        and 15 are articles in that order, is the range 13 to 15 ("статьями 11, 13-15",
        "11, 13-15-баптарында": a range written with a hyphen is one token)."""
        return [
            replace(reference, article=reference.article.partition("-")[0], through=reference.article.partition("-")[2])
            if reference.through is None and _key(reference.article) not in self.position and self._hyphenated_range(_key(reference.article), self.position)
            else reference
            for reference in references
        ]

    def cited(self, reference: Reference) -> tuple[str, ...]:
        """The numbers a reference cites here: a range's from its first to its last article in
        reading order (both ends when either is missing)."""
        first = _key(reference.article)
        if reference.through is None:
            return (first,)
        last = _key(reference.through)
        if first in self.position and last in self.position and self.position[first] <= self.position[last]:
            return tuple(islice(self.by_number, self.position[first], self.position[last] + 1))
        return (first, last)

    def problem(self, reference: Reference) -> ReferenceFinding | None:
        """Dangling or repealed-target, told from this version alone; None when it resolves."""
        for number in (reference.article, reference.through):
            if number is not None and _key(number) not in self.by_number:
                return ReferenceFinding(ReferenceCheck.DANGLING, reference, f"no Article {number} in {self.name}")
        for number in self.cited(reference):
            if self.by_number[number].status is ArticleStatus.REPEALED:
                return ReferenceFinding(ReferenceCheck.REPEALED_TARGET, reference, f"Article {self.by_number[number].number} is repealed in {self.name}")
        target = self.by_number.get(_key(reference.article))
        if target is not None and reference.paragraph is not None:
            numbers = [paragraph.number for paragraph in target.paragraphs if paragraph.number is not None]
            keys = {_key(number): at for at, number in enumerate(numbers)}
            if numbers and _key(reference.paragraph) not in keys and not self._hyphenated_range(_key(reference.paragraph), keys):
                return ReferenceFinding(
                    ReferenceCheck.DANGLING,
                    reference,
                    f"Article {target.number} has no paragraph {reference.paragraph} in {self.name} (its paragraphs: {', '.join(numbers)})",
                )
        return None

    @staticmethod
    def _hyphenated_range(number: str, position: Mapping[str, int]) -> bool:
        """"12-15" written for a range: no such number, but both ends exist, in order."""
        first, _, last = number.partition("-")
        return first in position and last in position and position[first] < position[last]


def check_document(document: Document, rules: References) -> ReferenceReport:
    """Every reference of one version, checked against that version alone: the dangling ones
    and those citing a repealed article."""
    located = document.located_articles()
    version = _Version(located, "this version")
    findings: list[ReferenceFinding] = []
    external = 0
    for item in located:
        references, others = _read(item.article, rules)
        external += others
        findings += [version.problem(reference) or ReferenceFinding(ReferenceCheck.RESOLVED, reference, "the cited article exists") for reference in version.read(references)]
    return ReferenceReport(tuple(findings), external)


# Which finding a range reports when its two ends are found to differ: the one a drafter must see.
_SEVERITY = (ReferenceCheck.RESOLVED, ReferenceCheck.UPDATED, ReferenceCheck.RETARGETED, ReferenceCheck.REPEALED_TARGET, ReferenceCheck.STALE, ReferenceCheck.DANGLING)


@dataclass(frozen=True)
class _Place:
    """Where a citation stands, numbers left out (a renumbering changes those)."""

    before: tuple[str, ...]
    """The words before it in its paragraph, the last ``CONTEXT_WORDS``."""
    lead: tuple[str, ...]
    """Its own words ("пунктом", "статьи"): how it is written."""
    paragraph: frozenset[str]
    """The words of its paragraph."""

    def likeness(self, other: _Place) -> float:
        """How much of their paragraphs' words the two citations share (Dice)."""
        total = len(self.paragraph) + len(other.paragraph)
        return 2 * len(self.paragraph & other.paragraph) / total if total else 0.0


# A reference retargeted on purpose stands where the old one stood: after the same words.
CONTEXT_WORDS = 3
# Above this many (new, old) pairs of one article's references, a greedy match replaces the assignment.
MAX_ASSIGNMENT = 10_000
# Citing paragraphs sharing this share of their words (Dice), each the other's likest, are one
# paragraph's two versions.
PARAGRAPH_KIN = 0.5


def _place(article: Article, reference: Reference) -> _Place:
    text = article.paragraphs[reference.paragraph_index].text
    words = [token for token in _tokens(text) if token.word and not token.text[0].isdigit()]
    before = tuple(token.text for token in words if token.end <= reference.start)[-CONTEXT_WORDS:]
    lead = tuple(token.text for token in words if reference.start <= token.start < reference.end)
    return _Place(before, lead, frozenset(token.text for token in words))


@dataclass
class _Cited:
    """One article an old reference cites (a range cites several), not yet matched to a new reference."""

    number: str
    reference: Reference
    place: _Place
    paragraph: tuple[int, int]
    """Its article (an index into the old version) and paragraph: which old paragraph it stands in."""


def check_comparison(
    old_located: Sequence[LocatedArticle],
    new_located: Sequence[LocatedArticle],
    links: Sequence[ArticleLink],
    rules: References,
) -> ReferenceReport:
    """Every reference of the new version, checked against the new version and against the old
    version's references in its article's counterparts, through the renumbering."""
    old_version, new_version = _Version(old_located, "the old version"), _Version(new_located, "the new version")
    renumbering = _Renumbering(old_version, new_version, old_located, new_located, links)
    counterparts: dict[int, list[int]] = defaultdict(list)
    for link in links:
        for index in link.new:
            counterparts[index] += link.old
    old_read: dict[int, list[tuple[Reference, _Place]]] = {}

    def read_old(at: int) -> list[tuple[Reference, _Place]]:
        """An old article's references as the old version reads them, each with its place; read
        once, though a split article is the counterpart of several new ones."""
        if at not in old_read:
            article = old_located[at].article
            old_read[at] = [(reference, _place(article, reference)) for reference in old_version.read(extract(article, rules)) if not reference.relative]
        return old_read[at]

    findings: list[ReferenceFinding] = []
    external = 0
    for index, item in enumerate(new_located):
        references, others = _read(item.article, rules)
        external += others
        if references:
            references = tuple(new_version.read(references))
            old_cited = [
                _Cited(number, reference, place, (counterpart, reference.paragraph_index))
                for counterpart in counterparts[index]
                for reference, place in read_old(counterpart)
                for number in old_version.cited(reference)
            ]
            findings += _Article(item.article, references, old_cited, renumbering, new_version).findings()
    return ReferenceReport(tuple(findings), external)


class _Renumbering:
    """Where each old article's text went, and where each new article's came from."""

    def __init__(
        self, old: _Version, new: _Version, old_located: Sequence[LocatedArticle], new_located: Sequence[LocatedArticle], links: Sequence[ArticleLink]
    ) -> None:
        self.became: dict[str, set[str]] = {number: set() for number in old.by_number}
        self.was: dict[str, set[str]] = {number: set() for number in new.by_number}
        for link in links:
            old_numbers = [_key(old_located[at].article.number) for at in link.old if old_located[at].article.domain is None]
            new_numbers = [_key(new_located[at].article.number) for at in link.new if new_located[at].article.domain is None]
            for number in old_numbers:
                self.became[number].update(new_numbers)
            for number in new_numbers:
                self.was[number].update(old_numbers)
        self.new = new

    def now(self, old_number: str) -> str:
        return " or ".join(sorted(self.became[old_number]))

    def standing_at(self, number: str) -> str:
        """What the new version has under this number, in the old version's terms."""
        if number not in self.new.by_number:
            return "no article"
        origins = sorted(self.was[number])
        return f"old Article {' and '.join(origins)}" if origins else "a new article"


class _Relation(IntEnum):
    """How a new reference's number stands to an old reference's, by the evidence it is the same
    reference: citing the same provision is more than writing the same number."""

    NONE = 0
    SAME_NUMBER = 2  # the same number, whose article the renumbering moved or repealed
    SAME_PROVISION = 3  # the number its article kept, or the one the renumbering gave it


class _Article:
    """One new article's references matched with its old counterparts' and checked.

    Matching is an assignment of most total weight (``_assignment``): a pair weighs its
    ``_Relation``, one more each for citing the same kind of part and for standing after the same
    words written the same way, two more for standing in one paragraph's two versions, and,
    among equals, more the closer their places in the two lists.  So a list left as
    it was ("Articles 2 and 1" after a shift) is two stale references, not one updated and one
    new; and one mistyped number in a list updated otherwise ("12, 14, 97, 17") leaves its
    neighbours updated.  What no old reference cites is new, or, standing where an old one
    stood, retargeted."""

    def __init__(self, article: Article, references: Sequence[Reference], old: list[_Cited], renumbering: _Renumbering, new: _Version) -> None:
        self.article, self.references, self.old, self.renumbering, self.new = article, references, old, renumbering, new
        # One slot per number a reference checks: a range's two ends, one for the rest.
        self.slots = [(at, _key(number)) for at, reference in enumerate(references) if not reference.relative for number in (reference.article, reference.through) if number is not None]
        self.places = [_place(article, reference) for reference in references]
        self.kin = self._kin_paragraphs()

    def _kin_paragraphs(self) -> set[tuple[int, tuple[int, int]]]:
        """(new paragraph, old paragraph) pairs that are one paragraph's two versions: each the
        other's likest among the citing paragraphs, sharing at least ``PARAGRAPH_KIN``."""
        new_places = {reference.paragraph_index: place for reference, place in zip(self.references, self.places)}
        old_places = {cited.paragraph: cited.place for cited in self.old}
        likeness = {(new, old): new_place.likeness(old_place) for new, new_place in new_places.items() for old, old_place in old_places.items()}
        likest_old = {new: max(old_places, key=lambda old: (likeness[new, old], old)) for new in new_places} if old_places else {}
        likest_new = {old: max(new_places, key=lambda new: (likeness[new, old], -new)) for old in old_places} if new_places else {}
        return {(new, old) for new, old in likest_old.items() if likest_new[old] == new and likeness[new, old] >= PARAGRAPH_KIN}

    def relation(self, number: str, cited: _Cited) -> _Relation:
        became = self.renumbering.became.get(cited.number)
        if became is None:
            return _Relation.NONE
        if number in became:
            return _Relation.SAME_PROVISION
        return _Relation.SAME_NUMBER if number == cited.number else _Relation.NONE

    def weights(self) -> list[list[int]]:
        """Per slot and old reference, the weight of pairing them (0: no pair)."""
        scale = len(self.slots) + len(self.old) + 1
        rows = []
        for slot, (at, number) in enumerate(self.slots):
            reference, row = self.references[at], []
            for column, cited in enumerate(self.old):
                relation = self.relation(number, cited)
                place = self.places[at]
                same_place = (place.before, place.lead) == (cited.place.before, cited.place.lead)
                kin = (reference.paragraph_index, cited.paragraph) in self.kin
                # The same number is evidence of the same reference only where it stood before: a
                # citation dropped in one paragraph and another of that number written elsewhere
                # ("electoral rights under Article 3", the new 3) are two references.
                if relation is _Relation.SAME_NUMBER and not (kin or same_place):
                    relation = _Relation.NONE
                evidence = relation + (_shape(reference) == _shape(cited.reference)) + same_place + 2 * kin if relation else 0
                row.append(evidence * scale - abs(slot - column) if evidence else 0)
            rows.append(row)
        return rows

    def _matched(self) -> dict[int, int]:
        """Slot → old reference: the assignment, or, for an article citing more than
        ``MAX_ASSIGNMENT`` pairs' worth (its cost grows with the cube), each slot's best still free."""
        if not self.slots or not self.old:
            return {}
        weights = self.weights()
        if len(self.slots) * len(self.old) <= MAX_ASSIGNMENT:
            return _assignment(weights)
        matched: dict[int, int] = {}
        for slot, row in enumerate(weights):
            free = [(weight, -column) for column, weight in enumerate(row) if weight and column not in matched.values()]
            if free:
                matched[slot] = -max(free)[1]
        return matched

    def findings(self) -> list[ReferenceFinding]:
        matched = self._matched()
        taken = set(matched.values())
        by_reference: dict[int, list[ReferenceFinding]] = defaultdict(list)
        for slot, (at, number) in enumerate(self.slots):
            reference = self.references[at]
            if slot in matched:
                by_reference[at].append(self._paired(reference, number, self.old[matched[slot]]))
            else:
                by_reference[at].append(self._unpaired(reference, self.places[at], number, taken))
        return [
            self.new.problem(reference) or ReferenceFinding(ReferenceCheck.RESOLVED, reference, "it cites its own article")
            if reference.relative
            else max(by_reference[at], key=lambda finding: _SEVERITY.index(finding.check))
            for at, reference in enumerate(self.references)
        ]

    def _paired(self, reference: Reference, number: str, old: _Cited) -> ReferenceFinding:
        renumbering = self.renumbering
        if self.relation(number, old) is _Relation.SAME_PROVISION:
            if number == old.number:
                return self.new.problem(reference) or ReferenceFinding(ReferenceCheck.RESOLVED, reference, f"Article {number} kept its number", old_reference=old.reference)
            return self.new.problem(reference) or ReferenceFinding(
                ReferenceCheck.UPDATED, reference, f"old Article {old.number} became Article {number}, and the reference followed it", old_reference=old.reference
            )
        there = renumbering.standing_at(number)
        if renumbering.became[number]:
            return ReferenceFinding(
                ReferenceCheck.STALE,
                reference,
                f"old Article {number} is now Article {renumbering.now(number)}, but the reference still cites Article {number}, which in {self.new.name} is {there}",
                old_reference=old.reference,
                expected=renumbering.now(number),
            )
        return ReferenceFinding(
            ReferenceCheck.REPEALED_TARGET,
            reference,
            f"old Article {number} was repealed, but the reference still cites Article {number}, which in {self.new.name} is {there}",
            old_reference=old.reference,
        )

    def _unpaired(self, reference: Reference, place: _Place, number: str, taken: set[int]) -> ReferenceFinding:
        """A reference with no old one citing its provision or its number: dangling, retargeted
        (an old one stood where it stands), or new."""
        problem = self.new.problem(reference)
        if problem is not None:
            return problem
        for j, old in enumerate(self.old):
            same_words = old.place.before == place.before and (old.place.lead == place.lead or bool(place.before))
            if j not in taken and same_words and (reference.paragraph_index, old.paragraph) in self.kin:
                taken.add(j)
                before = f"now Article {self.renumbering.now(old.number)}" if self.renumbering.became.get(old.number) else "since repealed"
                return ReferenceFinding(
                    ReferenceCheck.RETARGETED,
                    reference,
                    f"it cited old Article {old.number} ({before}) and now cites Article {number}, {self.renumbering.standing_at(number)}",
                    old_reference=old.reference,
                )
        return ReferenceFinding(ReferenceCheck.RESOLVED, reference, "a new reference; the cited article exists")


def _shape(reference: Reference) -> tuple[bool, bool]:
    """Which parts the reference cites below the article: a paragraph, an item."""
    return reference.paragraph is None, reference.item is None


def _assignment(weights: list[list[int]]) -> dict[int, int]:
    """Row → column pairs of most total weight, pairs of weight 0 left out: the Hungarian
    method (Kuhn–Munkres, with potentials), O(rows² · columns) for the few references of an
    article; a transposed matrix when there are more rows than columns."""
    if len(weights) > len(weights[0]):
        return {row: column for column, row in _assignment([list(column) for column in zip(*weights)]).items()}
    rows, columns = len(weights), len(weights[0])
    row_potential, column_potential = [0] * (rows + 1), [0] * (columns + 1)
    owner, way = [0] * (columns + 1), [0] * (columns + 1)  # column → its row (1-based; 0: none), the path back
    for row in range(1, rows + 1):
        owner[0], free = row, 0
        least, used = [float("inf")] * (columns + 1), [False] * (columns + 1)
        while True:
            used[free] = True
            current, delta, nearest = owner[free], float("inf"), 0
            for column in range(1, columns + 1):
                if not used[column]:
                    cost = -weights[current - 1][column - 1] - row_potential[current] - column_potential[column]
                    if cost < least[column]:
                        least[column], way[column] = cost, free
                    if least[column] < delta:
                        delta, nearest = least[column], column
            for column in range(columns + 1):
                if used[column]:
                    row_potential[owner[column]] += delta
                    column_potential[column] -= delta
                else:
                    least[column] -= delta
            free = nearest
            if owner[free] == 0:
                break
        while free:
            previous = way[free]
            owner[free], free = owner[previous], previous
    return {owner[column] - 1: column - 1 for column in range(1, columns + 1) if owner[column] and weights[owner[column] - 1][column - 1] > 0}
