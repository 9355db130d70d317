"""Twice daily, through the real bot against the sandbox: the default programme's isolation
practice is done twice a day, so onboarding offers a second daily time after the first;
taking it gives two prompts a day, "No, once a day" gives one."""

from __future__ import annotations

import datetime as dt

from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, DrillStatus, Schedule
from bot.delivery import reminders
from bot.delivery.dispatcher import TickReport
from tests.e2e.content import content, shown, t
from tests.e2e.harness import BotHarness, buttons, plain

PAT = 7_700_000_001
HOUR = dt.timedelta(hours=1)


async def _tick(harness: BotHarness) -> TickReport:
    assert harness.app is not None
    return await reminders.dispatcher_for(harness.app.bot_data).tick()


async def _times(harness: BotHarness) -> str:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            schedule = await session.get(Schedule, PAT)
            assert schedule is not None
            return schedule.times
    finally:
        await engine.dispose()


async def _to_second_time(harness: BotHarness) -> None:
    """Consent, Lisbon (UTC in winter), 08:00: the second time is offered next."""
    catalog = content().catalog
    per_day = [
        catalog.exercise(e).frequency
        for item in catalog.programme("default").items
        for e in item.choices
    ]
    assert any(f is not None and (f.times_per_day or 1) >= 2 for f in per_day)  # the premise
    await harness.send(PAT, "/start")
    await harness.press(PAT, t("onboarding.consent_yes"))
    await harness.send(PAT, "Lisbon")
    out = await harness.send(PAT, "08:00")
    text = plain(out, harness.sandbox)
    assert shown(text, "onboarding.reminder_set", time="08:00")
    assert t("onboarding.second_time_question") in text
    assert t("onboarding.diabetes_question") not in text
    assert buttons(out[-1])[-1] == t("onboarding.second_time_no")


async def _prompts_on_tuesday(harness: BotHarness) -> list[int]:
    """Daily prompts sent at Tue 08:00 and at Tue 18:00 (the clock starts Mon 09:00)."""
    harness.clock.advance(23 * HOUR)
    morning = (await _tick(harness)).sent
    harness.clock.advance(10 * HOUR)  # 18:00; the 11:00 follow-up is long past: missed
    evening = (await _tick(harness)).sent
    return [morning, evening]


async def test_a_second_daily_time_gives_two_prompts_a_day(harness: BotHarness) -> None:
    await _to_second_time(harness)
    out = await harness.press(PAT, "18:00")
    text = plain(out, harness.sandbox)
    assert shown(text, "onboarding.reminder_set", time="08:00, 18:00")
    assert t("onboarding.diabetes_question") in text
    await harness.press(PAT, t("onboarding.diabetes_no"))
    assert await _times(harness) == "08:00,18:00"
    assert await _prompts_on_tuesday(harness) == [1, 1]
    last = harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    assert t("reminders.prompt") in last


async def test_a_typed_second_time_is_taken_too(harness: BotHarness) -> None:
    await _to_second_time(harness)
    out = await harness.send(PAT, "25:99")
    assert t("onboarding.reminder_invalid", text="25:99") in plain(out, harness.sandbox)
    out = await harness.send(PAT, "6:30pm")
    assert shown(plain(out, harness.sandbox), "onboarding.reminder_set", time="08:00, 18:30")
    assert await _times(harness) == "08:00,18:30"


async def test_no_once_a_day_gives_one_prompt_a_day(harness: BotHarness) -> None:
    await _to_second_time(harness)
    out = await harness.press(PAT, t("onboarding.second_time_no"))
    text = plain(out, harness.sandbox)
    assert t("onboarding.second_time_declined", time="08:00") in text
    assert t("onboarding.diabetes_question") in text
    out = await harness.press(PAT, t("onboarding.diabetes_no"))
    assert t("onboarding.done") in plain(out, harness.sandbox)
    assert await _times(harness) == "08:00"
    assert await _prompts_on_tuesday(harness) == [1, 0]


async def test_a_morning_session_does_not_silence_the_evening_prompt(
    harness: BotHarness,
) -> None:
    # The second time is for the second practice of the day: one session done in the
    # morning covers the morning prompt only (bot.domain.reminders.slot_of).
    await _to_second_time(harness)
    await harness.press(PAT, "18:00")
    await harness.press(PAT, t("onboarding.diabetes_no"))
    tuesday = (harness.clock.now + 23 * HOUR).date()

    async def done_session() -> None:
        engine = create_engine(harness.settings.database_url)
        try:
            async with session_factory(engine)() as session:
                session.add(
                    DrillSession(
                        user_id=PAT,
                        programme_id="default",
                        local_day=tuesday,
                        exercises="toe-threading",
                        chat_id=PAT,
                        started_at=harness.clock.now,
                        status=DrillStatus.FINISHED.value,
                    )
                )
                await session.commit()
        finally:
            await engine.dispose()

    harness.clock.advance(23 * HOUR)  # Tue 08:00
    assert (await _tick(harness)).sent == 1
    await done_session()
    harness.clock.advance(10 * HOUR)  # Tue 18:00: the evening practice is still to do
    assert (await _tick(harness)).sent == 1
    harness.clock.advance(14 * HOUR)  # Wed 08:00: a new day, its own two sessions to do
    assert (await _tick(harness)).sent == 1
