"""Pure timing of the therapists' weekly digest: which weekly slot the clock is in."""

from __future__ import annotations

import datetime as dt


def digest_slot(now: dt.datetime, weekday: int, hour: int) -> dt.datetime:
    """The latest weekly digest instant (UTC) at or before `now`."""
    start = now.replace(hour=hour, minute=0, second=0, microsecond=0) - dt.timedelta(
        days=(now.weekday() - weekday) % 7
    )
    return start if start <= now else start - dt.timedelta(days=7)
