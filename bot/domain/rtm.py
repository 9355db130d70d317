"""Remote therapeutic monitoring: days with exercise data in each 30-day period.

Clinics that bill remote monitoring count, per patient and per 30-day period, the days on
which the patient sent data (here: a completed drill session or a self-test, by the
patient's local date). The periods run back to back from the patient's first day (their
first exercise day, else the day they were linked) up to the report's end date; the last
one stops at that date and says whether it is complete.

Pure: the caller reads the days from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["PERIOD_DAYS", "Period", "first_day", "periods"]

PERIOD_DAYS = 30


@dataclass(frozen=True, slots=True)
class Period:
    """One 30-day period (`end` inclusive) and its number of days with data."""

    start: dt.date
    end: dt.date
    days_with_data: int
    # False for the last period when the report's end date falls inside it.
    complete: bool


def first_day(days: Collection[dt.date], *, linked_on: dt.date | None) -> dt.date | None:
    """Where a patient's periods start: the first day with data, else the day they were
    linked; None when neither is known (no period at all)."""
    if days:
        return min(days)
    return linked_on


def periods(
    days: Collection[dt.date],
    *,
    start: dt.date | None,
    period_end: dt.date,
    length: int = PERIOD_DAYS,
) -> list[Period]:
    """The consecutive periods from `start` up to `period_end` (inclusive), each with the
    number of distinct days of `days` inside it; none if `start` is None or after the end."""
    if length < 1:
        raise ValueError("a period lasts at least one day")
    if start is None or start > period_end:
        return []
    distinct = {d for d in days if start <= d <= period_end}
    out: list[Period] = []
    begin = start
    while begin <= period_end:
        full_end = begin + dt.timedelta(days=length - 1)
        end = min(full_end, period_end)
        count = sum(1 for d in distinct if begin <= d <= end)
        out.append(Period(start=begin, end=end, days_with_data=count, complete=end == full_end))
        begin = full_end + dt.timedelta(days=1)
    return out
