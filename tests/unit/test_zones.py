"""Pure time-zone lookup from what patients type: cities, zone names, abbreviations (asked
about when they mean several places or a region with daylight saving) and fixed offsets."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.domain import scheduling
from bot.domain.zones import (
    AMBIGUOUS,
    FRACTIONAL,
    MAX_OFFSET,
    MIN_OFFSET,
    UNAMBIGUOUS,
    choices,
    display_name,
    fixed_offset,
    fixed_zone_name,
    is_valid_zone,
    offset_label,
    parse_offset,
    places,
    resolve_zone,
)

ALIASES = {"Munich": "Europe/Berlin", "san francisco": "America/Los_Angeles"}


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("  Lisbon ", "Europe/Lisbon"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("Paris, France", "Europe/Paris"),
        ("munich", "Europe/Berlin"),
        ("San Francisco", "America/Los_Angeles"),
        ("UTC", "UTC"),
        ("Etc/GMT-5", "Etc/GMT-5"),
        ("jst", "Asia/Tokyo"),
        ("PT", "America/Los_Angeles"),
    ],
)
def test_resolves(text: str, zone: str) -> None:
    assert resolve_zone(text, ALIASES).zone == zone


@pytest.mark.parametrize("abbreviation", sorted(AMBIGUOUS))
def test_every_ambiguous_abbreviation_asks_with_its_places(abbreviation: str) -> None:
    for typed in (abbreviation, abbreviation.lower(), f" {abbreviation.title()} "):
        match = resolve_zone(typed, ALIASES)
        assert match.zone is None
        assert (match.abbreviation, match.choices) == (abbreviation, AMBIGUOUS[abbreviation])
    assert choices(abbreviation) == AMBIGUOUS[abbreviation]
    assert len(AMBIGUOUS[abbreviation]) >= 2
    assert all(is_valid_zone(zone) for zone in AMBIGUOUS[abbreviation])


def test_the_asked_examples() -> None:
    assert AMBIGUOUS["EST"] == ("America/New_York", "Etc/GMT+5")
    assert AMBIGUOUS["IST"] == ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem")
    assert AMBIGUOUS["CST"] == ("America/Chicago", "Asia/Shanghai", "Etc/GMT+6")
    for abbreviation in ("PST", "BST", "MST", "AEST", "CET", "EET", "GMT"):
        assert abbreviation in AMBIGUOUS


def test_no_abbreviation_is_taken_as_the_legacy_zone_of_its_name() -> None:
    # "EST", "MST", "CET", "EET", "WET", "MET" are tz names fixed all year (or links).
    for name in ("EST", "MST", "CET", "EET", "WET", "MET"):
        assert resolve_zone(name).zone is None


@pytest.mark.parametrize(("abbreviation", "zone"), sorted(UNAMBIGUOUS.items()))
def test_one_place_abbreviations_are_taken_at_once(abbreviation: str, zone: str) -> None:
    assert is_valid_zone(zone)
    assert abbreviation not in AMBIGUOUS
    assert resolve_zone(abbreviation.lower()).zone == zone


def test_the_fixed_offsets_offered_for_abbreviations_are_fixed() -> None:
    offered = {zone for zones in AMBIGUOUS.values() for zone in zones}
    assert set(places()) == {zone for zone in offered if fixed_offset(zone) is None}
    assert fixed_offset("Etc/GMT+5") == -300 and fixed_offset("UTC") == 0
    assert fixed_offset("America/New_York") is None


@pytest.mark.parametrize(
    ("text", "zone", "label"),
    [
        ("UTC+2", "Etc/GMT-2", "UTC+2"),
        ("GMT-5", "Etc/GMT+5", "UTC−5"),
        ("UTC−5", "Etc/GMT+5", "UTC−5"),
        ("utc – 5", "Etc/GMT+5", "UTC−5"),
        ("gmt -3", "Etc/GMT+3", "UTC−3"),
        ("+3", "Etc/GMT-3", "UTC+3"),
        ("-03", "Etc/GMT+3", "UTC−3"),
        ("−7", "Etc/GMT+7", "UTC−7"),
        ("UTC+05:00", "Etc/GMT-5", "UTC+5"),
        ("utc + 0", "UTC", "UTC+0"),
        ("GMT+0", "UTC", "UTC+0"),
        ("UTC+14", "Etc/GMT-14", "UTC+14"),
        ("UTC-12", "Etc/GMT+12", "UTC−12"),
        ("UTC+5:30", "Asia/Kolkata", "UTC+5:30"),
        ("UTC +0530", "Asia/Kolkata", "UTC+5:30"),
        ("+05:45", "Asia/Kathmandu", "UTC+5:45"),
        ("+5.45", "Asia/Kathmandu", "UTC+5:45"),
        ("GMT+9:30", "Australia/Darwin", "UTC+9:30"),
        ("UTC−9:30", "Pacific/Marquesas", "UTC−9:30"),
    ],
)
def test_fixed_offsets_are_accepted_and_marked_fixed(text: str, zone: str, label: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert (match.zone, match.fixed) == (zone, label)
    # Stored as a zone `zoneinfo` loads, with exactly the offset typed.
    minutes = parse_offset(text)
    assert minutes is not None
    winter = dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
    summer = dt.datetime(2027, 7, 15, 12, tzinfo=dt.UTC).astimezone(ZoneInfo(zone))
    assert winter.utcoffset() == summer.utcoffset() == dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    "text", ["UTC+15", "UTC-13", "GMT+99", "UTC+5:20", "+5:75", "UTC+14:30", "-12:30"]
)
def test_impossible_offsets_are_refused_as_offsets(text: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert match.zone is None and match.bad_offset and not match.choices


def test_an_offset_kept_only_with_daylight_saving_suggests_the_place() -> None:
    match = resolve_zone("UTC-3:30", ALIASES)
    assert match.zone is None and match.suggestions == ("America/St_Johns",)


def test_a_bare_time_is_not_an_offset() -> None:
    assert parse_offset("5:30") is None and parse_offset("0530") is None
    assert not resolve_zone("5:30").bad_offset


@pytest.mark.parametrize("minutes", sorted(FRACTIONAL))
def test_fractional_offsets_map_to_a_place_on_that_offset_all_year(minutes: int) -> None:
    zone = ZoneInfo(FRACTIONAL[minutes])
    seen = {
        dt.datetime(year, month, 1, tzinfo=dt.UTC).astimezone(zone).utcoffset()
        for year in range(2025, 2036)
        for month in range(1, 13)
    }
    assert seen == {dt.timedelta(minutes=minutes)}


def test_every_whole_hour_offset_round_trips() -> None:
    for hours in range(MIN_OFFSET // 60, MAX_OFFSET // 60 + 1):
        name = fixed_zone_name(hours * 60)
        assert is_valid_zone(name) and fixed_offset(name) == hours * 60
        assert resolve_zone(offset_label(hours * 60)).zone == name


def _local_due(zone: str, after: dt.datetime) -> dt.datetime:
    due = scheduling.next_due(
        times=[dt.time(8)], weekdays=scheduling.EVERY_DAY, zone=ZoneInfo(zone), after=after
    )
    assert due is not None
    return due


def test_new_york_keeps_eight_oclock_across_the_march_change_a_fixed_offset_does_not() -> None:
    # US clocks go forward on Sunday 14 March 2027.
    before = dt.datetime(2027, 3, 10, 0, tzinfo=dt.UTC)
    after = dt.datetime(2027, 3, 20, 0, tzinfo=dt.UTC)
    new_york, fixed = AMBIGUOUS["EST"]
    ny = ZoneInfo("America/New_York")
    for instant in (before, after):
        assert _local_due(new_york, instant).astimezone(ny).time() == dt.time(8)
    # UTC−5 all year: 08:00 fixed is 08:00 in New York in winter but 09:00 in summer.
    assert _local_due(fixed, before).astimezone(ny).time() == dt.time(8)
    assert _local_due(fixed, after).astimezone(ny).time() == dt.time(9)
    assert _local_due(fixed, after).astimezone(dt.UTC).time() == dt.time(13)


@pytest.mark.parametrize(
    ("text", "suggestion"), [("Lisbn", "Europe/Lisbon"), ("Tokio", "Asia/Tokyo")]
)
def test_close_misspellings_are_suggested_not_guessed(text: str, suggestion: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert match.zone is None
    assert suggestion in match.suggestions


@pytest.mark.parametrize("text", ["Mars", "", "25:99", "UTC+99", "x" * 5000, "🦶"])
def test_unknown(text: str) -> None:
    match = resolve_zone(text, ALIASES)
    assert match.zone is None


def test_fixed_offsets_are_shown_as_offsets_places_as_names() -> None:
    assert display_name("Etc/GMT+5") == "UTC−5"
    assert display_name("Etc/GMT-2") == "UTC+2"
    assert display_name("UTC") == "UTC+0"
    assert display_name("Asia/Kolkata") == "Asia/Kolkata"
