"""Therapists and their patients: invites, links, access checks, overviews and exports.

Every read or action on a patient goes through `patient_of`, which checks the therapist is
active and the patient is linked to them, so a forged id of another therapist's patient
returns nothing (and is logged).
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import (
    Confirmation,
    Consent,
    DrillSession,
    DrillStatus,
    Escalation,
    Invite,
    InviteAttempt,
    InviteKind,
    Role,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    SelfTestStatus,
    Therapist,
    User,
)
from bot.domain import invites, scheduling, selftest
from bot.domain.invites import Check
from bot.domain.privacy import AuditAction, ConfirmAction, safe_cell
from bot.domain.selftest import Score, Trend
from bot.services import audit, confirmations, selftests
from bot.services.progress import exercise_days
from bot.services.safety import Audience, audience_of, open_pauses

log = logging.getLogger(__name__)

DEFAULT_INVITE_DAYS = 14
MAX_INVITE_DAYS = 90
MAX_INVITE_USES = 100


class Resolution(enum.StrEnum):
    """What a deep-link token turned out to be (only OK is ever told apart to the user)."""

    OK = "ok"
    UNUSABLE = "unusable"  # unknown, expired, used up or revoked: one answer for all
    THROTTLED = "throttled"


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


async def create_invite(
    session: AsyncSession,
    *,
    kind: InviteKind,
    created_by: int,
    now: dt.datetime,
    therapist_id: int | None = None,
    programme_id: str | None = None,
    reminder_time: dt.time | None = None,
    days: int = DEFAULT_INVITE_DAYS,
    uses: int = 1,
) -> tuple[Invite, str]:
    """A new invite and its token (the token is returned once and never stored)."""
    if not 1 <= days <= MAX_INVITE_DAYS or not 1 <= uses <= MAX_INVITE_USES:
        raise ValueError("days or uses out of range")
    token = invites.new_token()
    invite = Invite(
        kind=kind.value,
        token_hash=invites.hash_token(token),
        created_by=created_by,
        therapist_id=therapist_id,
        programme_id=programme_id,
        reminder_time=reminder_time.strftime("%H:%M") if reminder_time else None,
        max_uses=uses,
        expires_at=now + dt.timedelta(days=days),
        created_at=now,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session,
        actor_id=created_by,
        action=AuditAction.INVITE_CREATED,
        now=now,
        invite_id=invite.id,
        detail=kind.value,
    )
    return invite, token


async def resolve(
    session: AsyncSession, *, token: str, user_id: int, now: dt.datetime
) -> tuple[Resolution, Invite | None]:
    """Look a token up; failures are recorded so guessing gets throttled."""
    if invites.throttled(await _failures(session, user_id=user_id, now=now), now):
        return Resolution.THROTTLED, None
    invite = None
    if invites.valid_payload(token):
        invite = (
            await session.scalars(
                select(Invite).where(col(Invite.token_hash) == invites.hash_token(token))
            )
        ).first()
    usable = invite is not None and (
        invites.check(
            now=now,
            expires_at=invite.expires_at,
            uses=invite.uses,
            max_uses=invite.max_uses,
            revoked_at=invite.revoked_at,
        )
        is Check.OK
    )
    if invite is None or not usable:
        session.add(InviteAttempt(user_id=user_id, at=now))
        return Resolution.UNUSABLE, None
    if invite.kind == InviteKind.PATIENT.value:
        therapist = await active_therapist(session, user_id=invite.therapist_id or 0)
        if therapist is None:
            session.add(InviteAttempt(user_id=user_id, at=now))
            return Resolution.UNUSABLE, None
    return Resolution.OK, invite


async def _use(session: AsyncSession, invite: Invite, now: dt.datetime) -> bool:
    fresh = await session.get(Invite, invite.id, populate_existing=True)
    if (
        fresh is None
        or invites.check(
            now=now,
            expires_at=fresh.expires_at,
            uses=fresh.uses,
            max_uses=fresh.max_uses,
            revoked_at=fresh.revoked_at,
        )
        is not Check.OK
    ):
        return False
    fresh.uses += 1
    return True


class Answer(enum.StrEnum):
    """What became of a press on an invite's accept or decline button."""

    LINKED = "linked"
    DECLINED = "declined"
    UNUSABLE = "unusable"  # a real button, but the invite can no longer be used
    REFUSED = "refused"  # forged, someone else's, replayed, expired or throttled


async def _failures(session: AsyncSession, *, user_id: int, now: dt.datetime) -> list[dt.datetime]:
    rows = await session.scalars(
        select(col(InviteAttempt.at)).where(
            col(InviteAttempt.user_id) == user_id,
            col(InviteAttempt.at) > now - invites.GUESS_WINDOW,
        )
    )
    return list(rows.all())


async def offer_patient_invite(
    session: AsyncSession, *, user_id: int, invite: Invite, now: dt.datetime
) -> str:
    """The nonce for the accept/decline buttons shown to this user for this invite: only
    they can press them, once, within the hour (see `bot.services.confirmations`)."""
    return await confirmations.offer(
        session, user_id=user_id, action=ConfirmAction.INVITE, ref=invite.id, now=now
    )


async def answer_patient_invite(
    session: AsyncSession,
    *,
    user_id: int,
    nonce: str,
    accept: bool,
    display_name: str,
    now: dt.datetime,
) -> tuple[Answer, Therapist | None]:
    """A press on an invite's buttons: linked or declined only through the confirmation this
    user was shown when they opened the link. A refusal is logged (ids only) and counted
    like a wrong token, so pressing guessed buttons gets throttled too."""
    refused = invites.throttled(await _failures(session, user_id=user_id, now=now), now)
    row = (
        None
        if refused
        else await confirmations.redeem(
            session, nonce=nonce, user_id=user_id, action=ConfirmAction.INVITE, now=now
        )
    )
    # The user row exists: the confirmation was offered after /start stored it.
    user = await session.get(User, user_id) if row is not None else None
    if row is None or row.ref is None or user is None:
        session.add(InviteAttempt(user_id=user_id, at=now))
        await audit.record(session, actor_id=user_id, action=AuditAction.INVITE_REFUSED, now=now)
        log.warning("user %s was refused an invite answer", user_id)
        return Answer.REFUSED, None
    # The link opened twice shows two screens: answering one answers both.
    await session.execute(
        delete(Confirmation).where(
            col(Confirmation.user_id) == user_id,
            col(Confirmation.action) == ConfirmAction.INVITE.value,
        )
    )
    if not accept:
        return Answer.DECLINED, None
    therapist = await accept_patient_invite(
        session, user=user, invite_id=int(row.ref), display_name=display_name, now=now
    )
    if therapist is None:
        return Answer.UNUSABLE, None
    await audit.record(
        session,
        actor_id=user.id,
        action=AuditAction.INVITE_ACCEPTED,
        now=now,
        target_user_id=therapist.user_id,
        invite_id=int(row.ref),
    )
    return Answer.LINKED, therapist


async def accept_patient_invite(
    session: AsyncSession, *, user: User, invite_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """Link the patient to the invite's therapist (consent given by accepting); None if the
    invite can no longer be used."""
    invite = await session.get(Invite, invite_id)
    if (
        invite is None
        or invite.kind != InviteKind.PATIENT.value
        or not await _use(session, invite, now)
    ):
        return None
    therapist = await active_therapist(session, user_id=invite.therapist_id or 0)
    if therapist is None:
        return None
    if user.consent != Consent.GIVEN.value:
        await store.record_consent(session, user=user, given=True, now=now)
    user.therapist_id = therapist.user_id
    user.linked_at = now
    user.display_name = display_name[:128]
    if invite.programme_id:
        user.programme_id = invite.programme_id
    if invite.reminder_time:
        user.invited_time = invite.reminder_time
        if user.timezone is not None:
            await store.set_reminder_time(
                session, user=user, at=dt.time.fromisoformat(invite.reminder_time), now=now
            )
    user.updated_at = now
    return therapist


async def accept_therapist_invite(
    session: AsyncSession, *, user: User, invite_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """Make the user a therapist under `display_name`; None if the invite is unusable."""
    invite = await session.get(Invite, invite_id)
    if (
        invite is None
        or invite.kind != InviteKind.THERAPIST.value
        or not await _use(session, invite, now)
    ):
        return None
    therapist = await session.get(Therapist, user.id)
    if therapist is None:
        therapist = Therapist(user_id=user.id, display_name=display_name, created_at=now)
        session.add(therapist)
    therapist.display_name, therapist.active, therapist.deactivated_at = display_name, True, None
    user.role = Role.THERAPIST.value
    user.updated_at = now
    return therapist


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


async def open_invites(
    session: AsyncSession, *, created_by: int, now: dt.datetime
) -> Sequence[Invite]:
    """Invites of this creator that can still be used."""
    rows = await session.scalars(
        select(Invite)
        .where(
            col(Invite.created_by) == created_by,
            col(Invite.revoked_at).is_(None),
            col(Invite.expires_at) > now,
            col(Invite.uses) < col(Invite.max_uses),
        )
        .order_by(col(Invite.created_at).desc())
    )
    return rows.all()


async def revoke(session: AsyncSession, *, invite_id: int, by: int, now: dt.datetime) -> bool:
    """Revoke one of your own invites."""
    invite = await session.get(Invite, invite_id)
    if invite is None or invite.created_by != by or invite.revoked_at is not None:
        return False
    invite.revoked_at = now
    await audit.record(
        session, actor_id=by, action=AuditAction.INVITE_REVOKED, now=now, invite_id=invite_id
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
            col(DrillSession.user_id) == user_id,
            col(DrillSession.status) == DrillStatus.FINISHED.value,
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
    """The therapist changes the patient's reminder time (kept for later without a zone)."""
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
    return await store.set_reminder_time(session, user=patient, at=at, now=now)


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


async def export_csv(session: AsyncSession, *, therapist_id: int, now: dt.datetime) -> bytes:
    """A CSV of the therapist's own patients' drill sessions and self-test answers."""
    out = io.StringIO()
    writer = csv.writer(out)

    def row(cells: Sequence[object]) -> None:
        # The one place the export writes cells: none may be read as a formula.
        writer.writerow([safe_cell(c) for c in cells])

    row(
        [
            "record",
            "patient_id",
            "patient",
            "id",
            "date",
            "started_at",
            "ended_at",
            "status",
            "detail",
            "foot",
            "toe",
            "answer",
        ]
    )
    patients = (
        await session.scalars(
            select(User).where(col(User.therapist_id) == therapist_id).order_by(col(User.id))
        )
    ).all()
    await audit.record(
        session,
        actor_id=therapist_id,
        action=AuditAction.EXPORTED,
        now=now,
        detail=f"{len(patients)} patients",
    )
    for patient in patients:
        name = patient.display_name or ""
        drills = (
            await session.scalars(
                select(DrillSession)
                .where(col(DrillSession.user_id) == patient.id)
                .order_by(col(DrillSession.started_at))
            )
        ).all()
        for drill in drills:
            row(
                [
                    "session",
                    patient.id,
                    name,
                    drill.id,
                    drill.local_day.isoformat(),
                    drill.started_at.isoformat(),
                    drill.ended_at.isoformat() if drill.ended_at else "",
                    drill.status,
                    f"{drill.programme_id}: {drill.exercises}",
                    "",
                    "",
                    "",
                ]
            )
        tests = (
            await session.scalars(
                select(SelfTest)
                .where(
                    col(SelfTest.user_id) == patient.id,
                    col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
                )
                .order_by(col(SelfTest.completed_at))
            )
        ).all()
        for test in tests:
            answers = (
                await session.scalars(
                    select(SelfTestAnswer)
                    .where(col(SelfTestAnswer.test_id) == test.id)
                    .order_by(col(SelfTestAnswer.foot), col(SelfTestAnswer.toe))
                )
            ).all()
            for answer in answers:
                done = test.completed_at or test.started_at
                row(
                    [
                        "selftest",
                        patient.id,
                        name,
                        test.id,
                        done.date().isoformat(),
                        test.started_at.isoformat(),
                        done.isoformat(),
                        test.status,
                        "",
                        answer.foot,
                        answer.toe,
                        answer.answer,
                    ]
                )
    return out.getvalue().encode("utf-8")


async def digest_items(
    session: AsyncSession, *, therapist_id: int, since: dt.datetime, now: dt.datetime
) -> tuple[list[tuple[User, Escalation]], list[User]]:
    """For the weekly digest: routine escalations, pain stops and no-improvement since
    `since`, and patients with no completed drill in the last 7 days."""
    patients = (
        await session.scalars(select(User).where(col(User.therapist_id) == therapist_id))
    ).all()
    items: list[tuple[User, Escalation]] = []
    inactive: list[User] = []
    for patient in patients:
        rows = await session.scalars(
            select(Escalation)
            .where(
                col(Escalation.user_id) == patient.id,
                col(Escalation.level).in_(["routine", "stop"]),
                col(Escalation.created_at) > since,
                col(Escalation.in_digest_at).is_(None),
            )
            .order_by(col(Escalation.created_at))
        )
        items.extend((patient, e) for e in rows.all())
        today = now.astimezone(ZoneInfo(patient.timezone or "UTC")).date()
        if not await exercise_days(session, user_id=patient.id, since=today - dt.timedelta(days=6)):
            inactive.append(patient)
    return items, inactive


async def mark_digested(
    session: AsyncSession, *, therapist: Therapist, escalation_ids: Sequence[int], now: dt.datetime
) -> None:
    """The digest went out: its items are not repeated next week."""
    for escalation_id in escalation_ids:
        escalation = await session.get(Escalation, escalation_id)
        if escalation is not None:
            escalation.in_digest_at = now
    therapist.last_digest_at = now


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


async def open_link(
    session: AsyncSession, *, token: str, user_id: int, chat_id: int, now: dt.datetime
) -> tuple[Resolution, Invite | None]:
    """A deep link opened: the user (created on first contact), the invite it names, and for
    a therapist invite the name now awaited."""
    user = await store.get_or_create_user(session, user_id=user_id, chat_id=chat_id, now=now)
    result, invite = await resolve(session, token=token, user_id=user_id, now=now)
    if invite is not None and invite.kind == InviteKind.THERAPIST.value:
        user.awaiting, user.awaiting_ref = AWAIT_NAME, invite.id
    return result, invite


async def become_therapist(
    session: AsyncSession, *, user_id: int, display_name: str, now: dt.datetime
) -> Therapist | None:
    """The invited therapist gave their name: enrolled if their invite still holds."""
    user = await store.get_user(session, user_id=user_id)
    if user is None or user.awaiting != AWAIT_NAME or user.awaiting_ref is None:
        return None
    therapist = await accept_therapist_invite(
        session, user=user, invite_id=user.awaiting_ref, display_name=display_name, now=now
    )
    user.awaiting, user.awaiting_ref = None, None
    return therapist


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
