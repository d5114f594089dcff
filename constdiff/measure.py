"""Comparison figures, each with a written definition.

Readers mean different things by "84% of the text changed"; constdiff gives
several figures side by side and says exactly what each one counts.  Words
are counted in article text and the preamble; headings and editorial notes
are not text.
"""

from __future__ import annotations

from typing import Sequence

from constdiff.model import ArticleChange, ArticlePair, ArticleStatus, Document, Measure, SectionChange, SectionPair

# Old articles: "added" has no old side, so it never counts here.
SUBSTANTIVE = tuple(change for change in ArticleChange if change.substantive and change is not ArticleChange.ADDED)
TEXT_CHANGED = tuple(change for change in ArticleChange if change.changes_text and change is not ArticleChange.ADDED)


def measure(
    old: Document,
    new: Document,
    pairs: Sequence[ArticlePair],
    preamble: ArticlePair | None,
    sections: Sequence[SectionPair] = (),
) -> tuple[Measure, ...]:
    old_in_force = [a for a in old.articles() if a.status is ArticleStatus.IN_FORCE and a.paragraphs]
    new_articles = [a for a in new.articles() if a.paragraphs]
    live_pairs = [pair for pair in pairs if pair.counted]
    text_pairs = [*live_pairs, *([preamble] if preamble else [])]
    old_words = sum(pair.old_words for pair in text_pairs)
    new_words = sum(pair.new_words for pair in text_pairs)
    deleted = sum(pair.words_deleted for pair in text_pairs)
    inserted = sum(pair.words_inserted for pair in text_pairs)
    # Over text_pairs, as old_words is: an identical preamble is kept verbatim too, so that two
    # identical versions keep 100% of their text, not only their articles' share of it.
    verbatim = sum(
        pair.old_words
        for pair in text_pairs
        if not pair.change.changes_text and pair.words_deleted == 0
    )

    def old_articles_in(changes: tuple[ArticleChange, ...]) -> int:
        return sum(len(pair.old) for pair in live_pairs if pair.change in changes)

    def count(change: ArticleChange) -> int:
        side = "new" if change is ArticleChange.ADDED else "old"
        return sum(len(getattr(pair, side)) for pair in live_pairs if pair.change is change)

    top = [section for section in sections if section.place.level == 0]
    substantive = old_articles_in(SUBSTANTIVE)
    touched = old_articles_in(TEXT_CHANGED)
    # A repealed article the new version keeps as a placeholder is no new text.
    new_changed = [pair for pair in live_pairs if pair.new and pair.change.substantive and pair.change is not ArticleChange.REPEALED]
    new_changed_articles = sum(len(pair.new) for pair in new_changed)
    new_amended_articles = sum(len(pair.new) for pair in new_changed if pair.old)
    new_changed_words = sum(pair.new_words for pair in [*new_changed, *([preamble] if preamble and preamble.change.substantive else [])])
    return (
        Measure("old_articles", "Articles in force, old", len(old_in_force), "count",
                "Articles of the old version that have operative text (repealed articles excluded)."),
        Measure("new_articles", "Articles, new", len(new_articles), "count",
                "Articles of the new version that have operative text."),
        *(
            Measure(f"articles_{change.value}", f"Articles {change.value}", count(change), "count", change.definition)
            for change in _MEASURED_ORDER
        ),
        Measure("old_articles_changed_substantively", "Old articles changed in substance", substantive, "count",
                "Old articles in force that were amended, split, merged or repealed."),
        _share("old_articles_changed_substantively_pct", "Old articles changed in substance", substantive, len(old_in_force),
               "Old articles amended, split, merged or repealed (the articles touched), as a share of old articles in force."),
        _share("old_articles_text_changed_pct", "Old articles with any text change", touched, len(old_in_force),
               "Old articles whose wording changed at all (editorial changes included, renumbering alone not), "
               "as a share of old articles in force."),
        Measure("new_articles_changed", "New articles new or amended", new_changed_articles, "count",
                "Articles of the new version that are new or whose wording changed in substance (amended, or part "
                "of a split or merge): the articles an official summary of \"changes to N articles\" counts."),
        Measure("new_articles_amended", "New articles amended", new_amended_articles, "count",
                "Articles of the new version that come from old ones with their wording changed in substance "
                "(amended, or part of a split or merge); new articles not included."),
        _share("new_articles_changed_pct", "New articles new or amended", new_changed_articles, len(new_articles),
               "New articles that are new or amended (split and merged parts included), as a share of new articles."),
        Measure("old_words", "Words, old", old_words, "count",
                "Words of operative text in the old version: articles in force, and the preamble when both versions have one."),
        Measure("new_words", "Words, new", new_words, "count",
                "Words of operative text in the new version: articles, and the preamble when both versions have one."),
        _share("old_words_deleted_pct", "Old words deleted or replaced", deleted, old_words,
               "Old words that the word diff marks deleted (reworded, or in repealed articles), as a share of old words."),
        _share("new_words_inserted_pct", "New words inserted", inserted, new_words,
               "New words that the word diff marks inserted (rewording, or in added articles), as a share of new "
               "words: the share of the new text that is new or changed, word by word."),
        _share("new_words_in_changed_articles_pct", "New text in new or amended articles", new_changed_words, new_words,
               "Words of the new articles (and preamble) that are new or amended, split and merged parts included, "
               "as a share of new words: unchanged words inside an amended article count too."),
        _share("old_text_verbatim_pct", "Old text kept verbatim", verbatim, old_words,
               "Old words in articles (and the preamble) carried over with identical text (possibly renumbered or moved), "
               "as a share of old words."),
        Measure("old_sections", "Sections, old", len(old.top_divisions()), "count",
                "Top-level divisions of the old version (the sections an official summary counts)."),
        Measure("new_sections", "Sections, new", len(new.top_divisions()), "count",
                "Top-level divisions of the new version (the sections an official summary counts)."),
        *(
            Measure(f"sections_{change.value}", f"Sections {change.value}", sum(s.change is change for s in top), "count",
                    f"Top-level division correspondences classified {change.value} in the section map.")
            for change in SectionChange
        ),
        Measure("old_divisions", "Divisions, old", len(old.divisions()), "count", "Divisions of the old version, at every level."),
        Measure("new_divisions", "Divisions, new", len(new.divisions()), "count", "Divisions of the new version, at every level."),
        Measure("divisions_changed", "Divisions changed", sum(s.change is not SectionChange.UNCHANGED for s in sections), "count",
                "Division correspondences at every level (sub-divisions included) not classified unchanged."),
    )


# Old-side classes first, then the one class counted on the new side.
_MEASURED_ORDER = (*(change for change in ArticleChange if change is not ArticleChange.ADDED), ArticleChange.ADDED)


def _share(key: str, label: str, part: int, whole: int, definition: str) -> Measure:
    """A percentage that keeps the counts it was made of (0 when there is nothing to share)."""
    value = round(100.0 * part / whole, 1) if whole else 0.0
    return Measure(key, label, value, "percent", definition, numerator=part, denominator=whole)
