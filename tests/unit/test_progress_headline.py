"""The /progress headline keeps its word: a trend months old is not news, and the weeks of
exercise start at enrolment."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain import selftest
from bot.domain.selftest import Trend
from bot.services.progress import monday_weeks

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
IMPROVING = Trend(kind="improving", delta_total=2)


@pytest.mark.parametrize(
    ("age_days", "kind"), [(0, "improving"), (14, "improving"), (15, "stale"), (120, "stale")]
)
def test_headline_is_stale_after_two_weeks_without_a_test(age_days: int, kind: str) -> None:
    last = NOW - dt.timedelta(days=age_days)
    assert selftest.headline(IMPROVING, last, NOW) == kind


def test_headline_threshold_and_first_test() -> None:
    last = NOW - dt.timedelta(days=10)
    assert selftest.headline(IMPROVING, last, NOW, stale_after=dt.timedelta(days=7)) == "stale"
    assert selftest.headline(Trend(kind="first", delta_total=0), None, NOW) == "first"
    with pytest.raises(ValueError, match="aware"):
        naive = dt.datetime(2026, 11, 1).replace(tzinfo=None)  # on purpose: refused
        selftest.headline(IMPROVING, naive, NOW)


def test_a_first_day_patient_has_one_week() -> None:
    today = dt.date(2026, 12, 1)  # a Tuesday
    assert monday_weeks({today}, today, since=today) == [(dt.date(2026, 11, 30), 1)]


def test_weeks_are_mondays_from_enrolment_and_half_a_year_at_most() -> None:
    today = dt.date(2026, 12, 1)
    weeks = monday_weeks(set(), today, since=dt.date(2026, 11, 12))
    assert [start for start, _ in weeks] == [
        dt.date(2026, 11, 9),
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 30),
    ]
    long_ago = monday_weeks(set(), today, since=dt.date(2025, 1, 1))
    assert len(long_ago) == 26
    assert all(start.weekday() == 0 for start, _ in long_ago)
