"""A new user's whole onboarding through the sandbox, with every kind of bad input, plus
restart-in-the-middle and what ends up in the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import create_engine, session_factory
from bot.db.models import Schedule, User
from tests.e2e.harness import BotHarness, buttons, plain

PAT = 7_000_000_001


async def _stored(harness: BotHarness, user_id: int) -> tuple[User | None, Schedule | None]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await _rows(session, user_id)
    finally:
        await engine.dispose()


async def _rows(session: AsyncSession, user_id: int) -> tuple[User | None, Schedule | None]:
    return await session.get(User, user_id), await session.get(Schedule, user_id)


async def test_new_user_onboards_through_bad_inputs(harness: BotHarness) -> None:
    sb = harness.sandbox
    out = await harness.send(PAT, "/start")
    text = plain(out, sb)
    assert "educational, not medical advice" in text
    assert buttons(out[-1]) == ["I agree", "No, thanks"]

    out = await harness.press(PAT, "I agree")
    assert "Which time zone" in plain(out, sb)
    assert "London" in buttons(out[-1])

    # An unknown zone: a clear re-ask, nothing stored.
    out = await harness.send(PAT, "Qwxzvland")
    assert "couldn't find a time zone" in plain(out, sb)
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.timezone is None and user.onboarding_step == "timezone"

    # A sticker: the bot says it reads text only and asks again.
    out = await harness.sticker(PAT)
    assert "only read text" in plain(out, sb)
    assert "Which time zone" in plain(out, sb)

    # 5,000 characters: refused politely, not echoed, state unchanged.
    out = await harness.send(PAT, "a" * 5000)
    assert len(out) == 1 and "too long" in plain(out, sb)
    assert "aaaaaaaaaa" not in plain(out, sb)

    # A typo gets suggestions as buttons.
    out = await harness.send(PAT, "Lisbn")
    assert "Did you mean" in plain(out, sb)
    assert "Europe/Lisbon" in buttons(out[-1])
    out = await harness.press(PAT, "Europe/Lisbon")
    assert "Time zone set to Europe/Lisbon" in plain(out, sb)
    assert "At what time" in plain(out, sb)

    out = await harness.send(PAT, "25:99")
    assert "isn't a time I understand" in plain(out, sb)
    out = await harness.send(PAT, "7:30 pm")
    assert "every day at 19:30" in plain(out, sb)
    assert "do you have diabetes" in plain(out, sb)

    out = await harness.send(PAT, "maybe")
    assert "Please tap one of the buttons" in plain(out, sb)
    out = await harness.press(PAT, "Yes, I have diabetes")
    assert "You're all set" in plain(out, sb)
    assert buttons(out[-1])[0] == "Start my first session"

    user, schedule = await _stored(harness, PAT)
    assert user is not None and schedule is not None
    assert (user.consent, user.timezone, user.diabetes, user.onboarding_step) == (
        "given",
        "Europe/Lisbon",
        True,
        "done",
    )
    assert schedule.times == "19:30"
    assert schedule.next_due_at == dt.datetime(2026, 11, 23, 19, 30, tzinfo=dt.UTC)

    out = await harness.send(PAT, "/start")
    assert "already set up" in plain(out, sb)


async def test_refusal_stores_only_the_refusal_and_user_can_return(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    out = await harness.press(PAT, "No, thanks")
    assert "stored nothing except your choice" in plain(out, sb)
    user, schedule = await _stored(harness, PAT)
    assert user is not None and user.consent == "refused"
    assert (user.timezone, user.diabetes, schedule) == (None, None, None)
    # Typing anything now points back to consent rather than going silent.
    out = await harness.send(PAT, "hello?")
    assert "Do you agree" in plain(out, sb)
    out = await harness.send(PAT, "/start")
    assert "Welcome back" in plain(out, sb)
    out = await harness.press(PAT, "I agree")
    assert "Which time zone" in plain(out, sb)


async def test_restart_mid_onboarding_continues_where_the_user_was(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    await harness.press(PAT, "I agree")
    await harness.press(PAT, "Berlin / Paris")
    await harness.restart()
    # The reminder question is still open after the restart: a typed time is accepted.
    out = await harness.send(PAT, "08:15")
    assert "every day at 08:15" in plain(out, sb)
    await harness.restart()
    out = await harness.send(PAT, "/start")
    assert "carry on" in plain(out, sb) and "do you have diabetes" in plain(out, sb)
    out = await harness.press(PAT, "No")
    assert "You're all set" in plain(out, sb)
    user, schedule = await _stored(harness, PAT)
    assert user is not None and user.timezone == "Europe/Berlin" and user.diabetes is False
    assert schedule is not None and schedule.times == "08:15"


async def test_stale_and_forged_onboarding_buttons_change_nothing(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    consent_msg = sb.messages(PAT)[-1]
    await harness.press(PAT, "I agree")
    # Pressing the old consent button again: refused, onboarding stays where it is.
    out = await harness.press_data(PAT, consent_msg.message_id, "ob:consent:no")
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.consent == "given"
    assert "already answered" in plain(out, sb)
    # A forged zone that is not a real zone.
    tz_msg = sb.messages(PAT)[-1]
    out = await harness.press_data(PAT, tz_msg.message_id, "ob:tz:Mars/Olympus")
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.timezone is None
    assert "no longer active" in plain(out, sb)
    # Garbage data and a diabetes answer out of turn.
    await harness.press_data(PAT, tz_msg.message_id, "zz:nope")
    await harness.press_data(PAT, tz_msg.message_id, "ob:dia:yes")
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.diabetes is None and user.onboarding_step == "timezone"
    answers = sb.callback_answers(PAT)
    assert answers, "every press must be answered so the client stops its spinner"


async def test_help_unknown_command_and_text_before_start(harness: BotHarness) -> None:
    sb = harness.sandbox
    out = await harness.send(PAT, "hi there")
    assert "Toebot" in plain(out, sb)  # a first message gets the welcome, not silence
    out = await harness.send(PAT, "/help")
    assert "/start" in plain(out, sb)
    out = await harness.send(PAT, "/frobnicate")
    assert "don't know that command" in plain(out, sb)
