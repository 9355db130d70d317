"""/dashboard end to end: therapists, clinic admins and the bot's admins get a button that opens
the Mini App at WEBAPP_URL and their chat's menu button opens it too (as it does for a new
therapist once their invite is accepted); patients, strangers and deactivated therapists are
told it is for therapists; without WEBAPP_URL staff are told it is not switched on. A refused
menu button does not cost the answer."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Clinic, Therapist
from bot.sandbox.server import SentMessage
from tests.e2e.content import pattern, shown, t
from tests.e2e.harness import BotHarness, buttons, onboard, plain, running_harness

ADMIN, THERAPIST, CLINIC_ADMIN, GONE, PATIENT = (9_300_000_000 + i for i in range(1, 6))
URL = "https://dash.example.org/app/"
NEWCOMER = 9_300_000_010
INVITE = re.compile(r"https://t\.me/\S+\?start=[A-Za-z0-9_-]+")


async def _add_therapists(harness: BotHarness) -> None:
    now = harness.clock()
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            clinic = Clinic(name="Riverside", created_at=now)
            session.add(clinic)
            await session.flush()
            session.add_all(
                [
                    Therapist(user_id=THERAPIST, display_name="Dr Ann", created_at=now),
                    Therapist(
                        user_id=CLINIC_ADMIN,
                        display_name="Dr Head",
                        clinic_id=clinic.id,
                        clinic_admin=True,
                        created_at=now,
                    ),
                    Therapist(
                        user_id=GONE,
                        display_name="Dr Gone",
                        active=False,
                        created_at=now,
                        deactivated_at=now,
                    ),
                ]
            )
            await session.commit()
    finally:
        await engine.dispose()


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(
        database_url, clock, admin_ids=frozenset({ADMIN}), webapp_url=URL
    ) as h:
        await _add_therapists(h)
        yield h


def _web_app_buttons(messages: list[SentMessage]) -> list[tuple[str, str]]:
    return [
        (button["text"], button["web_app"]["url"])
        for message in messages
        for row in message.inline_keyboard or []
        for button in row
        if "web_app" in button
    ]


@pytest.mark.parametrize("user_id", [ADMIN, THERAPIST, CLINIC_ADMIN])
async def test_staff_get_the_dashboard_button_and_menu_button(
    harness: BotHarness, user_id: int
) -> None:
    assert harness.sandbox.menu_button(user_id) == {"type": "commands"}
    out = await harness.send(user_id, "/dashboard")
    assert plain(out, harness.sandbox) == t("dashboard.chat.open")
    assert _web_app_buttons(out) == [(t("dashboard.buttons.open"), URL)]
    assert harness.sandbox.menu_button(user_id) == {
        "type": "web_app",
        "text": t("dashboard.buttons.menu"),
        "web_app": {"url": URL},
    }
    # Only that chat's button: every other chat keeps the command list.
    assert harness.sandbox.menu_button(PATIENT) == {"type": "commands"}


@pytest.mark.parametrize("user_id", [PATIENT, GONE])
async def test_patients_and_deactivated_therapists_are_refused(
    harness: BotHarness, user_id: int
) -> None:
    if user_id == PATIENT:
        await onboard(harness, PATIENT)
    out = await harness.send(user_id, "/dashboard")
    assert plain(out, harness.sandbox) == t("therapist.not_therapist")
    assert _web_app_buttons(out) == []
    assert harness.sandbox.menu_button(user_id) == {"type": "commands"}


async def test_a_stranger_is_refused_too(harness: BotHarness) -> None:
    out = await harness.send(PATIENT, "/dashboard")
    assert plain(out, harness.sandbox) == t("therapist.not_therapist")
    assert _web_app_buttons(out) == []


async def test_a_refused_menu_button_still_answers(harness: BotHarness) -> None:
    harness.sandbox.inject_fault("setChatMenuButton", kind="5xx", status=502, count=10)
    out = await harness.send(THERAPIST, "/dashboard")
    assert plain(out, harness.sandbox) == t("dashboard.chat.open")
    assert _web_app_buttons(out) == [(t("dashboard.buttons.open"), URL)]
    assert harness.sandbox.menu_button(THERAPIST) == {"type": "commands"}


async def test_without_webapp_url_staff_are_told_it_is_off(
    database_url: str, clock: FakeClock
) -> None:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as harness:
        await _add_therapists(harness)
        for user_id in (ADMIN, THERAPIST):
            out = await harness.send(user_id, "/dashboard")
            assert plain(out, harness.sandbox) == t("dashboard.chat.not_configured")
            assert _web_app_buttons(out) == []
            assert harness.sandbox.menu_button(user_id) == {"type": "commands"}
        out = await harness.send(PATIENT, "/dashboard")
        assert plain(out, harness.sandbox) == t("therapist.not_therapist")


async def test_a_new_therapists_menu_button_opens_the_dashboard(harness: BotHarness) -> None:
    await harness.send(ADMIN, "/newtherapist")
    [link] = [
        found
        for message in harness.sandbox.messages(ADMIN)
        for found in INVITE.findall(message.plain)
    ]
    await harness.wait_handled(harness.sandbox.open_link(NEWCOMER, link))
    assert harness.sandbox.menu_button(NEWCOMER) == {"type": "commands"}
    latest = harness.sandbox.messages(NEWCOMER)[-1]
    [name] = [b for b in buttons(latest) if pattern("therapist.use_name").fullmatch(b)]
    out = await harness.press(NEWCOMER, name)
    assert shown(plain(out, harness.sandbox), "therapist.therapist_welcome")
    assert harness.sandbox.menu_button(NEWCOMER)["web_app"] == {"url": URL}
