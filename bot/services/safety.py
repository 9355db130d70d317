"""Escalation records: stored before anything is sent, marked as they are delivered and
alerted, kept in memory while the database refuses them, and the state that follows (prompts
paused, confirmed, cleared, reminded).

The workflow that drives them (deliver, alert, remind, follow up) is `bot.services.escalations`;
the pure rules are `bot.domain.escalation`. The names other modules took from here before the
split (`Source`, `Audience`, the renderers, the check-in and BE-FAST steps) are re-exported.
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, insert, or_, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col

from bot.db.models import Escalation, User, UTCDateTime
from bot.domain.escalation import (
    ALERT_RETRY,
    ALERTED_LEVELS,
    REMIND_AFTER,
    REMIND_EVERY,
    Audience,
    Source,
    alert_now,
    audience_of,
    defang,
    pauses_prompts,
    reminder_due,
    sanitise,
)
from bot.domain.privacy import AuditAction
from bot.domain.triage import Assessment, Level
from bot.services import audit
from bot.services.advice import render_advice, render_raised, render_signs
from bot.services.checkins import (
    CHECKIN_ANSWERED,
    CHECKIN_OPEN,
    BefastStep,
    befast_answer,
    checkin_press,
)

# Names taken from here before the split, kept so callers need not change at once.
__all__ = [
    "CHECKIN_ANSWERED",
    "CHECKIN_OPEN",
    "REMIND_AFTER",
    "REMIND_EVERY",
    "Audience",
    "BefastStep",
    "Source",
    "alert_now",
    "audience_of",
    "befast_answer",
    "checkin_press",
    "defang",
    "pauses_prompts",
    "reminder_due",
    "render_advice",
    "render_raised",
    "render_signs",
    "sanitise",
]

log = logging.getLogger(__name__)

MAX_TEXT_STORED = 4096
# Records that could not be stored wait in memory for the outbox job; beyond this many the
# database has been gone too long for memory to be the answer (the oldest are dropped, logged).
MAX_PENDING = 500
# How long a stored escalation's first send may take (the handler's reply, with its retries on
# 429 and 5xx) before the outbox takes it as abandoned and sends the advice itself.
IN_FLIGHT_GRACE = dt.timedelta(minutes=2)


def draft(
    *,
    user: User,
    source: Source,
    assessment: Assessment,
    advice: str,
    text: str | None,
    now: dt.datetime,
) -> Escalation:
    """The escalation record, not yet stored, with every text sanitised for the driver."""
    return Escalation(
        user_id=user.id,
        chat_id=user.chat_id,
        source=source.value,
        level=assessment.level.name_lower,
        flags=",".join(assessment.flags),
        evidence=sanitise("; ".join(f"{e.flag}: {e.words}" for e in assessment.evidence)),
        text=sanitise(text)[:MAX_TEXT_STORED] if text is not None else None,
        advice=sanitise(advice),
        created_at=now,
        pauses_prompts=pauses_prompts(assessment.level),
        follow_up=assessment.follow_up,
    )


async def escalate(
    session: AsyncSession,
    *,
    user: User,
    source: Source,
    assessment: Assessment,
    advice: str,
    text: str | None,
    now: dt.datetime,
) -> Escalation:
    """Store the escalation (the caller commits before sending anything)."""
    return await store_draft(
        session,
        draft(user=user, source=source, assessment=assessment, advice=advice, text=text, now=now),
    )


async def store_draft(session: AsyncSession, escalation: Escalation) -> Escalation:
    """Store a drafted escalation (a fresh copy, so a failed session never owns the draft)."""
    escalation = Escalation.model_validate(escalation.model_dump(exclude={"id"}))
    session.add(escalation)
    await session.flush()
    log.info(
        "escalation %s: user %s, level %s, source %s",
        escalation.id,
        escalation.user_id,
        escalation.level,
        escalation.source,
    )
    return escalation


async def store_drafts(session: AsyncSession, drafts: Sequence[Escalation]) -> list[Escalation]:
    """`store_draft` for many at once, at most one draft per patient: one multi-row INSERT
    ... RETURNING (the ORM, or asking for the rows' order, would send one INSERT per row on
    SQLite); the drafts come back with their ids, matched by patient."""
    if not drafts:
        return []
    rows = [d.model_dump(exclude={"id"}) for d in drafts]
    if len({row["user_id"] for row in rows}) != len(rows):
        raise ValueError("store_drafts takes at most one draft per patient")
    result = await session.execute(
        insert(Escalation).returning(col(Escalation.id), col(Escalation.user_id)), rows
    )
    ids = {int(user_id): int(i) for i, user_id in result.all() if i is not None}
    log.info("%s escalations stored (source %s)", len(ids), drafts[0].source)
    # The drafts never joined the session (a Core INSERT), so they become the stored rows
    # by their id alone: a copy of each would cost more than the INSERT itself.
    for draft_ in drafts:
        draft_.id = ids[draft_.user_id]
    return list(drafts)


async def mark_delivered_many(
    session: AsyncSession, *, escalation_ids: Sequence[int], now: dt.datetime
) -> None:
    """`mark_delivered` for many: one UPDATE per chunk of ids."""
    for start in range(0, len(escalation_ids), 500):
        await session.execute(
            update(Escalation)
            .where(col(Escalation.id).in_(escalation_ids[start : start + 500]))
            .values(delivered_at=now, delivery_attempts=col(Escalation.delivery_attempts) + 1)
            .execution_options(synchronize_session=False)
        )


async def mark_delivered(session: AsyncSession, *, escalation_id: int, now: dt.datetime) -> None:
    """Telegram accepted the advice."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id) == escalation_id)
        .values(delivered_at=now, delivery_attempts=col(Escalation.delivery_attempts) + 1)
    )


async def mark_failed(session: AsyncSession, *, escalation_id: int, error: str) -> None:
    """A send failed; the outbox job will try again."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id) == escalation_id)
        .values(delivery_attempts=col(Escalation.delivery_attempts) + 1, last_error=error[:200])
    )


class PendingRecords:
    """Escalations whose advice went out while the database refused the record, kept in
    this process until the outbox job stores them.

    What a crash in that window loses: these records (text, level, flags, what was sent), the
    therapist alert that follows from them and their BE-FAST questions. The advice itself has
    already reached the patient (or the attempt is in the record once stored, and the outbox
    sends it then). Only ids and levels are ever logged, never the text.
    """

    def __init__(self, limit: int = MAX_PENDING) -> None:
        self._items: deque[Escalation] = deque()
        self._limit = limit
        # Stored escalations whose delivery could not be recorded (id -> when it was sent):
        # without this the outbox would send the same advice a second time.
        self.delivered: dict[int, dt.datetime] = {}

    def add(self, escalation: Escalation) -> None:
        """Keep a record for the next outbox run."""
        if len(self._items) >= self._limit:
            self._items.popleft()
            log.error("pending escalation records over %s: the oldest was dropped", self._limit)
        self._items.append(escalation)
        log.warning(
            "escalation record kept in memory (user %s, level %s): %s pending",
            escalation.user_id,
            escalation.level,
            len(self._items),
        )

    def take(self) -> list[Escalation]:
        """All records waiting, oldest first; whatever fails to store goes `put_back`."""
        items = list(self._items)
        self._items.clear()
        return items

    def put_back(self, items: Sequence[Escalation]) -> None:
        """Records `take`n that still could not be stored, ahead of any newer ones."""
        self._items.extendleft(reversed(items))
        while len(self._items) > self._limit:
            self._items.popleft()
            log.error("pending escalation records over %s: the oldest was dropped", self._limit)

    def __len__(self) -> int:
        return len(self._items)


# Records the database refused, per engine (one per process; one per app in tests), until the
# outbox job stores them.
_PENDING: weakref.WeakKeyDictionary[AsyncEngine, PendingRecords] = weakref.WeakKeyDictionary()


def pending_for(engine: AsyncEngine) -> PendingRecords:
    """The in-memory records waiting for this engine's database."""
    records = _PENDING.get(engine)
    if records is None:
        records = _PENDING[engine] = PendingRecords()
    return records


def awaiting_acknowledgement() -> ColumnElement[bool]:
    """SQL for "an alert a therapist must still take on": urgent or emergency, neither
    acknowledged nor cleared. The one definition behind the caseload's alert count and the
    first part of the alerts inbox (`bot.services.clinics.open_alerts`), and what the
    hand-over to the clinic's admins waits on."""
    return and_(
        col(Escalation.level).in_(ALERTED_LEVELS),
        col(Escalation.acknowledged_at).is_(None),
        col(Escalation.cleared_at).is_(None),
    )


async def undelivered(
    session: AsyncSession, *, now: dt.datetime, limit: int = 50
) -> Sequence[Escalation]:
    """Escalations whose advice has not reached the patient yet, oldest first: those whose
    send failed, and those with no outcome at all after `IN_FLIGHT_GRACE` (the process that
    stored one died before it could send). A fresh one with no attempt yet is being answered
    right now by the handler that stored it; sending it too would give the advice twice."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.delivered_at).is_(None),
            or_(
                col(Escalation.delivery_attempts) > 0,
                col(Escalation.created_at) < now - IN_FLIGHT_GRACE,
            ),
        )
        .order_by(col(Escalation.created_at), col(Escalation.id))
        .limit(limit)
    )
    return rows.all()


async def unalerted(session: AsyncSession, *, now: dt.datetime) -> Sequence[Escalation]:
    """Emergency and urgent escalations nobody was told about yet, one per patient (the alert
    lists the others): the therapist's, or the admins' when there is no active therapist. A
    failed alert is retried for a day; after that the digest shows it."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.level).in_(ALERTED_LEVELS),
            col(Escalation.therapist_alerted_at).is_(None),
            col(Escalation.created_at) > now - ALERT_RETRY,
        )
        .order_by(col(Escalation.created_at), col(Escalation.id))
    )
    first: dict[int, Escalation] = {}
    for escalation in rows.all():
        first.setdefault(escalation.user_id, escalation)
    return list(first.values())


async def alert_batch(
    session: AsyncSession, *, user_id: int, now: dt.datetime, window: dt.timedelta
) -> list[Escalation]:
    """This patient's escalations one alert should carry now (oldest first; empty when
    there are none, or when they fold into the next alert because one of at least their
    level went out within `window`)."""
    rows = await session.scalars(
        select(Escalation)
        .where(
            col(Escalation.user_id) == user_id,
            col(Escalation.level).in_(ALERTED_LEVELS),
            or_(
                col(Escalation.therapist_alerted_at).is_(None),
                col(Escalation.therapist_alerted_at) > now - window,
            ),
            col(Escalation.created_at) > now - ALERT_RETRY,
        )
        .order_by(col(Escalation.created_at), col(Escalation.id))
    )
    found = list(rows.all())
    pending = [e for e in found if e.therapist_alerted_at is None]
    recent = [Level.parse(e.level) for e in found if e.therapist_alerted_at is not None]
    if not alert_now((Level.parse(e.level) for e in pending), recent):
        return []
    return pending


async def mark_alerted(
    session: AsyncSession, *, escalation_ids: Sequence[int], now: dt.datetime
) -> None:
    """Somebody was told about these escalations (in one message)."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.id).in_(escalation_ids))
        .values(therapist_alerted_at=now)
    )


async def open_pauses(session: AsyncSession, *, user_id: int) -> Sequence[Escalation]:
    """Escalations that still pause this user's prompts (emergency/urgent, neither confirmed
    by the patient nor cleared by a therapist), newest first: the therapist's open alerts."""
    rows = await session.scalars(
        select(Escalation)
        .where(col(Escalation.user_id) == user_id, *_open_pause())
        .order_by(col(Escalation.created_at).desc())
    )
    return rows.all()


async def open_pause(session: AsyncSession, *, user_id: int) -> Escalation | None:
    """The latest escalation that still pauses this user's prompts, if any."""
    pauses = await open_pauses(session, user_id=user_id)
    return pauses[0] if pauses else None


async def confirm(
    session: AsyncSession, *, user: User, escalation_id: int, now: dt.datetime
) -> bool | None:
    """The patient says they sought care: every open pause of theirs ends.

    Returns None when the escalation is not theirs, False when already confirmed.
    """
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.user_id != user.id:
        log.warning("user %s tried to confirm escalation %s, not theirs", user.id, escalation_id)
        return None
    if escalation.confirmed_at is not None:
        return False
    await session.execute(
        update(Escalation)
        .where(
            col(Escalation.user_id) == user.id,
            col(Escalation.pauses_prompts).is_(True),
            col(Escalation.confirmed_at).is_(None),
        )
        .values(confirmed_at=now)
    )
    return True


async def clear(session: AsyncSession, *, escalation_id: int, by: int, now: dt.datetime) -> bool:
    """A therapist clears an escalation's pause (the caller checks who may)."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None or escalation.cleared_at is not None:
        return False
    await session.execute(
        update(Escalation)
        .where(col(Escalation.user_id) == escalation.user_id, *_open_pause())
        .values(cleared_at=now, cleared_by=by)
    )
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.PAUSE_CLEARED,
        now=now,
        target_user_id=escalation.user_id,
    )
    return True


@dataclass(frozen=True)
class ReminderDue:
    """One patient to remind, and the newest open escalation (for the confirm button)."""

    user_id: int
    chat_id: int
    escalation_id: int
    # When this patient was last reminded (None: never): with the ids it names one reminder,
    # the same in every process, so it is sent at most once.
    last_reminded: dt.datetime | None = None


async def reminders_due(session: AsyncSession, *, now: dt.datetime) -> list[ReminderDue]:
    """Patients with delivered, unconfirmed, uncleared emergency/urgent advice whose
    reminder is due (`reminder_due`): one entry per patient, however many are open."""
    rows = await session.execute(
        select(
            col(Escalation.user_id),
            func.max(col(Escalation.chat_id)),
            func.max(col(Escalation.id)),
            # The oldest escalation that no reminder covered yet, and the last reminder.
            type_coerce(
                func.min(
                    case(
                        (col(Escalation.reminded_at).is_(None), col(Escalation.created_at)),
                        else_=None,
                    )
                ),
                UTCDateTime(),
            ),
            type_coerce(func.max(col(Escalation.reminded_at)), UTCDateTime()),
        )
        .where(*_open_delivered())
        .group_by(col(Escalation.user_id))
    )
    return [
        ReminderDue(user_id, chat_id, escalation_id or 0, last)
        for user_id, chat_id, escalation_id, unreminded, last in rows.all()
        if reminder_due(unreminded_since=unreminded, last_reminded=last, now=now)
    ]


def _open_pause() -> tuple[ColumnElement[bool], ...]:
    """An escalation that still pauses prompts: neither confirmed nor cleared."""
    return (
        col(Escalation.pauses_prompts).is_(True),
        col(Escalation.confirmed_at).is_(None),
        col(Escalation.cleared_at).is_(None),
    )


def _open_delivered() -> tuple[ColumnElement[bool], ...]:
    return (*_open_pause(), col(Escalation.delivered_at).is_not(None))


async def mark_reminded_many(
    session: AsyncSession, *, user_ids: Sequence[int], now: dt.datetime
) -> None:
    """`mark_reminded` for many patients: one UPDATE per chunk of ids."""
    for start in range(0, len(user_ids), 500):
        await session.execute(
            update(Escalation)
            .where(col(Escalation.user_id).in_(user_ids[start : start + 500]), *_open_delivered())
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )


async def mark_reminded(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """A reminder went out: it covers every escalation of this patient still open."""
    await session.execute(
        update(Escalation)
        .where(col(Escalation.user_id) == user_id, *_open_delivered())
        .values(reminded_at=now)
    )


async def clear_open(session: AsyncSession, *, user_id: int, by: int, now: dt.datetime) -> bool:
    """A therapist clears this patient's open pause (the caller checks who may); False when
    nothing was open."""
    pending = await open_pause(session, user_id=user_id)
    if pending is None or pending.id is None:
        return False
    return await clear(session, escalation_id=pending.id, by=by, now=now)
