"""Aligned links + word diffs → one change class per correspondence.

Two texts are editorially equal (not substantively different) when their word
sequences match after folding case and look-alike letters (``data/lookalikes.yaml``)
and ignoring whitespace, punctuation, quotation marks and footnote markers, except for
article numbers in cross-references that changed only because the referenced article was
renumbered.  How a language writes such a reference is its profile's ``references``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from itertools import accumulate
from typing import Mapping, Sequence

from constdiff.model import (
    ArticleChange,
    ArticleLink,
    ArticlePair,
    ArticleRef,
    ArticleStatus,
    DiffTag,
    LinkEvidence,
    LocatedArticle,
    LocatedDivision,
    PLACEHOLDER_IN_BOTH,
    PartStart,
    SectionChange,
    SectionContent,
    SectionLink,
    SectionLinkKind,
    SectionPair,
    SectionRef,
    WordDiff,
)
from constdiff.parallel import SERIAL, Mapper
from constdiff.profiles import DEFAULT_REFERENCES, Profile, References, fold_lookalikes
from constdiff.references import WORD, citation_number_spans
from constdiff.worddiff import diff_words, kept_share, word_count, word_counts

# Not worddiff.tokenize: here punctuation inside words ("Nur-Sultan" / "Nur Sultan") must not count.
# The words a citation is read from, so that the spans of its cited numbers are these tokens'.
_TOKEN = WORD
# A one-to-one amended pair keeping less than this share of its words was rewritten, not edited.
REPLACED_IN_FULL = 0.25
# A footnote marker: Markdown's "[^12]", or a superscript number as Markdown made from a web page
# or a PDF writes one ("<sup>12</sup>").  Its number shifts whenever a note is added or removed
# before it (the Swiss corpus: half the "amended" articles of a step), so it is not one of the
# words that matter.  A paragraph number written the same way ("<sup>2</sup> Der Bund …") is not
# either: paragraphs renumbered and nothing else is an editorial change.
_NOTE_MARKER = re.compile(r"\[\^[^\]\s]+\]|<sup>\s*\d+\s*</sup>", re.IGNORECASE)


def editorial_rules(profile: Profile | None) -> References:
    """The comparison's reference words: its profile's, or the default for a text no profile reads."""
    return DEFAULT_REFERENCES if profile is None else profile.references


def editorial_key(text: str, rules: References, renumbering: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The words that matter, with renumbered cross-references rewritten to their new numbers.

    >>> from constdiff.profiles import load_profile
    >>> rules = editorial_rules(load_profile("en"))
    >>> editorial_key('As Article 44 says.', rules, {"44": "47"})
    ('as', 'article', '47', 'says')
    >>> editorial_key("The Council<sup>12</sup> decides.[^3]", rules)
    ('the', 'council', 'decides')
    """
    folded = _folded(text)
    words = _TOKEN.findall(folded)
    if not renumbering or renumbering.keys().isdisjoint(words):
        return tuple(words)
    return _with_references_renumbered(folded, rules, renumbering)


def _folded(text: str) -> str:
    """Footnote markers out, look-alike letters folded, lower case.  A marker needs "[^" or "<":
    most texts have neither, and a substitution that finds nothing still copies the text."""
    if "[^" in text or "<" in text:
        text = _NOTE_MARKER.sub(" ", text)
    return fold_lookalikes(text).lower()


def _editorially_equal(old_text: str, new_text: str, rules: References, renumbering: Mapping[str, str]) -> bool:
    """``editorial_key(old_text, rules, renumbering) == editorial_key(new_text, rules)``, told
    without the references when the word counts differ (a renumbering keeps the count)."""
    old_folded, new_words = _folded(old_text), _TOKEN.findall(_folded(new_text))
    old_words = _TOKEN.findall(old_folded)
    if len(old_words) != len(new_words):
        return False
    if not renumbering or renumbering.keys().isdisjoint(old_words):
        return old_words == new_words
    return _with_references_renumbered(old_folded, rules, renumbering) == tuple(new_words)


def _with_references_renumbered(folded: str, rules: References, renumbering: Mapping[str, str]) -> tuple[str, ...]:
    """The words, the cited numbers of renumbered articles (``references.citation_number_spans``) rewritten."""
    cited = set(citation_number_spans(folded, rules))
    return tuple(
        renumbering.get(match.group(), match.group()) if match.span() in cited else match.group() for match in _TOKEN.finditer(folded)
    )


def article_ref(item: LocatedArticle) -> ArticleRef:
    top = item.top_division
    return ArticleRef(item.article.number, top.number if top else None, item.ordinal, item.article.domain)


def reference_renumbering(
    old: Sequence[LocatedArticle], new: Sequence[LocatedArticle], links: Sequence[ArticleLink]
) -> dict[str, str]:
    """Old article number → new one, for the one-to-one links that renumbered an article: what
    ``editorial_key`` rewrites in cross-references.  References cite the main series: a second
    series' renumbering must not rewrite them."""
    return {
        old[link.old[0]].article.number: new[link.new[0]].article.number
        for link in links
        if len(link.old) == 1
        and len(link.new) == 1
        and old[link.old[0]].article.domain is None
        and new[link.new[0]].article.domain is None
        and old[link.old[0]].article.number != new[link.new[0]].article.number
    }


def classify_links(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    links: Sequence[ArticleLink],
    diffs: Sequence[WordDiff],
    *,
    section_counterpart: Mapping[str | None, str | None],
    rules: References,
    mapper: Mapper = SERIAL,
) -> list[ArticlePair]:
    """One classified pair per link and its word diff (``diffs[i]`` belongs to ``links[i]``), in order."""
    renumbering = reference_renumbering(old, new, links)

    if mapper == SERIAL:
        return [_classify(old, new, link, diff, section_counterpart, rules, renumbering) for link, diff in zip(links, diffs)]

    def classified(index: int) -> ArticlePair:
        # The diff is already in the calling process: a forked worker need not pickle it back.
        return replace(_classify(old, new, links[index], diffs[index], section_counterpart, rules, renumbering), diff=None)

    pairs = mapper(classified, range(len(links)))
    return [replace(pair, diff=diff) for pair, diff in zip(pairs, diffs)]


def _classify(
    old: Sequence[LocatedArticle],
    new: Sequence[LocatedArticle],
    link: ArticleLink,
    diff: WordDiff,
    section_counterpart: Mapping[str | None, str | None],
    rules: References,
    renumbering: Mapping[str, str],
) -> ArticlePair:
    old_items = [old[i] for i in link.old]
    new_items = [new[j] for j in link.new]
    old_members = [item.article.text for item in old_items]
    new_members = [item.article.text for item in new_items]
    old_text, new_text = "\n".join(old_members), "\n".join(new_members)
    old_refs = tuple(article_ref(item) for item in old_items)
    new_refs = tuple(article_ref(item) for item in new_items)
    renumbered = bool(old_refs and new_refs) and [r.number for r in old_refs] != [r.number for r in new_refs]
    moved_section = bool(old_refs and new_refs) and any(
        _left_its_section(ref.section, new_refs[0].section, section_counterpart) for ref in old_refs
    )
    out_of_order = link.evidence is not None and not link.evidence.in_order
    moved = moved_section or out_of_order
    already_repealed = bool(old_items) and all(item.article.status is ArticleStatus.REPEALED for item in old_items)
    method = link.evidence.method if link.evidence is not None else None
    if method == PLACEHOLDER_IN_BOTH:  # kept as a placeholder in both versions: nothing happened now
        change, reason = (ArticleChange.RENUMBERED if renumbered else ArticleChange.UNCHANGED), ""
    elif method == "reduced to a placeholder":
        change, reason = ArticleChange.REPEALED, ""
    elif method == "enacted again":
        change, reason = ArticleChange.ADDED, ""
    else:
        change, reason = _change(
            len(old_items), len(new_items), already_repealed, old_text, new_text, rules, renumbering, renumbered, moved
        )
    pair = _pair(
        old_refs,
        new_refs,
        change,
        reason or link.reason,
        diff,
        renumbered=renumbered,
        moved_section=moved_section,
        moved=moved,
        evidence=link.evidence,
        part_starts=_part_starts("old", old_items, old_members, diff.old_tokens)
        + _part_starts("new", new_items, new_members, diff.new_tokens),
    )
    if change is ArticleChange.AMENDED and pair.similarity < REPLACED_IN_FULL:
        pair = replace(pair, reason=_fitted("replaced in full", pair.reason))
    return pair


# The article table's reason column (80-column terminal): one clause of about this many characters.
REASON_WIDTH = 45


def _fitted(finding: str, evidence: str) -> str:
    """The finding, and the aligner's evidence after it when both fit the reason column."""
    joined = f"{finding}; {evidence}"
    return joined if len(joined) <= REASON_WIDTH else finding


def _left_its_section(old_section: str | None, new_section: str | None, counterpart: Mapping[str | None, str | None]) -> bool:
    """In a section that is not the old one's counterpart (a section with none, removed or merged, counts as left)."""
    if old_section is None and new_section is None:
        return False
    return old_section not in counterpart or counterpart[old_section] != new_section


def _pair(
    old: tuple[ArticleRef, ...],
    new: tuple[ArticleRef, ...],
    change: ArticleChange,
    reason: str,
    diff: WordDiff,
    *,
    renumbered: bool = False,
    moved_section: bool = False,
    moved: bool = False,
    evidence: LinkEvidence | None = None,
    part_starts: tuple[PartStart, ...] = (),
) -> ArticlePair:
    """A pair whose word figures (similarity, words kept, deleted, inserted) come from its diff."""
    counts = word_counts(diff)
    return ArticlePair(
        old=old,
        new=new,
        change=change,
        similarity=round(kept_share(counts.old, counts.new, counts.deleted), 4),
        reason=reason,
        diff=diff,
        words_deleted=counts.deleted,
        words_inserted=counts.inserted,
        renumbered=renumbered,
        moved_section=moved_section,
        old_words=counts.old,
        new_words=counts.new,
        part_starts=part_starts,
        moved=moved,
        evidence=evidence,
    )


def _part_starts(
    side: str, items: Sequence[LocatedArticle], texts: Sequence[str], tokens: Sequence[str]
) -> tuple[PartStart, ...]:
    """The token at which each member after the first begins in its side's joined text."""
    if len(items) < 2:
        return ()
    token_offsets = list(accumulate(map(len, tokens), initial=0))
    member_offsets = accumulate(len(text) + len("\n") for text in texts[:-1])
    return tuple(
        PartStart(side, item.article.number, bisect_left(token_offsets, offset), offset)
        for item, offset in zip(items[1:], member_offsets)
    )


def _change(
    old_count: int,
    new_count: int,
    already_repealed: bool,
    old_text: str,
    new_text: str,
    rules: References,
    renumbering: Mapping[str, str],
    renumbered: bool,
    moved: bool,
) -> tuple[ArticleChange, str]:
    if not new_count:
        return ArticleChange.REPEALED, "already repealed in the old version" if already_repealed else "no counterpart in the new version"
    if not old_count:
        return ArticleChange.ADDED, "no counterpart in the old version"
    if new_count > 1 and old_count == 1:
        return ArticleChange.SPLIT, ""
    if old_count > 1:
        return ArticleChange.MERGED, ""
    if old_text == new_text:
        words = "identical text"
    elif _editorially_equal(old_text, new_text, rules, renumbering):
        words = "same words"
    else:
        return ArticleChange.AMENDED, ""
    if moved:
        return ArticleChange.MOVED, f"{words}, new place"
    if renumbered:
        return ArticleChange.RENUMBERED, f"{words}, new number in place"
    if old_text == new_text:
        return ArticleChange.UNCHANGED, words
    return ArticleChange.EDITORIAL, "only punctuation, case or references differ"


PREAMBLE = "preamble"


def classify_preamble(
    old_text: str,
    new_text: str,
    rules: References,
    repeal_note: Sequence[re.Pattern[str]] = (),
    diff: WordDiff | None = None,
) -> ArticlePair:
    """The preamble is compared like an article that never moves.  A side whose whole preamble
    is a repeal note (one of the profile's ``repealed`` patterns, "Преамбула исключена") proves a
    repeal (or, old side, a re-enactment): that side then counts as having none.  ``diff``: the
    word diff of the texts so compared, when the caller has made it already."""
    old_note, new_note = (is_repeal_note(text, repeal_note) for text in (old_text, new_text))
    if old_note != new_note:
        old_text, new_text = ("" if old_note else old_text), ("" if new_note else new_text)
    change, reason = _change(int(bool(old_text)), int(bool(new_text)), False, old_text, new_text, rules, {}, False, False)
    if old_note != new_note:
        reason = f"the {'new' if new_note else 'old'} version marks it repealed"
    return _pair(
        (ArticleRef(PREAMBLE, None, -1),) if old_text else (),
        (ArticleRef(PREAMBLE, None, -1),) if new_text else (),
        change,
        reason or "reworded",
        diff if diff is not None else diff_words(old_text, new_text),
    )


# A repeal note is a line, not a paragraph of text that happens to say "repealed".
REPEAL_NOTE_MAX_WORDS = 12


def is_repeal_note(text: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return (
        "\n" not in text.strip()
        and len(_TOKEN.findall(text)) <= REPEAL_NOTE_MAX_WORDS
        and any(pattern.search(text) for pattern in patterns)
    )


def classify_sections(
    links: Sequence[SectionLink],
    old_divisions: Sequence[LocatedDivision],
    new_divisions: Sequence[LocatedDivision],
    pairs: Sequence[ArticlePair],
) -> list[SectionPair]:
    """Name each division correspondence and total the article pairs that touch it, in the
    order of the new version's tree (removed divisions where they used to stand).

    A pair's words count where they stand: its deleted words in the division of the old member
    that held them, its inserted words in that of the new member, so each part of a split or
    merge counts in its own division."""
    old_pair_of = {ref.ordinal: index for index, pair in enumerate(pairs) for ref in pair.old}
    new_pair_of = {ref.ordinal: index for index, pair in enumerate(pairs) for ref in pair.new}
    member_words = [_member_words(pair) for pair in pairs]
    result = []
    for link in links:
        olds = [old_divisions[i] for i in link.old]
        news = [new_divisions[j] for j in link.new]
        change = _section_change(link, olds, news)
        old_here = {k for item in olds for k in item.articles}
        new_here = {k for item in news for k in item.articles}
        touching = {old_pair_of[k] for k in old_here if k in old_pair_of} | {new_pair_of[k] for k in new_here if k in new_pair_of}
        members = [(pairs[index], member_words[index]) for index in sorted(touching)]
        content, changed = _content(
            [(pair, _inside(pair.old, old_here), _inside(pair.new, new_here)) for pair, _ in members]
        )
        old_words = deleted = inserted = 0
        for pair, (old_counts, new_counts) in members:
            for ref, (words, lost) in zip(pair.old, old_counts):
                if ref.ordinal in old_here:
                    old_words, deleted = old_words + words, deleted + lost
            inserted += sum(gained for ref, gained in zip(pair.new, new_counts) if ref.ordinal in new_here)
        result.append(
            SectionPair(
                old=tuple(_section_ref(i, item) for i, item in zip(link.old, olds)),
                new=tuple(_section_ref(j, item) for j, item in zip(link.new, news)),
                change=change,
                title_similarity=round(link.title_similarity, 4),
                shared_articles=link.shared_articles,
                reason=_section_reason(change, link, olds, news, changed, content),
                old_words=old_words,
                words_deleted=deleted,
                words_inserted=inserted,
                articles_changed=changed,
                content=content,
            )
        )
    return _in_section_order(result, len(old_divisions))


def _inside(refs: Sequence[ArticleRef], here: set[int]) -> int:
    return sum(ref.ordinal in here for ref in refs)


def _content(touching: Sequence[tuple[ArticlePair, int, int]]) -> tuple[SectionContent, int]:
    """Each (pair, its old members here, its new members here) under one heading: new or
    repealed; moved in or out when only one side stands here; else unchanged or amended
    (renumbered, reordered or editorial counts as unchanged; a split or merge as amended).
    Also how many of those articles had their wording changed at all (editorial included)."""
    counts = dict.fromkeys(("unchanged", "amended", "moved_in", "moved_out", "added", "repealed"), 0)
    changed = 0
    for pair, old_here, new_here in touching:
        if not pair.counted:
            continue
        # An article enacted under a placeholder's number is added; one reduced to a placeholder, repealed.
        if not pair.old or pair.change is ArticleChange.ADDED:
            kind, articles = "added", new_here
        elif not pair.new or pair.change is ArticleChange.REPEALED:
            kind, articles = "repealed", old_here
        elif not new_here:
            kind, articles = "moved_out", old_here
        elif not old_here:
            kind, articles = "moved_in", new_here
        else:
            kind, articles = ("amended" if pair.change.substantive else "unchanged"), new_here
        counts[kind] += articles
        changed += articles if pair.change.changes_text else 0
    return SectionContent(articles=sum(counts.values()), **counts), changed


def _member_words(pair: ArticlePair) -> tuple[list[tuple[int, int]], list[int]]:
    """Per old member (words, words deleted) and per new member words inserted, cut at the
    pair's ``part_starts``: a split's parts, a merge's members, each its own share."""
    diff = pair.diff
    if diff is None:
        return [(0, 0)] * len(pair.old), [0] * len(pair.new)
    if not pair.part_starts and len(pair.old) <= 1 and len(pair.new) <= 1:  # one member a side: the pair's own figures
        return [(pair.old_words, pair.words_deleted)] * len(pair.old), [pair.words_inserted] * len(pair.new)
    old_cuts = [0, *(start.token for start in pair.part_starts if start.side == "old"), len(diff.old_tokens)]
    new_cuts = [0, *(start.token for start in pair.part_starts if start.side == "new"), len(diff.new_tokens)]
    old_counts = [[0, 0] for _ in pair.old]
    new_counts = [0 for _ in pair.new]
    for op in diff.ops:
        if op.tag is DiffTag.INSERT:
            for member, (start, end) in enumerate(_overlaps(new_cuts, op.new_start, op.new_end)):
                new_counts[member] += word_count(diff.new_tokens[start:end])
            continue
        for member, (start, end) in enumerate(_overlaps(old_cuts, op.old_start, op.old_end)):
            words = word_count(diff.old_tokens[start:end])
            old_counts[member][0] += words
            if op.tag is DiffTag.DELETE:
                old_counts[member][1] += words
    return [(words, deleted) for words, deleted in old_counts], new_counts


def _overlaps(cuts: Sequence[int], start: int, end: int) -> list[tuple[int, int]]:
    """The part of [start, end) inside each member's [cuts[m], cuts[m + 1]) (empty where none)."""
    return [(max(start, low), min(end, high)) if max(start, low) < min(end, high) else (0, 0) for low, high in zip(cuts, cuts[1:])]


def _section_ref(position: int, item: LocatedDivision) -> SectionRef:
    division = item.division
    return SectionRef(division.number, division.title, position, division.kind, item.level, item.path)


def _section_change(link: SectionLink, olds: list[LocatedDivision], news: list[LocatedDivision]) -> SectionChange:
    if link.kind is not SectionLinkKind.PAIR:
        return SectionChange(link.kind.value)
    if link.title_similarity < 1.0:
        return SectionChange.RENAMED
    return SectionChange.UNCHANGED if olds[0].division.number == news[0].division.number else SectionChange.RENUMBERED


def _section_reason(
    change: SectionChange,
    link: SectionLink,
    olds: list[LocatedDivision],
    news: list[LocatedDivision],
    changed: int,
    content: SectionContent,
) -> str:
    """One sentence; a division kept under its title says how many articles inside it changed."""
    moved = f"{link.shared_articles} aligned article(s) in common"
    if change is SectionChange.RENAMED:
        return f"new title ({link.title_similarity:.0%} of title words shared); {moved}"
    if change is SectionChange.SPLIT:
        return f"made mostly of articles from old {_named(olds[0])}; {moved}"
    if change is SectionChange.MERGED:
        return f"its articles mostly went to new {_named(news[0])}; {moved}"
    if change is SectionChange.ADDED:
        found = f"new sub-division of {' / '.join(news[0].path)}; no old division corresponds" if news[0].level else "no old section corresponds"
        return f"{found}; {content.moved_in} article(s) moved in" if content.moved_in else found
    if change is SectionChange.REMOVED:
        found = f"sub-division of {' / '.join(olds[0].path)} dropped; no new division corresponds" if olds[0].level else "no new section corresponds"
        return f"{found}; {content.moved_out} article(s) moved out" if content.moved_out else found
    return f"same title; {moved}" + (f"; {changed} article(s) inside changed" if changed else "")


def _named(item: LocatedDivision) -> str:
    """"section IV", "chapter 2", or an unnumbered division's title."""
    division = item.division
    return f"{division.kind} {division.number}" if division.number else f"{division.kind} “{division.title or ''}”"


def _in_section_order(sections: list[SectionPair], old_count: int) -> list[SectionPair]:
    """Depth first in the new version's tree; a removed division right after the counterpart
    of the last old division before it that has one."""
    counterpart = {pair.old[0].ordinal: pair.new[0].ordinal for pair in sections if pair.old and pair.new}
    last_new: dict[int, int] = {}
    latest = -1
    for ordinal in range(old_count):
        latest = counterpart.get(ordinal, latest)
        last_new[ordinal] = latest

    def key(pair: SectionPair) -> tuple[int, int, int]:
        if pair.new:
            return (pair.new[0].ordinal, int(pair.change is SectionChange.MERGED), pair.old[0].ordinal if pair.old else -1)
        return (last_new[pair.old[0].ordinal], 2, pair.old[0].ordinal)

    return sorted(sections, key=key)
