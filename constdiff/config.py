"""``constdiff.yaml``: a repository of legal texts pins its settings (language, profile, map, gates).

The file's keys are the long option names (``lang``, ``profile``, ``map``, ``fail-on``,
``max-changed``, ``format``, ``show``, ``color``, ``jobs``, ``limit``, ``refs``); command-line options still win.
``limit`` is a mapping (``limit: {lines: 5000000}``) or a list of ``NAME=N``.  Which command
takes which keys is ``_COMMANDS``: ``lang``, ``profile`` and ``limit`` pin ``history`` and ``batch``
too, and ``jobs`` ``history``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from constdiff.errors import ConstdiffError
from constdiff.profiles import safe_load

DEFAULT_FILE = "constdiff.yaml"

_OPTION_PARAMS = {
    "lang": "language",
    "profile": "profile_path",
    "map": "mapping_path",
    "fail-on": "fail_on",
    "max-changed": "max_changed",
    "measure": "measure",
    "format": "output_format",
    "show": "show",
    "color": "color",
    "jobs": "jobs",
    "limit": "limits",
    "refs": "refs",
}
_COMMANDS = {
    "diff": set(_OPTION_PARAMS),
    "stats": {"lang", "profile", "map", "jobs", "limit"},
    "parse": {"lang", "profile", "limit"},
    "refs": {"lang", "profile", "limit"},
    "history": {"lang", "profile", "jobs", "limit"},
    "batch": {"lang", "profile", "limit"},
}
"""The keys each command takes: those of the options it has (``map`` is a pair's, not a history's)."""
_SUBCOMMANDS = {"profile": {"check": {"limit"}}}


def setting_name(parameter: str) -> str:
    """The settings-file key of a command parameter ("output_format" → "format")."""
    return next((key for key, name in _OPTION_PARAMS.items() if name == parameter), parameter)


class ConfigError(ConstdiffError):
    """The configuration file is unreadable or names an unknown setting."""


def load_config(path: str | None) -> dict[str, dict[str, Any]]:
    """A click ``default_map``: per command, parameter name → value."""
    source = Path(path) if path else Path(DEFAULT_FILE)
    if not source.is_file():
        if path:
            raise ConfigError(path, "no such configuration file")
        return {}
    try:
        raw = safe_load(source.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(str(source), f"cannot be read as YAML ({type(error).__name__})") from None
    if not isinstance(raw, dict):
        raise ConfigError(str(source), "must be a mapping of settings")
    unknown = sorted(set(raw) - set(_OPTION_PARAMS))
    if unknown:
        known = ", ".join(sorted(_OPTION_PARAMS))
        raise ConfigError(str(source), f"unknown setting '{unknown[0]}' (known: {known})")
    if isinstance(raw.get("fail-on"), list):
        raw["fail-on"] = ",".join(str(item) for item in raw["fail-on"])
    if "limit" in raw:
        raw["limit"] = _limit_settings(raw["limit"])
    settings: dict[str, Any] = {command: _params(raw, keys) for command, keys in _COMMANDS.items()}
    for group, commands in _SUBCOMMANDS.items():
        settings[group] = {command: _params(raw, keys) for command, keys in commands.items()}
    return settings


def _params(raw: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    return {_OPTION_PARAMS[key]: value for key, value in raw.items() if key in keys}


def _limit_settings(value: Any) -> list[str]:
    """``{lines: 5000000}``, ``[lines=5000000]`` or ``lines=5000000`` → ``NAME=N`` items, checked by the option."""
    if isinstance(value, dict):
        return [f"{name}={number}" for name, number in value.items()]
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]
