"""Map the divisions of two versions (parts, titles, chapters, sections...) at every level.

Divisions pair by evidence: the aligned articles they exchange, plus title similarity
on whole normalised words (case, look-alike letters and punctuation folded; short
function words left out), so "Der Bundesrat" pairs with "DER BUNDESRAT" but never
with "Der Bundestag".  Untitled divisions pair by number and articles.

Divisions pair only with their own kind.  The top levels pair first (mutual best
evidence); then the children of every pair pair among themselves, level by level.
A division left over below an unpaired parent (a chapter moved into a new part)
may still pair with any unpaired division of its kind on the other side.  What
remains is split off from, or merged into, a paired division of its kind and level
when most of its articles came from or went to it; else it is added or removed.
Every step looks only at candidates that share an article or a title word, which
keeps codes of thousands of divisions linear.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable, Container, Iterable, Mapping, Sequence

from constdiff.model import ArticleLink, LocatedDivision, SectionLink, SectionLinkKind
from constdiff.profiles import fold_lookalikes

TITLE_WEIGHT = 2.0  # a matching title counts as much as two shared articles
TITLE_MATCH = 0.6  # below this share of title words, a title is no evidence
FUNCTION_WORD_LENGTH = 3  # title words this short ("the", "of", "und", "и") make unrelated titles look alike
MIN_JOINED_ARTICLES = 2  # a split or merge is told by two articles at least, and half of the division's
MAX_TITLE_WORD_DIVISIONS = 100  # a title word this common proposes no candidates: shared articles still do

_WORD = re.compile(r"\w+", re.UNICODE)


def title_words(title: str | None) -> Counter[str]:
    """Whole words of a title, folded for comparison; function words left out.

    >>> title_words("DER BUNDESRAT.") == title_words("Der Bundesrat")
    True
    >>> title_words("Der Bundesrat") == title_words("Der Bundestag")
    False
    """
    words = _WORD.findall(fold_lookalikes(title or "").casefold())
    return Counter(word for word in words if len(word) > FUNCTION_WORD_LENGTH)


def title_similarity(left: Counter[str], right: Counter[str]) -> float:
    """Dice overlap of title words: 1.0 when only case, letter forms, punctuation or function words differ."""
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 1.0


def align_divisions(
    old: Sequence[LocatedDivision], new: Sequence[LocatedDivision], article_links: Iterable[ArticleLink]
) -> tuple[SectionLink, ...]:
    """Every old and every new division appears in exactly one returned link."""
    return _DivisionAligner(old, new, article_links).run()


def top_counterparts(
    links: Iterable[SectionLink], old: Sequence[LocatedDivision], new: Sequence[LocatedDivision]
) -> dict[str | None, str | None]:
    """Old → new numbers of paired top-level divisions: an article that follows its division has not moved."""
    return {
        old[link.old[0]].division.number: new[link.new[0]].division.number
        for link in links
        if link.kind is SectionLinkKind.PAIR and old[link.old[0]].level == 0
    }


class _DivisionAligner:
    """Positions here are indices into the located-division sequences of each side."""

    def __init__(
        self, old: Sequence[LocatedDivision], new: Sequence[LocatedDivision], article_links: Iterable[ArticleLink]
    ) -> None:
        self.old, self.new = old, new
        self.old_words = [title_words(item.division.title) for item in old]
        self.new_words = [title_words(item.division.title) for item in new]
        self.old_children = _children(old)
        self.new_children = _children(new)
        self.shared, self.moved_in, self.moved_out = _article_flows(old, new, article_links)
        self.shared_by_old: dict[int, dict[int, int]] = defaultdict(dict)
        self.shared_by_new: dict[int, dict[int, int]] = defaultdict(dict)
        for (o, n), count in self.shared.items():
            self.shared_by_old[o][n] = count
            self.shared_by_new[n][o] = count
        self.pairs: dict[int, int] = {}  # old → new
        self.paired_new: dict[int, int] = {}  # new → old
        self.similarity: dict[tuple[int, int], float] = {}

    def run(self) -> tuple[SectionLink, ...]:
        self._pair_tree(self.old_children[None], self.new_children[None])
        self._pair_orphans()
        links = [
            SectionLink((o,), (n,), SectionLinkKind.PAIR, self.similarity[(o, n)], self.shared.get((o, n), 0))
            for o, n in sorted(self.pairs.items())
        ]
        for n in range(len(self.new)):
            if n not in self.paired_new:
                source = self._joined(self.new[n], self.shared_by_new[n], self.old, self.pairs)
                if source is None:
                    links.append(SectionLink((), (n,), SectionLinkKind.ADDED, 0.0, self.moved_in[n]))
                else:
                    links.append(SectionLink((source[0],), (n,), SectionLinkKind.SPLIT, 0.0, source[1]))
        for o in range(len(self.old)):
            if o not in self.pairs:
                target = self._joined(self.old[o], self.shared_by_old[o], self.new, self.paired_new)
                if target is None:
                    links.append(SectionLink((o,), (), SectionLinkKind.REMOVED, 0.0, self.moved_out[o]))
                else:
                    links.append(SectionLink((o,), (target[0],), SectionLinkKind.MERGED, 0.0, target[1]))
        return tuple(links)

    def _pair_tree(self, olds: Sequence[int], news: Sequence[int], allowed: Callable[[int, int], bool] | None = None) -> None:
        """Pair one group of divisions, then the children of each new pair, down to the bottom."""
        pending = [(olds, news, allowed)]
        while pending:
            olds, news, allowed = pending.pop()
            olds = [o for o in olds if o not in self.pairs]
            news = [n for n in news if n not in self.paired_new]
            if not olds or not news:
                continue
            for o, n in self._mutual_best(olds, news, allowed).items():
                self.pairs[o] = n
                self.paired_new[n] = o
                pending.append((self.old_children[o], self.new_children[n], None))

    def _pair_orphans(self) -> None:
        """Divisions whose parent has no counterpart never met a sibling group: pair them with
        any unpaired division of their kind on the other side (a chapter moved into a new part).
        Kinds go from the highest level down, so a paired part's chapters pair inside it first."""
        top_level: dict[str, int] = {}
        for item in (*self.old, *self.new):
            top_level[item.division.kind] = min(item.level, top_level.get(item.division.kind, item.level))
        for kind in sorted(top_level, key=lambda kind: (top_level[kind], kind)):
            olds = [o for o, item in enumerate(self.old) if item.division.kind == kind and o not in self.pairs]
            news = [n for n, item in enumerate(self.new) if item.division.kind == kind and n not in self.paired_new]
            old_orphans = {o for o in olds if _orphan(self.old[o], self.pairs)}
            new_orphans = {n for n in news if _orphan(self.new[n], self.paired_new)}
            if old_orphans and news or new_orphans and olds:
                self._pair_tree(olds, news, lambda o, n: o in old_orphans or n in new_orphans)

    def _mutual_best(self, olds: Sequence[int], news: Sequence[int], allowed: Callable[[int, int], bool] | None) -> dict[int, int]:
        """Old → new pairs of one kind where each is the other's best-evidenced candidate (ties: the earlier one)."""
        evidence: dict[tuple[int, int], float] = {}
        for key in self._candidates(olds, news):
            if self.old[key[0]].division.kind != self.new[key[1]].division.kind or (allowed and not allowed(*key)):
                continue
            if key not in self.similarity:
                self.similarity[key] = title_similarity(self.old_words[key[0]], self.new_words[key[1]])
            similarity = self.similarity[key]
            weight = self.shared.get(key, 0) + (TITLE_WEIGHT * similarity if similarity >= TITLE_MATCH else 0.0)
            if weight > 0:
                evidence[key] = weight
        best_new = _best_by_side(evidence, side=0)
        best_old = _best_by_side(evidence, side=1)
        return {o: n for o, n in best_new.items() if best_old.get(n) == o}

    def _candidates(self, olds: Sequence[int], news: Sequence[int]) -> set[tuple[int, int]]:
        """Pairs that share an article, a title word, or (both untitled) their number."""
        in_group = set(news)
        by_word: dict[str, list[int]] = defaultdict(list)
        untitled_by_number: dict[str | None, list[int]] = defaultdict(list)
        for n in news:
            for word in self.new_words[n]:
                by_word[word].append(n)
            if not self.new_words[n]:
                untitled_by_number[self.new[n].division.number].append(n)
        old_word_counts = Counter(word for o in olds for word in self.old_words[o])
        candidates = set()
        for o in olds:
            candidates.update((o, n) for n in self.shared_by_old.get(o, ()) if n in in_group)
            for word in self.old_words[o]:
                if max(len(by_word.get(word, ())), old_word_counts[word]) <= MAX_TITLE_WORD_DIVISIONS:
                    candidates.update((o, n) for n in by_word.get(word, ()))
            if not self.old_words[o]:
                candidates.update((o, n) for n in untitled_by_number.get(self.old[o].division.number, ()))
        return candidates

    @staticmethod
    def _joined(
        item: LocatedDivision, shared: Mapping[int, int], others: Sequence[LocatedDivision], paired: Mapping[int, int]
    ) -> tuple[int, int] | None:
        """The paired division of its kind and level that holds at least half of its articles on the
        other side (the one it was split off from, or merged into), with the number of those articles."""
        candidates = [
            (count, -other)
            for other, count in shared.items()
            if other in paired and (others[other].level, others[other].division.kind) == (item.level, item.division.kind)
        ]
        if not candidates:
            return None
        count, other = max(candidates)
        return (-other, count) if count >= MIN_JOINED_ARTICLES and count * 2 >= len(item.articles) else None


def _orphan(item: LocatedDivision, paired: Container[int]) -> bool:
    return item.parent is not None and item.parent not in paired


def _children(items: Sequence[LocatedDivision]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        children[item.parent].append(position)
    return children


def _chains(items: Sequence[LocatedDivision]) -> dict[int, list[int]]:
    """Article ordinal → the positions of every division it lies in, top first."""
    chains: dict[int, list[int]] = defaultdict(list)
    for position, item in enumerate(items):
        for ordinal in item.articles:
            chains[ordinal].append(position)
    return chains


def _article_flows(
    old: Sequence[LocatedDivision], new: Sequence[LocatedDivision], article_links: Iterable[ArticleLink]
) -> tuple[Counter[tuple[int, int]], Counter[int], Counter[int]]:
    """Article links between divisions, at every level: per (old, new) division pair, into each
    new division and out of each old one.  A split or merge counts once, whichever side has
    more members, so swapping the versions gives the same figures."""
    old_chains, new_chains = _chains(old), _chains(new)
    shared: Counter[tuple[int, int]] = Counter()
    into: Counter[int] = Counter()
    out_of: Counter[int] = Counter()
    for link in article_links:
        if not (link.old and link.new):
            continue
        olds = {o for i in link.old for o in old_chains.get(i, ())}
        news = {n for j in link.new for n in new_chains.get(j, ())}
        shared.update((o, n) for o in olds for n in news)
        into.update(news)
        out_of.update(olds)
    return shared, into, out_of


def _best_by_side(evidence: dict[tuple[int, int], float], *, side: int) -> dict[int, int]:
    """For each division on one side, its counterpart with the most evidence (ties: the earlier one)."""
    best: dict[int, tuple[float, int]] = {}
    for key, weight in evidence.items():
        mine, other = key[side], key[1 - side]
        if mine not in best or (weight, -other) > (best[mine][0], -best[mine][1]):
            best[mine] = (weight, other)
    return {mine: other for mine, (_, other) in best.items()}
