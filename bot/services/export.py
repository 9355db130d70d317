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

from bot.db.models import (
    DrillSession,
    SelfTest,
    SelfTestAnswer,
    SelfTestStatus,
    User,
)
from bot.domain.privacy import AuditAction, safe_cell
from bot.services import audit


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
