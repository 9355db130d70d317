"""A new user's whole onboarding through the sandbox, with every kind of bad input, plus
restart-in-the-middle and what ends up in the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.engine import create_engine, session_factory
from bot.db.models import Schedule, User
from tests.e2e.content import shown, t, zone_label
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
    assert shown(text, "onboarding.welcome")
    assert buttons(out[-1]) == [t("onboarding.consent_yes"), t("onboarding.consent_no")]

    out = await harness.press(PAT, t("onboarding.consent_yes"))
    assert t("onboarding.timezone_question") in plain(out, sb)
    assert zone_label("Europe/London") in buttons(out[-1])

    # An unknown zone: a clear re-ask, nothing stored.
    out = await harness.send(PAT, "Qwxzvland")
    assert t("onboarding.timezone_not_found", text="Qwxzvland") in plain(out, sb)
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.timezone is None and user.onboarding_step == "timezone"

    # A sticker: the bot says it reads text only and asks again.
    out = await harness.sticker(PAT)
    assert t("routing.non_text") in plain(out, sb)
    assert t("onboarding.timezone_question") in plain(out, sb)

    # 5,000 characters: refused politely, not echoed, state unchanged.
    out = await harness.send(PAT, "a" * 5000)
    assert len(out) == 1 and shown(plain(out, sb), "common.too_long", length=5000)
    assert "aaaaaaaaaa" not in plain(out, sb)

    # A typo gets suggestions as buttons.
    out = await harness.send(PAT, "Lisbn")
    assert t("onboarding.timezone_suggest", text="Lisbn") in plain(out, sb)
    assert "Europe/Lisbon" in buttons(out[-1])
    out = await harness.press(PAT, "Europe/Lisbon")
    assert shown(plain(out, sb), "onboarding.timezone_set", zone="Europe/Lisbon")
    assert t("onboarding.reminder_question") in plain(out, sb)

    out = await harness.send(PAT, "25:99")
    assert t("onboarding.reminder_invalid", text="25:99") in plain(out, sb)
    out = await harness.send(PAT, "7:30 pm")
    assert shown(plain(out, sb), "onboarding.reminder_set", time="19:30")
    assert t("onboarding.second_time_question") in plain(out, sb)  # test_twice_daily
    out = await harness.press(PAT, t("onboarding.second_time_no"))
    assert t("onboarding.diabetes_question") in plain(out, sb)

    out = await harness.send(PAT, "purple")  # "maybe" is an answer now: not sure
    assert t("onboarding.diabetes_invalid") in plain(out, sb)
    out = await harness.press(PAT, t("onboarding.diabetes_yes"))
    assert t("onboarding.done") in plain(out, sb)
    assert buttons(out[-1])[0] == t("onboarding.start_drill")

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
    assert t("onboarding.already_done") in plain(out, sb)


async def test_refusal_stores_only_the_refusal_and_user_can_return(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    out = await harness.press(PAT, t("onboarding.consent_no"))
    assert t("onboarding.consent_refused") in plain(out, sb)
    user, schedule = await _stored(harness, PAT)
    assert user is not None and user.consent == "refused"
    assert (user.timezone, user.diabetes, schedule) == (None, None, None)
    # Typing anything now points back to consent rather than going silent.
    out = await harness.send(PAT, "hello?")
    assert t("onboarding.consent_question") in plain(out, sb)
    out = await harness.send(PAT, "/start")
    assert t("onboarding.consent_again") in plain(out, sb)
    out = await harness.press(PAT, t("onboarding.consent_yes"))
    assert t("onboarding.timezone_question") in plain(out, sb)


async def test_restart_mid_onboarding_continues_where_the_user_was(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    await harness.press(PAT, t("onboarding.consent_yes"))
    await harness.press(PAT, zone_label("Europe/Berlin"))
    await harness.restart()
    # The reminder question is still open after the restart: a typed time is accepted.
    out = await harness.send(PAT, "08:15")
    assert shown(plain(out, sb), "onboarding.reminder_set", time="08:15")
    await harness.restart()
    out = await harness.send(PAT, "/start")
    assert t("onboarding.resume") in plain(out, sb)
    assert t("onboarding.second_time_question") in plain(out, sb)
    await harness.restart()
    out = await harness.press(PAT, t("onboarding.second_time_no"))
    assert t("onboarding.diabetes_question") in plain(out, sb)
    out = await harness.press(PAT, t("onboarding.diabetes_no"))
    assert t("onboarding.done") in plain(out, sb)
    user, schedule = await _stored(harness, PAT)
    assert user is not None and user.timezone == "Europe/Berlin" and user.diabetes is False
    assert schedule is not None and schedule.times == "08:15"


async def test_stale_and_forged_onboarding_buttons_change_nothing(harness: BotHarness) -> None:
    sb = harness.sandbox
    await harness.send(PAT, "/start")
    consent_msg = sb.messages(PAT)[-1]
    await harness.press(PAT, t("onboarding.consent_yes"))
    # Pressing the old consent button again: refused, onboarding stays where it is.
    out = await harness.press_data(PAT, consent_msg.message_id, "ob:consent:no")
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.consent == "given"
    assert t("onboarding.wrong_step") in plain(out, sb)
    # A forged zone that is not a real zone.
    tz_msg = sb.messages(PAT)[-1]
    # (Zones travel with "/" as "."; the old "ob:tz:Mars/Olympus" shape is only "expired".)
    out = await harness.press_data(PAT, tz_msg.message_id, "ob:tz:Mars.Olympus")
    user, _ = await _stored(harness, PAT)
    assert user is not None and user.timezone is None
    assert t("common.button_expired") in plain(out, sb)
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
    # A first message gets the welcome, not silence.
    assert shown(plain(out, sb), "onboarding.welcome")
    out = await harness.send(PAT, "/help")
    assert t("common.help") in plain(out, sb)
    out = await harness.send(PAT, "/frobnicate")
    assert t("common.unknown_command") in plain(out, sb)
