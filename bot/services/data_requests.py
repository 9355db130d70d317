"""Patients' data rights: a copy of what is stored about them (/mydata), erasure (/delete,
and the retention job for inactive patients), and withdrawing consent.

The copy holds everything but their therapist's private notes (the therapist's own working
record, never shown to the patient; `privacy.mydata_json_caption` says so). Erasure and
withdrawal reach every table, the notes included.

Erasure is set-based (a few DELETEs with `IN`, whatever the number of patients) and leaves
one audit line without any id ("a record was erased", and why); audit lines about the
patient lose their id. Withdrawing consent erases the health data at once and keeps only the
account with the refusal and the consent history, which is the proof of what was agreed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from bot.db import store
from bot.db.models import (
    Checkin,
    Confirmation,
    ConsentEvent,
    Delivery,
    DrillSession,
    Escalation,
    InviteAttempt,
    JobRun,
    PatientNote,
    Prescription,
    Prompt,
    Role,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    StepEvent,
    TherapistMessage,
    TriagedMessage,
    User,
)
from bot.domain.privacy import AuditAction, due, safe_cell
from bot.services import audit, messages, prescriptions

log = logging.getLogger(__name__)

# Tables with a `user_id` column: every row of them belongs to one user.
USER_TABLES: tuple[type[SQLModel], ...] = (
    Schedule,
    DrillSession,
    SelfTest,
    Prompt,
    Escalation,
    Checkin,
    TriagedMessage,
    Confirmation,
    ConsentEvent,
    InviteAttempt,
)
# The health data withdrawing consent erases: all of the above but the consent history and the
# failed-invite records (the account and its refusal stay).
HEALTH_TABLES: tuple[type[SQLModel], ...] = tuple(
    t for t in USER_TABLES if t not in (ConsentEvent, InviteAttempt)
)
# Tables with a `patient_id` column (therapy, migration 0014): every row is about one patient,
# and all of it is health data. The messages go through `messages.erase`.
PATIENT_TABLES: tuple[type[SQLModel], ...] = (Prescription, PatientNote, TherapistMessage)
# Awaited answers of a therapist that point at a patient (handlers.caseload: a message or a
# time to type; handlers.prescriptions: typed repetitions, "rx:..." values).
_THERAPIST_AWAITS = ("t_message", "t_time")
RETENTION_JOB = "retention"
RETENTION_EVERY = dt.timedelta(days=1)
RETENTION_BATCH = 500


def _plain(row: SQLModel, *, drop: Sequence[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.model_dump().items():
        if key in drop:
            continue
        out[key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


async def _rows(session: AsyncSession, model: Any, *where: Any, order: Any) -> list[Any]:
    orders = order if isinstance(order, tuple) else (order,)
    return list((await session.scalars(select(model).where(*where).order_by(*orders))).all())


async def collect(session: AsyncSession, *, user_id: int) -> dict[str, Any] | None:
    """Everything stored about this user, as plain JSON-ready data (None: nothing at all)."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    schedule = await session.get(Schedule, user_id)
    drills = await _rows(
        session, DrillSession, col(DrillSession.user_id) == user_id, order=col(DrillSession.id)
    )
    sessions = []
    for drill in drills:
        events = await _rows(
            session, StepEvent, col(StepEvent.session_id) == drill.id, order=col(StepEvent.id)
        )
        sessions.append(
            {**_plain(drill), "step_events": [_plain(e, drop=("session_id",)) for e in events]}
        )
    tests = []
    for test in await _rows(
        session, SelfTest, col(SelfTest.user_id) == user_id, order=col(SelfTest.id)
    ):
        answers = await _rows(
            session,
            SelfTestAnswer,
            col(SelfTestAnswer.test_id) == test.id,
            order=col(SelfTestAnswer.id),
        )
        tests.append({**_plain(test), "answers": [_plain(a, drop=("test_id",)) for a in answers]})

    async def simple(model: Any) -> list[dict[str, Any]]:
        rows = await _rows(session, model, col(model.user_id) == user_id, order=col(model.id))
        return [_plain(r, drop=("user_id",)) for r in rows]

    thread = await _rows(
        session,
        TherapistMessage,
        col(TherapistMessage.patient_id) == user_id,
        order=(col(TherapistMessage.created_at), col(TherapistMessage.id)),
    )
    prescribed = await _rows(
        session,
        Prescription,
        col(Prescription.patient_id) == user_id,
        order=(col(Prescription.position), col(Prescription.id)),
    )
    return {
        "profile": _plain(user, drop=("awaiting", "awaiting_ref")),
        "schedule": _plain(schedule, drop=("lease_until", "lease_owner")) if schedule else None,
        "sessions": sessions,
        "self_tests": tests,
        "checkins": await simple(Checkin),
        "escalations": await simple(Escalation),
        "prompts": await simple(Prompt),
        "consent_history": await simple(ConsentEvent),
        # Both ways: what their therapist wrote to them and what they replied.
        "messages": [_plain(m, drop=("patient_id",)) for m in thread],
        "prescription": [_plain(p, drop=("patient_id",)) for p in prescribed],
    }


def as_json(data: dict[str, Any]) -> bytes:
    """The data as a JSON document (UTF-8, indented for reading)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def as_csv(data: dict[str, Any]) -> bytes:
    """The same data as one readable CSV: one line per record (section, field=value pairs)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "record", "field", "value"])

    def emit(section: str, n: int, record: dict[str, Any]) -> None:
        for key, value in record.items():
            if isinstance(value, list):
                for i, child in enumerate(value, start=1):
                    emit(f"{section}.{key}", i, child)
            else:
                cells = [section, n, key, "" if value is None else str(value)]
                writer.writerow([safe_cell(c) for c in cells])

    for section, value in data.items():
        if isinstance(value, list):
            for i, record in enumerate(value, start=1):
                emit(section, i, record)
        elif isinstance(value, dict):
            emit(section, 1, value)
    return out.getvalue().encode("utf-8")


async def record_request(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """The patient asked for their own data (audited like any other access)."""
    await audit.record(session, actor_id=user_id, action=AuditAction.DATA_REQUESTED, now=now)


async def row_counts(session: AsyncSession, *, user_id: int) -> dict[str, int]:
    """How many rows each table holds for this user (tests and the README's promise)."""
    counts: dict[str, int] = {}
    tables: list[tuple[Any, Any]] = [(User, User.id)]
    tables += [(m, m.user_id) for m in USER_TABLES]  # type: ignore[attr-defined]
    tables += [(m, m.patient_id) for m in PATIENT_TABLES]  # type: ignore[attr-defined]
    for model, column in tables:
        stmt = select(func.count()).select_from(model).where(col(column) == user_id)
        counts[str(model.__tablename__)] = int(await session.scalar(stmt) or 0)
    drills = select(col(DrillSession.id)).where(col(DrillSession.user_id) == user_id)
    tests = select(col(SelfTest.id)).where(col(SelfTest.user_id) == user_id)
    counts["step_events"] = int(
        await session.scalar(
            select(func.count()).select_from(StepEvent).where(col(StepEvent.session_id).in_(drills))
        )
        or 0
    )
    counts["self_test_answers"] = int(
        await session.scalar(
            select(func.count())
            .select_from(SelfTestAnswer)
            .where(col(SelfTestAnswer.test_id).in_(tests))
        )
        or 0
    )
    return counts


async def _erase_rows(
    session: AsyncSession, user_ids: Sequence[int], tables: Sequence[type[SQLModel]]
) -> None:
    # Children first: foreign keys are not enforced on SQLite connections (see bot.db.engine).
    drills = select(col(DrillSession.id)).where(col(DrillSession.user_id).in_(user_ids))
    tests = select(col(SelfTest.id)).where(col(SelfTest.user_id).in_(user_ids))
    await session.execute(delete(StepEvent).where(col(StepEvent.session_id).in_(drills)))
    await session.execute(delete(SelfTestAnswer).where(col(SelfTestAnswer.test_id).in_(tests)))
    # The therapy tables go in every case (erasure, retention, withdrawn consent): all of it is
    # health data, the therapist's private notes included.
    await messages.erase(session, patient_ids=list(user_ids))
    await forget_notes(session, patient_ids=user_ids)
    await session.execute(delete(Prescription).where(col(Prescription.patient_id).in_(user_ids)))
    for model in tables:
        await session.execute(
            delete(model).where(col(model.user_id).in_(user_ids))  # type: ignore[attr-defined]
        )
    # Delivery records carry no text, but kind and chat together still say that advice or a
    # prompt went to this person; in a private chat the chat id is the user id.
    await session.execute(delete(Delivery).where(col(Delivery.chat_id).in_(user_ids)))
    # A therapist half-way through typing a message or time for one of them stops waiting.
    await session.execute(
        update(User)
        .where(
            or_(
                col(User.awaiting).in_(_THERAPIST_AWAITS),
                col(User.awaiting).startswith(prescriptions.AWAIT_PREFIX),
            ),
            col(User.awaiting_ref).in_(user_ids),
        )
        .values(awaiting=None, awaiting_ref=None)
        .execution_options(synchronize_session=False)
    )


async def forget_notes(session: AsyncSession, *, patient_ids: Sequence[int]) -> None:
    """Drop the therapists' private notes on these patients: on erasure and withdrawn consent,
    and when a patient unlinks (`therapy.unlink`): the notes were that therapist's record of a
    care that has ended, which they can no longer open, and a later therapist must not read."""
    await session.execute(delete(PatientNote).where(col(PatientNote.patient_id).in_(patient_ids)))


def erasable(user: User | None) -> bool:
    """Patients can erase themselves; a therapist's account is an admin's to deactivate."""
    return user is not None and user.role == Role.PATIENT.value


async def erase(
    session: AsyncSession, *, user_ids: Sequence[int], reason: str, now: dt.datetime
) -> list[tuple[int, int, str]]:
    """Delete every row about these patients from every table, anonymise audit lines about
    them and add one audit line per patient with no id. Returns (therapist id, patient id,
    name) for each patient who had a therapist, so they can be told."""
    ids = list(user_ids)
    if not ids:
        return []
    users = (
        await session.scalars(
            select(User).where(col(User.id).in_(ids), col(User.role) == Role.PATIENT.value)
        )
    ).all()
    ids = [u.id for u in users]
    told = [(u.therapist_id, u.id, u.display_name or "") for u in users if u.therapist_id]
    if not ids:
        return []
    for user in users:
        session.expunge(user)  # its row goes now; nothing may flush it back
    await _erase_rows(session, ids, USER_TABLES)
    await session.execute(delete(User).where(col(User.id).in_(ids)))
    await audit.anonymise(session, user_ids=ids)
    # One line per patient, carrying no id: how many were erased, when and why stays known.
    await audit.record_lines(
        session, count=len(ids), action=AuditAction.RECORD_ERASED, now=now, detail=reason
    )
    log.info("erased %s patient record(s) (%s)", len(ids), reason)
    return [(t, p, n) for t, p, n in told if t is not None]


async def withdraw_consent(
    session: AsyncSession, *, user_id: int, now: dt.datetime
) -> tuple[int, str] | None:
    """Consent withdrawn: health data erased now, reminders gone, the therapist unlinked;
    the account keeps the refusal and the consent history. Returns (therapist id, name) of
    the therapist who was following them, if any."""
    user = await session.get(User, user_id)
    if user is None:
        return None
    previous = user.therapist_id
    name = user.display_name or ""
    await _erase_rows(session, [user_id], HEALTH_TABLES)
    await store.record_consent(session, user=user, given=False, now=now)
    user.therapist_id, user.linked_at, user.display_name = None, None, None
    user.programme_id, user.invited_time, user.awaiting, user.awaiting_ref = (
        "default",
        None,
        None,
        None,
    )
    user.selftest_prompted_at = None
    await audit.record(session, actor_id=user_id, action=AuditAction.CONSENT_WITHDRAWN, now=now)
    return (previous, name) if previous is not None else None


async def inactive_patients(
    session: AsyncSession, *, cutoff: dt.datetime, limit: int = RETENTION_BATCH
) -> list[int]:
    """Patients with no activity since `cutoff`: not seen, not updated, not created since."""
    rows = await session.scalars(
        select(col(User.id))
        .where(
            col(User.role) == Role.PATIENT.value,
            col(User.created_at) < cutoff,
            col(User.updated_at) < cutoff,
            func.coalesce(col(User.last_seen_at), col(User.created_at)) < cutoff,
        )
        .order_by(col(User.id))
        .limit(limit)
    )
    return list(rows.all())


async def claim_turn(
    session: AsyncSession, *, name: str, owner: str, now: dt.datetime, every: dt.timedelta
) -> bool:
    """True if this process may run job `name` now: one conditional UPDATE of its row (or
    the first INSERT) succeeds for one process per period, whichever runs first."""
    row = await session.get(JobRun, name)
    if row is None:
        try:
            async with session.begin_nested():
                session.add(JobRun(name=name, last_run_at=now, owner=owner))
        except IntegrityError:
            return False  # another process inserted it first and runs this turn
        return True
    if not due(last_run=row.last_run_at, now=now, every=every):
        return False
    result = await session.execute(
        update(JobRun)
        .where(col(JobRun.name) == name, col(JobRun.last_run_at) == row.last_run_at)
        .values(last_run_at=now, owner=owner)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
