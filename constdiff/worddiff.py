"""TEMPORARY stub until the real word differ lands (difflib-based)."""
from __future__ import annotations
import difflib, re
from constdiff.model import DiffOp, DiffTag, WordDiff
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
ENGINE_NAME = "difflib-stub"
def tokenize(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text))
def diff_words(old: str, new: str) -> WordDiff:
    a, b = tokenize(old), tokenize(new)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(DiffOp(DiffTag.EQUAL, i1, i2, j1, j2))
        else:
            if i2 > i1: ops.append(DiffOp(DiffTag.DELETE, i1, i2, j1, j1))
            if j2 > j1: ops.append(DiffOp(DiffTag.INSERT, i2, i2, j1, j2))
    return WordDiff(a, b, tuple(ops))
def _is_word(t): return t[:1].isalnum() or t[:1] == "_"
def changed_word_counts(diff):
    d = sum(1 for op in diff.ops if op.tag is DiffTag.DELETE for t in diff.old_tokens[op.old_start:op.old_end] if _is_word(t))
    i = sum(1 for op in diff.ops if op.tag is DiffTag.INSERT for t in diff.new_tokens[op.new_start:op.new_end] if _is_word(t))
    return d, i
def similarity(diff):
    eq = sum(1 for op in diff.ops if op.tag is DiffTag.EQUAL for t in diff.old_tokens[op.old_start:op.old_end] if _is_word(t))
    total = sum(1 for t in diff.old_tokens if _is_word(t)) + sum(1 for t in diff.new_tokens if _is_word(t))
    return 2*eq/total if total else 1.0
