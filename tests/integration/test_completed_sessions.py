"""Only completed sessions count (walkthrough.completed, stored as FINISHED): drills whose
every exercise was skipped ('skipped') are not exercise days for adherence, the streak's
days or the no-improvement rule's "consistent exercise"."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.db.models import DrillSession
from bot.services import progress, rules
from tests.integration.test_rules import RULE, _patient, _six_days_a_week, _test


async def _drills_with(
    session: AsyncSession, uid: int, days: list[dt.date], status: str, now: dt.datetime
) -> None:
    for day in days:
        session.add(
            DrillSession(
                user_id=uid,
                programme_id="default",
                local_day=day,
                exercises="towel-scrunches",
                status=status,
                chat_id=uid,
                started_at=now,
                ended_at=now,
            )
        )


async def test_all_skipped_drills_are_not_exercise_days_nor_consistent_exercise(
    session: AsyncSession, clock: FakeClock
) -> None:
    now = clock()
    today = now.date()
    days = _six_days_a_week(today, 7)
    for uid, status in ((1, "skipped"), (2, "finished")):
        await _patient(session, uid, now)
        await _drills_with(session, uid, days, status, now)
        await _test(session, uid, now - dt.timedelta(weeks=7), alone=3)
        await _test(session, uid, now - dt.timedelta(days=3), alone=3)
    await session.commit()
    assert await progress.exercise_days(session, user_id=1) == set()
    assert await progress.exercise_days(session, user_id=2) == set(days)
    assert list(await rules.candidates(session, rule=RULE, now=now)) == [2]
    due = await rules.no_improvement_due(session, rule=RULE, now=now)
    assert [u.id for u in due] == [2]
