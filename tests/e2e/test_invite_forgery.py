"""Nobody joins a therapist without the link: the accept button carries a one-use code bound
to the user who opened the link, so every forged press (never opened, someone else's button,
an expired one, a guessed code, another therapist's invite, a double press) is refused,
logged, counted by the throttle, and changes nothing in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry, Confirmation, Invite, InviteAttempt, User
from bot.domain.privacy import AuditAction
from tests.e2e.harness import BotHarness, running_harness
from tests.e2e.staff import invite_link
from tests.e2e.test_therapists import ADMIN, ANN, BOB, _make_therapist, _open

P1, P2, P3, P4, P5 = (9_200_000_000 + i for i in range(1, 6))


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


def _text(harness: BotHarness, key: str, **values: object) -> str:
    assert harness.app is not None
    return str(harness.app.bot_data["deps"].text(key, **values))


async def _state(harness: BotHarness) -> dict[str, object]:
    """What a forged press must not change: links, consent, invite uses, confirmations."""
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            users = {
                u.id: (u.therapist_id, u.consent, u.programme_id, u.display_name)
                for u in (await session.scalars(select(User))).all()
            }
            invites = {i.id: i.uses for i in (await session.scalars(select(Invite))).all()}
            pending = {
                c.nonce: c.user_id for c in (await session.scalars(select(Confirmation))).all()
            }
            return {"users": users, "invites": invites, "pending": pending}
    finally:
        await engine.dispose()


async def _count(harness: BotHarness, model: type, *where: object) -> int:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            stmt = select(func.count()).select_from(model)
            for clause in where:
                stmt = stmt.where(clause)  # type: ignore[arg-type]
            return int(await session.scalar(stmt) or 0)
    finally:
        await engine.dispose()


def _accept_data(harness: BotHarness, user_id: int) -> tuple[int, str]:
    """(message id, callback data) of the accept button the user was shown."""
    accept = _text(harness, "therapist.accept")
    for message in reversed(harness.sandbox.messages(user_id)):
        for row in message.keyboard:
            for label, data in row:
                if label == accept and data:
                    return message.message_id, data
    raise AssertionError("no accept button in the chat")


async def _forge(harness: BotHarness, user_id: int, data: str) -> None:
    """Press `data` from the user's own chat and check the press is refused quietly."""
    if not harness.sandbox.messages(user_id):
        await harness.send(user_id, "/help")
    before = len(harness.sandbox.messages(user_id))
    message_id = harness.sandbox.messages(user_id)[-1].message_id
    await harness.press_data(user_id, message_id, data)
    assert len(harness.sandbox.messages(user_id)) == before  # nothing said, nothing linked
    assert harness.sandbox.callback_answers(user_id)[-1].text == _text(
        harness, "common.button_expired"
    )


async def test_every_forged_accept_is_refused_and_changes_nothing(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _make_therapist(harness, BOB, name="Bob")
    await harness.send(ANN, "/invite uses=5")
    ann_link = invite_link(harness, ANN)
    await harness.send(BOB, "/invite uses=5")
    bob_link = invite_link(harness, BOB)
    # P1 opens Ann's link and accepts it properly: Ann's patient.
    await _open(harness, P1, ann_link)
    await harness.press(P1, _text(harness, "therapist.accept"))
    # P2 opens Ann's link but has not answered yet: a real, pending button.
    await _open(harness, P2, ann_link)
    p2_message, p2_data = _accept_data(harness, P2)
    assert p2_data.startswith("iv:") and len(p2_data) == len("iv:") + 16 + len(":y")
    before = await _state(harness)
    attempts = await _count(harness, InviteAttempt)

    ids = before["invites"]
    assert isinstance(ids, dict)
    ann_invite, bob_invite = sorted(ids)[-2:]  # after the two therapist invites
    # A user who never opened any link presses the old-style button of an invite id.
    await _forge(harness, P3, f"iv:{ann_invite}:y")
    # Someone else replays P2's real button (from their own chat).
    await _forge(harness, P3, p2_data)
    # A guessed code of the right shape.
    await _forge(harness, P3, "iv:AAAAAAAAAAAAAAAA:y")
    # Ann's patient P1 presses for Bob's invite, which they never opened: still Ann's.
    await _forge(harness, P1, f"iv:{bob_invite}:y")
    # Bob tries to take Ann's patient with P2's code from his own chat.
    await _forge(harness, BOB, p2_data)
    assert await _state(harness) == before
    assert await _count(harness, InviteAttempt) == attempts + 5
    refused = col(AuditEntry.action) == AuditAction.INVITE_REFUSED.value
    assert await _count(harness, AuditEntry, refused) == 5

    # P2's own button still works after all that, once.
    harness.sandbox.user(P2, first_name="Pia")
    await harness.press_data(P2, p2_message, p2_data)
    user = (await _state(harness))["users"]
    assert isinstance(user, dict) and user[P2][0] == ANN
    uses = (await _state(harness))["invites"]
    await harness.press_data(P2, p2_message, p2_data)  # a double press
    assert harness.sandbox.callback_answers(P2)[-1].text == _text(harness, "common.button_expired")
    assert (await _state(harness))["invites"] == uses

    # Bob's link opened by P4 and pressed after the code expired: refused, not linked.
    await _open(harness, P4, bob_link)
    message_id, data = _accept_data(harness, P4)
    harness.clock.advance(dt.timedelta(hours=2))
    await harness.press_data(P4, message_id, data)
    assert harness.sandbox.callback_answers(P4)[-1].text == _text(harness, "common.button_expired")
    state = await _state(harness)
    users = state["users"]
    assert isinstance(users, dict) and users[P4][0] is None
    assert state["invites"] == uses


async def test_forged_presses_count_towards_the_throttle(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    for i in range(5):
        await _forge(harness, P5, f"iv:{i + 1}:y")
    await harness.send(ANN, "/invite")
    text = await _open(harness, P5, invite_link(harness, ANN))
    assert _text(harness, "therapist.invite_unusable") in text
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            user = await session.get(User, P5)
    finally:
        await engine.dispose()
    assert user is not None and user.therapist_id is None


async def test_a_link_opened_twice_is_used_once(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await harness.send(ANN, "/invite uses=5")
    link = invite_link(harness, ANN)
    await _open(harness, P1, link)
    first = _accept_data(harness, P1)
    await _open(harness, P1, link)
    second = _accept_data(harness, P1)
    assert first != second
    await harness.press_data(P1, *second)
    uses = (await _state(harness))["invites"]
    await harness.press_data(P1, *first)
    assert harness.sandbox.callback_answers(P1)[-1].text == _text(harness, "common.button_expired")
    assert (await _state(harness))["invites"] == uses
