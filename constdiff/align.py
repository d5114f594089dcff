"""Align two versions by every piece of evidence: content, number, order and place.

Consecutive versions keep most article numbers; a new constitution renumbers nearly
everything.  So a number is evidence, weighed by how reliable numbers prove to be
between the two versions, beside the content (TF-IDF vectors of word stems; an inverted
index over rare stems proposes a few candidates per article from both sides, so there is
no all-pairs work), the order of the articles and their place between certain pairs.
Pairs are chosen in passes, most certain first:

1. pairs fixed by the user (``--map``); placeholders (repealed stubs) by number;
2. articles with the same text, numbers aside, once on each side;
3. strong content pairs, best first, a shared number adding evidence;
4. the monotone alignment of the pairs so far (their longest chain in the order of both
   versions) frames gaps; inside short gaps, weaker content pairs in the same division;
5. splits and merges: an unpaired article whose words mostly come from a paired one,
   out of the words its partner dropped, and which is not mostly new text (mirror for merges);
6. when most articles have a counterpart by now (the versions are of one text), pairs by
   number inside each gap: the same number, or the one its neighbours' renumbering implies
   (an article replaced in full keeps its number and place); then splits and merges again;
7. where numbers proved reliable, an old article whose number survives only as a placeholder
   is repealed there (and a placeholder's number given text again is added there); the rest
   is repealed (old) or added (new).

Links outside the final monotone alignment are relocated ("moved").  Every pass treats
both versions alike, so swapping them mirrors the result.  Each link says why it was made.
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

from constdiff.errors import MappingError
from constdiff.model import PLACEHOLDER_IN_BOTH, ArticleLink, ArticleStatus, ForcedPair, LinkEvidence, LocatedArticle
from constdiff.profiles import fold_lookalikes

__all__ = ["ArticleLink", "ForcedPair", "align_articles", "link_order", "word_bag"]

_WORD = re.compile(r"\w+", re.UNICODE)

STRONG_SIMILARITY = 0.5
WEAK_SIMILARITY = 0.3
NEAR_SAME_WORDS = 0.9  # a reason calls a pair this similar (cosine) "close vocabulary"
NUMBER_WEIGHT = 0.2  # what a shared number adds to a content score when numbers have proved fully reliable
CERTAIN_SIMILARITY = 0.8  # mutual best pairs this similar show whether numbers were kept
CONTAINMENT = 0.6  # weighted share of a part's words found in its source (the multiset tests below decide)
PART_MIN_COSINE = 0.2  # containment alone lets a short, common-worded article vanish into a long one
PART_FROM_SOURCE = 0.6  # a split part (merged member) must not be mostly new text ...
PART_FROM_DROPPED = 0.65  # ... and must take words its source's partner no longer has
CANDIDATES_PER_ARTICLE = 4
QUERY_WORDS = 10
MAX_GAP = 5
RELATED_SHARE = 0.5  # pairing by number needs this share of the shorter version paired by content
RELIABLE_NUMBERS = 0.5  # a bare number (a placeholder's, a rewrite's) counts only where most certain pairs kept theirs
SHIFTED_MIN_SIMILARITY = 0.2  # a number implied by the neighbours' shift is weaker than the same number: some shared words too
GAP_PASSES_MAX = 4

STEM_LENGTH = 5
# A word's first STEM_LENGTH characters, found by the regex itself: no string for the whole word.
_STEM = re.compile(rf"(\w{{1,{STEM_LENGTH}}})\w*", re.UNICODE)


def word_bag(text: str) -> Counter[str]:
    """Word stems folded for matching: case, look-alike letters and inflection do not separate texts.

    A fixed-length prefix is a crude stem, but it is language-neutral and catches most of
    Russian and Kazakh inflection ("государство", "государством") at no cost.
    """
    return Counter(_STEM.findall(fold_lookalikes(text).lower()))


class _Vectors:
    """Word bags and TF-IDF vectors of both sides and an inverted index of each, built once."""

    def __init__(self, old_bags: Sequence[Counter[str]], new_bags: Sequence[Counter[str]]) -> None:
        self.old_bags, self.new_bags = old_bags, new_bags
        document_frequency: Counter[str] = Counter()
        for bag in (*old_bags, *new_bags):
            document_frequency.update(bag.keys())
        total = sum(1 for bag in (*old_bags, *new_bags) if bag)  # empty bags: articles paired without vectors
        self.idf = {word: math.log((total + 1) / (count + 1)) + 1.0 for word, count in document_frequency.items()}
        largest_count = max((max(bag.values(), default=0) for bag in (*old_bags, *new_bags)), default=0)
        self._term_weight = [0.0] + [1.0 + math.log(count) for count in range(1, largest_count + 1)]
        self.old = [self._weigh(bag) if bag else {} for bag in old_bags]
        self.new = [self._weigh(bag) if bag else {} for bag in new_bags]
        self.old_norm = [_norm(vector) for vector in self.old]
        self.new_norm = [_norm(vector) for vector in self.new]
        rare_limit = max(20, total // 50)
        # Rarest first: fewest documents, then the word itself for a fixed order among equals.
        rare = sorted((count, word) for word, count in document_frequency.items() if count <= rare_limit)
        self.rarity = {word: rank for rank, (_, word) in enumerate(reversed(rare))}
        self.old_index = self._index(self.old)
        self.new_index = self._index(self.new)
        self._candidates: dict[tuple[bool, int], list[int]] = {}

    def _weigh(self, bag: Counter[str]) -> dict[str, float]:
        """(1 + log tf) × idf, with C-level loops: this runs for every article of both versions."""
        weights = map(operator.mul, map(self._term_weight.__getitem__, bag.values()), map(self.idf.__getitem__, bag))
        return dict(zip(bag, weights))

    def _index(self, vectors: list[dict[str, float]]) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        rare = self.rarity.__contains__
        for position, vector in enumerate(vectors):
            for word in filter(rare, vector):
                index[word].append(position)
        return index

    def cosine(self, old: int, new: int) -> float:
        denominator = self.old_norm[old] * self.new_norm[new]
        return _dot(self.old[old], self.new[new]) / denominator if denominator else 0.0

    def candidates(self, from_old: bool, position: int) -> list[int]:
        """An article's ``CANDIDATES_PER_ARTICLE`` candidates on the other side, looked up once
        (splits and merges ask again for the articles still unpaired)."""
        key = (from_old, position)
        found = self._candidates.get(key)
        if found is None:
            vector, index = (self.old[position], self.new_index) if from_old else (self.new[position], self.old_index)
            found = self._candidates[key] = self._lookup(vector, index, CANDIDATES_PER_ARTICLE)
        return found

    def _lookup(self, vector: dict[str, float], index: dict[str, list[int]], limit: int) -> list[int]:
        """The articles sharing the most rare-word weight with ``vector``, looked up by its rarest words.

        Only the ``QUERY_WORDS`` rarest indexed words are looked up: the rare-word limit grows
        with the number of articles, so looking up every rare word made this quadratic.
        """
        shared: dict[int, float] = {}
        indexed = list(filter(index.__contains__, vector))
        if len(indexed) > QUERY_WORDS:
            indexed = sorted(indexed, key=self.rarity.__getitem__, reverse=True)[:QUERY_WORDS]
        for word in indexed:
            weight = vector[word]
            for position in index[word]:
                shared[position] = shared.get(position, 0.0) + weight
        # sorted (stable, in C) picks what heapq.nlargest would, several times faster on short lists
        return sorted(shared, key=shared.__getitem__, reverse=True)[:limit]


def _dot(left: dict[str, float], right: dict[str, float]) -> float:
    """fsum: the set intersection's order changes with the hash seed; an exact sum does not."""
    shared = left.keys() & right.keys()
    return math.fsum(map(operator.mul, map(left.__getitem__, shared), map(right.__getitem__, shared)))


def _containment(part: dict[str, float], whole: dict[str, float]) -> float:
    """Share of ``part``'s weight whose words also occur in ``whole`` (split and merge evidence)."""
    total = math.fsum(part.values())
    return math.fsum(map(part.__getitem__, part.keys() & whole.keys())) / total if total else 0.0


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(math.fsum(map(operator.mul, vector.values(), vector.values())))


def align_articles(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    forced: Sequence[ForcedPair] = (),
) -> list[ArticleLink]:
    """Every old and every new article appears in exactly one returned link."""
    links, old_taken, new_taken = _forced_links(old, new, forced)
    old_stubs, new_stubs = [is_placeholder(item) for item in old], [is_placeholder(item) for item in new]
    placeholder_links = _placeholders_in_both(old, new, old_stubs, new_stubs, old_taken, new_taken)
    links += placeholder_links
    old_taken |= {link.old[0] for link in placeholder_links}
    new_taken |= {link.new[0] for link in placeholder_links}
    comparable_old = [i for i, stub in enumerate(old_stubs) if i not in old_taken and not stub]
    comparable_new = [j for j, stub in enumerate(new_stubs) if j not in new_taken and not stub]
    old_texts = [old[i].article.text for i in comparable_old]
    new_texts = [new[j].article.text for j in comparable_new]
    same = _same_text_pairs(old_texts, new_texts)
    vectors = _Vectors(
        _word_bags(old_texts, set(same)),
        _word_bags(new_texts, set(same.values())),
    )
    matcher = _Matcher(
        [_Place(_number_key(old[i]), _division_of(old[i])) for i in comparable_old],
        [_Place(_number_key(new[j]), _division_of(new[j])) for j in comparable_new],
        vectors,
        same,
    )
    links += [
        ArticleLink(
            tuple(comparable_old[o] for o in link.old), tuple(comparable_new[n] for n in link.new), link.score, link.reason, link.evidence
        )
        for link in matcher.run()
    ]
    if matcher.number_reliability >= RELIABLE_NUMBERS:
        links += _placeholder_changes(old, new, old_stubs, new_stubs, links)
    linked_old = {i for link in links for i in link.old}
    linked_new = {j for link in links for j in link.new}
    for i, stub in enumerate(old_stubs):
        if i not in linked_old:
            reason = "already repealed in the old version" if stub else "no counterpart found"
            links.append(ArticleLink((i,), (), 0.0, reason))
    for j in range(len(new)):
        if j not in linked_new:
            links.append(ArticleLink((), (j,), 0.0, "no counterpart found"))
    return links


def is_placeholder(item: LocatedArticle) -> bool:
    """A number kept without operative text: repealed, empty, or a body such as "-" or "…"."""
    article = item.article
    # A paragraph's full text is its marker, a space and its text: no need to join them here.
    return article.status is ArticleStatus.REPEALED or not any(
        _WORD.search(paragraph.marker) or _WORD.search(paragraph.text) for paragraph in article.paragraphs
    )


def _number_key(item: LocatedArticle) -> tuple[str | None, str]:
    """A number identifies an article within its numbering domain (a second series restarting at 1)."""
    return item.article.domain, item.article.number


def _division_of(item: LocatedArticle) -> int:
    """The top-level division holding the article, by identity (-1: none): "the same place" is
    the same division as a neighbouring certain pair, on both sides."""
    return id(item.top_division) if item.top_division is not None else -1


_NUMBERS = re.compile(r"\d+")


def _same_text_pairs(old_texts: Sequence[str], new_texts: Sequence[str]) -> dict[int, int]:
    """Old → new positions of articles whose text, numbers aside, occurs once on each side.

    In a revised code most articles are such pairs (their cross-references renumbered at
    most); they are certain, need no vectors and frame the gaps as strong pairs do.
    Numbers are blanked, so a changed figure still pairs, and is then classified amended.
    """
    def unique(texts: Sequence[str]) -> dict[str, int]:
        keys = list(map(_without_numbers, texts))
        counts = Counter(keys)
        return {key: position for position, key in enumerate(keys) if counts[key] == 1}

    new_by_key = unique(new_texts)
    return {position: new_by_key[key] for key, position in unique(old_texts).items() if key in new_by_key}


_BLANKED: ContextVar[dict[str, str] | None] = ContextVar("constdiff_blanked_texts", default=None)


@contextmanager
def blanking_once() -> Iterator[None]:
    """Inside the block, an article text's numbers are blanked once: the steps of a history
    keep most articles word for word, and each step looks for identical texts again."""
    token = _BLANKED.set({})
    try:
        yield
    finally:
        _BLANKED.reset(token)


def _without_numbers(text: str) -> str:
    blanked = _BLANKED.get()
    if blanked is None:
        return _NUMBERS.sub("#", text)
    found = blanked.get(text)
    if found is None:
        found = blanked[text] = _NUMBERS.sub("#", text)
    return found


def _word_bags(texts: Sequence[str], paired: set[int]) -> list[Counter[str]]:
    """Bags of the texts not paired by identical text; those get empty bags, which keep
    every article's position in the vectors and weigh nothing."""
    unpaired = [position for position in range(len(texts)) if position not in paired]
    bags: list[Counter[str]] = [Counter() for _ in texts]
    for position, bag in zip(unpaired, map(word_bag, [texts[position] for position in unpaired])):
        bags[position] = bag
    return bags


def _unique_by_key(items: Sequence[LocatedArticle], free: Callable[[int], bool]) -> dict[_Key, int]:
    """Positions of the free articles by number key, for keys that occur once among them: a number
    written twice names neither article, and pairing by it would depend on which side is "old"."""
    keys = [(_number_key(item), position) for position, item in enumerate(items) if free(position)]
    counts = Counter(key for key, _ in keys)
    return {key: position for key, position in keys if counts[key] == 1}


def _pairs_by_number(
    old: dict[_Key, int], new: dict[_Key, int], reason: str, method: str
) -> list[ArticleLink]:
    evidence = LinkEvidence(method, 0.0, True, True, True)
    return [ArticleLink((i,), (new[key],), 0.0, reason, evidence) for key, i in old.items() if key in new]


def _placeholders_in_both(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    old_stubs: Sequence[bool],
    new_stubs: Sequence[bool],
    old_taken: set[int],
    new_taken: set[int],
) -> list[ArticleLink]:
    """A number kept as a placeholder in both versions pairs by its number (``*_stubs``: ``is_placeholder`` of each)."""
    return _pairs_by_number(
        _unique_by_key(old, lambda i: i not in old_taken and old_stubs[i]),
        _unique_by_key(new, lambda j: j not in new_taken and new_stubs[j]),
        "a placeholder in both versions",
        PLACEHOLDER_IN_BOTH,
    )


def _placeholder_changes(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    old_stubs: Sequence[bool],
    new_stubs: Sequence[bool],
    links: Sequence[ArticleLink],
) -> list[ArticleLink]:
    """Left unpaired, an article whose number the other version keeps as a placeholder: repealed
    there (old text, new placeholder), or enacted again under a vacant number (the mirror)."""
    linked_old = {i for link in links for i in link.old}
    linked_new = {j for link in links for j in link.new}

    def free_old(stub: bool) -> dict[_Key, int]:
        return _unique_by_key(old, lambda i: i not in linked_old and old_stubs[i] is stub)

    def free_new(stub: bool) -> dict[_Key, int]:
        return _unique_by_key(new, lambda j: j not in linked_new and new_stubs[j] is stub)

    return _pairs_by_number(
        free_old(False), free_new(True), "reduced to a placeholder, same number", "reduced to a placeholder"
    ) + _pairs_by_number(free_old(True), free_new(False), "enacted again under a placeholder's number", "enacted again")


def _forced_links(
    old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], forced: Sequence[ForcedPair]
) -> tuple[list[ArticleLink], set[int], set[int]]:
    old_by_number = _by_number(old)
    new_by_number = _by_number(new)
    links: list[ArticleLink] = []
    old_taken: set[int] = set()
    new_taken: set[int] = set()
    evidence = LinkEvidence("user map", 0.0, False, False, True)
    for pair in forced:
        old_positions = tuple(_lookup(old_by_number, number, "old", pair) for number in pair.old)
        new_positions = tuple(_lookup(new_by_number, number, "new", pair) for number in pair.new)
        if old_taken.intersection(old_positions) or new_taken.intersection(new_positions):
            raise MappingError(pair.source, f"an article appears in more than one mapping: {pair.old} → {pair.new}")
        old_taken.update(old_positions)
        new_taken.update(new_positions)
        links.append(ArticleLink(old_positions, new_positions, 1.0, "mapped by the user", evidence))
    return links, old_taken, new_taken


def _by_number(items: Sequence[LocatedArticle]) -> dict[str, int]:
    """Positions by ``Article.key`` ("transitional:1"), and by bare number where that is unambiguous."""
    counts = Counter(item.article.number for item in items)
    by_number = {item.article.number: i for i, item in enumerate(items) if counts[item.article.number] == 1}
    by_number.update({item.article.key: i for i, item in enumerate(items)})
    return by_number


def _lookup(by_number: dict[str, int], number: str, side: str, pair: ForcedPair) -> int:
    if number not in by_number:
        raise MappingError(pair.source, f"the {side} version has no article {number}")
    return by_number[number]


def monotone_chain(pairs: Iterable[tuple[int, int]], weight: Callable[[tuple[int, int]], float] = lambda pair: 0.0) -> list[tuple[int, int]]:
    """The longest chain of (old, new) pairs increasing on both sides: what kept its order.

    Among chains of equal length the one with the largest total ``weight`` (similarity) wins,
    a criterion that does not depend on which side is "old", so swapping the versions
    mirrors the chain.  A Fenwick tree over new positions makes it O(n log n).

    >>> monotone_chain([(0, 0), (1, 3), (2, 1), (3, 2), (4, 4)])
    [(0, 0), (2, 1), (3, 2), (4, 4)]
    >>> monotone_chain([(0, 1), (1, 0)], weight=lambda pair: 1.0 if pair == (1, 0) else 0.5)
    [(1, 0)]
    """
    ordered = sorted(pairs)
    if not ordered:
        return []
    ranks = {new: rank for rank, new in enumerate(sorted({new for _, new in ordered}), start=1)}
    new_ranks = [ranks[new] for _, new in ordered]
    weights = list(map(weight, ordered))
    size = len(ranks) + 1
    # Entries are (length, weight, -index): tuples compare in C, and among equal chains the
    # earlier one stays.  tree[r] holds the best chain ending at a new rank in r's Fenwick range.
    tree: list[tuple[int, float, int]] = [(0, 0.0, 1)] * size
    previous = [-1] * len(ordered)
    best = (0, 0.0, 1)
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end][0] == ordered[start][0]:
            end += 1  # pairs sharing an old position cannot chain with each other
        found = []
        for index in range(start, end):
            rank, before = new_ranks[index] - 1, (0, 0.0, 1)
            while rank > 0:
                if tree[rank] > before:
                    before = tree[rank]
                rank &= rank - 1
            previous[index] = -before[2]
            found.append((before[0] + 1, before[1] + weights[index], -index))
        for entry in found:
            if entry > best:
                best = entry
            rank = new_ranks[-entry[2]]
            while rank < size:
                if entry > tree[rank]:
                    tree[rank] = entry
                rank += rank & -rank
        start = end
    index = -best[2]
    chain = []
    while index >= 0:
        chain.append(ordered[index])
        index = previous[index]
    return chain[::-1]


def kept_order(pairs: Iterable[tuple[int, int]], weight: Callable[[tuple[int, int]], float] = lambda pair: 0.0) -> list[tuple[int, int]]:
    """The pairs in the monotone chain whichever side is read as "old": where two orderings tie
    (two articles swapped), neither is taken as the one that kept its place.

    >>> kept_order([(0, 0), (1, 2), (2, 1), (3, 3)])
    [(0, 0), (3, 3)]
    """
    pairs = list(pairs)
    forward = monotone_chain(pairs, weight)
    backward = {(old, new) for new, old in monotone_chain(((new, old) for old, new in pairs), lambda pair: weight(pair[::-1]))}
    return [pair for pair in forward if pair in backward]


_LEADING_NUMBER = re.compile(r"^(\d+)(.*)$")


def _shifted(number: str, shift: int) -> str | None:
    """``number`` moved by ``shift`` places ("31" + 2 → "33", "10a" + 1 → "11a"); None when it has no leading digits."""
    found = _LEADING_NUMBER.match(number)
    return f"{int(found.group(1)) + shift}{found.group(2)}" if found else None


def _shift(old_number: str, new_number: str) -> int | None:
    """How far a pair's number moved, when both numbers are digits with the same suffix."""
    old, new = _LEADING_NUMBER.match(old_number), _LEADING_NUMBER.match(new_number)
    if old and new and old.group(2) == new.group(2):
        return int(new.group(1)) - int(old.group(1))
    return None


_Key = tuple[str | None, str]


@dataclass(frozen=True)
class _Place:
    key: _Key
    division: int


class _Matcher:
    """The passes over candidate pairs; indices here are positions in the comparable lists."""

    def __init__(
        self,
        old_places: Sequence[_Place],
        new_places: Sequence[_Place],
        vectors: _Vectors,
        same_text: dict[int, int] | None = None,
    ) -> None:
        self.old_divisions = [place.division for place in old_places]
        self.new_divisions = [place.division for place in new_places]
        self.old_keys = [place.key for place in old_places]
        self.new_keys = [place.key for place in new_places]
        self.old_by_key = {key: position for position, key in enumerate(self.old_keys)}
        self.new_by_key = {key: position for position, key in enumerate(self.new_keys)}
        self.vectors = vectors
        self.same_text = same_text or {}
        self.old_pair: dict[int, int] = dict(self.same_text)
        self.new_pair: dict[int, int] = {new: old for old, new in self.same_text.items()}
        self.method = {old: "same text" for old in self.same_text}
        # Each link under its primary (first paired) old article: (old members, new members).
        self.groups: dict[int, tuple[list[int], list[int]]] = {old: ([old], [new]) for old, new in self.same_text.items()}
        self.shares: dict[int, float] = {}
        self.scores = self._candidate_scores()
        self.scores.update({pair: 1.0 for pair in self.same_text.items()})
        self.number_reliability = self._number_reliability()
        self.number_weight = NUMBER_WEIGHT * self.number_reliability

    def _candidate_scores(self) -> dict[tuple[int, int], float]:
        """Cosines of each article's few best candidates, looked up from both sides, and of its namesake."""
        vectors = self.vectors

        def proposer(
            from_old: bool, keys: Sequence[_Key], others_by_key: dict[_Key, int], paired: dict[int, int], others_paired: dict[int, int],
        ) -> Callable[[int], list[int]]:
            def propose(position: int) -> list[int]:
                if position in paired:
                    return []
                found = set(vectors.candidates(from_old, position))
                namesake = others_by_key.get(keys[position])
                if namesake is not None and namesake not in others_paired:
                    found.add(namesake)
                return sorted(found)

            return propose

        from_old = proposer(True, self.old_keys, self.new_by_key, self.old_pair, self.new_pair)
        from_new = proposer(False, self.new_keys, self.old_by_key, self.new_pair, self.old_pair)
        scores: dict[tuple[int, int], float] = {}
        old_positions, new_positions = range(len(self.old_keys)), range(len(self.new_keys))
        for old, found in zip(old_positions, map(from_old, old_positions)):
            scores.update({(old, new): 0.0 for new in found})
        for new, found in zip(new_positions, map(from_new, new_positions)):
            scores.update({(old, new): 0.0 for old in found if old not in self.old_pair})
        pairs = sorted(scores)
        return {pair: vectors.cosine(*pair) for pair in pairs}

    def _number_reliability(self) -> float:
        """Share of the certain pairs (same text, or mutual best and very similar) that kept their number.

        Consecutive versions of a code keep nearly all numbers; a new constitution keeps few.
        With no certain pair at all, numbers get half their weight.
        """
        best_new: dict[int, tuple[float, int]] = {}
        best_old: dict[int, tuple[float, int]] = {}
        for (old, new), score in self.scores.items():
            if score >= CERTAIN_SIMILARITY:
                if old not in best_new or (score, -new) > (best_new[old][0], -best_new[old][1]):
                    best_new[old] = (score, new)
                if new not in best_old or (score, -old) > (best_old[new][0], -best_old[new][1]):
                    best_old[new] = (score, old)
        certain = {(old, new) for old, (_, new) in best_new.items() if best_old[new][1] == old}
        certain |= set(self.same_text.items())
        if not certain:
            return 0.5
        return sum(self.old_keys[old] == self.new_keys[new] for old, new in certain) / len(certain)

    def _bonus(self, old: int, new: int) -> float:
        return self.number_weight if self.old_keys[old] == self.new_keys[new] else 0.0

    def run(self) -> list[ArticleLink]:
        """Content first, then splits and merges (text that went somewhere), and only then the
        number and place of what is left: a number says less than words that moved."""
        self._strong_pairs()
        self._gap_passes(by_number=False)
        self._attach_parts()
        if self._are_versions_of_one_text() and self._gap_passes(by_number=True):
            self._attach_parts()
        chain = set(kept_order(((min(olds), min(news)) for olds, news in self.groups.values()), self._weight))
        links = []
        for key, (olds, news) in sorted(self.groups.items()):
            olds.sort()
            news.sort()
            links.append(self._link(key, olds, news, (olds[0], news[0]) in chain, self.shares.get(key)))
        return links

    def _are_versions_of_one_text(self) -> bool:
        """Numbers and places mean something only between versions of one text: most articles
        of the shorter version must already have a counterpart by content."""
        shorter = min(len(self.old_keys), len(self.new_keys))
        return bool(shorter) and min(len(self.old_pair), len(self.new_pair)) >= RELATED_SHARE * shorter

    def _gap_passes(self, *, by_number: bool) -> bool:
        found = False
        for _ in range(GAP_PASSES_MAX):
            if not self._gap_pairs(by_number=by_number):
                break
            found = True
        return found

    def _link(self, key: int, olds: list[int], news: list[int], in_order: bool, share: float | None) -> ArticleLink:
        content = max(self._cosine(o, n) for o in olds for n in news)
        primary_old, primary_new = key, self.old_pair[key]
        same_number = self.old_keys[primary_old] == self.new_keys[primary_new]
        method = self.method[key]
        evidence = LinkEvidence(
            method=method,
            content=round(content, 4),
            same_number=same_number,
            number_follows=same_number or method == "number and place",
            in_order=in_order,
            share=None if share is None else round(share, 4),
        )
        return ArticleLink(tuple(olds), tuple(news), round(content, 4), self._reason(evidence, olds, news), evidence)

    def _reason(self, evidence: LinkEvidence, olds: list[int], news: list[int]) -> str:
        """The evidence in a few words, short enough for the article table's reason column: no
        figure that would compete with the pair's word-diff similarity (JSON keeps the cosine)."""
        if evidence.method == "split":
            first, rest = self.new_keys[news[0]][1], ", ".join(self.new_keys[new][1] for new in news[1:])
            return f"new {rest} {'carry' if len(news) > 2 else 'carries'} what {first} dropped"
        if evidence.method == "merge":
            first, rest = self.old_keys[olds[0]][1], ", ".join(self.old_keys[old][1] for old in olds[1:])
            return f"old {rest} {'supply' if len(olds) > 2 else 'supplies'} what {first} lacked"
        if evidence.method == "same text":
            return "same text, numbers aside"
        if evidence.method == "number and place":
            return "same number and place" if evidence.same_number else "same place, number shifted"
        in_place = evidence.method == "content in place"
        if evidence.content < (WEAK_SIMILARITY if in_place else STRONG_SIMILARITY):  # the shared number made up the difference
            return "same number, some shared vocabulary"
        # Vocabulary, not words: the cosine compares word stems as bags, and the similarity column
        # (the word diff's) says how many words were kept in order; "replaced in full; similar
        # words" at 25% would contradict it.
        words = "close vocabulary" if evidence.content >= NEAR_SAME_WORDS else "shared vocabulary"
        place = [*(["number"] if evidence.same_number else []), *(["place"] if in_place else [])]
        return f"{words}, same {' and '.join(place)}" if place else words

    def _weight(self, pair: tuple[int, int]) -> float:
        return self._cosine(*pair)

    def _cosine(self, old: int, new: int) -> float:
        score = self.scores.get((old, new))
        if score is None:
            score = self.scores[(old, new)] = self.vectors.cosine(old, new)
        return score

    def _pair(self, old: int, new: int, method: str) -> None:
        self.old_pair[old] = new
        self.new_pair[new] = old
        self.method[old] = method
        self.groups[old] = ([old], [new])

    def _strong_pairs(self) -> None:
        """Best first; ties go to the pair nearest the diagonal, whichever side is "old"."""
        ranked = sorted(
            (
                (-(score + self._bonus(old, new)), old + new, abs(old - new), old, new)
                for (old, new), score in self.scores.items()
                if score + self._bonus(old, new) >= STRONG_SIMILARITY
            )
        )
        for _, _, _, old, new in ranked:
            if old not in self.old_pair and new not in self.new_pair:
                self._pair(old, new, "content")

    def _gaps(self) -> list[tuple[tuple[int, int], tuple[int, int], list[int], list[int]]]:
        """Stretches between consecutive pairs of the monotone chain: (low, high, unpaired old, unpaired new)."""
        # One direction is enough to frame gaps (a tie only moves a frame by one pair); the
        # links' "in order" flags use the chain read from both sides.
        chain = monotone_chain(((min(olds), min(news)) for olds, news in self.groups.values()), self._weight)
        frames = [(-1, -1), *chain, (len(self.old_keys), len(self.new_keys))]
        free_old = [old for old in range(len(self.old_keys)) if old not in self.old_pair]
        free_new = [new for new in range(len(self.new_keys)) if new not in self.new_pair]
        gaps = []
        for low, high in zip(frames, frames[1:]):
            olds = free_old[bisect_right(free_old, low[0]) : bisect_left(free_old, high[0])]
            news = free_new[bisect_right(free_new, low[1]) : bisect_left(free_new, high[1])]
            if olds and news:
                gaps.append((low, high, olds, news))
        return gaps

    def _gap_pairs(self, *, by_number: bool) -> bool:
        """Weak content pairs inside short gaps, then (``by_number``) pairs by number inside any gap."""
        found = False
        for low, high, olds, news in self._gaps():
            if high[0] - low[0] - 1 <= MAX_GAP and high[1] - low[1] - 1 <= MAX_GAP:
                found |= self._weak_pairs(low, high, olds, news)
            if by_number:
                found |= self._number_pairs(low, high, olds, news)
        return found

    def _same_place(self, old: int, new: int, low: tuple[int, int], high: tuple[int, int]) -> bool:
        """Both articles stand in the divisions of a framing pair (or no pair frames them at all):
        an article repealed with its chapter and one added in a new chapter are not one article."""
        frames = [frame for frame in (low, high) if 0 <= frame[0] < len(self.old_keys) and 0 <= frame[1] < len(self.new_keys)]
        return not frames or any(
            self.old_divisions[old] == self.old_divisions[frame[0]] and self.new_divisions[new] == self.new_divisions[frame[1]]
            for frame in frames
        )

    def _weak_pairs(self, low: tuple[int, int], high: tuple[int, int], olds: list[int], news: list[int]) -> bool:
        """A weak pair is believable only inside a short stretch between two confident pairs.

        Unrelated legal texts still share enough vocabulary for cosines of 0.3-0.5; what
        they lack is a frame of strong pairs around the candidate on both sides.
        """
        ranked = sorted(
            (-(self._cosine(old, new) + self._bonus(old, new)), old + new, abs(old - new), old, new)
            for old in olds
            for new in news
        )
        found = False
        for negated, _, _, old, new in ranked:
            if -negated < WEAK_SIMILARITY:
                break
            if old not in self.old_pair and new not in self.new_pair and self._same_place(old, new, low, high):
                self._pair(old, new, "content in place")
                found = True
        return found

    def _number_pairs(self, low: tuple[int, int], high: tuple[int, int], olds: list[int], news: list[int]) -> bool:
        """Same place, and the same number or the one the framing pairs' renumbering implies.

        An article rewritten in full keeps its number and place: every reader, and the
        amending act itself ("Article N shall read as follows"), calls that amended.
        """
        shifts = [shift for shift in (self._frame_shift(low), self._frame_shift(high)) if shift is not None] or [0]
        free_new = {self.new_keys[new]: new for new in news if new not in self.new_pair}
        found = False
        last_new = low[1]
        for old in olds:
            if old in self.old_pair:
                continue
            domain, number = self.old_keys[old]
            options = []  # (cosine, same number, new): the best-evidenced target the frames imply
            for shift in dict.fromkeys(shifts):
                target = _shifted(number, shift) if shift else number
                new = free_new.get((domain, target)) if target is not None else None
                if new is None or new <= last_new or new in self.new_pair or not self._same_place(old, new, low, high):
                    continue
                cosine = self._cosine(old, new)
                if (shift or self.number_reliability < RELIABLE_NUMBERS) and cosine < SHIFTED_MIN_SIMILARITY:
                    continue  # a bare number is evidence only where numbers have proved reliable
                options.append((cosine, not shift, -new))
            if options:
                new = -max(options)[2]
                self._pair(old, new, "number and place")
                last_new = new
                found = True
        return found

    def _frame_shift(self, frame: tuple[int, int]) -> int | None:
        old, new = frame
        if old < 0 or old >= len(self.old_keys) or new < 0 or new >= len(self.new_keys):
            return None
        if self.old_keys[old][0] != self.new_keys[new][0]:
            return None
        return _shift(self.old_keys[old][1], self.new_keys[new][1])

    def _attach_parts(self) -> None:
        """Splits and merges, both at once and best first, so that swapping the versions mirrors them."""
        vectors, groups, shares = self.vectors, self.groups, self.shares
        proposals = sorted(
            [
                *self._proposals("split", vectors.new, vectors.old, self.new_pair, self.old_pair),
                *self._proposals("merge", vectors.old, vectors.new, self.old_pair, self.new_pair),
            ]
        )
        for _, _, _, kind, old, new in proposals:
            part, taken = (new, self.new_pair) if kind == "split" else (old, self.old_pair)
            share = None if part in taken else self._share(kind, old, new)
            if share is None:
                continue
            owner = old if kind == "split" else self.new_pair[new]
            if kind == "split":
                groups[owner][1].append(new)
                self.new_pair[new] = old
            else:
                groups[owner][0].append(old)
                self.old_pair[old] = new
            self.method[owner], shares[owner] = kind, min(share, shares.get(owner, 1.0))

    def _proposals(
        self,
        kind: str,
        parts: list[dict[str, float]],
        wholes: list[dict[str, float]],
        parts_paired: dict[int, int],
        wholes_paired: dict[int, int],
    ) -> list[tuple[float, int, int, str, int, int]]:
        """Each unpaired article of one side against the paired articles that contain it:
        (−share, tie-breaks, kind, old, new), for a split (parts new) or a merge (parts old)."""
        found = []
        for part in range(len(parts)):
            if part in parts_paired:
                continue
            for whole in self._containers(kind, part, parts[part], wholes, wholes_paired):
                old, new = (whole, part) if kind == "split" else (part, whole)
                share = self._share(kind, old, new)
                if share is not None:
                    found.append((-share, old + new, abs(old - new), kind, old, new))
        return found

    def _containers(
        self, kind: str, position: int, part: dict[str, float], wholes: list[dict[str, float]], paired: dict[int, int]
    ) -> list[int]:
        """Paired articles that contain most of the weighted words of ``part`` (the vector at ``position``)
        and resemble it a little."""
        split = kind == "split"
        return [
            candidate
            for candidate in self.vectors.candidates(not split, position)
            if candidate in paired
            and _containment(part, wholes[candidate]) >= CONTAINMENT
            and (self._cosine(candidate, position) if split else self._cosine(position, candidate)) >= PART_MIN_COSINE
        ]

    def _share(self, kind: str, old: int, new: int) -> float | None:
        """A split: share of the new part's words that old ``old`` had and its new members no longer
        have.  A merge, the mirror: of the old part's words that new ``new`` has and its old members
        did not.  None when the group already joins several articles on the part's own side."""
        bags = self.vectors
        if kind == "split":
            owner, part_bag, whole_bag, member_bags = old, bags.new_bags[new], bags.old_bags[old], bags.new_bags
            members_side = 1  # the group's new members
        else:
            owner, part_bag, whole_bag, member_bags = self.new_pair[new], bags.old_bags[old], bags.new_bags[new], bags.old_bags
            members_side = 0  # the group's old members
        group = self.groups.get(owner)
        if group is None or len(group[1 - members_side]) != 1:
            return None
        members: Counter[str] = Counter()
        for member in group[members_side]:
            members.update(member_bags[member])
        return _part_share(part_bag, whole_bag, members)


def _part_share(part: Counter[str], whole: Counter[str], members: Counter[str]) -> float | None:
    """How much of a would-be part is the text the whole lost (gained) beside its other members.

    A real split takes words away from its source: most of the part's words are in the
    source (it is not mostly new text) and most of those are not in the source's other
    parts.  A new article that merely parallels a neighbour's wording fails the second test.
    """
    size = sum(part.values())
    if not size or not members:
        return None
    shared = dropped = 0  # the multisets part & whole and part & (whole - members), counted without building them
    for word, count in part.items():
        in_whole = whole.get(word, 0)
        if in_whole:
            shared += min(count, in_whole)
            lost = in_whole - members.get(word, 0)
            if lost > 0:
                dropped += min(count, lost)
    if shared < PART_FROM_SOURCE * size:
        return None
    share = dropped / shared
    return share if share >= PART_FROM_DROPPED else None


def link_order(links: Iterable[ArticleLink]) -> list[ArticleLink]:
    """Reading order of the new version, with repealed articles where they used to stand."""
    keyed: list[tuple[tuple[float, int, int], ArticleLink]] = []
    last_new = -1.0
    for link in sorted((link for link in links if link.old), key=lambda link: min(link.old)):
        if link.new:
            last_new = max(last_new, float(min(link.new)))
            keyed.append(((float(min(link.new)), 0, min(link.old)), link))
        else:
            keyed.append(((last_new + 0.5, 1, min(link.old)), link))
    keyed += [((float(min(link.new)), 0, -1), link) for link in links if not link.old]
    return [link for _, link in sorted(keyed, key=lambda item: item[0])]
