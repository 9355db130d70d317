"""The hourly no-improvement run judges each patient in their hour slot, once a day, and
whoever completed a self-test since the last run at once; a first run (or one after a day
without runs) judges everybody."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from bot.clock import FakeClock
from bot.content import Content
from bot.db.engine import session_factory
from bot.db.models import Escalation
from bot.delivery import escalations as escalation_jobs
from bot.deps import Deps
from bot.domain.slots import slot_of
from tests.integration.jobdeps import job_deps
from tests.integration.test_rules import _drills, _patient, _six_days_a_week, _test

H = dt.timedelta(hours=1)


def _deps(engine: AsyncEngine, content: Content, clock: FakeClock) -> Deps:
    return job_deps(engine, content, clock)


def _uid(slot: int) -> int:
    uid = 24_000_000 + slot
    assert slot_of(uid) == slot
    return uid


async def _advised(engine: AsyncEngine) -> dict[int, int]:
    async with session_factory(engine)() as session:
        rows = await session.execute(
            select(col(Escalation.user_id), func.count())
            .where(col(Escalation.source) == "no_improvement")
            .group_by(col(Escalation.user_id))
        )
        return {int(uid): int(n) for uid, n in rows.all()}


async def test_slots_spread_the_judgement_and_changes_are_judged_within_the_hour(
    engine: AsyncEngine, content: Content, clock: FakeClock
) -> None:
    d = _deps(engine, content, clock)
    start = clock()
    # A first run with nobody due: every slot judged, nothing fired.
    assert await escalation_jobs.advise_no_improvement(d) == 0
    first, third, tenth = ((start + k * H).hour for k in (1, 3, 10))
    soon, later, tested = _uid(first), _uid(third), _uid(tenth)
    old = start - dt.timedelta(days=1)  # the data is older than the last run
    async with session_factory(engine)() as session:
        for uid in (soon, later, tested):
            await _patient(session, uid, old)
            await _drills(session, uid, _six_days_a_week(start.date(), 7), old)
            await _test(session, uid, start - dt.timedelta(weeks=7), alone=4)
        # Without a recent test the rule cannot judge `tested` yet; the others' is 2 days old.
        for uid in (soon, later):
            await _test(session, uid, start - dt.timedelta(days=2), alone=4)
        await session.commit()

    clock.advance(H)  # the first slot's hour: only that patient, though the others are due
    assert await escalation_jobs.advise_no_improvement(d) == 1
    assert await _advised(engine) == {soon: 1}

    clock.advance(H / 2)  # a test finished between runs is judged at the next run
    async with session_factory(engine)() as session:
        await _test(session, tested, clock(), alone=4)
        await session.commit()
    clock.advance(H / 2)
    assert await escalation_jobs.advise_no_improvement(d) == 1
    assert await _advised(engine) == {soon: 1, tested: 1}

    clock.advance(2 * H)  # the third hour's run was missed: this one judges both hours
    assert await escalation_jobs.advise_no_improvement(d) == 1
    assert await _advised(engine) == {soon: 1, tested: 1, later: 1}

    clock.advance(30 * H)  # a day and more without a run: everybody, nobody twice
    assert await escalation_jobs.advise_no_improvement(d) == 0
    assert await _advised(engine) == {soon: 1, tested: 1, later: 1}


async def test_an_exercise_day_that_completes_the_rule_waits_for_the_slot(
    engine: AsyncEngine, content: Content, clock: FakeClock
) -> None:
    d = _deps(engine, content, clock)
    start = clock()
    assert await escalation_jobs.advise_no_improvement(d) == 0
    slot = (start + 3 * H).hour
    uid = _uid(slot)
    old = start - dt.timedelta(days=1)
    today = (start + H).date()
    days = _six_days_a_week(today, 6)
    async with session_factory(engine)() as session:
        await _patient(session, uid, old)
        # Every block but the last has enough days; today's drill makes the last one
        # consistent too (it has 4 days without it, and the rule needs 5).
        yesterday = today - dt.timedelta(days=1)
        await _drills(session, uid, [day for day in days if day not in (today, yesterday)], old)
        await _test(session, uid, start - dt.timedelta(weeks=7), alone=4)
        await _test(session, uid, start - dt.timedelta(days=2), alone=4)
        await session.commit()
    clock.advance(H / 2)
    async with session_factory(engine)() as session:
        await _drills(session, uid, [today], clock())
        await session.commit()
    clock.advance(H / 2)
    # An extra exercise day only moves the verdict by a day: not judged outside the slot...
    assert await escalation_jobs.advise_no_improvement(d) == 0
    clock.advance(H)
    assert await escalation_jobs.advise_no_improvement(d) == 0
    # ... but in it, the same day.
    clock.advance(H)
    assert clock().hour == slot
    assert await escalation_jobs.advise_no_improvement(d) == 1
    assert await _advised(engine) == {uid: 1}
