"""Therapists and their patients: links, access checks, actions, overviews and the digest's
data (invites are `bot.services.invitations`, the CSV export `bot.services.export`).

Who may see which patient is `bot.services.access` (the chat's /patients and its presses
check `access.can_view`, so a clinic admin reaches their clinic's patients): a forged id of a
patient the presser may not see returns nothing (and is logged).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import (
    DrillSession,
    Escalation,
    InviteAttempt,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    SelfTestStatus,
    Therapist,
    User,
)
from bot.domain import scheduling, selftest, timefmt, zones
from bot.domain.digest import digest_slot
from bot.domain.privacy import AuditAction
from bot.domain.selftest import Score, Trend
from bot.domain.zones import ZoneMatch
from bot.services import audit, data_requests, schedules
from bot.services.access import Viewer, visible_patients
from bot.services.progress import completed_drill
from bot.services.safety import Audience, audience_of, awaiting_acknowledgement

log = logging.getLogger(__name__)


async def active_therapist(session: AsyncSession, *, user_id: int) -> Therapist | None:
    """The therapist record of this user, if they are an active therapist."""
    therapist = await session.get(Therapist, user_id)
    return therapist if therapist is not None and therapist.active else None


async def alert_recipients(
    session: AsyncSession, *, user_id: int, admin_ids: Iterable[int]
) -> tuple[Audience, tuple[int, ...]]:
    """Who hears of this patient's emergency or urgent escalations: their active therapist,
    else (deactivated) the active admins of that therapist's clinic, else (none linked, or
    no clinic admin) the bot's admins, else nobody."""
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
    # A deactivated therapist's patients: their clinic's active admins, before the bot's.
    owner = (
        await session.get(Therapist, patient.therapist_id)
        if patient is not None and patient.therapist_id is not None
        else None
    )
    if owner is not None and owner.clinic_id is not None:
        team = (
            await session.scalars(
                select(col(Therapist.user_id))
                .where(
                    col(Therapist.clinic_id) == owner.clinic_id,
                    col(Therapist.clinic_admin).is_(True),
                    col(Therapist.active).is_(True),
                )
                .order_by(col(Therapist.user_id))
            )
        ).all()
        if team:
            return Audience.TEAM, tuple(int(uid) for uid in team)
    return audience, admins


async def unlink(session: AsyncSession, *, user: User, now: dt.datetime) -> int | None:
    """The patient leaves their therapist, who loses access at once; returns their id. The
    therapist's private notes on them go too (`data_requests.forget_notes` says why)."""
    previous = user.therapist_id
    user.therapist_id, user.linked_at, user.updated_at = None, None, now
    if previous is not None:
        await data_requests.forget_notes(session, patient_ids=[user.id])
    return previous


async def list_therapists(session: AsyncSession) -> Sequence[Therapist]:
    """Every therapist, active first."""
    rows = await session.scalars(
        select(Therapist).order_by(col(Therapist.active).desc(), col(Therapist.display_name))
    )
    return rows.all()


@dataclass(frozen=True)
class PatientLine:
    """One patient's row of the caseload (/patients and the dashboard)."""

    user_id: int
    name: str
    adherence_7: int
    adherence_28: int
    last_drill: dt.date | None
    score: Score | None
    trend: Trend
    open_alerts: int
    paused: bool = False
    last_session_at: dt.datetime | None = None
    therapist_id: int | None = None


async def patient_lines(
    session: AsyncSession,
    *,
    patients: Sequence[User] | None = None,
    therapist_id: int | None = None,
    now: dt.datetime,
) -> list[PatientLine]:
    """These patients (or every patient of `therapist_id`) with adherence, last drill, score
    and trend, paused, open alerts; alerts first, then by name.

    Set-based: per chunk of 500 patients five queries (plus one for the therapist's
    patients), whatever the number of patients or of their drills and tests."""
    if patients is None:
        if therapist_id is None:
            raise ValueError("patient_lines needs patients or a therapist_id")
        patients = (
            await session.scalars(select(User).where(col(User.therapist_id) == therapist_id))
        ).all()
    lines: list[PatientLine] = []
    for start in range(0, len(patients), _CHUNK):
        lines.extend(await _lines(session, patients[start : start + _CHUNK], now=now))
    lines.sort(key=lambda line: (-line.open_alerts, line.name.lower(), line.user_id))
    return lines


async def caseload_lines(
    session: AsyncSession, *, viewer: Viewer, now: dt.datetime
) -> list[PatientLine]:
    """The overview lines of every patient this viewer may see (`access.visible_patients`:
    a therapist's own, a clinic admin's whole clinic, a bot admin's every linked patient)."""
    patients = (await session.scalars(visible_patients(viewer))).all()
    return await patient_lines(session, patients=patients, now=now)


async def _lines(
    session: AsyncSession, patients: Sequence[User], *, now: dt.datetime
) -> list[PatientLine]:
    ids = [p.id for p in patients]
    # Local dates are at most a day behind UTC's: every patient's last 28 local days are in.
    earliest = now.date() - dt.timedelta(days=28)
    day_rows = await session.execute(
        select(col(DrillSession.user_id), col(DrillSession.local_day))
        .where(
            col(DrillSession.user_id).in_(ids),
            completed_drill(),
            col(DrillSession.local_day) >= earliest,
        )
        .distinct()
    )
    days: dict[int, set[dt.date]] = {}
    for uid, day in day_rows.all():
        days.setdefault(int(uid), set()).add(day)
    last_rows = await session.execute(
        select(
            col(DrillSession.user_id),
            func.max(col(DrillSession.local_day)),
            func.max(col(DrillSession.ended_at)),
        )
        .where(col(DrillSession.user_id).in_(ids), completed_drill())
        .group_by(col(DrillSession.user_id))
    )
    last = {int(uid): (day, at) for uid, day, at in last_rows.all()}
    tests = await _first_and_last_scores(session, ids)
    alert_rows = await session.execute(
        select(col(Escalation.user_id), func.count())
        .where(
            col(Escalation.user_id).in_(ids),
            # The alerts inbox's own definition, so the count and the inbox agree.
            awaiting_acknowledgement(),
        )
        .group_by(col(Escalation.user_id))
    )
    alerts = {int(uid): int(n) for uid, n in alert_rows.all()}
    paused_rows = await session.execute(
        select(col(Schedule.user_id)).where(
            col(Schedule.user_id).in_(ids), col(Schedule.paused).is_(True)
        )
    )
    paused = {int(uid) for (uid,) in paused_rows.all()}
    out = []
    for patient in patients:
        today = now.astimezone(ZoneInfo(patient.timezone or "UTC")).date()
        mine = {d for d in days.get(patient.id, ()) if d > today - dt.timedelta(days=28)}
        scores = tests.get(patient.id)
        last_day, last_at = last.get(patient.id, (None, None))
        out.append(
            PatientLine(
                user_id=patient.id,
                name=patient.display_name or str(patient.id),
                adherence_7=sum(1 for d in mine if d > today - dt.timedelta(days=7)),
                adherence_28=len(mine),
                last_drill=last_day,
                score=scores[1] if scores else None,
                trend=_trend(scores),
                open_alerts=alerts.get(patient.id, 0),
                paused=patient.id in paused,
                last_session_at=last_at,
                therapist_id=patient.therapist_id,
            )
        )
    return out


def _trend(scores: tuple[Score, Score, bool] | None) -> Trend:
    """`selftest.trend` of a history known by its first and latest scores (all it reads)."""
    if scores is None or scores[2]:
        return Trend(kind="first", delta_total=0)
    first, latest, _ = scores
    return selftest.trend(
        [
            selftest.TestPoint(taken_at=_EPOCH, score=first),
            selftest.TestPoint(taken_at=_EPOCH + dt.timedelta(seconds=1), score=latest),
        ]
    )


_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


async def _first_and_last_scores(
    session: AsyncSession, ids: Sequence[int]
) -> dict[int, tuple[Score, Score, bool]]:
    """Each patient's first and latest completed self-test scores and whether that is one
    test only, in one query: the score counted in SQL as `selftest.score` counts it (toes
    answered "alone", per foot), the order the one `selftests.points` and `trend` give."""
    taken = func.coalesce(col(SelfTest.completed_at), col(SelfTest.started_at))
    ranked = (
        select(
            col(SelfTest.id).label("id"),
            col(SelfTest.user_id).label("user_id"),
            func.row_number()
            .over(partition_by=col(SelfTest.user_id), order_by=(taken, col(SelfTest.id)))
            .label("up"),
            func.row_number()
            .over(
                partition_by=col(SelfTest.user_id),
                order_by=(taken.desc(), col(SelfTest.id).desc()),
            )
            .label("down"),
        )
        .where(
            col(SelfTest.user_id).in_(ids),
            col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
        )
        .subquery()
    )
    alone = col(SelfTestAnswer.answer) == selftest.ToeAnswer.ALONE.value
    rows = await session.execute(
        select(
            ranked.c.user_id,
            ranked.c.up,
            ranked.c.down,
            func.sum(case((col(SelfTestAnswer.foot) == "left", 1), else_=0)),
            func.sum(case((col(SelfTestAnswer.foot) == "right", 1), else_=0)),
        )
        .select_from(ranked)
        # Only the toes that lift alone are joined: a test with none still comes out (NULL).
        .outerjoin(SelfTestAnswer, and_(col(SelfTestAnswer.test_id) == ranked.c.id, alone))
        .where(or_(ranked.c.up == 1, ranked.c.down == 1))
        .group_by(ranked.c.user_id, ranked.c.id, ranked.c.up, ranked.c.down)
    )
    firsts: dict[int, Score] = {}
    lasts: dict[int, Score] = {}
    single: set[int] = set()
    for user_id, up, down, left_sum, right_sum in rows.all():
        uid, left, right = int(user_id), int(left_sum or 0), int(right_sum or 0)
        score = Score(left=left, right=right, total=left + right)
        if up == 1:
            firsts[uid] = score
        if down == 1:
            lasts[uid] = score
        if up == 1 and down == 1:
            single.add(uid)
    return {uid: (firsts[uid], lasts[uid], uid in single) for uid in firsts}


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
    since `since`, oldest first, and the patients with no completed drill in 7 days; the
    therapist's zone (None: UTC) and the slot (UTC) this digest is for."""

    therapist_id: int
    since: dt.datetime
    items: list[tuple[DigestPatient, Escalation]]
    inactive: list[DigestPatient]
    zone: str | None = None
    slot: dt.datetime | None = None


async def digests_due(
    session: AsyncSession,
    *,
    now: dt.datetime,
    slot: dt.datetime | None = None,
    weekday: int = 0,
    hour: int = 8,
) -> list[Digest]:
    """Every active therapist whose digest has not gone out for their latest slot, with its
    data. A therapist's slot is `weekday` at `hour` on their own clock (their zone; none:
    UTC), or `slot` itself for everyone when given.

    Set-based: one query for the therapists (a few hundred rows: their slots are worked out
    here, zone by zone), then per chunk of therapists one for the items and one for the
    inactive patients, whatever the number of patients."""
    query = select(Therapist).where(col(Therapist.active).is_(True))
    if slot is not None:
        query = query.where(
            or_(col(Therapist.last_digest_at).is_(None), col(Therapist.last_digest_at) < slot)
        )
    else:
        # No zone's slot is later than now, nor more than a week before it.
        query = query.where(
            or_(col(Therapist.last_digest_at).is_(None), col(Therapist.last_digest_at) < now)
        )
    rows = (
        await session.scalars(query.order_by(col(Therapist.display_name), col(Therapist.user_id)))
    ).all()
    slots: dict[int, dt.datetime] = {}
    therapists: list[Therapist] = []
    for t in rows:
        mine = slot or digest_slot(now, weekday, hour, timefmt.zone_of(t.timezone))
        if t.last_digest_at is None or t.last_digest_at < mine:
            slots[t.user_id] = mine
            therapists.append(t)
    digests: list[Digest] = []
    for start in range(0, len(therapists), _CHUNK):
        batch = therapists[start : start + _CHUNK]
        since = {
            t.user_id: t.last_digest_at or slots[t.user_id] - dt.timedelta(days=7) for t in batch
        }
        items = await _digest_items(session, since, now=now)
        inactive = await _inactive_patients(session, list(since), now=now)
        digests.extend(
            Digest(
                t.user_id,
                since[t.user_id],
                items.get(t.user_id, []),
                inactive.get(t.user_id, []),
                zone=t.timezone,
                slot=slots[t.user_id],
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


# Free-text answers a therapist owes (or an invited therapist: their name); the patient's id,
# or the invite's, is kept beside it in `users.awaiting_ref`.
AWAIT_NAME, AWAIT_MESSAGE, AWAIT_TIME = "therapist_name", "t_message", "t_time"

# --- the therapist's own time zone ---------------------------------------------------------
# Asked when a therapist is enrolled and by /timezone: `users.awaiting` is AWAIT_ZONE, or
# "t_zone:<abbreviation>" while "which place does EST mean?" is open (a typed city answers
# it too), so a restart loses neither question.
AWAIT_ZONE = "t_zone"


def zone_asked(user: User) -> str | None:
    """The open zone question of this therapist: "" for the plain one, the abbreviation
    when its places were offered, None when no zone question is open."""
    head, sep, abbreviation = (user.awaiting or "").partition(":")
    if head != AWAIT_ZONE:
        return None
    return abbreviation if sep and abbreviation in zones.AMBIGUOUS else ""


async def ask_zone(session: AsyncSession, *, user_id: int) -> None:
    """Open the zone question for this therapist (their next typed text answers it)."""
    await store.set_awaiting(session, user_id=user_id, awaiting=AWAIT_ZONE)


async def answer_zone(
    session: AsyncSession, *, user_id: int, text: str, aliases: Mapping[str, str]
) -> ZoneMatch | None:
    """A typed zone: stored on the therapist (and the question closed) when it names one;
    for an ambiguous abbreviation its places are asked; otherwise the question stays open.
    None when this user is not an active therapist (the question is closed)."""
    user = await store.get_user(session, user_id=user_id)
    therapist = await active_therapist(session, user_id=user_id)
    if user is None:
        return None
    if therapist is None:
        user.awaiting, user.awaiting_ref = None, None
        return None
    match = zones.resolve_zone(text, aliases)
    if match.choices and match.abbreviation:
        user.awaiting, user.awaiting_ref = f"{AWAIT_ZONE}:{match.abbreviation}", None
    elif match.zone is not None:
        therapist.timezone = match.zone
        user.awaiting, user.awaiting_ref = None, None
    return match


async def pick_zone(
    session: AsyncSession,
    *,
    user_id: int,
    zone: str | None = None,
    abbreviation: str | None = None,
    n: int = 0,
) -> Therapist | None:
    """A zone button: `zone` itself (a common zone, or "UTC"), or the n-th place of
    `abbreviation`, taken only while that question is open for this user. The therapist with
    the zone stored, or None (not an active therapist, or an old or forged place button:
    nothing changed)."""
    user = await store.get_user(session, user_id=user_id)
    therapist = await active_therapist(session, user_id=user_id)
    if user is None or therapist is None:
        return None
    if abbreviation is not None:
        places = zones.choices(abbreviation)
        if zone_asked(user) != abbreviation or not 0 <= n < len(places):
            return None
        zone = places[n]
    if zone is None or not zones.is_valid_zone(zone):
        return None
    therapist.timezone = zone
    if zone_asked(user) is not None:
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


async def zones_of(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, str | None]:
    """The zone each of these users reads times in: their therapist record's (None: not
    asked yet, or not a therapist: UTC). One query."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = await session.execute(
        select(col(Therapist.user_id), col(Therapist.timezone)).where(
            col(Therapist.user_id).in_(ids)
        )
    )
    found = {int(uid): zone for uid, zone in rows.all()}
    return {uid: found.get(uid) for uid in ids}


async def therapist_record(session: AsyncSession, *, user_id: int) -> Therapist | None:
    """A therapist's record, active or not (for their name)."""
    return await session.get(Therapist, user_id)
