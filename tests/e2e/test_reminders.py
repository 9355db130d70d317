"""Daily prompts through the sandbox: at the patient's local time, once; start, snooze and
skip from the prompt; /settings, /pause, /resume and /stop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import Prompt, Schedule
from bot.delivery.dispatcher import TickReport
from bot.deps import BOT_DATA_KEY
from handlers import reminders
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_500_000_001


async def _tick(harness: BotHarness) -> TickReport:
    assert harness.app is not None
    d = harness.app.bot_data[BOT_DATA_KEY]
    dispatcher = reminders.dispatcher_for(harness.app.bot, d, harness.app.bot_data)
    report = await dispatcher.tick()
    return report


async def _prompts(harness: BotHarness) -> list[Prompt]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Prompt).where(col(Prompt.user_id) == PAT).order_by(col(Prompt.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


async def _schedule(harness: BotHarness) -> Schedule:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            schedule = await session.get(Schedule, PAT)
            assert schedule is not None
            return schedule
    finally:
        await engine.dispose()


async def test_prompt_arrives_at_local_time_once_and_starts_the_drill(harness: BotHarness) -> None:
    await onboard(harness, PAT)  # Lisbon, 08:00; the clock stands at Mon 09:00 UTC
    count = len(harness.sandbox.messages(PAT))
    assert (await _tick(harness)).sent == 0  # not due yet: next is Tue 08:00 Lisbon
    harness.clock.advance(dt.timedelta(hours=22, minutes=59))  # Tue 07:59 UTC
    assert (await _tick(harness)).sent == 0
    harness.clock.advance(dt.timedelta(minutes=1))  # Tue 08:00 Lisbon (= UTC in winter)
    report = await _tick(harness)
    assert report.sent == 1
    assert (await _tick(harness)).sent == 0  # once
    prompt_msg = harness.sandbox.messages(PAT)[-1]
    assert len(harness.sandbox.messages(PAT)) == count + 1
    assert "Time for your foot exercises" in prompt_msg.plain
    assert buttons(prompt_msg) == ["▶️ Start now", "⏰ 30 min", "⏰ 1 h", "⏰ 3 h", "Skip today"]
    out = await harness.press(PAT, "Start now")
    assert "Toe threading · Exercise 1/3 · Step 1/6" in plain(out, harness.sandbox)
    prompts = await _prompts(harness)
    [prompt] = [p for p in prompts if p.kind == "daily"]
    assert (prompt.status, prompt.response) == ("sent", "start")
    # The follow-up for the day waits; starting the drill does not send it twice.
    assert [p.status for p in prompts if p.kind == "followup"] == ["scheduled"]
    schedule = await _schedule(harness)
    assert schedule.next_due_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)


async def test_snooze_moves_only_that_prompt(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    harness.clock.advance(dt.timedelta(hours=23))
    await _tick(harness)
    out = await harness.press(PAT, "1 h")
    assert "remind you again at 09:00" in plain(out, harness.sandbox)
    schedule = await _schedule(harness)
    assert schedule.next_due_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)  # untouched
    harness.clock.advance(dt.timedelta(minutes=59))
    assert (await _tick(harness)).sent == 0
    harness.clock.advance(dt.timedelta(minutes=1))
    assert (await _tick(harness)).sent == 1
    assert "reminder again" in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    kinds = {(p.kind, p.status) for p in await _prompts(harness)}
    assert {("daily", "sent"), ("snooze", "sent")} <= kinds


async def test_skip_asks_why_and_pain_goes_to_the_red_flag_check(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    harness.clock.advance(dt.timedelta(hours=23))
    await _tick(harness)
    out = await harness.press(PAT, "Skip today")
    assert "What got in the way" in plain(out, harness.sandbox)
    out = await harness.press(PAT, "Pain")
    text = plain(out, harness.sandbox)
    assert "Stop this exercise now" in text and "where does it hurt" in text
    out = await harness.send(PAT, "my big toe has gone numb and pale and cold")
    assert plain(out, harness.sandbox).startswith("Call your emergency number now")
    [prompt, *_] = await _prompts(harness)
    assert (prompt.response, prompt.skip_reason) == ("skip", "pain")
    # The day's follow-up nudge is cancelled by the skip: nothing more today.
    harness.clock.advance(dt.timedelta(hours=4))
    assert (await _tick(harness)).sent == 0


async def test_followup_nudge_once_when_the_drill_was_not_done(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    harness.clock.advance(dt.timedelta(hours=23))
    await _tick(harness)
    harness.clock.advance(dt.timedelta(hours=3))
    assert (await _tick(harness)).sent == 1
    assert "gentle nudge" in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    harness.clock.advance(dt.timedelta(hours=3))
    assert (await _tick(harness)).sent == 0


async def test_settings_times_days_zone_pause_resume_stop(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/settings")
    text = plain(out, harness.sandbox)
    assert "Times: 08:00" in text and "every day" in text and "Europe/Lisbon" in text
    await harness.press(PAT, "Change times")
    out = await harness.send(PAT, "25:99")
    assert "one to three times" in plain(out, harness.sandbox)
    out = await harness.send(PAT, "07:30, 18:00")
    assert "07:30, 18:00" in plain(out, harness.sandbox)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, "Days")
    await harness.press(PAT, "Sun")
    out = await harness.press(PAT, "Done")
    assert "Mon, Tue, Wed, Thu, Fri, Sat" in plain(out, harness.sandbox)
    assert (await _schedule(harness)).weekdays == 0b0111111
    await harness.send(PAT, "/settings")
    await harness.press(PAT, "Time zone")
    out = await harness.send(PAT, "Tokyo")
    assert "Asia/Tokyo" in plain(out, harness.sandbox)

    out = await harness.send(PAT, "/pause 2026-11-20")
    assert "/pause followed by the date" in plain(out, harness.sandbox)
    out = await harness.send(PAT, "/pause 2026-12-01")
    assert "paused until 2026-12-01" in plain(out, harness.sandbox)
    harness.clock.advance(dt.timedelta(days=2))
    assert (await _tick(harness)).sent == 0
    out = await harness.send(PAT, "/resume")
    assert "back on" in plain(out, harness.sandbox)
    out = await harness.send(PAT, "/stop")
    assert "Reminders stopped" in plain(out, harness.sandbox)
    harness.clock.advance(dt.timedelta(days=1))
    assert (await _tick(harness)).sent == 0
    assert (await _schedule(harness)).stopped


async def test_forged_prompt_buttons_are_refused(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await onboard(harness, PAT + 1)
    harness.clock.advance(dt.timedelta(hours=23))
    await _tick(harness)
    [prompt, *_] = await _prompts(harness)
    other_msg = harness.sandbox.messages(PAT + 1)[-1]
    await harness.press_data(PAT + 1, other_msg.message_id, f"pr:{prompt.id}:z:30")
    await harness.press_data(PAT + 1, other_msg.message_id, f"pr:{prompt.id}:k")
    [again, *_] = await _prompts(harness)
    assert again.response is None


async def test_a_patient_who_blocked_the_bot_gets_prompts_again_after_writing(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    harness.sandbox.block(PAT)
    harness.clock.advance(dt.timedelta(hours=23))
    report = await _tick(harness)
    assert report.blocked == 1
    assert (await _schedule(harness)).next_due_at is None
    harness.sandbox.unblock(PAT)
    await harness.send(PAT, "/help")  # the patient is back
    schedule = await _schedule(harness)
    assert schedule.next_due_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)
    harness.clock.advance(dt.timedelta(days=1))
    assert (await _tick(harness)).sent == 1
