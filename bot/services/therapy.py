"""Therapists and their patients: links, access checks, actions, overviews and the digest's
data (invites are `bot.services.invitations`, the CSV export `bot.services.export`).

Every read or action on a patient goes through `patient_of`, which checks the therapist is
active and the patient is linked to them, so a forged id of another therapist's patient
returns nothing (and is logged).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import (
    DrillSession,
    Escalation,
    InviteAttempt,
    Schedule,
    Therapist,
    User,
)
from bot.domain import scheduling, selftest
from bot.domain.privacy import AuditAction
from bot.domain.selftest import Score, Trend
from bot.services import audit, schedules, selftests
from bot.services.progress import completed_drill, exercise_days
from bot.services.safety import Audience, audience_of, open_pauses

log = logging.getLogger(__name__)


async def active_therapist(session: AsyncSession, *, user_id: int) -> Therapist | None:
    """The therapist record of this user, if they are an active therapist."""
    therapist = await session.get(Therapist, user_id)
    return therapist if therapist is not None and therapist.active else None


async def alert_recipients(
    session: AsyncSession, *, user_id: int, admin_ids: Iterable[int]
) -> tuple[Audience, tuple[int, ...]]:
    """Who hears of this patient's emergency or urgent escalations: their active therapist,
    else (none linked, or deactivated) the admins, else nobody."""
    patient = await session.get(User, user_id)
    therapist = (
        await active_therapist(session, user_id=patient.therapist_id)
        if patient is not None and patient.therapist_id is not None
        else None
    )
    admins = tuple(sorted(set(admin_ids)))
    audience = audience_of(has_active_therapist=therapist is not None, admin_ids=admins)
    if therapist is not None:
        return audience, (therapist.user_id,)
    return audience, admins


async def unlink(session: AsyncSession, *, user: User, now: dt.datetime) -> int | None:
    """The patient leaves their therapist, who loses access at once; returns their id."""
    previous = user.therapist_id
    user.therapist_id, user.linked_at, user.updated_at = None, None, now
    return previous


async def patient_of(session: AsyncSession, *, therapist_id: int, patient_id: int) -> User | None:
    """The patient, only if linked to this active therapist; otherwise None (and logged)."""
    therapist = await active_therapist(session, user_id=therapist_id)
    patient = await session.get(User, patient_id)
    if therapist is None or patient is None or patient.therapist_id != therapist_id:
        log.warning("therapist %s was refused access to user %s", therapist_id, patient_id)
        return None
    return patient


async def list_therapists(session: AsyncSession) -> Sequence[Therapist]:
    """Every therapist, active first."""
    rows = await session.scalars(
        select(Therapist).order_by(col(Therapist.active).desc(), col(Therapist.display_name))
    )
    return rows.all()


async def deactivate(
    session: AsyncSession, *, therapist_id: int, by: int, now: dt.datetime
) -> bool:
    """An admin switches a therapist off: they lose access to every patient at once."""
    therapist = await session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        return False
    therapist.active, therapist.deactivated_at = False, now
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.THERAPIST_DEACTIVATED,
        now=now,
        target_user_id=therapist_id,
    )
    return True


@dataclass(frozen=True)
class PatientLine:
    """One row of /patients."""

    user_id: int
    name: str
    adherence_7: int
    adherence_28: int
    last_drill: dt.date | None
    score: Score | None
    trend: Trend
    open_alerts: int


async def patient_lines(
    session: AsyncSession, *, therapist_id: int, now: dt.datetime
) -> list[PatientLine]:
    """The therapist's patients with adherence, last drill, score and trend; alerts first."""
    patients = (
        await session.scalars(select(User).where(col(User.therapist_id) == therapist_id))
    ).all()
    lines = []
    for patient in patients:
        today = now.astimezone(ZoneInfo(patient.timezone or "UTC")).date()
        days = await exercise_days(session, user_id=patient.id, since=today - dt.timedelta(days=27))
        history = await selftests.completed_tests(session, user_id=patient.id)
        pts = selftests.points(history)
        lines.append(
            PatientLine(
                user_id=patient.id,
                name=patient.display_name or str(patient.id),
                adherence_7=sum(1 for d in days if d > today - dt.timedelta(days=7)),
                adherence_28=len(days),
                last_drill=max(days) if days else await _last_drill(session, patient.id),
                score=pts[-1].score if pts else None,
                trend=selftest.trend(pts),
                open_alerts=len(await open_pauses(session, user_id=patient.id)),
            )
        )
    lines.sort(key=lambda line: (-line.open_alerts, line.name.lower()))
    return lines


async def _last_drill(session: AsyncSession, user_id: int) -> dt.date | None:
    return await session.scalar(
        select(func.max(col(DrillSession.local_day))).where(
            col(DrillSession.user_id) == user_id, completed_drill()
        )
    )


async def recent_sessions(
    session: AsyncSession, *, user_id: int, limit: int = 5
) -> Sequence[DrillSession]:
    """The patient's latest drills, newest first."""
    rows = await session.scalars(
        select(DrillSession)
        .where(col(DrillSession.user_id) == user_id)
        .order_by(col(DrillSession.started_at).desc())
        .limit(limit)
    )
    return rows.all()


async def escalations_of(
    session: AsyncSession, *, user_id: int, limit: int = 5
) -> Sequence[Escalation]:
    """The patient's latest escalations, newest first."""
    rows = await session.scalars(
        select(Escalation)
        .where(col(Escalation.user_id) == user_id)
        .order_by(col(Escalation.created_at).desc())
        .limit(limit)
    )
    return rows.all()


async def set_patient_time(
    session: AsyncSession, *, patient: User, at: dt.time, by: int, now: dt.datetime
) -> Schedule | None:
    """The therapist changes the patient's reminder time (kept for later without a zone):
    the nearest of their times moves, their other times and weekdays stay."""
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.TIME_SET,
        now=now,
        target_user_id=patient.id,
        detail=at.strftime("%H:%M"),
    )
    if patient.timezone is None:
        patient.invited_time = at.strftime("%H:%M")
        return None
    return await schedules.move_times(session, user=patient, times=[at], now=now)


async def set_programme(
    session: AsyncSession, *, patient: User, programme_id: str, by: int, now: dt.datetime
) -> None:
    """The therapist changes the patient's programme (from tomorrow's session on)."""
    patient.programme_id = programme_id
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.PROGRAMME_SET,
        now=now,
        target_user_id=patient.id,
        detail=programme_id,
    )


async def toggle_pause(
    session: AsyncSession, *, patient: User, by: int, now: dt.datetime
) -> bool | None:
    """Pause the patient's prompts until resumed (or resume them); the new paused state."""
    schedule = await store.get_schedule(session, user_id=patient.id)
    if schedule is None:
        return None
    schedule.paused = not schedule.paused
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.REMINDERS_PAUSED if schedule.paused else AuditAction.REMINDERS_RESUMED,
        now=now,
        target_user_id=patient.id,
    )
    schedule.resume_on = None
    if not schedule.paused and patient.timezone:
        schedule.next_due_at = scheduling.next_due(
            times=scheduling.parse_times(schedule.times),
            weekdays=schedule.weekdays,
            zone=ZoneInfo(patient.timezone),
            after=now,
        )
    schedule.updated_at = now
    return schedule.paused


@dataclass(frozen=True)
class DigestPatient:
    """What a digest shows of a patient: their id, name and zone (for the item's day)."""

    id: int
    display_name: str | None
    timezone: str | None


@dataclass(frozen=True)
class Digest:
    """One therapist's weekly digest data: routine escalations, pain stops and no-improvement
    since `since`, oldest first, and the patients with no completed drill in 7 days."""

    therapist_id: int
    since: dt.datetime
    items: list[tuple[DigestPatient, Escalation]]
    inactive: list[DigestPatient]


async def digests_due(
    session: AsyncSession, *, slot: dt.datetime, now: dt.datetime
) -> list[Digest]:
    """Every active therapist whose digest for `slot` has not gone out, with its data.

    Set-based: one query for the therapists, then per chunk of therapists one for the items
    and one for the inactive patients, whatever the number of patients."""
    therapists = (
        await session.scalars(
            select(Therapist)
            .where(
                col(Therapist.active).is_(True),
                or_(col(Therapist.last_digest_at).is_(None), col(Therapist.last_digest_at) < slot),
            )
            .order_by(col(Therapist.display_name), col(Therapist.user_id))
        )
    ).all()
    digests: list[Digest] = []
    for start in range(0, len(therapists), _CHUNK):
        batch = therapists[start : start + _CHUNK]
        since = {t.user_id: t.last_digest_at or slot - dt.timedelta(days=7) for t in batch}
        items = await _digest_items(session, since, now=now)
        inactive = await _inactive_patients(session, list(since), now=now)
        digests.extend(
            Digest(
                t.user_id, since[t.user_id], items.get(t.user_id, []), inactive.get(t.user_id, [])
            )
            for t in batch
        )
    return digests


_CHUNK = 500


def _patient(user_id: int, name: str | None, zone: str | None) -> DigestPatient:
    return DigestPatient(id=int(user_id), display_name=name, timezone=zone)


async def _digest_items(
    session: AsyncSession, since: dict[int, dt.datetime], *, now: dt.datetime
) -> dict[int, list[tuple[DigestPatient, Escalation]]]:
    # The earliest `since` in SQL, each therapist's own one exactly here.
    rows = await session.execute(
        select(Escalation, col(User.therapist_id), col(User.id), col(User.display_name),
               col(User.timezone))
        .join(User, col(User.id) == col(Escalation.user_id))
        .where(
            col(User.therapist_id).in_(list(since)),
            col(Escalation.level).in_(["routine", "stop"]),
            col(Escalation.created_at) > min(since.values()),
            col(Escalation.in_digest_at).is_(None),
        )
        .order_by(col(User.id), col(Escalation.created_at))
    )  # fmt: skip
    out: dict[int, list[tuple[DigestPatient, Escalation]]] = {}
    for escalation, therapist_id, user_id, name, zone in rows.all():
        # Joined on the IN-list of therapists: never NULL here.
        assert therapist_id is not None
        if escalation.created_at > since[therapist_id]:
            out.setdefault(therapist_id, []).append((_patient(user_id, name, zone), escalation))
    return out


async def _inactive_patients(
    session: AsyncSession, therapist_ids: list[int], *, now: dt.datetime
) -> dict[int, list[DigestPatient]]:
    """Patients of these therapists with no completed drill in their last 7 local days.

    Two range reads of the (status, local_day) index instead of a probe per patient: a
    drill on or after `surely` (UTC date - 5) is within every zone's last 7 local days
    (local dates are at most a day ahead), so those patients are active; the two days
    before it decide the others by their zone, here."""
    utc = now.date()
    surely, earliest = utc - dt.timedelta(days=5), utc - dt.timedelta(days=7)
    recent = select(col(DrillSession.user_id)).where(
        completed_drill(), col(DrillSession.local_day) >= surely
    )
    rows = await session.execute(
        select(col(User.therapist_id), col(User.id), col(User.display_name), col(User.timezone))
        .where(col(User.therapist_id).in_(therapist_ids), col(User.id).not_in(recent))
        .order_by(col(User.id))
    )
    maybe = rows.all()
    edge = await session.execute(
        select(col(DrillSession.user_id), func.max(col(DrillSession.local_day)))
        .where(
            completed_drill(),
            col(DrillSession.local_day) >= earliest,
            col(DrillSession.local_day) < surely,
            # Only the patients the first read left undecided.
            col(DrillSession.user_id).not_in(recent),
        )
        .group_by(col(DrillSession.user_id))
    )
    last_day = {int(uid): day for uid, day in edge.all()}
    out: dict[int, list[DigestPatient]] = {}
    for therapist_id, user_id, name, zone in maybe:
        today = now.astimezone(ZoneInfo(zone or "UTC")).date()
        last = last_day.get(user_id)
        if therapist_id is not None and (last is None or last < today - dt.timedelta(days=6)):
            out.setdefault(therapist_id, []).append(_patient(user_id, name, zone))
    return out


async def mark_digests(
    session: AsyncSession,
    *,
    therapist_ids: Sequence[int],
    escalation_ids: Sequence[int],
    now: dt.datetime,
) -> None:
    """These digests went out: their items are not repeated next week (batched UPDATEs)."""
    for start in range(0, len(escalation_ids), _CHUNK):
        await session.execute(
            update(Escalation)
            .where(col(Escalation.id).in_(escalation_ids[start : start + _CHUNK]))
            .values(in_digest_at=now)
            .execution_options(synchronize_session=False)
        )
    for start in range(0, len(therapist_ids), _CHUNK):
        await session.execute(
            update(Therapist)
            .where(col(Therapist.user_id).in_(therapist_ids[start : start + _CHUNK]))
            .values(last_digest_at=now)
            .execution_options(synchronize_session=False)
        )


async def forget_attempts(session: AsyncSession, *, before: dt.datetime) -> None:
    """Housekeeping: failed-token records older than the throttle window are not needed."""
    await session.execute(delete(InviteAttempt).where(col(InviteAttempt.at) < before))


async def record_view(
    session: AsyncSession, *, therapist_id: int, patient_id: int, what: str, now: dt.datetime
) -> None:
    """A therapist saw a patient's data (`what`: detail or charts)."""
    await audit.record(
        session,
        actor_id=therapist_id,
        action=AuditAction.PATIENT_VIEWED,
        now=now,
        target_user_id=patient_id,
        detail=what,
    )


async def record_message(
    session: AsyncSession, *, therapist_id: int, patient_id: int, now: dt.datetime
) -> None:
    """A therapist's message went to a patient (its words are not kept)."""
    await audit.record(
        session,
        actor_id=therapist_id,
        action=AuditAction.MESSAGE_SENT,
        now=now,
        target_user_id=patient_id,
    )


# Free-text answers a therapist owes (or an invited therapist: their name); the patient's id,
# or the invite's, is kept beside it in `users.awaiting_ref`.
AWAIT_NAME, AWAIT_MESSAGE, AWAIT_TIME = "therapist_name", "t_message", "t_time"


async def take_awaited(session: AsyncSession, *, user_id: int) -> str | None:
    """What this user was asked to type (now answered, so no longer awaited)."""
    user = await store.get_user(session, user_id=user_id)
    if user is None:
        return None
    awaiting = user.awaiting
    user.awaiting, user.awaiting_ref = None, None
    return awaiting


async def therapist_record(session: AsyncSession, *, user_id: int) -> Therapist | None:
    """A therapist's record, active or not (for their name)."""
    return await session.get(Therapist, user_id)
