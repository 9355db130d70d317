"""A therapist's CSV export of their own patients' drill sessions and self-test answers
(every cell through `safe_cell`, so none is read as a formula by a spreadsheet)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import DrillSession, SelfTest, SelfTestAnswer, SelfTestStatus, User
from bot.domain.privacy import AuditAction, safe_cell
from bot.services import audit

# The columns of both record kinds: a session fills the first nine, a self-test answer all but
# `detail`.
_HEADER = (
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
)

_Row = list[object]


async def export_csv(session: AsyncSession, *, therapist_id: int, now: dt.datetime) -> bytes:
    """A CSV of the therapist's own patients' drill sessions and self-test answers."""
    out = io.StringIO()
    writer = csv.writer(out)

    def row(cells: Sequence[object]) -> None:
        # The one place the export writes cells: none may be read as a formula.
        writer.writerow([safe_cell(c) for c in cells])

    row(_HEADER)
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
        for cells in await _session_rows(session, patient):
            row(cells)
        for cells in await _selftest_rows(session, patient):
            row(cells)
    return out.getvalue().encode("utf-8")


async def _session_rows(session: AsyncSession, patient: User) -> list[_Row]:
    """One row per drill session of `patient`, oldest first."""
    drills = (
        await session.scalars(
            select(DrillSession)
            .where(col(DrillSession.user_id) == patient.id)
            .order_by(col(DrillSession.started_at))
        )
    ).all()
    return [_session_row(patient, drill) for drill in drills]


def _session_row(patient: User, drill: DrillSession) -> _Row:
    return [
        "session",
        patient.id,
        patient.display_name or "",
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


async def _selftest_rows(session: AsyncSession, patient: User) -> list[_Row]:
    """One row per toe answered in each completed self-test of `patient`, in the order the
    tests were completed, then by foot and toe."""
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
    rows: list[_Row] = []
    for test in tests:
        answers = (
            await session.scalars(
                select(SelfTestAnswer)
                .where(col(SelfTestAnswer.test_id) == test.id)
                .order_by(col(SelfTestAnswer.foot), col(SelfTestAnswer.toe))
            )
        ).all()
        rows += [_answer_row(patient, test, answer) for answer in answers]
    return rows


def _answer_row(patient: User, test: SelfTest, answer: SelfTestAnswer) -> _Row:
    done = test.completed_at or test.started_at
    return [
        "selftest",
        patient.id,
        patient.display_name or "",
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
