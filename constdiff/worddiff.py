"""Word-level diff inside one aligned pair, with diff-match-patch.

Character diffs of whole constitutions either time out into useless output
(diff-match-patch's default 1 s limit) or run for minutes; so each aligned
pair is diffed on its own, on word tokens: every distinct token is mapped to
one character, the character strings are diffed with no time limit, and the
result is cleaned up semantically (no "the" islands between edits).

The C++ build (``fast-diff-match-patch``, the ``fast`` extra) is used when
installed; the pure-Python package gives the same edits, more slowly.
"""

from __future__ import annotations

import re
from typing import Iterable

from constdiff.model import DiffOp, DiffTag, WordDiff

try:
    import fast_diff_match_patch as _fast

    ENGINE_NAME = "fast-diff-match-patch (C++)"
except ImportError:  # pragma: no cover - depends on the installed extras
    _fast = None
    ENGINE_NAME = "diff-match-patch (Python)"

_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*|\s+|[^\w\s]", re.UNICODE)
_TAGS = {"=": DiffTag.EQUAL, "-": DiffTag.DELETE, "+": DiffTag.INSERT}
_FIRST_CODE = 0x100
_SURROGATES = range(0xD800, 0xE000)


def tokenize(text: str) -> tuple[str, ...]:
    """Words (hyphenated compounds and numbers like "254-III" stay whole), whitespace runs, single marks.

    >>> tokenize("Article 94-2, in force.")
    ('Article', ' ', '94-2', ',', ' ', 'in', ' ', 'force', '.')
    """
    return tuple(_TOKEN.findall(text))


def is_word(token: str) -> bool:
    return token[:1].isalnum() or token[:1] == "_"


def word_count(tokens: Iterable[str]) -> int:
    return sum(1 for token in tokens if is_word(token))


def diff_words(old: str, new: str) -> WordDiff:
    """Ops that rebuild both texts exactly, deletions before insertions.

    >>> [op.tag.value for op in diff_words("the state is secular", "the state is social").ops]
    ['equal', 'delete', 'insert']
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    if old_tokens == new_tokens:
        ops = (DiffOp(DiffTag.EQUAL, 0, len(old_tokens), 0, len(new_tokens)),) if old_tokens else ()
        return WordDiff(old_tokens, new_tokens, ops)
    codes: dict[str, str] = {}
    old_chars, new_chars = _encode(old_tokens, codes), _encode(new_tokens, codes)
    return WordDiff(old_tokens, new_tokens, tuple(_ops(_char_diff(old_chars, new_chars))))


def _encode(tokens: tuple[str, ...], codes: dict[str, str]) -> str:
    chars = []
    for token in tokens:
        if token not in codes:
            code = _FIRST_CODE + len(codes)
            if code >= _SURROGATES.start:
                code += len(_SURROGATES)
            codes[token] = chr(code)
        chars.append(codes[token])
    return "".join(chars)


def _char_diff(old: str, new: str) -> list[tuple[str, int]]:
    if _fast is not None:
        return _fast.diff(old, new, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True)
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    diffs = engine.diff_main(old, new, False)
    engine.diff_cleanupSemantic(diffs)
    symbols = {0: "=", -1: "-", 1: "+"}
    return [(symbols[op], len(text)) for op, text in diffs]


def _ops(runs: list[tuple[str, int]]) -> list[DiffOp]:
    """Token-index ops; a run of edits between two equal runs becomes one delete then one insert."""
    ops: list[DiffOp] = []
    old_at = new_at = 0
    deleted = inserted = 0

    def flush() -> None:
        nonlocal deleted, inserted
        if deleted:
            ops.append(DiffOp(DiffTag.DELETE, old_at - deleted, old_at, new_at - inserted, new_at - inserted))
        if inserted:
            ops.append(DiffOp(DiffTag.INSERT, old_at, old_at, new_at - inserted, new_at))
        deleted = inserted = 0

    for symbol, length in runs:
        if not length:
            continue
        tag = _TAGS[symbol]
        if tag is DiffTag.EQUAL:
            flush()
            ops.append(DiffOp(DiffTag.EQUAL, old_at, old_at + length, new_at, new_at + length))
            old_at += length
            new_at += length
        elif tag is DiffTag.DELETE:
            deleted += length
            old_at += length
        else:
            inserted += length
            new_at += length
    flush()
    return ops


def changed_word_counts(diff: WordDiff) -> tuple[int, int]:
    """Words deleted and inserted (whitespace and punctuation are not words)."""
    deleted = sum(word_count(diff.old_tokens[op.old_start : op.old_end]) for op in diff.ops if op.tag is DiffTag.DELETE)
    inserted = sum(word_count(diff.new_tokens[op.new_start : op.new_end]) for op in diff.ops if op.tag is DiffTag.INSERT)
    return deleted, inserted


def similarity(diff: WordDiff) -> float:
    """Share of words kept: 2 × equal words / (old words + new words); 1.0 for two empty texts."""
    equal = sum(word_count(diff.old_tokens[op.old_start : op.old_end]) for op in diff.ops if op.tag is DiffTag.EQUAL)
    total = word_count(diff.old_tokens) + word_count(diff.new_tokens)
    return 2 * equal / total if total else 1.0
