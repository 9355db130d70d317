"""The pure reminder rules: send / skip / missed, pauses, quiet hours, follow-ups, snoozes.

DST maths is covered by test_scheduling; here the zone is mostly Lisbon (UTC+0 in winter)
so instants read the same in UTC and locally.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.db.models import PromptKind
from bot.domain import reminders
from bot.domain.reminders import DueState, Outcome, QuietHours, SkipReason, decide, slot_of

LISBON = ZoneInfo("Europe/Lisbon")
TOKYO = ZoneInfo("Asia/Tokyo")
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)  # Monday 09:00 in Lisbon too
DAY = T0.date()
GRACE = dt.timedelta(hours=2)


def state(**overrides: object) -> DueState:
    values: dict[str, object] = {
        "kind": "daily",
        "due_at": T0,
        "local_day": DAY,
        "zone": LISBON,
    }
    values.update(overrides)
    return DueState(**values)  # type: ignore[arg-type]


def at(hour: int, minute: int = 0, day: int = 0) -> dt.datetime:
    return T0.replace(hour=hour, minute=minute) + dt.timedelta(days=day)


def test_module_is_pure() -> None:
    forbidden = ("telegram", "sqlalchemy", "sqlmodel", "aiosqlite", "asyncpg", "aiohttp")
    code = (
        "import sys, bot.domain.reminders; "
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_kinds_match_the_model() -> None:
    assert {reminders.DAILY, reminders.SNOOZE, reminders.FOLLOWUP} == {k.value for k in PromptKind}


# ------------------------------------------------------------------ grace and missed


@pytest.mark.parametrize(
    ("late", "outcome"),
    [
        (dt.timedelta(0), Outcome.SEND),
        (dt.timedelta(minutes=5), Outcome.SEND),
        (dt.timedelta(hours=1, minutes=59), Outcome.SEND),
        (GRACE, Outcome.SEND),  # late by exactly the grace: still sent
        (GRACE + dt.timedelta(seconds=1), Outcome.MISSED),
        (dt.timedelta(days=3), Outcome.MISSED),
    ],
)
def test_grace_window(late: dt.timedelta, outcome: Outcome) -> None:
    decision = decide(state(), now=T0 + late, grace=GRACE)
    assert decision.outcome is outcome
    assert decision.reason is None


def test_zero_grace_means_only_on_time() -> None:
    assert decide(state(), now=T0, grace=dt.timedelta(0)).outcome is Outcome.SEND
    late = T0 + dt.timedelta(microseconds=1)
    assert decide(state(), now=late, grace=dt.timedelta(0)).outcome is Outcome.MISSED


# ------------------------------------------------------------------ pause, stop, people


def test_pause_without_end_skips_until_resume() -> None:
    decision = decide(state(paused=True), now=T0)
    assert (decision.outcome, decision.reason, decision.resume) == (
        Outcome.SKIPPED,
        SkipReason.PAUSED,
        False,
    )


def test_pause_with_end_date_still_running() -> None:
    decision = decide(state(paused=True, resume_on=DAY + dt.timedelta(days=1)), now=T0)
    assert decision.reason is SkipReason.PAUSED and not decision.resume


@pytest.mark.parametrize("days_ago", [0, 1, 10])
def test_pause_ends_on_resume_day_and_is_cleared(days_ago: int) -> None:
    decision = decide(state(paused=True, resume_on=DAY - dt.timedelta(days=days_ago)), now=T0)
    assert decision.outcome is Outcome.SEND
    assert decision.resume  # the dispatcher clears paused/resume_on


def test_resume_day_is_the_prompts_own_local_day() -> None:
    # A prompt of Sunday 23:30 sent at Monday 00:10 belongs to Sunday: still paused.
    sunday = DAY - dt.timedelta(days=1)
    late = state(
        due_at=dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC),
        local_day=sunday,
        paused=True,
        resume_on=DAY,
    )
    assert decide(late, now=at(0, 10)).reason is SkipReason.PAUSED


def test_expired_pause_is_cleared_even_when_the_prompt_is_missed() -> None:
    decision = decide(state(paused=True, resume_on=DAY), now=T0 + dt.timedelta(days=2))
    assert decision.outcome is Outcome.MISSED and decision.resume


def test_stopped_skips() -> None:
    assert decide(state(stopped=True), now=T0).reason is SkipReason.STOPPED


def test_inactive_and_unconsented_skip() -> None:
    assert decide(state(active=False), now=T0).reason is SkipReason.INACTIVE
    assert decide(state(consented=False), now=T0).reason is SkipReason.NO_CONSENT


def test_escalation_pauses_every_kind() -> None:
    for kind in ("daily", "snooze", "followup"):
        decision = decide(state(kind=kind, escalation_pause=True), now=T0)
        assert decision.reason is SkipReason.ESCALATION


def test_pause_wins_over_missed() -> None:
    # Not sent on purpose is the truer record than "missed by downtime".
    decision = decide(state(paused=True), now=T0 + dt.timedelta(days=1))
    assert decision.reason is SkipReason.PAUSED


# ------------------------------------------------------------------ drill done, quiet hours


def test_drill_done_skips_daily_and_followup_but_honours_a_snooze() -> None:
    # A done day needs no reminder; but a snooze was asked for and promised: it comes.
    for kind in ("daily", "followup"):
        decision = decide(state(kind=kind, drills_done=1), now=T0)
        assert (decision.outcome, decision.reason) == (Outcome.SKIPPED, SkipReason.DRILL_DONE)
    assert decide(state(kind="snooze", drills_done=1), now=T0).outcome is Outcome.SEND


def test_each_daily_time_serves_its_own_session() -> None:
    # Twice daily: the morning session covers the morning prompt, not the evening one.
    times = [dt.time(8), dt.time(18)]
    assert slot_of(dt.time(8), times) == 1
    assert slot_of(dt.time(7), times) == 1  # before the first time: still the first
    assert slot_of(dt.time(18), times) == 2
    assert slot_of(dt.time(20, 30), times) == 2  # the evening follow-up
    assert slot_of(dt.time(9), []) == 1
    evening = decide(state(kind="daily", drills_done=1, slot=2), now=T0)
    assert evening.outcome is Outcome.SEND
    both = decide(state(kind="daily", drills_done=2, slot=2), now=T0)
    assert both.reason is SkipReason.DRILL_DONE
    follow = decide(state(kind="followup", drills_done=1, slot=2), now=T0)
    assert follow.outcome is Outcome.SEND


def test_a_skipped_day_skips_every_kind_of_prompt() -> None:
    for kind in ("daily", "snooze", "followup"):
        decision = decide(state(kind=kind, day_skipped=True), now=T0)
        assert (decision.outcome, decision.reason) == (Outcome.SKIPPED, SkipReason.DAY_SKIPPED)
    # Skipping wins over "drill done": the patient's own word is the truer record.
    decision = decide(state(day_skipped=True, drills_done=1), now=T0)
    assert decision.reason is SkipReason.DAY_SKIPPED


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (dt.time(20, 59), False),
        (dt.time(21, 0), True),
        (dt.time(23, 59), True),
        (dt.time(0, 0), True),
        (dt.time(7, 59), True),
        (dt.time(8, 0), False),
        (dt.time(12, 0), False),
    ],
)
def test_quiet_hours_across_midnight(local: dt.time, quiet: bool) -> None:
    assert QuietHours(dt.time(21), dt.time(8)).contains(local) is quiet


def test_quiet_hours_within_a_day_and_none() -> None:
    lunch = QuietHours(dt.time(12), dt.time(14))
    assert lunch.contains(dt.time(12)) and lunch.contains(dt.time(13, 59))
    assert not lunch.contains(dt.time(14)) and not lunch.contains(dt.time(11, 59))
    never = QuietHours(dt.time(0), dt.time(0))
    assert not any(never.contains(dt.time(h)) for h in range(24))


def test_quiet_hours_setting_is_parsed() -> None:
    assert QuietHours.parse("21:00-08:00") == QuietHours(dt.time(21), dt.time(8))
    assert QuietHours.parse(" 22:30 - 07:15 ") == QuietHours(dt.time(22, 30), dt.time(7, 15))
    assert not QuietHours.parse("").contains(dt.time(23))
    for bad in ("21:00", "9pm-8am", "25:00-08:00"):
        with pytest.raises(ValueError, match="quiet hours"):
            QuietHours.parse(bad)


def test_quiet_hours_use_the_local_clock() -> None:
    # 13:00 UTC is 22:00 in Tokyo: quiet there, not in Lisbon.
    noon = at(13)
    assert QuietHours().contains_instant(noon, TOKYO)
    assert not QuietHours().contains_instant(noon, LISBON)


def test_followup_in_quiet_hours_is_skipped_daily_is_not() -> None:
    late_evening = at(22)
    followup = state(kind="followup", due_at=late_evening)
    assert decide(followup, now=late_evening).reason is SkipReason.QUIET_HOURS
    assert decide(state(due_at=late_evening), now=late_evening).outcome is Outcome.SEND


# ------------------------------------------------------------------ follow-up and snooze


def test_followup_three_hours_later_same_day() -> None:
    assert reminders.followup_at(due_at=at(9), zone=LISBON) == at(12)


def test_no_followup_in_quiet_hours() -> None:
    # 19:30 + 3 h = 22:30: quiet.
    assert reminders.followup_at(due_at=at(19, 30), zone=LISBON) is None
    # 18:00 in Tokyo (09:00 UTC) + 3 h = 21:00 in Tokyo: quiet.
    assert reminders.followup_at(due_at=at(9), zone=TOKYO) is None


def test_no_followup_on_the_next_local_day() -> None:
    no_quiet = QuietHours(dt.time(0), dt.time(0))
    assert reminders.followup_at(due_at=at(22), zone=LISBON, quiet=no_quiet) is None
    assert reminders.followup_at(due_at=at(20, 59), zone=LISBON, quiet=no_quiet) == at(23, 59)


def test_followup_can_be_switched_off() -> None:
    assert reminders.followup_at(due_at=at(9), zone=LISBON, after=dt.timedelta(0)) is None


@pytest.mark.parametrize("delay", reminders.SNOOZE_CHOICES)
def test_snooze_instants(delay: dt.timedelta) -> None:
    assert reminders.snooze_at(now=at(9, 5), delay=delay) == at(9, 5) + delay


def test_snooze_refuses_other_delays_and_naive_times() -> None:
    with pytest.raises(ValueError, match="snooze delay"):
        reminders.snooze_at(now=T0, delay=dt.timedelta(minutes=7))
    with pytest.raises(ValueError, match="aware"):
        reminders.snooze_at(now=T0.replace(tzinfo=None), delay=dt.timedelta(hours=1))


# ------------------------------------------------------------------ next due instant


def test_next_after_a_prompt_on_time() -> None:
    nxt = reminders.next_after(
        times=[dt.time(9), dt.time(18)],
        weekdays=0b1111111,
        zone=LISBON,
        handled_due=at(9),
        now=at(9),
    )
    assert nxt == at(18)


def test_next_after_respects_weekdays() -> None:
    weekdays_only = 0b0011111
    friday = at(9, day=4)
    nxt = reminders.next_after(
        times=[dt.time(9)], weekdays=weekdays_only, zone=LISBON, handled_due=friday, now=friday
    )
    assert nxt == at(9, day=7)  # the next Monday


def test_no_weekday_means_no_next() -> None:
    assert (
        reminders.next_after(times=[dt.time(9)], weekdays=0, zone=LISBON, handled_due=T0, now=T0)
        is None
    )


def test_long_downtime_records_one_missed_per_schedule() -> None:
    """Back after a week: one missed prompt, then the next one that is still in grace."""
    times, zone = [dt.time(8), dt.time(10, 30)], LISBON
    now = at(11, day=7)  # 11:00, a week later: 10:30 is 30 min late, within grace
    due = at(8)
    outcomes = []
    while due <= now:
        outcomes.append(decide(state(due_at=due), now=now).outcome)
        nxt = reminders.next_after(
            times=times, weekdays=0b1111111, zone=zone, handled_due=due, now=now, grace=GRACE
        )
        assert nxt is not None
        due = nxt
    assert outcomes == [Outcome.MISSED, Outcome.SEND]
    assert due == at(8, day=8)


def test_downtime_skips_to_the_first_slot_still_in_grace() -> None:
    now = at(10, day=3)
    nxt = reminders.next_after(
        times=[dt.time(8)], weekdays=0b1111111, zone=LISBON, handled_due=T0, now=now, grace=GRACE
    )
    assert nxt == at(8, day=3)  # late by exactly the grace: still sent


@given(
    handled=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2030, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    late=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=60)),
    hours=st.lists(st.integers(0, 23), min_size=1, max_size=4),
    weekdays=st.integers(1, 0b1111111),
)
def test_next_after_always_moves_forward_and_is_never_beyond_grace(
    handled: dt.datetime, late: dt.timedelta, hours: list[int], weekdays: int
) -> None:
    now = handled + late
    nxt = reminders.next_after(
        times=[dt.time(h) for h in hours],
        weekdays=weekdays,
        zone=ZoneInfo("Europe/Berlin"),
        handled_due=handled,
        now=now,
        grace=GRACE,
    )
    assert nxt is not None
    assert nxt > handled
    assert not reminders.is_late(due_at=nxt, now=now, grace=GRACE)


@pytest.mark.parametrize(
    ("per_day", "wanted"),
    [((), 1), ((None, None), 1), ((1, None), 1), ((None, 2, 1), 2), ((5,), 3)],
)
def test_daily_times_wanted_follows_the_most_frequent_exercise(
    per_day: tuple[int | None, ...], wanted: int
) -> None:
    assert reminders.daily_times_wanted(per_day) == wanted
