"""Times as a therapist reads them: in their own zone (`Therapist.timezone`; None, not asked
yet, or unknown: UTC) and always labelled with that zone's name, so no time is ever shown
without saying whose clock it is. Pure: the zone name and the instant are passed in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_NAME = "UTC"
# Day month year and 24-hour time: read the same way everywhere, no am/pm to mistake.
TIME_FMT = "%d %b %Y %H:%M"
DATE_FMT = "%d %b %Y"
SHORT_FMT = "%a %d %b %H:%M"


def zone_of(zone: str | None) -> ZoneInfo:
    """The zone to show times in: `zone`, or UTC when None or not a known IANA name."""
    if not zone:
        return ZoneInfo(UTC_NAME)
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(UTC_NAME)


def zone_name(zone: str | None) -> str:
    """The label of the zone times are shown in ("Europe/Berlin", or "UTC")."""
    return str(zone_of(zone).key)


def to_local(at: dt.datetime, zone: str | None) -> dt.datetime:
    """`at` (aware) on the clock of `zone`."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"a timezone-aware datetime is needed, got {at!r}")
    return at.astimezone(zone_of(zone))


def local_label(at: dt.datetime, zone: str | None, fmt: str = TIME_FMT) -> str:
    """`at` in `zone`, with the zone named: "01 Dec 2026 21:15 Europe/Berlin"."""
    return f"{to_local(at, zone).strftime(fmt)} {zone_name(zone)}"


def local_date(at: dt.datetime, zone: str | None) -> dt.date:
    """The date `at` falls on in `zone`."""
    return to_local(at, zone).date()


def local_iso(at: dt.datetime, zone: str | None) -> str:
    """`at` as ISO-8601 with the zone's offset, to the minute (for the dashboard's JSON)."""
    return to_local(at, zone).isoformat(timespec="minutes")
