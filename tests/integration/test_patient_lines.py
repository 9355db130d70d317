"""`therapy.patient_lines` is set-based: it gives what the per-patient loop it replaced gave
(kept here as the reference, over every edge case of the jobs' population), with the new
fields (paused, last session, therapist), and its number of SQL statements is the same for 5
patients as for 500."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col

from bot.db.models import DrillSession, Escalation, Schedule, User
from bot.domain import selftest
from bot.services import selftests, therapy
from bot.services.progress import completed_drill, exercise_days
from tests.conftest import T0
from tests.integration.test_jobs_setbased import _drill, _test, _user, counting, populate

THERAPISTS = (900_001, 900_002, 900_003, 900_004)


async def reference_lines(
    session: AsyncSession, *, therapist_id: int, now: dt.datetime
) -> list[therapy.PatientLine]:
    """The per-patient loop patient_lines was before, plus the new fields read one by one."""
    patients = (
        await session.scalars(select(User).where(col(User.therapist_id) == therapist_id))
    ).all()
    lines = []
    for patient in patients:
        today = now.astimezone(ZoneInfo(patient.timezone or "UTC")).date()
        days = await exercise_days(session, user_id=patient.id, since=today - dt.timedelta(days=27))
        pts = selftests.points(await selftests.completed_tests(session, user_id=patient.id))
        last_day, last_at = (
            await session.execute(
                select(
                    func.max(col(DrillSession.local_day)), func.max(col(DrillSession.ended_at))
                ).where(col(DrillSession.user_id) == patient.id, completed_drill())
            )
        ).one()
        schedule = await session.get(Schedule, patient.id)
        lines.append(
            therapy.PatientLine(
                user_id=patient.id,
                name=patient.display_name or str(patient.id),
                adherence_7=sum(1 for d in days if d > today - dt.timedelta(days=7)),
                adherence_28=len(days),
                last_drill=last_day,
                score=pts[-1].score if pts else None,
                trend=selftest.trend(pts),
                open_alerts=await _awaiting(session, patient.id),
                paused=schedule is not None and schedule.paused,
                last_session_at=last_at,
                therapist_id=patient.therapist_id,
            )
        )
    lines.sort(key=lambda line: (-line.open_alerts, line.name.lower(), line.user_id))
    return lines


async def _awaiting(session: AsyncSession, uid: int) -> int:
    """The alerts inbox's "not taken on yet", counted in Python over the patient's rows."""
    rows = (await session.scalars(select(Escalation).where(col(Escalation.user_id) == uid))).all()
    return sum(
        1
        for e in rows
        if e.level in ("urgent", "emergency") and e.acknowledged_at is None and not e.cleared_at
    )


async def _alerts(session: AsyncSession, ids: list[int]) -> None:
    """Alerts open, acknowledged and cleared, and a pause that is no alert (a drill stopped
    for pain), so the alert counts mean something."""
    for n, uid in enumerate(ids):
        if n % 4:
            continue
        for k in range(1 + n % 3):
            session.add(
                Escalation(
                    user_id=uid,
                    chat_id=uid,
                    source="free_text",
                    level=("urgent", "emergency", "stop")[k],
                    flags="numbness",
                    advice="today",
                    created_at=T0 - dt.timedelta(hours=k + 1),
                    pauses_prompts=True,
                    confirmed_at=T0 if k == 1 else None,
                    acknowledged_at=T0 if k == 1 and n % 8 == 0 else None,
                    cleared_at=T0 if k == 2 and n % 8 else None,
                )
            )
    await session.commit()


async def test_lines_are_what_the_per_patient_loop_gave(session: AsyncSession) -> None:
    ids = await populate(session, 51)
    await _alerts(session, ids)
    for now in (T0 + dt.timedelta(hours=15), T0 - dt.timedelta(hours=10)):
        for therapist_id in THERAPISTS:
            expected = await reference_lines(session, therapist_id=therapist_id, now=now)
            got = await therapy.patient_lines(session, therapist_id=therapist_id, now=now)
            assert got == expected, (now, therapist_id)
    now, seen = T0, 0
    for therapist_id in THERAPISTS:
        expected = await reference_lines(session, therapist_id=therapist_id, now=now)
        assert await therapy.patient_lines(session, therapist_id=therapist_id, now=now) == expected
        seen += len(expected)
        # Given the patients themselves (as the dashboard does), the same lines.
        patients = (
            await session.scalars(select(User).where(col(User.therapist_id) == therapist_id))
        ).all()
        assert await therapy.patient_lines(session, patients=patients, now=now) == expected
    assert seen > 40
    every = [
        line
        for t in THERAPISTS
        for line in await therapy.patient_lines(session, therapist_id=t, now=now)
    ]
    # The population covers every value of the fields, so the comparison means something.
    assert {line.trend.kind for line in every} >= {"first", "improving", "steady"}
    assert any(line.paused for line in every) and not all(line.paused for line in every)
    assert {line.open_alerts for line in every} >= {0, 1, 2}
    assert all(line.last_session_at is not None for line in every if line.last_drill)


async def test_a_patient_with_nothing_yet(session: AsyncSession) -> None:
    await populate(session, 0)
    session.add(_user(1, T0, therapist_id=900_001, display_name=None, timezone=None))
    await session.commit()
    (line,) = await therapy.patient_lines(session, therapist_id=900_001, now=T0)
    assert line == therapy.PatientLine(
        user_id=1,
        name="1",
        adherence_7=0,
        adherence_28=0,
        last_drill=None,
        score=None,
        trend=selftest.Trend(kind="first", delta_total=0),
        open_alerts=0,
        paused=False,
        last_session_at=None,
        therapist_id=900_001,
    )
    assert await therapy.patient_lines(session, patients=[], now=T0) == []
    with pytest.raises(ValueError):
        await therapy.patient_lines(session, now=T0)


async def _seed(session: AsyncSession, first: int, n: int) -> None:
    """`n` patients of therapist 900_001, each with drills, two tests and an open alert."""
    for uid in range(first, first + n):
        session.add(_user(uid, T0, therapist_id=900_001))
    await session.flush()
    for uid in range(first, first + n):
        for back in range(0, 30, 2):
            session.add(_drill(uid, T0.date() - dt.timedelta(days=back), T0))
        await _test(session, uid, T0 - dt.timedelta(weeks=3), alone=3)
        await _test(session, uid, T0 - dt.timedelta(days=1), alone=5 + uid % 3)
        session.add(
            Escalation(
                user_id=uid,
                chat_id=uid,
                source="free_text",
                level="urgent",
                flags="numbness",
                advice="today",
                created_at=T0,
                pauses_prompts=True,
            )
        )
        session.add(
            Schedule(user_id=uid, times="09:00", paused=uid % 2 == 0, created_at=T0, updated_at=T0)
        )
    await session.commit()


async def test_statements_are_as_many_for_500_patients_as_for_5(
    session: AsyncSession, engine: AsyncEngine
) -> None:
    await populate(session, 0)
    await _seed(session, 1, 5)
    with counting(engine) as small:
        five = await therapy.patient_lines(session, therapist_id=900_001, now=T0)
    await _seed(session, 100, 495)
    with counting(engine) as large:
        many = await therapy.patient_lines(session, therapist_id=900_001, now=T0)
    assert len(five) == 5 and len(many) == 500
    assert small[0] == large[0] <= 7, (small, large)
    assert all(line.open_alerts == 1 and line.adherence_28 == 14 for line in many)
    assert {line.trend.kind for line in many} == {"improving"}
