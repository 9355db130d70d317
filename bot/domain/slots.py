"""Spreading a once-a-day judgement over the day: each patient has an hour slot, fixed by
their id, and an hourly run judges the slots whose hour has come since the last run.

Used by the no-improvement rule (`bot.services.rules`): a patient's verdict moves only with
the date and their own data. A self-test they complete is a new reading, judged within the
hour (the advice follows the test that shows no change); an extra exercise day only ever
moves the verdict by a day, and waits for the slot. So every patient is judged once a day,
and an hourly run costs a twenty-fourth of the patients instead of all of them, wherever
they live (a clinic's patients all in one zone would otherwise all roll over in one hour).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

SLOTS: Final = 24
EVERY_SLOT: Final = frozenset(range(SLOTS))
_HOUR: Final = dt.timedelta(hours=1)


def slot_of(user_id: int) -> int:
    """The patient's slot: the UTC hour (0-23) in which their daily judgement falls."""
    return user_id % SLOTS


def _hour_start(instant: dt.datetime) -> dt.datetime:
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def slots_due(*, last: dt.datetime | None, now: dt.datetime) -> frozenset[int]:
    """The slots a run at `now` judges, after a last complete run at `last`.

    - No last run (a first run, or the first after an upgrade): every slot.
    - Otherwise each UTC hour after the last run's hour, up to and including now's hour: one
      slot an hour, several after hours without a run, every slot after a day or more.
    - A second run within the same hour (or a clock behind the last run): no slot; that run
      only judges the patients with a new self-test."""
    if last is None:
        return EVERY_SLOT
    now_hour, last_hour = _hour_start(now), _hour_start(last)
    hours = (now_hour - last_hour) // _HOUR
    if hours >= SLOTS:
        return EVERY_SLOT
    return frozenset((now_hour - k * _HOUR).hour for k in range(max(hours, 0)))
