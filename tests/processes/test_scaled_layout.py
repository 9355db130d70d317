"""The scaled layout for real: two `--role web` processes behind one webhook URL and two
`--role worker` processes on one PostgreSQL database, with many chats talking at once and
due work of every kind waiting for the workers.

What it proves, after every process has stopped (so a late duplicate would be counted):
every update is handled exactly once (inbox rows all done after one attempt, one reply per
update, although one update of each chat was POSTed to both web processes at once), each
chat's updates in update_id order although they were POSTed to both web processes (the
reply sequence names the commands in order, and the rows' done_at never goes back in
update_id order), and every job's message is sent exactly once, none skipped: the
reminder prompts, undelivered safety advice and its therapist alerts, escalation follow-up
reminders, the no-improvement advice, the therapist's weekly digest and the weekly self-test
prompts (per chat counts in the sandbox, and the database's record of each). Then SIGTERM
stops every process with exit code 0.

The children use the system clock, so the rows are seeded around the real now. The workers
run through `tests.processes.launch` so that the hourly jobs' first runs come within seconds
(see there); the web processes are the plain `python -m bot run --role web`.

PostgreSQL only: the layout is many processes on one server database (SQLite is the
single-process default); CI runs the suite on PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col

from bot.db.engine import session_factory
from bot.db.models import Escalation, JobRun, Prompt, Schedule, Therapist, User
from bot.delivery.jobs import SELFTEST_JOB
from bot.sandbox.server import SandboxBotApi
from tests.conftest import backend
from tests.e2e.content import t
from tests.e2e.harness import TOKEN
from tests.integration.test_jobs_setbased import _drill, _six_a_week, _test
from tests.processes.children import (
    BotProcess,
    base_settings,
    bot_args,
    eventually,
    free_port,
    holds,
    nothing_on_the_wire,
    tails,
    web_settings,
)

pytestmark = pytest.mark.skipif(
    backend() != "postgresql",
    reason="many processes need PostgreSQL (set TOEBOT_TEST_DATABASE_URL); "
    "SQLite is the one-process layout",
)

log = logging.getLogger(__name__)
INBOX = SQLModel.metadata.tables["inbox_updates"]
# Commands whose answer is exactly one message for someone who never started (checked
# against the bot), and a different one each: reordering two of a chat's updates would
# reorder its replies.
ANSWERS = {
    "/help": t("common.help"),
    "/frobnicate": t("common.unknown_command"),
    "/today": t("common.needs_setup"),
}
CHATS, PER_CHAT = 30, 6
RESENT = 2  # which update of each chat Telegram sends twice
CHATTERS = [8_100_000_001 + i for i in range(CHATS)]
THERAPIST = 8_200_000_000
PROMPTED = [8_300_000_001 + i for i in range(200)]  # a reminder prompt due now
ADVISED = [8_400_000_001 + i for i in range(8)]  # urgent advice undelivered, nobody alerted
FOLLOWED = [8_500_000_001 + i for i in range(8)]  # advice 3 h ago, unconfirmed: follow-up due
# The weekly self-test prompt comes at the patient's first reminder hour: one group at this
# hour, one at the next, so a run that straddles the hour still knows whom to expect.
SELFTEST_THIS_HOUR = [8_600_000_001 + i for i in range(10)]
SELFTEST_NEXT_HOUR = [8_600_100_001 + i for i in range(10)]
STALLED = [8_700_000_001 + i for i in range(6)]  # no improvement after 8 weeks of exercise
BOUND_S = 50.0


@dataclass
class Chat:
    """One user's updates, in update_id order, and the web process each one is posted to."""

    user_id: int
    commands: list[str] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


def _patient(
    uid: int, now: dt.datetime, *, zone: str = "UTC", therapist: int | None = None
) -> User:
    return User(
        id=uid,
        chat_id=uid,
        consent="given",
        consent_at=now - dt.timedelta(days=80),
        onboarding_step="done",
        timezone=zone,
        diabetes=False,
        display_name=f"P{uid % 1000}",
        therapist_id=therapist,
        last_seen_at=now,
        created_at=now - dt.timedelta(days=80),
        updated_at=now,
    )


def _schedule(uid: int, now: dt.datetime, *, hour: int, due: dt.datetime) -> Schedule:
    return Schedule(
        user_id=uid, times=f"{hour % 24:02d}:00", next_due_at=due, created_at=now, updated_at=now
    )


def _urgent(uid: int, when: dt.datetime, *, delivered: bool) -> Escalation:
    return Escalation(
        user_id=uid,
        chat_id=uid,
        source="free_text",
        level="urgent",
        flags="infection_local",
        advice=f"Advice {uid}: contact a clinician today.",
        created_at=when,
        delivered_at=when if delivered else None,
        pauses_prompts=True,
        # The follow-up group's therapist heard of it then; the advice group's nobody yet.
        therapist_alerted_at=when if delivered else None,
    )


async def seed(engine: AsyncEngine, now: dt.datetime) -> None:
    """Due work of every kind, as it would stand at `now` (the real clock)."""
    hour = now.hour
    async with session_factory(engine)() as session, session.begin():
        session.add(
            User(
                id=THERAPIST,
                chat_id=THERAPIST,
                role="therapist",
                created_at=now - dt.timedelta(days=90),
                updated_at=now,
            )
        )
        await session.flush()
        # Never sent a digest: this week's is due.
        session.add(
            Therapist(user_id=THERAPIST, display_name="Dr T", created_at=now - dt.timedelta(90))
        )
        await session.flush()
        for uid in PROMPTED:
            session.add(_patient(uid, now))
        for uid in SELFTEST_THIS_HOUR + SELFTEST_NEXT_HOUR:
            session.add(_patient(uid, now))
        for uid in ADVISED + FOLLOWED:
            session.add(_patient(uid, now, therapist=THERAPIST))
        for uid in STALLED:
            # UTC: their local days are the dates the drills below are seeded on.
            session.add(_patient(uid, now))
        await session.flush()
        for uid in PROMPTED:
            # Due a minute ago (well inside the grace window); their reminder hour is half a
            # day away, so the self-test prompt is not theirs now.
            session.add(_schedule(uid, now, hour=hour + 12, due=now - dt.timedelta(minutes=1)))
        tomorrow = now + dt.timedelta(hours=20)
        for uid in SELFTEST_THIS_HOUR:
            session.add(_schedule(uid, now, hour=hour, due=tomorrow))
        for uid in SELFTEST_NEXT_HOUR:
            session.add(_schedule(uid, now, hour=hour + 1, due=tomorrow))
        for uid in ADVISED:
            session.add(_urgent(uid, now - dt.timedelta(minutes=3), delivered=False))
        for uid in FOLLOWED:
            session.add(_urgent(uid, now - dt.timedelta(hours=3), delivered=True))
        for uid in STALLED:
            # Six days a week for eight weeks, the same score seven weeks ago and now.
            for day in _six_a_week(now.date(), 8):
                session.add(_drill(uid, day, now))
            await _test(session, uid, now - dt.timedelta(weeks=7), alone=4)
            await _test(session, uid, now - dt.timedelta(days=2), alone=4)


def conversations(sandbox: SandboxBotApi, rng: random.Random) -> list[Chat]:
    """Every chat's updates, made round by round (so update ids interleave across chats as
    they would from Telegram) and taken from the sandbox as a webhook delivery would."""
    chats = [Chat(uid) for uid in CHATTERS]
    for _ in range(PER_CHAT):
        for chat in chats:
            command = rng.choice(list(ANSWERS))
            chat.commands.append(command)
            sandbox.send_text(chat.user_id, command)
    by_chat: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for raw in sandbox.take_updates():
        by_chat[raw["message"]["chat"]["id"]].append(raw)
    for chat in chats:
        chat.updates = by_chat[chat.user_id]
        assert [u["update_id"] for u in chat.updates] == sorted(
            u["update_id"] for u in chat.updates
        )
        assert len(chat.updates) == PER_CHAT
    return chats


async def post_all(chats: list[Chat], web: list[BotProcess]) -> Counter[int]:
    """Every chat at once; within a chat one update after another, each answered before the
    next is sent, as Telegram does, and alternately to the two web processes (so a chat's
    updates are stored by both); one update of each chat is posted to both at once. The
    statuses answered, counted."""
    statuses: Counter[int] = Counter()

    async def one_chat(http: aiohttp.ClientSession, n: int, chat: Chat) -> None:
        for k, raw in enumerate(chat.updates):
            here, there = web[(n + k) % 2], web[(n + k + 1) % 2]
            if k == RESENT:
                # Telegram missed our answer and sends it again, this time reaching the other
                # web process while the first is still storing it.
                for status in await asyncio.gather(here.post(http, raw), there.post(http, raw)):
                    statuses[status] += 1
            else:
                statuses[await here.post(http, raw)] += 1

    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(one_chat(http, n, chat) for n, chat in enumerate(chats)))
    return statuses


async def inbox_rows(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list(
            (await conn.execute(select(INBOX).order_by(INBOX.c.chat_key, INBOX.c.update_id))).all()
        )


def expected_jobs(selftest_group: list[int]) -> dict[int, int]:
    """Messages each job recipient must get: one each; the therapist one alert per advised
    patient and one digest."""
    expected = dict.fromkeys(PROMPTED + ADVISED + FOLLOWED + STALLED + selftest_group, 1)
    expected[THERAPIST] = len(ADVISED) + 1
    return expected


async def selftest_hour(engine: AsyncEngine) -> int | None:
    """The UTC hour the self-test job's one run claimed its turn in (None: not yet)."""
    async with session_factory(engine)() as session:
        run = await session.get(JobRun, SELFTEST_JOB)
        return run.last_run_at.hour if run is not None and run.last_run_at else None


async def test_two_web_and_two_worker_processes_handle_every_update_and_job_once_in_order(
    sandbox: SandboxBotApi, database_url: str, engine: AsyncEngine, tmp_path: Path
) -> None:
    # Where the time went, in the captured log of a failure (start-up dominates on 2 cores).
    started = time.monotonic()
    now = dt.datetime.now(dt.UTC)
    this_hour = now.hour
    await seed(engine, now)
    log.info("seeded after %.1f s", time.monotonic() - started)
    # A bot may only message who wrote to it first: open every recipient's chat.
    for uid in [THERAPIST, *PROMPTED, *ADVISED, *FOLLOWED, *STALLED]:
        sandbox.open_chat(uid)
    for uid in SELFTEST_THIS_HOUR + SELFTEST_NEXT_HOUR:
        sandbox.open_chat(uid)
    chats = conversations(sandbox, random.Random(14))

    common = base_settings(sandbox.base_url, TOKEN, database_url)
    web = [
        BotProcess(f"web-{n}", bot_args("web"), common | web_settings(free_port()), tmp_path)
        for n in (1, 2)
    ]
    workers = [
        BotProcess(f"worker-{n}", bot_args("worker", jobs_soon=True), common, tmp_path)
        for n in (1, 2)
    ]
    everyone = web + workers
    try:
        await asyncio.gather(*(p.start() for p in everyone))
        await asyncio.gather(*(p.ready(timeout=60) for p in web))
        log.info("ready after %.1f s", time.monotonic() - started)
        statuses = await post_all(chats, web)
        log.info("posted after %.1f s", time.monotonic() - started)
        assert statuses == Counter({200: CHATS * (PER_CHAT + 1)})

        async def settled() -> bool:
            for p in everyone:
                if not p.running:
                    raise AssertionError(f"{p.name} exited\n{p.log_tail()}")
            hour = await selftest_hour(engine)
            if hour is None:
                return False
            group = SELFTEST_THIS_HOUR if hour == this_hour else SELFTEST_NEXT_HOUR
            want = sum(expected_jobs(group).values()) + CHATS * PER_CHAT
            if sandbox.stats()["messages_sent"] < want:
                return False
            rows = await inbox_rows(engine)
            return len(rows) == CHATS * PER_CHAT and all(r.status == "done" for r in rows)

        try:
            await eventually(settled, timeout=BOUND_S, what="every reply and job message")
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{sandbox.stats()}\n{tails(everyone)}") from None
        log.info("settled after %.1f s", time.monotonic() - started)
        await eventually(
            lambda: holds(nothing_on_the_wire(sandbox)), timeout=10, what="no request in flight"
        )
        codes = await asyncio.gather(*(p.terminate(timeout=15) for p in everyone))
        assert codes == [0, 0, 0, 0], tails(everyone)
        log.info("stopped after %.1f s", time.monotonic() - started)
    finally:
        await asyncio.gather(*(p.reap() for p in everyone))

    # --- updates: each handled once, in order per chat -------------------------------------
    rows = await inbox_rows(engine)
    assert len(rows) == CHATS * PER_CHAT
    assert Counter((r.status, r.attempts) for r in rows) == Counter({("done", 1): len(rows)})
    by_chat: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        by_chat[r.chat_key].append(r)
    for chat in chats:
        done_at = [r.done_at for r in by_chat[chat.user_id]]
        assert done_at == sorted(done_at), f"chat {chat.user_id} handled out of order"
        replies = [sandbox.plain_text(m) for m in sandbox.messages(chat.user_id)]
        assert replies == [ANSWERS[c] for c in chat.commands], f"chat {chat.user_id}"

    # --- jobs: every message once, none skipped --------------------------------------------
    hour = await selftest_hour(engine)
    assert hour is not None
    group = SELFTEST_THIS_HOUR if hour == this_hour else SELFTEST_NEXT_HOUR
    expected = expected_jobs(group) | dict.fromkeys(CHATTERS, PER_CHAT)
    received = sandbox.stats()["send_message_ok_by_chat"]
    assert {uid: n for uid, n in received.items() if n} == expected
    for uid in ADVISED:
        (advice,) = sandbox.messages(uid)
        assert sandbox.plain_text(advice).startswith(f"Advice {uid}:")
    async with session_factory(engine)() as session:
        # The daily prompt went out once each (its follow-up waits for its own time).
        prompts = Counter(
            (
                await session.execute(
                    select(col(Prompt.user_id), col(Prompt.status)).where(
                        col(Prompt.kind) == "daily"
                    )
                )
            ).all()
        )
        assert prompts == Counter({(uid, "sent"): 1 for uid in PROMPTED})
        later = await session.scalar(
            select(func.count()).where(col(Prompt.kind) != "daily", col(Prompt.status) == "sent")
        )
        assert later == 0
        escalations = (await session.scalars(select(Escalation))).all()
        for e in escalations:
            if e.user_id in ADVISED:
                assert e.delivered_at is not None and e.therapist_alerted_at is not None
            elif e.user_id in FOLLOWED:
                assert e.reminded_at is not None
        stalled = Counter(
            e.user_id for e in escalations if e.source == "no_improvement" and e.delivered_at
        )
        assert stalled == Counter(dict.fromkeys(STALLED, 1))
        therapist = await session.get(Therapist, THERAPIST)
        assert therapist is not None and therapist.last_digest_at is not None
        prompted = await session.scalars(
            select(col(User.id)).where(col(User.selftest_prompted_at).is_not(None))
        )
        assert sorted(prompted.all()) == sorted(group)
        pending = await session.scalar(
            select(func.count()).select_from(INBOX).where(INBOX.c.status != "done")
        )
        assert pending == 0
