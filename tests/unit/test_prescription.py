"""The pure prescription rules: validation, drill days and reminder slots, the day's plan, the
drill's encoded doses, one-foot walks, and the flow's callback codec."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.callbacks import PrescribePress
from bot.content.exercises import load_catalog
from bot.domain import prescription, walkthrough
from bot.domain.prescription import Dose, PrescriptionError, PrescriptionItem

ROOT = Path(__file__).resolve().parents[2]
CATALOG = load_catalog(ROOT / "content")
SIDES = {e.id: e.per_foot for e in CATALOG.exercises.values()}
MON_WED_FRI = 0b0010101
MONDAY = dt.date(2026, 11, 30)  # a Monday


def item(exercise_id: str = "toe-threading", **kw: object) -> PrescriptionItem:
    return PrescriptionItem(exercise_id, **kw)  # type: ignore[arg-type]


# --- validation ---


def test_a_valid_prescription_is_kept_in_order() -> None:
    items = [item("isolation-practice", feet="left"), item("towel-scrunches")]
    assert prescription.check(items, SIDES) == items
    assert prescription.check([], SIDES) == []


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (item("no-such-exercise"), "exercise_id"),
        (item(feet="up"), "feet"),
        (item("towel-scrunches", feet="left"), "feet"),  # both feet at once: no side
        (item(repetitions=0), "repetitions"),
        (item(repetitions=51), "repetitions"),
        (item(repetitions=True), "repetitions"),
        (item(times_per_day=4), "times_per_day"),
        (item(times_per_day=0), "times_per_day"),
        (item(days_per_week=8), "days_per_week"),
        (item(days_per_week=0), "days_per_week"),
    ],
)
def test_a_bad_field_is_named(bad: PrescriptionItem, field: str) -> None:
    with pytest.raises(PrescriptionError) as caught:
        prescription.check([item("marble-pickups"), bad], SIDES)
    assert caught.value.field == field and caught.value.index == 1
    assert isinstance(caught.value, ValueError) and str(caught.value) == field


def test_an_exercise_twice_or_too_many_items_is_refused() -> None:
    with pytest.raises(PrescriptionError, match="exercise_id"):
        prescription.check([item(), item(feet="left")], SIDES)
    many = {f"ex-{i}": False for i in range(prescription.MAX_ITEMS + 1)}
    with pytest.raises(PrescriptionError, match="items"):
        prescription.check([item(f"ex-{i}") for i in range(len(many))], many)


# --- days and times ---


def test_drill_weekdays_keep_the_patients_own_days_when_there_are_as_many() -> None:
    assert prescription.drill_weekdays(3) == MON_WED_FRI
    assert prescription.drill_weekdays(3, 0b1000110) == 0b1000110  # Tue, Wed, Sun: theirs
    assert prescription.drill_weekdays(5, 0b1111111) == 0b0011111
    assert prescription.drill_weekdays(7, 0b0000001) == 0b1111111
    for n in range(1, 8):
        assert prescription.drill_weekdays(n).bit_count() == n


def test_an_exercise_on_fewer_days_is_spread_over_the_drill_days() -> None:
    assert prescription.exercise_weekdays(3, MON_WED_FRI) == MON_WED_FRI
    assert prescription.exercise_weekdays(7, MON_WED_FRI) == MON_WED_FRI
    assert prescription.exercise_weekdays(1, MON_WED_FRI) == 0b0000001
    assert prescription.exercise_weekdays(2, 0b1111111).bit_count() == 2


def test_reminder_times_keep_the_patients_and_add_far_away_slots() -> None:
    eight, six = dt.time(8), dt.time(18)
    assert prescription.reminder_times([eight], 1) == [eight]
    assert prescription.reminder_times([eight], 2) == [eight, dt.time(20)]
    assert prescription.reminder_times([eight], 3) == [eight, dt.time(14), dt.time(20)]
    assert prescription.reminder_times([eight, six], 2) == [eight, six]
    assert prescription.reminder_times([eight, six], 1) == [eight]
    with pytest.raises(PrescriptionError):
        prescription.reminder_times([eight], 4)
    assert prescription.times_wanted([item(times_per_day=2), item(times_per_day=1)]) == 2
    assert prescription.times_wanted([]) == 1


# --- the day's plan ---


def test_the_plan_follows_days_and_sessions_and_is_never_empty() -> None:
    daily = item("toe-threading", times_per_day=2, days_per_week=3)
    once = item("towel-scrunches", times_per_day=1, days_per_week=1)
    items = [daily, once]
    assert prescription.plan_for(items, day=MONDAY, drill_days=MON_WED_FRI, session=1) == items
    # Wednesday: the once-a-week exercise is Monday's only.
    wednesday = MONDAY + dt.timedelta(days=2)
    assert prescription.plan_for(items, day=wednesday, drill_days=MON_WED_FRI, session=1) == [daily]
    # The second session of Monday: the twice-daily one only.
    assert prescription.plan_for(items, day=MONDAY, drill_days=MON_WED_FRI, session=2) == [daily]
    # A third session, or a day off the plan: the whole prescription, never an empty drill.
    assert prescription.plan_for(items, day=MONDAY, drill_days=MON_WED_FRI, session=3) == items
    tuesday = MONDAY + dt.timedelta(days=1)
    assert prescription.plan_for(items, day=tuesday, drill_days=MON_WED_FRI, session=1) == items


def test_doses_round_trip_through_the_drill_column() -> None:
    doses = [Dose("left", 8, 2, 3), Dose("both", 50, 3, 7), Dose("right", 1, 1, 1)]
    code = prescription.encode(doses)
    assert code == "prescribed:L238,B3750,R111"
    assert prescription.decode(code, 3) == doses
    widest = prescription.encode([Dose("both", 50, 3, 7)] * prescription.MAX_ITEMS)
    assert len(widest) <= 64  # DrillSession.programme_id
    for other in ("default", "gentle", "single:toe-threading"):
        assert prescription.decode(other, 1) is None
    for broken in ("prescribed:", "prescribed:X238", "prescribed:L2", "prescribed:L098"):
        assert prescription.decode(broken, 1) is None
    assert prescription.decode(code, 2) is None  # not the drill's exercise count


# --- one foot only ---


def test_one_foot_walks_that_foot_only_without_the_switch() -> None:
    plan = ["toe-threading", "towel-scrunches"]
    doses = [Dose("left", 8, 2, 3), Dose("both", 8, 2, 3)]
    threading = CATALOG.exercise("toe-threading")
    left = walkthrough.screens(threading, doses[0])
    assert {s.foot for s in left} == {"left"}
    assert len(left) == len(threading.foot_steps)
    right = walkthrough.screens(threading, Dose("right", 8, 1, 7))
    assert {s.foot for s in right} == {"right"}
    assert walkthrough.screens(threading, None) == walkthrough.screens(
        threading, Dose("both", 8, 1, 7)
    )
    position: walkthrough.Position | None = (0, 0)
    seen = []
    while position is not None:
        screen = walkthrough.screen_at(CATALOG, plan, position, doses=doses)
        seen.append((screen.exercise.id, screen.foot, screen.step_count))
        assert screen.dose == doses[position[0]]
        position = walkthrough.next_position(CATALOG, plan, position, doses)
    five = len(threading.foot_steps)
    assert seen[:five] == [("toe-threading", "left", five)] * five
    assert [s for s in seen if s[0] == "towel-scrunches"] == [("towel-scrunches", None, 2)] * 2
    # Without doses, the same plan walks both feet as before.
    assert walkthrough.screen_at(CATALOG, plan, (0, 0)).dose is None
    assert walkthrough.screen_at(CATALOG, plan, (0, 0)).step_count == len(threading.steps)


# --- the flow's buttons ---


def test_the_prescription_buttons_carry_only_their_steps_fields_in_range() -> None:
    press = PrescribePress(9_100_000_001, "d", "progressive-resistance", "L", 50, 3, 7)
    assert len(press.pack().encode()) <= 64
    assert PrescribePress.unpack(press.pack()) == press
    assert PrescribePress.unpack("rx:1:l") == PrescribePress(1, "l")
    for forged in (
        "rx:1:d:toe-threading:L:8:2",  # days missing
        "rx:1:l:toe-threading",  # a field the list does not carry
        "rx:1:r:toe-threading:L:51",
        "rx:1:t:toe-threading:L:8:4",
        "rx:1:d:toe-threading:L:8:2:0",
        "rx:1:f:toe-threading:X",
        "rx:1:zz",
        "rx:x:l",
    ):
        assert PrescribePress.unpack(forged) is None, forged


def test_every_library_exercise_fits_the_longest_button() -> None:
    # The largest Telegram ids have 13 digits; the last step carries every field.
    for exercise_id in CATALOG.exercises:
        press = PrescribePress(10**13, "d", exercise_id, "B", 50, 3, 7)
        assert PrescribePress.unpack(press.pack()) == press
