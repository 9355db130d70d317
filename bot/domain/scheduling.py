"""Pure scheduling maths: parse local times and find the next due instant, DST-correct.

No I/O and no framework imports. All instants are aware UTC datetimes; local times are
interpreted in the patient's IANA zone with these rules for daylight-saving changes:
a local time that does not exist that day (spring forward) is due at the next valid minute,
and a local time that happens twice (fall back) is due once, at its first occurrence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo

EVERY_DAY = 0b1111111
_MAX_GAP_MINUTES = 3 * 60  # the largest DST gap in the tz database is 2 h; keep a margin

_TIME_RE = re.compile(
    r"^\s*(?P<h>\d{1,2})(?:\s*(?:[:.h]|\s)\s*(?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s*m\.?)?\s*$",
    re.IGNORECASE,
)
_COMPACT_RE = re.compile(r"^\s*(?P<h>\d{2})(?P<m>\d{2})\s*$")


def parse_local_time(text: str) -> dt.time | None:
    """Read a wall-clock time as people type it ("08:30", "8.30", "7pm", "0730", "19 h 05").

    Returns None for anything that is not a real time of day (e.g. "25:99").
    """
    if len(text) > 16:
        return None
    match = _TIME_RE.match(text) or _COMPACT_RE.match(text)
    if match is None:
        return None
    hour = int(match["h"])
    minute = int(match["m"] or 0)
    ampm = (match.groupdict().get("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return dt.time(hour, minute)


def format_times(times: Iterable[dt.time]) -> str:
    """Serialise local times as stored in `Schedule.times` ("08:00,18:30")."""
    return ",".join(t.strftime("%H:%M") for t in sorted(set(times)))


def parse_times(stored: str) -> list[dt.time]:
    """Inverse of `format_times`; the stored form is written only by us."""
    return [dt.time.fromisoformat(part) for part in stored.split(",") if part]


def _minutes_apart(a: dt.time, b: dt.time) -> int:
    """How far apart two wall-clock times are, round the clock (23:00 and 01:00: 120)."""
    gap = abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))
    return min(gap, 24 * 60 - gap)


def change_times(
    current: Iterable[dt.time], typed: Iterable[dt.time], *, only: bool = False
) -> list[dt.time]:
    """The daily times after a change to `typed`, sorted.

    Several typed times replace them all: the patient said every time. One typed time moves
    only the nearest current time (the earlier on a tie) and keeps the others, so moving the
    morning reminder of a twice-daily patient keeps the evening one; `only` ("only 08:00")
    makes the typed times the whole list, the way back to fewer times.
    """
    now, new = sorted(set(current)), sorted(set(typed))
    if only or len(new) != 1 or len(now) <= 1:
        return new
    (at,) = new
    nearest = min(now, key=lambda t: (_minutes_apart(t, at), t))
    return sorted((set(now) - {nearest}) | {at})


def weekday_allowed(weekdays: int, day: dt.date) -> bool:
    """True when `day`'s weekday (Monday = bit 0) is set in the mask."""
    return bool(weekdays & (1 << day.weekday()))


def local_to_utc(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of local `day` `at` in `zone`, with the module's DST rules."""
    naive = dt.datetime.combine(day, at)
    for _ in range(_MAX_GAP_MINUTES + 1):
        aware = naive.replace(tzinfo=zone, fold=0)
        # A wall time inside a spring-forward gap does not survive the round trip.
        if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive:
            return aware.astimezone(dt.UTC)
        naive += dt.timedelta(minutes=1)
    raise ValueError(f"no valid local time near {day} {at} in {zone.key}")


def next_due(
    *,
    times: Iterable[dt.time],
    weekdays: int,
    zone: ZoneInfo,
    after: dt.datetime,
) -> dt.datetime | None:
    """The first due instant strictly after `after`, or None if no weekday is selected."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    slots = sorted(set(times))
    if not slots or not weekdays & EVERY_DAY:
        return None
    start = after.astimezone(zone).date() - dt.timedelta(days=1)
    for offset in range(9):
        day = start + dt.timedelta(days=offset)
        if not weekday_allowed(weekdays, day):
            continue
        for at in slots:
            due = local_to_utc(day, at, zone)
            if due > after:
                return due
    return None
