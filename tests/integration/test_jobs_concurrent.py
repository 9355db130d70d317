"""Two processes running the escalation jobs at the same moment send nothing twice and skip
nothing: two `Deps`, each with its own engine and its own real `DeliveryNotifier` (as two
processes would have), share one database and run the outbox, the reminders and the
no-improvement rule side by side (`asyncio.gather`). A fake sender stands for Telegram and
counts what each chat received.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col
from telegram import InlineKeyboardMarkup

from bot.clock import FakeClock
from bot.config import Settings
from bot.content import Content
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation, Therapist, User
from bot.delivery import escalations as escalation_jobs
from bot.delivery.notify import DeliveryNotifier
from bot.delivery.ratelimit import RateLimiter
from bot.deps import Deps
from tests.conftest import JumpTime
from tests.integration.test_jobs_setbased import _drill, _six_a_week, _test

THERAPIST = 7_700_000_000
PATIENTS = [7_700_000_001 + i for i in range(12)]


class CountingSender:
    """Telegram for both processes: every message each chat received, in order."""

    def __init__(self) -> None:
        self.received: Counter[int] = Counter()
        self.texts: list[tuple[int, str]] = []
        self._ids = 0

    async def send(self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None) -> int:
        # Yield on the wire, as a real request would, so the two processes interleave.
        await asyncio.sleep(0)
        self.received[chat_id] += 1
        self.texts.append((chat_id, text))
        self._ids += 1
        return self._ids


@asynccontextmanager
async def two_processes(
    database_url: str, settings: Settings, clock: FakeClock, content: Content
) -> AsyncIterator[tuple[Deps, Deps, CountingSender]]:
    """Two `Deps` on one database, each with its own engine and real
    `DeliveryNotifier` (as two worker processes would have), and the sender they share."""
    sender = CountingSender()
    engines: list[AsyncEngine] = []
    deps: list[Deps] = []
    for n in range(2):
        engine = create_engine(database_url)
        engines.append(engine)
        time = JumpTime()
        limiter = RateLimiter(None, per_chat_interval=0, monotonic=time.monotonic, sleep=time.sleep)
        notifier = DeliveryNotifier(
            sessions=session_factory(engine),
            sender=sender,
            limiter=limiter,
            clock=clock,
            owner=f"process-{n}",
            sleep=time.sleep,
        )
        deps.append(
            Deps(
                settings=settings,
                content=content,
                engine=engine,
                sessions=session_factory(engine),
                clock=clock,
                notifier=notifier,
            )
        )
    try:
        yield deps[0], deps[1], sender
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.fixture
async def processes(
    database_url: str, clock: FakeClock, content: Content
) -> AsyncIterator[tuple[Deps, Deps, CountingSender]]:
    settings = Settings(database_url=database_url, background_jobs=False)
    async with two_processes(database_url, settings, clock, content) as running:
        yield running


async def _people(d: Deps) -> None:
    now = d.now()
    async with d.transaction() as session:
        session.add(
            User(id=THERAPIST, chat_id=THERAPIST, role="therapist", created_at=now, updated_at=now)
        )
        await session.flush()
        session.add(Therapist(user_id=THERAPIST, display_name="Dr T", created_at=now))
        for uid in PATIENTS:
            session.add(
                User(
                    id=uid,
                    chat_id=uid,
                    consent="given",
                    onboarding_step="done",
                    timezone="Europe/Lisbon",
                    diabetes=False,
                    display_name=f"P{uid}",
                    therapist_id=THERAPIST,
                    created_at=now - dt.timedelta(days=80),
                    updated_at=now,
                )
            )


def _urgent(uid: int, when: dt.datetime, *, delivered: bool, alerted: bool) -> Escalation:
    return Escalation(
        user_id=uid,
        chat_id=uid,
        source="free_text",
        level="urgent",
        flags="infection_local",
        advice="Contact a clinician today.",
        created_at=when,
        delivered_at=when if delivered else None,
        pauses_prompts=True,
        therapist_alerted_at=when if alerted else None,
    )


async def test_two_outboxes_at_once_send_each_advice_and_alert_once(
    processes: tuple[Deps, Deps, CountingSender],
) -> None:
    a, b, sender = processes
    await _people(a)
    now = a.now()
    async with a.transaction() as session:
        for uid in PATIENTS:
            session.add(_urgent(uid, now - dt.timedelta(minutes=3), delivered=False, alerted=False))
    await asyncio.gather(escalation_jobs.deliver_all(a), escalation_jobs.deliver_all(b))
    assert {uid: sender.received[uid] for uid in PATIENTS} == dict.fromkeys(PATIENTS, 1)
    assert sender.received[THERAPIST] == len(PATIENTS)  # one alert per patient, not two
    # Nothing skipped: every advice is recorded delivered and every alert sent.
    async with a.transaction() as session:
        open_ = await session.scalar(
            select(func.count()).where(
                or_(
                    col(Escalation.delivered_at).is_(None),
                    col(Escalation.therapist_alerted_at).is_(None),
                )
            )
        )
    assert open_ == 0
    # And a later run (either process) sends nothing more.
    await asyncio.gather(escalation_jobs.deliver_all(a), escalation_jobs.deliver_all(b))
    assert sum(sender.received.values()) == 2 * len(PATIENTS)


async def test_two_reminder_runs_at_once_remind_each_patient_once(
    processes: tuple[Deps, Deps, CountingSender],
) -> None:
    a, b, sender = processes
    await _people(a)
    now = a.now()
    async with a.transaction() as session:
        for uid in PATIENTS:
            session.add(_urgent(uid, now - dt.timedelta(hours=3), delivered=True, alerted=True))
    sent = await asyncio.gather(escalation_jobs.remind_all(a), escalation_jobs.remind_all(b))
    assert {uid: sender.received[uid] for uid in PATIENTS} == dict.fromkeys(PATIENTS, 1)
    assert sum(sent) >= len(PATIENTS)  # a duplicate answer counts as got through
    async with a.transaction() as session:
        unreminded = await session.scalar(
            select(func.count()).where(col(Escalation.reminded_at).is_(None))
        )
    assert unreminded == 0


async def test_two_no_improvement_runs_at_once_store_and_send_one_advice_per_patient(
    processes: tuple[Deps, Deps, CountingSender],
) -> None:
    a, b, sender = processes
    await _people(a)
    now = a.now()
    async with a.transaction() as session:
        for uid in PATIENTS:
            for day in _six_a_week(now.date(), 8):
                session.add(_drill(uid, day, now))
            await _test(session, uid, now - dt.timedelta(weeks=7), alone=4)
            await _test(session, uid, now - dt.timedelta(days=2), alone=4)
    advised = await asyncio.gather(
        escalation_jobs.advise_no_improvement(a), escalation_jobs.advise_no_improvement(b)
    )
    assert sorted(advised) == [0, len(PATIENTS)]
    async with a.transaction() as session:
        rows = await session.execute(
            select(col(Escalation.user_id), func.count())
            .where(col(Escalation.source) == "no_improvement")
            .group_by(col(Escalation.user_id))
        )
        per_patient = {int(uid): int(n) for uid, n in rows.all()}
    assert per_patient == dict.fromkeys(PATIENTS, 1)
    assert {uid: sender.received[uid] for uid in PATIENTS} == dict.fromkeys(PATIENTS, 1)
    # The next hour's run (either process) finds the advice stored: nothing again.
    clock = a.clock
    assert isinstance(clock, FakeClock)
    clock.advance(dt.timedelta(hours=1))
    advised = await asyncio.gather(
        escalation_jobs.advise_no_improvement(a), escalation_jobs.advise_no_improvement(b)
    )
    assert list(advised) == [0, 0]
    assert sum(sender.received.values()) == len(PATIENTS)
