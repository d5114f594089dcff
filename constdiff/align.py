"""Align two versions by content, not by number.

New constitutions renumber nearly everything, so article numbers are only a
weak prior.  Articles become TF-IDF word vectors; an inverted index over rare
words proposes a handful of candidates per article (no all-pairs work), which
are scored by cosine similarity.  Pairs are then chosen in passes, most
certain first:

1. one-to-one pairs above a strong threshold, best first;
2. weaker pairs inside short stretches framed by strong pairs (order prior);
3. splits: an unpaired new article whose words are mostly contained in an
   already paired old article; merges, the mirror image;
4. whatever is left is repealed (old) or added (new).

Each link says why it was made, so reports can explain themselves.
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from constdiff.errors import MappingError
from constdiff.model import ArticleStatus, LocatedArticle
from constdiff.parallel import ordered_map
from constdiff.profiles import fold_lookalikes

_WORD = re.compile(r"\w+", re.UNICODE)

STRONG_SIMILARITY = 0.5
WEAK_SIMILARITY = 0.3
CONTAINMENT = 0.75
PART_MIN_COSINE = 0.2  # containment alone lets a short, common-worded article vanish into a long one
CANDIDATES_PER_ARTICLE = 4
QUERY_WORDS = 10
MAX_GAP = 5
TITLE_WEIGHT = 2.0
TITLE_MATCH = 0.6
SAME_NUMBER_BONUS = 0.03
PARALLEL_MIN_ARTICLES = 2000  # below this, word bags and candidate scores cost less than forking


@dataclass(frozen=True)
class ArticleLink:
    """Indices into the old and new located-article sequences, with the evidence for the link."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    score: float
    reason: str


@dataclass(frozen=True)
class ForcedPair:
    """A correspondence the user fixed in a mapping file; the aligner does not second-guess it."""

    old: tuple[str, ...]
    new: tuple[str, ...]


STEM_LENGTH = 5
_STEM = operator.itemgetter(slice(0, STEM_LENGTH))


def word_bag(text: str) -> Counter[str]:
    """Word stems folded for matching: case, look-alike letters and inflection do not separate texts.

    A fixed-length prefix is a crude stem, but it is language-neutral and catches most of
    Russian and Kazakh inflection ("государство", "государством") at no cost.
    """
    return Counter(map(_STEM, _WORD.findall(fold_lookalikes(text).lower())))


class _Vectors:
    """TF-IDF vectors of both sides and an inverted index of each, built once."""

    def __init__(self, old_bags: Sequence[Counter[str]], new_bags: Sequence[Counter[str]]) -> None:
        document_frequency: Counter[str] = Counter()
        for bag in (*old_bags, *new_bags):
            document_frequency.update(bag.keys())
        total = sum(1 for bag in (*old_bags, *new_bags) if bag)  # empty bags: articles paired without vectors
        self.idf = {word: math.log((total + 1) / (count + 1)) + 1.0 for word, count in document_frequency.items()}
        largest_count = max((max(bag.values(), default=0) for bag in (*old_bags, *new_bags)), default=0)
        self._term_weight = [0.0] + [1.0 + math.log(count) for count in range(1, largest_count + 1)]
        self.old = [self._weigh(bag) for bag in old_bags]
        self.new = [self._weigh(bag) for bag in new_bags]
        self.old_norm = [_norm(vector) for vector in self.old]
        self.new_norm = [_norm(vector) for vector in self.new]
        rare_limit = max(20, total // 50)
        # Rarest first: fewest documents, then the word itself for a fixed order among equals.
        rare = sorted((count, word) for word, count in document_frequency.items() if count <= rare_limit)
        self.rarity = {word: rank for rank, (_, word) in enumerate(reversed(rare))}
        self.old_index = self._index(self.old)
        self.new_index = self._index(self.new)

    def _weigh(self, bag: Counter[str]) -> dict[str, float]:
        """(1 + log tf) × idf, with C-level loops: this runs for every article of both versions."""
        weights = map(operator.mul, map(self._term_weight.__getitem__, bag.values()), map(self.idf.__getitem__, bag))
        return dict(zip(bag, weights))

    def _index(self, vectors: list[dict[str, float]]) -> dict[str, list[int]]:
        index: dict[str, list[int]] = defaultdict(list)
        for position, vector in enumerate(vectors):
            for word in [word for word in vector if word in self.rarity]:
                index[word].append(position)
        return index

    def cosine(self, old: int, new: int) -> float:
        denominator = self.old_norm[old] * self.new_norm[new]
        return _dot(self.old[old], self.new[new]) / denominator if denominator else 0.0

    def containment(self, part: dict[str, float], whole: dict[str, float]) -> float:
        """Share of ``part``'s weight whose words also occur in ``whole`` (split and merge evidence)."""
        total = math.fsum(part.values())
        return math.fsum(map(part.__getitem__, part.keys() & whole.keys())) / total if total else 0.0

    def candidates(self, vector: dict[str, float], index: dict[str, list[int]], limit: int) -> list[int]:
        """The articles sharing the most rare-word weight with ``vector``, looked up by its rarest words.

        Only the ``QUERY_WORDS`` rarest indexed words are looked up: the rare-word limit grows
        with the number of articles, so looking up every rare word made this quadratic.
        """
        shared: dict[int, float] = {}
        indexed = [word for word in vector if word in index]
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


def _cosine(left: dict[str, float], right: dict[str, float]) -> float:
    denominator = _norm(left) * _norm(right)
    return _dot(left, right) / denominator if denominator else 0.0


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(math.fsum(map(operator.mul, vector.values(), vector.values())))


def align_articles(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    forced: Sequence[ForcedPair] = (),
    jobs: int | None = None,
) -> list[ArticleLink]:
    """Every old and every new article appears in exactly one returned link.

    Word bags and candidate scores of large inputs are computed on ``jobs`` processes
    (default: one per core).
    """
    links, old_taken, new_taken = _forced_links(old, new, forced)
    repealed_links = _repealed_in_both(old, new, old_taken, new_taken)
    links += repealed_links
    old_taken |= {link.old[0] for link in repealed_links}
    new_taken |= {link.new[0] for link in repealed_links}
    comparable_old = [i for i, item in enumerate(old) if i not in old_taken and _has_text(item)]
    comparable_new = [j for j, item in enumerate(new) if j not in new_taken and _has_text(item)]
    old_texts = [old[i].article.text for i in comparable_old]
    new_texts = [new[j].article.text for j in comparable_new]
    jobs = jobs if len(old_texts) >= PARALLEL_MIN_ARTICLES else 1
    same = _same_text_pairs(old_texts, new_texts, jobs)
    vectors = _Vectors(
        _word_bags(old_texts, set(same), jobs),
        _word_bags(new_texts, set(same.values()), jobs),
    )
    matcher = _Matcher(old, new, comparable_old, comparable_new, vectors, jobs, same)
    links += matcher.run()
    linked_old = old_taken | {i for link in links for i in link.old}
    linked_new = new_taken | {j for link in links for j in link.new}
    for i, item in enumerate(old):
        if i not in linked_old:
            reason = "already repealed in the old version" if not _has_text(item) else "no counterpart found"
            links.append(ArticleLink((i,), (), 0.0, reason))
    for j in range(len(new)):
        if j not in linked_new:
            links.append(ArticleLink((), (j,), 0.0, "no counterpart found"))
    return links


_NUMBERS = re.compile(r"\d+")


def _same_text_pairs(old_texts: Sequence[str], new_texts: Sequence[str], jobs: int | None) -> dict[int, int]:
    """Old → new positions of articles whose text, numbers aside, occurs once on each side.

    In a revised code most articles are such pairs (their cross-references renumbered at
    most); they are certain, need no vectors and frame the weak pass as strong pairs do.
    Numbers are blanked, so a changed figure still pairs, and is then classified amended.
    """
    def unique(texts: Sequence[str]) -> dict[str, int]:
        keys = ordered_map(_without_numbers, texts, jobs=jobs)
        counts = Counter(keys)
        return {key: position for position, key in enumerate(keys) if counts[key] == 1}

    new_by_key = unique(new_texts)
    return {position: new_by_key[key] for key, position in unique(old_texts).items() if key in new_by_key}


def _without_numbers(text: str) -> str:
    return _NUMBERS.sub("#", text)


def _word_bags(texts: Sequence[str], paired: set[int], jobs: int | None) -> list[Counter[str]]:
    """Bags of the texts not paired by identical text; those get empty bags, which keep
    every article's position in the vectors and weigh nothing."""
    unpaired = [position for position in range(len(texts)) if position not in paired]
    bags: list[Counter[str]] = [Counter() for _ in texts]
    for position, bag in zip(unpaired, ordered_map(word_bag, [texts[position] for position in unpaired], jobs=jobs)):
        bags[position] = bag
    return bags


def _has_text(item: LocatedArticle) -> bool:
    return item.article.status is ArticleStatus.IN_FORCE and bool(item.article.paragraphs)


def _repealed_in_both(
    old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], old_taken: set[int], new_taken: set[int]
) -> list[ArticleLink]:
    """A heading kept without text in both versions (a repealed article) pairs by its number."""
    new_by_number = {
        item.article.number: j for j, item in enumerate(new) if j not in new_taken and not _has_text(item)
    }
    return [
        ArticleLink((i,), (new_by_number[item.article.number],), 1.0, "without text in both versions")
        for i, item in enumerate(old)
        if i not in old_taken and not _has_text(item) and item.article.number in new_by_number
    ]


def _forced_links(
    old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], forced: Sequence[ForcedPair]
) -> tuple[list[ArticleLink], set[int], set[int]]:
    old_by_number = {item.article.number: i for i, item in enumerate(old)}
    new_by_number = {item.article.number: j for j, item in enumerate(new)}
    links: list[ArticleLink] = []
    old_taken: set[int] = set()
    new_taken: set[int] = set()
    for pair in forced:
        old_positions = tuple(_lookup(old_by_number, number, "old") for number in pair.old)
        new_positions = tuple(_lookup(new_by_number, number, "new") for number in pair.new)
        if old_taken.intersection(old_positions) or new_taken.intersection(new_positions):
            raise MappingError("--map", f"an article appears in more than one mapping: {pair.old} → {pair.new}")
        old_taken.update(old_positions)
        new_taken.update(new_positions)
        links.append(ArticleLink(old_positions, new_positions, 1.0, "mapped by the user"))
    return links, old_taken, new_taken


def _lookup(by_number: dict[str, int], number: str, side: str) -> int:
    if number not in by_number:
        raise MappingError("--map", f"the {side} version has no article {number}")
    return by_number[number]


class _Matcher:
    """The passes over candidate pairs; indices here are positions in the comparable lists."""

    def __init__(
        self,
        old: Sequence[LocatedArticle],
        new: Sequence[LocatedArticle],
        comparable_old: list[int],
        comparable_new: list[int],
        vectors: _Vectors,
        jobs: int | None = None,
        same_text: dict[int, int] | None = None,
    ) -> None:
        self.old, self.new = old, new
        self.old_ids, self.new_ids = comparable_old, comparable_new
        self.vectors = vectors
        self.same_text = same_text or {}
        self.old_pair: dict[int, int] = dict(self.same_text)
        self.new_pair: dict[int, int] = {new: old for old, new in self.same_text.items()}
        self.scores = self._candidate_scores(jobs)
        self.scores.update({pair: 1.0 for pair in self.same_text.items()})

    def _candidate_scores(self, jobs: int | None) -> dict[tuple[int, int], float]:
        new_by_number = {self.new[j].article.number: position for position, j in enumerate(self.new_ids)}

        def scored_proposals(position: int) -> list[tuple[int, float]]:
            if position in self.same_text:
                return []
            proposals = set(self.vectors.candidates(self.vectors.old[position], self.vectors.new_index, CANDIDATES_PER_ARTICLE))
            same_number = new_by_number.get(self.old[self.old_ids[position]].article.number)
            if same_number is not None:
                proposals.add(same_number)
            return [(candidate, self.vectors.cosine(position, candidate)) for candidate in sorted(proposals)]

        positions = range(len(self.old_ids))
        return {
            (position, candidate): score
            for position, scored in zip(positions, ordered_map(scored_proposals, positions, jobs=jobs))
            for candidate, score in scored
        }

    def _score_neighbours_of_pairs(self) -> None:
        """Short articles may share no rare word with their counterpart and so get no candidate:
        propose, for each unpaired article, the articles next to its neighbours' partners."""
        for old in range(len(self.old_ids)):
            if old in self.old_pair:
                continue
            proposals = set()
            if old - 1 in self.old_pair:
                proposals.update(self.old_pair[old - 1] + step for step in (1, 2))
            if old + 1 in self.old_pair:
                proposals.update(self.old_pair[old + 1] - step for step in (1, 2))
            for new in proposals:
                if 0 <= new < len(self.new_ids) and new not in self.new_pair and (old, new) not in self.scores:
                    self.scores[(old, new)] = self.vectors.cosine(old, new)

    def _prior(self, old: int, new: int) -> float:
        same = self.old[self.old_ids[old]].article.number == self.new[self.new_ids[new]].article.number
        return SAME_NUMBER_BONUS if same else 0.0

    def run(self) -> list[ArticleLink]:
        self._greedy(STRONG_SIMILARITY, between_anchors=False)
        self._score_neighbours_of_pairs()
        self._greedy(WEAK_SIMILARITY, between_anchors=True)
        groups = {old: ([old], [new]) for old, new in self.old_pair.items()}
        reasons = {
            old: "same text, numbers aside" if old in self.same_text else f"similar text (cosine {self.scores[(old, new)]:.2f})"
            for old, new in self.old_pair.items()
        }
        self._attach_splits(groups, reasons)
        self._attach_merges(groups, reasons)
        links = []
        for old, (olds, news) in groups.items():
            score = max(self.scores.get((o, n), 0.0) for o in olds for n in news)
            links.append(
                ArticleLink(
                    tuple(sorted(self.old_ids[o] for o in olds)),
                    tuple(sorted(self.new_ids[n] for n in news)),
                    round(score, 4),
                    reasons[old],
                )
            )
        return links

    def _greedy(self, threshold: float, *, between_anchors: bool) -> None:
        anchors = sorted(self.old_pair.items())
        ranked = sorted(
            ((score + self._prior(o, n), o, n) for (o, n), score in self.scores.items() if score >= threshold),
            key=lambda item: (-item[0], item[1], item[2]),
        )
        for _, old, new in ranked:
            if old in self.old_pair or new in self.new_pair:
                continue
            if between_anchors and not self._in_small_gap(old, new, anchors):
                continue
            self.old_pair[old] = new
            self.new_pair[new] = old

    def _in_small_gap(self, old: int, new: int, anchors: list[tuple[int, int]]) -> bool:
        """A weak pair is believable only inside a short stretch between two confident pairs.

        Unrelated legal texts still share enough vocabulary for cosines of 0.3-0.5; what
        they lack is a frame of strong pairs around the candidate on both sides.
        """
        position = bisect_left(anchors, (old, -1))
        low_old, low_new = anchors[position - 1] if position > 0 else (-1, -1)
        high_old, high_new = anchors[position] if position < len(anchors) else (len(self.old_ids), len(self.new_ids))
        return (
            low_new < new < high_new
            and high_old - low_old - 1 <= MAX_GAP
            and high_new - low_new - 1 <= MAX_GAP
        )

    def _attach_splits(self, groups: dict[int, tuple[list[int], list[int]]], reasons: dict[int, str]) -> None:
        for new in range(len(self.new_ids)):
            if new in self.new_pair:
                continue
            best = self._best_container(self.vectors.new[new], self.vectors.old_index, self.vectors.old, self.old_pair)
            if best is None:
                continue
            old, containment = best
            groups[old][1].append(new)
            self.new_pair[new] = old
            self.scores.setdefault((old, new), self.vectors.cosine(old, new))
            reasons[old] = f"split: {containment:.0%} of a new article's words come from this old article"

    def _attach_merges(self, groups: dict[int, tuple[list[int], list[int]]], reasons: dict[int, str]) -> None:
        owner_of_new = {news[0]: key for key, (_, news) in groups.items()}
        for old in range(len(self.old_ids)):
            if old in self.old_pair or old in groups:
                continue
            best = self._best_container(self.vectors.old[old], self.vectors.new_index, self.vectors.new, self.new_pair)
            if best is None:
                continue
            new, containment = best
            key = owner_of_new[new] if new in owner_of_new else self.new_pair[new]
            groups[key][0].append(old)
            self.old_pair[old] = new
            self.scores.setdefault((old, new), self.vectors.cosine(old, new))
            reasons[key] = f"merge: {containment:.0%} of an old article's words reappear in this new article"

    def _best_container(
        self,
        part: dict[str, float],
        index: dict[str, list[int]],
        wholes: list[dict[str, float]],
        paired: dict[int, int],
    ) -> tuple[int, float] | None:
        best: tuple[int, float] | None = None
        for candidate in self.vectors.candidates(part, index, CANDIDATES_PER_ARTICLE):
            if candidate not in paired:
                continue
            containment = self.vectors.containment(part, wholes[candidate])
            if containment < CONTAINMENT or _cosine(part, wholes[candidate]) < PART_MIN_COSINE:
                continue
            if best is None or containment > best[1]:
                best = (candidate, containment)
        return best


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
