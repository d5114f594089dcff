"""Synthetic constitution pairs with a known answer, for benchmarks and alignment tests.

``generate_pair(articles, seed)`` writes an old and a new version of an invented
constitution in the seeds' layout (``seeds/README.md``): a title line, an adoption
line, a short preamble, ``Section IV`` headings with the title on the next line,
``Article N`` headings alone on their line, ``1. text`` paragraphs, ``1) text``
items, ``Footnote.`` notes.  It also returns the truth: what became of every old and
every new article, in the vocabulary of ``expected.yaml`` (unchanged, editorial, renumbered, moved,
amended, split, merged, added, repealed).  Every old and every new article number
appears in exactly one correspondence.

The same ``(articles, seed, rates)`` always gives byte-identical texts (only
``random.Random(seed)`` is used; no set or hash order is relied on).

How the texts are made:

* Words: a synthetic vocabulary (consonant-vowel syllables, 40,000 words by
  default), drawn with Zipf-distributed frequencies (rank r has weight 1/r^1.05,
  short words ranked first), mixed with English legal stock phrases ("in accordance
  with the law", "The Republic shall") that recur in every article as they do in real
  codes.  Cross-references ("under Article 123 of this Constitution") point to other
  articles and follow their renumbering in the new version.
* The old version has amendment-era numbers ("Article 12-1"), editorial footnotes and
  articles already excluded ("Footnote. Article 31 is excluded by ..."); the new
  version is numbered 1..M with no suffixes.
* Old articles are, at the default rates: kept (text identical except cross-references
  that follow the renumbering) about 53%; editorially changed (punctuation, letter case)
  8%; amended 22% (5-30% of the words substituted, inserted or deleted, sometimes a
  paragraph added or dropped); repealed 4%; split in two at a paragraph boundary 3%;
  merged with the next article 3% (each merge uses two articles); moved to another
  section 3% (a third of them also amended); already repealed in the old version 1%.
  New articles are added at 5% of the old count, at random places, plus new sections
  made only of added articles; 10% of section titles are reworded.

Statuses follow constdiff's definitions: an article whose text is identical (or
differs only editorially) is ``unchanged`` / ``editorial`` when it keeps its number and
its section's counterpart, ``renumbered`` when only its number changed (its place in the
order and its section's counterpart kept), and ``moved`` when it went to another section.

``generate_amendment_pair(articles, seed)`` is the other mode: two consecutive versions
with one amending act between them, as most real comparisons are.  Every number is kept;
a few articles are amended in place (sentences added or replaced, words replaced, a
paragraph added), one or two are rewritten in full under their number; articles are
inserted right after a neighbour under a suffixed number (7a, 72-1 or 110bis, one style per
pair), some of them written on the model of that neighbour (half its words kept); repealed
articles are removed or left as placeholders ("Article 74a (repealed)", a body "-",
"(repealed)" or "Repealed."); placeholders already in the old version stay as they are; a
section is renamed; now and then an article N is split into N and Na (Na takes the second
half of N's paragraphs).  The pair also carries the ``amended`` / ``inserted`` / ``repealed``
number sets (defined in bench/README.md).
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence, Union

STATUSES = ("unchanged", "editorial", "renumbered", "moved", "amended", "split", "merged", "added", "repealed")


@dataclass(frozen=True)
class Correspondence:
    """Old article numbers → new article numbers (either side may be empty), with the status."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    status: str

    @property
    def key(self) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(self.old), frozenset(self.new)


@dataclass(frozen=True)
class Rates:
    """Share of old articles given each fate (the rest are kept), and other knobs of the edit model."""

    editorial: float = 0.08
    amended: float = 0.22
    repealed: float = 0.04
    split: float = 0.03
    merged: float = 0.03
    moved: float = 0.03
    already_repealed: float = 0.01
    added: float = 0.05
    moved_and_amended: float = 1 / 3
    inserted_number: float = 0.02
    footnote: float = 0.03
    new_section: float = 0.03
    renamed_section: float = 0.10


DEFAULT_RATES = Rates()


@dataclass(frozen=True)
class GeneratedPair:
    old_text: str
    new_text: str
    truth: tuple[Correspondence, ...]
    old_numbers: tuple[str, ...]
    new_numbers: tuple[str, ...]
    old_sections: int
    new_sections: int
    seed: int
    # Amendment mode only (``generate_amendment_pair``): the numbers an amending act amended,
    # inserted and repealed (definitions in bench/README.md); ``None`` for the renumbering mode.
    amended: frozenset[str] | None = None
    inserted: frozenset[str] | None = None
    repealed: frozenset[str] | None = None

    def correspondence_of(self, side: str, number: str) -> Correspondence:
        """The truth for one article: its expected class (``status``) and partners (the other side)."""
        return next(item for item in self.truth if number in (item.old if side == "old" else item.new))

    def write(self, directory: str | Path, stem: str = "generated") -> tuple[Path, Path]:
        """Write ``<stem>-old.txt`` and ``<stem>-new.txt``; returns their paths."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        old_path, new_path = directory / f"{stem}-old.txt", directory / f"{stem}-new.txt"
        old_path.write_text(self.old_text, encoding="utf-8")
        new_path.write_text(self.new_text, encoding="utf-8")
        return old_path, new_path

    def status_counts(self) -> dict[str, int]:
        counts = Counter(item.status for item in self.truth)
        return {status: counts[status] for status in STATUSES if counts[status]}

    def words(self) -> tuple[int, int]:
        return len(self.old_text.split()), len(self.new_text.split())


# --- vocabulary ----------------------------------------------------------------

_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"

OPENERS = (
    "The Republic shall",
    "Every citizen has the right to",
    "Everyone shall",
    "No one may",
    "The law shall determine",
    "The State guarantees",
    "The Government shall",
    "Citizens of the Republic may",
    "Except as provided by law,",
    "The procedure for",
    "In the cases established by law,",
    "The President of the Republic shall",
    "The Parliament may",
    "Local self-government bodies shall",
)
PHRASES = (
    "in accordance with the law",
    "of the Republic",
    "by this Constitution",
    "shall be guaranteed",
    "on the basis of",
    "within the limits established by law",
    "in the procedure established by law",
    "by the President",
    "and",
    "or",
    "of the",
    "to the",
    "in the",
    "for the",
    "shall not be",
    "the right to",
    "is prohibited",
    "by law",
    "and freedoms of",
    "state bodies",
    "may be restricted only",
    "the rights",
)
REFERENCES = (
    ("under", "of this Constitution"),
    ("referred to in", ""),
    ("provided for by", ""),
    ("in accordance with", "of this Constitution"),
)
SECTION_WORDS = (
    "General Provisions",
    "Rights and Freedoms",
    "The Government",
    "The Parliament",
    "The Courts",
    "Local Self-Government",
    "Final Provisions",
    "The President",
    "Public Finance",
    "The Prosecution Service",
)
PUNCTUATION = frozenset(",.;:")


class Vocabulary:
    """Synthetic words with Zipf-distributed frequencies; shorter words are more frequent."""

    def __init__(self, rng: random.Random, size: int, exponent: float) -> None:
        found: dict[str, None] = {}
        while len(found) < size:
            syllables = rng.choice((2, 2, 3, 3, 3, 4))
            word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) + ("n" if rng.random() < 0.2 else "") for _ in range(syllables))
            found[word] = None
        self.words = sorted(found, key=len)
        self.cumulative = list(itertools.accumulate(1.0 / rank**exponent for rank in range(1, size + 1)))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


# --- article bodies --------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A cross-reference to another article, by its position in the old version."""

    target: int


Token = Union[str, Ref]


@dataclass
class Line:
    """A numbered paragraph (``1.``), an unnumbered one, or an item (``1)``) of the paragraph above."""

    kind: str  # "numbered" | "plain" | "item"
    tokens: list[Token]


@dataclass(frozen=True)
class _Context:
    """What an article talks about: its section's topic words and its own key terms."""

    topic: tuple[str, ...]
    keys: tuple[str, ...]


class _Writer:
    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self.ref_targets: list[int] = []
        self.context = _Context((), ())

    def topic(self) -> tuple[str, ...]:
        """A section's own words: 40 words of middling to low frequency."""
        words = self.vocabulary.words
        return tuple(words[200 + i] for i in self.rng.sample(range(len(words) - 200), 40))

    def article_context(self, topic: tuple[str, ...]) -> _Context:
        words = self.vocabulary.words
        keys = tuple(words[500 + i] for i in self.rng.sample(range(len(words) - 500), self.rng.randint(3, 8)))
        return _Context(topic, keys)

    def words(self, count: int) -> list[str]:
        """Mostly words of the whole vocabulary (Zipf), then the section's topic words, then the article's key terms."""
        rng = self.rng
        drawn = self.vocabulary.draw(rng, count)
        topic, keys = self.context.topic, self.context.keys
        for position in range(count):
            roll = rng.random()
            if topic and 0.6 <= roll < 0.8:
                drawn[position] = topic[int(len(topic) * rng.random() ** 2)]
            elif keys and roll >= 0.8:
                drawn[position] = rng.choice(keys)
        return drawn

    def sentence(self, *, allow_refs: bool = True, item: bool = False) -> list[Token]:
        rng = self.rng
        tokens: list[Token] = []
        if not item and rng.random() < 0.6:
            tokens += _split_phrase(rng.choice(OPENERS))
        chunks = rng.randint(5, 14) if item else rng.randint(8, 20)
        words = iter(self.words(chunks))
        for _ in range(chunks):
            roll = rng.random()
            if roll < 0.75:
                tokens.append(next(words, "law"))
            elif roll < 0.96:
                tokens += _split_phrase(rng.choice(PHRASES))
            elif allow_refs and self.ref_targets and roll < 0.975:
                before, after = rng.choice(REFERENCES)
                tokens += [*_split_phrase(before), "Article", Ref(rng.choice(self.ref_targets)), *_split_phrase(after)]
            elif tokens and tokens[-1] not in PUNCTUATION:
                tokens.append(",")
            if tokens and rng.random() < 0.06 and tokens[-1] not in PUNCTUATION:
                tokens.append(",")
        if tokens[-1] in PUNCTUATION:
            tokens.pop()
        first = tokens[0]
        if isinstance(first, str) and not item:
            tokens[0] = first[:1].upper() + first[1:]
        tokens.append(";" if item else ".")
        return tokens

    def paragraph(self) -> list[Token]:
        return [token for _ in range(self.rng.choice((1, 1, 1, 2, 2, 3))) for token in self.sentence()]

    def body(self, context: _Context) -> list[Line]:
        rng = self.rng
        self.context = context
        if rng.random() < 0.2:
            return [Line("plain", self.paragraph())]
        lines: list[Line] = []
        for _ in range(rng.choice((2, 2, 3, 3, 3, 4, 4, 5, 6))):
            lines.append(Line("numbered", self.paragraph()))
            if rng.random() < 0.08:
                lines[-1].tokens[-1] = ":"
                items = [Line("item", self.sentence(item=True)) for _ in range(rng.randint(2, 4))]
                items[-1].tokens[-1] = "."
                lines += items
        return lines

    # --- edits ---------------------------------------------------------------

    def editorial(self, lines: list[Line]) -> list[Line]:
        """Punctuation and letter case only: the words stay the same."""
        rng = self.rng
        lines = _copy(lines)
        for _ in range(rng.randint(1, 3)):
            line = rng.choice(lines)
            commas = [i for i, token in enumerate(line.tokens) if token == ","]
            words = [i for i, token in enumerate(line.tokens) if isinstance(token, str) and token.isalpha() and token.islower() and i > 0]
            roll = rng.random()
            if commas and roll < 0.4:
                del line.tokens[rng.choice(commas)]
            elif commas and roll < 0.6:
                line.tokens[rng.choice(commas)] = ";"
            elif words:
                position = rng.choice(words)
                line.tokens[position] = line.tokens[position].capitalize()
            else:
                line.tokens.insert(max(1, len(line.tokens) - 2), ",")
        return lines

    def amend(self, lines: list[Line], context: _Context) -> list[Line]:
        """Substitute, insert and delete 5-30% of the words; sometimes add or drop a paragraph."""
        rng = self.rng
        self.context = context
        lines = _copy(lines)
        word_total = sum(len(line.tokens) for line in lines)
        edits = max(1, round(rng.uniform(0.05, 0.3) * word_total / 3))
        if rng.random() < 0.25:
            position = rng.randint(0, len(lines))
            kind = "numbered" if any(line.kind == "numbered" for line in lines) else "plain"
            lines.insert(position, Line(kind, self.paragraph()))
            if kind == "plain":
                for line in lines:
                    line.kind = "numbered"
            edits = max(1, edits // 2)
        elif len(lines) >= 3 and rng.random() < 0.12:
            del lines[rng.randrange(len(lines))]
            if lines[0].kind == "item":
                lines[0].kind = "numbered"
        for _ in range(edits):
            line = rng.choice(lines)
            words = [i for i, token in enumerate(line.tokens) if isinstance(token, str) and token not in PUNCTUATION]
            if not words:
                continue
            position = rng.choice(words)
            roll = rng.random()
            if roll < 0.5:
                replacement = self.words(1)[0]
                line.tokens[position] = replacement if replacement != line.tokens[position] else replacement + "ka"
            elif roll < 0.75:
                line.tokens[position:position] = self.words(rng.randint(1, 5))
            elif len(words) > 4:
                run = [i for i in range(position, min(position + rng.randint(1, 4), len(line.tokens))) if i in words]
                for i in reversed(run):
                    del line.tokens[i]
        return lines


    def amend_in_place(self, lines: list[Line], context: _Context) -> list[Line]:
        """What an amending act does to an article it keeps: one to three edits, each a sentence
        added or replaced, a few words replaced, or a paragraph added at the end."""
        rng = self.rng
        self.context = context
        original = _copy(lines)
        lines = _copy(lines)
        while _same_text(lines, original):
            for _ in range(rng.randint(1, 3)):
                line = rng.choice([line for line in lines if line.kind != "item"] or lines)
                roll = rng.random()
                if roll < 0.35:
                    line.tokens += self.sentence()
                elif roll < 0.5:
                    ends = [0] + [i + 1 for i, token in enumerate(line.tokens) if token == "."]
                    which = rng.randrange(len(ends) - 1) if len(ends) > 1 else 0
                    end = ends[which + 1] if len(ends) > 1 else len(line.tokens)
                    line.tokens[ends[which] : end] = self.sentence()
                elif roll < 0.85:
                    words = [i for i, token in enumerate(line.tokens) if isinstance(token, str) and token not in PUNCTUATION]
                    if words:
                        start = rng.choice(words)
                        line.tokens[start : start + rng.randint(1, 3)] = self.words(rng.randint(1, 4))
                else:
                    kind = "numbered" if lines[0].kind == "numbered" else "plain"
                    if kind == "plain":
                        for each in lines:
                            each.kind = "numbered"
                    lines.append(Line("numbered", self.paragraph()))
        return lines

    def parallel(self, lines: list[Line], context: _Context) -> list[Line]:
        """A new article written on the model of a neighbour: its first sentence, or its first one
        or two paragraphs, with 20-50% of the words replaced by words of the same subject (as "the
        right to vote" beside "the right to stand for election"); the neighbour stays as it was."""
        rng = self.rng
        self.context = context
        model = [line for line in lines if line.kind != "item"][: rng.choice((1, 2))]
        result = [Line("numbered" if len(model) > 1 else "plain", list(line.tokens)) for line in model]
        if rng.random() < 0.5:
            tokens = result[0].tokens
            end = tokens.index(".") + 1 if "." in tokens else len(tokens)
            result = [Line("plain", tokens[:end])]
        replaced = rng.uniform(0.2, 0.5)
        for line in result:
            for position, token in enumerate(line.tokens):
                if isinstance(token, str) and token not in PUNCTUATION and rng.random() < replaced:
                    line.tokens[position] = self.words(1)[0]
        return result


def _same_text(first: Sequence[Line], second: Sequence[Line]) -> bool:
    return [(line.kind, line.tokens) for line in first] == [(line.kind, line.tokens) for line in second]


def _split_phrase(phrase: str) -> list[Token]:
    tokens: list[Token] = []
    for word in phrase.split():
        if word[-1] in PUNCTUATION:
            tokens += [word[:-1], word[-1]]
        else:
            tokens.append(word)
    return tokens


def _copy(lines: Sequence[Line]) -> list[Line]:
    return [Line(line.kind, list(line.tokens)) for line in lines]


def _render_tokens(tokens: Sequence[Token], number_of: Callable[[int], str]) -> str:
    out: list[str] = []
    for token in tokens:
        text = number_of(token.target) if isinstance(token, Ref) else token
        if text in PUNCTUATION and out:
            out[-1] += text
        else:
            out.append(text)
    return " ".join(out)


def _render_body(lines: Sequence[Line], number_of: Callable[[int], str]) -> list[str]:
    out: list[str] = []
    paragraph = item = 0
    for line in lines:
        text = _render_tokens(line.tokens, number_of)
        if line.kind == "numbered":
            paragraph += 1
            item = 0
            out.append(f"{paragraph}. {text}")
        elif line.kind == "item":
            item += 1
            out.append(f"{item}) {text}")
        else:
            out.append(text)
    return out


def _roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


# --- the pair ----------------------------------------------------------------------


@dataclass
class _OldArticle:
    index: int
    number: str
    section: int
    lines: list[Line]
    fate: str = "kept"
    footnote: bool = False
    context: _Context = _Context((), ())


@dataclass
class _NewArticle:
    lines: list[Line]
    sources: tuple[int, ...]  # old indices; () for an added article
    kind: str  # kept | editorial | amended | moved | moved-amended | split | merged | added
    context: _Context = _Context((), ())
    number: str = ""
    section: int = -1


@dataclass
class _Section:
    title: str
    topic: tuple[str, ...]
    articles: list[_NewArticle] = field(default_factory=list)
    old: int | None = None  # the old section it continues


def generate_pair(
    articles: int,
    seed: int = 0,
    *,
    rates: Rates = DEFAULT_RATES,
    articles_per_section: int | None = None,
    vocabulary_size: int = 40_000,
    zipf_exponent: float = 1.05,
) -> GeneratedPair:
    """An old version with ``articles`` article headings, its new version, and the truth.

    Sections hold ``articles_per_section`` articles on average (each between 0.4 and 1.6
    times that); by default the square root of ``articles`` (at least 5): about 10 sections
    of 10 articles for a constitution of 100, 100 sections of 100 for a code of 10,000.
    """
    if articles < 2:
        raise ValueError("need at least two articles")
    rng = random.Random(seed)
    writer = _Writer(rng, Vocabulary(rng, vocabulary_size, zipf_exponent))
    per_section = articles_per_section or max(5, round(math.sqrt(articles)))
    old_articles, old_titles = _old_version(rng, articles, per_section, rates)
    _choose_fates(rng, old_articles, rates)
    writer.ref_targets = [a.index for a in old_articles if a.fate in ("kept", "editorial", "amended", "moved")]
    old_topics = [writer.topic() for _ in old_titles]
    for article in old_articles:
        article.context = writer.article_context(old_topics[article.section])
        if article.fate != "already-repealed":
            article.lines = writer.body(article.context)
    sections = _new_version(rng, writer, old_articles, old_titles, old_topics, rates)

    new_number = 0
    new_of_old: dict[int, _NewArticle] = {}
    for position, section in enumerate(sections):
        for new_article in section.articles:
            new_number += 1
            new_article.number = str(new_number)
            new_article.section = position
            for source in new_article.sources:
                new_of_old.setdefault(source, new_article)
    old_text = _render_old(old_articles, old_titles, writer, rng)
    new_text = _render_new(sections, lambda target: new_of_old[target].number)
    truth = _truth(old_articles, sections, new_of_old)
    return GeneratedPair(
        old_text=old_text,
        new_text=new_text,
        truth=truth,
        old_numbers=tuple(a.number for a in old_articles),
        new_numbers=tuple(a.number for s in sections for a in s.articles),
        old_sections=len(old_titles),
        new_sections=len(sections),
        seed=seed,
    )


def _section_title(rng: random.Random, vocabulary: Vocabulary) -> str:
    words = [word.capitalize() for word in vocabulary.draw(rng, rng.randint(1, 3))]
    return " ".join([rng.choice(SECTION_WORDS), "of", *words] if rng.random() < 0.5 else ["The", *words])


def _old_version(rng: random.Random, count: int, per_section: int, rates: Rates) -> tuple[list[_OldArticle], list[str]]:
    titles: list[str] = []
    result: list[_OldArticle] = []
    base = 0
    suffix = 0
    section = -1
    left_in_section = 0
    title_vocabulary = Vocabulary(random.Random(rng.random()), 3000, 1.0)
    for index in range(count):
        if left_in_section == 0:
            section += 1
            titles.append(_section_title(rng, title_vocabulary))
            left_in_section = max(2, round(rng.uniform(0.4, 1.6) * per_section))
        left_in_section -= 1
        if index and rng.random() < rates.inserted_number:
            suffix += 1
            number = f"{base}-{suffix}"
        else:
            base += 1
            suffix = 0
            number = str(base)
        result.append(_OldArticle(index, number, section, [], footnote=rng.random() < rates.footnote))
    return result, titles


def _choose_fates(rng: random.Random, old: list[_OldArticle], rates: Rates) -> None:
    thresholds = list(
        itertools.accumulate(
            (rates.already_repealed, rates.repealed, rates.split, rates.merged, rates.moved, rates.editorial, rates.amended)
        )
    )
    names = ("already-repealed", "repealed", "split", "merged", "moved", "editorial", "amended")
    skip = False
    for position, article in enumerate(old):
        if skip:
            skip = False
            continue
        roll = rng.random()
        fate = next((name for name, limit in zip(names, thresholds) if roll < limit), "kept")
        if fate == "merged":
            following = old[position + 1] if position + 1 < len(old) else None
            if following is None or following.section != article.section:
                fate = "kept"
            else:
                following.fate = "merged-into"
                skip = True
        article.fate = fate


def _new_version(
    rng: random.Random,
    writer: _Writer,
    old: list[_OldArticle],
    old_titles: list[str],
    old_topics: list[tuple[str, ...]],
    rates: Rates,
) -> list[_Section]:
    sections: list[_Section] = []
    moved: list[_NewArticle] = []
    title_vocabulary = Vocabulary(random.Random(rng.random()), 3000, 1.0)
    by_section: dict[int, list[_OldArticle]] = {}
    for article in old:
        by_section.setdefault(article.section, []).append(article)
    for number, title in enumerate(old_titles):
        if rng.random() < rates.renamed_section:
            title = _section_title(rng, title_vocabulary)
        section = _Section(title, old_topics[number], old=number)
        sections.append(section)
        members = by_section[number]
        for position, article in enumerate(members):
            fate = article.fate
            if fate in ("already-repealed", "repealed", "merged-into"):
                continue
            if fate == "kept":
                section.articles.append(_NewArticle(_copy(article.lines), (article.index,), "kept"))
            elif fate == "editorial":
                section.articles.append(_NewArticle(writer.editorial(article.lines), (article.index,), "editorial"))
            elif fate == "amended":
                section.articles.append(_NewArticle(writer.amend(article.lines, article.context), (article.index,), "amended"))
            elif fate == "moved":
                if rng.random() < rates.moved_and_amended:
                    moved.append(_NewArticle(writer.amend(article.lines, article.context), (article.index,), "moved-amended"))
                else:
                    moved.append(_NewArticle(_copy(article.lines), (article.index,), "moved"))
            elif fate == "split":
                cut = _split_point(article.lines)
                if cut is None:
                    article.fate = "amended"
                    section.articles.append(_NewArticle(writer.amend(article.lines, article.context), (article.index,), "amended"))
                else:
                    first, second = _copy(article.lines[:cut]), _copy(article.lines[cut:])
                    if rng.random() < 0.3:
                        second = writer.editorial(second)
                    section.articles.append(_NewArticle(first, (article.index,), "split"))
                    section.articles.append(_NewArticle(second, (article.index,), "split"))
            elif fate == "merged":
                partner = members[position + 1]
                lines = _copy(article.lines) + _copy(partner.lines)
                for line in lines:
                    if line.kind == "plain":
                        line.kind = "numbered"
                section.articles.append(_NewArticle(lines, (article.index, partner.index), "merged"))
        if rng.random() < rates.new_section:
            sections.append(_Section(_section_title(rng, title_vocabulary), writer.topic()))
            for _ in range(rng.randint(2, 6)):
                context = writer.article_context(sections[-1].topic)
                sections[-1].articles.append(_NewArticle(writer.body(context), (), "added", context))
    for new_article in moved:
        origin = old[new_article.sources[0]].section
        targets = [position for position, section in enumerate(sections) if section.old != origin]
        if not targets:
            targets = list(range(len(sections)))
        target = sections[rng.choice(targets)]
        target.articles.insert(rng.randint(0, len(target.articles)), new_article)
    for _ in range(round(rates.added * len(old))):
        target = rng.choice(sections)
        context = writer.article_context(target.topic)
        target.articles.insert(rng.randint(0, len(target.articles)), _NewArticle(writer.body(context), (), "added", context))
    return [section for section in sections if section.articles]


def _split_point(lines: list[Line]) -> int | None:
    """Cut before a numbered paragraph, never leaving a part without one."""
    cuts = [i for i, line in enumerate(lines) if line.kind == "numbered" and i > 0]
    return cuts[len(cuts) // 2] if cuts else None


def _render_old(old: list[_OldArticle], titles: list[str], writer: _Writer, rng: random.Random) -> str:
    number_of = {article.index: article.number for article in old}.__getitem__
    out = ["CONSTITUTION OF THE REPUBLIC OF ZEMBLA", "Adopted by national referendum on 4 September 2011.", ""]
    out += _preamble()
    section = -1
    for article in old:
        if article.section != section:
            section = article.section
            out += [f"Section {_roman(section + 1)}", titles[section], ""]
        out += [f"Article {article.number}", ""]
        if article.fate == "already-repealed":
            out += [f"Footnote. Article {article.number} is excluded by the Law No. {article.index % 300 + 1}-IV of 21 May 2016.", ""]
            continue
        if article.footnote:
            out += [f"Footnote. Article {article.number} as amended by the Law No. {article.index % 500 + 1}-III of 3 May 2009.", ""]
        for line in _render_body(article.lines, number_of):
            out += [line, ""]
    return "\n".join(out)


def _render_new(sections: list[_Section], number_of: Callable[[int], str]) -> str:
    out = ["CONSTITUTION OF THE REPUBLIC OF ZEMBLA", "Adopted by national referendum on 12 March 2024.", ""]
    out += _preamble()
    for position, section in enumerate(sections):
        out += [f"Section {_roman(position + 1)}", section.title, ""]
        for article in section.articles:
            out += [f"Article {article.number}", ""]
            for line in _render_body(article.lines, number_of):
                out += [line, ""]
    return "\n".join(out)


def _preamble() -> list[str]:
    return [
        "We, the people of Zembla, resolved to live under laws of our own making,",
        "",
        "Adopt this Constitution as the supreme law of the Republic.",
        "",
    ]


def _truth(old: list[_OldArticle], sections: list[_Section], new_of_old: dict[int, _NewArticle]) -> tuple[Correspondence, ...]:
    counterpart = {section.old: position for position, section in enumerate(sections) if section.old is not None}
    old_number_of = {article.index: article.number for article in old}.__getitem__
    new_number_of = (lambda target: new_of_old[target].number)
    groups: dict[int, list[_NewArticle]] = {}
    for section in sections:
        for new_article in section.articles:
            if new_article.sources:
                groups.setdefault(new_article.sources[0], []).append(new_article)
    truth: list[Correspondence] = []
    for article in old:
        if article.fate in ("already-repealed", "repealed"):
            truth.append(Correspondence((article.number,), (), "repealed"))
            continue
        if article.fate == "merged-into":
            continue
        news = groups[article.index]
        first = news[0]
        olds = tuple(old_number_of(source) for source in first.sources)
        numbers = tuple(item.number for item in news)
        if first.kind in ("split", "merged"):
            truth.append(Correspondence(olds, numbers, first.kind))
            continue
        if first.kind in ("amended", "moved-amended"):
            truth.append(Correspondence(olds, numbers, "amended"))
            continue
        relocated = first.kind == "moved" or counterpart.get(article.section) != first.section
        identical = _render_body(article.lines, old_number_of) == _render_body(first.lines, new_number_of)
        if relocated:
            status = "moved"
        elif article.number != first.number:
            status = "renumbered"
        else:
            status = "unchanged" if identical else "editorial"
        truth.append(Correspondence(olds, numbers, status))
    for section in sections:
        for new_article in section.articles:
            if not new_article.sources:
                truth.append(Correspondence((), (new_article.number,), "added"))
    return tuple(truth)


# --- amendment mode ------------------------------------------------------------------
#
# One amending act between two consecutive versions: every number is kept; a few articles are
# amended in place, one or two rewritten in full, a few inserted next to a neighbour under a
# suffixed number (7a, 72-1, 110bis), a few repealed (removed, or kept as a placeholder stub),
# occasionally one split N -> N, Na; placeholders already in the old text stay as they are.

SUFFIX_STYLES = ("letter", "dash", "latin")
_LATIN_SUFFIXES = ("bis", "ter", "quater")
_LETTER_SUFFIXES = "abcdefghijklmnopqrstuvwxyz"
# How a placeholder for a repealed article is written: the heading says so, or the body is a stub.
STUB_STYLES = ("heading", "dash", "parenthesis", "word")


@dataclass(frozen=True)
class AmendmentRates:
    """Shares of old articles given each fate by the amending act; every kind occurs at least once."""

    amended: float = 0.04
    rewritten: float = 0.01
    repealed: float = 0.015
    repealed_as_stub: float = 0.5
    inserted: float = 0.01
    parallel_inserted: float = 0.01
    split: float = 0.005
    placeholder: float = 0.005
    old_suffixed: float = 0.02
    renamed_section: float = 0.05


DEFAULT_AMENDMENT_RATES = AmendmentRates()


def _suffixed_number(base: int, count: int, style: str) -> str:
    """The ``count``-th article inserted after article ``base``: 7a / 72-1 / 110bis."""
    if style == "letter":
        return f"{base}{_LETTER_SUFFIXES[count - 1]}"
    if style == "dash":
        return f"{base}-{count}"
    return f"{base}{_LATIN_SUFFIXES[count - 1]}"


def _suffix_capacity(style: str) -> int:
    """How many suffixed articles may follow one base number: bis/ter/quater, else nine (7a-7i,
    72-1...72-9), more than acts use."""
    return len(_LATIN_SUFFIXES) if style == "latin" else 9


@dataclass
class _ActArticle:
    """An article of the amendment pair: its number, section, body (old and new) and fate."""

    number: str
    base: int
    suffixes: int  # suffixed articles after this one's base so far (only meaningful on a group's last)
    section: int
    context: _Context
    old_lines: list[Line] | None  # None: not in the old version (inserted)
    new_lines: list[Line] | None = None  # None: not in the new version (removed)
    old_stub: str | None = None  # placeholder style in the old version
    new_stub: str | None = None
    fate: str = "kept"  # kept | placeholder | amended | rewritten | repealed | split | split-part | inserted | parallel


def generate_amendment_pair(
    articles: int,
    seed: int = 0,
    *,
    rates: AmendmentRates = DEFAULT_AMENDMENT_RATES,
    style: str | None = None,
    articles_per_section: int | None = None,
    vocabulary_size: int = 40_000,
) -> GeneratedPair:
    """Two consecutive versions with one amending act between them, and the truth.

    The same ``(articles, seed, rates, style)`` always gives byte-identical texts.  ``style``
    (one of ``SUFFIX_STYLES``) chooses how inserted articles are numbered; by default the seed
    picks it.  The truth names every old and new article in one correspondence, and the pair
    carries the ``amended`` / ``inserted`` / ``repealed`` number sets.
    """
    if articles < 20:
        raise ValueError("need at least twenty articles")
    rng = random.Random(seed)
    style = style or rng.choice(SUFFIX_STYLES)
    if style not in SUFFIX_STYLES:
        raise ValueError(f"unknown numbering style {style!r} (one of {', '.join(SUFFIX_STYLES)})")
    writer = _Writer(rng, Vocabulary(rng, vocabulary_size, 1.05))
    per_section = articles_per_section or max(5, round(math.sqrt(articles)))
    old, titles = _act_old_version(rng, writer, articles, per_section, rates, style)
    writer.ref_targets = [position for position, article in enumerate(old) if article.old_stub is None]
    for article in old:
        if article.old_stub is None:
            article.old_lines = writer.body(article.context)
    news = _act_edits(rng, writer, old, rates, style)
    new_titles = list(titles)
    for position in rng.sample(range(len(titles)), _count(rates.renamed_section, len(titles))):
        new_titles[position] = _renamed(rng, writer, titles[position])
    sequence = _act_sequence(old, news)
    number_of = (lambda target: old[target].number)  # numbers are kept, so a reference reads the same in both
    old_sequence = [a for a in sequence if a.old_lines is not None or a.old_stub]
    new_sequence = [a for a in sequence if a.new_lines is not None or a.new_stub]
    old_text = _render_act_version("4 September 2011", titles, old_sequence, number_of, old=True)
    new_text = _render_act_version("12 March 2024", new_titles, new_sequence, number_of, old=False)
    truth, amended, inserted, repealed = _act_truth(sequence)
    old_numbers = tuple(a.number for a in old_sequence)
    new_numbers = tuple(a.number for a in new_sequence)
    return GeneratedPair(
        old_text=old_text,
        new_text=new_text,
        truth=truth,
        old_numbers=old_numbers,
        new_numbers=new_numbers,
        old_sections=len(titles),
        new_sections=len(new_titles),
        seed=seed,
        amended=amended,
        inserted=inserted,
        repealed=repealed,
    )


def _count(rate: float, total: int) -> int:
    return max(1, round(rate * total))


def _act_old_version(
    rng: random.Random, writer: _Writer, count: int, per_section: int, rates: AmendmentRates, style: str
) -> tuple[list[_ActArticle], list[str]]:
    """The old version's articles (bodies still empty), with a few suffixed numbers from earlier acts."""
    title_vocabulary = Vocabulary(random.Random(rng.random()), 3000, 1.0)
    titles: list[str] = []
    topics: list[tuple[str, ...]] = []
    result: list[_ActArticle] = []
    base = suffixes = 0
    left_in_section = 0
    for index in range(count):
        if left_in_section == 0:
            titles.append(_section_title(rng, title_vocabulary))
            topics.append(writer.topic())
            left_in_section = max(2, round(rng.uniform(0.4, 1.6) * per_section))
        left_in_section -= 1
        if index and rng.random() < rates.old_suffixed and suffixes < _suffix_capacity(style) - 1:
            suffixes += 1
            number = _suffixed_number(base, suffixes, style)
        else:
            base += 1
            suffixes = 0
            number = str(base)
        result.append(_ActArticle(number, base, suffixes, len(titles) - 1, writer.article_context(topics[-1]), old_lines=[]))
    for article in rng.sample(result[1:], _count(rates.placeholder, count)):
        article.old_stub = article.new_stub = rng.choice(STUB_STYLES)
        article.old_lines = None
        article.fate = "placeholder"
    return result, titles


def _last_of_group(old: list[_ActArticle], position: int) -> bool:
    """Nothing follows this article under its base number, so a new suffixed number fits right after it."""
    return position + 1 == len(old) or old[position + 1].base != old[position].base


def _act_edits(
    rng: random.Random, writer: _Writer, old: list[_ActArticle], rates: AmendmentRates, style: str
) -> dict[int, list[_ActArticle]]:
    """Give old articles their fates; returns the articles inserted after each old position."""
    total = len(old)
    capacity = _suffix_capacity(style)
    in_force = [position for position, article in enumerate(old) if article.fate == "kept"]
    room = [p for p in in_force if _last_of_group(old, p) and old[p].suffixes < capacity]
    splittable = [p for p in room if sum(line.kind == "numbered" for line in old[p].old_lines or ()) >= 2]
    taken: set[int] = set()

    def pick(candidates: list[int], count: int) -> list[int]:
        free = [p for p in candidates if p not in taken]
        chosen = sorted(rng.sample(free, min(count, len(free))))
        taken.update(chosen)
        return chosen

    inserted_after: dict[int, list[_ActArticle]] = {}

    def insert_after(position: int, lines: list[Line], context: _Context, fate: str) -> _ActArticle:
        anchor = old[position]
        anchor.suffixes += 1
        article = _ActArticle(
            _suffixed_number(anchor.base, anchor.suffixes, style), anchor.base, anchor.suffixes, anchor.section,
            context, old_lines=None, new_lines=lines, fate=fate,
        )
        inserted_after.setdefault(position, []).append(article)
        return article

    for position in pick(splittable, _count(rates.split, total)):
        article = old[position]
        lines = article.old_lines or []
        cut = _half_of_paragraphs(lines)
        article.fate, article.new_lines = "split", _copy(lines[:cut])
        insert_after(position, _copy(lines[cut:]), article.context, "split-part")
    for position in pick(in_force, _count(rates.amended, total)):
        article = old[position]
        article.fate, article.new_lines = "amended", writer.amend_in_place(article.old_lines or [], article.context)
    for position in pick(in_force, _count(rates.rewritten, total)):
        article = old[position]
        article.context = writer.article_context(article.context.topic)
        article.fate, article.new_lines = "rewritten", writer.body(article.context)
    for position in pick(in_force, _count(rates.repealed, total)):
        article = old[position]
        article.fate = "repealed"
        if rng.random() < rates.repealed_as_stub:
            article.new_stub = rng.choice(STUB_STYLES)
    for article in old:
        if article.fate == "kept":
            article.new_lines = _copy(article.old_lines or [])
    # Inserted articles go after an article that stays as it is, so each stands beside a neighbour
    # it does not come from; a "parallel" one borrows its neighbour's wording and vocabulary.
    steady = [p for p in room if old[p].fate == "kept"]
    for position in pick(steady, _count(rates.parallel_inserted, total)):
        anchor = old[position]
        insert_after(position, writer.parallel(anchor.old_lines or [], anchor.context), anchor.context, "parallel")
    for position in pick(room, _count(rates.inserted, total)):
        context = writer.article_context(old[position].context.topic)
        insert_after(position, writer.body(context), context, "inserted")
    return inserted_after


def _half_of_paragraphs(lines: list[Line]) -> int:
    """Where Na begins when it takes the second half of N's numbered paragraphs."""
    starts = [i for i, line in enumerate(lines) if line.kind == "numbered"]
    return starts[len(starts) // 2] if len(starts) > 1 else starts[-1]


def _renamed(rng: random.Random, writer: _Writer, title: str) -> str:
    words = title.split()
    words[-1] = writer.vocabulary.draw(rng, 1)[0].capitalize()
    renamed = " ".join(words)
    return renamed if renamed != title else renamed + "n"


def _act_sequence(old: list[_ActArticle], inserted_after: dict[int, list[_ActArticle]]) -> list[_ActArticle]:
    """Old and inserted articles in reading order (an inserted one right after its neighbour)."""
    sequence: list[_ActArticle] = []
    for position, article in enumerate(old):
        sequence.append(article)
        sequence += inserted_after.get(position, [])
    return sequence


def _render_act_version(
    adopted: str, titles: list[str], sequence: list[_ActArticle], number_of: Callable[[int], str], *, old: bool
) -> str:
    out = ["CONSTITUTION OF THE REPUBLIC OF ZEMBLA", f"Adopted by national referendum on {adopted}.", ""]
    out += _preamble()
    section = -1
    for article in sequence:
        if article.section != section:
            section = article.section
            out += [f"Section {_roman(section + 1)}", titles[section], ""]
        stub = article.old_stub if old else article.new_stub
        lines = article.old_lines if old else article.new_lines
        if stub is not None:
            out += _render_stub(article.number, stub)
            continue
        out += [f"Article {article.number}", ""]
        for line in _render_body(lines or [], number_of):
            out += [line, ""]
    return "\n".join(out)


def _render_stub(number: str, style: str) -> list[str]:
    if style == "heading":
        return [f"Article {number} (repealed)", ""]
    body = {"dash": "-", "parenthesis": "(repealed)", "word": "Repealed."}[style]
    return [f"Article {number}", "", body, ""]


def _act_truth(
    sequence: list[_ActArticle],
) -> tuple[tuple[Correspondence, ...], frozenset[str], frozenset[str], frozenset[str]]:
    truth: list[Correspondence] = []
    amended: set[str] = set()
    inserted: set[str] = set()
    repealed: set[str] = set()
    parts = {article.number: [] for article in sequence}  # split source -> its new part numbers
    source = ""
    for article in sequence:
        if article.fate == "split":
            source = article.number
        elif article.fate == "split-part":
            parts[source].append(article.number)
    for article in sequence:
        number, fate = article.number, article.fate
        if fate in ("kept", "placeholder"):
            truth.append(Correspondence((number,), (number,), "unchanged"))
        elif fate in ("amended", "rewritten"):
            truth.append(Correspondence((number,), (number,), "amended"))
            amended.add(number)
        elif fate == "repealed":
            truth.append(Correspondence((number,), (number,) if article.new_stub else (), "repealed"))
            repealed.add(number)
        elif fate == "split":
            truth.append(Correspondence((number,), (number, *parts[number]), "split"))
            amended.add(number)
            inserted.update(parts[number])
        elif fate in ("inserted", "parallel"):
            truth.append(Correspondence((), (number,), "added"))
            inserted.add(number)
    return tuple(truth), frozenset(amended), frozenset(inserted), frozenset(repealed)


def iter_links(correspondences: Sequence[Correspondence]) -> Iterator[tuple[str | None, str | None]]:
    """Per-article links: (old, new) for each old×new number of a correspondence; one-sided ones with None."""
    for item in correspondences:
        if item.old and item.new:
            yield from ((old, new) for old in item.old for new in item.new)
        else:
            yield from ((old, None) for old in item.old)
            yield from ((None, new) for new in item.new)


@dataclass(frozen=True)
class Score:
    """Precision and recall of reported correspondences against the truth.

    A correspondence is the pair (frozenset of old numbers, frozenset of new numbers);
    repealed and added articles are correspondences with one empty side.  precision =
    correct / reported, recall = correct / true, where a reported correspondence is
    correct when the truth holds exactly the same one.  ``link_*`` score the per-article
    links of ``iter_links`` the same way (partial credit for a split found half).
    ``status_agreement``: of the correct correspondences, the share with the true status.
    """

    reported: int
    true: int
    correct: int
    precision: float
    recall: float
    link_precision: float
    link_recall: float
    status_agreement: float
    wrong: tuple[tuple[Correspondence, ...], tuple[Correspondence, ...]]


def score(reported: Sequence[Correspondence], truth: Sequence[Correspondence]) -> Score:
    true_keys = {item.key: item for item in truth}
    reported_keys = {item.key: item for item in reported}
    correct = [key for key in reported_keys if key in true_keys]
    reported_links, true_links = set(iter_links(reported)), set(iter_links(truth))
    both = reported_links & true_links
    same_status = sum(reported_keys[key].status == true_keys[key].status for key in correct)
    return Score(
        reported=len(reported_keys),
        true=len(true_keys),
        correct=len(correct),
        precision=len(correct) / len(reported_keys) if reported_keys else 1.0,
        recall=len(correct) / len(true_keys) if true_keys else 1.0,
        link_precision=len(both) / len(reported_links) if reported_links else 1.0,
        link_recall=len(both) / len(true_links) if true_links else 1.0,
        status_agreement=same_status / len(correct) if correct else 1.0,
        wrong=(
            tuple(item for item in reported if item.key not in true_keys),
            tuple(item for item in truth if item.key not in reported_keys),
        ),
    )


def correspondences_of(comparison: object) -> tuple[Correspondence, ...]:
    """constdiff's article pairs (``Comparison.articles``) as correspondences."""
    return tuple(
        Correspondence(tuple(pair.old_numbers), tuple(pair.new_numbers), pair.change.value)
        for pair in comparison.articles  # type: ignore[attr-defined]
    )


# --- history mode --------------------------------------------------------------------
#
# Many versions, each made from the one before by one step, and the truth of every article's
# lineage: which article of version i each article of version i+1 continues, was split from or
# was merged from.

HISTORY_MODES = ("amendment", "rewrite")
LINK_KINDS = ("continues", "split", "merged")


@dataclass(frozen=True)
class HistoryRates:
    """How often each kind of edit happens per step.  Amendment mode: counts per step (drawn
    between the bounds) and chances per step; rewrite mode reuses ``Rates`` (shares of articles)
    and renumbers every version 1..M."""

    amended: tuple[int, int] = (2, 5)
    inserted: tuple[int, int] = (0, 3)
    repealed: tuple[int, int] = (0, 2)
    repealed_as_stub: float = 0.5
    rewritten: float = 0.3
    split: float = 0.3
    merged: float = 0.2
    consolidated: float = 0.1
    renamed_section: float = 0.1
    rewrite: Rates = Rates(already_repealed=0.0, inserted_number=0.0, footnote=0.0, new_section=0.0)


DEFAULT_HISTORY_RATES = HistoryRates()


@dataclass(frozen=True)
class LineageLink:
    """One edge of the lineage graph: article ``old`` of version ``step - 1`` → article ``new`` of
    version ``step``.  ``kind``: ``continues`` (one to one, whatever the edit), ``split`` (the old
    article has several successors) or ``merged`` (the new article has several predecessors)."""

    step: int
    old: str
    new: str
    kind: str


@dataclass(frozen=True)
class GeneratedHistory:
    """N versions in order and the truth of their lineage graph (nodes: (version, article number))."""

    texts: tuple[str, ...]
    numbers: tuple[tuple[str, ...], ...]
    """Per version, its article numbers in reading order (placeholders included)."""
    links: frozenset[LineageLink]
    mode: str
    seed: int

    def write(self, directory: str | Path, stem: str = "zembla") -> list[Path]:
        """Write one file per version, ``<stem>-YYYY-MM-DD.txt`` (a date per version, so a folder
        orders as the history does); returns the paths in order."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = [directory / f"{stem}-{2001 + index:04d}-03-01.txt" for index in range(len(self.texts))]
        for path, text in zip(paths, self.texts):
            path.write_text(text, encoding="utf-8")
        return paths


@dataclass
class _Living:
    """An article of the history's current version; ``id`` is stable while its lineage continues."""

    id: int
    base: int
    suffix: int
    section: int
    context: _Context
    lines: list[Line] | None  # None: a placeholder of a repealed article
    stub: str | None = None


def generate_history(
    versions: int,
    articles: int = 200,
    seed: int = 0,
    *,
    mode: str = "amendment",
    rates: HistoryRates = DEFAULT_HISTORY_RATES,
    style: str | None = None,
    vocabulary_size: int = 40_000,
) -> GeneratedHistory:
    """``versions`` versions of an invented constitution of about ``articles`` articles, each made
    from the previous one, and the truth of the links between consecutive versions.

    ``mode="amendment"``: each step is one amending act (a few articles amended in place, now and
    then one rewritten in full, inserted articles numbered after a neighbour (10a, 72-1, 110bis),
    repeals (removed or left as a placeholder), now and then a split N → N, Na, a merge of N and
    the next article into N, and a consolidation that renumbers every article 1..M and drops the
    placeholders).  ``mode="rewrite"``: every step is a ``generate_pair``-style rewrite (editorial
    changes, amendments, repeals, splits, merges, moves, additions) renumbered 1..M.  The same
    arguments always give byte-identical texts.
    """
    if mode not in HISTORY_MODES:
        raise ValueError(f"unknown history mode {mode!r} (one of {', '.join(HISTORY_MODES)})")
    if versions < 2 or articles < 20:
        raise ValueError("need at least two versions of twenty articles")
    rng = random.Random(seed)
    style = style or rng.choice(SUFFIX_STYLES)
    writer = _Writer(rng, Vocabulary(rng, vocabulary_size, 1.05))
    state = _HistoryState(rng, writer, articles, style)
    texts, numbers, links = [state.render()], [state.numbers()], set()
    for step in range(1, versions):
        sources = state.amendment_step(rates) if mode == "amendment" else state.rewrite_step(rates.rewrite)
        links |= _links_of_step(step, state.numbers_of_previous, state.number_of, sources)
        texts.append(state.render())
        numbers.append(state.numbers())
    return GeneratedHistory(tuple(texts), tuple(numbers), frozenset(links), mode, seed)


def _links_of_step(
    step: int, old_numbers: dict[int, str], new_numbers: dict[int, str], sources: dict[int, tuple[int, ...]]
) -> set[LineageLink]:
    """The step's links, each new article to each old article it comes from, kinds by shape."""
    pairs = [(old, new) for new, olds in sources.items() for old in olds]
    out_degree = Counter(old for old, _ in pairs)
    in_degree = Counter(new for _, new in pairs)
    return {
        LineageLink(step, old_numbers[old], new_numbers[new],
                    "merged" if in_degree[new] > 1 else "split" if out_degree[old] > 1 else "continues")
        for old, new in pairs
    }


class _HistoryState:
    """The current version of a generated history and the steps that make the next one."""

    def __init__(self, rng: random.Random, writer: _Writer, count: int, style: str) -> None:
        self.rng, self.writer, self.style = rng, writer, style
        self.capacity = _suffix_capacity(style)
        self.next_id = 0
        per_section = max(5, round(math.sqrt(count)))
        title_vocabulary = Vocabulary(random.Random(rng.random()), 3000, 1.0)
        self.title_vocabulary = title_vocabulary
        self.titles: list[str] = []
        self.topics: list[tuple[str, ...]] = []
        self.articles: list[_Living] = []
        self.top_suffix: dict[int, int] = {}
        left = 0
        for base in range(1, count + 1):
            if left == 0:
                self.titles.append(_section_title(rng, title_vocabulary))
                self.topics.append(writer.topic())
                left = max(2, round(rng.uniform(0.4, 1.6) * per_section))
            left -= 1
            self.articles.append(self._new(base, 0, len(self.titles) - 1))
        writer.ref_targets = [article.id for article in self.articles]
        for article in self.articles:
            article.lines = writer.body(article.context)
        self.last_number = {article.id: self.number(article) for article in self.articles}
        self.numbers_of_previous: dict[int, str] = {}
        self.number_of: dict[int, str] = dict(self.last_number)

    def _new(self, base: int, suffix: int, section: int, context: _Context | None = None) -> _Living:
        self.next_id += 1
        context = context or self.writer.article_context(self.topics[section])
        return _Living(self.next_id, base, suffix, section, context, [])

    def number(self, article: _Living) -> str:
        return _suffixed_number(article.base, article.suffix, self.style) if article.suffix else str(article.base)

    def numbers(self) -> tuple[str, ...]:
        return tuple(self.number(article) for article in self.articles)

    def _begin_step(self) -> dict[int, tuple[int, ...]]:
        self.numbers_of_previous = {article.id: self.number(article) for article in self.articles}
        return {article.id: (article.id,) for article in self.articles}

    def _end_step(self, sources: dict[int, tuple[int, ...]]) -> dict[int, tuple[int, ...]]:
        self.number_of = {article.id: self.number(article) for article in self.articles}
        self.last_number.update(self.number_of)
        present = set(self.number_of)
        return {new: olds for new, olds in sources.items() if new in present and olds}

    def _last_of_group(self, position: int) -> bool:
        articles = self.articles
        return (position + 1 == len(articles) or articles[position + 1].base != articles[position].base) and (
            self.top_suffix.get(articles[position].base, 0) < self.capacity
        )

    def _next_suffixed(self, anchor: _Living, context: _Context | None = None) -> _Living:
        """A new article numbered after ``anchor``'s group with a suffix never used for its base since
        the last consolidation (so no act re-uses a number it repeals)."""
        suffix = self.top_suffix.get(anchor.base, 0) + 1
        self.top_suffix[anchor.base] = suffix
        return self._new(anchor.base, suffix, anchor.section, context)

    def _in_force(self, taken: set[int]) -> list[int]:
        return [p for p, article in enumerate(self.articles) if article.lines is not None and article.id not in taken]

    def amendment_step(self, rates: HistoryRates) -> dict[int, tuple[int, ...]]:
        rng, writer = self.rng, self.writer
        sources = self._begin_step()
        taken: set[int] = set()

        def pick(candidates: list[int], count: int) -> list[_Living]:
            chosen = sorted(rng.sample(candidates, min(count, len(candidates))))
            taken.update(self.articles[p].id for p in chosen)
            return [self.articles[p] for p in chosen]

        for article in pick(self._in_force(taken), rng.randint(*rates.amended)):
            article.lines = writer.amend_in_place(article.lines or [], article.context)
        if rng.random() < rates.rewritten:
            for article in pick(self._in_force(taken), 1):
                article.context = writer.article_context(article.context.topic)
                article.lines = writer.body(article.context)
        if rng.random() < rates.split:
            splittable = [p for p in self._in_force(taken) if self._last_of_group(p)
                          and sum(line.kind == "numbered" for line in self.articles[p].lines or ()) >= 2]
            for article in pick(splittable, 1):
                lines = article.lines or []
                cut = _half_of_paragraphs(lines)
                part = self._next_suffixed(article, article.context)
                article.lines, part.lines = _copy(lines[:cut]), _copy(lines[cut:])
                self.articles.insert(self.articles.index(article) + 1, part)
                sources[part.id] = (article.id,)
                taken.add(part.id)
        if rng.random() < rates.merged:
            mergeable = [p for p in self._in_force(taken)[:-1] if self.articles[p + 1].lines is not None
                         and self.articles[p + 1].id not in taken and self.articles[p + 1].section == self.articles[p].section]
            for article in pick(mergeable, 1):
                partner = self.articles[self.articles.index(article) + 1]
                lines = _copy(article.lines or []) + _copy(partner.lines or [])
                for line in lines:
                    if line.kind == "plain":
                        line.kind = "numbered"
                article.lines = lines
                self.articles.remove(partner)
                sources[article.id] = (article.id, partner.id)
        for article in pick(self._in_force(taken), rng.randint(*rates.repealed)):
            if rng.random() < rates.repealed_as_stub:
                article.lines, article.stub = None, rng.choice(STUB_STYLES)
            else:
                self.articles.remove(article)
        room = [p for p in self._in_force(taken) if self._last_of_group(p)]
        for anchor in pick(room, rng.randint(*rates.inserted)):
            if rng.random() < 0.5:
                inserted = self._next_suffixed(anchor, anchor.context)
                inserted.lines = writer.parallel(anchor.lines or [], anchor.context)
            else:
                inserted = self._next_suffixed(anchor)
                inserted.lines = writer.body(inserted.context)
            self.articles.insert(self.articles.index(anchor) + 1, inserted)
        if rng.random() < rates.renamed_section:
            position = rng.randrange(len(self.titles))
            self.titles[position] = _renamed(rng, writer, self.titles[position])
        if rng.random() < rates.consolidated:
            self._consolidate()
        return self._end_step(sources)

    def _consolidate(self) -> None:
        """Number the articles in force 1..M and drop the placeholders, as a consolidated text does."""
        self.articles = [article for article in self.articles if article.lines is not None]
        for base, article in enumerate(self.articles, start=1):
            article.base, article.suffix = base, 0
        self.top_suffix = {}

    def rewrite_step(self, rates: Rates) -> dict[int, tuple[int, ...]]:
        """A ``generate_pair``-style rewrite of every article, renumbered 1..M."""
        rng, writer = self.rng, self.writer
        sources = self._begin_step()
        thresholds = list(itertools.accumulate((rates.repealed, rates.split, rates.merged, rates.moved, rates.editorial, rates.amended)))
        names = ("repealed", "split", "merged", "moved", "editorial", "amended")
        result: list[_Living] = []
        moved: list[_Living] = []
        articles = [article for article in self.articles if article.lines is not None]
        skip = False
        for position, article in enumerate(articles):
            if skip:
                skip = False
                continue
            roll = rng.random()
            fate = next((name for name, limit in zip(names, thresholds) if roll < limit), "kept")
            lines = article.lines or []
            following = articles[position + 1] if position + 1 < len(articles) else None
            if fate == "repealed":
                continue
            if fate == "split" and (cut := _split_point(lines)) is not None:
                part = self._new(0, 0, article.section, article.context)
                article.lines, part.lines = _copy(lines[:cut]), _copy(lines[cut:])
                result += [article, part]
                sources[part.id] = (article.id,)
                continue
            if fate == "merged" and following is not None and following.section == article.section:
                merged = _copy(lines) + _copy(following.lines or [])
                for line in merged:
                    if line.kind == "plain":
                        line.kind = "numbered"
                article.lines = merged
                sources[article.id] = (article.id, following.id)
                result.append(article)
                skip = True
                continue
            if fate == "moved" and len(self.titles) > 1:
                article.section = rng.choice([s for s in range(len(self.titles)) if s != article.section])
                if rng.random() < rates.moved_and_amended:
                    article.lines = writer.amend(lines, article.context)
                moved.append(article)
                continue
            if fate == "editorial":
                article.lines = writer.editorial(lines)
            elif fate in ("amended", "split"):
                article.lines = writer.amend(lines, article.context)
            result.append(article)
        for article in moved:
            places = [p for p, other in enumerate(result) if other.section == article.section] or [len(result)]
            result.insert(rng.choice(places + [places[-1] + 1]), article)
        for _ in range(round(rates.added * len(articles))):
            position = rng.randint(0, len(result))
            section = result[min(position, len(result) - 1)].section
            added = self._new(0, 0, section)
            added.lines = writer.body(added.context)
            result.insert(position, added)
        for position, title in enumerate(self.titles):
            if rng.random() < rates.renamed_section:
                self.titles[position] = _renamed(rng, writer, title)
        self.articles = sorted(result, key=lambda article: article.section)  # stable: reading order per section
        self._consolidate()
        return self._end_step(sources)

    def render(self) -> str:
        number_of = self.last_number.__getitem__
        out = ["CONSTITUTION OF THE REPUBLIC OF ZEMBLA", "Adopted by national referendum on 4 September 2011.", ""]
        out += _preamble()
        section, shown = -1, 0
        for article in self.articles:
            if article.section != section:
                section, shown = article.section, shown + 1
                out += [f"Section {_roman(shown)}", self.titles[section], ""]
            number = self.number(article)
            if article.lines is None:
                out += _render_stub(number, article.stub or "heading")
                continue
            out += [f"Article {number}", ""]
            for line in _render_body(article.lines, number_of):
                out += [line, ""]
        return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description="Write a generated pair and its truth (JSON).")
    parser.add_argument("articles", type=int)
    parser.add_argument("directory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("renumbering", "amendment"), default="renumbering")
    args = parser.parse_args(argv)
    if args.mode == "amendment":
        pair, stem = generate_amendment_pair(args.articles, args.seed), f"amendment-{args.articles}"
    else:
        pair, stem = generate_pair(args.articles, args.seed), f"generated-{args.articles}"
    old_path, new_path = pair.write(args.directory, stem)
    truth_path = Path(args.directory) / f"{stem}-truth.json"
    truth: object = [{"old": list(c.old), "new": list(c.new), "status": c.status} for c in pair.truth]
    if args.mode == "amendment":
        sets = {"amended": pair.amended, "inserted": pair.inserted, "repealed": pair.repealed}
        truth = {"correspondences": truth, **{name: sorted(numbers or ()) for name, numbers in sets.items()}}
    truth_path.write_text(json.dumps(truth, indent=0) + "\n", encoding="utf-8")
    print(old_path, new_path, truth_path, pair.status_counts())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
