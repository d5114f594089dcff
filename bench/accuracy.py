"""Accuracy of constdiff on consecutive versions: what an amending act amended, inserted and repealed.

    python bench/accuracy.py                 # corpus pairs and generated pairs up to 10,000 articles
    python bench/accuracy.py --quick         # generated pairs of 150 and 1,000 articles only
    python bench/accuracy.py --json FILE     # also write every figure as JSON
    python bench/accuracy.py --errors 10     # also list up to 10 wrong items per pair

For every pair of versions two things are scored against a truth, each as precision, recall
and F1 (definitions in bench/README.md):

* the **sets**: old numbers amended, new numbers inserted, old numbers repealed
  (``change_sets`` maps constdiff's ``Comparison`` to them);
* the **pairs**: the article correspondences (old numbers, new numbers), each article in one.

Every row has constdiff's figures and, computed in the same run from the same parsed
documents, the figures of a numbers-only baseline (``number_keyed``): articles keyed by
number, a body that differs after collapsing whitespace is amended.

Groups: every consecutive pair of ``../shared/corpus/cz/ustava-*.md``, ``es/constitucion-*.md``
and ``ch/bv-*.md`` (truth: the number-keyed body comparison that each folder's README
describes, recomputed here from the texts with the README's own heading pattern); the Kazakh
1995 → 2026 pairs in Russian (no truth: counts only); and pairs made by
``bench/generate.py``'s amendment mode (truth: the generator's).  A pair whose language has
no profile yet, or that does not parse, is shown as such and the run goes on.  The run ends
with a PASS/FAIL line per goal of issue 11.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import GeneratedPair, generate_amendment_pair  # noqa: E402
from constdiff.errors import ConstdiffError, ProfileError  # noqa: E402
from constdiff.model import ArticleChange, ArticlePair, ArticleStatus, Comparison, Document, number_sort_key  # noqa: E402
from constdiff.pipeline import compare, read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"

# The goals of issue 11 that this bench checks.
CORPUS_F1_GOAL = 0.99  # sets F1, micro-averaged over every cz and es pair
GENERATED_PAIR_GOAL = 0.99  # pair precision and recall over the generated amendment pairs

PairKey = tuple[frozenset[str], frozenset[str]]


# --- what is scored ----------------------------------------------------------------


@dataclass(frozen=True)
class ChangeSets:
    """By number: old articles amended, new articles inserted, old articles repealed."""

    amended: frozenset[str] = frozenset()
    inserted: frozenset[str] = frozenset()
    repealed: frozenset[str] = frozenset()

    def items(self) -> set[tuple[str, str]]:
        """Each number labelled with its set, so one number in the wrong set counts as wrong."""
        return (
            {("amended", number) for number in self.amended}
            | {("inserted", number) for number in self.inserted}
            | {("repealed", number) for number in self.repealed}
        )

    def renamed(self, old_key: Callable[[str], str], new_key: Callable[[str], str]) -> ChangeSets:
        return ChangeSets(
            frozenset(map(old_key, self.amended)), frozenset(map(new_key, self.inserted)), frozenset(map(old_key, self.repealed))
        )

    def counts(self) -> str:
        return f"{len(self.amended)}/{len(self.inserted)}/{len(self.repealed)}"


@dataclass(frozen=True)
class Figures:
    """Precision, recall and F1 from counts; figures of several pairs add up (micro-average)."""

    correct: int = 0
    reported: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.reported if self.reported else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else (1.0 if not self.reported else 0.0)

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.correct + other.correct, self.reported + other.reported, self.expected + other.expected)

    def text(self) -> str:
        return f"{self.precision:.2f} {self.recall:.2f} {self.f1:.2f}"

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def figures(reported: Iterable[object], expected: Iterable[object]) -> Figures:
    reported, expected = set(reported), set(expected)
    return Figures(len(reported & expected), len(reported), len(expected))


# --- constdiff's answer, the baseline's answer ----------------------------------------


def change_sets(comparison: Comparison) -> ChangeSets:
    """The numbers constdiff says were amended, inserted and repealed (the sets of bench/README.md).

    Only articles in force count: a placeholder ("Article 74a (repealed)", the parser's
    ``ArticleStatus.REPEALED``) is neither inserted nor amended, so an article repealed
    before the old version and still repealed counts nowhere.  Per pair:

    * a repealed pair, or no article in force on the new side (the new side is a
      placeholder): the old articles in force are **repealed**;
    * an added pair, or no article in force on the old side (a number re-used after a
      repeal): the new articles in force are **inserted**;
    * otherwise the old articles continue: each old article whose number is also on the new
      side continues under it, or else the first old article continues in the first new one.
      A continuing old article is **amended** when the pair is a split or merge or its text
      changed (``pair.text_changed``, or the class is amended or editorial; a move with
      identical text is not a change).  The other new members of a split are **inserted**,
      the other old members of a merge **repealed**.
    """
    old_articles, new_articles = comparison.old.articles(), comparison.new.articles()
    amended: set[str] = set()
    inserted: set[str] = set()
    repealed: set[str] = set()
    for pair in comparison.articles:
        olds = [ref.number for ref in pair.old if old_articles[ref.ordinal].status is ArticleStatus.IN_FORCE]
        news = [ref.number for ref in pair.new if new_articles[ref.ordinal].status is ArticleStatus.IN_FORCE]
        if pair.change is ArticleChange.REPEALED or not news:
            repealed.update(olds)
            continue
        if pair.change is ArticleChange.ADDED or not olds:
            inserted.update(news)
            continue
        continuing = [number for number in olds if number in news] or olds[:1]
        partners = [number for number in news if number in olds] or news[:1]
        repealed.update(number for number in olds if number not in continuing)
        inserted.update(number for number in news if number not in partners)
        if len(pair.old) + len(pair.new) > 2 or _text_changed(pair):
            amended.update(continuing)
    return ChangeSets(frozenset(amended), frozenset(inserted), frozenset(repealed))


def _text_changed(pair: ArticlePair) -> bool:
    return pair.text_changed or pair.change in (ArticleChange.AMENDED, ArticleChange.EDITORIAL)


def pair_keys(comparison: Comparison) -> dict[PairKey, str]:
    """constdiff's correspondences, (old numbers, new numbers) → class, one per ``ArticlePair``."""
    return {(frozenset(pair.old_numbers), frozenset(pair.new_numbers)): pair.change.value for pair in comparison.articles}


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def number_keyed(old_bodies: dict[str, str], new_bodies: dict[str, str]) -> tuple[ChangeSets, dict[PairKey, str]]:
    """Sets and pairs by number alone: same number and a different body (whitespace collapsed)
    is amended, a number only in the old version repealed, only in the new one inserted."""
    sets = ChangeSets(
        amended=frozenset(n for n in old_bodies if n in new_bodies and _collapsed(old_bodies[n]) != _collapsed(new_bodies[n])),
        inserted=frozenset(n for n in new_bodies if n not in old_bodies),
        repealed=frozenset(n for n in old_bodies if n not in new_bodies),
    )
    pairs: dict[PairKey, str] = {}
    for n in old_bodies:
        if n not in new_bodies:
            pairs[frozenset([n]), frozenset()] = "repealed"
        else:
            pairs[frozenset([n]), frozenset([n])] = "amended" if n in sets.amended else "unchanged"
    pairs.update({(frozenset(), frozenset([n])): "added" for n in new_bodies if n not in old_bodies})
    return sets, pairs


def parsed_bodies(document: Document) -> dict[str, str]:
    """The baseline's view of a parsed version: each number's operative text (the first
    article wins where a number repeats)."""
    bodies: dict[str, str] = {}
    for article in document.articles():
        bodies.setdefault(article.number, article.text)
    return bodies


# --- the corpus truth (each folder's README method) -----------------------------------


@dataclass(frozen=True)
class CorpusGroup:
    """A folder of consecutive versions and the README's way of splitting them into articles."""

    name: str
    folder: str
    glob: str
    language: str
    heading: re.Pattern[str]
    with_truth: bool = True

    def key(self, found: re.Match[str]) -> str:
        return "".join(part for part in found.groups() if part)


CORPUS_GROUPS = (
    CorpusGroup("cz", "cz", "ustava-*.md", "cs", re.compile(r"^#+\s+Čl\.\s*(\S+)\s*$")),
    CorpusGroup("es", "es", "constitucion-*.md", "es", re.compile(r"^#+\s+(Artículo\s+\S+|Disposición\s.+?)\.?\s*$")),
    CorpusGroup("ch", "ch", "bv-*.md", "de", re.compile(r"^#+ \*\*Art\. (\d+)\*\*(?: ([a-z])(?=\s))?")),
)
KAZAKH_PAIRS = (
    ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026.ru.raw.txt"),
    ("kz-1995-2023.ru.pdftotext-layout.txt", "kz-2026-draft-2026-02-12.ru.docx-extract.txt"),
)


def readme_bodies(text: str, heading: re.Pattern[str], key: Callable[[re.Match[str]], str]) -> dict[str, str]:
    """Split on article headings; a body is the lines after its heading up to the next line
    starting with ``#``, whitespace collapsed (the method stated in the corpus READMEs)."""
    bodies: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        found = heading.match(line)
        if found:
            current = bodies.setdefault(key(found), [])
        elif line.startswith("#"):
            current = None
        elif current is not None:
            current.append(line)
    return {number: _collapsed("\n".join(lines)) for number, lines in bodies.items()}


def normalised(number: str) -> str:
    """An article number as keys are compared: case folded, no spaces, no trailing full stop."""
    return re.sub(r"\s+", "", number).rstrip(".").casefold()


def key_map(numbers: Iterable[str], keys: Iterable[str]) -> Callable[[str], str]:
    """Name a parsed article by its README key: the same number once normalised (``10a``), or
    else the one key that ends with it (``Artículo 13`` for ``13``); else its own number."""
    by_normalised = {normalised(key): key for key in keys}
    mapping: dict[str, str] = {}
    for number in numbers:
        wanted = normalised(number)
        if wanted in by_normalised:
            mapping[number] = by_normalised[wanted]
            continue
        tails = [key for key in by_normalised.values() if re.search(rf"(^|\s){re.escape(number.strip())}\.?$", key, re.I)]
        mapping[number] = tails[0] if len(tails) == 1 else number
    return lambda number: mapping.get(number, number)


def _date_of(path: Path) -> str:
    found = re.search(r"\d{4}-\d{2}-\d{2}", path.name)
    return found.group() if found else path.name


# --- one row per pair ----------------------------------------------------------------


@dataclass
class Row:
    label: str
    note: str = ""  # why there are no figures ("no profile (cs)", "parse failed (...)")
    articles: str = ""  # old → new
    truth: str = ""  # amended/inserted/repealed counts of the truth
    sets: Figures = Figures()
    baseline_sets: Figures = Figures()
    pairs: Figures = Figures()
    baseline_pairs: Figures = Figures()
    classes: str = ""  # constdiff's classes and both methods' counts, for pairs without truth
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def scored(self) -> bool:
        return not self.note


def score_row(
    label: str,
    old: Document,
    new: Document,
    truth_sets: ChangeSets,
    truth_pairs: dict[PairKey, str],
    old_key: Callable[[str], str] = str,
    new_key: Callable[[str], str] = str,
) -> Row:
    """Compare two parsed versions and score constdiff and the baseline against the truth."""
    started = time.perf_counter()
    comparison = compare(old, new, jobs=1)
    seconds = time.perf_counter() - started

    def renamed(pairs: dict[PairKey, str]) -> dict[PairKey, str]:
        return {(frozenset(map(old_key, o)), frozenset(map(new_key, n))): status for (o, n), status in pairs.items()}

    reported_sets = change_sets(comparison).renamed(old_key, new_key)
    reported_pairs = renamed(pair_keys(comparison))
    base_sets, base_pairs = number_keyed(parsed_bodies(old), parsed_bodies(new))
    base_sets, base_pairs = base_sets.renamed(old_key, new_key), renamed(base_pairs)
    return Row(
        label,
        articles=f"{len(old.articles())}→{len(new.articles())}",
        truth=truth_sets.counts(),
        sets=figures(reported_sets.items(), truth_sets.items()),
        baseline_sets=figures(base_sets.items(), truth_sets.items()),
        pairs=figures(reported_pairs, truth_pairs),
        baseline_pairs=figures(base_pairs, truth_pairs),
        seconds=seconds,
        errors=wrong_items(reported_pairs, truth_pairs, reported_sets, truth_sets),
    )


def wrong_items(
    reported_pairs: dict[PairKey, str], truth_pairs: dict[PairKey, str], reported_sets: ChangeSets, truth_sets: ChangeSets
) -> list[str]:
    """One line per tangle of wrong pairs (those sharing an article): what the truth says, what
    constdiff said, and how the sets differ there."""
    wrong = [("expected", key, truth_pairs[key]) for key in truth_pairs if key not in reported_pairs]
    wrong += [("got", key, reported_pairs[key]) for key in reported_pairs if key not in truth_pairs]
    tangles: list[list[tuple[str, PairKey, str]]] = []
    for item in sorted(wrong, key=lambda item: _sort_key(item[1])):
        touching = [t for t in tangles if any(_share_an_article(item[1], other[1]) for other in t)]
        merged = [entry for t in touching for entry in t] + [item]
        tangles = [t for t in tangles if t not in touching] + [merged]
    extra, missing = reported_sets.items() - truth_sets.items(), truth_sets.items() - reported_sets.items()
    lines = []
    covered: set[tuple[str, str]] = set()
    for tangle in sorted(tangles, key=lambda t: min(_sort_key(entry[1]) for entry in t)):
        olds = {number for _, (old, _new), _status in tangle for number in old}
        news = {number for _, (_old, new), _status in tangle for number in new}
        covered |= {(kind, n) for kind in ("amended", "repealed") for n in olds} | {("inserted", n) for n in news}
        sides = {
            side: " + ".join(f"{_pair_text(key)} {status}" for s, key, status in tangle if s == side) or "—"
            for side in ("expected", "got")
        }
        sets = [f"+{kind} {n}" for kind, n in sorted(extra) if n in (news if kind == "inserted" else olds)]
        sets += [f"-{kind} {n}" for kind, n in sorted(missing) if n in (news if kind == "inserted" else olds)]
        lines.append(f"expected {sides['expected']}; got {sides['got']}" + (f" (sets {', '.join(sets)})" if sets else ""))
    for sign, items in (("+", extra), ("-", missing)):
        lines += [f"sets {sign}{kind} {n}" for kind, n in sorted(items) if (kind, n) not in covered]
    return lines


def _share_an_article(first: PairKey, second: PairKey) -> bool:
    return bool(first[0] & second[0] or first[1] & second[1])


def _sort_key(key: PairKey) -> tuple[tuple[tuple[int, str], ...], str]:
    numbers = sorted(key[0] or key[1], key=number_sort_key)
    return number_sort_key(numbers[0]) if numbers else ((0, ""),), "".join(numbers)


def _pair_text(key: PairKey) -> str:
    old, new = (", ".join(sorted(side, key=number_sort_key)) for side in key)
    return f"{{{old}}}→{{{new}}}"


def _unreadable(label: str, language: str, error: ConstdiffError) -> Row:
    if isinstance(error, ProfileError):
        return Row(label, note=f"no profile ({language}: {error.problem})")
    return Row(label, note=f"parse failed ({Path(error.source).name}: {error.problem})")


def corpus_rows(group: CorpusGroup, corpus: Path = CORPUS, profiles: dict[str, str] | None = None) -> list[Row]:
    folder = corpus / group.folder
    versions = sorted(folder.glob(group.glob), key=_date_of)
    rows = []
    for old_path, new_path in zip(versions, versions[1:]):
        label = f"{_date_of(old_path)} → {_date_of(new_path)}"
        old_truth = readme_bodies(old_path.read_text(encoding="utf-8"), group.heading, group.key)
        new_truth = readme_bodies(new_path.read_text(encoding="utf-8"), group.heading, group.key)
        truth_sets, truth_pairs = number_keyed(old_truth, new_truth)
        try:
            old, new = (_read(path, group.language, profiles) for path in (old_path, new_path))
        except ConstdiffError as error:
            rows.append(_unreadable(label, group.language, error))
            continue
        old_key = key_map((a.number for a in old.articles()), old_truth)
        new_key = key_map((a.number for a in new.articles()), new_truth)
        rows.append(score_row(label, old, new, truth_sets, truth_pairs, old_key, new_key))
    return rows


def _read(path: Path, language: str, profiles: dict[str, str] | None) -> Document:
    return read_document(str(path), language=language, profile_path=(profiles or {}).get(language))


def kazakh_rows(corpus: Path = CORPUS, profiles: dict[str, str] | None = None) -> list[Row]:
    """No truth: constdiff's classes and the baseline's counts, side by side."""
    rows = []
    for old_name, new_name in KAZAKH_PAIRS:
        label = f"{old_name} → {new_name}"
        old_path, new_path = corpus / "kz" / old_name, corpus / "kz" / new_name
        if not (old_path.is_file() and new_path.is_file()):
            continue
        try:
            old, new = _read(old_path, "ru", profiles), _read(new_path, "ru", profiles)
        except ConstdiffError as error:
            rows.append(_unreadable(label, "ru", error))
            continue
        started = time.perf_counter()
        comparison = compare(old, new, jobs=1)
        classes = Counter(pair.change.value for pair in comparison.articles)
        base_sets, base_pairs = number_keyed(parsed_bodies(old), parsed_bodies(new))
        rows.append(
            Row(
                label,
                articles=f"{len(old.articles())}→{len(new.articles())}",
                classes=(
                    f"constdiff {len(comparison.articles)} pairs ("
                    + ", ".join(f"{name} {count}" for name, count in sorted(classes.items()))
                    + f"), sets a/i/r {change_sets(comparison).counts()}; "
                    f"baseline {len(base_pairs)} pairs, sets a/i/r {base_sets.counts()}"
                ),
                seconds=time.perf_counter() - started,
            )
        )
    return rows


# Generated amendment pairs: (articles, seed, numbering style of the inserted articles).
GENERATED_FULL = (
    (150, 1, "letter"), (150, 2, "dash"), (150, 3, "latin"), (1000, 4, "letter"), (1000, 5, "latin"), (10_000, 7, "dash"),
)
GENERATED_QUICK = GENERATED_FULL[:4]


def generated_truth_pairs(pair: GeneratedPair) -> dict[PairKey, str]:
    return {item.key: item.status for item in pair.truth}


def generated_rows(sizes: Sequence[tuple[int, int, str]]) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="constdiff-accuracy-") as scratch:
        for articles, seed, style in sizes:
            pair = generate_amendment_pair(articles, seed, style=style)
            old_path, new_path = pair.write(scratch, f"amendment-{articles}-{seed}")
            old, new = read_document(str(old_path), language="en"), read_document(str(new_path), language="en")
            truth = ChangeSets(pair.amended or frozenset(), pair.inserted or frozenset(), pair.repealed or frozenset())
            rows.append(score_row(f"{articles:,} articles, seed {seed}, {style}", old, new, truth, generated_truth_pairs(pair)))
    return rows


# --- report ----------------------------------------------------------------------------


def overall(rows: Sequence[Row]) -> Row:
    scored = [row for row in rows if row.scored]
    total = Row(f"overall ({len(scored)} of {len(rows)} pairs)", note="" if scored else "no pair scored")
    for row in scored:
        total.sets += row.sets
        total.baseline_sets += row.baseline_sets
        total.pairs += row.pairs
        total.baseline_pairs += row.baseline_pairs
        total.seconds += row.seconds
    return total


HEADERS = ("pair", "articles", "truth a/i/r", "sets P R F1", "baseline", "pairs P R F1", "baseline", "s")


def table_line(row: Row) -> list[str]:
    if row.note:
        return [row.label, row.note]
    return [
        row.label, row.articles, row.truth, row.sets.text(), row.baseline_sets.text(),
        row.pairs.text(), row.baseline_pairs.text(), f"{row.seconds:.1f}",
    ]


def print_table(title: str, rows: Sequence[Row], show_errors: int) -> None:
    print(f"\n{title}")
    lines = [table_line(row) for row in [*rows, overall(rows)]]
    full = [list(HEADERS), *(line for line in lines if len(line) == len(HEADERS))]
    labels = [[line[0]] for line in lines]  # a row with a note sets only the first column's width
    widths = [max(len(line[column]) for line in [*full, *labels] if column < len(line)) for column in range(len(HEADERS))]
    for line in [list(HEADERS), *lines]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    for row in rows:
        if show_errors and row.errors:
            print(f"  {row.label}:")
            for error in row.errors[:show_errors]:
                print(f"    {error}")
            if len(row.errors) > show_errors:
                print(f"    … {len(row.errors) - show_errors} more")


def print_counts_table(title: str, rows: Sequence[Row]) -> None:
    print(f"\n{title}")
    for row in rows:
        print(f"{row.label}: {row.note}" if row.note else f"{row.label}: articles {row.articles}; {row.classes}")


def goals(groups: dict[str, list[Row]]) -> list[tuple[str, bool | None, str]]:
    """Issue 11's goals: F1 >= 0.99 on cz+es, never below the baseline there, and generated pairs >= 0.99.

    ``None``: not measured (no corpus); a corpus pair that does not parse fails its goal."""
    result: list[tuple[str, bool | None, str]] = []
    strict = [row for name in ("cz", "es") for row in groups.get(name, [])]
    unscored = [row.label for row in strict if not row.scored]
    total = overall(strict)
    result.append(
        (
            f"sets F1 >= {CORPUS_F1_GOAL} overall on cz+es",
            None if not strict else not unscored and total.sets.f1 >= CORPUS_F1_GOAL,
            (f"F1 {total.sets.f1:.3f} (baseline {total.baseline_sets.f1:.3f}) over {len(strict) - len(unscored)} pairs" if total.scored else "no pair scored")
            + (f"; {len(unscored)} pairs not read" if unscored else ""),
        )
    )
    below = [row.label for row in strict if row.scored and row.sets.f1 < row.baseline_sets.f1]
    result.append(
        (
            "sets F1 never below the baseline on a cz/es pair",
            None if not strict else not unscored and not below,
            (f"below on {', '.join(below)}" if below else "none below")
            + (f"; {len(unscored)} pairs not read" if unscored else ""),
        )
    )
    generated = overall(groups.get("generated", []))
    result.append(
        (
            f"pair precision and recall >= {GENERATED_PAIR_GOAL} on the generated amendment pairs",
            generated.pairs.precision >= GENERATED_PAIR_GOAL and generated.pairs.recall >= GENERATED_PAIR_GOAL,
            f"precision {generated.pairs.precision:.3f}, recall {generated.pairs.recall:.3f} "
            f"(baseline {generated.baseline_pairs.precision:.3f}, {generated.baseline_pairs.recall:.3f})",
        )
    )
    return result


def row_json(row: Row) -> dict[str, object]:
    return {
        "label": row.label,
        "note": row.note or None,
        "articles": row.articles,
        "truth": row.truth,
        "sets": row.sets.as_dict(),
        "baseline_sets": row.baseline_sets.as_dict(),
        "pairs": row.pairs.as_dict(),
        "baseline_pairs": row.baseline_pairs.as_dict(),
        "classes": row.classes or None,
        "seconds": round(row.seconds, 3),
        "errors": row.errors,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision, recall and F1 of constdiff and a numbers-only baseline.")
    parser.add_argument("--quick", action="store_true", help="generated pairs of 150 and 1,000 articles only")
    parser.add_argument("--json", metavar="FILE", help="also write every figure to FILE")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N wrong items per pair")
    parser.add_argument("--corpus", default=str(CORPUS), help="corpus folder (default: ../shared/corpus)")
    parser.add_argument(
        "--profile", action="append", default=[], metavar="LANG=FILE",
        help="read LANG's texts with the profile FILE (e.g. one being written, before it ships); repeatable",
    )
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    profiles = dict(item.split("=", 1) for item in args.profile if "=" in item)
    if len(profiles) != len(args.profile):
        parser.error("--profile takes LANG=FILE")
    groups: dict[str, list[Row]] = {}
    if corpus.is_dir():
        for group in CORPUS_GROUPS:
            groups[group.name] = corpus_rows(group, corpus, profiles)
            title = f"{group.name}: {group.folder}/{group.glob}, consecutive pairs (truth: README's number-keyed comparison)"
            print_table(title, groups[group.name], args.errors)
        groups["kz"] = kazakh_rows(corpus, profiles)
        print_counts_table("kz: 1995 → 2026 in Russian (no truth; counts only)", groups["kz"])
    else:
        print(f"corpus not found at {corpus}: corpus groups skipped")
    groups["generated"] = generated_rows(GENERATED_QUICK if args.quick else GENERATED_FULL)
    print_table("generated: bench/generate.py amendment mode (truth: the generator's)", groups["generated"], args.errors)
    print("\nSummary")
    verdicts = goals(groups)
    for text, passed, detail in verdicts:
        print(f"{'SKIP' if passed is None else 'PASS' if passed else 'FAIL'}  {text}: {detail}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "groups": {
                        name: {"pairs": [row_json(row) for row in rows], "overall": row_json(overall(rows))}
                        for name, rows in groups.items()
                    },
                    "goals": [{"goal": text, "passed": passed, "detail": detail} for text, passed, detail in verdicts],
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
