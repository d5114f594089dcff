"""The word diff: ops must rebuild both texts exactly, whatever the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from constdiff.model import DiffTag, WordDiff
from constdiff.worddiff import changed_word_counts, diff_words, similarity, tokenize

WORDS = st.sampled_from(["the", "state", "Республика", "бап", "94-2", "254-III", " ", "  ", "\n", ",", ".", "і", "i", "ә", "ə"])
TEXTS = st.one_of(st.text(), st.lists(WORDS, max_size=60).map("".join))


def rebuild(diff: WordDiff) -> tuple[str, str]:
    old, new = [], []
    for op in diff.ops:
        if op.tag is not DiffTag.INSERT:
            old.extend(diff.old_tokens[op.old_start : op.old_end])
        if op.tag is not DiffTag.DELETE:
            new.extend(diff.new_tokens[op.new_start : op.new_end])
    return "".join(old), "".join(new)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_ops_rebuild_both_texts(old: str, new: str) -> None:
    diff = diff_words(old, new)
    assert rebuild(diff) == (old, new)
    assert all(op.old_end > op.old_start or op.new_end > op.new_start for op in diff.ops)
    assert all(left.tag is not right.tag for left, right in zip(diff.ops, diff.ops[1:]))
    positions = [(op.old_start, op.new_start, op.old_end, op.new_end) for op in diff.ops]
    assert all(a[2] == b[0] and a[3] == b[1] for a, b in zip(positions, positions[1:]))


@given(st.text())
def test_tokenize_round_trips(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_one_word_change_is_one_delete_and_one_insert() -> None:
    diff = diff_words("Power belongs to the people.", "Power belongs to the nation.")
    assert [op.tag for op in diff.ops] == [DiffTag.EQUAL, DiffTag.DELETE, DiffTag.INSERT, DiffTag.EQUAL]
    assert changed_word_counts(diff) == (1, 1)
    assert similarity(diff) == 0.8


def test_identical_and_empty_texts() -> None:
    assert [op.tag for op in diff_words("Статья 1.", "Статья 1.").ops] == [DiffTag.EQUAL]
    assert diff_words("", "").ops == ()
    assert similarity(diff_words("", "")) == 1.0
    assert changed_word_counts(diff_words("", "Жаңа бап")) == (0, 2)


def test_numbers_with_hyphens_are_single_words() -> None:
    assert changed_word_counts(diff_words("Law No. 254-III", "Law No. 254-IV")) == (1, 1)


def test_many_distinct_tokens() -> None:
    old = " ".join(f"w{i}" for i in range(5000))
    new = " ".join(f"w{i}" for i in range(0, 5000, 2))
    diff = diff_words(old, new)
    assert rebuild(diff) == (old, new)
    deleted, inserted = changed_word_counts(diff)
    assert deleted - inserted == 2500
