"""Pure timing and words of the therapists' weekly digest: which weekly slot the clock is in,
on the therapist's own clock (DIGEST_WEEKDAY and DIGEST_HOUR are read in their zone; no
zone: UTC), and an escalation's level in plain words (`therapist.levels.<level>` in
content/texts/therapist.yaml; the texts are passed in)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.domain.flags import TextLookup


def level_label(texts: TextLookup, level: str) -> str:
    """An escalation's level ("routine", "stop": triage's internal names) in plain words;
    one content does not know (an old row) as it is, never dropped."""
    key = f"therapist.levels.{level}"
    return texts.get(key) if key in texts else level.replace("_", " ")


def digest_slot(
    now: dt.datetime, weekday: int, hour: int, zone: ZoneInfo | None = None
) -> dt.datetime:
    """The latest weekly digest instant at or before `now`: `weekday` (0 = Monday) at
    `hour` o'clock local to `zone` (None: UTC), as a UTC instant.

    On the day clocks go forward an hour that does not exist is read as the one after the
    jump (fold 0 of the gap, as zoneinfo does), so a week never loses its digest."""
    local = now.astimezone(zone or dt.UTC)
    start = local.replace(hour=hour, minute=0, second=0, microsecond=0) - dt.timedelta(
        days=(local.weekday() - weekday) % 7
    )
    # Wall-clock arithmetic above; compared and returned as instants.
    slot = start.astimezone(dt.UTC)
    if slot > now:
        slot = (start - dt.timedelta(days=7)).astimezone(dt.UTC)
    return slot
