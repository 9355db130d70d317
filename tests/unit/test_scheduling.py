"""Pure scheduling: local time parsing and the next due instant across zones and DST."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.scheduling import (
    EVERY_DAY,
    change_times,
    format_times,
    next_due,
    parse_local_time,
    parse_times,
)

UTC = dt.UTC


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", dt.time(8, 0)),
        ("8:05", dt.time(8, 5)),
        ("8.30", dt.time(8, 30)),
        ("19h05", dt.time(19, 5)),
        ("7 30", dt.time(7, 30)),
        ("0730", dt.time(7, 30)),
        ("7", dt.time(7, 0)),
        ("7pm", dt.time(19, 0)),
        ("7:15 PM", dt.time(19, 15)),
        ("12am", dt.time(0, 0)),
        ("12 p.m.", dt.time(12, 0)),
        ("23:59", dt.time(23, 59)),
        ("00:00", dt.time(0, 0)),
    ],
)
def test_parse_local_time_accepts_what_people_type(text: str, expected: dt.time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize(
    "text", ["25:99", "24:00", "12:60", "13pm", "0am", "noonish", "", "8:5", "1:2:3", "x" * 5000]
)
def test_parse_local_time_rejects_nonsense(text: str) -> None:
    assert parse_local_time(text) is None


def test_times_round_trip() -> None:
    times = [dt.time(18, 30), dt.time(8, 0), dt.time(8, 0)]
    assert format_times(times) == "08:00,18:30"
    assert parse_times("08:00,18:30") == [dt.time(8, 0), dt.time(18, 30)]


@pytest.mark.parametrize(
    ("zone", "after", "expected"),
    [
        # East of UTC: 08:00 in Tokyo is 23:00 UTC the day before.
        ("Asia/Tokyo", utc(2026, 11, 22, 12, 0), utc(2026, 11, 22, 23, 0)),
        # West of UTC: 08:00 in Los Angeles (PST) is 16:00 UTC the same day.
        ("America/Los_Angeles", utc(2026, 11, 22, 12, 0), utc(2026, 11, 22, 16, 0)),
        # Far east, across the date line.
        ("Pacific/Kiritimati", utc(2026, 11, 22, 12, 0), utc(2026, 11, 22, 18, 0)),
        ("UTC", utc(2026, 11, 22, 8, 0), utc(2026, 11, 23, 8, 0)),
    ],
)
def test_next_due_in_zones_on_both_sides_of_utc(
    zone: str, after: dt.datetime, expected: dt.datetime
) -> None:
    got = next_due(times=[dt.time(8, 0)], weekdays=EVERY_DAY, zone=ZoneInfo(zone), after=after)
    assert got == expected


def test_eight_oclock_stays_local_across_europe_spring_forward() -> None:
    zone = ZoneInfo("Europe/Berlin")
    # 2026-03-29: clocks go from 02:00 CET to 03:00 CEST.
    before = next_due(times=[dt.time(8)], weekdays=EVERY_DAY, zone=zone, after=utc(2026, 3, 28, 0))
    after = next_due(times=[dt.time(8)], weekdays=EVERY_DAY, zone=zone, after=utc(2026, 3, 29, 0))
    assert before == utc(2026, 3, 28, 7)  # 08:00 CET
    assert after == utc(2026, 3, 29, 6)  # 08:00 CEST
    assert after is not None and after.astimezone(zone).time() == dt.time(8)


def test_missing_local_time_goes_to_next_valid_minute_in_america() -> None:
    zone = ZoneInfo("America/New_York")
    # 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
    got = next_due(times=[dt.time(2, 30)], weekdays=EVERY_DAY, zone=zone, after=utc(2026, 3, 8, 0))
    assert got is not None
    assert got.astimezone(zone).replace(tzinfo=None) == dt.datetime(2026, 3, 8, 3, 0)


def test_repeated_hour_sends_once_in_europe_fall_back() -> None:
    zone = ZoneInfo("Europe/London")
    # 2026-10-25: 02:00 BST goes back to 01:00 GMT, so 01:30 happens twice.
    first = next_due(
        times=[dt.time(1, 30)], weekdays=EVERY_DAY, zone=zone, after=utc(2026, 10, 24, 12)
    )
    assert first == utc(2026, 10, 25, 0, 30)  # 01:30 BST, the first occurrence
    second = next_due(times=[dt.time(1, 30)], weekdays=EVERY_DAY, zone=zone, after=first)
    assert second == utc(2026, 10, 26, 1, 30)  # not 01:30 GMT the same night


def test_fall_back_in_america_keeps_local_time() -> None:
    zone = ZoneInfo("America/Chicago")
    # 2026-11-01: CDT -> CST.
    got = next_due(times=[dt.time(8)], weekdays=EVERY_DAY, zone=zone, after=utc(2026, 11, 1, 0))
    assert got == utc(2026, 11, 1, 14)  # 08:00 CST = 14:00 UTC


def test_weekday_filter_skips_to_the_next_allowed_day() -> None:
    monday_only = 0b0000001
    # 2026-11-22 is a Sunday.
    got = next_due(
        times=[dt.time(9)], weekdays=monday_only, zone=ZoneInfo("UTC"), after=utc(2026, 11, 22, 10)
    )
    assert got == utc(2026, 11, 23, 9)
    weekend = 0b1100000
    got = next_due(
        times=[dt.time(9)], weekdays=weekend, zone=ZoneInfo("UTC"), after=utc(2026, 11, 23, 10)
    )
    assert got == utc(2026, 11, 28, 9)


def test_several_times_a_day_pick_the_next_one() -> None:
    times = [dt.time(8), dt.time(13), dt.time(19)]
    got = next_due(
        times=times, weekdays=EVERY_DAY, zone=ZoneInfo("UTC"), after=utc(2026, 11, 22, 8)
    )
    assert got == utc(2026, 11, 22, 13)


def test_no_weekday_means_never() -> None:
    assert (
        next_due(times=[dt.time(8)], weekdays=0, zone=ZoneInfo("UTC"), after=utc(2026, 1, 1))
        is None
    )


def test_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_due(
            times=[dt.time(8)],
            weekdays=EVERY_DAY,
            zone=ZoneInfo("UTC"),
            after=dt.datetime(2026, 1, 1),
        )


ZONES = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Pacific/Chatham",
]


@given(
    zone=st.sampled_from(ZONES),
    minute_of_day=st.integers(0, 24 * 60 - 1),
    weekdays=st.integers(1, EVERY_DAY),
    after=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
        timezones=st.just(UTC),
    ),
)
def test_next_due_properties(
    zone: str, minute_of_day: int, weekdays: int, after: dt.datetime
) -> None:
    tz = ZoneInfo(zone)
    at = dt.time(minute_of_day // 60, minute_of_day % 60)
    due = next_due(times=[at], weekdays=weekdays, zone=tz, after=after)
    assert due is not None
    # Strictly later, within eight days, on an allowed weekday.
    assert after < due <= after + dt.timedelta(days=8, hours=3)
    local = due.astimezone(tz)
    assert weekdays & (1 << local.weekday())
    # At the chosen local time, unless that time did not exist (then within the DST gap).
    naive_target = dt.datetime.combine(local.date(), at)
    assert local.replace(tzinfo=None) >= naive_target
    assert local.replace(tzinfo=None) - naive_target <= dt.timedelta(hours=2)
    # Asking again from the due instant never returns the same instant (no duplicates).
    again = next_due(times=[at], weekdays=weekdays, zone=tz, after=due)
    assert again is not None and again > due


def _t(*hhmm: str) -> list[dt.time]:
    return [dt.time.fromisoformat(x) for x in hhmm]


def test_only_makes_the_typed_times_the_whole_list() -> None:
    assert change_times(_t("08:00", "18:00"), _t("09:00"), only=True) == _t("09:00")


@pytest.mark.parametrize(
    ("current", "typed", "expected"),
    [
        (("08:00",), ("09:30",), ("09:30",)),  # one time: it is replaced
        ((), ("09:30",), ("09:30",)),
        (("08:00", "18:00"), ("09:00",), ("09:00", "18:00")),  # the nearest moves
        (("08:00", "18:00"), ("17:00",), ("08:00", "17:00")),
        (("08:00", "16:00"), ("12:00",), ("12:00", "16:00")),  # a tie moves the earlier
        (("01:00", "12:00"), ("23:00",), ("12:00", "23:00")),  # round the clock
        (("08:00", "18:00"), ("18:00",), ("08:00", "18:00")),  # already there
        (("08:00", "13:00", "18:00"), ("07:00", "19:00"), ("07:00", "19:00")),  # all typed
    ],
)
def test_change_times_keeps_the_times_not_changed(
    current: tuple[str, ...], typed: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert change_times(_t(*current), _t(*typed)) == _t(*expected)


@given(
    st.lists(st.times().map(lambda t: t.replace(second=0, microsecond=0)), max_size=3),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_one_typed_time_changes_at_most_one_time(current: list[dt.time], at: dt.time) -> None:
    result = change_times(current, [at])
    assert at in result
    assert len(set(current) - set(result)) <= 1
    assert len(result) == max(1, len(set(current)))
