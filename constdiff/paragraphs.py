"""Paragraphs first, then words: the redline of an aligned article pair.

Inside a link (1:1, or a split's or merge's members with their paragraphs joined in order)
the paragraphs of both sides are paired before any word is diffed, so a point kept word for
word under a new number is one renumbered paragraph, not a deletion and a rewrite:

* identical text (the marker "4." left out) or editorially equal text (``classify.editorial_key``)
  pairs as kept (same marker) or renumbered (new marker); other paragraphs pair as amended when
  their word diff keeps at least ``AMENDED_MIN_SHARE`` of their words;
* the heaviest order-preserving chain of such pairs (weighted by the words they keep) is the
  backbone; identical paragraphs outside it are moved, similar ones amended in their new place;
* the rest is inserted or deleted.

The link's one flat word diff (``ArticlePair.diff``, which the measures and the JSON ops read)
is built from the paragraph diffs along the chain, so both agree; a paragraph off the chain is
deleted at its old place and inserted at its new one there.

The stage: ``redline_links`` (one ``Redline`` per article link, before classification),
``with_paragraphs`` (after it: attaches the paragraphs to the classified pairs and links a
paragraph deleted from one pair to the one inserted in another with the same words, moved to
another article) and ``compare_preambles`` (the preamble pair, aligned the same way).
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from heapq import heappop, heappush
from itertools import accumulate, compress
from typing import Callable, Iterator, Mapping, Sequence, Union

from constdiff.align import blanking_once
from constdiff.classify import PREAMBLE, classify_preamble, editorial_key, is_repeal_note
from constdiff.model import (
    Article,
    ArticleLink,
    ArticlePair,
    DiffOp,
    DiffTag,
    LocatedArticle,
    Paragraph,
    ParagraphChange,
    ParagraphPair,
    WordDiff,
)
from constdiff.parallel import SERIAL, Mapper
from constdiff.profiles import References
from constdiff.worddiff import (
    DELETE,
    EQUAL,
    INSERT,
    CodeBook,
    Tokenized,
    counting_once,
    diff_tokenized,
    diff_words,
    edit_counts,
    is_word,
    kept_share,
    ops_from_runs,
    tokenized,
    word_count,
    word_counts,
    word_flag,
)

# Two different paragraphs in the same place (on the order-preserving chain) are one amended
# paragraph when their word diff keeps this share of their words (2 × kept / (old + new), the
# pair's similarity figure); below it, they are a deleted and an inserted one.
AMENDED_MIN_SHARE = 0.3
# Out of order, where no neighbour vouches for the pair, an amended paragraph must keep this share.
MOVED_AMENDED_MIN_SHARE = 0.5
# A paragraph is linked to its twin in another article only with at least this many words:
# boilerplate such as "1." or "утратил силу" stands in many articles and proves no move.
MOVED_ELSEWHERE_MIN_WORDS = 6
# An old paragraph is diffed against at most this many new ones, those sharing the most words with it.
SIMILAR_CANDIDATES = 3
# Beyond this many old × new paragraphs in one link, only identical and editorially equal
# paragraphs are paired (a word diff per candidate pair would cost more than the rest).
SIMILAR_SEARCH_LIMIT = 10_000

_SEPARATOR = "\n"  # between paragraphs and between members, as ``Article.text`` joins them
_NO_TOKENS = Tokenized((), ())


@dataclass(frozen=True)
class Redline:
    """What the paragraph stage gives a link: the word diff of the joined texts and the
    paragraph pairs it was built from, in reading order."""

    diff: WordDiff
    paragraphs: tuple[ParagraphPair, ...]


@dataclass(frozen=True)
class _Item:
    """One line of a side's joined text: a paragraph and its member article's key, or the
    empty text of a member without paragraphs (``paragraph`` None)."""

    article: str
    paragraph: Paragraph | None
    tokens: Tokenized
    """The text's tokens (``worddiff.tokenized``), made once for every diff it takes part in."""

    @property
    def prefix(self) -> str:
        """What ``Paragraph.full_text`` puts before the text: the marker and a space."""
        paragraph = self.paragraph
        return f"{paragraph.marker} " if paragraph is not None and paragraph.marker else ""

    @property
    def text(self) -> str:
        return self.paragraph.text if self.paragraph is not None else ""


@dataclass
class _Reuse:
    """Work shared by the comparisons of one ``reusing_work`` block."""

    tokens: dict[str, Tokenized] = field(default_factory=dict)
    """By paragraph text."""
    unchanged: dict[tuple[object, ...], Redline] = field(default_factory=dict)
    """The redline of a link kept word for word, by ``_kept_content``."""


_REUSE: ContextVar[_Reuse | None] = ContextVar("constdiff_paragraph_reuse", default=None)


@contextmanager
def reusing_work() -> Iterator[None]:
    """Inside the block, comparisons share their work on the texts they have in common: a
    history compares every version twice (as the new one, then as the old one), and most of its
    articles stay word for word from one version to the next.  A paragraph text is tokenised
    once, and an article kept word for word under its number is redlined once for all the steps
    that keep it.  The results are the same objects, so the history also holds them once."""
    token = _REUSE.set(_Reuse())
    try:
        with counting_once(), blanking_once():
            yield
    finally:
        _REUSE.reset(token)


def redline_links(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    links: Sequence[ArticleLink],
    rules: References,
    renumbering: Mapping[str, str],
    mapper: Mapper = SERIAL,
) -> list[Redline]:
    """The diff stage: one redline per link, paragraphs aligned first (``links[i]`` → result ``i``)."""
    reuse = _REUSE.get()
    tokens: dict[str, Tokenized] = reuse.tokens if reuse else {}  # by text: a kept paragraph is tokenised once

    def items(located: Sequence[LocatedArticle], positions: Sequence[int]) -> list[_Item]:
        found: list[_Item] = []
        for position in positions:
            article = located[position].article
            found += _items(article.key, article.paragraphs, tokens) or [_Item(article.key, None, _NO_TOKENS)]
        return found

    def redline(link: ArticleLink) -> Redline:
        return _redline(items(old, link.old), items(new, link.new), rules, renumbering)

    if reuse is None:
        return mapper(redline, links)
    kept = [_kept_content(old, new, link) for link in links]
    todo = [index for index, content in enumerate(kept) if content is None or content not in reuse.unchanged]
    made = dict(zip(todo, mapper(redline, [links[index] for index in todo])))
    for index, found in made.items():
        content = kept[index]
        if content is not None:
            reuse.unchanged[content] = found
    return [made[index] if index in made else reuse.unchanged[kept[index]] for index in range(len(links))]  # type: ignore[index]


def text_left_to_redline(old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], links: Sequence[ArticleLink]) -> int:
    """Characters of the linked articles whose redline ``redline_links`` has still to make: all of
    them, but inside ``reusing_work`` not those of a link kept word for word that an earlier step
    already redlined.  A history's step is then a few amended articles, too little work to fork for."""
    reuse = _REUSE.get()
    left = (link for link in links if reuse is None or _kept_content(old, new, link) not in reuse.unchanged)
    return sum(
        len(paragraph.text)
        for link in left
        for side, positions in ((old, link.old), (new, link.new))
        for position in positions
        for paragraph in side[position].article.paragraphs
    )


def _kept_content(old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], link: ArticleLink) -> tuple[object, ...] | None:
    """What a link's redline depends on when its articles are kept word for word (the same keys,
    paragraph markers and texts on both sides: ``_redline``'s unchanged case); None for any other link."""
    if not link.old or len(link.old) != len(link.new):
        return None
    content = tuple(_content(old[position].article) for position in link.old)
    if content != tuple(_content(new[position].article) for position in link.new):
        return None
    return content


def _content(article: Article) -> tuple[object, ...]:
    return (article.key, *((paragraph.number, paragraph.marker, paragraph.text) for paragraph in article.paragraphs))


def compare_preambles(
    old: Sequence[Paragraph], new: Sequence[Paragraph], rules: References, repeal_note: Sequence[re.Pattern[str]] = ()
) -> ArticlePair:
    """The preamble pair (``classify.classify_preamble``), its paragraphs aligned like an article's;
    a side that is only a repeal note is compared as empty."""
    old_text, new_text = ("\n".join(paragraph.full_text for paragraph in side) for side in (old, new))
    old_note, new_note = (is_repeal_note(text, repeal_note) for text in (old_text, new_text))
    if old_note != new_note:
        old, new = (() if old_note else old), (() if new_note else new)
    tokens: dict[str, Tokenized] = {}
    found = _redline(_items(PREAMBLE, old, tokens), _items(PREAMBLE, new, tokens), rules, {})
    return replace(classify_preamble(old_text, new_text, rules, repeal_note, found.diff), paragraphs=found.paragraphs)


def _items(article: str, paragraphs: Sequence[Paragraph], tokens: dict[str, Tokenized]) -> list[_Item]:
    """The paragraphs as items, their tokens taken from ``tokens`` (by text) or made and added there."""
    found = []
    for paragraph in paragraphs:
        text = paragraph.text
        text_tokens = tokens.get(text)
        if text_tokens is None:
            text_tokens = tokens[text] = tokenized(text)
        found.append(_Item(article, paragraph, text_tokens))
    return found


def _redline(old: Sequence[_Item], new: Sequence[_Item], rules: References, renumbering: Mapping[str, str]) -> Redline:
    """Pair the paragraphs of one link, diff the pairs' words, and build the flat diff from them."""
    if _lines(old) == _lines(new):  # nothing changed: every paragraph kept, tokenised once, not diffed
        kept = [_Match(index, index, diff_tokenized(item.tokens, item.tokens), True) for index, item in enumerate(old)]
        if all(old_item.prefix == new_item.prefix for old_item, new_item in zip(old, new)):
            return _unchanged(old, new, kept)
        return _assemble(old, new, kept, {})
    matcher = _ParagraphMatcher(old, new, rules, renumbering)
    chain = matcher.chain()
    return _assemble(old, new, chain, matcher.off_chain(chain))


def _unchanged(old: Sequence[_Item], new: Sequence[_Item], kept: Sequence[_Match]) -> Redline:
    """What ``_assemble`` gives for a link whose every paragraph is kept with its marker, without
    its run-by-run walk: the joined lines, all one equality."""
    tokens: list[str] = []
    for index, item in enumerate(old):
        tokens += _line_tokens(item, index, item.tokens.tokens)
    joined = tuple(tokens)
    flat = WordDiff(joined, joined, (DiffOp(EQUAL, 0, len(joined), 0, len(joined)),) if joined else ())
    pairs = tuple(_paired(old[match.old], new[match.new], match, off_chain=False) for match in kept if old[match.old].paragraph is not None)
    return Redline(flat, pairs)


def _lines(items: Sequence[_Item]) -> list[str | None]:
    return [item.paragraph.full_text if item.paragraph is not None else None for item in items]


@dataclass(frozen=True)
class _Match:
    old: int
    new: int
    diff: WordDiff
    """Word diff of the two paragraphs' texts, markers left out."""
    same_words: bool
    """Identical or editorially equal texts (kept, renumbered or moved, never amended)."""
    weight: int = 0
    """Words kept, plus one: what the chain maximises."""
    share: float = 1.0
    """Share of words kept (``worddiff.kept_share``)."""

    @property
    def pieces(self) -> tuple[_Match, ...]:
        return (self,)

    @property
    def old_first(self) -> int:
        return self.old

    @property
    def old_last(self) -> int:
        return self.old

    @property
    def new_first(self) -> int:
        return self.new

    @property
    def new_last(self) -> int:
        return self.new


@dataclass(frozen=True)
class _Group:
    """One old paragraph divided among consecutive new ones, or consecutive old ones joined into
    one, with the same words: a piece per new (or old) paragraph, each diffed against its share
    of the other side's text."""

    pieces: tuple[_Match, ...]
    weight: int

    @property
    def old_first(self) -> int:
        return self.pieces[0].old

    @property
    def old_last(self) -> int:
        return self.pieces[-1].old

    @property
    def new_first(self) -> int:
        return self.pieces[0].new

    @property
    def new_last(self) -> int:
        return self.pieces[-1].new


_Anchor = Union[_Match, _Group]


class _ParagraphMatcher:
    """Candidate paragraph pairs of one link, the backbone chain, and the pairs off it."""

    def __init__(self, old: Sequence[_Item], new: Sequence[_Item], rules: References, renumbering: Mapping[str, str]) -> None:
        self.old, self.new = old, new
        self.rules, self.renumbering = rules, renumbering
        self.old_keys: dict[int, tuple[str, ...]] = {}
        self.new_keys: dict[int, tuple[str, ...]] = {}
        self.groups: list[_Group] = []
        self.book = CodeBook()
        self.old_codes: dict[int, str | None] = {}
        self.new_codes: dict[int, str | None] = {}
        self.candidates = self._candidates()

    def _candidates(self) -> list[_Match]:
        """Every pair of paragraphs that could be one: identical text; for the paragraphs left without
        such a twin, editorially equal text; for those still left (in links small enough), similar words."""
        found: dict[tuple[int, int], _Match] = {}
        old_rest = [i for i, item in enumerate(self.old) if item.paragraph is not None]
        new_rest = [j for j, item in enumerate(self.new) if item.paragraph is not None]
        old_rest, new_rest = self._pair_twins(found, old_rest, new_rest, self._text, self._twin)
        if old_rest and new_rest:
            old_rest, new_rest = self._pair_twins(found, old_rest, new_rest, self._key, self._editorial_twin)
        if old_rest and new_rest and len(self.old) * len(self.new) <= SIMILAR_SEARCH_LIMIT:
            self.groups = self._divided(old_rest, new_rest, split=True) + self._divided(new_rest, old_rest, split=False)
            new_words = {j: _words(self.new[j]) for j in new_rest}
            new_bags = [(j, bag, len(bag)) for j in new_rest for bag in (_word_bag(new_words[j]),)]
            for i in old_rest:
                old_words = _words(self.old[i])
                bag = _word_bag(old_words)
                words = len(bag)
                bounds = sorted(
                    ((bound, j) for j, other, other_words in new_bags if (bound := _kept_bound(bag, words, other, other_words)) >= AMENDED_MIN_SHARE),
                    reverse=True,
                )
                common = _CommonSubsequence(old_words)
                for _, j in bounds[:SIMILAR_CANDIDATES]:
                    if 2 * common.length(new_words[j]) / (words + len(new_words[j])) < AMENDED_MIN_SHARE:
                        continue  # its diff keeps no more words than the longest common subsequence: too few
                    match = self._match(i, j, same_words=False)
                    if match.share >= AMENDED_MIN_SHARE:
                        found[i, j] = match
        # Members without paragraphs pair with each other, in order, so their separators stay equal.
        empty_new = [j for j, item in enumerate(self.new) if item.paragraph is None]
        for i in (i for i, item in enumerate(self.old) if item.paragraph is None):
            for j in empty_new:
                found[i, j] = _Match(i, j, diff_tokenized(_NO_TOKENS, _NO_TOKENS), True, 1)
        return list(found.values())

    def _pair_twins(
        self,
        found: dict[tuple[int, int], _Match],
        old_rest: list[int],
        new_rest: list[int],
        key: Callable[[bool, int], object],
        pair: Callable[[int, int], _Match],
    ) -> tuple[list[int], list[int]]:
        """Add the pairs of paragraphs with equal keys (``key(old, index)``) to ``found``; return the
        paragraphs left without a twin."""
        by_key: dict[object, list[int]] = {}
        for j in new_rest:
            by_key.setdefault(key(False, j), []).append(j)
        left_old: list[int] = []
        twinned_new: set[int] = set()
        for i in old_rest:
            twins = by_key.get(key(True, i), [])
            for j in twins:
                found[i, j] = pair(i, j)
            twinned_new.update(twins)
            if not twins:
                left_old.append(i)
        return left_old, [j for j in new_rest if j not in twinned_new]

    def _twin(self, i: int, j: int) -> _Match:
        """Identical texts: an all-equal diff and every word kept, with no diff to run."""
        tokens = self.old[i].tokens
        return _Match(i, j, diff_tokenized(tokens, tokens), True, tokens.words + 1)

    def _editorial_twin(self, i: int, j: int) -> _Match:
        return self._match(i, j, same_words=True)

    def _text(self, old: bool, index: int) -> str:
        return (self.old if old else self.new)[index].text

    def _key(self, old: bool, index: int) -> tuple[str, ...]:
        """The paragraph's editorial key, made once (references renumbered on the old side)."""
        keys = self.old_keys if old else self.new_keys
        if index not in keys:
            text = self._text(old, index)
            keys[index] = editorial_key(text, self.rules, self.renumbering) if old else editorial_key(text, self.rules)
        return keys[index]

    def _divided(self, wholes: list[int], parts: list[int], *, split: bool) -> list[_Group]:
        """Paragraphs (old ones if ``split``, else new ones) whose words are, in order, those of
        two or more consecutive paragraphs of the other side."""
        groups: list[_Group] = []
        available = set(parts)
        starts_by_word: dict[str, list[int]] = {}  # a run can only start with a part whose first word is the whole's
        for part in parts:
            if part_key := self._key(not split, part):
                starts_by_word.setdefault(part_key[0], []).append(part)
        for whole in wholes:
            key = self._key(split, whole)
            for start in starts_by_word.get(key[0], []) if key else []:
                run: list[int] = []
                covered = 0
                while start + len(run) in available and covered < len(key):
                    part_key = self._key(not split, start + len(run))
                    if not part_key or key[covered : covered + len(part_key)] != part_key:
                        break
                    covered += len(part_key)
                    run.append(start + len(run))
                if covered == len(key) and len(run) > 1:
                    groups.append(self._group(whole, run, split=split))
        return groups

    def _group(self, whole: int, run: list[int], *, split: bool) -> _Group:
        """The pieces of a divided paragraph: its tokens cut where each part's words begin."""
        whole_item = self.old[whole] if split else self.new[whole]
        part_items = [self.new[part] if split else self.old[part] for part in run]
        slices = _cut(whole_item.tokens, [item.tokens.words for item in part_items])
        pieces = []
        for part, item, piece in zip(run, part_items, slices):
            diff = diff_tokenized(piece, item.tokens) if split else diff_tokenized(item.tokens, piece)
            counts = word_counts(diff)
            pieces.append(_Match(whole if split else part, part if split else whole, diff, True, counts.old - counts.deleted))
        return _Group(tuple(pieces), sum(piece.weight for piece in pieces) + 1)

    def _match(self, i: int, j: int, *, same_words: bool) -> _Match:
        old, new = self.old[i].tokens, self.new[j].tokens
        old_codes, new_codes = self._codes(self.old_codes, old, i), self._codes(self.new_codes, new, j)
        diff = diff_tokenized(old, new, codes=(old_codes, new_codes) if old_codes is not None and new_codes is not None else None)
        counts = edit_counts(diff, old.words)
        share = kept_share(counts.old, counts.new, counts.deleted)
        return _Match(i, j, diff, same_words, counts.old - counts.deleted + 1, share)

    def _codes(self, side: dict[int, str | None], tokens: Tokenized, index: int) -> str | None:
        """A paragraph's keys in the link's code book, encoded once for all its candidate diffs."""
        if index not in side:
            side[index] = self.book.encode(tokens.keys)
        return side[index]

    def chain(self) -> list[_Anchor]:
        """The heaviest chain of candidates and divided paragraphs increasing on both sides: a
        Fenwick tree holds the best chain ending before each new position, and a candidate
        enters it once the candidates still to come start after its last old paragraph."""
        size = len(self.new)
        # Per tree node: (weight, -candidate), so that of two chains of equal weight the one whose
        # last candidate comes first (the paragraph that stays in place) wins.
        best: list[tuple[int, int]] = [(0, 1)] * (size + 1)
        ending: list[tuple[int, int]] = []  # per candidate: (chain weight, previous candidate)
        ordered: list[_Anchor] = sorted([*self.candidates, *self.groups], key=lambda anchor: (anchor.old_first, anchor.new_first))
        waiting: list[tuple[int, int]] = []  # (last old paragraph, candidate) not yet in the tree
        for index, anchor in enumerate(ordered):
            while waiting and waiting[0][0] < anchor.old_first:
                _, done = heappop(waiting)
                node = ordered[done].new_last + 1
                while node <= size:
                    best[node] = max(best[node], (ending[done][0], -done))
                    node += node & -node
            before, node = (0, 1), anchor.new_first  # best chain ending before anchor.new_first
            while node > 0:
                before = max(before, best[node])
                node -= node & -node
            ending.append((before[0] + anchor.weight, -before[1]))
            heappush(waiting, (anchor.old_last, index))
        at = max(range(len(ordered)), key=lambda index: ending[index][0], default=-1)
        chain: list[_Anchor] = []
        while at >= 0:
            chain.append(ordered[at])
            at = ending[at][1]
        return chain[::-1]

    def off_chain(self, chain: Sequence[_Anchor]) -> dict[int, _Match]:
        """Paragraphs the chain left out that still pair, by new position: identical or editorially
        equal first (moved), then the most similar (amended in another place, with at least
        ``MOVED_AMENDED_MIN_SHARE`` of their words kept)."""
        used_old = {piece.old for anchor in chain for piece in anchor.pieces}
        used_new = {piece.new for anchor in chain for piece in anchor.pieces}
        rest = [
            match
            for match in self.candidates
            if match.old not in used_old
            and match.new not in used_new
            and self.old[match.old].paragraph is not None
            and (match.same_words or match.share >= MOVED_AMENDED_MIN_SHARE)
        ]
        rest.sort(key=lambda match: (not match.same_words, -match.weight, match.old, match.new))
        found: dict[int, _Match] = {}
        for match in rest:
            if match.old not in used_old and match.new not in used_new:
                used_old.add(match.old)
                used_new.add(match.new)
                found[match.new] = match
        return found


def _cut(tokens: Tokenized, words: Sequence[int]) -> list[Tokenized]:
    """The tokens in consecutive pieces of these many words each (the last piece takes the rest):
    a piece ends right before the next one's first word."""
    cuts: list[int] = []
    starts = iter(accumulate(words[:-1]))  # words before each further piece
    start = next(starts, None)
    seen = 0
    for index, token in enumerate(tokens.tokens):
        if is_word(token):
            while start is not None and seen == start:
                cuts.append(index)
                start = next(starts, None)
            seen += 1
    cuts += [len(tokens.tokens)] * (len(words) - 1 - len(cuts))
    bounds = [0, *cuts, len(tokens.tokens)]
    return [Tokenized(tokens.tokens[first:last], tokens.keys[first:last]) for first, last in zip(bounds, bounds[1:])]


_WordBag = frozenset[Union[str, tuple[str, int]]]


def _words(item: _Item) -> list[str]:
    """The words of a paragraph as its diff compares them (the keys of its word tokens)."""
    keys = item.tokens.keys
    return list(compress(keys, map(word_flag, keys)))


def _word_bag(words: list[str]) -> _WordBag:
    """A paragraph's words (``_words``), a word's second and later occurrences as (word, rank): two
    bags have in common as many elements as words a diff could keep, counted by one set intersection."""
    distinct = frozenset(words)
    if len(distinct) == len(words):
        return distinct
    repeats = [(word, rank) for word, count in Counter(words).items() if count > 1 for rank in range(2, count + 1)]
    return distinct.union(repeats)


class _CommonSubsequence:
    """The length of the longest common subsequence of one word sequence and others, by the
    bit-parallel algorithm (Allison and Dix; Hyyrö): a word diff keeps a common subsequence of
    the words, so this bounds what it can keep, tighter than the bags and far cheaper than a diff."""

    def __init__(self, words: Sequence[str]) -> None:
        self.masks: dict[str, int] = {}
        for at, word in enumerate(words):
            self.masks[word] = self.masks.get(word, 0) | 1 << at
        self.all = (1 << len(words)) - 1

    def length(self, other: Sequence[str]) -> int:
        masks, row = self.masks, self.all
        for word in other:
            if word in masks:
                matched = row & masks[word]
                row = (row + matched) | (row - matched)
        return self.all.bit_length() - (row & self.all).bit_count()


def _kept_bound(old: _WordBag, old_words: int, new: _WordBag, new_words: int) -> float:
    """The most a word diff of two paragraphs can keep (their shared words; 0 when their
    lengths alone rule out ``AMENDED_MIN_SHARE``), found without diffing; ``old_words`` and
    ``new_words`` are the bags' sizes, made once per paragraph."""
    if not old_words or not new_words or 2 * min(old_words, new_words) < AMENDED_MIN_SHARE * (old_words + new_words):
        return 0.0
    return 2 * len(old & new) / (old_words + new_words)


def _assemble(
    old: Sequence[_Item],
    new: Sequence[_Item],
    chain: Sequence[_Anchor],
    off_chain: Mapping[int, _Match],
) -> Redline:
    """The paragraph pairs in reading order and the flat diff, walking the chain: before each
    chain pair, the old paragraphs skipped (deleted in the flat diff, shown as deleted unless
    paired off the chain), then the new ones (inserted, or paired off the chain)."""
    pairs: list[ParagraphPair] = []
    flat = _FlatDiff()
    moved_old = {match.old: match for match in off_chain.values()}
    old_at = new_at = 0
    for anchor in [*chain, None]:
        old_end, new_end = (anchor.old_first, anchor.new_first) if anchor else (len(old), len(new))
        for i in range(old_at, old_end):
            diff = moved_old[i].diff if i in moved_old else diff_tokenized(old[i].tokens, _NO_TOKENS)
            if i not in moved_old and old[i].paragraph is not None:
                pairs.append(_one_sided(ParagraphChange.DELETED, old[i], None, diff))
            flat.add(DELETE, _line_tokens(old[i], i, diff.old_tokens))
        for j in range(new_at, new_end):
            match = off_chain.get(j)
            diff = match.diff if match else diff_tokenized(_NO_TOKENS, new[j].tokens)
            if match:
                pairs.append(_paired(old[match.old], new[j], match, off_chain=True))
            elif new[j].paragraph is not None:
                pairs.append(_one_sided(ParagraphChange.INSERTED, None, new[j], diff))
            flat.add(INSERT, _line_tokens(new[j], j, diff.new_tokens))
        if anchor is None:
            break
        first = anchor.pieces[0]
        flat.separator(first.old > 0, first.new > 0)
        flat.add_diff(_marker_diff(old[first.old].prefix, new[first.new].prefix))
        for previous, piece in zip((None, *anchor.pieces), anchor.pieces):
            if previous is not None and piece.old != previous.old:  # the next old paragraph's line break and marker
                flat.add(DELETE, _line_tokens(old[piece.old], piece.old, ()))
            if previous is not None and piece.new != previous.new:
                flat.add(INSERT, _line_tokens(new[piece.new], piece.new, ()))
            flat.add_diff(piece.diff)
            if old[piece.old].paragraph is not None:
                pairs.append(_paired(old[piece.old], new[piece.new], piece, off_chain=False))
        old_at, new_at = anchor.old_last + 1, anchor.new_last + 1
    return Redline(flat.build(), tuple(pairs))


def _line_tokens(item: _Item, index: int, text_tokens: Sequence[str]) -> list[str]:
    """A paragraph's line of its side's joined text: the separator before it (none for the first), marker, text."""
    return ([_SEPARATOR] if index else []) + list(_marker_diff(item.prefix, "").old_tokens) + list(text_tokens)


class _FlatDiff:
    """A link's flat word diff, put together run by run from its paragraphs' diffs."""

    def __init__(self) -> None:
        self.old_tokens: list[str] = []
        self.new_tokens: list[str] = []
        self.runs: list[tuple[DiffTag, int]] = []

    def add(self, tag: DiffTag, tokens: Sequence[str]) -> None:
        """Tokens of one side only: deleted old ones or inserted new ones."""
        (self.old_tokens if tag is DELETE else self.new_tokens).extend(tokens)
        self.runs.append((tag, len(tokens)))

    def separator(self, old: bool, new: bool) -> None:
        """The line break before a chain pair: equal when both paragraphs follow another line."""
        if old and new:
            self.old_tokens.append(_SEPARATOR)
            self.new_tokens.append(_SEPARATOR)
            self.runs.append((EQUAL, 1))
        elif old or new:
            self.add(DELETE if old else INSERT, [_SEPARATOR])

    def add_diff(self, diff: WordDiff) -> None:
        self.old_tokens += diff.old_tokens
        self.new_tokens += diff.new_tokens
        self.runs += [(op.tag, (op.new_end - op.new_start if op.tag is INSERT else op.old_end - op.old_start)) for op in diff.ops]

    def build(self) -> WordDiff:
        return WordDiff(tuple(self.old_tokens), tuple(self.new_tokens), ops_from_runs(self.runs))


@lru_cache(maxsize=4096)
def _marker_diff(old: str, new: str) -> WordDiff:
    """The diff of two markers with their spaces ("4. " → "5. "): few and endlessly repeated."""
    return diff_words(old, new)


def _paired(old: _Item, new: _Item, match: _Match, *, off_chain: bool) -> ParagraphPair:
    assert old.paragraph is not None and new.paragraph is not None
    if not match.same_words:
        change = ParagraphChange.AMENDED
    elif off_chain:
        change = ParagraphChange.MOVED
    else:
        change = ParagraphChange.KEPT if old.paragraph.marker == new.paragraph.marker else ParagraphChange.RENUMBERED
    return ParagraphPair(
        change,
        old.article,
        new.article,
        old.paragraph.number,
        new.paragraph.number,
        match.diff,
        old_marker=old.paragraph.marker,
        new_marker=new.paragraph.marker,
    )


def _one_sided(change: ParagraphChange, old: _Item | None, new: _Item | None, diff: WordDiff) -> ParagraphPair:
    old_paragraph = old.paragraph if old else None
    new_paragraph = new.paragraph if new else None
    return ParagraphPair(
        change,
        old.article if old else None,
        new.article if new else None,
        old_paragraph.number if old_paragraph else None,
        new_paragraph.number if new_paragraph else None,
        diff,
        old_marker=old_paragraph.marker if old_paragraph else "",
        new_marker=new_paragraph.marker if new_paragraph else "",
    )


def with_paragraphs(
    pairs: Sequence[ArticlePair], redlines: Sequence[Redline], rules: References, renumbering: Mapping[str, str]
) -> list[ArticlePair]:
    """The classified pairs (``pairs[i]`` made from ``redlines[i]``) with their paragraphs, a
    paragraph deleted from one pair and inserted in another with the same words shown as moved
    there (both sides name the other's article in ``elsewhere``).

    Only a paragraph whose words occur once among all deleted and once among all inserted
    paragraphs, with at least ``MOVED_ELSEWHERE_MIN_WORDS`` words, is linked: repeated
    boilerplate proves no move.
    """
    paragraphs = [list(redline.paragraphs) for redline in redlines]
    deleted: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    inserted: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for pair_index, found in enumerate(paragraphs):
        for index, paragraph in enumerate(found):
            if paragraph.change is ParagraphChange.DELETED and word_count(paragraph.diff.old_tokens) >= MOVED_ELSEWHERE_MIN_WORDS:
                deleted.setdefault(editorial_key(paragraph.diff.old_text(), rules, renumbering), []).append((pair_index, index))
            elif paragraph.change is ParagraphChange.INSERTED and word_count(paragraph.diff.new_tokens) >= MOVED_ELSEWHERE_MIN_WORDS:
                inserted.setdefault(editorial_key(paragraph.diff.new_text(), rules), []).append((pair_index, index))
    for key, places in deleted.items():
        twins = inserted.get(key, [])
        if len(places) != 1 or len(twins) != 1:
            continue
        (old_pair, old_index), (new_pair, new_index) = places[0], twins[0]
        if old_pair == new_pair:
            continue
        gone, came = paragraphs[old_pair][old_index], paragraphs[new_pair][new_index]
        paragraphs[old_pair][old_index] = replace(gone, change=ParagraphChange.MOVED, elsewhere=came.new_article)
        paragraphs[new_pair][new_index] = replace(came, change=ParagraphChange.MOVED, elsewhere=gone.old_article)
    return [replace(pair, paragraphs=tuple(found)) for pair, found in zip(pairs, paragraphs)]
