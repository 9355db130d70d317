"""Progress data for a patient: self-test scores over time and weekly adherence.

Shared by /progress and the therapist's patient view, so both show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import DrillSession, DrillStatus, User
from bot.domain import selftest
from bot.domain.selftest import Trend
from bot.services import selftests

ADHERENCE_WEEKS = 8


@dataclass(frozen=True)
class DayPoint:
    """One completed self-test: its local date and the score per foot."""

    day: dt.date
    left: int
    right: int


@dataclass(frozen=True)
class ProgressData:
    """What the progress chart and its caption need."""

    points: list[DayPoint]
    adherence: list[tuple[dt.date, int]]  # (first day of each 7-day block, days exercised)
    trend: Trend


def weekly_adherence(
    days: Collection[dt.date], today: dt.date, weeks: int = ADHERENCE_WEEKS
) -> list[tuple[dt.date, int]]:
    """Days with a completed drill in each of the last `weeks` 7-day blocks ending today."""
    out = []
    for i in range(weeks - 1, -1, -1):
        end = today - dt.timedelta(days=7 * i)
        start = end - dt.timedelta(days=6)
        out.append((start, sum(1 for d in days if start <= d <= end)))
    return out


async def exercise_days(session: AsyncSession, *, user_id: int, since: dt.date) -> set[dt.date]:
    """Local dates on which the user completed a drill, from `since` on."""
    rows = await session.scalars(
        select(col(DrillSession.local_day)).where(
            col(DrillSession.user_id) == user_id,
            col(DrillSession.status) == DrillStatus.FINISHED.value,
            col(DrillSession.local_day) >= since,
        )
    )
    return set(rows.all())


async def collect(session: AsyncSession, *, user: User, now: dt.datetime) -> ProgressData:
    """Scores per test and the last eight weeks of adherence for `user`."""
    zone = ZoneInfo(user.timezone or "UTC")
    today = now.astimezone(zone).date()
    history = await selftests.completed_tests(session, user_id=user.id)
    pts = selftests.points(history)
    days = await exercise_days(
        session, user_id=user.id, since=today - dt.timedelta(days=7 * ADHERENCE_WEEKS)
    )
    return ProgressData(
        points=[
            DayPoint(p.taken_at.astimezone(zone).date(), p.score.left, p.score.right) for p in pts
        ],
        adherence=weekly_adherence(days, today),
        trend=selftest.trend(pts),
    )
