"""Language profiles: heading conventions as data (``data/profiles/*.yaml``).

A new language or jurisdiction is a YAML file, not code.  Profiles are read
with a safe YAML loader that keeps words such as ``no`` or ``on`` strings, and
validated field by field so that a mistake in a user's profile is reported as
one line naming the field.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import yaml

from constdiff.errors import ProfileError
from constdiff.regexsafety import backtracking


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with libyaml's parser when PyYAML has it: the same safe constructor,
    about ten times faster (loading the four shipped profiles cost 60 ms of every start)."""
    return _load(text, _SAFE_LOADER)


def _load(text: str, loader: type) -> Any:
    """A value the safe constructor cannot build (``2020-13-01`` looks like a date and is none)
    raises ``ValueError`` from inside PyYAML: it is a ``yaml.YAMLError`` here, as a syntax error is,
    so that every reader of YAML reports it in one line."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders only
    except ValueError as error:
        raise yaml.YAMLError(f"a value that cannot be read ({error})") from error


class _ProfileLoader(_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """YAML 1.2 booleans: only ``true``/``false``.  YAML 1.1 also reads ``no``, ``on``, ``off``,
    ``yes`` as booleans, and those are common words (Norwegian, English) and ordinal-free titles."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in _SAFE_LOADER.yaml_implicit_resolvers.items()
    }


_ProfileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@lru_cache(maxsize=None)
def data_dir() -> Path:
    """Shipped data: inside the wheel (``constdiff/data``) or the source tree's ``data/``; found
    once per process (resolving the module's path cost 0.5 ms on every profile looked up)."""
    packaged = Path(__file__).resolve().parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "data"


HEADING_LEVELS = range(1, 7)  # Markdown: "#" to "######"


@dataclass(frozen=True)
class HeadingPattern:
    """A heading pattern, optionally only for Markdown headings of some levels (``levels`` empty: any
    level, and plain lines too)."""

    pattern: re.Pattern[str]
    levels: frozenset[int] = frozenset()


@dataclass(frozen=True)
class DivisionRule:
    kind: str
    rank: int
    patterns: tuple[HeadingPattern, ...]


@dataclass(frozen=True)
class FrontMatterRule:
    key: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class DomainRule:
    """A division heading or plain line matching ``pattern`` starts the numbering domain ``name``."""

    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class References:
    """How the language writes a cross-reference ("пунктом 3 статьи 44", "Art. 93 Abs. 1 Nr. 4a",
    "44-бабының 3-тармағы"): the grammar ``constdiff.references`` reads citations by.

    Token patterns (``words``, ``paragraph_words``, ``item_words``, ``joiners``, ``through``,
    ``connectors``, ``external``, ``act_words``) are matched against one word, folded (look-alike letters) and
    lower-case; phrase patterns (``this_article``, ``this_paragraph``, ``preceding_paragraph``) are
    searched in the folded, lower-case text.
    """

    words: re.Pattern[str]
    """A word naming an article ("Article", "статьи", "čl")."""
    paragraph_words: re.Pattern[str] | None = None
    item_words: re.Pattern[str] | None = None
    number_first: bool = False
    """The number precedes its word ("44-бабы", "5. cikk")."""
    paragraph_after_comma: bool = False
    """A smaller number after an article's comma is its paragraph: "artículo 161, 1, a)"."""
    ordinal_point: bool = False
    """A point after a number makes it ordinal, not the sentence's end: "članka 12., 14. i 16."."""
    order: str = "small-first"
    """How a citation chains its parts: ``small-first`` ("paragraph 3 of Article 44") or
    ``large-first`` ("Art. 93 Abs. 1 Nr. 4a")."""
    joiners: re.Pattern[str] | None = None
    """Words joining a list of numbers besides a comma ("and")."""
    through: re.Pattern[str] | None = None
    """Words making a range of numbers besides a dash ("to")."""
    connectors: re.Pattern[str] | None = None
    """Words allowed (up to two) between the parts of one citation ("of", "the")."""
    external: re.Pattern[str] | None = None
    """A word right after or before a citation naming another act ("Law", "Закона")."""
    act_words: re.Pattern[str] | None = None
    """A word naming an act like this one ("Constitution"): dated by a year, it names another
    version ("the Constitution adopted on 28 January 1993")."""
    this_article: re.Pattern[str] | None = None
    this_paragraph: re.Pattern[str] | None = None
    preceding_paragraph: re.Pattern[str] | None = None


REFERENCE_ORDERS = ("small-first", "large-first")

# For a profile without ``references`` and a text no profile reads ("und"): the Latin abbreviation
# and the English word, which most languages' legal texts share at least in "Art. 5".
DEFAULT_REFERENCES = References(re.compile(r"^(art|arts|article|articles)$"))


@dataclass(frozen=True)
class PageCounter:
    """A printed page counter's words: ``labels`` before the page number ("Page", "стр."), ``of``
    between it and the page count ("of", "из"): "Page 7 of 50".  The PDF loader removes counters
    in every profile's words, since a browser prints its own language's, not the text's."""

    labels: tuple[str, ...] = ()
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    language: str
    name: str
    source: str
    title: tuple[re.Pattern[str], ...]
    front_matter: tuple[FrontMatterRule, ...]
    divisions: tuple[DivisionRule, ...]
    articles: tuple[HeadingPattern, ...]
    paragraphs: tuple[re.Pattern[str], ...]
    notes: tuple[re.Pattern[str], ...]
    repealed: tuple[re.Pattern[str], ...]
    words: frozenset[str] = frozenset()
    domains: tuple[DomainRule, ...] = ()
    closing: tuple[re.Pattern[str], ...] = ()  # lines that start the closing block after the last article
    references: References = DEFAULT_REFERENCES
    page_counter: PageCounter = PageCounter()
    # folded, lower-case ordinal word → its number ("první" → 1); not hashed: a dict
    ordinals: Mapping[str, int] = field(default_factory=dict, hash=False)

    def number(self, written: str) -> str:
        """A heading's number as digits when it is an ordinal word ("PRVNÍ" → "1"), else as written."""
        value = self.ordinals.get(fold_lookalikes(written).lower()) if self.ordinals else None
        return written if value is None else str(value)


_REQUIRED_GROUPS = {
    "divisions": {"title"},  # without a number: an unnumbered sub-division ("#### Vláda")
    "articles": {"number"},
    "paragraphs": {"marker", "number", "text"},
    "notes": {"marker", "text"},
}


USER_PROFILES_VARIABLE = "CONSTDIFF_PROFILES"
_PROFILE_SUFFIXES = (".yaml", ".yml")


def user_profile_dir() -> Path:
    """Where a user's own profiles live: ``$CONSTDIFF_PROFILES``, else
    ``$XDG_CONFIG_HOME/constdiff/profiles`` (``~/.config/constdiff/profiles``)."""
    chosen = os.environ.get(USER_PROFILES_VARIABLE)
    if chosen:
        return Path(chosen).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(config) / "constdiff" / "profiles"


def user_profiles() -> dict[str, Path]:
    """Language code (the file's stem) → profile file in the user folder; none when it is absent.
    Listed again only when the folder (or its modification time) changes: detecting the language
    of one document looks up every profile."""
    folder = user_profile_dir()
    try:
        changed = folder.stat().st_mtime_ns
    except OSError:
        return {}
    return dict(_user_profiles_in(folder, changed))


@lru_cache(maxsize=8)
def _user_profiles_in(folder: Path, changed: int) -> tuple[tuple[str, Path], ...]:
    try:
        files = sorted(path for path in folder.iterdir() if path.suffix in _PROFILE_SUFFIXES and path.is_file())
    except OSError:
        return ()
    return tuple((path.stem, path) for path in files)


def available_languages() -> tuple[str, ...]:
    """Shipped codes and the user folder's, which take part in ``--lang auto`` alike."""
    return tuple(sorted(set(_shipped_languages()) | set(user_profiles())))


@lru_cache(maxsize=None)
def _shipped_languages() -> tuple[str, ...]:
    return tuple(path.stem for path in (data_dir() / "profiles").glob("*.yaml"))


def load_profile(name_or_path: str) -> Profile:
    """A profile by language code (``ru``: the user folder's file first, then the shipped one) or by path."""
    return _load_profile_file(_profile_path(name_or_path))


@lru_cache(maxsize=None)
def _load_profile_file(path: Path) -> Profile:
    return parse_profile(_read_profile(path), source=str(path), shipped=path.parent == data_dir() / "profiles")


def language_words() -> dict[str, frozenset[str]]:
    """Every available language's common words (``profile_words``), looked up once while the
    user folder stays as it is: language detection weighs them all for every document."""
    return dict(_words_of(available_languages(), tuple(user_profiles().items())))


@lru_cache(maxsize=8)
def _words_of(languages: tuple[str, ...], user: tuple[tuple[str, Path], ...]) -> tuple[tuple[str, frozenset[str]], ...]:
    """``user`` (the user folder's files) is part of the key: a file there replaces a shipped profile."""
    return tuple((language, profile_words(language)) for language in languages)


def profile_words(name_or_path: str) -> frozenset[str]:
    """A profile's common words alone: language detection weighs every profile's words
    but compiles the patterns of only the profiles it then tries."""
    return _profile_file_words(_profile_path(name_or_path))


@lru_cache(maxsize=None)
def _profile_file_words(path: Path) -> frozenset[str]:
    raw = _read_profile(path)
    if not isinstance(raw, dict):
        raise ProfileError(str(path), "a profile must be a mapping of fields")
    return _words(_FieldReader(raw, str(path)))


def _profile_path(name_or_path: str) -> Path:
    path = Path(name_or_path)
    if path.suffix not in _PROFILE_SUFFIXES:
        path = user_profiles().get(name_or_path) or data_dir() / "profiles" / f"{name_or_path}.yaml"
        if len(Path(name_or_path).parts) != 1 or not path.is_file():
            raise ProfileError(name_or_path, _not_a_profile(name_or_path))
    return path


@lru_cache(maxsize=None)
def _read_profile(path: Path) -> Any:
    try:
        return _load(path.read_text(encoding="utf-8"), _ProfileLoader)
    except FileNotFoundError:
        raise ProfileError(str(path), "no such profile file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(str(path), f"cannot be read ({error})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ProfileError(str(path), f"is not valid YAML{where}") from None


def _not_a_profile(name: str) -> str:
    if Path(name).is_file() or len(Path(name).parts) != 1:
        return "a profile file must be YAML, named *.yaml or *.yml"
    return f"no such language profile (available: {', '.join(available_languages())})"


def parse_profile(raw: Any, *, source: str, shipped: bool = False) -> Profile:
    """A profile from its YAML data.  Every pattern of a profile not ``shipped`` is checked for
    catastrophic backtracking (``regexsafety``); the shipped ones are checked by a test, not at
    every start."""
    if not isinstance(raw, dict):
        raise ProfileError(source, "a profile must be a mapping of fields")
    reader = _FieldReader(raw, source, check_backtracking=not shipped)
    language = reader.text("language", raw.get("language"))
    divisions = tuple(
        DivisionRule(
            kind=reader.text(f"divisions[{index}].kind", entry.get("kind") if isinstance(entry, dict) else None),
            rank=index,
            patterns=reader.heading_patterns(
                f"divisions[{index}].patterns",
                entry.get("patterns") if isinstance(entry, dict) else None,
                _REQUIRED_GROUPS["divisions"],
            ),
        )
        for index, entry in enumerate(reader.sequence("divisions", required=False))
    )
    front_matter = tuple(
        FrontMatterRule(
            key=reader.text(f"front_matter[{index}].key", entry.get("key") if isinstance(entry, dict) else None),
            pattern=reader.patterns(
                f"front_matter[{index}].pattern",
                [entry.get("pattern")] if isinstance(entry, dict) else None,
                set(),
            )[0],
        )
        for index, entry in enumerate(reader.sequence("front_matter", required=False))
    )
    return Profile(
        language=language,
        name=language if raw.get("name") is None else reader.text("name", raw["name"]),
        source=source,
        title=reader.patterns("title", raw.get("title", []), set()),
        front_matter=front_matter,
        divisions=divisions,
        articles=reader.heading_patterns("articles", raw.get("articles"), _REQUIRED_GROUPS["articles"], required=True),
        paragraphs=reader.patterns("paragraphs", raw.get("paragraphs", []), _REQUIRED_GROUPS["paragraphs"]),
        notes=reader.patterns("notes", raw.get("notes", []), _REQUIRED_GROUPS["notes"]),
        repealed=reader.patterns("repealed", raw.get("repealed", []), set()),
        words=_words(reader),
        domains=_domains(reader),
        closing=reader.patterns("closing", raw.get("closing", []), set()),
        references=_references(reader),
        page_counter=_page_counter(reader),
        ordinals=_ordinals(reader),
    )


_REFERENCE_TOKEN_KEYS = ("words", "paragraph_words", "item_words", "joiners", "through", "connectors", "external", "act_words")
_REFERENCE_PHRASE_KEYS = ("this_article", "this_paragraph", "preceding_paragraph")
_REFERENCE_FLAGS = ("number_first", "paragraph_after_comma", "ordinal_point")
_REFERENCE_KEYS = (*_REFERENCE_TOKEN_KEYS, *_REFERENCE_FLAGS, "order", *_REFERENCE_PHRASE_KEYS)
# Keys an earlier grammar had: a profile still naming them is told what replaced them.
_REFERENCE_KEYS_REPLACED = {"numbers_after": "words with joiners and through", "numbers_before": "number_first"}


def _references(reader: _FieldReader) -> References:
    raw = reader.raw.get("references")
    if raw is None:
        return DEFAULT_REFERENCES
    if not isinstance(raw, dict):
        raise reader.fail("references", "must be a mapping ({words: REGEX, paragraph_words: REGEX, ...})")
    for key, replacement in _REFERENCE_KEYS_REPLACED.items():
        if key in raw:
            raise reader.fail(f"references.{key}", f"is no longer read: a citation's grammar says where its numbers stand ({replacement})")
    unknown = set(raw) - set(_REFERENCE_KEYS)
    if unknown:
        raise reader.fail("references", f"has unknown key(s) {', '.join(sorted(map(str, unknown)))} (allowed: {', '.join(_REFERENCE_KEYS)})")
    fields: dict[str, Any] = {"words": reader.regex("references.words", raw.get("words"), set())}
    for key in (*_REFERENCE_TOKEN_KEYS[1:], *_REFERENCE_PHRASE_KEYS):
        if raw.get(key) is not None:
            if raw[key] == "":
                raise reader.fail(f"references.{key}", "must not be empty (an empty pattern matches every word)")
            fields[key] = reader.regex(f"references.{key}", raw[key], set())
    for flag in _REFERENCE_FLAGS:
        fields[flag] = raw.get(flag, False)
        if not isinstance(fields[flag], bool):
            raise reader.fail(f"references.{flag}", f"must be true or false (got {_as_yaml(fields[flag])})")
    order = raw.get("order", REFERENCE_ORDERS[0])
    if order not in REFERENCE_ORDERS:
        raise reader.fail("references.order", f"must be one of {', '.join(REFERENCE_ORDERS)} (got {_as_yaml(order)})")
    return References(**fields, order=order)


_PAGE_COUNTER_KEYS = ("labels", "of")


def _page_counter(reader: _FieldReader) -> PageCounter:
    raw = reader.raw.get("page_counter")
    if raw is None:
        return PageCounter()
    if not isinstance(raw, dict):
        raise reader.fail("page_counter", "must be a mapping ({labels: [page], of: [of]})")
    unknown = set(raw) - set(_PAGE_COUNTER_KEYS)
    if unknown:
        raise reader.fail("page_counter", f"has unknown key(s) {', '.join(sorted(map(str, unknown)))} (allowed: labels, of)")
    words = {}
    for key in _PAGE_COUNTER_KEYS:
        value = raw.get(key, [])
        if not isinstance(value, list):
            raise reader.fail(f"page_counter.{key}", "must be a list")
        words[key] = tuple(reader.text(f"page_counter.{key}[{index}]", word) for index, word in enumerate(value))
    return PageCounter(**words)


def _domains(reader: _FieldReader) -> tuple[DomainRule, ...]:
    rules = []
    for index, entry in enumerate(reader.sequence("domains", required=False)):
        where = f"domains[{index}]"
        if not isinstance(entry, dict):
            raise reader.fail(where, "must be a mapping with 'name' and 'pattern'")
        name = reader.text(f"{where}.name", entry.get("name"))
        pattern = reader.patterns(f"{where}.pattern", [entry.get("pattern")], set())[0]
        rules.append(DomainRule(name, pattern))
    return tuple(rules)


def _words(reader: _FieldReader) -> frozenset[str]:
    return frozenset(fold_lookalikes(word).lower() for word in reader.strings("words"))


def _ordinals(reader: _FieldReader) -> dict[str, int]:
    raw = reader.raw.get("ordinals")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise reader.fail("ordinals", "must be a mapping of words to numbers ({first: 1, second: 2})")
    ordinals = {}
    for word, value in raw.items():
        where = f"ordinals[{word}]"
        reader.text(where, word)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise reader.fail(where, f"must be a whole number of 0 or more (got {_as_yaml(value)})")
        ordinals[fold_lookalikes(word.strip()).lower()] = value
    return ordinals


def _as_yaml(value: Any) -> str:
    """A value as a profile's author wrote it, for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a mapping"
    return repr(value) if isinstance(value, str) else str(value)


# Fields whose patterns are applied with ``re.search`` (every start is tried), the others with ``re.match``.
_SEARCHED_FIELDS = frozenset({"repealed", "domains", "closing"})
_SHOWN_PATTERN_CHARS = 80


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shown(pattern: str) -> str:
    """A pattern for a one-line message: on one line, and cut short if long."""
    shown = pattern.replace("\n", "\\n")
    return shown if len(shown) <= _SHOWN_PATTERN_CHARS else f"{shown[: _SHOWN_PATTERN_CHARS - 1]}…"


class _FieldReader:
    """Validation with messages that name the offending field."""

    def __init__(self, raw: dict[str, Any], source: str, *, check_backtracking: bool = True) -> None:
        self.raw = raw
        self.source = source
        self.check_backtracking = check_backtracking

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError(self.source, f"field '{field}' {problem}")

    def text(self, field: str, value: Any) -> str:
        if value is not None and not isinstance(value, (str, list, dict)):
            raise self.fail(field, f"must be a string (got {_as_yaml(value)}; quote it)")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty string")
        return value.strip()

    def strings(self, field: str) -> list[str]:
        return [self.text(f"{field}[{index}]", value) for index, value in enumerate(self.sequence(field, required=False))]

    def sequence(self, field: str, *, required: bool) -> list[Any]:
        value = self.raw.get(field)
        if value is None and not required:
            return []
        if not isinstance(value, list):
            raise self.fail(field, "must be a list")
        return value

    def patterns(
        self, field: str, value: Any, groups: set[str], *, required: bool = False
    ) -> tuple[re.Pattern[str], ...]:
        return tuple(self.regex(f"{field}[{index}]", pattern, groups) for index, pattern in enumerate(self._entries(field, value, required)))

    def _entries(self, field: str, value: Any, required: bool) -> list[Any]:
        """A pattern field's list (empty when absent), or the error naming the field."""
        if value is None or value == []:
            if required:
                raise self.fail(field, "must list at least one pattern")
            return []
        if not isinstance(value, list):
            raise self.fail(field, "must be a list of regular expressions")
        return value

    def regex(self, field: str, pattern: Any, groups: set[str], *, kinds: str = "a regular expression string") -> re.Pattern[str]:
        if not isinstance(pattern, str):
            quote = "; quote it" if not isinstance(pattern, (list, dict)) and pattern is not None else ""
            raise self.fail(field, f"must be {kinds} (got {_as_yaml(pattern)}{quote})")
        try:
            regex = re.compile(pattern)
        except re.error as error:
            raise self.fail(field, f"is not a valid regular expression ({_one_line(str(error))})") from None
        except OverflowError as error:  # "a{99999999999}"
            raise self.fail(field, f"is not a valid regular expression ({error})") from None
        except RecursionError:
            raise self.fail(field, "is not a valid regular expression (nested too deeply)") from None
        missing = groups - set(regex.groupindex)
        if missing:
            raise self.fail(field, f"needs the named group(s) {', '.join(sorted(missing))}")
        if self.check_backtracking:
            risk = backtracking(pattern, searched=re.split(r"[.\[]", field, maxsplit=1)[0] in _SEARCHED_FIELDS)
            if risk:
                raise self.fail(field, f"pattern '{_shown(pattern)}' {risk.problem}")
        return regex

    def heading_patterns(
        self, field: str, value: Any, groups: set[str], *, required: bool = False
    ) -> tuple[HeadingPattern, ...]:
        """Each entry a regular expression, or ``{pattern: REGEX, level: N}`` for Markdown headings of
        level N (an int 1-6 or a list of them) only."""
        entries = self._entries(field, value, required)
        return tuple(self.heading_pattern(f"{field}[{index}]", entry, groups) for index, entry in enumerate(entries))

    def heading_pattern(self, field: str, entry: Any, groups: set[str]) -> HeadingPattern:
        kinds = "a regular expression string or a {pattern, level} mapping"
        if not isinstance(entry, dict):
            return HeadingPattern(self.regex(field, entry, groups, kinds=kinds))
        unknown = set(entry) - {"pattern", "level"}
        if unknown:
            raise self.fail(field, f"has unknown key(s) {', '.join(sorted(map(str, unknown)))} (allowed: pattern, level)")
        regex = self.regex(f"{field}.pattern", entry.get("pattern"), groups)
        if "level" not in entry:
            return HeadingPattern(regex)
        level = entry["level"]
        levels = level if isinstance(level, list) else [level]
        if not levels or not all(isinstance(item, int) and not isinstance(item, bool) and item in HEADING_LEVELS for item in levels):
            raise self.fail(f"{field}.level", f"must be a Markdown heading level 1-6 or a list of them (got {_as_yaml(level)})")
        return HeadingPattern(regex, frozenset(levels))


@lru_cache(maxsize=None)
def lookalike_table() -> dict[int, str]:
    """Variant letter → canonical letter, for ``str.translate``."""
    raw = safe_load((data_dir() / "lookalikes.yaml").read_text(encoding="utf-8"))
    return {ord(variant): canonical for canonical, variants in raw.items() for variant in variants}


@lru_cache(maxsize=None)
def _lookalike_replacements() -> tuple[tuple[str, str], ...]:
    table = lookalike_table()
    # one replacement at a time equals str.translate only if no canonical letter is itself a variant
    assert not any(ord(canonical) in table for canonical in table.values())
    return tuple((chr(variant), canonical) for variant, canonical in table.items())


def fold_lookalikes(text: str) -> str:
    """Look-alike letters → canonical letters.

    A handful of ``str.replace`` calls: ``str.translate`` with a dict costs ~60 ns per
    character on non-ASCII text, 6x more than this on the Russian corpus files.
    """
    for variant, canonical in _lookalike_replacements():
        if variant in text:
            text = text.replace(variant, canonical)
    return text
