"""Time-zone answers through the real app: an ambiguous abbreviation ("EST", "CST") asks which
place is meant, with buttons, at onboarding and in /settings; a fixed offset ("UTC+5:30",
"UTC−5") is taken with the notice that it does not follow daylight saving; an old, another
user's or forged place button is answered "expired" and changes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.db.engine import create_engine, session_factory
from bot.db.models import Schedule, User
from bot.domain.zones import AMBIGUOUS
from tests.e2e.content import html, shown, t
from tests.e2e.content import plain as seen
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT, OTHER = 7_100_000_001, 7_100_000_002


async def _user(harness: BotHarness, user_id: int) -> User:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            user = await session.get(User, user_id)
    finally:
        await engine.dispose()
    assert user is not None
    return user


async def _schedule(harness: BotHarness, user_id: int) -> Schedule:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            schedule = await session.get(Schedule, user_id)
    finally:
        await engine.dispose()
    assert schedule is not None
    return schedule


def _place(key: str) -> str:
    return t(f"timezones.buttons.places.{key}")


def _fixed(offset: str) -> str:
    return t("timezones.buttons.fixed", offset=offset)


def _expired(harness: BotHarness, user_id: int) -> bool:
    answers = harness.sandbox.callback_answers(user_id)
    return answers[-1].text == html("common.button_expired")


async def _to_zone_question(harness: BotHarness, user_id: int) -> None:
    await harness.send(user_id, "/start")
    await harness.press(user_id, t("onboarding.consent_yes"))


async def test_onboarding_est_asks_which_place_and_new_york_follows_daylight_saving(
    harness: BotHarness,
) -> None:
    sb = harness.sandbox
    await _to_zone_question(harness, PAT)
    out = await harness.send(PAT, "EST")
    assert plain(out, sb) == t("timezones.question", abbreviation="EST")
    assert buttons(out[-1]) == [_place("america_new_york"), _fixed("UTC−5")]
    question = out[-1]
    user = await _user(harness, PAT)
    assert (user.timezone, user.onboarding_step) == (None, "timezone")

    # The question is a row, not memory: a restart before the press loses nothing.
    await harness.restart()
    out = await harness.press(PAT, _place("america_new_york"))
    assert shown(plain(out, sb), "onboarding.timezone_set", zone="America/New_York")
    assert not shown(plain(out, sb), "timezones.fixed_notice")
    assert t("onboarding.reminder_question") in plain(out, sb)
    assert (await _user(harness, PAT)).timezone == "America/New_York"

    # The same question's other button, pressed later: expired, nothing changes.
    out = await harness.press_data(PAT, question.message_id, "obz:EST:1")
    assert out == [] and _expired(harness, PAT)
    assert (await _user(harness, PAT)).timezone == "America/New_York"

    await harness.send(PAT, "08:00")
    due = (await _schedule(harness, PAT)).next_due_at
    assert due is not None
    # 08:00 in New York: 13:00 UTC in November (EST), 12:00 UTC after March (EDT).
    assert due.astimezone(ZoneInfo("America/New_York")).time() == dt.time(8)


async def test_onboarding_fixed_offset_is_taken_with_the_no_daylight_saving_notice(
    harness: BotHarness,
) -> None:
    sb = harness.sandbox
    await _to_zone_question(harness, PAT)
    out = await harness.send(PAT, "UTC+15")
    assert plain(out, sb) == t("timezones.offset_invalid", text="UTC+15")
    assert (await _user(harness, PAT)).timezone is None

    out = await harness.send(PAT, "UTC+5:30")
    text = plain(out, sb)
    assert shown(text, "onboarding.timezone_set", zone="Asia/Kolkata")
    assert t("timezones.fixed_notice", offset="UTC+5:30") in text
    assert t("onboarding.reminder_question") in text
    assert (await _user(harness, PAT)).timezone == "Asia/Kolkata"


async def test_onboarding_fixed_choice_of_an_abbreviation_gets_the_notice(
    harness: BotHarness,
) -> None:
    sb = harness.sandbox
    await _to_zone_question(harness, PAT)
    out = await harness.send(PAT, "ist")
    assert buttons(out[-1]) == [
        _place("asia_kolkata"),
        _place("europe_dublin"),
        _place("asia_jerusalem"),
    ]
    # Typing a city instead answers the question, and closes it.
    out = await harness.send(PAT, "Dublin")
    assert shown(plain(out, sb), "onboarding.timezone_set", zone="Europe/Dublin")
    user = await _user(harness, PAT)
    assert (user.timezone, user.awaiting) == ("Europe/Dublin", None)


async def test_a_forged_or_another_users_place_button_is_expired(harness: BotHarness) -> None:
    await _to_zone_question(harness, PAT)
    await _to_zone_question(harness, OTHER)
    out = await harness.send(PAT, "CST")
    assert len(AMBIGUOUS["CST"]) == 3
    question = out[-1]
    # OTHER never typed CST: PAT's button data, sent from OTHER, sets nothing.
    other_chat = harness.sandbox.messages(OTHER)[-1]
    out = await harness.press_data(OTHER, other_chat.message_id, "obz:CST:1")
    assert out == [] and _expired(harness, OTHER)
    assert (await _user(harness, OTHER)).timezone is None
    # Asked about CST, not PST; and no fourth place: both expired.
    for forged in ("obz:PST:0", "obz:CST:3", "obz:CST:x", "sez:CST:1"):
        out = await harness.press_data(PAT, question.message_id, forged)
        assert out == [] and _expired(harness, PAT)
    assert (await _user(harness, PAT)).timezone is None
    # The real question still works.
    out = await harness.press(PAT, _place("asia_shanghai"))
    assert shown(plain(out, harness.sandbox), "onboarding.timezone_set", zone="Asia/Shanghai")


async def test_settings_zone_asks_the_same_question_and_takes_fixed_offsets(
    harness: BotHarness,
) -> None:
    sb = harness.sandbox
    await onboard(harness, PAT)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    out = await harness.send(PAT, "EST")
    assert plain(out, sb) == t("timezones.question", abbreviation="EST")
    assert buttons(out[-1]) == [_place("america_new_york"), _fixed("UTC−5")]
    question = out[-1]
    assert (await _user(harness, PAT)).timezone == "Europe/Lisbon"

    out = await harness.press(PAT, _place("america_new_york"))
    assert plain(out, sb) == t("reminders.zone_set", zone="America/New_York")
    user = await _user(harness, PAT)
    assert (user.timezone, user.awaiting) == ("America/New_York", None)
    due = (await _schedule(harness, PAT)).next_due_at
    assert due is not None
    assert due.astimezone(ZoneInfo("America/New_York")).time() == dt.time(8)

    # The old question's fixed button: expired, the zone stays New York.
    out = await harness.press_data(PAT, question.message_id, "sez:EST:1")
    assert out == [] and _expired(harness, PAT)
    assert (await _user(harness, PAT)).timezone == "America/New_York"

    # A fixed offset with a real minus sign, then the fixed choice of an abbreviation.
    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    out = await harness.send(PAT, "UTC−5")
    assert plain(out, sb) == seen(
        # Shown as the offset typed, never as the POSIX name with its sign reversed.
        html("reminders.zone_set", zone="UTC−5"),
        "\n\n",
        html("timezones.fixed_notice", offset="UTC−5"),
    )
    assert (await _user(harness, PAT)).timezone == "Etc/GMT+5"

    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    await harness.send(PAT, "cst")
    out = await harness.press(PAT, _fixed("UTC−6"))
    assert t("timezones.fixed_notice", offset="UTC−6") in plain(out, sb)
    assert (await _user(harness, PAT)).timezone == "Etc/GMT+6"

    await harness.send(PAT, "/settings")
    await harness.press(PAT, t("reminders.buttons.zone"))
    out = await harness.send(PAT, "GMT+99")
    assert plain(out, sb) == t("timezones.offset_invalid", text="GMT+99")
    assert (await _user(harness, PAT)).timezone == "Etc/GMT+6"
