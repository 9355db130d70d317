"""Progress data for a patient: self-test scores over time and weekly adherence.

Shared by /progress and the therapist's patient view, so both show the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import DrillSession, DrillStatus, User
from bot.domain import selftest
from bot.domain.selftest import HeadlineKind, Trend
from bot.services import selftests

# The chart's weeks: since enrolment, half a year at most (bars stay about 30 px wide).
CHART_WEEKS = 26


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
    adherence: list[tuple[dt.date, int]]  # (Monday of each week, days exercised)
    trend: Trend
    # Each test's local date and answers as plain strings, for the three-state view.
    tests: list[tuple[dt.date, dict[tuple[str, int], str]]] = field(default_factory=list)
    enrolled: dt.date | None = None  # the local day the patient joined
    headline: HeadlineKind = "first"
    last_test: dt.date | None = None
    days_since_test: int = 0


def monday_weeks(
    days: Collection[dt.date], today: dt.date, *, since: dt.date, weeks: int = CHART_WEEKS
) -> list[tuple[dt.date, int]]:
    """Days with a completed drill per calendar week (Monday first), from the week of `since`
    (enrolment) or `weeks` weeks back, whichever is later, to this week."""
    this_monday = today - dt.timedelta(days=today.weekday())
    first = max(
        this_monday - dt.timedelta(weeks=weeks - 1), since - dt.timedelta(days=since.weekday())
    )
    out = []
    monday = min(first, this_monday)
    while monday <= this_monday:
        end = monday + dt.timedelta(days=6)
        out.append((monday, sum(1 for d in days if monday <= d <= end)))
        monday += dt.timedelta(days=7)
    return out


def completed_drill() -> ColumnElement[bool]:
    """SQL for "this drill is a session done": FINISHED, the status a drill gets only when
    `walkthrough.completed` held as it ended (an all-skipped one is SKIPPED). Every count of
    exercise days (streak, adherence, the therapist's overview, digests, the no-improvement
    rule) filters with this."""
    return col(DrillSession.status) == DrillStatus.FINISHED.value


async def exercise_days(
    session: AsyncSession, *, user_id: int, since: dt.date | None = None
) -> set[dt.date]:
    """Local dates on which the user completed a drill, from `since` on (or ever)."""
    query = select(col(DrillSession.local_day)).where(
        col(DrillSession.user_id) == user_id, completed_drill()
    )
    if since is not None:
        query = query.where(col(DrillSession.local_day) >= since)
    rows = await session.scalars(query)
    return set(rows.all())


async def collect(session: AsyncSession, *, user: User, now: dt.datetime) -> ProgressData:
    """Scores and answers per test, the weeks since enrolment (26 at most) of adherence,
    and which headline fits for `user`."""
    zone = ZoneInfo(user.timezone or "UTC")
    today = now.astimezone(zone).date()
    history = await selftests.completed_tests(session, user_id=user.id)
    pts = selftests.points(history)
    days = await exercise_days(
        session, user_id=user.id, since=today - dt.timedelta(days=7 * CHART_WEEKS)
    )
    enrolled = min(user.created_at.astimezone(zone).date(), today)
    trend = selftest.trend(pts)
    last = pts[-1].taken_at if pts else None
    return ProgressData(
        points=[
            DayPoint(p.taken_at.astimezone(zone).date(), p.score.left, p.score.right) for p in pts
        ],
        adherence=monday_weeks(days, today, since=enrolled),
        trend=trend,
        tests=[
            (p.taken_at.astimezone(zone).date(), selftest.plain(answers))
            for p, (_, answers) in zip(pts, history, strict=True)
        ],
        enrolled=enrolled,
        headline=selftest.headline(trend, last, now),
        last_test=last.astimezone(zone).date() if last else None,
        days_since_test=(today - last.astimezone(zone).date()).days if last else 0,
    )
