"""Changing a reminder time keeps what was not changed, through the real bot against the
sandbox: the therapist in the caseload and the patient in /settings each move one time, and
the patient's other time and weekdays stay."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Schedule
from tests.e2e.content import pattern, shown, t
from tests.e2e.harness import (
    BotHarness,
    answer_second_time,
    buttons,
    onboard,
    plain,
    running_harness,
)
from tests.e2e.staff import invite_link

ADMIN, ANN, PIA = 9_200_000_001, 9_200_000_002, 9_200_000_003
MON_TO_FRI = 0b0011111


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _schedule(harness: BotHarness, user_id: int) -> Schedule:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            schedule = await session.get(Schedule, user_id)
            assert schedule is not None
            return schedule
    finally:
        await engine.dispose()


async def _open(harness: BotHarness, user_id: int, link: str) -> None:
    await harness.wait_handled(harness.sandbox.open_link(user_id, link))


def _label(harness: BotHarness, user_id: int, key: str) -> str:
    latest = next(m for m in reversed(harness.sandbox.messages(user_id)) if m.keyboard)
    [label] = [label for label in buttons(latest) if pattern(key).fullmatch(label)]
    return label


async def _twice_daily_on_weekdays(harness: BotHarness, user_id: int) -> None:
    """The patient sets 08:00 and 18:00, Monday to Friday, in /settings."""
    await harness.send(user_id, "/settings")
    await harness.press(user_id, t("reminders.buttons.change_times"))
    await harness.send(user_id, "08:00, 18:00")
    await harness.send(user_id, "/settings")
    await harness.press(user_id, t("reminders.buttons.days"))
    await harness.press(user_id, t("reminders.weekdays.5"))
    await harness.press(user_id, t("reminders.weekdays.6"))
    await harness.press(user_id, t("reminders.buttons.days_done"))
    schedule = await _schedule(harness, user_id)
    assert (schedule.times, schedule.weekdays) == ("08:00,18:00", MON_TO_FRI)


async def test_the_therapist_moves_one_time_and_keeps_the_rest(harness: BotHarness) -> None:
    harness.sandbox.user(ANN, first_name="Ann")
    harness.sandbox.user(PIA, first_name="Pia")
    await harness.send(ADMIN, "/newtherapist")
    await _open(harness, ANN, invite_link(harness, ADMIN))
    await harness.press(ANN, _label(harness, ANN, "therapist.use_name"))
    await harness.send(ANN, "/invite")
    await _open(harness, PIA, invite_link(harness, ANN))
    await harness.press(PIA, t("therapist.accept"))
    await harness.send(PIA, "Lisbon")
    last = harness.sandbox.plain_text(harness.sandbox.messages(PIA)[-1])
    if t("onboarding.reminder_question") in last:
        await harness.send(PIA, "08:00")
        await answer_second_time(harness, PIA, None)
    await harness.press(PIA, t("onboarding.diabetes_no"))
    await _twice_daily_on_weekdays(harness, PIA)

    await harness.send(ANN, "/patients")
    await harness.press(ANN, t("therapist.buttons.detail", name="Pia"))
    await harness.press(ANN, t("therapist.buttons.time"))
    out = await harness.send(ANN, "09:00")
    assert t("therapist.time_set", name="Pia", time="09:00") in plain(out, harness.sandbox)
    schedule = await _schedule(harness, PIA)
    assert (schedule.times, schedule.weekdays) == ("09:00,18:00", MON_TO_FRI)


async def test_the_patient_moves_one_time_and_keeps_the_rest(harness: BotHarness) -> None:
    await onboard(harness, PIA)
    await _twice_daily_on_weekdays(harness, PIA)
    await harness.send(PIA, "/settings")
    await harness.press(PIA, t("reminders.buttons.change_times"))
    out = await harness.send(PIA, "17:30")
    assert shown(plain(out, harness.sandbox), "reminders.times_set", times="08:00, 17:30")
    schedule = await _schedule(harness, PIA)
    assert (schedule.times, schedule.weekdays) == ("08:00,17:30", MON_TO_FRI)
    # A whole list is a change of every time; the weekdays still stay.
    await harness.send(PIA, "/settings")
    await harness.press(PIA, t("reminders.buttons.change_times"))
    await harness.send(PIA, "07:00, 12:00, 19:00")
    schedule = await _schedule(harness, PIA)
    assert (schedule.times, schedule.weekdays) == ("07:00,12:00,19:00", MON_TO_FRI)
    # "only" is the way back to fewer times.
    await harness.send(PIA, "/settings")
    await harness.press(PIA, t("reminders.buttons.change_times"))
    out = await harness.send(PIA, "only 08:30")
    assert shown(plain(out, harness.sandbox), "reminders.times_set", times="08:30")
    schedule = await _schedule(harness, PIA)
    assert (schedule.times, schedule.weekdays) == ("08:30", MON_TO_FRI)
