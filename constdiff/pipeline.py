"""The pipeline as a library: file → Document (read_document), two Documents → Comparison (compare)."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import replace
from typing import Iterator, Sequence

from constdiff.align import align_articles, link_order
from constdiff.classify import classify_links, classify_sections, editorial_rules, reference_renumbering
from constdiff.divisions import align_divisions, top_counterparts
from constdiff.limits import DEFAULT_LIMITS, Limits, check_count
from constdiff.load import load_data, load_source
from constdiff.measure import measure
from constdiff.model import Comparison, Document, ForcedPair, ReferenceReport
from constdiff.parallel import SERIAL, Mapper, idle_jobs
from constdiff.paragraphs import compare_preambles, redline_links, text_left_to_redline, with_paragraphs
from constdiff.parse import parse_text
from constdiff.profiles import Profile, available_languages, load_profile
from constdiff.references import check_comparison, check_document

AUTO = "auto"


def choose_profile(language: str = AUTO, profile_path: str | None = None) -> Profile | None:
    """A user's profile file wins over a language code; ``None`` means detect per document."""
    if profile_path:
        return load_profile(profile_path)
    return None if language == AUTO else load_profile(language)


def read_document(
    source: str,
    *,
    language: str = AUTO,
    profile_path: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    data: bytes | None = None,
) -> Document:
    """Load and parse one version (a path, or ``-`` for standard input), within ``limits``;
    with ``data``, those bytes (a version from git), ``source`` only naming them."""
    loaded = load_source(source, limits=limits) if data is None else load_data(data, source=source, limits=limits)
    document = parse_text(loaded.text, source=source, profile=choose_profile(language, profile_path))
    check_count(source, limits, "articles", len(document.articles()), "articles")
    if loaded.warnings:
        document = _with_warnings(document, loaded.warnings)
    return document


def _with_warnings(document: Document, warnings: tuple[str, ...]) -> Document:
    return replace(document, warnings=warnings + document.warnings)


def compare(
    old: Document,
    new: Document,
    *,
    forced: Sequence[ForcedPair] = (),
    jobs: int | None = None,
    profile: Profile | None = None,
    references: bool = False,
) -> Comparison:
    """Align, diff, classify and measure two parsed versions.

    >>> from constdiff.parse import parse_text
    >>> from constdiff.profiles import load_profile
    >>> en = load_profile("en")
    >>> old = parse_text("Article 1\\nAll power belongs to the people.\\nArticle 2\\nThe state is secular.", profile=en)
    >>> new = parse_text("Article 1\\nAll power belongs to the people.\\nArticle 2\\nThe state is secular and social.", profile=en)
    >>> [(pair.old_numbers, pair.new_numbers, pair.change.value) for pair in compare(old, new).articles]
    [(('1',), ('1',), 'unchanged'), (('2',), ('2',), 'amended')]

    ``jobs`` caps the processes used on large inputs (default: the idle cores, on inputs where
    forking pays; 1: none).
    ``profile``, the one both versions were read with, says how their text refers to articles
    (default: the profile of the old version's language).
    ``references`` checks the new version's cross-references against the renumbering
    (``Comparison.references``).
    """
    with cyclic_gc_paused():
        return _compare(old, new, forced, jobs, profile or _language_profile(old.language), references)


def check_references(document: Document, *, profile: Profile | None = None) -> ReferenceReport:
    """One version's cross-references checked against itself (``constdiff refs``): the dangling
    ones and those citing a repealed article.  ``profile`` as for ``compare``."""
    return check_document(document, editorial_rules(profile or _language_profile(document.language)))


def _language_profile(language: str) -> Profile | None:
    """The profile a language code names; none for "und", a reading no profile made."""
    return load_profile(language) if language in available_languages() else None


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The comparison allocates millions of small objects and few reference cycles.

    Python's cyclic collector would rescan every live object again and again as they
    accumulate (about a fifth of the time for a 10,000-article pair), so it is paused, and
    resumed on exit to collect the few cycles made meanwhile (the nested walks of
    ``Document.located_articles``, an exception's traceback).  Freezing the objects instead
    (``gc.freeze``) would spare that one collection but keep those cycles, and any the
    caller had left, for the life of the process: a leak for every long-running caller.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _compare(
    old: Document, new: Document, forced: Sequence[ForcedPair], jobs: int | None, profile: Profile | None, references: bool
) -> Comparison:
    """The stages in order, over typed data: article links → division links → redlines (paragraphs,
    then words) → article pairs → measures (→ cross-references checked, when asked).  The map strategy is chosen here, once, for the stages
    that fork (``_mapper``); alignment runs in this process."""
    old_located, new_located = old.located_articles(), new.located_articles()
    links = link_order(align_articles(old_located, new_located, forced))
    mapper = _mapper(text_left_to_redline(old_located, new_located, links), jobs)
    old_divisions, new_divisions = old.located_divisions(), new.located_divisions()
    division_links = align_divisions(old_divisions, new_divisions, links)
    rules = editorial_rules(profile)
    renumbering = reference_renumbering(old_located, new_located, links)
    redlines = redline_links(old_located, new_located, links, rules, renumbering, mapper)
    counterparts = top_counterparts(division_links, old_divisions, new_divisions)
    diffs = [redline.diff for redline in redlines]
    pairs = classify_links(old_located, new_located, links, diffs, section_counterpart=counterparts, rules=rules, mapper=mapper)
    pairs = with_paragraphs(pairs, redlines, rules, renumbering)
    not_found = preamble_not_found(old, new)
    repeal_note = profile.repealed if profile else ()
    preamble = compare_preambles(old.preamble, new.preamble, rules, repeal_note) if old.preamble and new.preamble else None
    sections = classify_sections(division_links, old_divisions, new_divisions, pairs)
    return Comparison(
        old=old,
        new=new,
        articles=tuple(pairs),
        sections=tuple(sections),
        preamble=preamble,
        measures=measure(old, new, pairs, preamble, sections),
        warnings=_comparison_warnings(old, new, not_found),
        preamble_not_found=not_found,
        references=check_comparison(old_located, new_located, links, rules) if references else None,
    )


# Below this much work (characters of text: both files to parse, or both versions' articles
# left to redline) a stage runs faster than processes fork for it and pickle their results
# back; the Kazakh constitution (80,000-100,000 characters a version) is above it.
PARALLEL_MIN_CHARS = 100_000
# Above this much, the default is one process: each forked child holds its own copy of the
# pages of the parent it touches, so at 10,000 generated articles (15 M characters) two
# processes peaked at 407 + 382 MB against 365 MB for one, to save 31% of the parent's CPU
# time on an idle machine and none on a busy one.  ``jobs`` set above 1 forks all the same.
PARALLEL_DEFAULT_MAX_CHARS = 4_000_000


def _mapper(size: int, jobs: int | None) -> Mapper:
    """The one cost rule of the map strategy, for work of ``size`` characters: processes only
    where they pay, at most ``jobs`` of them; by default (``None``) only as many as the machine
    has idle cores (``idle_jobs``).  Measured on two cores with the Kazakh pair, forking cut the
    parent's CPU time by 20% but added 31% to the CPU time of the whole: a loss once the other
    core is busy.  Alignment is not mapped: its work per article (a word bag, a few cosines) cost
    less than pickling the result, so forking it saved nothing up to 1,000 articles."""
    if jobs == 1 or size < PARALLEL_MIN_CHARS:
        return SERIAL
    if jobs is None:
        jobs = idle_jobs() if size <= PARALLEL_DEFAULT_MAX_CHARS else 1
    return Mapper(jobs) if jobs > 1 else SERIAL


def compare_files(
    old_source: str,
    new_source: str,
    *,
    language: str = AUTO,
    profile_path: str | None = None,
    forced: Sequence[ForcedPair] = (),
    jobs: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
    references: bool = False,
) -> Comparison:
    """Read both versions (side by side when both are large files) and compare them."""
    sources = [old_source, new_source]
    with cyclic_gc_paused():
        reader = _mapper(2 * min(map(_file_size, sources)), jobs)
        old, new = reader(
            lambda source: read_document(source, language=language, profile_path=profile_path, limits=limits), sources
        )
        return compare(old, new, forced=forced, jobs=jobs, profile=choose_profile(language, profile_path), references=references)


def _file_size(source: str) -> int:
    """Size of a local file; 0 for standard input, URLs and anything that is not a file."""
    try:
        return os.stat(source).st_size if source != "-" else 0
    except (OSError, ValueError):
        return 0


def preamble_not_found(old: Document, new: Document) -> tuple[str, ...]:
    """The source that lacks the preamble the other version has.  A missing preamble is no
    proof of a repeal: input files often start at the first section.  (A version that keeps
    only a note such as "Преамбула исключена" has a preamble, that note: it is compared.)"""
    if bool(old.preamble) == bool(new.preamble):
        return ()
    return (new.source if old.preamble else old.source,)


def _comparison_warnings(old: Document, new: Document, preamble_missing: tuple[str, ...]) -> tuple[str, ...]:
    warnings = [f"{old.source}: {warning}" for warning in old.warnings]
    warnings += [f"{new.source}: {warning}" for warning in new.warnings]
    if old.language != new.language:
        warnings.append(f"the versions are in different languages ({old.language}, {new.language}): few words will match")
    warnings += [f"{source}: no preamble found; the preamble is not compared" for source in preamble_missing]
    return tuple(warnings)
