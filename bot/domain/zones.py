"""Pure time-zone lookup: turn what a patient types ("Lisbon", "new york", "UTC+2",
"Europe/Berlin", "EST") into an IANA zone name, a question (which place an abbreviation
means) or a few suggestions when it is close but not exact.

Abbreviations are never taken as the tz database's legacy zones of the same name ("EST" is
fixed UTC−5 there, so a New Yorker's prompt would come an hour early all summer): one that
people use for a region with daylight saving, or for several places, is a question whose
candidates are `AMBIGUOUS[abbreviation]`. Fixed offsets are kept as zones `zoneinfo` loads,
so every part of the bot that does `ZoneInfo(user.timezone)` handles them unchanged: whole
hours as "Etc/GMT-5" style names (POSIX signs: UTC+5 is "Etc/GMT-5"), the few real
non-whole-hour offsets as the one place on that offset all year (`FRACTIONAL`), which is
the only way the tz database spells them.
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_MAX_INPUT = 64
# "UTC+5", "gmt -3", "+05:45", "UTC−5" (a real minus), "utc+0530"; the sign is required
# when there is no "UTC"/"GMT", so "5:30" stays a time, never an offset.
_OFFSET_RE = re.compile(r"^(?:(utc|gmt)([+-])|([+-]))(\d{1,2})(?:[:.h]?(\d{2}))?$")
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})
# The tz database's range: UTC−12 (Baker Island) to UTC+14 (Line Islands).
MIN_OFFSET, MAX_OFFSET = -12 * 60, 14 * 60

# Non-whole-hour offsets with a place that keeps them all year, checked against the tz
# database by the tests. Offsets used only by places with daylight saving (−3:30
# Newfoundland, +10:30 Lord Howe, +12:45 Chatham) have no fixed zone: their place is
# suggested instead.
FRACTIONAL: Mapping[int, str] = MappingProxyType(
    {
        -(9 * 60 + 30): "Pacific/Marquesas",
        3 * 60 + 30: "Asia/Tehran",
        4 * 60 + 30: "Asia/Kabul",
        5 * 60 + 30: "Asia/Kolkata",
        5 * 60 + 45: "Asia/Kathmandu",
        6 * 60 + 30: "Asia/Yangon",
        8 * 60 + 45: "Australia/Eucla",
        9 * 60 + 30: "Australia/Darwin",
    }
)
_SEASONAL_ONLY: Mapping[int, str] = MappingProxyType(
    {
        -(3 * 60 + 30): "America/St_Johns",
        10 * 60 + 30: "Australia/Lord_Howe",
        12 * 60 + 45: "Pacific/Chatham",
        13 * 60 + 45: "Pacific/Chatham",
    }
)


def fixed_zone_name(minutes: int) -> str:
    """The zone name of a whole-hour offset east of UTC (POSIX signs are inverted)."""
    hours = minutes // 60
    return "UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


# Which places an abbreviation can mean, in the order offered. The fixed offset is offered
# where people also use it for a region without daylight saving (or just mean the offset).
AMBIGUOUS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "EST": ("America/New_York", fixed_zone_name(-5 * 60)),
        "EDT": ("America/New_York", fixed_zone_name(-4 * 60)),
        "CST": ("America/Chicago", "Asia/Shanghai", fixed_zone_name(-6 * 60)),
        "CDT": ("America/Chicago", fixed_zone_name(-5 * 60)),
        "MST": ("America/Denver", "America/Phoenix", fixed_zone_name(-7 * 60)),
        "MDT": ("America/Denver", fixed_zone_name(-6 * 60)),
        "PST": ("America/Los_Angeles", "Asia/Manila", fixed_zone_name(-8 * 60)),
        "PDT": ("America/Los_Angeles", fixed_zone_name(-7 * 60)),
        "AKST": ("America/Anchorage", fixed_zone_name(-9 * 60)),
        "AST": ("America/Halifax", "America/Puerto_Rico", "Asia/Riyadh"),
        "GMT": ("Europe/London", "UTC"),
        "BST": ("Europe/London", "Asia/Dhaka"),
        "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
        "WET": ("Europe/Lisbon", "UTC"),
        "WEST": ("Europe/Lisbon", fixed_zone_name(1 * 60)),
        "CET": ("Europe/Berlin", fixed_zone_name(1 * 60)),
        "CEST": ("Europe/Berlin", fixed_zone_name(2 * 60)),
        "MET": ("Europe/Berlin", fixed_zone_name(1 * 60)),
        "EET": ("Europe/Athens", fixed_zone_name(2 * 60)),
        "EEST": ("Europe/Athens", fixed_zone_name(3 * 60)),
        "AEST": ("Australia/Sydney", "Australia/Brisbane", fixed_zone_name(10 * 60)),
        "AEDT": ("Australia/Sydney", fixed_zone_name(11 * 60)),
        "ACST": ("Australia/Adelaide", "Australia/Darwin"),
        "NZST": ("Pacific/Auckland", fixed_zone_name(12 * 60)),
        "NZDT": ("Pacific/Auckland", fixed_zone_name(13 * 60)),
    }
)
# Abbreviations of one place only, which keeps its offset all year or follows its own
# daylight saving: taken at once.
UNAMBIGUOUS: Mapping[str, str] = MappingProxyType(
    {
        "ET": "America/New_York",
        "CT": "America/Chicago",
        "MT": "America/Denver",
        "PT": "America/Los_Angeles",
        "AKDT": "America/Anchorage",
        "ACDT": "Australia/Adelaide",
        "HST": "Pacific/Honolulu",
        "NST": "America/St_Johns",
        "NDT": "America/St_Johns",
        "MSK": "Europe/Moscow",
        "SAST": "Africa/Johannesburg",
        "PKT": "Asia/Karachi",
        "NPT": "Asia/Kathmandu",
        "SGT": "Asia/Singapore",
        "HKT": "Asia/Hong_Kong",
        "PHT": "Asia/Manila",
        "WIB": "Asia/Jakarta",
        "JST": "Asia/Tokyo",
        "KST": "Asia/Seoul",
        "AWST": "Australia/Perth",
    }
)


@dataclass(frozen=True)
class ZoneMatch:
    """What `text` meant: a zone, or a question, or nothing (with close names to offer).

    `choices`: the places `abbreviation` can mean, to ask which (then `zone` is None).
    `fixed`: the offset ("UTC+5:30") when the zone is a fixed offset the patient typed, who
    must be told it does not follow daylight saving. `bad_offset`: an offset was typed but
    no zone keeps it (out of range, or not a real offset such as UTC+5:20).
    """

    zone: str | None
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    choices: tuple[str, ...] = field(default_factory=tuple)
    abbreviation: str | None = None
    fixed: str | None = None
    bad_offset: bool = False


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


def offset_label(minutes: int) -> str:
    """An offset for people: "UTC+5:30", "UTC−5" (a real minus sign), "UTC+0"."""
    sign = "\u2212" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def fixed_offset(zone: str) -> int | None:
    """The offset in minutes east of UTC of a fixed-offset zone name ("Etc/GMT+5": −300,
    "UTC": 0), None for a place."""
    if zone in {"UTC", "Etc/UTC", "Etc/GMT", "GMT"}:
        return 0
    found = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", zone)
    if found is None:
        return None
    # POSIX: "Etc/GMT+5" is five hours *behind* UTC.
    return (-1 if found[1] == "+" else 1) * int(found[2]) * 60


def display_name(zone: str) -> str:
    """How a stored zone is shown to people: "UTC−5" for a fixed offset (never the POSIX
    "Etc/GMT+5", whose sign reads backwards), otherwise its tz name."""
    minutes = fixed_offset(zone)
    return zone if minutes is None else offset_label(minutes)


def parse_offset(text: str) -> int | None:
    """Minutes east of UTC of a typed offset ("UTC+5:30" 330, "GMT-3" −180, "+05:45", "UTC−5"),
    whether or not any zone keeps it; None when `text` is not an offset."""
    parts = _offset_parts(text)
    if parts is None or parts[2] >= 60:
        return None
    sign, hours, minutes = parts
    return sign * (hours * 60 + minutes)


def _offset_parts(text: str) -> tuple[int, int, int] | None:
    key = re.sub(r"\s+", "", text.strip().lower().translate(_MINUSES))
    found = _OFFSET_RE.fullmatch(key)
    if found is None:
        return None
    sign = found[2] or found[3]
    return (-1 if sign == "-" else 1), int(found[4]), int(found[5] or 0)


def _offset_match(minutes: int) -> ZoneMatch:
    if not MIN_OFFSET <= minutes <= MAX_OFFSET:
        return ZoneMatch(None, bad_offset=True)
    if minutes % 60 == 0:
        return ZoneMatch(fixed_zone_name(minutes), fixed=offset_label(minutes))
    if minutes in FRACTIONAL:
        return ZoneMatch(FRACTIONAL[minutes], fixed=offset_label(minutes))
    if minutes in _SEASONAL_ONLY:
        return ZoneMatch(None, suggestions=(_SEASONAL_ONLY[minutes],))
    return ZoneMatch(None, bad_offset=True)


def choices(abbreviation: str) -> tuple[str, ...]:
    """The places an ambiguous abbreviation can mean (empty for any other text)."""
    return AMBIGUOUS.get(abbreviation.strip().upper(), ())


def place_key(zone: str) -> str:
    """The text-key name of a place offered for an abbreviation: "america_new_york"."""
    return zone.lower().replace("/", "_")


def places() -> tuple[str, ...]:
    """Every place (not fixed offset) any abbreviation offers, for its label's text key."""
    every = (z for zones in AMBIGUOUS.values() for z in zones if fixed_offset(z) is None)
    return tuple(dict.fromkeys(every))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " "))


def resolve_zone(text: str, aliases: Mapping[str, str] | None = None) -> ZoneMatch:
    """Find the zone meant by `text`; `aliases` maps extra city names to zones."""
    raw = text.strip()
    if not raw or len(raw) > _MAX_INPUT:
        return ZoneMatch(None)
    # Abbreviations first: "EST", "CET" and "MST" are also legacy tz names, fixed all year.
    upper = raw.upper()
    if upper in AMBIGUOUS:
        return ZoneMatch(None, choices=AMBIGUOUS[upper], abbreviation=upper)
    if upper in UNAMBIGUOUS:
        return ZoneMatch(UNAMBIGUOUS[upper])
    # Offsets before tz names too: "GMT+0" and "GMT-0" are legacy names of their own.
    if _offset_parts(raw) is not None:
        minutes = parse_offset(raw)
        return ZoneMatch(None, bad_offset=True) if minutes is None else _offset_match(minutes)
    lowered = {z.lower(): z for z in _zones()}
    if raw.lower() in lowered:
        return ZoneMatch(lowered[raw.lower()])
    key = _clean(raw)
    if key in {"utc", "z"}:
        return ZoneMatch("UTC")
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
