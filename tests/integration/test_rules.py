"""The no-improvement rule over real histories in the database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.db.models import DrillSession, SelfTest, SelfTestAnswer, User
from bot.domain.selftest import FEET, TOES, NoImprovementRule
from bot.services import rules

RULE = NoImprovementRule()


async def _patient(session: AsyncSession, uid: int, now: dt.datetime) -> User:
    user = User(
        id=uid,
        chat_id=uid,
        consent="given",
        onboarding_step="done",
        timezone="Europe/Lisbon",
        diabetes=False,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    return user


async def _drills(session: AsyncSession, uid: int, days: list[dt.date], now: dt.datetime) -> None:
    for day in days:
        session.add(
            DrillSession(
                user_id=uid,
                programme_id="default",
                local_day=day,
                exercises="towel-scrunches",
                status="finished",
                chat_id=uid,
                started_at=now,
                ended_at=now,
            )
        )


async def _test(session: AsyncSession, uid: int, when: dt.datetime, alone: int) -> None:
    test = SelfTest(user_id=uid, status="completed", started_at=when, completed_at=when)
    session.add(test)
    await session.flush()
    assert test.id is not None
    n = 0
    for foot in FEET:
        for toe in TOES:
            answer = "alone" if n < alone else "cannot"
            n += 1
            session.add(
                SelfTestAnswer(test_id=test.id, foot=foot, toe=toe, answer=answer, answered_at=when)
            )


def _six_days_a_week(today: dt.date, weeks: int) -> list[dt.date]:
    return [today - dt.timedelta(days=i) for i in range(7 * weeks) if i % 7 != 3]


async def test_flat_scores_with_consistent_exercise_fire_once(
    session: AsyncSession, clock: FakeClock
) -> None:
    now = clock()
    today = now.date()
    await _patient(session, 1, now)
    await _drills(session, 1, _six_days_a_week(today, 7), now)
    await _test(session, 1, now - dt.timedelta(weeks=7), alone=3)
    await _test(session, 1, now - dt.timedelta(days=3), alone=3)
    await session.commit()
    due = await rules.no_improvement_due(session, rule=RULE, now=now)
    assert [u.id for u in due] == [1]


async def test_stopped_exercising_or_improved_do_not_fire(
    session: AsyncSession, clock: FakeClock
) -> None:
    now = clock()
    today = now.date()
    # Patient 2 stopped: only 2 days a week in the last three weeks.
    await _patient(session, 2, now)
    days = [
        d for d in _six_days_a_week(today, 7) if (today - d).days > 21 or (today - d).days % 3 == 0
    ]
    await _drills(session, 2, days, now)
    await _test(session, 2, now - dt.timedelta(weeks=7), alone=3)
    await _test(session, 2, now - dt.timedelta(days=3), alone=3)
    # Patient 3 improved.
    await _patient(session, 3, now)
    await _drills(session, 3, _six_days_a_week(today, 7), now)
    await _test(session, 3, now - dt.timedelta(weeks=7), alone=3)
    await _test(session, 3, now - dt.timedelta(days=3), alone=5)
    await session.commit()
    assert await rules.no_improvement_due(session, rule=RULE, now=now) == []


async def test_thresholds_are_settings(session: AsyncSession, clock: FakeClock) -> None:
    now = clock()
    today = now.date()
    await _patient(session, 4, now)
    await _drills(session, 4, _six_days_a_week(today, 7), now)
    await _test(session, 4, now - dt.timedelta(weeks=7), alone=3)
    await _test(session, 4, now - dt.timedelta(days=3), alone=3)
    await session.commit()
    # Eight weeks of history are needed with weeks=8: only seven exist.
    assert await rules.no_improvement_due(session, rule=NoImprovementRule(weeks=8), now=now) == []
