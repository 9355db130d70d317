"""The patient's own set-up (issue 13): a "not sure" answer to the diabetes question, the
therapist shown in /settings with /unlink there, and /unlink in the command menu."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import User
from bot.domain import triage
from bot.domain.triage import Level
from tests.e2e.content import advice, shown, t
from tests.e2e.harness import BotHarness, answer_second_time, onboard, plain, running_harness

ADMIN, THERA, PAT = 7_310_000_001, 7_310_000_002, 7_310_000_003
LINK_RE = re.compile(r"https://t\.me/\S+\?start=\S+")


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """A running bot with one admin."""
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _user(harness: BotHarness, user_id: int) -> User:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            user = (await session.scalars(select(User).where(col(User.id) == user_id))).one()
            return user
    finally:
        await engine.dispose()


async def _open_latest_link(harness: BotHarness, sender: int, user_id: int) -> None:
    link = next(
        found[0]
        for message in reversed(harness.sandbox.messages(sender))
        if (found := LINK_RE.search(message.plain)) is not None
    )
    await harness.wait_handled(harness.sandbox.open_link(user_id, link))


async def test_not_sure_about_diabetes_is_stored_unknown_and_treated_as_yes(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT, diabetes=None)
    user = await _user(harness, PAT)
    assert user.diabetes is None and user.onboarding_step == "done"
    text = plain(harness.sandbox.messages(PAT)[-3:], harness.sandbox)
    assert t("onboarding.diabetes_noted_unsure") in text
    # Taken as diabetes: the article's daily foot check, and a new foot symptom is urgent.
    assert t("onboarding.foot_check") in text
    message = "I have a small blister on my big toe"
    assert triage.assess(message, diabetes=None).level is Level.URGENT
    assert triage.assess(message, diabetes=False).level < Level.URGENT
    assert advice("urgent") in plain(await harness.send(PAT, message), harness.sandbox)


@pytest.mark.parametrize(
    ("typed", "stored", "noted"),
    [("not sure", None, "unsure"), ("No.", False, "no"), ("yep", True, "yes")],
)
async def test_the_diabetes_answer_can_be_typed(
    harness: BotHarness, typed: str, stored: bool | None, noted: str
) -> None:
    # Typed instead of tapped: the same answer as the button (found in a sandbox try-out,
    # where "not sure" typed got "please tap one of the buttons").
    await harness.send(PAT, "/start")
    await harness.press(PAT, t("onboarding.consent_yes"))
    await harness.send(PAT, "Lisbon")
    await harness.send(PAT, "08:00")
    await answer_second_time(harness, PAT, None)
    out = plain(await harness.send(PAT, typed), harness.sandbox)
    user = await _user(harness, PAT)
    assert user.diabetes is stored and user.onboarding_step == "done"
    assert t(f"onboarding.diabetes_noted_{noted}") in out
    assert t("onboarding.diabetes_invalid") not in out


async def test_settings_shows_the_therapist_and_unlink_works_from_there(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    # Not linked: no therapist line.
    settings = plain(await harness.send(PAT, "/settings"), harness.sandbox)
    assert not shown(settings, "reminders.settings_therapist")
    harness.sandbox.user(THERA, first_name="Ann", last_name="Lee")
    await harness.send(ADMIN, "/newtherapist")
    await _open_latest_link(harness, ADMIN, THERA)
    await harness.press(THERA, t("therapist.use_name", name="Ann Lee"))
    await harness.send(THERA, "/invite")
    await _open_latest_link(harness, THERA, PAT)
    await harness.press(PAT, t("therapist.accept"))
    assert (await _user(harness, PAT)).therapist_id == THERA
    settings = plain(await harness.send(PAT, "/settings"), harness.sandbox)
    assert t("reminders.settings_therapist", therapist="Ann Lee") in settings
    replies = await harness.send(PAT, "/unlink")
    assert [m.plain for m in replies] == [t("therapist.unlinked", therapist="Ann Lee")]
    assert (await _user(harness, PAT)).therapist_id is None
    settings = plain(await harness.send(PAT, "/settings"), harness.sandbox)
    assert not shown(settings, "reminders.settings_therapist")


async def test_the_command_menu_has_unlink(harness: BotHarness) -> None:
    menu = harness.sandbox.bot_commands()
    assert ("unlink", t("common.commands.unlink")) in menu
    assert "audit" not in {name for name, _ in menu}
