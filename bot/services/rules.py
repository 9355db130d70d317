"""Rules over every patient: the "no improvement after 6-8 weeks" advice and the weekly
self-test prompt.

The decision is the pure `selftest.no_improvement`; this module gathers each candidate's
history and records the escalation. A cheap GROUP BY first keeps the per-patient queries to
those who could possibly qualify (enough exercise days in the window).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.db.models import (
    Consent,
    DrillSession,
    Escalation,
    OnboardingStep,
    Role,
    Schedule,
    User,
)
from bot.domain import scheduling, selftest
from bot.domain.selftest import NoImprovementRule
from bot.services import selftests
from bot.services.progress import completed_drill, exercise_days

SELFTEST_EVERY = dt.timedelta(days=7)


async def candidates(
    session: AsyncSession, *, rule: NoImprovementRule, now: dt.datetime
) -> Sequence[int]:
    """Patients with at least the minimum number of exercise days in the rule's window."""
    # One day of slack on each side: local dates differ from UTC by up to a day.
    since = now.date() - dt.timedelta(days=7 * rule.weeks + 1)
    minimum = rule.weeks * rule.min_days_per_week
    rows = await session.execute(
        select(col(DrillSession.user_id))
        .where(
            completed_drill(),
            col(DrillSession.local_day) >= since,
        )
        .group_by(col(DrillSession.user_id))
        .having(func.count(func.distinct(col(DrillSession.local_day))) >= minimum)
    )
    return [int(r[0]) for r in rows.all()]


async def last_advised(session: AsyncSession, *, user: User, zone: ZoneInfo) -> dt.date | None:
    """The local date of the last no-improvement advice, if any."""
    when = await session.scalar(
        select(func.max(col(Escalation.created_at))).where(
            col(Escalation.user_id) == user.id, col(Escalation.source) == "no_improvement"
        )
    )
    if when is None:
        return None
    if when.tzinfo is None:  # SQLite's max() returns the stored naive UTC text
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(zone).date()


async def no_improvement_due(
    session: AsyncSession, *, rule: NoImprovementRule, now: dt.datetime
) -> list[User]:
    """Patients for whom the no-improvement advice fires now."""
    due: list[User] = []
    for user_id in await candidates(session, rule=rule, now=now):
        user = await session.get(User, user_id)
        if user is None or user.consent != Consent.GIVEN.value or not user.active:
            continue
        zone = ZoneInfo(user.timezone or "UTC")
        today = now.astimezone(zone).date()
        days = await exercise_days(
            session, user_id=user.id, since=today - dt.timedelta(weeks=rule.weeks)
        )
        tests = selftests.points(await selftests.completed_tests(session, user_id=user.id))
        verdict = selftest.no_improvement(
            rule=rule,
            exercise_days=days,
            tests=tests,
            today=today,
            zone=zone,
            last_advised=await last_advised(session, user=user, zone=zone),
        )
        if verdict.fire:
            due.append(user)
    return due


async def selftest_prompts_due(session: AsyncSession, *, now: dt.datetime) -> list[User]:
    """Patients to prompt for their weekly self-test now: it is due (none in 7 days), they
    were not prompted this week, reminders are on, and it is the hour of their first daily
    reminder, so the prompt comes with their usual exercise time, not at night."""
    rows = await session.execute(
        select(User, Schedule)
        .join(Schedule, col(Schedule.user_id) == col(User.id))
        .where(
            col(User.consent) == Consent.GIVEN.value,
            col(User.onboarding_step) == OnboardingStep.DONE.value,
            col(User.active).is_(True),
            col(User.role) == Role.PATIENT.value,
            col(Schedule.stopped).is_(False),
            col(Schedule.paused).is_(False),
            or_(
                col(User.selftest_prompted_at).is_(None),
                col(User.selftest_prompted_at) <= now - SELFTEST_EVERY + dt.timedelta(hours=1),
            ),
        )
    )
    due: list[User] = []
    for user, schedule in rows.all():
        times = scheduling.parse_times(schedule.times)
        local = now.astimezone(ZoneInfo(user.timezone or "UTC"))
        if not times or local.hour != times[0].hour:
            continue
        last = await selftests.last_completed_at(session, user_id=user.id)
        if selftest.selftest_due(last, now, every=SELFTEST_EVERY):
            due.append(user)
    return due


async def mark_selftest_prompted(session: AsyncSession, *, user_id: int, now: dt.datetime) -> None:
    """The weekly self-test prompt went out."""
    user = await session.get(User, user_id)
    if user is not None:
        user.selftest_prompted_at = now
