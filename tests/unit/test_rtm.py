"""The remote-monitoring report's periods: back to back 30-day periods from the first day,
distinct days counted, the last period cut at the end date and marked incomplete."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.rtm import PERIOD_DAYS, Period, first_day, periods

D0 = dt.date(2026, 1, 1)


def day(n: int) -> dt.date:
    return D0 + dt.timedelta(days=n)


def test_periods_run_back_to_back_and_count_distinct_days() -> None:
    days = [day(0), day(0), day(5), day(29), day(30), day(61)]
    assert periods(days, start=day(0), period_end=day(65)) == [
        Period(day(0), day(29), 3, complete=True),
        Period(day(30), day(59), 1, complete=True),
        Period(day(60), day(65), 1, complete=False),
    ]


def test_the_last_period_ends_on_the_end_date_and_days_after_it_do_not_count() -> None:
    (only,) = periods([day(3), day(40)], start=day(0), period_end=day(29))
    assert only == Period(day(0), day(29), 1, complete=True)
    (cut,) = periods([day(3), day(10)], start=day(0), period_end=day(5))
    assert cut == Period(day(0), day(5), 1, complete=False)


def test_no_start_or_a_start_after_the_end_gives_no_period() -> None:
    assert periods([day(1)], start=None, period_end=day(10)) == []
    assert periods([day(1)], start=day(11), period_end=day(10)) == []
    assert periods([], start=day(10), period_end=day(10)) == [
        Period(day(10), day(10), 0, complete=PERIOD_DAYS == 1)
    ]


def test_days_before_the_start_are_not_counted() -> None:
    (p,) = periods([day(-1), day(2)], start=day(0), period_end=day(29))
    assert p.days_with_data == 1


def test_the_first_day_is_the_first_exercise_day_else_the_link_day() -> None:
    assert first_day({day(4), day(2)}, linked_on=day(0)) == day(2)
    assert first_day(set(), linked_on=day(7)) == day(7)
    assert first_day(set(), linked_on=None) is None


def test_a_period_lasts_at_least_a_day() -> None:
    with pytest.raises(ValueError):
        periods([], start=day(0), period_end=day(1), length=0)
