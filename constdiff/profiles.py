"""Language profiles: heading conventions as data (``data/profiles/*.yaml``).

A new language or jurisdiction is a YAML file, not code.  Profiles are read
with ``yaml.safe_load`` and validated field by field so that a mistake in a
user's profile is reported as one line naming the field.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from constdiff.errors import ProfileError


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with libyaml's parser when PyYAML has it: the same safe constructor,
    about ten times faster (loading the four shipped profiles cost 60 ms of every start)."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


def data_dir() -> Path:
    """Shipped data: inside the wheel (``constdiff/data``) or the source tree's ``data/``."""
    packaged = Path(__file__).resolve().parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DivisionRule:
    kind: str
    rank: int
    patterns: tuple[re.Pattern[str], ...]


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
class Profile:
    language: str
    name: str
    source: str
    title: tuple[re.Pattern[str], ...]
    front_matter: tuple[FrontMatterRule, ...]
    divisions: tuple[DivisionRule, ...]
    articles: tuple[re.Pattern[str], ...]
    paragraphs: tuple[re.Pattern[str], ...]
    notes: tuple[re.Pattern[str], ...]
    repealed: tuple[re.Pattern[str], ...]
    words: frozenset[str] = frozenset()
    domains: tuple[DomainRule, ...] = ()
    closing: tuple[re.Pattern[str], ...] = ()  # lines that start the closing block after the last article


_REQUIRED_GROUPS = {
    "divisions": {"number", "title"},
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
    """Language code (the file's stem) → profile file in the user folder; none when it is absent."""
    try:
        files = sorted(path for path in user_profile_dir().iterdir() if path.suffix in _PROFILE_SUFFIXES and path.is_file())
    except OSError:
        return {}
    return {path.stem: path for path in files}


def available_languages() -> tuple[str, ...]:
    """Shipped codes and the user folder's, which take part in ``--lang auto`` alike."""
    shipped = {path.stem for path in (data_dir() / "profiles").glob("*.yaml")}
    return tuple(sorted(shipped | set(user_profiles())))


def load_profile(name_or_path: str) -> Profile:
    """A profile by language code (``ru``: the user folder's file first, then the shipped one) or by path."""
    return _load_profile_file(_profile_path(name_or_path))


@lru_cache(maxsize=None)
def _load_profile_file(path: Path) -> Profile:
    return parse_profile(_read_profile(path), source=str(path))


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
        return safe_load(path.read_text(encoding="utf-8"))
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


def parse_profile(raw: Any, *, source: str) -> Profile:
    if not isinstance(raw, dict):
        raise ProfileError(source, "a profile must be a mapping of fields")
    reader = _FieldReader(raw, source)
    language = reader.text("language", raw.get("language"))
    divisions = tuple(
        DivisionRule(
            kind=reader.text(f"divisions[{index}].kind", entry.get("kind") if isinstance(entry, dict) else None),
            rank=index,
            patterns=reader.patterns(
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
        name=str(raw.get("name") or language),
        source=source,
        title=reader.patterns("title", raw.get("title", []), set()),
        front_matter=front_matter,
        divisions=divisions,
        articles=reader.patterns("articles", raw.get("articles"), _REQUIRED_GROUPS["articles"], required=True),
        paragraphs=reader.patterns("paragraphs", raw.get("paragraphs", []), _REQUIRED_GROUPS["paragraphs"]),
        notes=reader.patterns("notes", raw.get("notes", []), _REQUIRED_GROUPS["notes"]),
        repealed=reader.patterns("repealed", raw.get("repealed", []), set()),
        words=_words(reader),
        domains=_domains(reader),
        closing=reader.patterns("closing", raw.get("closing", []), set()),
    )


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


class _FieldReader:
    """Validation with messages that name the offending field."""

    def __init__(self, raw: dict[str, Any], source: str) -> None:
        self.raw = raw
        self.source = source

    def fail(self, field: str, problem: str) -> ProfileError:
        return ProfileError(self.source, f"field '{field}' {problem}")

    def text(self, field: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, "must be a non-empty string")
        return value.strip()

    def strings(self, field: str) -> list[str]:
        values = self.sequence(field, required=False)
        if not all(isinstance(value, str) and value.strip() for value in values):
            raise self.fail(field, "must be a list of non-empty strings")
        return [value.strip() for value in values]

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
        if value is None or value == []:
            if required:
                raise self.fail(field, "must list at least one pattern")
            return ()
        if not isinstance(value, list):
            raise self.fail(field, "must be a list of regular expressions")
        compiled = []
        for index, pattern in enumerate(value):
            where = f"{field}[{index}]"
            if not isinstance(pattern, str):
                raise self.fail(where, "must be a regular expression string")
            try:
                regex = re.compile(pattern)
            except re.error as error:
                raise self.fail(where, f"is not a valid regular expression ({error})") from None
            missing = groups - set(regex.groupindex)
            if missing:
                raise self.fail(where, f"needs the named group(s) {', '.join(sorted(missing))}")
            compiled.append(regex)
        return tuple(compiled)


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
