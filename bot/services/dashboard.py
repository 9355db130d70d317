"""The dashboard's queries and actions (the Telegram Mini App's JSON API, `bot.web.dashboard`).

Every read goes through the one access rule (`bot.services.access`): the caseload selects
through `visible_patients`, a single patient through `patient_for` (`can_view`), so an id
the viewer may not see returns None. (The alerts and their acknowledgement are
`bot.services.clinics`', shared with the chat's /alerts.) Actions reuse the chat's services
(`therapy`, `schedules`, `safety`, `messages`) and are audited in the same transaction as
the change. Set-based where the caseload is large: the caseload, the export and the report
read a fixed number of statements per chunk of 500 patients, never one per patient.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db import store
from bot.db.models import (
    Checkin,
    DrillSession,
    Escalation,
    PatientNote,
    Prescription,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    SelfTestStatus,
    Therapist,
    TherapistMessage,
    User,
)
from bot.domain import rtm, scheduling, selftest
from bot.domain.privacy import AuditAction, safe_cell
from bot.domain.selftest import Foot, ToeAnswer
from bot.services import audit, messages, prescriptions, safety, schedules, therapy
from bot.services.access import Viewer, can_view, visible_patients, visible_therapist_ids
from bot.services.export import HEADER, programme_label
from bot.services.progress import completed_drill

__all__ = [
    "CaseRow",
    "PatientDetail",
    "PatientReport",
    "add_note",
    "caseload",
    "clear_pause",
    "exercise_data_days",
    "export_csv",
    "export_data",
    "is_paused",
    "message_patient",
    "names_of",
    "patient_detail",
    "patient_for",
    "patients_of",
    "report",
    "report_csv",
    "schedule_times",
    "selftest_history",
    "set_paused",
    "set_programme",
    "set_times",
    "viewer_zone",
]

log = logging.getLogger(__name__)

# IN-lists stay well under both databases' parameter limits.
CHUNK = 500
MAX_NOTE = 2000
MAX_TIMES = schedules.MAX_TIMES
# The chat's limit for a therapist's message (handlers/caseload.py).
MAX_MESSAGE = 1000


def viewer_zone(viewer: Viewer) -> str | None:
    """The zone every time this viewer reads is shown in (None: not asked yet, UTC)."""
    return viewer.therapist.timezone if viewer.therapist is not None else None


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


async def _completed_in(session: AsyncSession, chunk: Sequence[int]) -> Sequence[SelfTest]:
    """These patients' completed self-tests, oldest first."""
    return (
        await session.scalars(
            select(SelfTest)
            .where(
                col(SelfTest.user_id).in_(chunk),
                col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
            )
            .order_by(col(SelfTest.completed_at), col(SelfTest.id))
        )
    ).all()


async def names_of(session: AsyncSession, ids: Iterable[int]) -> dict[int, str]:
    """Display names of therapists (or, for a bot admin without a therapist row, users)."""
    wanted = sorted({i for i in ids if i is not None})
    names: dict[int, str] = {}
    for chunk in _chunks(wanted):
        rows = await session.execute(
            select(col(Therapist.user_id), col(Therapist.display_name)).where(
                col(Therapist.user_id).in_(chunk)
            )
        )
        names.update({int(uid): name for uid, name in rows.all()})
    missing = [i for i in wanted if i not in names]
    for chunk in _chunks(missing):
        rows = await session.execute(
            select(col(User.id), col(User.display_name)).where(col(User.id).in_(chunk))
        )
        names.update({int(uid): name or str(uid) for uid, name in rows.all()})
    return {i: names.get(i, str(i)) for i in wanted}


async def patients_of(session: AsyncSession, *, viewer: Viewer) -> list[User]:
    """Every patient this viewer may see, by name then id."""
    rows = await session.scalars(
        visible_patients(viewer).order_by(col(User.display_name), col(User.id))
    )
    return list(rows.all())


async def patient_for(session: AsyncSession, *, viewer: Viewer, patient_id: int) -> User | None:
    """The patient, only if this viewer may see them (the one access rule)."""
    return await can_view(session, viewer=viewer, patient_id=patient_id)


# --- caseload --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """One caseload row: the chat's overview line and who follows the patient."""

    line: therapy.PatientLine
    therapist_id: int | None
    therapist_name: str | None


async def caseload(session: AsyncSession, *, viewer: Viewer, now: dt.datetime) -> list[CaseRow]:
    """The viewer's whole caseload with the overview figures (set-based `patient_lines`)."""
    patients = await patients_of(session, viewer=viewer)
    lines = await therapy.patient_lines(session, patients=patients, now=now)
    names = await names_of(session, (p.therapist_id for p in patients if p.therapist_id))
    return [
        CaseRow(
            line=line,
            therapist_id=line.therapist_id,
            therapist_name=names.get(line.therapist_id) if line.therapist_id else None,
        )
        for line in lines
    ]


# --- one patient -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TestRow:
    """One completed self-test: when and the score per foot (toes lifting alone, of 5)."""

    at: dt.datetime
    left: int
    right: int
    total: int


@dataclass(frozen=True)
class PatientDetail:
    """Everything the patient page shows (raw rows; the web layer formats them)."""

    patient: User
    therapist_name: str | None
    schedule: Schedule | None
    prescription: list[Prescription]
    sessions: list[DrillSession]
    selftests: list[TestRow]
    checkins: list[Checkin]
    escalations: list[Escalation]
    messages: list[TherapistMessage]
    notes: list[tuple[PatientNote, str]]
    open_pauses: list[Escalation]


async def patient_detail(
    session: AsyncSession, *, viewer: Viewer, patient: User, now: dt.datetime
) -> PatientDetail:
    """The patient page's data (the caller got `patient` from `patient_for`); the view is
    audited like the chat's detail view."""
    pid = patient.id
    tests = await _completed_tests(session, [pid])
    notes = list(
        (
            await session.scalars(
                select(PatientNote)
                .where(col(PatientNote.patient_id) == pid)
                .order_by(col(PatientNote.created_at).desc(), col(PatientNote.id).desc())
                .limit(100)
            )
        ).all()
    )
    authors = await names_of(session, (n.author_id for n in notes))
    owner = await names_of(session, [patient.therapist_id] if patient.therapist_id else [])
    await audit.record(
        session,
        actor_id=viewer.user_id,
        action=AuditAction.PATIENT_VIEWED,
        now=now,
        target_user_id=pid,
        detail="dashboard",
    )
    return PatientDetail(
        patient=patient,
        therapist_name=owner.get(patient.therapist_id) if patient.therapist_id else None,
        schedule=await store.get_schedule(session, user_id=pid),
        prescription=await prescriptions.of(session, patient_id=pid),
        sessions=list(await therapy.recent_sessions(session, user_id=pid, limit=60)),
        selftests=tests.get(pid, []),
        checkins=list(
            (
                await session.scalars(
                    select(Checkin)
                    .where(col(Checkin.user_id) == pid)
                    .order_by(col(Checkin.created_at).desc())
                    .limit(30)
                )
            ).all()
        ),
        escalations=list(await therapy.escalations_of(session, user_id=pid, limit=30)),
        messages=await _thread(session, viewer=viewer, patient=patient, limit=50),
        notes=[(n, authors.get(n.author_id, str(n.author_id))) for n in notes],
        open_pauses=list(await safety.open_pauses(session, user_id=pid)),
    )


async def _thread(
    session: AsyncSession, *, viewer: Viewer, patient: User, limit: int
) -> list[TherapistMessage]:
    """The latest `limit` messages with this patient that this viewer may read, oldest
    first: only those of a therapist whose patients they see now (a therapist: the patient's
    current therapist, themselves; a clinic admin: their clinic's therapists; a bot admin:
    all). A patient who unlinked and joined someone else keeps their old thread away from
    the new therapist, as the old therapist's notes are."""
    query = select(TherapistMessage).where(col(TherapistMessage.patient_id) == patient.id)
    therapists = visible_therapist_ids(viewer)
    if therapists is not None:
        # The patient's current therapist is always among them (`can_view` let them in).
        query = query.where(col(TherapistMessage.therapist_id).in_(therapists.scalar_subquery()))
    rows = await session.scalars(
        query.order_by(
            col(TherapistMessage.created_at).desc(), col(TherapistMessage.id).desc()
        ).limit(max(1, limit))
    )
    return list(reversed(rows.all()))


async def _completed_tests(
    session: AsyncSession, patient_ids: Sequence[int]
) -> dict[int, list[TestRow]]:
    """Completed self-tests with their scores, oldest first, for many patients at once (two
    statements per chunk)."""
    out: dict[int, list[TestRow]] = {}
    for chunk in _chunks(list(patient_ids)):
        tests = await _completed_in(session, chunk)
        ids = [t.id for t in tests if t.id is not None]
        answers: dict[int, dict[tuple[Foot, int], ToeAnswer]] = {}
        for part in _chunks(ids):
            rows = await session.scalars(
                select(SelfTestAnswer).where(col(SelfTestAnswer.test_id).in_(part))
            )
            for a in rows.all():
                answers.setdefault(a.test_id, {})[(a.foot, a.toe)] = ToeAnswer(a.answer)  # type: ignore[index]
        for test in tests:
            score = selftest.score(answers.get(test.id or 0, {}))
            out.setdefault(test.user_id, []).append(
                TestRow(
                    at=test.completed_at or test.started_at,
                    left=score.left,
                    right=score.right,
                    total=score.total,
                )
            )
    return out


async def selftest_history(session: AsyncSession, *, patient_id: int) -> list[TestRow]:
    """The patient's completed self-tests with their scores, oldest first."""
    return (await _completed_tests(session, [patient_id])).get(patient_id, [])


async def schedule_times(session: AsyncSession, *, patient_id: int) -> str | None:
    """The patient's stored reminder times ("08:00,18:30"), None without a schedule."""
    schedule = await store.get_schedule(session, user_id=patient_id)
    return schedule.times if schedule is not None else None


async def is_paused(session: AsyncSession, *, patient_id: int) -> bool | None:
    """Whether the patient's prompts are paused (None without a schedule)."""
    schedule = await store.get_schedule(session, user_id=patient_id)
    return schedule.paused if schedule is not None else None


# --- actions ---------------------------------------------------------------------------------


async def set_programme(
    session: AsyncSession, *, viewer: Viewer, patient: User, programme_id: str, now: dt.datetime
) -> bool:
    """The chat's programme change (audited); False when it is already this programme."""
    if patient.programme_id == programme_id:
        return False
    await therapy.set_programme(
        session, patient=patient, programme_id=programme_id, by=viewer.user_id, now=now
    )
    return True


async def set_times(
    session: AsyncSession,
    *,
    viewer: Viewer,
    patient: User,
    times: Sequence[dt.time],
    now: dt.datetime,
) -> Schedule | None:
    """The patient's daily reminder times become exactly `times` (1 to 3; weekdays and a
    pause kept), audited. Without a zone yet the first time is kept for later, as in the
    chat (`therapy.set_patient_time`); None then."""
    if not 1 <= len(times) <= schedules.MAX_TIMES:
        raise ValueError("times")
    if patient.timezone is None:
        return await therapy.set_patient_time(
            session, patient=patient, at=times[0], by=viewer.user_id, now=now
        )
    await audit.record(
        session,
        actor_id=viewer.user_id,
        action=AuditAction.TIME_SET,
        now=now,
        target_user_id=patient.id,
        detail=scheduling.format_times(times),
    )
    # The chat's one typed time moves the nearest; the dashboard sends the whole list.
    return await schedules.move_times(session, user=patient, times=list(times), now=now, only=True)


async def set_paused(
    session: AsyncSession, *, viewer: Viewer, patient: User, paused: bool, now: dt.datetime
) -> bool | None:
    """Pause or resume the patient's prompts (the chat's toggle, only when it changes
    something): the new state, or None without a schedule."""
    schedule = await store.get_schedule(session, user_id=patient.id)
    if schedule is None:
        return None
    if schedule.paused == paused:
        return paused
    return await therapy.toggle_pause(session, patient=patient, by=viewer.user_id, now=now)


async def clear_pause(
    session: AsyncSession,
    *,
    viewer: Viewer,
    patient: User,
    escalation_id: int,
    now: dt.datetime,
) -> bool | None:
    """Clear this patient's safety pause (the chat's clear, audited): None when the
    escalation is not this patient's open pause, else whether it was cleared."""
    pauses = await safety.open_pauses(session, user_id=patient.id)
    if not any(p.id == escalation_id for p in pauses):
        return None
    return await safety.clear(session, escalation_id=escalation_id, by=viewer.user_id, now=now)


async def add_note(
    session: AsyncSession, *, viewer: Viewer, patient: User, text: str, now: dt.datetime
) -> PatientNote:
    """A private note on the patient (never shown to them); audited without its words."""
    if not text.strip() or len(text) > MAX_NOTE:
        raise ValueError("text")
    note = PatientNote(
        patient_id=patient.id, author_id=viewer.user_id, text=text.strip(), created_at=now
    )
    session.add(note)
    await session.flush()
    await audit.record(
        session,
        actor_id=viewer.user_id,
        action=AuditAction.NOTE_ADDED,
        now=now,
        target_user_id=patient.id,
    )
    return note


async def message_patient(
    session: AsyncSession, *, viewer: Viewer, patient: User, text: str, now: dt.datetime
) -> TherapistMessage:
    """Store the viewer's message to the patient (sent by the caller after the commit, then
    marked delivered); audited without its words, as the chat's message is."""
    if not text.strip() or len(text) > MAX_MESSAGE:
        raise ValueError("text")
    message = await messages.write(
        session, therapist_id=viewer.user_id, patient_id=patient.id, text=text.strip(), now=now
    )
    return message


# --- export and report -----------------------------------------------------------------------


async def exercise_data_days(
    session: AsyncSession, patients: Sequence[User]
) -> dict[int, set[dt.date]]:
    """Each patient's local days with exercise data: a completed drill session (its local
    day) or a completed self-test (its date in the patient's zone). Two statements per
    chunk of patients."""
    days: dict[int, set[dt.date]] = {p.id: set() for p in patients}
    zones = {p.id: ZoneInfo(p.timezone or "UTC") for p in patients}
    for chunk in _chunks([p.id for p in patients]):
        drills = await session.execute(
            select(col(DrillSession.user_id), col(DrillSession.local_day))
            .where(col(DrillSession.user_id).in_(chunk), completed_drill())
            .distinct()
        )
        for uid, day in drills.all():
            days[int(uid)].add(day)
        tests = await session.execute(
            select(col(SelfTest.user_id), col(SelfTest.completed_at)).where(
                col(SelfTest.user_id).in_(chunk),
                col(SelfTest.status) == SelfTestStatus.COMPLETED.value,
                col(SelfTest.completed_at).is_not(None),
            )
        )
        for uid, at in tests.all():
            if at is not None:
                days[int(uid)].add(at.astimezone(zones[int(uid)]).date())
    return days


@dataclass(frozen=True)
class PatientReport:
    """One patient's remote-monitoring periods up to the report's end date."""

    patient: User
    periods: list[rtm.Period]


async def report(
    session: AsyncSession, *, viewer: Viewer, patients: Sequence[User], period_end: dt.date,
    now: dt.datetime,
) -> list[PatientReport]:  # fmt: skip
    """Per patient, the consecutive 30-day periods from their first exercise day (else the
    day they were linked) to `period_end`, each with its days of exercise data; audited as
    an export."""
    days = await exercise_data_days(session, patients)
    out = []
    for p in patients:
        zone = ZoneInfo(p.timezone or "UTC")
        linked = p.linked_at.astimezone(zone).date() if p.linked_at else None
        start = rtm.first_day(days[p.id], linked_on=linked)
        out.append(PatientReport(p, rtm.periods(days[p.id], start=start, period_end=period_end)))
    await audit.record(
        session,
        actor_id=viewer.user_id,
        action=AuditAction.EXPORTED,
        now=now,
        detail=f"report {len(patients)} patients",
    )
    return out


@dataclass(frozen=True)
class ExportData:
    """What the CSV export writes, for many patients at once."""

    patients: list[User]
    sessions: dict[int, list[DrillSession]]
    tests: dict[int, list[tuple[SelfTest, list[SelfTestAnswer]]]]
    escalations: dict[int, list[Escalation]]


async def export_data(
    session: AsyncSession, *, viewer: Viewer, patients: Sequence[User], now: dt.datetime
) -> ExportData:
    """Drill sessions, self-test answers and escalations of these patients, oldest first
    (a few statements per chunk); audited as the chat's /export is."""
    sessions: dict[int, list[DrillSession]] = {}
    tests: dict[int, list[tuple[SelfTest, list[SelfTestAnswer]]]] = {}
    escalations: dict[int, list[Escalation]] = {}
    for chunk in _chunks([p.id for p in patients]):
        for drill in await session.scalars(
            select(DrillSession)
            .where(col(DrillSession.user_id).in_(chunk))
            .order_by(col(DrillSession.started_at), col(DrillSession.id))
        ):
            sessions.setdefault(drill.user_id, []).append(drill)
        done = await _completed_in(session, chunk)
        answers: dict[int, list[SelfTestAnswer]] = {}
        for part in _chunks([t.id for t in done if t.id is not None]):
            for a in await session.scalars(
                select(SelfTestAnswer)
                .where(col(SelfTestAnswer.test_id).in_(part))
                .order_by(col(SelfTestAnswer.foot), col(SelfTestAnswer.toe))
            ):
                answers.setdefault(a.test_id, []).append(a)
        for test in done:
            tests.setdefault(test.user_id, []).append((test, answers.get(test.id or 0, [])))
        for e in await session.scalars(
            select(Escalation)
            .where(col(Escalation.user_id).in_(chunk))
            .order_by(col(Escalation.created_at), col(Escalation.id))
        ):
            escalations.setdefault(e.user_id, []).append(e)
    await audit.record(
        session,
        actor_id=viewer.user_id,
        action=AuditAction.EXPORTED,
        now=now,
        detail=f"{len(patients)} patients",
    )
    return ExportData(list(patients), sessions, tests, escalations)


# The export's columns: the chat's /export columns (`bot.services.export`), the times in the
# viewer's zone (named in the header), and escalations as a third kind of record.
EXPORT_COLUMNS = HEADER
# Excel reads a CSV as UTF-8 only with a byte-order mark; without it names break.
BOM = "\ufeff"


def _local(at: dt.datetime | None, zone: ZoneInfo) -> str:
    return at.astimezone(zone).isoformat(timespec="minutes") if at is not None else ""


def export_csv(data: ExportData, *, zone: str | None, flag_words: Callable[[str], str]) -> bytes:
    """The CSV of `data` (UTF-8 with a BOM): every time in the viewer's `zone` (UTC if None),
    the zone named in the time columns' headers; every cell through `safe_cell`.
    `flag_words` turns an escalation's internal flags into plain words."""
    tz = ZoneInfo(zone or "UTC")
    label = zone or "UTC"
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)

    def row(cells: Sequence[object]) -> None:
        writer.writerow([safe_cell(c) for c in cells])

    timed = {"started_at", "ended_at"}
    row([f"{c} ({label})" if c in timed else c for c in EXPORT_COLUMNS])
    for p in data.patients:
        name = p.display_name or ""
        for s in data.sessions.get(p.id, []):
            row(
                ["session", p.id, name, s.id, s.local_day.isoformat(), _local(s.started_at, tz),
                 _local(s.ended_at, tz), s.status,
                 f"{programme_label(s.programme_id)}: {s.exercises}", "", "", ""]
            )  # fmt: skip
        for test, answers in data.tests.get(p.id, []):
            done = test.completed_at or test.started_at
            for a in answers:
                row(
                    ["selftest", p.id, name, test.id, done.astimezone(tz).date().isoformat(),
                     _local(test.started_at, tz), _local(done, tz), test.status, "", a.foot,
                     a.toe, a.answer]
                )  # fmt: skip
        for e in data.escalations.get(p.id, []):
            ended = e.cleared_at or e.confirmed_at
            state = "cleared" if e.cleared_at else "confirmed" if e.confirmed_at else "open"
            row(
                ["escalation", p.id, name, e.id, e.created_at.astimezone(tz).date().isoformat(),
                 _local(e.created_at, tz), _local(ended, tz), state,
                 f"{e.level}: {flag_words(e.flags)}" if e.flags else e.level, "", "", ""]
            )  # fmt: skip
    return out.getvalue().encode("utf-8")


def report_csv(reports: Sequence[PatientReport]) -> bytes:
    """The remote-monitoring report as CSV (UTF-8 with a BOM): one row per patient and period."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(
        ["patient_id", "patient", "period_start", "period_end", "days_with_data", "complete"]
    )
    for r in reports:
        for period in r.periods:
            writer.writerow(
                [safe_cell(c) for c in (
                    r.patient.id, r.patient.display_name or "", period.start.isoformat(),
                    period.end.isoformat(), period.days_with_data,
                    "yes" if period.complete else "no",
                )]
            )  # fmt: skip
    return out.getvalue().encode("utf-8")
