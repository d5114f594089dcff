"""A user's article mapping file (``--map``): pairs that override the automatic alignment.

Format::

    pairs:
      - {old: "12", new: ["13", "14"]}   # a split the aligner missed
      - {old: ["20", "21"], new: "22"}   # a merge
      - {old: "30", new: []}             # repealed, do not pair it
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from constdiff.model import ForcedPair
from constdiff.errors import MappingError
from constdiff.profiles import safe_load


def read_mapping(path: str) -> tuple[ForcedPair, ...]:
    try:
        raw = safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(path, "no such mapping file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise MappingError(path, f"cannot be read as YAML ({type(error).__name__})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("pairs"), list):
        raise MappingError(path, "must be a mapping with a list under 'pairs'")
    return tuple(_pair(entry, index, path) for index, entry in enumerate(raw["pairs"]))


def _pair(entry: Any, index: int, path: str) -> ForcedPair:
    if not isinstance(entry, dict) or "old" not in entry or "new" not in entry:
        raise MappingError(path, f"pairs[{index}] needs both 'old' and 'new'")
    old, new = _numbers(entry["old"]), _numbers(entry["new"])
    if not old and not new:
        raise MappingError(path, f"pairs[{index}] names no article")
    return ForcedPair(old, new, f"{path}: pairs[{index}]")


def _numbers(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(item) for item in value)
    return (str(value),)
