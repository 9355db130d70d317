"""Daily prompts through the sandbox: at the patient's local time, once; start, snooze and
skip from the prompt; /settings, /pause, /resume and /stop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import Prompt, Schedule
from bot.delivery import reminders
from bot.delivery.dispatcher import TickReport
from tests.e2e.content import advice, drill_header, shown, t
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_500_000_001


async def _tick(harness: BotHarness) -> TickReport:
    assert harness.app is not None
    dispatcher = reminders.dispatcher_for(harness.app.bot_data)
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
    assert t("reminders.prompt") in prompt_msg.plain
    assert buttons(prompt_msg) == [
        t(f"reminders.buttons.{b}") for b in ("start", "snooze30", "snooze60", "snooze180", "skip")
    ]
    out = await harness.press(PAT, t("reminders.buttons.start"))
    assert drill_header("toe-threading", (1, 3), (1, 6)) in plain(out, harness.sandbox)
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
    out = await harness.press(PAT, t("reminders.buttons.snooze60"))
    assert t("reminders.snoozed", time="09:00") in plain(out, harness.sandbox)
    schedule = await _schedule(harness)
    assert schedule.next_due_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)  # untouched
    harness.clock.advance(dt.timedelta(minutes=59))
    assert (await _tick(harness)).sent == 0
    harness.clock.advance(dt.timedelta(minutes=1))
    assert (await _tick(harness)).sent == 1
    snoozed = harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    assert t("reminders.prompt_snoozed") in snoozed
    kinds = {(p.kind, p.status) for p in await _prompts(harness)}
    assert {("daily", "sent"), ("snooze", "sent")} <= kinds


async def test_skip_asks_why_and_pain_goes_to_the_red_flag_check(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    harness.clock.advance(dt.timedelta(hours=23))
    await _tick(harness)
    out = await harness.press(PAT, t("reminders.buttons.skip"))
    assert t("reminders.skip_question") in plain(out, harness.sandbox)
    out = await harness.press(PAT, t("reminders.skip_reasons.pain"))
    text = plain(out, harness.sandbox)
    # The stop level, worded for a day with no exercise under way (tests/e2e/test_honest_praise).
    assert t("reminders.pain_advice") in text and t("drills.pain_question") in text
    out = await harness.send(PAT, "my big toe has gone numb and pale and cold")
    assert plain(out, harness.sandbox).startswith(advice("emergency"))
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
    nudge = harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    assert t("reminders.prompt_followup") in nudge
    harness.clock.advance(dt.timedelta(hours=3))
    assert (await _tick(harness)).sent == 0


async def test_settings_times_days_zone_pause_resume_stop(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/settings")
    text = plain(out, harness.sandbox)
    every_day = t("reminders.every_day")
    assert shown(text, "reminders.settings", times="08:00", days=every_day, zone="Europe/Lisbon")
    await harness.press(PAT, t("reminders.buttons.change_times"))
    out = await harness.send(PAT, "25:99")
    assert t("reminders.times_invalid") in plain(out, harness.sandbox)
    out = await harness.send(PAT, "07:30, 18:00")
    assert shown(plain(out, harness.sandbox), "reminders.times_set", times="07:30, 18:00")
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.days"))
    await harness.press(PAT, t("reminders.weekdays.6"))
    out = await harness.press(PAT, t("reminders.buttons.days_done"))
    mon_to_sat = ", ".join(t(f"reminders.weekdays.{day}") for day in range(6))
    assert t("reminders.days_set", days=mon_to_sat) in plain(out, harness.sandbox)
    assert (await _schedule(harness)).weekdays == 0b0111111
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    out = await harness.send(PAT, "Tokyo")
    assert t("reminders.zone_set", zone="Asia/Tokyo") in plain(out, harness.sandbox)

    out = await harness.send(PAT, "/pause 2026-11-20")
    assert t("reminders.pause_usage") in plain(out, harness.sandbox)
    out = await harness.send(PAT, "/pause 2026-12-01")
    assert t("reminders.paused_until", until="2026-12-01") in plain(out, harness.sandbox)
    harness.clock.advance(dt.timedelta(days=2))
    assert (await _tick(harness)).sent == 0
    out = await harness.send(PAT, "/resume")
    assert shown(plain(out, harness.sandbox), "reminders.resumed")
    out = await harness.send(PAT, "/stop")
    assert t("reminders.stopped") in plain(out, harness.sandbox)
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
