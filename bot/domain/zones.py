"""Pure time-zone lookup: turn what a patient types ("Lisbon", "new york", "UTC+2",
"Europe/Berlin") into an IANA zone name, or a few suggestions when it is close but not exact.
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field

_OFFSET_RE = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})(?::?00)?$")
_MAX_INPUT = 64


@dataclass(frozen=True)
class ZoneMatch:
    """The zone found (or None) and close names to offer when nothing matched exactly."""

    zone: str | None
    suggestions: tuple[str, ...] = field(default_factory=tuple)


@functools.cache
def _zones() -> frozenset[str]:
    # Legacy aliases such as "US/Eastern" stay valid input but are not offered as suggestions.
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def _by_city() -> dict[str, str]:
    index: dict[str, str] = {}
    for name in sorted(_zones()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/")):
            continue
        city = name.rsplit("/", 1)[1].replace("_", " ").lower()
        # Prefer canonical continents over legacy aliases (e.g. "US/Pacific" has no city).
        index.setdefault(city, name)
    return index


def is_valid_zone(name: str) -> bool:
    """True for a zone name the tz database knows."""
    return name in _zones()


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " "))


def resolve_zone(text: str, aliases: Mapping[str, str] | None = None) -> ZoneMatch:
    """Find the zone meant by `text`; `aliases` maps extra city names to zones."""
    raw = text.strip()
    if not raw or len(raw) > _MAX_INPUT:
        return ZoneMatch(None)
    lowered = {z.lower(): z for z in _zones()}
    if raw.lower() in lowered:
        return ZoneMatch(lowered[raw.lower()])
    key = _clean(raw)
    if key in {"utc", "gmt", "z"}:
        return ZoneMatch("UTC")
    offset = _OFFSET_RE.match(key.replace(" ", ""))
    if offset:
        hours = int(offset[2])
        if hours <= 14:
            # The Etc zones' signs are inverted by POSIX convention: UTC+2 is Etc/GMT-2.
            sign = "-" if offset[1] == "+" else "+"
            return ZoneMatch("UTC" if hours == 0 else f"Etc/GMT{sign}{hours}")
    normalised_aliases = {_clean(k): v for k, v in (aliases or {}).items()}
    if key in normalised_aliases and is_valid_zone(normalised_aliases[key]):
        return ZoneMatch(normalised_aliases[key])
    cities = _by_city()
    if key in cities:
        return ZoneMatch(cities[key])
    # Strip a trailing country or state ("Paris, France", "Austin TX") and try again.
    head = re.split(r"[,(]", key, maxsplit=1)[0].strip()
    if head != key and (head in cities or head in normalised_aliases):
        return ZoneMatch(normalised_aliases.get(head) or cities[head])
    candidates = {**cities, **normalised_aliases}
    close = difflib.get_close_matches(head or key, list(candidates), n=3, cutoff=0.75)
    suggestions = tuple(dict.fromkeys(candidates[c] for c in close if is_valid_zone(candidates[c])))
    return ZoneMatch(None, suggestions)
