"""Reminders that keep their word, played through the real bot against the sandbox: no prompt
on a day already done, a snooze always comes back, "Skip today" silences the rest of that
local day (and only that day), and changing a time keeps the other times and the weekdays."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, Prompt, Schedule
from bot.delivery import reminders
from bot.delivery.dispatcher import TickReport
from tests.e2e.content import shown, t
from tests.e2e.harness import BotHarness, onboard, plain

PAT = 7_600_000_001
HOUR = dt.timedelta(hours=1)


async def _tick(harness: BotHarness) -> TickReport:
    assert harness.app is not None
    return await reminders.dispatcher_for(harness.app.bot_data).tick()


async def _prompts(harness: BotHarness, user_id: int = PAT) -> list[Prompt]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Prompt).where(col(Prompt.user_id) == user_id).order_by(col(Prompt.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


async def _schedule(harness: BotHarness, user_id: int = PAT) -> Schedule:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            schedule = await session.get(Schedule, user_id)
            assert schedule is not None
            return schedule
    finally:
        await engine.dispose()


async def _session_done(harness: BotHarness, day: dt.date) -> None:
    """A session finished on local `day` (written as the drill service leaves it: the drill
    flow itself is covered by test_drills)."""
    engine = create_engine(harness.settings.database_url)
    now = harness.clock()
    try:
        async with session_factory(engine)() as session:
            session.add(
                DrillSession(
                    user_id=PAT,
                    programme_id="default",
                    local_day=day,
                    exercises="threading",
                    status="finished",
                    chat_id=PAT,
                    started_at=now,
                    ended_at=now,
                )
            )
            await session.commit()
    finally:
        await engine.dispose()


def _last(harness: BotHarness) -> str:
    return harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])


async def test_no_prompt_on_a_day_already_done(harness: BotHarness) -> None:
    await onboard(harness, PAT)  # Lisbon (UTC in winter), 08:00; clock at Mon 09:00
    harness.clock.advance(22 * HOUR)  # Tue 07:00: the patient exercises before the prompt
    tuesday = harness.clock().date()
    await _session_done(harness, tuesday)
    count = len(harness.sandbox.messages(PAT))
    harness.clock.advance(HOUR)  # Tue 08:00
    report = await _tick(harness)
    assert (report.sent, report.skipped) == (0, 1)
    assert len(harness.sandbox.messages(PAT)) == count
    [daily] = await _prompts(harness)
    assert (daily.kind, daily.local_day, daily.status, daily.error) == (
        "daily",
        tuesday,
        "skipped",
        "drill_done",
    )
    # No follow-up for a done day either; Wednesday's prompt comes as usual.
    harness.clock.advance(24 * HOUR)
    assert (await _tick(harness)).sent == 1
    assert t("reminders.prompt") in _last(harness)


async def test_a_snooze_comes_back_even_after_the_session_was_done(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    harness.clock.advance(23 * HOUR)  # Tue 08:00: the prompt
    assert (await _tick(harness)).sent == 1
    harness.clock.advance(dt.timedelta(minutes=8))
    out = await harness.press(PAT, t("reminders.buttons.snooze30"))
    assert t("reminders.snoozed", time="08:38") in plain(out, harness.sandbox)
    await _session_done(harness, harness.clock().date())  # done meanwhile, via /today
    harness.clock.advance(dt.timedelta(minutes=29))
    assert (await _tick(harness)).sent == 0
    harness.clock.advance(dt.timedelta(minutes=1))  # 08:38, as promised
    assert (await _tick(harness)).sent == 1
    assert t("reminders.prompt_snoozed") in _last(harness)
    snoozes = [p for p in await _prompts(harness) if p.kind == "snooze"]
    assert [(p.status, p.error) for p in snoozes] == [("sent", None)]


async def test_skip_today_silences_the_rest_of_the_local_day_only(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    # New York: its 20:00 is 01:00 UTC the next day, so a UTC day would get this wrong.
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    out = await harness.send(PAT, "America/New_York")
    assert t("reminders.zone_set", zone="America/New_York") in plain(out, harness.sandbox)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.change_times"))
    out = await harness.send(PAT, "08:00, 20:00")
    assert shown(plain(out, harness.sandbox), "reminders.times_set", times="08:00, 20:00")

    harness.clock.advance(4 * HOUR)  # Mon 13:00 UTC = 08:00 New York
    assert (await _tick(harness)).sent == 1
    harness.clock.advance(dt.timedelta(minutes=2))  # 08:02
    await harness.press(PAT, t("reminders.buttons.skip"))
    out = await harness.press(PAT, t("reminders.skip_reasons.pain"))
    assert t("reminders.skip_answers.pain") in plain(out, harness.sandbox)
    # A snooze on a skipped day would be promised and dropped: it is refused instead.
    morning = (await _prompts(harness))[0]
    prompt_msg = next(m for m in harness.sandbox.messages(PAT) if t("reminders.prompt") in m.plain)
    await harness.press_data(PAT, prompt_msg.message_id, f"pr:{morning.id}:z:30")
    assert "snooze" not in {p.kind for p in await _prompts(harness)}
    count = len(harness.sandbox.messages(PAT))

    harness.clock.advance(dt.timedelta(hours=3, minutes=58))  # 12:00: no follow-up
    assert (await _tick(harness)).sent == 0
    harness.clock.advance(8 * HOUR)  # 20:00 New York, Tue 01:00 UTC: still Monday there
    report = await _tick(harness)
    assert (report.sent, report.skipped) == (0, 1)
    assert len(harness.sandbox.messages(PAT)) == count
    evening = [p for p in await _prompts(harness) if p.kind == "daily"][-1]
    assert (evening.status, evening.error) == ("skipped", "day_skipped")

    harness.clock.advance(12 * HOUR)  # Tue 08:00 New York: a new day, prompts as usual
    assert (await _tick(harness)).sent == 1
    assert t("reminders.prompt") in _last(harness)
    harness.clock.advance(12 * HOUR)  # Tue 20:00
    assert (await _tick(harness)).sent >= 1
    assert t("reminders.prompt") in _last(harness)
