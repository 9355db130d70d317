"""Hour slots of the daily judgement (`bot.domain.slots`): which slots a run judges."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.domain.slots import EVERY_SLOT, SLOTS, slot_of, slots_due

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


def test_a_first_run_judges_every_slot() -> None:
    assert slots_due(last=None, now=NOW) == EVERY_SLOT == frozenset(range(24))


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (NOW - H, {9}),  # the usual hourly run
        (NOW - dt.timedelta(minutes=55), {9}),  # a tick a little early still moves on an hour
        (NOW - dt.timedelta(minutes=20), set()),  # a second run in the same hour
        (NOW + dt.timedelta(minutes=40), set()),  # a clock behind the last run's
        (NOW - 3 * H, {7, 8, 9}),  # runs missed: each hour since is judged once
        (NOW - 10 * H, set(range(0, 10))),
        (NOW - 23 * H, set(range(24)) - {10}),  # slot 10 was judged 23 hours ago
        (NOW - 24 * H, set(range(24))),
        (NOW - dt.timedelta(days=9), set(range(24))),
    ],
)
def test_a_run_judges_each_hour_since_the_last_run(last: dt.datetime, expected: set[int]) -> None:
    assert slots_due(last=last, now=NOW) == expected


def test_slots_wrap_round_midnight_and_follow_utc_not_the_offset() -> None:
    now = dt.datetime(2026, 11, 24, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=5)))  # 20:10 UTC
    last = dt.datetime(2026, 11, 23, 22, 50, tzinfo=dt.UTC)
    assert slots_due(last=last, now=now) == set()  # 20:10 UTC is before 22:50 UTC
    late = dt.datetime(2026, 11, 24, 2, 5, tzinfo=dt.UTC)
    assert slots_due(last=last, now=late) == {23, 0, 1, 2}


def test_over_a_day_of_hourly_runs_every_slot_is_judged_exactly_once() -> None:
    last, judged = NOW, list[int]()
    for hour in range(1, 25):
        now = NOW + hour * H + dt.timedelta(minutes=hour % 7)  # ticks that drift a little
        judged.extend(slots_due(last=last, now=now))
        last = now
    assert sorted(judged) == list(range(SLOTS))


def test_each_patient_has_one_slot_and_the_slots_share_the_patients_evenly() -> None:
    counts = [0] * SLOTS
    for uid in range(1_000_000, 1_024_000):
        counts[slot_of(uid)] += 1
    assert counts == [1000] * SLOTS


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        slots_due(last=NOW.replace(tzinfo=None), now=NOW)
