"""Loads and validates `content/`: every user-facing sentence, looked up by key.

Texts live in `content/texts/<namespace>.yaml`; a key is `<namespace>.<name>` (nested
mappings add more dots). Placeholders are `{name}`; values filled in are HTML-escaped here,
so no caller can break Telegram's HTML parse mode with user input. Everything is checked
once, at start-up, and a bad file stops it with a `ContentError` naming the file and the
key: the shape of every file (pydantic models, `bot.content.models`), every text's HTML
and placeholders (`bot.content.checks`), the red-flag wording against triage's levels and
flags, and every key code builds at run time (`bot.content.keys`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from bot.content.errors import ContentError
from bot.content.exercises import ExerciseCatalog, load_catalog
from bot.content.files import Problems, display, load_model, load_typed, raise_first
from bot.content.keys import missing_dynamic_keys
from bot.content.models import KEY_SEGMENT, RedFlagsFile, TextTree, ZonesFile

__all__ = [
    "Content",
    "ContentError",
    "RedFlagContent",
    "Texts",
    "ZoneChoice",
    "load_content",
    "load_redflags",
    "load_texts",
    "load_zones",
]

_TEXT_TREE: TypeAdapter[dict[str, Any]] = TypeAdapter(TextTree)
# Texts shown as plain text, where markup would appear as it is: button labels, Telegram's
# command descriptions, the words drawn in pictures.
_PLAIN_KEYS = re.compile(r"(?:[a-z0-9_]+\.)*buttons\..+|common\.commands\..+|charts\..+")
_MARKUP = re.compile(r"[<>&]")


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
        if not values and "{" not in template and "}" not in template:
            return template
        escaped = {k: html.escape(str(v), quote=False) for k, v in values.items()}
        try:
            # Formatting even without values turns a written `{{` into the `{` meant.
            return template.format_map(escaped)
        except KeyError as exc:
            raise KeyError(f"text {key!r} needs a value for {{{exc.args[0]}}}") from None

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


@dataclass(frozen=True)
class Content:
    """Everything loaded from `content/` that the handlers render."""

    texts: Texts
    common_zones: tuple[ZoneChoice, ...]
    zone_aliases: Mapping[str, str]
    catalog: ExerciseCatalog
    redflags: RedFlagContent


# --- texts -------------------------------------------------------------------------------


def _flatten(prefix: str, tree: Mapping[str, Any], out: dict[str, str]) -> None:
    for key, value in tree.items():
        if isinstance(value, Mapping):
            _flatten(f"{prefix}.{key}", value, out)
        else:
            out[f"{prefix}.{key}"] = value


def _check_plain_keys(entries: Mapping[str, str]) -> Problems:
    for key, text in entries.items():
        if _PLAIN_KEYS.fullmatch(key) and (found := _MARKUP.search(text)):
            yield key, f"plain text only: '{found.group()}' would be shown as it is"


def load_texts(content_dir: Path) -> Texts:
    """Read every `texts/*.yaml` file into one key map, each text checked."""
    folder = content_dir / "texts"
    if not folder.is_dir():
        raise ContentError(display(folder, content_dir), "(root)", "folder is missing")
    entries: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = display(path, content_dir)
        namespace = path.stem
        if not KEY_SEGMENT.fullmatch(namespace):
            raise ContentError(name, "(root)", "the file name is the key's first part: a-z, 0-9, _")
        tree = load_typed(path, _TEXT_TREE, content_dir, prefix=namespace)
        found: dict[str, str] = {}
        _flatten(namespace, tree, found)
        raise_first(name, _check_plain_keys(found))
        entries.update(found)
    if not entries:
        raise ContentError(display(folder, content_dir), "(root)", "no text files (*.yaml)")
    return Texts(entries)


def _check_dynamic_keys(texts: Texts, content_dir: Path) -> None:
    missing = missing_dynamic_keys(texts.entries)
    if missing:
        family, key = missing[0]
        namespace = key.split(".", 1)[0]
        name = display(content_dir / "texts" / f"{namespace}.yaml", content_dir)
        raise ContentError(
            name, key, f"missing: code builds this key ({family})", more=len(missing) - 1
        )


# --- red flags ---------------------------------------------------------------------------


def _check_redflags(data: RedFlagsFile) -> Problems:
    from bot.domain.triage import FLAGS, Level

    # Every level above NONE is advice a patient can be given.
    levels = [level.name_lower for level in Level if level is not Level.NONE]
    for level in levels:
        if level not in data.advice:
            yield f"advice.{level}", "missing: triage gives this level"
    for key in data.advice:
        if key not in levels:
            yield f"advice.{key}", f"unknown level (known: {', '.join(levels)})"
    for flag in FLAGS:
        if flag not in data.echo:
            yield f"echo.{flag}", "missing: triage raises this flag"
    for key in data.echo:
        if key not in FLAGS:
            yield f"echo.{key}", "unknown flag: triage never raises it"


def load_redflags(content_dir: Path) -> RedFlagContent:
    """Read `redflags.yaml`; advice for exactly triage's levels, an echo per triage flag."""
    path = content_dir / "redflags.yaml"
    data = load_model(path, RedFlagsFile, content_dir)
    raise_first(display(path, content_dir), _check_redflags(data))
    return RedFlagContent(
        advice=data.advice,
        echo=data.echo,
        way_out=data.way_out,
        warning_signs=data.warning_signs,
        befast=data.befast,
    )


# --- zones -------------------------------------------------------------------------------


def load_zones(content_dir: Path) -> tuple[tuple[ZoneChoice, ...], dict[str, str]]:
    """Read `zones.yaml`; every zone named must exist in the tz database."""
    data = load_model(content_dir / "zones.yaml", ZonesFile, content_dir)
    choices = tuple(ZoneChoice(c.label, c.zone) for c in data.common)
    return choices, dict(data.aliases)


# --- everything --------------------------------------------------------------------------


def load_content(content_dir: Path) -> Content:
    """Load and validate all of `content/` once, at start-up."""
    zones, aliases = load_zones(content_dir)
    catalog = load_catalog(content_dir)
    texts = load_texts(content_dir)
    _check_dynamic_keys(texts, content_dir)
    return Content(
        texts=texts,
        common_zones=zones,
        zone_aliases=aliases,
        catalog=catalog,
        redflags=load_redflags(content_dir),
    )
