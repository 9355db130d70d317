"""Times as therapists read them: in their zone, always with the zone named; no zone (not
asked yet) or an unknown one is UTC, labelled so. The weekly digest comes at DIGEST_WEEKDAY
and DIGEST_HOUR on their clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain import timefmt
from bot.domain.digest import digest_slot

AT = dt.datetime(2026, 7, 1, 21, 30, tzinfo=dt.UTC)
WINTER = dt.datetime(2026, 12, 1, 21, 30, tzinfo=dt.UTC)


def test_local_and_labelled() -> None:
    assert timefmt.local_label(AT, "Europe/Berlin") == "01 Jul 2026 23:30 Europe/Berlin"
    assert timefmt.local_label(WINTER, "Europe/Berlin") == "01 Dec 2026 22:30 Europe/Berlin"
    assert timefmt.local_label(AT, "America/New_York") == "01 Jul 2026 17:30 America/New_York"
    # Across the date line the day changes too.
    assert timefmt.local_date(AT, "Pacific/Kiritimati") == dt.date(2026, 7, 2)
    assert timefmt.local_date(AT, "Pacific/Pago_Pago") == dt.date(2026, 7, 1)


@pytest.mark.parametrize("zone", [None, "", "Not/AZone", "../etc/passwd"])
def test_no_zone_or_a_bad_one_is_utc_and_says_so(zone: str | None) -> None:
    assert timefmt.local_label(AT, zone) == "01 Jul 2026 21:30 UTC"
    assert timefmt.zone_name(zone) == "UTC"


def test_formats_and_iso() -> None:
    assert timefmt.local_label(AT, "Asia/Tokyo", timefmt.DATE_FMT) == "02 Jul 2026 Asia/Tokyo"
    assert timefmt.local_iso(AT, "Europe/Berlin") == "2026-07-01T23:30+02:00"
    assert timefmt.local_iso(AT, None) == "2026-07-01T21:30+00:00"
    other = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert timefmt.local_label(other, None) == "01 Jul 2026 21:30 UTC"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        timefmt.local_label(dt.datetime(2026, 7, 1, 21, 30), "Europe/Berlin")


# --- the digest's slot on the therapist's clock ------------------------------------------------

MONDAY_0900_UTC = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("zone", "slot"),
    [
        (None, dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)),
        ("Europe/Berlin", dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)),
        # 04:00 in New York: Monday 08:00 there has not come yet, so last week's.
        ("America/New_York", dt.datetime(2026, 11, 16, 13, 0, tzinfo=dt.UTC)),
        # Already Monday evening in Tokyo: this morning's, Sunday 23:00 UTC.
        ("Asia/Tokyo", dt.datetime(2026, 11, 22, 23, 0, tzinfo=dt.UTC)),
    ],
)
def test_digest_day_and_hour_are_the_therapists(zone: str | None, slot: dt.datetime) -> None:
    got = digest_slot(MONDAY_0900_UTC, 0, 8, ZoneInfo(zone) if zone else None)
    assert got == slot and got.tzinfo is not None
    local = got.astimezone(ZoneInfo(zone or "UTC"))
    assert (local.weekday(), local.hour, local.minute) == (0, 8, 0)


def test_digest_slot_across_daylight_saving() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # Sunday 29 March 2026 02:00 does not exist in Berlin: the slot is just after the jump.
    after = dt.datetime(2026, 3, 30, 12, 0, tzinfo=dt.UTC)
    assert digest_slot(after, 6, 2, berlin) == dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)
    # Summer and winter: 08:00 local each time, an hour apart in UTC.
    summer = digest_slot(dt.datetime(2026, 7, 6, 12, 0, tzinfo=dt.UTC), 0, 8, berlin)
    winter = digest_slot(dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC), 0, 8, berlin)
    assert (summer.hour, winter.hour) == (6, 7)
    # Never later than now, never a week or more before it.
    for hours in range(0, 24 * 8, 5):
        now = MONDAY_0900_UTC + dt.timedelta(hours=hours)
        got = digest_slot(now, 0, 8, berlin)
        assert now - dt.timedelta(days=7) < got <= now
