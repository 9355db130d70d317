"""Messages between a therapist and their patient, both ways: stored, read back as a thread
(the dashboard shows it), and the patient's reply taken from the database.

A message's words are health data: they are stored here and nowhere else, never logged.
Who may write is the caller's check (`bot.services.access.can_view` for the therapist); a
patient's reply is checked here, against the message it answers and the patient's current
therapist.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import MessageDirection, Therapist, TherapistMessage, User
from bot.domain.privacy import AuditAction
from bot.services import audit

log = logging.getLogger(__name__)

# The patient pressed "Reply" under a therapist's message; `users.awaiting_ref` holds that
# message's id, so a restart between the press and the typed reply loses nothing.
AWAIT_REPLY = "p_reply"
# Telegram's own limit on one message: nothing longer is stored.
MAX_TEXT = 4096


async def record(
    session: AsyncSession,
    *,
    patient_id: int,
    therapist_id: int | None,
    direction: MessageDirection,
    text: str,
    now: dt.datetime,
    reply_to: int | None = None,
) -> TherapistMessage:
    """Store one message (its id is set on return)."""
    message = TherapistMessage(
        patient_id=patient_id,
        therapist_id=therapist_id,
        direction=direction.value,
        text=text[:MAX_TEXT],
        reply_to=reply_to,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    return message


async def write(
    session: AsyncSession, *, therapist_id: int, patient_id: int, text: str, now: dt.datetime
) -> TherapistMessage:
    """A therapist's (or admin's) message to the patient, stored before it is sent, and
    audited without its words: the chat's and the dashboard's one way to write."""
    message = await record(
        session,
        patient_id=patient_id,
        therapist_id=therapist_id,
        direction=MessageDirection.TO_PATIENT,
        text=text,
        now=now,
    )
    await audit.record(
        session,
        actor_id=therapist_id,
        action=AuditAction.MESSAGE_SENT,
        now=now,
        target_user_id=patient_id,
    )
    return message


async def thread(
    session: AsyncSession, *, patient_id: int, limit: int = 50
) -> list[TherapistMessage]:
    """The latest `limit` messages with this patient, both ways, oldest first."""
    rows = await session.scalars(
        select(TherapistMessage)
        .where(col(TherapistMessage.patient_id) == patient_id)
        .order_by(col(TherapistMessage.created_at).desc(), col(TherapistMessage.id).desc())
        .limit(max(1, limit))
    )
    return list(reversed(rows.all()))


async def mark_delivered(session: AsyncSession, *, message_id: int, now: dt.datetime) -> None:
    """The message reached its reader's chat (the first delivery time is kept)."""
    message = await session.get(TherapistMessage, message_id)
    if message is not None and message.delivered_at is None:
        message.delivered_at = now


async def to_patient(
    session: AsyncSession, *, message_id: int, patient_id: int
) -> TherapistMessage | None:
    """A therapist's message to this patient (what a Reply answers), else None: another
    patient's id, a reply's id or a made-up one (logged, never shown)."""
    message = await session.get(TherapistMessage, message_id)
    if (
        message is None
        or message.patient_id != patient_id
        or message.direction != MessageDirection.TO_PATIENT.value
    ):
        log.warning("user %s pressed Reply on message %s, not theirs", patient_id, message_id)
        return None
    return message


async def await_reply(
    session: AsyncSession, *, patient_id: int, message_id: int
) -> TherapistMessage | None:
    """The patient pressed Reply: their next text answers `message_id` (if it is theirs)."""
    message = await to_patient(session, message_id=message_id, patient_id=patient_id)
    if message is not None:
        await store.set_awaiting(session, user_id=patient_id, awaiting=AWAIT_REPLY, ref=message_id)
    return message


@dataclass(frozen=True)
class Reply:
    """A patient's stored reply and who it goes to (None: not linked to an active therapist
    any more, so it is not stored and goes nowhere)."""

    message: TherapistMessage | None
    therapist: Therapist | None
    patient_name: str


async def reply(
    session: AsyncSession, *, patient: User, to: int, text: str, now: dt.datetime
) -> Reply | None:
    """Store the patient's reply to message `to` for their current therapist.

    None when `to` is not a therapist's message to this patient. The awaited reply, if any,
    is answered (one `awaiting` state: a Telegram reply to the message also ends it).
    """
    answered = await to_patient(session, message_id=to, patient_id=patient.id)
    if answered is None:
        return None
    if patient.awaiting == AWAIT_REPLY:
        await store.set_awaiting(session, user_id=patient.id, awaiting=None)
    name = patient.display_name or str(patient.id)
    therapist = (
        await session.get(Therapist, patient.therapist_id)
        if patient.therapist_id is not None
        else None
    )
    if therapist is None or not therapist.active:
        return Reply(None, None, name)
    stored = await record(
        session,
        patient_id=patient.id,
        therapist_id=therapist.user_id,
        direction=MessageDirection.TO_THERAPIST,
        text=text,
        now=now,
        reply_to=to,
    )
    return Reply(stored, therapist, name)


async def awaited_reply(session: AsyncSession, *, user_id: int) -> int | None:
    """The therapist's message this user pressed Reply on, if their reply is still awaited."""
    user = await store.get_user(session, user_id=user_id)
    if user is None or user.awaiting != AWAIT_REPLY:
        return None
    return user.awaiting_ref


async def erase(session: AsyncSession, *, patient_ids: Sequence[int]) -> None:
    """Every message with these patients, both ways (erasure, withdrawn consent, retention):
    SQLite runs without foreign keys, so the users row's ON DELETE CASCADE does not do it."""
    for start in range(0, len(patient_ids), 500):
        await session.execute(
            delete(TherapistMessage).where(
                col(TherapistMessage.patient_id).in_(patient_ids[start : start + 500])
            )
        )
