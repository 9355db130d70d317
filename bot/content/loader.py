"""Loads and validates `content/`: every user-facing sentence, looked up by key.

Texts live in `content/texts/<namespace>.yaml`; a key is `<namespace>.<name>` (nested
mappings add more dots). Placeholders are `{name}`; values filled in are HTML-escaped here,
so no caller can break Telegram's HTML parse mode with user input. A bad file stops start-up
with the file and the reason (`ContentError`).
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.content.exercises import ContentError as ExerciseContentError
from bot.content.exercises import ExerciseCatalog, load_catalog


class ContentError(Exception):
    """A content file is missing, malformed or inconsistent; the message names it."""


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot be read as YAML: {exc}".replace("\n", " ")) from exc


def _flatten(prefix: str, value: Any, out: dict[str, str], path: Path) -> None:
    if isinstance(value, Mapping):
        for key, sub in value.items():
            _flatten(f"{prefix}.{key}", sub, out, path)
    elif isinstance(value, str):
        try:
            list(string.Formatter().parse(value))
        except ValueError as exc:
            raise ContentError(f"{path}: {prefix}: bad placeholder: {exc}") from exc
        out[prefix] = value
    else:
        raise ContentError(f"{path}: {prefix}: must be text, not {type(value).__name__}")


@dataclass(frozen=True)
class Texts:
    """All texts by key; `get` renders one with escaped values."""

    entries: Mapping[str, str]

    def get(self, key: str, /, **values: object) -> str:
        """The text for `key` with `{placeholders}` filled in (values HTML-escaped)."""
        try:
            template = self.entries[key]
        except KeyError:
            raise KeyError(f"no text with key {key!r} in content/texts") from None
        if not values:
            return template
        return template.format_map({k: html.escape(str(v), quote=False) for k, v in values.items()})

    def __contains__(self, key: object) -> bool:
        return key in self.entries


@dataclass(frozen=True)
class ZoneChoice:
    """A time-zone button: what it says and the IANA zone it sets."""

    label: str
    zone: str


@dataclass(frozen=True)
class RedFlagContent:
    """The safety wording of `content/redflags.yaml`: advice per level, echo per flag."""

    advice: Mapping[str, str]  # level name -> advice
    echo: Mapping[str, str]  # flag -> "You said ..." with {words}
    way_out: str
    warning_signs: tuple[str, ...]
    befast: tuple[str, ...]


def load_redflags(content_dir: Path) -> RedFlagContent:
    """Read `redflags.yaml`; every level needs advice and every triage flag an echo line."""
    from bot.domain.triage import FLAGS

    path = content_dir / "redflags.yaml"
    data = _read_yaml(path)
    if not isinstance(data, Mapping):
        raise ContentError(f"{path}: must be a mapping")
    for key in ("advice", "echo", "way_out", "warning_signs", "befast"):
        if key not in data:
            raise ContentError(f"{path}: {key}: missing")
    advice = {str(k): str(v) for k, v in data["advice"].items()}
    missing = {"stop", "routine", "urgent", "emergency"} - set(advice)
    if missing:
        raise ContentError(f"{path}: advice: no text for {sorted(missing)}")
    echo = {str(k): str(v) for k, v in data["echo"].items()}
    unechoed = [f for f in FLAGS if f not in echo]
    if unechoed:
        raise ContentError(f"{path}: echo: no line for flags {unechoed}")
    if not data["befast"] or not data["warning_signs"]:
        raise ContentError(f"{path}: befast and warning_signs must not be empty")
    return RedFlagContent(
        advice=advice,
        echo=echo,
        way_out=str(data["way_out"]),
        warning_signs=tuple(str(s) for s in data["warning_signs"]),
        befast=tuple(str(q) for q in data["befast"]),
    )


@dataclass(frozen=True)
class Content:
    """Everything loaded from `content/` that the handlers render."""

    texts: Texts
    common_zones: tuple[ZoneChoice, ...]
    zone_aliases: Mapping[str, str]
    catalog: ExerciseCatalog
    redflags: RedFlagContent


def load_texts(content_dir: Path) -> Texts:
    """Read every `texts/*.yaml` file into one key map."""
    folder = content_dir / "texts"
    if not folder.is_dir():
        raise ContentError(f"{folder}: folder missing")
    entries: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read_yaml(path)
        if not isinstance(data, Mapping):
            raise ContentError(f"{path}: must be a mapping of keys to texts")
        _flatten(path.stem, data, entries, path)
    return Texts(entries)


def load_zones(content_dir: Path) -> tuple[tuple[ZoneChoice, ...], dict[str, str]]:
    """Read `zones.yaml`; every zone named must exist in the tz database."""
    from bot.domain.zones import is_valid_zone

    path = content_dir / "zones.yaml"
    data = _read_yaml(path)
    if not isinstance(data, Mapping):
        raise ContentError(f"{path}: must be a mapping with 'common' and 'aliases'")
    choices: list[ZoneChoice] = []
    for i, item in enumerate(data.get("common") or []):
        if not isinstance(item, Mapping) or not {"label", "zone"} <= set(item):
            raise ContentError(f"{path}: common.{i}: needs 'label' and 'zone'")
        if not is_valid_zone(str(item["zone"])):
            raise ContentError(f"{path}: common.{i}.zone: unknown zone {item['zone']!r}")
        choices.append(ZoneChoice(str(item["label"]), str(item["zone"])))
    aliases: dict[str, str] = {}
    for city, zone in (data.get("aliases") or {}).items():
        if not is_valid_zone(str(zone)):
            raise ContentError(f"{path}: aliases.{city}: unknown zone {zone!r}")
        aliases[str(city)] = str(zone)
    return tuple(choices), aliases


def load_content(content_dir: Path) -> Content:
    """Load and validate all of `content/` once, at start-up."""
    zones, aliases = load_zones(content_dir)
    try:
        catalog = load_catalog(content_dir)
    except ExerciseContentError as exc:
        # One error type for start-up, whichever part of content/ is wrong.
        raise ContentError(str(exc)) from exc
    return Content(
        texts=load_texts(content_dir),
        common_zones=zones,
        zone_aliases=aliases,
        catalog=catalog,
        redflags=load_redflags(content_dir),
    )
