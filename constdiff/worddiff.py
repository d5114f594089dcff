"""Word-level diff inside one aligned pair, with diff-match-patch on word tokens.

Every token shared by both texts becomes one character (the "linesToChars"
trick, for words), so a character diff of the two strings is a word diff that
can never cut a word in half.  The diff runs with no time limit: the default
1 s limit silently returns a coarse diff on long texts.  A semantic cleanup
then folds the chaff of one-word coincidences into larger edits.

The C++ engine (``fast-diff-match-patch``, the ``fast`` extra) is used when
installed; the pure-Python ``diff-match-patch`` gives the same ops, many
times more slowly (``bench/worddiff_engines.py``).
"""

from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from itertools import accumulate, islice, repeat

from diff_match_patch import diff_match_patch

from constdiff.model import DiffOp, DiffTag, WordCounts, WordDiff
from constdiff.profiles import fold_lookalikes

EQUAL, DELETE, INSERT = DiffTag.EQUAL, DiffTag.DELETE, DiffTag.INSERT
"""The tags as module names: Python 3.11 looks an Enum member up on its class about six times
more slowly than a global, and the diff loops test a tag per run."""

PYTHON_ENGINE = "diff-match-patch (Python)"
CPP_ENGINE = "fast-diff-match-patch (C++)"

_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0
_DMP_TAGS = {
    diff_match_patch.DIFF_EQUAL: EQUAL,
    diff_match_patch.DIFF_DELETE: DELETE,
    diff_match_patch.DIFF_INSERT: INSERT,
}


_WORD_INNER_CATEGORIES = frozenset({"Mn", "Mc", "Me", "Cf"})
# Marks are neither word characters nor spaces, and none is ASCII: all other characters are skipped fast.
_MARK_CANDIDATES = re.compile(r"[^\w\s\x00-\x7f]")
_JOINER = r"(?:[-\u2010\u2011'\u2019]|(?<=\d)[./](?=\d))"


class _TokenPatterns:
    """The token pattern, with the combining marks and format characters met so far inside words.

    Python's ``\\w`` leaves marks out: without them "й" written as и + U+0306, a Hindi
    word or a soft hyphen would split one word into several.  Scanning all of Unicode
    for marks costs ~40 ms at every start-up, so only the characters of the texts seen
    are classified; a pattern listing the marks of the text at hand tokenises that text
    exactly as one listing every mark would.
    """

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.marks: set[str] = set()
        self.pattern = self._compile()

    def for_text(self, text: str) -> re.Pattern[str]:
        if text.isascii():  # no marks in ASCII, and Python knows a string is ASCII without looking
            return self.pattern
        unseen = set(_MARK_CANDIDATES.findall(text)).difference(self.seen)
        if unseen:
            self.seen |= unseen
            marks = {char for char in unseen if unicodedata.category(char) in _WORD_INNER_CATEGORIES}
            if marks:
                self.marks |= marks
                self.pattern = self._compile()
        return self.pattern

    def _compile(self) -> re.Pattern[str]:
        marks = "".join(re.escape(mark) for mark in sorted(self.marks))
        word_part = rf"\w[\w{marks}]*"
        return re.compile(rf"{word_part}(?:{_JOINER}{word_part})*|\s+|.", re.DOTALL)


_TOKEN_PATTERNS = _TokenPatterns()


def tokenize(text: str) -> tuple[str, ...]:
    """Words, whitespace runs and single other characters; ``"".join`` gives the text back.

    Each distinct token is one string object (``sys.intern``): a long code repeats a few
    thousand words millions of times, and a separate string per occurrence was most of a
    comparison's memory.

    A word may hold hyphens and apostrophes between its parts, and dots or
    slashes between digits: "254-III", "3-1", "21.05.2007" and "self-government"
    are one unit for a reader, so a changed number or compound shows as one
    replaced word, and counts agree with whitespace-separated words.

    >>> tokenize("Article 94-2, of 21.05.2007.")
    ('Article', ' ', '94-2', ',', ' ', 'of', ' ', '21.05.2007', '.')
    """
    return tuple(map(sys.intern, _TOKEN_PATTERNS.for_text(text).findall(text)))


def _python_diff(old: str, new: str) -> list[tuple[DiffTag, int]]:
    diffs = _DMP.diff_main(old, new, False)
    _DMP.diff_cleanupSemantic(diffs)
    return [(_DMP_TAGS[op], len(text)) for op, text in diffs]


CharDiff = Callable[[str, str], list[tuple[DiffTag, int]]]
ENGINES: dict[str, CharDiff] = {PYTHON_ENGINE: _python_diff}
_ALPHABET_ENDS: dict[str, int] = {PYTHON_ENGINE: sys.maxunicode + 1}

try:
    import fast_diff_match_patch
except ImportError:  # pragma: no cover - depends on the installed extras
    ENGINE_NAME = PYTHON_ENGINE
else:
    _FAST_TAGS = {"=": EQUAL, "-": DELETE, "+": INSERT}

    def _cpp_diff(old: str, new: str) -> list[tuple[DiffTag, int]]:
        diffs = fast_diff_match_patch.diff(old, new, timelimit=0, checklines=False, cleanup="Semantic", counts_only=True)
        return [(_FAST_TAGS[op], length) for op, length in diffs]

    ENGINES[CPP_ENGINE] = _cpp_diff
    # The Windows build takes UTF-16 and rejects characters beyond the BMP.
    _ALPHABET_ENDS[CPP_ENGINE] = 0x10000 if sys.platform == "win32" else sys.maxunicode + 1
    ENGINE_NAME = CPP_ENGINE


def diff_words(old: str, new: str, engine: str = ENGINE_NAME) -> WordDiff:
    """Ops that rebuild both texts exactly; within a changed run, the deletion comes first.

    ``engine`` names one of ``ENGINES``; the benchmark and the tests pick it,
    everyone else keeps the default (the C++ engine when installed).

    >>> [op.tag.value for op in diff_words("the state is secular", "the state is social").ops]
    ['equal', 'delete', 'insert']
    """
    old_tokens = tokenized(old)
    return diff_tokenized(old_tokens, old_tokens if new == old else tokenized(new), engine)


class Tokenized:
    """A text's tokens, the keys they are compared by (``tokenized``), and its word count, made
    once: a paragraph takes part in a diff per candidate partner, and each counts its words."""

    __slots__ = ("tokens", "keys", "_words")

    def __init__(self, tokens: tuple[str, ...], keys: tuple[str, ...]) -> None:
        self.tokens, self.keys = tokens, keys
        self._words = -1

    @property
    def words(self) -> int:
        """``word_count(tokens)``."""
        if self._words < 0:
            self._words = word_count(self.tokens)
        return self._words


def diff_tokenized(old: Tokenized, new: Tokenized, engine: str = ENGINE_NAME, codes: tuple[str, str] | None = None) -> WordDiff:
    """``diff_words`` of texts tokenised already: a caller diffing one text against several
    tokenises it once.  ``codes`` are both texts' keys encoded by one ``CodeBook``, if the caller
    has them; else the keys are encoded for this pair."""
    old_tokens, new_tokens = old.tokens, new.tokens
    if old_tokens == new_tokens:
        ops = (DiffOp(EQUAL, 0, len(old_tokens), 0, len(new_tokens)),) if old_tokens else ()
        return WordDiff(old_tokens, new_tokens, ops)
    if not old_tokens or not new_tokens:  # one side only: nothing to look for
        return WordDiff(old_tokens, new_tokens, ops_from_runs([(DELETE, len(old_tokens)), (INSERT, len(new_tokens))]))
    encoded = codes or _encode(old.keys, new.keys, _ALPHABET_ENDS[engine])
    runs = ENGINES[engine](*encoded) if encoded else _difflib_runs(old.keys, new.keys)
    return WordDiff(old_tokens, new_tokens, ops_from_runs(runs))


def tokenized(text: str) -> Tokenized:
    """The text's tokens, and the tokens as compared: look-alike letters folded (Latin i in a
    Kazakh word is the same word).

    Such words are equal in the diff and the measures; the article's status still says
    "editorial" because its text is not identical.  Folding maps letters to letters, so
    the folded text splits into tokens at the same places: it is tokenised once, and the
    text is cut where its tokens end.
    """
    folded = fold_lookalikes(text)
    keys = tokenize(folded)
    if folded == text:
        return Tokenized(keys, keys)
    ends = list(accumulate(map(len, keys)))
    return Tokenized(tuple(map(sys.intern, map(text.__getitem__, map(slice, [0, *ends], ends)))), keys)


_PRIVATE_USE = ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE))
_OTHER_CODES = ((0x100, 0xD800), (0xF900, 0xF0000))


_SMALL_ALPHABET = 6402  # the private-use block of the BMP and two more: enough for almost every article


@lru_cache(maxsize=None)
def _code_chars(end: int, limit: int) -> str:
    """Up to ``limit`` characters that the semantic cleanup scores alike (neither alphanumeric nor space).

    The cleanup slides edits towards word and line boundaries judged by the
    characters beside them; on code characters that judgement is noise, and the
    C++ engine makes it with the locale's ``iswalnum``.  Private-use characters
    are neither letters nor spaces for Python and every C library locale, so the
    two engines place edits alike, and they come first.
    """
    codes = (code for start, stop in _PRIVATE_USE + _OTHER_CODES for code in range(start, min(stop, end)))
    return "".join(islice((char for char in map(chr, codes) if not (char.isalnum() or char.isspace())), limit))


def _encode(old_tokens: Sequence[str], new_tokens: Sequence[str], alphabet_end: int) -> tuple[str, str] | None:
    """One character per token shared by both sides, or None when the alphabet is too small.

    A token found on one side only can never be part of an equality, so all
    such tokens of a side share one character: only shared tokens use up the
    alphabet (about 978,000 characters; 13,600 for the Windows C++ build).
    """
    new_distinct = frozenset(new_tokens)
    shared = [token for token in dict.fromkeys(old_tokens) if token in new_distinct]
    needed = len(shared) + 2
    alphabet = _code_chars(alphabet_end, _SMALL_ALPHABET if needed <= _SMALL_ALPHABET else sys.maxsize)
    if needed > len(alphabet):
        return None
    old_only, new_only = alphabet[0], alphabet[1]
    codes = dict(zip(shared, alphabet[2:]))
    old_chars = "".join(map(codes.get, old_tokens, repeat(old_only)))
    return old_chars, "".join(map(codes.get, new_tokens, repeat(new_only)))


class CodeBook:
    """One code character per distinct key of the texts encoded so far (one link's paragraphs), so
    a text diffed against several others is encoded once, not once per diff.

    The diff depends only on which tokens of one side equal which of the other, and on the
    code characters scoring alike in the semantic cleanup: a key found on one side only never
    equals anything across, with its own character as with ``_encode``'s shared one, so the
    ops are ``_encode``'s.
    """

    def __init__(self, engine: str = ENGINE_NAME) -> None:
        self._end = _ALPHABET_ENDS[engine]
        self._alphabet = _code_chars(self._end, _SMALL_ALPHABET)
        self._codes: dict[str, str] = {}

    def encode(self, keys: Sequence[str]) -> str | None:
        """The keys as code characters; None once the texts hold more distinct keys than the
        alphabet has characters (``diff_tokenized`` then encodes the pair by itself)."""
        codes = self._codes
        if not codes.keys() >= set(keys):
            unseen = [key for key in dict.fromkeys(keys) if key not in codes]
            needed = len(codes) + len(unseen)
            if needed > len(self._alphabet):
                self._alphabet = _code_chars(self._end, sys.maxsize)  # the small alphabet is its prefix
                if needed > len(self._alphabet):
                    return None
            codes.update(zip(unseen, self._alphabet[len(codes) : needed]))
        return "".join(map(codes.__getitem__, keys))


def edit_counts(diff: WordDiff, old_words: int) -> WordCounts:
    """``word_counts(diff)`` when the old text's word count is known: only the edits are counted."""
    deleted = inserted = 0
    for op in diff.ops:
        if op.tag is DELETE:
            deleted += word_count(diff.old_tokens[op.old_start : op.old_end])
        elif op.tag is INSERT:
            inserted += word_count(diff.new_tokens[op.new_start : op.new_end])
    kept = old_words - deleted
    return WordCounts(old=old_words, new=kept + inserted, deleted=deleted, inserted=inserted)


def _difflib_runs(old_tokens: Sequence[str], new_tokens: Sequence[str]) -> list[tuple[DiffTag, int]]:
    """Fallback for more distinct shared tokens than characters: correct, without semantic cleanup."""
    runs: list[tuple[DiffTag, int]] = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for opcode, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if opcode == "equal":
            runs.append((EQUAL, old_end - old_start))
        else:
            runs += [(DELETE, old_end - old_start), (INSERT, new_end - new_start)]
    return runs


def ops_from_runs(runs: Iterable[tuple[DiffTag, int]]) -> tuple[DiffOp, ...]:
    """Token-index ops: the edits between two equalities become one delete, then one insert; empty runs vanish.

    Adjacent equal runs are added up before their op is made: a link's flat diff joins
    hundreds of runs, and one op per equality is all it keeps.
    """
    ops: list[DiffOp] = []
    old_at = new_at = equal = deleted = inserted = 0
    for tag, length in runs:
        if not length:
            continue
        if tag is EQUAL:
            if deleted or inserted:
                _add_edits(ops, old_at, new_at, deleted, inserted)
                old_at, new_at, deleted, inserted = old_at + deleted, new_at + inserted, 0, 0
            equal += length
            continue
        if equal:
            ops.append(DiffOp(EQUAL, old_at, old_at + equal, new_at, new_at + equal))
            old_at, new_at, equal = old_at + equal, new_at + equal, 0
        if tag is DELETE:
            deleted += length
        else:
            inserted += length
    if equal:
        ops.append(DiffOp(EQUAL, old_at, old_at + equal, new_at, new_at + equal))
    _add_edits(ops, old_at, new_at, deleted, inserted)
    return tuple(ops)


def _add_edits(ops: list[DiffOp], old_at: int, new_at: int, deleted: int, inserted: int) -> None:
    """The edits of one changed stretch: its deletion, then its insertion."""
    if deleted:
        ops.append(DiffOp(DELETE, old_at, old_at + deleted, new_at, new_at))
    if inserted:
        ops.append(DiffOp(INSERT, old_at + deleted, old_at + deleted, new_at, new_at + inserted))


is_word = re.compile(r"\w").match
"""A token is a word when it starts with a letter or digit (whitespace and punctuation are not)."""


# Distinct tokens whose wordness is remembered; beyond this many (a long-running process
# comparing many codes) the memory starts afresh.
_WORD_FLAGS_LIMIT = 1 << 20


class _WordFlags(dict[str, int]):
    """1 for a token that is a word, 0 for one that is not: a dictionary look-up per token is
    five times cheaper than matching ``is_word``, and texts repeat their tokens."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _WORD_FLAGS_LIMIT:
            self.clear()
        flag = self[token] = 1 if is_word(token) else 0
        return flag


_WORD_FLAGS = _WordFlags()
word_flag: Callable[[str], int] = _WORD_FLAGS.__getitem__
"""1 if the token is a word (``is_word``), else 0, looked up."""


def word_count(tokens: Iterable[str]) -> int:
    """Tokens that are words: whitespace and punctuation do not count as changed or kept words."""
    return sum(map(word_flag, tokens))


def count_words(text: str) -> int:
    """Words of a text as every figure counts them: its tokens that start with a letter or digit.

    >>> count_words("Article 3-1. Power belongs to the people — all of it.")
    10
    """
    return word_count(tokenize(text))


_COUNTED: ContextVar[dict[int, tuple[WordDiff, WordCounts]] | None] = ContextVar("constdiff_word_counts", default=None)


@contextmanager
def counting_once() -> Iterator[None]:
    """Inside the block, a diff's word counts are made once: the steps of a history share the
    redline of every article they keep, and each step classifies and measures it again.
    (By the diff's identity, the diff held with its counts so that identity stays its own.)"""
    token = _COUNTED.set({})
    try:
        yield
    finally:
        _COUNTED.reset(token)


def word_counts(diff: WordDiff) -> WordCounts:
    """Words of both texts and words changed, counting each token once: the new text's
    equal stretches are the old text's, so only its insertions are counted."""
    counted = _COUNTED.get()
    if counted is None:
        return _word_counts(diff)
    found = counted.get(id(diff))
    if found is None or found[0] is not diff:
        found = counted[id(diff)] = (diff, _word_counts(diff))
    return found[1]


def _word_counts(diff: WordDiff) -> WordCounts:
    """The ops cover the old tokens, so their words are counted in one pass, and only the edits op by op."""
    return edit_counts(diff, word_count(diff.old_tokens))


def similarity(diff: WordDiff) -> float:
    """Share of words kept: 2 × equal words / (old words + new words); 1.0 when neither side has words.

    >>> similarity(diff_words("Power belongs to the people.", "Power belongs to the nation."))
    0.8
    """
    counts = word_counts(diff)
    return kept_share(counts.old, counts.new, counts.deleted)


def kept_share(old_words: int, new_words: int, deleted: int) -> float:
    """``similarity`` from counts a caller already has."""
    total = old_words + new_words
    return 2 * (old_words - deleted) / total if total else 1.0
