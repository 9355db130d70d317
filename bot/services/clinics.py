"""Clinics: the practice around the therapists, and the rule that no alert goes to no one.

- clinics CRUD: a bot admin creates a clinic, makes its invites (therapist or clinic admin)
  and moves a therapist into one; a clinic admin makes therapist invites for their own
  clinic only;
- `acknowledge`: a viewer who may see the patient takes an alert on; the first one is kept
  and shown to colleagues;
- the hand-over's data: urgent and emergency alerts nobody acknowledged within
  ALERT_ADMIN_AFTER_MINUTES, with the clinic's admins to tell (the bot's admins when the
  patient has no clinic admin); the job that sends them is `bot.delivery.handover`;
- `deactivate`: a therapist is switched off and their patients go to another therapist of
  the clinic, to the clinic's admins, or are unlinked (the bot's admins are then told).

Access is `bot.services.access` (the one rule); nothing here sends a message.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import Clinic, Escalation, Invite, InviteKind, Therapist, User
from bot.domain.escalation import ALERTED_LEVELS
from bot.domain.privacy import AuditAction
from bot.services import audit, invitations
from bot.services.access import Viewer, can_view, visible_patients
from bot.services.safety import awaiting_acknowledgement

__all__ = [
    "ALERT_LEVELS",
    "AlertItem",
    "Deactivation",
    "Destination",
    "Handover",
    "acknowledge",
    "acknowledger_name",
    "admins_of_clinic",
    "clinic_invite",
    "create_clinic",
    "deactivate",
    "destinations",
    "get_clinic",
    "handovers_due",
    "list_clinics",
    "mark_handed_over",
    "move_therapist",
    "open_alerts",
    "patient_count",
    "patient_name",
    "therapists_of_clinic",
]

log = logging.getLogger(__name__)

# The alerts a person must take on (the others go to the weekly digest).
ALERT_LEVELS = ALERTED_LEVELS
CLINIC_NAME_CHARS = 80
# /alerts looks back this far (older alerts were dealt with in another way).
ALERT_HORIZON = dt.timedelta(days=14)
# The hand-over looks back this far: its job runs every few minutes, so only an alert older
# than the hand-over delay plus downtime is ever found here; a bound keeps the first run
# after the upgrade that brought acknowledgement from handing over weeks of history.
HANDOVER_HORIZON = dt.timedelta(days=2)
# Escalations handed over per job run (the next run takes the rest).
HANDOVER_BATCH = 200


# --- clinics ----------------------------------------------------------------------------------


async def create_clinic(session: AsyncSession, *, name: str, by: int, now: dt.datetime) -> Clinic:
    """A new clinic; raises ValueError for an empty or over-long name."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= CLINIC_NAME_CHARS:
        raise ValueError("name")
    clinic = Clinic(name=name, created_at=now)
    session.add(clinic)
    await session.flush()
    await audit.record(
        session, actor_id=by, action=AuditAction.CLINIC_CREATED, now=now, detail=str(clinic.id)
    )
    return clinic


async def get_clinic(session: AsyncSession, clinic_id: int) -> Clinic | None:
    """The clinic with this id, if any."""
    return await session.get(Clinic, clinic_id)


async def list_clinics(session: AsyncSession) -> Sequence[Clinic]:
    """Every clinic, by name."""
    rows = await session.scalars(select(Clinic).order_by(col(Clinic.name), col(Clinic.id)))
    return rows.all()


async def admins_of_clinic(session: AsyncSession, clinic_id: int) -> list[Therapist]:
    """The clinic's active admins, oldest first."""
    rows = await session.scalars(
        select(Therapist)
        .where(
            col(Therapist.clinic_id) == clinic_id,
            col(Therapist.clinic_admin).is_(True),
            col(Therapist.active).is_(True),
        )
        .order_by(col(Therapist.created_at), col(Therapist.user_id))
    )
    return list(rows.all())


async def therapists_of_clinic(
    session: AsyncSession, clinic_id: int | None, *, active_only: bool = True
) -> list[Therapist]:
    """The therapists of a clinic (None: those of no clinic), by name."""
    query = select(Therapist).where(
        col(Therapist.clinic_id).is_(None)
        if clinic_id is None
        else col(Therapist.clinic_id) == clinic_id
    )
    if active_only:
        query = query.where(col(Therapist.active).is_(True))
    rows = await session.scalars(query.order_by(col(Therapist.display_name)))
    return list(rows.all())


async def clinic_invite(
    session: AsyncSession,
    *,
    viewer: Viewer,
    clinic_id: int | None,
    clinic_admin: bool,
    now: dt.datetime,
) -> tuple[Invite, str] | None:
    """A therapist invite for a clinic (making a clinic admin if `clinic_admin`), and its
    token; None if this viewer may not make it. A bot admin may make any (clinic None: a
    therapist of no clinic); a clinic admin only plain therapist invites of their own clinic
    (`clinic_id` None means theirs)."""
    if not viewer.bot_admin:
        if not viewer.clinic_admin or clinic_admin:
            return None
        if clinic_id is not None and clinic_id != viewer.clinic_id:
            log.warning("user %s was refused an invite for clinic %s", viewer.user_id, clinic_id)
            return None
        clinic_id = viewer.clinic_id
    if clinic_id is None:
        if clinic_admin:
            return None
    elif await session.get(Clinic, clinic_id) is None:
        return None
    invite, token = await invitations.create_invite(
        session, kind=InviteKind.THERAPIST, created_by=viewer.user_id, now=now
    )
    invite.clinic_id, invite.clinic_admin = clinic_id, clinic_admin
    await session.flush()
    return invite, token


async def move_therapist(
    session: AsyncSession,
    *,
    therapist_id: int,
    clinic_id: int | None,
    clinic_admin: bool = False,
    by: int,
    now: dt.datetime,
) -> Therapist | None:
    """A bot admin moves a therapist into a clinic (None: out of any), as its admin or not;
    None if the therapist or the clinic does not exist. Their patients move with them."""
    therapist = await session.get(Therapist, therapist_id)
    if therapist is None or (
        clinic_id is not None and await session.get(Clinic, clinic_id) is None
    ):
        return None
    therapist.clinic_id = clinic_id
    therapist.clinic_admin = clinic_admin and clinic_id is not None
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.THERAPIST_MOVED,
        now=now,
        target_user_id=therapist_id,
        detail=f"{clinic_id}{':admin' if therapist.clinic_admin else ''}",
    )
    return therapist


# --- alerts and their acknowledgement -----------------------------------------------------------


@dataclass(frozen=True)
class AlertItem:
    """One urgent or emergency alert as a colleague sees it (the patient's words included:
    shown only to a viewer allowed to see the patient)."""

    id: int
    patient_id: int
    patient_name: str
    therapist_id: int | None
    level: str
    flags: str
    text: str
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: int | None
    acknowledged_by_name: str | None


async def open_alerts(
    session: AsyncSession, *, viewer: Viewer, now: dt.datetime, limit: int = 20
) -> list[AlertItem]:
    """The urgent and emergency alerts this viewer may see that no therapist has cleared:
    every unacknowledged one, and acknowledged ones of the last 14 days; unacknowledged
    first, then newest first. Two queries."""
    query = (
        select(Escalation, col(User.display_name), col(User.therapist_id))
        .join(User, col(User.id) == col(Escalation.user_id))
        .where(
            # An alert nobody has taken on stays however old it is; one that was
            # acknowledged (and not cleared) drops out after the horizon.
            or_(
                awaiting_acknowledgement(),
                and_(
                    col(Escalation.level).in_(ALERT_LEVELS),
                    col(Escalation.cleared_at).is_(None),
                    col(Escalation.created_at) > now - ALERT_HORIZON,
                ),
            )
        )
        .order_by(
            col(Escalation.acknowledged_at).is_not(None),
            col(Escalation.created_at).desc(),
            col(Escalation.id).desc(),
        )
        .limit(limit)
    )
    if not viewer.bot_admin:
        # A bot admin also sees unlinked patients' alerts: they are the ones told of those.
        query = query.where(
            col(User.id).in_(visible_patients(viewer).with_only_columns(col(User.id)))
        )
    rows = (await session.execute(query)).all()
    names = await _names(session, (e.acknowledged_by for e, _, _ in rows))
    return [
        AlertItem(
            id=e.id or 0,
            patient_id=e.user_id,
            patient_name=name or str(e.user_id),
            therapist_id=therapist_id,
            level=e.level,
            flags=e.flags,
            text=e.text or e.evidence,
            created_at=e.created_at,
            acknowledged_at=e.acknowledged_at,
            acknowledged_by=e.acknowledged_by,
            acknowledged_by_name=names.get(e.acknowledged_by) if e.acknowledged_by else None,
        )
        for e, name, therapist_id in rows
    ]


async def _names(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, str]:
    """Display names of these people: their therapist name, else their Telegram name."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    out = {
        int(uid): str(name or uid)
        for uid, name in (
            await session.execute(
                select(col(User.id), col(User.display_name)).where(col(User.id).in_(wanted))
            )
        ).all()
    }
    for uid, name in (
        await session.execute(
            select(col(Therapist.user_id), col(Therapist.display_name)).where(
                col(Therapist.user_id).in_(wanted)
            )
        )
    ).all():
        out[int(uid)] = name
    return {i: out.get(i, str(i)) for i in wanted}


async def acknowledger_name(session: AsyncSession, escalation: Escalation) -> str | None:
    """The name of whoever acknowledged this alert (None: nobody yet)."""
    if escalation.acknowledged_by is None:
        return None
    return (await _names(session, [escalation.acknowledged_by]))[escalation.acknowledged_by]


async def patient_name(session: AsyncSession, user_id: int) -> str:
    """A patient's name as their therapist sees it (their id if they gave none)."""
    user = await session.get(User, user_id)
    return (user.display_name if user is not None else None) or str(user_id)


async def acknowledge(
    session: AsyncSession, *, escalation_id: int, viewer: Viewer, now: dt.datetime
) -> Escalation | None:
    """The viewer takes this alert on; the escalation (with whoever acknowledged it first), or
    None if it does not exist or this viewer may not see its patient (never revealing which).

    Idempotent and race-safe: one conditional UPDATE sets it only while nobody has, so of two
    colleagues pressing at once the first is kept and the second sees the first's name."""
    escalation = await session.get(Escalation, escalation_id)
    if escalation is None:
        return None
    if not viewer.bot_admin and (
        await can_view(session, viewer=viewer, patient_id=escalation.user_id) is None
    ):
        return None
    if escalation.acknowledged_at is None:
        result = await session.execute(
            update(Escalation)
            .where(col(Escalation.id) == escalation_id, col(Escalation.acknowledged_at).is_(None))
            .values(acknowledged_at=now, acknowledged_by=viewer.user_id)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            await audit.record(
                session,
                actor_id=viewer.user_id,
                action=AuditAction.ALERT_ACKNOWLEDGED,
                now=now,
                target_user_id=escalation.user_id,
                detail=str(escalation_id),
            )
        await session.refresh(escalation)
    return escalation


# --- the hand-over of unacknowledged alerts ---------------------------------------------------


@dataclass(frozen=True)
class Handover:
    """An alert nobody took on in time, and who is told now: (chat id, IANA zone or None)
    per recipient. `clinic` False: the bot's admins (the patient has no clinic admin)."""

    escalation: Escalation
    patient_name: str
    therapist_name: str | None
    clinic: bool
    recipients: tuple[tuple[int, str | None], ...]


async def handovers_due(
    session: AsyncSession, *, now: dt.datetime, after: dt.timedelta, admin_ids: Iterable[int]
) -> list[Handover]:
    """Urgent and emergency alerts still unacknowledged and uncleared `after` they were made,
    not yet handed over, with their recipients: the active admins of the clinic of the
    patient's therapist (leaving out that therapist, who had the alert already), else the
    bot's admins. Set-based: three queries whatever the number of alerts."""
    rows = (
        await session.execute(
            select(
                Escalation,
                col(User.display_name),
                col(Therapist.user_id),
                col(Therapist.display_name),
                col(Therapist.clinic_id),
            )
            .join(User, col(User.id) == col(Escalation.user_id))
            .outerjoin(Therapist, col(Therapist.user_id) == col(User.therapist_id))
            .where(
                awaiting_acknowledgement(),
                col(Escalation.admins_alerted_at).is_(None),
                col(Escalation.created_at) <= now - after,
                col(Escalation.created_at) > now - HANDOVER_HORIZON,
            )
            .order_by(col(Escalation.created_at), col(Escalation.id))
            .limit(HANDOVER_BATCH)
        )
    ).all()
    clinic_ids = {clinic for *_, clinic in rows if clinic is not None}
    admins: dict[int, list[Therapist]] = {}
    if clinic_ids:
        for t in (
            await session.scalars(
                select(Therapist)
                .where(
                    col(Therapist.clinic_id).in_(clinic_ids),
                    col(Therapist.clinic_admin).is_(True),
                    col(Therapist.active).is_(True),
                )
                .order_by(col(Therapist.user_id))
            )
        ).all():
            admins.setdefault(t.clinic_id or 0, []).append(t)
    bot_admins = sorted(set(admin_ids))
    zones = {
        int(uid): zone
        for uid, zone in (
            await session.execute(
                select(col(Therapist.user_id), col(Therapist.timezone)).where(
                    col(Therapist.user_id).in_(bot_admins)
                )
            )
        ).all()
    }
    out = []
    for escalation, patient_name, therapist_id, therapist_name, clinic_id in rows:
        team = [a for a in admins.get(clinic_id or 0, []) if a.user_id != therapist_id]
        recipients = (
            tuple((a.user_id, a.timezone) for a in team)
            if team
            else tuple((uid, zones.get(uid)) for uid in bot_admins)
        )
        if not recipients:
            log.warning(
                "escalation %s: no clinic admin and no bot admin to hand over to", escalation.id
            )
            continue
        out.append(
            Handover(
                escalation=escalation,
                patient_name=patient_name or str(escalation.user_id),
                therapist_name=therapist_name,
                clinic=bool(team),
                recipients=recipients,
            )
        )
    return out


async def mark_handed_over(
    session: AsyncSession, *, escalation_ids: Sequence[int], now: dt.datetime
) -> None:
    """These alerts went to the admins: never again (one UPDATE)."""
    if escalation_ids:
        await session.execute(
            update(Escalation)
            .where(col(Escalation.id).in_(escalation_ids))
            .values(admins_alerted_at=now)
            .execution_options(synchronize_session=False)
        )


# --- deactivation -----------------------------------------------------------------------------


class Destination(enum.StrEnum):
    """Where a deactivated therapist's patients go."""

    THERAPIST = "therapist"  # another active therapist of the same clinic
    ADMINS = "admins"  # the clinic's (first) admin; every admin of the clinic sees them
    UNLINKED = "unlinked"  # nobody: their alerts go to the bot's admins, who are told


@dataclass(frozen=True)
class Deactivation:
    """What a deactivation did: who was switched off, where their patients went."""

    therapist: Therapist
    destination: Destination
    to: Therapist | None
    patient_ids: list[int]
    patient_names: list[str]


async def destinations(session: AsyncSession, *, therapist_id: int) -> list[Therapist]:
    """The active therapists of this therapist's clinic who could take their patients."""
    therapist = await session.get(Therapist, therapist_id)
    if therapist is None:
        return []
    return [
        t
        for t in await therapists_of_clinic(session, therapist.clinic_id)
        if t.user_id != therapist_id
    ]


async def patient_count(session: AsyncSession, *, therapist_id: int) -> int:
    """How many patients are linked to this therapist."""
    count = await session.scalar(
        select(func.count()).select_from(User).where(col(User.therapist_id) == therapist_id)
    )
    return int(count or 0)


async def deactivate(
    session: AsyncSession,
    *,
    therapist_id: int,
    by: int,
    now: dt.datetime,
    patients_to: int | None = None,
    unlink: bool = False,
) -> Deactivation | None:
    """Switch a therapist off (they lose access at once) and move their patients: to
    `patients_to` (an active therapist of the same clinic), or with None to the clinic's
    first active admin, or with `unlink` to nobody. None if the therapist is not active;
    ValueError if the destination is not possible (nothing changed). Audited: the
    deactivation, and each patient moved."""
    therapist = await session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        return None
    to: Therapist | None = None
    if unlink:
        destination = Destination.UNLINKED
    elif patients_to is not None:
        destination = Destination.THERAPIST
        to = await session.get(Therapist, patients_to)
        if (
            to is None
            or not to.active
            or to.user_id == therapist_id
            or to.clinic_id != therapist.clinic_id
        ):
            raise ValueError("patients_to")
    else:
        destination = Destination.ADMINS
        admins = [
            a
            for a in (
                await admins_of_clinic(session, therapist.clinic_id)
                if therapist.clinic_id is not None
                else []
            )
            if a.user_id != therapist_id
        ]
        if not admins:
            raise ValueError("patients_to")
        to = admins[0]
    patients = (
        await session.execute(
            select(col(User.id), col(User.display_name))
            .where(col(User.therapist_id) == therapist_id)
            .order_by(col(User.id))
        )
    ).all()
    ids = [int(uid) for uid, _ in patients]
    therapist.active, therapist.deactivated_at = False, now
    if ids:
        await session.execute(
            update(User)
            .where(col(User.therapist_id) == therapist_id)
            .values(
                therapist_id=to.user_id if to is not None else None,
                # A new link starts now; an unlinked patient has none.
                linked_at=now if to is not None else None,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
    target = str(to.user_id) if to is not None else destination.value
    await audit.record(
        session,
        actor_id=by,
        action=AuditAction.THERAPIST_DEACTIVATED,
        now=now,
        target_user_id=therapist_id,
        detail=f"{destination.value}:{target}:{len(ids)}",
    )
    for uid in ids:
        await audit.record(
            session,
            actor_id=by,
            action=AuditAction.PATIENT_REASSIGNED,
            now=now,
            target_user_id=uid,
            detail=target,
        )
    return Deactivation(
        therapist=therapist,
        destination=destination,
        to=to,
        patient_ids=ids,
        patient_names=[name or str(uid) for uid, name in patients],
    )
