"""RETENTION_DAYS: the daily job erases patients inactive for that long, once a day across
processes (a conditional UPDATE of its job_runs row), with an injected clock."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from bot.clock import FakeClock
from bot.content import Content
from bot.db.engine import session_factory
from bot.db.models import AuditEntry, Delivery, DrillSession, Role, Schedule, User
from bot.delivery.jobs import run_retention
from bot.deps import Deps
from bot.domain.privacy import AuditAction
from bot.services import audit, data_requests
from tests.conftest import T0
from tests.integration.jobdeps import job_deps

OLD, RECENT, SEEN, THERAPIST = 8_000_000_001, 8_000_000_002, 8_000_000_003, 8_000_000_004


def _deps(engine: AsyncEngine, content: Content, clock: FakeClock, days: int | None) -> Deps:
    return job_deps(engine, content, clock, retention_days=days)


async def _seed(engine: AsyncEngine) -> None:
    long_ago = T0 - dt.timedelta(days=400)
    async with session_factory(engine)() as session, session.begin():
        for uid, role in ((OLD, Role.PATIENT), (RECENT, Role.PATIENT), (SEEN, Role.PATIENT)):
            session.add(
                User(id=uid, chat_id=uid, role=role.value, created_at=long_ago, updated_at=long_ago)
            )
        session.add(
            User(
                id=THERAPIST,
                chat_id=THERAPIST,
                role=Role.THERAPIST.value,
                created_at=long_ago,
                updated_at=long_ago,
            )
        )
        await session.flush()
        recent = await session.get(User, RECENT)
        seen = await session.get(User, SEEN)
        assert recent is not None and seen is not None
        recent.updated_at = T0 - dt.timedelta(days=3)
        seen.last_seen_at = T0 - dt.timedelta(days=10)
        session.add(Schedule(user_id=OLD, times="08:00", created_at=long_ago, updated_at=long_ago))
        # Delivery records name the chat: they go with the patient, and only theirs go.
        for chat, key in ((OLD, "old"), (RECENT, "recent")):
            session.add(
                Delivery(kind="advice", key=key, chat_id=chat, status="sent", created_at=long_ago)
            )
        session.add(
            DrillSession(
                user_id=OLD,
                programme_id="default",
                local_day=long_ago.date(),
                exercises="a",
                chat_id=OLD,
                started_at=long_ago,
            )
        )


async def _ids(engine: AsyncEngine) -> set[int]:
    async with session_factory(engine)() as session:
        return set((await session.scalars(select(col(User.id)))).all())


async def test_inactive_patients_are_erased_once_a_day(
    engine: AsyncEngine, content: Content, clock: FakeClock
) -> None:
    await _seed(engine)
    d = _deps(engine, content, clock, 30)
    assert await run_retention(d) == 1
    assert await _ids(engine) == {RECENT, SEEN, THERAPIST}
    async with session_factory(engine)() as session:
        counts = await data_requests.row_counts(session, user_id=OLD)
        erased = (
            await session.scalars(
                select(AuditEntry).where(col(AuditEntry.action) == AuditAction.RECORD_ERASED.value)
            )
        ).all()
        kept = (await session.scalars(select(col(Delivery.key)))).all()
    assert set(counts.values()) == {0}
    assert kept == ["recent"]
    assert [(e.actor_id, e.target_user_id, e.detail) for e in erased] == [(None, None, "retention")]

    # Later the same day nothing runs, whichever process asks; the next day it runs again.
    clock.advance(dt.timedelta(hours=23))
    assert await run_retention(d) is None
    clock.advance(dt.timedelta(hours=1))
    clock.advance(dt.timedelta(days=30))  # SEEN is now 40 days inactive, RECENT 34
    assert await run_retention(d) == 2
    assert await _ids(engine) == {THERAPIST}


async def test_retention_off_erases_nothing(
    engine: AsyncEngine, content: Content, clock: FakeClock
) -> None:
    await _seed(engine)
    assert await run_retention(_deps(engine, content, clock, None)) is None
    assert await _ids(engine) == {OLD, RECENT, SEEN, THERAPIST}


async def test_two_processes_get_one_turn(engine: AsyncEngine, clock: FakeClock) -> None:
    every = dt.timedelta(days=1)
    factory = session_factory(engine)
    results = []
    for owner in ("a", "b", "a"):
        async with factory() as session, session.begin():
            results.append(
                await data_requests.claim_turn(
                    session, name="retention", owner=owner, now=clock(), every=every
                )
            )
    assert results == [True, False, False]
    clock.advance(every)
    async with factory() as s1, s1.begin():
        first = await data_requests.claim_turn(
            s1, name="retention", owner="b", now=clock(), every=every
        )
    async with factory() as s2, s2.begin():
        second = await data_requests.claim_turn(
            s2, name="retention", owner="a", now=clock(), every=every
        )
    assert (first, second) == (True, False)


async def test_a_batch_anonymises_every_patients_lines_and_leaves_others_alone(
    engine: AsyncEngine, clock: FakeClock
) -> None:
    # Set-based erasure (two UPDATEs and one INSERT for the whole batch) must still reach
    # each patient's lines, as actor and as target, and no one else's.
    await _seed(engine)
    factory = session_factory(engine)
    async with factory() as session, session.begin():
        for actor, target in ((OLD, None), (THERAPIST, OLD), (THERAPIST, SEEN), (SEEN, RECENT)):
            await audit.record(
                session,
                actor_id=actor,
                action=AuditAction.PATIENT_VIEWED,
                now=clock(),
                target_user_id=target,
            )
    async with factory() as session, session.begin():
        await data_requests.erase(session, user_ids=[OLD, SEEN], reason="retention", now=clock())
    async with factory() as session:
        lines = (await session.scalars(select(AuditEntry).order_by(col(AuditEntry.id)))).all()
    viewed = [
        (e.actor_id, e.target_user_id) for e in lines if e.action != AuditAction.RECORD_ERASED.value
    ]
    assert viewed == [(None, None), (THERAPIST, None), (THERAPIST, None), (None, RECENT)]
    erased = [e for e in lines if e.action == AuditAction.RECORD_ERASED.value]
    assert [(e.actor_id, e.target_user_id, e.detail) for e in erased] == [
        (None, None, "retention")
    ] * 2
    assert all(e.at == clock() for e in erased)
