"""A therapist's CSV export of their own patients' drill sessions and self-test answers
(every cell through `safe_cell`, so none is read as a formula by a spreadsheet). Times are on
the therapist's clock (their zone; none: UTC), ISO-8601 with the offset, the zone named in
the time columns' headers; dates are the patient's local days."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import DrillSession, SelfTest, SelfTestAnswer, SelfTestStatus, User
from bot.domain import prescription, timefmt
from bot.domain.privacy import AuditAction, safe_cell
from bot.services import audit

# The columns of both record kinds: a session fills the first nine, a self-test answer all but
# `detail`.
HEADER = (
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


_TIMED = frozenset({"started_at", "ended_at"})

# What a prescribed drill's programme reads as: its stored id is the doses' internal code
# (`prescription.encode`, "prescribed:L238,..."), which no person should have to decode.
PRESCRIBED = "prescription"


def programme_label(programme_id: str) -> str:
    """A drill session's programme as people read it in an export: the named programme's
    id ("default", "gentle"), or "prescription" for one that followed a prescription."""
    if programme_id.startswith(prescription.PROGRAMME_PREFIX):
        return PRESCRIBED
    return programme_id


async def export_csv(
    session: AsyncSession, *, therapist_id: int, now: dt.datetime, zone: str | None = None
) -> bytes:
    """A CSV of the therapist's own patients' drill sessions and self-test answers, times
    in `zone` (the therapist's; None: UTC)."""
    out = io.StringIO()
    writer = csv.writer(out)

    def row(cells: Sequence[object]) -> None:
        # The one place the export writes cells: none may be read as a formula.
        writer.writerow([safe_cell(c) for c in cells])

    label = timefmt.zone_name(zone)
    row([f"{c} ({label})" if c in _TIMED else c for c in HEADER])
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
        for cells in await _session_rows(session, patient, zone):
            row(cells)
        for cells in await _selftest_rows(session, patient, zone):
            row(cells)
    return out.getvalue().encode("utf-8")


def _at(value: dt.datetime | None, zone: str | None) -> str:
    return timefmt.local_iso(value, zone) if value is not None else ""


async def _session_rows(session: AsyncSession, patient: User, zone: str | None) -> list[_Row]:
    """One row per drill session of `patient`, oldest first."""
    drills = (
        await session.scalars(
            select(DrillSession)
            .where(col(DrillSession.user_id) == patient.id)
            .order_by(col(DrillSession.started_at))
        )
    ).all()
    return [_session_row(patient, drill, zone) for drill in drills]


def _session_row(patient: User, drill: DrillSession, zone: str | None) -> _Row:
    return [
        "session",
        patient.id,
        patient.display_name or "",
        drill.id,
        drill.local_day.isoformat(),
        _at(drill.started_at, zone),
        _at(drill.ended_at, zone),
        drill.status,
        f"{programme_label(drill.programme_id)}: {drill.exercises}",
        "",
        "",
        "",
    ]


async def _selftest_rows(session: AsyncSession, patient: User, zone: str | None) -> list[_Row]:
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
        rows += [_answer_row(patient, test, answer, zone) for answer in answers]
    return rows


def _answer_row(patient: User, test: SelfTest, answer: SelfTestAnswer, zone: str | None) -> _Row:
    done = test.completed_at or test.started_at
    # The patient's local day, as a session's `date` is.
    day = done.astimezone(timefmt.zone_of(patient.timezone)).date()
    return [
        "selftest",
        patient.id,
        patient.display_name or "",
        test.id,
        day.isoformat(),
        _at(test.started_at, zone),
        _at(done, zone),
        test.status,
        "",
        answer.foot,
        answer.toe,
        answer.answer,
    ]
