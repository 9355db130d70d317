"""The staff set-ups the end-to-end tests share, through the bot as people would: a therapist
enrolled from an invite, a patient enrolled from their therapist's invite, the invite link
found in a chat; and a patient row seeded straight into the database where the bot would take
too long."""

from __future__ import annotations

import datetime as dt
import re

from bot.db.models import User
from bot.sandbox.server import SentMessage
from tests.e2e.content import shown, t
from tests.e2e.harness import BotHarness, answer_second_time, plain

LINK_RE = re.compile(r"https://t\.me/toebot_sandbox_bot\?start=([A-Za-z0-9_-]+)")


def invite_link(harness: BotHarness, user_id: int) -> str:
    """The latest invite link in `user_id`'s chat."""
    for message in reversed(harness.sandbox.messages(user_id)):
        match = LINK_RE.search(message.plain)
        if match:
            return match.group(0)
    raise AssertionError("no invite link in the chat")


async def new_therapist(
    harness: BotHarness, inviter: int, user_id: int, name: str, *, command: str = "/newtherapist"
) -> str:
    """`inviter` makes a therapist invite with `command` (the link, then its QR code);
    `user_id` opens it and types `name`. Returns the welcome's text."""
    out = await harness.send(inviter, command)
    assert out[-1].kind == "photo"  # the QR code after the link
    await harness.wait_handled(harness.sandbox.open_link(user_id, invite_link(harness, inviter)))
    text = plain(await harness.send(user_id, name), harness.sandbox)
    assert shown(text, "therapist.therapist_welcome", name=name)
    return text


async def enrol_patient(
    harness: BotHarness, therapist: int, patient: int, name: str | None = None
) -> list[SentMessage]:
    """`patient` (first name `name`, if given) accepts `therapist`'s invite and finishes
    onboarding in Lisbon (08:00 when asked, no second time, no diabetes); returns what the
    therapist was sent meanwhile."""
    if name is not None:
        harness.sandbox.user(patient, first_name=name)
    await harness.send(therapist, "/invite")
    before = len(harness.sandbox.messages(therapist))
    await harness.wait_handled(harness.sandbox.open_link(patient, invite_link(harness, therapist)))
    await harness.press(patient, t("therapist.accept"))
    await harness.send(patient, "Lisbon")
    if t("onboarding.reminder_question") in harness.texts(patient)[-1]:
        await harness.send(patient, "08:00")
        await answer_second_time(harness, patient, None)
    await harness.press(patient, t("onboarding.diabetes_no"))
    return harness.sandbox.messages(therapist)[before:]


def patient_row(uid: int, *, therapist: int, name: str, now: dt.datetime) -> User:
    """A consenting, onboarded patient of `therapist` in Lisbon, linked `now`, for seeding."""
    return User(
        id=uid,
        chat_id=uid,
        consent="given",
        onboarding_step="done",
        timezone="Europe/Lisbon",
        diabetes=False,
        therapist_id=therapist,
        linked_at=now,
        display_name=name,
        created_at=now,
        updated_at=now,
    )
