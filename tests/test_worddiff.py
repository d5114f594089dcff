"""The word diff: ops must rebuild both texts exactly, whatever the input, and mark no more than changed."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from constdiff import worddiff
from constdiff.model import DiffOp, DiffTag, WordDiff
from constdiff.profiles import fold_lookalikes
from constdiff.worddiff import (
    CPP_ENGINE,
    ENGINE_NAME,
    ENGINES,
    PYTHON_ENGINE,
    CodeBook,
    diff_tokenized,
    diff_words,
    edit_counts,
    similarity,
    tokenize,
    tokenized,
    word_count,
    word_counts,
)

EQUAL, DELETE, INSERT = DiffTag.EQUAL, DiffTag.DELETE, DiffTag.INSERT


def _changed(diff: WordDiff) -> tuple[int, int]:
    counts = word_counts(diff)
    return counts.deleted, counts.inserted

# Cyrillic, Kazakh letters, their Latin look-alikes (Latin "i", "a", "p"), numbers and separators.
PIECES = [
    "the", "state", "Республика", "Pеспублика", "бап", "і", "i", "ә", "ə", "а", "a", "94-2", "254-III", "3-1",
    " ", "  ", "\n", "\n\n", "\t", ",", ".", "-", "«", "»", "'",
]
PIECE_TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
WHITESPACE_TEXTS = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000", max_size=30)
REPETITIVE_TEXTS = st.lists(st.sampled_from(["a", " ", "a a", "\n"]), max_size=80).map("".join)
DISTINCT_WORDS = st.text(alphabet=st.characters(categories=["L", "Nd"]), min_size=1, max_size=6)
DISTINCT_WORD_TEXTS = st.lists(DISTINCT_WORDS, unique=True, max_size=120).map(" ".join)
TEXTS = st.one_of(st.text(), PIECE_TEXTS, WHITESPACE_TEXTS, REPETITIVE_TEXTS, DISTINCT_WORD_TEXTS)


@st.composite
def edited_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """A text and a copy with a few pieces replaced, dropped or added, so that the diff has equalities to find."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=80))
    edited = list(pieces)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(edited)))
        action = draw(st.sampled_from(["insert", "drop", "replace"]))
        if action == "insert" or at == len(edited):
            edited.insert(at, draw(st.sampled_from(PIECES)))
        elif action == "drop":
            del edited[at]
        else:
            edited[at] = draw(st.sampled_from(PIECES))
    return "".join(pieces), "".join(edited)


PAIRS = st.one_of(st.tuples(TEXTS, TEXTS), edited_pairs())


def rebuild(diff: WordDiff) -> tuple[str, str]:
    """Replay the ops: equal and deleted runs give the old text, equal and inserted runs the new one."""
    old: list[str] = []
    new: list[str] = []
    for op in diff.ops:
        if op.tag is not INSERT:
            old.extend(diff.old_tokens[op.old_start : op.old_end])
        if op.tag is not DELETE:
            new.extend(diff.new_tokens[op.new_start : op.new_end])
    return "".join(old), "".join(new)


def assert_well_formed(diff: WordDiff, old: str, new: str) -> None:
    assert (diff.old_tokens, diff.new_tokens) == (tokenize(old), tokenize(new))
    assert rebuild(diff) == (old, new)
    old_at = new_at = 0
    for op in diff.ops:
        assert (op.old_start, op.new_start) == (old_at, new_at), "ops must cover both sides contiguously"
        if op.tag is EQUAL:
            assert op.old_end > op.old_start
            old_run, new_run = diff.old_tokens[op.old_start : op.old_end], diff.new_tokens[op.new_start : op.new_end]
            assert [fold_lookalikes(token) for token in old_run] == [fold_lookalikes(token) for token in new_run]
        elif op.tag is DELETE:
            assert op.old_end > op.old_start and op.new_end == op.new_start
        else:
            assert op.new_end > op.new_start and op.old_end == op.old_start
        old_at, new_at = op.old_end, op.new_end
    assert (old_at, new_at) == (len(diff.old_tokens), len(diff.new_tokens))
    for left, right in pairwise(diff.ops):
        assert left.tag is not right.tag
        assert (left.tag, right.tag) != (INSERT, DELETE), "a deletion comes before its insertion"


def words(text: str) -> Iterator[str]:
    return (token for token in tokenize(text) if word_count([token]))


# --- tokenize ----------------------------------------------------------------


@given(st.text())
def test_tokenize_round_trips_and_keeps_whitespace_runs_whole(text: str) -> None:
    tokens = tokenize(text)
    assert "".join(tokens) == text
    assert all(tokens)
    assert not any(left.isspace() and right.isspace() for left, right in pairwise(tokens))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Law No. 254-III of 21.05.2007", ["Law", " ", "No", ".", " ", "254-III", " ", "of", " ", "21.05.2007"]),
        ("Article 83-1, 3/4 of votes.", ["Article", " ", "83-1", ",", " ", "3/4", " ", "of", " ", "votes", "."]),
        ("self-government; Kazakhstan's", ["self-government", ";", " ", "Kazakhstan's"]),
        ("«Қазақстан Республикасы» – ", ["«", "Қазақстан", " ", "Республикасы", "»", " ", "–", " "]),
        ("a--b 'q' 1.", ["a", "-", "-", "b", " ", "'", "q", "'", " ", "1", "."]),
        ("\n\n  Статья\t1", ["\n\n  ", "Статья", "\t", "1"]),
    ],
)
def test_tokenize_keeps_numbers_and_compounds_whole_and_splits_punctuation(text: str, expected: list[str]) -> None:
    assert list(tokenize(text)) == expected


def test_combining_marks_stay_inside_their_word() -> None:
    decomposed = "и\u0306ол"  # "йол" with й written as и + combining breve, as some PDFs extract it
    assert tokenize(f"{decomposed} हिन्दी") == (decomposed, " ", "हिन्दी")


# --- diff_words: properties ----------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=250, deadline=None)
@given(pair=PAIRS)
def test_ops_rebuild_both_texts_exactly(engine: str, pair: tuple[str, str]) -> None:
    old, new = pair
    assert_well_formed(diff_words(old, new, engine), old, new)


@pytest.mark.skipif(CPP_ENGINE not in ENGINES, reason="fast-diff-match-patch is not installed")
@settings(max_examples=250, deadline=None)
@given(pair=PAIRS)
def test_both_engines_give_the_same_ops(pair: tuple[str, str]) -> None:
    assert diff_words(*pair, engine=CPP_ENGINE) == diff_words(*pair, engine=PYTHON_ENGINE)


@settings(max_examples=150, deadline=None)
@given(pair=PAIRS)
def test_word_counts_add_up(pair: tuple[str, str]) -> None:
    old, new = pair
    diff = diff_words(old, new)
    counts = word_counts(diff)
    kept = sum(word_count(diff.old_tokens[op.old_start : op.old_end]) for op in diff.ops if op.tag is EQUAL)
    assert word_count(diff.old_tokens) == counts.old == kept + counts.deleted == len(list(words(old)))
    assert word_count(diff.new_tokens) == counts.new == kept + counts.inserted == len(list(words(new)))
    assert 0.0 <= similarity(diff) <= 1.0


@settings(max_examples=100, deadline=None)
@given(pair=edited_pairs())
def test_too_small_an_alphabet_falls_back_to_difflib(pair: tuple[str, str]) -> None:
    """More distinct shared tokens than code characters must still give exact ops, without calling the engine."""
    old, new = pair

    def no_engine(old_chars: str, new_chars: str) -> list[tuple[DiffTag, int]]:
        raise AssertionError("the engine must not see a text it cannot encode")

    assume(len(set(tokenize(old)) & set(tokenize(new))) > 2 and tokenize(old) != tokenize(new))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worddiff, "_code_chars", lambda end, limit: "\ue000\ue001\ue002\ue003")
        patch.setitem(ENGINES, ENGINE_NAME, no_engine)
        assert_well_formed(diff_words(old, new), old, new)


@settings(max_examples=150, deadline=None)
@given(pair=edited_pairs(), others=st.lists(PIECE_TEXTS, max_size=3), engine=st.sampled_from(sorted(ENGINES)))
def test_a_code_book_shared_by_several_texts_gives_the_ops_of_encoding_each_pair(
    pair: tuple[str, str], others: list[str], engine: str
) -> None:
    """A link encodes each paragraph once for all its candidate diffs: a key on one side only then has its own
    code character, not one shared by all such keys, and that must not move a single op."""
    texts = [tokenized(text) for text in (*others, *pair)]
    book = CodeBook(engine)
    codes = [book.encode(text.keys) for text in texts]
    old, new = texts[-2], texts[-1]
    assert codes[-2] is not None and codes[-1] is not None
    expected = diff_tokenized(old, new, engine)
    assert diff_tokenized(old, new, engine, codes=(codes[-2], codes[-1])) == expected
    assert edit_counts(expected, old.words) == word_counts(expected)


def test_a_full_code_book_leaves_the_pair_to_its_own_encoding() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worddiff, "_code_chars", lambda end, limit: "\ue000\ue001\ue002")
        book = CodeBook()
        assert book.encode(("a", " ", "b")) is not None
        assert book.encode(("c",)) is None


# --- diff_words: examples ------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_one_word_change_is_one_delete_and_one_insert(engine: str) -> None:
    diff = diff_words("Power belongs to the people.", "Power belongs to the nation.", engine)
    assert diff.ops == (
        DiffOp(EQUAL, 0, 8, 0, 8),
        DiffOp(DELETE, 8, 9, 8, 8),
        DiffOp(INSERT, 9, 9, 8, 9),
        DiffOp(EQUAL, 9, 10, 9, 10),
    )
    segments = [(EQUAL, "Power belongs to the "), (DELETE, "people"), (INSERT, "nation"), (EQUAL, ".")]
    assert list(diff.segments()) == segments
    assert _changed(diff) == (1, 1)
    assert similarity(diff) == 0.8


def test_identical_and_empty_texts() -> None:
    assert diff_words("Статья 1.", "Статья 1.").ops == (DiffOp(EQUAL, 0, 4, 0, 4),)
    assert diff_words("", "").ops == ()
    assert diff_words("", "Жаңа бап").ops == (DiffOp(INSERT, 0, 0, 0, 3),)
    assert diff_words("Old text", "").ops == (DiffOp(DELETE, 0, 3, 0, 0),)
    assert similarity(diff_words("", "")) == 1.0
    assert similarity(diff_words("", "Жаңа бап")) == 0.0
    assert _changed(diff_words("", "Жаңа бап")) == (0, 2)


def test_kazakh_and_cyrillic_change_with_latin_look_alikes() -> None:
    old = "Қазақстан Республикасы әлеуметтік мемлекет"
    new = "Қазақстан Pеспубликасы әлеуметтік мемлекет"  # Latin "P": a different word to the diff
    diff = diff_words(old, new)
    edits = [(tag, text) for tag, text in diff.segments() if tag is not EQUAL]
    assert edits == [(DELETE, "Республикасы"), (INSERT, "Pеспубликасы")]
    assert _changed(diff_words("мемлекет іс", "мемлекет is")) == (1, 1)  # Cyrillic і vs Latin i


def test_punctuation_change_changes_no_words() -> None:
    diff = diff_words("rights, freedoms", "rights; freedoms")
    assert [tag for tag, _ in diff.segments()] == [EQUAL, DELETE, INSERT, EQUAL]
    assert _changed(diff) == (0, 0)
    assert similarity(diff) == 1.0


def test_changed_number_is_one_replaced_word() -> None:
    diff = diff_words("Law No. 254-III of 21.05.2007", "Law No. 254-IV of 22.05.2007")
    assert _changed(diff) == (2, 2)
    assert [text for tag, text in diff.segments() if tag is DELETE] == ["254-III", "21.05.2007"]


@pytest.mark.parametrize("engine", ENGINES)
def test_semantic_cleanup_folds_a_lone_common_word_into_the_edit(engine: str) -> None:
    diff = diff_words("alpha beta gamma delta epsilon", "zeta eta gamma theta iota kappa", engine)
    assert [tag for tag, _ in diff.segments()] == [DELETE, INSERT]
    assert _changed(diff) == (5, 6)


@pytest.mark.parametrize("engine", ENGINES)
def test_long_text_with_scattered_changes_is_diffed_exactly(engine: str) -> None:
    """No time limit: three one-word changes in 8,000 distinct words are found as such.

    8,000 shared tokens also outnumber the 6,400 private-use characters of the BMP.
    """
    old_words = [f"w{i}" for i in range(8000)]
    new_words = list(old_words)
    for at in (10, 4000, 7990):
        new_words[at] = f"changed{at}"
    old, new = " ".join(old_words), " ".join(new_words)
    diff = diff_words(old, new, engine)
    assert_well_formed(diff, old, new)
    assert _changed(diff) == (3, 3)
    assert [text for tag, text in diff.segments() if tag is INSERT] == ["changed10", "changed4000", "changed7990"]


def test_many_distinct_tokens_with_every_other_word_dropped() -> None:
    old = " ".join(f"w{i}" for i in range(5000))
    new = " ".join(f"w{i}" for i in range(0, 5000, 2))
    diff = diff_words(old, new)
    assert_well_formed(diff, old, new)
    counts = word_counts(diff)
    assert counts.deleted - counts.inserted == 2500


def test_repetitive_text() -> None:
    old, new = "a a a a a a a a", "a a a b a a a a"
    diff = diff_words(old, new)
    assert_well_formed(diff, old, new)
    assert _changed(diff) == (1, 1)


def test_engine_runs_become_ops_whatever_their_order_or_emptiness() -> None:
    """Engines may emit empty runs, insert-before-delete or split equalities (the difflib fallback emits empty runs)."""
    runs = [(EQUAL, 2), (INSERT, 1), (EQUAL, 0), (DELETE, 0), (DELETE, 2), (EQUAL, 1), (EQUAL, 1), (DELETE, 0)]
    assert worddiff.ops_from_runs(runs) == (
        DiffOp(EQUAL, 0, 2, 0, 2),
        DiffOp(DELETE, 2, 4, 2, 2),
        DiffOp(INSERT, 4, 4, 2, 3),
        DiffOp(EQUAL, 4, 6, 3, 5),
    )


def test_look_alike_letters_do_not_make_a_word_different() -> None:
    diff = diff_words("Үкiмет шешiмi", "Үкімет шешімі")  # Latin i, then Cyrillic і
    assert [op.tag for op in diff.ops] == [DiffTag.EQUAL]
    assert diff.old_text() == "Үкiмет шешiмi" and diff.new_text() == "Үкімет шешімі"
